//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_ERROR_HPP
#define BOOST_ZMQSTREAM_ERROR_HPP

#include <boost/system/error_code.hpp>
#include <boost/system/system_error.hpp>

#include <iosfwd>

namespace boost_zmqstream {

using boost::system::error_code;

/// Errors raised by boost_zmqstream itself (libzmq's own errors use zmq_category()).
enum class error
{
    /// The stream is closed and its read buffer is empty (aiozmq's ZmqStreamClosed).
    stream_closed = 1,
    /// async_read_event without an enabled monitor.
    monitor_not_enabled,
    /// A watermark pair with high < low.
    invalid_limits,
    /// The stream has no socket (moved-from).
    not_open,
    /// async_close: ZMQ_LINGER ran out before the write buffer was flushed.
    linger_expired,
    /// The socket type cannot do this (e.g. async_read on a PUB).
    operation_not_supported,
    /// An empty message (no frames) cannot be sent.
    empty_message,
};

/// The category of boost_zmqstream::error. No-throw; returns a singleton; thread-safe.
const boost::system::error_category& error_category() noexcept;

/// The category of libzmq's errno values; message() is zmq_strerror().
/// POSIX values compare equal to the matching std::errc conditions.
/// No-throw; returns a singleton; thread-safe.
const boost::system::error_category& zmq_category() noexcept;

error_code make_error_code(error e) noexcept;

/// libzmq's errno as an error_code in zmq_category().
error_code make_zmq_error(int ev) noexcept;

/// The error_code of the last failed libzmq call (zmq_errno()).
error_code last_zmq_error() noexcept;

std::ostream& operator<<(std::ostream& os, error e);

} // namespace boost_zmqstream

namespace boost {
namespace system {
template <>
struct is_error_code_enum<boost_zmqstream::error> : std::true_type
{
};
} // namespace system
} // namespace boost

#include <boost_zmqstream/impl/error.hpp>

#endif
