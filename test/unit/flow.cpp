// The engine's plain data structures (detail/flow.hpp), without a socket:
// watermark hysteresis, the read buffer's drop-oldest backlog, the write
// queue's accounting and O(1) withdrawal.
#include <boost_zmqstream/detail/flow.hpp>

#include <boost/test/unit_test.hpp>

#include <optional>
#include <string>
#include <vector>

namespace d = boost_zmqstream::detail;
using boost_zmqstream::message;

namespace {

message text(const std::string& s)
{
    return message{std::string_view(s)};
}

struct fake_waiter
{
};

} // namespace

BOOST_AUTO_TEST_SUITE(flow)

BOOST_AUTO_TEST_CASE(watermark_pauses_above_high_and_resumes_at_low)
{
    d::watermark m{10, 4};
    m.rose(10);
    BOOST_TEST(!m.paused);
    m.rose(11);
    BOOST_TEST(m.paused);
    BOOST_TEST(!m.fell(5));
    BOOST_TEST(m.paused);
    BOOST_TEST(m.fell(4));
    BOOST_TEST(!m.paused);
    BOOST_TEST(!m.fell(0));  // resumes once
    // New limits are re-evaluated both ways.
    BOOST_TEST(!m.set(3, 1, 4));
    BOOST_TEST(m.paused);
    BOOST_TEST(!m.set(8, 2, 4));  // below high, above low: still paused
    BOOST_TEST(m.paused);
    BOOST_TEST(m.set(8, 4, 4));
    BOOST_TEST(!m.paused);
}

BOOST_AUTO_TEST_CASE(read_buffer_is_fifo_and_counts_bytes)
{
    d::read_buffer b(8, 2, std::nullopt);
    b.push(text("abc"), 3);
    b.push(text("defg"), 4);
    BOOST_TEST(b.size() == 2u);
    BOOST_TEST(b.bytes() == 7u);
    BOOST_TEST(!b.mark.paused);
    b.push(text("hi"), 2);
    BOOST_TEST(b.mark.paused);
    BOOST_TEST(b.pop()[0].to_string() == "abc");
    BOOST_TEST(b.size() == 2u);
    BOOST_TEST(!b.resumed());  // 6 bytes left
    std::vector<message> out;
    BOOST_TEST(b.take(out, 1) == 1u);
    BOOST_TEST(out.at(0)[0].to_string() == "defg");
    BOOST_TEST(b.resumed());
    BOOST_TEST(b.take(out, 5) == 1u);
    BOOST_TEST(b.empty());
    BOOST_TEST(b.bytes() == 0u);
}

// A monitor's events_backlog: the newest `backlog` messages are kept.
BOOST_AUTO_TEST_CASE(read_buffer_backlog_drops_the_oldest)
{
    d::read_buffer b(SIZE_MAX, SIZE_MAX, 2);
    for (const char* s : {"1", "22", "333", "4444"})
        b.push(text(s), std::string(s).size());
    BOOST_TEST(b.size() == 2u);
    BOOST_TEST(b.bytes() == 7u);
    BOOST_TEST(b.pop()[0].to_string() == "333");
    BOOST_TEST(b.pop()[0].to_string() == "4444");
    d::read_buffer none(SIZE_MAX, SIZE_MAX, 0);
    none.push(text("x"), 1);
    BOOST_TEST(none.empty());
    BOOST_TEST(none.bytes() == 0u);
}

BOOST_AUTO_TEST_CASE(write_queue_counts_and_pauses)
{
    d::write_queue<fake_waiter> q(5, 2);
    fake_waiter w;
    q.push(text("abc"), &w);
    q.push(text("def"), nullptr);
    BOOST_TEST(q.live() == 2u);
    BOOST_TEST(q.bytes() == 6u);
    BOOST_TEST(q.mark.paused);
    BOOST_TEST(q.head()->msg[0].to_string() == "abc");
    BOOST_TEST(q.pop_head() == &w);
    BOOST_TEST(q.bytes() == 3u);
    BOOST_TEST(q.pop_head() == nullptr);
    BOOST_TEST(q.head() == nullptr);
    BOOST_TEST(q.live() == 0u);
}

// A cancelled async_write is found by its sequence number, not by a scan,
// and only while it is still queued with the same waiter.
BOOST_AUTO_TEST_CASE(write_queue_withdraws_by_sequence_number)
{
    d::write_queue<fake_waiter> q(100, 10);
    fake_waiter a, b, c;
    const std::size_t sa = q.push(text("a"), &a);
    const std::size_t sb = q.push(text("bb"), &b);
    const std::size_t sc = q.push(text("ccc"), &c);
    BOOST_TEST(q.at(sb, &a) == nullptr);  // not a's
    auto* e = q.at(sb, &b);
    BOOST_TEST_REQUIRE(e != nullptr);
    BOOST_TEST(q.withdraw(*e) == &b);
    BOOST_TEST(q.at(sb, &b) == nullptr);  // withdrawn once
    BOOST_TEST(q.live() == 2u);
    BOOST_TEST(q.bytes() == 4u);
    BOOST_TEST(q.pop_head() == &a);
    BOOST_TEST(q.at(sa, &a) == nullptr);  // sent: too late
    // The withdrawn message is skipped, never sent.
    BOOST_TEST(q.head()->msg[0].to_string() == "ccc");
    BOOST_TEST(q.at(sc, &c) == q.head());
    std::size_t seen = 0;
    q.for_each([&](auto&) { ++seen; });
    BOOST_TEST(seen == 1u);
    q.clear();
    BOOST_TEST(q.live() == 0u);
    BOOST_TEST(q.at(sc, &c) == nullptr);
    // Sequence numbers go on after a clear.
    BOOST_TEST(q.push(text("d"), &a) == sc + 1);
    BOOST_TEST(q.at(sc + 1, &a) != nullptr);
}

BOOST_AUTO_TEST_SUITE_END()
