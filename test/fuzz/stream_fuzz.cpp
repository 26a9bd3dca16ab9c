//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
// libFuzzer target: a pair of streams over inproc:// driven through random
// sequences of API calls decoded from the input, interleaved with poll and
// run_one of the io_context. Checked: FIFO order, no duplicate, no corrupt
// frame, no loss except what abort(), destruction or a failed async_write
// documents, every handler exactly once (or destroyed with the io_context),
// no handler invoked inside an initiating function. test/fuzz/README.
//
#include "session.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    stream_fuzz::input in(data, size);
    stream_fuzz::session s(in.byte());
    s.play(in);
    s.finish();
    return 0;
}
