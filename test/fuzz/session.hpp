//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_FUZZ_SESSION_HPP
#define BOOST_ZMQSTREAM_FUZZ_SESSION_HPP

// One input: two streams A and B over inproc://, the actions the input
// decodes to, and the checks at the end (test/fuzz/README).

#include "ledger.hpp"
#include "ops.hpp"

#include <boost_zmqstream.hpp>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace stream_fuzz {

namespace asio = boost::asio;
namespace zs = boost_zmqstream;

// A: PAIR, PUSH or DEALER; B: PAIR, PULL or ROUTER. Direction d goes from side d.
struct side
{
    std::optional<zs::zmq_stream> s;
    bool can_send = false;
    bool can_read = false;
    bool closed = false;   // close() or async_close()
    bool aborted = false;
    std::string route;     // a ROUTER's peer, once one message came from it
    bool final_read = false;
};

class session
{
public:
    explicit session(std::uint8_t header);
    void play(input& in);
    void finish();

private:
    // ---- actions
    void act(input& in);
    void write(int i, input& in, bool async);
    void write_empty(int i, bool async);
    void read(int i, input& in);
    void read_batch(int i, input& in);
    void drain(int i, input& in);
    void async_close(int i, input& in);
    void cancel_one(input& in);
    void limits(int i, input& in, bool read_side);
    void close(int i);
    void abort(int i);
    void destroy(int i);
    void run(int how);

    // ---- handlers
    template <class F>
    auto handler(std::size_t id, F f);
    template <class Token>
    auto slotted(std::size_t id, Token&& t);
    void start(std::size_t id, input& in);
    void ran(std::size_t id);
    void react(std::size_t id);
    void write_from_handler(int i);
    zs::message routed(int i, zs::message m);
    void got(int i, const zs::message& m);

    // ---- the end
    bool expects_all(int dir) const;
    void deliver_the_rest();
    void finish_streams_first();
    void finish_context_first();

    std::vector<std::size_t> extra_sizes(input& in);
    bool alive(int i) const { return sides_[i].s.has_value(); }
    zs::zmq_stream& stream(int i) { return *sides_[i].s; }

    // Declaration order is destruction order reversed: the signals and batch
    // buffers in ops_ outlive the io_context and the streams.
    op_table ops_;
    ledger ledgers_[2] = {ledger(0), ledger(1)};
    std::optional<asio::io_context> ioc_;
    side sides_[2];
    int mode_;
    bool context_first_;
    bool final_ = false;       // handlers no longer react
    bool delivering_ = false;  // final reads must succeed
};

inline int socket_type(int mode, int i)
{
    static const int types[3][2] = {{ZMQ_PAIR, ZMQ_PAIR}, {ZMQ_PUSH, ZMQ_PULL}, {ZMQ_DEALER, ZMQ_ROUTER}};
    return types[mode][i];
}

// Small high water marks (bits 4-5 of the header) make libzmq refuse
// messages early, so that writes queue in the stream.
inline session::session(std::uint8_t header) : mode_(header % 3), context_first_(header & 8)
{
    static unsigned counter = 0;
    static const int hwms[4] = {1, 2, 5, 1000};
    std::string ep = "inproc://stream-fuzz-" + std::to_string(++counter);
    ioc_.emplace(1);
    for (int i = 0; i < 2; ++i)
    {
        sides_[i].s.emplace(*ioc_, socket_type(mode_, i));
        stream(i).set_option(zs::option::sndhwm(hwms[(header >> 4) & 3]));
        stream(i).set_option(zs::option::rcvhwm(hwms[(header >> 4) & 3]));
    }
    // Else a ROUTER drops what it cannot send at once (libzmq's documented
    // mute state); mandatory, it reports EAGAIN and the stream queues.
    if (mode_ == 2)
        stream(1).set_option(zs::option::router_mandatory(true));
    if (header & 4)  // inproc allows connect before bind
        stream(0).connect(ep), stream(1).bind(ep);
    else
        stream(1).bind(ep), stream(0).connect(ep);
    sides_[0].can_send = true;
    sides_[1].can_read = true;
    sides_[0].can_read = sides_[1].can_send = mode_ != 1;
}

inline void session::play(input& in)
{
    for (int n = 0; n < 400 && !in.empty(); ++n)
        act(in);
}

inline void session::act(input& in)
{
    std::uint8_t b = in.byte();
    int i = b >> 7;
    switch (b & 0x1f)
    {
    case 0: case 1: return write(i, in, false);
    case 2: case 3: return write(i, in, true);
    case 4: case 5: return read(i, in);
    case 6: return read_batch(i, in);
    case 7: return alive(i) ? (void)(in_api(), stream(i).cancel()) : void();
    case 8: return cancel_one(in);
    case 9: return drain(i, in);
    case 10: return close(i);
    case 11: return async_close(i, in);
    case 12: return abort(i);
    case 13: return alive(i) ? (void)(in_api(), stream(i).pause_reading()) : void();
    case 14: return alive(i) ? (void)(in_api(), stream(i).resume_reading()) : void();
    case 15: return limits(i, in, true);
    case 16: return limits(i, in, false);
    case 17: return destroy(i);
    case 18: return write_empty(i, b & 0x20);
    default: return run(b & 0x60);
    }
}

inline std::vector<std::size_t> session::extra_sizes(input& in)
{
    std::vector<std::size_t> sizes(in.byte() & 3);
    for (auto& s : sizes)
        s = in.byte();
    return sizes;
}

} // namespace stream_fuzz

#include "session_ops.hpp"
#include "session_end.hpp"

#endif
