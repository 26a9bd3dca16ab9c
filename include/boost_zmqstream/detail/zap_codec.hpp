//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_DETAIL_ZAP_CODEC_HPP
#define BOOST_ZMQSTREAM_DETAIL_ZAP_CODEC_HPP

#include <boost_zmqstream/message.hpp>
#include <boost_zmqstream/zap_policy.hpp>

#include <string>
#include <utility>

namespace boost_zmqstream {
namespace detail {

// ZAP (ZeroMQ RFC 27) on a ROUTER bound to inproc://zeromq.zap.01. libzmq's
// request arrives as
//   [routing id, "", "1.0", request id, domain, address, identity, mechanism, credentials...]
// and the reply is
//   [routing id, "", "1.0", request id, status code, status text, user id, metadata]
struct parsed_zap_request
{
    enum kind_type
    {
        ok,         // `request` is complete
        malformed,  // answer 400 with `problem` (the envelope and request id are known)
        drop        // no way to answer (no envelope or no request id)
    };
    kind_type kind = drop;
    zap_request request;
    std::string problem;
    message envelope;  // the routing id and the empty delimiter
};

inline parsed_zap_request parse_zap_request(message& m)
{
    parsed_zap_request p;
    if (m.size() < 2 || m[0].empty() || !m[1].empty())
    {
        p.problem = "no routing envelope";
        return p;
    }
    if (m.size() < 4)
    {
        p.problem = "no request id";
        return p;
    }
    p.envelope.push_back(std::move(m[0]));
    p.envelope.push_back(std::move(m[1]));
    auto& r = p.request;
    r.version = m[2].to_string();
    r.request_id = m[3].to_string();
    p.kind = parsed_zap_request::malformed;
    if (r.version != "1.0")
    {
        p.problem = "unsupported ZAP version";
        return p;
    }
    if (m.size() < 8)
    {
        p.problem = "a ZAP request has at least 6 frames after the envelope, not " + std::to_string(m.size() - 2);
        return p;
    }
    r.domain = m[4].to_string();
    r.address = m[5].to_string();
    r.identity = m[6].to_string();
    r.mechanism = m[7].to_string();
    for (std::size_t i = 8; i < m.size(); ++i)
        r.credentials.push_back(m[i].to_string());
    std::size_t n = r.credentials.size();
    if (r.mechanism == "NULL" ? n != 0
        : r.mechanism == "PLAIN" ? n != 2
        : r.mechanism == "CURVE" ? n != 1 || r.credentials[0].size() != curve_key_bytes
                                 : true)
    {
        p.problem = r.mechanism == "NULL" || r.mechanism == "PLAIN" || r.mechanism == "CURVE"
                        ? "malformed " + r.mechanism + " credentials"
                        : "unknown mechanism";
        return p;
    }
    p.kind = parsed_zap_request::ok;
    return p;
}

// ZMTP metadata: per property a 1-byte name length, the name, a 4-byte
// big-endian value length, the value. Empty when a name is empty or too long.
inline bool encode_zap_metadata(const std::vector<std::pair<std::string, std::string>>& props, std::string& out)
{
    out.clear();
    for (auto& [name, value] : props)
    {
        if (name.empty() || name.size() > 255 || value.size() > 0xffffffffu)
            return false;
        out.push_back(static_cast<char>(name.size()));
        out += name;
        auto n = static_cast<std::uint32_t>(value.size());
        for (int s = 24; s >= 0; s -= 8)
            out.push_back(static_cast<char>((n >> s) & 0xff));
        out += value;
    }
    return true;
}

// A status code libzmq accepts: three digits, 200, 300, 400 or 500.
inline bool valid_zap_status(int code) noexcept
{
    return code == 200 || code == 300 || code == 400 || code == 500;
}

// The reply; a decision that cannot be sent as it is (status code or
// metadata libzmq would reject) becomes 500, and `d` is updated to what was sent.
inline message make_zap_reply(message envelope, const std::string& request_id, zap_decision& d)
{
    std::string meta;
    if (!valid_zap_status(d.status_code))
        d = zap_decision::deny("invalid status code " + std::to_string(d.status_code) + " from the policy", 500);
    else if (d.allowed() && !encode_zap_metadata(d.metadata, meta))
        d = zap_decision::deny("invalid metadata from the policy", 500);
    if (!d.allowed())
    {
        d.user_id.clear();
        d.metadata.clear();
        meta.clear();
    }
    message m = std::move(envelope);
    m.push_back(std::string_view("1.0"));
    m.push_back(std::string_view(request_id));
    m.push_back(std::string_view(std::to_string(d.status_code)));
    m.push_back(std::string_view(d.status_text));
    m.push_back(std::string_view(d.user_id));
    m.push_back(std::string_view(meta));
    return m;
}

} // namespace detail
} // namespace boost_zmqstream

#endif
