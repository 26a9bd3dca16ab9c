// The aiozmq Streams example with stackful coroutines (asio::spawn).
// An error, a wrong answer or the 20 s deadline ends it with exit status 1.
#include <boost_zmqstream.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/spawn.hpp>

#include <chrono>
#include <iostream>
#include <stdexcept>

namespace asio = boost::asio;
namespace zs = boost_zmqstream;

int main()
{
    asio::io_context ioc;
    bool done = false;
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
                zs::message data = router.async_read(yield);  // throws system_error on error
                router.async_write(std::move(data), yield);
                zs::message answer = dealer.async_read(yield);
                std::cout << answer << '\n';
                if (answer != zs::message{"data", "ask", std::to_string(i)})
                    throw std::runtime_error("wrong answer");
            }
            dealer.close();
            router.close();
            done = true;
        },
        [](std::exception_ptr e) {
            if (e)
                std::rethrow_exception(e);
        });
    try
    {
        ioc.run_for(std::chrono::seconds(20));  // the deadline: a lost message cannot hang the example
    }
    catch (const std::exception& e)  // an error in a coroutine, rethrown by its completion handler
    {
        std::cerr << "failed: " << e.what() << '\n';
        return 1;
    }
    if (!done)
        std::cerr << "failed: timed out\n";
    return done ? 0 : 1;
}
