// Tutorial, step 2 (doc/tutorial.md): a broker. Clients connect to its ROUTER
// front end over TCP, workers to its DEALER back end over inproc://; the
// broker passes every message through unchanged, envelope and all. A DEALER
// client and a REQ client make 5 round trips each, the DEALER client also
// sees one request time out; a monitor on the front end logs the clients'
// connections and stops the broker once both have gone. An error, a wrong
// answer or the 20 s deadline ends it with exit status 1.
#include <boost_zmqstream.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>

namespace asio = boost::asio;
namespace zs = boost_zmqstream;
using namespace std::chrono_literals;
using stream = asio::use_awaitable_t<>::as_default_on_t<zs::zmq_stream>;
using asio::experimental::awaitable_operators::operator&&;
using asio::experimental::awaitable_operators::operator||;

constexpr int round_trips = 5;

// [snippet:forward]
// Moves every message from `from` to `to` as it is: [client id, ..., body].
asio::awaitable<void> forward(stream& from, stream& to)
{
    for (;;)
    {
        auto [ec, msg] = co_await from.async_read(asio::as_tuple(asio::use_awaitable));
        if (ec == zs::error::stream_closed)
            co_return;  // the broker was stopped
        if (ec)
            throw boost::system::system_error(ec, "broker read");
        // Completes once libzmq took it: no worker yet, no read either.
        auto [wec] = co_await to.async_write(std::move(msg), asio::as_tuple(asio::use_awaitable));
        if (wec == zs::error::stream_closed)
            co_return;
        if (wec)
            throw boost::system::system_error(wec, "broker write");
    }
}
// [/snippet]

// [snippet:worker]
asio::awaitable<void> worker(stream& s, std::string name)
{
    for (;;)
    {
        auto [ec, request] = co_await s.async_read(asio::as_tuple(asio::use_awaitable));
        if (ec == zs::error::stream_closed)
            co_return;
        if (ec)
            throw boost::system::system_error(ec, "worker read");
        // [client id, "" (from a REQ client only), body]: all but the body
        // is the envelope, and goes back unchanged.
        std::string body = request.back().to_string();
        if (body == "drop")
            continue;  // a lost request: the client's timeout has to deal with it
        request.pop_back();
        request.push_back(body + " done by " + name);
        co_await s.async_write(std::move(request));
    }
}
// [/snippet]

// [snippet:request]
// One request, one reply, or nothing after `timeout`.
asio::awaitable<std::optional<zs::message>> request(stream& s, std::string body, std::chrono::milliseconds timeout)
{
    asio::steady_timer timer(co_await asio::this_coro::executor, timeout);
    zs::message m{body};  // (g++ 12 rejects co_await s.async_write(zs::message{body}))
    co_await s.async_write(std::move(m));
    // as_tuple: a read that fails still "succeeds" for ||, so its error is not
    // mistaken for a timeout.
    auto r = co_await (s.async_read(asio::as_tuple(asio::use_awaitable)) || timer.async_wait(asio::use_awaitable));
    if (r.index() == 1)
        co_return std::nullopt;  // the timer won; the read was cancelled and consumed nothing
    auto [ec, reply] = std::move(std::get<0>(r));
    if (ec)
        throw boost::system::system_error(ec, "request");
    co_return std::move(reply);
}
// [/snippet]

int timeouts = 0;

asio::awaitable<void> client(stream& s, std::string name)
{
    // [snippet:client]
    for (int i = 0; i < round_trips; ++i)
    {
        std::string body = name + " #" + std::to_string(i);
        std::optional<zs::message> reply = co_await request(s, body, 5s);
        if (!reply)
            throw std::runtime_error(body + ": no reply within 5 s");
        std::cout << name << " got " << *reply << '\n';  // ["dealer #0 done by worker 1"]
        if (reply->size() != 1 || reply->back().view().substr(0, body.size() + 9) != body + " done by ")
            throw std::runtime_error(body + ": wrong reply");
    }
    // [/snippet]
    if (s.socket_type() != ZMQ_DEALER)
        co_return;  // a REQ socket that got no reply cannot send again
    // [snippet:timeout]
    std::optional<zs::message> lost = co_await request(s, "drop", 200ms);
    if (lost)
        throw std::runtime_error("a dropped request was answered");
    std::cout << name << ": no reply within 200 ms\n";
    // [/snippet]
    ++timeouts;
    if (!co_await request(s, name + " again", 5s))
        throw std::runtime_error("no reply after the timeout");
}

// [snippet:monitor]
// Logs the front end's connections; stops the broker once `clients` have gone.
asio::awaitable<void> watch(stream& front, int clients, auto stop)
{
    for (int gone = 0; gone < clients;)
    {
        auto [ec, ev] = co_await front.async_read_event(asio::as_tuple(asio::use_awaitable));
        if (ec)
            throw boost::system::system_error(ec, "read_event");
        std::cout << "front end: " << ev << '\n';  // ACCEPTED(value=12, endpoint="tcp://127.0.0.1:41234")
        if (ev.event == ZMQ_EVENT_DISCONNECTED)
            ++gone;
    }
    stop();
}
// [/snippet]

asio::awaitable<void> tutorial()
{
    auto ex = co_await asio::this_coro::executor;
    // [snippet:broker]
    zs::stream_options fo, bo;
    fo.bind = {"tcp://127.0.0.1:*"};
    bo.bind = {"inproc://tutorial-workers"};  // in-process: same libzmq context only
    stream front(ex, ZMQ_ROUTER, fo), back(ex, ZMQ_DEALER, bo);
    front.enable_monitor(ZMQ_EVENT_ACCEPTED | ZMQ_EVENT_DISCONNECTED);
    // [/snippet]

    // [snippet:peers]
    zs::stream_options wo, co;
    wo.connect = {back.bindings().at(0)};
    co.connect = {front.bindings().at(0)};
    stream w1(ex, ZMQ_DEALER, wo), w2(ex, ZMQ_DEALER, wo);
    stream dealer(ex, ZMQ_DEALER, co), req(ex, ZMQ_REQ, co);
    // [/snippet]

    // [snippet:run]
    auto stop = [&] {
        front.close();  // each loop's pending read ends with error::stream_closed
        back.close();
        w1.close();
        w2.close();
    };
    auto clients = [&]() -> asio::awaitable<void> {
        co_await (client(dealer, "dealer") && client(req, "req"));
        dealer.close();  // the monitor sees them go, and stops the broker
        req.close();
    };
    co_await (forward(front, back) && forward(back, front) && worker(w1, "worker 1") && worker(w2, "worker 2") &&
              watch(front, 2, stop) && clients());
    // [/snippet]
}

int main()
{
    asio::io_context ioc;
    bool done = false;
    asio::co_spawn(ioc, tutorial(), [&](std::exception_ptr e) {
        if (e)
            std::rethrow_exception(e);
        done = true;
    });
    try
    {
        ioc.run_for(std::chrono::seconds(20));  // the deadline: a lost message cannot hang it
    }
    catch (const std::exception& e)  // an error in a coroutine, rethrown above
    {
        std::cerr << "failed: " << e.what() << '\n';
        return 1;
    }
    if (!done)
        std::cerr << "failed: timed out\n";
    else if (timeouts != 1)
        std::cerr << "failed: " << timeouts << " timeouts instead of 1\n";
    return done && timeouts == 1 ? 0 : 1;
}
