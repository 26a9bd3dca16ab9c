// One operation with each C++17 completion token (doc/completion-tokens.md):
// a callback, use_future, yield_context, deferred, a timeout with
// parallel_group, and per-operation cancellation. Each part runs on a fresh
// io_context with a 5 s deadline; a failed check, an error or a deadline
// ends it with exit status 1.
#include <boost_zmqstream.hpp>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_future.hpp>

#include <array>
#include <chrono>
#include <future>
#include <iostream>
#include <string>
#include <thread>
#include <utility>

namespace asio = boost::asio;
namespace zs = boost_zmqstream;

int failures = 0;

void check(bool ok, const char* what)
{
    if (ok)
        std::cout << "ok: " << what << '\n';
    else
        std::cerr << "failed: " << what << '\n';
    failures += !ok;
}

// Two connected PAIR streams on `ioc` (taken apart by reference, not with a
// structured binding: C++17 lambdas cannot capture those).
std::pair<zs::zmq_stream, zs::zmq_stream> connected_pair(asio::io_context& ioc)
{
    zs::stream_options ao;
    ao.bind = {"tcp://127.0.0.1:*"};
    zs::zmq_stream a(ioc, ZMQ_PAIR, ao);
    zs::stream_options bo;
    bo.connect = {a.bindings().at(0)};
    zs::zmq_stream b(ioc, ZMQ_PAIR, bo);
    return {std::move(a), std::move(b)};
}

const auto deadline = std::chrono::seconds(5);

void callbacks()
{
    asio::io_context ioc;
    auto streams = connected_pair(ioc);
    zs::zmq_stream &a = streams.first, &b = streams.second;
    std::string got;
    // [snippet:callback]
    a.async_write(zs::message{"callback"}, [&](zs::error_code ec) {
        if (ec)
            return;  // e.g. error::stream_closed
        b.async_read([&](zs::error_code ec, zs::message m) {
            if (!ec)
                got = m[0].to_string();
        });
    });
    ioc.run_for(deadline);  // returns as soon as both operations are done
    // [/snippet]
    check(got == "callback", "callback");
}

void future()
{
    asio::io_context ioc;
    auto streams = connected_pair(ioc);
    zs::zmq_stream &a = streams.first, &b = streams.second;
    // [snippet:future]
    // Start the operations on the thread that owns the streams, then wait.
    std::future<void> sent = a.async_write(zs::message{"future"}, asio::use_future);
    std::future<zs::message> reply = b.async_read(asio::use_future);
    std::thread io([&] { ioc.run_for(deadline); });
    bool ready = reply.wait_for(deadline) == std::future_status::ready;
    io.join();
    sent.get();                                 // rethrows an error as system_error
    zs::message m = ready ? reply.get() : zs::message{};
    // [/snippet]
    check(ready && m == zs::message{"future"}, "use_future");
}

void yield()
{
    asio::io_context ioc;
    auto streams = connected_pair(ioc);
    zs::zmq_stream &a = streams.first, &b = streams.second;
    bool done = false;
    // [snippet:yield]
    asio::spawn(
        ioc,
        [&](asio::yield_context yield) {
            a.async_write(zs::message{"yield"}, yield);  // throws system_error on error
            zs::message m = b.async_read(yield);
            b.close();
            zs::error_code ec;
            b.async_read(yield[ec]);  // an error goes to ec instead
            done = m == zs::message{"yield"} && ec == zs::error::stream_closed;
        },
        [](std::exception_ptr e) {
            if (e)
                std::rethrow_exception(e);
        });
    ioc.run_for(deadline);
    // [/snippet]
    check(done, "yield_context");
}

void deferred()
{
    asio::io_context ioc;
    auto streams = connected_pair(ioc);
    zs::zmq_stream &a = streams.first, &b = streams.second;
    std::string got;
    // [snippet:deferred]
    auto read = b.async_read(asio::deferred);  // a function object; nothing started yet
    a.write(zs::message{"deferred"});
    std::move(read)([&](zs::error_code ec, zs::message m) {  // now it starts
        if (!ec)
            got = m[0].to_string();
    });
    // [/snippet]
    ioc.run_for(deadline);
    check(got == "deferred", "deferred");
}

void timeout()
{
    asio::io_context ioc;
    auto streams = connected_pair(ioc);
    zs::zmq_stream &a = streams.first, &b = streams.second;
    bool timed_out = false;
    // [snippet:timeout]
    asio::steady_timer timer(ioc, std::chrono::milliseconds(50));
    asio::experimental::make_parallel_group(b.async_read(asio::deferred), timer.async_wait(asio::deferred))
        .async_wait(asio::experimental::wait_for_one(),
            [&](std::array<std::size_t, 2>, zs::error_code ec, zs::message m, zs::error_code) {
                // The read's own result decides, not which one finished first.
                if (!ec)
                    std::cout << "got " << m << '\n';
                else if (ec == asio::error::operation_aborted)
                    timed_out = true;  // nothing was consumed
            });
    // [/snippet]
    ioc.run_for(deadline);
    check(timed_out, "parallel_group timeout");
    // The stream is still fine.
    ioc.restart();
    a.write(zs::message{"after"});
    std::string got;
    b.async_read([&](zs::error_code ec, zs::message m) {
        if (!ec)
            got = m[0].to_string();
    });
    ioc.run_for(deadline);
    check(got == "after", "a read after the timeout");
}

void cancellation()
{
    asio::io_context ioc;
    auto streams = connected_pair(ioc);
    zs::zmq_stream& b = streams.second;
    zs::error_code result;
    // [snippet:cancel]
    asio::cancellation_signal signal;
    b.async_read(asio::bind_cancellation_slot(signal.slot(), [&](zs::error_code ec, zs::message) {
        result = ec;  // asio::error::operation_aborted
    }));
    signal.emit(asio::cancellation_type::terminal);  // or partial, or total
    // [/snippet]
    ioc.run_for(deadline);
    check(result == asio::error::operation_aborted, "per-operation cancellation");

    ioc.restart();
    int aborted = 0;
    // [snippet:cancel-all]
    auto count = [&](zs::error_code ec, zs::message) { aborted += ec == asio::error::operation_aborted; };
    b.async_read(count);
    b.async_read(count);  // reads queue up, served first come, first served
    b.cancel();           // every pending operation of b: operation_aborted
    // [/snippet]
    ioc.run_for(deadline);
    check(aborted == 2, "cancel()");
}

int main()
{
    try
    {
        callbacks();
        future();
        yield();
        deferred();
        timeout();
        cancellation();
    }
    catch (const std::exception& e)
    {
        std::cerr << "failed: " << e.what() << '\n';
        return 1;
    }
    return failures == 0 ? 0 : 1;
}
