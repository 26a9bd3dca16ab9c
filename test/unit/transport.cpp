#include <boost_zmqstream/zmq_stream.hpp>

#include <boost_zmqstream_test/sync.hpp>

#include <boost/asio/strand.hpp>

#include <future>
#include <memory>
#include <thread>

using namespace boost_zmqstream_test;

namespace transport_helpers {

// Destroys `ctx` (zmq_ctx_term) on a thread; false if that did not return
// within `deadline`. The thread is then left blocked (detached) and the
// context leaked: the test fails instead of hanging.
bool terminates_within(std::unique_ptr<context>& ctx, std::chrono::steady_clock::duration deadline)
{
    auto done = std::make_shared<std::promise<void>>();
    std::future<void> f = done->get_future();
    std::thread t([c = ctx.release(), done] {
        delete c;
        done->set_value();
    });
    if (f.wait_for(deadline) != std::future_status::ready)
    {
        t.detach();
        return false;
    }
    t.join();
    return true;
}

} // namespace transport_helpers
using namespace transport_helpers;

BOOST_AUTO_TEST_SUITE(transport)

BOOST_AUTO_TEST_CASE(bindings_resolve_wildcards_and_unbind)
{
    asio::io_context ioc;
    zmq_stream s(ioc, ZMQ_ROUTER);
    s.bind("tcp://127.0.0.1:*");
    std::string ipc = endpoint_for("ipc");
    s.bind(ipc);
    auto b = s.bindings();
    BOOST_TEST_REQUIRE(b.size() == 2u);
    BOOST_TEST(b[0].rfind("tcp://127.0.0.1:", 0) == 0u);
    BOOST_TEST(b[0] != "tcp://127.0.0.1:*");
    BOOST_TEST(std::stoi(b[0].substr(b[0].rfind(':') + 1)) > 0);
    BOOST_TEST(b[1] == ipc);
    s.unbind("tcp://127.0.0.1:*");  // as given to bind(): resolved by the stream
    BOOST_TEST(s.bindings().size() == 1u);
    s.unbind(ipc);
    BOOST_TEST(s.bindings().empty());
    error_code ec;
    s.unbind(ipc, ec);
    BOOST_TEST(ec.failed());
}

BOOST_AUTO_TEST_CASE(connections_and_disconnect)
{
    asio::io_context ioc;
    zmq_stream pull(ioc, ZMQ_PULL, bind_to("tcp://127.0.0.1:*"));
    std::string ep = pull.bindings().at(0);
    zmq_stream push(ioc, ZMQ_PUSH);
    push.connect(ep);
    BOOST_TEST(push.connections() == std::vector<std::string>{ep});
    push.write(message{"1"});
    BOOST_TEST(read_one(ioc, pull)[0].view() == "1");
    push.disconnect(ep);
    BOOST_TEST(push.connections().empty());
    push.connect(ep);
    push.write(message{"2"});
    BOOST_TEST(read_one(ioc, pull)[0].view() == "2");
}

BOOST_AUTO_TEST_CASE(subscriptions_count_like_libzmq)
{
    asio::io_context ioc;
    zmq_stream pub(ioc, ZMQ_PUB, bind_to(endpoint_for("inproc")));
    zmq_stream sub(ioc, ZMQ_SUB, connect_to(pub.bindings().at(0)));
    sub.subscribe("a");
    sub.subscribe("a");
    sub.set_option(option::subscribe("b"));
    BOOST_TEST((sub.subscriptions() == std::vector<std::string>{"a", "b"}));
    sub.unsubscribe("a");
    BOOST_TEST((sub.subscriptions() == std::vector<std::string>{"a", "b"}));  // still one "a"
    sub.unsubscribe("a");
    sub.set_option(option::unsubscribe("b"));
    BOOST_TEST(sub.subscriptions().empty());
    sub.subscribe("t");
    sub.subscribe("probe");  // last: see await_subscription
    await_subscription(ioc, pub, sub, "probe");
    pub.write(message{"a", "dropped"});
    pub.write(message{"t", "kept"});
    BOOST_TEST(read_skipping(ioc, sub, "probe")[1].view() == "kept");
}

BOOST_AUTO_TEST_CASE(typed_options_round_trip)
{
    asio::io_context ioc;
    zmq_stream s(ioc, ZMQ_DEALER);
    s.set_option(option::sndhwm(123));
    s.set_option(option::rcvhwm(456));
    s.set_option(option::routing_id("me"));
    s.set_option(option::immediate(true));
    s.set_option(option::maxmsgsize(1 << 20));
    option::sndhwm snd;
    option::rcvhwm rcv;
    option::routing_id id;
    option::immediate imm;
    option::maxmsgsize max;
    option::type type;
    s.get_option(snd);
    s.get_option(rcv);
    s.get_option(id);
    s.get_option(imm);
    s.get_option(max);
    s.get_option(type);
    BOOST_TEST(snd.value() == 123);
    BOOST_TEST(rcv.value() == 456);
    BOOST_TEST(id.value() == "me");
    BOOST_TEST(imm.value());
    BOOST_TEST(max.value() == 1 << 20);
    BOOST_TEST(type.value() == ZMQ_DEALER);
    BOOST_TEST(s.socket_type() == ZMQ_DEALER);
    BOOST_TEST(s.native_handle() != nullptr);
    // The escape hatch reaches any option.
    s.set_option(option::integer<ZMQ_TCP_KEEPALIVE>(1));
    option::integer<ZMQ_TCP_KEEPALIVE> ka;
    s.get_option(ka);
    BOOST_TEST(ka.value() == 1);
}

// The adopted socket lives in a context of the test's own: zmq_ctx_term()
// returns only once every socket of the context is closed, so it returning
// (on a thread, against a deadline) proves the stream closed the socket.
BOOST_AUTO_TEST_CASE(adopted_socket_is_owned_by_the_stream)
{
    asio::io_context ioc;
    auto ctx = std::make_unique<context>();
    void* raw = zmq_socket(ctx->native_handle(), ZMQ_PULL);
    BOOST_TEST_REQUIRE(raw);
    {
        stream_options o;
        o.zmq_sock = raw;
        o.ctx = ctx.get();
        o.bind = {endpoint_for("inproc")};
        zmq_stream pull(ioc, ZMQ_PULL, o);
        BOOST_TEST(pull.native_handle() == raw);
        BOOST_TEST(pull.socket_type() == ZMQ_PULL);
        stream_options c = connect_to(pull.bindings().at(0));
        c.ctx = ctx.get();
        zmq_stream push(ioc, ZMQ_PUSH, c);
        push.write(message{"adopted"});
        BOOST_TEST(read_one(ioc, pull)[0].view() == "adopted");
    }
    BOOST_TEST(terminates_within(ctx, 10s), "the adopted socket was not closed with its stream");
}

BOOST_AUTO_TEST_CASE(own_context)
{
    asio::io_context ioc;
    auto ctx = std::make_unique<context>();
    stream_options o = bind_to("inproc://own-context");
    o.ctx = ctx.get();
    {
        zmq_stream a(ioc, ZMQ_PAIR, o);
        stream_options c = connect_to("inproc://own-context");
        c.ctx = ctx.get();
        zmq_stream b(ioc, ZMQ_PAIR, c);
        a.write(message{"ctx"});
        BOOST_TEST(read_one(ioc, b)[0].view() == "ctx");
    }
    // Streams are gone, so the context terminates without blocking.
    BOOST_TEST(terminates_within(ctx, 10s), "zmq_ctx_term blocked: a socket of the context is still open");
}

BOOST_AUTO_TEST_CASE(move_and_executor)
{
    asio::io_context ioc;
    zmq_stream a(ioc, ZMQ_PAIR, bind_to(endpoint_for("inproc")));
    zmq_stream b = make_zmq_stream(asio::any_io_executor(ioc.get_executor()), ZMQ_PAIR,
        connect_to(a.bindings().at(0)));
    BOOST_TEST((b.get_executor() == asio::any_io_executor(ioc.get_executor())));
    zmq_stream c(std::move(a));
    zmq_stream d(ioc, ZMQ_PAIR);
    d = std::move(c);
    d.write(message{"moved"});
    BOOST_TEST(read_one(ioc, b)[0].view() == "moved");

    static_assert(std::is_same<zmq_stream::rebind_executor<asio::io_context::executor_type>::other,
                      basic_zmq_stream<asio::io_context::executor_type>>::value,
        "rebind_executor");
    static_assert(std::is_nothrow_move_constructible<zmq_stream>::value, "movable");
    static_assert(!std::is_copy_constructible<zmq_stream>::value, "not copyable");

    auto e = make_zmq_stream(ioc.get_executor(), ZMQ_PAIR);
    static_assert(std::is_same<decltype(e), basic_zmq_stream<asio::io_context::executor_type>>::value, "");
    BOOST_TEST(e.socket_type() == ZMQ_PAIR);
}

BOOST_AUTO_TEST_SUITE_END()
