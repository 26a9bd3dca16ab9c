//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_MESSAGE_HPP
#define BOOST_ZMQSTREAM_MESSAGE_HPP

#include <boost_zmqstream/error.hpp>

#include <boost/asio/buffer.hpp>
#include <boost/container/small_vector.hpp>
#include <boost/throw_exception.hpp>

#include <zmq.h>

#include <cstring>
#include <initializer_list>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>

namespace boost_zmqstream {

/** One frame of a ZeroMQ message: owns a zmq_msg_t.

    Move-only. Receiving fills the zmq_msg_t in place and sending hands it to
    libzmq, so neither copies the payload. Building a frame from caller memory
    copies that memory once.
*/
class frame
{
public:
    /// An empty frame.
    frame() noexcept { zmq_msg_init(&msg_); }

    /// A frame of `n` uninitialised bytes (fill it through data()).
    explicit frame(std::size_t n)
    {
        if (zmq_msg_init_size(&msg_, n) != 0)
            boost::throw_exception(boost::system::system_error(last_zmq_error(), "zmq_msg_init_size"));
    }

    /// A copy of `size` bytes at `data`.
    frame(const void* data, std::size_t size) : frame(size)
    {
        if (size)
            std::memcpy(zmq_msg_data(&msg_), data, size);
    }

    /// A copy of the characters of `s`.
    frame(std::string_view s) : frame(s.data(), s.size()) {}
    frame(const char* s) : frame(std::string_view(s)) {}
    frame(const std::string& s) : frame(std::string_view(s)) {}

    /// A copy of the bytes of `b`.
    explicit frame(boost::asio::const_buffer b) : frame(b.data(), b.size()) {}

    // A zmq_msg_t is relocatable: zmq_msg_move() itself is a plain struct copy
    // followed by re-initialising the source. Doing that here saves closing
    // the (empty) destination on the per-message path.
    frame(frame&& other) noexcept
    {
        std::memcpy(static_cast<void*>(&msg_), &other.msg_, sizeof(zmq_msg_t));
        zmq_msg_init(&other.msg_);
    }

    frame& operator=(frame&& other) noexcept
    {
        if (this != &other)
            zmq_msg_move(&msg_, &other.msg_);
        return *this;
    }

    frame(const frame&) = delete;
    frame& operator=(const frame&) = delete;

    ~frame() { zmq_msg_close(&msg_); }

    /// A frame sharing this one's payload (zmq_msg_copy: reference-counted for large frames).
    frame clone() const
    {
        frame f;
        zmq_msg_copy(&f.msg_, const_cast<zmq_msg_t*>(&msg_));
        return f;
    }

    void* data() noexcept { return zmq_msg_data(&msg_); }
    const void* data() const noexcept { return zmq_msg_data(const_cast<zmq_msg_t*>(&msg_)); }
    std::size_t size() const noexcept { return zmq_msg_size(&msg_); }
    bool empty() const noexcept { return size() == 0; }

    boost::asio::const_buffer buffer() const noexcept { return {data(), size()}; }
    boost::asio::mutable_buffer buffer() noexcept { return {data(), size()}; }

    std::string_view view() const noexcept { return {static_cast<const char*>(data()), size()}; }
    std::string to_string() const { return std::string(view()); }

    zmq_msg_t* handle() noexcept { return &msg_; }

    friend bool operator==(const frame& a, const frame& b) noexcept { return a.view() == b.view(); }
    friend bool operator!=(const frame& a, const frame& b) noexcept { return !(a == b); }

    /// Prints printable frames as text and others as hex, shortened past 64 bytes.
    friend std::ostream& operator<<(std::ostream& os, const frame& f)
    {
        auto v = f.view();
        bool text = true;
        for (unsigned char c : v)
            text = text && c >= 0x20 && c < 0x7f;
        auto shown = v.substr(0, 64);
        if (text)
            os << '"' << shown << '"';
        else
        {
            static const char hex[] = "0123456789abcdef";
            os << "0x";
            for (unsigned char c : shown)
                os << hex[c >> 4] << hex[c & 15];
        }
        if (v.size() > shown.size())
            os << "...(" << v.size() << " bytes)";
        return os;
    }

private:
    zmq_msg_t msg_;
};

/** A multipart ZeroMQ message: a sequence of frames.

    Up to four frames live inside the object, so receiving a typical message
    allocates nothing beyond libzmq's own payload storage.
*/
class message
{
    using storage = boost::container::small_vector<frame, 4>;

public:
    using value_type = frame;
    using iterator = storage::iterator;
    using const_iterator = storage::const_iterator;
    using size_type = std::size_t;

    message() = default;

    /// One frame per string: `message{"data", "ask", std::to_string(i)}`.
    message(std::initializer_list<std::string_view> parts)
    {
        frames_.reserve(parts.size());
        for (auto p : parts)
            frames_.emplace_back(p);
    }

    /// One frame per buffer.
    message(std::initializer_list<boost::asio::const_buffer> parts)
    {
        frames_.reserve(parts.size());
        for (auto p : parts)
            frames_.emplace_back(p);
    }

    /// Takes the frames of `f`.
    explicit message(frame&& f) { frames_.push_back(std::move(f)); }

    message(message&&) noexcept = default;
    message& operator=(message&&) noexcept = default;
    message(const message&) = delete;
    message& operator=(const message&) = delete;

    /// A message sharing this one's payloads.
    message clone() const
    {
        message m;
        m.frames_.reserve(frames_.size());
        for (auto& f : frames_)
            m.frames_.push_back(f.clone());
        return m;
    }

    void push_back(frame&& f) { frames_.push_back(std::move(f)); }
    void push_back(std::string_view s) { frames_.emplace_back(s); }
    void push_back(boost::asio::const_buffer b) { frames_.emplace_back(b); }
    template <class... Args>
    frame& emplace_back(Args&&... args)
    {
        return frames_.emplace_back(std::forward<Args>(args)...);
    }
    void pop_front() { frames_.erase(frames_.begin()); }
    void clear() noexcept { frames_.clear(); }

    frame& operator[](std::size_t i) noexcept { return frames_[i]; }
    const frame& operator[](std::size_t i) const noexcept { return frames_[i]; }
    frame& at(std::size_t i) { return frames_.at(i); }
    const frame& at(std::size_t i) const { return frames_.at(i); }
    frame& front() noexcept { return frames_.front(); }
    const frame& front() const noexcept { return frames_.front(); }
    frame& back() noexcept { return frames_.back(); }
    const frame& back() const noexcept { return frames_.back(); }

    iterator begin() noexcept { return frames_.begin(); }
    iterator end() noexcept { return frames_.end(); }
    const_iterator begin() const noexcept { return frames_.begin(); }
    const_iterator end() const noexcept { return frames_.end(); }

    /// Number of frames.
    std::size_t size() const noexcept { return frames_.size(); }
    bool empty() const noexcept { return frames_.empty(); }

    /// Payload bytes over all frames (what the watermarks count).
    std::size_t total_size() const noexcept
    {
        std::size_t n = 0;
        for (auto& f : frames_)
            n += f.size();
        return n;
    }

    friend bool operator==(const message& a, const message& b) noexcept
    {
        if (a.size() != b.size())
            return false;
        for (std::size_t i = 0; i < a.size(); ++i)
            if (a[i] != b[i])
                return false;
        return true;
    }
    friend bool operator!=(const message& a, const message& b) noexcept { return !(a == b); }

    friend std::ostream& operator<<(std::ostream& os, const message& m)
    {
        os << '[';
        const char* sep = "";
        for (auto& f : m.frames_)
        {
            os << sep << f;
            sep = ", ";
        }
        return os << ']';
    }

private:
    storage frames_;
};

} // namespace boost_zmqstream

#endif
