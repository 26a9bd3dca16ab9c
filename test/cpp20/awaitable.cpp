#include <boost_zmqstream/zmq_stream.hpp>

#include <boost_zmqstream_test/sync.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

using namespace boost_zmqstream_test;
using namespace boost::asio::experimental::awaitable_operators;

namespace awaitable_helpers {

void spawn_checked(asio::io_context& ioc, asio::awaitable<void> a, bool& done)
{
    asio::co_spawn(ioc, std::move(a), [&](std::exception_ptr e) {
        done = true;
        if (e)
            std::rethrow_exception(e);
    });
}

} // namespace awaitable_helpers
using namespace awaitable_helpers;

BOOST_AUTO_TEST_SUITE(awaitable)

BOOST_AUTO_TEST_CASE(seed_exchange_with_use_awaitable)
{
    asio::io_context ioc;
    zmq_stream router(ioc, ZMQ_ROUTER, bind_to("tcp://127.0.0.1:*"));
    zmq_stream dealer(ioc, ZMQ_DEALER, connect_to(router.bindings().at(0)));
    int answered = 0;
    bool done = false;
    // The closure must outlive the coroutine: its captures live in it.
    auto body = [&]() -> asio::awaitable<void> {
        for (int i = 0; i < 10; ++i)
        {
            // g++ 12: build the message before co_await (braced list in co_await).
            message req{"data", "ask", std::to_string(i)};
            dealer.write(std::move(req));
            message data = co_await router.async_read(asio::use_awaitable);
            co_await router.async_write(std::move(data), asio::use_awaitable);
            message answer = co_await dealer.async_read(asio::use_awaitable);
            BOOST_TEST((answer == message{"data", "ask", std::to_string(i)}));
            ++answered;
        }
    };
    spawn_checked(ioc, body(), done);
    BZS_RUN_UNTIL(ioc, done);
    BOOST_TEST(answered == 10);
}

BOOST_AUTO_TEST_CASE(as_default_on_needs_no_token)
{
    using awaitable_stream = asio::use_awaitable_t<>::as_default_on_t<zmq_stream>;
    asio::io_context ioc;
    awaitable_stream a(ioc, ZMQ_PAIR, bind_to(endpoint_for("inproc")));
    awaitable_stream b(ioc, ZMQ_PAIR, connect_to(a.bindings().at(0)));
    bool done = false;
    // The closure must outlive the coroutine: its captures live in it.
    auto body = [&]() -> asio::awaitable<void> {
        message m{"default", "token"};
        co_await a.async_write(std::move(m));
        message got = co_await b.async_read();
        BOOST_TEST((got == message{"default", "token"}));
        co_await b.async_drain();
        b.close();
        try
        {
            co_await b.async_read();
            BOOST_FAIL("expected stream_closed");
        }
        catch (const boost::system::system_error& e)
        {
            BOOST_TEST((e.code() == error::stream_closed));
        }
    };
    spawn_checked(ioc, body(), done);
    BZS_RUN_UNTIL(ioc, done);
}

// `read || timer` while a real message races the timer: message i is sent
// from 200 us before to 200 us after the instant the timer fires. Whichever
// wins, the message is delivered exactly once: by this read, or (the timer
// won, the read was cancelled) by a later one. A read that completed while
// the timer won would be discarded by || and its message lost.
BOOST_AUTO_TEST_CASE(read_or_timer_cancels_the_read_and_loses_nothing)
{
    constexpr int rounds = 500;
    asio::io_context ioc;
    zmq_stream a(ioc, ZMQ_PAIR, bind_to(endpoint_for("inproc")));
    zmq_stream b(ioc, ZMQ_PAIR, connect_to(a.bindings().at(0)));
    int next = 0, read_won = 0, timer_won = 0;
    bool done = false;
    // The closure must outlive the coroutine: its captures live in it.
    auto body = [&]() -> asio::awaitable<void> {
        asio::steady_timer t(ioc), send_at(ioc);
        // The next message expected, wherever it comes from.
        auto take = [&](const message& m) {
            BOOST_TEST_REQUIRE(m[0].view() == std::to_string(next), "expected " << next << ", got " << m[0].view());
            ++next;
        };
        for (int i = 0; i < rounds; ++i)
        {
            auto deadline = std::chrono::steady_clock::now() + 2ms;
            t.expires_at(deadline);
            send_at.expires_at(deadline + std::chrono::microseconds((i % 21 - 10) * 20));
            send_at.async_wait([&a, i](error_code) { a.write(message{std::to_string(i)}); });
            auto r = co_await (b.async_read(asio::use_awaitable) || t.async_wait(asio::use_awaitable));
            if (r.index() == 0)
            {
                ++read_won;
                take(std::get<0>(r));
            }
            else
            {
                ++timer_won;
                // Message i is out (this wait completes after the one that
                // sends it), and the cancelled read left it to the next read.
                co_await send_at.async_wait(asio::use_awaitable);
                t.expires_after(5s);
                auto late = co_await (b.async_read(asio::use_awaitable) || t.async_wait(asio::use_awaitable));
                BOOST_TEST_REQUIRE(late.index() == 0u, "message " << i << " was lost: the timer won and it never came");
                take(std::get<0>(late));
            }
        }
        // And nothing more: a last read loses to its timer.
        t.expires_after(50ms);
        auto r = co_await (b.async_read(asio::use_awaitable) || t.async_wait(asio::use_awaitable));
        BOOST_TEST(r.index() == 1u, "a message was delivered twice");
        BOOST_TEST(b.read_buffer_size() == 0u);
    };
    spawn_checked(ioc, body(), done);
    BZS_RUN_UNTIL_FOR(ioc, done, 60s);
    BOOST_TEST_MESSAGE("read won " << read_won << ", timer won " << timer_won);
    BOOST_TEST(next == rounds);
    BOOST_TEST(read_won > 0);
    BOOST_TEST(timer_won > 0, "the timer never won: the race was not run");
}

// Every operation against a timer with ||: the timer wins, the operation is
// cancelled (all its cancellation types are allowed while parked), nothing
// is consumed, and the stream works normally afterwards.
BOOST_AUTO_TEST_CASE(every_operation_or_a_timer)
{
    asio::io_context ioc;
    zmq_stream a(ioc, ZMQ_PAIR, bind_to(endpoint_for("inproc")));
    zmq_stream b(ioc, ZMQ_PAIR, connect_to(a.bindings().at(0)));
    zmq_stream push(ioc, ZMQ_PUSH, bind_to(endpoint_for("tcp")));  // no peer: writes queue
    push.set_write_buffer_limits(10, 5);
    b.enable_monitor(ZMQ_EVENT_DISCONNECTED);
    bool done = false;
    auto body = [&]() -> asio::awaitable<void> {
        asio::steady_timer t(ioc);
        auto timer = [&]() -> asio::awaitable<void> {
            t.expires_after(std::chrono::milliseconds(3));
            co_await t.async_wait(asio::use_awaitable);
        };
        auto r1 = co_await (b.async_read(asio::use_awaitable) || timer());
        BOOST_TEST(r1.index() == 1u);
        auto r2 = co_await (b.async_read_event(asio::use_awaitable) || timer());
        BOOST_TEST(r2.index() == 1u);
        message w{"withdrawn"};
        auto r3 = co_await (push.async_write(std::move(w), asio::use_awaitable) || timer());
        BOOST_TEST(r3.index() == 1u);
        BOOST_TEST(push.write_buffer_size() == 0u);
        push.write(message{"more than ten bytes"});
        auto r4 = co_await (push.async_drain(asio::use_awaitable) || timer());
        BOOST_TEST(r4.index() == 1u);

        message m{"still works"};
        co_await a.async_write(std::move(m), asio::use_awaitable);
        message got = co_await b.async_read(asio::use_awaitable);
        BOOST_TEST(got[0].view() == "still works");
        zmq_stream pull(ioc, ZMQ_PULL, connect_to(push.bindings().at(0)));
        co_await push.async_drain(asio::use_awaitable);
        message first = co_await pull.async_read(asio::use_awaitable);
        BOOST_TEST(first[0].view() == "more than ten bytes");
    };
    spawn_checked(ioc, body(), done);
    BZS_RUN_UNTIL(ioc, done);
}

BOOST_AUTO_TEST_SUITE_END()
