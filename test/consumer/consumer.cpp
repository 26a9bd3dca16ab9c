// The program every consumer project of test/consumer/ builds: one
// DEALER -> ROUTER -> DEALER round trip over TCP, in C++17 with callbacks.
// Exit status 0 when the echo came back, 1 on an error or after 10 s.
#include <boost_zmqstream.hpp>

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <iostream>
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

    bool ok = false;
    auto fail = [&] { router.abort(); dealer.abort(); };
    dealer.write(zs::message{"hello"});
    router.async_read([&](zs::error_code ec, zs::message m) {
        if (ec)
            return fail();
        router.async_write(std::move(m), [&](zs::error_code ec) {
            if (ec)
                return fail();
            dealer.async_read([&](zs::error_code ec, zs::message answer) {
                ok = !ec && answer == zs::message{"hello"};
                dealer.close();
                router.close();
            });
        });
    });
    ioc.run_for(std::chrono::seconds(10));
    std::cout << "boost_zmqstream " << BOOST_ZMQSTREAM_VERSION << " consumer: "
              << (ok ? "ok" : "FAILED") << '\n';
    return ok ? 0 : 1;
}
