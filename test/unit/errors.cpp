#include <boost_zmqstream/zmq_stream.hpp>

#include <boost_zmqstream_test/sync.hpp>

using namespace boost_zmqstream_test;

namespace errors_helpers {

// Runs `f`, which must throw system_error; returns it.
template <class F>
boost::system::system_error expect_system_error(F&& f)
{
    try
    {
        f();
    }
    catch (const boost::system::system_error& e)
    {
        return e;
    }
    BOOST_FAIL("no system_error thrown");
    throw 0;
}

} // namespace errors_helpers
using namespace errors_helpers;

BOOST_AUTO_TEST_SUITE(errors)

BOOST_AUTO_TEST_CASE(bad_endpoints_name_the_endpoint)
{
    asio::io_context ioc;
    auto e1 = expect_system_error([&] { zmq_stream s(ioc, ZMQ_PAIR, bind_to("tcp://127.0.0.1:notaport")); });
    BOOST_TEST(contains(e1.what(), "tcp://127.0.0.1:notaport"), e1.what());
    BOOST_TEST((e1.code() == std::errc::invalid_argument));

    auto e2 = expect_system_error([&] { zmq_stream s(ioc, ZMQ_PAIR, connect_to("bogus://x")); });
    BOOST_TEST(contains(e2.what(), "bogus://x"), e2.what());
    BOOST_TEST((e2.code() == std::errc::protocol_not_supported));

    auto e3 = expect_system_error([&] { zmq_stream s(ioc, ZMQ_PAIR, bind_to("no-scheme")); });
    BOOST_TEST(contains(e3.what(), "no-scheme"), e3.what());

    zmq_stream s(ioc, ZMQ_PAIR);
    error_code ec;
    s.bind("tcp://nonsense", ec);
    BOOST_TEST(ec.failed());
    auto e4 = expect_system_error([&] { s.connect("tcp://"); });
    BOOST_TEST(contains(e4.what(), "connect \"tcp://\""), e4.what());
}

BOOST_AUTO_TEST_CASE(endpoint_in_use)
{
    asio::io_context ioc;
    zmq_stream first(ioc, ZMQ_PULL, bind_to("tcp://127.0.0.1:*"));
    std::string ep = first.bindings().at(0);
    auto e = expect_system_error([&] { zmq_stream s(ioc, ZMQ_PULL, bind_to(ep)); });
    BOOST_TEST((e.code() == std::errc::address_in_use));
    BOOST_TEST(contains(e.what(), ep), e.what());
}

BOOST_AUTO_TEST_CASE(unknown_socket_type)
{
    asio::io_context ioc;
    auto e = expect_system_error([&] { zmq_stream s(ioc, 99); });
    BOOST_TEST((e.code() == std::errc::invalid_argument));
    BOOST_TEST(contains(e.what(), "socket type 99"), e.what());
}

BOOST_AUTO_TEST_CASE(invalid_option_value)
{
    asio::io_context ioc;
    zmq_stream s(ioc, ZMQ_DEALER);
    auto e = expect_system_error([&] { s.set_option(option::integer<ZMQ_SNDHWM>(-5)); });
    BOOST_TEST((e.code() == std::errc::invalid_argument));
    BOOST_TEST(contains(e.what(), "sndhwm on a DEALER socket"), e.what());
    error_code ec;
    s.set_option(option::integer<9999>(1), ec);
    BOOST_TEST(ec.failed());
    // The stream is still fine afterwards.
    s.set_option(option::linger(0));
    option::linger l;
    s.get_option(l);
    BOOST_TEST(l.value() == 0);
}

// The limits are checked before a socket exists. A context that holds its
// one allowed socket already tells the two orders apart: a stream that
// created a socket first would fail with EMFILE, not invalid_limits.
BOOST_AUTO_TEST_CASE(invalid_limits_before_any_socket)
{
    asio::io_context ioc;
    context ctx;
    ctx.set(ZMQ_MAX_SOCKETS, 1);
    void* only = zmq_socket(ctx.native_handle(), ZMQ_PAIR);  // the context's one socket
    BOOST_TEST_REQUIRE(only);
    struct closer
    {
        void* s;
        ~closer() { zmq_close(s); }
    } close_only{only};

    // The control: with valid limits the stream does reach zmq_socket().
    stream_options valid;
    valid.ctx = &ctx;
    auto full = expect_system_error([&] { zmq_stream s(ioc, ZMQ_PAIR, valid); });
    BOOST_TEST((full.code() == std::errc::too_many_files_open), full.what());

    for (bool read_side : {true, false})
    {
        stream_options o;
        o.ctx = &ctx;
        (read_side ? o.high_read : o.high_write) = 10;
        (read_side ? o.low_read : o.low_write) = 20;
        auto e = expect_system_error([&] { zmq_stream s(ioc, ZMQ_PAIR, o); });
        BOOST_TEST((e.code() == error::invalid_limits), e.what());
        BOOST_TEST(contains(e.what(), read_side ? "high_read" : "high_write"), e.what());
    }
}

BOOST_AUTO_TEST_CASE(failed_constructions_leave_nothing_behind)
{
    asio::io_context ioc;
    {
        // Warm up: the default context's own descriptors exist before we count.
        zmq_stream warm(ioc, ZMQ_PAIR, bind_to(endpoint_for("inproc")));
    }
    int before = open_fd_count();
    for (int i = 0; i < 1000; ++i)
    {
        stream_options o;
        o.bind = {endpoint_for("inproc")};
        o.connect = {"tcp://127.0.0.1:notaport"};
        BOOST_CHECK_THROW(zmq_stream s(ioc, ZMQ_PAIR, o), boost::system::system_error);
    }
    // libzmq's reaper thread closes a failed socket's mailbox asynchronously:
    // wait for that (an event, with a deadline) instead of sampling once.
    // Other sockets' I/O can open a descriptor for a moment: the condition is
    // that the count comes back down, not any single later sample.
    BZS_RUN_UNTIL(ioc, open_fd_count() <= before);
    // A fresh stream still receives: no stale reactor registration for its fd.
    zmq_stream pull(ioc, ZMQ_PULL, bind_to(endpoint_for("tcp")));
    zmq_stream push(ioc, ZMQ_PUSH, connect_to(pull.bindings().at(0)));
    push.write(message{"alive"});
    BOOST_TEST(read_one(ioc, pull)[0].view() == "alive");
}

BOOST_AUTO_TEST_CASE(out_of_turn_req_send_is_efsm_and_stream_stays_usable)
{
    asio::io_context ioc;
    zmq_stream rep(ioc, ZMQ_REP, bind_to(endpoint_for("inproc")));
    zmq_stream req(ioc, ZMQ_REQ, connect_to(rep.bindings().at(0)));
    BOOST_TEST(!write_one(ioc, req, message{"one"}));
    error_code ec = write_one(ioc, req, message{"two"});
    BOOST_TEST((ec == make_zmq_error(EFSM)), ec.message());
    BOOST_TEST(!req.exception());
    BOOST_TEST(read_one(ioc, rep)[0].view() == "one");
    BOOST_TEST(!write_one(ioc, rep, message{"reply"}));
    BOOST_TEST(read_one(ioc, req)[0].view() == "reply");
    BOOST_TEST(!write_one(ioc, req, message{"three"}));
    BOOST_TEST(read_one(ioc, rep)[0].view() == "three");
}

// EFSM concerns this message only: counted, not stored (write_errors.cpp
// has the stored kind, ETERM).
BOOST_AUTO_TEST_CASE(write_send_error_of_one_message_is_counted_not_stored)
{
    asio::io_context ioc;
    zmq_stream rep(ioc, ZMQ_REP, bind_to(endpoint_for("inproc")));
    zmq_stream req(ioc, ZMQ_REQ, connect_to(rep.bindings().at(0)));
    req.write(message{"one"});
    req.write(message{"two"});  // EFSM, nobody to tell
    BOOST_TEST(!req.exception());
    BOOST_TEST((req.last_write_error() == make_zmq_error(EFSM)));
    BOOST_TEST(req.write_error_count() == 1u);
}

BOOST_AUTO_TEST_CASE(router_mandatory_unknown_peer_is_ehostunreach)
{
    asio::io_context ioc;
    zmq_stream router(ioc, ZMQ_ROUTER, bind_to(endpoint_for("inproc")));
    router.set_option(option::router_mandatory(true));
    error_code ec = write_one(ioc, router, message{"nobody", "hello"});
    BOOST_TEST((ec == make_zmq_error(EHOSTUNREACH)), ec.message());
    BOOST_TEST((ec == std::errc::host_unreachable));
    // Still usable: a known peer gets its message.
    zmq_stream dealer(ioc, ZMQ_DEALER);
    dealer.set_option(option::routing_id("peer"));
    dealer.connect(router.bindings().at(0));
    dealer.write(message{"hi"});
    message m = read_one(ioc, router);
    BOOST_TEST(m[0].view() == "peer");
    BOOST_TEST(!write_one(ioc, router, message{"peer", "back"}));
    BOOST_TEST(read_one(ioc, dealer)[0].view() == "back");
}

BOOST_AUTO_TEST_CASE(write_after_close_throws_stream_closed)
{
    asio::io_context ioc;
    zmq_stream s(ioc, ZMQ_PUSH, bind_to(endpoint_for("inproc")));
    s.close();
    auto e = expect_system_error([&] { s.write(message{"late"}); });
    BOOST_TEST((e.code() == error::stream_closed));
    BOOST_TEST((write_one(ioc, s, message{"late"}) == error::stream_closed));
    auto e2 = expect_system_error([&] { s.bind("inproc://after-close"); });
    BOOST_TEST((e2.code() == error::stream_closed));
}

BOOST_AUTO_TEST_CASE(empty_message_is_rejected)
{
    asio::io_context ioc;
    zmq_stream s(ioc, ZMQ_PUSH, bind_to(endpoint_for("inproc")));
    BOOST_TEST((write_one(ioc, s, message()) == error::empty_message));
    BOOST_CHECK_THROW(s.write(message()), boost::system::system_error);
}

BOOST_AUTO_TEST_SUITE_END()
