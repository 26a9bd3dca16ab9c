// The aiozmq Streams example with stackful coroutines (asio::spawn).
#include <boost_zmqstream.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/spawn.hpp>

#include <iostream>

namespace asio = boost::asio;
namespace zs = boost_zmqstream;

int main()
{
    asio::io_context ioc;
    int ok = 0;
    asio::spawn(
        ioc,
        [&](asio::yield_context yield) {
            zs::stream_options ro;
            ro.bind = {"tcp://127.0.0.1:*"};
            zs::zmq_stream router(ioc, ZMQ_ROUTER, ro);
            zs::stream_options dopt;
            dopt.connect = {router.bindings().at(0)};
            zs::zmq_stream dealer(ioc, ZMQ_DEALER, dopt);
            for (int i = 0; i < 10; ++i)
            {
                dealer.write(zs::message{"data", "ask", std::to_string(i)});
                zs::message data = router.async_read(yield);
                router.async_write(std::move(data), yield);
                zs::message answer = dealer.async_read(yield);
                std::cout << answer << '\n';
                ok += answer == zs::message{"data", "ask", std::to_string(i)};
            }
            dealer.close();
            router.close();
        },
        [](std::exception_ptr e) {
            if (e)
                std::rethrow_exception(e);
        });
    ioc.run();
    return ok == 10 ? 0 : 1;
}
