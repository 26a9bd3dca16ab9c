//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_DETAIL_MONITOR_DECODE_HPP
#define BOOST_ZMQSTREAM_DETAIL_MONITOR_DECODE_HPP

#include <boost_zmqstream/error.hpp>
#include <boost_zmqstream/message.hpp>
#include <boost_zmqstream/monitor_event.hpp>

#include <cstdint>
#include <cstring>

namespace boost_zmqstream {
namespace detail {

// A monitor message (two frames, libzmq 4.3 format) as an event: the read
// transform of async_read_event (waiter.hpp). A short or missing frame leaves
// the field at its default rather than reading past the data.
struct decode_event
{
    error_code operator()(error_code ec) const noexcept { return ec; }

    monitor_event operator()(message&& m) const
    {
        monitor_event ev;
        if (m.size() >= 1 && m[0].size() >= 6)
        {
            auto p = static_cast<const unsigned char*>(m[0].data());
            std::uint16_t e;
            std::uint32_t v;
            std::memcpy(&e, p, 2);
            std::memcpy(&v, p + 2, 4);
            ev.event = e;
            ev.value = static_cast<std::int32_t>(v);
        }
        if (m.size() >= 2)
            ev.endpoint = m[1].to_string();
        return ev;
    }
};

} // namespace detail
} // namespace boost_zmqstream

#endif
