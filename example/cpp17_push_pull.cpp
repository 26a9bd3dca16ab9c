// A PUSH/PULL pipeline: the producer writes with write() and async_drain()
// (aiozmq's write + drain), the consumer reads with callbacks.
#include <boost_zmqstream.hpp>

#include <boost/asio/io_context.hpp>

#include <functional>
#include <iostream>

namespace asio = boost::asio;
namespace zs = boost_zmqstream;

int main()
{
    asio::io_context ioc;
    zs::stream_options po;
    po.bind = {"tcp://127.0.0.1:*"};
    zs::zmq_stream pull(ioc, ZMQ_PULL, po);
    zs::stream_options so;
    so.connect = {pull.bindings().at(0)};
    zs::zmq_stream push(ioc, ZMQ_PUSH, so);

    constexpr int n = 10000;
    int sent = 0, received = 0;
    long sum = 0;
    std::function<void()> produce = [&] {
        while (sent < n)
        {
            push.write(zs::message{std::to_string(sent++)});
            if (sent % 100 == 0)  // let the write buffer drain below its low watermark
                return push.async_drain([&](zs::error_code ec) {
                    if (!ec)
                        produce();
                });
        }
        push.close();  // flushes what is still buffered, then closes
    };
    std::function<void()> consume = [&] {
        pull.async_read([&](zs::error_code ec, zs::message m) {
            if (ec)
                return;
            sum += std::stol(m[0].to_string());
            if (++received < n)
                return consume();
            pull.close();
        });
    };
    produce();
    consume();
    ioc.run();
    std::cout << "received " << received << " messages, sum " << sum << '\n';
    return received == n && sum == long(n) * (n - 1) / 2 ? 0 : 1;
}
