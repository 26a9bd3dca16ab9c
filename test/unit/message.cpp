#include <boost_zmqstream/message.hpp>

#include <boost/test/unit_test.hpp>

#include <sstream>

using namespace boost_zmqstream;

BOOST_AUTO_TEST_SUITE(message_)

BOOST_AUTO_TEST_CASE(frame_from_string_buffer_and_size)
{
    frame a("hello");
    BOOST_TEST(a.size() == 5u);
    BOOST_TEST(a.view() == "hello");
    frame b(boost::asio::buffer("xyz", 3));
    BOOST_TEST(b.to_string() == "xyz");
    BOOST_TEST(b.buffer().size() == 3u);
    frame c(std::size_t(4));
    BOOST_TEST(c.size() == 4u);
    frame e;
    BOOST_TEST(e.empty());
}

BOOST_AUTO_TEST_CASE(frame_moves_without_copying_payload)
{
    std::string big(1 << 20, 'q');
    frame a(big);
    const void* p = a.data();
    frame b(std::move(a));
    BOOST_TEST(b.data() == p);
    BOOST_TEST(a.size() == 0u);
    frame c;
    c = std::move(b);
    BOOST_TEST(c.data() == p);
    BOOST_TEST(c.size() == big.size());
}

BOOST_AUTO_TEST_CASE(message_is_multipart_with_payload_size)
{
    message m{"data", "ask", "0"};
    BOOST_TEST(m.size() == 3u);
    BOOST_TEST(m.total_size() == 8u);
    BOOST_TEST(m[1].view() == "ask");
    m[2] = frame("12");
    BOOST_TEST(m[2].view() == "12");
    m.push_back(std::string_view(""));
    BOOST_TEST(m.size() == 4u);
    BOOST_TEST(m.total_size() == 9u);
    std::size_t n = 0;
    for (auto& f : m)
        n += f.size();
    BOOST_TEST(n == 9u);
    BOOST_TEST((m == message{"data", "ask", "12", ""}));
    BOOST_TEST((m != message{"data", "ask", "12"}));
    BOOST_TEST((m != message{"data", "ask", "13", ""}));  // same shape, other bytes
    BOOST_TEST((m.clone() == m));
}

BOOST_AUTO_TEST_CASE(message_grows_past_its_inline_frames_and_moves)
{
    message m;
    for (int i = 0; i < 100; ++i)
        m.push_back(std::string_view(std::to_string(i)));
    BOOST_TEST(m.size() == 100u);
    message moved(std::move(m));
    BOOST_TEST(m.size() == 0u);
    BOOST_TEST(moved[99].view() == "99");
    message small{"a", "b"};
    small = std::move(moved);
    BOOST_TEST(small.size() == 100u);
    small.pop_front();
    BOOST_TEST(small.front().view() == "1");
    BOOST_TEST(small.size() == 99u);
    BOOST_CHECK_THROW(small.at(99), std::out_of_range);
    message inl{"x", "y", "z"};
    message inl2(std::move(inl));
    BOOST_TEST((inl2 == message{"x", "y", "z"}));
    BOOST_TEST(inl.empty());
    inl = std::move(inl2);  // a moved-from message is usable again
    BOOST_TEST(inl.size() == 3u);
    inl.clear();
    BOOST_TEST(inl.total_size() == 0u);
}

BOOST_AUTO_TEST_CASE(moved_from_frame_is_empty_and_reusable)
{
    frame a("payload");
    frame b(std::move(a));
    BOOST_TEST(a.size() == 0u);
    BOOST_TEST(a.view().empty());
    a = frame("again");
    BOOST_TEST(a.view() == "again");
    b.reset();
    BOOST_TEST(b.empty());
    BOOST_TEST(b.clone().empty());
}

BOOST_AUTO_TEST_CASE(message_from_buffers)
{
    char raw[] = {0, 1, 2};
    message m{boost::asio::buffer(raw), boost::asio::buffer("ab", 2)};
    BOOST_TEST(m.size() == 2u);
    BOOST_TEST(m[0].size() == 3u);
    BOOST_TEST(m[1].view() == "ab");
}

BOOST_AUTO_TEST_CASE(message_prints_text_and_binary)
{
    std::ostringstream os;
    char raw[] = {0, 1, '\xff'};
    message m{std::string_view("ok"), std::string_view(raw, 3)};
    os << m;
    BOOST_TEST(os.str() == "[\"ok\", 0x0001ff]");
}

BOOST_AUTO_TEST_SUITE_END()
