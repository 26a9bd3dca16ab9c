//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_TEST_PEER_PROCESS_HPP
#define BOOST_ZMQSTREAM_TEST_PEER_PROCESS_HPP

#include <boost_zmqstream_test/fixtures.hpp>

#include <boost/asio/posix/stream_descriptor.hpp>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <spawn.h>
#include <string>
#include <string_view>
#include <sys/wait.h>
#include <vector>

extern char** environ;

namespace boost_zmqstream_test {

// A peer process (python3 with pyzmq, a binary, ...) whose stdout is read
// through the test's io_context. It reports that it is ready with a first
// line ("READY <endpoint>"); the test waits for that line, then for the exit
// status. A process still running when the object goes (a failed test) is
// killed and reaped.
class peer_process
{
public:
    // Starts argv[0] (a path) with these arguments; fails the test if it cannot.
    peer_process(asio::io_context& ioc, std::vector<std::string> argv) : out_(std::make_shared<pipe_state>(ioc))
    {
        BOOST_TEST_REQUIRE(!argv.empty());
        int fds[2];
        // Close-on-exec: a later peer must not inherit this pipe, or its
        // end of file would wait for that peer too.
        BOOST_TEST_REQUIRE(::pipe2(fds, O_CLOEXEC) == 0);
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
        std::vector<char*> args;
        for (auto& a : argv)
            args.push_back(a.data());
        args.push_back(nullptr);
        int rc = ::posix_spawn(&pid_, args[0], &fa, nullptr, args.data(), environ);
        posix_spawn_file_actions_destroy(&fa);
        ::close(fds[1]);
        if (rc != 0)
        {
            ::close(fds[0]);
            pid_ = -1;
        }
        BOOST_TEST_REQUIRE(rc == 0, "cannot start " << argv[0] << ": " << std::strerror(rc));
        out_->pipe.assign(fds[0]);
        read_more(out_);
    }

    peer_process(const peer_process&) = delete;
    peer_process& operator=(const peer_process&) = delete;

    ~peer_process()
    {
        kill(SIGKILL);
        reap();
        // Cancels the pending read; it holds the output, not `this`, so it is
        // harmless whether the context runs it later or destroys it.
        error_code ignored;
        out_->pipe.close(ignored);
    }

    // The rest of the first line, which must start with `prefix`; fails the
    // test if it does not come within `deadline`.
    std::string ready(asio::io_context& ioc, std::chrono::steady_clock::duration deadline = 60s,
        std::string_view prefix = "READY ")
    {
        const std::string& text = out_->text;
        BZS_RUN_UNTIL_FOR(ioc, text.find('\n') != std::string::npos || out_->eof, deadline);
        auto nl = text.find('\n');
        BOOST_TEST_REQUIRE((nl != std::string::npos && text.compare(0, prefix.size(), prefix) == 0),
            "peer did not report " << prefix << "...: " << text);
        return text.substr(prefix.size(), nl - prefix.size());
    }

    // Whether its stdout was closed (it exited, or is exiting).
    bool exited() const { return out_->eof; }

    // Whether it printed `line` (a whole line) so far.
    bool printed(const std::string& line) const
    {
        return ("\n" + out_->text).find("\n" + line + "\n") != std::string::npos;
    }

    const std::string& output() const { return out_->text; }

    void kill(int sig = SIGKILL)
    {
        if (pid_ > 0)
            ::kill(pid_, sig);
    }

    // Runs `ioc` until the process closed its stdout, then reaps it; returns
    // its exit status, or 128 + the signal that ended it (as a shell does).
    int wait(asio::io_context& ioc, std::chrono::steady_clock::duration deadline = 120s)
    {
        BOOST_TEST_REQUIRE(pid_ > 0, "waiting for a peer already reaped");
        BZS_RUN_UNTIL_FOR(ioc, out_->eof, deadline);
        int status = reap();
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }

private:
    // Shared with the pending read, so that a process destroyed while its
    // read is pending or queued leaves nothing behind that the read touches.
    struct pipe_state
    {
        explicit pipe_state(asio::io_context& ioc) : pipe(ioc) {}
        asio::posix::stream_descriptor pipe;
        char buf[256];
        std::string text;
        bool eof = false;
    };

    static void read_more(std::shared_ptr<pipe_state> o)
    {
        auto& pipe = o->pipe;
        pipe.async_read_some(asio::buffer(o->buf), [o](error_code ec, std::size_t n) mutable {
            o->text.append(o->buf, n);
            if (ec)
                o->eof = true;
            else
                read_more(std::move(o));
        });
    }

    int reap()
    {
        int status = 0;
        if (pid_ > 0)
        {
            while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR)
            {
            }
            pid_ = -1;
        }
        return status;
    }

    pid_t pid_ = -1;
    std::shared_ptr<pipe_state> out_;
};

} // namespace boost_zmqstream_test

#endif
