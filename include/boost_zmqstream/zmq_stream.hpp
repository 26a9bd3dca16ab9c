//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_ZMQ_STREAM_HPP
#define BOOST_ZMQSTREAM_ZMQ_STREAM_HPP

#include <boost_zmqstream/context.hpp>
#include <boost_zmqstream/error.hpp>
#include <boost_zmqstream/message.hpp>
#include <boost_zmqstream/monitor_event.hpp>
#include <boost_zmqstream/options.hpp>
#include <boost_zmqstream/zmq_socket.hpp>
#include <boost_zmqstream/detail/initiation.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/execution_context.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <zmq.h>

/** @file
    boost_zmqstream::basic_zmq_stream, a ZeroMQ socket as an asynchronous
    message stream.
*/

namespace boost_zmqstream {

/** A ZeroMQ socket as an asynchronous message stream (aiozmq's ZmqStream).

    Reads and writes whole multipart messages. The socket's ZMQ_FD is watched
    through a `posix::stream_descriptor` on the stream's executor.

    @par Thread Safety
    @e Distinct @e objects: Safe.@n
    @e Shared @e objects: Unsafe. All operations on one stream, including the
    synchronous ones, must be made from one thread or one strand (construct it
    with `boost::asio::make_strand(ioc)` for a multi-threaded io_context).

    @par Object lifetimes
    Destroying the stream completes every pending operation with
    `boost::asio::error::operation_aborted`. After close(), queued messages
    keep flushing (bounded by ZMQ_LINGER) though the object is gone. A deferred
    operation holds the stream's internal state, not the stream object, so it
    may be launched after the stream was moved.

    Every asynchronous operation: the completion handler is never invoked from
    within the initiating function; an immediate completion is submitted as if
    by `boost::asio::post`. Handlers run on their associated executor.
    On a moved-from stream every asynchronous operation completes with
    `error::not_open`, and the synchronous ones that need the socket throw it.

    @par Per-Operation Cancellation
    Every asynchronous operation honours all three cancellation types
    (`terminal`, `partial` and `total`) while it waits, since it has
    consumed nothing then, and completes with `operation_aborted`; for
    async_close() only the notification is withdrawn. A cancellation that
    arrives after the operation completed does nothing. See each operation,
    and doc/cancellation-and-timeouts.md.

    The endpoints, options and monitor are inherited from basic_zmq_socket,
    as Asio's `basic_stream_socket` inherits from `basic_socket`.

    @tparam Executor The executor the stream's socket is watched on and its
    handlers are completed through by default.
*/
template <class Executor = boost::asio::any_io_executor>
class basic_zmq_stream : public basic_zmq_socket<Executor>
{
public:
    using executor_type = Executor;  ///< The executor type.

    /// Rebinds the stream type to another executor.
    template <class OtherExecutor>
    struct rebind_executor
    {
        using other = basic_zmq_stream<OtherExecutor>;  ///< The stream type on `OtherExecutor`.
    };

    /** Creates a socket of `zmq_type` (ZMQ_DEALER, ...), or adopts
        `opts.zmq_sock`, then binds and connects the endpoints of `opts`.

        @param ex The executor the socket is watched on.
        @param zmq_type The socket type: ZMQ_PAIR, ZMQ_DEALER, ZMQ_ROUTER, ZMQ_SUB, ...
        @param opts Endpoints, context, adopted socket, watermarks and event backlog.

        @throws boost::system::system_error naming the endpoint or argument
        at fault. Nothing (socket, descriptor, reactor registration) is left
        behind by a failure. The codes: `error::invalid_limits` (checked
        before any socket exists); libzmq's error from zmq_socket() (`EINVAL`
        for an unknown type, `EMFILE` when the context's ZMQ_MAX_SOCKETS is
        reached); `std::errc::invalid_argument` for an adopted socket of
        another type (the caller keeps that socket); libzmq's error from a
        bind or connect (`EADDRINUSE`, `EPROTONOSUPPORT`, ...).
    */
    basic_zmq_stream(const executor_type& ex, int zmq_type, stream_options opts = {})
        : basic_zmq_socket<Executor>(ex, zmq_type, std::move(opts))
    {
    }

    /** As the constructor above, on `context.get_executor()`.

        @param context The execution context (an `io_context`, ...).
        @param zmq_type The socket type: ZMQ_PAIR, ZMQ_DEALER, ZMQ_ROUTER, ZMQ_SUB, ...
        @param opts Endpoints, context, adopted socket, watermarks and event backlog.
        @throws boost::system::system_error as the constructor above.
    */
    template <class ExecutionContext>
    basic_zmq_stream(ExecutionContext& context, int zmq_type, stream_options opts = {},
        typename std::enable_if<
            std::is_convertible<ExecutionContext&, boost::asio::execution_context&>::value>::type* = nullptr)
        : basic_zmq_stream(executor_type(context.get_executor()), zmq_type, std::move(opts))
    {
    }

    /** Moves the socket and every pending operation; `other` is left valid
        and not open (is_open() false, its operations fail with error::not_open).

        @param other The stream moved from.
    */
    basic_zmq_stream(basic_zmq_stream&& other) noexcept : basic_zmq_socket<Executor>(std::move(other)) {}

    /** Converts from a stream whose executor converts to ours, as Asio's
        sockets do (`zmq_stream s = make_zmq_stream(ioc.get_executor(), ...)`).

        @param other The stream moved from; left as the move constructor leaves it.
    */
    template <class OtherExecutor,
        class = std::enable_if_t<std::is_convertible<OtherExecutor, Executor>::value>>
    basic_zmq_stream(basic_zmq_stream<OtherExecutor>&& other) noexcept
        : basic_zmq_socket<Executor>(static_cast<basic_zmq_socket<OtherExecutor>&&>(other))
    {
    }

    /** As destruction of this stream, then the move.

        This stream's pending operations complete with `operation_aborted`
        and its socket is closed at once, unless close() came first, whose
        flush goes on.

        @param other The stream moved from; left as the move constructor leaves it.
        @return `*this`.
    */
    basic_zmq_stream& operator=(basic_zmq_stream&& other) noexcept
    {
        this->assign(std::move(other));
        return *this;
    }

    /** As the move assignment, from a stream whose executor converts to ours.

        @param other The stream moved from; left as the move constructor leaves it.
        @return `*this`.
    */
    template <class OtherExecutor,
        class = std::enable_if_t<std::is_convertible<OtherExecutor, Executor>::value>>
    basic_zmq_stream& operator=(basic_zmq_stream<OtherExecutor>&& other) noexcept
    {
        this->assign(std::move(other));
        return *this;
    }

    basic_zmq_stream(const basic_zmq_stream&) = delete;
    basic_zmq_stream& operator=(const basic_zmq_stream&) = delete;

    /// As abort(), unless close() came first (then the flush goes on); every
    /// pending operation completes with `operation_aborted`, reads included.
    ~basic_zmq_stream() = default;

    // ------------------------------------------------------------------ ZmqStream

    /** Reads one multipart message (aiozmq `read()`).

        @par Completion Signature
        @code void(boost::system::error_code, message) @endcode

        Pending reads are served first come, first served. After close(),
        the messages already buffered are still read, then the error below.

        @par Errors
        `error::stream_closed` once the stream is closed and its read buffer
        is empty, and for reads pending at close() or abort(); a stored
        exception() (set_exception(), a send error of write() that made the
        socket unusable, or a receive error such as `ETERM`), which wins over
        buffered messages; `error::operation_not_supported` on PUB and PUSH
        sockets; `operation_aborted` from cancel() or the stream's
        destruction; `error::not_open` on a moved-from stream. The message is
        empty on error.

        @par Per-Operation Cancellation
        `terminal`, `partial` and `total` while the read is parked: it is
        withdrawn and consumes nothing (`operation_aborted`).

        @param token The completion token (a callback, `use_future`,
            `use_awaitable`, `deferred`, ...); by default the executor's
            default completion token.
        @return What the token's async_result gives (nothing for a callback).
    */
    template <BOOST_ASIO_COMPLETION_TOKEN_FOR(void(error_code, message))
                  ReadToken = boost::asio::default_completion_token_t<executor_type>>
    auto async_read(ReadToken&& token = ReadToken());

    /** Reads up to `max` messages at once, appending them to `out` (an
        extension beyond aiozmq: one completion for many messages).

        Completes as soon as at least one message is there, with the number
        appended. `out` must stay valid until the completion (as an Asio
        buffer must). Pending single reads are served before batch reads.

        @par Completion Signature
        @code void(boost::system::error_code, std::size_t) @endcode

        @par Errors
        As async_read(), with 0 appended. Otherwise `max` 0 completes at
        once with 0.

        @par Per-Operation Cancellation
        `terminal`, `partial`, `total` while parked: nothing is appended.

        @param out The messages are appended to it; it must outlive the operation.
        @param max The most messages to append.
        @param token The completion token (a callback, `use_future`,
            `use_awaitable`, `deferred`, ...); by default the executor's
            default completion token.
        @return What the token's async_result gives (nothing for a callback).
    */
    template <BOOST_ASIO_COMPLETION_TOKEN_FOR(void(error_code, std::size_t))
                  ReadBatchToken = boost::asio::default_completion_token_t<executor_type>>
    auto async_read_batch(std::vector<message>& out, std::size_t max, ReadBatchToken&& token = ReadBatchToken());

    /** Reads one socket-monitor event (aiozmq `read_event()`).

        @par Completion Signature
        @code void(boost::system::error_code, monitor_event) @endcode

        @par Errors
        `error::monitor_not_enabled` before enable_monitor() or after
        disable_monitor() (also for reads pending at that moment, or when
        enable_monitor() replaces the monitor); `error::stream_closed` after
        close() or abort() (also for reads pending then); a stored
        exception() (also one stored while the read is pending);
        `operation_aborted` from cancel() or the stream's destruction;
        `error::not_open` on a moved-from stream.

        @par Per-Operation Cancellation
        `terminal`, `partial`, `total`: nothing is consumed.

        @param token The completion token (a callback, `use_future`,
            `use_awaitable`, `deferred`, ...); by default the executor's
            default completion token.
        @return What the token's async_result gives (nothing for a callback).
    */
    template <BOOST_ASIO_COMPLETION_TOKEN_FOR(void(error_code, monitor_event))
                  ReadEventToken = boost::asio::default_completion_token_t<executor_type>>
    auto async_read_event(ReadEventToken&& token = ReadEventToken());

    /** Writes one multipart message; completes when libzmq accepted it.

        Sent at once when nothing is queued; otherwise (or on EAGAIN) queued
        behind earlier writes, in order with write().

        @par Completion Signature
        @code void(boost::system::error_code) @endcode

        @par Errors
        libzmq's error for this message (`EFSM`, `EHOSTUNREACH`, ... in
        zmq_category()); it does not break the stream, and is not stored in
        exception(). `error::stream_closed` once close() or abort() was
        called; `error::empty_message` for a message without frames.
        `operation_aborted` for a message still queued when cancel(),
        abort(), the stream's destruction, a socket failure or the expiry of
        ZMQ_LINGER during a close drops it; `error::not_open` on a moved-from
        stream. A stored exception() does not fail writes.

        @par Per-Operation Cancellation
        `terminal`, `partial`, `total` while the message is still queued: it
        is withdrawn, never half-sent. A message libzmq accepted has completed.

        @param msg The message, taken; it must have at least one frame.
        @param token The completion token (a callback, `use_future`,
            `use_awaitable`, `deferred`, ...); by default the executor's
            default completion token.
        @return What the token's async_result gives (nothing for a callback).
    */
    template <BOOST_ASIO_COMPLETION_TOKEN_FOR(void(error_code))
                  WriteToken = boost::asio::default_completion_token_t<executor_type>>
    auto async_write(message msg, WriteToken&& token = WriteToken());

    /** Writes without waiting (aiozmq `write()`): never blocks; on EAGAIN the
        message is queued. A send error that makes the socket unusable
        (`ETERM`, ...) is stored in exception() and fails the next
        async_read()/async_drain(); one that concerns this message or its
        peer only is counted in write_error_count() / last_write_error().

        @param msg The message, taken; it must have at least one frame.

        @throws boost::system::system_error with `error::stream_closed` after
        close() or abort(), `error::empty_message` for a message without
        frames, `error::not_open` on a moved-from stream. Send errors are
        never thrown.
    */
    void write(message msg) { this->st("write").write(std::move(msg)); }

    /** Waits for the write buffer to drain (aiozmq `drain()`): completes at once
        unless writing is paused (buffered bytes above high_write), else when the
        buffered bytes fall to low_write or below. Any number of drains may
        wait; they complete together. Not a flush: see async_close().

        @par Completion Signature
        @code void(boost::system::error_code) @endcode

        @par Errors
        A stored exception() (also one stored while the drain waits);
        `error::stream_closed` once the socket is closed; for a drain
        waiting during a close, success once the flush brings the buffer to
        low_write, or `error::linger_expired`; `operation_aborted` from
        cancel(), abort() or the stream's destruction; `error::not_open` on a
        moved-from stream.

        @par Per-Operation Cancellation
        `terminal`, `partial`, `total`: the drain is withdrawn
        (`operation_aborted`); the buffer is not affected.

        @param token The completion token (a callback, `use_future`,
            `use_awaitable`, `deferred`, ...); by default the executor's
            default completion token.
        @return What the token's async_result gives (nothing for a callback).
    */
    template <BOOST_ASIO_COMPLETION_TOKEN_FOR(void(error_code))
                  DrainToken = boost::asio::default_completion_token_t<executor_type>>
    auto async_drain(DrainToken&& token = DrainToken());

    /// Graceful close: stops reading (buffered messages stay readable), flushes
    /// queued writes (bounded by ZMQ_LINGER), then closes the socket.
    /// Pending reads, batch reads and event reads complete (`error::stream_closed`
    /// once the buffer is empty); the monitor is disabled. Does nothing on a
    /// stream already closing or closed, or moved from.
    void close();

    /** close(), completing when the write buffer is flushed and the socket closed.

        @par Completion Signature
        @code void(boost::system::error_code) @endcode

        @par Errors
        `error::linger_expired` if ZMQ_LINGER ran out first (at once for a
        ZMQ_LINGER of 0 with messages queued); `operation_aborted` from
        cancel(), abort() or the stream's destruction, and if a queued write
        was withdrawn during the close, so that the flush was not complete;
        the socket's error if it failed (`ETERM`, ...); `error::not_open` on a
        moved-from stream. Success at once on a stream already closed.

        @par Per-Operation Cancellation
        `terminal`, `partial`, `total`: the notification is withdrawn
        (`operation_aborted`); the close itself goes on.

        @param token The completion token (a callback, `use_future`,
            `use_awaitable`, `deferred`, ...); by default the executor's
            default completion token.
        @return What the token's async_result gives (nothing for a callback).
    */
    template <BOOST_ASIO_COMPLETION_TOKEN_FOR(void(error_code))
                  CloseToken = boost::asio::default_completion_token_t<executor_type>>
    auto async_close(CloseToken&& token = CloseToken());

    /// Immediate close: queued writes dropped, pending writes and drains get
    /// `operation_aborted`, pending reads `error::stream_closed`.
    /// The socket is closed with a ZMQ_LINGER of 0. Works during a close()
    /// too (its flush stops); does nothing once closed, or moved from.
    void abort();

    /// Cancels every pending operation (`operation_aborted`): reads, batch
    /// reads, event reads, writes (still-queued messages are withdrawn),
    /// drains and async_close (the close itself goes on). Writes libzmq
    /// already accepted complete successfully. The stream stays usable.
    void cancel();

    /** Whether the stream is open.

        @return False once close() or abort() was called, the socket failed
        (`ETERM`, ...), or on a moved-from stream.
    */
    bool is_open() const noexcept { return this->state_ && this->state_->is_open(); }

    /** Whether reading is over (aiozmq `at_closing()`).

        @return True once the stream is closing or closed and its read buffer
        is empty (true on a moved-from stream).
    */
    bool at_closing() const noexcept { return !this->state_ || this->state_->at_closing(); }

    /** Send errors of write() that concerned one message or one peer (an
        `EHOSTUNREACH` from a `ROUTER_MANDATORY` socket whose peer hung up, an
        `EFSM` of a REQ): counted, the last one kept, and the stream goes on
        serving everyone else. 0 and none on a moved-from stream.

        @return The number of such errors since the stream was created.
    */
    std::size_t write_error_count() const noexcept { return this->state_ ? this->state_->write_error_count() : 0; }
    /** The last send error of write() counted by write_error_count().

        @return The error; none if there was none, or on a moved-from stream.
    */
    error_code last_write_error() const noexcept { return this->state_ ? this->state_->last_write_error() : error_code(); }

    /** The stored error (aiozmq `exception()`): one that made the socket
        unusable (`ETERM`, ...), or what set_exception() stored.

        @return The error; none if there is none, or on a moved-from stream.
    */
    error_code exception() const { return this->state_ ? this->state_->exception() : error_code(); }
    /** Stores an error (aiozmq `set_exception()`): pending and later reads,
        batch reads, event reads and drains fail with it, until it is cleared.

        @param ec The error; an empty one clears the stored error.
        @throws boost::system::system_error with `error::not_open` on a
        moved-from stream.
    */
    void set_exception(error_code ec) { this->st("set_exception").set_exception(ec); }

    /** Read watermarks in payload bytes (aiozmq's rules for unset values).

        Above the new high watermark reading pauses at once; paused reading
        resumes only at or below the new low one.

        @param high The high watermark; unset: 4 * `low`, or 65536 with both unset.
        @param low The low watermark; unset: `high` / 4, or 16384 with both unset.
        @throws boost::system::system_error with `error::invalid_limits` if
        high < low, `error::not_open` on a moved-from stream.
    */
    void set_read_buffer_limits(std::optional<std::size_t> high = {}, std::optional<std::size_t> low = {});

    /** The buffered read bytes.

        @return Payload bytes received and not yet read; 0 on a moved-from stream.
    */
    std::size_t read_buffer_size() const noexcept { return this->state_ ? this->state_->read_buffer_size() : 0; }
};

/// The stream on a polymorphic executor.
using zmq_stream = basic_zmq_stream<>;

/** aiozmq's create_zmq_stream(): a stream on `ex`.

    @param ex The executor the socket is watched on.
    @param zmq_type The socket type: ZMQ_PAIR, ZMQ_DEALER, ZMQ_ROUTER, ZMQ_SUB, ...
    @param opts Endpoints, context, adopted socket, watermarks and event backlog.
    @return The stream, of type `basic_zmq_stream<Executor>`.
    @throws boost::system::system_error as basic_zmq_stream's constructor.
*/
template <class Executor>
basic_zmq_stream<Executor> make_zmq_stream(const Executor& ex, int zmq_type, stream_options opts = {})
{
    return basic_zmq_stream<Executor>(ex, zmq_type, std::move(opts));
}

} // namespace boost_zmqstream

#include <boost_zmqstream/impl/zmq_stream.hpp>

#endif
