//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_FUZZ_SESSION_OPS_HPP
#define BOOST_ZMQSTREAM_FUZZ_SESSION_OPS_HPP

// The session's asynchronous operations, their handlers, and the
// synchronous calls that end or reshape a stream.

#include <memory>
#include <stdexcept>
#include <utility>

namespace stream_fuzz {

// Wraps `f` with the checks every handler makes; a shared token in the
// handler tells, once expired, that no copy of it is left anywhere.
template <class F>
auto session::handler(std::size_t id, F f)
{
    auto token = std::make_shared<int>(0);
    ops_[id].handler = token;
    return [this, id, token, f](auto&&... args) {
        require(api_depth == 0, "a handler invoked inside an initiating function", static_cast<long>(id));
        ran(id);
        f(std::forward<decltype(args)>(args)...);
        react(id);
    };
}

template <class Token>
auto session::slotted(std::size_t id, Token&& t)
{
    // Every handler is bound to a slot, connected or not, so that one type serves both.
    if (!ops_[id].signal)
        return asio::bind_cancellation_slot(asio::cancellation_slot(), std::forward<Token>(t));
    return asio::bind_cancellation_slot(ops_[id].signal->slot(), std::forward<Token>(t));
}

// ROUTER's messages carry the routing id first; sent before one is known,
// they would be dropped by libzmq, so none is sent then.
inline void session::write(int i, input& in, bool async)
{
    auto sizes = extra_sizes(in);
    if (!alive(i) || !sides_[i].can_send || (mode_ == 2 && i == 1 && sides_[i].route.empty()))
        return;
    auto seq = ledgers_[i].next_seq();
    auto m = routed(i, ledgers_[i].make(sizes, async));
    if (async)
    {
        auto id = ops_.add(op_kind::write, i);
        ops_[id].seq = seq;
        start(id, in);
        auto h = handler(id, [this, i, seq](zs::error_code ec) { ledgers_[i].write_completed(seq, !ec); });
        in_api g;
        return stream(i).async_write(std::move(m), slotted(id, std::move(h)));
    }
    bool open = stream(i).is_open();
    try
    {
        in_api g;
        stream(i).write(std::move(m));
    }
    catch (const boost::system::system_error& e)
    {
        require(!open && e.code() == zs::error::stream_closed, "write() threw on an open stream");
        ledgers_[i].refused(seq);
    }
}

inline void session::write_empty(int i, bool async)
{
    if (!alive(i))
        return;
    auto expected = stream(i).is_open() ? zs::error::empty_message : zs::error::stream_closed;
    if (async)
    {
        auto id = ops_.add(op_kind::write, i);
        auto h = handler(id, [expected](zs::error_code ec) { require(ec == expected, "async_write(empty) result"); });
        in_api g;
        return stream(i).async_write(zs::message{}, std::move(h));
    }
    try
    {
        in_api g;
        stream(i).write(zs::message{});
    }
    catch (const boost::system::system_error& e)
    {
        return require(e.code() == expected, "write(empty) threw the wrong error");
    }
    broken("write(empty) did not throw");
}

// Decodes what the operation's handler will do, and whether it gets a slot.
inline void session::start(std::size_t id, input& in)
{
    std::uint8_t f = in.byte();
    static const reaction reactions[8] = {reaction::none, reaction::none, reaction::none, reaction::write,
        reaction::read, reaction::close, reaction::abort, reaction::destroy};
    ops_[id].then = reactions[f & 7];
    if (f & 8)
        ops_[id].signal = std::make_unique<asio::cancellation_signal>();
}

inline void session::ran(std::size_t id)
{
    auto& o = ops_[id];
    require(++o.calls == 1, "a handler invoked twice", static_cast<long>(id));
}

// A handler may close, abort or destroy its own stream, or read again.
inline void session::react(std::size_t id)
{
    int i = ops_[id].side;
    if (final_ || !alive(i))
        return;
    switch (ops_[id].then)
    {
    case reaction::none: return;
    case reaction::read:
    {
        auto next = ops_.add(op_kind::read, i);
        auto h = handler(next, [this, i](zs::error_code ec, zs::message m) {
            if (!ec)
                got(i, m);
        });
        in_api g;
        return stream(i).async_read(std::move(h));
    }
    case reaction::write: return write_from_handler(i);
    case reaction::close: return close(i);
    case reaction::abort: return abort(i);
    case reaction::destroy: return destroy(i);
    }
}

// Inside the stream's pass a write joins the queue, behind what is there.
inline void session::write_from_handler(int i)
{
    if (!sides_[i].can_send || (mode_ == 2 && i == 1 && sides_[i].route.empty()))
        return;
    auto seq = ledgers_[i].next_seq();
    auto m = routed(i, ledgers_[i].make({}, true));
    auto id = ops_.add(op_kind::write, i);
    ops_[id].seq = seq;
    auto h = handler(id, [this, i, seq](zs::error_code ec) { ledgers_[i].write_completed(seq, !ec); });
    in_api g;
    stream(i).async_write(std::move(m), std::move(h));
}

// A ROUTER sends to the peer it heard from.
inline zs::message session::routed(int i, zs::message m)
{
    if (mode_ != 2 || i != 1)
        return m;
    zs::message r;
    r.push_back(sides_[i].route);
    for (auto& f : m)
        r.push_back(f.view());
    return r;
}

// A message read by side i: it travelled direction 1 - i.
inline void session::got(int i, const zs::message& m)
{
    require(sides_[i].can_read, "a message read from a socket that cannot receive");
    std::size_t first = 0;
    if (mode_ == 2 && i == 1)
    {
        require(!m.empty(), "a ROUTER message without a routing id");
        sides_[i].route = m[0].to_string();
        first = 1;
    }
    ledgers_[1 - i].received(m, first);
}

inline void session::read(int i, input& in)
{
    if (!alive(i))
        return;
    auto id = ops_.add(op_kind::read, i);
    start(id, in);
    auto h = handler(id, [this, i](zs::error_code ec, zs::message m) {
        if (!ec)
            got(i, m);
        else
            require(m.empty(), "a failed read with a message");
    });
    in_api g;
    stream(i).async_read(slotted(id, std::move(h)));
}

inline void session::read_batch(int i, input& in)
{
    std::size_t max = in.byte() % 6;
    if (!alive(i))
        return;
    auto id = ops_.add(op_kind::batch, i);
    start(id, in);
    auto& o = ops_[id];
    o.batch = std::make_unique<std::vector<zs::message>>();
    o.max = max;
    auto h = handler(id, [this, id, i](zs::error_code ec, std::size_t n) {
        auto& o = ops_[id];
        require(o.batch->size() == n, "a batch read's count is not what it appended", static_cast<long>(n));
        require(ec ? n == 0 : n <= o.max && (n > 0 || o.max == 0), "a batch read's count", static_cast<long>(n));
        for (auto& m : *o.batch)
            got(i, m);
    });
    in_api g;
    stream(i).async_read_batch(*o.batch, max, slotted(id, std::move(h)));
}

inline void session::drain(int i, input& in)
{
    if (!alive(i))
        return;
    auto id = ops_.add(op_kind::drain, i);
    start(id, in);
    auto h = handler(id, [](zs::error_code) {});
    in_api g;
    stream(i).async_drain(slotted(id, std::move(h)));
}

inline void session::async_close(int i, input& in)
{
    if (!alive(i))
        return;
    auto id = ops_.add(op_kind::close, i);
    start(id, in);
    sides_[i].closed = true;
    auto h = handler(id, [](zs::error_code) {});
    in_api g;
    stream(i).async_close(slotted(id, std::move(h)));
}

inline void session::cancel_one(input& in)
{
    std::uint8_t pick = in.byte(), type = in.byte();
    auto ids = ops_.pending(true);
    if (ids.empty())
        return;
    static const asio::cancellation_type types[3] = {
        asio::cancellation_type::terminal, asio::cancellation_type::partial, asio::cancellation_type::total};
    in_api g;
    ops_[ids[pick % ids.size()]].signal->emit(types[type % 3]);
}

// Values in steps of 8 bytes, either unset; high < low must be refused.
inline void session::limits(int i, input& in, bool read_side)
{
    std::uint8_t f = in.byte(), h = in.byte(), l = in.byte();
    if (!alive(i))
        return;
    std::optional<std::size_t> high, low;
    if (f & 1)
        high = std::size_t(h) * 8;
    if (f & 2)
        low = std::size_t(l) * 8;
    bool bad = high && low && *high < *low;
    try
    {
        in_api g;
        if (read_side)
            stream(i).set_read_buffer_limits(high, low);
        else
            stream(i).set_write_buffer_limits(high, low);
    }
    catch (const boost::system::system_error& e)
    {
        return require(bad && e.code() == zs::error::invalid_limits, "set_*_buffer_limits threw");
    }
    require(!bad, "set_*_buffer_limits took high < low");
    // doc/flow-control.md: an unset value is 4 x low or high / 4; neither: 65536 and 16384.
    std::size_t want_high = high ? *high : low ? 4 * *low : 65536;
    std::size_t want_low = low ? *low : high ? *high / 4 : 16384;
    if (!read_side)
        require(stream(i).get_write_buffer_limits() == std::make_pair(want_low, want_high),
            "get_write_buffer_limits() is not what was set");
}

inline void session::close(int i)
{
    if (!alive(i))
        return;
    sides_[i].closed = true;
    in_api g;
    stream(i).close();
}

inline void session::abort(int i)
{
    if (!alive(i))
        return;
    sides_[i].aborted = true;
    ledgers_[i].sender_dropped();
    {
        in_api g;
        stream(i).abort();
    }
    require(stream(i).write_buffer_size() == 0, "abort() left messages in the write buffer");
}

// After close() the queue keeps flushing though its writes complete with
// operation_aborted; otherwise destruction is abort().
inline void session::destroy(int i)
{
    if (!alive(i))
        return;
    if (sides_[i].closed && !sides_[i].aborted)
        ledgers_[i].sender_detached();
    else
        ledgers_[i].sender_dropped();
    in_api g;
    sides_[i].s.reset();
}

inline void session::run(int how)
{
    if (ioc_->stopped())
        ioc_->restart();
    if (how == 0x00)
        ioc_->poll_one();
    else if (how == 0x20)
        ioc_->run_one_for(std::chrono::microseconds(50));
    else
        ioc_->poll();
}

} // namespace stream_fuzz

#endif
