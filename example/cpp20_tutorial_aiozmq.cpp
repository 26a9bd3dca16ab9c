// aiozmq's Streams API, name by name, in C++ (doc/coming-from-aiozmq.md):
// create_zmq_stream, read/write/drain, read_event, the transport's methods
// (now members of the stream), close/abort/at_closing. A failed check, an
// error or the 20 s deadline ends it with exit status 1.
#include <boost_zmqstream.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace asio = boost::asio;
namespace zs = boost_zmqstream;
using stream = asio::use_awaitable_t<>::as_default_on_t<zs::zmq_stream>;

void check(bool ok, const std::string& what)
{
    if (!ok)
        throw std::runtime_error(what);  // main() prints "failed: <what>" and returns 1
    std::cout << "ok: " << what << '\n';
}

asio::awaitable<void> tour()
{
    auto ex = co_await asio::this_coro::executor;
    // [snippet:create]
    zs::stream_options opts;
    opts.bind = {"tcp://127.0.0.1:*"};  // bind=..., connect=... take lists
    opts.high_read = 1 << 20;           // payload bytes; unset: aiozmq's defaults
    opts.events_backlog = 100;          // std::nullopt: unlimited
    stream router(ex, ZMQ_ROUTER, opts);  // or zs::make_zmq_stream(ex, ZMQ_ROUTER, opts)
    std::string addr = router.bindings().at(0);
    zs::stream_options dopts;
    dopts.connect = {addr};
    stream dealer(ex, ZMQ_DEALER, dopts);
    // [/snippet]

    // [snippet:read-write]
    dealer.write(zs::message{"data", "ask", "0"});  // never blocks
    zs::message data = co_await router.async_read();  // [dealer's id, "data", "ask", "0"]
    router.write(std::move(data));
    co_await router.async_drain();                    // at once unless writing is paused
    zs::message answer = co_await dealer.async_read();  // ["data", "ask", "0"]
    // [/snippet]
    check(answer == zs::message{"data", "ask", "0"}, "read, write, drain");

    {
        // [snippet:endpoints]
        router.bind("tcp://127.0.0.1:*");          // returns nothing: see bindings()
        std::vector<std::string> bound = router.bindings();  // resolved: "tcp://127.0.0.1:41234"
        router.unbind(bound.back());                // as given to bind() or as resolved
        dealer.disconnect(addr);
        dealer.connect(addr);
        std::vector<std::string> connected = dealer.connections();  // {addr}
        // [/snippet]
        check(bound.size() == 2 && router.bindings().size() == 1 && connected == std::vector<std::string>{addr},
            "bind, unbind, bindings, connect, disconnect, connections");
    }
    {
        // [snippet:subscribe]
        stream sub(ex, ZMQ_SUB);
        sub.subscribe("news");
        sub.subscribe("news");    // counted, as libzmq counts them
        sub.unsubscribe("news");  // still subscribed once
        std::vector<std::string> topics = sub.subscriptions();  // {"news"}
        // [/snippet]
        check(topics == std::vector<std::string>{"news"}, "subscribe, unsubscribe, subscriptions");
    }
    {
        // [snippet:options]
        router.set_option(zs::option::linger(0));                  // setsockopt(zmq.LINGER, 0)
        router.set_option(zs::option::integer<ZMQ_SNDHWM>(5000));  // any int option
        zs::option::linger linger;
        router.get_option(linger);                                 // linger.value() == 0
        zs::option::last_endpoint last;
        router.get_option(last);  // the last bind's endpoint, as text without the NUL
        // [/snippet]
        check(linger.value() == 0 && last.value().rfind("tcp://127.0.0.1:", 0) == 0, "set_option, get_option");
    }
    {
        // [snippet:extra-info]
        int type = router.socket_type();        // get_extra_info("zmq_type"): ZMQ_ROUTER
        void* socket = router.native_handle();  // get_extra_info("zmq_socket"): the libzmq socket
        // [/snippet]
        check(type == ZMQ_ROUTER && socket != nullptr, "socket_type, native_handle");
    }
    {
        // [snippet:flow]
        router.pause_reading();  // messages wait inside libzmq
        router.resume_reading();
        router.set_write_buffer_limits(64 * 1024);       // high; low = high / 4
        auto [low, high] = router.get_write_buffer_limits();  // {16384, 65536}
        std::size_t queued = router.write_buffer_size();  // payload bytes not yet taken by libzmq
        // [/snippet]
        check(low == 16384 && high == 65536 && queued == 0, "pause, resume, write buffer limits and size");
    }
    {
        // [snippet:monitor]
        dealer.enable_monitor(ZMQ_EVENT_ALL);  // synchronous: no co_await
        dealer.disconnect(addr);
        dealer.connect(addr);
        zs::monitor_event ev = co_await dealer.async_read_event();  // e.g. CONNECT_DELAYED, CONNECTED
        std::cout << ev << '\n';  // CONNECT_DELAYED(value=115, endpoint="tcp://127.0.0.1:41234")
        dealer.disable_monitor();
        // [/snippet]
        check(ev.event != 0, "enable_monitor, read_event, disable_monitor");
    }
    {
        // [snippet:close]
        dealer.write(zs::message{"data", "ask", "1"});
        zs::message second = co_await router.async_read();  // read before close: still delivered
        router.close();
        bool open = router.is_open();         // false at once
        bool closing = router.at_closing();   // true: closed and nothing left to read
        auto [ec, m] = co_await router.async_read(asio::as_tuple(asio::use_awaitable));
        // ec == zs::error::stream_closed: aiozmq's ZmqStreamClosed
        dealer.abort();                       // transport.abort(): drops what is queued
        // [/snippet]
        check(second.size() == 4 && !open && closing && ec == zs::error::stream_closed && !dealer.is_open(),
            "close, at_closing, ZmqStreamClosed, abort");
    }
}

int main()
{
    asio::io_context ioc;
    bool done = false;
    asio::co_spawn(ioc, tour(), [&](std::exception_ptr e) {
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
