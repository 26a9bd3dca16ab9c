// A CURVE server guarded by the ZAP authenticator with an allow list: a
// directory of client public certificates (as zmq.auth.create_certificates
// or czmq write them). A client whose key is listed talks to the server; a
// client with an unknown key is refused during the handshake (its monitor
// shows HANDSHAKE_FAILED_AUTH 400) and never reaches the server. It also
// checks the key functions (curve_public_key, z85_decode, z85_encode).
// Exits 0 when both happened, 1 otherwise.
#include <boost_zmqstream.hpp>
#include <boost_zmqstream/curve.hpp>
#include <boost_zmqstream/zap_authenticator.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <stdexcept>

#include <unistd.h>

namespace asio = boost::asio;
namespace fs = std::filesystem;
namespace zs = boost_zmqstream;
using stream = asio::use_awaitable_t<>::as_default_on_t<zs::zmq_stream>;

// One-frame message (built outside the coroutine: g++ 12 miscompiles some
// braced initializer lists of string literals inside coroutines).
zs::message text(std::string_view s)
{
    zs::message m;
    m.push_back(s);
    return m;
}

void check(bool ok, const char* what)
{
    if (!ok)
        throw std::runtime_error(what);
}

stream curve_client(asio::any_io_executor ex, zs::context& zctx, const std::string& endpoint,
    const std::string& server_key, const zs::curve_keypair& mine)
{
    zs::stream_options o;
    o.ctx = &zctx;
    stream c(ex, ZMQ_DEALER, o);
    c.set_option(zs::option::linger(0));
    c.set_option(zs::option::curve_serverkey(server_key));
    c.set_option(zs::option::curve_publickey(mine.public_key));
    c.set_option(zs::option::curve_secretkey(mine.secret_key));
    c.enable_monitor(ZMQ_EVENT_HANDSHAKE_SUCCEEDED | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH |
                     ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL);
    c.connect(endpoint);
    return c;
}

asio::awaitable<void> demo()
{
    auto ex = co_await asio::this_coro::executor;
    zs::context zctx;  // the authenticator guards the sockets of this context

    // [snippet:keys]
    zs::curve_keypair k = zs::curve_keypair::generate();  // 40-character Z85 texts
    std::string pub = zs::curve_public_key(k.secret_key);  // == k.public_key
    std::string raw = zs::z85_decode(k.public_key);        // 32 bytes
    std::string z85 = zs::z85_encode(raw);                 // == k.public_key
    // [/snippet]
    check(pub == k.public_key && raw.size() == 32 && z85 == k.public_key, "the key functions disagree");

    // [snippet:certificates]
    // Certificates: the server's key pair, and the allowed clients' public
    // certificates in a directory.
    fs::path dir = fs::temp_directory_path() / ("bzs-curve-example-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    auto server_cert = zs::curve_certificate::generate({{"name", "server"}});
    auto alice = zs::curve_certificate::generate({{"name", "alice"}});
    zs::save_certificates(dir, "alice", alice);  // alice.key (public) and alice.key_secret
    // [/snippet]

    // [snippet:authenticator]
    zs::zap_authenticator auth(ex, zctx);
    auth.domain().allow_curve_keys(zs::load_public_keys(dir));
    fs::remove_all(dir);
    auth.on_decision([](const zs::zap_report& r) {
        std::cout << "ZAP " << r.request.mechanism << " " << r.request.client_key() << ": "
                  << r.decision.status_code << " " << r.decision.status_text << '\n';
    });
    auth.start();  // before the server accepts anyone
    // [/snippet]

    // [snippet:server]
    zs::stream_options o;
    o.ctx = &zctx;
    stream server(ex, ZMQ_ROUTER, o);
    server.set_option(zs::option::linger(0));
    server.set_option(zs::option::curve_server(true));
    server.set_option(zs::option::curve_secretkey(server_cert.secret_key));
    // What a server facing strangers sets before bind (doc/reliability.md):
    // a peer may not choose how much libzmq allocates for one message, a
    // burst of connections is not slowed down by libzmq's backlog of 100,
    // and a connection that never finishes its handshake is dropped.
    server.set_option(zs::option::maxmsgsize(64 * 1024));
    server.set_option(zs::option::backlog(1024));
    server.set_option(zs::option::handshake_ivl(5000));
    server.bind("tcp://127.0.0.1:*");
    std::string endpoint = server.bindings().at(0);
    // [/snippet]

    // A client with a key nobody allowed.
    stream stranger = curve_client(ex, zctx, endpoint, server_cert.public_key, zs::curve_keypair::generate());
    stranger.write(text("hello from a stranger"));
    zs::monitor_event ev = co_await stranger.async_read_event();
    std::cout << "stranger: " << ev << '\n';
    check(ev.event == ZMQ_EVENT_HANDSHAKE_FAILED_AUTH && ev.value == 400, "the stranger was not refused");

    // Alice is on the list.
    zs::curve_keypair alice_keys{alice.public_key, alice.secret_key};
    stream client = curve_client(ex, zctx, endpoint, server_cert.public_key, alice_keys);
    client.write(text("hello from alice"));
    zs::message m = co_await server.async_read();  // the first message is Alice's: the stranger's never came
    std::cout << "server got " << m << " from User-Id " << m.user_id().value_or("?") << '\n';
    check(m.size() == 2 && m[1].view() == "hello from alice", "the server did not get Alice's message first");
    check(m.user_id() == alice.public_key, "the User-Id is not Alice's key");
    zs::message reply;
    reply.push_back(std::move(m[0]));
    reply.push_back(std::string_view("welcome, alice"));
    co_await server.async_write(std::move(reply));
    zs::message answer = co_await client.async_read();
    std::cout << "alice got " << answer << '\n';
    check(answer == text("welcome, alice"), "Alice got no welcome");

    // [snippet:stop]
    stranger.close();
    client.close();
    server.close();
    co_await auth.async_stop(asio::use_awaitable);  // after the servers closed
    // [/snippet]
}

int main()
{
    asio::io_context ioc;
    bool ok = false;
    asio::steady_timer watchdog(ioc, std::chrono::seconds(20));
    watchdog.async_wait([](boost::system::error_code ec) {
        if (!ec)
        {
            std::cerr << "cpp20_curve_server: timed out\n";
            std::exit(1);
        }
    });
    asio::co_spawn(ioc, demo(), [&](std::exception_ptr e) {
        watchdog.cancel();
        try
        {
            if (e)
                std::rethrow_exception(e);
            ok = true;
        }
        catch (const std::exception& x)
        {
            std::cerr << "cpp20_curve_server: " << x.what() << '\n';
        }
    });
    ioc.run();
    std::cout << (ok ? "OK" : "FAILED") << '\n';
    return ok ? 0 : 1;
}
