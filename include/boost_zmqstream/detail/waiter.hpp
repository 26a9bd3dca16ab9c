//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_DETAIL_WAITER_HPP
#define BOOST_ZMQSTREAM_DETAIL_WAITER_HPP

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/append.hpp>
#include <boost/asio/associated_allocator.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/cancellation_type.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/recycling_allocator.hpp>

#include <cstddef>
#include <memory>
#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>

namespace boost_zmqstream {
namespace detail {

namespace asio = boost::asio;

// The memory of parked operations whose handlers have no allocator of their
// own. In a read or write loop the node freed by an operation completing in
// a pass is the memory its handler's next operation needs at once: the
// engine keeps that one block at hand, where Asio's recycling allocator,
// which supplies the blocks, finds it through a thread-local lookup on each
// allocation and each free. Blocks are counted in max_align_t units and
// always returned to that allocator with the size they were allocated with.
class node_cache
{
public:
    using unit = std::max_align_t;

    node_cache() = default;
    node_cache(const node_cache&) = delete;
    node_cache& operator=(const node_cache&) = delete;
    ~node_cache()
    {
        if (block_)
            release(block_, units_);
    }

    // A block of at least `units`; `units` becomes the block's size.
    static void* allocate(node_cache* cache, std::size_t& units)
    {
        if (cache && cache->block_ && cache->units_ >= units)
        {
            units = cache->units_;
            return std::exchange(cache->block_, nullptr);
        }
        return asio::recycling_allocator<unit>().allocate(units);
    }

    // Keeps the block when `cache` (the engine's, during its pass) is empty.
    static void deallocate(node_cache* cache, void* p, std::size_t units) noexcept
    {
        if (cache && !cache->block_)
        {
            cache->block_ = p;
            cache->units_ = units;
            return;
        }
        release(p, units);
    }

private:
    static void release(void* p, std::size_t units) noexcept
    {
        asio::recycling_allocator<unit>().deallocate(static_cast<unit*>(p), units);
    }

    void* block_ = nullptr;
    std::size_t units_ = 0;
};

// A parked asynchronous operation: its handler, type-erased, in a node
// allocated through the handler's associated allocator (Asio's recycling
// allocator by default, so steady-state parking does not reach malloc),
// holding outstanding work on the handler's executor while it waits, and
// linked into an intrusive list so that cancellation unlinks it in O(1).
//
// complete() keeps the handler and its arguments in the node, which an
// upcall posted through the stream's I/O executor owns until it runs (as
// Asio's own operations keep their storage until the upcall): the handler
// never runs inside an initiating function, and the only storage per
// completion is the handler's own allocation. complete_here() is for the
// engine's pass, which runs on the I/O executor and outside any initiating
// function: a handler whose associated executor is that same executor runs
// at once, as dispatch() would run it; any other is posted. destroy() is for
// the execution context's shutdown: the handler is destroyed, never invoked.
//
// Data is what the engine keeps with the operation, typed: a batch read's
// vector and limit, a write's place in the queue, or nothing (no_data).
template <class Data, class Executor, class... Args>
class waiter
{
public:
    waiter* next_ = nullptr;
    waiter* prev_ = nullptr;
    bool linked_ = false;
    // A cancellation handler is installed in the handler's slot.
    bool has_slot_ = false;
    Data data{};

    // By rvalue reference: a message moves once, into the handler's argument.
    void complete(const Executor& ex, Args&&... args) { complete_(this, ex, nullptr, false, std::move(args)...); }
    // `cache`: the engine's, which may keep the node's memory for the next operation.
    void complete_here(const Executor& ex, node_cache& cache, Args&&... args)
    {
        complete_(this, ex, &cache, true, std::move(args)...);
    }
    void destroy() noexcept { destroy_(this); }

    // Called by the cancellation slot with the waiter it was installed for.
    using cancel_fn = void (*)(void* owner, waiter* w);

protected:
    using complete_fn = void (*)(waiter*, const Executor&, node_cache*, bool here, Args&&...);
    using destroy_fn = void (*)(waiter*) noexcept;
    waiter(complete_fn c, destroy_fn d) noexcept : complete_(c), destroy_(d) {}
    ~waiter() = default;

private:
    complete_fn complete_;
    destroy_fn destroy_;
};

// What an operation with nothing to keep keeps.
struct no_data
{
};

template <class Waiter>
struct cancel_handler
{
    using waiter_type = Waiter;
    typename waiter_type::cancel_fn fn;
    void* owner;
    waiter_type* w;

    // The slot keeps this object after the operation completed through it;
    // clearing `w` first makes a second emission a no-op, and the waiter must
    // not clear the slot from inside the slot's own call.
    void operator()(asio::cancellation_type type)
    {
        if (type == asio::cancellation_type::none || !w)
            return;
        waiter_type* target = w;
        w = nullptr;
        target->has_slot_ = false;
        fn(owner, target);
    }
};

// Outstanding work on the stream's own executor, counted once for all the
// parked operations whose handlers run there: one work guard per engine
// instead of one per operation (with any_io_executor a guard costs a
// type-erased prefer() and copy, the largest Asio cost per message). The
// guard is released only after the last such handler returned, as a
// per-operation guard would be.
template <class Executor>
class shared_work
{
public:
    explicit shared_work(const Executor& ex) : ex_(ex) {}

    void add()
    {
        if (count_++ == 0)
            guard_.emplace(ex_);
    }

    void release() noexcept
    {
        if (--count_ == 0)
            guard_.reset();
    }

    // The execution context shuts down: nothing may hold work on it later.
    void reset() noexcept
    {
        count_ = 0;
        guard_.reset();
    }

private:
    Executor ex_;
    std::size_t count_ = 0;
    std::optional<asio::executor_work_guard<Executor>> guard_;
};

// A handler with no executor of its own (a plain callback, or one that
// wraps such a callback) runs on the stream's: known at compile time, so the
// per-operation copy and type-erased comparison of any_io_executor is spared.
// The probe is a type no handler can associate.
struct no_executor_probe
{
};
template <class Handler>
constexpr bool uses_default_executor =
    std::is_same<asio::associated_executor_t<Handler, no_executor_probe>, no_executor_probe>::value;

// Likewise, a handler with no allocator of its own.
struct no_allocator_probe
{
    using value_type = void;
};
template <class Handler>
constexpr bool uses_default_allocator =
    std::is_same<asio::associated_allocator_t<Handler, no_allocator_probe>, no_allocator_probe>::value;

// Whether a handler associated with `h` may run on the I/O executor `io`
// as it is: the same executor, compared by value (an `as_default_on`
// stream's executor is unwrapped before it gets here, see io_executor()).
template <class H, class E>
bool same_executor(const H& h, const E& io) noexcept
{
    if constexpr (std::is_same<H, E>::value)
        return h == io;
    else if constexpr (std::is_same<E, asio::any_io_executor>::value)
    {
        const H* target = io.template target<H>();
        return target && *target == h;
    }
    else
        return false;
}

// Identity: hands the waiter's arguments to the handler unchanged.
struct pass_through
{
    template <class T>
    T&& operator()(T&& t) const noexcept
    {
        return std::forward<T>(t);
    }
};

// Transform maps each argument on the way to the handler (a monitor message
// becomes a monitor_event for async_read_event). Waiter is the parked
// operation's type, waiter<Data, Executor, Args...>.
template <class Handler, class Transform, class Waiter>
class waiter_impl;

template <class Handler, class Transform, class Data, class Executor, class... Args>
class waiter_impl<Handler, Transform, waiter<Data, Executor, Args...>> final
    : public waiter<Data, Executor, Args...>
{
    using base = waiter<Data, Executor, Args...>;
    using handler_executor = asio::associated_executor_t<Handler, Executor>;
    using alloc_type = typename std::allocator_traits<asio::associated_allocator_t<
        Handler, asio::recycling_allocator<void>>>::template rebind_alloc<waiter_impl>;
    // A handler with an allocator of its own gets its nodes from it.
    static constexpr bool cached = uses_default_allocator<Handler>;
    static constexpr std::size_t units = (sizeof(waiter_impl) + sizeof(node_cache::unit) - 1) / sizeof(node_cache::unit);

public:
    // Parks `h`; returns the node. `cancel` runs if the handler's slot is emitted.
    // `shared` counts the work when the handler's executor is `ex` itself.
    // `cache`, the engine's, may hold the memory.
    static base* create(Handler& h, const Executor& ex, typename base::cancel_fn cancel, void* owner,
        shared_work<Executor>* shared, node_cache* cache = nullptr)
    {
        alloc_type alloc(asio::get_associated_allocator(h, asio::recycling_allocator<void>()));
        std::size_t size = units;
        void* mem = allocate(alloc, cache, size);
        waiter_impl* p;
        try
        {
            p = ::new (mem) waiter_impl(std::move(h), ex, shared);
        }
        catch (...)
        {
            deallocate(alloc, nullptr, mem, size);
            throw;
        }
        p->units_ = size;
        auto slot = asio::get_associated_cancellation_slot(p->handler_);
        if (cancel && slot.is_connected())
        {
            p->has_slot_ = true;
            slot.template emplace<cancel_handler<base>>(cancel_handler<base>{cancel, owner, p});
        }
        return p;
    }

private:
    waiter_impl(Handler&& h, const Executor& ex, shared_work<Executor>* shared)
        : base(&do_complete, &do_destroy), handler_(std::move(h))
    {
        if constexpr (uses_default_executor<Handler>)
            same_ = true;
        else
            same_ = same_executor(asio::get_associated_executor(handler_, ex), ex);
        if (same_ && shared)
        {
            shared_ = shared;
            shared->add();
        }
        else
            work_.emplace(asio::get_associated_executor(handler_, ex));
    }

    // Owns the node from the post until the upcall: destroyed unrun (the
    // execution context shut down), it destroys the handler.
    struct upcall
    {
        waiter_impl* self;
        Executor ex;

        upcall(waiter_impl* s, const Executor& e) noexcept : self(s), ex(e) {}
        upcall(upcall&& o) noexcept : self(std::exchange(o.self, nullptr)), ex(std::move(o.ex)) {}
        upcall& operator=(upcall&&) = delete;
        ~upcall()
        {
            if (self)
                do_destroy(self);
        }

        using allocator_type = asio::associated_allocator_t<Handler, asio::recycling_allocator<void>>;
        allocator_type get_allocator() const noexcept
        {
            return asio::get_associated_allocator(self->handler_, asio::recycling_allocator<void>());
        }

        void operator()()
        {
            waiter_impl* p = std::exchange(self, nullptr);
            if (!p->same_)
            {
                // Another executor: it runs the handler, with work counted
                // by dispatch() itself before ours is released.
                std::apply(
                    [&](Args&... a) {
                        asio::dispatch(p->work_->get_executor(),
                            asio::append(std::move(p->handler_), Transform{}(std::move(a))...));
                    },
                    *p->args_);
                return p->free();
            }
            Handler handler(std::move(p->handler_));
            std::tuple<Args...> args(std::move(*p->args_));
            p->free();
            std::apply([&](Args&... a) { std::move(handler)(Transform{}(std::move(a))...); }, args);
        }
    };

    // Releases the work after the handler ran: were it the last work, the
    // io_context would stop before the handler could start more.
    struct release_on_exit
    {
        shared_work<Executor>* shared;
        ~release_on_exit()
        {
            if (shared)
                shared->release();
        }
    };

    static void do_complete(base* b, const Executor& ex, node_cache* cache, bool here, Args&&... args)
    {
        auto* self = static_cast<waiter_impl*>(b);
        self->clear_slot();
        if (here && self->same_)
        {
            Handler handler(std::move(self->handler_));
            release_on_exit release{self->shared_};
            self->free(cache);
            return std::move(handler)(Transform{}(std::move(args))...);
        }
        self->args_.emplace(std::move(args)...);
        // The posted upcall is outstanding work from here on.
        release_on_exit release{std::exchange(self->shared_, nullptr)};
        asio::post(ex, upcall(self, ex));
    }

    static void do_destroy(base* b) noexcept
    {
        auto* self = static_cast<waiter_impl*>(b);
        self->clear_slot();
        release_on_exit release{self->shared_};
        self->free();
    }

    void clear_slot() noexcept
    {
        if (this->has_slot_)
        {
            this->has_slot_ = false;
            asio::get_associated_cancellation_slot(handler_).clear();
        }
    }

    static void* allocate(alloc_type& alloc, node_cache* cache, std::size_t& size)
    {
        if constexpr (cached)
            return node_cache::allocate(cache, size);
        else
            return std::allocator_traits<alloc_type>::allocate(alloc, 1);
    }

    static void deallocate(alloc_type& alloc, node_cache* cache, void* mem, std::size_t size) noexcept
    {
        if constexpr (cached)
            node_cache::deallocate(cache, mem, size);
        else
            std::allocator_traits<alloc_type>::deallocate(alloc, static_cast<waiter_impl*>(mem), 1);
    }

    // The allocator and the size are copied out before the node is destroyed.
    void free(node_cache* cache = nullptr) noexcept
    {
        alloc_type alloc(asio::get_associated_allocator(handler_, asio::recycling_allocator<void>()));
        const std::size_t size = units_;
        this->~waiter_impl();
        deallocate(alloc, cache, this, size);
    }

    Handler handler_;
    std::optional<asio::executor_work_guard<handler_executor>> work_;
    shared_work<Executor>* shared_ = nullptr;
    bool same_ = false;
    std::size_t units_ = 0;  // the size of a cached handler's block
    std::optional<std::tuple<Args...>> args_;
};

// Completes `h` with `args` as if by post, through a node allocated with
// the handler's allocator (the Asio rule for immediate completions).
template <class Transform = pass_through, class Executor, class Handler, class... Args>
void post_immediate(const Executor& ex, Handler& h, Args... args)
{
    waiter_impl<Handler, Transform, waiter<no_data, Executor, Args...>>::create(h, ex, nullptr, nullptr, nullptr)
        ->complete(ex, std::move(args)...);
}

// An intrusive FIFO of waiters.
template <class W>
class waiter_list
{
public:
    bool empty() const noexcept { return head_ == nullptr; }
    std::size_t size() const noexcept { return size_; }
    W* front() const noexcept { return head_; }

    void push_back(W* w) noexcept
    {
        w->next_ = nullptr;
        w->prev_ = tail_;
        if (tail_)
            tail_->next_ = w;
        else
            head_ = w;
        tail_ = w;
        w->linked_ = true;
        ++size_;
    }

    W* pop_front() noexcept
    {
        W* w = head_;
        erase(w);
        return w;
    }

    void erase(W* w) noexcept
    {
        if (w->prev_)
            w->prev_->next_ = w->next_;
        else
            head_ = w->next_;
        if (w->next_)
            w->next_->prev_ = w->prev_;
        else
            tail_ = w->prev_;
        w->next_ = w->prev_ = nullptr;
        w->linked_ = false;
        --size_;
    }

private:
    W* head_ = nullptr;
    W* tail_ = nullptr;
    std::size_t size_ = 0;
};

} // namespace detail
} // namespace boost_zmqstream

#endif
