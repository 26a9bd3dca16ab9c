//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
// boost_zmqstream side by side with raw blocking libzmq, in one run.
//
//   zmqstream_bench [--runs N] [--quick] [--verify] [--only SUBSTRING] [--stream-only | --raw-only]
//                   [--messages N] [--callgrind-span]
//
// --quick is the smoke test (CTest's bench_smoke, b2's bench/Jamfile): tiny
// counts, and it implies --verify: every message carries its sequence number
// and a payload derived from it, and the receiver checks both, so a lost,
// duplicated, reordered or corrupted message fails the run. A normal run
// checks errors and counts only, so the measured figures carry no content
// checks; --verify adds them to a full-size run. Either way any error, or a
// run that stops making progress (a lost message blocks a receiver for ever),
// ends the program with exit status 1 and a line "bench FAILED: <workload>:
// <what>" on stderr.
//
// --only runs the workloads whose name contains SUBSTRING (for strace or
// callgrind on one workload); --stream-only skips the raw libzmq side of the
// throughput workloads (for a profile of the stream alone; no ratios then),
// --raw-only the stream side. --messages N sets the message count of the
// throughput workloads (bench/instructions runs them under callgrind).
//
// --callgrind-span toggles callgrind's collection at the start and at the end
// of the measured span of each throughput side (meter::start() to stop(), on
// the measured thread), so that `valgrind --tool=callgrind
// --collect-atstart=no --separate-threads=yes` counts the instructions of
// that span alone (bench/instructions). Without it a profile under callgrind
// counts everything, as usual.
//
// Every workload runs as interleaved (raw, stream) pairs; the table gives the
// median of each and the median of the per-pair ratios (single runs on a
// shared 2-core machine swing by +-15%). Sender and receiver are separate
// threads with separate libzmq contexts (one I/O thread each), as libzmq's
// perf tools use separate processes. Heap allocations are counted per thread
// by interposing malloc, so "allocs/msg" is the application thread's own
// count (libzmq's I/O threads excluded, raw libzmq's own included).
#include <boost_zmqstream.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/spawn.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <fstream>
#include <functional>
#include <future>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define BENCH_CALLGRIND_TOGGLE() CALLGRIND_TOGGLE_COLLECT
#define BENCH_HAVE_CALLGRIND 1
#else
#define BENCH_CALLGRIND_TOGGLE() ((void)0)
#define BENCH_HAVE_CALLGRIND 0
#endif

#include <malloc.h>
#include <sys/resource.h>
#include <unistd.h>

// ----------------------------------------------------------------- malloc counting

extern "C" {
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void* __libc_memalign(std::size_t, std::size_t);
void __libc_free(void*);
}

static __thread unsigned long t_mallocs = 0;

extern "C" {
void* malloc(std::size_t n)
{
    ++t_mallocs;
    return __libc_malloc(n);
}
void* calloc(std::size_t a, std::size_t b)
{
    ++t_mallocs;
    return __libc_calloc(a, b);
}
void* realloc(void* p, std::size_t n)
{
    ++t_mallocs;
    return __libc_realloc(p, n);
}
void free(void* p) { __libc_free(p); }
void* memalign(std::size_t a, std::size_t n)
{
    ++t_mallocs;
    return __libc_memalign(a, n);
}
void* aligned_alloc(std::size_t a, std::size_t n)
{
    ++t_mallocs;
    return __libc_memalign(a, n);
}
int posix_memalign(void** p, std::size_t a, std::size_t n)
{
    ++t_mallocs;
    *p = __libc_memalign(a, n);
    return *p ? 0 : ENOMEM;
}
}

namespace asio = boost::asio;
namespace zs = boost_zmqstream;
using clock_type = std::chrono::steady_clock;

namespace {

// ----------------------------------------------------------------- failing loudly

// The run under way, for failure messages.
std::mutex g_mutex;
std::string g_workload = "start-up";

std::string workload()
{
    std::lock_guard<std::mutex> lock(g_mutex);
    return g_workload;
}

// Any error ends the process at once: the other side of the workload may be
// blocked in libzmq, and waiting for it would hang instead of failing.
[[noreturn]] void fail(const std::string& what)
{
    std::fflush(stdout);
    std::fprintf(stderr, "\nbench FAILED: %s: %s\n", workload().c_str(), what.c_str());
    std::fflush(stderr);
    std::_Exit(1);
}

std::string zmq_error(const char* call) { return std::string(call) + ": " + zmq_strerror(errno); }

void check(bool ok, const char* what)
{
    if (!ok)
        fail(what);
}

void check(const zs::error_code& ec, const char* what)
{
    if (ec)
        fail(std::string(what) + ": " + ec.message());
}

// Runs f, turning an exception (an error thrown by a coroutine's read, a
// write() on a closed stream, ...) into a failure naming the workload.
template <class F>
void guarded(F&& f)
{
    try
    {
        f();
    }
    catch (const std::exception& e)
    {
        fail(std::string("exception: ") + e.what());
    }
}

// Fails the run when one workload run outlives its deadline: a lost message
// would otherwise block a receiver for ever. Waits on a condition variable,
// costs nothing while the workload runs.
class watchdog
{
public:
    watchdog() : thread_([this] { loop(); }) {}

    ~watchdog()
    {
        {
            std::lock_guard<std::mutex> lock(g_mutex);
            quit_ = true;
        }
        cv_.notify_one();
        thread_.join();
    }

    void arm(const std::string& name, std::chrono::seconds limit)
    {
        {
            std::lock_guard<std::mutex> lock(g_mutex);
            g_workload = name;
            deadline_ = clock_type::now() + limit;
            limit_ = limit;
            armed_ = true;
        }
        cv_.notify_one();
    }

private:
    void loop()
    {
        std::unique_lock<std::mutex> lock(g_mutex);
        while (!quit_)
        {
            if (!armed_)
                cv_.wait(lock);
            else if (clock_type::now() < deadline_)
                cv_.wait_until(lock, deadline_);
            else
            {
                std::fflush(stdout);
                std::fprintf(stderr, "\nbench FAILED: %s: no result after %lld s (a lost message, or a hang)\n",
                    g_workload.c_str(), static_cast<long long>(limit_.count()));
                std::fflush(stderr);
                std::_Exit(1);
            }
        }
    }

    std::condition_variable cv_;
    clock_type::time_point deadline_{};
    std::chrono::seconds limit_{};
    bool armed_ = false;
    bool quit_ = false;
    std::thread thread_;
};

// ----------------------------------------------------------------- content checks (--verify)

bool verify = false;

// Message `seq` of a verified run: seq in its first 8 bytes (fewer if the
// message is shorter), then bytes derived from seq.
void stamp(void* p, std::size_t size, std::uint64_t seq)
{
    auto* b = static_cast<unsigned char*>(p);
    for (std::size_t j = 0; j < size; ++j)
        b[j] = static_cast<unsigned char>(seq * 131 + j * 7 + 1);
    std::memcpy(b, &seq, std::min(size, sizeof seq));
}

std::uint64_t seq_of(const void* p, std::size_t size)
{
    std::uint64_t seq = 0;
    std::memcpy(&seq, p, std::min(size, sizeof seq));
    return seq;
}

// The message is exactly what stamp(size, expected) made.
void check_stamp(const void* p, std::size_t got_size, std::size_t size, std::uint64_t expected)
{
    if (got_size != size)
        fail("message " + std::to_string(expected) + ": " + std::to_string(got_size) + " bytes, expected " +
             std::to_string(size));
    std::uint64_t seq = seq_of(p, size);
    if (seq != expected)
        fail("expected message " + std::to_string(expected) + ", got message " + std::to_string(seq) +
             " (lost, duplicated or reordered)");
    std::string want(size, '\0');
    stamp(want.data(), size, expected);
    if (std::memcmp(p, want.data(), size) != 0)
        fail("message " + std::to_string(expected) + ": payload corrupted");
}

void check_message(const zs::message& m, std::size_t size, std::uint64_t expected)
{
    if (m.size() != 1)
        fail("message " + std::to_string(expected) + ": " + std::to_string(m.size()) + " frames, expected 1");
    check_stamp(m[0].data(), m[0].size(), size, expected);
}

struct sample
{
    double value = 0;          // msgs/s, or us per round trip
    double allocs_per_msg = 0; // application thread, steady state
    double cpu_ns_per_msg = 0; // CPU time of the application thread
};

// CPU time of the calling thread: unlike wall-clock rates on this shared
// 2-core machine it hardly varies from run to run.
double thread_cpu_ns()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e9 + double(ts.tv_nsec);
}

double seconds_since(clock_type::time_point t0)
{
    return std::chrono::duration<double>(clock_type::now() - t0).count();
}

bool callgrind_span = false;  // --callgrind-span

// What one side of a throughput run measures between start() and stop():
// the rate, the mallocs and the CPU time of the calling thread.
struct meter
{
    clock_type::time_point t0;
    unsigned long a0 = 0;
    double c0 = 0;

    void start()
    {
        t0 = clock_type::now(), a0 = t_mallocs, c0 = thread_cpu_ns();
        if (callgrind_span)
            BENCH_CALLGRIND_TOGGLE();  // collection on, for this thread (bench/instructions)
    }

    sample stop(int msgs) const
    {
        if (callgrind_span)
            BENCH_CALLGRIND_TOGGLE();  // and off
        sample out;
        out.value = msgs / seconds_since(t0);
        out.allocs_per_msg = double(t_mallocs - a0) / msgs;
        out.cpu_ns_per_msg = (thread_cpu_ns() - c0) / msgs;
        return out;
    }
};

long peak_rss_kib()
{
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

long current_rss_kib()
{
    std::ifstream f("/proc/self/statm");
    long pages = 0, rss = 0;
    f >> pages >> rss;
    return rss * (sysconf(_SC_PAGESIZE) / 1024);
}

void* raw_socket(zs::context& ctx, int type)
{
    void* s = zmq_socket(ctx.native_handle(), type);
    check(s != nullptr, "zmq_socket");
    int zero = 0;
    zmq_setsockopt(s, ZMQ_LINGER, &zero, sizeof zero);
    return s;
}

std::string raw_bind(void* s)
{
    if (zmq_bind(s, "tcp://127.0.0.1:*") != 0)
        fail(zmq_error("zmq_bind"));
    char buf[256];
    std::size_t len = sizeof buf;
    zmq_getsockopt(s, ZMQ_LAST_ENDPOINT, buf, &len);
    return std::string(buf, len - 1);
}

void raw_connect(void* s, const std::string& ep)
{
    if (zmq_connect(s, ep.c_str()) != 0)
        fail(zmq_error("zmq_connect"));
}

// ----------------------------------------------------------------- one-way throughput

enum class recv_style { raw, callbacks, awaitable, awaitable_default, yield, batch };
// *_adopt: each message's body is a std::string the application makes (a
// copy of the payload, as a rendered page would be) and hands over without
// a copy: raw libzmq by zmq_msg_init_data with a deleter, ours by
// frame::adopt(). The others copy a long-lived body into each message.
enum class send_style { raw, raw_adopt, async_write, async_write_adopt, write_drain };

bool is_raw(send_style s) { return s == send_style::raw || s == send_style::raw_adopt; }

void free_string(void*, void* hint) { delete static_cast<std::string*>(hint); }

// The receiver binds, reports its endpoint, times the first to the n-th message
// (of `size` bytes; --verify checks each one).
sample run_receiver(recv_style style, int n, std::size_t size, std::promise<std::string>& ep)
{
    zs::context ctx;
    sample out;
    meter m0;
    const bool checked = verify;
    if (style == recv_style::raw)
    {
        void* s = raw_socket(ctx, ZMQ_PULL);
        ep.set_value(raw_bind(s));
        zmq_msg_t m;
        zmq_msg_init(&m);
        for (int i = 0; i < n; ++i)
        {
            if (zmq_msg_recv(&m, s, 0) < 0)
                fail(zmq_error("zmq_msg_recv"));
            if (checked)
            {
                check(!zmq_msg_more(&m), "a single-frame message arrived with more frames");
                check_stamp(zmq_msg_data(&m), zmq_msg_size(&m), size, i);
            }
            if (i == 0)
                m0.start();
        }
        out = m0.stop(n - 1);
        zmq_msg_close(&m);
        zmq_close(s);
        return out;
    }
    asio::io_context ioc(1);
    zs::stream_options o;
    o.ctx = &ctx;
    o.bind = {"tcp://127.0.0.1:*"};
    zs::zmq_stream pull(ioc, ZMQ_PULL, o);
    ep.set_value(pull.bindings().at(0));
    int count = 0;
    // Counts message `m`; --verify checks it is message number `count`.
    auto on_message = [&](const zs::message& m) {
        if (checked)
            check_message(m, size, count);
        if (count++ == 0)
            m0.start();
    };
    // Handlers stop the io_context after the n-th message; run() as users do.
    // An error throws (coroutines) or fails at once (callbacks).
    if (style == recv_style::callbacks)
    {
        struct reader
        {
            zs::zmq_stream& s;
            int& count;
            int n;
            std::function<void(const zs::message&)>& tick;
            asio::io_context& ioc;
            void operator()(zs::error_code ec, zs::message m)
            {
                check(ec, "async_read");
                tick(m);
                if (count < n)
                    s.async_read(*this);
                else
                    ioc.stop();
            }
        };
        std::function<void(const zs::message&)> tick = on_message;
        pull.async_read(reader{pull, count, n, tick, ioc});
        ioc.run();
    }
    else if (style == recv_style::batch)
    {
        std::vector<zs::message> batch;
        batch.reserve(256);
        std::function<void(zs::error_code, std::size_t)> more = [&](zs::error_code ec, std::size_t k) {
            check(ec, "async_read_batch");
            check(k == batch.size(), "async_read_batch: the count differs from the messages appended");
            for (const zs::message& m : batch)
                on_message(m);
            batch.clear();
            if (count < n)
                pull.async_read_batch(batch, 256, [&](zs::error_code e, std::size_t m) { more(e, m); });
            else
                ioc.stop();
        };
        pull.async_read_batch(batch, 256, [&](zs::error_code e, std::size_t m) { more(e, m); });
        ioc.run();
    }
    else if (style == recv_style::awaitable)
    {
        asio::co_spawn(
            ioc,
            [&]() -> asio::awaitable<void> {
                while (count < n)
                    on_message(co_await pull.async_read(asio::use_awaitable));
                ioc.stop();
            },
            [](std::exception_ptr e) {
                if (e)
                    std::rethrow_exception(e);
            });
        ioc.run();
    }
    else if (style == recv_style::awaitable_default)
    {
        // The README's stream type: no token at the call.
        asio::use_awaitable_t<>::as_default_on_t<zs::zmq_stream> s(std::move(pull));
        asio::co_spawn(
            ioc,
            [&]() -> asio::awaitable<void> {
                while (count < n)
                    on_message(co_await s.async_read());
                ioc.stop();
            },
            [](std::exception_ptr e) {
                if (e)
                    std::rethrow_exception(e);
            });
        ioc.run();
        pull = std::move(s);
    }
    else
    {
        asio::spawn(
            ioc,
            [&](asio::yield_context yield) {
                while (count < n)
                    on_message(pull.async_read(yield));
                ioc.stop();
            },
            [](std::exception_ptr e) {
                if (e)
                    std::rethrow_exception(e);
            });
        ioc.run();
    }
    if (count != n)
        fail("run() returned after " + std::to_string(count) + " of " + std::to_string(n) + " messages");
    out = m0.stop(n - 1);
    pull.abort();
    return out;
}

// The sender connects and sends n messages; returns its allocations per message.
// Calls a std::function kept elsewhere (Asio 1.81 cannot take std::ref as a handler).
struct call
{
    std::function<void(zs::error_code)>* f;
    void operator()(zs::error_code ec) const { (*f)(ec); }
};

sample run_sender(send_style style, int n, std::size_t size, const std::string& ep, std::future<void>& done)
{
    zs::context ctx;
    std::string payload(size, 'x');
    const bool checked = verify;
    sample out;
    if (is_raw(style))
    {
        void* s = raw_socket(ctx, ZMQ_PUSH);
        raw_connect(s, ep);
        meter m0;
        m0.start();
        for (int i = 0; i < n; ++i)
        {
            if (checked)
                stamp(payload.data(), size, i);
            if (style == send_style::raw_adopt)
            {
                auto* body = new std::string(payload);
                zmq_msg_t m;
                zmq_msg_init_data(&m, body->data(), body->size(), &free_string, body);
                if (zmq_msg_send(&m, s, 0) < 0)
                    fail(zmq_error("zmq_msg_send"));
            }
            else if (zmq_send(s, payload.data(), payload.size(), 0) < 0)
                fail(zmq_error("zmq_send"));
        }
        out = m0.stop(n);
        done.wait();
        zmq_close(s);
        return out;
    }
    asio::io_context ioc(1);
    zs::stream_options o;
    o.ctx = &ctx;
    o.connect = {ep};
    zs::zmq_stream push(ioc, ZMQ_PUSH, o);
    int sent = 0;
    bool finished = false;  // the last message was accepted by libzmq (and so all before it)
    auto next_message = [&] {
        if (checked)
            stamp(payload.data(), size, sent);
        ++sent;
        if (style == send_style::async_write_adopt)
            return zs::message(zs::frame::adopt(std::string(payload)));
        return zs::message(zs::frame(payload));
    };
    std::function<void(zs::error_code)> last = [&](zs::error_code ec) {
        check(ec, "async_write");
        finished = true;
    };
    meter m0;
    m0.start();
    std::function<void(zs::error_code)> next;
    if (style == send_style::async_write || style == send_style::async_write_adopt)
    {
        next = [&](zs::error_code ec) {
            check(ec, "async_write");
            if (sent < n - 1)
                push.async_write(next_message(), call{&next});
            else
                push.async_write(next_message(), call{&last});
        };
    }
    else
    {
        // write() never blocks and reports a send error through exception()
        // and the next async_drain(); the last message goes by async_write,
        // whose completion says that libzmq took everything.
        next = [&](zs::error_code ec) {
            check(ec, "async_drain");
            while (sent < n - 1)
            {
                push.write(next_message());
                if (sent % 64 == 0)
                    return push.async_drain(call{&next});
            }
            push.async_write(next_message(), call{&last});
        };
    }
    next({});
    while (!finished)
        if (ioc.run_one() == 0)
            fail("run_one() ran out of work after " + std::to_string(sent) + " of " + std::to_string(n) + " sends");
    out = m0.stop(n);
    check(push.exception(), "write");
    // Keep the socket until the receiver has everything (LINGER 0 otherwise drops).
    while (done.wait_for(std::chrono::milliseconds(1)) != std::future_status::ready)
        ioc.poll();
    push.abort();
    return out;
}

struct throughput_result
{
    sample recv;
    sample send;
};

bool stream_only = false;
bool raw_only = false;

throughput_result one_way(recv_style r, send_style s, int n, std::size_t size)
{
    const bool raw = r == recv_style::raw && is_raw(s);
    if ((stream_only && raw) || (raw_only && !raw))
        return {{1.0, 0.0, 0.0}, {}};
    std::promise<std::string> ep;
    std::promise<void> done;
    std::future<void> done_f = done.get_future();
    throughput_result out;
    std::thread receiver([&] {
        guarded([&] { out.recv = run_receiver(r, n, size, ep); });
        done.set_value();
    });
    std::string endpoint = ep.get_future().get();
    // guarded: an exception must not unwind past the joinable receiver thread.
    guarded([&] { out.send = run_sender(s, n, size, endpoint, done_f); });
    receiver.join();
    return out;
}

// ----------------------------------------------------------------- echo latency

double raw_latency(int n)
{
    zs::context ctx_a, ctx_b;
    void* router = raw_socket(ctx_a, ZMQ_ROUTER);
    std::string ep = raw_bind(router);
    std::thread echo([&] {
        zmq_msg_t id, body;
        zmq_msg_init(&id);
        zmq_msg_init(&body);
        for (int i = 0; i < n + 1; ++i)
        {
            if (zmq_msg_recv(&id, router, 0) < 0 || zmq_msg_recv(&body, router, 0) < 0)
                fail(zmq_error("echo: zmq_msg_recv"));
            if (zmq_msg_send(&id, router, ZMQ_SNDMORE) < 0 || zmq_msg_send(&body, router, 0) < 0)
                fail(zmq_error("echo: zmq_msg_send"));
        }
        zmq_msg_close(&id);
        zmq_msg_close(&body);
    });
    void* dealer = raw_socket(ctx_b, ZMQ_DEALER);
    raw_connect(dealer, ep);
    const bool checked = verify;
    char buf[64] = {}, in[64] = {};
    // Round trip i (i = 0: the warm-up, not timed): --verify checks the echo.
    auto round_trip = [&](int i) {
        if (checked)
            stamp(buf, sizeof buf, i);
        if (zmq_send(dealer, buf, sizeof buf, 0) < 0)
            fail(zmq_error("zmq_send"));
        int got = zmq_recv(dealer, in, sizeof in, 0);
        if (got < 0)
            fail(zmq_error("zmq_recv"));
        if (checked)
            check_stamp(in, std::size_t(got), sizeof in, i);
    };
    round_trip(0);
    auto t0 = clock_type::now();
    for (int i = 1; i <= n; ++i)
        round_trip(i);
    double us = seconds_since(t0) * 1e6 / n;
    echo.join();
    zmq_close(dealer);
    zmq_close(router);
    return us;
}

// The floor of any Asio reader of a ZeroMQ socket: libzmq called straight
// from the completions of a stream_descriptor's async_wait on ZMQ_FD, no
// stream. It waits only after a receive said EAGAIN (libzmq has then drained
// its mailbox, so the next command is a fresh edge) and makes the same
// system calls per message as the stream does, so the echo row can tell what
// the stream adds from what Asio's reactor costs.
class fd_reader
{
public:
    fd_reader(asio::io_context& ioc, void* s) : s_(s), fd_(ioc)
    {
        int fd = -1;
        std::size_t len = sizeof fd;
        if (zmq_getsockopt(s, ZMQ_FD, &fd, &len) != 0)
            fail(zmq_error("zmq_getsockopt(ZMQ_FD)"));
        const int own = ::dup(fd);  // the descriptor closes its own copy
        if (own < 0)
            fail(std::string("dup(ZMQ_FD): ") + std::strerror(errno));
        fd_.assign(own);
    }

    // Receives one frame into `m`, then calls `f`.
    template <class F>
    void read(zmq_msg_t* m, F f)
    {
        if (zmq_msg_recv(m, s_, ZMQ_DONTWAIT) >= 0)
            return f();
        if (errno != EAGAIN)
            fail(zmq_error("zmq_msg_recv"));
        fd_.async_wait(asio::posix::stream_descriptor::wait_read, [this, m, f](zs::error_code ec) {
            check(ec, "async_wait(ZMQ_FD)");
            read(m, f);
        });
    }

private:
    void* s_;
    asio::posix::stream_descriptor fd_;
};

double asio_floor_latency(int n)
{
    zs::context ctx_a, ctx_b;
    void* router = raw_socket(ctx_a, ZMQ_ROUTER);
    std::string ep = raw_bind(router);
    std::thread echo([&] { guarded([&] {
        asio::io_context ioc(1);
        fd_reader r(ioc, router);
        zmq_msg_t id, body;
        zmq_msg_init(&id);
        zmq_msg_init(&body);
        int count = 0;
        std::function<void()> loop = [&] {
            r.read(&id, [&] {
                r.read(&body, [&] {
                    if (zmq_msg_send(&id, router, ZMQ_SNDMORE) < 0 || zmq_msg_send(&body, router, 0) < 0)
                        fail(zmq_error("echo: zmq_msg_send"));
                    if (++count < n + 1)
                        loop();
                });
            });
        };
        loop();
        ioc.run();
        zmq_msg_close(&id);
        zmq_msg_close(&body);
    }); });
    double us = 0;
    guarded([&] {
        void* dealer = raw_socket(ctx_b, ZMQ_DEALER);
        raw_connect(dealer, ep);
        asio::io_context ioc(1);
        fd_reader r(ioc, dealer);
        const bool checked = verify;
        char buf[64] = {};
        zmq_msg_t in;
        zmq_msg_init(&in);
        int count = 0;
        clock_type::time_point t0;
        // Round trip `count` (0: the warm-up, not timed): --verify checks the echo.
        std::function<void()> round = [&] {
            if (checked)
                stamp(buf, sizeof buf, count);
            if (zmq_send(dealer, buf, sizeof buf, 0) < 0)
                fail(zmq_error("zmq_send"));
            r.read(&in, [&] {
                if (checked)
                    check_stamp(zmq_msg_data(&in), zmq_msg_size(&in), sizeof buf, count);
                if (count++ == 0)
                    t0 = clock_type::now();
                if (count < n + 1)
                    round();
            });
        };
        round();
        ioc.run();
        us = seconds_since(t0) * 1e6 / n;
        zmq_msg_close(&in);
        echo.join();
        zmq_close(dealer);
    });
    zmq_close(router);
    return us;
}

double stream_latency(int n)
{
    zs::context ctx_a, ctx_b;
    std::promise<std::string> ep;
    std::thread echo([&] { guarded([&] {
        asio::io_context ioc(1);
        zs::stream_options o;
        o.ctx = &ctx_a;
        o.bind = {"tcp://127.0.0.1:*"};
        zs::zmq_stream router(ioc, ZMQ_ROUTER, o);
        ep.set_value(router.bindings().at(0));
        int count = 0;
        std::function<void()> loop = [&] {
            router.async_read([&](zs::error_code ec, zs::message m) {
                check(ec, "echo: async_read");  // also reports a failed write() before it
                router.write(std::move(m));
                if (++count < n + 1)
                    loop();
            });
        };
        loop();
        while (count < n + 1)
            if (ioc.run_one() == 0)
                fail("echo: run_one() ran out of work");
        // Until the last echo is flushed. With nothing outstanding after the
        // last read the io_context ran out of work and stopped: restart it.
        ioc.restart();
        bool closed = false;
        router.async_close([&](zs::error_code ec) {
            check(ec, "echo: async_close");
            closed = true;
        });
        while (!closed)
            if (ioc.run_one() == 0)
                fail("echo: run_one() ran out of work before async_close completed");
    }); });
    double us = 0;
    // guarded: an exception must not unwind past the joinable thread.
    guarded([&] {
        asio::io_context ioc(1);
        zs::stream_options o;
        o.ctx = &ctx_b;
        o.connect = {ep.get_future().get()};
        zs::zmq_stream dealer(ioc, ZMQ_DEALER, o);
        const bool checked = verify;
        std::string payload(64, 'x');
        int count = 0;
        clock_type::time_point t0;
        // Round trip `count` (0: the warm-up, not timed): --verify checks the echo.
        std::function<void()> round = [&] {
            if (checked)
                stamp(payload.data(), payload.size(), count);
            dealer.write(zs::message(zs::frame(payload)));
            dealer.async_read([&](zs::error_code ec, zs::message m) {
                check(ec, "async_read");  // also reports a failed write() before it
                if (checked)
                    check_message(m, payload.size(), count);
                if (count++ == 0)
                    t0 = clock_type::now();
                if (count < n + 1)
                    round();
            });
        };
        round();
        while (count < n + 1)
            if (ioc.run_one() == 0)
                fail("run_one() ran out of work");
        us = seconds_since(t0) * 1e6 / n;
        echo.join();
        dealer.abort();
    });
    return us;
}

// ----------------------------------------------------------------- fan-in

struct fanin_result
{
    double msgs_per_s = 0;
    double kib_per_socket = 0;
};

// --verify: message k of dealer d carries sequence number d * per_socket + k,
// and each dealer's messages must arrive in order.
struct fanin_checker
{
    int per_socket;
    std::vector<int> next;

    void operator()(const void* p, std::size_t size)
    {
        std::uint64_t seq = seq_of(p, size);
        std::size_t d = seq / per_socket;
        if (d >= next.size())
            fail("a message from no dealer (sequence number " + std::to_string(seq) + ")");
        check_stamp(p, size, 64, std::uint64_t(d) * per_socket + next[d]++);
    }
};

fanin_result fan_in(bool stream, int sockets, int per_socket)
{
    zs::context ctx_a, ctx_b;
    ctx_a.set(ZMQ_MAX_SOCKETS, sockets + 64);
    ctx_b.set(ZMQ_MAX_SOCKETS, sockets + 64);
    const long total = long(sockets) * per_socket;
    const bool checked = verify;
    std::promise<std::string> ep;
    std::promise<double> rate;
    std::thread receiver([&] { guarded([&] {
        fanin_checker verify_message{per_socket, std::vector<int>(sockets, 0)};
        void* r = raw_socket(ctx_a, ZMQ_ROUTER);
        if (!stream)
        {
            ep.set_value(raw_bind(r));
            zmq_msg_t m;
            zmq_msg_init(&m);
            clock_type::time_point t0;
            for (long i = 0; i < total; ++i)
            {
                if (zmq_msg_recv(&m, r, 0) < 0)  // id
                    fail(zmq_error("zmq_msg_recv"));
                if (checked)
                    check(zmq_msg_more(&m), "a ROUTER message without a body");
                if (zmq_msg_recv(&m, r, 0) < 0)  // body
                    fail(zmq_error("zmq_msg_recv"));
                if (checked)
                {
                    check(!zmq_msg_more(&m), "a ROUTER message with more than 2 frames");
                    verify_message(zmq_msg_data(&m), zmq_msg_size(&m));
                }
                if (i == 0)
                    t0 = clock_type::now();
            }
            rate.set_value((total - 1) / seconds_since(t0));
            zmq_msg_close(&m);
            zmq_close(r);
            return;
        }
        zmq_close(r);
        asio::io_context ioc(1);
        zs::stream_options o;
        o.ctx = &ctx_a;
        o.bind = {"tcp://127.0.0.1:*"};
        zs::zmq_stream router(ioc, ZMQ_ROUTER, o);
        ep.set_value(router.bindings().at(0));
        long count = 0;
        clock_type::time_point t0;
        std::function<void()> loop = [&] {
            router.async_read([&](zs::error_code ec, zs::message m) {
                check(ec, "async_read");
                if (checked)
                {
                    check(m.size() == 2, "a ROUTER message without exactly 2 frames");
                    verify_message(m[1].data(), m[1].size());
                }
                if (count++ == 0)
                    t0 = clock_type::now();
                if (count < total)
                    loop();
            });
        };
        loop();
        while (count < total)
            if (ioc.run_one() == 0)
                fail("run_one() ran out of work after " + std::to_string(count) + " of " + std::to_string(total) +
                     " messages");
        rate.set_value((total - 1) / seconds_since(t0));
        router.abort();
    }); });
    std::string endpoint = ep.get_future().get();
    fanin_result out;
    // guarded: an exception must not unwind past the joinable thread.
    guarded([&] {
        std::string payload(64, 'x');
        // Message k of dealer d (--verify stamps it).
        auto message_for = [&](int d, int k) -> const std::string& {
            if (checked)
                stamp(payload.data(), payload.size(), std::uint64_t(d) * per_socket + k);
            return payload;
        };
        long rss0 = current_rss_kib();
        if (!stream)
        {
            std::vector<void*> dealers;
            for (int i = 0; i < sockets; ++i)
            {
                dealers.push_back(raw_socket(ctx_b, ZMQ_DEALER));
                raw_connect(dealers.back(), endpoint);
            }
            out.kib_per_socket = double(current_rss_kib() - rss0) / sockets;
            for (int k = 0; k < per_socket; ++k)
                for (int d = 0; d < sockets; ++d)
                {
                    const std::string& body = message_for(d, k);
                    if (zmq_send(dealers[d], body.data(), body.size(), 0) < 0)
                        fail(zmq_error("zmq_send"));
                }
            out.msgs_per_s = rate.get_future().get();
            for (void* d : dealers)
                zmq_close(d);
        }
        else
        {
            asio::io_context ioc(1);
            std::vector<std::unique_ptr<zs::zmq_stream>> dealers;
            zs::stream_options o;
            o.ctx = &ctx_b;
            o.connect = {endpoint};
            for (int i = 0; i < sockets; ++i)
                dealers.push_back(std::make_unique<zs::zmq_stream>(ioc, ZMQ_DEALER, o));
            out.kib_per_socket = double(current_rss_kib() - rss0) / sockets;
            // Each stream writes its share, draining as it goes; all on one io_context.
            std::vector<int> sent(sockets, 0);
            std::vector<std::function<void(zs::error_code)>> next(sockets);
            for (int i = 0; i < sockets; ++i)
                next[i] = [&, i](zs::error_code ec) {
                    check(ec, "async_drain");  // also reports a failed write() before it
                    while (sent[i] < per_socket)
                    {
                        dealers[i]->write(zs::message(zs::frame(message_for(i, sent[i]))));
                        if (++sent[i] % 64 == 0)
                            return dealers[i]->async_drain(call{&next[i]});
                    }
                };
            for (int i = 0; i < sockets; ++i)
                next[i]({});
            auto f = rate.get_future();
            while (f.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
                ioc.run_one_for(std::chrono::milliseconds(1));
            out.msgs_per_s = f.get();
            for (auto& d : dealers)
            {
                check(d->exception(), "write");
                d->abort();
            }
        }
    });
    receiver.join();
    return out;
}

// ----------------------------------------------------------------- reporting

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

void row(const char* name, const std::vector<double>& raw, const std::vector<double>& ours,
    const char* unit, double allocs_raw, double allocs_ours, double cpu_raw = -1, double cpu_ours = -1)
{
    std::vector<double> ratios;
    for (std::size_t i = 0; i < raw.size(); ++i)
        ratios.push_back(ours[i] / raw[i]);
    char cpu[32] = "";
    if (cpu_raw >= 0)
        std::snprintf(cpu, sizeof cpu, "%5.0f / %5.0f", cpu_raw, cpu_ours);
    std::printf("| %-46s | %12.0f | %12.0f | %-6s | %5.3f | %5.2f / %5.2f | %13s |\n", name, median(raw),
        median(ours), unit, median(ratios), allocs_raw, allocs_ours, cpu);
}

int run(int argc, char** argv)
{
    int runs = 3;
    bool quick = false;
    std::string only;
    int messages = 0;
    for (int i = 1; i < argc; ++i)
    {
        if (!std::strcmp(argv[i], "--quick"))
            quick = true, verify = true, runs = 1;
        else if (!std::strcmp(argv[i], "--verify"))
            verify = true;
        else if (!std::strcmp(argv[i], "--runs") && i + 1 < argc)
            runs = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--messages") && i + 1 < argc && std::atoi(argv[i + 1]) >= 2)
            messages = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--callgrind-span") && BENCH_HAVE_CALLGRIND)
            callgrind_span = true;
        else if (!std::strcmp(argv[i], "--only") && i + 1 < argc)
            only = argv[++i];
        else if (!std::strcmp(argv[i], "--stream-only"))
            stream_only = true;
        else if (!std::strcmp(argv[i], "--raw-only"))
            raw_only = true;
        else
        {
            std::fprintf(stderr,
                "usage: %s [--runs N] [--quick] [--verify] [--only SUBSTRING] [--stream-only | --raw-only] "
                "[--messages N] [--callgrind-span (needs <valgrind/callgrind.h>)]\n",
                argv[0]);
            return 2;
        }
    }
    watchdog dog;
    const auto limit = std::chrono::seconds(quick ? 30 : 300);  // per run of one side of one workload
    auto arm = [&](const std::string& name, const char* side) { dog.arm(name + " (" + side + ")", limit); };
    auto selected = [&](const std::string& name) { return name.find(only) != std::string::npos; };
    const int n64 = messages ? messages : quick ? 2000 : 1000000;
    const int n1k = messages ? messages : quick ? 1000 : 200000;
    const int n64k = messages ? messages : quick ? 200 : 20000;
    const int rtn = messages ? messages : quick ? 200 : 100000;
    const int fan_sockets = quick ? 20 : 1000;
    const int fan_per = quick ? 10 : 200;

    double load[3] = {};
    getloadavg(load, 3);
    std::printf("boost_zmqstream bench: %ld cores, load %.2f %.2f %.2f, libzmq %d.%d.%d, Boost %d, %d runs%s\n",
        sysconf(_SC_NPROCESSORS_ONLN), load[0], load[1], load[2], ZMQ_VERSION_MAJOR, ZMQ_VERSION_MINOR,
        ZMQ_VERSION_PATCH, BOOST_VERSION, runs,
        quick ? " (--quick: tiny counts, figures meaningless)" : verify ? " (--verify: figures include checks)" : "");
    std::printf("ratio = median over interleaved (raw, stream) pairs of stream/raw; allocs = mallocs per message on "
                "the application thread (raw / stream); cpu = median CPU time per message of the measured side's "
                "application thread, ns (raw / stream)\n\n");
    std::printf("| %-46s | %12s | %12s | %-6s | %5s | %13s | %13s |\n", "workload", "raw libzmq", "boost_zmqstream",
        "unit", "ratio", "allocs/msg", "cpu ns/msg");
    std::printf("|%s|%s|%s|%s|%s|%s|%s|\n", std::string(48, '-').c_str(), std::string(14, '-').c_str(),
        std::string(14, '-').c_str(), std::string(8, '-').c_str(), std::string(7, '-').c_str(),
        std::string(15, '-').c_str(), std::string(15, '-').c_str());

    struct tp_case
    {
        const char* name;
        recv_style r;
        send_style s;
        int n;
        std::size_t size;
        bool sender_side;
        send_style raw_s = send_style::raw;  // how raw libzmq sends beside it
    };
    const tp_case cases[] = {
        {"PUSH->PULL 64 B, recv: callbacks", recv_style::callbacks, send_style::raw, n64, 64, false},
        {"PUSH->PULL 64 B, recv: use_awaitable", recv_style::awaitable, send_style::raw, n64, 64, false},
        {"PUSH->PULL 64 B, recv: as_default_on_t", recv_style::awaitable_default, send_style::raw, n64, 64, false},
        {"PUSH->PULL 64 B, recv: yield_context", recv_style::yield, send_style::raw, n64, 64, false},
        {"PUSH->PULL 64 B, recv: async_read_batch (ext.)", recv_style::batch, send_style::raw, n64, 64, false},
        {"PUSH->PULL 64 B, send: async_write", recv_style::raw, send_style::async_write, n64, 64, true},
        {"PUSH->PULL 64 B, send: write()+async_drain", recv_style::raw, send_style::write_drain, n64, 64, true},
        {"PUSH->PULL 1 KiB, recv: callbacks", recv_style::callbacks, send_style::raw, n1k, 1024, false},
        {"PUSH->PULL 1 KiB, recv: use_awaitable", recv_style::awaitable, send_style::raw, n1k, 1024, false},
        {"PUSH->PULL 1 KiB, recv: yield_context", recv_style::yield, send_style::raw, n1k, 1024, false},
        {"PUSH->PULL 1 KiB, recv: async_read_batch (ext.)", recv_style::batch, send_style::raw, n1k, 1024, false},
        {"PUSH->PULL 1 KiB, send: async_write", recv_style::raw, send_style::async_write, n1k, 1024, true},
        {"PUSH->PULL 1 KiB, send: write()+async_drain", recv_style::raw, send_style::write_drain, n1k, 1024, true},
        {"PUSH->PULL 64 KiB, send: async_write, copied", recv_style::raw, send_style::async_write, n64k, 65536, true},
        {"PUSH->PULL 64 KiB, send: async_write, adopted", recv_style::raw, send_style::async_write_adopt, n64k, 65536,
            true, send_style::raw_adopt},
    };
    for (const auto& c : cases)
    {
        if (!selected(c.name))
            continue;
        std::vector<double> raw, ours, cpu_raw, cpu_ours;
        double a_raw = 0, a_ours = 0;
        for (int i = 0; i < runs; ++i)
        {
            arm(c.name, "raw libzmq");
            auto r = one_way(recv_style::raw, c.raw_s, c.n, c.size);
            arm(c.name, "boost_zmqstream");
            auto o = one_way(c.r, c.s, c.n, c.size);
            raw.push_back(r.recv.value);
            ours.push_back(o.recv.value);
            const sample& rs = c.sender_side ? r.send : r.recv;
            const sample& os = c.sender_side ? o.send : o.recv;
            a_raw = rs.allocs_per_msg;
            a_ours = os.allocs_per_msg;
            cpu_raw.push_back(rs.cpu_ns_per_msg);
            cpu_ours.push_back(os.cpu_ns_per_msg);
        }
        row(c.name, raw, ours, "msg/s", a_raw, a_ours, median(cpu_raw), median(cpu_ours));
        std::fflush(stdout);
    }
    if (selected("DEALER->ROUTER echo 64 B, 1 in flight"))
    {
        std::vector<double> raw, ours, via_asio;
        for (int i = 0; i < runs; ++i)
        {
            arm("DEALER->ROUTER echo 64 B", "raw libzmq");
            raw.push_back(stream_only ? 0.0 : raw_latency(rtn));
            arm("DEALER->ROUTER echo 64 B", "boost_zmqstream");
            ours.push_back(raw_only ? 0.0 : stream_latency(rtn));
            arm("DEALER->ROUTER echo 64 B", "libzmq through Asio's reactor");
            via_asio.push_back(stream_only ? 0.0 : asio_floor_latency(rtn));
        }
        std::vector<double> diffs, asio_diffs;
        for (int i = 0; i < runs; ++i)
        {
            diffs.push_back(ours[i] - raw[i]);
            asio_diffs.push_back(ours[i] - via_asio[i]);
        }
        std::printf("| %-46s | %12.1f | %12.1f | %-6s | %+5.1f | %13s | %13s |\n",
            "DEALER->ROUTER echo 64 B, 1 in flight", median(raw), median(ours), "us/RT", median(diffs), "(diff, us)", "");
        std::printf("| %-46s | %12.1f | %12.1f | %-6s | %+5.1f | %13s | %13s |\n",
            "  against libzmq through Asio's async_wait", median(via_asio), median(ours), "us/RT", median(asio_diffs),
            "(diff, us)", "");
    }
    if (selected("fan-in: DEALERs -> 1 ROUTER"))
    {
        std::vector<double> raw, ours;
        double kib_raw = 0, kib_ours = 0;
        for (int i = 0; i < runs; ++i)
        {
            arm("fan-in", "raw libzmq");
            auto r = fan_in(false, fan_sockets, fan_per);
            arm("fan-in", "boost_zmqstream");
            auto o = fan_in(true, fan_sockets, fan_per);
            raw.push_back(r.msgs_per_s);
            ours.push_back(o.msgs_per_s);
            kib_raw = r.kib_per_socket;
            kib_ours = o.kib_per_socket;
        }
        char name[64];
        std::snprintf(name, sizeof name, "fan-in: %d DEALERs -> 1 ROUTER, 64 B", fan_sockets);
        row(name, raw, ours, "msg/s", 0, 0);
        std::printf("|   memory per socket (RSS growth / sockets)     | %8.1f KiB | %8.1f KiB |\n", kib_raw, kib_ours);
    }
    std::printf("\npeak RSS of this process: %ld KiB\n", peak_rss_kib());
    if (verify)
        std::printf("verified: no error, every message arrived once, in order, intact\n");
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    int rc = 1;
    guarded([&] { rc = run(argc, argv); });
    return rc;
}
