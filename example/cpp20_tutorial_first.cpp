// Tutorial, step 1 (doc/tutorial.md): a ROUTER and two DEALERs. The ROUTER
// receives each message with the sender's routing id in front, and a reply
// goes to whichever peer its first frame names. An error, a wrong answer or
// the 20 s deadline ends it with exit status 1.
#include <boost_zmqstream.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <iostream>
#include <stdexcept>
#include <string>

namespace asio = boost::asio;
namespace zs = boost_zmqstream;

// [snippet:stream-type]
// A zmq_stream whose operations default to use_awaitable: co_await s.async_read().
using stream = asio::use_awaitable_t<>::as_default_on_t<zs::zmq_stream>;
// [/snippet]

asio::awaitable<void> first()
{
    auto ex = co_await asio::this_coro::executor;
    // [snippet:sockets]
    zs::stream_options opts;
    opts.bind = {"tcp://127.0.0.1:*"};                 // any free port
    stream server(ex, ZMQ_ROUTER, opts);
    std::string endpoint = server.bindings().at(0);    // "tcp://127.0.0.1:41234"

    stream alice(ex, ZMQ_DEALER), bob(ex, ZMQ_DEALER);
    alice.set_option(zs::option::routing_id("alice"));  // before connect()
    bob.set_option(zs::option::routing_id("bob"));
    alice.connect(endpoint);
    bob.connect(endpoint);
    // [/snippet]

    // [snippet:requests]
    alice.write(zs::message{"hello"});    // one frame; returns at once
    bob.write(zs::message{"hi", "there"});  // two frames, one message
    // [/snippet]

    // [snippet:router]
    for (int i = 0; i < 2; ++i)
    {
        zs::message request = co_await server.async_read();
        std::cout << "server got " << request << '\n';  // ["alice", "hello"] or ["bob", "hi", "there"]
        std::string who = request[0].to_string();
        zs::message reply;
        reply.push_back(std::move(request[0]));  // the routing id: where the reply goes
        reply.push_back("welcome, " + who);
        co_await server.async_write(std::move(reply));
    }
    // [/snippet]

    // [snippet:dealers]
    zs::message a = co_await alice.async_read();  // ["welcome, alice"]: the id is gone
    zs::message b = co_await bob.async_read();    // ["welcome, bob"]
    // [/snippet]
    std::cout << "alice got " << a << "\nbob got " << b << '\n';
    if (a != zs::message{"welcome, alice"} || b != zs::message{"welcome, bob"})
        throw std::runtime_error("wrong answer");
    alice.close();
    bob.close();
    server.close();
}

int main()
{
    asio::io_context ioc;
    bool done = false;
    asio::co_spawn(ioc, first(), [&](std::exception_ptr e) {
        if (e)
            std::rethrow_exception(e);
        done = true;
    });
    try
    {
        ioc.run_for(std::chrono::seconds(20));  // the deadline: a lost message cannot hang it
    }
    catch (const std::exception& e)  // an error in first(), rethrown above
    {
        std::cerr << "failed: " << e.what() << '\n';
        return 1;
    }
    if (!done)
        std::cerr << "failed: timed out\n";
    return done ? 0 : 1;
}
