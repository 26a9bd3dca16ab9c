// aiozmq's examples/stream_monitor.py with stackful coroutines (asio::spawn).
#include <boost_zmqstream.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/spawn.hpp>

#include <iostream>
#include <set>

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
        },
        rethrow);
    asio::spawn(
        ioc,
        [&](asio::yield_context yield) {
            dealer.connect(router.bindings().at(0));
            for (int i = 0; i < 10; ++i)
            {
                dealer.write(zs::message{"data", "ask", std::to_string(i)});
                zs::message data = router.async_read(yield);
                router.async_write(std::move(data), yield);
                std::cout << dealer.async_read(yield) << '\n';
            }
            router.close();
        },
        rethrow);
    ioc.run();
    bool ok = seen.count(ZMQ_EVENT_CONNECTED) && seen.count(ZMQ_EVENT_HANDSHAKE_SUCCEEDED) &&
              seen.count(ZMQ_EVENT_DISCONNECTED);
    return ok ? 0 : 1;
}
