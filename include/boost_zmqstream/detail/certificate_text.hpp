//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_DETAIL_CERTIFICATE_TEXT_HPP
#define BOOST_ZMQSTREAM_DETAIL_CERTIFICATE_TEXT_HPP

#include <boost_zmqstream/error.hpp>

#include <boost/system/errc.hpp>
#include <boost/throw_exception.hpp>

#include <cctype>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace boost_zmqstream {
namespace detail {

// The certificate files of czmq (zcert) and pyzmq (zmq.auth) are ZPL
// (ZeroMQ RFC 4) text:
//
//   #   comment
//   metadata
//       name = "value"          (czmq quotes values; pyzmq writes them bare)
//   curve
//       public-key = "<40 Z85 characters>"
//       secret-key = "<40 Z85 characters>"   (only in the secret file)
//
// A line that does not start with white space names a section; an indented
// line is a `name = value` entry of the section above it.

struct certificate_text
{
    std::vector<std::pair<std::string, std::string>> metadata;
    std::string public_key, secret_key;
    bool has_public = false, has_secret = false;
};

[[noreturn]] inline void certificate_error(std::string_view source, std::size_t line, const std::string& why)
{
    std::string what(source);
    if (line)
        what += ":" + std::to_string(line);
    what += ": " + why;
    boost::throw_exception(
        boost::system::system_error(make_error_code(boost::system::errc::invalid_argument), what));
}

inline std::string_view zpl_trim(std::string_view s) noexcept
{
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return s;
}

// ZPL names: letters, digits and $-_@.&+/
inline bool zpl_name(std::string_view s) noexcept
{
    if (s.empty())
        return false;
    for (unsigned char c : s)
        if (!std::isalnum(c) && std::string_view("$-_@.&+/").find(static_cast<char>(c)) == std::string_view::npos)
            return false;
    return true;
}

inline certificate_text parse_certificate_text(std::string_view text, std::string_view source)
{
    certificate_text out;
    std::string section;
    std::size_t lineno = 0;
    while (!text.empty())
    {
        ++lineno;
        auto nl = text.find('\n');
        std::string_view raw = text.substr(0, nl);
        text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
        std::string_view line = zpl_trim(raw);
        if (line.empty() || line.front() == '#')
            continue;
        bool indented = std::isspace(static_cast<unsigned char>(raw.front()));
        if (!indented)
        {
            auto eq = line.find('=');
            section = std::string(zpl_trim(line.substr(0, eq)));
            if (!zpl_name(section))
                certificate_error(source, lineno, "\"" + section + "\" is not a section name");
            continue;
        }
        auto eq = line.find('=');
        if (eq == std::string_view::npos)
            certificate_error(source, lineno, "expected `name = value`");
        std::string_view name = zpl_trim(line.substr(0, eq));
        std::string_view value = zpl_trim(line.substr(eq + 1));
        if (!zpl_name(name))
            certificate_error(source, lineno, "\"" + std::string(name) + "\" is not a property name");
        if (!value.empty() && (value.front() == '"' || value.front() == '\''))
        {
            char q = value.front();
            if (value.size() < 2 || value.back() != q)
                certificate_error(source, lineno, "unterminated quoted value");
            value = value.substr(1, value.size() - 2);
        }
        else if (auto hash = value.find('#'); hash != std::string_view::npos)
            value = zpl_trim(value.substr(0, hash));  // ZPL: a comment may follow a bare value
        if (section == "metadata")
            out.metadata.emplace_back(name, value);
        else if (section == "curve" && name == "public-key")
        {
            out.public_key = std::string(value);
            out.has_public = true;
        }
        else if (section == "curve" && name == "secret-key")
        {
            out.secret_key = std::string(value);
            out.has_secret = true;
        }
        // Anything else (other sections, other curve properties) is ignored,
        // as czmq and pyzmq ignore it.
    }
    return out;
}

inline void check_zpl_value(std::string_view v, std::string_view what)
{
    for (char c : v)
        if (c == '"' || c == '\n' || c == '\r')
            boost::throw_exception(boost::system::system_error(make_error_code(boost::system::errc::invalid_argument),
                std::string(what) + ": a certificate value cannot hold a double quote or a line break"));
}

inline std::string format_certificate_text(const std::vector<std::pair<std::string, std::string>>& metadata,
    std::string_view public_key, std::string_view secret_key)
{
    std::string out;
    if (secret_key.empty())
        out += "#   ****  Generated by boost_zmqstream  ****\n"
               "#   ZeroMQ CURVE Public Certificate\n"
               "#   Exchange securely, or use a secure mechanism to verify the contents\n"
               "#   of this file after exchange.\n\n";
    else
        out += "#   ****  Generated by boost_zmqstream  ****\n"
               "#   ZeroMQ CURVE **Secret** Certificate\n"
               "#   DO NOT PROVIDE THIS FILE TO OTHER USERS nor change its permissions.\n\n";
    out += "metadata\n";
    for (auto& [k, v] : metadata)
    {
        if (!zpl_name(k))
            boost::throw_exception(boost::system::system_error(make_error_code(boost::system::errc::invalid_argument),
                "certificate metadata: \"" + k + "\" is not a ZPL name (letters, digits, $-_@.&+/)"));
        check_zpl_value(v, "certificate metadata \"" + k + "\"");
        out += "    " + k + " = \"" + v + "\"\n";
    }
    out += "curve\n";
    out += "    public-key = \"" + std::string(public_key) + "\"\n";
    if (!secret_key.empty())
        out += "    secret-key = \"" + std::string(secret_key) + "\"\n";
    return out;
}

} // namespace detail
} // namespace boost_zmqstream

#endif
