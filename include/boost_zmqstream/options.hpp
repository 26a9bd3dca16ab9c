//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_OPTIONS_HPP
#define BOOST_ZMQSTREAM_OPTIONS_HPP

#include <zmq.h>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace boost_zmqstream {

class context;

/// A watermark value meaning "no limit" (aiozmq's "no limits").
inline constexpr std::size_t unlimited = (std::numeric_limits<std::size_t>::max)();

/// What create_zmq_stream() takes besides the socket type.
struct stream_options
{
    std::vector<std::string> bind{};     ///< each endpoint is bound at creation
    std::vector<std::string> connect{};  ///< each endpoint is connected at creation
    void* zmq_sock = nullptr;          ///< adopt a preexisting libzmq socket (the stream owns it)
    context* ctx = nullptr;            ///< nullptr: default_context()
    std::optional<std::size_t> high_read{}, low_read{}, high_write{}, low_write{};  ///< payload bytes
    std::optional<std::size_t> events_backlog = 100;                        ///< nullopt: unlimited
};

/** Typed socket options, in the style of Asio's socket options.

    @code
    s.set_option(option::linger(0));
    option::rcvhwm h; s.get_option(h); int v = h.value();
    s.set_option(option::integer<ZMQ_TCP_KEEPALIVE>(1));   // any integer option
    @endcode
*/
namespace option {

/// Any option whose value is a scalar of type T (int, int64_t, uint64_t).
template <int Name, class T>
class scalar
{
public:
    static constexpr int name = Name;
    scalar() = default;
    explicit scalar(T v) : value_(v) {}
    T value() const noexcept { return value_; }
    void* data() noexcept { return &value_; }
    const void* data() const noexcept { return &value_; }
    std::size_t size() const noexcept { return sizeof(value_); }
    void resize(std::size_t) noexcept {}

private:
    T value_ = 0;
};

/// Any option whose value is a C int.
template <int Name>
using integer = scalar<Name, int>;

/// Any option whose value is an int64_t.
template <int Name>
using int64 = scalar<Name, std::int64_t>;

/// Any option whose value is a C int used as a flag.
template <int Name>
class boolean
{
public:
    static constexpr int name = Name;
    boolean() = default;
    explicit boolean(bool v) : value_(v ? 1 : 0) {}
    bool value() const noexcept { return value_ != 0; }
    explicit operator bool() const noexcept { return value(); }
    void* data() noexcept { return &value_; }
    const void* data() const noexcept { return &value_; }
    std::size_t size() const noexcept { return sizeof(value_); }
    void resize(std::size_t) noexcept {}

private:
    int value_ = 0;
};

/// Any option whose value is a byte string (routing ids, topics, keys, endpoints).
template <int Name>
class binary
{
public:
    static constexpr int name = Name;
    binary() : value_(256, '\0') {}
    explicit binary(std::string_view v) : value_(v) {}
    const std::string& value() const noexcept { return value_; }
    void* data() noexcept { return value_.data(); }
    const void* data() const noexcept { return value_.data(); }
    std::size_t size() const noexcept { return value_.size(); }
    void resize(std::size_t n) { value_.resize(n); }

private:
    std::string value_;
};

using linger = integer<ZMQ_LINGER>;
using sndhwm = integer<ZMQ_SNDHWM>;
using rcvhwm = integer<ZMQ_RCVHWM>;
using sndbuf = integer<ZMQ_SNDBUF>;
using rcvbuf = integer<ZMQ_RCVBUF>;
using sndtimeo = integer<ZMQ_SNDTIMEO>;
using rcvtimeo = integer<ZMQ_RCVTIMEO>;
using reconnect_ivl = integer<ZMQ_RECONNECT_IVL>;
using reconnect_ivl_max = integer<ZMQ_RECONNECT_IVL_MAX>;
using backlog = integer<ZMQ_BACKLOG>;
using handshake_ivl = integer<ZMQ_HANDSHAKE_IVL>;
using ipv6 = boolean<ZMQ_IPV6>;
using maxmsgsize = int64<ZMQ_MAXMSGSIZE>;
using routing_id = binary<ZMQ_ROUTING_ID>;
using connect_routing_id = binary<ZMQ_CONNECT_ROUTING_ID>;
using router_mandatory = boolean<ZMQ_ROUTER_MANDATORY>;
using router_handover = boolean<ZMQ_ROUTER_HANDOVER>;
using probe_router = boolean<ZMQ_PROBE_ROUTER>;
using immediate = boolean<ZMQ_IMMEDIATE>;
using conflate = boolean<ZMQ_CONFLATE>;
using req_relaxed = boolean<ZMQ_REQ_RELAXED>;
using req_correlate = boolean<ZMQ_REQ_CORRELATE>;
using xpub_verbose = boolean<ZMQ_XPUB_VERBOSE>;
using subscribe = binary<ZMQ_SUBSCRIBE>;
using unsubscribe = binary<ZMQ_UNSUBSCRIBE>;
using last_endpoint = binary<ZMQ_LAST_ENDPOINT>;
using type = integer<ZMQ_TYPE>;
using curve_server = boolean<ZMQ_CURVE_SERVER>;
using curve_publickey = binary<ZMQ_CURVE_PUBLICKEY>;
using curve_secretkey = binary<ZMQ_CURVE_SECRETKEY>;
using curve_serverkey = binary<ZMQ_CURVE_SERVERKEY>;
using plain_server = boolean<ZMQ_PLAIN_SERVER>;
using plain_username = binary<ZMQ_PLAIN_USERNAME>;
using plain_password = binary<ZMQ_PLAIN_PASSWORD>;
using zap_domain = binary<ZMQ_ZAP_DOMAIN>;

} // namespace option
} // namespace boost_zmqstream

#endif
