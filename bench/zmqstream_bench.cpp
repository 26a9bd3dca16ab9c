//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
// boost_zmqstream side by side with raw blocking libzmq, in one run.
//
//   zmqstream_bench [--runs N] [--quick] [--only SUBSTRING] [--stream-only | --raw-only]
//
// --only runs the workloads whose name contains SUBSTRING (for strace or
// callgrind on one workload); --stream-only skips the raw libzmq side of the
// throughput workloads (for a profile of the stream alone; no ratios then),
// --raw-only the stream side.
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
#include <boost/asio/spawn.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <future>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

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

// What one side of a throughput run measures between start() and stop():
// the rate, the mallocs and the CPU time of the calling thread.
struct meter
{
    clock_type::time_point t0;
    unsigned long a0 = 0;
    double c0 = 0;

    void start() { t0 = clock_type::now(), a0 = t_mallocs, c0 = thread_cpu_ns(); }

    sample stop(int msgs) const
    {
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
    int zero = 0;
    zmq_setsockopt(s, ZMQ_LINGER, &zero, sizeof zero);
    return s;
}

std::string raw_bind(void* s)
{
    zmq_bind(s, "tcp://127.0.0.1:*");
    char buf[256];
    std::size_t len = sizeof buf;
    zmq_getsockopt(s, ZMQ_LAST_ENDPOINT, buf, &len);
    return std::string(buf, len - 1);
}

// ----------------------------------------------------------------- one-way throughput

enum class recv_style { raw, callbacks, awaitable, yield, batch };
enum class send_style { raw, async_write, write_drain };

// The receiver binds, reports its endpoint, times the first to the n-th message.
sample run_receiver(recv_style style, int n, std::promise<std::string>& ep)
{
    zs::context ctx;
    sample out;
    meter m0;
    if (style == recv_style::raw)
    {
        void* s = raw_socket(ctx, ZMQ_PULL);
        ep.set_value(raw_bind(s));
        zmq_msg_t m;
        zmq_msg_init(&m);
        for (int i = 0; i < n; ++i)
        {
            zmq_msg_recv(&m, s, 0);
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
    auto on_message = [&] {
        if (count++ == 0)
            m0.start();
    };
    // Handlers stop the io_context after the n-th message; run() as users do.
    if (style == recv_style::callbacks)
    {
        struct reader
        {
            zs::zmq_stream& s;
            int& count;
            int n;
            std::function<void()>& tick;
            asio::io_context& ioc;
            void operator()(zs::error_code ec, zs::message)
            {
                tick();
                if (!ec && count < n)
                    s.async_read(*this);
                else
                    ioc.stop();
            }
        };
        std::function<void()> tick = on_message;
        pull.async_read(reader{pull, count, n, tick, ioc});
        ioc.run();
    }
    else if (style == recv_style::batch)
    {
        std::vector<zs::message> batch;
        batch.reserve(256);
        std::function<void(zs::error_code, std::size_t)> more = [&](zs::error_code ec, std::size_t k) {
            for (std::size_t i = 0; i < k; ++i)
                on_message();
            batch.clear();
            if (!ec && count < n)
                pull.async_read_batch(batch, 256, [&](zs::error_code e, std::size_t m) { more(e, m); });
            else
                ioc.stop();
        };
        more({}, 0);
        ioc.run();
    }
    else if (style == recv_style::awaitable)
    {
        asio::co_spawn(
            ioc,
            [&]() -> asio::awaitable<void> {
                while (count < n)
                {
                    co_await pull.async_read(asio::use_awaitable);
                    on_message();
                }
                ioc.stop();
            },
            [](std::exception_ptr e) {
                if (e)
                    std::rethrow_exception(e);
            });
        ioc.run();
    }
    else
    {
        asio::spawn(
            ioc,
            [&](asio::yield_context yield) {
                while (count < n)
                {
                    pull.async_read(yield);
                    on_message();
                }
                ioc.stop();
            },
            [](std::exception_ptr e) {
                if (e)
                    std::rethrow_exception(e);
            });
        ioc.run();
    }
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
    sample out;
    if (style == send_style::raw)
    {
        void* s = raw_socket(ctx, ZMQ_PUSH);
        zmq_connect(s, ep.c_str());
        meter m0;
        m0.start();
        for (int i = 0; i < n; ++i)
            zmq_send(s, payload.data(), payload.size(), 0);
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
    meter m0;
    m0.start();
    std::function<void(zs::error_code)> next;
    if (style == send_style::async_write)
    {
        next = [&](zs::error_code) {
            if (sent < n)
            {
                ++sent;
                push.async_write(zs::message(zs::frame(payload)), call{&next});
            }
        };
        next({});
    }
    else
    {
        next = [&](zs::error_code) {
            while (sent < n)
            {
                push.write(zs::message(zs::frame(payload)));
                if (++sent % 64 == 0)
                    return push.async_drain(call{&next});
            }
        };
        next({});
    }
    while (sent < n || push.write_buffer_size() > 0)
        ioc.run_one();
    out = m0.stop(n);
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
    const bool raw = r == recv_style::raw && s == send_style::raw;
    if ((stream_only && raw) || (raw_only && !raw))
        return {{1.0, 0.0, 0.0}, {}};
    std::promise<std::string> ep;
    std::promise<void> done;
    std::future<void> done_f = done.get_future();
    throughput_result out;
    std::thread receiver([&] {
        out.recv = run_receiver(r, n, ep);
        done.set_value();
    });
    std::string endpoint = ep.get_future().get();
    out.send = run_sender(s, n, size, endpoint, done_f);
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
            zmq_msg_recv(&id, router, 0);
            zmq_msg_recv(&body, router, 0);
            zmq_msg_send(&id, router, ZMQ_SNDMORE);
            zmq_msg_send(&body, router, 0);
        }
        zmq_msg_close(&id);
        zmq_msg_close(&body);
    });
    void* dealer = raw_socket(ctx_b, ZMQ_DEALER);
    zmq_connect(dealer, ep.c_str());
    char buf[64] = {};
    zmq_send(dealer, buf, 64, 0);  // warm-up
    zmq_recv(dealer, buf, 64, 0);
    auto t0 = clock_type::now();
    for (int i = 0; i < n; ++i)
    {
        zmq_send(dealer, buf, 64, 0);
        zmq_recv(dealer, buf, 64, 0);
    }
    double us = seconds_since(t0) * 1e6 / n;
    echo.join();
    zmq_close(dealer);
    zmq_close(router);
    return us;
}

double stream_latency(int n)
{
    zs::context ctx_a, ctx_b;
    std::promise<std::string> ep;
    std::thread echo([&] {
        asio::io_context ioc(1);
        zs::stream_options o;
        o.ctx = &ctx_a;
        o.bind = {"tcp://127.0.0.1:*"};
        zs::zmq_stream router(ioc, ZMQ_ROUTER, o);
        ep.set_value(router.bindings().at(0));
        int count = 0;
        std::function<void()> loop = [&] {
            router.async_read([&](zs::error_code ec, zs::message m) {
                if (ec)
                    return;
                router.write(std::move(m));
                if (++count < n + 1)
                    loop();
            });
        };
        loop();
        while (count < n + 1)
            ioc.run_one();
        router.close();
        ioc.run();
    });
    asio::io_context ioc(1);
    zs::stream_options o;
    o.ctx = &ctx_b;
    o.connect = {ep.get_future().get()};
    zs::zmq_stream dealer(ioc, ZMQ_DEALER, o);
    std::string payload(64, 'x');
    int count = 0;
    clock_type::time_point t0;
    std::function<void()> round = [&] {
        dealer.write(zs::message(zs::frame(payload)));
        dealer.async_read([&](zs::error_code ec, zs::message) {
            if (ec)
                return;
            if (count++ == 0)
                t0 = clock_type::now();  // the first round trip is the warm-up
            if (count < n + 1)
                round();
        });
    };
    round();
    while (count < n + 1)
        ioc.run_one();
    double us = seconds_since(t0) * 1e6 / n;
    echo.join();
    dealer.abort();
    return us;
}

// ----------------------------------------------------------------- fan-in

struct fanin_result
{
    double msgs_per_s = 0;
    double kib_per_socket = 0;
};

fanin_result fan_in(bool stream, int sockets, int per_socket)
{
    zs::context ctx_a, ctx_b;
    ctx_a.set(ZMQ_MAX_SOCKETS, sockets + 64);
    ctx_b.set(ZMQ_MAX_SOCKETS, sockets + 64);
    const long total = long(sockets) * per_socket;
    std::promise<std::string> ep;
    std::promise<double> rate;
    std::thread receiver([&] {
        void* r = raw_socket(ctx_a, ZMQ_ROUTER);
        if (!stream)
        {
            ep.set_value(raw_bind(r));
            zmq_msg_t m;
            zmq_msg_init(&m);
            clock_type::time_point t0;
            for (long i = 0; i < total; ++i)
            {
                zmq_msg_recv(&m, r, 0);  // id
                zmq_msg_recv(&m, r, 0);  // body
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
            router.async_read([&](zs::error_code ec, zs::message) {
                if (ec)
                    return;
                if (count++ == 0)
                    t0 = clock_type::now();
                if (count < total)
                    loop();
            });
        };
        loop();
        while (count < total)
            ioc.run_one();
        rate.set_value((total - 1) / seconds_since(t0));
        router.abort();
    });
    std::string endpoint = ep.get_future().get();
    std::string payload(64, 'x');
    fanin_result out;
    long rss0 = current_rss_kib();
    if (!stream)
    {
        std::vector<void*> dealers;
        for (int i = 0; i < sockets; ++i)
        {
            dealers.push_back(raw_socket(ctx_b, ZMQ_DEALER));
            zmq_connect(dealers.back(), endpoint.c_str());
        }
        out.kib_per_socket = double(current_rss_kib() - rss0) / sockets;
        for (int k = 0; k < per_socket; ++k)
            for (void* d : dealers)
                zmq_send(d, payload.data(), payload.size(), 0);
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
            next[i] = [&, i](zs::error_code) {
                while (sent[i] < per_socket)
                {
                    dealers[i]->write(zs::message(zs::frame(payload)));
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
            d->abort();
    }
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

} // namespace

int main(int argc, char** argv)
{
    int runs = 3;
    bool quick = false;
    std::string only;
    for (int i = 1; i < argc; ++i)
    {
        if (!std::strcmp(argv[i], "--quick"))
            quick = true, runs = 1;
        else if (!std::strcmp(argv[i], "--runs") && i + 1 < argc)
            runs = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--only") && i + 1 < argc)
            only = argv[++i];
        else if (!std::strcmp(argv[i], "--stream-only"))
            stream_only = true;
        else if (!std::strcmp(argv[i], "--raw-only"))
            raw_only = true;
    }
    auto selected = [&](const std::string& name) { return name.find(only) != std::string::npos; };
    const int n64 = quick ? 2000 : 1000000;
    const int n1k = quick ? 1000 : 200000;
    const int rtn = quick ? 200 : 100000;
    const int fan_sockets = quick ? 20 : 1000;
    const int fan_per = quick ? 10 : 200;

    double load[3] = {};
    getloadavg(load, 3);
    std::printf("boost_zmqstream bench: %ld cores, load %.2f %.2f %.2f, libzmq %d.%d.%d, Boost %d, %d runs%s\n",
        sysconf(_SC_NPROCESSORS_ONLN), load[0], load[1], load[2], ZMQ_VERSION_MAJOR, ZMQ_VERSION_MINOR,
        ZMQ_VERSION_PATCH, BOOST_VERSION, runs, quick ? " (--quick: tiny counts, figures meaningless)" : "");
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
    };
    const tp_case cases[] = {
        {"PUSH->PULL 64 B, recv: callbacks", recv_style::callbacks, send_style::raw, n64, 64, false},
        {"PUSH->PULL 64 B, recv: use_awaitable", recv_style::awaitable, send_style::raw, n64, 64, false},
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
    };
    for (const auto& c : cases)
    {
        if (!selected(c.name))
            continue;
        std::vector<double> raw, ours, cpu_raw, cpu_ours;
        double a_raw = 0, a_ours = 0;
        for (int i = 0; i < runs; ++i)
        {
            auto r = one_way(recv_style::raw, send_style::raw, c.n, c.size);
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
        std::vector<double> raw, ours;
        for (int i = 0; i < runs; ++i)
        {
            raw.push_back(raw_latency(rtn));
            ours.push_back(stream_latency(rtn));
        }
        std::vector<double> diffs;
        for (int i = 0; i < runs; ++i)
            diffs.push_back(ours[i] - raw[i]);
        std::printf("| %-46s | %12.1f | %12.1f | %-6s | %+5.1f | %13s | %13s |\n",
            "DEALER->ROUTER echo 64 B, 1 in flight", median(raw), median(ours), "us/RT", median(diffs), "(diff, us)", "");
    }
    if (selected("fan-in: DEALERs -> 1 ROUTER"))
    {
        std::vector<double> raw, ours;
        double kib_raw = 0, kib_ours = 0;
        for (int i = 0; i < runs; ++i)
        {
            auto r = fan_in(false, fan_sockets, fan_per);
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
    return 0;
}
