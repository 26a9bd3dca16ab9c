//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_FUZZ_LEDGER_HPP
#define BOOST_ZMQSTREAM_FUZZ_LEDGER_HPP

// What the fuzzer knows about the messages of one direction and about every
// asynchronous operation it started, and the invariants it checks on them.

#include <boost_zmqstream/message.hpp>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace stream_fuzz {

// libFuzzer reports a trap as a crash, with the stack and the input.
[[noreturn]] inline void broken(const char* what, long detail = -1)
{
    std::fprintf(stderr, "stream_fuzz: invariant broken: %s (%ld)\n", what, detail);
    __builtin_trap();
}

inline void require(bool cond, const char* what, long detail = -1)
{
    if (!cond)
        broken(what, detail);
}

// The payload of message `seq` of direction `dir`: a tag frame, then extra
// frames whose bytes are derived from the sequence number.
struct payload
{
    static constexpr std::size_t tag_size = 6;

    static std::string tag(int dir, std::uint32_t seq, std::size_t extra)
    {
        std::string t(tag_size, '\0');
        t[0] = static_cast<char>(dir);
        std::memcpy(&t[1], &seq, sizeof(seq));
        t[5] = static_cast<char>(extra);
        return t;
    }

    static std::string extra(std::uint32_t seq, std::size_t i, std::size_t size)
    {
        return std::string(size, static_cast<char>((seq + i) & 0xff));
    }
};

// One direction's messages: sent, their outcome, and what arrived.
class ledger
{
public:
    enum class outcome : std::uint8_t { accepted, pending, failed };

    explicit ledger(int dir) : dir_(dir) {}

    std::uint32_t next_seq() const { return static_cast<std::uint32_t>(sent_.size()); }

    // Records message next_seq() and returns it, with `sizes` extra frames.
    boost_zmqstream::message make(const std::vector<std::size_t>& sizes, bool async)
    {
        auto seq = next_seq();
        boost_zmqstream::message m;
        m.push_back(payload::tag(dir_, seq, sizes.size()));
        for (std::size_t i = 0; i < sizes.size(); ++i)
            m.push_back(payload::extra(seq, i, sizes[i]));
        sent_.push_back({sizes, async ? outcome::pending : outcome::accepted, false});
        return m;
    }

    // write() threw: the message was never taken.
    void refused(std::uint32_t seq) { sent_[seq].state = outcome::failed; }

    void write_completed(std::uint32_t seq, bool ok)
    {
        auto& s = sent_[seq];
        require(s.state == outcome::pending, "async_write completed twice", seq);
        s.state = ok ? outcome::accepted : outcome::failed;
        require(ok || !s.received || failed_may_flush_, "a message delivered, its async_write then failed", seq);
    }

    // abort(), or destruction without close(): whatever is not received yet
    // may be lost (queue dropped, ZMQ_LINGER 0).
    void sender_dropped() { lossy_below_ = next_seq(); }
    // Destruction after close(): queued writes complete with
    // operation_aborted, yet keep flushing.
    void sender_detached() { failed_may_flush_ = true; }

    // A message taken from the receiving stream: checks and records it.
    void received(const boost_zmqstream::message& m, std::size_t first)
    {
        require(m.size() > first, "a message without the tag frame", static_cast<long>(m.size()));
        auto t = m[first].view();
        require(t.size() == payload::tag_size && t[0] == static_cast<char>(dir_), "a message not sent this way");
        std::uint32_t seq;
        std::memcpy(&seq, t.data() + 1, sizeof(seq));
        require(seq < next_seq(), "a message never sent", seq);
        auto& s = sent_[seq];
        require(!s.received, "a message received twice", seq);
        require(last_ < 0 || seq > static_cast<std::uint32_t>(last_), "a message out of order", seq);
        require(s.state != outcome::failed || failed_may_flush_, "a failed write's message was delivered", seq);
        for (auto gap = static_cast<std::uint32_t>(last_ + 1); gap < seq; ++gap)
            require(may_be_lost(gap), "a message lost ahead of a later one", gap);
        require(m.size() == first + 1 + s.sizes.size(), "a message with the wrong frame count", seq);
        for (std::size_t i = 0; i < s.sizes.size(); ++i)
            require(m[first + 1 + i].view() == payload::extra(seq, i, s.sizes[i]), "a corrupted frame", seq);
        s.received = true;
        last_ = seq;
    }

    // The first message that should still arrive, or next_seq() if none.
    std::uint32_t first_missing() const
    {
        for (auto seq = static_cast<std::uint32_t>(last_ + 1); seq < next_seq(); ++seq)
            if (!may_be_lost(seq))
                return seq;
        return next_seq();
    }

private:
    struct sent_message
    {
        std::vector<std::size_t> sizes;
        outcome state;
        bool received;
    };

    bool may_be_lost(std::uint32_t seq) const
    {
        return seq < lossy_below_ || sent_[seq].state == outcome::failed;
    }

    int dir_;
    std::vector<sent_message> sent_;
    long last_ = -1;
    std::uint32_t lossy_below_ = 0;
    bool failed_may_flush_ = false;
};

} // namespace stream_fuzz

#endif
