//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_MESSAGE_HPP
#define BOOST_ZMQSTREAM_MESSAGE_HPP

#include <boost_zmqstream/frame.hpp>

#include <boost/asio/buffer.hpp>

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

/** @file
    boost_zmqstream::message, what a stream reads and writes, and (through
    frame.hpp) its boost_zmqstream::frame.
*/

namespace boost_zmqstream {

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

    Since a frame converts to `boost::asio::const_buffer`, a message is a
    ConstBufferSequence of its payloads (`boost::asio::buffer_size(m)`,
    `boost::beast::buffers_to_string(m)`, `boost::asio::buffer_copy(b, m)`).
    It is move-only, and algorithms that keep a copy of the sequence
    (`beast::buffers_range`, `beast::buffers_cat`, `asio::write`,
    `asio::async_write`) take buffers(), a copyable view, instead
    (doc/buffers.md).
*/
class message
{
    static constexpr std::size_t inline_frames = 4;

public:
    using value_type = frame;             ///< The element type.
    using iterator = frame*;              ///< A contiguous iterator.
    using const_iterator = const frame*;  ///< A contiguous iterator to const.
    using size_type = std::size_t;        ///< The size type.

    /** A copyable ConstBufferSequence over the payloads of a message's
        frames (see buffers()). Valid while the message's iterators are.
    */
    class const_buffers_type
    {
    public:
        using value_type = frame;             ///< The element type; converts to `boost::asio::const_buffer`.
        using const_iterator = const frame*;  ///< A contiguous iterator.

        /// An empty sequence.
        const_buffers_type() noexcept = default;

        /** The frames `[first, last)`.

            @param first The first frame.
            @param last Past the last frame.
        */
        const_buffers_type(const frame* first, const frame* last) noexcept : first_(first), last_(last) {}

        /** The start of the frames.

            @return An iterator to the first frame.
        */
        const_iterator begin() const noexcept { return first_; }
        /** The end of the frames.

            @return An iterator past the last frame.
        */
        const_iterator end() const noexcept { return last_; }

    private:
        const frame* first_ = nullptr;
        const frame* last_ = nullptr;
    };

    // User-provided, as frame's is: `const message m;` compiles.
    /// An empty message (no frames; one cannot be sent).
    message() noexcept {}

    /** One frame per string: `message{"data", "ask", std::to_string(i)}`.

        @param parts The frames' contents, copied.
    */
    message(std::initializer_list<std::string_view> parts);

    /** One frame per buffer.

        @param parts The frames' contents, copied.
    */
    message(std::initializer_list<boost::asio::const_buffer> parts);

    /** A message of one frame.

        @param f The frame, taken (left empty).
    */
    explicit message(frame&& f) { push_back(std::move(f)); }

    /** One frame per frame: `message{frame::adopt(std::move(header)),
        frame::adopt(std::move(body))}`. Each frame is shared, not copied
        (frame::clone(): the temporaries are gone after the statement, so
        the message ends up the payloads' only owner); what libzmq keeps
        inside the zmq_msg_t (at most 33 bytes) is copied.

        @param parts The frames (`F` is frame).
    */
    // Without it `message{frame(...)}` would pick the constructor taking
    // buffers and copy the payload through frame's conversion to
    // const_buffer. The elements of an initializer_list are const: shared
    // (zmq_msg_copy), not moved from.
    template <class F, std::enable_if_t<std::is_same<F, frame>::value, int> = 0>
    message(std::initializer_list<F> parts)
    {
        reserve(parts.size());
        for (auto& f : parts)
            push_back(f.clone());
    }

    /** Takes the frames of `other`, which is left empty (and usable).

        @param other The message moved from.
    */
    message(message&& other) noexcept { take(other); }

    /** Releases this message's frames, then takes those of `other`, which is left empty.

        @param other The message moved from.
        @return `*this`.
    */
    message& operator=(message&& other) noexcept;

    message(const message&) = delete;
    message& operator=(const message&) = delete;

    /// Releases every frame.
    ~message()
    {
        if (size_ != 0 || heap_)  // a moved-from message: nothing to release
            destroy();
    }

    /** A message sharing this one's payloads (frame::clone() of each frame).

        @return The copy.
    */
    message clone() const;

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
    /// Deleted: a frame is taken by move (or shared with frame::clone()), never copied through its buffer.
    void push_back(const frame&) = delete;
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
    frame& emplace_back(Args&&... args);

    /** Removes the first frame; the others move down. Requires `!empty()`.

        Does not throw.
    */
    void pop_front();

    /// Removes the last frame. Requires `!empty()`.
    void pop_back() noexcept { data()[--size_].~frame(); }

    /// Removes every frame; keeps the allocated capacity.
    void clear() noexcept;

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
    frame& at(std::size_t i);
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

    /** The frames as a copyable ConstBufferSequence, for algorithms that
        keep a copy of the sequence: `beast::buffers_range(m.buffers())`,
        `beast::buffers_cat(m.buffers(), tail)`,
        `asio::async_write(socket, m.buffers(), token)` (the message must
        then outlive the operation and not change).

        @return A view of the frames, valid while iterators to them are.
    */
    const_buffers_type buffers() const noexcept { return {begin(), end()}; }

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
    std::size_t total_size() const noexcept;

    /** The property `name` of the first frame that has it (all the
        frames of a received message carry the same metadata).

        @param name The property name (see frame::property()).
        @return Its value, or `std::nullopt`.
    */
    std::optional<std::string_view> property(const char* name) const noexcept;

    /** The "User-Id" property (frame::user_id()).

        @return property("User-Id").
    */
    std::optional<std::string_view> user_id() const noexcept { return property("User-Id"); }

    // Hidden friends, as frame's: the bodies that do the work are in
    // impl/message.hpp.
    /** Compares the frames' payloads, in order (not the metadata).

        @param a A message.
        @param b Another message.
        @return Whether both have the same number of frames with equal bytes.
    */
    friend bool operator==(const message& a, const message& b) noexcept { return a.equals(b); }
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
    friend std::ostream& operator<<(std::ostream& os, const message& m) { return m.print(os); }

private:
    frame* data() noexcept { return heap_ ? heap_ : reinterpret_cast<frame*>(inline_); }
    const frame* data() const noexcept { return heap_ ? heap_ : reinterpret_cast<const frame*>(inline_); }
    std::size_t capacity() const noexcept { return heap_ ? heap_capacity_ : inline_frames; }

    bool equals(const message& other) const noexcept;
    std::ostream& print(std::ostream& os) const;
    void take(message& other) noexcept;
    void grow(std::size_t n);
    void destroy() noexcept;

    alignas(frame) unsigned char inline_[inline_frames * sizeof(frame)];
    frame* heap_ = nullptr;
    std::size_t heap_capacity_ = 0;
    std::size_t size_ = 0;
};

} // namespace boost_zmqstream

#include <boost_zmqstream/impl/message.hpp>

#endif
