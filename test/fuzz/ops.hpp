//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_FUZZ_OPS_HPP
#define BOOST_ZMQSTREAM_FUZZ_OPS_HPP

// The input decoder, and the record of every asynchronous operation started:
// how often its handler ran, and whether a copy of it is still alive.

#include "ledger.hpp"

#include <boost/asio/cancellation_signal.hpp>

#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

namespace stream_fuzz {

// Reads the input a byte at a time; zeros once it is used up.
class input
{
public:
    input(const std::uint8_t* data, std::size_t size) : p_(data), end_(data + size) {}
    bool empty() const { return p_ == end_; }
    std::uint8_t byte() { return p_ == end_ ? 0 : *p_++; }

private:
    const std::uint8_t* p_;
    const std::uint8_t* end_;
};

// Calls into the stream API nest this; a handler that runs while it is held
// was invoked inside an initiating function (or cancel, close, a destructor).
inline int api_depth = 0;

struct in_api
{
    in_api() { ++api_depth; }
    ~in_api() { --api_depth; }
    in_api(const in_api&) = delete;
    in_api& operator=(const in_api&) = delete;
};

enum class op_kind : std::uint8_t { read, batch, write, drain, close };

// What a handler does to its own stream after its checks.
enum class reaction : std::uint8_t { none, write, read, close, abort, destroy };

struct op
{
    op_kind kind;
    int side;
    std::uint32_t seq = 0;  // a write's message
    reaction then = reaction::none;
    int calls = 0;
    std::weak_ptr<void> handler;  // expires when every copy of the handler is gone
    std::unique_ptr<boost::asio::cancellation_signal> signal;
    std::unique_ptr<std::vector<boost_zmqstream::message>> batch;
    std::size_t max = 0;
};

// The operations of one input, by id; a deque, so that references stay valid
// while a handler starts another operation.
class op_table
{
public:
    std::size_t add(op_kind k, int side)
    {
        ops_.emplace_back();
        ops_.back().kind = k;
        ops_.back().side = side;
        return ops_.size() - 1;
    }

    op& operator[](std::size_t id) { return ops_[id]; }
    std::size_t size() const { return ops_.size(); }

    // Handler ids whose handler has not run yet (those a cancellation slot can reach if `slotted`).
    std::vector<std::size_t> pending(bool slotted) const
    {
        std::vector<std::size_t> ids;
        for (std::size_t i = 0; i < ops_.size(); ++i)
            if (ops_[i].calls == 0 && (!slotted || ops_[i].signal))
                ids.push_back(i);
        return ids;
    }

    bool all_ran() const { return pending(false).empty(); }

    // The io_context is gone: every handler ran once or was destroyed.
    void check_settled() const
    {
        for (std::size_t i = 0; i < ops_.size(); ++i)
        {
            require(ops_[i].calls <= 1, "a handler invoked twice", static_cast<long>(i));
            require(ops_[i].handler.expired(), "a handler neither destroyed nor released", static_cast<long>(i));
        }
    }

private:
    std::deque<op> ops_;
};

} // namespace stream_fuzz

#endif
