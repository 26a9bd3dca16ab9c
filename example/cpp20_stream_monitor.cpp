// Port of aiozmq's examples/stream_monitor.py: a ROUTER/DEALER exchange while
// the client prints its socket events (connect, handshake, disconnect).
// An error, a wrong answer, a missing event or the 20 s deadline ends it
// with exit status 1.
#include <boost_zmqstream.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <iostream>
#include <set>
#include <stdexcept>

namespace asio = boost::asio;
namespace zs = boost_zmqstream;
using stream = asio::use_awaitable_t<>::as_default_on_t<zs::zmq_stream>;

std::set<int> seen;
int answered = 0;
bool events_done = false;  // read every event, up to the close

void rethrow(std::exception_ptr e)
{
    if (e)
        std::rethrow_exception(e);
}

asio::awaitable<void> monitor_stream(stream& s)
{
    for (;;)
    {
        auto [ec, event] = co_await s.async_read_event(asio::as_tuple(asio::use_awaitable));
        if (ec == zs::error::stream_closed)
            break;
        if (ec)
            throw boost::system::system_error(ec, "read_event");
        std::cout << event << '\n';
        seen.insert(event.event);
        if (event.event == ZMQ_EVENT_DISCONNECTED)  // the server went away
            s.close();
    }
    events_done = true;
}

asio::awaitable<void> go(stream& router, stream& dealer)
{
    dealer.enable_monitor();
    asio::co_spawn(co_await asio::this_coro::executor, monitor_stream(dealer), rethrow);
    dealer.connect(router.bindings().at(0));
    for (int i = 0; i < 10; ++i)
    {
        zs::message msg{"data", "ask", std::to_string(i)};
        dealer.write(std::move(msg));
        zs::message data = co_await router.async_read();  // throws system_error on error
        co_await router.async_write(std::move(data));
        zs::message answer = co_await dealer.async_read();
        std::cout << answer << '\n';
        if (answer != zs::message{"data", "ask", std::to_string(i)})
            throw std::runtime_error("wrong answer");
        ++answered;
    }
    router.close();
}

int main()
{
    asio::io_context ioc;
    zs::stream_options ro;
    ro.bind = {"tcp://127.0.0.1:*"};
    stream router(ioc, ZMQ_ROUTER, ro);
    stream dealer(ioc, ZMQ_DEALER);
    asio::co_spawn(ioc, go(router, dealer), rethrow);
    try
    {
        ioc.run_for(std::chrono::seconds(20));  // the deadline: a lost message or event cannot hang it
    }
    catch (const std::exception& e)  // an error in a coroutine, rethrown by its completion handler
    {
        std::cerr << "failed: " << e.what() << '\n';
        return 1;
    }
    bool ok = answered == 10 && events_done && seen.count(ZMQ_EVENT_CONNECTED) &&
              seen.count(ZMQ_EVENT_HANDSHAKE_SUCCEEDED) && seen.count(ZMQ_EVENT_DISCONNECTED);
    if (!ok)
        std::cerr << "failed: timed out, or an event is missing\n";
    return ok ? 0 : 1;
}
