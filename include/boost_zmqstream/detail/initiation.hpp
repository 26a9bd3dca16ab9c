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
#include <optional>
#include <utility>
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

// An initiation refers to the stream's shared state and executor while
// async_initiate runs: a callback token launches the operation there and
// then, with no reference count touched. Copied or moved (a token that
// launches later keeps it: deferred, use_awaitable, the adapters), it takes
// its own share, so a deferred operation launched after the stream was moved
// still finds the state. A moved-from stream has none, and its operations
// complete with error::not_open.
template <class Executor>
class initiation_base
{
public:
    using executor_type = Executor;

    initiation_base(const std::shared_ptr<state_type>& state, const Executor& ex) noexcept
        : state_(&state), ex_(&ex)
    {
    }

    initiation_base(const initiation_base& other)
        : owned_(std::in_place, *other.state_, *other.ex_), state_(&owned_->first), ex_(&owned_->second)
    {
    }

    // A move keeps the share an owning initiation already took (use_awaitable
    // moves it into its frame).
    initiation_base(initiation_base&& other)
    {
        if (other.owned_)
            owned_.emplace(std::move(*other.owned_));
        else
            owned_.emplace(*other.state_, *other.ex_);
        state_ = &owned_->first;
        ex_ = &owned_->second;
    }

    initiation_base& operator=(const initiation_base&) = delete;

    executor_type get_executor() const noexcept { return *ex_; }

protected:
    state_type* state() const noexcept { return state_->get(); }

    // Completes `h` with error::not_open and empty values (Empty...) when
    // the stream was moved from.
    template <class... Empty, class Handler>
    bool moved_from(Handler& h) const
    {
        if (*state_)
            return false;
        post_immediate(to_io_executor(*ex_), h, make_error_code(error::not_open), Empty()...);
        return true;
    }

private:
    std::optional<std::pair<std::shared_ptr<state_type>, Executor>> owned_;
    const std::shared_ptr<state_type>* state_;
    const Executor* ex_;
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
    using initiation_base<Executor>::initiation_base;

    template <class Handler>
    void operator()(Handler&& handler) const
    {
        BOOST_ZMQSTREAM_TAKE_HANDLER((error_code, message), "ReadHandler: void(error_code, message)");
        if (!this->template moved_from<message>(h))
            this->state()->async_read(h);
    }
};

template <class Executor>
struct initiate_async_read_batch : initiation_base<Executor>
{
    using initiation_base<Executor>::initiation_base;

    template <class Handler>
    void operator()(Handler&& handler, std::vector<message>* out, std::size_t max) const
    {
        BOOST_ZMQSTREAM_TAKE_HANDLER((error_code, std::size_t), "ReadBatchHandler: void(error_code, std::size_t)");
        if (!this->template moved_from<std::size_t>(h))
            this->state()->async_read_batch(*out, max, h);
    }
};

template <class Executor>
struct initiate_async_read_event : initiation_base<Executor>
{
    using initiation_base<Executor>::initiation_base;

    template <class Handler>
    void operator()(Handler&& handler) const
    {
        BOOST_ZMQSTREAM_TAKE_HANDLER((error_code, monitor_event), "ReadEventHandler: void(error_code, monitor_event)");
        if (!this->template moved_from<monitor_event>(h))
            this->state()->async_read_event(h);
    }
};

template <class Executor>
struct initiate_async_write : initiation_base<Executor>
{
    using initiation_base<Executor>::initiation_base;

    template <class Handler>
    void operator()(Handler&& handler, message&& m) const
    {
        BOOST_ZMQSTREAM_TAKE_HANDLER((error_code), "WriteHandler: void(error_code)");
        if (!this->moved_from(h))
            this->state()->async_write(std::move(m), h);
    }
};

template <class Executor>
struct initiate_async_drain : initiation_base<Executor>
{
    using initiation_base<Executor>::initiation_base;

    template <class Handler>
    void operator()(Handler&& handler) const
    {
        BOOST_ZMQSTREAM_TAKE_HANDLER((error_code), "DrainHandler: void(error_code)");
        if (!this->moved_from(h))
            this->state()->async_drain(h);
    }
};

template <class Executor>
struct initiate_async_close : initiation_base<Executor>
{
    using initiation_base<Executor>::initiation_base;

    template <class Handler>
    void operator()(Handler&& handler) const
    {
        BOOST_ZMQSTREAM_TAKE_HANDLER((error_code), "CloseHandler: void(error_code)");
        if (!this->moved_from(h))
            this->state()->async_close(h);
    }
};

#undef BOOST_ZMQSTREAM_TAKE_HANDLER
#undef BOOST_ZMQSTREAM_UNPAREN

} // namespace detail
} // namespace boost_zmqstream

#endif
