//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
// A send error that concerns one message or one peer must not stop the
// stream for everyone: it is counted and kept as last_write_error(); only
// an error that makes the socket itself unusable is stored as exception().

#include <boost_zmqstream_test/sync.hpp>

using namespace boost_zmqstream_test;

BOOST_AUTO_TEST_SUITE(write_errors)

// The attack of a peer that connects and hangs up: the ROUTER's reply to it
// fails with EHOSTUNREACH, and a good peer must keep being served.
BOOST_AUTO_TEST_CASE(a_gone_peer_does_not_stop_a_router)
{
    asio::io_context ioc;
    zmq_stream router(ioc, ZMQ_ROUTER, bind_to(endpoint_for("tcp")));
    router.set_option(option::router_mandatory(true));
    const std::string ep = router.bindings().at(0);
    zmq_stream good(ioc, ZMQ_DEALER);
    good.set_option(option::routing_id("good"));  // before connect, or libzmq ignores it
    good.connect(ep);
    constexpr int rounds = 50;
    for (int i = 0; i < rounds; ++i)
    {
        // A peer that asks, then is gone before the answer.
        {
            zmq_stream bad(ioc, ZMQ_DEALER, connect_to(ep));
            bad.set_option(option::linger(0));
            bad.write(message{"bye"});
            message ask = read_one(ioc, router);
            BOOST_TEST_REQUIRE(ask.size() == 2u);
            bad.abort();
            // The ROUTER notices the hang-up before our answer: wait for it.
            const auto gone = std::chrono::steady_clock::now() + 20s;
            for (;;)
            {
                std::size_t before = router.write_error_count();
                router.write(message{ask[0].to_string(), "late"});
                if (router.write_error_count() > before)
                    break;
                BOOST_TEST_REQUIRE((std::chrono::steady_clock::now() < gone), "the bad peer never went away");
                ioc.restart();
                ioc.run_one_for(10ms);
            }
        }
        BOOST_TEST((router.last_write_error() == std::errc::host_unreachable));
        BOOST_TEST(!router.exception(), "a per-peer error was stored: " << router.exception().message());
        // The good peer is still served, both ways.
        good.write(message{std::to_string(i)});
        message m = read_one(ioc, router);
        BOOST_TEST(m.at(0).to_string() == "good");
        BOOST_TEST(m.at(1).to_string() == std::to_string(i));
        router.write(message{"good", "answer " + std::to_string(i)});
        BOOST_TEST(read_one(ioc, good).at(0).to_string() == "answer " + std::to_string(i));
    }
    BOOST_TEST(router.write_error_count() >= std::size_t(rounds));
}

BOOST_AUTO_TEST_CASE(an_out_of_turn_req_write_is_counted_not_stored)
{
    asio::io_context ioc;
    zmq_stream rep(ioc, ZMQ_REP, bind_to(endpoint_for("inproc")));
    zmq_stream req(ioc, ZMQ_REQ, connect_to(rep.bindings().at(0)));
    req.write(message{"one"});
    req.write(message{"two"});  // EFSM: this message only
    BOOST_TEST(req.write_error_count() == 1u);
    BOOST_TEST((req.last_write_error() == make_zmq_error(EFSM)));
    BOOST_TEST(!req.exception());
    BOOST_TEST(read_one(ioc, rep).at(0).to_string() == "one");
    rep.write(message{"reply"});
    BOOST_TEST(read_one(ioc, req).at(0).to_string() == "reply");
}

BOOST_AUTO_TEST_CASE(a_terminated_context_is_stored_and_fails_the_next_read)
{
    asio::io_context ioc;
    auto ctx = std::make_unique<context>();
    stream_options o;
    o.ctx = ctx.get();
    zmq_stream push(ioc, ZMQ_PUSH, o);
    push.set_option(option::linger(0));
    // zmq_ctx_shutdown makes every call on the context's sockets fail with ETERM.
    BOOST_TEST_REQUIRE(zmq_ctx_shutdown(ctx->native_handle()) == 0);
    push.write(message{"after the context ended"});
    BOOST_TEST((push.exception() == make_zmq_error(ETERM)), push.exception().message());
    bool drained = false;
    error_code ec;
    push.async_drain([&](error_code e) { ec = e, drained = true; });
    BZS_RUN_UNTIL(ioc, drained);
    BOOST_TEST((ec == make_zmq_error(ETERM)));
    push.abort();
}

BOOST_AUTO_TEST_CASE(the_socket_limit_error_names_the_limit)
{
    asio::io_context ioc;
    context ctx({{ZMQ_MAX_SOCKETS, 2}});
    BOOST_TEST(ctx.get(ZMQ_MAX_SOCKETS) == 2);
    stream_options o;
    o.ctx = &ctx;
    zmq_stream a(ioc, ZMQ_PAIR, o);
    zmq_stream b(ioc, ZMQ_PAIR, o);
    try
    {
        zmq_stream c(ioc, ZMQ_PAIR, o);
        BOOST_FAIL("a third socket in a context of two");
    }
    catch (const boost::system::system_error& e)
    {
        BOOST_TEST(std::string(e.what()).find("ZMQ_MAX_SOCKETS") != std::string::npos, e.what());
        BOOST_TEST((e.code() == std::errc::too_many_files_open));
    }
}

BOOST_AUTO_TEST_SUITE_END()
