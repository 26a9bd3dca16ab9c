// The aiozmq Streams example with C++20 coroutines; the stream type has
// use_awaitable as its default completion token. An error, a wrong answer
// or the 20 s deadline ends it with exit status 1.
#include <boost_zmqstream.hpp>
#include <boost/asio.hpp>
#include <iostream>
namespace asio = boost::asio;
namespace zs = boost_zmqstream;
using stream = asio::use_awaitable_t<>::as_default_on_t<zs::zmq_stream>;

asio::awaitable<void> go()
{
    auto ex = co_await asio::this_coro::executor;
    stream router(ex, ZMQ_ROUTER, {.bind = {"tcp://127.0.0.1:*"}});
    stream dealer(ex, ZMQ_DEALER, {.connect = {router.bindings().at(0)}});
    for (int i = 0; i < 10; ++i) {
        zs::message msg{"data", "ask", std::to_string(i)};
        dealer.write(std::move(msg));
        zs::message data = co_await router.async_read();   // throws system_error on error
        co_await router.async_write(std::move(data));
        zs::message answer = co_await dealer.async_read();
        std::cout << answer << '\n';                        // ["data", "ask", "0"] ...
        if (answer != zs::message{"data", "ask", std::to_string(i)})
            throw std::runtime_error("wrong answer");
    }
    dealer.close();
    router.close();
}

int main()
{
    asio::io_context ioc;
    bool done = false;
    asio::co_spawn(ioc, go(), [&](std::exception_ptr e) {
        if (e)
            std::rethrow_exception(e);
        done = true;
    });
    try {
        ioc.run_for(std::chrono::seconds(20));   // the deadline: a lost message cannot hang it
    } catch (const std::exception& e) {          // an error in go(), rethrown above
        std::cerr << "failed: " << e.what() << '\n';
        return 1;
    }
    if (!done)
        std::cerr << "failed: timed out\n";
    return done ? 0 : 1;
}
