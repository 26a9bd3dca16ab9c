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

inline std::string option_name(int name)
{
    switch (name)
    {
    case ZMQ_AFFINITY: return "affinity";
    case ZMQ_ROUTING_ID: return "routing_id";
    case ZMQ_SUBSCRIBE: return "subscribe";
    case ZMQ_UNSUBSCRIBE: return "unsubscribe";
    case ZMQ_RATE: return "rate";
    case ZMQ_RECOVERY_IVL: return "recovery_ivl";
    case ZMQ_SNDBUF: return "sndbuf";
    case ZMQ_RCVBUF: return "rcvbuf";
    case ZMQ_TYPE: return "type";
    case ZMQ_LINGER: return "linger";
    case ZMQ_RECONNECT_IVL: return "reconnect_ivl";
    case ZMQ_BACKLOG: return "backlog";
    case ZMQ_RECONNECT_IVL_MAX: return "reconnect_ivl_max";
    case ZMQ_MAXMSGSIZE: return "maxmsgsize";
    case ZMQ_SNDHWM: return "sndhwm";
    case ZMQ_RCVHWM: return "rcvhwm";
    case ZMQ_MULTICAST_HOPS: return "multicast_hops";
    case ZMQ_RCVTIMEO: return "rcvtimeo";
    case ZMQ_SNDTIMEO: return "sndtimeo";
    case ZMQ_LAST_ENDPOINT: return "last_endpoint";
    case ZMQ_ROUTER_MANDATORY: return "router_mandatory";
    case ZMQ_TCP_KEEPALIVE: return "tcp_keepalive";
    case ZMQ_TCP_KEEPALIVE_CNT: return "tcp_keepalive_cnt";
    case ZMQ_TCP_KEEPALIVE_IDLE: return "tcp_keepalive_idle";
    case ZMQ_TCP_KEEPALIVE_INTVL: return "tcp_keepalive_intvl";
    case ZMQ_IMMEDIATE: return "immediate";
    case ZMQ_XPUB_VERBOSE: return "xpub_verbose";
    case ZMQ_IPV6: return "ipv6";
    case ZMQ_MECHANISM: return "mechanism";
    case ZMQ_PLAIN_SERVER: return "plain_server";
    case ZMQ_PLAIN_USERNAME: return "plain_username";
    case ZMQ_PLAIN_PASSWORD: return "plain_password";
    case ZMQ_CURVE_SERVER: return "curve_server";
    case ZMQ_CURVE_PUBLICKEY: return "curve_publickey";
    case ZMQ_CURVE_SECRETKEY: return "curve_secretkey";
    case ZMQ_CURVE_SERVERKEY: return "curve_serverkey";
    case ZMQ_PROBE_ROUTER: return "probe_router";
    case ZMQ_REQ_CORRELATE: return "req_correlate";
    case ZMQ_REQ_RELAXED: return "req_relaxed";
    case ZMQ_CONFLATE: return "conflate";
    case ZMQ_ZAP_DOMAIN: return "zap_domain";
    case ZMQ_ROUTER_HANDOVER: return "router_handover";
    case ZMQ_TOS: return "tos";
    case ZMQ_CONNECT_ROUTING_ID: return "connect_routing_id";
    case ZMQ_HANDSHAKE_IVL: return "handshake_ivl";
    case ZMQ_SOCKS_PROXY: return "socks_proxy";
    case ZMQ_XPUB_NODROP: return "xpub_nodrop";
    case ZMQ_XPUB_MANUAL: return "xpub_manual";
    case ZMQ_XPUB_WELCOME_MSG: return "xpub_welcome_msg";
    case ZMQ_INVERT_MATCHING: return "invert_matching";
    case ZMQ_HEARTBEAT_IVL: return "heartbeat_ivl";
    case ZMQ_HEARTBEAT_TTL: return "heartbeat_ttl";
    case ZMQ_HEARTBEAT_TIMEOUT: return "heartbeat_timeout";
    case ZMQ_CONNECT_TIMEOUT: return "connect_timeout";
    case ZMQ_TCP_MAXRT: return "tcp_maxrt";
    case 97: return "router_notify";  // ZMQ_ROUTER_NOTIFY, a draft name in libzmq 4.3
    default: return "option " + std::to_string(name);
    }
}

} // namespace detail
} // namespace boost_zmqstream

#endif
