// A PLAIN server whose ZAP authenticator asks an asynchronous "user
// database" (a coroutine that answers after a short timer) for each
// user name and password, with a time limit. The right password gets in
// with the user id and role the database returned (visible on every
// message); a wrong one is refused in the handshake (HANDSHAKE_FAILED_AUTH 400).
// Exits 0 when both happened, 1 otherwise.
#include <boost_zmqstream.hpp>
#include <boost_zmqstream/zap_authenticator.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <map>
#include <stdexcept>

namespace asio = boost::asio;
namespace zs = boost_zmqstream;
using namespace std::chrono_literals;
using stream = asio::use_awaitable_t<>::as_default_on_t<zs::zmq_stream>;

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

// [snippet:look-up]
// Stands for a database query: answers after 20 ms.
asio::awaitable<zs::zap_decision> look_up(std::string user, std::string password)
{
    static const std::map<std::string, std::pair<std::string, std::string>> users{
        {"admin", {"s3cret", "operator"}}, {"guest", {"guest", "viewer"}}};
    asio::steady_timer t(co_await asio::this_coro::executor, 20ms);
    co_await t.async_wait(asio::use_awaitable);
    auto it = users.find(user);
    if (it == users.end() || it->second.first != password)
        co_return zs::zap_decision::deny("invalid user name or password");
    co_return zs::zap_decision::allow(user, {{"X-Role", it->second.second}});
}
// [/snippet]

stream plain_client(asio::any_io_executor ex, zs::context& zctx, const std::string& endpoint, const char* user,
    const char* password)
{
    zs::stream_options o;
    o.ctx = &zctx;
    stream c(ex, ZMQ_DEALER, o);
    c.set_option(zs::option::linger(0));
    c.set_option(zs::option::plain_username(user));
    c.set_option(zs::option::plain_password(password));
    c.enable_monitor(ZMQ_EVENT_HANDSHAKE_SUCCEEDED | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH |
                     ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL);
    c.connect(endpoint);
    return c;
}

asio::awaitable<void> demo()
{
    auto ex = co_await asio::this_coro::executor;
    zs::context zctx;

    zs::zap_authenticator auth(ex, zctx);
    // [snippet:hook]
    auth.domain("app").set_hook(
        [ex](const zs::zap_request& r, zs::zap_completion_handler done) {
            asio::co_spawn(ex, look_up(std::string(r.username()), std::string(r.password())),
                [done = std::move(done)](std::exception_ptr e, zs::zap_decision d) mutable {
                    std::move(done)(e ? zs::zap_decision::deny("lookup failed", 500) : std::move(d));
                });
        },
        2s);  // no answer within 2 s: answered 300 (temporary failure), the client retries
    // [/snippet]
    auth.on_decision([](const zs::zap_report& r) {
        std::cout << "ZAP " << r.request.mechanism << " user \"" << r.request.username() << "\": "
                  << r.decision.status_code << " " << r.decision.status_text << '\n';
    });
    auth.start();

    zs::stream_options o;
    o.ctx = &zctx;
    stream server(ex, ZMQ_ROUTER, o);
    server.set_option(zs::option::linger(0));
    server.set_option(zs::option::plain_server(true));
    server.set_option(zs::option::zap_domain("app"));
    // What a server facing strangers sets before bind (doc/reliability.md):
    // a peer may not choose how much libzmq allocates for one message, a
    // burst of connections is not slowed down by libzmq's backlog of 100,
    // and a connection that never finishes its handshake is dropped.
    server.set_option(zs::option::maxmsgsize(64 * 1024));
    server.set_option(zs::option::backlog(1024));
    server.set_option(zs::option::handshake_ivl(5000));
    server.bind("tcp://127.0.0.1:*");
    std::string endpoint = server.bindings().at(0);

    stream wrong = plain_client(ex, zctx, endpoint, "admin", "guess");
    wrong.write(text("let me in"));
    zs::monitor_event ev = co_await wrong.async_read_event();
    std::cout << "wrong password: " << ev << '\n';
    check(ev.event == ZMQ_EVENT_HANDSHAKE_FAILED_AUTH && ev.value == 400, "the wrong password was not refused");

    stream admin = plain_client(ex, zctx, endpoint, "admin", "s3cret");
    admin.write(text("status?"));
    // [snippet:properties]
    zs::message m = co_await server.async_read();
    std::cout << "server got " << m << " from " << m.user_id().value_or("?") << " ("
              << m.property("X-Role").value_or("?") << ")\n";
    // [/snippet]
    check(m.size() == 2 && m[1].view() == "status?", "the server did not get the admin's message first");
    check(m.user_id() == std::string_view("admin"), "wrong User-Id");
    check(m.property("X-Role") == std::string_view("operator"), "wrong role");
    zs::message reply;
    reply.push_back(std::move(m[0]));
    reply.push_back(std::string_view("all good"));
    co_await server.async_write(std::move(reply));
    check(co_await admin.async_read() == text("all good"), "the admin got no answer");

    wrong.close();
    admin.close();
    server.close();
    co_await auth.async_stop(asio::use_awaitable);
}

int main()
{
    asio::io_context ioc;
    bool ok = false;
    asio::steady_timer watchdog(ioc, std::chrono::seconds(20));
    watchdog.async_wait([](boost::system::error_code ec) {
        if (!ec)
        {
            std::cerr << "cpp20_plain_server: timed out\n";
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
            std::cerr << "cpp20_plain_server: " << x.what() << '\n';
        }
    });
    ioc.run();
    std::cout << (ok ? "OK" : "FAILED") << '\n';
    return ok ? 0 : 1;
}
