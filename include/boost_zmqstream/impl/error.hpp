//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_IMPL_ERROR_HPP
#define BOOST_ZMQSTREAM_IMPL_ERROR_HPP

#include <boost/system/generic_category.hpp>

#include <zmq.h>

#include <cerrno>
#include <ostream>
#include <string>

namespace boost_zmqstream {
namespace detail {

// Fixed ids make codes from different shared objects compare equal, as Beast does.
class library_category final : public boost::system::error_category
{
public:
    constexpr library_category() noexcept : boost::system::error_category(0x8c3b3e2f5a9d41e7ULL) {}

    const char* name() const noexcept override { return "boost_zmqstream"; }

    std::string message(int ev) const override
    {
        switch (static_cast<error>(ev))
        {
        case error::stream_closed: return "the stream is closed";
        case error::monitor_not_enabled: return "the socket monitor is not enabled (call enable_monitor() first)";
        case error::invalid_limits: return "invalid buffer limits: high watermark is below low watermark";
        case error::not_open: return "the object was moved from: it has no socket";
        case error::linger_expired: return "ZMQ_LINGER expired before the write buffer was flushed";
        case error::operation_not_supported: return "the socket type does not support this operation";
        case error::empty_message: return "a message must have at least one frame";
        }
        return "boost_zmqstream error " + std::to_string(ev);
    }
};

class zmq_error_category final : public boost::system::error_category
{
public:
    constexpr zmq_error_category() noexcept : boost::system::error_category(0x2d6f0c9ab7e14a53ULL) {}

    const char* name() const noexcept override { return "zmq"; }

    std::string message(int ev) const override { return zmq_strerror(ev); }

    // libzmq's own codes (EFSM, ETERM, ...) sit above ZMQ_HAUSNUMERO; the rest are errno values.
    boost::system::error_condition default_error_condition(int ev) const noexcept override
    {
        if (ev < ZMQ_HAUSNUMERO)
            return boost::system::error_condition(ev, boost::system::generic_category());
        return boost::system::error_condition(ev, *this);
    }
};

} // namespace detail

inline const boost::system::error_category& error_category() noexcept
{
    static const detail::library_category cat;
    return cat;
}

inline const boost::system::error_category& zmq_category() noexcept
{
    static const detail::zmq_error_category cat;
    return cat;
}

inline error_code make_error_code(error e) noexcept
{
    return error_code(static_cast<int>(e), error_category());
}

inline error_code make_zmq_error(int ev) noexcept
{
    return error_code(ev, zmq_category());
}

inline error_code last_zmq_error() noexcept
{
    return make_zmq_error(zmq_errno());
}

inline std::ostream& operator<<(std::ostream& os, error e)
{
    return os << error_category().message(static_cast<int>(e));
}

} // namespace boost_zmqstream

#endif
