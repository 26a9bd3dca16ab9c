//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_DETAIL_STREAM_SERVICE_HPP
#define BOOST_ZMQSTREAM_DETAIL_STREAM_SERVICE_HPP

#include <boost/asio/execution/context.hpp>
#include <boost/asio/execution_context.hpp>
#include <boost/asio/query.hpp>

#include <mutex>

namespace boost_zmqstream {
namespace detail {

namespace asio = boost::asio;

// One link per engine in its execution context's service.
struct shutdown_hook
{
    shutdown_hook* next = nullptr;
    shutdown_hook* prev = nullptr;
    bool linked = false;
    void (*fn)(shutdown_hook*) noexcept = nullptr;
    void* owner = nullptr;
};

/* The execution context's record of the engines that run on it, so that
   destroying the context destroys their parked handlers without invoking
   them and releases their sockets, as Asio's own I/O objects do (Beast's
   basic_stream keeps the same kind of service). Without it a handler that
   owns its session (the shared_from_this idiom), or a suspended coroutine,
   would keep the socket open forever, and zmq_ctx_term would hang on it. */
class stream_service : public asio::execution_context::service
{
public:
    inline static asio::execution_context::id id;

    explicit stream_service(asio::execution_context& ctx) : asio::execution_context::service(ctx) {}

    template <class Executor>
    static stream_service& of(const Executor& ex)
    {
        return asio::use_service<stream_service>(asio::query(ex, asio::execution::context));
    }

    void add(shutdown_hook* h)
    {
        std::lock_guard<std::mutex> lock(mutex_);
        h->prev = nullptr;
        h->next = head_;
        if (head_)
            head_->prev = h;
        head_ = h;
        h->linked = true;
    }

    void remove(shutdown_hook* h) noexcept
    {
        std::lock_guard<std::mutex> lock(mutex_);
        unlink(h);
    }

private:
    void unlink(shutdown_hook* h) noexcept
    {
        if (!h->linked)
            return;
        if (h->prev)
            h->prev->next = h->next;
        else
            head_ = h->next;
        if (h->next)
            h->next->prev = h->prev;
        h->next = h->prev = nullptr;
        h->linked = false;
    }

    // One engine at a time, unlinked first: destroying its handlers may
    // destroy other streams, which unlink themselves meanwhile.
    void shutdown() override
    {
        for (;;)
        {
            shutdown_hook* h;
            {
                std::lock_guard<std::mutex> lock(mutex_);
                h = head_;
                if (!h)
                    return;
                unlink(h);
            }
            h->fn(h);
        }
    }

    std::mutex mutex_;
    shutdown_hook* head_ = nullptr;
};

} // namespace detail
} // namespace boost_zmqstream

#endif
