// Zero-copy frames (frame::adopt) and messages as Asio/Beast buffer sequences
// (doc/buffers.md).
#include <boost_zmqstream_test/sync.hpp>

#include <boost/beast/core/buffers_cat.hpp>
#include <boost/beast/core/buffers_prefix.hpp>
#include <boost/beast/core/buffers_range.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>

#include <boost/asio/local/connect_pair.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include <atomic>
#include <cstddef>
#include <memory_resource>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

using namespace boost_zmqstream_test;
namespace beast = boost::beast;
namespace zs = boost_zmqstream;

namespace buffers_helpers {

// A stateless allocator that counts, per Tag, what it allocates and frees:
// how the tests see when (and how often) libzmq ran frame::adopt's deleter.
// Each test has its own Tag, so a deleter that a libzmq I/O thread runs late
// cannot touch another test's counts.
template <class Tag>
struct counts
{
    static inline std::atomic<int> allocations{0};
    static inline std::atomic<int> deallocations{0};
    static inline std::atomic<const void*> last_freed{nullptr};
};

template <class T, class Tag>
struct counting_allocator
{
    using value_type = T;
    using is_always_equal = std::true_type;

    counting_allocator() = default;
    template <class U>
    counting_allocator(const counting_allocator<U, Tag>&) noexcept
    {
    }

    T* allocate(std::size_t n)
    {
        ++counts<Tag>::allocations;
        return std::allocator<T>().allocate(n);
    }
    void deallocate(T* p, std::size_t n) noexcept
    {
        ++counts<Tag>::deallocations;
        counts<Tag>::last_freed = p;
        std::allocator<T>().deallocate(p, n);
    }

    friend bool operator==(counting_allocator, counting_allocator) noexcept { return true; }
    friend bool operator!=(counting_allocator, counting_allocator) noexcept { return false; }
};

// Waits (bounded) for another thread to bring `n` to `want`.
inline bool eventually_equals(const std::atomic<int>& n, int want, std::chrono::milliseconds deadline = 10000ms)
{
    auto end = std::chrono::steady_clock::now() + deadline;
    while (n.load() != want && std::chrono::steady_clock::now() < end)
        std::this_thread::sleep_for(1ms);
    return n.load() == want;
}

// Whether frame::adopt(std::declval<T>()) compiles.
template <class T, class = void>
struct can_adopt : std::false_type
{
};
template <class T>
struct can_adopt<T, std::void_t<decltype(frame::adopt(std::declval<T>()))>> : std::true_type
{
};


// A PUSH/PULL pair over `transport` (inproc or tcp), connected.
struct push_pull
{
    asio::io_context& ioc;
    zmq_stream pull;
    zmq_stream push;

    push_pull(asio::io_context& c, const std::string& transport)
        : ioc(c), pull(c, ZMQ_PULL, bind_to(endpoint_for(transport))),
          push(c, ZMQ_PUSH, connect_to(pull.bindings().at(0)))
    {
    }
};

} // namespace buffers_helpers
using namespace buffers_helpers;

BOOST_AUTO_TEST_SUITE(buffers)

// ----------------------------------------------------------------- the types

// Breaks (does not compile, or fails) if message stops being a
// ConstBufferSequence (no implicit frame -> const_buffer conversion, begin()
// not iterating frames), if it becomes a MutableBufferSequence (asio::read
// could then write into shared payloads), if a temporary frame converts to a
// (dangling) const_buffer, if adopt() accepts an lvalue, a non-owning view or
// a container whose allocator refers to a memory resource, or if a frame
// lvalue is silently copied by push_back().
BOOST_AUTO_TEST_CASE(types)
{
    static_assert(asio::is_const_buffer_sequence<message>::value, "message is a ConstBufferSequence");
    static_assert(asio::is_const_buffer_sequence<message::const_buffers_type>::value, "so is its buffers()");
    static_assert(std::is_copy_constructible<message::const_buffers_type>::value, "buffers() is copyable");
    static_assert(!asio::is_mutable_buffer_sequence<message>::value, "message is not a MutableBufferSequence");
    static_assert(!asio::is_const_buffer_sequence<frame>::value, "a frame is a buffer, not a sequence");
    static_assert(std::is_convertible<const frame&, asio::const_buffer>::value, "a frame converts to const_buffer");
    static_assert(!std::is_convertible<frame, asio::const_buffer>::value, "a temporary frame does not");
    static_assert(!std::is_convertible<frame&, asio::mutable_buffer>::value, "no implicit mutable_buffer");
    static_assert(std::is_convertible<decltype(asio::buffer(std::declval<const frame&>())), asio::const_buffer>::value &&
            !std::is_convertible<decltype(asio::buffer(std::declval<frame&>())), asio::mutable_buffer>::value,
        "asio::buffer(frame) is a const buffer");
    // Buffer sequences make a frame explicitly only (it copies).
    static_assert(std::is_constructible<frame, const std::vector<asio::const_buffer>&>::value, "");
    static_assert(!std::is_convertible<const std::vector<asio::const_buffer>&, frame>::value, "");

    static_assert(can_adopt<std::string>::value, "");
    static_assert(can_adopt<std::vector<char>>::value, "");
    static_assert(can_adopt<std::vector<unsigned char>>::value, "");
    static_assert(can_adopt<std::vector<std::byte>>::value, "");
    static_assert(can_adopt<beast::flat_buffer>::value, "");
    static_assert(!can_adopt<std::string&>::value, "adoption takes an rvalue");
    static_assert(!can_adopt<const std::string&&>::value, "");
    static_assert(!can_adopt<std::string_view>::value, "a view owns nothing");
    static_assert(!can_adopt<std::vector<int>>::value, "bytes only");
    static_assert(!can_adopt<std::pmr::string>::value, "a pmr allocator refers to its resource");

    static_assert(can_push_back<frame&&>::value, "");
    static_assert(!can_push_back<frame&>::value, "a frame lvalue is not copied through its buffer");
    BOOST_TEST(true);
}

// Breaks (does not compile) if frame or message is not const-default-
// constructible again (a defaulted default constructor and a member without
// an initialiser), or if a const frame lacks an accessor.
BOOST_AUTO_TEST_CASE(const_default_constructed)
{
    const frame f;
    BOOST_TEST(f.empty());
    BOOST_TEST(f.data() == nullptr);
    BOOST_TEST(f.buffer().size() == 0u);
    BOOST_TEST(f.view().empty());
    BOOST_TEST(!f.property("Peer-Address").has_value());
    BOOST_TEST(f.clone().empty());
    asio::const_buffer b = f;
    BOOST_TEST(b.size() == 0u);
    const message m;
    BOOST_TEST(m.empty());
    BOOST_TEST(asio::buffer_size(m) == 0u);
    BOOST_TEST(beast::buffers_to_string(m).empty());
}

// ----------------------------------------------------------------- adoption

// Breaks if adopt() copies a large payload (the pointers differ), loses or
// reorders bytes, or does not leave the container empty.
BOOST_AUTO_TEST_CASE(adopt_takes_the_memory_of_large_containers)
{
    const std::string want = payload(64 * 1024, 1);
    {
        std::string s = want;
        const void* p = s.data();
        frame f = frame::adopt(std::move(s));
        BOOST_TEST(f.data() == p, "the string's bytes were copied");
        BOOST_TEST(f.size() == want.size());
        BOOST_TEST(f.view() == want);
        BOOST_TEST(s.empty());
    }
    {
        std::vector<char> v(want.begin(), want.end());
        const void* p = v.data();
        frame f = frame::adopt(std::move(v));
        BOOST_TEST(f.data() == p, "the vector's bytes were copied");
        BOOST_TEST(f.view() == want);
        BOOST_TEST(v.empty());
    }
    {
        std::vector<unsigned char> v(want.begin(), want.end());
        const void* p = v.data();
        frame f = frame::adopt(std::move(v));
        BOOST_TEST(f.data() == p);
        BOOST_TEST(f.view() == want);
    }
    {
        std::vector<std::byte> v(want.size() * 2);
        for (std::size_t i = 0; i < v.size(); ++i)
            v[i] = static_cast<std::byte>(want[i % want.size()]);
        const void* p = v.data();
        frame f = frame::adopt(std::move(v));
        BOOST_TEST(f.data() == p);
        BOOST_TEST(f.size() == want.size() * 2);
        BOOST_TEST(f.view().substr(want.size()) == want);
    }
    {
        // A short string lives inside the string object (SSO): the frame has
        // the moved string's copy, still the right bytes.
        std::string s = "short";
        frame f = frame::adopt(std::move(s));
        BOOST_TEST(f.view() == "short");
        std::string empty;
        frame e = frame::adopt(std::move(empty));
        BOOST_TEST(e.empty());
        BOOST_TEST(e.view().empty());
    }
}

// Breaks if the flat buffer's memory is copied, if the frame takes its whole
// storage instead of its readable bytes (consumed prefix, uncommitted tail),
// or if the buffer is not left empty.
BOOST_AUTO_TEST_CASE(adopt_a_flat_buffer)
{
    const std::string want = payload(100 * 1024, 2);
    beast::flat_buffer b;
    auto room = b.prepare(want.size() + 10);
    std::memcpy(room.data(), ("0123456789" + want).data(), want.size() + 10);
    b.commit(want.size() + 10);
    b.consume(10);         // a consumed prefix
    b.prepare(1000);       // an uncommitted tail (fits: no reallocation needed)
    BOOST_TEST_REQUIRE(b.size() == want.size());
    const void* p = b.data().data();
    frame f = frame::adopt(std::move(b));
    BOOST_TEST(f.data() == p, "the flat buffer's bytes were copied");
    BOOST_TEST(f.size() == want.size());
    BOOST_TEST(f.view() == want);
    BOOST_TEST(b.size() == 0u);
    BOOST_TEST(asio::buffer_size(b.data()) == 0u);
}

struct deleter_once_tag;

// Breaks if the adopted container is never freed (deallocation count stays 0;
// LSan reports the leak), freed twice (count 2; ASan reports a double free),
// freed while a frame still refers to it (freed early: count 1 before the
// reset; ASan reports the use after free), or copied (the data pointer
// differs). Small payloads included: libzmq 4.3.4's zmq_msg_init_data does
// not copy them into a "very small message", so the deleter does not run
// at once for them either.
BOOST_AUTO_TEST_CASE(adopt_frees_the_container_exactly_once)
{
    using c = counts<deleter_once_tag>;
    using bytes = std::vector<char, counting_allocator<char, deleter_once_tag>>;
    for (std::size_t n : {std::size_t(1), std::size_t(5), std::size_t(32), std::size_t(33), std::size_t(34),
             std::size_t(1000), std::size_t(1) << 20})
    {
        BOOST_TEST_CONTEXT("payload of " << n << " bytes")
        {
            c::allocations = 0;
            c::deallocations = 0;
            bytes v(n, 'a');
            const void* p = v.data();
            BOOST_TEST(c::allocations.load() == 1);
            frame f = frame::adopt(std::move(v));
            BOOST_TEST(f.data() == p, "copied");
            BOOST_TEST(c::deallocations.load() == 0, "freed at adoption");
            frame shared = f.clone();
            BOOST_TEST(shared.data() == p, "a clone of an adopted frame shares it");
            frame moved = std::move(f);
            f.reset();
            BOOST_TEST(c::deallocations.load() == 0);
            moved.reset();
            BOOST_TEST(c::deallocations.load() == 0, "freed while a clone refers to it");
            BOOST_TEST(shared.view() == std::string(n, 'a'));
            shared.reset();
            BOOST_TEST(c::deallocations.load() == 1);
            BOOST_TEST(c::last_freed.load() == p);
            BOOST_TEST(c::allocations.load() == 1);
        }
    }

    // A string with a counting allocator, and a flat buffer with one.
    c::allocations = 0;
    c::deallocations = 0;
    {
        std::basic_string<char, std::char_traits<char>, counting_allocator<char, deleter_once_tag>> s(5000, 's');
        frame f = frame::adopt(std::move(s));
        BOOST_TEST(f.size() == 5000u);
    }
    {
        beast::basic_flat_buffer<counting_allocator<char, deleter_once_tag>> b;
        b.commit(asio::buffer_copy(b.prepare(3000), asio::buffer(payload(3000))));
        frame f = frame::adopt(std::move(b));
        BOOST_TEST(f.view() == payload(3000));
        BOOST_TEST(c::deallocations.load() < c::allocations.load());
    }
    BOOST_TEST(c::allocations.load() >= 2);
    BOOST_TEST(c::deallocations.load() == c::allocations.load());
}

// The libzmq behaviour the above relies on, checked on raw libzmq: breaks if
// a libzmq version copies small payloads at zmq_msg_init_data (then the
// deleter would run at once and the data pointer differ), or calls the
// deleter at each close instead of the last.
BOOST_AUTO_TEST_CASE(libzmq_init_data_never_copies_and_frees_at_last_close)
{
    static std::atomic<int> freed{0};
    zmq_free_fn* ffn = [](void* data, void*) {
        ++freed;
        delete[] static_cast<char*>(data);
    };
    for (std::size_t n : {std::size_t(1), std::size_t(33), std::size_t(64 * 1024)})
    {
        BOOST_TEST_CONTEXT(n << " bytes")
        {
            freed = 0;
            char* p = new char[n]();
            zmq_msg_t a, b;
            BOOST_TEST_REQUIRE(zmq_msg_init_data(&a, p, n, ffn, nullptr) == 0);
            BOOST_TEST(freed.load() == 0);
            BOOST_TEST(zmq_msg_data(&a) == static_cast<void*>(p));
            zmq_msg_init(&b);
            zmq_msg_copy(&b, &a);
            BOOST_TEST(zmq_msg_data(&b) == static_cast<void*>(p));
            zmq_msg_close(&a);
            BOOST_TEST(freed.load() == 0);
            zmq_msg_close(&b);
            BOOST_TEST(freed.load() == 1);
        }
    }
}

// ----------------------------------------------------------------- round trips

struct round_trip_tag;

// Adopted frames, small and large, through a zmq_stream PUSH/PULL pair.
// Breaks if the bytes or the frame order change on the way, if an adopted
// payload is freed before libzmq is done with it (ASan: use after free on
// the I/O thread), never freed (the counted vectors: fewer than 3 freed; LSan: leak) or
// freed twice (more than 3). Over inproc libzmq passes the zmq_msg_t
// itself: the received frame's data is the adopted vector's, which breaks if
// anything on the way (message construction, the write queue) copies it.
BOOST_AUTO_TEST_CASE(adopted_frames_round_trip)
{
    using c = counts<round_trip_tag>;
    using bytes = std::vector<char, counting_allocator<char, round_trip_tag>>;
    for (std::string transport : {"inproc", "tcp"})
    {
        BOOST_TEST_CONTEXT(transport)
        {
            c::allocations = 0;
            c::deallocations = 0;
            asio::io_context ioc;
            auto pp = std::make_unique<push_pull>(ioc, transport);
            const std::string big = payload(1 << 20, 3), small = "small", mid = payload(64 * 1024, 4);

            bytes vbig(big.begin(), big.end()), vsmall(small.begin(), small.end());
            const void* pbig = vbig.data();
            const void* psmall = vsmall.data();
            std::string smid = mid;
            const void* pmid = smid.data();
            message out{frame::adopt(std::move(vsmall)), frame::adopt(std::move(vbig)), frame::adopt(std::move(smid))};
            BOOST_TEST_REQUIRE(out.size() == 3u);
            BOOST_TEST(out[0].data() == psmall, "message{...} copied the frame");
            BOOST_TEST(out[1].data() == pbig, "message{...} copied the frame");
            BOOST_TEST(out[2].data() == pmid, "message{...} copied the frame");
            pp->push.write(std::move(out));

            // A second message, written and the stream destroyed at once:
            // the deleter runs after the stream is gone.
            bytes vlate(big.begin(), big.end());
            message late(frame::adopt(std::move(vlate)));
            BOOST_TEST(write_one(ioc, pp->push, std::move(late)) == error_code());

            message in = read_one(ioc, pp->pull);
            BOOST_TEST_REQUIRE(in.size() == 3u);
            BOOST_TEST(in[0].view() == small);
            BOOST_TEST(in[1].view() == big);
            BOOST_TEST(in[2].view() == mid);
            if (transport == "inproc")
            {
                BOOST_TEST(in[0].data() == psmall, "inproc copied the payload");
                BOOST_TEST(in[1].data() == pbig, "inproc copied the payload");
                BOOST_TEST(in[2].data() == pmid, "inproc copied the payload");
                BOOST_TEST(c::deallocations.load() == 0, "freed while the received frames use it");
            }
            in = message();
            message in2 = read_one(ioc, pp->pull);
            BOOST_TEST(in2.total_size() == big.size());
            BOOST_TEST((in2[0].view() == big));
            in2 = message();
            pp.reset();  // both streams gone
            ioc.run_for(10ms);
            BOOST_TEST(eventually_equals(c::deallocations, 3), "deallocations: " << c::deallocations.load());
            BOOST_TEST(c::allocations.load() == 3);
        }
    }
    std::this_thread::sleep_for(20ms);
    BOOST_TEST(c::deallocations.load() == 3, "a deleter ran twice");
}

// ----------------------------------------------------------------- buffer sequences

// Breaks if frame(ConstBufferSequence) copies only the first buffer, drops
// empty buffers wrongly, reorders them, or is not selected for
// beast::buffers_cat / std::vector<const_buffer> / message arguments.
BOOST_AUTO_TEST_CASE(frame_from_a_buffer_sequence)
{
    std::string a = "head:", b = payload(70000, 5), d = ":tail";
    frame f(beast::buffers_cat(asio::buffer(a), asio::const_buffer(), asio::buffer(b), asio::buffer(d)));
    BOOST_TEST(f.size() == a.size() + b.size() + d.size());
    BOOST_TEST(f.view() == a + b + d);

    std::vector<asio::const_buffer> seq{asio::buffer(d), asio::buffer(a)};
    frame g(seq);
    BOOST_TEST(g.view() == d + a);

    frame e{std::vector<asio::const_buffer>{}};
    BOOST_TEST(e.empty());

    message m{"x", "", "yz"};
    frame flat(m);
    BOOST_TEST(flat.view() == "xyz");
    BOOST_TEST(m.size() == 3u);  // read, not taken

    // In place in a message, and through a mutable_buffer (the single-buffer
    // constructor).
    message n;
    n.emplace_back(beast::buffers_cat(asio::buffer(a), asio::buffer(d)));
    char raw[] = {'r', 'a', 'w'};
    n.emplace_back(asio::mutable_buffer(raw, sizeof(raw)));
    BOOST_TEST(n[0].view() == a + d);
    BOOST_TEST(n[1].view() == "raw");
}

// Breaks if the message's buffer sequence skips, repeats or reorders frames,
// does not point at the frames' own payloads, or if buffers() is not a valid
// copyable sequence for the Beast algorithms that keep a copy.
BOOST_AUTO_TEST_CASE(message_is_a_const_buffer_sequence)
{
    const std::string big = payload(100000, 6);
    message m{"alpha", "", "beta"};
    m.push_back(frame::adopt(std::string(big)));
    const std::string want = "alphabeta" + big;

    BOOST_TEST(asio::buffer_size(m) == want.size());
    BOOST_TEST(asio::buffer_size(m) == m.total_size());
    BOOST_TEST(beast::buffer_bytes(m) == want.size());
    BOOST_TEST(beast::buffers_to_string(m) == want);

    std::string copied(want.size(), '\0');
    BOOST_TEST(asio::buffer_copy(asio::buffer(copied), m) == want.size());
    BOOST_TEST(copied == want);

    // The buffers are the frames' payloads, not copies.
    std::size_t i = 0;
    for (asio::const_buffer b : beast::buffers_range_ref(m))
    {
        BOOST_TEST_REQUIRE(i < m.size());
        BOOST_TEST(b.data() == m[i].data());
        BOOST_TEST(b.size() == m[i].size());
        ++i;
    }
    BOOST_TEST(i == m.size());

    // buffers(): for algorithms that copy the sequence.
    auto view = m.buffers();
    BOOST_TEST(std::distance(view.begin(), view.end()) == 4);
    std::string ranged;
    for (asio::const_buffer b : beast::buffers_range(view))
        ranged.append(static_cast<const char*>(b.data()), b.size());
    BOOST_TEST(ranged == want);
    BOOST_TEST(beast::buffers_to_string(beast::buffers_cat(asio::buffer("<", 1), m.buffers(), asio::buffer(">", 1)))
        == "<" + want + ">");
    BOOST_TEST(beast::buffers_to_string(beast::buffers_prefix(7, m.buffers())) == "alphabe");

    // A frame as a single buffer.
    const frame& last = m.back();
    asio::const_buffer b = asio::buffer(last);
    BOOST_TEST(b.data() == last.data());
    BOOST_TEST(b.size() == big.size());
    BOOST_TEST(asio::buffer_size(asio::buffer(m[0])) == 5u);

    // A synchronous asio::write keeps a copy of the sequence: buffers().
    asio::io_context ioc;
    asio::local::stream_protocol::socket tx(ioc), rx(ioc);
    asio::local::connect_pair(tx, rx);
    std::thread reader([&] {
        std::string got(want.size(), '\0');
        asio::read(rx, asio::buffer(got));
        copied = got;
    });
    BOOST_TEST(asio::write(tx, m.buffers()) == want.size());
    reader.join();
    BOOST_TEST(copied == want);

    message empty;
    BOOST_TEST(asio::buffer_size(empty) == 0u);
    BOOST_TEST(beast::buffers_to_string(empty.buffers()).empty());
}

// Breaks if message{frame(...)} stops taking a large frame without copying
// (the constructor taking buffers would copy it), or if a frame written
// through a named frame is copied or left in place.
BOOST_AUTO_TEST_CASE(message_of_frames_keeps_their_payloads)
{
    std::string s = payload(70000, 7);
    const std::string want = s;
    const void* p = s.data();
    frame f = frame::adopt(std::move(s));
    message m{std::move(f), frame("small"), frame(want)};
    BOOST_TEST_REQUIRE(m.size() == 3u);
    BOOST_TEST(m[0].data() == p);
    BOOST_TEST(m[0].view() == want);
    BOOST_TEST(f.empty());
    BOOST_TEST(m[1].view() == "small");
    BOOST_TEST(m[2].view() == want);

    // The existing constructors are unchanged.
    message single{frame(want)};
    BOOST_TEST(single.size() == 1u);
    message text{"a", "b"};
    BOOST_TEST(text.size() == 2u);
    char raw[] = {0, 1};
    message bufs{asio::buffer(raw), asio::buffer("cd", 2)};
    BOOST_TEST(bufs.size() == 2u);
    BOOST_TEST(bufs[1].view() == "cd");
}

// The code doc/buffers.md shows (scripts/check-snippets keeps them equal).
// Breaks if any of the calls shown stops compiling or doing what the page says.
BOOST_AUTO_TEST_CASE(documented_usage)
{
    asio::io_context ioc;
    push_pull pp(ioc, "inproc");
    zmq_stream& push = pp.push;
    std::string rendered = payload(256 * 1024, 8);
    const std::string sent = rendered;
    std::string request_id = "42";

    // [snippet:adopt]
    // Large payloads: the frame takes the string's memory, no copy.
    // Small ones: copy them (frame(std::string_view)), it is cheaper.
    push.write(zs::message{zs::frame(request_id), zs::frame::adopt(std::move(rendered))});

    // One frame from several buffers: one copy, no intermediate string.
    std::string header = "v1;", trailer = ";end";
    zs::message m;
    m.emplace_back(beast::buffers_cat(asio::buffer(header), asio::buffer(sent), asio::buffer(trailer)));
    push.write(std::move(m));
    // [/snippet]

    message got = read_one(ioc, pp.pull);
    BOOST_TEST(got[0].view() == "42");
    BOOST_TEST(got[1].view() == sent);

    // [snippet:sequence]
    zs::message reply = read_one(ioc, pp.pull);
    std::size_t n = asio::buffer_size(reply);             // payload bytes, all frames
    std::string joined = beast::buffers_to_string(reply);  // the frames, concatenated
    for (asio::const_buffer b : beast::buffers_range_ref(reply))
        n -= b.size();  // each frame's payload, in place
    // Algorithms that keep a copy of the sequence take reply.buffers().
    auto framed = beast::buffers_cat(asio::buffer("<", 1), reply.buffers(), asio::buffer(">", 1));
    // [/snippet]
    BOOST_TEST(n == 0u);
    BOOST_TEST(joined == "v1;" + sent + ";end");
    BOOST_TEST(beast::buffer_bytes(framed) == joined.size() + 2);
}

BOOST_AUTO_TEST_SUITE_END()
