// The aiozmq Streams example (ROUTER/DEALER, ten rounds) with callbacks.
// An error, a wrong answer or the 20 s deadline ends it with exit status 1.
#include <boost_zmqstream.hpp>

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <functional>
#include <iostream>
#include <string>
#include <utility>

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

    int i = 0;
    bool failed = false;
    auto fail = [&](const std::string& what) {
        if (std::exchange(failed, true))
            return;
        std::cerr << "failed: " << what << '\n';
        dealer.abort();  // drops what is queued and ends every pending operation
        router.abort();
    };
    std::function<void()> round = [&] {
        dealer.write(zs::message{"data", "ask", std::to_string(i)});
        router.async_read([&](zs::error_code ec, zs::message data) {
            if (ec)
                return fail("router read: " + ec.message());
            router.async_write(std::move(data), [&](zs::error_code ec) {
                if (ec)
                    return fail("router write: " + ec.message());
                dealer.async_read([&](zs::error_code ec, zs::message answer) {
                    if (ec)
                        return fail("dealer read: " + ec.message());
                    std::cout << answer << '\n';
                    if (answer != zs::message{"data", "ask", std::to_string(i)})
                        return fail("wrong answer");
                    if (++i < 10)
                        return round();
                    dealer.close();
                    router.close();
                });
            });
        });
    };
    round();
    ioc.run_for(std::chrono::seconds(20));  // the deadline: a lost message cannot hang the example
    if (i < 10 && !failed)
        std::cerr << "failed: timed out\n";
    return i == 10 && !failed ? 0 : 1;
}
