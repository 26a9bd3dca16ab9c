// Threads and lifetimes (doc/threads-and-lifetimes.md): streams on a strand of
// a two-thread io_context; run() returning once the operations are done; a
// moved-from stream; a stream destroyed with a pending read, after close(),
// and after its io_context. A failed check or a deadline ends it with exit
// status 1.
#include <boost_zmqstream.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <thread>

namespace asio = boost::asio;
namespace zs = boost_zmqstream;
using namespace std::chrono_literals;

int failures = 0;

void check(bool ok, const char* what)
{
    if (ok)
        std::cout << "ok: " << what << '\n';
    else
        std::cerr << "failed: " << what << '\n';
    failures += !ok;
}

zs::stream_options bind_any()
{
    zs::stream_options o;
    o.bind = {"tcp://127.0.0.1:*"};
    return o;
}

zs::stream_options connect_to(const std::string& endpoint)
{
    zs::stream_options o;
    o.connect = {endpoint};
    return o;
}

void strand()
{
    constexpr int rounds = 100;
    // [snippet:strand]
    asio::io_context ioc;
    auto strand = asio::make_strand(ioc);
    zs::zmq_stream a(strand, ZMQ_PAIR, bind_any());  // a, b and their handlers: on the strand
    zs::zmq_stream b(strand, ZMQ_PAIR, connect_to(a.bindings().at(0)));
    // [/snippet]
    int echoed = 0;
    std::atomic<int> off_strand{0};
    std::function<void()> round = [&] {
        a.write(zs::message{std::to_string(echoed)});
        b.async_read([&](zs::error_code ec, zs::message m) {
            off_strand += !strand.running_in_this_thread();
            if (ec)
                return;
            b.async_write(std::move(m), [&](zs::error_code ec) {
                off_strand += !strand.running_in_this_thread();
                if (ec)
                    return;
                a.async_read([&](zs::error_code ec, zs::message) {
                    off_strand += !strand.running_in_this_thread();
                    if (ec)
                        return;
                    if (++echoed < rounds)
                        return round();
                    a.close();
                    b.close();
                });
            });
        });
    };
    // [snippet:strand-run]
    asio::post(strand, round);  // start on the strand, like every later call
    std::thread t1([&] { ioc.run_for(20s); }), t2([&] { ioc.run_for(20s); });
    t1.join();  // both return once the last operation is done
    t2.join();
    // [/snippet]
    check(echoed == rounds && off_strand == 0, "100 round trips on a strand, two threads");
}

void run_returns()
{
    asio::io_context ioc;
    zs::zmq_stream a(ioc, ZMQ_PAIR, bind_any());
    zs::zmq_stream b(ioc, ZMQ_PAIR, connect_to(a.bindings().at(0)));
    bool got = false;
    // [snippet:run-returns]
    a.write(zs::message{"one"});
    b.async_read([&](zs::error_code ec, zs::message) { got = !ec; });
    ioc.run_for(5s);            // returns as soon as the read is done...
    bool idle = ioc.stopped();  // ...out of work, with a and b still open
    // [/snippet]
    check(got && idle && a.is_open() && b.is_open(), "run() returns once the operations are done");

    // [snippet:monitor-keeps-running]
    b.enable_monitor();   // an enabled monitor is work: it keeps run() going
    ioc.restart();
    ioc.run_for(100ms);   // runs the full 100 ms
    bool busy = !ioc.stopped();
    b.disable_monitor();
    ioc.restart();
    ioc.run_for(5s);      // returns at once again
    // [/snippet]
    check(busy && ioc.stopped(), "an enabled monitor keeps run() going");
}

void moved_from()
{
    asio::io_context ioc;
    zs::zmq_stream a(ioc, ZMQ_PAIR, bind_any());
    zs::error_code read_ec, bind_ec;
    // [snippet:moved-from]
    zs::zmq_stream c = std::move(a);  // c owns the socket (and any pending operation)
    bool closed = !a.is_open() && a.socket_type() == -1 && a.bindings().empty();
    a.async_read([&](zs::error_code ec, zs::message) { read_ec = ec; });  // error::not_open
    a.bind("tcp://127.0.0.1:*", bind_ec);                                 // error::not_open
    a = zs::zmq_stream(ioc, ZMQ_PAIR);  // usable again
    // [/snippet]
    ioc.run_for(5s);
    check(closed && read_ec == zs::error::not_open && bind_ec == zs::error::not_open && a.is_open() &&
              c.is_open(),
        "a moved-from stream");
}

void destroyed_with_a_pending_read()
{
    asio::io_context ioc;
    zs::error_code result;
    // [snippet:destroyed]
    {
        zs::zmq_stream s(ioc, ZMQ_PULL, bind_any());
        s.async_read([&](zs::error_code ec, zs::message) { result = ec; });
    }  // ~zmq_stream: the read completes with operation_aborted
    ioc.run_for(5s);
    // [/snippet]
    check(result == asio::error::operation_aborted, "destroyed with a pending read");
}

void destroyed_after_close()
{
    asio::io_context ioc;
    std::string endpoint;
    // [snippet:close-then-destroy]
    {
        zs::zmq_stream push(ioc, ZMQ_PUSH, bind_any());  // no peer yet
        endpoint = push.bindings().at(0);
        for (int i = 0; i < 3; ++i)
            push.write(zs::message{std::to_string(i)});  // queued
        push.close();
    }  // the object is gone; its queue still goes out (for up to ZMQ_LINGER)
    zs::zmq_stream pull(ioc, ZMQ_PULL, connect_to(endpoint));
    // [/snippet]
    int got = 0;
    std::function<void()> next = [&] {
        pull.async_read([&](zs::error_code ec, zs::message m) {
            if (ec || m[0].view() != std::to_string(got))
                return;
            if (++got < 3)
                next();
        });
    };
    next();
    ioc.run_for(5s);
    check(got == 3, "messages queued before close() outlive the stream object");
}

void outlives_io_context()
{
    bool invoked = false;
    // [snippet:context-destroyed]
    auto session = std::make_shared<int>(42);  // what a handler keeps alive
    std::weak_ptr<int> watch = session;
    std::optional<zs::zmq_stream> s;
    {
        asio::io_context ioc;
        s.emplace(ioc, ZMQ_PULL, bind_any());
        s->async_read([&invoked, session = std::move(session)](zs::error_code, zs::message) { invoked = true; });
    }  // ~io_context: the parked handler is destroyed, never invoked; the socket is closed
    bool freed = watch.expired();
    s.reset();  // the stream object may outlive its io_context
    // [/snippet]
    check(freed && !invoked, "handlers destroyed with the io_context");
}

int main()
{
    try
    {
        strand();
        run_returns();
        moved_from();
        destroyed_with_a_pending_read();
        destroyed_after_close();
        outlives_io_context();
    }
    catch (const std::exception& e)
    {
        std::cerr << "failed: " << e.what() << '\n';
        return 1;
    }
    return failures == 0 ? 0 : 1;
}
