//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_DETAIL_ZAP_SERVICE_HPP
#define BOOST_ZMQSTREAM_DETAIL_ZAP_SERVICE_HPP

#include <boost_zmqstream/context.hpp>
#include <boost_zmqstream/zap_policy.hpp>
#include <boost_zmqstream/zmq_stream.hpp>
#include <boost_zmqstream/detail/zap_codec.hpp>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/append.hpp>
#include <boost/asio/basic_waitable_timer.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace boost_zmqstream {

namespace detail {

struct zap_config
{
    std::map<std::string, zap_policy> domains;
    zap_report_hook report;

    const zap_policy* find(const std::string& domain) const
    {
        auto it = domains.find(domain);
        if (it == domains.end())
            it = domains.find("*");
        return it == domains.end() ? nullptr : &it->second;
    }
};

template <class Executor>
struct zap_pending
{
    explicit zap_pending(const Executor& ex) : timer(ex) {}
    std::uint64_t id = 0;
    message envelope;
    zap_request request;
    int time_limit_status = 300;
    boost::asio::basic_waitable_timer<std::chrono::steady_clock, boost::asio::wait_traits<std::chrono::steady_clock>,
        Executor>
        timer;
    boost::asio::cancellation_signal signal;  // emitted at the time limit or on abort
    bool answered = false;
};

template <class Executor>
class zap_service;

// What a hook receives (inside a zap_completion_handler): completes on the
// service's executor, whichever thread calls it; the cancellation slot is
// the request's (emitted at its time limit).
template <class Executor>
struct zap_hook_handler
{
    std::weak_ptr<zap_service<Executor>> service;
    std::shared_ptr<zap_pending<Executor>> pending;
    Executor ex;

    using executor_type = Executor;
    executor_type get_executor() const noexcept { return ex; }

    using cancellation_slot_type = boost::asio::cancellation_slot;
    cancellation_slot_type get_cancellation_slot() const noexcept { return pending->signal.slot(); }

    void operator()(zap_decision d)
    {
        boost::asio::dispatch(ex, [s = std::move(service), p = std::move(pending), d = std::move(d)]() mutable {
            if (auto self = s.lock())
                self->on_hook_answer(p, std::move(d));
        });
    }
};

// The running authenticator: a ROUTER stream on the ZAP endpoint, one read
// always pending while running, and the requests a hook is deciding.
template <class Executor>
class zap_service : public std::enable_shared_from_this<zap_service<Executor>>
{
public:
    using stop_handler = boost::asio::any_completion_handler<void(error_code)>;

    zap_service(const Executor& ex, context& ctx, std::shared_ptr<zap_config> cfg)
        : ex_(ex), stream_(ex, ZMQ_ROUTER, options(ctx)), cfg_(std::move(cfg))
    {
    }

    static constexpr const char* endpoint = "inproc://zeromq.zap.01";

    void start() { read(); }

    bool stopping() const noexcept { return stopping_; }
    bool closed() const noexcept { return closed_; }
    std::size_t pending() const noexcept { return pending_.size(); }

    // Stops reading; requests being decided are still answered; then closes.
    void stop()
    {
        if (stopping_)
            return;
        stopping_ = true;
        if (reading_)
            read_cancel_.emit(boost::asio::cancellation_type::terminal);
        maybe_finish();
    }

    void async_wait_closed(stop_handler h)
    {
        auto work = boost::asio::prefer(
            boost::asio::get_associated_executor(h, ex_), boost::asio::execution::outstanding_work.tracked);
        if (closed_)
            boost::asio::post(ex_, boost::asio::append(std::move(h), close_ec_));
        else
            waiters_.push_back({std::move(h), std::move(work)});
    }

    // The authenticator is going away: close now, answer nothing more.
    void abort()
    {
        stopping_ = true;
        auto pend = std::move(pending_);
        pending_.clear();
        for (auto& [id, p] : pend)
        {
            p->answered = true;
            p->timer.cancel();
            zap_decision d = zap_decision::deny("authenticator destroyed", 500);
            report(p->request, d, zap_outcome::abandoned, {});
            p->signal.emit(boost::asio::cancellation_type::terminal);
        }
        cfg_->report = nullptr;
        if (!closed_)
        {
            closed_ = true;
            close_ec_ = boost::asio::error::operation_aborted;
            release_endpoint();
            stream_.abort();
            complete_waiters();
        }
    }

    void on_hook_answer(const std::shared_ptr<zap_pending<Executor>>& p, zap_decision d)
    {
        if (p->answered)
            return report(p->request, d, zap_outcome::late, {});
        answer(p, std::move(d), zap_outcome::hook);
    }

private:
    struct waiter
    {
        stop_handler handler;
        boost::asio::any_completion_executor work;
    };

    static stream_options options(context& ctx)
    {
        stream_options o;
        o.ctx = &ctx;
        o.bind.push_back(endpoint);
        return o;
    }

    // libzmq releases a closed socket's inproc names later, on its reaper
    // thread; an explicit unbind releases the name now (so that a new
    // handler can bind at once) and keeps the connected pipes for the last replies.
    void release_endpoint()
    {
        error_code ignored;
        stream_.unbind(endpoint, ignored);
    }

    void read()
    {
        reading_ = true;
        stream_.async_read(boost::asio::bind_cancellation_slot(read_cancel_.slot(),
            [self = this->shared_from_this()](error_code ec, message m) { self->on_read(ec, std::move(m)); }));
    }

    void on_read(error_code ec, message m)
    {
        reading_ = false;
        if (closed_)
            return;
        if (ec)
        {
            // Cancelled by stop(), or the stream failed: either way no more reading.
            if (!stopping_)
                read_error_ = ec;
            stopping_ = true;
            return maybe_finish();
        }
        handle(m);
        if (!stopping_)
            read();
        else
            maybe_finish();
    }

    void handle(message& m)
    {
        parsed_zap_request p = parse_zap_request(m);
        if (p.kind == parsed_zap_request::drop)
        {
            zap_decision d = zap_decision::deny(p.problem);
            return report(p.request, d, zap_outcome::dropped, p.problem);
        }
        if (p.kind == parsed_zap_request::malformed)
            return reply(std::move(p.envelope), p.request, zap_decision::deny("malformed request: " + p.problem),
                zap_outcome::malformed, p.problem);
        const zap_policy* policy = cfg_->find(p.request.domain);
        if (!policy)
            return reply(std::move(p.envelope), p.request, zap_decision::deny("unknown ZAP domain"),
                zap_outcome::policy, {});
        zap_policy::verdict v = policy->check(p.request);
        if (!v.ask_hook)
            return reply(std::move(p.envelope), p.request, std::move(v.decision), zap_outcome::policy, {});
        ask_hook(*policy, std::move(p));
    }

    void ask_hook(const zap_policy& policy, parsed_zap_request p)
    {
        auto pend = std::make_shared<zap_pending<Executor>>(ex_);
        pend->id = next_id_++;
        pend->envelope = std::move(p.envelope);
        pend->request = std::move(p.request);
        pend->time_limit_status = policy.time_limit_status();
        pending_.emplace(pend->id, pend);
        pend->timer.expires_after(policy.time_limit());
        pend->timer.async_wait([w = this->weak_from_this(), pend](error_code ec) {
            if (auto self = w.lock(); self && !ec)
                self->on_time_limit(pend);
        });
        zap_hook hook = policy.hook();  // a copy: the hook may reconfigure the domain
        try
        {
            hook(pend->request, zap_completion_handler(zap_hook_handler<Executor>{this->weak_from_this(), pend, ex_}));
        }
        catch (...)
        {
            if (!pend->answered)
                answer(pend, zap_decision::deny("policy hook failed", 500), zap_outcome::hook_error);
        }
    }

    void on_time_limit(const std::shared_ptr<zap_pending<Executor>>& p)
    {
        if (p->answered)
            return;
        answer(p, zap_decision::deny("policy did not answer in time", p->time_limit_status), zap_outcome::time_limit);
        p->signal.emit(boost::asio::cancellation_type::terminal);
    }

    void answer(const std::shared_ptr<zap_pending<Executor>>& p, zap_decision d, zap_outcome how)
    {
        p->answered = true;
        p->timer.cancel();
        pending_.erase(p->id);
        reply(std::move(p->envelope), p->request, std::move(d), how, {});
        maybe_finish();
    }

    void reply(message envelope, const zap_request& r, zap_decision d, zap_outcome how, std::string_view problem)
    {
        message m = make_zap_reply(std::move(envelope), r.request_id, d);
        report(r, d, how, problem);
        if (closed_)
            return;
        stream_.async_write(std::move(m), [self = this->shared_from_this()](error_code) {
            // A reply to a peer that went away is dropped by the ROUTER; a
            // failure here concerns one handshake, which libzmq times out.
        });
    }

    void report(const zap_request& r, const zap_decision& d, zap_outcome how, std::string_view problem)
    {
        if (!cfg_->report)
            return;
        try
        {
            cfg_->report(zap_report{r, d, how, problem});
        }
        catch (...)
        {
        }
    }

    void maybe_finish()
    {
        if (!stopping_ || reading_ || !pending_.empty() || closing_ || closed_)
            return;
        closing_ = true;
        release_endpoint();
        stream_.async_close([self = this->shared_from_this()](error_code ec) {
            if (self->closed_)
                return;
            self->closed_ = true;
            self->close_ec_ = self->read_error_ ? self->read_error_ : ec;
            self->complete_waiters();
        });
    }

    void complete_waiters()
    {
        auto ws = std::move(waiters_);
        waiters_.clear();
        for (auto& w : ws)
            boost::asio::post(ex_, boost::asio::append(std::move(w.handler), close_ec_));
    }

    Executor ex_;
    basic_zmq_stream<Executor> stream_;
    std::shared_ptr<zap_config> cfg_;
    boost::asio::cancellation_signal read_cancel_;
    std::map<std::uint64_t, std::shared_ptr<zap_pending<Executor>>> pending_;
    std::uint64_t next_id_ = 1;
    std::vector<waiter> waiters_;
    error_code read_error_, close_ec_;
    bool reading_ = false, stopping_ = false, closing_ = false, closed_ = false;
};

} // namespace detail
} // namespace boost_zmqstream

#endif
