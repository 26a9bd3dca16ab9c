// A PUSH/PULL pipeline: the producer writes with write() and async_drain()
// (aiozmq's write + drain), the consumer reads with callbacks and checks that
// every message arrives, in order. An error, a lost or wrong message or the
// 20 s deadline ends it with exit status 1.
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
    zs::stream_options po;
    po.bind = {"tcp://127.0.0.1:*"};
    zs::zmq_stream pull(ioc, ZMQ_PULL, po);
    zs::stream_options so;
    so.connect = {pull.bindings().at(0)};
    zs::zmq_stream push(ioc, ZMQ_PUSH, so);

    constexpr int n = 10000;
    int sent = 0, received = 0;
    bool failed = false;
    auto fail = [&](const std::string& what) {
        if (std::exchange(failed, true))
            return;
        std::cerr << "failed: " << what << '\n';
        push.abort();  // drops what is queued and ends every pending operation
        pull.abort();
    };
    std::function<void()> produce = [&] {
        while (sent < n)
        {
            push.write(zs::message{std::to_string(sent++)});
            if (sent % 100 == 0)  // let the write buffer drain below its low watermark
                return push.async_drain([&](zs::error_code ec) {
                    if (ec)
                        return fail("drain: " + ec.message());
                    produce();
                });
        }
        push.close();  // flushes what is still buffered, then closes
    };
    std::function<void()> consume = [&] {
        pull.async_read([&](zs::error_code ec, zs::message m) {
            if (ec)
                return fail("read: " + ec.message());
            if (m != zs::message{std::to_string(received)})
                return fail("message " + std::to_string(received) + " is wrong or missing");
            if (++received < n)
                return consume();
            pull.close();
        });
    };
    produce();
    consume();
    ioc.run_for(std::chrono::seconds(20));  // the deadline: a lost message cannot hang the example
    if (received < n && !failed)
        std::cerr << "failed: timed out\n";
    std::cout << "received " << received << " of " << n << " messages\n";
    return received == n && !failed ? 0 : 1;
}
