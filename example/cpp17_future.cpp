// The aiozmq Streams example with use_future: the io_context runs on its own
// thread, and main() waits on futures. A stream is not thread-safe, so each
// operation is started on the io thread (post + use_future) and only its
// future crosses threads.
#include <boost_zmqstream.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_future.hpp>

#include <iostream>
#include <thread>

namespace asio = boost::asio;
namespace zs = boost_zmqstream;

// Runs `f` on the io thread and returns what it returned (here: a future).
template <class F>
auto on_io(asio::io_context& ioc, F f)
{
    return asio::post(ioc, asio::use_future(std::move(f))).get();
}

int main()
{
    asio::io_context ioc;
    auto work = asio::make_work_guard(ioc);
    std::thread io([&] { ioc.run(); });

    zs::stream_options ro;
    ro.bind = {"tcp://127.0.0.1:*"};
    zs::zmq_stream router(ioc, ZMQ_ROUTER, ro);
    zs::stream_options dopt;
    dopt.connect = {router.bindings().at(0)};
    zs::zmq_stream dealer(ioc, ZMQ_DEALER, dopt);

    int ok = 0;
    for (int i = 0; i < 10; ++i)
    {
        on_io(ioc, [&] { return dealer.async_write(zs::message{"data", "ask", std::to_string(i)}, asio::use_future); })
            .get();
        zs::message data = on_io(ioc, [&] { return router.async_read(asio::use_future); }).get();
        on_io(ioc, [&] { return router.async_write(std::move(data), asio::use_future); }).get();
        zs::message answer = on_io(ioc, [&] { return dealer.async_read(asio::use_future); }).get();
        std::cout << answer << '\n';
        ok += answer == zs::message{"data", "ask", std::to_string(i)};
    }
    on_io(ioc, [&] {
        dealer.close();
        router.close();
    });
    work.reset();
    io.join();
    return ok == 10 ? 0 : 1;
}
