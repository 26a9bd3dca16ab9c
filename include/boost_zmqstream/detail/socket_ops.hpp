//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_DETAIL_SOCKET_OPS_HPP
#define BOOST_ZMQSTREAM_DETAIL_SOCKET_OPS_HPP

#include <boost_zmqstream/detail/wake_fsm.hpp>
#include <boost_zmqstream/error.hpp>
#include <boost_zmqstream/message.hpp>

#include <boost/asio/error.hpp>

#include <zmq.h>

#include <cstddef>

namespace boost_zmqstream {
namespace detail {

static_assert(poll_in == ZMQ_POLLIN && poll_out == ZMQ_POLLOUT, "wake_fsm's event bits are libzmq's");

/* The engine's libzmq calls on its socket, all of them: non-blocking, EINTR
   retried, errors as error_code (would_block for EAGAIN where it means
   "not now"). */
namespace socket_ops {

// would_block: nothing was taken from `m`. Once libzmq accepted the first
// frame it accepts the rest (HWM counts whole messages), so a message is
// never left half-sent by EAGAIN.
inline error_code send(void* sock, message& m)
{
    const std::size_t n = m.size();
    for (std::size_t i = 0; i < n; ++i)
    {
        int flags = ZMQ_DONTWAIT | (i + 1 < n ? ZMQ_SNDMORE : 0);
        while (zmq_msg_send(m[i].handle(), sock, flags) < 0)
        {
            int e = zmq_errno();
            if (e == EINTR)
                continue;
            if (i == 0 && e == EAGAIN)
                return boost::asio::error::would_block;
            return make_zmq_error(e);
        }
    }
    return {};
}

// would_block when the socket has no message; on success `m` holds one
// and `bytes` its payload size (zmq_msg_recv tells it for free).
inline error_code receive(void* sock, message& m, std::size_t& bytes)
{
    bytes = 0;
    for (;;)
    {
        // Received in place: the frame is never moved on the way in.
        frame& f = m.emplace_back();
        const int n = zmq_msg_recv(f.handle(), sock, ZMQ_DONTWAIT);
        if (n < 0)
        {
            int e = zmq_errno();
            m.pop_back();
            if (e == EINTR)
                continue;
            if (m.empty() && e == EAGAIN)
                return boost::asio::error::would_block;
            return make_zmq_error(e);
        }
        bytes += static_cast<std::size_t>(n);
        if (!zmq_msg_more(f.handle()))
            return {};
    }
}

// REQ before its send, REP before its reply: nothing to read until the next send.
inline bool out_of_turn(const error_code& ec) noexcept
{
    return ec == make_zmq_error(EFSM);
}

// ZMQ_EVENTS (poll_in, poll_out).
inline error_code events(void* sock, int& events) noexcept
{
    events = 0;
    std::size_t len = sizeof(events);
    return zmq_getsockopt(sock, ZMQ_EVENTS, &events, &len) != 0 ? last_zmq_error() : error_code();
}

inline int type(void* sock) noexcept
{
    int type = 0;
    std::size_t len = sizeof(type);
    zmq_getsockopt(sock, ZMQ_TYPE, &type, &len);
    return type;
}

inline bool can_receive(int type) noexcept { return type != ZMQ_PUB && type != ZMQ_PUSH; }

// The doorbell descriptor (ZMQ_FD), owned by libzmq.
inline error_code fd(void* sock, int& fd) noexcept
{
    fd = -1;
    std::size_t len = sizeof(fd);
    return zmq_getsockopt(sock, ZMQ_FD, &fd, &len) != 0 ? last_zmq_error() : error_code();
}

// ZMQ_LINGER in ms (-1: for ever).
inline int linger(void* sock) noexcept
{
    int linger = -1;
    std::size_t len = sizeof(linger);
    zmq_getsockopt(sock, ZMQ_LINGER, &linger, &len);
    return linger;
}

// Closes `sock` and nulls it; `linger` overrides ZMQ_LINGER unless negative.
inline void close(void*& sock, int linger) noexcept
{
    if (!sock)
        return;
    if (linger >= 0)
        zmq_setsockopt(sock, ZMQ_LINGER, &linger, sizeof(linger));
    zmq_close(sock);
    sock = nullptr;
}

// Stops the monitor of `sock`, if any.
inline void stop_monitor(void* sock) noexcept
{
    if (sock)
        zmq_socket_monitor(sock, nullptr, 0);
}

// Only an error that makes the socket itself unusable is stored; any other
// concerns one message or one peer and must not let one hung-up peer stop a
// ROUTER for everyone.
inline bool socket_unusable(const error_code& ec) noexcept
{
    if (ec.category() != zmq_category())
        return false;
    switch (ec.value())
    {
    case ETERM:
    case ENOTSOCK:
    case EMTHREAD:
    case EFAULT:
        return true;
    default:
        return false;
    }
}

} // namespace socket_ops
} // namespace detail
} // namespace boost_zmqstream

#endif
