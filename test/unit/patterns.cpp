#include <boost_zmqstream/zmq_stream.hpp>

#include <boost_zmqstream_test/sync.hpp>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/test/data/test_case.hpp>

using namespace boost_zmqstream_test;
namespace bdata = boost::unit_test::data;

BOOST_AUTO_TEST_SUITE(patterns)

BOOST_DATA_TEST_CASE(router_dealer_seed_exchange, bdata::make(transports()), transport)
{
    asio::io_context ioc;
    zmq_stream router(ioc, ZMQ_ROUTER, bind_to(endpoint_for(transport)));
    zmq_stream dealer(ioc, ZMQ_DEALER, connect_to(router.bindings().at(0)));
    for (int i = 0; i < 10; ++i)
    {
        dealer.write(message{"data", "ask", std::to_string(i)});
        message req = read_one(ioc, router);
        BOOST_TEST_REQUIRE(req.size() == 4u);  // routing id + the three frames
        BOOST_TEST(req[3].view() == std::to_string(i));
        BOOST_TEST(!write_one(ioc, router, std::move(req)));
        message ans = read_one(ioc, dealer);
        BOOST_TEST((ans == message{"data", "ask", std::to_string(i)}));
    }
}

BOOST_DATA_TEST_CASE(req_rep_alternate, bdata::make(transports()), transport)
{
    asio::io_context ioc;
    zmq_stream rep(ioc, ZMQ_REP, bind_to(endpoint_for(transport)));
    zmq_stream req(ioc, ZMQ_REQ, connect_to(rep.bindings().at(0)));
    for (int i = 0; i < 20; ++i)
    {
        BOOST_TEST(!write_one(ioc, req, message{"ping", std::to_string(i)}));
        message q = read_one(ioc, rep);
        BOOST_TEST((q == message{"ping", std::to_string(i)}));
        BOOST_TEST(!write_one(ioc, rep, message{"pong", std::to_string(i)}));
        BOOST_TEST((read_one(ioc, req) == message{"pong", std::to_string(i)}));
    }
}

BOOST_DATA_TEST_CASE(push_pull_one_way, bdata::make(transports()), transport)
{
    asio::io_context ioc;
    zmq_stream pull(ioc, ZMQ_PULL, bind_to(endpoint_for(transport)));
    zmq_stream push(ioc, ZMQ_PUSH, connect_to(pull.bindings().at(0)));
    for (int i = 0; i < 50; ++i)
        push.write(message{std::to_string(i)});
    for (int i = 0; i < 50; ++i)
        BOOST_TEST(read_one(ioc, pull)[0].view() == std::to_string(i));
    // A PUSH socket cannot receive.
    error_code ec;
    read_one(ioc, push, &ec);
    BOOST_TEST((ec == error::operation_not_supported));
}

BOOST_DATA_TEST_CASE(pair_both_ways, bdata::make(transports()), transport)
{
    asio::io_context ioc;
    zmq_stream a(ioc, ZMQ_PAIR, bind_to(endpoint_for(transport)));
    zmq_stream b(ioc, ZMQ_PAIR, connect_to(a.bindings().at(0)));
    a.write(message{"to b"});
    b.write(message{"to a"});
    BOOST_TEST(read_one(ioc, b)[0].view() == "to b");
    BOOST_TEST(read_one(ioc, a)[0].view() == "to a");
}

BOOST_DATA_TEST_CASE(pub_sub_filters_topics, bdata::make(transports()), transport)
{
    asio::io_context ioc;
    zmq_stream pub(ioc, ZMQ_PUB, bind_to(endpoint_for(transport)));
    zmq_stream sub(ioc, ZMQ_SUB, connect_to(pub.bindings().at(0)));
    sub.subscribe("news");
    sub.subscribe("probe");  // last: see await_subscription
    await_subscription(ioc, pub, sub, "probe");
    pub.write(message{"sport", "ignored"});
    pub.write(message{"news", "kept"});
    message m = read_skipping(ioc, sub, "probe");
    BOOST_TEST((m == message{"news", "kept"}));
    error_code ec = write_one(ioc, sub, message{"x"});
    BOOST_TEST(ec.failed(), "a SUB socket cannot send");
}

BOOST_DATA_TEST_CASE(xpub_xsub_see_subscriptions, bdata::make(transports()), transport)
{
    asio::io_context ioc;
    zmq_stream xpub(ioc, ZMQ_XPUB, bind_to(endpoint_for(transport)));
    zmq_stream xsub(ioc, ZMQ_XSUB, connect_to(xpub.bindings().at(0)));
    xsub.write(message{std::string_view("\x01topic", 6)});
    message s = read_one(ioc, xpub);
    BOOST_TEST(s[0].view() == std::string_view("\x01topic", 6));
    xpub.write(message{"topic", "data"});
    xpub.write(message{"other", "data"});
    xpub.write(message{"topic", "end"});
    BOOST_TEST((read_one(ioc, xsub) == message{"topic", "data"}));
    BOOST_TEST((read_one(ioc, xsub) == message{"topic", "end"}));
}

// The raw TCP client is asynchronous on the same io_context, so that every
// step waits against a deadline: a reply that never comes fails the test.
BOOST_AUTO_TEST_CASE(stream_socket_talks_to_raw_tcp)
{
    asio::io_context ioc;
    zmq_stream server(ioc, ZMQ_STREAM, bind_to("tcp://127.0.0.1:*"));
    std::string ep = server.bindings().at(0);
    auto port = static_cast<unsigned short>(std::stoi(ep.substr(ep.rfind(':') + 1)));
    asio::ip::tcp::socket client(ioc);
    error_code cec = asio::error::timed_out, wec = asio::error::timed_out, rec = asio::error::timed_out;
    bool connected = false, written = false, read = false;
    client.async_connect({asio::ip::make_address("127.0.0.1"), port}, [&](error_code ec) {
        cec = ec;
        connected = true;
    });
    BZS_RUN_UNTIL(ioc, connected);
    BOOST_TEST_REQUIRE(!cec, cec.message());
    asio::async_write(client, asio::buffer("hello", 5), [&](error_code ec, std::size_t) {
        wec = ec;
        written = true;
    });
    // A ZMQ_STREAM socket reports a connection as [id, ""], then data as [id, bytes].
    message m = read_one(ioc, server);
    if (m[1].empty())
        m = read_one(ioc, server);
    BZS_RUN_UNTIL(ioc, written);
    BOOST_TEST(!wec, wec.message());
    BOOST_TEST(m[1].view() == "hello");
    message reply;
    reply.push_back(m[0].clone());
    reply.push_back(std::string_view("world"));
    BOOST_TEST(!write_one(ioc, server, std::move(reply)));
    char buf[5];
    asio::async_read(client, asio::buffer(buf), [&](error_code ec, std::size_t) {
        rec = ec;
        read = true;
    });
    BZS_RUN_UNTIL(ioc, read);
    BOOST_TEST_REQUIRE(!rec, rec.message());
    BOOST_TEST(std::string_view(buf, 5) == "world");
}

BOOST_DATA_TEST_CASE(frames_of_every_shape, bdata::make(transports()), transport)
{
    asio::io_context ioc;
    zmq_stream a(ioc, ZMQ_PAIR, bind_to(endpoint_for(transport)));
    zmq_stream b(ioc, ZMQ_PAIR, connect_to(a.bindings().at(0)));

    // A message whose frames are all empty is delivered like any other.
    a.write(message{"", "", ""});
    message empties = read_one(ioc, b);
    BOOST_TEST(empties.size() == 3u);
    BOOST_TEST(empties.total_size() == 0u);
    a.write(message{""});
    BOOST_TEST(read_one(ioc, b).size() == 1u);

    std::string all(256, '\0');
    for (int i = 0; i < 256; ++i)
        all[i] = static_cast<char>(i);
    a.write(message{std::string_view(all), std::string_view("tail")});
    message got = read_one(ioc, b);
    BOOST_TEST(got[0].view() == all);
    BOOST_TEST(got[1].view() == "tail");

    std::string mib = payload(1 << 20, 7);
    b.write(message{std::string_view(mib), std::string_view(mib)});
    message big = read_one(ioc, a);
    BOOST_TEST(big.size() == 2u);
    BOOST_TEST(big.total_size() == 2u << 20);
    BOOST_TEST((big[0].view() == mib && big[1].view() == mib));

    message many;
    for (int i = 0; i < 100; ++i)
        many.push_back(std::string_view(std::to_string(i)));
    a.write(std::move(many));
    message m100 = read_one(ioc, b);
    BOOST_TEST_REQUIRE(m100.size() == 100u);
    BOOST_TEST(m100[99].view() == "99");
}

BOOST_DATA_TEST_CASE(fifo_over_100000_messages, bdata::make(transports()), transport)
{
    asio::io_context ioc;
    zmq_stream pull(ioc, ZMQ_PULL, bind_to(endpoint_for(transport)));
    zmq_stream push(ioc, ZMQ_PUSH, connect_to(pull.bindings().at(0)));
    constexpr int n = 100000;
    for (int i = 0; i < n; ++i)
        push.write(message{std::to_string(i)});
    BOOST_TEST(read_numbered(ioc, pull, n) == n);
}

BOOST_AUTO_TEST_SUITE_END()
