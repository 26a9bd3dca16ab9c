//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_DETAIL_NAMES_HPP
#define BOOST_ZMQSTREAM_DETAIL_NAMES_HPP

#include <zmq.h>

#include <string>

namespace boost_zmqstream {
namespace detail {

// For error messages: "subscribe on a DEALER socket: Invalid argument".
inline std::string socket_type_name(int type)
{
    switch (type)
    {
    case ZMQ_PAIR: return "PAIR";
    case ZMQ_PUB: return "PUB";
    case ZMQ_SUB: return "SUB";
    case ZMQ_REQ: return "REQ";
    case ZMQ_REP: return "REP";
    case ZMQ_DEALER: return "DEALER";
    case ZMQ_ROUTER: return "ROUTER";
    case ZMQ_PULL: return "PULL";
    case ZMQ_PUSH: return "PUSH";
    case ZMQ_XPUB: return "XPUB";
    case ZMQ_XSUB: return "XSUB";
    case ZMQ_STREAM: return "STREAM";
    default: return "type " + std::to_string(type);
    }
}

// For error messages, as socket_type_name(). Data, so a table: a switch over
// every option was one function of 60-odd lines.
struct option_entry
{
    int value;
    const char* name;
};

inline constexpr option_entry option_names[] = {
    {ZMQ_AFFINITY, "affinity"},
    {ZMQ_ROUTING_ID, "routing_id"},
    {ZMQ_SUBSCRIBE, "subscribe"},
    {ZMQ_UNSUBSCRIBE, "unsubscribe"},
    {ZMQ_RATE, "rate"},
    {ZMQ_RECOVERY_IVL, "recovery_ivl"},
    {ZMQ_SNDBUF, "sndbuf"},
    {ZMQ_RCVBUF, "rcvbuf"},
    {ZMQ_TYPE, "type"},
    {ZMQ_LINGER, "linger"},
    {ZMQ_RECONNECT_IVL, "reconnect_ivl"},
    {ZMQ_BACKLOG, "backlog"},
    {ZMQ_RECONNECT_IVL_MAX, "reconnect_ivl_max"},
    {ZMQ_MAXMSGSIZE, "maxmsgsize"},
    {ZMQ_SNDHWM, "sndhwm"},
    {ZMQ_RCVHWM, "rcvhwm"},
    {ZMQ_MULTICAST_HOPS, "multicast_hops"},
    {ZMQ_RCVTIMEO, "rcvtimeo"},
    {ZMQ_SNDTIMEO, "sndtimeo"},
    {ZMQ_LAST_ENDPOINT, "last_endpoint"},
    {ZMQ_ROUTER_MANDATORY, "router_mandatory"},
    {ZMQ_TCP_KEEPALIVE, "tcp_keepalive"},
    {ZMQ_TCP_KEEPALIVE_CNT, "tcp_keepalive_cnt"},
    {ZMQ_TCP_KEEPALIVE_IDLE, "tcp_keepalive_idle"},
    {ZMQ_TCP_KEEPALIVE_INTVL, "tcp_keepalive_intvl"},
    {ZMQ_IMMEDIATE, "immediate"},
    {ZMQ_XPUB_VERBOSE, "xpub_verbose"},
    {ZMQ_IPV6, "ipv6"},
    {ZMQ_MECHANISM, "mechanism"},
    {ZMQ_PLAIN_SERVER, "plain_server"},
    {ZMQ_PLAIN_USERNAME, "plain_username"},
    {ZMQ_PLAIN_PASSWORD, "plain_password"},
    {ZMQ_CURVE_SERVER, "curve_server"},
    {ZMQ_CURVE_PUBLICKEY, "curve_publickey"},
    {ZMQ_CURVE_SECRETKEY, "curve_secretkey"},
    {ZMQ_CURVE_SERVERKEY, "curve_serverkey"},
    {ZMQ_PROBE_ROUTER, "probe_router"},
    {ZMQ_REQ_CORRELATE, "req_correlate"},
    {ZMQ_REQ_RELAXED, "req_relaxed"},
    {ZMQ_CONFLATE, "conflate"},
    {ZMQ_ZAP_DOMAIN, "zap_domain"},
    {ZMQ_ROUTER_HANDOVER, "router_handover"},
    {ZMQ_TOS, "tos"},
    {ZMQ_CONNECT_ROUTING_ID, "connect_routing_id"},
    {ZMQ_HANDSHAKE_IVL, "handshake_ivl"},
    {ZMQ_SOCKS_PROXY, "socks_proxy"},
    {ZMQ_XPUB_NODROP, "xpub_nodrop"},
    {ZMQ_XPUB_MANUAL, "xpub_manual"},
    {ZMQ_XPUB_WELCOME_MSG, "xpub_welcome_msg"},
    {ZMQ_INVERT_MATCHING, "invert_matching"},
    {ZMQ_HEARTBEAT_IVL, "heartbeat_ivl"},
    {ZMQ_HEARTBEAT_TTL, "heartbeat_ttl"},
    {ZMQ_HEARTBEAT_TIMEOUT, "heartbeat_timeout"},
    {ZMQ_CONNECT_TIMEOUT, "connect_timeout"},
    {ZMQ_TCP_MAXRT, "tcp_maxrt"},
    {97, "router_notify"},  // ZMQ_ROUTER_NOTIFY, a draft name in libzmq 4.3
};

inline std::string option_name(int name)
{
    for (const auto& e : option_names)
        if (e.value == name)
            return e.name;
    return "option " + std::to_string(name);
}

} // namespace detail
} // namespace boost_zmqstream

#endif
