//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
// What both sides of the two-hosts test share: the command line, the clock
// written to the output (the driver compares it with its own), and the
// stream both sides open.
#ifndef BOOST_ZMQSTREAM_TEST_NETNS_PEER_COMMON_HPP
#define BOOST_ZMQSTREAM_TEST_NETNS_PEER_COMMON_HPP

#include <boost_zmqstream.hpp>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace netns_peer {

namespace asio = boost::asio;
namespace zs = boost_zmqstream;
using steady = std::chrono::steady_clock;
using ms = std::chrono::milliseconds;

struct config
{
    std::string mode;       // "router" or "dealer"
    std::string endpoint;   // bound by the router, connected by the dealer
    int heartbeat_ivl = 200;       // ms; 0: no heartbeats (the outage goes unnoticed)
    int heartbeat_timeout = 1000;  // ms without any traffic after a PING
    int period = 20;               // ms between two requests
    int deadline = 14;             // s the dealer may take in all (the router: 3 more)
    int after = 1000;              // ms the dealer keeps sending once reconnected
    int slack = 500;               // ms of scheduling and round trip allowed on top
    long duplicate = -1;           // router, to check the test: echo this request twice
    long drop = -1;                // router, to check the test: do not echo this request
};

inline std::optional<long> to_number(std::string_view s)
{
    long v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size())
        return std::nullopt;
    return v;
}

inline const char* usage()
{
    return "usage: peer router|dealer ENDPOINT [--heartbeat-ivl MS] [--heartbeat-timeout MS]\n"
           "       [--period MS] [--deadline S] [--after MS] [--slack MS] [--duplicate N] [--drop N]";
}

// Throws std::invalid_argument naming what is wrong.
inline config parse(int argc, char** argv)
{
    if (argc < 3)
        throw std::invalid_argument("missing mode or endpoint");
    config c;
    c.mode = argv[1];
    c.endpoint = argv[2];
    if (c.mode != "router" && c.mode != "dealer")
        throw std::invalid_argument("unknown mode \"" + c.mode + "\"");
    for (int i = 3; i < argc; i += 2)
    {
        std::string name = argv[i];
        auto value = i + 1 < argc ? to_number(argv[i + 1]) : std::nullopt;
        if (!value)
            throw std::invalid_argument(name + " needs a number");
        int v = static_cast<int>(*value);
        if (name == "--heartbeat-ivl") c.heartbeat_ivl = v;
        else if (name == "--heartbeat-timeout") c.heartbeat_timeout = v;
        else if (name == "--period") c.period = v;
        else if (name == "--deadline") c.deadline = v;
        else if (name == "--after") c.after = v;
        else if (name == "--slack") c.slack = v;
        else if (name == "--duplicate") c.duplicate = *value;
        else if (name == "--drop") c.drop = *value;
        else throw std::invalid_argument("unknown option " + name);
    }
    if (c.period < 1 || c.deadline < 1 || c.after < 0 || c.heartbeat_ivl < 0 || c.heartbeat_timeout < 0)
        throw std::invalid_argument("--period and --deadline must be positive, the other times not negative");
    return c;
}

// Wall-clock seconds: the driver's `date +%s.%N` is on the same clock
// (network namespaces share it), so it can time the outage against it.
inline std::string wall_now()
{
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                  std::chrono::system_clock::now().time_since_epoch())
                  .count();
    char buf[32];
    std::snprintf(buf, sizeof buf, "%lld.%06lld", static_cast<long long>(us / 1000000),
                  static_cast<long long>(us % 1000000));
    return buf;
}

// Every line is flushed: the driver reads them through a pipe as they come.
inline void say(const std::string& line) { std::cout << line << std::endl; }

// Heartbeats and the monitor are set before bind/connect: libzmq copies a
// socket's options into each connection when it is made. The context is the
// caller's, not the default one, which is never terminated: at exit its I/O
// thread would die with the dealer's last "stop" unsent; zmq_ctx_term()
// waits for it (for up to the linger).
inline zs::zmq_stream open_stream(asio::io_context& ioc, zs::context& ctx, int type, const config& c)
{
    zs::stream_options o;
    o.ctx = &ctx;
    zs::zmq_stream s(ioc, type, o);
    if (c.heartbeat_ivl > 0)
    {
        s.set_option(zs::option::heartbeat_ivl(c.heartbeat_ivl));
        s.set_option(zs::option::heartbeat_timeout(c.heartbeat_timeout));
    }
    s.set_option(zs::option::linger(1000));  // a last message to a vanished peer cannot hold the exit
    s.enable_monitor();
    return s;
}

inline std::string describe(const zs::monitor_event& e)
{
    return "event " + wall_now() + ' ' + e.name() + " value=" + std::to_string(e.value) + ' ' +
           e.endpoint;
}

} // namespace netns_peer

#endif
