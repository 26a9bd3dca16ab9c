//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
// Must not compile: ZMQ_FD and ZMQ_EVENTS belong to the stream's engine
// (reading ZMQ_EVENTS consumes the edge it waits for).
#include <boost_zmqstream.hpp>

#include <boost/asio/io_context.hpp>

int main()
{
    boost::asio::io_context ioc;
    boost_zmqstream::zmq_stream s(ioc, ZMQ_DEALER);
#ifdef BOOST_ZMQSTREAM_GET_EVENTS
    boost_zmqstream::option::integer<ZMQ_EVENTS> events;
    s.get_option(events);
#else
    s.set_option(boost_zmqstream::option::integer<ZMQ_FD>(0));
#endif
}
