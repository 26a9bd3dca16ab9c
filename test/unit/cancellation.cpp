#include <boost_zmqstream/zmq_stream.hpp>

#include <boost_zmqstream_test/sync.hpp>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/test/data/test_case.hpp>

using namespace boost_zmqstream_test;
namespace bdata = boost::unit_test::data;
using asio::cancellation_type;
BOOST_TEST_DONT_PRINT_LOG_VALUE(boost::asio::cancellation_type)

namespace cancellation_helpers {

const std::vector<cancellation_type> types{
    cancellation_type::terminal, cancellation_type::partial, cancellation_type::total};

// A PAIR whose peer exists (so reads can be satisfied later) and a PUSH
// with no peer (so writes queue and drains wait).
struct streams
{
    asio::io_context ioc;
    zmq_stream a{ioc, ZMQ_PAIR, bind_to(endpoint_for("inproc"))};
    zmq_stream b{ioc, ZMQ_PAIR, connect_to(a.bindings().at(0))};
    // Bound, with no peer: libzmq has no pipe yet, so every send is EAGAIN.
    zmq_stream push{ioc, ZMQ_PUSH, bind_to(endpoint_for("ipc"))};

    streams() { push.set_write_buffer_limits(10, 5); }

    // The stream works normally after a cancellation.
    void check_usable()
    {
        a.write(message{"after"});
        BOOST_TEST(read_one(ioc, b)[0].view() == "after");
        zmq_stream pull(ioc, ZMQ_PULL, connect_to(push.bindings().at(0)));
        std::size_t queued = push.write_buffer_size();
        push.write(message{"tail"});
        for (;;)
        {
            message m = read_one(ioc, pull);
            if (m[0].view() == "tail")
                break;
            BOOST_TEST(m[0].view() != "cancelled", "a withdrawn message was sent");
        }
        (void)queued;
    }
};

} // namespace cancellation_helpers
using namespace cancellation_helpers;

BOOST_AUTO_TEST_SUITE(cancellation)

BOOST_DATA_TEST_CASE(read_by_slot, bdata::make(types), type)
{
    streams s;
    asio::cancellation_signal sig;
    error_code got = asio::error::timed_out;
    int calls = 0;
    s.b.async_read(asio::bind_cancellation_slot(sig.slot(), [&](error_code ec, message) { got = ec, ++calls; }));
    s.ioc.poll();
    sig.emit(type);
    BZS_RUN_UNTIL(s.ioc, calls == 1);
    BOOST_TEST((got == asio::error::operation_aborted));
    sig.emit(type);  // a second emission finds nothing to cancel
    s.ioc.poll();
    BOOST_TEST(calls == 1);
    s.check_usable();
}

BOOST_DATA_TEST_CASE(queued_write_by_slot_is_withdrawn, bdata::make(types), type)
{
    streams s;
    std::size_t before = s.push.write_buffer_size();
    asio::cancellation_signal sig;
    error_code got = asio::error::timed_out;
    int calls = 0;
    s.push.async_write(message{"cancelled"},
        asio::bind_cancellation_slot(sig.slot(), [&](error_code ec) { got = ec, ++calls; }));
    BOOST_TEST(s.push.write_buffer_size() == before + 9);
    s.ioc.poll();
    sig.emit(type);
    BZS_RUN_UNTIL(s.ioc, calls == 1);
    BOOST_TEST((got == asio::error::operation_aborted));
    BOOST_TEST(s.push.write_buffer_size() == before);
    s.check_usable();
}

BOOST_DATA_TEST_CASE(drain_by_slot, bdata::make(types), type)
{
    streams s;
    s.push.write(message{"more than ten bytes"});
    asio::cancellation_signal sig;
    error_code got = asio::error::timed_out;
    int calls = 0;
    s.push.async_drain(asio::bind_cancellation_slot(sig.slot(), [&](error_code ec) { got = ec, ++calls; }));
    s.ioc.poll();
    BOOST_TEST(calls == 0);
    sig.emit(type);
    BZS_RUN_UNTIL(s.ioc, calls == 1);
    BOOST_TEST((got == asio::error::operation_aborted));
    s.check_usable();
}

BOOST_DATA_TEST_CASE(read_event_by_slot, bdata::make(types), type)
{
    streams s;
    s.b.enable_monitor(ZMQ_EVENT_DISCONNECTED);
    asio::cancellation_signal sig;
    error_code got = asio::error::timed_out;
    int calls = 0;
    s.b.async_read_event(
        asio::bind_cancellation_slot(sig.slot(), [&](error_code ec, monitor_event) { got = ec, ++calls; }));
    s.ioc.poll();
    sig.emit(type);
    BZS_RUN_UNTIL(s.ioc, calls == 1);
    BOOST_TEST((got == asio::error::operation_aborted));
    s.check_usable();
}

BOOST_AUTO_TEST_CASE(parallel_group_with_a_timer)
{
    using namespace asio::experimental;
    streams s;
    asio::steady_timer t(s.ioc);
    bool done = false;
    auto race = [&](auto op) {
        done = false;
        t.expires_after(2ms);
        make_parallel_group(std::move(op), t.async_wait(asio::deferred))
            .async_wait(wait_for_one(), [&](std::array<std::size_t, 2> order, error_code ec, auto&&...) {
                BOOST_TEST(order[0] == 1u);  // the timer won
                BOOST_TEST((ec == asio::error::operation_aborted));
                done = true;
            });
        BZS_RUN_UNTIL(s.ioc, done);
    };
    race(s.b.async_read(asio::deferred));
    std::size_t before = s.push.write_buffer_size();
    race(s.push.async_write(message{"cancelled"}, asio::deferred));
    BOOST_TEST(s.push.write_buffer_size() == before);
    s.push.write(message{"more than ten bytes"});
    race(s.push.async_drain(asio::deferred));
    s.b.enable_monitor(ZMQ_EVENT_DISCONNECTED);
    race(s.b.async_read_event(asio::deferred));
    s.check_usable();
}

// 10,000 reads, each racing a 1 ms timer, while a message comes about every
// 1 ms: the producer's period is near the timeout, so a message and a read's
// deadline keep arriving at about the same instant and many reads time out. Every message arrives
// exactly once and in order, and the race is really run: at least a tenth
// of the reads time out and at least a tenth get a message (measured on two
// loaded cores: about 29% and 71%).
BOOST_AUTO_TEST_CASE(ten_thousand_reads_with_timeouts_lose_nothing)
{
    using namespace asio::experimental;
    constexpr int total = 10000;
    asio::io_context ioc;
    zmq_stream a(ioc, ZMQ_PAIR, bind_to(endpoint_for("inproc")));
    zmq_stream b(ioc, ZMQ_PAIR, connect_to(a.bindings().at(0)));
    asio::steady_timer producer(ioc), timeout(ioc);
    int sent = 0, next = 0, reads = 0, timeouts = 0;
    bool bad = false, stop = false;
    // A fixed schedule around the timeout (0.8 to 1.2 ms apart, cycling),
    // not "so long after the last one": the arrival moves back and forth
    // across the read's deadline, and a late tick does not slow it down.
    auto tick = std::chrono::steady_clock::now();
    std::function<void()> produce = [&] {
        if (stop)
            return;
        a.write(message{std::to_string(sent++)});
        tick += std::chrono::microseconds(1000 + (sent % 9 - 4) * 50);
        producer.expires_at(tick);
        producer.async_wait([&](error_code ec) {
            if (!ec)
                produce();
        });
    };
    std::function<void()> consume = [&] {
        if (reads == total)
            return (void)(stop = true);
        ++reads;
        timeout.expires_after(1ms);
        make_parallel_group(b.async_read(asio::deferred), timeout.async_wait(asio::deferred))
            .async_wait(wait_for_one(), [&](std::array<std::size_t, 2> order, error_code ec, message m, error_code) {
                // The read may have completed in the same instant the timer
                // fired: its result, not the order, says whether it got a message.
                (void)order;
                if (!ec)
                {
                    if (m[0].view() != std::to_string(next))
                        bad = true;
                    ++next;
                }
                else if (ec == asio::error::operation_aborted)
                    ++timeouts;
                else
                    bad = true;
                consume();
            });
    };
    produce();
    consume();
    BZS_RUN_UNTIL_FOR(ioc, stop || bad, 120s);
    producer.cancel();
    BOOST_TEST_MESSAGE("reads " << reads << ", timeouts " << timeouts << ", messages " << sent);
    BOOST_TEST_REQUIRE(!bad, "message " << next << " lost, duplicated or out of order");
    BOOST_TEST(reads == total);
    BOOST_TEST(timeouts >= total / 10, "only " << timeouts << " of " << total << " reads timed out: the race was not run");
    BOOST_TEST(next >= total / 10, "only " << next << " of " << total << " reads got a message");
    BOOST_TEST(timeouts + next == reads);
    // Whatever was sent but not yet read is still there, in order, once.
    while (next < sent)
    {
        message m = read_one(ioc, b);
        BOOST_TEST_REQUIRE(m[0].view() == std::to_string(next), "expected " << next << ", got " << m[0].view());
        ++next;
    }
    BOOST_TEST(b.read_buffer_size() == 0u);
    // Nothing more: a last read times out (no duplicate left anywhere).
    bool done = false;
    error_code last;
    timeout.expires_after(50ms);
    make_parallel_group(b.async_read(asio::deferred), timeout.async_wait(asio::deferred))
        .async_wait(wait_for_one(), [&](std::array<std::size_t, 2>, error_code ec, message, error_code) {
            last = ec;
            done = true;
        });
    BZS_RUN_UNTIL(ioc, done);
    BOOST_TEST((last == asio::error::operation_aborted), "a message beyond the last one sent arrived");
}

BOOST_AUTO_TEST_SUITE_END()
