//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_MESSAGE_HPP
#define BOOST_ZMQSTREAM_MESSAGE_HPP

#include <boost_zmqstream/error.hpp>

#include <boost/asio/buffer.hpp>
#include <boost/throw_exception.hpp>

#include <zmq.h>

#include <cstring>
#include <initializer_list>
#include <new>
#include <optional>
#include <stdexcept>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>

/** @file
    boost_zmqstream::message, what a stream reads and writes, and its
    boost_zmqstream::frame.
*/

namespace boost_zmqstream {

/** One frame of a ZeroMQ message: owns a zmq_msg_t.

    Move-only. Receiving fills the zmq_msg_t in place and sending hands it to
    libzmq, so neither copies the payload. Building a frame from caller memory
    copies that memory once.

    The constructors that allocate throw boost::system::system_error if
    zmq_msg_init_size() fails (`ENOMEM`).
*/
class frame
{
public:
    /// An empty frame.
    frame() noexcept = default;

    /** A frame of `n` uninitialised bytes (fill it through data()).

        @param n The payload size in bytes.
        @throws boost::system::system_error if libzmq cannot allocate it.
    */
    explicit frame(std::size_t n)
    {
        if (zmq_msg_init_size(&msg_, n) != 0)
            boost::throw_exception(boost::system::system_error(last_zmq_error(), "zmq_msg_init_size"));
        live_ = true;
    }

    /** A copy of `size` bytes at `data`.

        @param data The bytes to copy; may be null when `size` is 0.
        @param size Their number.
        @throws boost::system::system_error if libzmq cannot allocate it.
    */
    frame(const void* data, std::size_t size) : frame(size)
    {
        if (size)
            std::memcpy(zmq_msg_data(&msg_), data, size);
    }

    /** A copy of the characters of `s`.

        @param s The text; not NUL-terminated in the frame.
        @throws boost::system::system_error if libzmq cannot allocate it.
    */
    frame(std::string_view s) : frame(s.data(), s.size()) {}
    /** A copy of the characters of the NUL-terminated string `s`, without its NUL.

        @param s A NUL-terminated string (not null).
        @throws boost::system::system_error if libzmq cannot allocate it.
    */
    frame(const char* s) : frame(std::string_view(s)) {}
    /** A copy of the characters of `s`.

        @param s The text.
        @throws boost::system::system_error if libzmq cannot allocate it.
    */
    frame(const std::string& s) : frame(std::string_view(s)) {}

    /** A copy of the bytes of `b`.

        @param b The bytes to copy.
        @throws boost::system::system_error if libzmq cannot allocate it.
    */
    explicit frame(boost::asio::const_buffer b) : frame(b.data(), b.size()) {}

    // A zmq_msg_t is relocatable (zmq_msg_move() is a struct copy plus
    // re-initialising the source). A moved-from frame holds no zmq_msg_t at
    // all, so moving a message through queues and handlers costs no libzmq
    // call; that is most of the per-message cost otherwise.
    /** Takes the payload of `other`, which is left empty (and usable).

        @param other The frame moved from.
    */
    frame(frame&& other) noexcept : live_(other.live_)
    {
        if (live_)
        {
            std::memcpy(static_cast<void*>(&msg_), &other.msg_, sizeof(zmq_msg_t));
            other.live_ = false;
        }
    }

    /** Releases this frame's payload, then takes that of `other`, which is left empty.

        @param other The frame moved from.
        @return `*this`.
    */
    frame& operator=(frame&& other) noexcept
    {
        if (this != &other)
        {
            reset();
            if (other.live_)
            {
                std::memcpy(static_cast<void*>(&msg_), &other.msg_, sizeof(zmq_msg_t));
                live_ = true;
                other.live_ = false;
            }
        }
        return *this;
    }

    frame(const frame&) = delete;
    frame& operator=(const frame&) = delete;

    /// Releases the payload (zmq_msg_close).
    ~frame() { reset(); }

    /// Releases the payload; the frame becomes empty.
    void reset() noexcept
    {
        if (live_)
        {
            zmq_msg_close(&msg_);
            live_ = false;
        }
    }

    /** A frame sharing this one's payload (zmq_msg_copy: reference-counted for large frames).

        Do not write through data() of either frame afterwards: libzmq
        shares the bytes of a large frame between the two.

        @return The copy; an empty frame if this one is empty.
    */
    frame clone() const
    {
        frame f;
        if (live_)
            zmq_msg_copy(f.handle(), const_cast<zmq_msg_t*>(&msg_));
        return f;
    }

    /** The payload.

        @return Its first byte; null for a frame that holds no zmq_msg_t
        (default-constructed, moved from or reset).
    */
    void* data() noexcept { return live_ ? zmq_msg_data(&msg_) : nullptr; }
    /** The payload.

        @return Its first byte; null for a frame that holds no zmq_msg_t.
    */
    const void* data() const noexcept { return live_ ? zmq_msg_data(const_cast<zmq_msg_t*>(&msg_)) : nullptr; }
    /** The payload size.

        @return The size in bytes; 0 for an empty frame.
    */
    std::size_t size() const noexcept { return live_ ? zmq_msg_size(&msg_) : 0; }
    /** Whether the payload is empty.

        @return `size() == 0`.
    */
    bool empty() const noexcept { return size() == 0; }

    /** The payload as an Asio buffer.

        @return A buffer over data() and size(), valid while the frame holds this payload.
    */
    boost::asio::const_buffer buffer() const noexcept { return {data(), size()}; }
    /** The payload as a writable Asio buffer (see clone() before writing).

        @return A buffer over data() and size(), valid while the frame holds this payload.
    */
    boost::asio::mutable_buffer buffer() noexcept { return {data(), size()}; }

    /** The payload as text.

        @return A view of the bytes, valid while the frame holds this payload.
    */
    std::string_view view() const noexcept { return {static_cast<const char*>(data()), size()}; }
    /** A copy of the payload as a string.

        @return The bytes.
    */
    std::string to_string() const { return std::string(view()); }

    /** The zmq_msg_t, initialised (empty) if the frame had none: for
        zmq_msg_recv() into it, or zmq_msg_send() from it.

        @return The frame's own zmq_msg_t; the frame keeps owning it.
    */
    zmq_msg_t* handle() noexcept
    {
        if (!live_)
        {
            zmq_msg_init(&msg_);
            live_ = true;
        }
        return &msg_;
    }

    /** A metadata property of a received frame (zmq_msg_gets): "User-Id"
        (the user id a ZAP handler returned), "Peer-Address", "Socket-Type",
        "Routing-Id", or one of the ZAP handler's metadata names. Empty for
        a frame that was not received or has no such property. The view
        stays valid while the frame holds this payload.

        @param name The property name (NUL-terminated, not null).
        @return Its value, or `std::nullopt`.
    */
    std::optional<std::string_view> property(const char* name) const noexcept
    {
        if (!live_)
            return std::nullopt;
        const char* v = zmq_msg_gets(const_cast<zmq_msg_t*>(&msg_), name);
        if (!v)
            return std::nullopt;
        return std::string_view(v);
    }

    /** The "User-Id" property: who a ZAP handler said the peer is.

        @return property("User-Id").
    */
    std::optional<std::string_view> user_id() const noexcept { return property("User-Id"); }

    /** Compares the payloads (not the metadata).

        @param a A frame.
        @param b Another frame.
        @return Whether the bytes are equal.
    */
    friend bool operator==(const frame& a, const frame& b) noexcept { return a.view() == b.view(); }
    /** Compares the payloads (not the metadata).

        @param a A frame.
        @param b Another frame.
        @return `!(a == b)`.
    */
    friend bool operator!=(const frame& a, const frame& b) noexcept { return !(a == b); }

    /** Prints printable frames as text and others as hex, shortened past 64 bytes.

        @param os The stream written to.
        @param f The frame.
        @return `os`.
    */
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
    bool live_ = false;
};

/** A multipart ZeroMQ message: a sequence of frames.

    Up to four frames live inside the object, so receiving a typical message
    allocates nothing beyond libzmq's own payload storage. Frames are
    relocated by copying their bytes (a frame is a zmq_msg_t, which libzmq
    itself moves by struct copy), so moving a message costs a memcpy of its
    frames and no libzmq call.

    A sequence container of frame (iterators are `frame*`). As with
    `std::vector`, adding a frame may relocate the frames and so invalidate
    references, pointers and iterators to them; so may moving the message.
    The members that allocate throw `std::bad_alloc`, and those that build
    a frame also what its constructor throws.
*/
class message
{
    static constexpr std::size_t inline_frames = 4;

public:
    using value_type = frame;             ///< The element type.
    using iterator = frame*;              ///< A contiguous iterator.
    using const_iterator = const frame*;  ///< A contiguous iterator to const.
    using size_type = std::size_t;        ///< The size type.

    /// An empty message (no frames; one cannot be sent).
    message() noexcept = default;

    /** One frame per string: `message{"data", "ask", std::to_string(i)}`.

        @param parts The frames' contents, copied.
    */
    message(std::initializer_list<std::string_view> parts)
    {
        reserve(parts.size());
        for (auto p : parts)
            emplace_back(p);
    }

    /** One frame per buffer.

        @param parts The frames' contents, copied.
    */
    message(std::initializer_list<boost::asio::const_buffer> parts)
    {
        reserve(parts.size());
        for (auto p : parts)
            emplace_back(p);
    }

    /** A message of one frame.

        @param f The frame, taken (left empty).
    */
    explicit message(frame&& f) { push_back(std::move(f)); }

    /** Takes the frames of `other`, which is left empty (and usable).

        @param other The message moved from.
    */
    message(message&& other) noexcept { take(other); }

    /** Releases this message's frames, then takes those of `other`, which is left empty.

        @param other The message moved from.
        @return `*this`.
    */
    message& operator=(message&& other) noexcept
    {
        if (this != &other)
        {
            destroy();
            take(other);
        }
        return *this;
    }

    message(const message&) = delete;
    message& operator=(const message&) = delete;

    /// Releases every frame.
    ~message() { destroy(); }

    /** A message sharing this one's payloads (frame::clone() of each frame).

        @return The copy.
    */
    message clone() const
    {
        message m;
        m.reserve(size_);
        for (auto& f : *this)
            m.push_back(f.clone());
        return m;
    }

    /** Makes room for `n` frames without further allocation.

        @param n The number of frames.
    */
    void reserve(std::size_t n)
    {
        if (n > capacity())
            grow(n);
    }

    /** Appends the frame `f`.

        @param f The frame, taken (left empty).
    */
    void push_back(frame&& f) { emplace_back(std::move(f)); }
    /** Appends a frame holding a copy of `s`.

        @param s The text.
    */
    void push_back(std::string_view s) { emplace_back(s); }
    // Exact matches: a string literal or std::string would otherwise be
    // ambiguous between the frame&& and string_view overloads.
    /** Appends a frame holding a copy of `s`, without its NUL.

        @param s A NUL-terminated string (not null).
    */
    void push_back(const char* s) { emplace_back(std::string_view(s)); }
    /** Appends a frame holding a copy of `s`.

        @param s The text.
    */
    void push_back(const std::string& s) { emplace_back(std::string_view(s)); }
    /** Appends a frame holding a copy of the bytes of `b`.

        @param b The bytes.
    */
    void push_back(boost::asio::const_buffer b) { emplace_back(b); }

    /** Appends a frame constructed in place from `args`.

        @param args The arguments of a frame constructor.
        @return The new frame.
    */
    template <class... Args>
    frame& emplace_back(Args&&... args)
    {
        if (size_ == capacity())
            grow(size_ * 2);
        frame* p = ::new (static_cast<void*>(data() + size_)) frame(std::forward<Args>(args)...);
        ++size_;
        return *p;
    }

    /** Removes the first frame; the others move down. Requires `!empty()`.

        Does not throw.
    */
    void pop_front()
    {
        frame* d = data();
        d[0].~frame();
        std::memmove(static_cast<void*>(d), d + 1, (size_ - 1) * sizeof(frame));
        --size_;
    }

    /// Removes the last frame. Requires `!empty()`.
    void pop_back() noexcept { data()[--size_].~frame(); }

    /// Removes every frame; keeps the allocated capacity.
    void clear() noexcept
    {
        frame* d = data();
        for (std::size_t i = 0; i < size_; ++i)
            d[i].~frame();
        size_ = 0;
    }

    /** The frame at index `i`, unchecked. Requires `i < size()`.

        @param i The index.
        @return The frame.
    */
    frame& operator[](std::size_t i) noexcept { return data()[i]; }
    /** The frame at index `i`, unchecked. Requires `i < size()`.

        @param i The index.
        @return The frame.
    */
    const frame& operator[](std::size_t i) const noexcept { return data()[i]; }
    /** The frame at index `i`, checked.

        @param i The index.
        @return The frame.
        @throws std::out_of_range if `i >= size()`.
    */
    frame& at(std::size_t i)
    {
        if (i >= size_)
            boost::throw_exception(std::out_of_range("boost_zmqstream::message::at"));
        return data()[i];
    }
    /** The frame at index `i`, checked.

        @param i The index.
        @return The frame.
        @throws std::out_of_range if `i >= size()`.
    */
    const frame& at(std::size_t i) const { return const_cast<message*>(this)->at(i); }
    /** The first frame. Requires `!empty()`.

        @return The frame.
    */
    frame& front() noexcept { return data()[0]; }
    /** The first frame. Requires `!empty()`.

        @return The frame.
    */
    const frame& front() const noexcept { return data()[0]; }
    /** The last frame. Requires `!empty()`.

        @return The frame.
    */
    frame& back() noexcept { return data()[size_ - 1]; }
    /** The last frame. Requires `!empty()`.

        @return The frame.
    */
    const frame& back() const noexcept { return data()[size_ - 1]; }

    /** The start of the frames.

        @return An iterator to the first frame.
    */
    iterator begin() noexcept { return data(); }
    /** The end of the frames.

        @return An iterator past the last frame.
    */
    iterator end() noexcept { return data() + size_; }
    /** The start of the frames.

        @return An iterator to the first frame.
    */
    const_iterator begin() const noexcept { return data(); }
    /** The end of the frames.

        @return An iterator past the last frame.
    */
    const_iterator end() const noexcept { return data() + size_; }

    /** The number of frames.

        @return The number of frames.
    */
    std::size_t size() const noexcept { return size_; }
    /** Whether the message has no frames (an empty message cannot be sent).

        @return `size() == 0`.
    */
    bool empty() const noexcept { return size_ == 0; }

    /** Payload bytes over all frames (what the watermarks count).

        @return The sum of the frames' size().
    */
    std::size_t total_size() const noexcept
    {
        std::size_t n = 0;
        for (auto& f : *this)
            n += f.size();
        return n;
    }

    /** The property `name` of the first frame that has it (all the
        frames of a received message carry the same metadata).

        @param name The property name (see frame::property()).
        @return Its value, or `std::nullopt`.
    */
    std::optional<std::string_view> property(const char* name) const noexcept
    {
        for (auto& f : *this)
            if (auto v = f.property(name))
                return v;
        return std::nullopt;
    }

    /** The "User-Id" property (frame::user_id()).

        @return property("User-Id").
    */
    std::optional<std::string_view> user_id() const noexcept { return property("User-Id"); }

    /** Compares the frames' payloads, in order (not the metadata).

        @param a A message.
        @param b Another message.
        @return Whether both have the same number of frames with equal bytes.
    */
    friend bool operator==(const message& a, const message& b) noexcept
    {
        if (a.size() != b.size())
            return false;
        for (std::size_t i = 0; i < a.size(); ++i)
            if (a[i] != b[i])
                return false;
        return true;
    }
    /** Compares the frames' payloads, in order.

        @param a A message.
        @param b Another message.
        @return `!(a == b)`.
    */
    friend bool operator!=(const message& a, const message& b) noexcept { return !(a == b); }

    /** Prints `["data", "ask", 0x00ff]`: each frame as frame's operator<< prints it.

        @param os The stream written to.
        @param m The message.
        @return `os`.
    */
    friend std::ostream& operator<<(std::ostream& os, const message& m)
    {
        os << '[';
        const char* sep = "";
        for (auto& f : m)
        {
            os << sep << f;
            sep = ", ";
        }
        return os << ']';
    }

private:
    frame* data() noexcept { return heap_ ? heap_ : reinterpret_cast<frame*>(inline_); }
    const frame* data() const noexcept { return heap_ ? heap_ : reinterpret_cast<const frame*>(inline_); }
    std::size_t capacity() const noexcept { return heap_ ? heap_capacity_ : inline_frames; }

    // Relocates the frames (byte copy; see frame's move constructor).
    void take(message& other) noexcept
    {
        size_ = other.size_;
        if (other.heap_)
        {
            heap_ = other.heap_;
            heap_capacity_ = other.heap_capacity_;
            other.heap_ = nullptr;
        }
        else
            // Frame by frame: a fixed-size copy the compiler inlines (a
            // variable-length memcpy was the largest single cost of a move).
            for (std::size_t i = 0; i < size_; ++i)
                std::memcpy(static_cast<void*>(inline_ + i * sizeof(frame)), other.inline_ + i * sizeof(frame),
                    sizeof(frame));
        other.size_ = 0;
    }

    void grow(std::size_t n)
    {
        n = n < 8 ? 8 : n;
        frame* p = static_cast<frame*>(::operator new(n * sizeof(frame)));
        if (size_)
            std::memcpy(static_cast<void*>(p), data(), size_ * sizeof(frame));
        ::operator delete(heap_);
        heap_ = p;
        heap_capacity_ = n;
    }

    void destroy() noexcept
    {
        clear();
        if (heap_)
        {
            ::operator delete(heap_);
            heap_ = nullptr;
        }
    }

    alignas(frame) unsigned char inline_[inline_frames * sizeof(frame)];
    frame* heap_ = nullptr;
    std::size_t heap_capacity_ = 0;
    std::size_t size_ = 0;
};

} // namespace boost_zmqstream

#endif
