// CURVE keys and certificates, the ZAP decision logic without sockets, and
// the asynchronous ZAP authenticator against real libzmq handshakes.
//
// Every socket test uses its own libzmq context: the ZAP endpoint
// (inproc://zeromq.zap.01) is per context, so tests cannot see each other's
// authenticator.
#include <boost_zmqstream/curve.hpp>
#include <boost_zmqstream/zap_authenticator.hpp>
#include <boost_zmqstream/zmq_stream.hpp>

#include <boost_zmqstream_test/sync.hpp>

#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/steady_timer.hpp>

#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <thread>

#include <sys/stat.h>

using namespace boost_zmqstream_test;

namespace security_helpers {

namespace fs = std::filesystem;

// A fresh directory under /tmp, removed at the end of the test.
struct temp_dir
{
    fs::path path = fs::temp_directory_path() /
                    ("bzs-sec-" + std::to_string(::getpid()) + "-" + std::to_string(unique_number()));
    temp_dir() { fs::create_directories(path); }
    ~temp_dir()
    {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

void write_text(const fs::path& p, const std::string& text)
{
    std::ofstream(p) << text;
}

// The message of the system_error `f` throws (fails the test if it throws none).
template <class F>
std::string error_of(F f)
{
    try
    {
        f();
    }
    catch (const boost::system::system_error& e)
    {
        BOOST_TEST((e.code() == boost::system::errc::invalid_argument), "code: " << e.code());
        return e.what();
    }
    BOOST_ERROR("no exception");
    return {};
}

// A ZAP request as libzmq 4.3.4 sends it (after the ROUTER's envelope).
zap_request request(std::string mechanism, std::vector<std::string> creds = {}, std::string address = "127.0.0.1",
    std::string domain = "")
{
    return {"1.0", "1", std::move(domain), std::move(address), "", std::move(mechanism), std::move(creds)};
}

// Reads monitor events until the handshake's outcome.
monitor_event handshake_outcome(asio::io_context& ioc, zmq_stream& s)
{
    for (;;)
    {
        monitor_event ev = read_event(ioc, s);
        if (ev.event & (ZMQ_EVENT_HANDSHAKE_SUCCEEDED | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH |
                           ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL))
            return ev;
    }
}

stream_options in(context& zctx)
{
    stream_options o;
    o.ctx = &zctx;
    return o;
}

// A ROUTER server: `setup` sets its security options, then it binds to tcp.
template <class Setup>
zmq_stream server(asio::io_context& ioc, context& zctx, Setup setup)
{
    zmq_stream s(ioc, ZMQ_ROUTER, in(zctx));
    s.set_option(option::linger(0));
    setup(s);
    s.bind("tcp://127.0.0.1:*");
    return s;
}

zmq_stream curve_server(asio::io_context& ioc, context& zctx, const curve_keypair& k, std::string domain = "")
{
    return server(ioc, zctx, [&](zmq_stream& s) {
        s.set_option(option::curve_server(true));
        s.set_option(option::curve_secretkey(k.secret_key));
        if (!domain.empty())
            s.set_option(option::zap_domain(domain));
    });
}

zmq_stream plain_server(asio::io_context& ioc, context& zctx, std::string domain = "")
{
    return server(ioc, zctx, [&](zmq_stream& s) {
        s.set_option(option::plain_server(true));
        if (!domain.empty())
            s.set_option(option::zap_domain(domain));
    });
}

// A monitored DEALER client: `setup` sets its security options, then it connects.
template <class Setup>
zmq_stream client(asio::io_context& ioc, context& zctx, zmq_stream& srv, Setup setup)
{
    zmq_stream c(ioc, ZMQ_DEALER, in(zctx));
    c.set_option(option::linger(0));
    setup(c);
    c.enable_monitor(ZMQ_EVENT_HANDSHAKE_SUCCEEDED | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH |
                     ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL);
    c.connect(srv.bindings().at(0));
    return c;
}

zmq_stream curve_client(asio::io_context& ioc, context& zctx, zmq_stream& srv, const curve_keypair& server_key,
    const curve_keypair& mine)
{
    return client(ioc, zctx, srv, [&](zmq_stream& c) {
        c.set_option(option::curve_serverkey(server_key.public_key));
        c.set_option(option::curve_publickey(mine.public_key));
        c.set_option(option::curve_secretkey(mine.secret_key));
    });
}

zmq_stream plain_client(asio::io_context& ioc, context& zctx, zmq_stream& srv, std::string user, std::string pw)
{
    return client(ioc, zctx, srv, [&](zmq_stream& c) {
        c.set_option(option::plain_username(user));
        c.set_option(option::plain_password(pw));
    });
}

// The client says `text`; the server reads it (returning [routing id, text])
// and answers; the client reads the answer.
message exchange(asio::io_context& ioc, zmq_stream& srv, zmq_stream& cli, const std::string& text)
{
    cli.write(message{text});
    message m = read_one(ioc, srv);
    BOOST_TEST_REQUIRE(m.size() == 2u);
    BOOST_TEST(m[1].view() == text);
    srv.write(message{m[0].view(), std::string_view("re: " + text)});
    message answer = read_one(ioc, cli);
    BOOST_TEST(answer == message{"re: " + text});
    return m;
}

// Collects the authenticator's reports.
struct report_log
{
    struct entry
    {
        zap_outcome outcome;
        int status;
        std::string text, mechanism, domain, user_id;
    };
    std::vector<entry> entries;

    zap_report_hook hook()
    {
        return [this](const zap_report& r) {
            entries.push_back({r.outcome, r.decision.status_code, r.decision.status_text, r.request.mechanism,
                r.request.domain, r.decision.user_id});
        };
    }

    std::size_t count(zap_outcome o, int status) const
    {
        std::size_t n = 0;
        for (auto& e : entries)
            n += e.outcome == o && e.status == status;
        return n;
    }
};

// Expects `cli` to be refused: its monitor reports the failure, which is returned.
monitor_event expect_refused(asio::io_context& ioc, zmq_stream& cli)
{
    monitor_event ev = handshake_outcome(ioc, cli);
    BOOST_TEST(ev.event != ZMQ_EVENT_HANDSHAKE_SUCCEEDED, "refused client got in");
    return ev;
}

} // namespace security_helpers
using namespace security_helpers;

BOOST_AUTO_TEST_SUITE(security)

// ------------------------------------------------------------------ keys

BOOST_AUTO_TEST_CASE(z85_round_trip_matches_libzmq)
{
    std::string bytes = payload(32, 7);
    std::string ours = z85_encode(bytes);
    char theirs[41];
    BOOST_TEST_REQUIRE(zmq_z85_encode(theirs, reinterpret_cast<const uint8_t*>(bytes.data()), 32) != nullptr);
    BOOST_TEST(ours == std::string(theirs));
    BOOST_TEST(z85_decode(ours) == bytes);
    // RFC 32's test vector.
    const char vec[] = {char(0x86), 0x4F, char(0xD2), 0x6F, char(0xB5), 0x59, char(0xF7), 0x5B};
    BOOST_TEST(z85_encode(std::string_view(vec, 8)) == "HelloWorld");
    BOOST_TEST(z85_decode("HelloWorld") == std::string(vec, 8));
    BOOST_TEST(z85_encode("").empty());
}

BOOST_AUTO_TEST_CASE(z85_rejects_malformed_input_with_a_reason)
{
    BOOST_TEST(contains(error_of([] { z85_decode("Hello"  "Worl"); }), "not a multiple of 5"));
    std::string bad = error_of([] { z85_decode("Hello~orld"); });
    BOOST_TEST(contains(bad, "'~' at position 5"), bad);
    BOOST_TEST(contains(error_of([] { z85_decode("#####"); }), "more than 32 bits"));
    BOOST_TEST(contains(error_of([] { z85_encode("abc"); }), "not a multiple of 4"));
    error_code ec;
    BOOST_TEST(z85_decode("abc", ec).empty());
    BOOST_TEST((ec == boost::system::errc::invalid_argument));
    z85_decode("HelloWorld", ec);
    BOOST_TEST(!ec);
}

BOOST_AUTO_TEST_CASE(keypair_and_public_key_from_secret)
{
    curve_keypair a = curve_keypair::generate(), b = curve_keypair::generate();
    BOOST_TEST(a.public_key.size() == 40u);
    BOOST_TEST(a.secret_key.size() == 40u);
    BOOST_TEST(a.public_key != b.public_key);
    BOOST_TEST(z85_decode(a.public_key).size() == 32u);
    BOOST_TEST(curve_public_key(a.secret_key) == a.public_key);
    BOOST_TEST(curve_public_key(b.secret_key) == b.public_key);
    BOOST_TEST(contains(error_of([] { curve_public_key("short"); }), "40 characters"));
    BOOST_TEST(contains(error_of([] { curve_public_key(std::string(39, 'a') + "~"); }), "not in the Z85 alphabet"));
}

// ------------------------------------------------------------------ certificates

BOOST_AUTO_TEST_CASE(certificate_text_round_trip)
{
    auto cert = curve_certificate::generate({{"name", "server one"}, {"email", "ops@example.com"}});
    curve_certificate secret = parse_certificate(format_certificate(cert, true));
    BOOST_TEST(secret.public_key == cert.public_key);
    BOOST_TEST(secret.secret_key == cert.secret_key);
    BOOST_TEST(secret.metadata == cert.metadata);
    curve_certificate pub = parse_certificate(format_certificate(cert));
    BOOST_TEST(pub.public_key == cert.public_key);
    BOOST_TEST(!pub.has_secret());
    BOOST_TEST(!contains(format_certificate(cert), cert.secret_key));
}

// The text pyzmq 24's zmq.auth.create_certificates writes (bare metadata
// values) and czmq's zcert writes (quoted values, and comments).
BOOST_AUTO_TEST_CASE(certificate_reads_pyzmq_and_czmq_text)
{
    auto k = curve_keypair::generate();
    std::string pyzmq = "#   ****  Generated on 2026-01-01 00:00:00 by pyzmq  ****\n"
                        "#   ZeroMQ CURVE **Secret** Certificate\n\n"
                        "metadata\n    name = alice\ncurve\n    public-key = \"" +
                        k.public_key + "\"\n    secret-key = \"" + k.secret_key + "\"\n";
    curve_certificate a = parse_certificate(pyzmq);
    BOOST_TEST(a.public_key == k.public_key);
    BOOST_TEST(a.secret_key == k.secret_key);
    BOOST_TEST_REQUIRE(a.metadata.size() == 1u);
    BOOST_TEST(a.metadata[0].second == "alice");
    std::string czmq = "#   ****  Generated on 2026-01-01 by CZMQ  ****\n#   ZeroMQ CURVE Public Certificate\n"
                       "metadata\n    name = \"bob\"   \ncurve\n    public-key = \"" +
                       k.public_key + "\"\r\n";
    curve_certificate b = parse_certificate(czmq);
    BOOST_TEST(b.public_key == k.public_key);
    BOOST_TEST(!b.has_secret());
    BOOST_TEST(b.metadata.at(0).second == "bob");
}

BOOST_AUTO_TEST_CASE(certificate_errors_name_the_problem)
{
    auto k = curve_keypair::generate(), other = curve_keypair::generate();
    BOOST_TEST(contains(error_of([] { parse_certificate("metadata\ncurve\n", "x.key"); }), "x.key: no public-key"));
    BOOST_TEST(contains(error_of([] { parse_certificate("curve\n    public-key = \"abc\"\n", "x.key"); }),
        "40 characters"));
    std::string mismatched = "curve\n    public-key = \"" + k.public_key + "\"\n    secret-key = \"" +
                             other.secret_key + "\"\n";
    BOOST_TEST(contains(error_of([&] { parse_certificate(mismatched); }), "does not belong"));
    BOOST_TEST(contains(error_of([] { parse_certificate("curve\n    public-key\n", "c"); }), "c:2: expected"));
    BOOST_TEST(contains(
        error_of([&] { format_certificate({k.public_key, {}, {{"bad name!", "v"}}}); }), "not a ZPL name"));
}

BOOST_AUTO_TEST_CASE(certificate_files_and_a_directory_of_public_keys)
{
    temp_dir dir;
    auto alice = curve_certificate::generate({{"name", "alice"}});
    auto bob = curve_certificate::generate();
    auto [pub, sec] = save_certificates(dir.path, "alice", alice);
    save_certificates(dir.path, "bob", bob);
    BOOST_TEST(pub.filename() == "alice.key");
    BOOST_TEST(sec.filename() == "alice.key_secret");
    struct stat st;
    BOOST_TEST_REQUIRE(::stat(sec.c_str(), &st) == 0);
    BOOST_TEST((st.st_mode & 0777) == 0600u);
    BOOST_TEST(load_certificate(sec).secret_key == alice.secret_key);
    BOOST_TEST(!load_certificate(pub).has_secret());
    write_text(dir.path / "notes.txt", "not a certificate");
    auto keys = load_public_keys(dir.path);
    BOOST_TEST(keys == (std::set<std::string>{alice.public_key, bob.public_key}));
    write_text(dir.path / "broken.key", "curve\n");
    std::string e = error_of([&] { load_public_keys(dir.path); });
    BOOST_TEST(contains(e, "broken.key"), e);
    try
    {
        load_certificate(dir.path / "missing.key");
        BOOST_ERROR("no exception");
    }
    catch (const boost::system::system_error& x)
    {
        BOOST_TEST((x.code() == boost::system::errc::no_such_file_or_directory));
    }
}

// ------------------------------------------------------------------ decisions (no sockets)

BOOST_AUTO_TEST_CASE(policy_address_lists_deny_wins)
{
    zap_policy p;
    BOOST_TEST(p.check(request("NULL")).decision.allowed());
    p.deny_address("10.0.0.9");
    BOOST_TEST(!p.check(request("NULL", {}, "10.0.0.9")).decision.allowed());
    BOOST_TEST(p.check(request("NULL", {}, "10.0.0.8")).decision.allowed());
    p.allow_address("10.0.0.1").allow_address("10.0.0.9");
    BOOST_TEST(p.check(request("NULL", {}, "10.0.0.1")).decision.allowed());
    auto denied = p.check(request("NULL", {}, "10.0.0.9")).decision;
    BOOST_TEST(!denied.allowed());
    BOOST_TEST(denied.status_text == "address denied");
    auto other = p.check(request("NULL", {}, "10.0.0.8")).decision;
    BOOST_TEST(other.status_code == 400);
    BOOST_TEST(other.status_text == "address not allowed");
}

BOOST_AUTO_TEST_CASE(policy_plain_and_curve)
{
    zap_policy p;
    BOOST_TEST(!p.check(request("PLAIN", {"u", "p"})).decision.allowed(), "no table, no hook: denied");
    p.allow_plain("u", "p");
    auto ok = p.check(request("PLAIN", {"u", "p"})).decision;
    BOOST_TEST(ok.allowed());
    BOOST_TEST(ok.user_id == "u");
    BOOST_TEST(!p.check(request("PLAIN", {"u", "q"})).decision.allowed());
    BOOST_TEST(!p.check(request("PLAIN", {"v", "p"})).decision.allowed());

    auto k = curve_keypair::generate(), other = curve_keypair::generate();
    BOOST_TEST(!p.check(request("CURVE", {z85_decode(k.public_key)})).decision.allowed());
    p.allow_curve_key(k.public_key);
    auto c = p.check(request("CURVE", {z85_decode(k.public_key)})).decision;
    BOOST_TEST(c.allowed());
    BOOST_TEST(c.user_id == k.public_key);
    BOOST_TEST(p.check(request("CURVE", {z85_decode(other.public_key)})).decision.status_text ==
               "client key not allowed");
    p.allow_any_curve_key();
    BOOST_TEST(p.check(request("CURVE", {z85_decode(other.public_key)})).decision.allowed());
    BOOST_TEST(!p.check(request("GSSAPI")).decision.allowed());
    BOOST_TEST(contains(error_of([&] { p.allow_curve_key("nonsense"); }), "40 characters"));
}

BOOST_AUTO_TEST_CASE(policy_hook_decides_what_the_lists_allow_or_leave_open)
{
    zap_policy p;
    p.set_hook([](const zap_request&, zap_completion_handler) {});
    auto v = p.check(request("PLAIN", {"u", "p"}));
    BOOST_TEST(v.ask_hook, "undecided goes to the hook");
    p.allow_plain("u", "p");
    BOOST_TEST(p.check(request("PLAIN", {"u", "p"})).ask_hook);
    auto wrong = p.check(request("PLAIN", {"u", "x"}));
    BOOST_TEST(!wrong.ask_hook, "a denial is final");
    p.deny_address("1.2.3.4");
    BOOST_TEST(!p.check(request("NULL", {}, "1.2.3.4")).ask_hook);
}

BOOST_AUTO_TEST_CASE(codec_parses_and_rejects)
{
    auto parse = [](std::initializer_list<std::string_view> frames) {
        message m(frames);
        return detail::parse_zap_request(m);
    };
    auto good = parse({"rid", "", "1.0", "7", "dom", "127.0.0.1", "", "PLAIN", "u", "p"});
    BOOST_TEST(good.kind == detail::parsed_zap_request::ok);
    BOOST_TEST(good.request.username() == "u");
    BOOST_TEST(good.request.password() == "p");
    BOOST_TEST(good.envelope.size() == 2u);
    BOOST_TEST(parse({"rid"}).kind == detail::parsed_zap_request::drop);
    BOOST_TEST(parse({"rid", "x", "1.0", "7"}).kind == detail::parsed_zap_request::drop);
    BOOST_TEST(parse({"rid", "", "1.0"}).kind == detail::parsed_zap_request::drop);
    BOOST_TEST(parse({"rid", "", "2.0", "7"}).kind == detail::parsed_zap_request::malformed);
    BOOST_TEST(parse({"rid", "", "1.0", "7", "d"}).kind == detail::parsed_zap_request::malformed);
    BOOST_TEST(parse({"rid", "", "1.0", "7", "", "", "", "CURVE", "short"}).kind ==
               detail::parsed_zap_request::malformed);
    BOOST_TEST(parse({"rid", "", "1.0", "7", "", "", "", "PLAIN", "u"}).kind == detail::parsed_zap_request::malformed);
    BOOST_TEST(parse({"rid", "", "1.0", "7", "", "", "", "NULL", "x"}).kind == detail::parsed_zap_request::malformed);
    BOOST_TEST(parse({"rid", "", "1.0", "7", "", "", "", "FOO"}).kind == detail::parsed_zap_request::malformed);

    zap_decision d = zap_decision::allow("alice", {{"X-Role", "boss"}});
    message reply = detail::make_zap_reply(message{"rid", ""}, "7", d);
    std::string meta("\x06X-Role\0\0\0\x04" "boss", 15);
    BOOST_TEST((reply == message{"rid", "", "1.0", "7", "200", "OK", "alice", meta}));
    zap_decision odd{250, "?", "x", {}};
    message r2 = detail::make_zap_reply(message{"rid", ""}, "8", odd);
    BOOST_TEST(odd.status_code == 500);
    BOOST_TEST(r2[4].view() == "500");
    BOOST_TEST(r2[6].view() == "", "no user id on failure");
    zap_decision bad_meta = zap_decision::allow("x", {{"", "v"}});
    detail::make_zap_reply(message{"rid", ""}, "9", bad_meta);
    BOOST_TEST(bad_meta.status_code == 500);
}

// ------------------------------------------------------------------ the authenticator

BOOST_AUTO_TEST_CASE(curve_allowed_key_gets_in_unknown_key_is_refused)
{
    asio::io_context ioc;
    context zctx;
    report_log log;
    auto server_key = curve_keypair::generate(), good = curve_keypair::generate(), bad = curve_keypair::generate();
    zap_authenticator auth(ioc, zctx);
    auth.domain().allow_curve_key(good.public_key);
    auth.on_decision(log.hook());
    auth.start();
    {
        zmq_stream srv = curve_server(ioc, zctx, server_key);
        zmq_stream intruder = curve_client(ioc, zctx, srv, server_key, bad);
        intruder.write(message{"from the intruder"});
        monitor_event refused = expect_refused(ioc, intruder);
        BOOST_TEST(refused.event == ZMQ_EVENT_HANDSHAKE_FAILED_AUTH);
        BOOST_TEST(refused.value == 400);

        zmq_stream friendly = curve_client(ioc, zctx, srv, server_key, good);
        BOOST_TEST(handshake_outcome(ioc, friendly).event == ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
        // The server's first message is the friend's: the intruder's never came.
        message m = exchange(ioc, srv, friendly, "hello");
        BOOST_TEST(m.user_id().value_or("") == good.public_key);
        BOOST_TEST(m[1].user_id().value_or("") == good.public_key);
        BOOST_TEST(m[1].property("Peer-Address").value_or("") == "127.0.0.1");
        BOOST_TEST(!m[1].property("No-Such-Property"));
        exchange(ioc, srv, friendly, "again");
    }
    BOOST_TEST(log.count(zap_outcome::policy, 400) == 1u);
    BOOST_TEST(log.count(zap_outcome::policy, 200) == 1u);
    bool stopped = false;
    auth.async_stop([&](error_code ec) {
        BOOST_TEST(!ec);
        stopped = true;
    });
    BZS_RUN_UNTIL(ioc, stopped);
    BOOST_TEST(!auth.is_running());
}

BOOST_AUTO_TEST_CASE(curve_any_key_accepts_every_client)
{
    asio::io_context ioc;
    context zctx;
    auto server_key = curve_keypair::generate(), a = curve_keypair::generate(), b = curve_keypair::generate();
    zap_authenticator auth(ioc, zctx);
    auth.domain().allow_any_curve_key();
    auth.start();
    zmq_stream srv = curve_server(ioc, zctx, server_key);
    zmq_stream ca = curve_client(ioc, zctx, srv, server_key, a);
    zmq_stream cb = curve_client(ioc, zctx, srv, server_key, b);
    BOOST_TEST(handshake_outcome(ioc, ca).event == ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
    BOOST_TEST(handshake_outcome(ioc, cb).event == ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
    BOOST_TEST(exchange(ioc, srv, ca, "a").user_id().value_or("") == a.public_key);
    BOOST_TEST(exchange(ioc, srv, cb, "b").user_id().value_or("") == b.public_key);
}

BOOST_AUTO_TEST_CASE(plain_right_and_wrong_password)
{
    asio::io_context ioc;
    context zctx;
    zap_authenticator auth(ioc, zctx);
    auth.domain().allow_plain("admin", "secret");
    auth.start();
    zmq_stream srv = plain_server(ioc, zctx);
    zmq_stream wrong = plain_client(ioc, zctx, srv, "admin", "guess");
    wrong.write(message{"let me in"});
    monitor_event ev = expect_refused(ioc, wrong);
    BOOST_TEST(ev.event == ZMQ_EVENT_HANDSHAKE_FAILED_AUTH);
    BOOST_TEST(ev.value == 400);
    zmq_stream right = plain_client(ioc, zctx, srv, "admin", "secret");
    BOOST_TEST(handshake_outcome(ioc, right).event == ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
    BOOST_TEST(exchange(ioc, srv, right, "hi").user_id().value_or("") == "admin");
}

BOOST_AUTO_TEST_CASE(address_deny_and_allow_lists)
{
    asio::io_context ioc;
    context zctx;
    report_log log;
    zap_authenticator auth(ioc, zctx);
    auth.on_decision(log.hook());
    auth.domain("deny-local").deny_address("127.0.0.1");
    auth.domain("allow-other").allow_address("192.0.2.1");
    auth.domain("allow-local").allow_address("127.0.0.1").allow_address("192.0.2.1");
    auth.start();
    auto null_server = [&](const std::string& domain) {
        return server(ioc, zctx, [&](zmq_stream& s) { s.set_option(option::zap_domain(domain)); });
    };
    auto null_client = [&](zmq_stream& s) { return client(ioc, zctx, s, [](zmq_stream&) {}); };

    zmq_stream s1 = null_server("deny-local");
    zmq_stream c1 = null_client(s1);
    BOOST_TEST(expect_refused(ioc, c1).value == 400);
    zmq_stream s2 = null_server("allow-other");
    zmq_stream c2 = null_client(s2);
    BOOST_TEST(expect_refused(ioc, c2).value == 400);
    zmq_stream s3 = null_server("allow-local");
    zmq_stream c3 = null_client(s3);
    BOOST_TEST(handshake_outcome(ioc, c3).event == ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
    exchange(ioc, s3, c3, "from 127.0.0.1");
    std::vector<std::string> texts;
    for (auto& e : log.entries)
        texts.push_back(e.domain + ": " + e.text);
    BOOST_TEST((texts == std::vector<std::string>{"deny-local: address denied", "allow-other: address not allowed",
                    "allow-local: OK"}));
}

BOOST_AUTO_TEST_CASE(two_domains_two_policies)
{
    asio::io_context ioc;
    context zctx;
    zap_authenticator auth(ioc, zctx);
    auth.domain("alpha").allow_plain("ann", "a-pw");
    auth.domain("beta").allow_plain("ben", "b-pw");
    auth.start();
    zmq_stream alpha = plain_server(ioc, zctx, "alpha");
    zmq_stream beta = plain_server(ioc, zctx, "beta");
    zmq_stream ann_beta = plain_client(ioc, zctx, beta, "ann", "a-pw");
    BOOST_TEST(expect_refused(ioc, ann_beta).value == 400);
    zmq_stream nobody = plain_server(ioc, zctx, "gamma");  // no policy, no "*"
    zmq_stream ann_gamma = plain_client(ioc, zctx, nobody, "ann", "a-pw");
    BOOST_TEST(expect_refused(ioc, ann_gamma).value == 400);
    zmq_stream ann = plain_client(ioc, zctx, alpha, "ann", "a-pw");
    zmq_stream ben = plain_client(ioc, zctx, beta, "ben", "b-pw");
    BOOST_TEST(handshake_outcome(ioc, ann).event == ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
    BOOST_TEST(handshake_outcome(ioc, ben).event == ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
    BOOST_TEST(exchange(ioc, alpha, ann, "a").user_id().value_or("") == "ann");
    BOOST_TEST(exchange(ioc, beta, ben, "b").user_id().value_or("") == "ben");
}

// The hook answers after a timer, with its own user id and metadata.
BOOST_AUTO_TEST_CASE(asynchronous_hook_answers_after_a_timer)
{
    asio::io_context ioc;
    context zctx;
    report_log log;
    auto server_key = curve_keypair::generate(), me = curve_keypair::generate();
    zap_authenticator auth(ioc, zctx);
    auth.on_decision(log.hook());
    int asked = 0;
    std::shared_ptr<asio::steady_timer> t;
    auth.domain().set_hook([&](const zap_request& r, zap_completion_handler done) {
        ++asked;
        BOOST_TEST(r.mechanism == "CURVE");
        std::string key = r.client_key();
        t = std::make_shared<asio::steady_timer>(ioc, 50ms);
        t->async_wait([done = std::move(done), key](error_code) mutable {
            std::move(done)(zap_decision::allow("user-" + key.substr(0, 5), {{"X-Role", "operator"}}));
        });
    });
    auth.start();
    zmq_stream srv = curve_server(ioc, zctx, server_key);
    zmq_stream cli = curve_client(ioc, zctx, srv, server_key, me);
    BZS_RUN_UNTIL(ioc, auth.pending() == 1u);
    BOOST_TEST(handshake_outcome(ioc, cli).event == ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
    message m = exchange(ioc, srv, cli, "hi");
    BOOST_TEST(m.user_id().value_or("") == "user-" + me.public_key.substr(0, 5));
    BOOST_TEST(m.property("X-Role").value_or("") == "operator");
    BOOST_TEST(asked == 1);
    BOOST_TEST(auth.pending() == 0u);
    BOOST_TEST(log.count(zap_outcome::hook, 200) == 1u);
}

// The hook's handler may be called from any thread: the answer is carried
// to the authenticator's executor.
BOOST_AUTO_TEST_CASE(hook_may_answer_from_another_thread)
{
    asio::io_context ioc;
    context zctx;
    zap_authenticator auth(ioc, zctx);
    std::thread worker;
    auth.domain().set_hook([&](const zap_request& r, zap_completion_handler done) {
        std::string user(r.username());
        worker = std::thread([done = std::move(done), user]() mutable {
            std::move(done)(zap_decision::allow("thread-" + user));
        });
    });
    auth.start();
    zmq_stream srv = plain_server(ioc, zctx);
    zmq_stream cli = plain_client(ioc, zctx, srv, "bob", "pw");
    BOOST_TEST(handshake_outcome(ioc, cli).event == ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
    BOOST_TEST(exchange(ioc, srv, cli, "hi").user_id().value_or("") == "thread-bob");
    worker.join();
}

// The hook keeps its handler and never answers: at the time limit the
// request is answered with the limit's status, the hook's cancellation
// slot is emitted, and the late answer is ignored.
BOOST_AUTO_TEST_CASE(silent_hook_is_denied_at_its_time_limit)
{
    asio::io_context ioc;
    context zctx;
    report_log log;
    zap_authenticator auth(ioc, zctx);
    auth.on_decision(log.hook());
    std::vector<zap_completion_handler> kept;
    int cancelled = 0;
    auth.domain().allow_plain("u", "p").set_hook(
        [&](const zap_request&, zap_completion_handler done) {
            asio::get_associated_cancellation_slot(done).assign([&](asio::cancellation_type) { ++cancelled; });
            kept.push_back(std::move(done));
        },
        200ms, 400);
    auth.start();
    zmq_stream srv = plain_server(ioc, zctx);
    srv.enable_monitor(ZMQ_EVENT_HANDSHAKE_FAILED_AUTH);
    zmq_stream cli = plain_client(ioc, zctx, srv, "u", "p");
    cli.write(message{"never delivered"});
    auto t0 = std::chrono::steady_clock::now();
    monitor_event ev = expect_refused(ioc, cli);
    auto waited = std::chrono::steady_clock::now() - t0;
    BOOST_TEST(ev.event == ZMQ_EVENT_HANDSHAKE_FAILED_AUTH);
    BOOST_TEST(ev.value == 400);
    BOOST_TEST(read_event(ioc, srv).value == 400);
    BOOST_TEST((waited >= 150ms), "refused before the time limit");
    BOOST_TEST((waited < 10s));
    BOOST_TEST(cancelled == 1);
    BOOST_TEST(log.count(zap_outcome::time_limit, 400) == 1u);
    BOOST_TEST_REQUIRE(kept.size() == 1u);
    std::move(kept[0])(zap_decision::allow("too late"));
    BZS_RUN_UNTIL(ioc, log.count(zap_outcome::late, 200) == 1u);
    BOOST_TEST(srv.read_buffer_size() == 0u);
}

// stop() lets a hook that is still deciding answer, then closes.
BOOST_AUTO_TEST_CASE(stop_answers_what_is_in_flight_then_closes)
{
    asio::io_context ioc;
    context zctx;
    report_log log;
    zap_authenticator auth(ioc, zctx);
    auth.on_decision(log.hook());
    std::vector<zap_completion_handler> kept;
    auth.domain().set_hook([&](const zap_request&, zap_completion_handler done) { kept.push_back(std::move(done)); });
    auth.start();
    zmq_stream srv = plain_server(ioc, zctx);
    zmq_stream cli = plain_client(ioc, zctx, srv, "late", "pw");
    BZS_RUN_UNTIL(ioc, kept.size() == 1u);
    bool stopped = false;
    auth.async_stop([&](error_code ec) {
        BOOST_TEST(!ec);
        stopped = true;
    });
    BOOST_TEST(!auth.is_running());
    ioc.poll();
    ioc.restart();
    BOOST_TEST(!stopped, "closed with a request still being decided");
    std::move(kept[0])(zap_decision::allow("late-user"));
    BZS_RUN_UNTIL(ioc, stopped);
    BOOST_TEST(handshake_outcome(ioc, cli).event == ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
    BOOST_TEST(exchange(ioc, srv, cli, "x").user_id().value_or("") == "late-user");
    // Restart on the same context: the endpoint was released.
    auth.start();
    BOOST_TEST(auth.is_running());
    bool again = false;
    auth.async_stop([&](error_code) { again = true; });
    BZS_RUN_UNTIL(ioc, again);
}

BOOST_AUTO_TEST_CASE(a_second_handler_on_the_same_context_is_refused)
{
    asio::io_context ioc;
    context zctx;
    zap_authenticator a(ioc, zctx), b(ioc, zctx);
    a.start();
    try
    {
        b.start();
        BOOST_ERROR("two handlers bound");
    }
    catch (const boost::system::system_error& e)
    {
        BOOST_TEST((e.code() == boost::system::errc::address_in_use), e.what());
    }
    BOOST_CHECK_THROW(a.start(), boost::system::system_error);
}

// Raw garbage on the ZAP endpoint, then 500 handshakes at once: the
// authenticator answers what it can, drops the rest, and serves the next
// good client.
BOOST_AUTO_TEST_CASE(malformed_requests_and_a_burst_do_not_stop_it)
{
    asio::io_context ioc;
    context zctx;
    report_log log;
    zap_authenticator auth(ioc, zctx);
    auth.on_decision(log.hook());
    auth.domain().allow_plain("good", "pw");
    auth.start();

    zmq_stream raw(ioc, ZMQ_DEALER, in(zctx));
    raw.set_option(option::linger(0));
    raw.connect(zap_authenticator::endpoint);
    std::vector<message> garbage;
    garbage.push_back(message{"no delimiter"});
    garbage.push_back(message{"", "1.0"});
    garbage.push_back(message{"", "9.9", "r1"});
    garbage.push_back(message{"", "1.0", "r2", "dom"});
    garbage.push_back(message{"", "1.0", "r3", "", "", "", "CURVE", "short key"});
    garbage.push_back(message{"", "1.0", "r4", "", "", "", "PLAIN", "only user"});
    garbage.push_back(message{"", "1.0", "r5", "", "", "", "KERBEROS"});
    garbage.push_back(message{frame(payload(1 << 16))});
    for (auto& g : garbage)
        raw.write(std::move(g));
    for (std::string id : {"r1", "r2", "r3", "r4", "r5"})
    {
        message r = read_one(ioc, raw);
        BOOST_TEST_REQUIRE(r.size() == 7u, r);
        BOOST_TEST(r[0].view() == "");
        BOOST_TEST(r[1].view() == "1.0");
        BOOST_TEST(r[2].view() == id);
        BOOST_TEST(r[3].view() == "400");
    }
    BOOST_TEST(log.count(zap_outcome::malformed, 400) == 5u);
    BZS_RUN_UNTIL(ioc, log.count(zap_outcome::dropped, 400) == 3u);

    zmq_stream srv = plain_server(ioc, zctx);
    std::vector<zmq_stream> burst;
    constexpr int n = 500;
    for (int i = 0; i < n; ++i)
    {
        zmq_stream c(ioc, ZMQ_DEALER, in(zctx));
        c.set_option(option::linger(0));
        c.set_option(option::plain_username("user" + std::to_string(i)));
        c.set_option(option::plain_password("wrong"));
        c.connect(srv.bindings().at(0));
        burst.push_back(std::move(c));
    }
    BZS_RUN_UNTIL_FOR(ioc, log.count(zap_outcome::policy, 400) >= std::size_t(n), 60s);
    zmq_stream good = plain_client(ioc, zctx, srv, "good", "pw");
    BOOST_TEST(handshake_outcome(ioc, good).event == ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
    BOOST_TEST(exchange(ioc, srv, good, "still here").user_id().value_or("") == "good");
    BOOST_TEST(auth.is_running());
}

// A throwing hook is answered 500; a throwing report hook is ignored.
BOOST_AUTO_TEST_CASE(throwing_hooks_do_not_break_it)
{
    asio::io_context ioc;
    context zctx;
    zap_authenticator auth(ioc, zctx);
    int reports = 0;
    auth.on_decision([&](const zap_report& r) {
        ++reports;
        BOOST_TEST(r.answered());
        throw std::runtime_error("log is full");
    });
    auth.domain().set_hook([](const zap_request&, zap_completion_handler) { throw std::runtime_error("db down"); });
    auth.start();
    zmq_stream srv = plain_server(ioc, zctx);
    zmq_stream c1 = plain_client(ioc, zctx, srv, "a", "b");
    monitor_event ev = expect_refused(ioc, c1);
    BOOST_TEST(ev.value == 500);
    zmq_stream c2 = plain_client(ioc, zctx, srv, "c", "d");
    BOOST_TEST(expect_refused(ioc, c2).value == 500);
    BOOST_TEST(reports == 2);
}

// Destroying the authenticator with a hook still deciding: the request is
// reported abandoned, the hook's slot is cancelled, and nothing hangs.
BOOST_AUTO_TEST_CASE(destruction_abandons_in_flight_requests)
{
    asio::io_context ioc;
    context zctx;
    report_log log;
    std::vector<zap_completion_handler> kept;
    int cancelled = 0;
    zmq_stream srv = plain_server(ioc, zctx);
    {
        zap_authenticator auth(ioc, zctx);
        auth.on_decision(log.hook());
        auth.domain().set_hook([&](const zap_request&, zap_completion_handler done) {
            asio::get_associated_cancellation_slot(done).assign([&](asio::cancellation_type) { ++cancelled; });
            kept.push_back(std::move(done));
        });
        auth.start();
        zmq_stream cli = plain_client(ioc, zctx, srv, "x", "y");
        BZS_RUN_UNTIL(ioc, kept.size() == 1u);
    }
    BOOST_TEST(cancelled == 1);
    BOOST_TEST(log.count(zap_outcome::abandoned, 500) == 1u);
    std::move(kept[0])(zap_decision::allow());  // the authenticator is gone: ignored
    ioc.poll();
}

// A refusal that would let the peer in is refused itself, with a message.
BOOST_AUTO_TEST_CASE(a_refusal_with_status_200_is_an_error)
{
    for (int code : {200, 0, 401})
    {
        try
        {
            (void)zap_decision::deny("no", code);
            BOOST_ERROR("deny accepted status " << code);
        }
        catch (const boost::system::system_error& e)
        {
            BOOST_TEST((e.code() == std::errc::invalid_argument));
            BOOST_TEST(std::string(e.what()).find("300, 400 or 500") != std::string::npos, e.what());
        }
        zap_policy p;
        BOOST_CHECK_THROW(p.set_hook([](const zap_request&, zap_completion_handler) {}, 1s, code),
            boost::system::system_error);
    }
    for (int code : {300, 400, 500})
        BOOST_TEST(!zap_decision::deny("no", code).allowed());
}

BOOST_AUTO_TEST_CASE(a_moved_from_authenticator_says_so)
{
    asio::io_context ioc;
    zap_authenticator a(ioc);
    zap_authenticator b(std::move(a));
    b.domain("app").allow_plain("u", "p");
    auto not_open = [](const boost::system::system_error& e) {
        BOOST_TEST(std::string(e.what()).find("moved-from") != std::string::npos, e.what());
        return e.code() == error::not_open;
    };
    BOOST_CHECK_EXCEPTION(a.domain("app"), boost::system::system_error, not_open);
    BOOST_CHECK_EXCEPTION(a.remove_domain("app"), boost::system::system_error, not_open);
    BOOST_CHECK_EXCEPTION(a.on_decision({}), boost::system::system_error, not_open);
    BOOST_CHECK_EXCEPTION(a.start(), boost::system::system_error, not_open);
    a.stop();
    BOOST_TEST(!a.is_running());
}

BOOST_AUTO_TEST_SUITE_END()
