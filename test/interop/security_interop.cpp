// Security interoperability with pyzmq 24 (Debian's /usr/bin/python3):
// certificates made by zmq.auth.create_certificates drive our authenticator
// and a pyzmq CURVE client; certificates we write drive a pyzmq server
// guarded by zmq.auth.asyncio.AsyncioAuthenticator, which our client passes
// (and an unknown key does not). The peer (security_peer.py) reports
// "READY <endpoint>" on stdout; the test waits for that line, then for the
// peer to exit with status 0. A peer that outlives a failed test is killed.
#include <boost_zmqstream/curve.hpp>
#include <boost_zmqstream/zap_authenticator.hpp>
#include <boost_zmqstream/zmq_stream.hpp>

#include <boost_zmqstream_test/peer_process.hpp>
#include <boost_zmqstream_test/sync.hpp>

#include <filesystem>

using namespace boost_zmqstream_test;

namespace security_interop_helpers {

namespace fs = std::filesystem;

// The command line of security_peer.py with these arguments.
inline std::vector<std::string> security_peer(std::vector<std::string> args)
{
    args.insert(args.begin(), {"/usr/bin/python3", std::string(BOOST_ZMQSTREAM_INTEROP_DIR) + "/security_peer.py"});
    return args;
}

struct temp_dir
{
    fs::path path = fs::temp_directory_path() /
                    ("bzs-secint-" + std::to_string(::getpid()) + "-" + std::to_string(unique_number()));
    temp_dir() { fs::create_directories(path); }
    ~temp_dir()
    {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

// Echoes [id, body] as [id, "re: " body], recording each sender's User-Id.
struct echo_server
{
    zmq_stream& s;
    std::vector<std::string> users;
    bool bad = false;

    explicit echo_server(zmq_stream& st) : s(st) { next(); }

    void next()
    {
        s.async_read([this](error_code ec, message m) {
            if (ec == error::stream_closed || ec == asio::error::operation_aborted)
                return;
            if (ec || m.size() != 2)
                return (void)(bad = true);
            users.emplace_back(m.user_id().value_or(""));
            s.write(message{m[0].view(), std::string_view("re: " + m[1].to_string())});
            next();
        });
    }
};

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

zmq_stream our_curve_client(asio::io_context& ioc, context& zctx, const std::string& endpoint,
    const std::string& server_public, const curve_certificate& mine)
{
    stream_options o;
    o.ctx = &zctx;
    zmq_stream c(ioc, ZMQ_DEALER, o);
    c.set_option(option::linger(0));
    c.set_option(option::curve_serverkey(server_public));
    c.set_option(option::curve_publickey(mine.public_key));
    c.set_option(option::curve_secretkey(mine.secret_key));
    c.enable_monitor(ZMQ_EVENT_HANDSHAKE_SUCCEEDED | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH |
                     ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL);
    c.connect(endpoint);
    return c;
}

} // namespace security_interop_helpers
using namespace security_interop_helpers;

BOOST_AUTO_TEST_SUITE(security_interop)

// pyzmq makes the certificates; we read them (server secret, a directory of
// allowed clients); a pyzmq CURVE client with its certificate gets in, and
// one with a certificate we wrote but did not allow is refused.
BOOST_AUTO_TEST_CASE(pyzmq_curve_client_against_our_authenticator)
{
    temp_dir dir;
    asio::io_context ioc;
    {
        peer_process mk(ioc, security_peer({"make-certs", dir.path.string()}));
        BOOST_TEST_REQUIRE(mk.wait(ioc) == 0);
    }
    curve_certificate server_cert = load_certificate(dir.path / "server" / "server.key_secret");
    BOOST_TEST_REQUIRE(server_cert.has_secret());
    BOOST_TEST(server_cert.metadata.at(0).second == "server");
    std::string client_public = load_certificate(dir.path / "clients" / "client.key").public_key;
    auto intruder = curve_certificate::generate();
    fs::create_directories(dir.path / "intruder");
    auto intruder_files = save_certificates(dir.path / "intruder", "intruder", intruder);

    context zctx;
    zap_authenticator auth(ioc, zctx);
    auth.domain().allow_curve_keys(load_public_keys(dir.path / "clients"));
    std::vector<std::pair<int, std::string>> decisions;
    auth.on_decision([&](const zap_report& r) { decisions.emplace_back(r.decision.status_code, r.request.client_key()); });
    auth.start();

    stream_options o;
    o.ctx = &zctx;
    zmq_stream srv(ioc, ZMQ_ROUTER, o);
    srv.set_option(option::linger(0));
    srv.set_option(option::curve_server(true));
    srv.set_option(option::curve_secretkey(server_cert.secret_key));
    srv.bind("tcp://127.0.0.1:*");
    echo_server echo(srv);

    {
        peer_process bad(ioc, security_peer({"curve-client", intruder_files.second.string(),
            (dir.path / "server" / "server.key").string(), srv.bindings().at(0), "none"}));
        bad.ready(ioc);
        BZS_RUN_UNTIL(ioc, !decisions.empty());
        BOOST_TEST(decisions.at(0).first == 400);
        BOOST_TEST(decisions.at(0).second == intruder.public_key);
    }  // killed
    peer_process good(ioc, security_peer({"curve-client", (dir.path / "clients" / "client.key_secret").string(),
        (dir.path / "server" / "server.key").string(), srv.bindings().at(0), "reply"}));
    BOOST_TEST(good.wait(ioc) == 0);
    BOOST_TEST(!echo.bad);
    BOOST_TEST((echo.users == std::vector<std::string>{client_public}), "only the allowed client was heard");
    BOOST_TEST(decisions.back().first == 200);
    srv.close();
    bool stopped = false;
    auth.async_stop([&](error_code) { stopped = true; });
    BZS_RUN_UNTIL(ioc, stopped);
}

// We make the certificates; a pyzmq server reads them (its secret, and its
// AsyncioAuthenticator's directory of allowed clients); our client gets in
// and sees its User-Id echoed, an unknown key is refused with 400.
BOOST_AUTO_TEST_CASE(our_client_against_pyzmq_asyncio_authenticator)
{
    temp_dir dir;
    asio::io_context ioc;
    auto server_cert = curve_certificate::generate({{"name", "python server"}});
    auto client_cert = curve_certificate::generate({{"name", "c++ client"}});
    fs::create_directories(dir.path / "server");
    fs::create_directories(dir.path / "clients");
    auto server_files = save_certificates(dir.path / "server", "server", server_cert);
    save_certificates(dir.path / "clients", "client", client_cert);

    peer_process peer(
        ioc, security_peer({"asyncio-server", server_files.second.string(), (dir.path / "clients").string(),
        "tcp://127.0.0.1:*"}));
    std::string ep = peer.ready(ioc);
    context zctx;
    {
        zmq_stream intruder = our_curve_client(ioc, zctx, ep, server_cert.public_key, curve_certificate::generate());
        monitor_event ev = handshake_outcome(ioc, intruder);
        BOOST_TEST(ev.event == ZMQ_EVENT_HANDSHAKE_FAILED_AUTH);
        BOOST_TEST(ev.value == 400);
    }
    zmq_stream c = our_curve_client(ioc, zctx, ep, server_cert.public_key, client_cert);
    BOOST_TEST(handshake_outcome(ioc, c).event == ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
    c.write(message{"hello from c++"});
    message m = read_one(ioc, c);
    BOOST_TEST((m == message{"hello from c++", client_cert.public_key}));
    c.write(message{"__quit__"});
    BOOST_TEST((read_one(ioc, c) == message{"__quit__", client_cert.public_key}));
    BOOST_TEST(peer.wait(ioc) == 0);
}

BOOST_AUTO_TEST_SUITE_END()
