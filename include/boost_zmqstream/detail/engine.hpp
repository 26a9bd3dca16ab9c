//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_DETAIL_ENGINE_HPP
#define BOOST_ZMQSTREAM_DETAIL_ENGINE_HPP

#include <boost_zmqstream/detail/flow.hpp>
#include <boost_zmqstream/detail/monitor_decode.hpp>
#include <boost_zmqstream/detail/socket_ops.hpp>
#include <boost_zmqstream/detail/stream_service.hpp>
#include <boost_zmqstream/detail/waiter.hpp>
#include <boost_zmqstream/detail/wake_fsm.hpp>
#include <boost_zmqstream/error.hpp>
#include <boost_zmqstream/message.hpp>

#include <boost/asio/error.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <chrono>
#include <cstddef>
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

// Messages moved per pass before yielding to other work on the executor.
inline constexpr std::size_t batch_limit = 256;

/* The engine drives one libzmq socket from an Asio executor through ZMQ_FD:
   the Asio shell around the parts that can be read alone. wake_fsm.hpp
   decides when to run a pass, arm the wait or go idle; socket_ops.hpp makes
   every libzmq call on the socket; flow.hpp holds the read buffer, the write
   queue and their watermarks. What stays here: the descriptor, the timers,
   the parked operations (waiter.hpp, FIFO lists, completions posted through
   the I/O executor), and the pass that carries out the decisions: a write
   phase, a read phase, a wait decision.

   The engine is shared-owned: the armed wait, a posted pass and the timers
   each hold a reference, which is what lets close() keep flushing after the
   stream object is gone. */
template <class Executor>
class engine : public std::enable_shared_from_this<engine<Executor>>
{
public:
    // A batch read appends up to `max` messages to `*out`.
    struct batch_request
    {
        std::vector<message>* out;
        std::size_t max;
    };
    // A write's sequence number in the write queue, to withdraw it in O(1).
    struct write_ticket
    {
        std::size_t seq;
    };
    using read_waiter = waiter<no_data, Executor, error_code, message>;
    using batch_waiter = waiter<batch_request, Executor, error_code, std::size_t>;
    using write_waiter = waiter<write_ticket, Executor, error_code>;
    using op_waiter = waiter<no_data, Executor, error_code>;

    struct limits
    {
        std::size_t high_read, low_read, high_write, low_write;
    };

    // Takes ownership of `sock`. Registers ZMQ_FD with the reactor (last, so
    // that a failure before this leaves nothing registered).
    // `monitor`: always reading (drop-oldest backlog of `backlog` messages,
    // nullopt for no limit) whether or not anyone waits for an event.
    engine(const Executor& ex, void* sock, const limits& l, bool monitor, std::optional<std::size_t> backlog)
        : ex_(ex), sock_(sock), type_(socket_ops::type(sock)), can_recv_(socket_ops::can_receive(type_)),
          monitor_(monitor), ioc_(io_context_of(ex)), rq_(l.high_read, l.low_read, backlog),
          wq_(l.high_write, l.low_write)
    {
        fd_.emplace(ex);
        int fd = -1;
        const char* what = "zmq_getsockopt(ZMQ_FD)";
        error_code ec = socket_ops::fd(sock_, fd);
        if (!ec)
        {
            what = "registering ZMQ_FD with the reactor";
            fd_->assign(fd, ec);
        }
        if (ec)
        {
            socket_ops::close(sock_, 0);
            boost::throw_exception(boost::system::system_error(ec, what));
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
        // Normally close_socket() ran already; this covers construction-time paths.
        if (sock_)
        {
            release_fd();
            socket_ops::close(sock_, 0);
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
                return post_now<Transform>(h, error_code(), pop_read());
            return post_now<Transform>(h,
                make_error_code(can_recv_ ? error::stream_closed : error::operation_not_supported), message());
        }
        // Even with a message buffered the read parks and a pass completes it:
        // the pass runs the handler and serves the read it starts next.
        readers_.push_back(waiter_impl<Handler, Transform, read_waiter>::create(
            h, ex_, &engine::cancel_parked<read_waiter, &engine::readers_, message>, this, &work_, &nodes_));
        reader_parked();
    }

    template <class Handler>
    void async_read_batch(std::vector<message>& out, std::size_t max, Handler& h);

    std::size_t read_buffer_size() const noexcept { return rq_.bytes(); }
    std::size_t read_buffer_count() const noexcept { return rq_.size(); }

    bool at_closing() const noexcept { return state_ != state::open && rq_.empty(); }

    void pause_reading() { user_paused_ = true; }

    void resume_reading()
    {
        if (std::exchange(user_paused_, false))
            reading_resumed();
    }

    void set_read_limits(std::size_t high, std::size_t low)
    {
        if (rq_.mark.set(high, low, rq_.bytes()))
            reading_resumed();
    }

    std::size_t high_read() const noexcept { return rq_.mark.high; }
    std::size_t low_read() const noexcept { return rq_.mark.low; }

    // ------------------------------------------------------------------ writing

    void write(message&& m);

    template <class Handler>
    void async_write(message&& m, Handler& h);

    template <class Handler>
    void async_drain(Handler& h)
    {
        if (exception_)
            return post_now(h, exception_);
        if (state_ == state::closed)
            return post_now(h, make_error_code(error::stream_closed));
        if (!wq_.mark.paused)
            return post_now(h, error_code());
        drainers_.push_back(waiter_impl<Handler, pass_through, op_waiter>::create(
            h, ex_, &engine::cancel_parked<op_waiter, &engine::drainers_>, this, &work_, &nodes_));
    }

    std::size_t write_buffer_size() const noexcept { return wq_.bytes(); }

    void set_write_limits(std::size_t high, std::size_t low)
    {
        if (wq_.mark.set(high, low, wq_.bytes()))
            complete_all(drainers_, error_code());
    }

    std::size_t high_write() const noexcept { return wq_.mark.high; }
    std::size_t low_write() const noexcept { return wq_.mark.low; }

    // ------------------------------------------------------------------ errors

    const error_code& exception() const noexcept { return exception_; }

    // Stores `ec`; when set, fails the parked reads and drains with it.
    void set_exception(const error_code& ec)
    {
        exception_ = ec;
        if (!ec)
            return;
        fail_readers(ec);
        complete_all(drainers_, ec);
        if (monitor_link_)
            monitor_link_->fail_readers(ec);
        idle_if_unwanted();
    }

    // Send errors of write() (no handler to tell) that concern one message
    // or one peer: EHOSTUNREACH from a ROUTER_MANDATORY socket, EFSM, ...
    std::size_t write_error_count() const noexcept { return write_errors_; }
    const error_code& last_write_error() const noexcept { return last_write_error_; }

    // Fails the parked reads only (the monitor's, for the stream's cancel()
    // and stored errors).
    void fail_reads(const error_code& ec) { fail_readers(ec); }

    // Any libzmq call made outside the engine (bind, options) may have
    // consumed the edge.
    void after_libzmq_call()
    {
        if (wake_.after_libzmq_call(want_read() || wq_.live() != 0))
            post_pass();
    }

    // Out of line: the lifecycle in impl/engine_lifecycle.hpp, the pass,
    // the wait and the bookkeeping of parked operations in impl/engine.hpp.
    template <class Handler>
    void async_close(Handler& h);
    void close();
    void abort(const error_code& reads);
    void detach_handlers();
    void cancel();

private:
    enum class state
    {
        open,
        closing,
        closed
    };

    using write_entry = typename write_queue<write_waiter>::entry;

    template <class Transform = pass_through, class Handler, class... Args>
    void post_now(Handler& h, Args&&... args)
    {
        post_immediate<Transform>(ex_, h, std::forward<Args>(args)...);
    }

    // Completes every waiter of `list` with `ec` (and an empty value of each
    // type in `Empty` for its other arguments).
    template <class... Empty, class W>
    void complete_all(waiter_list<W>& list, const error_code& ec)
    {
        while (!list.empty())
            list.pop_front()->complete(ex_, error_code(ec), Empty{}...);
    }

    // ------------------------------------------------------------------ reading

    void fail_readers(const error_code& ec);

    message pop_read()
    {
        message m = rq_.pop();
        if (rq_.resumed())
            reading_resumed();
        return m;
    }

    std::size_t take_batch(std::vector<message>& out, std::size_t max)
    {
        const std::size_t n = rq_.take(out, max);
        if (rq_.resumed())
            reading_resumed();
        return n;
    }

    bool serve_queued(bool here);

    bool can_read() const noexcept
    {
        return can_recv_ && state_ == state::open && !rq_.mark.paused && !user_paused_;
    }

    // Something of the user's is outstanding: only then does the stream keep
    // its execution context busy (a monitor always does, see start()).
    bool user_waiting() const noexcept
    {
        return !readers_.empty() || !batch_readers_.empty() || wq_.live() != 0 || !sent_.empty() ||
               !drainers_.empty() || !closers_.empty();
    }

    bool want_read() const noexcept { return can_read() && (monitor_ || user_waiting()); }

    // A reader just parked: with messages buffered for it a pass must run
    // now (a running pass serves it anyway), else the usual progress rule.
    void reader_parked()
    {
        if (rq_.empty())
            ensure_progress();
        else
            reading_resumed();
    }

    // A wait armed while reading was paused may be one for writing whose
    // pass already consumed the read edge (ZMQ_EVENTS): only a pass tells.
    void reading_resumed()
    {
        if (wake_.pass_needed())
            post_pass();
    }

    // ------------------------------------------------------------------ writing

    // A send ahead of the (empty) write queue: write(), and async_write()
    // outside a pass or from a handler inside one. The call may swallow an edge.
    error_code send_at_once(message& m)
    {
        error_code ec = socket_ops::send(sock_, m);
        after_libzmq_call();
        return ec;
    }

    void enqueue(message&& m, write_waiter* w)
    {
        const std::size_t seq = wq_.push(std::move(m), w);
        if (w)
            w->data.seq = seq;
        ensure_progress();
    }

    void withdraw(write_entry& e);
    bool write_queue_shrank();

    // An error that makes the socket unusable is stored; any other concerns
    // one message or one peer and is counted.
    void write_failed(const error_code& ec)
    {
        if (socket_ops::socket_unusable(ec))
            return set_exception(ec);
        ++write_errors_;
        last_write_error_ = ec;
    }

    // ------------------------------------------------------------------ cancellation

    template <class W, waiter_list<W> engine::*List, class... Empty>
    static void cancel_parked(void* owner, W* w);
    static void cancel_write(void* owner, write_waiter* w);

    // A cancellation may leave nothing outstanding behind a wait armed for it.
    void idle_if_unwanted()
    {
        if (!wake_.in_pass() && !monitor_ && !user_waiting() && state_ == state::open)
            idle();
    }

    // ------------------------------------------------------------------ waking up

    // A pass is needed unless an armed wait is known to be fresh.
    void ensure_progress()
    {
        if (wake_.progress_needed())
            post_pass();
    }

    void schedule_pass()
    {
        if (wake_.post())
            post_pass();
    }

    // wake_fsm said to post a pass.
    void post_pass()
    {
        asio::post(ex_, [self = this->shared_from_this()] {
            self->wake_.posted_pass_runs();
            self->pass();
        });
    }

    void arm();
    void start_retry();
    void stop_retry();
    void idle();

    // ------------------------------------------------------------------ the pass

    template <class W, class... A>
    bool complete_parked(W* w, bool here, A&&... args);
    void pass();
    bool write_phase(std::size_t& budget);
    bool read_phase(std::size_t& budget, bool waiting);
    bool deliver(message&& m, std::size_t bytes);
    bool wait_decision(const wake_fsm::round& r);
    void fail_socket(const error_code& ec);

    // ------------------------------------------------------------------ closing

    void close_socket(const error_code& ec, int linger);
    void release_fd() noexcept;
    static void on_shutdown(shutdown_hook* h) noexcept;
    void shutdown() noexcept;
    template <class W>
    static void destroy_all(waiter_list<W>& list) noexcept;

    using timer = asio::basic_waitable_timer<std::chrono::steady_clock,
        asio::wait_traits<std::chrono::steady_clock>, Executor>;

    Executor ex_;
    shared_work<Executor> work_{ex_};  // for parked handlers that run on ex_
    node_cache nodes_;  // the memory of the operation that completed last
    void* sock_;
    int type_;
    bool can_recv_;
    state state_ = state::open;
    bool shut_down_ = false;
    bool lost_in_close_ = false;  // a queued write was withdrawn during close
    bool user_paused_ = false;
    const bool monitor_;
    wake_fsm wake_;
    std::optional<asio::posix::basic_stream_descriptor<Executor>> fd_;  // reset at shutdown
    engine* monitor_link_ = nullptr;
    asio::io_context* ioc_;  // to honour stop() between in-pass handlers
    shutdown_hook hook_;

    read_buffer rq_;
    waiter_list<read_waiter> readers_;
    waiter_list<batch_waiter> batch_readers_;

    write_queue<write_waiter> wq_;
    waiter_list<write_waiter> sent_;  // async_write()s whose message libzmq took at once
    waiter_list<op_waiter> drainers_;
    waiter_list<op_waiter> closers_;

    error_code exception_;
    std::size_t write_errors_ = 0;
    error_code last_write_error_;
    std::optional<timer> linger_timer_;
    std::optional<timer> retry_timer_;  // see start_retry()
};

} // namespace detail
} // namespace boost_zmqstream

#include <boost_zmqstream/impl/engine.hpp>
#include <boost_zmqstream/impl/engine_lifecycle.hpp>

#endif
