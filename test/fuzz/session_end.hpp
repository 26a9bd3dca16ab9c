//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_FUZZ_SESSION_END_HPP
#define BOOST_ZMQSTREAM_FUZZ_SESSION_END_HPP

// The end of an input: what is owed is delivered, then the streams and the
// io_context are destroyed in the order the header chose, and every handler
// must have run exactly once, or been destroyed with the io_context.

namespace stream_fuzz {

// Generous for inproc on a loaded machine; only a lost message waits this long.
inline constexpr auto end_deadline = std::chrono::seconds(3);

// Direction `dir` owes every message not excused when its receiver is still
// open (a closed sender still flushes, with the default infinite ZMQ_LINGER).
inline bool session::expects_all(int dir) const
{
    const side& r = sides_[1 - dir];
    return sides_[dir].can_send && alive(1 - dir) && !r.closed && !r.aborted;
}

inline void session::deliver_the_rest()
{
    final_ = delivering_ = true;
    for (int i = 0; i < 2; ++i)
        if (alive(i))
        {
            in_api g;
            stream(i).resume_reading();
        }
    auto owed = [this](int dir) { return expects_all(dir) && ledgers_[dir].first_missing() < ledgers_[dir].next_seq(); };
    auto end = std::chrono::steady_clock::now() + end_deadline;
    while (owed(0) || owed(1))
    {
        if (std::chrono::steady_clock::now() > end)
            for (int dir = 0; dir < 2; ++dir)
                require(!owed(dir), dir == 0 ? "a message A sent never reached B" : "a message B sent never reached A",
                    static_cast<long>(ledgers_[dir].first_missing()));
        for (int dir = 0; dir < 2; ++dir)
            if (owed(dir) && !sides_[1 - dir].final_read)
            {
                int i = 1 - dir;
                sides_[i].final_read = true;
                auto id = ops_.add(op_kind::read, i);
                auto h = handler(id, [this, i](zs::error_code ec, zs::message m) {
                    sides_[i].final_read = false;
                    // Once all arrived, a final read still parked is aborted by the destruction.
                    if (ec)
                        return require(!delivering_, "a final read failed", ec.value());
                    got(i, m);
                });
                in_api g;
                stream(i).async_read(std::move(h));
            }
        if (ioc_->stopped())
            ioc_->restart();
        ioc_->run_one_for(std::chrono::milliseconds(5));
    }
    delivering_ = false;
}

inline void session::finish()
{
    deliver_the_rest();
    if (context_first_)
        finish_context_first();
    else
        finish_streams_first();
}

// Destroyed streams complete every pending operation.
inline void session::finish_streams_first()
{
    for (int i = 0; i < 2; ++i)
        destroy(i);
    auto end = std::chrono::steady_clock::now() + end_deadline;
    while (!ops_.all_ran())
    {
        auto ids = ops_.pending(false);
        require(std::chrono::steady_clock::now() < end, "a handler never ran after its stream was destroyed",
            static_cast<long>(ids.front()));
        if (ioc_->stopped())
            ioc_->restart();
        ioc_->run_one_for(std::chrono::milliseconds(5));
    }
    {
        in_api g;
        ioc_.reset();
    }
    ops_.check_settled();
}

// A destroyed io_context destroys the waiting handlers without running them;
// the streams may outlive it.
inline void session::finish_context_first()
{
    {
        in_api g;
        ioc_.reset();
    }
    ops_.check_settled();
    for (int i = 0; i < 2; ++i)
    {
        in_api g;
        sides_[i].s.reset();
    }
}

} // namespace stream_fuzz

#endif
