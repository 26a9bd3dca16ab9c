//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_DETAIL_INITIATION_HPP
#define BOOST_ZMQSTREAM_DETAIL_INITIATION_HPP

#include <boost_zmqstream/detail/stream_state.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/io_context.hpp>

#include <memory>
#include <type_traits>

namespace boost_zmqstream {
namespace detail {

using io_executor = asio::any_io_executor;
using state_type = stream_state<io_executor>;

// The executor the engine runs on: a stream's executor, unwrapped from an
// `as_default_on` wrapper (executor_with_default derives from the executor
// it wraps), so that handlers on the plain executor compare equal to it and
// run in the engine's pass.
template <class Executor>
io_executor to_io_executor(const Executor& ex)
{
    if constexpr (std::is_base_of<io_executor, Executor>::value)
        return static_cast<const io_executor&>(ex);
    else if constexpr (std::is_base_of<asio::io_context::executor_type, Executor>::value)
        return io_executor(static_cast<const asio::io_context::executor_type&>(ex));
    else
        return io_executor(ex);
}

// Initiations hold the shared state, not the stream: a deferred operation
// launched after the stream was moved still finds it. A moved-from stream
// has none, and its operations complete with error::not_open.
template <class Executor>
struct initiation_base
{
    std::shared_ptr<state_type> state;
    Executor ex;
    using executor_type = Executor;
    executor_type get_executor() const noexcept { return ex; }

    template <class Handler, class... Empty>
    bool moved_from(Handler& h, Empty... empty) const
    {
        if (state)
            return false;
        post_immediate(to_io_executor(ex), h, make_error_code(error::not_open), std::move(empty)...);
        return true;
    }
};

// An lvalue handler is copied, an rvalue moved (as Asio does).
#define BOOST_ZMQSTREAM_TAKE_HANDLER(Sig, What)                                                     \
    static_assert(std::is_invocable<std::decay_t<Handler>&, BOOST_ZMQSTREAM_UNPAREN Sig>::value,   \
        What " type requirements not met");                                                          \
    std::decay_t<Handler> h(std::forward<Handler>(handler))

#define BOOST_ZMQSTREAM_UNPAREN(...) __VA_ARGS__

template <class Executor>
struct initiate_async_read : initiation_base<Executor>
{
    template <class Handler>
    void operator()(Handler&& handler) const
    {
        BOOST_ZMQSTREAM_TAKE_HANDLER((error_code, message), "ReadHandler: void(error_code, message)");
        if (!this->moved_from(h, message()))
            this->state->async_read(h);
    }
};

template <class Executor>
struct initiate_async_read_batch : initiation_base<Executor>
{
    template <class Handler>
    void operator()(Handler&& handler, std::vector<message>* out, std::size_t max) const
    {
        BOOST_ZMQSTREAM_TAKE_HANDLER((error_code, std::size_t), "ReadBatchHandler: void(error_code, std::size_t)");
        if (!this->moved_from(h, std::size_t(0)))
            this->state->async_read_batch(*out, max, h);
    }
};

template <class Executor>
struct initiate_async_read_event : initiation_base<Executor>
{
    template <class Handler>
    void operator()(Handler&& handler) const
    {
        BOOST_ZMQSTREAM_TAKE_HANDLER((error_code, monitor_event), "ReadEventHandler: void(error_code, monitor_event)");
        if (!this->moved_from(h, monitor_event()))
            this->state->async_read_event(h);
    }
};

template <class Executor>
struct initiate_async_write : initiation_base<Executor>
{
    template <class Handler>
    void operator()(Handler&& handler, message m) const
    {
        BOOST_ZMQSTREAM_TAKE_HANDLER((error_code), "WriteHandler: void(error_code)");
        if (!this->moved_from(h))
            this->state->async_write(std::move(m), h);
    }
};

template <class Executor>
struct initiate_async_drain : initiation_base<Executor>
{
    template <class Handler>
    void operator()(Handler&& handler) const
    {
        BOOST_ZMQSTREAM_TAKE_HANDLER((error_code), "DrainHandler: void(error_code)");
        if (!this->moved_from(h))
            this->state->async_drain(h);
    }
};

template <class Executor>
struct initiate_async_close : initiation_base<Executor>
{
    template <class Handler>
    void operator()(Handler&& handler) const
    {
        BOOST_ZMQSTREAM_TAKE_HANDLER((error_code), "CloseHandler: void(error_code)");
        if (!this->moved_from(h))
            this->state->async_close(h);
    }
};

#undef BOOST_ZMQSTREAM_TAKE_HANDLER
#undef BOOST_ZMQSTREAM_UNPAREN

} // namespace detail
} // namespace boost_zmqstream

#endif
