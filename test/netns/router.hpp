//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
// The router side of the two-hosts test: echoes each numbered request to
// the connection it came from until the dealer says "stop", then judges what
// it saw: requests only ever increasing (a gap is what the outage lost, a
// repeat is a duplicate), and a DISCONNECTED followed by a new connection.
#ifndef BOOST_ZMQSTREAM_TEST_NETNS_ROUTER_HPP
#define BOOST_ZMQSTREAM_TEST_NETNS_ROUTER_HPP

#include "peer_common.hpp"

#include <boost/asio/steady_timer.hpp>

namespace netns_peer {

class router
{
public:
    router(asio::io_context& ioc, zs::context& ctx, const config& c)
        : c_(c), s_(open_stream(ioc, ctx, ZMQ_ROUTER, c)), deadline_(ioc)
    {
    }

    void start()
    {
        read_events();
        s_.bind(c_.endpoint);
        read_requests();
        deadline_.expires_after(std::chrono::seconds(c_.deadline + 3));
        deadline_.async_wait([this](zs::error_code ec) {
            if (!ec)
                fail("timed out waiting for " + std::string(stop_seen_ ? "a new connection" : "\"stop\""));
        });
        say("ready router " + c_.endpoint);
    }

    bool passed() const { return done_ && !failed_; }

private:
    void read_events()
    {
        s_.async_read_event([this](zs::error_code ec, zs::monitor_event e) {
            if (ec == zs::error::stream_closed || failed_)
                return;
            if (ec)
                return fail("read_event: " + ec.message());
            say(describe(e));
            if (e.event == ZMQ_EVENT_DISCONNECTED)
                disconnected_ = true;
            else if (e.event == ZMQ_EVENT_HANDSHAKE_SUCCEEDED && disconnected_)
                reconnected_ = true;
            try_finish();
            read_events();
        });
    }

    void read_requests()
    {
        s_.async_read([this](zs::error_code ec, zs::message m) {
            if (ec == zs::error::stream_closed || failed_)
                return;
            if (ec)
                return fail("read: " + ec.message());
            if (m.size() != 2)
                return fail("a request of " + std::to_string(m.size()) + " frames, not [id, body]");
            if (m[1].view() == "stop")
            {
                stop_seen_ = true;
                return try_finish();
            }
            if (!on_request(std::move(m)))
                return;
            read_requests();
        });
    }

    bool on_request(zs::message m)
    {
        auto seq = to_number(m[1].view());
        if (!seq)
        {
            fail("a request that is not a number: " + m[1].to_string());
            return false;
        }
        if (*seq <= last_)
        {
            fail("request " + std::to_string(*seq) + " after " + std::to_string(last_) +
                 ": a duplicate or out of order");
            return false;
        }
        last_ = *seq;
        ++requests_;
        if (*seq == c_.drop)
            return true;
        if (*seq == c_.duplicate)
            s_.write(m.clone());
        // To the routing id the request came with: after the reconnection the
        // old id is gone and libzmq drops what is sent to it (no ROUTER_MANDATORY).
        s_.write(std::move(m));
        return true;
    }

    // The stop message comes through the new connection, but its monitor
    // events travel another pipe and may be read after it: wait for both.
    void try_finish()
    {
        if (!stop_seen_ || !reconnected_ || done_ || failed_)
            return;
        done_ = true;
        deadline_.cancel();
        say("verdict ok router: " + std::to_string(requests_) + " requests, last " +
            std::to_string(last_) + ", DISCONNECTED then a new connection");
        s_.close();
    }

    void fail(const std::string& what)
    {
        if (failed_ || done_)
            return;
        failed_ = true;
        say("verdict FAILED router: " + what);
        deadline_.cancel();
        s_.abort();
    }

    config c_;
    zs::zmq_stream s_;
    asio::steady_timer deadline_;
    long last_ = -1;
    long requests_ = 0;
    bool disconnected_ = false, reconnected_ = false, stop_seen_ = false;
    bool done_ = false, failed_ = false;
};

} // namespace netns_peer

#endif
