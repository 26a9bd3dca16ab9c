// Which operation reports which error (doc/errors.md): each of
// boost_zmqstream::error, libzmq's errors in zmq_category() compared with
// std::errc, the counted errors of write(), and the stored exception().
// A failed check, an error or the 20 s deadline ends it with exit status 1.
#include <boost_zmqstream.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <iostream>
#include <stdexcept>
#include <string>
#include <system_error>

namespace asio = boost::asio;
namespace zs = boost_zmqstream;

void check(bool ok, const std::string& what)
{
    if (!ok)
        throw std::runtime_error(what);  // main() prints "failed: <what>" and returns 1
    std::cout << "ok: " << what << '\n';
}

zs::stream_options bind_any()
{
    zs::stream_options o;
    o.bind = {"tcp://127.0.0.1:*"};
    return o;
}

constexpr auto tuple = asio::as_tuple(asio::use_awaitable);

asio::awaitable<void> errors()
{
    auto ex = co_await asio::this_coro::executor;
    {
        // [snippet:sync-errors]
        zs::zmq_stream s(ex, ZMQ_DEALER);
        try
        {
            s.bind("tcp://127.0.0.1:notaport");
        }
        catch (const boost::system::system_error& e)
        {
            std::cout << e.what() << '\n';  // names the endpoint; e.code() == std::errc::invalid_argument
        }
        zs::error_code ec;
        s.set_option(zs::option::subscribe("news"), ec);  // the error_code overload does not throw
        std::cout << ec.message() << '\n';                 // EINVAL: a DEALER has no subscriptions
        // [/snippet]
        check(ec == std::errc::invalid_argument, "subscribe on a DEALER: EINVAL");
    }
    {
        zs::error_code ec;
        // [snippet:invalid-limits]
        zs::stream_options o;
        o.high_read = 10;
        o.low_read = 20;  // high < low
        try
        {
            zs::zmq_stream s(ex, ZMQ_PULL, o);
        }
        catch (const boost::system::system_error& e)
        {
            ec = e.code();  // error::invalid_limits, thrown before any socket exists
        }
        // [/snippet]
        check(ec == zs::error::invalid_limits, "error::invalid_limits");
    }
    {
        zs::zmq_stream pub(ex, ZMQ_PUB, bind_any());
        zs::zmq_stream pull(ex, ZMQ_PULL, bind_any());
        zs::zmq_stream dealer(ex, ZMQ_DEALER, bind_any());
        // [snippet:per-operation]
        auto [e1, m1] = co_await pub.async_read(tuple);      // error::operation_not_supported
        auto [e2, ev] = co_await dealer.async_read_event(tuple);  // error::monitor_not_enabled
        auto [e3] = co_await dealer.async_write(zs::message{}, tuple);  // error::empty_message
        zs::message m{"x"};
        auto [e4] = co_await pull.async_write(std::move(m), tuple);  // ENOTSUP from libzmq
        // [/snippet]
        check(e1 == zs::error::operation_not_supported, "read on a PUB: error::operation_not_supported");
        check(e2 == zs::error::monitor_not_enabled, "read_event without a monitor: error::monitor_not_enabled");
        check(e3 == zs::error::empty_message, "an empty message: error::empty_message");
        check(e4 == std::errc::not_supported && e4.category() == zs::zmq_category(), "write on a PULL: ENOTSUP");
    }
    {
        zs::zmq_stream a(ex, ZMQ_PAIR, bind_any());
        bool threw = false;
        // [snippet:closed]
        a.close();
        auto [ec, m] = co_await a.async_read(tuple);  // error::stream_closed (once the buffer is empty)
        try
        {
            a.write(zs::message{"late"});  // throws system_error(error::stream_closed)
        }
        catch (const boost::system::system_error& e)
        {
            threw = e.code() == zs::error::stream_closed;
        }
        // [/snippet]
        check(ec == zs::error::stream_closed && threw, "after close(): error::stream_closed");
    }
    {
        // [snippet:linger-expired]
        zs::zmq_stream push(ex, ZMQ_PUSH, bind_any());  // no peer, ever
        push.set_option(zs::option::linger(50));       // milliseconds
        push.write(zs::message{"never delivered"});     // queued
        auto [ec] = co_await push.async_close(tuple);   // error::linger_expired after 50 ms
        // [/snippet]
        check(ec == zs::error::linger_expired, "async_close with no peer: error::linger_expired");
    }
    {
        zs::zmq_stream router(ex, ZMQ_ROUTER, bind_any());
        // [snippet:unreachable]
        router.set_option(zs::option::router_mandatory(true));  // report unknown peers
        zs::message to_nobody{"nobody", "hello"};
        auto [ec] = co_await router.async_write(std::move(to_nobody), tuple);
        // ec == std::errc::host_unreachable (EHOSTUNREACH, in zmq_category())

        router.write(zs::message{"nobody", "hello"});  // no handler to tell: counted
        std::size_t n = router.write_error_count();     // 1
        zs::error_code last = router.last_write_error();  // EHOSTUNREACH
        bool stored = static_cast<bool>(router.exception());  // false: the router goes on
        // [/snippet]
        check(ec == std::errc::host_unreachable && ec.category() == zs::zmq_category(),
            "async_write to an unknown peer: EHOSTUNREACH");
        check(n == 1 && last == std::errc::host_unreachable && !stored, "write() to an unknown peer: counted");
    }
    {
        zs::zmq_stream a(ex, ZMQ_PAIR, bind_any());
        // [snippet:set-exception]
        a.set_exception(make_error_code(std::errc::connection_reset));
        auto [e1, m1] = co_await a.async_read(tuple);   // connection_reset, as long as it is stored
        zs::error_code stored = a.exception();          // connection_reset
        a.set_exception({});                             // clears it
        auto [e2] = co_await a.async_drain(tuple);       // success again
        // [/snippet]
        check(e1 == std::errc::connection_reset && stored == e1 && !e2, "set_exception()");
    }
}

int main()
{
    asio::io_context ioc;
    bool done = false;
    asio::co_spawn(ioc, errors(), [&](std::exception_ptr e) {
        if (e)
            std::rethrow_exception(e);
        done = true;
    });
    try
    {
        ioc.run_for(std::chrono::seconds(20));  // the deadline
    }
    catch (const std::exception& e)
    {
        std::cerr << "failed: " << e.what() << '\n';
        return 1;
    }
    if (!done)
        std::cerr << "failed: timed out\n";
    return done ? 0 : 1;
}
