//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_DETAIL_FLOW_HPP
#define BOOST_ZMQSTREAM_DETAIL_FLOW_HPP

#include <boost_zmqstream/detail/ring.hpp>
#include <boost_zmqstream/message.hpp>

#include <cstddef>
#include <optional>
#include <utility>
#include <vector>

namespace boost_zmqstream {
namespace detail {

// Pause above `high`, resume at or below `low` (asyncio's hysteresis).
struct watermark
{
    std::size_t high, low;
    bool paused = false;

    void rose(std::size_t bytes) noexcept
    {
        if (bytes > high)
            paused = true;
    }

    // True when this resumed.
    bool fell(std::size_t bytes) noexcept
    {
        if (!paused || bytes > low)
            return false;
        paused = false;
        return true;
    }

    // New limits, re-evaluated both ways. True when this resumed.
    bool set(std::size_t h, std::size_t l, std::size_t bytes) noexcept
    {
        high = h;
        low = l;
        if (bytes > high)
        {
            paused = true;
            return false;
        }
        return fell(bytes);
    }
};

/* Received messages nobody has taken yet. The payload size is kept with the
   message: computing it asks libzmq once per frame, and the byte count needs
   it on the way in and out. With a `backlog` (a monitor's events_backlog)
   the oldest message is dropped beyond that count. */
class read_buffer
{
public:
    read_buffer(std::size_t high, std::size_t low, std::optional<std::size_t> backlog) noexcept
        : mark{high, low}, backlog_(backlog)
    {
    }

    watermark mark;

    bool empty() const noexcept { return q_.empty(); }
    std::size_t size() const noexcept { return q_.size(); }
    std::size_t bytes() const noexcept { return bytes_; }

    void push(message&& m, std::size_t bytes)
    {
        bytes_ += bytes;
        q_.emplace_back(std::move(m), bytes);
        if (backlog_)
            while (q_.size() > *backlog_)
                drop_front();
        mark.rose(bytes_);
    }

    // Not empty. Check resumed() afterwards.
    message pop() noexcept
    {
        message m = std::move(q_.front().msg);
        drop_front();
        return m;
    }

    // Up to `max` messages appended to `out`; how many.
    std::size_t take(std::vector<message>& out, std::size_t max)
    {
        std::size_t n = 0;
        for (; n < max && !q_.empty(); ++n)
            out.push_back(pop());
        return n;
    }

    // True when taking messages brought the buffer down to the low mark.
    bool resumed() noexcept { return mark.fell(bytes_); }

    void clear() noexcept
    {
        q_.clear();
        bytes_ = 0;
    }

private:
    struct queued
    {
        queued(message&& m, std::size_t b) noexcept : msg(std::move(m)), bytes(b) {}
        message msg;
        std::size_t bytes;
    };

    void drop_front() noexcept
    {
        bytes_ -= q_.front().bytes;
        q_.pop_front();
    }

    ring<queued> q_;
    std::size_t bytes_ = 0;
    std::optional<std::size_t> backlog_;
};

/* Messages waiting for libzmq to take them, each with the waiter of its
   async_write (none for write()). A cancelled one is withdrawn in place
   (emptied, skipped by head()), found in O(1) by the sequence number push()
   returned. live() counts the messages still to send. */
template <class W>
class write_queue
{
public:
    struct entry
    {
        // Built in its place in the ring: one move of the message, not two.
        entry(message&& m, std::size_t b, W* waiter) noexcept : msg(std::move(m)), bytes(b), w(waiter) {}

        message msg;
        std::size_t bytes;
        W* w;
        bool withdrawn = false;
    };

    write_queue(std::size_t high, std::size_t low) noexcept : mark{high, low} {}

    watermark mark;

    std::size_t live() const noexcept { return live_; }
    std::size_t bytes() const noexcept { return bytes_; }

    // The message's sequence number, to find it again with at().
    std::size_t push(message&& m, W* w)
    {
        const std::size_t bytes = m.total_size();
        q_.emplace_back(std::move(m), bytes, w);
        bytes_ += bytes;
        ++live_;
        mark.rose(bytes_);
        return first_ + q_.size() - 1;
    }

    // The next message to send, nullptr if none.
    entry* head() noexcept
    {
        while (!q_.empty() && q_.front().withdrawn)
            pop_front();
        return q_.empty() ? nullptr : &q_.front();
    }

    // Frees the places of withdrawn messages at the front.
    void compact() noexcept { head(); }

    // head() was handed to libzmq (or failed for good): gone, its waiter returned.
    W* pop_head() noexcept
    {
        entry& e = q_.front();
        W* w = e.w;
        bytes_ -= e.bytes;
        --live_;
        pop_front();
        return w;
    }

    // The entry of sequence number `seq` if it still has waiter `w` (a
    // withdrawn or sent one has none).
    entry* at(std::size_t seq, const W* w) noexcept
    {
        const std::size_t i = seq - first_;
        if (i >= q_.size() || q_[i].w != w)
            return nullptr;
        return &q_[i];
    }

    // Drops the message, keeps its place; returns its waiter (to complete).
    W* withdraw(entry& e) noexcept
    {
        e.withdrawn = true;
        e.msg.clear();
        bytes_ -= e.bytes;
        --live_;
        return std::exchange(e.w, nullptr);
    }

    // `f(entry&)` for each message still to send.
    template <class F>
    void for_each(F f)
    {
        for (std::size_t i = 0; i < q_.size(); ++i)
            if (!q_[i].withdrawn)
                f(q_[i]);
    }

    void clear() noexcept
    {
        while (!q_.empty())
            pop_front();
        live_ = bytes_ = 0;
        mark.paused = false;
    }

private:
    void pop_front() noexcept
    {
        q_.pop_front();
        ++first_;
    }

    ring<entry> q_;
    std::size_t first_ = 0;  // sequence number of q_.front()
    std::size_t bytes_ = 0;
    std::size_t live_ = 0;
};

} // namespace detail
} // namespace boost_zmqstream

#endif
