// The aiozmq Streams example with C++20 coroutines; the stream type has
// use_awaitable as its default completion token.
#include <boost_zmqstream.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <iostream>

namespace asio = boost::asio;
namespace zs = boost_zmqstream;
using stream = asio::use_awaitable_t<>::as_default_on_t<zs::zmq_stream>;

asio::awaitable<int> go()
{
    auto ex = co_await asio::this_coro::executor;
    zs::stream_options ro;
    ro.bind = {"tcp://127.0.0.1:*"};
    stream router(ex, ZMQ_ROUTER, ro);
    zs::stream_options dopt;
    dopt.connect = {router.bindings().at(0)};
    stream dealer(ex, ZMQ_DEALER, dopt);
    int ok = 0;
    for (int i = 0; i < 10; ++i)
    {
        zs::message msg{"data", "ask", std::to_string(i)};
        dealer.write(std::move(msg));
        zs::message data = co_await router.async_read();
        co_await router.async_write(std::move(data));
        zs::message answer = co_await dealer.async_read();
        std::cout << answer << '\n';
        ok += answer == zs::message{"data", "ask", std::to_string(i)};
    }
    dealer.close();
    router.close();
    co_return ok;
}

int main()
{
    asio::io_context ioc;
    int ok = 0;
    asio::co_spawn(ioc, go(), [&](std::exception_ptr e, int n) {
        if (e)
            std::rethrow_exception(e);
        ok = n;
    });
    ioc.run();
    return ok == 10 ? 0 : 1;
}
