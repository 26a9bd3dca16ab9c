//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_DETAIL_Z85_HPP
#define BOOST_ZMQSTREAM_DETAIL_Z85_HPP

#include <boost_zmqstream/error.hpp>

#include <boost/system/errc.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace boost_zmqstream {
namespace detail {

// Z85 (ZeroMQ RFC 32), written here rather than through zmq_z85_* so that a
// malformed input is reported with its cause and position.
inline constexpr char z85_alphabet[] =
    "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";

// The value of a Z85 character, or -1.
inline int z85_value(char c) noexcept
{
    for (int i = 0; i < 85; ++i)
        if (z85_alphabet[i] == c)
            return i;
    return -1;
}

inline void z85_fail(error_code& ec, std::string* why, std::string text)
{
    ec = make_error_code(boost::system::errc::invalid_argument);
    if (why)
        *why = std::move(text);
}

inline std::string z85_encode(std::string_view in, error_code& ec, std::string* why)
{
    ec = {};
    if (in.size() % 4 != 0)
    {
        z85_fail(ec, why, "the input has " + std::to_string(in.size()) + " bytes, not a multiple of 4");
        return {};
    }
    std::string out;
    out.reserve(in.size() / 4 * 5);
    for (std::size_t i = 0; i < in.size(); i += 4)
    {
        std::uint32_t v = 0;
        for (std::size_t j = 0; j < 4; ++j)
            v = v << 8 | static_cast<unsigned char>(in[i + j]);
        char group[5];
        for (int j = 4; j >= 0; --j)
        {
            group[j] = z85_alphabet[v % 85];
            v /= 85;
        }
        out.append(group, 5);
    }
    return out;
}

inline std::string z85_decode(std::string_view in, error_code& ec, std::string* why)
{
    ec = {};
    if (in.size() % 5 != 0)
    {
        z85_fail(ec, why, "the text has " + std::to_string(in.size()) + " characters, not a multiple of 5");
        return {};
    }
    std::string out;
    out.reserve(in.size() / 5 * 4);
    for (std::size_t i = 0; i < in.size(); i += 5)
    {
        std::uint64_t v = 0;
        for (std::size_t j = 0; j < 5; ++j)
        {
            int d = z85_value(in[i + j]);
            if (d < 0)
            {
                unsigned char c = static_cast<unsigned char>(in[i + j]);
                std::string shown = c >= 0x20 && c < 0x7f ? std::string("'") + in[i + j] + "'"
                                                          : "byte " + std::to_string(c);
                z85_fail(ec, why,
                    shown + " at position " + std::to_string(i + j) + " is not in the Z85 alphabet");
                return {};
            }
            v = v * 85 + static_cast<std::uint64_t>(d);
        }
        if (v > 0xffffffffu)
        {
            z85_fail(ec, why,
                "the group at position " + std::to_string(i) + " (\"" + std::string(in.substr(i, 5)) +
                    "\") is worth more than 32 bits");
            return {};
        }
        for (int j = 3; j >= 0; --j)
            out.push_back(static_cast<char>((v >> (8 * j)) & 0xff));
    }
    return out;
}

} // namespace detail
} // namespace boost_zmqstream

#endif
