// The aiozmq Streams example with use_future: the io_context runs on its own
// thread, and main() waits on futures. A stream is not thread-safe, so each
// operation is started on the io thread (post + use_future) and only its
// future crosses threads. An error, a wrong answer or the 20 s deadline ends
// it with exit status 1.
#include <boost_zmqstream.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_future.hpp>

#include <chrono>
#include <future>
#include <iostream>
#include <stdexcept>
#include <thread>

namespace asio = boost::asio;
namespace zs = boost_zmqstream;

int main()
{
    asio::io_context ioc;
    zs::stream_options ro;
    ro.bind = {"tcp://127.0.0.1:*"};
    zs::zmq_stream router(ioc, ZMQ_ROUTER, ro);
    zs::stream_options dopt;
    dopt.connect = {router.bindings().at(0)};
    zs::zmq_stream dealer(ioc, ZMQ_DEALER, dopt);
    auto work = asio::make_work_guard(ioc);
    std::thread io([&] { ioc.run(); });

    // get() rethrows an operation's error; the deadline bounds every wait.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    auto wait = [&](auto future) {
        if (future.wait_until(deadline) != std::future_status::ready)
            throw std::runtime_error("timed out");
        return future.get();
    };
    // Starts `op` on the io thread and waits for the result of the future it returns.
    auto on_io = [&](auto op) { return wait(wait(asio::post(ioc, asio::use_future(op)))); };

    bool ok = true;
    try
    {
        for (int i = 0; i < 10; ++i)
        {
            on_io([&] { return dealer.async_write(zs::message{"data", "ask", std::to_string(i)}, asio::use_future); });
            zs::message data = on_io([&] { return router.async_read(asio::use_future); });
            on_io([&] { return router.async_write(std::move(data), asio::use_future); });
            zs::message answer = on_io([&] { return dealer.async_read(asio::use_future); });
            std::cout << answer << '\n';
            if (answer != zs::message{"data", "ask", std::to_string(i)})
                throw std::runtime_error("wrong answer");
        }
        wait(asio::post(ioc, asio::use_future([&] {
            dealer.close();
            router.close();
        })));
    }
    catch (const std::exception& e)
    {
        std::cerr << "failed: " << e.what() << '\n';
        ok = false;
        ioc.stop();  // the streams are destroyed (aborted) after the io thread ended
    }
    work.reset();
    io.join();
    return ok ? 0 : 1;
}
