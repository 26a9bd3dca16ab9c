// The aiozmq Streams example (ROUTER/DEALER, ten rounds) with callbacks.
#include <boost_zmqstream.hpp>

#include <boost/asio/io_context.hpp>

#include <functional>
#include <iostream>

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

    int i = 0, failures = 0;
    std::function<void()> round = [&] {
        dealer.write(zs::message{"data", "ask", std::to_string(i)});
        router.async_read([&](zs::error_code ec, zs::message data) {
            if (ec)
                return (void)++failures;
            router.async_write(std::move(data), [&](zs::error_code ec) {
                if (ec)
                    return (void)++failures;
                dealer.async_read([&](zs::error_code ec, zs::message answer) {
                    if (ec || answer != zs::message{"data", "ask", std::to_string(i)})
                        return (void)++failures;
                    std::cout << answer << '\n';
                    if (++i < 10)
                        return round();
                    dealer.close();
                    router.close();
                });
            });
        });
    };
    round();
    ioc.run();  // returns once both streams are closed
    return failures == 0 && i == 10 ? 0 : 1;
}
