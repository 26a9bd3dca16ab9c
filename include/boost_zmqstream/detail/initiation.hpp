//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_DETAIL_INITIATION_HPP
#define BOOST_ZMQSTREAM_DETAIL_INITIATION_HPP

#include <boost_zmqstream/detail/stream_state.hpp>

#include <memory>
#include <type_traits>

namespace boost_zmqstream {
namespace detail {

// Initiations hold the shared state, not the stream: a deferred operation
// launched after the stream was moved still finds it.
template <class Executor>
struct initiation_base
{
    std::shared_ptr<stream_state<Executor>> state;
    using executor_type = Executor;
    executor_type get_executor() const noexcept { return state->ex; }
};

template <class Executor>
struct initiate_async_read : initiation_base<Executor>
{
    template <class Handler>
    void operator()(Handler&& handler) const
    {
        static_assert(std::is_invocable<std::decay_t<Handler>&, error_code, message>::value,
            "ReadHandler type requirements not met: void(error_code, message)");
        std::decay_t<Handler> h(std::move(handler));
        this->state->async_read(h);
    }
};

template <class Executor>
struct initiate_async_read_batch : initiation_base<Executor>
{
    template <class Handler>
    void operator()(Handler&& handler, std::vector<message>* out, std::size_t max) const
    {
        static_assert(std::is_invocable<std::decay_t<Handler>&, error_code, std::size_t>::value,
            "ReadBatchHandler type requirements not met: void(error_code, std::size_t)");
        std::decay_t<Handler> h(std::move(handler));
        this->state->main->async_read_batch(*out, max, h);
    }
};

template <class Executor>
struct initiate_async_read_event : initiation_base<Executor>
{
    template <class Handler>
    void operator()(Handler&& handler) const
    {
        static_assert(std::is_invocable<std::decay_t<Handler>&, error_code, monitor_event>::value,
            "ReadEventHandler type requirements not met: void(error_code, monitor_event)");
        std::decay_t<Handler> h(std::move(handler));
        this->state->async_read_event(h);
    }
};

template <class Executor>
struct initiate_async_write : initiation_base<Executor>
{
    template <class Handler>
    void operator()(Handler&& handler, message m) const
    {
        static_assert(std::is_invocable<std::decay_t<Handler>&, error_code>::value,
            "WriteHandler type requirements not met: void(error_code)");
        std::decay_t<Handler> h(std::move(handler));
        this->state->async_write(std::move(m), h);
    }
};

template <class Executor>
struct initiate_async_drain : initiation_base<Executor>
{
    template <class Handler>
    void operator()(Handler&& handler) const
    {
        static_assert(std::is_invocable<std::decay_t<Handler>&, error_code>::value,
            "DrainHandler type requirements not met: void(error_code)");
        std::decay_t<Handler> h(std::move(handler));
        this->state->async_drain(h);
    }
};

template <class Executor>
struct initiate_async_close : initiation_base<Executor>
{
    template <class Handler>
    void operator()(Handler&& handler) const
    {
        static_assert(std::is_invocable<std::decay_t<Handler>&, error_code>::value,
            "CloseHandler type requirements not met: void(error_code)");
        std::decay_t<Handler> h(std::move(handler));
        this->state->async_close(h);
    }
};

} // namespace detail
} // namespace boost_zmqstream

#endif
