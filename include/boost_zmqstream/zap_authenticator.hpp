//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_ZAP_AUTHENTICATOR_HPP
#define BOOST_ZMQSTREAM_ZAP_AUTHENTICATOR_HPP

#include <boost_zmqstream/context.hpp>
#include <boost_zmqstream/curve.hpp>
#include <boost_zmqstream/zap_policy.hpp>
#include <boost_zmqstream/detail/zap_service.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/execution_context.hpp>
#include <boost/system/errc.hpp>

#include <memory>
#include <string>
#include <type_traits>

/** @file
    boost_zmqstream::basic_zap_authenticator, a ZAP handler (ZeroMQ RFC 27).
*/

namespace boost_zmqstream {

/** A ZAP handler (ZeroMQ RFC 27): authenticates the peers of the PLAIN,
    CURVE and NULL-with-domain sockets of one libzmq context, on an executor.

    It binds `inproc://zeromq.zap.01` in its context with a ROUTER
    basic_zmq_stream and answers each request with the policy of the
    request's ZAP domain (zap_policy; a domain "*" answers domains without
    their own), asking the domain's hook when it has one.

    @code
    zs::zap_authenticator auth(ioc, zctx);
    auth.domain().allow_curve_keys(zs::load_public_keys("clients"));
    auth.start();                       // before the servers it guards accept peers
    ... servers with option::curve_server(true) in the same zctx ...
    auth.stop();                        // after them: see below
    @endcode

    While started, one read is always pending on the executor, so `run()`
    does not return before stop() (or destruction).

    @par libzmq without a handler
    With no ZAP handler bound, libzmq 4.3.4 lets every CURVE client in
    (anyone with the server's public key), refuses every PLAIN client and
    lets NULL clients in: start the authenticator before the servers bind,
    stop it after they closed.

    @par Thread Safety
    As a stream: use from the executor's thread (or strand) only. A hook's
    completion handler may be called from any thread.

    @tparam Executor The executor the ZAP socket, hooks and time limits run on.
*/
template <class Executor = boost::asio::any_io_executor>
class basic_zap_authenticator
{
public:
    using executor_type = Executor;  ///< The executor type.

    /// Rebinds the authenticator type to another executor.
    template <class OtherExecutor>
    struct rebind_executor
    {
        using other = basic_zap_authenticator<OtherExecutor>;  ///< The authenticator type on `OtherExecutor`.
    };

    /** Authenticates for `zctx`; nothing is bound before start().

        @param ex The executor everything runs on.
        @param zctx The libzmq context of the sockets to guard; it must
        outlive the authenticator.
    */
    explicit basic_zap_authenticator(const executor_type& ex, context& zctx = default_context())
        : ex_(ex), ctx_(&zctx), cfg_(std::make_shared<detail::zap_config>())
    {
    }

    /** Authenticates for `zctx`, on `ec.get_executor()`; nothing is bound before start().

        @param ec The execution context (an `io_context`, ...).
        @param zctx The libzmq context of the sockets to guard; it must
        outlive the authenticator.
    */
    template <class ExecutionContext>
    explicit basic_zap_authenticator(ExecutionContext& ec, context& zctx = default_context(),
        typename std::enable_if<
            std::is_convertible<ExecutionContext&, boost::asio::execution_context&>::value>::type* = nullptr)
        : basic_zap_authenticator(executor_type(ec.get_executor()), zctx)
    {
    }

    /// Takes over a started or stopped authenticator. On the moved-from one,
    /// domain(), remove_domain(), on_decision() and start() throw
    /// `error::not_open`; stop() and async_stop() do nothing (as when not started).
    basic_zap_authenticator(basic_zap_authenticator&&) noexcept = default;
    /// Not assignable.
    basic_zap_authenticator& operator=(basic_zap_authenticator&&) = delete;
    basic_zap_authenticator(const basic_zap_authenticator&) = delete;
    basic_zap_authenticator& operator=(const basic_zap_authenticator&) = delete;

    /** Closes the ZAP endpoint at once. Requests a hook is still deciding
        are never answered (libzmq fails those handshakes at
        ZMQ_HANDSHAKE_IVL); they are reported as zap_outcome::abandoned and
        their hooks' cancellation slots are emitted. Pending async_stop()
        complete with `operation_aborted`.
    */
    ~basic_zap_authenticator()
    {
        if (service_)
            service_->abort();
    }

    /** The executor.

        @return A copy of the executor everything runs on.
    */
    executor_type get_executor() const noexcept { return ex_; }

    /** The policy of ZAP domain `name` (created empty: denies everything
        but NULL). A server sets its domain with option::zap_domain; libzmq
        sends "" when it has none. "*" serves domains without a policy of
        their own; a domain with neither is denied. Changes apply to the next request.

        @param name The domain.
        @return The domain's policy, valid until remove_domain(name) or destruction.
    */
    zap_policy& domain(const std::string& name = "") { return config("domain").domains[name]; }

    /** Forgets the policy of domain `name`: its requests are denied, or
        served by "*". A request whose hook is still deciding is not affected.

        @param name The domain.
    */
    void remove_domain(const std::string& name) { config("remove_domain").domains.erase(name); }

    /** Reports every request's outcome (for logs), on the executor.

        @param hook Called once per request (and once per late hook answer);
        exceptions it throws are ignored. An empty one stops the reports.
    */
    void on_decision(zap_report_hook hook) { config("on_decision").report = std::move(hook); }

    /** Binds the ZAP endpoint and starts answering.

        @throws boost::system::system_error: `EADDRINUSE` when another ZAP
        handler holds the endpoint in this context;
        `operation_in_progress` while this authenticator runs or is still
        stopping. Once stopped and closed (when async_stop() completes) it
        can be started again.
    */
    void start()
    {
        config("start");
        if (service_ && !service_->closed())
            boost::throw_exception(
                boost::system::system_error(make_error_code(boost::system::errc::operation_in_progress),
                    "zap_authenticator::start: already running or still stopping"));
        service_ = std::make_shared<detail::zap_service<Executor>>(ex_, *ctx_, cfg_);
        service_->start();
    }

    /** Stops taking requests. Requests already taken are still settled
        (a hook keeps its time limit) and answered; then the endpoint is
        closed. Requests not yet taken are left to libzmq, which fails
        those handshakes at ZMQ_HANDSHAKE_IVL. Does nothing if not started
        or already stopping.
    */
    void stop()
    {
        if (service_)
            service_->stop();
    }

    /** stop(), completing once the endpoint is closed.

        @par Completion Signature
        @code void(boost::system::error_code) @endcode
        Success, or the error that stopped reading if it was not stop();
        `operation_aborted` if the authenticator was destroyed first. Completes
        at once (never inside this call) if it was never started or is closed.

        @par Per-Operation Cancellation
        Not supported: a cancellation slot bound to the handler is not used,
        and the handler runs once the endpoint is closed.

        @param token The completion token.
        @return What the token's async_result gives (nothing for a callback).
    */
    template <BOOST_ASIO_COMPLETION_TOKEN_FOR(void(error_code))
                  StopToken = boost::asio::default_completion_token_t<executor_type>>
    auto async_stop(StopToken&& token = StopToken())
    {
        return boost::asio::async_initiate<StopToken, void(error_code)>(initiate_stop{ex_, service_}, token);
    }

    /** Whether requests are taken.

        @return True once started, until stop() (or an error that stopped reading).
    */
    bool is_running() const noexcept { return service_ && !service_->stopping(); }

    /** Requests whose hook is still deciding.

        @return Their number.
    */
    std::size_t pending() const noexcept { return service_ ? service_->pending() : 0; }

    /// The endpoint every ZAP handler binds.
    static constexpr const char* endpoint = "inproc://zeromq.zap.01";

private:
    struct initiate_stop
    {
        Executor ex;
        std::shared_ptr<detail::zap_service<Executor>> service;
        using executor_type = Executor;
        executor_type get_executor() const noexcept { return ex; }

        template <class Handler>
        void operator()(Handler&& h) const
        {
            if (!service)
                return (void)boost::asio::post(ex, boost::asio::append(std::forward<Handler>(h), error_code()));
            service->stop();
            service->async_wait_closed(std::forward<Handler>(h));
        }
    };

    Executor ex_;
    context* ctx_;
    std::shared_ptr<detail::zap_config> cfg_;

    // A moved-from authenticator has no configuration: say so, as a stream does.
    detail::zap_config& config(const char* what) const
    {
        if (!cfg_)
            boost::throw_exception(boost::system::system_error(make_error_code(error::not_open),
                std::string("zap_authenticator::") + what + " on a moved-from authenticator"));
        return *cfg_;
    }
    std::shared_ptr<detail::zap_service<Executor>> service_;
};

/// The authenticator on a polymorphic executor.
using zap_authenticator = basic_zap_authenticator<>;

} // namespace boost_zmqstream

#endif
