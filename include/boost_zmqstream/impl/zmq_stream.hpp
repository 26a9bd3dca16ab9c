//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_IMPL_ZMQ_STREAM_HPP
#define BOOST_ZMQSTREAM_IMPL_ZMQ_STREAM_HPP

namespace boost_zmqstream {

template <class Executor>
template <BOOST_ASIO_COMPLETION_TOKEN_FOR(void(error_code, message)) ReadToken>
auto basic_zmq_stream<Executor>::async_read(ReadToken&& token)
{
    return boost::asio::async_initiate<ReadToken, void(error_code, message)>(
        detail::initiate_async_read<Executor>{this->state_, this->ex_}, token);
}

template <class Executor>
template <BOOST_ASIO_COMPLETION_TOKEN_FOR(void(error_code, monitor_event)) ReadEventToken>
auto basic_zmq_stream<Executor>::async_read_event(ReadEventToken&& token)
{
    return boost::asio::async_initiate<ReadEventToken, void(error_code, monitor_event)>(
        detail::initiate_async_read_event<Executor>{this->state_, this->ex_}, token);
}

template <class Executor>
template <BOOST_ASIO_COMPLETION_TOKEN_FOR(void(error_code)) WriteToken>
auto basic_zmq_stream<Executor>::async_write(message msg, WriteToken&& token)
{
    return boost::asio::async_initiate<WriteToken, void(error_code)>(
        detail::initiate_async_write<Executor>{this->state_, this->ex_}, token, std::move(msg));
}

template <class Executor>
template <BOOST_ASIO_COMPLETION_TOKEN_FOR(void(error_code)) DrainToken>
auto basic_zmq_stream<Executor>::async_drain(DrainToken&& token)
{
    return boost::asio::async_initiate<DrainToken, void(error_code)>(
        detail::initiate_async_drain<Executor>{this->state_, this->ex_}, token);
}

template <class Executor>
template <BOOST_ASIO_COMPLETION_TOKEN_FOR(void(error_code)) CloseToken>
auto basic_zmq_stream<Executor>::async_close(CloseToken&& token)
{
    return boost::asio::async_initiate<CloseToken, void(error_code)>(
        detail::initiate_async_close<Executor>{this->state_, this->ex_}, token);
}

template <class Executor>
template <BOOST_ASIO_COMPLETION_TOKEN_FOR(void(error_code, std::size_t)) ReadBatchToken>
auto basic_zmq_stream<Executor>::async_read_batch(std::vector<message>& out, std::size_t max, ReadBatchToken&& token)
{
    return boost::asio::async_initiate<ReadBatchToken, void(error_code, std::size_t)>(
        detail::initiate_async_read_batch<Executor>{this->state_, this->ex_}, token, &out, max);
}

template <class Executor>
void basic_zmq_stream<Executor>::close()
{
    if (this->state_)
        this->state_->close();
}

template <class Executor>
void basic_zmq_stream<Executor>::abort()
{
    if (this->state_)
        this->state_->abort();
}

template <class Executor>
void basic_zmq_stream<Executor>::cancel()
{
    if (this->state_)
        this->state_->cancel();
}

template <class Executor>
void basic_zmq_stream<Executor>::set_read_buffer_limits(std::optional<std::size_t> high, std::optional<std::size_t> low)
{
    auto l = detail::resolve_limits(high, low, "read");
    this->st("set_read_buffer_limits").set_read_limits(l.first, l.second);
}

} // namespace boost_zmqstream

#endif
