// The engine's wake discipline, driven without a socket: each test plays a
// scripted sequence of what the engine reports and checks what the decision
// core (detail/wake_fsm.hpp) tells it to do, as Boost.Redis tests its
// writer_fsm.
#include <boost_zmqstream/detail/wake_fsm.hpp>

#include <boost/test/unit_test.hpp>

using boost_zmqstream::detail::poll_in;
using boost_zmqstream::detail::poll_out;
using fsm = boost_zmqstream::detail::wake_fsm;
using next = fsm::next;

namespace {

fsm::round reading(bool progress = false)
{
    return {false, true, false, true, progress};
}

fsm::round writing(bool progress)
{
    return {false, true, true, false, progress};
}

fsm::round nothing_wanted()
{
    return {false, false, false, false, false};
}

// A pass that reads until EAGAIN and arms the wait: the steady state of a
// reader waiting for its next message.
void wait_for_reading(fsm& f)
{
    bool carried = false;
    BOOST_TEST_REQUIRE(f.begin_pass(carried));
    f.round_begins();
    f.eagain();
    BOOST_TEST_REQUIRE((f.end_round(reading()) == next::wait));
    BOOST_TEST_REQUIRE(f.start_wait());
    BOOST_TEST(!f.end_pass(false));
    BOOST_TEST_REQUIRE(f.armed());
    BOOST_TEST_REQUIRE(!f.stale());
}

// A posted pass that finds nothing wanted (reading paused, nothing queued)
// while the wait is still armed: it goes idle and cancels that wait, whose
// handler has not run yet.
void idle_pass_over_the_armed_wait(fsm& f)
{
    f.posted_pass_runs();
    bool carried = false;
    BOOST_TEST_REQUIRE(f.begin_pass(carried));
    f.round_begins();
    BOOST_TEST_REQUIRE((f.end_round(nothing_wanted()) == next::idle));
    BOOST_TEST(f.idle());  // cancel the armed wait
    f.end_pass(false);
    BOOST_TEST_REQUIRE(f.armed());
}

} // namespace

BOOST_AUTO_TEST_SUITE(wake_fsm)

// The contrast for the two stale-wait tests: a wait armed after a fresh
// EAGAIN is trusted, so a new operation costs no pass.
BOOST_AUTO_TEST_CASE(a_fresh_armed_wait_is_trusted)
{
    fsm f;
    wait_for_reading(f);
    BOOST_TEST(!f.progress_needed());
    BOOST_TEST(!f.posted());
}

// Read side: the wait armed before a pass that consumed its edge (the pass
// went idle with reading paused) must not be trusted by a reader that parks
// next, or the message already in libzmq is never read.
BOOST_AUTO_TEST_CASE(a_stale_wait_is_not_trusted_by_a_reader)
{
    fsm f;
    wait_for_reading(f);
    BOOST_TEST_REQUIRE(f.pass_needed());  // a reader parked beside buffered messages
    idle_pass_over_the_armed_wait(f);
    BOOST_TEST(f.stale());
    BOOST_TEST(f.progress_needed());  // a reader parks with the buffer empty
    BOOST_TEST(f.posted());
}

// Write side: a libzmq call outside a pass (write() sent at once, an option)
// with the wait armed may have swallowed its edge. A message queued after
// the pass that call posted went idle must get a pass, not the old wait.
BOOST_AUTO_TEST_CASE(a_stale_wait_is_not_trusted_by_a_queued_write)
{
    fsm f;
    wait_for_reading(f);
    BOOST_TEST(f.after_libzmq_call(false));  // with a wait armed, a pass must look
    BOOST_TEST(f.stale());
    idle_pass_over_the_armed_wait(f);
    BOOST_TEST(f.progress_needed());  // write() queued a message
}

// The cancelled wait's handler: it runs a pass only if work came in.
BOOST_AUTO_TEST_CASE(a_cancelled_wait_posts_a_pass_only_for_work)
{
    fsm f;
    wait_for_reading(f);
    BOOST_TEST((f.wait_done(false, false) == fsm::woken::none));
    BOOST_TEST(!f.armed());
    BOOST_TEST(f.start_wait());
    BOOST_TEST((f.wait_done(false, true) == fsm::woken::post));
    BOOST_TEST(f.start_wait());
    BOOST_TEST((f.wait_done(true, false) == fsm::woken::pass));
}

// At most one wait: a pass that ends waiting while one is armed keeps it
// and calls it fresh.
BOOST_AUTO_TEST_CASE(one_wait_at_a_time)
{
    fsm f;
    wait_for_reading(f);
    f.after_libzmq_call(false);
    BOOST_TEST(!f.start_wait());
    BOOST_TEST(!f.stale());
}

// A libzmq call outside a pass with nothing armed and nothing wanted needs
// no pass; with work pending it does.
BOOST_AUTO_TEST_CASE(a_call_outside_a_pass_posts_one_for_pending_work)
{
    fsm f;
    BOOST_TEST(!f.after_libzmq_call(false));
    BOOST_TEST(f.after_libzmq_call(true));
    BOOST_TEST(!f.after_libzmq_call(true));  // posted already
}

// EAGAIN read fresh lets the pass arm without reading ZMQ_EVENTS; a libzmq
// call by a handler the pass ran spoils it, and so does a new round.
BOOST_AUTO_TEST_CASE(only_a_fresh_eagain_spares_zmq_events)
{
    fsm f;
    bool carried = false;
    BOOST_TEST_REQUIRE(f.begin_pass(carried));
    f.round_begins();
    f.eagain();
    BOOST_TEST((f.end_round(reading()) == next::wait));
    BOOST_TEST(!f.after_libzmq_call(true));  // a handler's write(): no post from inside a pass
    BOOST_TEST((f.end_round(reading()) == next::query_events));
    f.eagain();
    f.round_begins();
    BOOST_TEST((f.end_round(reading()) == next::query_events));
    // Writes pending: ZMQ_EVENTS is read even after EAGAIN.
    f.eagain();
    BOOST_TEST((f.end_round(writing(false)) == next::query_events));
}

BOOST_AUTO_TEST_CASE(zmq_events_decide_between_another_round_and_waiting)
{
    fsm f;
    bool carried = false;
    BOOST_TEST_REQUIRE(f.begin_pass(carried));
    BOOST_TEST((f.with_events(reading(true), poll_in) == next::again));
    BOOST_TEST((f.with_events(reading(true), poll_out) == next::wait));
    BOOST_TEST((f.with_events(reading(true), 0) == next::wait));
    BOOST_TEST((f.end_round(nothing_wanted()) == next::idle));
}

// False ZMQ_POLLOUT (a ROUTER whose head message's peer is full): one more
// round without progress, then the wait, with the retry timer (the command
// that unblocks the head may ring no bell). Rounds with progress go on.
BOOST_AUTO_TEST_CASE(false_pollout_is_retried_once_then_waited_for_with_the_timer)
{
    fsm f;
    bool carried = false;
    BOOST_TEST_REQUIRE(f.begin_pass(carried));
    for (int i = 0; i < 3; ++i)
        BOOST_TEST((f.with_events(writing(true), poll_out) == next::again));
    BOOST_TEST((f.with_events(writing(false), poll_out) == next::again));
    BOOST_TEST((f.with_events(writing(false), poll_out) == next::wait_blocked));
    f.end_pass(false);
    // Each pass may retry once again.
    BOOST_TEST_REQUIRE(f.begin_pass(carried));
    BOOST_TEST((f.with_events(writing(false), poll_out) == next::again));
    BOOST_TEST((f.with_events(writing(false), poll_out) == next::wait_blocked));
    // POLLOUT gone: a plain wait.
    BOOST_TEST((f.with_events(writing(false), poll_in) == next::wait));
}

// EAGAIN on a blocked ROUTER head: the retry timer backs off from 2 ms to
// 128 ms, runs once at a time, and starts again at 2 ms after a pass that
// ended unblocked.
BOOST_AUTO_TEST_CASE(the_retry_timer_backs_off_and_restarts)
{
    fsm f;
    BOOST_TEST(f.start_retry() == 2);
    BOOST_TEST(f.start_retry() == 0);  // running already
    BOOST_TEST(f.retrying());
    BOOST_TEST(f.retry_fired(true));
    for (int ms : {4, 8, 16, 32, 64, 128, 128})
    {
        BOOST_TEST(f.start_retry() == ms);
        BOOST_TEST(f.retry_fired(true));
    }
    BOOST_TEST(f.start_retry() == 128);
    BOOST_TEST(f.stop_retry());  // cancel the running timer
    BOOST_TEST(!f.stop_retry());
    BOOST_TEST(f.start_retry() == 2);
    BOOST_TEST(!f.retry_fired(false));  // nothing queued: no pass
}

// A handler the pass ran closed the stream: the pass stops and nothing of
// the engine runs again (no pass, no wait's pass, no timer's pass).
BOOST_AUTO_TEST_CASE(a_handler_closing_the_stream_stops_the_pass)
{
    fsm f;
    bool carried = false;
    BOOST_TEST_REQUIRE(f.begin_pass(carried));
    BOOST_TEST((f.handler_ran(false) == fsm::after_handler::go_on));
    f.close();
    BOOST_TEST((f.handler_ran(false) == fsm::after_handler::stop));
    BOOST_TEST((f.handler_ran(true) == fsm::after_handler::stop));
    BOOST_TEST(!f.end_pass(false));
    BOOST_TEST(!f.in_pass());
    BOOST_TEST(!f.post());
    BOOST_TEST(!f.begin_pass(carried));
    BOOST_TEST(!f.progress_needed());
    BOOST_TEST(!f.after_libzmq_call(true));
    BOOST_TEST((f.wait_done(false, true) == fsm::woken::none));
    BOOST_TEST(!f.retry_fired(true));
}

// io_context::stop() from a handler: the pass stops and leaves the rest to
// one posted pass; a handler that throws leaves a pass posted too.
BOOST_AUTO_TEST_CASE(a_stopped_context_or_a_throwing_handler_leaves_a_pass_posted)
{
    fsm f;
    bool carried = false;
    BOOST_TEST_REQUIRE(f.begin_pass(carried));
    BOOST_TEST((f.handler_ran(true) == fsm::after_handler::stop_and_post));
    f.end_pass(false);
    BOOST_TEST(f.posted());
    f.posted_pass_runs();
    BOOST_TEST_REQUIRE(f.begin_pass(carried));
    BOOST_TEST(!f.begin_pass(carried));  // no pass inside a pass
    BOOST_TEST(f.end_pass(true));
    BOOST_TEST(!f.in_pass());
    BOOST_TEST(f.posted());
}

// The pass budget ran out: it re-posts itself, and the next pass goes on
// with the read-ahead even if no one waits any more (only that one).
BOOST_AUTO_TEST_CASE(the_budget_running_out_reposts_and_carries_the_read_ahead)
{
    fsm f;
    bool carried = true;
    BOOST_TEST_REQUIRE(f.begin_pass(carried));
    BOOST_TEST(!carried);
    BOOST_TEST((f.end_round({true, true, false, false, true}) == next::repost));
    f.end_pass(false);
    BOOST_TEST_REQUIRE(f.begin_pass(carried));
    BOOST_TEST(carried);
    BOOST_TEST((f.end_round({true, false, true, true, true}) == next::repost));
    f.end_pass(false);
    BOOST_TEST_REQUIRE(f.begin_pass(carried));
    BOOST_TEST(!carried);
}

// Inside a pass nothing posts another (the pass looks at everything before
// it ends), and a posted pass is posted once.
BOOST_AUTO_TEST_CASE(a_pass_is_posted_once_and_never_from_inside_one)
{
    fsm f;
    bool carried = false;
    BOOST_TEST_REQUIRE(f.begin_pass(carried));
    BOOST_TEST(!f.progress_needed());
    BOOST_TEST(!f.pass_needed());
    BOOST_TEST(!f.after_libzmq_call(true));
    f.end_pass(false);
    BOOST_TEST(!f.posted());
    BOOST_TEST(f.pass_needed());
    BOOST_TEST(!f.pass_needed());
    BOOST_TEST(!f.progress_needed());
    f.posted_pass_runs();
    BOOST_TEST(f.progress_needed());
}

BOOST_AUTO_TEST_SUITE_END()
