//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_VERSION_HPP
#define BOOST_ZMQSTREAM_VERSION_HPP

/** @file
    The library's version.
*/

/// The library's version: major * 100000 + minor * 100 + patch (100 is 0.1.0).
#define BOOST_ZMQSTREAM_VERSION 100

#endif
