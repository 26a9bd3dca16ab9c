//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_IMPL_FRAME_HPP
#define BOOST_ZMQSTREAM_IMPL_FRAME_HPP

#include <boost/throw_exception.hpp>

#include <cstring>

namespace boost_zmqstream {

inline frame::frame(std::size_t n)
{
    if (zmq_msg_init_size(&msg_, n) != 0)
        boost::throw_exception(boost::system::system_error(last_zmq_error(), "zmq_msg_init_size"));
    live_ = true;
}

inline frame::frame(const void* data, std::size_t size) : frame(size)
{
    if (size)
        std::memcpy(zmq_msg_data(&msg_), data, size);
}

inline frame::frame(frame&& other) noexcept : live_(other.live_)
{
    if (live_)
    {
        std::memcpy(static_cast<void*>(&msg_), &other.msg_, sizeof(zmq_msg_t));
        other.live_ = false;
    }
}

inline frame& frame::operator=(frame&& other) noexcept
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

inline void frame::reset() noexcept
{
    if (live_)
    {
        zmq_msg_close(&msg_);
        live_ = false;
    }
}

inline frame frame::clone() const
{
    frame f;
    if (live_)
        zmq_msg_copy(f.handle(), &msg_);
    return f;
}

inline zmq_msg_t* frame::handle() noexcept
{
    if (!live_)
    {
        zmq_msg_init(&msg_);
        live_ = true;
    }
    return &msg_;
}

inline std::optional<std::string_view> frame::property(const char* name) const noexcept
{
    if (!live_)
        return std::nullopt;
    const char* v = zmq_msg_gets(&msg_, name);
    if (!v)
        return std::nullopt;
    return std::string_view(v);
}

inline std::ostream& frame::print(std::ostream& os) const
{
    auto v = view();
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

template <class Container>
void frame::free_owned(void*, void* hint) noexcept
{
    delete static_cast<Container*>(hint);
}

template <class Container>
std::pair<void*, std::size_t> frame::contents(Container& c) noexcept
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
frame frame::adopt_owned(Container&& c)
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

} // namespace boost_zmqstream

#endif
