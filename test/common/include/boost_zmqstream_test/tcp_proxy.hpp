//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_TEST_TCP_PROXY_HPP
#define BOOST_ZMQSTREAM_TEST_TCP_PROXY_HPP

#include <boost_zmqstream_test/fixtures.hpp>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace boost_zmqstream_test {

// A fault-injecting TCP proxy: listens on tcp://127.0.0.1 (an ephemeral
// port) and forwards each connection to a target, in the mode the test sets:
// forward, stall (no more reads from either side), trickle (at most N bytes
// per tick each way) or cut (close both sides now, or after K more bytes in
// one direction, mid-message if the test chose K so).
//
// It runs on the test's io_context (declare it after the context): every
// mode change takes effect at a known point (the next read or write of each
// direction), its counters can be read from a
// run_until predicate without locks, and the libzmq I/O threads move the
// streams' bytes meanwhile, so nothing waits on the proxy but the proxied
// bytes.
class tcp_proxy
{
public:
    enum direction
    {
        upstream = 0,   // from the connecting side to the target
        downstream = 1  // back
    };

    // `target` is a "tcp://host:port" endpoint (a stream's bindings().at(0)).
    // `kernel_buffer` > 0 sets SO_SNDBUF and SO_RCVBUF of every proxy socket,
    // so that a stall pushes back after a few KiB instead of megabytes of
    // auto-tuned buffers.
    tcp_proxy(asio::io_context& ioc, const std::string& target, int kernel_buffer = 0)
        : core_(std::make_shared<core>(ioc, target, kernel_buffer))
    {
        accept(core_);
    }

    tcp_proxy(const tcp_proxy&) = delete;
    tcp_proxy& operator=(const tcp_proxy&) = delete;

    // Handlers hold the core, so closing is all that is needed here.
    ~tcp_proxy() { close(); }

    std::string endpoint() const
    {
        return "tcp://127.0.0.1:" + std::to_string(core_->acceptor.local_endpoint().port());
    }

    void forward() { set_mode(mode::forward); }
    void stall() { set_mode(mode::stall); }

    // At most `bytes` per `tick` in each direction of each connection.
    void trickle(std::size_t bytes, std::chrono::steady_clock::duration tick)
    {
        core_->trickle_bytes = std::max<std::size_t>(bytes, 1);
        core_->tick = tick;
        set_mode(mode::trickle);
    }

    // Closes both sides of every connection now; new ones are forwarded.
    void cut() { core_->cut_all(); }

    // Forwards exactly `k` more bytes in `d` (counted over all connections),
    // then cuts; the other direction and the mode are unchanged meanwhile.
    void cut_after(std::size_t k, direction d = upstream)
    {
        core_->cut_dir = d;
        core_->cut_budget = k;
        if (k == 0)
            core_->cut_all();
    }

    // Stops accepting and closes every connection.
    void close()
    {
        error_code ignored;
        core_->acceptor.close(ignored);
        core_->cut_all();
    }

    std::size_t forwarded(direction d) const { return core_->forwarded[d]; }
    std::size_t writes(direction d) const { return core_->writes[d]; }
    int accepted() const { return core_->accepted; }
    int cuts() const { return core_->cuts; }  // connections closed by a cut

    // Whether every open connection holds `d` stalled (and there is one).
    bool stalled(direction d) const
    {
        bool any = false;
        for (auto& w : core_->links)
            if (auto l = w.lock(); l && l->open)
            {
                if (!l->pumps[d].parked)
                    return false;
                any = true;
            }
        return any;
    }

    // Bytes read in `d` and not yet written (held by a stall: one read at most).
    std::size_t held(direction d) const
    {
        std::size_t n = 0;
        for (auto& w : core_->links)
            if (auto l = w.lock())
                n += l->pumps[d].have;
        return n;
    }

private:
    using tcp = asio::ip::tcp;
    enum class mode { forward, stall, trickle };
    struct link;

    struct core
    {
        core(asio::io_context& ioc, const std::string& target_ep, int buffer)
            : ioc(ioc), acceptor(ioc), kernel_buffer(buffer)
        {
            auto colon = target_ep.rfind(':');
            auto host = target_ep.substr(0, colon);
            if (host.rfind("tcp://", 0) == 0)
                host = host.substr(6);
            target = tcp::endpoint(asio::ip::make_address(host),
                static_cast<std::uint16_t>(std::stoi(target_ep.substr(colon + 1))));
            tcp::endpoint here(asio::ip::make_address("127.0.0.1"), 0);
            acceptor.open(here.protocol());
            acceptor.set_option(tcp::acceptor::reuse_address(true));
            // Accepted sockets inherit these; set before listen, the window
            // is small from the first byte.
            set_buffers(acceptor);
            acceptor.bind(here);
            acceptor.listen();
        }

        template <class Socket>
        void set_buffers(Socket& s)
        {
            if (kernel_buffer > 0)
            {
                s.set_option(asio::socket_base::send_buffer_size(kernel_buffer));
                s.set_option(asio::socket_base::receive_buffer_size(kernel_buffer));
            }
        }

        void cut_all()
        {
            cut_budget.reset();
            for (auto& w : links)
                if (auto l = w.lock(); l && l->open)
                {
                    l->close();
                    ++cuts;
                }
            links.clear();
        }

        asio::io_context& ioc;
        tcp::acceptor acceptor;
        tcp::endpoint target;
        int kernel_buffer;
        mode m = mode::forward;
        std::size_t trickle_bytes = 1;
        std::chrono::steady_clock::duration tick{};
        std::optional<std::size_t> cut_budget;
        direction cut_dir = upstream;
        std::size_t forwarded[2] = {0, 0};
        std::size_t writes[2] = {0, 0};
        int accepted = 0, cuts = 0;
        std::vector<std::weak_ptr<link>> links;
    };

    // One direction of a connection: read into buf, write it out, repeat.
    struct pump
    {
        std::array<char, 16384> buf;
        std::size_t off = 0, have = 0;  // read, not yet written: buf[off, off + have)
        bool parked = false;            // stopped by a stall; restarted by forward() or trickle()
    };

    // An accepted connection and the one made for it to the target.
    struct link : std::enable_shared_from_this<link>
    {
        link(std::shared_ptr<core> owner, tcp::socket s)
            : c(std::move(owner)), client(std::move(s)), server(c->ioc),
              ticks{asio::steady_timer(c->ioc), asio::steady_timer(c->ioc)}
        {
        }

        tcp::socket& from(int d) { return d == upstream ? client : server; }
        tcp::socket& to(int d) { return d == upstream ? server : client; }

        void step(int d)
        {
            pump& p = pumps[d];
            if (!open)
                return;
            if (c->m == mode::stall)
                return (void)(p.parked = true);
            p.parked = false;
            if (p.have == 0)
                read(d);
            else
                write(d);
        }

        // The most that may go out in `d` now: a trickle's share, and no
        // byte beyond a pending cut (a read started before either was set
        // may have brought more).
        std::size_t limit(int d, std::size_t n) const
        {
            if (c->m == mode::trickle)
                n = std::min(n, c->trickle_bytes);
            if (c->cut_budget && c->cut_dir == d)
                n = std::min(n, *c->cut_budget);
            return n;
        }

        void read(int d)
        {
            pump& p = pumps[d];
            auto handler = [self = this->shared_from_this(), d](error_code ec, std::size_t n) {
                if (ec)
                    return self->close();
                self->pumps[d].off = 0;
                self->pumps[d].have = n;
                self->step(d);
            };
            from(d).async_read_some(asio::buffer(p.buf.data(), limit(d, p.buf.size())), std::move(handler));
        }

        void write(int d)
        {
            pump& p = pumps[d];
            auto handler = [self = this->shared_from_this(), d](error_code ec, std::size_t n) {
                if (ec)
                    return self->close();
                self->written(d, n);
            };
            asio::async_write(to(d), asio::buffer(p.buf.data() + p.off, limit(d, p.have)), std::move(handler));
        }

        void written(int d, std::size_t n)
        {
            pumps[d].off += n;
            pumps[d].have -= n;
            c->forwarded[d] += n;
            ++c->writes[d];
            if (c->cut_budget && c->cut_dir == d)
            {
                *c->cut_budget -= n;
                if (*c->cut_budget == 0)
                    return c->cut_all();
            }
            if (c->m != mode::trickle)
                return step(d);
            ticks[d].expires_after(c->tick);
            ticks[d].async_wait([self = this->shared_from_this(), d](error_code ec) {
                if (!ec)
                    self->step(d);
            });
        }

        void close()
        {
            if (!open)
                return;
            open = false;
            error_code ignored;
            client.close(ignored);
            server.close(ignored);
            for (auto& t : ticks)
                t.cancel();
        }

        std::shared_ptr<core> c;
        tcp::socket client, server;
        asio::steady_timer ticks[2];
        pump pumps[2];
        bool open = true;
    };

    void set_mode(mode m)
    {
        core_->m = m;
        if (m == mode::stall)
            return;
        for (auto& w : core_->links)
            if (auto l = w.lock())
                for (int d : {0, 1})
                    if (l->pumps[d].parked)
                        l->step(d);
    }

    static void accept(std::shared_ptr<core> c)
    {
        auto& acceptor = c->acceptor;
        acceptor.async_accept([c](error_code ec, tcp::socket s) mutable {
            if (ec)
                return;  // closed
            ++c->accepted;
            auto l = std::make_shared<link>(c, std::move(s));
            forget_closed(*c);
            c->links.push_back(l);
            connect(l);
            accept(std::move(c));
        });
    }

    static void connect(const std::shared_ptr<link>& l)
    {
        error_code ec;
        l->server.open(l->c->target.protocol(), ec);
        if (!ec)
            l->c->set_buffers(l->server);
        l->server.async_connect(l->c->target, [l](error_code ec) {
            if (ec || !l->open)
                return l->close();
            l->step(upstream);
            l->step(downstream);
        });
    }

    static void forget_closed(core& c)
    {
        c.links.erase(std::remove_if(c.links.begin(), c.links.end(),
                          [](const std::weak_ptr<link>& w) {
                              auto l = w.lock();
                              return !l || !l->open;
                          }),
            c.links.end());
    }

    std::shared_ptr<core> core_;
};

} // namespace boost_zmqstream_test

#endif
