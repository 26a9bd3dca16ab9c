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

#include <cstddef>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <new>
#include <optional>
#include <stdexcept>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

// frame::adopt() takes a Beast flat buffer by move. Declared, not included:
// message.hpp does not depend on Beast; whoever has a flat buffer to give
// has included <boost/beast/core/flat_buffer.hpp>, which defines it.
namespace boost {
namespace beast {
template <class Allocator>
class basic_flat_buffer;
} // namespace beast
} // namespace boost

/** @file
    boost_zmqstream::message, what a stream reads and writes, and its
    boost_zmqstream::frame.
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
            zmq_msg_copy(f.handle(), &msg_);
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
        const char* v = zmq_msg_gets(&msg_, name);
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
    template <class Container>
    static void free_owned(void*, void* hint) noexcept
    {
        delete static_cast<Container*>(hint);
    }

    template <class Container>
    static std::pair<void*, std::size_t> contents(Container& c) noexcept
    {
        // A std::basic_string or std::vector of bytes, or a Beast flat buffer
        // (whose data() is one mutable_buffer).
        if constexpr (std::is_convertible<decltype(c.data()), boost::asio::mutable_buffer>::value)
        {
            boost::asio::mutable_buffer b = c.data();
            return {b.data(), b.size()};
        }
        else
            return {static_cast<void*>(c.data()), c.size() * sizeof(*c.data())};
    }

    // Moves `c` to the heap and hands its bytes to libzmq with a deleter that
    // frees it: zmq_msg_init_data() does not copy, whatever the size (it
    // never makes a "very small message"), and calls the deleter once, when
    // the last zmq_msg_t sharing the payload is closed, on whichever thread
    // that happens (a sending I/O thread, a receiver, this one).
    template <class Container>
    static frame adopt_owned(Container&& c)
    {
        using owned_type = std::remove_reference_t<Container>;
        frame f;
        // An empty container goes the same way (libzmq takes size 0 with a
        // deleter): a branch that destroyed it here made g++ 12 -O2 warn
        // -Wfree-nonheap-object on the callers' inlined vectors.
        // If new throws, `c` was not touched.
        auto owned = std::make_unique<owned_type>(std::move(c));
        auto bytes = contents(*owned);
        if (zmq_msg_init_data(&f.msg_, bytes.first, bytes.second, &free_owned<owned_type>, owned.get()) != 0)
        {
            // libzmq did not take it (and will not call the deleter).
            auto ec = last_zmq_error();
            c = std::move(*owned);
            boost::throw_exception(boost::system::system_error(ec, "zmq_msg_init_data"));
        }
        owned.release();  // libzmq's now: freed by free_owned
        f.live_ = true;
        return f;
    }

    // mutable: libzmq's accessors (zmq_msg_data, zmq_msg_size, zmq_msg_gets)
    // take a non-const zmq_msg_t*, and zmq_msg_copy marks its source shared,
    // so reading a const frame writes to it as far as C++ can tell.
    mutable zmq_msg_t msg_;
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
