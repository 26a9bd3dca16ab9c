//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_CONTEXT_HPP
#define BOOST_ZMQSTREAM_CONTEXT_HPP

#include <boost_zmqstream/error.hpp>

#include <boost/throw_exception.hpp>

#include <zmq.h>

#include <initializer_list>
#include <string>
#include <utility>

/** @file
    boost_zmqstream::context, a libzmq context, and the default one.
*/

namespace boost_zmqstream {

/** An owned libzmq context (zmq_ctx_new / zmq_ctx_term).

    Destroying a context blocks in zmq_ctx_term() until every socket created in
    it is closed and, for sockets with a ZMQ_LINGER other than 0, their pending
    messages are sent: destroy streams before their context.

    Not copyable or movable: streams keep a pointer to it.
*/
class context
{
public:
    /** Creates a context with libzmq's default options (zmq_ctx_new).

        @throws boost::system::system_error with libzmq's error (in
        zmq_category()) if zmq_ctx_new() fails.
    */
    context() : ctx_(zmq_ctx_new())
    {
        if (!ctx_)
            boost::throw_exception(boost::system::system_error(last_zmq_error(), "zmq_ctx_new"));
    }

    /** A context with options set before any socket exists (some, such as
        ZMQ_MAX_SOCKETS and ZMQ_IO_THREADS, only take effect then):
        `context ctx({{ZMQ_MAX_SOCKETS, 4096}, {ZMQ_IO_THREADS, 2}});`

        @param options {option, value} pairs for zmq_ctx_set(), set in order.

        @throws boost::system::system_error naming the option that failed
        (the context is terminated again before the exception leaves).
    */
    explicit context(std::initializer_list<std::pair<int, int>> options) : context()
    {
        for (auto& o : options)
            if (zmq_ctx_set(ctx_, o.first, o.second) != 0)
            {
                error_code ec = last_zmq_error();
                zmq_ctx_term(ctx_);
                ctx_ = nullptr;
                boost::throw_exception(boost::system::system_error(ec, "zmq_ctx_set option " + std::to_string(o.first)));
            }
    }

    /** Sets a context option (zmq_ctx_set).

        @param option ZMQ_IO_THREADS, ZMQ_MAX_SOCKETS, ZMQ_IPV6, ...
        @param value The option's new value.

        @throws boost::system::system_error with libzmq's error (`EINVAL`
        for an unknown option or a value out of range).
    */
    void set(int option, int value)
    {
        if (zmq_ctx_set(ctx_, option, value) != 0)
            boost::throw_exception(boost::system::system_error(last_zmq_error(), "zmq_ctx_set"));
    }

    /** Reads a context option (zmq_ctx_get).

        @param option ZMQ_IO_THREADS, ZMQ_MAX_SOCKETS, ZMQ_IPV6, ...
        @return The option's value, or -1 for an unknown option (libzmq
        sets errno; nothing is thrown).
    */
    int get(int option) const { return zmq_ctx_get(ctx_, option); }

    /// Not copyable.
    context(const context&) = delete;
    /// Not copyable.
    context& operator=(const context&) = delete;

    /// Terminates the context (zmq_ctx_term): blocks until its sockets are closed (see the class).
    ~context()
    {
        if (ctx_)
            zmq_ctx_term(ctx_);
    }

    /** The libzmq context, for libzmq calls the library does not wrap.

        @return The `void*` that zmq_ctx_new() returned; owned by this object.
    */
    void* native_handle() const noexcept { return ctx_; }

private:
    void* ctx_;
};

/** The process-wide context used when stream_options::ctx is null.

    It is never terminated: zmq_ctx_term() at exit would block forever on any
    socket still holding unsent messages under an infinite ZMQ_LINGER.
    Thread-safe: created on the first call.

    @return The one default context.

    @throws boost::system::system_error on the first call if zmq_ctx_new()
    fails.
*/
inline context& default_context()
{
    static context* ctx = new context();
    return *ctx;
}

} // namespace boost_zmqstream

#endif
