//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_DETAIL_ENGINE_HPP
#define BOOST_ZMQSTREAM_DETAIL_ENGINE_HPP

#include <boost_zmqstream/detail/ring.hpp>
#include <boost_zmqstream/detail/stream_service.hpp>
#include <boost_zmqstream/detail/waiter.hpp>
#include <boost_zmqstream/error.hpp>
#include <boost_zmqstream/message.hpp>
#include <boost_zmqstream/monitor_event.hpp>

#include <boost/asio/error.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <zmq.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <exception>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace boost_zmqstream {
namespace detail {

// The io_context behind an executor, when it is one (directly or through a
// strand), so that the engine can honour its stop().
template <class Executor>
asio::io_context* io_context_of(const Executor& ex) noexcept
{
    using ioc_ex = asio::io_context::executor_type;
    if constexpr (std::is_same<Executor, asio::any_io_executor>::value)
    {
        if (auto* e = ex.template target<ioc_ex>())
            return &e->context();
        if (auto* s = ex.template target<asio::strand<ioc_ex>>())
            return &s->get_inner_executor().context();
        return nullptr;
    }
    else
        return nullptr;
}

// Messages moved per wake-up before yielding to other work on the executor.
inline constexpr std::size_t batch_limit = 256;

// A monitor message (two frames, libzmq 4.3 format) as an event.
struct decode_event
{
    error_code operator()(error_code ec) const noexcept { return ec; }

    monitor_event operator()(message&& m) const
    {
        monitor_event ev;
        if (m.size() >= 1 && m[0].size() >= 6)
        {
            auto p = static_cast<const unsigned char*>(m[0].data());
            std::uint16_t e;
            std::uint32_t v;
            std::memcpy(&e, p, 2);
            std::memcpy(&v, p + 2, 4);
            ev.event = e;
            ev.value = static_cast<std::int32_t>(v);
        }
        if (m.size() >= 2)
            ev.endpoint = m[1].to_string();
        return ev;
    }
};

/* The engine drives one libzmq socket from an Asio executor through ZMQ_FD.

   ZMQ_FD is an edge-triggered doorbell for both directions, and any libzmq
   call on the socket may swallow the edge. The rules that keep us from
   missing one:
   - at most one async_wait is armed, and only at the end of a pass that
     found no work it could do, after the socket's state was read fresh
     (a recv() that returned EAGAIN has just processed libzmq's command
     mailbox; otherwise ZMQ_EVENTS is read once);
   - any libzmq call made outside a pass (the immediate send of write(),
     bind, options) schedules a pass if a wait is armed or work is pending;
   - a pass that ends with nothing to wait for while a wait is still armed
     marks that wait stale: the next operation that needs progress runs a
     pass instead of trusting it (the pass may have swallowed its edge).
   A pass moves at most batch_limit messages, then re-posts itself, so one
   busy stream cannot starve others on the same executor.

   Parked operations are waiters (waiter.hpp) in FIFO lists; completions are
   posted through the I/O executor. The engine is shared-owned: the armed
   wait, a posted pass and the linger timer each hold a reference, which is
   what lets close() keep flushing after the stream object is gone. */
template <class Executor>
class engine : public std::enable_shared_from_this<engine<Executor>>
{
public:
    using read_waiter = waiter<Executor, error_code, message>;
    using batch_waiter = waiter<Executor, error_code, std::size_t>;
    using op_waiter = waiter<Executor, error_code>;

    enum class state
    {
        open,
        closing,
        closed
    };

    struct limits
    {
        std::size_t high_read, low_read, high_write, low_write;
    };

    // Takes ownership of `sock`. Registers ZMQ_FD with the reactor (last, so
    // that a failure before this leaves nothing registered).
    // `monitor`: always reading (drop-oldest backlog of `backlog` messages,
    // nullopt for no limit) whether or not anyone waits for an event.
    engine(const Executor& ex, void* sock, const limits& l, bool monitor, std::optional<std::size_t> backlog)
        : ex_(ex), sock_(sock), high_read_(l.high_read), low_read_(l.low_read),
          high_write_(l.high_write), low_write_(l.low_write), backlog_(backlog)
    {
        monitor_ = monitor;
        fd_.emplace(ex);
        ioc_ = io_context_of(ex_);
        int type = 0;
        std::size_t len = sizeof(type);
        zmq_getsockopt(sock_, ZMQ_TYPE, &type, &len);
        type_ = type;
        can_recv_ = type != ZMQ_PUB && type != ZMQ_PUSH;
        int fd = -1;
        len = sizeof(fd);
        if (zmq_getsockopt(sock_, ZMQ_FD, &fd, &len) != 0)
        {
            error_code ec = last_zmq_error();
            close_socket(0);
            boost::throw_exception(boost::system::system_error(ec, "zmq_getsockopt(ZMQ_FD)"));
        }
        error_code ec;
        fd_->assign(fd, ec);
        if (ec)
        {
            close_socket(0);
            boost::throw_exception(boost::system::system_error(ec, "registering ZMQ_FD with the reactor"));
        }
        // A monitor is shut down by the engine it monitors (see shutdown()).
        if (!monitor_)
        {
            hook_.fn = &engine::on_shutdown;
            hook_.owner = this;
            stream_service::of(ex_).add(&hook_);
        }
    }

    engine(const engine&) = delete;
    engine& operator=(const engine&) = delete;

    ~engine()
    {
        if (hook_.linked)
            stream_service::of(ex_).remove(&hook_);
        // Normally finalize() ran already; this covers construction-time paths.
        if (sock_)
        {
            release_fd();
            close_socket(0);
        }
    }

    // A monitor reads from the start, for its drop-oldest backlog to see
    // every event; a main socket reads only while the user waits for something.
    void start()
    {
        if (monitor_)
            ensure_progress();
    }

    const Executor& get_executor() const noexcept { return ex_; }
    void* socket() const noexcept { return sock_; }
    int type() const noexcept { return type_; }
    state get_state() const noexcept { return state_; }
    bool is_open() const noexcept { return state_ == state::open; }
    // The execution context shut down: nothing of this engine runs again.
    bool shut_down() const noexcept { return shut_down_; }

    // The stream's monitor engine, whose event reads a stored error fails too.
    void link_monitor(engine* m) noexcept { monitor_link_ = m; }

    // ------------------------------------------------------------------ reading

    template <class Transform = pass_through, class Handler>
    void async_read(Handler& h, const error_code& sticky = {})
    {
        error_code ec = sticky ? sticky : exception_;
        if (ec)
            return post_now<Transform>(h, ec, message());
        if (state_ != state::open || !can_recv_)
        {
            if (!rq_.empty())
            {
                message m = pop_read();
                return post_now<Transform>(h, error_code(), std::move(m));
            }
            return post_now<Transform>(h,
                make_error_code(can_recv_ ? error::stream_closed : error::operation_not_supported), message());
        }
        // Even with a message buffered the read parks and a pass completes it:
        // the pass runs the handler and serves the read it starts next.
        readers_.push_back(waiter_impl<Handler, Transform, Executor, error_code, message>::create(
            h, ex_, &engine::cancel_parked<read_waiter, &engine::readers_, message>, this, &work_));
        reader_parked();
    }

    // Up to `max` buffered messages appended to `out` per completion; parks
    // until at least one is there. Served after single reads.
    template <class Handler>
    void async_read_batch(std::vector<message>& out, std::size_t max, Handler& h)
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
        batch_waiter* w = waiter_impl<Handler, pass_through, Executor, error_code, std::size_t>::create(
            h, ex_, &engine::cancel_parked<batch_waiter, &engine::batch_readers_, std::size_t>, this, &work_);
        w->tag_ = max;
        w->user_ = &out;
        batch_readers_.push_back(w);
        reader_parked();
    }

    std::size_t read_buffer_size() const noexcept { return rq_bytes_; }
    std::size_t read_buffer_count() const noexcept { return rq_.size(); }

    bool at_closing() const noexcept { return state_ != state::open && rq_.empty(); }

    void pause_reading()
    {
        user_paused_ = true;
    }

    void resume_reading()
    {
        if (!user_paused_)
            return;
        user_paused_ = false;
        reading_resumed();
    }

    void set_read_limits(std::size_t high, std::size_t low)
    {
        high_read_ = high;
        low_read_ = low;
        if (rq_bytes_ > high_read_)
            read_paused_ = true;
        else if (read_paused_ && rq_bytes_ <= low_read_)
        {
            read_paused_ = false;
            reading_resumed();
        }
    }

    std::size_t high_read() const noexcept { return high_read_; }
    std::size_t low_read() const noexcept { return low_read_; }

    // ------------------------------------------------------------------ writing

    // write(): never blocks; a send error with no handler is stored.
    void write(message&& m)
    {
        if (state_ != state::open)
            boost::throw_exception(boost::system::system_error(make_error_code(error::stream_closed), "write"));
        if (m.empty())
            boost::throw_exception(boost::system::system_error(make_error_code(error::empty_message), "write"));
        if (wq_live_ == 0)
        {
            error_code ec = send_message(m);
            touched();
            if (ec != asio::error::would_block)
            {
                if (ec)
                    write_failed(ec);
                return;
            }
        }
        enqueue(std::move(m), nullptr);
    }

    template <class Handler>
    void async_write(message&& m, Handler& h)
    {
        if (state_ != state::open)
            return post_now(h, make_error_code(error::stream_closed));
        if (m.empty())
            return post_now(h, make_error_code(error::empty_message));
        // Inside a pass the message joins the queue and the pass sends it.
        if (wq_live_ == 0 && !in_pass_)
        {
            error_code ec = send_message(m);
            touched();
            if (!ec)
            {
                // Sent. A pass completes it, so that the write its handler
                // starts is served by that pass, and the next, and so on.
                sent_.push_back(waiter_impl<Handler, pass_through, Executor, error_code>::create(
                    h, ex_, &engine::cancel_write, this, &work_));
                return schedule_pass();
            }
            if (ec != asio::error::would_block)
                return post_now(h, ec);
        }
        enqueue(std::move(m),
            waiter_impl<Handler, pass_through, Executor, error_code>::create(h, ex_, &engine::cancel_write, this, &work_));
    }

    template <class Handler>
    void async_drain(Handler& h)
    {
        if (exception_)
            return post_now(h, exception_);
        if (state_ == state::closed)
            return post_now(h, make_error_code(error::stream_closed));
        if (!write_paused_)
            return post_now(h, error_code());
        drainers_.push_back(
            waiter_impl<Handler, pass_through, Executor, error_code>::create(h, ex_, &engine::cancel_parked<op_waiter, &engine::drainers_>, this, &work_));
    }

    std::size_t write_buffer_size() const noexcept { return wq_bytes_; }
    bool writing_paused() const noexcept { return write_paused_; }

    void set_write_limits(std::size_t high, std::size_t low)
    {
        high_write_ = high;
        low_write_ = low;
        if (wq_bytes_ > high_write_)
            write_paused_ = true;
        else
            update_write_pause();
    }

    std::size_t high_write() const noexcept { return high_write_; }
    std::size_t low_write() const noexcept { return low_write_; }

    // ------------------------------------------------------------------ errors

    const error_code& exception() const noexcept { return exception_; }

    // Stores `ec`; when set, fails the parked reads and drains with it.
    void set_exception(const error_code& ec)
    {
        exception_ = ec;
        if (!ec)
            return;
        fail_readers(ec);
        while (!drainers_.empty())
            drainers_.pop_front()->complete(ex_, error_code(ec));
        if (monitor_link_)
            monitor_link_->fail_reads(ec);
        idle_if_unwanted();
    }

    // Send errors of write() (no handler to tell) that concern one message
    // or one peer: EHOSTUNREACH from a ROUTER_MANDATORY socket, EFSM, ...
    std::size_t write_error_count() const noexcept { return write_errors_; }
    const error_code& last_write_error() const noexcept { return last_write_error_; }

    // Fails the parked reads only (the monitor's, for the stream's cancel()
    // and stored errors).
    void fail_reads(const error_code& ec) { fail_readers(ec); }

    // ------------------------------------------------------------------ lifecycle

    // close() plus a completion once the socket is closed.
    template <class Handler>
    void async_close(Handler& h)
    {
        if (state_ == state::closed)
            return post_now(h, error_code());
        closers_.push_back(waiter_impl<Handler, pass_through, Executor, error_code>::create(
            h, ex_, &engine::cancel_parked<op_waiter, &engine::closers_>, this, &work_));
        close();
    }

    // Graceful: stop pulling, keep flushing, then close the socket.
    void close()
    {
        if (state_ != state::open)
            return;
        state_ = state::closing;
        fail_readers(make_error_code(error::stream_closed));
        if (wq_live_ == 0)
            return finalize(error_code(), -1);
        int linger = -1;
        std::size_t len = sizeof(linger);
        zmq_getsockopt(sock_, ZMQ_LINGER, &linger, &len);
        if (linger == 0)
            return finalize(make_error_code(error::linger_expired), 0);
        if (linger > 0)
        {
            linger_timer_.emplace(ex_, std::chrono::milliseconds(linger));
            linger_timer_->async_wait([self = this->shared_from_this()](error_code ec) {
                if (!ec && self->state_ == state::closing)
                    self->finalize(make_error_code(error::linger_expired), 0);
            });
        }
        ensure_progress();
    }

    // Immediate: queued writes dropped, pending writes and drains aborted.
    // `reads` is what parked reads get (stream_closed for abort(),
    // operation_aborted for destruction).
    void abort(const error_code& reads)
    {
        if (state_ == state::closed)
            return;
        fail_readers(reads);
        finalize(asio::error::operation_aborted, 0);
    }

    // The stream object is going away after close(): its handlers are
    // released (operation_aborted), its queued messages keep flushing.
    void detach_handlers()
    {
        complete_sent();
        for (std::size_t i = 0; i < wq_.size(); ++i)
            if (op_waiter* w = wq_[i].w)
            {
                wq_[i].w = nullptr;
                w->complete(ex_, asio::error::operation_aborted);
            }
        while (!drainers_.empty())
            drainers_.pop_front()->complete(ex_, asio::error::operation_aborted);
        while (!closers_.empty())
            closers_.pop_front()->complete(ex_, asio::error::operation_aborted);
    }

    // Aborts every pending operation with operation_aborted, keeps the socket.
    void cancel()
    {
        complete_sent();
        fail_readers(asio::error::operation_aborted);
        for (std::size_t i = 0; i < wq_.size(); ++i)
            if (wq_[i].w)
                withdraw(wq_[i]);
        while (!drainers_.empty())
            drainers_.pop_front()->complete(ex_, asio::error::operation_aborted);
        // The close itself goes on; only its completion is cancelled.
        while (!closers_.empty())
            closers_.pop_front()->complete(ex_, asio::error::operation_aborted);
        update_write_pause();
        if (state_ == state::closing && wq_live_ == 0)
            finalize(close_result(), -1);
        idle_if_unwanted();
    }

    // Any libzmq call made outside a pass may have consumed the edge.
    void touched()
    {
        stale_ = stale_ || armed_;
        if (in_pass_)
        {
            fresh_ = false;
            return;
        }
        if (armed_ || want_read() || wq_live_ != 0)
            schedule_pass();
    }

private:
    struct write_entry
    {
        message msg;
        std::size_t bytes;
        op_waiter* w;
        bool withdrawn = false;
    };

    template <class Transform = pass_through, class Handler, class... Args>
    void post_now(Handler& h, Args&&... args)
    {
        post_immediate<Transform>(ex_, h, std::forward<Args>(args)...);
    }

    void fail_readers(const error_code& ec)
    {
        // Closing: readers parked by a pass beside buffered messages get those first.
        if (ec == error::stream_closed)
            serve_queued(false);
        while (!readers_.empty())
            readers_.pop_front()->complete(ex_, error_code(ec), message());
        while (!batch_readers_.empty())
            batch_readers_.pop_front()->complete(ex_, error_code(ec), std::size_t(0));
    }

    std::size_t take_batch(std::vector<message>& out, std::size_t max)
    {
        std::size_t n = 0;
        while (n < max && !rq_.empty())
        {
            out.push_back(pop_read());
            ++n;
        }
        return n;
    }

    // Completes `w` from the pass or, with `here` false, by post. False if
    // the handler, run here, closed the stream: the pass must stop.
    template <class W, class... A>
    bool finish(W* w, bool here, A&&... args)
    {
        if (!here)
        {
            w->complete(ex_, std::forward<A>(args)...);
            return true;
        }
        w->complete_here(ex_, std::forward<A>(args)...);
        if (state_ == state::closed)
            return false;
        // io_context::stop() from a handler: the rest waits for the next run().
        if (ioc_ && ioc_->stopped())
        {
            schedule_pass();
            return false;
        }
        return true;
    }

    // Parked readers take buffered messages, single reads first, then one
    // completion per batch reader. `here`: the pass runs the handlers (see
    // waiter::complete_here); false if one of them closed the stream.
    bool serve_queued(bool here)
    {
        while (!readers_.empty() && !rq_.empty())
        {
            read_waiter* w = readers_.pop_front();
            if (!finish(w, here, error_code(), pop_read()))
                return false;
        }
        while (!batch_readers_.empty() && !rq_.empty())
        {
            batch_waiter* w = batch_readers_.pop_front();
            if (!finish(w, here, error_code(), take_batch(*static_cast<std::vector<message>*>(w->user_), w->tag_)))
                return false;
        }
        return true;
    }

    bool can_read() const noexcept
    {
        return can_recv_ && state_ == state::open && !read_paused_ && !user_paused_;
    }

    // Something of the user's is outstanding: only then does the stream keep
    // its execution context busy (a monitor always does, see start()).
    bool user_waiting() const noexcept
    {
        return !readers_.empty() || !batch_readers_.empty() || wq_live_ != 0 || !sent_.empty() ||
               !drainers_.empty() || !closers_.empty();
    }

    bool want_read() const noexcept { return can_read() && (monitor_ || user_waiting()); }

    message pop_read()
    {
        message m = std::move(rq_.front().msg);
        rq_bytes_ -= rq_.front().bytes;
        rq_.pop_front();
        if (read_paused_ && rq_bytes_ <= low_read_)
        {
            read_paused_ = false;
            reading_resumed();
        }
        return m;
    }

    // Called by the pass only.
    // False if the handler it ran means the pass must stop.
    bool deliver(message&& m, std::size_t bytes)
    {
        if (!readers_.empty() && rq_.empty())
            return finish(readers_.pop_front(), true, error_code(), std::move(m));
        rq_bytes_ += bytes;
        rq_.emplace_back(std::move(m), bytes);
        if (backlog_)
            while (rq_.size() > *backlog_)
            {
                rq_bytes_ -= rq_.front().bytes;
                rq_.pop_front();
            }
        if (rq_bytes_ > high_read_)
            read_paused_ = true;
        return true;
    }

    // would_block: nothing was taken from `m`. Once libzmq accepted the first
    // frame it accepts the rest (HWM counts whole messages), so a message is
    // never left half-sent by EAGAIN.
    error_code send_message(message& m)
    {
        const std::size_t n = m.size();
        for (std::size_t i = 0; i < n; ++i)
        {
            int flags = ZMQ_DONTWAIT | (i + 1 < n ? ZMQ_SNDMORE : 0);
            while (zmq_msg_send(m[i].handle(), sock_, flags) < 0)
            {
                int e = zmq_errno();
                if (e == EINTR)
                    continue;
                if (i == 0 && e == EAGAIN)
                    return asio::error::would_block;
                return make_zmq_error(e);
            }
        }
        return {};
    }

    // would_block when the socket has no message; on success `m` holds one
    // and `bytes` its payload size (zmq_msg_recv tells it for free).
    error_code recv_message(message& m, std::size_t& bytes)
    {
        bytes = 0;
        for (;;)
        {
            // Received in place: the frame is never moved on the way in.
            frame& f = m.emplace_back();
            const int n = zmq_msg_recv(f.handle(), sock_, ZMQ_DONTWAIT);
            if (n < 0)
            {
                int e = zmq_errno();
                m.pop_back();
                if (e == EINTR)
                    continue;
                if (m.empty() && e == EAGAIN)
                    return asio::error::would_block;
                return make_zmq_error(e);
            }
            bytes += static_cast<std::size_t>(n);
            if (!zmq_msg_more(f.handle()))
                return {};
        }
    }

    void enqueue(message&& m, op_waiter* w)
    {
        std::size_t bytes = m.total_size();
        wq_.emplace_back(write_entry{std::move(m), bytes, w});
        wq_bytes_ += bytes;
        ++wq_live_;
        if (wq_bytes_ > high_write_)
            write_paused_ = true;
        ensure_progress();
    }

    void withdraw(write_entry& e)
    {
        // A close then has not delivered everything it was asked to flush.
        if (state_ == state::closing)
            lost_in_close_ = true;
        e.withdrawn = true;
        e.msg.clear();
        wq_bytes_ -= e.bytes;
        --wq_live_;
        if (op_waiter* w = e.w)
        {
            e.w = nullptr;
            w->complete(ex_, asio::error::operation_aborted);
        }
    }

    // Writes libzmq already took: cancelling them is too late, they succeeded.
    void complete_sent()
    {
        while (!sent_.empty())
            sent_.pop_front()->complete(ex_, error_code());
    }

    void update_write_pause()
    {
        if (write_paused_ && wq_bytes_ <= low_write_)
        {
            write_paused_ = false;
            while (!drainers_.empty())
                drainers_.pop_front()->complete(ex_, error_code());
        }
    }

    // Unlinks a parked operation; its handler gets operation_aborted (and an
    // empty value for its other argument). Parking consumed nothing, so every
    // cancellation type is honoured.
    template <class W, waiter_list<W> engine::*List, class... Empty>
    static void cancel_parked(void* owner, W* w)
    {
        auto* self = static_cast<engine*>(owner);
        if (!w->linked_)
            return;
        (self->*List).erase(w);
        w->complete(self->ex_, asio::error::operation_aborted, Empty{}...);
        self->idle_if_unwanted();
    }

    // A cancellation may leave nothing outstanding behind a wait armed for it.
    void idle_if_unwanted()
    {
        if (!in_pass_ && !monitor_ && !user_waiting() && state_ == state::open)
            idle();
    }

    // Withdraws a still-queued message; one already handed to libzmq has
    // completed, so there is nothing left to cancel.
    static void cancel_write(void* owner, op_waiter* w)
    {
        auto* self = static_cast<engine*>(owner);
        for (std::size_t i = 0; i < self->wq_.size(); ++i)
            if (self->wq_[i].w == w)
            {
                self->withdraw(self->wq_[i]);
                self->update_write_pause();
                if (self->state_ == state::closing && self->wq_live_ == 0)
                    self->finalize(self->close_result(), -1);
                self->idle_if_unwanted();
                return;
            }
    }

    // A reader just parked: with messages buffered for it a pass must run
    // now (a running pass serves it anyway), else the usual progress rule.
    void reader_parked()
    {
        if (rq_.empty())
            ensure_progress();
        else if (!in_pass_)
            schedule_pass();
    }

    // A wait armed while reading was paused may be one for writing whose
    // pass already consumed the read edge (ZMQ_EVENTS): only a pass tells.
    void reading_resumed()
    {
        if (!in_pass_)
            schedule_pass();
    }

    // A pass is needed unless an armed wait is known to be fresh; a running
    // pass looks at everything again before it ends.
    void ensure_progress()
    {
        if (in_pass_)
            return;
        if (!armed_ || stale_)
            schedule_pass();
    }

    void schedule_pass()
    {
        if (pass_posted_ || state_ == state::closed)
            return;
        pass_posted_ = true;
        asio::post(ex_, [self = this->shared_from_this()] {
            self->pass_posted_ = false;
            self->pass();
        });
    }

    void arm()
    {
        if (armed_)
            return;
        armed_ = true;
        fd_->async_wait(asio::posix::descriptor_base::wait_read, [self = this->shared_from_this()](error_code ec) {
            self->armed_ = false;
            if (!ec)
                self->pass();
            else if (self->state_ != state::closed && (self->want_read() || self->wq_live_ != 0))
                self->schedule_pass();  // cancelled by idle() while work came in
        });
    }

    // Backs off from 2 ms to 128 ms while the head message stays blocked;
    // any pass that does not end blocked starts it again at 2 ms.
    void start_retry()
    {
        if (retry_pending_)
            return;
        retry_pending_ = true;
        if (!retry_timer_)
            retry_timer_.emplace(ex_);
        retry_timer_->expires_after(std::chrono::milliseconds(retry_ms_));
        retry_ms_ = std::min(retry_ms_ * 2, 128);
        retry_timer_->async_wait([self = this->shared_from_this()](error_code ec) {
            if (ec)
                return;  // stop_retry() already cleared retry_pending_
            self->retry_pending_ = false;
            if (self->state_ != state::closed && self->wq_live_ != 0)
                self->pass();
        });
    }

    void stop_retry()
    {
        retry_ms_ = 2;
        if (std::exchange(retry_pending_, false))
            retry_timer_->cancel();
    }

    // Nothing is waited for: an armed wait would keep run() from returning.
    // Cancelled, it may also have been the one a new operation relies on,
    // hence stale_ (ensure_progress runs a pass) until its handler ran.
    void idle()
    {
        stop_retry();
        if (!armed_)
            return;
        stale_ = true;
        error_code ignored;
        fd_->cancel(ignored);
    }

    /* Handlers of completed operations run inside the pass when they share
       the I/O executor (waiter::complete_here), and what they start again is
       parked for this same pass to serve: a chain of read-and-read-again
       costs one post per pass instead of one per message. So after any
       completion the pass re-checks the state (the handler may have closed
       the stream) and does not trust an earlier EAGAIN if the handler made
       a libzmq call (touched() clears fresh_). */
    void pass()
    {
        if (state_ == state::closed || in_pass_)
            return;
        struct in_pass_guard
        {
            engine* e;
            int exceptions = std::uncaught_exceptions();
            ~in_pass_guard()
            {
                e->in_pass_ = false;
                // A handler threw out of the pass: whatever it parked still needs one.
                if (std::uncaught_exceptions() > exceptions)
                    try
                    {
                        e->schedule_pass();
                    }
                    catch (...)
                    {
                    }
            }
        } guard{this};
        in_pass_ = true;
        std::size_t budget = batch_limit;
        bool retried = false;
        // A read-ahead cut short by the budget goes on in the next pass.
        const bool carried = std::exchange(carry_, false);
        for (;;)
        {
            const std::size_t budget_at_start = budget;
            // Read ahead while the user waits for something at the start of
            // this round, even once the round has served the last of it.
            const bool waiting = monitor_ || carried || user_waiting();
            // Writes first: a request goes out before we look for its reply.
            fresh_ = false;
            while (!sent_.empty())
                if (!finish(sent_.pop_front(), true, error_code()))
                    return;
            while (wq_live_ != 0 && budget != 0)
            {
                write_entry& e = wq_.front();
                if (e.withdrawn)
                {
                    wq_.pop_front();
                    continue;
                }
                error_code ec = send_message(e.msg);
                if (ec == asio::error::would_block)
                    break;
                --budget;
                op_waiter* w = e.w;
                wq_bytes_ -= e.bytes;
                --wq_live_;
                wq_.pop_front();
                if (w)
                {
                    if (!finish(w, true, std::move(ec)))
                        return;
                }
                else if (ec)
                    write_failed(ec);
            }
            while (wq_live_ == 0 && !wq_.empty())
                wq_.pop_front();
            update_write_pause();
            if (state_ == state::closing && wq_live_ == 0)
                return finalize(close_result(), -1);

            if (!serve_queued(true))
                return;
            while (can_read() && (waiting || user_waiting()) && budget != 0)
            {
                message m;
                std::size_t bytes;
                if (error_code ec = recv_message(m, bytes))
                {
                    if (ec == asio::error::would_block)
                    {
                        fresh_ = true;
                        break;
                    }
                    // REQ before its send, REP before its reply: nothing to read
                    // until the next send, which schedules a pass.
                    if (ec == make_zmq_error(EFSM))
                        break;
                    return fail(ec);
                }
                --budget;
                if (!deliver(std::move(m), bytes))
                    return;
            }
            if (!serve_queued(true))
                return;
            if (budget == 0)
            {
                carry_ = waiting;
                return schedule_pass();
            }

            const bool want_w = wq_live_ != 0;
            const bool want_r = want_read();
            if (!want_w && !want_r)
                return idle();
            bool blocked_out = false;
            if (want_w || !fresh_)
            {
                int events = 0;
                std::size_t len = sizeof(events);
                if (zmq_getsockopt(sock_, ZMQ_EVENTS, &events, &len) != 0)
                    return fail(last_zmq_error());
                // ZMQ_POLLOUT can hold while the head message still gets
                // EAGAIN (a ROUTER with ZMQ_ROUTER_MANDATORY whose target's
                // pipe is full while another's is not): retry once without
                // progress, then wait for the next edge rather than spin.
                const bool progress = budget != budget_at_start;
                if (((want_w && (events & ZMQ_POLLOUT)) || (want_r && (events & ZMQ_POLLIN))) &&
                    (progress || !retried))
                {
                    retried = !progress;
                    continue;
                }
                blocked_out = want_w && (events & ZMQ_POLLOUT);
            }
            stale_ = false;
            arm();
            // In that ROUTER case the edge is not enough: the command that
            // frees the head's pipe (or removes it, its peer gone) may have
            // been taken by our own recv or ZMQ_EVENTS after the send failed,
            // which leaves ZMQ_FD quiet. So a timer retries as well.
            return blocked_out ? start_retry() : stop_retry();
        }
    }

    // The socket itself failed (ETERM, ...): store the error, close.
    void fail(const error_code& ec)
    {
        set_exception(ec);
        finalize(ec, 0);
    }

    // Closes the socket; `linger` overrides ZMQ_LINGER unless negative.
    void finalize(const error_code& ec, int linger)
    {
        if (state_ == state::closed)
            return;
        monitor_link_ = nullptr;
        state_ = state::closed;
        if (linger_timer_)
            linger_timer_->cancel();
        stop_retry();
        fail_readers(make_error_code(error::stream_closed));
        complete_sent();
        for (std::size_t i = 0; i < wq_.size(); ++i)
            if (!wq_[i].withdrawn)
                withdraw(wq_[i]);
        wq_.clear();
        wq_live_ = 0;
        wq_bytes_ = 0;
        write_paused_ = false;
        while (!drainers_.empty())
            drainers_.pop_front()->complete(ex_, ec ? error_code(ec) : make_error_code(error::stream_closed));
        release_fd();
        close_socket(linger);
        while (!closers_.empty())
            closers_.pop_front()->complete(ex_, error_code(ec));
    }

    void release_fd()
    {
        // libzmq owns ZMQ_FD: deregister and cancel the wait, never close it.
        if (fd_ && fd_->is_open())
        {
            error_code ignored;
            fd_->cancel(ignored);
            fd_->release();
        }
    }

    // Only an error that makes the socket itself unusable is stored (and
    // fails every later read); any other concerns one message or one peer
    // and must not let one hung-up peer stop a ROUTER for everyone.
    void write_failed(const error_code& ec)
    {
        if (ec.category() == zmq_category())
            switch (ec.value())
            {
            case ETERM:
            case ENOTSOCK:
            case EMTHREAD:
            case EFAULT:
                return set_exception(ec);
            default:
                break;
            }
        ++write_errors_;
        last_write_error_ = ec;
    }

    // What async_close reports for a flush that completed.
    error_code close_result() const noexcept
    {
        return lost_in_close_ ? error_code(asio::error::operation_aborted) : error_code();
    }

    static void on_shutdown(shutdown_hook* h) noexcept
    {
        if (auto self = static_cast<engine*>(h->owner)->weak_from_this().lock())
            self->shutdown();
    }

    // The execution context is being destroyed: parked handlers are
    // destroyed, never invoked, and the socket is closed now. Each list is
    // emptied before a handler is destroyed, since its destructor may come
    // back here (a stream owned by the handler is destroyed with it).
    void shutdown() noexcept
    {
        if (shut_down_)
            return;
        shut_down_ = true;
        state_ = state::closed;
        // The monitor stops before either socket closes, as in
        // disable_monitor(): libzmq sends MONITOR_STOPPED with a blocking
        // send, which would hang (and with it libzmq's reaper, for every
        // socket closed later) once the monitor's PAIR were gone.
        if (engine* m = std::exchange(monitor_link_, nullptr))
        {
            auto keep = m->shared_from_this();
            if (sock_)
                zmq_socket_monitor(sock_, nullptr, 0);
            m->shutdown();
        }
        release_fd();
        close_socket(0);
        fd_.reset();
        linger_timer_.reset();
        retry_timer_.reset();
        retry_pending_ = false;
        while (!rq_.empty())
            rq_.pop_front();
        for (std::size_t i = 0; i < wq_.size(); ++i)
            if (op_waiter* w = std::exchange(wq_[i].w, nullptr))
                w->destroy();
        wq_.clear();
        wq_live_ = wq_bytes_ = rq_bytes_ = 0;
        destroy_all(readers_);
        destroy_all(batch_readers_);
        destroy_all(sent_);
        destroy_all(drainers_);
        destroy_all(closers_);
        work_.reset();
    }

    template <class W>
    static void destroy_all(waiter_list<W>& list) noexcept
    {
        while (!list.empty())
            list.pop_front()->destroy();
    }

    void close_socket(int linger)
    {
        if (!sock_)
            return;
        if (linger >= 0)
            zmq_setsockopt(sock_, ZMQ_LINGER, &linger, sizeof(linger));
        zmq_close(sock_);
        sock_ = nullptr;
    }

    Executor ex_;
    shared_work<Executor> work_{ex_};  // for parked handlers that run on ex_
    void* sock_;
    std::optional<asio::posix::basic_stream_descriptor<Executor>> fd_;  // reset at shutdown
    int type_ = 0;
    bool can_recv_ = true;
    state state_ = state::open;
    bool armed_ = false;
    bool stale_ = false;  // libzmq was called since the armed wait's last check
    bool pass_posted_ = false;
    bool in_pass_ = false;
    bool fresh_ = false;  // in a pass: libzmq said EAGAIN and was not called since
    bool shut_down_ = false;
    bool lost_in_close_ = false;  // a queued write was withdrawn during close
    bool carry_ = false;          // the next pass continues this one's read-ahead
    bool monitor_ = false;
    engine* monitor_link_ = nullptr;
    asio::io_context* ioc_ = nullptr;  // to honour stop() between in-pass handlers
    shutdown_hook hook_;

    // The payload size is kept with the message: computing it asks libzmq
    // once per frame, and the queue needs it on the way in and out.
    struct queued
    {
        queued(message&& m, std::size_t b) noexcept : msg(std::move(m)), bytes(b) {}
        message msg;
        std::size_t bytes;
    };
    ring<queued> rq_;
    std::size_t rq_bytes_ = 0;
    std::size_t high_read_, low_read_;
    bool read_paused_ = false;
    bool user_paused_ = false;
    waiter_list<read_waiter> readers_;
    waiter_list<batch_waiter> batch_readers_;

    ring<write_entry> wq_;
    std::size_t wq_bytes_ = 0;
    std::size_t wq_live_ = 0;
    std::size_t high_write_, low_write_;
    bool write_paused_ = false;
    std::optional<std::size_t> backlog_;
    waiter_list<op_waiter> sent_;  // async_write()s whose message libzmq took at once
    waiter_list<op_waiter> drainers_;
    waiter_list<op_waiter> closers_;

    error_code exception_;
    std::size_t write_errors_ = 0;
    error_code last_write_error_;
    std::optional<asio::basic_waitable_timer<std::chrono::steady_clock,
        asio::wait_traits<std::chrono::steady_clock>, Executor>> linger_timer_;
    // See start_retry(): a ROUTER's blocked head message cannot rely on ZMQ_FD alone.
    std::optional<asio::basic_waitable_timer<std::chrono::steady_clock,
        asio::wait_traits<std::chrono::steady_clock>, Executor>> retry_timer_;
    bool retry_pending_ = false;
    int retry_ms_ = 2;
};

} // namespace detail
} // namespace boost_zmqstream

#endif
