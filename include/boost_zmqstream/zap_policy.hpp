//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_ZAP_POLICY_HPP
#define BOOST_ZMQSTREAM_ZAP_POLICY_HPP

#include <boost_zmqstream/curve.hpp>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/system/system_error.hpp>
#include <boost/throw_exception.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

/** @file
    The ZAP request and decision types and boost_zmqstream::zap_policy, the
    decision logic of basic_zap_authenticator.
*/

namespace boost_zmqstream {

/// One ZAP request (ZeroMQ RFC 27), as libzmq sends it when a peer connects
/// to a socket using PLAIN, CURVE, or NULL with a ZAP domain.
struct zap_request
{
    std::string version;     ///< "1.0"
    std::string request_id;  ///< echoed in the reply
    std::string domain;      ///< the server socket's option::zap_domain ("" if unset)
    std::string address;     ///< the peer's IP address ("127.0.0.1"); empty for ipc and inproc
    std::string identity;    ///< the server socket's routing id option (libzmq 4.3.4)
    std::string mechanism;   ///< "NULL", "PLAIN" or "CURVE"
    std::vector<std::string> credentials;  ///< PLAIN: user, password; CURVE: the 32-byte client key

    /** PLAIN: the user name.

        @return A view of `credentials[0]`; empty unless the mechanism is
        PLAIN with two credentials.
    */
    std::string_view username() const noexcept
    {
        return mechanism == "PLAIN" && credentials.size() == 2 ? std::string_view(credentials[0]) : std::string_view();
    }

    /** PLAIN: the password.

        @return A view of `credentials[1]`; empty unless the mechanism is
        PLAIN with two credentials.
    */
    std::string_view password() const noexcept
    {
        return mechanism == "PLAIN" && credentials.size() == 2 ? std::string_view(credentials[1]) : std::string_view();
    }

    /** CURVE: the client's public key in Z85.

        @return 40 characters; empty unless the mechanism is CURVE with one
        32-byte credential.
    */
    std::string client_key() const
    {
        if (mechanism != "CURVE" || credentials.size() != 1 || credentials[0].size() != curve_key_bytes)
            return {};
        return z85_encode(credentials[0]);
    }
};

/// The answer to a ZAP request.
struct zap_decision
{
    /// 200 (allowed), 300 (temporary failure: libzmq's client retries), 400
    /// (denied), 500 (internal error).
    int status_code = 400;
    std::string status_text;  ///< the reason, for logs (zap_report)
    /// On success: libzmq shows it on every message from the peer as the
    /// "User-Id" property (frame::user_id()).
    std::string user_id;
    /// On success: more properties of the peer's messages (frame::property()).
    /// Names up to 255 bytes.
    std::vector<std::pair<std::string, std::string>> metadata;

    /** Whether the peer is let in.

        @return `status_code == 200`.
    */
    bool allowed() const noexcept { return status_code == 200; }

    /** Lets the peer in: status 200, "OK".

        @param user_id The peer's "User-Id" property.
        @param metadata More properties of the peer's messages.
        @return The decision.
    */
    static zap_decision allow(std::string user_id = {}, std::vector<std::pair<std::string, std::string>> metadata = {})
    {
        return {200, "OK", std::move(user_id), std::move(metadata)};
    }

    /** Refuses the peer.

        @param status_text The reason, for logs.
        @param status_code 400 (denied), 300 (temporary: libzmq's client
        retries) or 500 (internal error).
        @return The decision.
        @throws boost::system::system_error `invalid_argument` for any other
        status code (200 would let the peer in).
    */
    static zap_decision deny(std::string status_text, int status_code = 400)
    {
        check_refusal(status_code, "zap_decision::deny");
        return {status_code, std::move(status_text), {}, {}};
    }

    /** Throws unless `code` is a ZAP refusal: 300, 400 or 500.

        @param code The status code.
        @param what Who asks, for the message.
        @throws boost::system::system_error `invalid_argument` otherwise.
    */
    static void check_refusal(int code, const char* what)
    {
        if (code != 300 && code != 400 && code != 500)
            boost::throw_exception(boost::system::system_error(
                std::make_error_code(std::errc::invalid_argument),
                std::string(what) + ": a refusal's status code is 300, 400 or 500, not " + std::to_string(code)));
    }
};

/// The completion handler a zap_hook receives: call it once with the decision,
/// now or later. It has the authenticator's executor as its associated
/// executor and a cancellation slot that is emitted (terminal) when the
/// policy's time limit passes or the authenticator stops answering.
using zap_completion_handler = boost::asio::any_completion_handler<void(zap_decision)>;

/// A custom decision: `void(const zap_request&, zap_completion_handler)`. The
/// request reference is valid during the call only.
using zap_hook = std::function<void(const zap_request&, zap_completion_handler)>;

/** What one ZAP domain allows; the decision logic, without I/O.

    Checks, in order (the first that decides, decides):
    1. the address: denied if listed by deny_address() (deny wins); if any
       allow_address() was given, denied unless listed;
    2. the mechanism:
       - NULL: allowed (libzmq asks for NULL only when the server socket has a
         ZAP domain); user id empty;
       - PLAIN: with a password table (allow_plain()), allowed with the user
         name as user id if the pair matches, else denied; without, undecided;
       - CURVE: with allow_any_curve_key(), allowed; with allowed keys
         (allow_curve_key()), allowed if listed, else denied; user id the
         client's Z85 key; without either, undecided;
    3. the hook, if set, decides whatever the steps above allowed or left
       undecided (it can still deny, or change the user id and metadata);
       without a hook, undecided is denied.
*/
class zap_policy
{
public:
    /// What check() found.
    struct verdict
    {
        zap_decision decision;  ///< final unless `ask_hook`
        bool ask_hook = false;  ///< the hook has the last word
    };

    /** Adds an address to the allow list: once the list is not empty, only
        listed addresses may pass on to the mechanism checks.

        Compared as text with zap_request::address (no ranges), so with an
        allow list every ipc and inproc peer (whose address is empty) is denied.

        @param ip An IP address as libzmq writes it ("127.0.0.1", "::1").
        @return `*this`.
    */
    zap_policy& allow_address(std::string ip)
    {
        allowed_addresses_.insert(std::move(ip));
        return *this;
    }

    /** Adds an address to the deny list, which wins over the allow list.

        @param ip An IP address as libzmq writes it ("127.0.0.1", "::1").
        @return `*this`.
    */
    zap_policy& deny_address(std::string ip)
    {
        denied_addresses_.insert(std::move(ip));
        return *this;
    }

    /** Adds (or replaces) a PLAIN user.

        Passwords are compared in a time that does not depend on where they differ.

        @param user The user name; the user id of an allowed peer.
        @param password The password.
        @return `*this`.
    */
    zap_policy& allow_plain(std::string user, std::string password)
    {
        passwords_[std::move(user)] = std::move(password);
        return *this;
    }

    /** Allows one CURVE client key (Z85).

        @param z85_public_key The client's public key, 40 characters of Z85.
        @return `*this`.
        @throws boost::system::system_error (`invalid_argument`) for a malformed key.
    */
    zap_policy& allow_curve_key(const std::string& z85_public_key)
    {
        check_curve_key(z85_public_key, "zap_policy::allow_curve_key");
        curve_keys_.insert(z85_public_key);
        return *this;
    }

    /** Allows every key of `keys`, such as load_public_keys(dir).

        @param keys A range of Z85 public keys (convertible to `const std::string&`).
        @return `*this`.
        @throws boost::system::system_error (`invalid_argument`) at the first
        malformed key; the keys before it stay allowed.
    */
    template <class Range>
    zap_policy& allow_curve_keys(const Range& keys)
    {
        for (const auto& k : keys)
            allow_curve_key(k);
        return *this;
    }

    /** CURVE without client authentication: encryption only.

        @param on Whether any client key is allowed (false: back to the key list).
        @return `*this`.
    */
    zap_policy& allow_any_curve_key(bool on = true)
    {
        any_curve_key_ = on;
        return *this;
    }

    /** Sets the custom decision (see the class comment) and its time limit:
        a request the hook has not answered by then gets `time_limit_status`.

        @param hook The hook; an empty one removes it.
        @param time_limit How long the hook may take per request; then its
        handler's cancellation slot is emitted and a later answer is ignored.
        @param time_limit_status The status code sent at the time limit (300:
        libzmq's client retries; or 400, 500).
        @return `*this`.
        @throws boost::system::system_error `invalid_argument` for a status
        code that is not a refusal.
    */
    zap_policy& set_hook(zap_hook hook, std::chrono::milliseconds time_limit = std::chrono::seconds(10),
        int time_limit_status = 300)
    {
        zap_decision::check_refusal(time_limit_status, "zap_policy::set_hook");
        hook_ = std::move(hook);
        time_limit_ = time_limit;
        time_limit_status_ = time_limit_status;
        return *this;
    }

    /** The hook.

        @return The hook set by set_hook(); empty if none.
    */
    const zap_hook& hook() const noexcept { return hook_; }
    /** The hook's time limit.

        @return The time limit set by set_hook() (10 s by default).
    */
    std::chrono::milliseconds time_limit() const noexcept { return time_limit_; }
    /** The status code sent when the hook's time limit passes.

        @return The status set by set_hook() (300 by default).
    */
    int time_limit_status() const noexcept { return time_limit_status_; }

    /** The decision of the address lists and mechanism settings.

        Steps 1 and 2 of the class comment, without calling the hook.

        @param r The request.
        @return The decision, and whether the hook has the last word.
    */
    verdict check(const zap_request& r) const
    {
        if (denied_addresses_.count(r.address))
            return {zap_decision::deny("address denied"), false};
        if (!allowed_addresses_.empty() && !allowed_addresses_.count(r.address))
            return {zap_decision::deny("address not allowed"), false};
        verdict v;
        bool undecided = false;
        if (r.mechanism == "NULL")
            v.decision = zap_decision::allow();
        else if (r.mechanism == "PLAIN")
        {
            if (passwords_.empty())
                undecided = true;
            else
            {
                auto it = passwords_.find(std::string(r.username()));
                if (it == passwords_.end() || !same_secret(it->second, r.password()))
                    return {zap_decision::deny("invalid user name or password"), false};
                v.decision = zap_decision::allow(it->first);
            }
        }
        else if (r.mechanism == "CURVE")
        {
            std::string key = r.client_key();
            if (any_curve_key_)
                v.decision = zap_decision::allow(key);
            else if (curve_keys_.empty())
                undecided = true;
            else if (curve_keys_.count(key))
                v.decision = zap_decision::allow(key);
            else
                return {zap_decision::deny("client key not allowed"), false};
        }
        else
            return {zap_decision::deny("unsupported mechanism"), false};
        if (hook_)
        {
            if (undecided)
                v.decision = zap_decision::deny("undecided");
            v.ask_hook = true;
            return v;
        }
        if (undecided)
            return {zap_decision::deny(r.mechanism + " is not configured in this domain"), false};
        return v;
    }

private:
    // Compares in a time that does not depend on where the texts differ.
    static bool same_secret(std::string_view a, std::string_view b) noexcept
    {
        unsigned char diff = a.size() == b.size() ? 0 : 1;
        for (std::size_t i = 0; i < b.size(); ++i)
            diff |= static_cast<unsigned char>(a[i % (a.size() ? a.size() : 1)] ^ b[i]) | (a.empty() ? 1 : 0);
        return diff == 0;
    }

    std::set<std::string> allowed_addresses_, denied_addresses_;
    std::map<std::string, std::string> passwords_;
    std::set<std::string> curve_keys_;
    bool any_curve_key_ = false;
    zap_hook hook_;
    std::chrono::milliseconds time_limit_{std::chrono::seconds(10)};
    int time_limit_status_ = 300;
};

/// How a ZAP request was settled (zap_report::outcome).
enum class zap_outcome
{
    policy,       ///< answered by the domain's address lists and mechanism settings
    hook,         ///< answered by the domain's hook
    time_limit,   ///< the hook did not answer in time: answered with its time-limit status
    hook_error,   ///< the hook threw: answered 500
    malformed,    ///< not a valid ZAP request: answered 400
    dropped,      ///< not answerable (no envelope or request id): dropped
    late,         ///< a hook answered a request already settled: ignored
    abandoned,    ///< the authenticator was destroyed with the hook still deciding: never answered
};

/** The outcome's name, for logs.

    @param o The outcome.
    @return A static string ("policy", "time limit", ...).
*/
inline const char* to_string(zap_outcome o) noexcept
{
    switch (o)
    {
    case zap_outcome::policy: return "policy";
    case zap_outcome::hook: return "hook";
    case zap_outcome::time_limit: return "time limit";
    case zap_outcome::hook_error: return "hook error";
    case zap_outcome::malformed: return "malformed";
    case zap_outcome::dropped: return "dropped";
    case zap_outcome::late: return "late";
    case zap_outcome::abandoned: return "abandoned";
    }
    return "?";
}

/// One settled (or not settled) ZAP request, for logs. Valid during the
/// report hook's call only (it refers to the authenticator's data).
struct zap_report
{
    const zap_request& request;    ///< as much as could be parsed
    const zap_decision& decision;  ///< as sent (or, for dropped/late/abandoned, as it would have been)
    zap_outcome outcome;           ///< how it was settled
    std::string_view problem;      ///< malformed/dropped: what was wrong

    /** Whether a reply went to libzmq.

        @return False for dropped, late and abandoned requests.
    */
    bool answered() const noexcept
    {
        return outcome != zap_outcome::dropped && outcome != zap_outcome::late && outcome != zap_outcome::abandoned;
    }
};

/// Called once per request (and once per late hook answer). Exceptions it
/// throws are ignored.
using zap_report_hook = std::function<void(const zap_report&)>;

} // namespace boost_zmqstream

#endif
