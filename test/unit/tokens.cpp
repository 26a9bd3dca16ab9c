#include <boost_zmqstream/zmq_stream.hpp>

#include <boost_zmqstream_test/sync.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/spawn.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_future.hpp>

#include <future>
#include <memory>
#include <thread>

using namespace boost_zmqstream_test;

namespace tokens_helpers {

// A connected PAIR of streams on one io_context.
struct pair_fixture
{
    asio::io_context ioc;
    zmq_stream a{ioc, ZMQ_PAIR, bind_to(endpoint_for("inproc"))};
    zmq_stream b{ioc, ZMQ_PAIR, connect_to(a.bindings().at(0))};
};

// Gets one message into b's read buffer so that the next read completes
// immediately (the posted path) rather than parking.
void prime_buffer(pair_fixture& f, int count)
{
    for (int i = 0; i < count + 1; ++i)
        f.a.write(message{"m" + std::to_string(i)});
    read_one(f.ioc, f.b);
    BZS_RUN_UNTIL(f.ioc, f.b.read_buffer_size() >= static_cast<std::size_t>(2 * count));
}

struct move_only_handler
{
    std::unique_ptr<int> token = std::make_unique<int>(42);
    completion_check* check;
    message* out;
    void operator()(error_code ec, message m)
    {
        check->on_call();
        BOOST_TEST(!ec);
        BOOST_TEST(*token == 42);
        *out = std::move(m);
    }
};

struct move_only_write_handler
{
    std::unique_ptr<int> token = std::make_unique<int>(7);
    completion_check* check;
    void operator()(error_code ec)
    {
        check->on_call();
        BOOST_TEST(!ec);
    }
};

} // namespace tokens_helpers
using namespace tokens_helpers;

BOOST_AUTO_TEST_SUITE(tokens)

BOOST_FIXTURE_TEST_CASE(callback_parked_read, pair_fixture)
{
    completion_check c;
    message got;
    std::thread::id where;
    c.initiate([&] {
        b.async_read([&](error_code ec, message m) {
            c.on_call();
            BOOST_TEST(!ec);
            where = std::this_thread::get_id();
            got = std::move(m);
        });
    });
    a.write(message{"x"});
    BZS_RUN_UNTIL(ioc, c.calls > 0);
    ioc.poll();
    c.verify();
    BOOST_TEST(got[0].view() == "x");
    BOOST_TEST((where == std::this_thread::get_id()));
}

BOOST_FIXTURE_TEST_CASE(callback_immediate_read_is_posted, pair_fixture)
{
    prime_buffer(*this, 1);
    completion_check c;
    c.initiate([&] {
        b.async_read([&](error_code ec, message m) {
            c.on_call();
            BOOST_TEST(!ec);
            BOOST_TEST(m[0].view() == "m1");
        });
    });
    BOOST_TEST(c.calls == 0);
    BZS_RUN_UNTIL(ioc, c.calls > 0);
    ioc.poll();
    c.verify();
}

BOOST_FIXTURE_TEST_CASE(callback_write_is_posted, pair_fixture)
{
    completion_check c;
    c.initiate([&] {
        a.async_write(message{"w"}, [&](error_code ec) {
            c.on_call();
            BOOST_TEST(!ec);
        });
    });
    BOOST_TEST(c.calls == 0);
    BZS_RUN_UNTIL(ioc, c.calls > 0);
    ioc.poll();
    c.verify();
    BOOST_TEST(read_one(ioc, b)[0].view() == "w");
}

BOOST_FIXTURE_TEST_CASE(move_only_callables, pair_fixture)
{
    completion_check rc, wc;
    message got;
    rc.initiate([&] { b.async_read(move_only_handler{std::make_unique<int>(42), &rc, &got}); });
    wc.initiate([&] { a.async_write(message{"mo"}, move_only_write_handler{std::make_unique<int>(7), &wc}); });
    BZS_RUN_UNTIL(ioc, rc.calls > 0 && wc.calls > 0);
    ioc.poll();
    rc.verify();
    wc.verify();
    BOOST_TEST(got[0].view() == "mo");
}

BOOST_FIXTURE_TEST_CASE(use_future_with_io_on_another_thread, pair_fixture)
{
    // Initiated before the io thread starts: the stream is not thread-safe.
    std::future<message> r = b.async_read(asio::use_future);
    std::future<void> w = a.async_write(message{"fut", "ure"}, asio::use_future);
    std::thread io([&] { ioc.run(); });
    bool ready = r.wait_for(20s) == std::future_status::ready && w.wait_for(20s) == std::future_status::ready;
    ioc.stop();
    io.join();
    BOOST_TEST_REQUIRE(ready, "use_future did not complete before the deadline");
    BOOST_TEST((r.get() == message{"fut", "ure"}));
    BOOST_CHECK_NO_THROW(w.get());
}

BOOST_FIXTURE_TEST_CASE(use_future_reports_errors_as_exceptions, pair_fixture)
{
    b.close();
    std::future<message> r = b.async_read(asio::use_future);
    std::thread io([&] { ioc.run(); });
    bool ready = r.wait_for(20s) == std::future_status::ready;
    ioc.stop();
    io.join();
    BOOST_TEST_REQUIRE(ready);
    try
    {
        r.get();
        BOOST_FAIL("expected stream_closed");
    }
    catch (const boost::system::system_error& e)
    {
        BOOST_TEST((e.code() == error::stream_closed));
    }
}

BOOST_FIXTURE_TEST_CASE(yield_context_and_yield_ec, pair_fixture)
{
    bool done = false;
    asio::spawn(
        ioc,
        [&](asio::yield_context yield) {
            a.async_write(message{"y1"}, yield);
            message m = b.async_read(yield);
            BOOST_TEST(m[0].view() == "y1");
            // yield[ec] without an error, while b is still there: a PAIR
            // whose peer has gone has no pipe, and libzmq blocks its send
            // (EAGAIN) until a peer comes, which here never happens. Whether
            // a's send after b.close() still found the pipe was a race with
            // libzmq's reaper thread.
            error_code ec;
            a.async_write(message{"y2"}, yield[ec]);
            BOOST_TEST(!ec);
            m = b.async_read(yield[ec]);
            BOOST_TEST(!ec);
            BOOST_TEST(m[0].view() == "y2");
            // yield[ec] with an error: both fail at once, whatever libzmq's
            // threads are doing.
            b.close();
            b.async_read(yield[ec]);
            BOOST_TEST((ec == error::stream_closed));
            ec = {};
            b.async_write(message{"y3"}, yield[ec]);
            BOOST_TEST((ec == error::stream_closed));
            done = true;
        },
        [](std::exception_ptr e) {
            if (e)
                std::rethrow_exception(e);
        });
    BZS_RUN_UNTIL(ioc, done);
}

BOOST_FIXTURE_TEST_CASE(deferred_launched_after_the_stream_moved, pair_fixture)
{
    auto rd = b.async_read(asio::deferred);
    auto wr = a.async_write(message{"deferred"}, asio::deferred);
    zmq_stream b2(std::move(b));
    zmq_stream a2(std::move(a));
    completion_check rc, wc;
    message got;
    rc.initiate([&] {
        std::move(rd)([&](error_code ec, message m) {
            rc.on_call();
            BOOST_TEST(!ec);
            got = std::move(m);
        });
    });
    wc.initiate([&] {
        std::move(wr)([&](error_code ec) {
            wc.on_call();
            BOOST_TEST(!ec);
        });
    });
    BZS_RUN_UNTIL(ioc, rc.calls > 0 && wc.calls > 0);
    ioc.poll();
    rc.verify();
    wc.verify();
    BOOST_TEST(got[0].view() == "deferred");
}

BOOST_FIXTURE_TEST_CASE(as_tuple_and_redirect_error, pair_fixture)
{
    int calls = 0;
    a.async_write(message{"t"}, asio::as_tuple([&](std::tuple<error_code> t) {
        ++calls;
        BOOST_TEST(!std::get<0>(t));
    }));
    b.async_read(asio::as_tuple([&](std::tuple<error_code, message> t) {
        ++calls;
        BOOST_TEST(!std::get<0>(t));
        BOOST_TEST(std::get<1>(t)[0].view() == "t");
    }));
    BZS_RUN_UNTIL(ioc, calls == 2);

    error_code ec = asio::error::timed_out;
    bool got = false;
    a.write(message{"r"});
    b.async_read(asio::redirect_error(
        [&](message m) {
            got = true;
            BOOST_TEST(m[0].view() == "r");
        },
        ec));
    BZS_RUN_UNTIL(ioc, got);
    BOOST_TEST(!ec);

    b.close();
    got = false;
    b.async_read(asio::redirect_error([&](message) { got = true; }, ec));
    BZS_RUN_UNTIL(ioc, got);
    BOOST_TEST((ec == error::stream_closed));
    ioc.poll();
    BOOST_TEST(calls == 2);
}

BOOST_FIXTURE_TEST_CASE(bind_executor_strand_runs_on_the_strand, pair_fixture)
{
    auto strand = asio::make_strand(ioc);
    int on_strand = 0, calls = 0;
    b.async_read(asio::bind_executor(strand, [&](error_code ec, message) {
        ++calls;
        on_strand += strand.running_in_this_thread() && !ec;
    }));
    a.async_write(message{"s"}, asio::bind_executor(strand, [&](error_code ec) {
        ++calls;
        on_strand += strand.running_in_this_thread() && !ec;
    }));
    prime_buffer(*this, 1);
    b.async_read(asio::bind_executor(strand, [&](error_code ec, message) {
        ++calls;
        on_strand += strand.running_in_this_thread() && !ec;
    }));
    BZS_RUN_UNTIL(ioc, calls == 3);
    ioc.poll();
    BOOST_TEST(calls == 3);
    BOOST_TEST(on_strand == 3);
}

BOOST_AUTO_TEST_CASE(stream_on_a_strand_executor)
{
    asio::io_context ioc;
    using strand_stream = basic_zmq_stream<asio::strand<asio::io_context::executor_type>>;
    auto strand = asio::make_strand(ioc);
    strand_stream a(strand, ZMQ_PAIR, bind_to(endpoint_for("inproc")));
    strand_stream b(strand, ZMQ_PAIR, connect_to(a.bindings().at(0)));
    bool ok = false;
    b.async_read([&](error_code ec, message m) { ok = !ec && m[0].view() == "s" && strand.running_in_this_thread(); });
    a.write(message{"s"});
    BZS_RUN_UNTIL(ioc, ok);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(read_batch)

BOOST_AUTO_TEST_CASE(batch_read_takes_what_is_buffered_in_order)
{
    asio::io_context ioc;
    zmq_stream a(ioc, ZMQ_PAIR, bind_to(endpoint_for("inproc")));
    zmq_stream b(ioc, ZMQ_PAIR, connect_to(a.bindings().at(0)));
    std::vector<message> out;
    completion_check c;
    std::size_t got = 0;
    c.initiate([&] {
        b.async_read_batch(out, 64, [&](error_code ec, std::size_t n) {
            c.on_call();
            BOOST_TEST(!ec);
            got = n;
        });
    });
    for (int i = 0; i < 100; ++i)
        a.write(message{std::to_string(i)});
    BZS_RUN_UNTIL(ioc, c.calls == 1);
    c.verify();
    BOOST_TEST(got >= 1u);
    BOOST_TEST(got <= 64u);
    BOOST_TEST(out.size() == got);
    int next = 0;
    for (auto& m : out)
        BOOST_TEST(m[0].view() == std::to_string(next++));
    while (next < 100)
    {
        bool done = false;
        b.async_read_batch(out, 1000, [&](error_code ec, std::size_t) { done = !ec; });
        BZS_RUN_UNTIL(ioc, done);
        for (; next < static_cast<int>(out.size()); ++next)
            BOOST_TEST(out[next][0].view() == std::to_string(next));
    }
    BOOST_TEST(out.size() == 100u);
    b.close();
    error_code ec;
    bool done = false;
    b.async_read_batch(out, 10, [&](error_code e, std::size_t n) {
        ec = e;
        done = n == 0;
    });
    BZS_RUN_UNTIL(ioc, done);
    BOOST_TEST((ec == error::stream_closed));
}

BOOST_AUTO_TEST_CASE(batch_read_cancellation_appends_nothing)
{
    asio::io_context ioc;
    zmq_stream a(ioc, ZMQ_PAIR, bind_to(endpoint_for("inproc")));
    zmq_stream b(ioc, ZMQ_PAIR, connect_to(a.bindings().at(0)));
    std::vector<message> out;
    asio::cancellation_signal sig;
    error_code ec;
    bool done = false;
    b.async_read_batch(out, 10, asio::bind_cancellation_slot(sig.slot(), [&](error_code e, std::size_t) {
        ec = e;
        done = true;
    }));
    ioc.poll();
    sig.emit(asio::cancellation_type::total);
    BZS_RUN_UNTIL(ioc, done);
    BOOST_TEST((ec == asio::error::operation_aborted));
    BOOST_TEST(out.empty());
    a.write(message{"after"});
    BOOST_TEST(read_one(ioc, b)[0].view() == "after");
}

BOOST_AUTO_TEST_SUITE_END()
