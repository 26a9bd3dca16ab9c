// aiozmq's examples/stream_monitor.py with stackful coroutines (asio::spawn).
// An error, a wrong answer, a missing event or the 20 s deadline ends it
// with exit status 1.
#include <boost_zmqstream.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/spawn.hpp>

#include <chrono>
#include <iostream>
#include <set>
#include <stdexcept>

namespace asio = boost::asio;
namespace zs = boost_zmqstream;

int main()
{
    asio::io_context ioc;
    zs::stream_options ro;
    ro.bind = {"tcp://127.0.0.1:*"};
    zs::zmq_stream router(ioc, ZMQ_ROUTER, ro);
    zs::zmq_stream dealer(ioc, ZMQ_DEALER);
    std::set<int> seen;
    int answered = 0;
    bool events_done = false;  // read every event, up to the close
    auto rethrow = [](std::exception_ptr e) {
        if (e)
            std::rethrow_exception(e);
    };

    dealer.enable_monitor();
    asio::spawn(
        ioc,
        [&](asio::yield_context yield) {
            for (;;)
            {
                zs::error_code ec;
                zs::monitor_event event = dealer.async_read_event(yield[ec]);
                if (ec == zs::error::stream_closed)
                    break;
                if (ec)
                    throw boost::system::system_error(ec, "read_event");
                std::cout << event << '\n';
                seen.insert(event.event);
                if (event.event == ZMQ_EVENT_DISCONNECTED)
                    dealer.close();
            }
            events_done = true;
        },
        rethrow);
    asio::spawn(
        ioc,
        [&](asio::yield_context yield) {
            dealer.connect(router.bindings().at(0));
            for (int i = 0; i < 10; ++i)
            {
                dealer.write(zs::message{"data", "ask", std::to_string(i)});
                zs::message data = router.async_read(yield);  // throws system_error on error
                router.async_write(std::move(data), yield);
                zs::message answer = dealer.async_read(yield);
                std::cout << answer << '\n';
                if (answer != zs::message{"data", "ask", std::to_string(i)})
                    throw std::runtime_error("wrong answer");
                ++answered;
            }
            router.close();
        },
        rethrow);
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
