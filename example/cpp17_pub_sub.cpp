// PUB/SUB with topic filtering. A subscriber only sees messages published
// after its subscription reached the publisher ("slow joiner"), so the
// publisher here is an XPUB: it reads the subscription before publishing.
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
            zs::stream_options po;
            po.bind = {"tcp://127.0.0.1:*"};
            zs::zmq_stream pub(ioc, ZMQ_XPUB, po);
            zs::stream_options so;
            so.connect = {pub.bindings().at(0)};
            zs::zmq_stream sub(ioc, ZMQ_SUB, so);
            sub.subscribe("weather");

            zs::message subscription = pub.async_read(yield);  // "\x01weather"
            std::cout << "subscription: " << subscription << '\n';

            pub.write(zs::message{"sport", "ignored by the subscriber"});
            pub.write(zs::message{"weather", "sunny"});
            pub.write(zs::message{"weather", "rain"});
            for (const char* expected : {"sunny", "rain"})
            {
                zs::message m = sub.async_read(yield);
                std::cout << m << '\n';
                ok += m[0].view() == "weather" && m[1].view() == expected;
            }
            pub.close();
            sub.close();
        },
        [](std::exception_ptr e) {
            if (e)
                std::rethrow_exception(e);
        });
    ioc.run();
    return ok == 2 ? 0 : 1;
}
