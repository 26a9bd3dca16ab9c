//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_FRAME_HPP
#define BOOST_ZMQSTREAM_FRAME_HPP

#include <boost_zmqstream/error.hpp>

#include <boost/asio/buffer.hpp>

#include <zmq.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

// frame::adopt() takes a Beast flat buffer by move. Declared, not included:
// frame.hpp does not depend on Beast; whoever has a flat buffer to give
// has included <boost/beast/core/flat_buffer.hpp>, which defines it.
namespace boost {
namespace beast {
template <class Allocator>
class basic_flat_buffer;
} // namespace beast
} // namespace boost

/** @file
    boost_zmqstream::frame, one part of a boost_zmqstream::message.
*/

namespace boost_zmqstream {

namespace detail {

// The element types frame::adopt() takes a std::vector of.
template <class T>
struct is_adoptable_byte
    : std::integral_constant<bool,
          std::is_same<T, char>::value || std::is_same<T, signed char>::value ||
              std::is_same<T, unsigned char>::value || std::is_same<T, std::byte>::value>
{
};

// A stateless allocator: a container using it refers to nothing but its own
// storage, so libzmq may free it from its I/O thread after everything else
// is gone (std::allocator; not a std::pmr one, which points at a resource).
template <class Allocator>
struct is_stateless_allocator : std::allocator_traits<Allocator>::is_always_equal
{
};

} // namespace detail

/** One frame of a ZeroMQ message: owns a zmq_msg_t.

    Move-only. Receiving fills the zmq_msg_t in place and sending hands it to
    libzmq, so neither copies the payload. Building a frame from caller memory
    copies that memory once; adopt() takes a container's memory without
    copying it.

    A frame converts implicitly to `boost::asio::const_buffer` (its payload),
    so a sequence of frames, message among them, is a ConstBufferSequence.

    The constructors that allocate throw boost::system::system_error if
    zmq_msg_init_size() fails (`ENOMEM`).
*/
class frame
{
public:
    // User-provided (not `= default`) so that `const frame f;` compiles: a
    // const object needs a user-provided default constructor when a member
    // (the zmq_msg_t, left uninitialised while the frame is empty) has no
    // initialiser.
    /// An empty frame.
    frame() noexcept {}

    /** A frame of `n` uninitialised bytes (fill it through data()).

        @param n The payload size in bytes.
        @throws boost::system::system_error if libzmq cannot allocate it.
    */
    explicit frame(std::size_t n);

    /** A copy of `size` bytes at `data`.

        @param data The bytes to copy; may be null when `size` is 0.
        @param size Their number.
        @throws boost::system::system_error if libzmq cannot allocate it.
    */
    frame(const void* data, std::size_t size);

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

    /** A copy of the bytes of a buffer sequence, concatenated into one
        frame: `frame(beast::buffers_cat(header, body))` copies once.

        Takes any ConstBufferSequence (`boost::asio::is_const_buffer_sequence`)
        other than a single buffer (see frame(boost::asio::const_buffer));
        a message among them (its frames' bytes, joined).

        @param buffers The bytes to copy.
        @throws boost::system::system_error if libzmq cannot allocate it.
    */
    template <class ConstBufferSequence,
        std::enable_if_t<boost::asio::is_const_buffer_sequence<ConstBufferSequence>::value &&
                !std::is_convertible<const ConstBufferSequence&, boost::asio::const_buffer>::value,
            int> = 0>
    explicit frame(const ConstBufferSequence& buffers) : frame(boost::asio::buffer_size(buffers))
    {
        if (size())
            boost::asio::buffer_copy(buffer(), buffers);
    }

    /** A frame that takes the memory of `s` without copying it
        (zmq_msg_init_data()).

        The string is moved to the heap and freed when libzmq releases the
        payload: after the last frame sharing it is gone, or once a send
        has put it on the wire, possibly on a libzmq I/O thread after the
        stream and everything else are gone. The deleter touches nothing but
        that string. Pays for large payloads; for a few dozen bytes a copy
        (frame(std::string_view)) is cheaper (doc/buffers.md). An empty
        string gives an empty frame (freed with it).

        On failure `s` is left as it was (strong guarantee).

        @param s The string, taken (left empty). The allocator must be
        stateless (`is_always_equal`), as std::allocator is.
        @return The frame; data() is `s.data()` as it was before the call
        (for a string held inline by the small-string optimisation, the
        moved string's own copy).
        @throws std::bad_alloc or boost::system::system_error (`ENOMEM` from
        zmq_msg_init_data()) if memory runs out.
    */
    template <class Allocator,
        std::enable_if_t<detail::is_stateless_allocator<Allocator>::value, int> = 0>
    static frame adopt(std::basic_string<char, std::char_traits<char>, Allocator>&& s)
    {
        return adopt_owned(std::move(s));
    }

    /** A frame that takes the memory of `v` without copying it
        (zmq_msg_init_data()); see adopt(std::basic_string&&).

        @param v The bytes (`char`, `signed char`, `unsigned char` or
        `std::byte`), taken (left empty). The allocator must be stateless.
        @return The frame; data() is `v.data()` as it was before the call.
        @throws std::bad_alloc or boost::system::system_error (`ENOMEM` from
        zmq_msg_init_data()) if memory runs out.
    */
    template <class T, class Allocator,
        std::enable_if_t<detail::is_adoptable_byte<T>::value && detail::is_stateless_allocator<Allocator>::value,
            int> = 0>
    static frame adopt(std::vector<T, Allocator>&& v)
    {
        return adopt_owned(std::move(v));
    }

    /** A frame that takes the memory of a Beast flat buffer without copying
        it (zmq_msg_init_data()); its readable bytes (`b.data()`) are the
        payload. See adopt(std::basic_string&&).

        @param b The buffer (`boost::beast::flat_buffer`), taken (left
        empty). The allocator must be stateless.
        @return The frame; data() is `b.data().data()` as it was before the call.
        @throws std::bad_alloc or boost::system::system_error (`ENOMEM` from
        zmq_msg_init_data()) if memory runs out.
    */
    template <class Allocator,
        std::enable_if_t<detail::is_stateless_allocator<Allocator>::value, int> = 0>
    static frame adopt(boost::beast::basic_flat_buffer<Allocator>&& b)
    {
        return adopt_owned(std::move(b));
    }

    // A zmq_msg_t is relocatable (zmq_msg_move() is a struct copy plus
    // re-initialising the source). A moved-from frame holds no zmq_msg_t at
    // all, so moving a message through queues and handlers costs no libzmq
    // call; that is most of the per-message cost otherwise.
    /** Takes the payload of `other`, which is left empty (and usable).

        @param other The frame moved from.
    */
    frame(frame&& other) noexcept;

    /** Releases this frame's payload, then takes that of `other`, which is left empty.

        @param other The frame moved from.
        @return `*this`.
    */
    frame& operator=(frame&& other) noexcept;

    frame(const frame&) = delete;
    frame& operator=(const frame&) = delete;

    /// Releases the payload (zmq_msg_close).
    ~frame() { reset(); }

    /// Releases the payload; the frame becomes empty.
    void reset() noexcept;

    /** A frame sharing this one's payload (zmq_msg_copy: reference-counted for large frames).

        Do not write through data() of either frame afterwards: libzmq
        shares the bytes of a large frame between the two.

        @return The copy; an empty frame if this one is empty.
    */
    frame clone() const;

    /** The payload.

        @return Its first byte; null for a frame that holds no zmq_msg_t
        (default-constructed, moved from or reset).
    */
    void* data() noexcept { return live_ ? zmq_msg_data(&msg_) : nullptr; }
    /** The payload.

        @return Its first byte; null for a frame that holds no zmq_msg_t.
    */
    const void* data() const noexcept { return live_ ? zmq_msg_data(&msg_) : nullptr; }
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

    /** The payload as an Asio buffer, implicitly: what makes a sequence of
        frames (a message) a ConstBufferSequence, and lets
        `boost::asio::buffer(f)` work.

        @return buffer() of the const frame.
    */
    operator boost::asio::const_buffer() const& noexcept { return buffer(); }
    /// Deleted: the buffer of a temporary frame would dangle at once.
    operator boost::asio::const_buffer() && = delete;

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
    zmq_msg_t* handle() noexcept;

    /** A metadata property of a received frame (zmq_msg_gets): "User-Id"
        (the user id a ZAP handler returned), "Peer-Address", "Socket-Type",
        "Routing-Id", or one of the ZAP handler's metadata names. Empty for
        a frame that was not received or has no such property. The view
        stays valid while the frame holds this payload.

        @param name The property name (NUL-terminated, not null).
        @return Its value, or `std::nullopt`.
    */
    std::optional<std::string_view> property(const char* name) const noexcept;

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

    // Hidden friends (found by argument-dependent lookup only), so each body
    // stays here and the printing itself is in impl/frame.hpp.
    /** Prints printable frames as text and others as hex, shortened past 64 bytes.

        @param os The stream written to.
        @param f The frame.
        @return `os`.
    */
    friend std::ostream& operator<<(std::ostream& os, const frame& f) { return f.print(os); }

private:
    std::ostream& print(std::ostream& os) const;

    template <class Container>
    static void free_owned(void*, void* hint) noexcept;

    template <class Container>
    static std::pair<void*, std::size_t> contents(Container& c) noexcept;

    template <class Container>
    static frame adopt_owned(Container&& c);

    // mutable: libzmq's accessors (zmq_msg_data, zmq_msg_size, zmq_msg_gets)
    // take a non-const zmq_msg_t*, and zmq_msg_copy marks its source shared,
    // so reading a const frame writes to it as far as C++ can tell.
    mutable zmq_msg_t msg_;
    bool live_ = false;
};

} // namespace boost_zmqstream

#include <boost_zmqstream/impl/frame.hpp>

#endif
