#include <boost_zmqstream/zmq_stream.hpp>

#include <boost_zmqstream_test/sync.hpp>

#include <boost/asio/steady_timer.hpp>

using namespace boost_zmqstream_test;

BOOST_AUTO_TEST_SUITE(flow_control)

BOOST_AUTO_TEST_CASE(limits_follow_aiozmq_rules)
{
    asio::io_context ioc;
    zmq_stream s(ioc, ZMQ_DEALER);
    BOOST_TEST((s.get_write_buffer_limits() == std::pair<std::size_t, std::size_t>(16384, 65536)));
    s.set_write_buffer_limits(std::nullopt, 100);
    BOOST_TEST((s.get_write_buffer_limits() == std::pair<std::size_t, std::size_t>(100, 400)));
    s.set_write_buffer_limits(1000);
    BOOST_TEST((s.get_write_buffer_limits() == std::pair<std::size_t, std::size_t>(250, 1000)));
    s.set_write_buffer_limits(unlimited);
    BOOST_TEST(s.get_write_buffer_limits().second == unlimited);
    BOOST_CHECK_THROW(s.set_write_buffer_limits(10, 20), boost::system::system_error);
    BOOST_CHECK_THROW(s.set_read_buffer_limits(10, 20), boost::system::system_error);
    stream_options o;
    o.high_write = 1;
    o.low_write = 2;
    try
    {
        zmq_stream bad(ioc, ZMQ_DEALER, o);
        BOOST_FAIL("expected invalid_limits");
    }
    catch (const boost::system::system_error& e)
    {
        BOOST_TEST((e.code() == error::invalid_limits));
        BOOST_TEST(std::string(e.what()).find("high_write") != std::string::npos, e.what());
    }
}

// high_read 100, low_read 50, twenty 30-byte messages sent at once.
BOOST_AUTO_TEST_CASE(read_hysteresis_exactly)
{
    asio::io_context ioc;
    stream_options o = bind_to(endpoint_for("inproc"));
    o.high_read = 100;
    o.low_read = 50;
    zmq_stream pull(ioc, ZMQ_PULL, o);
    zmq_stream push(ioc, ZMQ_PUSH, connect_to(pull.bindings().at(0)));
    for (int i = 0; i < 20; ++i)
    {
        std::string p = std::to_string(i);
        p.resize(30, '.');
        push.write(message{std::string_view(p)});
    }
    int next = 0;
    auto read_checked = [&] {
        message m = read_one(ioc, pull);
        BOOST_TEST(std::stoi(m[0].to_string()) == next);
        ++next;
        BOOST_TEST(pull.read_buffer_size() <= 120u);
    };
    // The first read makes the stream read ahead; one message crosses the
    // mark: 4 x 30 = 120 > 100, then the stream pauses.
    read_checked();
    BZS_RUN_UNTIL(ioc, pull.read_buffer_size() == 120);
    ioc.poll();
    BOOST_TEST(pull.read_buffer_size() == 120u);
    read_checked();  // 90: still paused
    ioc.poll();
    BOOST_TEST(pull.read_buffer_size() == 90u);
    read_checked();  // 60: still paused
    ioc.poll();
    BOOST_TEST(pull.read_buffer_size() == 60u);
    read_checked();  // 30 <= 50: resumes, refills to 120
    BZS_RUN_UNTIL(ioc, pull.read_buffer_size() == 120);
    while (next < 20)
        read_checked();
    BOOST_TEST(pull.read_buffer_size() == 0u);
}

// A flooding producer against a slow consumer: the read buffer stays under
// high_read plus one message; the rest waits in libzmq (whose RCVHWM pushes
// back on the producer), so memory is bounded by high_read + 1 message.
BOOST_AUTO_TEST_CASE(flood_against_slow_reader_stays_bounded)
{
    asio::io_context ioc;
    constexpr std::size_t size = 1000, high = 10000;
    stream_options o = bind_to(endpoint_for("tcp"));
    o.high_read = high;
    zmq_stream pull(ioc, ZMQ_PULL, o);
    zmq_stream push(ioc, ZMQ_PUSH, connect_to(pull.bindings().at(0)));
    constexpr int n = 3000;
    std::string p = payload(size);
    for (int i = 0; i < n; ++i)
        push.write(message{std::string_view(p)});
    asio::steady_timer pace(ioc);
    int got = 0;
    std::size_t peak = 0;
    std::function<void()> slow = [&] {
        peak = std::max(peak, pull.read_buffer_size());
        pull.async_read([&](error_code ec, message) {
            if (ec)
                return;
            ++got;
            if (got % 100)
                return slow();
            pace.expires_after(1ms);  // pacing the consumer, not synchronising
            pace.async_wait([&](error_code) { slow(); });
        });
    };
    slow();
    BZS_RUN_UNTIL_FOR(ioc, got == n, 60s);
    BOOST_TEST(peak <= high + size);
    BOOST_TEST(peak > high / 2, "the stream should have read ahead");
}

// 200,000 write()s to a PUSH with no peer, then a PULL arrives.
BOOST_AUTO_TEST_CASE(write_buffer_drain_and_order)
{
    asio::io_context ioc;
    std::string ep = endpoint_for("ipc");
    zmq_stream push(ioc, ZMQ_PUSH, connect_to(ep));
    constexpr int n = 200000;
    for (int i = 0; i < n; ++i)
        push.write(message{std::to_string(i)});
    auto limits = push.get_write_buffer_limits();
    BOOST_TEST(push.write_buffer_size() > limits.second);
    bool drained = false;
    error_code drain_ec = asio::error::timed_out;
    push.async_drain([&](error_code ec) {
        drain_ec = ec;
        drained = true;
    });
    ioc.poll();
    BOOST_TEST(!drained, "drain must wait while writing is paused");

    // Raising high_write above the buffered size resumes at once...
    push.set_write_buffer_limits(unlimited, unlimited);
    BZS_RUN_UNTIL(ioc, drained);
    BOOST_TEST(!drain_ec);
    // ...and lowering it below pauses at once.
    push.set_write_buffer_limits(1000, 100);
    drained = false;
    push.async_drain([&](error_code ec) {
        drain_ec = ec;
        drained = true;
    });
    ioc.poll();
    BOOST_TEST(!drained);

    zmq_stream pull(ioc, ZMQ_PULL, bind_to(ep));
    BOOST_TEST(read_numbered(ioc, pull, n, 120s) == n);
    BZS_RUN_UNTIL(ioc, drained);
    BOOST_TEST(!drain_ec);
    BOOST_TEST(push.write_buffer_size() == 0u);
}

BOOST_AUTO_TEST_CASE(pause_and_resume_reading)
{
    asio::io_context ioc;
    zmq_stream a(ioc, ZMQ_PAIR, bind_to(endpoint_for("inproc")));
    zmq_stream b(ioc, ZMQ_PAIR, connect_to(a.bindings().at(0)));
    b.pause_reading();
    bool got = false;
    b.async_read([&](error_code ec, message) { got = !ec; });
    a.write(message{"waits in libzmq"});
    ioc.poll();
    ioc.restart();
    BOOST_TEST(!got);
    BOOST_TEST(b.read_buffer_size() == 0u);
    b.resume_reading();
    BZS_RUN_UNTIL(ioc, got);
}

BOOST_AUTO_TEST_CASE(drain_completes_at_once_when_not_paused)
{
    asio::io_context ioc;
    zmq_stream push(ioc, ZMQ_PUSH, bind_to(endpoint_for("ipc")));  // no peer
    push.write(message{"queued, but below high_write"});
    BOOST_TEST(push.write_buffer_size() > 0u);
    completion_check c;
    c.initiate([&] {
        push.async_drain([&](error_code ec) {
            c.on_call();
            BOOST_TEST(!ec);
        });
    });
    BZS_RUN_UNTIL(ioc, c.calls == 1);
    c.verify();
}

BOOST_AUTO_TEST_SUITE_END()
