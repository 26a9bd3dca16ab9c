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
#include <type_traits>
#include <utility>
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
    /// Called by get_option before reading: a value read earlier may be shorter.
    void prepare_read() { value_.assign(256, '\0'); }
    const std::string& value() const noexcept { return value_; }
    void* data() noexcept { return value_.data(); }
    const void* data() const noexcept { return value_.data(); }
    std::size_t size() const noexcept { return value_.size(); }
    void resize(std::size_t n) { value_.resize(n); }

private:
    std::string value_;
};

/// An option whose value is text: read back without libzmq's trailing NUL.
template <int Name>
class text
{
public:
    static constexpr int name = Name;
    text() : value_(1024, '\0') {}
    explicit text(std::string_view v) : value_(v) {}
    /// Called by get_option before reading: a value read earlier may be shorter.
    void prepare_read() { value_.assign(1024, '\0'); }
    const std::string& value() const noexcept { return value_; }
    void* data() noexcept { return value_.data(); }
    const void* data() const noexcept { return value_.data(); }
    std::size_t size() const noexcept { return value_.size(); }
    void resize(std::size_t n)
    {
        value_.resize(n);
        if (!value_.empty() && value_.back() == '\0')
            value_.pop_back();
    }

private:
    std::string value_;
};

/** A CURVE key: set as 40 characters of Z85 text or 32 raw bytes; read
    back as the 40-character Z85 text (libzmq reads keys only into a buffer
    of 32 or 41 bytes). */
template <int Name>
class curve_key : public text<Name>
{
public:
    curve_key() : text<Name>(std::string(41, '\0')) {}
    explicit curve_key(std::string_view v) : text<Name>(v) {}
    void prepare_read() { *this = curve_key(); }
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
using last_endpoint = text<ZMQ_LAST_ENDPOINT>;
using type = integer<ZMQ_TYPE>;
using curve_server = boolean<ZMQ_CURVE_SERVER>;
using curve_publickey = curve_key<ZMQ_CURVE_PUBLICKEY>;
using curve_secretkey = curve_key<ZMQ_CURVE_SECRETKEY>;
using curve_serverkey = curve_key<ZMQ_CURVE_SERVERKEY>;
using plain_server = boolean<ZMQ_PLAIN_SERVER>;
using plain_username = text<ZMQ_PLAIN_USERNAME>;
using plain_password = text<ZMQ_PLAIN_PASSWORD>;
using zap_domain = text<ZMQ_ZAP_DOMAIN>;
using mechanism = integer<ZMQ_MECHANISM>;  ///< read-only: ZMQ_NULL, ZMQ_PLAIN or ZMQ_CURVE
using heartbeat_ivl = integer<ZMQ_HEARTBEAT_IVL>;
using heartbeat_ttl = integer<ZMQ_HEARTBEAT_TTL>;
using heartbeat_timeout = integer<ZMQ_HEARTBEAT_TIMEOUT>;
using tcp_keepalive = integer<ZMQ_TCP_KEEPALIVE>;
using tcp_keepalive_cnt = integer<ZMQ_TCP_KEEPALIVE_CNT>;
using tcp_keepalive_idle = integer<ZMQ_TCP_KEEPALIVE_IDLE>;
using tcp_keepalive_intvl = integer<ZMQ_TCP_KEEPALIVE_INTVL>;
using connect_timeout = integer<ZMQ_CONNECT_TIMEOUT>;
using tcp_maxrt = integer<ZMQ_TCP_MAXRT>;
using xpub_nodrop = boolean<ZMQ_XPUB_NODROP>;
using xpub_manual = boolean<ZMQ_XPUB_MANUAL>;
using xpub_welcome_msg = binary<ZMQ_XPUB_WELCOME_MSG>;
/// ZMQ_ROUTER_NOTIFY (a draft option of libzmq 4.3: EINVAL unless libzmq
/// was built with its draft API).
using router_notify = integer<97>;
using invert_matching = boolean<ZMQ_INVERT_MATCHING>;
using affinity = scalar<ZMQ_AFFINITY, std::uint64_t>;
using socks_proxy = text<ZMQ_SOCKS_PROXY>;
using rate = integer<ZMQ_RATE>;
using recovery_ivl = integer<ZMQ_RECOVERY_IVL>;
using multicast_hops = integer<ZMQ_MULTICAST_HOPS>;
using tos = integer<ZMQ_TOS>;

/// False for ZMQ_FD and ZMQ_EVENTS: the stream's engine owns them (reading
/// ZMQ_EVENTS consumes the edge it waits for), so set_option/get_option
/// reject them at compile time.
namespace detail {
template <class Option, class = void>
struct has_prepare_read : std::false_type
{
};
template <class Option>
struct has_prepare_read<Option, std::void_t<decltype(std::declval<Option&>().prepare_read())>> : std::true_type
{
};
} // namespace detail

template <class Option>
inline constexpr bool is_user_option = Option::name != ZMQ_FD && Option::name != ZMQ_EVENTS;

} // namespace option
} // namespace boost_zmqstream

#endif
