//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
// A stalling peer: two streams on loopback with a fault-injecting TCP proxy
// between them (test/common tcp_proxy.hpp) that stalls, trickles and cuts the
// connection. The sender's drain waits out a stall and completes after it;
// a trickle delivers everything intact and in order; a cut in the middle of
// a message delivers no part of it, the monitors report the disconnection,
// and traffic resumes over the reconnection.
#include <boost_zmqstream/zmq_stream.hpp>

#include <boost_zmqstream_test/sync.hpp>
#include <boost_zmqstream_test/tcp_proxy.hpp>

#include <boost/test/data/test_case.hpp>

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

using namespace boost_zmqstream_test;
namespace bdata = boost::unit_test::data;

namespace proxy_faults_helpers {

// Every message of these tests: [sequence number, payload derived from it].
message numbered(int seq, std::size_t size)
{
    return message{std::to_string(seq), payload(size, static_cast<unsigned>(seq))};
}

bool is_numbered(const message& m, int seq, std::size_t size)
{
    return m.size() == 2 && m[0].view() == std::to_string(seq) && m[1].view() == payload(size, unsigned(seq));
}

std::vector<std::string> frames_of(const message& m)
{
    std::vector<std::string> v;
    for (auto& f : m)
        v.push_back(f.to_string());
    return v;
}

// Reads every message of `s` into `got` until an error (kept in `ec`).
struct collector
{
    zmq_stream& s;
    std::vector<message> got;
    error_code ec;
    bool reading = false;

    explicit collector(zmq_stream& st) : s(st) { next(); }

    void next()
    {
        reading = true;
        s.async_read([this](error_code e, message m) {
            reading = false;
            if (e)
                return (void)(ec = e);
            got.push_back(std::move(m));
            next();
        });
    }

    // Takes the read back before `this` goes; the stream outlives us.
    void stop(asio::io_context& ioc)
    {
        s.cancel();
        BZS_RUN_UNTIL(ioc, !reading);
    }
};

// Every monitor event of `s`, in order.
struct event_log
{
    zmq_stream& s;
    std::vector<int> events;
    error_code ec;
    bool reading = false;

    event_log(zmq_stream& st, int mask) : s(st)
    {
        s.enable_monitor(mask);
        next();
    }

    void next()
    {
        reading = true;
        s.async_read_event([this](error_code e, monitor_event ev) {
            reading = false;
            if (e)
                return (void)(ec = e);
            events.push_back(ev.event);
            next();
        });
    }

    long count(int event) const { return std::count(events.begin(), events.end(), event); }
};

// The options that make a stall push back after a few KiB: small kernel
// buffers and high water marks on both sides.
void small_buffers(zmq_stream& s)
{
    s.set_option(option::linger(0));
    s.set_option(option::sndhwm(4));
    s.set_option(option::rcvhwm(4));
    s.set_option(option::sndbuf(4096));
    s.set_option(option::rcvbuf(4096));
    s.set_option(option::reconnect_ivl(10));
}

constexpr auto test_deadline = std::chrono::seconds(5);

} // namespace proxy_faults_helpers
using namespace proxy_faults_helpers;

BOOST_AUTO_TEST_SUITE(proxy_faults)

// PUSH -> proxy -> PULL, drains waiting for a full flush (low_write 0). With
// the proxy stalled, 1,000 messages of 1 KiB (about 40 times what libzmq,
// the kernel and the proxy can hold) stay mostly in the stream: the drain
// still waits, and nothing more arrives, 300 ms after the proxy took its last
// bytes; once it forwards again the drain completes and all 1,000 arrive in
// order.
BOOST_AUTO_TEST_CASE(a_drain_waits_while_the_receiver_stalls_and_completes_after)
{
    constexpr int n = 1000;
    constexpr std::size_t size = 1024;
    asio::io_context ioc;
    zmq_stream rx(ioc, ZMQ_PULL);
    small_buffers(rx);
    rx.bind("tcp://127.0.0.1:*");
    tcp_proxy proxy(ioc, rx.bindings().at(0), 4096);
    stream_options o;
    o.high_write = 16 * 1024;
    o.low_write = 0;
    zmq_stream tx(ioc, ZMQ_PUSH, o);
    small_buffers(tx);
    tx.connect(proxy.endpoint());
    collector c(rx);

    BOOST_TEST_REQUIRE(write_one(ioc, tx, numbered(0, size)) == error_code());
    BZS_RUN_UNTIL_FOR(ioc, c.got.size() == 1 || c.ec, test_deadline);
    proxy.stall();
    for (int i = 1; i < n; ++i)
        tx.write(numbered(i, size));
    bool drained = false;
    error_code drain_ec;
    tx.async_drain([&](error_code ec) {
        drain_ec = ec;
        drained = true;
    });

    // The proxy took what it had read when the stall came, then stopped.
    BZS_RUN_UNTIL_FOR(ioc, proxy.stalled(tcp_proxy::upstream) && proxy.held(tcp_proxy::upstream) > 0, test_deadline);
    const auto stalled_at = proxy.forwarded(tcp_proxy::upstream);
    const auto held = proxy.held(tcp_proxy::upstream);
    // Not a wait for an event but a check that one does not happen: the
    // window only has to be longer than libzmq needs to fill the buffers.
    bool window_over = false;
    asio::steady_timer window(ioc, std::chrono::milliseconds(300));
    window.async_wait([&](error_code) { window_over = true; });
    BZS_RUN_UNTIL_FOR(ioc, window_over, test_deadline);
    const std::size_t queued = tx.write_buffer_size();
    const std::size_t arrived = c.got.size();
    BOOST_TEST_REQUIRE(!drained, "the drain completed while the receiver stalled");
    BOOST_TEST(proxy.forwarded(tcp_proxy::upstream) == stalled_at);
    BOOST_TEST(arrived == 1u, "messages crossed a stalled proxy");
    BOOST_TEST(queued > 0u);

    const auto resumed = std::chrono::steady_clock::now();
    proxy.forward();
    BZS_RUN_UNTIL_FOR(ioc, drained, test_deadline);
    const auto drain_time = std::chrono::steady_clock::now() - resumed;
    BOOST_TEST(!drain_ec, drain_ec.message());
    BZS_RUN_UNTIL_FOR(ioc, c.got.size() == std::size_t(n) || c.ec, test_deadline);
    BOOST_TEST_REQUIRE(!c.ec, c.ec.message());
    for (int i = 0; i < n; ++i)
        BOOST_TEST_REQUIRE(is_numbered(c.got[i], i, size), "message " << i << " wrong or out of order");
    BOOST_TEST_MESSAGE("stalled: " << queued << " bytes still in the stream, " << arrived << " of " << n
                                   << " messages arrived, the proxy holding " << held
                                   << "; drained "
                                   << std::chrono::duration_cast<std::chrono::milliseconds>(drain_time).count()
                                   << " ms after the proxy resumed");
    c.stop(ioc);
}

// DEALER -> proxy -> ROUTER, echoed back: the proxy passes at most 97 bytes
// per millisecond each way (a prime, so that frame boundaries fall anywhere
// in a read), the handshake included. 100 messages of 0 to 1,000 bytes go
// out at once; all come back intact and in order, in many small writes.
BOOST_AUTO_TEST_CASE(a_trickle_delivers_everything_intact_and_in_order)
{
    constexpr int n = 100;
    constexpr std::size_t chunk = 97;
    auto size_of = [](int i) { return std::size_t(i * 379 % 1001); };
    asio::io_context ioc;
    zmq_stream router(ioc, ZMQ_ROUTER, bind_to("tcp://127.0.0.1:*"));
    tcp_proxy proxy(ioc, router.bindings().at(0));
    proxy.trickle(chunk, std::chrono::milliseconds(1));
    zmq_stream dealer(ioc, ZMQ_DEALER, connect_to(proxy.endpoint()));
    dealer.set_option(option::linger(0));
    router.set_option(option::linger(0));

    int echoed = 0;
    bool bad = false;
    std::function<void()> echo = [&] {
        router.async_read([&](error_code ec, message m) {
            if (ec)
                return (void)(bad = true);
            ++echoed;
            router.async_write(std::move(m), [&](error_code ec) {
                if (ec)
                    bad = true;
                else
                    echo();
            });
        });
    };
    echo();
    collector c(dealer);
    std::size_t bytes = 0;
    for (int i = 0; i < n; ++i)
    {
        dealer.write(numbered(i, size_of(i)));
        bytes += size_of(i);
    }
    BZS_RUN_UNTIL_FOR(ioc, c.got.size() == std::size_t(n) || c.ec || bad, 8s);
    BOOST_TEST_REQUIRE(!bad);
    BOOST_TEST_REQUIRE(!c.ec, c.ec.message());
    for (int i = 0; i < n; ++i)
        BOOST_TEST_REQUIRE(is_numbered(c.got[i], i, size_of(i)), "message " << i << " wrong or out of order");
    // Each direction carried the payload plus framing, at most 97 bytes a write.
    for (auto d : {tcp_proxy::upstream, tcp_proxy::downstream})
    {
        BOOST_TEST(proxy.forwarded(d) > bytes);
        BOOST_TEST(proxy.writes(d) >= proxy.forwarded(d) / chunk);
    }
    BOOST_TEST(proxy.accepted() == 1);
    BOOST_TEST_MESSAGE("trickle: " << n << " messages, " << proxy.forwarded(tcp_proxy::upstream) << " + "
                                   << proxy.forwarded(tcp_proxy::downstream) << " bytes in "
                                   << proxy.writes(tcp_proxy::upstream) + proxy.writes(tcp_proxy::downstream)
                                   << " writes of at most " << chunk << " bytes");
    c.stop(ioc);
}

// Where the cut falls in [seq "1", 60,000 bytes, "tail"] (ZMTP: a frame
// under 256 bytes has 2 bytes of header, a longer one 9): after the first
// frame, in the middle of the second, after the second.
const std::vector<std::size_t> cut_points{3, 3 + 9 + 30000, 3 + 9 + 60000};

// PUSH -> proxy -> PULL: after one message, the proxy lets `k` more bytes
// through, then closes both sides, inside the 3-frame message written
// next. The receiver gets no part of it: only whole messages, as sent.
// Both monitors show the disconnection; the PUSH reconnects through the
// proxy, and ten more messages arrive in order.
BOOST_DATA_TEST_CASE(a_cut_mid_message_delivers_no_half_message, bdata::make(cut_points), k)
{
    const std::string big = payload(60000, 7);
    asio::io_context ioc;
    zmq_stream rx(ioc, ZMQ_PULL);
    rx.set_option(option::linger(0));
    event_log rx_events(rx, ZMQ_EVENT_DISCONNECTED | ZMQ_EVENT_ACCEPTED);
    rx.bind("tcp://127.0.0.1:*");
    tcp_proxy proxy(ioc, rx.bindings().at(0));
    zmq_stream tx(ioc, ZMQ_PUSH);
    tx.set_option(option::linger(0));
    tx.set_option(option::reconnect_ivl(10));
    event_log tx_events(tx, ZMQ_EVENT_DISCONNECTED | ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
    tx.connect(proxy.endpoint());
    collector c(rx);

    BOOST_TEST_REQUIRE(write_one(ioc, tx, message{"0", "first"}) == error_code());
    BZS_RUN_UNTIL_FOR(ioc, c.got.size() == 1 || c.ec, test_deadline);
    const auto before = proxy.forwarded(tcp_proxy::upstream);
    proxy.cut_after(k, tcp_proxy::upstream);
    tx.write(message{std::string("1"), big, std::string("tail")});
    BZS_RUN_UNTIL_FOR(ioc, proxy.cuts() == 1, test_deadline);
    // The receiver's socket got exactly the first k bytes of the message.
    BOOST_TEST_REQUIRE(proxy.forwarded(tcp_proxy::upstream) == before + k);
    BZS_RUN_UNTIL_FOR(ioc, rx_events.count(ZMQ_EVENT_DISCONNECTED) == 1 && tx_events.count(ZMQ_EVENT_DISCONNECTED) == 1,
        test_deadline);

    // The PUSH reconnects (10 ms) through the proxy, which forwards again.
    for (int i = 2; i < 12; ++i)
        tx.write(message{std::to_string(i), "after"});
    BZS_RUN_UNTIL_FOR(ioc, (!c.got.empty() && c.got.back()[0].view() == "11") || c.ec, test_deadline);
    BOOST_TEST_REQUIRE(!c.ec, c.ec.message());
    BOOST_TEST(proxy.accepted() == 2);
    BOOST_TEST(tx_events.count(ZMQ_EVENT_HANDSHAKE_SUCCEEDED) == 2);
    BOOST_TEST(rx_events.count(ZMQ_EVENT_ACCEPTED) == 2);

    // "first", then the cut message whole or not at all (libzmq dropped it
    // with the connection), then the ten after it.
    std::vector<std::vector<std::string>> expected{{"0", "first"}};
    const bool whole_arrived = c.got.size() == 12;
    if (whole_arrived)
        expected.push_back({"1", big, "tail"});
    for (int i = 2; i < 12; ++i)
        expected.push_back({std::to_string(i), "after"});
    BOOST_TEST_REQUIRE(c.got.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i)
        BOOST_TEST(frames_of(c.got[i]) == expected[i], "message " << i << " of " << c.got.size() << ": "
                                                                  << c.got[i].size() << " frames, first "
                                                                  << c.got[i][0].size() << " bytes");
    BOOST_TEST_MESSAGE("cut after " << k << " bytes of the message: "
                                    << (whole_arrived ? "it arrived whole" : "it was lost whole")
                                    << "; 10 of 10 after the reconnection");
    c.stop(ioc);
}

BOOST_AUTO_TEST_SUITE_END()
