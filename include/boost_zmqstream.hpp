//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_HPP
#define BOOST_ZMQSTREAM_HPP

/** @file
    The whole library: includes every public header.
*/

/** @mainpage boost_zmqstream

    A ZeroMQ socket as an asynchronous message stream for Boost.Asio: the
    Streams API of Python's aiozmq (`create_zmq_stream`, `ZmqStream`) with
    Asio's completion tokens. Include `<boost_zmqstream.hpp>` for all of it.

    - boost_zmqstream::basic_zmq_stream (boost_zmqstream::zmq_stream): the
      stream; boost_zmqstream::stream_options, the typed socket options of
      namespace boost_zmqstream::option;
    - boost_zmqstream::message and boost_zmqstream::frame: what it reads and
      writes;
    - boost_zmqstream::monitor_event: what async_read_event() reads;
    - boost_zmqstream::error, boost_zmqstream::error_category() and
      boost_zmqstream::zmq_category(): the error codes operations fail with;
    - boost_zmqstream::context: a libzmq context;
    - boost_zmqstream::basic_zap_authenticator and
      boost_zmqstream::zap_policy: a ZAP handler for PLAIN and CURVE;
      curve.hpp: CURVE keys and certificate files.

    The guides in `doc/` (cancellation and timeouts, flow control,
    monitoring, security, interoperability) explain how the parts work
    together.
*/

/** @namespace boost_zmqstream
    Everything of the library; names in nested `detail` namespaces are not part of the API.
*/

#include <boost_zmqstream/context.hpp>
#include <boost_zmqstream/curve.hpp>
#include <boost_zmqstream/error.hpp>
#include <boost_zmqstream/frame.hpp>
#include <boost_zmqstream/message.hpp>
#include <boost_zmqstream/monitor_event.hpp>
#include <boost_zmqstream/options.hpp>
#include <boost_zmqstream/version.hpp>
#include <boost_zmqstream/zap_authenticator.hpp>
#include <boost_zmqstream/zap_policy.hpp>
#include <boost_zmqstream/zmq_socket.hpp>
#include <boost_zmqstream/zmq_stream.hpp>

#endif
