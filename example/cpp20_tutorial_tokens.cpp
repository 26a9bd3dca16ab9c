// The C++20 completion tokens (doc/completion-tokens.md): use_awaitable as an
// argument and as the stream's default, as_tuple, redirect_error, and the
// awaitable operators: a timeout with ||, two operations at once with &&.
// A failed check, an error or the 20 s deadline ends it with exit status 1.
#include <boost_zmqstream.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <iostream>
#include <stdexcept>

namespace asio = boost::asio;
namespace zs = boost_zmqstream;
using namespace std::chrono_literals;

void check(bool ok, const char* what)
{
    if (!ok)
        throw std::runtime_error(what);  // main() prints "failed: <what>" and returns 1
    std::cout << "ok: " << what << '\n';
}

asio::awaitable<void> tokens()
{
    auto ex = co_await asio::this_coro::executor;
    zs::stream_options ao;
    ao.bind = {"tcp://127.0.0.1:*"};
    zs::zmq_stream a(ex, ZMQ_PAIR, ao);
    zs::stream_options bo;
    bo.connect = {a.bindings().at(0)};
    zs::zmq_stream b(ex, ZMQ_PAIR, bo);
    {
        // [snippet:awaitable]
        zs::message m{"awaitable"};
        co_await a.async_write(std::move(m), asio::use_awaitable);  // throws system_error on error
        zs::message got = co_await b.async_read(asio::use_awaitable);
        // [/snippet]
        check(got == zs::message{"awaitable"}, "use_awaitable");
    }
    {
        // [snippet:default-token]
        using stream = asio::use_awaitable_t<>::as_default_on_t<zs::zmq_stream>;
        stream s(std::move(b));  // the same stream, with use_awaitable as its default token
        a.write(zs::message{"default"});
        zs::message got = co_await s.async_read();
        // [/snippet]
        check(got == zs::message{"default"}, "as_default_on");
        b = std::move(s);
    }
    {
        // [snippet:as-tuple]
        a.close();
        auto [ec, m] = co_await a.async_read(asio::as_tuple(asio::use_awaitable));  // no exception
        if (ec == zs::error::stream_closed)
            std::cout << "a is closed\n";
        // [/snippet]
        check(ec == zs::error::stream_closed, "as_tuple");
    }
    {
        // [snippet:redirect-error]
        zs::error_code ec;
        co_await a.async_drain(asio::redirect_error(asio::use_awaitable, ec));
        // [/snippet]
        check(ec == zs::error::stream_closed, "redirect_error");
    }
    {
        // [snippet:or-timeout]
        using namespace asio::experimental::awaitable_operators;
        asio::steady_timer timer(ex, 50ms);
        auto r = co_await (b.async_read(asio::use_awaitable) || timer.async_wait(asio::use_awaitable));
        if (r.index() == 1)
            std::cout << "timed out; the read was cancelled and consumed nothing\n";
        else
            std::cout << "got " << std::get<0>(r) << '\n';
        // [/snippet]
        check(r.index() == 1, "|| timeout");
    }
    {
        // [snippet:or-error]
        using namespace asio::experimental::awaitable_operators;
        asio::steady_timer timer(ex, 50ms);
        // a is closed: its read fails at once, but || waits for a success, so
        // this reports the timer after 50 ms and the error is never seen.
        auto lost = co_await (a.async_read(asio::use_awaitable) || timer.async_wait(asio::use_awaitable));
        timer.expires_after(50ms);
        // With as_tuple the read cannot fail: || returns its error at once.
        auto seen = co_await (a.async_read(asio::as_tuple(asio::use_awaitable)) ||
                              timer.async_wait(asio::use_awaitable));
        if (seen.index() == 0)
            std::cout << std::get<0>(std::get<0>(seen)).message() << '\n';  // "the stream is closed"
        // [/snippet]
        check(lost.index() == 1, "|| hides the read's error behind the timer");
        check(seen.index() == 0 && std::get<0>(std::get<0>(seen)) == zs::error::stream_closed,
            "|| with as_tuple sees the read's error");
    }
    {
        zs::stream_options po;
        po.bind = {"tcp://127.0.0.1:*"};
        zs::zmq_stream c(ex, ZMQ_PAIR, po);
        zs::stream_options qo;
        qo.connect = {c.bindings().at(0)};
        zs::zmq_stream d(ex, ZMQ_PAIR, qo);
        // [snippet:and]
        using namespace asio::experimental::awaitable_operators;
        zs::message m{"both"};
        zs::message got = co_await (c.async_write(std::move(m), asio::use_awaitable) &&
                                    d.async_read(asio::use_awaitable));  // both at once
        // [/snippet]
        check(got == zs::message{"both"}, "&&");
    }
}

int main()
{
    asio::io_context ioc;
    bool done = false;
    asio::co_spawn(ioc, tokens(), [&](std::exception_ptr e) {
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
