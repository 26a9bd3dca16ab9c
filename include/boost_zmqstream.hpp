//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_HPP
#define BOOST_ZMQSTREAM_HPP

#include <boost_zmqstream/context.hpp>
#include <boost_zmqstream/curve.hpp>
#include <boost_zmqstream/error.hpp>
#include <boost_zmqstream/message.hpp>
#include <boost_zmqstream/monitor_event.hpp>
#include <boost_zmqstream/options.hpp>
#include <boost_zmqstream/version.hpp>
#include <boost_zmqstream/zap_authenticator.hpp>
#include <boost_zmqstream/zap_policy.hpp>
#include <boost_zmqstream/zmq_stream.hpp>

#endif
