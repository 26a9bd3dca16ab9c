//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
// The dealer side of the two-hosts test: sends request 0, 1, 2, ... every
// `period` ms, through the link outage the driver makes, and judges the
// answers the router echoes.
//
// What libzmq may lose: when the link goes down, the connection's engine
// keeps handing requests to the kernel (whose TCP buffer is not full) until
// the heartbeat declares the connection dead (ZMQ_HEARTBEAT_TIMEOUT after a
// PING, sent every ZMQ_HEARTBEAT_IVL); those requests, and answers on their
// way back, die with that TCP connection. From the disconnection on, a
// connect()ed DEALER with ZMQ_IMMEDIATE 0 (the default) keeps its pipe and
// queues what is written for the reconnection (zmq_setsockopt(3),
// ZMQ_IMMEDIATE), and the router's answers to the old routing id are
// dropped (ZMQ_ROUTER_MANDATORY 0). So the answers must come in increasing
// order with at most one gap, and every request in the gap was written
// before DISCONNECTED was seen and at most heartbeat_ivl + heartbeat_timeout
// (+ slack) before it. Anything else fails: a repeat (a duplicate), a second
// gap, a lost request outside that window, a missing event, the deadline.
#ifndef BOOST_ZMQSTREAM_TEST_NETNS_DEALER_HPP
#define BOOST_ZMQSTREAM_TEST_NETNS_DEALER_HPP

#include "peer_common.hpp"

#include <boost/asio/steady_timer.hpp>

#include <utility>
#include <vector>

namespace netns_peer {

class dealer
{
public:
    static constexpr long answers_before_ready = 25;

    dealer(asio::io_context& ioc, zs::context& ctx, const config& c)
        : c_(c), s_(open_stream(ioc, ctx, ZMQ_DEALER, c)), pace_(ioc), after_(ioc), deadline_(ioc)
    {
    }

    void start()
    {
        read_events();
        s_.connect(c_.endpoint);
        read_answers();
        send_next();
        deadline_.expires_after(std::chrono::seconds(c_.deadline));
        deadline_.async_wait([this](zs::error_code ec) {
            if (!ec)
                fail("timed out after " + std::to_string(c_.deadline) + " s waiting for " + waiting_for());
        });
    }

    bool passed() const { return done_ && !failed_; }

private:
    void send_next()
    {
        if (!sending_)
            return;
        written_.push_back(steady::now());
        s_.write(zs::message{std::to_string(written_.size() - 1)});
        pace_.expires_after(ms(c_.period));
        pace_.async_wait([this](zs::error_code ec) {
            if (!ec)
                send_next();
        });
    }

    void read_answers()
    {
        s_.async_read([this](zs::error_code ec, zs::message m) {
            if (ec == zs::error::stream_closed || failed_)
                return;
            if (ec)
                return fail("read: " + ec.message());
            auto seq = m.size() == 1 ? to_number(m[0].view()) : std::nullopt;
            if (!seq || *seq < 0 || *seq >= static_cast<long>(written_.size()))
                return fail("an answer to no request: " + (m.empty() ? std::string() : m[0].to_string()));
            if (on_answer(*seq))
                read_answers();
        });
    }

    bool on_answer(long seq)
    {
        if (seq < expected_)
        {
            fail("answer " + std::to_string(seq) + " after " + std::to_string(expected_ - 1) +
                 ": a duplicate or out of order");
            return false;
        }
        if (seq > expected_)
        {
            if (gap_)
            {
                fail("a second gap, " + range(expected_, seq - 1) + ", after " + range(gap_->first, gap_->second));
                return false;
            }
            gap_.emplace(expected_, seq - 1);
        }
        expected_ = seq + 1;
        if (++answered_ == answers_before_ready)
            say("ready dealer " + std::to_string(answered_) + " answers");
        if (disconnected_ && resumed_wall_.empty())
            resumed_wall_ = wall_now();
        try_finish();
        return true;
    }

    void read_events()
    {
        s_.async_read_event([this](zs::error_code ec, zs::monitor_event e) {
            if (ec == zs::error::stream_closed || failed_)
                return;
            if (ec)
                return fail("read_event: " + ec.message());
            // A failed connect() (CLOSED) and its retry every reconnect_ivl
            // while the link is down: counted, not printed (the driver reads
            // this output only after the outage: a full pipe would stall us).
            if (e.event == ZMQ_EVENT_CONNECT_RETRIED)
                ++retries_;
            else if (!(e.event == ZMQ_EVENT_CLOSED && disconnected_ && !reconnected_))
                say(describe(e));
            on_event(e.event);
            read_events();
        });
    }

    void on_event(int event)
    {
        if (event == ZMQ_EVENT_DISCONNECTED)
        {
            if (answered_ < answers_before_ready || reconnected_)
                return fail(std::string("DISCONNECTED ") +
                            (reconnected_ ? "again after the reconnection" : "before the test was ready"));
            if (!disconnected_)
            {
                disconnected_ = steady::now();
                disconnected_wall_ = wall_now();
            }
        }
        else if (event == ZMQ_EVENT_CONNECTED && disconnected_)
            connected_again_ = true;
        else if (event == ZMQ_EVENT_HANDSHAKE_SUCCEEDED && connected_again_ && !reconnected_)
        {
            reconnected_ = true;
            reconnected_wall_ = wall_now();
            stop_sending_later();
        }
    }

    // Traffic goes on for `after` ms through the new connection, then every
    // request written must be answered or be in the one allowed gap.
    void stop_sending_later()
    {
        after_.expires_after(ms(c_.after));
        after_.async_wait([this](zs::error_code ec) {
            if (ec)
                return;
            sending_ = false;
            pace_.cancel();
            try_finish();
        });
    }

    void try_finish()
    {
        if (sending_ || expected_ < static_cast<long>(written_.size()) || done_ || failed_)
            return;
        if (!judge_gap())
            return;
        done_ = true;
        deadline_.cancel();
        say("verdict ok dealer: sent " + std::to_string(written_.size()) + ", answered " +
            std::to_string(answered_) + ", lost " + lost_text() + ", connect retries " +
            std::to_string(retries_) + ", disconnected " + disconnected_wall_ + ", reconnected " +
            reconnected_wall_ + ", resumed " + resumed_wall_);
        s_.write(zs::message{"stop"});
        s_.close();
    }

    bool judge_gap()
    {
        if (!gap_)
            return true;
        auto window = ms(c_.heartbeat_ivl + c_.heartbeat_timeout + c_.slack);
        auto first = when(gap_->first);
        auto last = when(gap_->second);
        if (last >= *disconnected_)
            fail("lost " + range(gap_->first, gap_->second) + ", written after DISCONNECTED: libzmq keeps " +
                 "what a connect()ed DEALER writes during a reconnection (ZMQ_IMMEDIATE 0)");
        else if (*disconnected_ - first > window)
            fail("lost " + range(gap_->first, gap_->second) + ", the first written " +
                 std::to_string(to_ms(*disconnected_ - first)) + " ms before DISCONNECTED: more than " +
                 "heartbeat_ivl + heartbeat_timeout + slack = " + std::to_string(window.count()) + " ms");
        return !failed_;
    }

    std::string lost_text() const
    {
        if (!gap_)
            return "0";
        return std::to_string(gap_->second - gap_->first + 1) + " (" + range(gap_->first, gap_->second) +
               ", written from " + std::to_string(to_ms(*disconnected_ - when(gap_->first))) +
               " to " + std::to_string(to_ms(*disconnected_ - when(gap_->second))) +
               " ms before DISCONNECTED)";
    }

    std::string waiting_for() const
    {
        if (answered_ < answers_before_ready)
            return "the first " + std::to_string(answers_before_ready) + " answers";
        if (!disconnected_)
            return "DISCONNECTED (is the link down, are heartbeats on?)";
        if (!reconnected_)
            return "a new connection (CONNECTED then HANDSHAKE_SUCCEEDED)";
        return "the answers up to " + std::to_string(written_.size() - 1) + " (got up to " +
               std::to_string(expected_ - 1) + ")";
    }

    void fail(const std::string& what)
    {
        if (failed_ || done_)
            return;
        failed_ = true;
        sending_ = false;  // a pace already due still runs: it must not write to the aborted stream
        say("verdict FAILED dealer: " + what);
        pace_.cancel();
        after_.cancel();
        deadline_.cancel();
        s_.abort();
    }

    steady::time_point when(long seq) const { return written_[static_cast<std::size_t>(seq)]; }
    static std::string range(long a, long b)
    {
        return a == b ? std::to_string(a) : std::to_string(a) + ".." + std::to_string(b);
    }
    static long long to_ms(steady::duration d) { return std::chrono::duration_cast<ms>(d).count(); }

    config c_;
    zs::zmq_stream s_;
    asio::steady_timer pace_, after_, deadline_;
    std::vector<steady::time_point> written_;  // when each request was written, by number
    long expected_ = 0;                        // the next answer in order
    long answered_ = 0;
    std::optional<std::pair<long, long>> gap_;  // the requests lost, first and last
    std::optional<steady::time_point> disconnected_;
    bool connected_again_ = false, reconnected_ = false;
    std::string disconnected_wall_, reconnected_wall_, resumed_wall_;
    long retries_ = 0;
    bool sending_ = true, done_ = false, failed_ = false;
};

} // namespace netns_peer

#endif
