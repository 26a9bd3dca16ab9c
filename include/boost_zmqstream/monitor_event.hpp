//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_MONITOR_EVENT_HPP
#define BOOST_ZMQSTREAM_MONITOR_EVENT_HPP

#include <zmq.h>

#include <cstdint>
#include <ostream>
#include <string>

/** @file
    boost_zmqstream::monitor_event, what basic_zmq_stream::async_read_event() reads.
*/

namespace boost_zmqstream {

/// One libzmq socket-monitor event (aiozmq's SocketEvent).
struct monitor_event
{
    int event = 0;            ///< one ZMQ_EVENT_* bit
    std::int32_t value = 0;   ///< fd, errno or interval, depending on the event
    std::string endpoint;     ///< the endpoint the event concerns

    /** The name of the event, without the `ZMQ_EVENT_` prefix.

        @return "CONNECTED", "HANDSHAKE_SUCCEEDED", ...; "UNKNOWN" for a value
        that is not exactly one ZMQ_EVENT_* bit of libzmq 4.3.
    */
    const char* name() const noexcept { return event_name(event); }

    /** The name of a ZMQ_EVENT_* value, without the `ZMQ_EVENT_` prefix.

        @param event One ZMQ_EVENT_* bit.
        @return "CONNECTED", "HANDSHAKE_SUCCEEDED", ...; "UNKNOWN" for any
        other value. A string literal.
    */
    static const char* event_name(int event) noexcept
    {
        switch (event)
        {
        case ZMQ_EVENT_CONNECTED: return "CONNECTED";
        case ZMQ_EVENT_CONNECT_DELAYED: return "CONNECT_DELAYED";
        case ZMQ_EVENT_CONNECT_RETRIED: return "CONNECT_RETRIED";
        case ZMQ_EVENT_LISTENING: return "LISTENING";
        case ZMQ_EVENT_BIND_FAILED: return "BIND_FAILED";
        case ZMQ_EVENT_ACCEPTED: return "ACCEPTED";
        case ZMQ_EVENT_ACCEPT_FAILED: return "ACCEPT_FAILED";
        case ZMQ_EVENT_CLOSED: return "CLOSED";
        case ZMQ_EVENT_CLOSE_FAILED: return "CLOSE_FAILED";
        case ZMQ_EVENT_DISCONNECTED: return "DISCONNECTED";
        case ZMQ_EVENT_MONITOR_STOPPED: return "MONITOR_STOPPED";
        case ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL: return "HANDSHAKE_FAILED_NO_DETAIL";
        case ZMQ_EVENT_HANDSHAKE_SUCCEEDED: return "HANDSHAKE_SUCCEEDED";
        case ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL: return "HANDSHAKE_FAILED_PROTOCOL";
        case ZMQ_EVENT_HANDSHAKE_FAILED_AUTH: return "HANDSHAKE_FAILED_AUTH";
        default: return "UNKNOWN";
        }
    }

    /** Compares every field.

        @param a An event.
        @param b Another event.
        @return Whether `event`, `value` and `endpoint` are all equal.
    */
    friend bool operator==(const monitor_event& a, const monitor_event& b) noexcept
    {
        return a.event == b.event && a.value == b.value && a.endpoint == b.endpoint;
    }

    /** Writes `CONNECTED(value=17, endpoint="tcp://127.0.0.1:5555")`.

        @param os The stream written to.
        @param e The event.
        @return `os`.
    */
    friend std::ostream& operator<<(std::ostream& os, const monitor_event& e)
    {
        return os << e.name() << "(value=" << e.value << ", endpoint=\"" << e.endpoint << "\")";
    }
};

} // namespace boost_zmqstream

#endif
