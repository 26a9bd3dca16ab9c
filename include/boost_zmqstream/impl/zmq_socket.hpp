//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_IMPL_ZMQ_SOCKET_HPP
#define BOOST_ZMQSTREAM_IMPL_ZMQ_SOCKET_HPP

namespace boost_zmqstream {

template <class Executor>
basic_zmq_socket<Executor>::basic_zmq_socket(const executor_type& ex, int zmq_type, stream_options opts)
    : ex_(ex), state_(std::make_shared<detail::state_type>(detail::to_io_executor(ex), zmq_type, std::move(opts)))
{
}

template <class Executor>
basic_zmq_socket<Executor>::~basic_zmq_socket()
{
    if (state_)
        state_->destroy();
}

template <class Executor>
template <class OtherExecutor>
void basic_zmq_socket<Executor>::assign(basic_zmq_socket<OtherExecutor>&& other) noexcept
{
    if (static_cast<void*>(this) == static_cast<void*>(&other))
        return;
    if (state_)
        state_->destroy();
    ex_ = other.ex_;
    state_ = std::move(other.state_);
}

template <class Executor>
detail::state_type& basic_zmq_socket<Executor>::st(const char* what) const
{
    if (!state_)
        detail::throw_error(make_error_code(error::not_open), what);
    return *state_;
}

template <class Executor>
template <class F>
void basic_zmq_socket<Executor>::capture(error_code& ec, F&& f)
{
    try
    {
        f();
        ec = {};
    }
    catch (const boost::system::system_error& e)
    {
        ec = e.code();
    }
}

template <class Executor>
std::vector<std::string> basic_zmq_socket<Executor>::connections() const
{
    return state_ ? state_->connections() : std::vector<std::string>();
}

template <class Executor>
std::vector<std::string> basic_zmq_socket<Executor>::subscriptions() const
{
    return state_ ? state_->subscriptions() : std::vector<std::string>();
}

template <class Executor>
template <class Option>
void basic_zmq_socket<Executor>::set_option(const Option& opt)
{
    static_assert(option::is_user_option<Option>, "ZMQ_FD and ZMQ_EVENTS belong to the stream's engine");
    if constexpr (Option::name == ZMQ_SUBSCRIBE)
        subscribe(std::string_view(static_cast<const char*>(opt.data()), opt.size()));
    else if constexpr (Option::name == ZMQ_UNSUBSCRIBE)
        unsubscribe(std::string_view(static_cast<const char*>(opt.data()), opt.size()));
    else
        st("set_option").setsockopt(Option::name, opt.data(), opt.size());
}

template <class Executor>
template <class Option>
void basic_zmq_socket<Executor>::set_option(const Option& opt, error_code& ec)
{
    capture(ec, [&] { set_option(opt); });
}

template <class Executor>
template <class Option>
void basic_zmq_socket<Executor>::get_option(Option& opt) const
{
    static_assert(option::is_user_option<Option>, "ZMQ_FD and ZMQ_EVENTS belong to the stream's engine");
    if constexpr (option::detail::has_prepare_read<Option>::value)
        opt.prepare_read();
    std::size_t size = opt.size();
    st("get_option").getsockopt(Option::name, opt.data(), size);
    opt.resize(size);
}

template <class Executor>
template <class Option>
void basic_zmq_socket<Executor>::get_option(Option& opt, error_code& ec) const
{
    capture(ec, [&] { get_option(opt); });
}

template <class Executor>
void basic_zmq_socket<Executor>::disable_monitor()
{
    if (state_)
        state_->disable_monitor();
}

template <class Executor>
void basic_zmq_socket<Executor>::set_write_buffer_limits(std::optional<std::size_t> high, std::optional<std::size_t> low)
{
    auto l = detail::resolve_limits(high, low, "write");
    st("set_write_buffer_limits").set_write_limits(l.first, l.second);
}

template <class Executor>
void basic_zmq_socket<Executor>::pause_reading()
{
    if (state_)
        state_->pause_reading();
}

template <class Executor>
void basic_zmq_socket<Executor>::resume_reading()
{
    if (state_)
        state_->resume_reading();
}

} // namespace boost_zmqstream

#endif
