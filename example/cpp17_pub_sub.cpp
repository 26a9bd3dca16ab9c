// PUB/SUB with topic filtering. A subscriber only sees messages published
// after its subscription reached the publisher ("slow joiner"), so the
// publisher here is an XPUB: it reads the subscription before publishing.
// An error, a wrong message or the 20 s deadline ends it with exit status 1.
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
            zs::stream_options po;
            po.bind = {"tcp://127.0.0.1:*"};
            zs::zmq_stream pub(ioc, ZMQ_XPUB, po);
            zs::stream_options so;
            so.connect = {pub.bindings().at(0)};
            zs::zmq_stream sub(ioc, ZMQ_SUB, so);
            sub.subscribe("weather");

            zs::message subscription = pub.async_read(yield);  // throws system_error on error
            std::cout << "subscription: " << subscription << '\n';
            if (subscription != zs::message{"\x01weather"})
                throw std::runtime_error("wrong subscription");

            pub.write(zs::message{"sport", "ignored by the subscriber"});
            pub.write(zs::message{"weather", "sunny"});
            pub.write(zs::message{"weather", "rain"});
            for (const char* expected : {"sunny", "rain"})
            {
                zs::message m = sub.async_read(yield);
                std::cout << m << '\n';
                if (m != zs::message{"weather", expected})
                    throw std::runtime_error("wrong message");
            }
            pub.close();
            sub.close();
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
