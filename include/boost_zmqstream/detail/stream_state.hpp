//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_DETAIL_STREAM_STATE_HPP
#define BOOST_ZMQSTREAM_DETAIL_STREAM_STATE_HPP

#include <boost_zmqstream/context.hpp>
#include <boost_zmqstream/detail/engine.hpp>
#include <boost_zmqstream/detail/names.hpp>
#include <boost_zmqstream/options.hpp>

#include <boost/throw_exception.hpp>

#include <atomic>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace boost_zmqstream {
namespace detail {

inline std::string quoted(std::string_view what, std::string_view arg)
{
    std::string s(what);
    s += " \"";
    s += arg;
    s += '"';
    return s;
}

[[noreturn]] inline void throw_error(const error_code& ec, const std::string& what)
{
    boost::throw_exception(boost::system::system_error(ec, what));
}

inline void throw_if(const error_code& ec, const char* what)
{
    if (ec)
        throw_error(ec, what);
}

// aiozmq's rules: unset gives 64 KiB / 16 KiB, one side derives the other.
inline std::pair<std::size_t, std::size_t> resolve_limits(
    std::optional<std::size_t> high, std::optional<std::size_t> low, const char* which)
{
    std::size_t h, l;
    if (!high && !low)
        h = 65536, l = 16384;
    else if (!high)
        l = *low, h = *low == unlimited ? unlimited : (*low > unlimited / 4 ? unlimited : *low * 4);
    else if (!low)
        h = *high, l = *high / 4;
    else
        h = *high, l = *low;
    if (h < l)
        throw_error(make_error_code(error::invalid_limits),
            std::string("high_") + which + " = " + std::to_string(h) + " is below low_" + which + " = " +
                std::to_string(l));
    return {h, l};
}

template <class Executor>
struct stream_state
{
    using engine_type = engine<Executor>;

    Executor ex;
    void* ctx = nullptr;
    std::shared_ptr<engine_type> socket_engine;
    std::shared_ptr<engine_type> monitor_engine;
    std::optional<std::size_t> events_backlog;
    std::vector<std::pair<std::string, std::string>> bound;   // {as asked, as resolved}
    std::vector<std::string> connected;
    std::map<std::string, int> subs;                           // libzmq counts subscriptions

    // Validates everything that can be validated before a socket exists,
    // then creates, binds and connects; only then registers ZMQ_FD. Any
    // failure closes the socket and leaves no reactor registration.
    stream_state(const Executor& e, int zmq_type, stream_options opts) : ex(e), events_backlog(opts.events_backlog)
    {
        auto r = resolve_limits(opts.high_read, opts.low_read, "read");
        auto w = resolve_limits(opts.high_write, opts.low_write, "write");
        ctx = (opts.ctx ? *opts.ctx : default_context()).native_handle();
        void* sock = opts.zmq_sock;
        if (sock)
            check_adopted_type(sock, zmq_type);
        else
        {
            sock = zmq_socket(ctx, zmq_type);
            if (!sock)
                throw_socket_error(ctx, zmq_type);
        }
        try
        {
            for (auto& ep : opts.bind)
                do_bind(sock, ep);
            for (auto& ep : opts.connect)
                do_connect(sock, ep);
        }
        catch (...)
        {
            int zero = 0;
            zmq_setsockopt(sock, ZMQ_LINGER, &zero, sizeof(zero));
            zmq_close(sock);
            throw;
        }
        socket_engine = std::make_shared<engine_type>(ex, sock, typename engine_type::limits{r.first, r.second, w.first, w.second},
            false, std::nullopt);
        socket_engine->start();
    }

    // EMFILE from zmq_socket is libzmq's own socket limit, not the process's
    // descriptors: say which limit, and how to raise it.
    [[noreturn]] static void throw_socket_error(void* ctx, int zmq_type)
    {
        error_code ec = last_zmq_error();
        std::string what = "zmq_socket: socket type " + std::to_string(zmq_type);
        if (ec == std::errc::too_many_files_open)
            what += ": the context's ZMQ_MAX_SOCKETS limit (" + std::to_string(zmq_ctx_get(ctx, ZMQ_MAX_SOCKETS)) +
                    ") is reached; create a boost_zmqstream::context({{ZMQ_MAX_SOCKETS, n}}) and pass it in "
                    "stream_options::ctx";
        throw_error(ec, what);
    }

    // An adopted socket of another type than asked for is refused (aiozmq
    // raises too); the caller keeps it, since it was never adopted.
    static void check_adopted_type(void* sock, int zmq_type)
    {
        int actual = -1;
        std::size_t len = sizeof(actual);
        if (zmq_getsockopt(sock, ZMQ_TYPE, &actual, &len) != 0)
            throw_error(last_zmq_error(), "stream_options::zmq_sock: not a libzmq socket");
        if (actual != zmq_type)
            throw_error(make_error_code(std::errc::invalid_argument),
                "stream_options::zmq_sock is a " + socket_type_name(actual) + " socket, but the stream was asked for " +
                    socket_type_name(zmq_type));
    }

    stream_state(const stream_state&) = delete;
    stream_state& operator=(const stream_state&) = delete;

    ~stream_state() { destroy(); }

    void* sock() const noexcept { return socket_engine ? socket_engine->socket() : nullptr; }

    error_code check_socket() const
    {
        if (!sock())
            return make_error_code(socket_engine ? error::stream_closed : error::not_open);
        return {};
    }

    // ------------------------------------------------------------ transport

    void do_bind(void* s, const std::string& ep)
    {
        if (zmq_bind(s, ep.c_str()) != 0)
            throw_error(last_zmq_error(), quoted("bind", ep));
        char buf[1024];
        std::size_t len = sizeof(buf);
        std::string resolved = ep;
        if (zmq_getsockopt(s, ZMQ_LAST_ENDPOINT, buf, &len) == 0 && len > 1)
            resolved.assign(buf, len - 1);
        bound.emplace_back(ep, std::move(resolved));
    }

    void do_connect(void* s, const std::string& ep)
    {
        if (zmq_connect(s, ep.c_str()) != 0)
            throw_error(last_zmq_error(), quoted("connect", ep));
        connected.push_back(ep);
    }

    void after_libzmq_call()
    {
        if (socket_engine)
            socket_engine->after_libzmq_call();
    }

    void bind(std::string_view ep)
    {
        throw_if(check_socket(), "bind");
        std::string e(ep);
        struct guard { stream_state* s; ~guard() { s->after_libzmq_call(); } } g{this};
        do_bind(sock(), e);
    }

    void connect(std::string_view ep)
    {
        throw_if(check_socket(), "connect");
        std::string e(ep);
        struct guard { stream_state* s; ~guard() { s->after_libzmq_call(); } } g{this};
        do_connect(sock(), e);
    }

    // Accepts the endpoint as given to bind() or as resolved by bindings().
    void unbind(std::string_view ep)
    {
        throw_if(check_socket(), "unbind");
        auto it = bound.begin();
        while (it != bound.end() && it->first != ep && it->second != ep)
            ++it;
        std::string target = it != bound.end() ? it->second : std::string(ep);
        int rc = zmq_unbind(sock(), target.c_str());
        after_libzmq_call();
        if (rc != 0)
            throw_error(last_zmq_error(), quoted("unbind", ep));
        if (it != bound.end())
            bound.erase(it);
    }

    void disconnect(std::string_view ep)
    {
        throw_if(check_socket(), "disconnect");
        std::string e(ep);
        int rc = zmq_disconnect(sock(), e.c_str());
        after_libzmq_call();
        if (rc != 0)
            throw_error(last_zmq_error(), quoted("disconnect", ep));
        for (auto it = connected.begin(); it != connected.end(); ++it)
            if (*it == e)
            {
                connected.erase(it);
                break;
            }
    }

    std::vector<std::string> bindings() const
    {
        std::vector<std::string> v;
        for (auto& b : bound)
            v.push_back(b.second);
        return v;
    }

    // "subscribe on a DEALER socket"
    std::string option_context(int name) const
    {
        return option_name(name) + " on a " + socket_type_name(socket_engine->type()) + " socket";
    }

    void setsockopt(int name, const void* data, std::size_t size)
    {
        if (error_code ec = check_socket())
            throw_error(ec, option_context(name));
        int rc = zmq_setsockopt(sock(), name, data, size);
        after_libzmq_call();
        if (rc != 0)
            throw_error(last_zmq_error(), option_context(name));
    }

    void getsockopt(int name, void* data, std::size_t& size) const
    {
        if (error_code ec = check_socket())
            throw_error(ec, option_context(name));
        int rc = zmq_getsockopt(sock(), name, data, &size);
        const_cast<stream_state*>(this)->after_libzmq_call();
        if (rc != 0)
            throw_error(last_zmq_error(), option_context(name));
    }

    void subscribe(std::string_view topic)
    {
        setsockopt(ZMQ_SUBSCRIBE, topic.data(), topic.size());
        ++subs[std::string(topic)];
    }

    void unsubscribe(std::string_view topic)
    {
        setsockopt(ZMQ_UNSUBSCRIBE, topic.data(), topic.size());
        auto it = subs.find(std::string(topic));
        if (it != subs.end() && --it->second == 0)
            subs.erase(it);
    }

    std::vector<std::string> subscriptions() const
    {
        std::vector<std::string> v;
        for (auto& s : subs)
            v.push_back(s.first);
        return v;
    }

    // ------------------------------------------------------------ monitor

    void enable_monitor(int events)
    {
        throw_if(check_socket(), "enable_monitor");
        if (monitor_engine)
            disable_monitor();
        static std::atomic<unsigned long> counter{0};
        std::string addr = "inproc://boost_zmqstream.monitor." + std::to_string(++counter) + "." +
                           std::to_string(reinterpret_cast<std::uintptr_t>(this));
        if (zmq_socket_monitor(sock(), addr.c_str(), events) != 0)
        {
            error_code ec = last_zmq_error();
            after_libzmq_call();
            throw_error(ec, quoted("enable_monitor: zmq_socket_monitor", addr));
        }
        after_libzmq_call();
        void* pair = zmq_socket(ctx, ZMQ_PAIR);
        // No receive limit: libzmq sends each event with a blocking send, so
        // a full monitor pipe would stall the monitored socket (and its
        // zmq_socket_monitor(NULL) and close). The engine keeps draining it.
        int unlimited_hwm = 0;
        if (pair)
            zmq_setsockopt(pair, ZMQ_RCVHWM, &unlimited_hwm, sizeof(unlimited_hwm));
        if (!pair || zmq_connect(pair, addr.c_str()) != 0)
        {
            error_code ec = last_zmq_error();
            if (pair)
                zmq_close(pair);
            zmq_socket_monitor(sock(), nullptr, 0);
            throw_error(ec, quoted("enable_monitor: connect", addr));
        }
        monitor_engine = std::make_shared<engine_type>(ex, pair,
            typename engine_type::limits{unlimited, unlimited, unlimited, unlimited}, true, events_backlog);
        monitor_engine->start();
        socket_engine->link_monitor(monitor_engine.get());
    }

    void disable_monitor(const error_code& reads = make_error_code(error::monitor_not_enabled))
    {
        if (!monitor_engine)
            return;
        socket_engine->link_monitor(nullptr);
        if (sock())
        {
            zmq_socket_monitor(sock(), nullptr, 0);
            after_libzmq_call();
        }
        monitor_engine->abort(reads);
        monitor_engine.reset();
    }

    // ------------------------------------------------------------ stream

    // The public class asks these, never the engines: the state decides
    // which engine (the socket's or the monitor's) answers.
    int type() const noexcept { return socket_engine->type(); }
    bool is_open() const noexcept { return socket_engine->is_open(); }
    bool at_closing() const noexcept { return socket_engine->at_closing(); }
    void write(message&& m) { socket_engine->write(std::move(m)); }
    void pause_reading() { socket_engine->pause_reading(); }
    void resume_reading() { socket_engine->resume_reading(); }
    std::size_t read_buffer_size() const noexcept { return socket_engine->read_buffer_size(); }
    std::size_t write_buffer_size() const noexcept { return socket_engine->write_buffer_size(); }
    void set_read_limits(std::size_t high, std::size_t low) { socket_engine->set_read_limits(high, low); }
    void set_write_limits(std::size_t high, std::size_t low) { socket_engine->set_write_limits(high, low); }
    std::pair<std::size_t, std::size_t> write_limits() const noexcept { return {socket_engine->low_write(), socket_engine->high_write()}; }
    std::size_t write_error_count() const noexcept { return socket_engine->write_error_count(); }
    error_code last_write_error() const noexcept { return socket_engine->last_write_error(); }
    error_code exception() const noexcept { return socket_engine->exception(); }
    void set_exception(const error_code& ec) { socket_engine->set_exception(ec); }
    std::size_t event_buffer_size() const noexcept { return monitor_engine ? monitor_engine->read_buffer_count() : 0; }
    const std::vector<std::string>& connections() const noexcept { return connected; }

    // ------------------------------------------------------------ operations

    template <class Handler>
    void async_read(Handler& h)
    {
        socket_engine->async_read(h);
    }

    template <class Handler>
    void async_read_batch(std::vector<message>& out, std::size_t max, Handler& h)
    {
        socket_engine->async_read_batch(out, max, h);
    }

    template <class Handler>
    void async_read_event(Handler& h)
    {
        if (socket_engine->exception() || !socket_engine->is_open() || !monitor_engine)
        {
            error_code ec = socket_engine->exception() ? socket_engine->exception()
                            : !socket_engine->is_open() ? make_error_code(error::stream_closed)
                                               : make_error_code(error::monitor_not_enabled);
            return post_immediate(ex, h, ec, monitor_event());
        }
        monitor_engine->template async_read<decode_event>(h, socket_engine->exception());
    }

    template <class Handler>
    void async_write(message&& m, Handler& h)
    {
        socket_engine->async_write(std::move(m), h);
    }

    template <class Handler>
    void async_drain(Handler& h)
    {
        socket_engine->async_drain(h);
    }

    void close()
    {
        disable_monitor(make_error_code(error::stream_closed));
        socket_engine->close();
    }

    template <class Handler>
    void async_close(Handler& h)
    {
        disable_monitor(make_error_code(error::stream_closed));
        socket_engine->async_close(h);
    }

    // Every pending operation, the monitor's event reads included.
    void cancel()
    {
        socket_engine->cancel();
        if (monitor_engine)
            monitor_engine->fail_reads(asio::error::operation_aborted);
    }

    void abort()
    {
        disable_monitor(make_error_code(error::stream_closed));
        socket_engine->abort(make_error_code(error::stream_closed));
    }

    // The stream object is destroyed: Asio's rule, every pending operation
    // completes with operation_aborted; after close() the flush goes on.
    void destroy()
    {
        if (!socket_engine || socket_engine->shut_down())
            return;
        disable_monitor(asio::error::operation_aborted);
        if (socket_engine->is_open())
            socket_engine->abort(asio::error::operation_aborted);
        else
            socket_engine->detach_handlers();
    }
};

} // namespace detail
} // namespace boost_zmqstream

#endif
