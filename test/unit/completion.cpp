// A pass runs the handlers of the operations it completes and serves the
// operations they start (engine.hpp). These tests hold that to Asio's rules
// and to the stream's: no handler inside an initiating function, order kept,
// and a handler that closes, destroys or throws leaves nothing broken.
#include <boost_zmqstream/zmq_stream.hpp>

#include <boost_zmqstream_test/sync.hpp>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/strand.hpp>

#include <memory>
#include <stdexcept>

using namespace boost_zmqstream_test;

BOOST_AUTO_TEST_SUITE(completion)

namespace {
constexpr int n = 900;  // under the default SNDHWM: every message is in libzmq at once

// A pair with n numbered messages already buffered in the reader.
struct buffered_pair
{
    asio::io_context ioc;
    zmq_stream a{ioc, ZMQ_PAIR, bind_to(endpoint_for("inproc"))};
    std::unique_ptr<zmq_stream> b = std::make_unique<zmq_stream>(ioc, ZMQ_PAIR, connect_to(a.bindings().at(0)));

    buffered_pair()
    {
        std::size_t bytes = 0;
        for (int i = 0; i < n; ++i)
        {
            a.write(message{std::to_string(i)});
            bytes += std::to_string(i).size();
        }
        // A stream reads ahead only while an operation of the user's is
        // outstanding: a write from b makes it pull everything in.
        bool pumped = false;
        b->async_write(message{"pump"}, [&](error_code) { pumped = true; });
        BZS_RUN_UNTIL(ioc, pumped && b->read_buffer_size() == bytes);
    }
};

struct chain_state
{
    bool initiating = false;
    bool ran_inside_initiation = false;
    int next = 0;
    bool out_of_order = false;
    error_code last_ec;
    bool finished = false;
};

// Reads until an error; on_message(i) may end the chain by returning false.
template <class OnMessage>
struct reader
{
    zmq_stream* s;
    chain_state* st;
    OnMessage on_message;

    void start()
    {
        st->initiating = true;
        s->async_read(*this);
        st->initiating = false;
    }

    void operator()(error_code ec, message m)
    {
        st->ran_inside_initiation = st->ran_inside_initiation || st->initiating;
        if (ec)
        {
            st->last_ec = ec;
            st->finished = true;
            return;
        }
        if (m.size() != 1 || m[0].view() != std::to_string(st->next))
            st->out_of_order = true;
        ++st->next;
        if (on_message(st->next))
            start();
        else
            st->finished = true;
    }
};

template <class OnMessage>
reader<OnMessage> make_reader(zmq_stream& s, chain_state& st, OnMessage f)
{
    return reader<OnMessage>{&s, &st, std::move(f)};
}
} // namespace

BOOST_AUTO_TEST_CASE(chained_reads_keep_order_and_never_run_inside_the_initiation)
{
    buffered_pair p;
    chain_state st;
    make_reader(*p.b, st, [](int got) { return got < n; }).start();
    BZS_RUN_UNTIL(p.ioc, st.finished);
    BOOST_TEST(st.next == n);
    BOOST_TEST(!st.out_of_order);
    BOOST_TEST(!st.ran_inside_initiation);
}

BOOST_AUTO_TEST_CASE(chained_writes_keep_order_and_never_run_inside_the_initiation)
{
    asio::io_context ioc;
    zmq_stream push(ioc, ZMQ_PUSH, bind_to(endpoint_for("tcp")));
    zmq_stream pull(ioc, ZMQ_PULL, connect_to(push.bindings().at(0)));
    int sent = 0;
    bool initiating = false;
    bool inside = false;
    error_code first_error;
    std::function<void(error_code)> next = [&](error_code ec) {
        inside = inside || initiating;
        if (ec && !first_error)
            first_error = ec;
        if (sent == n)
            return;
        initiating = true;
        push.async_write(message{std::to_string(sent++)}, [&](error_code e) { next(e); });
        initiating = false;
    };
    next({});
    BOOST_TEST(read_numbered(ioc, pull, n) == n);
    BOOST_TEST(!inside);
    BOOST_TEST(!first_error);
}

BOOST_AUTO_TEST_CASE(handler_that_closes_mid_chain_gets_the_buffer_then_stream_closed)
{
    buffered_pair p;
    chain_state st;
    zmq_stream& b = *p.b;
    make_reader(b, st, [&](int got) {
        if (got == 10)
            b.close();
        return true;
    }).start();
    BZS_RUN_UNTIL(p.ioc, st.finished);
    BOOST_TEST(st.next >= 10);
    BOOST_TEST(st.next <= n);
    BOOST_TEST(!st.out_of_order);
    BOOST_TEST((st.last_ec == error::stream_closed));
    BOOST_TEST(b.at_closing());
}

BOOST_AUTO_TEST_CASE(handler_that_destroys_the_stream_mid_chain)
{
    buffered_pair p;
    chain_state st;
    bool destroyed = false;
    make_reader(*p.b, st, [&](int got) {
        if (got < 10)
            return true;
        p.b.reset();
        destroyed = true;
        return false;
    }).start();
    BZS_RUN_UNTIL(p.ioc, destroyed);
    p.ioc.poll();
    BOOST_TEST(st.next == 10);
    BOOST_TEST(!st.out_of_order);
}

BOOST_AUTO_TEST_CASE(handler_that_throws_mid_chain_loses_nothing)
{
    buffered_pair p;
    chain_state st;
    make_reader(*p.b, st, [](int got) -> bool {
        if (got == 10)
            throw std::runtime_error("from a handler");
        return got < n;
    }).start();
    int thrown = 0;
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (!st.finished && std::chrono::steady_clock::now() < deadline)
    {
        if (p.ioc.stopped())  // buffered_pair's run, or a run with nothing left, stopped it
            p.ioc.restart();
        try
        {
            p.ioc.run_for(10ms);
        }
        catch (const std::runtime_error&)
        {
            ++thrown;  // the run that threw did not start the next read: start it
            make_reader(*p.b, st, [](int got) { return got < n; }).start();
        }
    }
    BOOST_TEST_REQUIRE(st.finished, "deadline passed: chain stalled after a handler threw");
    BOOST_TEST(thrown == 1);
    BOOST_TEST(st.next == n);
    BOOST_TEST(!st.out_of_order);
}

BOOST_AUTO_TEST_CASE(a_read_started_before_a_handler_throws_still_completes)
{
    buffered_pair p;
    int got = 0;
    bool second = false;
    p.b->async_read([&](error_code ec, message) {
        BOOST_TEST(!ec);
        ++got;
        p.b->async_read([&](error_code e, message m) {
            BOOST_TEST(!e);
            BOOST_TEST(m[0].view() == "1");
            second = true;
        });
        throw std::runtime_error("from a handler");
    });
    bool thrown = false;
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (!second && std::chrono::steady_clock::now() < deadline)
    {
        if (p.ioc.stopped())  // buffered_pair's run, or a run with nothing left, stopped it
            p.ioc.restart();
        try
        {
            p.ioc.run_for(10ms);
        }
        catch (const std::runtime_error&)
        {
            thrown = true;
        }
    }
    BOOST_TEST(thrown);
    BOOST_TEST(got == 1);
    BOOST_TEST_REQUIRE(second, "deadline passed: the read parked before the throw never completed");
}

BOOST_AUTO_TEST_CASE(handler_on_a_strand_is_posted_to_it)
{
    buffered_pair p;
    auto strand = asio::make_strand(p.ioc);
    int got = 0;
    bool on_strand = true;
    std::function<void()> start = [&] {
        p.b->async_read(asio::bind_executor(strand, [&](error_code ec, message) {
            on_strand = on_strand && strand.running_in_this_thread();
            if (!ec && ++got < 100)
                start();
        }));
    };
    start();
    BZS_RUN_UNTIL(p.ioc, got == 100);
    BOOST_TEST(on_strand);
}

// With reading paused nothing waits on the socket: only the parked read keeps
// run() going (its work is counted by the engine, or by its own guard when its
// handler runs elsewhere). run() must neither return early nor hang after.
BOOST_AUTO_TEST_CASE(a_parked_read_alone_keeps_run_going)
{
    for (bool on_strand : {false, true})
    {
        asio::io_context ioc;
        zmq_stream s(ioc, ZMQ_PAIR, bind_to(endpoint_for("inproc")));
        s.pause_reading();
        error_code got = asio::error::timed_out;
        auto handler = [&](error_code ec, message) { got = ec; };
        if (on_strand)
            s.async_read(asio::bind_executor(asio::make_strand(ioc), handler));
        else
            s.async_read(handler);
        // poll() runs what is ready and stops the io_context only if no work
        // is left: deterministic, no time window.
        ioc.poll();
        BOOST_TEST(!ioc.stopped(), "run() ran out of work with a read parked (strand: " << on_strand << ")");
        BOOST_TEST((got == asio::error::timed_out));
        s.cancel();
        ioc.run_for(20s);
        BOOST_TEST(ioc.stopped(), "run() did not return once the read completed (strand: " << on_strand << ")");
        BOOST_TEST((got == asio::error::operation_aborted));
    }
}

BOOST_AUTO_TEST_SUITE_END()
