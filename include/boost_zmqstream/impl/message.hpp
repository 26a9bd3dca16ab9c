//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_IMPL_MESSAGE_HPP
#define BOOST_ZMQSTREAM_IMPL_MESSAGE_HPP

#include <boost/throw_exception.hpp>

#include <cstring>
#include <new>
#include <stdexcept>

namespace boost_zmqstream {

inline message::message(std::initializer_list<std::string_view> parts)
{
    reserve(parts.size());
    for (auto p : parts)
        emplace_back(p);
}

inline message::message(std::initializer_list<boost::asio::const_buffer> parts)
{
    reserve(parts.size());
    for (auto p : parts)
        emplace_back(p);
}

inline message& message::operator=(message&& other) noexcept
{
    if (this != &other)
    {
        destroy();
        take(other);
    }
    return *this;
}

inline message message::clone() const
{
    message m;
    m.reserve(size_);
    for (auto& f : *this)
        m.push_back(f.clone());
    return m;
}

template <class... Args>
frame& message::emplace_back(Args&&... args)
{
    if (size_ == capacity())
        grow(size_ * 2);
    frame* p = ::new (static_cast<void*>(data() + size_)) frame(std::forward<Args>(args)...);
    ++size_;
    return *p;
}

inline void message::pop_front()
{
    frame* d = data();
    d[0].~frame();
    std::memmove(static_cast<void*>(d), d + 1, (size_ - 1) * sizeof(frame));
    --size_;
}

inline void message::clear() noexcept
{
    frame* d = data();
    for (std::size_t i = 0; i < size_; ++i)
        d[i].~frame();
    size_ = 0;
}

inline frame& message::at(std::size_t i)
{
    if (i >= size_)
        boost::throw_exception(std::out_of_range("boost_zmqstream::message::at"));
    return data()[i];
}

inline std::size_t message::total_size() const noexcept
{
    std::size_t n = 0;
    for (auto& f : *this)
        n += f.size();
    return n;
}

inline std::optional<std::string_view> message::property(const char* name) const noexcept
{
    for (auto& f : *this)
        if (auto v = f.property(name))
            return v;
    return std::nullopt;
}

inline bool message::equals(const message& other) const noexcept
{
    if (size() != other.size())
        return false;
    for (std::size_t i = 0; i < size(); ++i)
        if ((*this)[i] != other[i])
            return false;
    return true;
}

inline std::ostream& message::print(std::ostream& os) const
{
    os << '[';
    const char* sep = "";
    for (auto& f : *this)
    {
        os << sep << f;
        sep = ", ";
    }
    return os << ']';
}

// Relocates the frames (byte copy; see frame's move constructor).
inline void message::take(message& other) noexcept
{
    size_ = other.size_;
    if (other.heap_)
    {
        heap_ = other.heap_;
        heap_capacity_ = other.heap_capacity_;
        other.heap_ = nullptr;
    }
    else if (size_ == 1)  // the common single frame: one fixed-size copy
        std::memcpy(static_cast<void*>(inline_), other.inline_, sizeof(frame));
    else
        // Frame by frame: a fixed-size copy the compiler inlines (a
        // variable-length memcpy was the largest single cost of a move).
        for (std::size_t i = 0; i < size_; ++i)
            std::memcpy(static_cast<void*>(inline_ + i * sizeof(frame)), other.inline_ + i * sizeof(frame),
                sizeof(frame));
    other.size_ = 0;
}

inline void message::grow(std::size_t n)
{
    n = n < 8 ? 8 : n;
    frame* p = static_cast<frame*>(::operator new(n * sizeof(frame)));
    if (size_)
        std::memcpy(static_cast<void*>(p), data(), size_ * sizeof(frame));
    ::operator delete(heap_);
    heap_ = p;
    heap_capacity_ = n;
}

inline void message::destroy() noexcept
{
    clear();
    if (heap_)
    {
        ::operator delete(heap_);
        heap_ = nullptr;
    }
}

} // namespace boost_zmqstream

#endif
