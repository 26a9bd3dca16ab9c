//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_IMPL_ENGINE_HPP
#define BOOST_ZMQSTREAM_IMPL_ENGINE_HPP

// The engine's bookkeeping of parked operations, its wait and timers, and
// its pass; included by detail/engine.hpp.

namespace boost_zmqstream {
namespace detail {

// ---------------------------------------------------------------------- initiation

// Up to `max` buffered messages appended to `out` per completion; parks
// until at least one is there. Served after single reads.
template <class Executor>
template <class Handler>
inline void engine<Executor>::async_read_batch(std::vector<message>& out, std::size_t max, Handler& h)
{
    if (exception_)
        return post_now(h, exception_, std::size_t(0));
    if (!rq_.empty() && (state_ != state::open || max == 0))
        return post_now(h, error_code(), take_batch(out, max));
    // As async_read(): a socket that cannot receive says so, open or closed.
    if (!can_recv_)
        return post_now(h, make_error_code(error::operation_not_supported), std::size_t(0));
    if (state_ != state::open)
        return post_now(h, make_error_code(error::stream_closed), std::size_t(0));
    if (max == 0)
        return post_now(h, error_code(), std::size_t(0));
    batch_waiter* w = waiter_impl<Handler, pass_through, batch_waiter>::create(
        h, ex_, &engine::cancel_parked<batch_waiter, &engine::batch_readers_, std::size_t>, this, &work_, &nodes_);
    w->data = batch_request{&out, max};
    batch_readers_.push_back(w);
    reader_parked();
}

// write(): never blocks; a send error with no handler is stored.
template <class Executor>
inline void engine<Executor>::write(message&& m)
{
    if (state_ != state::open)
        boost::throw_exception(boost::system::system_error(make_error_code(error::stream_closed), "write"));
    if (m.empty())
        boost::throw_exception(boost::system::system_error(make_error_code(error::empty_message), "write"));
    if (wq_.live() == 0)
    {
        error_code ec = send_at_once(m);
        if (ec != asio::error::would_block)
        {
            if (ec)
                write_failed(ec);
            return;
        }
    }
    enqueue(std::move(m), nullptr);
}

template <class Executor>
template <class Handler>
inline void engine<Executor>::async_write(message&& m, Handler& h)
{
    if (state_ != state::open)
        return post_now(h, make_error_code(error::stream_closed));
    if (m.empty())
        return post_now(h, make_error_code(error::empty_message));
    auto parked = [&] {
        return waiter_impl<Handler, pass_through, write_waiter>::create(
            h, ex_, &engine::cancel_write, this, &work_, &nodes_);
    };
    // An empty queue means send now, inside a pass too (as write() does): the
    // pass completes it, in its next round when a handler of this one sent it.
    if (wq_.live() == 0)
    {
        error_code ec = send_at_once(m);
        if (!ec)
        {
            // Sent. A pass completes it, so that the write its handler
            // starts is served by that pass, and the next, and so on.
            sent_.push_back(parked());
            if (!wake_.in_pass())
                schedule_pass();
            return;
        }
        if (ec != asio::error::would_block)
            return post_now(h, ec);
    }
    enqueue(std::move(m), parked());
}

// ---------------------------------------------------------------------- parked operations

template <class Executor>
inline void engine<Executor>::fail_readers(const error_code& ec)
{
    // Closing: readers parked by a pass beside buffered messages get those first.
    if (ec == error::stream_closed)
        serve_queued(false);
    complete_all<message>(readers_, ec);
    complete_all<std::size_t>(batch_readers_, ec);
}

// Parked readers take buffered messages, single reads first, then one
// completion per batch reader. `here`: the pass runs the handlers (see
// waiter::complete_here); false if one of them stopped the pass.
template <class Executor>
inline bool engine<Executor>::serve_queued(bool here)
{
    while (!readers_.empty() && !rq_.empty())
        if (!complete_parked(readers_.pop_front(), here, error_code(), pop_read()))
            return false;
    while (!batch_readers_.empty() && !rq_.empty())
    {
        batch_waiter* w = batch_readers_.pop_front();
        if (!complete_parked(w, here, error_code(), take_batch(*w->data.out, w->data.max)))
            return false;
    }
    return true;
}

// Drops a queued message; its handler gets operation_aborted.
template <class Executor>
inline void engine<Executor>::withdraw(write_entry& e)
{
    // A close then has not delivered everything it was asked to flush.
    if (state_ == state::closing)
        lost_in_close_ = true;
    if (write_waiter* w = wq_.withdraw(e))
        w->complete(ex_, asio::error::operation_aborted);
}

// The queue shrank: drains complete at the low mark, a close that has
// flushed everything closes the socket. False when it closed.
template <class Executor>
inline bool engine<Executor>::write_queue_shrank()
{
    if (wq_.mark.fell(wq_.bytes()))
        complete_all(drainers_, error_code());
    if (state_ != state::closing || wq_.live() != 0)
        return true;
    // A close reports a withdrawn message as not flushed.
    close_socket(lost_in_close_ ? error_code(asio::error::operation_aborted) : error_code(), -1);
    return false;
}

// Unlinks a parked operation; its handler gets operation_aborted (and an
// empty value for its other argument). Parking consumed nothing, so every
// cancellation type is honoured.
template <class Executor>
template <class W, waiter_list<W> engine<Executor>::*List, class... Empty>
inline void engine<Executor>::cancel_parked(void* owner, W* w)
{
    auto* self = static_cast<engine*>(owner);
    if (!w->linked_)
        return;
    (self->*List).erase(w);
    w->complete(self->ex_, asio::error::operation_aborted, Empty{}...);
    self->idle_if_unwanted();
}

// Withdraws a still-queued message, found by the sequence number in its
// waiter's ticket; one already handed to libzmq has completed, so there is
// nothing left to cancel.
template <class Executor>
inline void engine<Executor>::cancel_write(void* owner, write_waiter* w)
{
    auto* self = static_cast<engine*>(owner);
    if (write_entry* e = self->wq_.at(w->data.seq, w))
    {
        self->withdraw(*e);
        if (self->write_queue_shrank())
            self->idle_if_unwanted();
    }
}

// ---------------------------------------------------------------------- the wait and the timers

template <class Executor>
inline void engine<Executor>::arm()
{
    if (!wake_.start_wait())
        return;
    fd_->async_wait(asio::posix::descriptor_base::wait_read, [self = this->shared_from_this()](error_code ec) {
        switch (self->wake_.wait_done(!ec, ec && (self->want_read() || self->wq_.live() != 0)))
        {
        case wake_fsm::woken::pass:
            return self->pass();
        case wake_fsm::woken::post:
            return self->post_pass();  // cancelled by idle() while work came in
        case wake_fsm::woken::none:
            return;
        }
    });
}

// See wake_fsm.hpp: a ROUTER's blocked head message cannot rely on ZMQ_FD alone.
template <class Executor>
inline void engine<Executor>::start_retry()
{
    const int ms = wake_.start_retry();
    if (ms == 0)
        return;
    if (!retry_timer_)
        retry_timer_.emplace(ex_);
    retry_timer_->expires_after(std::chrono::milliseconds(ms));
    retry_timer_->async_wait([self = this->shared_from_this()](error_code ec) {
        // Cancelled: stop_retry() already told the fsm.
        if (!ec && self->wake_.retry_fired(self->wq_.live() != 0))
            self->pass();
    });
}

template <class Executor>
inline void engine<Executor>::stop_retry()
{
    if (wake_.stop_retry())
        retry_timer_->cancel();
}

// Nothing is waited for: an armed wait would keep run() from returning.
template <class Executor>
inline void engine<Executor>::idle()
{
    stop_retry();
    if (wake_.idle())
    {
        error_code ignored;
        fd_->cancel(ignored);
    }
}

// ---------------------------------------------------------------------- the pass

// Completes `w` from the pass or, with `here` false, by post. False if the
// handler, run here, means the pass must stop.
template <class Executor>
template <class W, class... A>
inline bool engine<Executor>::complete_parked(W* w, bool here, A&&... args)
{
    if (!here)
    {
        w->complete(ex_, std::forward<A>(args)...);
        return true;
    }
    w->complete_here(ex_, nodes_, std::forward<A>(args)...);
    switch (wake_.handler_ran(ioc_ && ioc_->stopped()))
    {
    case wake_fsm::after_handler::go_on:
        return true;
    case wake_fsm::after_handler::stop_and_post:
        post_pass();
        return false;
    default:
        return false;
    }
}

/* Handlers of completed operations run inside the pass when they share the
   I/O executor (waiter::complete_here), and what they start again is parked
   for this same pass to serve: a chain of read-and-read-again costs one post
   per pass instead of one per message. So after any completion the pass
   re-checks the state (the handler may have closed the stream), and a libzmq
   call made by a handler spoils the pass's last EAGAIN (after_libzmq_call()). */
template <class Executor>
inline void engine<Executor>::pass()
{
    bool carried = false;
    if (!wake_.begin_pass(carried))
        return;
    struct guard
    {
        engine* e;
        int exceptions = std::uncaught_exceptions();
        ~guard()
        {
            // A handler threw out of the pass: whatever it parked still needs one.
            if (e->wake_.end_pass(std::uncaught_exceptions() > exceptions))
                try
                {
                    e->post_pass();
                }
                catch (...)
                {
                }
        }
    } g{this};
    std::size_t budget = batch_limit;
    for (;;)
    {
        const std::size_t budget_at_start = budget;
        // Read ahead while the user waits for something at the start of
        // this round, even once the round has served the last of it.
        const bool waiting = monitor_ || carried || user_waiting();
        wake_.round_begins();
        if (!write_phase(budget) || !read_phase(budget, waiting))
            return;
        if (!sent_.empty() && budget != 0)
            continue;  // handlers of this round sent at once: complete them in the next
        const wake_fsm::round r{budget == 0, waiting, wq_.live() != 0, want_read(), budget != budget_at_start};
        if (!wait_decision(r))
            return;
    }
}

// Writes first: a request goes out before we look for its reply. False if
// the pass must stop.
template <class Executor>
inline bool engine<Executor>::write_phase(std::size_t& budget)
{
    // Completions of messages sent by handlers of this pass count against its budget.
    while (budget != 0 && !sent_.empty())
    {
        --budget;
        if (!complete_parked(sent_.pop_front(), true, error_code()))
            return false;
    }
    while (budget != 0 && wq_.live() != 0)
    {
        write_entry* e = wq_.head();
        error_code ec = socket_ops::send(sock_, e->msg);
        if (ec == asio::error::would_block)
            break;
        --budget;
        if (write_waiter* w = wq_.pop_head())
        {
            if (!complete_parked(w, true, std::move(ec)))
                return false;
        }
        else if (ec)
            write_failed(ec);
    }
    wq_.compact();
    return write_queue_shrank();
}

// Buffered messages to parked readers, then pull from libzmq while reading
// is wanted. False if the pass must stop.
template <class Executor>
inline bool engine<Executor>::read_phase(std::size_t& budget, bool waiting)
{
    if (!serve_queued(true))
        return false;
    while (budget != 0 && can_read() && (waiting || user_waiting()))
    {
        message m;
        std::size_t bytes;
        if (error_code ec = socket_ops::receive(sock_, m, bytes))
        {
            if (ec == asio::error::would_block)
            {
                wake_.eagain();
                break;
            }
            if (socket_ops::out_of_turn(ec))
                break;  // the next send schedules a pass
            fail_socket(ec);
            return false;
        }
        --budget;
        if (!deliver(std::move(m), bytes))
            return false;
    }
    return serve_queued(true);
}

// A received message to the first parked reader, or into the buffer.
template <class Executor>
inline bool engine<Executor>::deliver(message&& m, std::size_t bytes)
{
    if (!readers_.empty() && rq_.empty())
        return complete_parked(readers_.pop_front(), true, error_code(), std::move(m));
    rq_.push(std::move(m), bytes);
    return true;
}

// Carries out wake_fsm's decision at the end of a round. True: run another.
template <class Executor>
inline bool engine<Executor>::wait_decision(const wake_fsm::round& r)
{
    wake_fsm::next next = wake_.end_round(r);
    if (next == wake_fsm::next::query_events)
    {
        int events = 0;
        if (error_code ec = socket_ops::events(sock_, events))
        {
            fail_socket(ec);
            return false;
        }
        next = wake_.with_events(r, events);
    }
    switch (next)
    {
    case wake_fsm::next::again:
        return true;
    case wake_fsm::next::repost:
        schedule_pass();
        return false;
    case wake_fsm::next::idle:
        idle();
        return false;
    default:
        break;
    }
    arm();
    if (next == wake_fsm::next::wait_blocked)
        start_retry();
    else
        stop_retry();
    return false;
}

// The socket itself failed (ETERM, ...): store the error, close.
template <class Executor>
inline void engine<Executor>::fail_socket(const error_code& ec)
{
    set_exception(ec);
    close_socket(ec, 0);
}

} // namespace detail
} // namespace boost_zmqstream

#endif
