//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_ZMQ_SOCKET_HPP
#define BOOST_ZMQSTREAM_ZMQ_SOCKET_HPP

#include <boost_zmqstream/context.hpp>
#include <boost_zmqstream/error.hpp>
#include <boost_zmqstream/options.hpp>
#include <boost_zmqstream/detail/initiation.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <zmq.h>

/** @file
    boost_zmqstream::basic_zmq_socket, the transport half of a stream: the
    socket's endpoints, options and monitor (aiozmq's ZmqTransport).
*/

namespace boost_zmqstream {

template <class Executor>
class basic_zmq_stream;

/** The transport half of basic_zmq_stream: endpoints, subscriptions,
    options, the socket monitor and the libzmq socket (aiozmq's
    ZmqTransport), as Asio's `basic_socket` is the base of
    `basic_stream_socket`.

    Not created on its own: it is the base of basic_zmq_stream, which adds
    the message operations. What basic_zmq_stream says about thread safety
    and moved-from objects holds for these members too.

    @tparam Executor The executor the socket is watched on.
*/
template <class Executor = boost::asio::any_io_executor>
class basic_zmq_socket
{
public:
    using executor_type = Executor;  ///< The executor type.

    /** The executor. Valid on a moved-from stream too.

        @return A copy of the executor.
    */
    executor_type get_executor() const noexcept { return ex_; }

    /** Binds an endpoint (zmq_bind).

        @param endpoint "tcp://127.0.0.1:*", "ipc:///tmp/x", "inproc://name", ...
        @throws boost::system::system_error naming the endpoint: libzmq's
        error (`EADDRINUSE`, `EINVAL`, `EPROTONOSUPPORT`, ...);
        `error::stream_closed` once the socket is closed; `error::not_open`
        on a moved-from stream.
    */
    void bind(std::string_view endpoint) { st("bind").bind(endpoint); }
    /** Binds an endpoint (zmq_bind), reporting failure through `ec`.

        @param endpoint "tcp://127.0.0.1:*", "ipc:///tmp/x", "inproc://name", ...
        @param ec Set to the error the throwing overload would throw (its
            message is lost), else cleared. Other exceptions (`std::bad_alloc`)
            still propagate.
    */
    void bind(std::string_view endpoint, error_code& ec) { capture(ec, [&] { bind(endpoint); }); }
    /** Connects to an endpoint (zmq_connect); libzmq connects in the background.

        @param endpoint "tcp://127.0.0.1:5555", "ipc:///tmp/x", "inproc://name", ...
        @throws boost::system::system_error naming the endpoint: libzmq's
        error (`EINVAL`, `EPROTONOSUPPORT`, ...); `error::stream_closed` once
        the socket is closed; `error::not_open` on a moved-from stream.
    */
    void connect(std::string_view endpoint) { st("connect").connect(endpoint); }
    /** Connects to an endpoint (zmq_connect), reporting failure through `ec`.

        @param endpoint "tcp://127.0.0.1:5555", "ipc:///tmp/x", "inproc://name", ...
        @param ec Set to the error the throwing overload would throw (its
            message is lost), else cleared. Other exceptions (`std::bad_alloc`)
            still propagate.
    */
    void connect(std::string_view endpoint, error_code& ec) { capture(ec, [&] { connect(endpoint); }); }
    /** Unbinds an endpoint (zmq_unbind).

        @param endpoint As given to bind(), or as bindings() lists it (wildcard resolved).
        @throws boost::system::system_error naming the endpoint: libzmq's
        error (`ENOENT` for an endpoint not bound); `error::stream_closed`
        once the socket is closed; `error::not_open` on a moved-from stream.
    */
    void unbind(std::string_view endpoint) { st("unbind").unbind(endpoint); }
    /** Unbinds an endpoint (zmq_unbind), reporting failure through `ec`.

        @param endpoint As given to bind(), or as bindings() lists it.
        @param ec Set to the error the throwing overload would throw (its
            message is lost), else cleared. Other exceptions (`std::bad_alloc`)
            still propagate.
    */
    void unbind(std::string_view endpoint, error_code& ec) { capture(ec, [&] { unbind(endpoint); }); }
    /** Disconnects from an endpoint (zmq_disconnect).

        @param endpoint As given to connect().
        @throws boost::system::system_error naming the endpoint: libzmq's
        error (`ENOENT` for an endpoint not connected); `error::stream_closed`
        once the socket is closed; `error::not_open` on a moved-from stream.
    */
    void disconnect(std::string_view endpoint) { st("disconnect").disconnect(endpoint); }
    /** Disconnects from an endpoint (zmq_disconnect), reporting failure through `ec`.

        @param endpoint As given to connect().
        @param ec Set to the error the throwing overload would throw (its
            message is lost), else cleared. Other exceptions (`std::bad_alloc`)
            still propagate.
    */
    void disconnect(std::string_view endpoint, error_code& ec) { capture(ec, [&] { disconnect(endpoint); }); }

    /** Bound endpoints, wildcard ports resolved ("tcp://127.0.0.1:41234").

        @return The endpoints bound and not unbound, in bind order; empty on
        a moved-from stream.
    */
    std::vector<std::string> bindings() const { return state_ ? state_->bindings() : std::vector<std::string>(); }
    /** Connected endpoints.

        @return The endpoints connected and not disconnected, as given, in
        connect order; empty on a moved-from stream.
    */
    std::vector<std::string> connections() const;

    /** Subscribes a SUB socket to `topic` (ZMQ_SUBSCRIBE).

        libzmq's counting semantics: two subscribe() need two unsubscribe().

        @param topic A message prefix; empty for every message.
        @throws boost::system::system_error naming the option and the socket
        type (`EINVAL` on a socket that is not SUB); `error::stream_closed`
        once the socket is closed; `error::not_open` on a moved-from stream.
    */
    void subscribe(std::string_view topic) { st("subscribe").subscribe(topic); }
    /** Removes one subscribe() of `topic` (ZMQ_UNSUBSCRIBE).

        @param topic The prefix given to subscribe().
        @throws boost::system::system_error as subscribe().
    */
    void unsubscribe(std::string_view topic) { st("unsubscribe").unsubscribe(topic); }
    /** The active topics.

        @return Each topic subscribed more often than unsubscribed, once, in
        byte order; empty on a moved-from stream.
    */
    std::vector<std::string> subscriptions() const;

    /** Sets a typed option (options.hpp): `s.set_option(option::linger(0))`.

        option::subscribe and option::unsubscribe go through subscribe() and
        unsubscribe(), so that subscriptions() counts them. ZMQ_FD and
        ZMQ_EVENTS are rejected at compile time (option::is_user_option).

        @param opt The option and its value.
        @throws boost::system::system_error naming the option and the socket
        type ("subscribe on a DEALER socket: Invalid argument"): libzmq's
        error; `error::stream_closed` once the socket is closed;
        `error::not_open` on a moved-from stream.
    */
    template <class Option>
    void set_option(const Option& opt);

    /** Sets a typed option, reporting failure through `ec`.

        @param opt The option and its value.
        @param ec Set to the error the throwing overload would throw (its
            message is lost), else cleared. Other exceptions (`std::bad_alloc`)
            still propagate.
    */
    template <class Option>
    void set_option(const Option& opt, error_code& ec);

    /** Reads a typed option: `option::rcvhwm h; s.get_option(h); h.value()`.

        Text options (last_endpoint, zap_domain, ...) come back without
        libzmq's trailing NUL; CURVE keys as their 40-character Z85 text.
        The same object can be read into again.

        @param opt Receives the value.
        @throws boost::system::system_error naming the option and the socket
        type: libzmq's error (`EINVAL` for an option the socket type does not
        have); `error::stream_closed` once the socket is closed;
        `error::not_open` on a moved-from stream.
    */
    template <class Option>
    void get_option(Option& opt) const;

    /** Reads a typed option, reporting failure through `ec`.

        @param opt Receives the value.
        @param ec Set to the error the throwing overload would throw (its
            message is lost), else cleared. Other exceptions (`std::bad_alloc`)
            still propagate.
    */
    template <class Option>
    void get_option(Option& opt, error_code& ec) const;

    /** Starts libzmq's socket monitor for `events` (ZMQ_EVENT_* bits).

        While enabled, the monitor drains libzmq's events into a backlog of
        `events_backlog` (libzmq stalls a socket whose monitor is not read),
        and so keeps the executor's run() busy until disable_monitor() or close.
        Called again, it replaces the monitor: reads pending on the old one
        complete with `error::monitor_not_enabled`.

        @param events A mask of ZMQ_EVENT_* bits.
        @throws boost::system::system_error: libzmq's error from
        zmq_socket_monitor() or from creating or connecting the monitor's
        PAIR socket; `error::stream_closed` once the socket is closed;
        `error::not_open` on a moved-from stream.
    */
    void enable_monitor(int events = ZMQ_EVENT_ALL) { st("enable_monitor").enable_monitor(events); }
    /** Starts libzmq's socket monitor, reporting failure through `ec`.

        @param events A mask of ZMQ_EVENT_* bits.
        @param ec Set to the error the throwing overload would throw (its
            message is lost), else cleared. Other exceptions (`std::bad_alloc`)
            still propagate.
    */
    void enable_monitor(int events, error_code& ec) { capture(ec, [&] { enable_monitor(events); }); }
    /// Stops it; pending async_read_event() get `error::monitor_not_enabled`.
    /// Events not yet read are dropped. Does nothing without a monitor.
    void disable_monitor();

    /** Events received and not yet read (at most events_backlog). An
        extension beyond aiozmq, for observing the backlog.

        @return Their number; 0 without a monitor or on a moved-from stream.
    */
    std::size_t event_buffer_size() const noexcept { return state_ ? state_->event_buffer_size() : 0; }


    /** Write watermarks in payload bytes; re-evaluates the paused state.

        Above the new high watermark writing pauses at once; paused writing
        resumes (and waiting drains complete) only at or below the new low one.

        @param high The high watermark; unset: 4 * `low`, or 65536 with both unset.
        @param low The low watermark; unset: `high` / 4, or 16384 with both unset.
        @throws boost::system::system_error with `error::invalid_limits` if
        high < low, `error::not_open` on a moved-from stream.
    */
    void set_write_buffer_limits(std::optional<std::size_t> high = {}, std::optional<std::size_t> low = {});

    /** The write watermarks, as aiozmq's get_write_buffer_limits().

        @return {low, high}, in payload bytes.
        @throws boost::system::system_error with `error::not_open` on a
        moved-from stream.
    */
    std::pair<std::size_t, std::size_t> get_write_buffer_limits() const
    {
        return st("get_write_buffer_limits").write_limits();
    }

    /** The buffered write bytes.

        @return Payload bytes queued and not yet accepted by libzmq; 0 on a
        moved-from stream.
    */
    std::size_t write_buffer_size() const noexcept { return state_ ? state_->write_buffer_size() : 0; }

    /// Stops pulling messages from libzmq (its RCVHWM then pushes back on
    /// peers). Does nothing on a closed or moved-from stream.
    void pause_reading();
    /// Undoes pause_reading(); reading resumes unless the read buffer is
    /// above its watermarks (see set_read_buffer_limits()).
    void resume_reading();

    /** The socket type.

        @return ZMQ_PAIR, ZMQ_DEALER, ...; -1 on a moved-from stream.
    */
    int socket_type() const noexcept { return state_ ? state_->type() : -1; }

    /** The libzmq socket. A send or receive made on it directly bypasses
        the stream's buffers.

        @return The socket, owned by the stream; null once the socket is
        closed (after the flush of close()) or on a moved-from stream.
    */
    void* native_handle() noexcept { return state_ ? state_->sock() : nullptr; }

protected:
    /** Creates the socket and its shared state (see basic_zmq_stream's constructor).

        @param ex The executor the socket is watched on.
        @param zmq_type The socket type.
        @param opts Endpoints, context, adopted socket, watermarks and event backlog.
    */
    basic_zmq_socket(const executor_type& ex, int zmq_type, stream_options opts);

    /** Takes the state of `other`, which is left without one.

        @param other The object moved from.
    */
    basic_zmq_socket(basic_zmq_socket&& other) noexcept : ex_(other.ex_), state_(std::move(other.state_)) {}

    /** Takes the state of `other`, whose executor converts to ours.

        @param other The object moved from.
    */
    template <class OtherExecutor,
        class = std::enable_if_t<std::is_convertible<OtherExecutor, Executor>::value>>
    basic_zmq_socket(basic_zmq_socket<OtherExecutor>&& other) noexcept
        : ex_(other.ex_), state_(std::move(other.state_))
    {
    }

    basic_zmq_socket(const basic_zmq_socket&) = delete;
    basic_zmq_socket& operator=(const basic_zmq_socket&) = delete;

    /// Protected and not virtual: only a basic_zmq_stream is destroyed.
    ~basic_zmq_socket();

    /** As destruction of this object, then the move of `other`'s state.

        @param other The object moved from.
    */
    template <class OtherExecutor>
    void assign(basic_zmq_socket<OtherExecutor>&& other) noexcept;

private:
    template <class>
    friend class basic_zmq_socket;
    template <class>
    friend class basic_zmq_stream;

    // The shared state, or error::not_open naming `what` on a moved-from object.
    detail::state_type& st(const char* what) const;

    // Runs f; a thrown system_error becomes ec.
    template <class F>
    static void capture(error_code& ec, F&& f);

    Executor ex_;
    std::shared_ptr<detail::state_type> state_;  // null once moved from
};

} // namespace boost_zmqstream

#include <boost_zmqstream/impl/zmq_socket.hpp>

#endif
