//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_DETAIL_RING_HPP
#define BOOST_ZMQSTREAM_DETAIL_RING_HPP

#include <cstddef>
#include <memory>
#include <new>
#include <utility>

namespace boost_zmqstream {
namespace detail {

// A FIFO over one growing power-of-two array. std::deque allocates a node
// per message once messages exceed its 512-byte node size; this allocates
// only when the queue outgrows its largest size so far. Element addresses
// stay stable until the ring grows.
template <class T>
class ring
{
public:
    ring() = default;
    ring(const ring&) = delete;
    ring& operator=(const ring&) = delete;
    ~ring()
    {
        clear();
        ::operator delete(data_);
    }

    bool empty() const noexcept { return size_ == 0; }
    std::size_t size() const noexcept { return size_; }

    T& front() noexcept { return at(0); }
    T& back() noexcept { return at(size_ - 1); }
    T& operator[](std::size_t i) noexcept { return at(i); }

    template <class... Args>
    T& emplace_back(Args&&... args)
    {
        if (size_ == cap_)
            grow();
        T* p = &at(size_);
        ::new (static_cast<void*>(p)) T(std::forward<Args>(args)...);
        ++size_;
        return *p;
    }

    void pop_front() noexcept
    {
        at(0).~T();
        head_ = (head_ + 1) & (cap_ - 1);
        --size_;
    }

    void clear() noexcept
    {
        while (!empty())
            pop_front();
    }

private:
    T& at(std::size_t i) noexcept { return data_[(head_ + i) & (cap_ - 1)]; }

    void grow()
    {
        std::size_t cap = cap_ ? cap_ * 2 : 16;
        T* data = static_cast<T*>(::operator new(cap * sizeof(T)));
        for (std::size_t i = 0; i < size_; ++i)
        {
            ::new (static_cast<void*>(data + i)) T(std::move(at(i)));
            at(i).~T();
        }
        ::operator delete(data_);
        data_ = data;
        cap_ = cap;
        head_ = 0;
    }

    T* data_ = nullptr;
    std::size_t cap_ = 0, head_ = 0, size_ = 0;
};

} // namespace detail
} // namespace boost_zmqstream

#endif
