#include <boost_zmqstream/zmq_stream.hpp>

#include <boost_zmqstream_test/sync.hpp>

using namespace boost_zmqstream_test;

BOOST_AUTO_TEST_SUITE(lifecycle)

BOOST_AUTO_TEST_CASE(close_keeps_buffered_messages_readable)
{
    asio::io_context ioc;
    zmq_stream a(ioc, ZMQ_PAIR, bind_to(endpoint_for("inproc")));
    zmq_stream b(ioc, ZMQ_PAIR, connect_to(a.bindings().at(0)));
    for (int i = 0; i < 5; ++i)
        a.write(message{std::to_string(i)});
    BOOST_TEST(read_one(ioc, b)[0].view() == "0");
    BZS_RUN_UNTIL(ioc, b.read_buffer_size() == 4);
    b.close();
    BOOST_TEST(!b.is_open());
    BOOST_TEST(!b.at_closing());
    for (int i = 1; i < 5; ++i)
        BOOST_TEST(read_one(ioc, b)[0].view() == std::to_string(i));
    BOOST_TEST(b.at_closing());
    error_code ec;
    read_one(ioc, b, &ec);
    BOOST_TEST((ec == error::stream_closed));
}

// Over tcp: libzmq 4.3.4 itself drops the tail of a closed ipc:// socket's
// queue while a slow reader drains it (zeromq/libzmq#4660, reproduced with raw
// libzmq here), whatever ZMQ_LINGER says.
BOOST_AUTO_TEST_CASE(close_then_destroy_still_delivers_to_a_late_peer)
{
    asio::io_context ioc;
    std::string ep;
    constexpr int n = 5000;
    {
        // Bound with no peer: nothing can leave until one connects.
        zmq_stream push(ioc, ZMQ_PUSH, bind_to(endpoint_for("tcp")));
        ep = push.bindings().at(0);
        for (int i = 0; i < n; ++i)
            push.write(message{std::to_string(i)});
        BOOST_TEST(push.write_buffer_size() > 0u);
        push.close();
    }  // destroyed with everything still queued
    zmq_stream pull(ioc, ZMQ_PULL, connect_to(ep));
    BOOST_TEST(read_numbered(ioc, pull, n) == n);
}

BOOST_AUTO_TEST_CASE(async_close_completes_after_the_flush)
{
    asio::io_context ioc;
    zmq_stream push(ioc, ZMQ_PUSH, bind_to(endpoint_for("tcp")));  // no peer yet
    std::string ep = push.bindings().at(0);
    for (int i = 0; i < 100; ++i)
        push.write(message{std::to_string(i)});
    bool closed = false;
    error_code close_ec = asio::error::timed_out;
    push.async_close([&](error_code ec) {
        close_ec = ec;
        closed = true;
    });
    ioc.poll();
    BOOST_TEST(!closed);
    zmq_stream pull(ioc, ZMQ_PULL, connect_to(ep));
    BZS_RUN_UNTIL(ioc, closed);
    BOOST_TEST(!close_ec);
    BOOST_TEST(push.native_handle() == nullptr);
    for (int i = 0; i < 100; ++i)
        BOOST_TEST(read_one(ioc, pull)[0].view() == std::to_string(i));
}

BOOST_AUTO_TEST_CASE(async_close_reports_linger_expiry)
{
    asio::io_context ioc;
    zmq_stream push(ioc, ZMQ_PUSH, bind_to(endpoint_for("ipc")));  // no peer, ever
    push.set_option(option::linger(20));
    push.write(message{"never delivered"});
    bool closed = false;
    error_code close_ec;
    push.async_close([&](error_code ec) {
        close_ec = ec;
        closed = true;
    });
    BZS_RUN_UNTIL(ioc, closed);
    BOOST_TEST((close_ec == error::linger_expired));
}

BOOST_AUTO_TEST_CASE(abort_drops_and_fails_pending_operations)
{
    asio::io_context ioc;
    zmq_stream push(ioc, ZMQ_DEALER, bind_to(endpoint_for("ipc")));  // no peer
    push.set_write_buffer_limits(10, 5);
    for (int i = 0; i < 10; ++i)
        push.write(message{"0123456789"});
    error_code w = asio::error::timed_out, d = asio::error::timed_out, r = asio::error::timed_out;
    int calls = 0;
    push.async_write(message{"queued"}, [&](error_code ec) { w = ec, ++calls; });
    push.async_drain([&](error_code ec) { d = ec, ++calls; });
    push.async_read([&](error_code ec, message) { r = ec, ++calls; });
    ioc.poll();
    BOOST_TEST(calls == 0);
    push.abort();
    BOOST_TEST(push.write_buffer_size() == 0u);
    BZS_RUN_UNTIL(ioc, calls == 3);
    BOOST_TEST((w == asio::error::operation_aborted));
    BOOST_TEST((d == asio::error::operation_aborted));
    BOOST_TEST((r == error::stream_closed));
    BOOST_TEST(push.native_handle() == nullptr);
}

BOOST_AUTO_TEST_CASE(destructor_aborts_each_kind_of_pending_operation)
{
    asio::io_context ioc;
    int read = 0, write = 0, drain = 0, event = 0, aborted = 0;
    auto check = [&](int& counter, error_code ec) {
        ++counter;
        aborted += ec == asio::error::operation_aborted;
    };
    {
        zmq_stream s(ioc, ZMQ_DEALER, bind_to(endpoint_for("ipc")));  // no peer
        s.enable_monitor(ZMQ_EVENT_DISCONNECTED);  // nothing will be reported
        s.set_write_buffer_limits(10, 5);
        for (int i = 0; i < 10; ++i)
            s.write(message{"0123456789"});
        s.async_read([&](error_code ec, message) { check(read, ec); });
        s.async_write(message{"queued"}, [&](error_code ec) { check(write, ec); });
        s.async_drain([&](error_code ec) { check(drain, ec); });
        s.async_read_event([&](error_code ec, monitor_event) { check(event, ec); });
        ioc.poll();
        ioc.restart();
        BOOST_TEST(read + write + drain + event == 0);
    }
    ioc.run_for(20s);  // returns as soon as nothing is left: the point of the test
    BOOST_TEST(ioc.stopped(), "io_context::run() did not return");
    BOOST_TEST(read == 1);
    BOOST_TEST(write == 1);
    BOOST_TEST(drain == 1);
    BOOST_TEST(event == 1);
    BOOST_TEST(aborted == 4);
}

BOOST_AUTO_TEST_CASE(set_exception_fails_pending_reads_and_drains)
{
    asio::io_context ioc;
    zmq_stream s(ioc, ZMQ_DEALER, bind_to(endpoint_for("ipc")));  // no peer
    s.set_write_buffer_limits(1, 0);
    s.write(message{"xx"});
    error_code r, d;
    int calls = 0;
    s.async_read([&](error_code ec, message) { r = ec, ++calls; });
    s.async_drain([&](error_code ec) { d = ec, ++calls; });
    ioc.poll();
    BOOST_TEST(calls == 0);
    s.set_exception(make_error_code(std::errc::connection_reset));
    BZS_RUN_UNTIL(ioc, calls == 2);
    BOOST_TEST((r == std::errc::connection_reset));
    BOOST_TEST((d == std::errc::connection_reset));
    BOOST_TEST((s.exception() == std::errc::connection_reset));
    s.set_exception({});
    BOOST_TEST(!s.exception());
}

// cancel() completes every kind of pending operation with operation_aborted,
// each exactly once: reads, batch reads, event reads, writes, drains, and an
// async_close (whose close goes on: the queued message is still delivered).
BOOST_AUTO_TEST_CASE(cancel_member_cancels_everything_pending)
{
    asio::io_context ioc;
    zmq_stream s(ioc, ZMQ_DEALER, bind_to(endpoint_for("ipc")));  // no peer
    s.enable_monitor(ZMQ_EVENT_DISCONNECTED);                      // nothing will be reported
    s.set_write_buffer_limits(1, 0);
    s.write(message{"xx"});
    // A second stream for async_close: close() fails pending reads with
    // stream_closed, so it cannot share a stream with them.
    zmq_stream closing(ioc, ZMQ_PUSH, bind_to(endpoint_for("tcp")));  // no peer yet: the close flushes
    closing.write(message{"flushed after cancel"});

    int read = 0, batch = 0, event = 0, write = 0, drain = 0, close = 0, aborted = 0;
    auto check = [&](int& counter, error_code ec) {
        ++counter;
        aborted += ec == asio::error::operation_aborted;
    };
    std::vector<message> out;
    s.async_read([&](error_code ec, message) { check(read, ec); });
    s.async_read_batch(out, 10, [&](error_code ec, std::size_t) { check(batch, ec); });
    s.async_read_event([&](error_code ec, monitor_event) { check(event, ec); });
    s.async_write(message{"w"}, [&](error_code ec) { check(write, ec); });
    s.async_drain([&](error_code ec) { check(drain, ec); });
    closing.async_close([&](error_code ec) { check(close, ec); });
    ioc.poll();
    ioc.restart();
    BOOST_TEST(read + batch + event + write + drain + close == 0, "an operation completed before cancel()");

    s.cancel();
    closing.cancel();
    BZS_RUN_UNTIL(ioc, read + batch + event + write + drain + close == 6);
    ioc.restart();
    ioc.poll();  // nothing completes twice
    BOOST_TEST(read == 1);
    BOOST_TEST(batch == 1);
    BOOST_TEST(event == 1);
    BOOST_TEST(write == 1);
    BOOST_TEST(drain == 1);
    BOOST_TEST(close == 1);
    BOOST_TEST(aborted == 6);
    BOOST_TEST(out.empty());
    BOOST_TEST(s.write_buffer_size() == 2u);  // write()'s message has no handler and stays
    BOOST_TEST(s.is_open());

    // The close went on: a late peer gets the message, then the socket closes.
    zmq_stream pull(ioc, ZMQ_PULL, connect_to(closing.bindings().at(0)));
    BOOST_TEST(read_one(ioc, pull)[0].view() == "flushed after cancel");
    BZS_RUN_UNTIL(ioc, closing.native_handle() == nullptr);
}

BOOST_AUTO_TEST_SUITE_END()
