//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_IMPL_ENGINE_LIFECYCLE_HPP
#define BOOST_ZMQSTREAM_IMPL_ENGINE_LIFECYCLE_HPP

// How the engine closes, cancels, lets go of its handlers and shuts down;
// included by detail/engine.hpp.

namespace boost_zmqstream {
namespace detail {

// ---------------------------------------------------------------------- lifecycle

// close() plus a completion once the socket is closed.
template <class Executor>
template <class Handler>
void engine<Executor>::async_close(Handler& h)
{
    if (state_ == state::closed)
        return post_now(h, error_code());
    closers_.push_back(waiter_impl<Handler, pass_through, op_waiter>::create(
        h, ex_, &engine::cancel_parked<op_waiter, &engine::closers_>, this, &work_, &nodes_));
    close();
}

// Graceful: stop pulling, keep flushing (bounded by ZMQ_LINGER), then close
// the socket.
template <class Executor>
inline void engine<Executor>::close()
{
    if (state_ != state::open)
        return;
    state_ = state::closing;
    fail_readers(make_error_code(error::stream_closed));
    if (wq_.live() == 0)
        return close_socket(error_code(), -1);
    const int linger = socket_ops::linger(sock_);
    if (linger == 0)
        return close_socket(make_error_code(error::linger_expired), 0);
    if (linger > 0)
    {
        linger_timer_.emplace(ex_, std::chrono::milliseconds(linger));
        linger_timer_->async_wait([self = this->shared_from_this()](error_code ec) {
            if (!ec && self->state_ == state::closing)
                self->close_socket(make_error_code(error::linger_expired), 0);
        });
    }
    ensure_progress();
}

// Immediate: queued writes dropped, pending writes and drains aborted.
// `reads` is what parked reads get (stream_closed for abort(),
// operation_aborted for destruction).
template <class Executor>
inline void engine<Executor>::abort(const error_code& reads)
{
    if (state_ == state::closed)
        return;
    fail_readers(reads);
    close_socket(asio::error::operation_aborted, 0);
}

// The stream object is going away after close(): its handlers are
// released (operation_aborted), its queued messages keep flushing.
template <class Executor>
inline void engine<Executor>::detach_handlers()
{
    complete_all(sent_, error_code());
    wq_.for_each([this](write_entry& e) {
        if (write_waiter* w = std::exchange(e.w, nullptr))
            w->complete(ex_, asio::error::operation_aborted);
    });
    complete_all(drainers_, asio::error::operation_aborted);
    complete_all(closers_, asio::error::operation_aborted);
}

// Aborts every pending operation with operation_aborted, keeps the socket.
// Writes libzmq already took succeeded: too late to cancel them.
template <class Executor>
inline void engine<Executor>::cancel()
{
    complete_all(sent_, error_code());
    fail_readers(asio::error::operation_aborted);
    wq_.for_each([this](write_entry& e) {
        if (e.w)
            withdraw(e);
    });
    complete_all(drainers_, asio::error::operation_aborted);
    // The close itself goes on; only its completion is cancelled.
    complete_all(closers_, asio::error::operation_aborted);
    write_queue_shrank();
    idle_if_unwanted();
}

// Closes the socket; `linger` overrides ZMQ_LINGER unless negative.
template <class Executor>
inline void engine<Executor>::close_socket(const error_code& ec, int linger)
{
    if (state_ == state::closed)
        return;
    monitor_link_ = nullptr;
    state_ = state::closed;
    wake_.close();
    if (linger_timer_)
        linger_timer_->cancel();
    stop_retry();
    fail_readers(make_error_code(error::stream_closed));
    complete_all(sent_, error_code());
    wq_.for_each([this](write_entry& e) { withdraw(e); });
    wq_.clear();
    complete_all(drainers_, ec ? ec : make_error_code(error::stream_closed));
    release_fd();
    socket_ops::close(sock_, linger);
    complete_all(closers_, ec);
}

template <class Executor>
inline void engine<Executor>::release_fd() noexcept
{
    // libzmq owns ZMQ_FD: deregister and cancel the wait, never close it.
    if (fd_ && fd_->is_open())
    {
        error_code ignored;
        fd_->cancel(ignored);
        fd_->release();
    }
}

template <class Executor>
inline void engine<Executor>::on_shutdown(shutdown_hook* h) noexcept
{
    if (auto self = static_cast<engine*>(h->owner)->weak_from_this().lock())
        self->shutdown();
}

// The execution context is being destroyed: parked handlers are destroyed,
// never invoked, and the socket is closed now. Each list is emptied before a
// handler is destroyed, since its destructor may come back here (a stream
// owned by the handler is destroyed with it).
template <class Executor>
inline void engine<Executor>::shutdown() noexcept
{
    if (shut_down_)
        return;
    shut_down_ = true;
    state_ = state::closed;
    wake_.close();
    // The monitor stops before either socket closes, as in
    // disable_monitor(): libzmq sends MONITOR_STOPPED with a blocking send,
    // which would hang (and with it libzmq's reaper, for every socket closed
    // later) once the monitor's PAIR were gone.
    if (engine* m = std::exchange(monitor_link_, nullptr))
    {
        auto keep = m->shared_from_this();
        socket_ops::stop_monitor(sock_);
        m->shutdown();
    }
    release_fd();
    socket_ops::close(sock_, 0);
    fd_.reset();
    linger_timer_.reset();
    retry_timer_.reset();
    wake_.stop_retry();
    rq_.clear();
    wq_.for_each([](write_entry& e) {
        if (write_waiter* w = std::exchange(e.w, nullptr))
            w->destroy();
    });
    wq_.clear();
    destroy_all(readers_);
    destroy_all(batch_readers_);
    destroy_all(sent_);
    destroy_all(drainers_);
    destroy_all(closers_);
    work_.reset();
}

template <class Executor>
template <class W>
inline void engine<Executor>::destroy_all(waiter_list<W>& list) noexcept
{
    while (!list.empty())
        list.pop_front()->destroy();
}

} // namespace detail
} // namespace boost_zmqstream

#endif
