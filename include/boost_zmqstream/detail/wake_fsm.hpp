//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_DETAIL_WAKE_FSM_HPP
#define BOOST_ZMQSTREAM_DETAIL_WAKE_FSM_HPP

#include <algorithm>
#include <utility>

namespace boost_zmqstream {
namespace detail {

// The ZMQ_EVENTS bits as the decision core sees them (socket_ops.hpp checks
// that they are libzmq's ZMQ_POLLIN and ZMQ_POLLOUT).
inline constexpr int poll_in = 1;
inline constexpr int poll_out = 2;

/* When the engine runs a pass, arms its one wait on ZMQ_FD, or goes idle.

   ZMQ_FD is an edge-triggered doorbell for both directions, and any libzmq
   call on the socket may swallow the edge. The rules that keep the engine
   from missing one:
   - at most one wait is armed, and only at the end of a pass that found no
     work it could do, after the socket's state was read fresh (a recv that
     returned EAGAIN has just processed libzmq's command mailbox; otherwise
     ZMQ_EVENTS is read once);
   - a libzmq call made outside a pass (after_libzmq_call()) schedules a pass if a wait
     is armed or work is pending;
   - a wait still armed when libzmq was called, or when the engine went idle,
     is stale: the next operation that needs progress runs a pass instead of
     trusting it (that call, or that pass, may have swallowed its edge);
   - ZMQ_POLLOUT can hold while the head message still gets EAGAIN (a ROUTER
     whose target peer is full): a pass retries once without progress, then
     waits, and a backing-off timer retries too, because the command that
     unblocks the head may have been taken by the pass itself after the send
     failed, and then rings no bell.

   Plain data in, a decision out; no Asio, no libzmq. The engine reports what
   happened and carries out what it is told (test/unit/wake_fsm.cpp drives it
   with scripted sequences). A decision to post a pass is given once: while
   one is posted, or once the stream is closed, the answer is "no". */
class wake_fsm
{
public:
    // How a round of a pass ends.
    enum class next
    {
        again,         // the socket has more: run another round
        repost,        // the budget ran out: post a pass
        idle,          // nothing is wanted: idle()
        query_events,  // read ZMQ_EVENTS, then ask with_events()
        wait,          // arm the wait (start_wait()), stop the retry timer
        wait_blocked   // arm the wait and start the retry timer
    };

    // What a round found, for its end.
    struct round
    {
        bool budget_spent;  // it moved the pass's last message of its budget
        bool waiting;       // read-ahead was wanted at its start
        bool want_write;    // messages are still queued
        bool want_read;     // reading is wanted and allowed
        bool progress;      // it moved at least one message
    };

    // The answer to the wait that completed.
    enum class woken
    {
        pass,  // run a pass now
        post,  // the wait was cancelled while work came in: post a pass
        none
    };

    bool armed() const noexcept { return armed_; }
    bool stale() const noexcept { return stale_; }
    bool in_pass() const noexcept { return in_pass_; }
    bool posted() const noexcept { return posted_; }
    bool closed() const noexcept { return closed_; }
    bool retrying() const noexcept { return retry_pending_; }

    // ------------------------------------------------------------ outside a pass

    // True: post a pass now. False: one is posted, or the stream is closed.
    bool post() noexcept
    {
        if (posted_ || closed_)
            return false;
        posted_ = true;
        return true;
    }

    // The posted pass is about to run.
    void posted_pass_runs() noexcept { posted_ = false; }

    // A libzmq call on the socket (`work`: something is wanted). In a pass it
    // only spoils the pass's last EAGAIN.
    bool after_libzmq_call(bool work) noexcept
    {
        stale_ = stale_ || armed_;
        if (in_pass_)
        {
            fresh_ = false;
            return false;
        }
        return (armed_ || work) && post();
    }

    // An operation needs progress: a pass, unless a wait is armed and fresh
    // (a running pass looks at everything again before it ends).
    bool progress_needed() noexcept
    {
        if (in_pass_)
            return false;
        return (!armed_ || stale_) && post();
    }

    // Something only a pass can tell changed (reading resumed: the armed wait
    // may be one for writing whose pass consumed the read edge; a reader
    // parked beside buffered messages).
    bool pass_needed() noexcept { return !in_pass_ && post(); }

    // True: start the wait (none is armed yet). It is fresh from now on.
    bool start_wait() noexcept
    {
        stale_ = false;
        if (armed_)
            return false;
        armed_ = true;
        return true;
    }

    // The armed wait completed; `ok` false: cancelled. `work`: something is
    // wanted (only looked at when cancelled).
    woken wait_done(bool ok, bool work) noexcept
    {
        armed_ = false;
        if (ok)
            return woken::pass;
        return work && post() ? woken::post : woken::none;
    }

    // Nothing is waited for. True: cancel the armed wait, which stays stale
    // until its handler ran (a new operation must not rely on it).
    bool idle() noexcept
    {
        if (!armed_)
            return false;
        stale_ = true;
        return true;
    }

    // The socket is closed: nothing is posted or run again.
    void close() noexcept { closed_ = true; }

    // ------------------------------------------------------------ in a pass

    // False: do not run (closed, or a pass is running). `carried`: this pass
    // goes on with the read-ahead of one cut short by its budget.
    bool begin_pass(bool& carried) noexcept
    {
        if (closed_ || in_pass_)
            return false;
        in_pass_ = true;
        retried_ = false;
        carried = std::exchange(carry_, false);
        return true;
    }

    // The pass returned (or a handler threw out of it). True: post a pass,
    // for whatever a throwing handler parked.
    bool end_pass(bool threw) noexcept
    {
        in_pass_ = false;
        return threw && post();
    }

    void round_begins() noexcept { fresh_ = false; }

    // A recv returned EAGAIN: libzmq's state was just read.
    void eagain() noexcept { fresh_ = true; }

    // What a pass does after a handler it ran returned.
    enum class after_handler
    {
        go_on,
        stop,         // the handler closed the stream
        stop_and_post // io_context::stop(): the rest waits for a pass after restart()
    };

    after_handler handler_ran(bool stopped) noexcept
    {
        if (closed_)
            return after_handler::stop;
        if (!stopped)
            return after_handler::go_on;
        return post() ? after_handler::stop_and_post : after_handler::stop;
    }

    next end_round(const round& r) noexcept
    {
        if (r.budget_spent)
        {
            carry_ = r.waiting;
            return next::repost;
        }
        if (!r.want_write && !r.want_read)
            return next::idle;
        if (r.want_write || !fresh_)
            return next::query_events;
        return next::wait;
    }

    // `events`: ZMQ_EVENTS (poll_in, poll_out), read after end_round().
    next with_events(const round& r, int events) noexcept
    {
        const bool out = (events & poll_out) != 0;
        const bool ready = (r.want_write && out) || (r.want_read && (events & poll_in));
        if (ready && (r.progress || !retried_))
        {
            retried_ = !r.progress;
            return next::again;
        }
        return r.want_write && out ? next::wait_blocked : next::wait;
    }

    // ------------------------------------------------------------ retry timer

    // The delay in ms for the retry timer to start, 0 if it runs already.
    // Backs off from 2 ms to 128 ms while the head message stays blocked.
    int start_retry() noexcept
    {
        if (retry_pending_)
            return 0;
        retry_pending_ = true;
        const int ms = retry_ms_;
        retry_ms_ = std::min(retry_ms_ * 2, 128);
        return ms;
    }

    // True: cancel the running timer. The next blocked head starts at 2 ms.
    bool stop_retry() noexcept
    {
        retry_ms_ = 2;
        return std::exchange(retry_pending_, false);
    }

    // The timer expired (not cancelled). True: run a pass (`work`: messages queued).
    bool retry_fired(bool work) noexcept
    {
        retry_pending_ = false;
        return work && !closed_;
    }

private:
    bool armed_ = false;
    bool stale_ = false;   // libzmq was called, or idle() ran, since the armed wait's check
    bool posted_ = false;
    bool in_pass_ = false;
    bool fresh_ = false;   // in a pass: libzmq said EAGAIN and was not called since
    bool retried_ = false; // in a pass: a round ran again without progress
    bool carry_ = false;   // the next pass continues this one's read-ahead
    bool closed_ = false;
    bool retry_pending_ = false;
    int retry_ms_ = 2;
};

} // namespace detail
} // namespace boost_zmqstream

#endif
