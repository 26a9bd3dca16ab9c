//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
// A peer of the two-hosts test (test/netns/run starts one of each, each in
// its own network namespace): `peer router ENDPOINT` echoes numbered
// requests, `peer dealer ENDPOINT` sends them through a link outage and
// judges the answers. Each prints "ready ..." once it is, then
// "verdict ok ..." or "verdict FAILED ...", and exits 0 only on the first.
// Every wait has a deadline (--deadline), so nothing hangs.
#include "dealer.hpp"
#include "router.hpp"

#include <exception>

int main(int argc, char** argv)
{
    using namespace netns_peer;
    config c;
    try
    {
        c = parse(argc, argv);
    }
    catch (const std::exception& e)
    {
        std::cerr << "peer: " << e.what() << '\n' << usage() << '\n';
        return 2;
    }
    try
    {
        zs::context ctx;  // outlives the stream: its end waits for the last messages
        asio::io_context ioc;
        auto run = [&](auto& side) {
            side.start();
            // A backstop only: each side fails itself at its own deadline.
            ioc.run_for(std::chrono::seconds(c.deadline + 6));
            if (!ioc.stopped())
                say("verdict FAILED " + c.mode + ": still running after its deadline");
            return side.passed() ? 0 : 1;
        };
        if (c.mode == "router")
        {
            router r(ioc, ctx, c);
            return run(r);
        }
        dealer d(ioc, ctx, c);
        return run(d);
    }
    catch (const std::exception& e)  // bind, connect or an option refused
    {
        say("verdict FAILED " + c.mode + ": " + e.what());
        return 1;
    }
}
