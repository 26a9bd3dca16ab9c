//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_TEST_RSS_HPP
#define BOOST_ZMQSTREAM_TEST_RSS_HPP

// What the load and hostile-input tests measure about the process itself:
// resident memory, the descriptor limit, and counts scaled by the environment.

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <string>

#include <malloc.h>
#include <sys/resource.h>
#include <unistd.h>

namespace boost_zmqstream_test {

// ASan keeps freed memory in a quarantine (256 MiB by default) before reusing
// it, and TSan maps shadow memory for every address touched: under either,
// RSS follows what was freed or touched, not what is held. Bounds on RSS
// growth are reported there, not enforced.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
inline constexpr bool rss_is_meaningful = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
inline constexpr bool rss_is_meaningful = false;
#else
inline constexpr bool rss_is_meaningful = true;
#endif
#else
inline constexpr bool rss_is_meaningful = true;
#endif

// Resident bytes of this process (/proc/self/statm, second field).
inline long rss_bytes()
{
    std::ifstream statm("/proc/self/statm");
    long size = 0, resident = 0;
    statm >> size >> resident;
    return resident * ::sysconf(_SC_PAGESIZE);
}

// Returns freed heap pages to the system, so that an RSS delta measured next
// counts what is allocated from here on, not what an earlier phase left free.
inline long trimmed_rss_bytes()
{
    ::malloc_trim(0);
    return rss_bytes();
}

inline double mib(long bytes)
{
    return static_cast<double>(bytes) / (1024.0 * 1024.0);
}

// A count from the environment variable `name` (a positive integer), else `fallback`.
inline long env_count(const char* name, long fallback)
{
    const char* v = std::getenv(name);
    if (!v || !*v)
        return fallback;
    char* end = nullptr;
    long n = std::strtol(v, &end, 10);
    return (end && *end == '\0' && n > 0) ? n : fallback;
}

// Raises the soft RLIMIT_NOFILE to `wanted` descriptors, the hard limit too
// when the process may (CAP_SYS_RESOURCE); else as far as the hard limit goes.
// Returns the soft limit in force afterwards.
inline long raise_fd_limit(long wanted)
{
    rlimit rl{};
    ::getrlimit(RLIMIT_NOFILE, &rl);
    if (static_cast<long>(rl.rlim_cur) >= wanted)
        return static_cast<long>(rl.rlim_cur);
    if (static_cast<long>(rl.rlim_max) < wanted)
    {
        rlimit both{static_cast<rlim_t>(wanted), static_cast<rlim_t>(wanted)};
        if (::setrlimit(RLIMIT_NOFILE, &both) == 0)
            return wanted;
    }
    rl.rlim_cur = std::min<rlim_t>(static_cast<rlim_t>(wanted), rl.rlim_max);
    ::setrlimit(RLIMIT_NOFILE, &rl);
    ::getrlimit(RLIMIT_NOFILE, &rl);
    return static_cast<long>(rl.rlim_cur);
}

} // namespace boost_zmqstream_test

#endif
