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

/** @file
    boost_zmqstream::stream_options, what a stream is created with, and the
    typed socket options of namespace boost_zmqstream::option.
*/

namespace boost_zmqstream {

class context;

/// A watermark value meaning "no limit" (aiozmq's "no limits").
inline constexpr std::size_t unlimited = (std::numeric_limits<std::size_t>::max)();

/** What a stream is created with besides the socket type (aiozmq's
    create_zmq_stream() arguments): see basic_zmq_stream's constructor and
    make_zmq_stream().

    The watermarks are in payload bytes; an unset one follows aiozmq's rules
    (both unset: 65536 and 16384; one set: high = 4 * low, or low = high / 4).
    High below low makes the stream's constructor throw `error::invalid_limits`.
*/
struct stream_options
{
    std::vector<std::string> bind{};     ///< each endpoint is bound at creation
    std::vector<std::string> connect{};  ///< each endpoint is connected at creation
    /// Adopt a preexisting libzmq socket of the stream's type: the stream
    /// owns it from then on, also if creating the stream fails (except for a
    /// socket of another type, which is refused and left to the caller).
    void* zmq_sock = nullptr;
    context* ctx = nullptr;            ///< the context of the new socket; nullptr: default_context()
    /** @var boost_zmqstream::stream_options::high_read
        The read high watermark: reading from libzmq pauses while more is buffered.
    */
    /** @var boost_zmqstream::stream_options::low_read
        The read low watermark: paused reading resumes once at most this much is buffered.
    */
    /** @var boost_zmqstream::stream_options::high_write
        The write high watermark: writing is paused (async_drain() waits) while more is buffered.
    */
    std::optional<std::size_t> high_read{}, low_read{}, high_write{}, low_write{};  ///< the write low watermark: async_drain() completes once at most this much is buffered
    /// Monitor events kept unread (the oldest are dropped first); 0 keeps
    /// none, nullopt keeps all.
    std::optional<std::size_t> events_backlog = 100;
};

/** Typed socket options, in the style of Asio's socket options.

    @code
    s.set_option(option::linger(0));
    option::rcvhwm h; s.get_option(h); int v = h.value();
    s.set_option(option::integer<ZMQ_TCP_KEEPALIVE>(1));   // any integer option
    @endcode
*/
namespace option {

/** Any option whose value is a scalar of type T (int, int64_t, uint64_t).

    Every option class has the members that basic_zmq_stream::set_option()
    and basic_zmq_stream::get_option() use: `name`, data(), size() and
    resize(); value() is for the user.

    @tparam Name The libzmq option (ZMQ_LINGER, ...).
    @tparam T The type libzmq reads and writes for it.
*/
template <int Name, class T>
class scalar
{
public:
    static constexpr int name = Name;  ///< The libzmq option.
    /// A zero value, or a buffer for get_option().
    scalar() = default;
    /** An option to set.

        @param v The value.
    */
    explicit scalar(T v) : value_(v) {}
    /** The value.

        @return The value set or read back.
    */
    T value() const noexcept { return value_; }
    /** The value's storage, for zmq_getsockopt().

        @return A pointer to the value.
    */
    void* data() noexcept { return &value_; }
    /** The value's storage, for zmq_setsockopt().

        @return A pointer to the value.
    */
    const void* data() const noexcept { return &value_; }
    /** The value's size.

        @return `sizeof(T)`.
    */
    std::size_t size() const noexcept { return sizeof(value_); }
    /// Called by get_option() with the size libzmq wrote; nothing to do for a scalar.
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

/** Any option whose value is a C int used as a flag.

    @tparam Name The libzmq option (ZMQ_IPV6, ...).
*/
template <int Name>
class boolean
{
public:
    static constexpr int name = Name;  ///< The libzmq option.
    /// False, or a buffer for get_option().
    boolean() = default;
    /** An option to set.

        @param v The value (stored as 1 or 0).
    */
    explicit boolean(bool v) : value_(v ? 1 : 0) {}
    /** The value.

        @return Whether the flag is set (any value other than 0).
    */
    bool value() const noexcept { return value_ != 0; }
    /** The value.

        @return value().
    */
    explicit operator bool() const noexcept { return value(); }
    /** The value's storage (a C int), for zmq_getsockopt().

        @return A pointer to the int.
    */
    void* data() noexcept { return &value_; }
    /** The value's storage (a C int), for zmq_setsockopt().

        @return A pointer to the int.
    */
    const void* data() const noexcept { return &value_; }
    /** The value's size.

        @return `sizeof(int)`.
    */
    std::size_t size() const noexcept { return sizeof(value_); }
    /// Called by get_option() with the size libzmq wrote; nothing to do for a flag.
    void resize(std::size_t) noexcept {}

private:
    int value_ = 0;
};

/** Any option whose value is a byte string (routing ids, topics, keys, endpoints).

    @tparam Name The libzmq option (ZMQ_ROUTING_ID, ...).
*/
template <int Name>
class binary
{
public:
    static constexpr int name = Name;  ///< The libzmq option.
    /// Empty: as a value to set, the empty string; get_option() makes room itself.
    binary() = default;
    /** An option to set.

        @param v The bytes, copied.
    */
    explicit binary(std::string_view v) : value_(v) {}
    /// Called by get_option before reading: a value read earlier may be shorter.
    void prepare_read() { value_.assign(256, '\0'); }
    /** The value.

        @return The bytes set, or read back.
    */
    const std::string& value() const noexcept { return value_; }
    /** The value's storage, for zmq_getsockopt().

        @return A pointer to the bytes.
    */
    void* data() noexcept { return value_.data(); }
    /** The value's storage, for zmq_setsockopt().

        @return A pointer to the bytes.
    */
    const void* data() const noexcept { return value_.data(); }
    /** The value's size.

        @return The number of bytes.
    */
    std::size_t size() const noexcept { return value_.size(); }
    /** Called by get_option() with the size libzmq wrote.

        @param n The value's size in bytes.
    */
    void resize(std::size_t n) { value_.resize(n); }

private:
    std::string value_;
};

/** An option whose value is text: read back without libzmq's trailing NUL.

    @tparam Name The libzmq option (ZMQ_LAST_ENDPOINT, ...).
*/
template <int Name>
class text
{
public:
    static constexpr int name = Name;  ///< The libzmq option.
    /// Empty: as a value to set, the empty text; get_option() makes room itself.
    text() = default;
    /** An option to set.

        @param v The text, copied (libzmq takes it without a NUL).
    */
    explicit text(std::string_view v) : value_(v) {}
    /// Called by get_option before reading: a value read earlier may be shorter.
    void prepare_read() { value_.assign(1024, '\0'); }
    /** The value.

        @return The text set, or read back (without libzmq's trailing NUL).
    */
    const std::string& value() const noexcept { return value_; }
    /** The value's storage, for zmq_getsockopt().

        @return A pointer to the characters.
    */
    void* data() noexcept { return value_.data(); }
    /** The value's storage, for zmq_setsockopt().

        @return A pointer to the characters.
    */
    const void* data() const noexcept { return value_.data(); }
    /** The value's size.

        @return The number of characters.
    */
    std::size_t size() const noexcept { return value_.size(); }
    /** Called by get_option() with the size libzmq wrote; drops a trailing NUL.

        @param n The size libzmq wrote, its NUL included.
    */
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
    of 32 or 41 bytes).

    @tparam Name ZMQ_CURVE_PUBLICKEY, ZMQ_CURVE_SECRETKEY or ZMQ_CURVE_SERVERKEY.
*/
template <int Name>
class curve_key : public text<Name>
{
public:
    /// Empty (libzmq refuses it as a key); get_option() makes room itself.
    curve_key() = default;
    /** A key to set, checked by libzmq (`EINVAL` from set_option() for another length).

        @param v 40 characters of Z85 text, or 32 raw bytes.
    */
    explicit curve_key(std::string_view v) : text<Name>(v) {}
    /// Called by get_option before reading: back to the 41-byte buffer.
    void prepare_read() { *this = curve_key(std::string(41, '\0')); }
};

using linger = integer<ZMQ_LINGER>;          ///< ms unsent messages are kept at close (-1: forever); also bounds the stream's own flush
using sndhwm = integer<ZMQ_SNDHWM>;          ///< high water mark of outbound messages (per peer); beyond it writes queue in the stream
using rcvhwm = integer<ZMQ_RCVHWM>;          ///< high water mark of inbound messages (per peer)
using sndbuf = integer<ZMQ_SNDBUF>;          ///< the kernel's send buffer in bytes (-1: the OS default)
using rcvbuf = integer<ZMQ_RCVBUF>;          ///< the kernel's receive buffer in bytes (-1: the OS default)
using sndtimeo = integer<ZMQ_SNDTIMEO>;      ///< blocking-send timeout; no effect on the stream, which never blocks
using rcvtimeo = integer<ZMQ_RCVTIMEO>;      ///< blocking-receive timeout; no effect on the stream, which never blocks
using reconnect_ivl = integer<ZMQ_RECONNECT_IVL>;          ///< ms before reconnecting (-1: never)
using reconnect_ivl_max = integer<ZMQ_RECONNECT_IVL_MAX>;  ///< the largest ms between reconnections (0: reconnect_ivl)
using backlog = integer<ZMQ_BACKLOG>;                      ///< the listen backlog of bound endpoints
using handshake_ivl = integer<ZMQ_HANDSHAKE_IVL>;          ///< ms a ZMTP handshake may take (0: no limit)
using ipv6 = boolean<ZMQ_IPV6>;                            ///< use IPv6 as well as IPv4
using maxmsgsize = int64<ZMQ_MAXMSGSIZE>;                  ///< bytes of the largest inbound message (-1: no limit)
using routing_id = binary<ZMQ_ROUTING_ID>;                 ///< this socket's routing id, as its ROUTER peers see it
using connect_routing_id = binary<ZMQ_CONNECT_ROUTING_ID>; ///< the routing id given to the peer of the next connect()
using router_mandatory = boolean<ZMQ_ROUTER_MANDATORY>;    ///< ROUTER: `EHOSTUNREACH` for an unknown peer instead of dropping
using router_handover = boolean<ZMQ_ROUTER_HANDOVER>;      ///< ROUTER: a new peer with a taken routing id takes it over
using probe_router = boolean<ZMQ_PROBE_ROUTER>;            ///< send an empty message to a ROUTER on connecting
using immediate = boolean<ZMQ_IMMEDIATE>;                  ///< queue messages only to completed connections
using conflate = boolean<ZMQ_CONFLATE>;                    ///< keep only the last message in each queue
using req_relaxed = boolean<ZMQ_REQ_RELAXED>;              ///< REQ: a new request may go out before the reply came
using req_correlate = boolean<ZMQ_REQ_CORRELATE>;          ///< REQ: match replies to the last request
using xpub_verbose = boolean<ZMQ_XPUB_VERBOSE>;            ///< XPUB: pass on every subscription, duplicates too
using subscribe = binary<ZMQ_SUBSCRIBE>;                   ///< SUB: add a topic (set_option() counts it as subscribe() does)
using unsubscribe = binary<ZMQ_UNSUBSCRIBE>;               ///< SUB: remove a topic (as unsubscribe())
using last_endpoint = text<ZMQ_LAST_ENDPOINT>;             ///< read-only: the last endpoint bound, wildcard port resolved
using type = integer<ZMQ_TYPE>;                            ///< read-only: the socket type (ZMQ_DEALER, ...)
using curve_server = boolean<ZMQ_CURVE_SERVER>;            ///< be a CURVE server (set curve_secretkey too)
using curve_publickey = curve_key<ZMQ_CURVE_PUBLICKEY>;    ///< a CURVE client's own public key
using curve_secretkey = curve_key<ZMQ_CURVE_SECRETKEY>;    ///< this socket's CURVE secret key
using curve_serverkey = curve_key<ZMQ_CURVE_SERVERKEY>;    ///< a CURVE client: the server's public key
using plain_server = boolean<ZMQ_PLAIN_SERVER>;            ///< be a PLAIN server
using plain_username = text<ZMQ_PLAIN_USERNAME>;           ///< a PLAIN client's user name
using plain_password = text<ZMQ_PLAIN_PASSWORD>;           ///< a PLAIN client's password
using zap_domain = text<ZMQ_ZAP_DOMAIN>;                   ///< the ZAP domain of a server socket (zap_authenticator::domain())
using mechanism = integer<ZMQ_MECHANISM>;  ///< read-only: ZMQ_NULL, ZMQ_PLAIN or ZMQ_CURVE
using heartbeat_ivl = integer<ZMQ_HEARTBEAT_IVL>;          ///< ms between ZMTP heartbeats (0: none)
using heartbeat_ttl = integer<ZMQ_HEARTBEAT_TTL>;          ///< ms the peer may go without hearing from us
using heartbeat_timeout = integer<ZMQ_HEARTBEAT_TIMEOUT>;  ///< ms to wait for a heartbeat's answer before disconnecting
using tcp_keepalive = integer<ZMQ_TCP_KEEPALIVE>;          ///< SO_KEEPALIVE: 1, 0, or -1 for the OS default
using tcp_keepalive_cnt = integer<ZMQ_TCP_KEEPALIVE_CNT>;      ///< TCP_KEEPCNT (-1: the OS default)
using tcp_keepalive_idle = integer<ZMQ_TCP_KEEPALIVE_IDLE>;    ///< TCP_KEEPIDLE in seconds (-1: the OS default)
using tcp_keepalive_intvl = integer<ZMQ_TCP_KEEPALIVE_INTVL>;  ///< TCP_KEEPINTVL in seconds (-1: the OS default)
using connect_timeout = integer<ZMQ_CONNECT_TIMEOUT>;      ///< ms a TCP connect may take (0: the OS's limit)
using tcp_maxrt = integer<ZMQ_TCP_MAXRT>;                  ///< ms of TCP retransmissions before giving up (0: the OS default)
using xpub_nodrop = boolean<ZMQ_XPUB_NODROP>;              ///< XPUB: `EAGAIN` at the high water mark instead of dropping
using xpub_manual = boolean<ZMQ_XPUB_MANUAL>;              ///< XPUB: the application decides subscriptions
using xpub_welcome_msg = binary<ZMQ_XPUB_WELCOME_MSG>;     ///< XPUB: a message sent to each new subscriber
/// ZMQ_ROUTER_NOTIFY (a draft option of libzmq 4.3: EINVAL unless libzmq
/// was built with its draft API).
using router_notify = integer<97>;
using invert_matching = boolean<ZMQ_INVERT_MATCHING>;      ///< PUB/SUB: deliver what does not match the topics
using affinity = scalar<ZMQ_AFFINITY, std::uint64_t>;      ///< bitmask of the context's I/O threads for new connections
using socks_proxy = text<ZMQ_SOCKS_PROXY>;                 ///< "host:port" of a SOCKS5 proxy for TCP connections
using rate = integer<ZMQ_RATE>;                            ///< multicast: kbit/s
using recovery_ivl = integer<ZMQ_RECOVERY_IVL>;            ///< multicast: ms of recovery data kept
using multicast_hops = integer<ZMQ_MULTICAST_HOPS>;        ///< multicast: the packets' hop limit
using tos = integer<ZMQ_TOS>;                              ///< the IP type-of-service of outgoing packets

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

/// False for ZMQ_FD and ZMQ_EVENTS: the stream's engine owns them (reading
/// ZMQ_EVENTS consumes the edge it waits for), so set_option/get_option
/// reject them at compile time.
template <class Option>
inline constexpr bool is_user_option = Option::name != ZMQ_FD && Option::name != ZMQ_EVENTS;

} // namespace option
} // namespace boost_zmqstream

#endif
