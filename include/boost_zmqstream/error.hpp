//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_ERROR_HPP
#define BOOST_ZMQSTREAM_ERROR_HPP

#include <boost/system/error_code.hpp>
#include <boost/system/system_error.hpp>

#include <iosfwd>

/** @file
    The library's error codes and the error category of libzmq's errors.
*/

namespace boost_zmqstream {

/// The error code type of every operation (Boost.System's).
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
    /// A moved-from stream or ZAP authenticator: it has no socket.
    not_open,
    /// async_close: ZMQ_LINGER ran out before the write buffer was flushed.
    linger_expired,
    /// The socket type cannot do this (e.g. async_read on a PUB).
    operation_not_supported,
    /// An empty message (no frames) cannot be sent.
    empty_message,
};

/** The category of boost_zmqstream::error, named "boost_zmqstream".

    Codes from different shared objects compare equal (the category has a
    fixed id). Thread-safe.

    @return A reference to the one category object.
*/
const boost::system::error_category& error_category() noexcept;

/** The category of libzmq's errno values, named "zmq"; message() is zmq_strerror().

    POSIX values compare equal to the matching `std::errc` conditions;
    libzmq's own codes (`EFSM`, `ETERM`, ...) only to themselves. Thread-safe.

    @return A reference to the one category object.
*/
const boost::system::error_category& zmq_category() noexcept;

/** Makes an error_code of `e`, in error_category().

    Found by argument-dependent lookup, so `ec == error::stream_closed` works.

    @param e The error.
    @return The error code.
*/
error_code make_error_code(error e) noexcept;

/** libzmq's errno as an error_code in zmq_category().

    @param ev An errno value or one of libzmq's own (`EFSM`, `ETERM`, ...).
    @return The error code.
*/
error_code make_zmq_error(int ev) noexcept;

/** The error_code of the last failed libzmq call on this thread (zmq_errno()).

    @return The error code, in zmq_category().
*/
error_code last_zmq_error() noexcept;

/** Writes the message of `e`.

    @param os The stream written to.
    @param e The error.
    @return `os`.
*/
std::ostream& operator<<(std::ostream& os, error e);

} // namespace boost_zmqstream

namespace boost {
namespace system {
/// Makes boost_zmqstream::error an error code enum: it converts to error_code implicitly.
template <>
struct is_error_code_enum<boost_zmqstream::error> : std::true_type
{
};
} // namespace system
} // namespace boost

#include <boost_zmqstream/impl/error.hpp>

#endif
