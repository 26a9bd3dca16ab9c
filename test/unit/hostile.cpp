//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
// Hostile input against a bound ROUTER or PULL stream over TCP, while the
// stream serves a good peer: random bytes, truncated ZMTP greetings,
// greetings of the wrong version or mechanism, a frame header announcing
// 2^62 bytes, and thousands of connections dropped without a handshake. The
// attackers are plain TCP sockets on the same io_context. The good peer must
// lose nothing and see nothing reordered, the stream must stay usable, and
// the process must get its descriptors back and keep its memory bounded.

#include <boost_zmqstream/zmq_stream.hpp>

#include <boost_zmqstream_test/rss.hpp>
#include <boost_zmqstream_test/sync.hpp>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/test/data/test_case.hpp>

#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

using namespace boost_zmqstream_test;
namespace bdata = boost::unit_test::data;
using tcp = boost::asio::ip::tcp;

namespace hostile_helpers {

constexpr std::int64_t max_message = 1 << 20;  // the server's maxmsgsize
const std::string good_id = "good-peer";
const std::string good_magic = "GOODPEER";

// ------------------------------------------------------------ ZMTP bytes

// A ZMTP 3 greeting: signature, version, mechanism, as-server 0, filler.
inline std::string greeting(unsigned char major = 3, unsigned char minor = 0, const std::string& mechanism = "NULL")
{
    std::string g(64, '\0');
    g[0] = '\xff';
    g[9] = '\x7f';
    g[10] = static_cast<char>(major);
    g[11] = static_cast<char>(minor);
    g.replace(12, mechanism.size(), mechanism);
    return g;
}

// The NULL mechanism's READY command announcing `socket_type`.
inline std::string ready(const std::string& socket_type)
{
    std::string body = "\x05READY";
    body += static_cast<char>(11);
    body += "Socket-Type";
    body += std::string(3, '\0') + static_cast<char>(socket_type.size()) + socket_type;
    return std::string{'\x04', static_cast<char>(body.size())} + body;
}

// A message frame header (long form) announcing `size` bytes.
inline std::string long_frame_header(std::uint64_t size)
{
    std::string h(9, '\0');
    h[0] = '\x02';
    for (int i = 0; i < 8; ++i)
        h[1 + i] = static_cast<char>((size >> (56 - 8 * i)) & 0xff);
    return h;
}

inline std::string noise_of(std::mt19937& rng, std::size_t n)
{
    std::string s(n, '\0');
    for (auto& c : s)
        c = static_cast<char>(rng() & 0xff);
    return s;
}

inline std::uint64_t seed()
{
    return static_cast<std::uint64_t>(env_count("BZS_HOSTILE_SEED", 20261127));
}

// ------------------------------------------------------------ the attackers

// How an attacking connection ends after sending its bytes.
enum class ending
{
    close,        // FIN
    reset,        // RST (SO_LINGER 0)
    await_close,  // wait until the server drops it (proves it was rejected)
};

struct attack
{
    std::string bytes;
    ending end = ending::close;
};

// Runs attacks from plain TCP sockets, at most `parallel` at a time.
class attack_driver
{
public:
    attack_driver(asio::io_context& ioc, tcp::endpoint target, std::vector<attack> list)
        : ioc_(ioc), target_(target), list_(std::move(list))
    {
    }

    void start(int parallel)
    {
        for (int i = 0; i < parallel; ++i)
            launch();
    }

    bool finished() const { return done == list_.size(); }

    std::size_t done = 0;
    std::size_t connect_failed = 0;
    std::size_t closed_by_server = 0;  // of the await_close attacks

private:
    void launch()
    {
        if (next_ == list_.size())
            return;
        const attack& a = list_[next_++];
        auto sock = std::make_shared<tcp::socket>(ioc_);
        sock->async_connect(target_, [this, sock, &a](error_code ec) {
            if (ec)
                return ++connect_failed, finish();
            asio::async_write(*sock, asio::buffer(a.bytes), [this, sock, &a](error_code, std::size_t) {
                end(sock, a.end);  // a write error: the server dropped us early, fine
            });
        });
    }

    void end(const std::shared_ptr<tcp::socket>& sock, ending e)
    {
        if (e == ending::await_close)
            return await_close(sock);
        error_code ignored;
        if (e == ending::reset)
            sock->set_option(asio::socket_base::linger(true, 0), ignored);
        sock->close(ignored);
        finish();
    }

    void await_close(const std::shared_ptr<tcp::socket>& sock)
    {
        auto buf = std::make_shared<std::array<char, 4096>>();
        sock->async_read_some(asio::buffer(*buf), [this, sock, buf](error_code ec, std::size_t) {
            if (!ec)
                return await_close(sock);  // the server's greeting: read on
            ++closed_by_server;
            sock->close(ec);
            finish();
        });
    }

    void finish()
    {
        ++done;
        launch();
    }

    asio::io_context& ioc_;
    tcp::endpoint target_;
    std::vector<attack> list_;
    std::size_t next_ = 0;
};

// ------------------------------------------------------------ the server and its good peer

inline std::string good_payload(std::uint64_t seq)
{
    std::string p = good_magic + std::string(8, '\0');
    std::memcpy(&p[8], &seq, 8);
    return p;
}

// The sequence number of a good peer's payload, or nullopt for anything else.
inline std::optional<std::uint64_t> good_number(const frame& f)
{
    if (f.size() != 16 || f.view().substr(0, 8) != good_magic)
        return std::nullopt;
    std::uint64_t seq;
    std::memcpy(&seq, static_cast<const char*>(f.data()) + 8, 8);
    return seq;
}

// A bound ROUTER (echoing everything, router_mandatory set) or PULL with the
// options a public server needs, counting its monitor events, and a good
// peer (DEALER or PUSH) that keeps 16 messages in flight until stopped.
class served
{
public:
    served(asio::io_context& ioc, int type)
        : type_(type), server_(ioc, type, monitored()), good_(ioc, type == ZMQ_ROUTER ? ZMQ_DEALER : ZMQ_PUSH)
    {
        server_.set_option(option::maxmsgsize(max_message));
        server_.set_option(option::backlog(1024));
        server_.set_option(option::handshake_ivl(1000));  // a stalled greeting is dropped after 1 s
        if (type == ZMQ_ROUTER)
            server_.set_option(option::router_mandatory(true));
        server_.enable_monitor(ZMQ_EVENT_ACCEPTED | ZMQ_EVENT_DISCONNECTED | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL |
                               ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL);
        server_.bind("tcp://127.0.0.1:*");
        good_.set_option(option::routing_id(good_id));
        good_.connect(server_.bindings().at(0));
        serve();
        watch();
        if (type == ZMQ_ROUTER)
            read_echoes();
        pump();
    }

    tcp::endpoint endpoint() const
    {
        std::string ep = server_.bindings().at(0);
        auto colon = ep.rfind(':');
        return {asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(std::stoi(ep.substr(colon + 1)))};
    }

    // Messages of the good peer that made the whole trip (for a ROUTER: came back).
    std::uint64_t delivered() const { return type_ == ZMQ_ROUTER ? answered : received; }

    // Stops sending; true once everything sent made the whole trip.
    bool drained()
    {
        stopping = true;
        return delivered() == sent;
    }

    void shut(asio::io_context& ioc)
    {
        server_.cancel();
        good_.cancel();
        BZS_RUN_UNTIL(ioc, !serving && !watching && !reading);
    }

    zmq_stream& server() { return server_; }

    std::uint64_t sent = 0, received = 0, answered = 0, out_of_order = 0, foreign = 0;
    long accepted = 0, disconnected = 0, handshake_failed = 0;
    error_code failure{};
    bool stopping = false, serving = false, watching = false, reading = false;

private:
    static stream_options monitored()
    {
        stream_options o;
        o.events_backlog = std::nullopt;  // a burst of 2,000 accepts must not drop any
        return o;
    }

    void pump()
    {
        while (!stopping && sent - received < 16)
            good_.write(message{good_payload(sent++)});
    }

    void fail(error_code ec)
    {
        if (ec != asio::error::operation_aborted && !failure)
            failure = ec;
    }

    void serve()
    {
        serving = true;
        server_.async_read_batch(batch_, 64, [this](error_code ec, std::size_t) {
            serving = false;
            if (ec)
                return fail(ec);
            for (auto& m : batch_)
                take(std::move(m));
            batch_.clear();
            pump();
            serve();
        });
    }

    void take(message m)
    {
        const bool from_good = type_ == ZMQ_PULL || (m.size() == 2 && m[0].view() == good_id);
        auto seq = from_good ? good_number(m[m.size() - 1]) : std::nullopt;
        if (seq)
            out_of_order += *seq != received++;
        else
            ++foreign;
        if (type_ == ZMQ_ROUTER)
            server_.write(std::move(m));
    }

    void read_echoes()
    {
        reading = true;
        good_.async_read([this](error_code ec, message m) {
            reading = false;
            if (ec)
                return fail(ec);
            auto seq = m.size() == 1 ? good_number(m[0]) : std::nullopt;
            out_of_order += !seq || *seq != answered;
            ++answered;
            read_echoes();
        });
    }

    void watch()
    {
        watching = true;
        server_.async_read_event([this](error_code ec, monitor_event e) {
            watching = false;
            if (ec)
                return fail(ec);
            accepted += e.event == ZMQ_EVENT_ACCEPTED;
            disconnected += e.event == ZMQ_EVENT_DISCONNECTED;
            handshake_failed += e.event != ZMQ_EVENT_ACCEPTED && e.event != ZMQ_EVENT_DISCONNECTED;
            watch();
        });
    }

    int type_;
    zmq_stream server_;
    zmq_stream good_;
    std::vector<message> batch_;
};

inline const char* type_name(int type)
{
    return type == ZMQ_ROUTER ? "ROUTER" : "PULL";
}

// Runs `attacks` against a fresh server of `type` while its good peer talks,
// and checks everything the file's header promises. Returns the driver's
// counts for the case's own checks.
struct attack_outcome
{
    std::size_t closed_by_server = 0;
    long handshake_failed = 0;
};

inline attack_outcome run_attacks(int type, std::vector<attack> attacks, int parallel = 128)
{
    asio::io_context ioc;
    served s(ioc, type);
    BZS_RUN_UNTIL_FOR(ioc, s.delivered() >= 100 || s.failure, 10s);  // connected and flowing
    BOOST_TEST_REQUIRE(!s.failure, s.failure.message());
    const int fds_before = open_fd_count();
    const long rss_before = rss_bytes();
    const std::uint64_t good_before = s.delivered();
    const long n = static_cast<long>(attacks.size());

    attack_driver driver(ioc, s.endpoint(), std::move(attacks));
    const auto t0 = std::chrono::steady_clock::now();
    driver.start(parallel);
    BZS_RUN_UNTIL_FOR(ioc, driver.finished() || s.failure, 10s);
    const auto attack_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
    // Every attacker accepted (the good peer too) and gone, as the server saw
    // it, and the good peer served meanwhile.
    BZS_RUN_UNTIL_FOR(
        ioc, (s.accepted > n && s.disconnected >= n && s.delivered() > good_before) || s.failure, 10s);
    const std::uint64_t good_during = s.delivered() - good_before;
    BZS_RUN_UNTIL_FOR(ioc, s.drained() || s.failure, 10s);
    BZS_RUN_UNTIL_FOR(ioc, open_fd_count() <= fds_before + 2, 10s);
    const long rss_growth = rss_bytes() - rss_before;

    BOOST_TEST_MESSAGE(type_name(type)
        << ": " << n << " hostile connections in " << attack_ms << " ms, " << s.handshake_failed
        << " handshakes failed, " << s.foreign << " hostile messages read, " << s.server().write_error_count()
        << " echoes failed; good peer: " << s.sent << " sent, " << s.delivered() << " delivered (" << good_during
        << " during the attack), " << s.out_of_order << " out of order; RSS change " << rss_growth / 1024
        << " KiB; descriptors " << open_fd_count() << " (were " << fds_before << ")");
    BOOST_TEST(!s.failure, s.failure.message());
    BOOST_TEST(driver.connect_failed == 0u);
    BOOST_TEST(s.accepted == n + 1);
    BOOST_TEST(s.disconnected == n);
    BOOST_TEST(s.delivered() == s.sent);
    BOOST_TEST(s.received == s.sent);
    BOOST_TEST(s.out_of_order == 0u);
    BOOST_TEST(!s.server().exception(), s.server().exception().message());
    BOOST_TEST(s.server().is_open());
    if (rss_is_meaningful)
        BOOST_TEST(rss_growth < 16L * 1024 * 1024, "RSS grew by " << rss_growth << " B");
    attack_outcome o{driver.closed_by_server, s.handshake_failed};
    s.shut(ioc);
    return o;
}

const int socket_types[] = {ZMQ_ROUTER, ZMQ_PULL};

} // namespace hostile_helpers
using namespace hostile_helpers;

BOOST_AUTO_TEST_SUITE(hostile)

// Random bytes from 300 connections: pure noise (which libzmq may take for
// ZMTP 1.0 and deliver as messages), the signature then noise, a whole
// greeting then noise; each ended by FIN or by RST.
BOOST_DATA_TEST_CASE(random_bytes, bdata::make(socket_types), type)
{
    std::mt19937 rng(static_cast<std::mt19937::result_type>(seed()));
    std::vector<attack> attacks;
    for (int i = 0; i < 300; ++i)
    {
        std::string noise = noise_of(rng, 1 + rng() % 4096);
        std::string start = i % 3 == 0 ? "" : i % 3 == 1 ? greeting().substr(0, 10) : greeting();
        attacks.push_back({start + noise, i % 2 ? ending::close : ending::reset});
    }
    run_attacks(type, std::move(attacks));
}

// Every prefix of a greeting, 1 to 63 bytes: dropped by the attacker, or
// held until the server's handshake_ivl drops it.
BOOST_DATA_TEST_CASE(truncated_greetings, bdata::make(socket_types), type)
{
    std::vector<attack> attacks;
    for (std::size_t len = 1; len < 64; ++len)
        for (ending e : {ending::close, ending::await_close})
            attacks.push_back({greeting().substr(0, len), e});
    attack_outcome o = run_attacks(type, std::move(attacks));
    BOOST_TEST(o.closed_by_server == 63u, "held greetings the server dropped: " << o.closed_by_server);
}

// Greetings of other ZMTP versions, and of version 3 with a mechanism the
// server does not have (held until the server drops them: it must), each
// followed by noise; ten of each.
BOOST_DATA_TEST_CASE(wrong_versions_and_mechanisms, bdata::make(socket_types), type)
{
    struct variant
    {
        unsigned char major, minor;
        const char* mechanism;
        ending end;
    };
    const variant variants[] = {{0, 0, "NULL", ending::close}, {1, 0, "NULL", ending::close},
        {2, 0, "NULL", ending::close}, {4, 0, "NULL", ending::close}, {0xff, 0xff, "NULL", ending::close},
        {3, 0, "BOGUS", ending::await_close}, {3, 1, "PLAIN", ending::await_close},
        {3, 0, "CURVE", ending::await_close}, {3, 0, "", ending::await_close}};
    std::mt19937 rng(static_cast<std::mt19937::result_type>(seed()));
    std::vector<attack> attacks;
    std::size_t held = 0;
    for (int round = 0; round < 10; ++round)
        for (const variant& v : variants)
        {
            attacks.push_back({greeting(v.major, v.minor, v.mechanism) + noise_of(rng, 64), v.end});
            held += v.end == ending::await_close;
        }
    attack_outcome o = run_attacks(type, std::move(attacks));
    BOOST_TEST(o.closed_by_server == held);
    BOOST_TEST(o.handshake_failed >= static_cast<long>(held), "handshake failures reported: " << o.handshake_failed);
}

// A correct NULL handshake, then a frame header announcing 2^62 bytes (and,
// five times, a frame of maxmsgsize + 1 bytes sent whole): maxmsgsize makes
// libzmq drop each such connection before allocating anything.
BOOST_DATA_TEST_CASE(a_frame_header_of_two_to_the_62_bytes, bdata::make(socket_types), type)
{
    const std::string hello = greeting() + ready(type == ZMQ_ROUTER ? "DEALER" : "PUSH");
    std::mt19937 rng(static_cast<std::mt19937::result_type>(seed()));
    std::vector<attack> attacks;
    for (int i = 0; i < 50; ++i)
        attacks.push_back({hello + long_frame_header(std::uint64_t(1) << 62) + noise_of(rng, 100),
            ending::await_close});
    const auto over = static_cast<std::uint64_t>(max_message + 1);
    for (int i = 0; i < 5; ++i)
        attacks.push_back({hello + long_frame_header(over) + noise_of(rng, over), ending::await_close});
    attack_outcome o = run_attacks(type, std::move(attacks));
    BOOST_TEST(o.closed_by_server == 55u, "oversized frames the server dropped: " << o.closed_by_server);
}

// 2,000 connections opened and dropped without a byte, half by FIN, half by RST.
BOOST_DATA_TEST_CASE(two_thousand_connections_dropped_without_a_handshake, bdata::make(socket_types), type)
{
    std::vector<attack> attacks;
    for (int i = 0; i < 2000; ++i)
        attacks.push_back({"", i % 2 ? ending::close : ending::reset});
    run_attacks(type, std::move(attacks));
}

BOOST_AUTO_TEST_SUITE_END()
