// Interoperability with peers nobody here wrote: pyzmq and aiozmq from Debian,
// run with /usr/bin/python3, over tcp:// and ipc://, with C++ on each side of
// each pattern in turn. A peer reports "READY <endpoint>" on stdout; the test
// waits for that line, then for the peer to exit with status 0. A peer that
// outlives a failed test is killed.
#include <boost_zmqstream/zmq_stream.hpp>

#include <boost_zmqstream_test/peer_process.hpp>
#include <boost_zmqstream_test/sync.hpp>

#include <boost/asio/steady_timer.hpp>
#include <boost/test/data/test_case.hpp>

using namespace boost_zmqstream_test;
namespace bdata = boost::unit_test::data;

namespace interop_helpers {

const std::vector<std::string> wire{"tcp", "ipc"};

// The command line of a Python peer script of this folder.
inline std::vector<std::string> python(const std::string& script, std::vector<std::string> args)
{
    std::vector<std::string> all{"/usr/bin/python3", std::string(BOOST_ZMQSTREAM_INTEROP_DIR) + "/" + script};
    all.insert(all.end(), args.begin(), args.end());
    return all;
}

std::string endpoint_of(const std::string& transport)
{
    return transport == "tcp" ? std::string("tcp://127.0.0.1:*") : endpoint_for("ipc");
}

// A C++ echo server on `s` until ["__quit__"] (echoed too).
struct echo_server
{
    zmq_stream& s;
    bool router;
    bool quit = false, bad = false;

    echo_server(zmq_stream& st, bool is_router) : s(st), router(is_router) { next(); }

    void next()
    {
        s.async_read([this](error_code ec, message m) {
            if (ec)
                return (void)(bad = true);
            bool last = m.size() == (router ? 2u : 1u) && m.back().view() == "__quit__";
            s.async_write(std::move(m), [this, last](error_code ec) {
                if (ec)
                    return (void)(bad = true);
                if (last)
                    quit = true;
                else
                    next();
            });
        });
    }
};

// The next message that is not a probe.
inline message read_skipping_topic(asio::io_context& ioc, zmq_stream& s)
{
    for (;;)
    {
        message m = read_one(ioc, s);
        if (!(m.size() == 2 && m[1].view() == "probe"))
            return m;
    }
}

} // namespace interop_helpers
using namespace interop_helpers;

BOOST_AUTO_TEST_SUITE(interop)

// ROUTER (C++) <-> DEALER (aiozmq stream): the seed's exchange, then 100,000
// numbered multipart messages echoed and checked by aiozmq.
BOOST_DATA_TEST_CASE(cpp_router_aiozmq_dealer, bdata::make(wire), transport)
{
    asio::io_context ioc;
    zmq_stream router(ioc, ZMQ_ROUTER, bind_to(endpoint_of(transport)));
    peer_process peer(ioc, python("aiozmq_peer.py", {"dealer-client", router.bindings().at(0), "100000"}));
    echo_server echo(router, true);
    BOOST_TEST(peer.wait(ioc) == 0);
    BOOST_TEST(echo.quit);
    BOOST_TEST(!echo.bad);
}

// DEALER (C++) <-> ROUTER (aiozmq stream): the reverse.
BOOST_DATA_TEST_CASE(cpp_dealer_aiozmq_router, bdata::make(wire), transport)
{
    asio::io_context ioc;
    peer_process peer(ioc, python("aiozmq_peer.py", {"router-echo", endpoint_of(transport)}));
    zmq_stream dealer(ioc, ZMQ_DEALER, connect_to(peer.ready(ioc)));
    for (int i = 0; i < 10; ++i)
    {
        dealer.write(message{"data", "ask", std::to_string(i)});
        BOOST_TEST((read_one(ioc, dealer) == message{"data", "ask", std::to_string(i)}));
    }
    constexpr int n = 100000;
    int sent = 0, received = 0;
    bool bad = false;
    std::function<void()> pump = [&] {
        while (sent < n && sent - received < 100)
        {
            std::string seq = std::to_string(sent++);
            dealer.write(message{std::string_view("seq"), std::string_view(seq)});
        }
        dealer.async_read([&](error_code ec, message m) {
            if (ec || m.size() != 2 || m[1].view() != std::to_string(received))
                return (void)(bad = true);
            if (++received < n)
                pump();
        });
    };
    pump();
    BZS_RUN_UNTIL_FOR(ioc, received == n || bad, 120s);
    BOOST_TEST(!bad, "echo " << received << " wrong");
    dealer.write(message{"__quit__"});
    BOOST_TEST(peer.wait(ioc) == 0);
}

BOOST_DATA_TEST_CASE(req_rep_both_ways, bdata::make(wire), transport)
{
    asio::io_context ioc;
    {
        // C++ REP, pyzmq REQ.
        zmq_stream rep(ioc, ZMQ_REP, bind_to(endpoint_of(transport)));
        peer_process peer(ioc, python("peer.py", {"client-echo", "REQ", "connect", rep.bindings().at(0), "1000"}));
        echo_server echo(rep, false);
        BOOST_TEST(peer.wait(ioc) == 0);
        BOOST_TEST(!echo.bad);
    }
    {
        // C++ REQ, pyzmq REP.
        peer_process peer(ioc, python("peer.py", {"echo", "REP", "bind", endpoint_of(transport)}));
        zmq_stream req(ioc, ZMQ_REQ, connect_to(peer.ready(ioc)));
        for (int i = 0; i < 1000; ++i)
        {
            BOOST_TEST_REQUIRE(!write_one(ioc, req, message{"q", std::to_string(i)}));
            BOOST_TEST_REQUIRE((read_one(ioc, req) == message{"q", std::to_string(i)}));
        }
        // The echo of "__quit__" may be lost: the peer exits right after
        // sending it, and ipc:// drops a closed socket's tail (libzmq#4660).
        BOOST_TEST(!write_one(ioc, req, message{"__quit__"}));
        BOOST_TEST(peer.wait(ioc) == 0);
    }
}

BOOST_DATA_TEST_CASE(pub_sub_both_ways, bdata::make(wire), transport)
{
    asio::io_context ioc;
    {
        // C++ SUB subscribing after connect; pyzmq publisher (XPUB, so that it
        // publishes once our subscriptions arrived).
        peer_process peer(ioc, python("peer.py", {"xpub", "XPUB", "bind", endpoint_of(transport), "news"}));
        zmq_stream sub(ioc, ZMQ_SUB, connect_to(peer.ready(ioc)));
        sub.subscribe("news");
        BOOST_TEST((read_one(ioc, sub) == message{"news", "from python"}));
        BOOST_TEST((read_one(ioc, sub) == message{"news", "end"}));
        sub.unsubscribe("news");
        BOOST_TEST(peer.wait(ioc) == 0);
    }
    {
        // C++ publisher (XPUB sees the pyzmq subscription), pyzmq SUB.
        zmq_stream pub(ioc, ZMQ_XPUB, bind_to(endpoint_of(transport)));
        peer_process peer(ioc, python("peer.py", {"sub", "SUB", "connect", pub.bindings().at(0), "news"}));
        message s = read_one(ioc, pub);
        BOOST_TEST(s[0].view() == "\x01news");
        pub.write(message{"sport", "filtered out"});
        pub.write(message{"news", "kept"});
        pub.write(message{"news", "end"});
        BOOST_TEST(peer.wait(ioc) == 0);
    }
}

// Plain PUB and SUB on both sides. A subscriber only gets what is published
// after its subscription arrived, so the publisher sends probes until the
// subscriber has one and says so (over a side REQ/REP pair, or on stdout).
BOOST_DATA_TEST_CASE(plain_pub_sub_both_ways, bdata::make(wire), transport)
{
    asio::io_context ioc;
    {
        // pyzmq PUB, C++ SUB subscribing after connect.
        peer_process peer(
            ioc, python("peer.py", {"pub", "PUB", "bind", endpoint_of(transport), endpoint_of(transport)}));
        std::string eps = peer.ready(ioc);
        std::string pub_ep = eps.substr(0, eps.find(' ')), go_ep = eps.substr(eps.find(' ') + 1);
        zmq_stream sub(ioc, ZMQ_SUB, connect_to(pub_ep));
        sub.subscribe("news");
        BOOST_TEST((read_one(ioc, sub) == message{"news", "probe"}));
        zmq_stream go(ioc, ZMQ_REQ, connect_to(go_ep));
        BOOST_TEST(!write_one(ioc, go, message{"go"}));
        BOOST_TEST(read_one(ioc, go)[0].view() == "done");
        BOOST_TEST((read_skipping_topic(ioc, sub) == message{"news", "from python"}));
        BOOST_TEST((read_skipping_topic(ioc, sub) == message{"news", "end"}));
        BOOST_TEST(!write_one(ioc, go, message{"thanks"}));
        BOOST_TEST(peer.wait(ioc) == 0);
    }
    {
        // C++ PUB, pyzmq SUB.
        zmq_stream pub(ioc, ZMQ_PUB, bind_to(endpoint_of(transport)));
        peer_process peer(ioc, python("peer.py", {"plain-sub", "SUB", "connect", pub.bindings().at(0), "news"}));
        asio::steady_timer t(ioc);
        bool ticking = true;
        std::function<void()> probe = [&] {
            pub.write(message{"news", "probe"});
            t.expires_after(5ms);
            t.async_wait([&](error_code ec) {
                if (!ec && !peer.printed("SUBSCRIBED") && !peer.exited())
                    probe();
                else
                    ticking = false;
            });
        };
        probe();
        BZS_RUN_UNTIL(ioc, !ticking);
        pub.write(message{"sport", "filtered out"});
        pub.write(message{"news", "kept"});
        pub.write(message{"news", "end"});
        BOOST_TEST(peer.wait(ioc) == 0);
    }
}

BOOST_DATA_TEST_CASE(push_pull_both_ways, bdata::make(wire), transport)
{
    asio::io_context ioc;
    constexpr int n = 20000;
    {
        // C++ PUSH with flow control against a slow pyzmq PULL.
        stream_options o = bind_to(endpoint_of(transport));
        o.high_write = 64 * 1024;
        zmq_stream push(ioc, ZMQ_PUSH, o);
        peer_process peer(
            ioc, python("peer.py", {"slow-pull", "PULL", "connect", push.bindings().at(0), std::to_string(n)}));
        int sent = 0;
        std::size_t peak = 0;
        bool bad = false;
        std::function<void()> produce = [&] {
            while (sent < n)
            {
                push.write(message{std::to_string(sent++), std::string(100, 'x')});
                peak = std::max(peak, push.write_buffer_size());
                if (push.write_buffer_size() > 64 * 1024)
                    return push.async_drain([&](error_code ec) {
                        if (ec)
                            bad = true;
                        else
                            produce();
                    });
            }
        };
        produce();
        BOOST_TEST(peer.wait(ioc) == 0);
        BOOST_TEST(!bad);
        BOOST_TEST(sent == n);
        BOOST_TEST(peak <= 64u * 1024 + 200);
    }
    {
        // pyzmq PUSH, C++ PULL.
        zmq_stream pull(ioc, ZMQ_PULL, bind_to(endpoint_of(transport)));
        peer_process peer(
            ioc, python("peer.py", {"push", "PUSH", "connect", pull.bindings().at(0), std::to_string(n)}));
        BOOST_TEST(read_numbered(ioc, pull, n, 120s) == n);
        pull.close();  // the peer keeps its socket until we hang up
        BOOST_TEST(peer.wait(ioc) == 0);
    }
}

BOOST_DATA_TEST_CASE(pair_and_frames, bdata::make(wire), transport)
{
    asio::io_context ioc;
    {
        // pyzmq sends the special frames; C++ PAIR echoes them.
        zmq_stream pair(ioc, ZMQ_PAIR, bind_to(endpoint_of(transport)));
        peer_process peer(ioc, python("peer.py", {"frames", "PAIR", "connect", pair.bindings().at(0)}));
        echo_server echo(pair, false);
        BOOST_TEST(peer.wait(ioc) == 0);
        BOOST_TEST(!echo.bad);
    }
    {
        // C++ sends them; pyzmq PAIR echoes.
        peer_process peer(ioc, python("peer.py", {"echo", "PAIR", "bind", endpoint_of(transport)}));
        zmq_stream pair(ioc, ZMQ_PAIR, connect_to(peer.ready(ioc)));
        std::string all(256, '\0');
        for (int i = 0; i < 256; ++i)
            all[i] = static_cast<char>(i);
        std::string big = payload(4 << 20, 3);
        message hundred;
        for (int i = 0; i < 100; ++i)
            hundred.push_back(std::string_view(std::to_string(i)));
        std::vector<message> cases;
        cases.push_back(message{""});
        cases.push_back(message{"", "", ""});
        cases.push_back(message{std::string_view(all)});
        cases.push_back(message{std::string_view(big)});
        cases.push_back(std::move(hundred));
        for (auto& c : cases)
        {
            pair.write(c.clone());
            BOOST_TEST((read_one(ioc, pair) == c));
        }
        pair.write(message{"__quit__"});
        BOOST_TEST(peer.wait(ioc) == 0);
    }
}

// The C++ side's monitor sees the peer connect and, after the peer process
// exits, disconnect.
BOOST_DATA_TEST_CASE(monitor_sees_peer_come_and_go, bdata::make(wire), transport)
{
    asio::io_context ioc;
    zmq_stream router(ioc, ZMQ_ROUTER);
    router.enable_monitor();
    router.bind(endpoint_of(transport));
    peer_process peer(ioc, python("peer.py", {"client-echo", "DEALER", "connect", router.bindings().at(0), "10"}));
    echo_server echo(router, true);
    std::vector<int> events;
    std::function<void()> rd = [&] {
        router.async_read_event([&](error_code ec, monitor_event ev) {
            if (ec)
                return;
            events.push_back(ev.event);
            rd();
        });
    };
    rd();
    BOOST_TEST(peer.wait(ioc) == 0);
    auto seen = [&](int e) { return std::find(events.begin(), events.end(), e) != events.end(); };
    BZS_RUN_UNTIL(ioc, seen(ZMQ_EVENT_DISCONNECTED));
    BOOST_TEST(seen(ZMQ_EVENT_ACCEPTED));
    BOOST_TEST(seen(ZMQ_EVENT_HANDSHAKE_SUCCEEDED));
}

// CURVE: C++ server with its key pair, pyzmq client with the server's public
// key; a client with the wrong server key fails its handshake.
BOOST_DATA_TEST_CASE(curve_encrypted_pair, bdata::make(wire), transport)
{
    asio::io_context ioc;
    char pub[41], sec[41], other_pub[41], other_sec[41];
    BOOST_TEST_REQUIRE(zmq_curve_keypair(pub, sec) == 0);
    BOOST_TEST_REQUIRE(zmq_curve_keypair(other_pub, other_sec) == 0);
    zmq_stream rep(ioc, ZMQ_REP);
    rep.set_option(option::curve_server(true));
    rep.set_option(option::curve_secretkey(sec));
    rep.enable_monitor(ZMQ_EVENT_HANDSHAKE_SUCCEEDED | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL |
                       ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH);
    rep.bind(endpoint_of(transport));
    {
        peer_process good(
            ioc, python("peer.py", {"curve-client", "REQ", "connect", rep.bindings().at(0), pub, "reply"}));
        message m = read_one(ioc, rep);
        BOOST_TEST(m[0].view() == "secret hello");
        BOOST_TEST(!write_one(ioc, rep, std::move(m)));
        BOOST_TEST(good.wait(ioc) == 0);
        error_code ec;
        bool ok = false;
        rep.async_read_event([&](error_code e, monitor_event ev) {
            ec = e;
            ok = ev.event == ZMQ_EVENT_HANDSHAKE_SUCCEEDED;
        });
        BZS_RUN_UNTIL(ioc, ok || ec);
        BOOST_TEST(ok);
    }
    {
        peer_process bad(
            ioc, python("peer.py", {"curve-client", "REQ", "connect", rep.bindings().at(0), other_pub, "none"}));
        bool failed = false;
        rep.async_read_event([&](error_code ec, monitor_event ev) {
            failed = !ec && (ev.event & (ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL |
                                            ZMQ_EVENT_HANDSHAKE_FAILED_AUTH));
        });
        BZS_RUN_UNTIL_FOR(ioc, failed || bad.exited(), 60s);
        BOOST_TEST(failed, "the server saw no failed handshake");
        BOOST_TEST(rep.read_buffer_size() == 0u);
    }  // the wrong-key client is killed here
}

BOOST_AUTO_TEST_SUITE_END()
