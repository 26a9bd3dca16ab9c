//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_ZMQ_STREAM_HPP
#define BOOST_ZMQSTREAM_ZMQ_STREAM_HPP

#include <boost_zmqstream/context.hpp>
#include <boost_zmqstream/error.hpp>
#include <boost_zmqstream/message.hpp>
#include <boost_zmqstream/monitor_event.hpp>
#include <boost_zmqstream/options.hpp>
#include <boost_zmqstream/detail/initiation.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/execution_context.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <zmq.h>

namespace boost_zmqstream {

/** A ZeroMQ socket as an asynchronous message stream (aiozmq's ZmqStream).

    Reads and writes whole multipart messages. The socket's ZMQ_FD is watched
    through a `posix::stream_descriptor` on the stream's executor.

    @par Thread Safety
    @e Distinct @e objects: Safe.@n
    @e Shared @e objects: Unsafe. All operations on one stream, including the
    synchronous ones, must be made from one thread or one strand (construct it
    with `boost::asio::make_strand(ioc)` for a multi-threaded io_context).

    @par Object lifetimes
    Destroying the stream completes every pending operation with
    `boost::asio::error::operation_aborted`. After close(), queued messages
    keep flushing (bounded by ZMQ_LINGER) though the object is gone. A deferred
    operation holds the stream's internal state, not the stream object, so it
    may be launched after the stream was moved.

    Every asynchronous operation: the completion handler is never invoked from
    within the initiating function; an immediate completion is submitted as if
    by `boost::asio::post`. Handlers run on their associated executor.
*/
template <class Executor = boost::asio::any_io_executor>
class basic_zmq_stream
{
public:
    using executor_type = Executor;

    template <class OtherExecutor>
    struct rebind_executor
    {
        using other = basic_zmq_stream<OtherExecutor>;
    };

    /** Creates a socket of `zmq_type` (ZMQ_DEALER, ...), or adopts
        `opts.zmq_sock`, then binds and connects the endpoints of `opts`.

        @throws boost::system::system_error naming the endpoint or argument
        at fault. Nothing (socket, descriptor, reactor registration) is left
        behind by a failure.
    */
    basic_zmq_stream(const executor_type& ex, int zmq_type, stream_options opts = {})
        : ex_(ex), state_(std::make_shared<detail::state_type>(detail::to_io_executor(ex), zmq_type, std::move(opts)))
    {
    }

    template <class ExecutionContext>
    basic_zmq_stream(ExecutionContext& context, int zmq_type, stream_options opts = {},
        typename std::enable_if<
            std::is_convertible<ExecutionContext&, boost::asio::execution_context&>::value>::type* = nullptr)
        : basic_zmq_stream(executor_type(context.get_executor()), zmq_type, std::move(opts))
    {
    }

    /// Moves the socket and every pending operation; `other` is left valid
    /// and not open (is_open() false, its operations fail with error::not_open).
    basic_zmq_stream(basic_zmq_stream&& other) noexcept : ex_(other.ex_), state_(std::move(other.state_)) {}

    /// Converts from a stream whose executor converts to ours, as Asio's
    /// sockets do (`zmq_stream s = make_zmq_stream(ioc.get_executor(), ...)`).
    template <class OtherExecutor,
        class = std::enable_if_t<std::is_convertible<OtherExecutor, Executor>::value>>
    basic_zmq_stream(basic_zmq_stream<OtherExecutor>&& other) noexcept
        : ex_(other.ex_), state_(std::move(other.state_))
    {
    }

    /// As abort() on this stream (unless closed), then the move.
    basic_zmq_stream& operator=(basic_zmq_stream&& other) noexcept
    {
        return assign(std::move(other));
    }

    template <class OtherExecutor,
        class = std::enable_if_t<std::is_convertible<OtherExecutor, Executor>::value>>
    basic_zmq_stream& operator=(basic_zmq_stream<OtherExecutor>&& other) noexcept
    {
        return assign(std::move(other));
    }

    basic_zmq_stream(const basic_zmq_stream&) = delete;
    basic_zmq_stream& operator=(const basic_zmq_stream&) = delete;

    /// As abort(), unless close() came first; every pending operation
    /// completes with `operation_aborted`.
    ~basic_zmq_stream()
    {
        if (state_)
            state_->destroy();
    }

    /// Valid on a moved-from stream too.
    executor_type get_executor() const noexcept { return ex_; }

    // ------------------------------------------------------------------ ZmqStream

    /** Reads one multipart message (aiozmq `read()`).

        @par Completion Signature
        @code void(boost::system::error_code, message) @endcode

        Pending reads are served first come, first served.

        @par Errors
        `error::stream_closed` once the stream is closed and its read buffer
        is empty; a stored exception() (set_exception(), or a send error of
        write()); `error::operation_not_supported` on PUB and PUSH sockets.

        @par Per-Operation Cancellation
        `terminal`, `partial` and `total` while the read is parked: it is
        withdrawn and consumes nothing (`operation_aborted`).
    */
    template <BOOST_ASIO_COMPLETION_TOKEN_FOR(void(error_code, message))
                  ReadToken = boost::asio::default_completion_token_t<executor_type>>
    auto async_read(ReadToken&& token = ReadToken());

    /** Reads up to `max` messages at once, appending them to `out` (an
        extension beyond aiozmq: one completion for many messages).

        Completes as soon as at least one message is there, with the number
        appended. `out` must stay valid until the completion (as an Asio
        buffer must). Pending single reads are served before batch reads.

        @par Completion Signature
        @code void(boost::system::error_code, std::size_t) @endcode

        @par Errors
        As async_read().

        @par Per-Operation Cancellation
        `terminal`, `partial`, `total` while parked: nothing is appended.
    */
    template <BOOST_ASIO_COMPLETION_TOKEN_FOR(void(error_code, std::size_t))
                  ReadBatchToken = boost::asio::default_completion_token_t<executor_type>>
    auto async_read_batch(std::vector<message>& out, std::size_t max, ReadBatchToken&& token = ReadBatchToken())
    {
        return boost::asio::async_initiate<ReadBatchToken, void(error_code, std::size_t)>(
            detail::initiate_async_read_batch<Executor>{{state_, ex_}}, token, &out, max);
    }

    /** Reads one socket-monitor event (aiozmq `read_event()`).

        @par Completion Signature
        @code void(boost::system::error_code, monitor_event) @endcode

        @par Errors
        `error::monitor_not_enabled` before enable_monitor() or after
        disable_monitor() (also for reads pending at that moment);
        `error::stream_closed` after close; a stored exception().

        @par Per-Operation Cancellation
        `terminal`, `partial`, `total`: nothing is consumed.
    */
    template <BOOST_ASIO_COMPLETION_TOKEN_FOR(void(error_code, monitor_event))
                  ReadEventToken = boost::asio::default_completion_token_t<executor_type>>
    auto async_read_event(ReadEventToken&& token = ReadEventToken());

    /** Writes one multipart message; completes when libzmq accepted it.

        Sent at once when nothing is queued; otherwise (or on EAGAIN) queued
        behind earlier writes, in order with write().

        @par Completion Signature
        @code void(boost::system::error_code) @endcode

        @par Errors
        libzmq's error for this message (`EFSM`, `EHOSTUNREACH`, ... in
        zmq_category()); it does not break the stream. `error::stream_closed`
        after close; `error::empty_message` for a message without frames.

        @par Per-Operation Cancellation
        `terminal`, `partial`, `total` while the message is still queued: it
        is withdrawn, never half-sent. A message libzmq accepted has completed.
    */
    template <BOOST_ASIO_COMPLETION_TOKEN_FOR(void(error_code))
                  WriteToken = boost::asio::default_completion_token_t<executor_type>>
    auto async_write(message msg, WriteToken&& token = WriteToken());

    /** Writes without waiting (aiozmq `write()`): never blocks; on EAGAIN the
        message is queued. A send error that makes the socket unusable
        (`ETERM`, ...) is stored in exception() and fails the next
        async_read()/async_drain(); one that concerns this message or its
        peer only is counted in write_error_count() / last_write_error().

        @throws boost::system::system_error with `error::stream_closed` after close.
    */
    void write(message msg) { st("write").main->write(std::move(msg)); }

    /** Waits for the write buffer to drain (aiozmq `drain()`): completes at once
        unless writing is paused (buffered bytes above high_write), else when the
        buffered bytes fall to low_write or below.

        @par Completion Signature
        @code void(boost::system::error_code) @endcode

        @par Per-Operation Cancellation
        `terminal`, `partial`, `total`.
    */
    template <BOOST_ASIO_COMPLETION_TOKEN_FOR(void(error_code))
                  DrainToken = boost::asio::default_completion_token_t<executor_type>>
    auto async_drain(DrainToken&& token = DrainToken());

    /// Graceful close: stops reading (buffered messages stay readable), flushes
    /// queued writes (bounded by ZMQ_LINGER), then closes the socket.
    void close()
    {
        if (state_)
            state_->close();
    }

    /** close(), completing when the write buffer is flushed and the socket closed.

        @par Completion Signature
        @code void(boost::system::error_code) @endcode
        `error::linger_expired` if ZMQ_LINGER ran out first.
    */
    template <BOOST_ASIO_COMPLETION_TOKEN_FOR(void(error_code))
                  CloseToken = boost::asio::default_completion_token_t<executor_type>>
    auto async_close(CloseToken&& token = CloseToken());

    /// Immediate close: queued writes dropped, pending writes and drains get
    /// `operation_aborted`, pending reads `error::stream_closed`.
    void abort()
    {
        if (state_)
            state_->abort();
    }

    /// Cancels every pending operation (`operation_aborted`): reads, batch
    /// reads, event reads, writes (still-queued messages are withdrawn),
    /// drains and async_close (the close itself goes on).
    void cancel()
    {
        if (state_)
            state_->cancel();
    }

    /// False once close() or abort() was called.
    bool is_open() const noexcept { return state_ && state_->main->is_open(); }

    /// Closing was seen and the read buffer is empty (true on a moved-from stream).
    bool at_closing() const noexcept { return !state_ || state_->main->at_closing(); }

    /** Send errors of write() that concerned one message or one peer (an
        `EHOSTUNREACH` from a `ROUTER_MANDATORY` socket whose peer hung up, an
        `EFSM` of a REQ): counted, the last one kept, and the stream goes on
        serving everyone else. 0 and none on a moved-from stream. */
    std::size_t write_error_count() const noexcept { return state_ ? state_->main->write_error_count() : 0; }
    error_code last_write_error() const noexcept { return state_ ? state_->main->last_write_error() : error_code(); }

    /// The stored error (none on a moved-from stream): one that made the
    /// socket unusable (`ETERM`, ...), or what set_exception() stored.
    error_code exception() const { return state_ ? state_->main->exception() : error_code(); }
    void set_exception(error_code ec) { st("set_exception").main->set_exception(ec); }

    /// Read watermarks in payload bytes (aiozmq's rules for unset values).
    void set_read_buffer_limits(std::optional<std::size_t> high = {}, std::optional<std::size_t> low = {})
    {
        auto l = detail::resolve_limits(high, low, "read");
        st("set_read_buffer_limits").main->set_read_limits(l.first, l.second);
    }

    /// Write watermarks in payload bytes; re-evaluates the paused state.
    void set_write_buffer_limits(std::optional<std::size_t> high = {}, std::optional<std::size_t> low = {})
    {
        auto l = detail::resolve_limits(high, low, "write");
        st("set_write_buffer_limits").main->set_write_limits(l.first, l.second);
    }

    /// {low, high}, as aiozmq's get_write_buffer_limits().
    std::pair<std::size_t, std::size_t> get_write_buffer_limits() const
    {
        auto& m = *st("get_write_buffer_limits").main;
        return {m.low_write(), m.high_write()};
    }

    std::size_t read_buffer_size() const noexcept { return state_ ? state_->main->read_buffer_size() : 0; }
    std::size_t write_buffer_size() const noexcept { return state_ ? state_->main->write_buffer_size() : 0; }

    // ------------------------------------------------------------------ ZmqTransport

    void bind(std::string_view endpoint) { st("bind").bind(endpoint); }
    void bind(std::string_view endpoint, error_code& ec) { capture(ec, [&] { bind(endpoint); }); }
    void connect(std::string_view endpoint) { st("connect").connect(endpoint); }
    void connect(std::string_view endpoint, error_code& ec) { capture(ec, [&] { connect(endpoint); }); }
    void unbind(std::string_view endpoint) { st("unbind").unbind(endpoint); }
    void unbind(std::string_view endpoint, error_code& ec) { capture(ec, [&] { unbind(endpoint); }); }
    void disconnect(std::string_view endpoint) { st("disconnect").disconnect(endpoint); }
    void disconnect(std::string_view endpoint, error_code& ec) { capture(ec, [&] { disconnect(endpoint); }); }

    /// Bound endpoints, wildcard ports resolved ("tcp://127.0.0.1:41234").
    std::vector<std::string> bindings() const { return state_ ? state_->bindings() : std::vector<std::string>(); }
    std::vector<std::string> connections() const { return state_ ? state_->connected : std::vector<std::string>(); }

    /// libzmq's counting semantics: two subscribe() need two unsubscribe().
    void subscribe(std::string_view topic) { st("subscribe").subscribe(topic); }
    void unsubscribe(std::string_view topic) { st("unsubscribe").unsubscribe(topic); }
    /// The active topics.
    std::vector<std::string> subscriptions() const
    {
        return state_ ? state_->subscriptions() : std::vector<std::string>();
    }

    /// Sets a typed option (options.hpp): `s.set_option(option::linger(0))`.
    /// @throws boost::system::system_error naming the option and the socket
    /// type ("subscribe on a DEALER socket: Invalid argument").
    template <class Option>
    void set_option(const Option& opt)
    {
        static_assert(option::is_user_option<Option>, "ZMQ_FD and ZMQ_EVENTS belong to the stream's engine");
        if constexpr (Option::name == ZMQ_SUBSCRIBE)
            subscribe(std::string_view(static_cast<const char*>(opt.data()), opt.size()));
        else if constexpr (Option::name == ZMQ_UNSUBSCRIBE)
            unsubscribe(std::string_view(static_cast<const char*>(opt.data()), opt.size()));
        else
            st("set_option").setsockopt(Option::name, opt.data(), opt.size());
    }

    template <class Option>
    void set_option(const Option& opt, error_code& ec)
    {
        capture(ec, [&] { set_option(opt); });
    }

    /// Text options (last_endpoint, zap_domain, ...) come back without
    /// libzmq's trailing NUL; CURVE keys as their 40-character Z85 text.
    template <class Option>
    void get_option(Option& opt) const
    {
        static_assert(option::is_user_option<Option>, "ZMQ_FD and ZMQ_EVENTS belong to the stream's engine");
        if constexpr (option::detail::has_prepare_read<Option>::value)
            opt.prepare_read();
        std::size_t size = opt.size();
        st("get_option").getsockopt(Option::name, opt.data(), size);
        opt.resize(size);
    }

    template <class Option>
    void get_option(Option& opt, error_code& ec) const
    {
        capture(ec, [&] { get_option(opt); });
    }

    /// Starts libzmq's socket monitor for `events` (ZMQ_EVENT_* bits).
    /// While enabled, the monitor drains libzmq's events into a backlog of
    /// `events_backlog` (libzmq stalls a socket whose monitor is not read),
    /// and so keeps the executor's run() busy until disable_monitor() or close.
    void enable_monitor(int events = ZMQ_EVENT_ALL) { st("enable_monitor").enable_monitor(events); }
    void enable_monitor(int events, error_code& ec)
    {
        capture(ec, [&] { enable_monitor(events); });
    }
    /// Stops it; pending async_read_event() get `error::monitor_not_enabled`.
    void disable_monitor()
    {
        if (state_)
            state_->disable_monitor();
    }

    /// Events received and not yet read (at most events_backlog). An
    /// extension beyond aiozmq, for observing the backlog.
    std::size_t event_buffer_size() const noexcept
    {
        return state_ && state_->monitor ? state_->monitor->read_buffer_count() : 0;
    }

    /// Stops pulling messages from libzmq (its RCVHWM then pushes back on
    /// peers). Does nothing on a closed or moved-from stream.
    void pause_reading()
    {
        if (state_)
            state_->main->pause_reading();
    }
    void resume_reading()
    {
        if (state_)
            state_->main->resume_reading();
    }

    /// ZMQ_PAIR, ZMQ_DEALER, ...; -1 on a moved-from stream.
    int socket_type() const noexcept { return state_ ? state_->main->type() : -1; }

    /// The libzmq socket (null once closed or moved from). A send or receive
    /// made on it directly bypasses the stream's buffers.
    void* native_handle() noexcept { return state_ ? state_->sock() : nullptr; }

private:
    template <class>
    friend class basic_zmq_stream;

    template <class Other>
    basic_zmq_stream& assign(basic_zmq_stream<Other>&& other) noexcept
    {
        if (static_cast<void*>(this) != static_cast<void*>(&other))
        {
            if (state_)
                state_->destroy();
            ex_ = other.ex_;
            state_ = std::move(other.state_);
        }
        return *this;
    }

    // The shared state, or error::not_open for a moved-from stream.
    detail::state_type& st(const char* what) const
    {
        if (!state_)
            detail::throw_error(make_error_code(error::not_open), what);
        return *state_;
    }

    template <class F>
    static void capture(error_code& ec, F&& f)
    {
        try
        {
            f();
            ec = {};
        }
        catch (const boost::system::system_error& e)
        {
            ec = e.code();
        }
    }

    Executor ex_;
    std::shared_ptr<detail::state_type> state_;
};

/// The stream on a polymorphic executor.
using zmq_stream = basic_zmq_stream<>;

/// aiozmq's create_zmq_stream().
template <class Executor>
basic_zmq_stream<Executor> make_zmq_stream(const Executor& ex, int zmq_type, stream_options opts = {})
{
    return basic_zmq_stream<Executor>(ex, zmq_type, std::move(opts));
}

} // namespace boost_zmqstream

#include <boost_zmqstream/impl/zmq_stream.hpp>

#endif
