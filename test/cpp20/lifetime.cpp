//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
// Coroutines and the Asio object rules: a suspended coroutine's frame is
// destroyed with its io_context; an as_default_on_t stream's handlers run in
// the engine's pass like a plain stream's.

#include <boost_zmqstream/zmq_stream.hpp>

#include <boost_zmqstream_test/sync.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>

using namespace boost_zmqstream_test;

namespace {

struct sets_on_destruction
{
    bool* flag;
    ~sets_on_destruction() { *flag = true; }
};

// Writes `n` numbered messages and reads them back through `Stream`; the
// number of handlers io_context::run() ran.
template <class Stream>
std::size_t handlers_for_reads(int n)
{
    asio::io_context ioc;
    Stream pull(ioc, ZMQ_PULL, bind_to(endpoint_for("inproc")));
    zmq_stream push(ioc, ZMQ_PUSH, connect_to(pull.bindings().at(0)));
    for (int i = 0; i < n; ++i)
        push.write(message{std::to_string(i)});
    int got = 0;
    asio::co_spawn(
        ioc,
        [&]() -> asio::awaitable<void> {
            for (; got < n; ++got)
            {
                message m = co_await pull.async_read(asio::use_awaitable);
                BOOST_TEST(m.at(0).to_string() == std::to_string(got));
            }
        },
        asio::detached);
    std::size_t handlers = ioc.run();
    BOOST_TEST(got == n);
    return handlers;
}

} // namespace

BOOST_AUTO_TEST_SUITE(lifetime)

BOOST_AUTO_TEST_CASE(a_suspended_coroutine_is_destroyed_with_its_io_context)
{
    bool destroyed = false;
    bool resumed = false;
    {
        asio::io_context ioc;
        zmq_stream pull(ioc, ZMQ_PULL, bind_to(endpoint_for("inproc")));
        asio::co_spawn(
            ioc,
            [&]() -> asio::awaitable<void> {
                sets_on_destruction guard{&destroyed};
                co_await pull.async_read(asio::use_awaitable);
                resumed = true;
            },
            asio::detached);
        ioc.poll();
        BOOST_TEST_REQUIRE(!destroyed, "the coroutine should be suspended in async_read");
    }
    BOOST_TEST(destroyed, "the suspended coroutine's frame was never destroyed");
    BOOST_TEST(!resumed);
}

BOOST_AUTO_TEST_CASE(as_default_on_streams_complete_in_the_pass)
{
    using awaitable_stream = asio::use_awaitable_t<>::as_default_on_t<zmq_stream>;
    const std::size_t plain = handlers_for_reads<zmq_stream>(1000);
    const std::size_t wrapped = handlers_for_reads<awaitable_stream>(1000);
    BOOST_TEST_MESSAGE("handlers for 1000 reads: zmq_stream " << plain << ", as_default_on_t " << wrapped);
    // Each read posted instead of run in the pass costs two handlers (2,011).
    BOOST_TEST(wrapped < 300u);
    BOOST_TEST(wrapped <= plain + 20);
}

BOOST_AUTO_TEST_SUITE_END()
