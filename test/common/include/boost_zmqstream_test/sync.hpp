//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_TEST_SYNC_HPP
#define BOOST_ZMQSTREAM_TEST_SYNC_HPP

#include <boost_zmqstream_test/fixtures.hpp>

#include <boost/asio/steady_timer.hpp>

#include <functional>
#include <memory>

namespace boost_zmqstream_test {

// Test helpers that drive the io_context until one operation completed.

// Starts one operation with `start(handler)` and runs `ioc` until it completed
// with (error_code, Result). A failure fails the test unless `out_ec` takes it.
template <class Result, class Start>
Result complete_one(asio::io_context& ioc, Start start, error_code* out_ec, const char* what)
{
    bool done = false;
    error_code ec;
    Result r{};
    start([&](error_code e, Result v) {
        ec = e;
        r = std::move(v);
        done = true;
    });
    BZS_RUN_UNTIL(ioc, done);
    if (out_ec)
        *out_ec = ec;
    else
        BOOST_TEST_REQUIRE(!ec, what << " failed: " << ec.message());
    return r;
}

template <class Stream>
message read_one(asio::io_context& ioc, Stream& s, error_code* out_ec = nullptr)
{
    return complete_one<message>(ioc, [&](auto h) { s.async_read(std::move(h)); }, out_ec, "async_read");
}

template <class Stream>
monitor_event read_event(asio::io_context& ioc, Stream& s, error_code* out_ec = nullptr)
{
    return complete_one<monitor_event>(
        ioc, [&](auto h) { s.async_read_event(std::move(h)); }, out_ec, "async_read_event");
}

template <class Stream>
error_code write_one(asio::io_context& ioc, Stream& s, message m)
{
    bool done = false;
    error_code ec;
    s.async_write(std::move(m), [&](error_code e) {
        ec = e;
        done = true;
    });
    BZS_RUN_UNTIL(ioc, done);
    return ec;
}

// PUB/SUB slow joiner: publish `probe` every 5 ms until the subscriber
// has read one, so that later messages are known to reach it. A retry, not
// a sleep: the test proceeds on the event (the probe arriving).
// Subscribe to the probe after every other topic: the publisher applies
// subscriptions in the order they were sent, so the probe getting through
// proves the earlier ones are in force too. (Subscribed first, a later topic's
// subscription could still be in flight: seen once in CI as a lost "news".)
template <class Pub, class Sub>
void await_subscription(asio::io_context& ioc, Pub& pub, Sub& sub, const std::string& probe)
{
    bool got = false;
    bool ticking = true;
    asio::steady_timer t(ioc);
    std::function<void()> tick = [&] {
        pub.write(message{probe});
        t.expires_after(5ms);
        t.async_wait([&](error_code ec) {
            if (!ec && !got)
                tick();
            else
                ticking = false;
        });
    };
    tick();
    std::function<void()> rd = [&] {
        sub.async_read([&](error_code ec, message m) {
            if (ec)
                return;
            if (m.size() == 1 && m[0].view() == probe)
                got = true;
            else
                rd();
        });
    };
    rd();
    BZS_RUN_UNTIL(ioc, got);
    t.cancel();
    BZS_RUN_UNTIL(ioc, !ticking);
}

// Reads messages whose first frame is "0", "1", ... "n-1", in that order;
// returns how many arrived in order before a gap, an error or the deadline.
template <class Stream>
int read_numbered(asio::io_context& ioc, Stream& s, int n, std::chrono::steady_clock::duration deadline = 60s)
{
    int next = 0;
    bool bad = false, pending = false;
    std::function<void()> rd = [&] {
        pending = true;
        s.async_read([&](error_code ec, message m) {
            pending = false;
            if (ec || m.empty() || m[0].view() != std::to_string(next))
                return (void)(bad = true);
            if (++next < n)
                rd();
        });
    };
    rd();
    run_until(ioc, [&] { return next == n || bad; }, deadline);
    if (pending)  // deadline: take the read back before its captures go away
    {
        s.cancel();
        run_until(ioc, [&] { return !pending; });
    }
    return next;
}

// Reads the next message that is not a leftover subscription probe.
template <class Stream>
message read_skipping(asio::io_context& ioc, Stream& s, const std::string& probe)
{
    for (;;)
    {
        message m = read_one(ioc, s);
        if (!(m.size() == 1 && m[0].view() == probe))
            return m;
    }
}

} // namespace boost_zmqstream_test

#endif
