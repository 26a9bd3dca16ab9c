//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_TEST_FIXTURES_HPP
#define BOOST_ZMQSTREAM_TEST_FIXTURES_HPP

#include <boost_zmqstream.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <future>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include <dirent.h>
#include <unistd.h>

namespace boost_zmqstream_test {

namespace asio = boost::asio;
using namespace boost_zmqstream;
using namespace std::chrono_literals;

// Runs `ioc` until `pred()` holds; false when `deadline` passed first.
// No sleeping: run_one_for() returns as soon as a handler ran.
template <class Pred>
bool run_until(asio::io_context& ioc, Pred pred, std::chrono::steady_clock::duration deadline = 20s)
{
    auto end = std::chrono::steady_clock::now() + deadline;
    while (!pred())
    {
        if (std::chrono::steady_clock::now() > end)
            return false;
        if (ioc.stopped())
            ioc.restart();
        ioc.run_one_for(50ms);
    }
    // A context runs out of work whenever no operation is outstanding: leave
    // it ready for the caller's next run()/poll().
    if (ioc.stopped())
        ioc.restart();
    return true;
}

// Fails the test loudly (never hangs CI) when `cond` does not come true in time.
#define BZS_RUN_UNTIL(ioc, cond) \
    BOOST_TEST_REQUIRE(::boost_zmqstream_test::run_until((ioc), [&] { return static_cast<bool>(cond); }), \
        "deadline passed waiting for: " #cond)

#define BZS_RUN_UNTIL_FOR(ioc, cond, deadline) \
    BOOST_TEST_REQUIRE(::boost_zmqstream_test::run_until((ioc), [&] { return static_cast<bool>(cond); }, deadline), \
        "deadline passed waiting for: " #cond)

inline bool contains(const std::string& s, const std::string& part)
{
    return s.find(part) != std::string::npos;
}

// Whether `m.push_back(std::declval<T>())` compiles (an ambiguous call does not).
template <class T, class = void>
struct can_push_back : std::false_type
{
};
template <class T>
struct can_push_back<T, std::void_t<decltype(std::declval<message&>().push_back(std::declval<T>()))>>
    : std::true_type
{
};

inline int unique_number()
{
    static std::atomic<int> n{0};
    return ++n;
}

// A bindable endpoint of each transport: inproc (names are per context), ipc
// (a fresh path under /tmp) and tcp with a wildcard port.
inline std::string endpoint_for(const std::string& transport)
{
    if (transport == "inproc")
        return "inproc://bzs-test-" + std::to_string(unique_number());
    if (transport == "ipc")
        return "ipc:///tmp/bzs-test-" + std::to_string(::getpid()) + "-" + std::to_string(unique_number());
    return "tcp://127.0.0.1:*";
}

inline const std::vector<std::string>& transports()
{
    static const std::vector<std::string> t{"inproc", "ipc", "tcp"};
    return t;
}

inline stream_options bind_to(std::string ep)
{
    stream_options o;
    o.bind.push_back(std::move(ep));
    return o;
}

inline stream_options connect_to(std::string ep)
{
    stream_options o;
    o.connect.push_back(std::move(ep));
    return o;
}

// Open descriptors of this process.
inline int open_fd_count()
{
    int n = 0;
    if (DIR* d = ::opendir("/proc/self/fd"))
    {
        while (::readdir(d))
            ++n;
        ::closedir(d);
    }
    return n;
}

// A payload holding `n` bytes derived from `seed`.
inline std::string payload(std::size_t n, unsigned seed = 0)
{
    std::string s(n, '\0');
    for (std::size_t i = 0; i < n; ++i)
        s[i] = static_cast<char>((i * 131 + seed) & 0xff);
    return s;
}

// Checks the three rules of every completion: exactly once, never inside the
// initiating call, and (when `strand_check` is set) on the expected executor.
struct completion_check
{
    int calls = 0;
    bool initiating = false;
    bool called_inside = false;

    template <class F>
    void initiate(F&& f)
    {
        initiating = true;
        f();
        initiating = false;
    }

    void on_call()
    {
        ++calls;
        if (initiating)
            called_inside = true;
    }

    void verify(int expected = 1) const
    {
        BOOST_TEST(calls == expected);
        BOOST_TEST(!called_inside, "a handler ran inside its initiating function");
    }
};

// Runs ioc.run() on a thread; true if it returned within `deadline`. On a
// hang the context is stopped so that the test fails instead of hanging.
inline bool run_returns(asio::io_context& ioc, std::chrono::seconds deadline = std::chrono::seconds(20))
{
    std::promise<void> returned;
    auto f = returned.get_future();
    std::thread t([&] {
        ioc.run();
        returned.set_value();
    });
    bool ok = f.wait_for(deadline) == std::future_status::ready;
    if (!ok)
        ioc.stop();
    t.join();
    return ok;
}


} // namespace boost_zmqstream_test

#endif
