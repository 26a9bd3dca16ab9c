//
// Copyright (c) 2026 The boost_zmqstream authors
// Distributed under the Boost Software License, Version 1.0.
//
#ifndef BOOST_ZMQSTREAM_CURVE_HPP
#define BOOST_ZMQSTREAM_CURVE_HPP

#include <boost_zmqstream/error.hpp>
#include <boost_zmqstream/detail/certificate_text.hpp>
#include <boost_zmqstream/detail/z85.hpp>

#include <boost/system/errc.hpp>
#include <boost/throw_exception.hpp>

#include <zmq.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

/** @file
    CURVE keys, Z85 text and CURVE certificate files (czmq and pyzmq format).
*/

namespace boost_zmqstream {

/** Encodes `binary` (a multiple of 4 bytes long) as Z85 text (ZeroMQ RFC 32).

    @param binary The bytes.
    @param ec Set to `std::errc::invalid_argument` when the length is not a
    multiple of 4, else cleared.
    @return The text (5 characters per 4 bytes); empty on error.
*/
inline std::string z85_encode(std::string_view binary, error_code& ec)
{
    return detail::z85_encode(binary, ec, nullptr);
}

/** Encodes `binary` (a multiple of 4 bytes long) as Z85 text (ZeroMQ RFC 32).

    @param binary The bytes.
    @return The text (5 characters per 4 bytes).
    @throws boost::system::system_error with `std::errc::invalid_argument`
    when the length is not a multiple of 4.
*/
inline std::string z85_encode(std::string_view binary)
{
    error_code ec;
    std::string why;
    std::string out = detail::z85_encode(binary, ec, &why);
    if (ec)
        boost::throw_exception(boost::system::system_error(ec, "z85_encode: " + why));
    return out;
}

/** Decodes Z85 text (a multiple of 5 characters long) into bytes.

    @param text The text.
    @param ec Set to `std::errc::invalid_argument` for a length that is not a
    multiple of 5, a character outside the Z85 alphabet, or a group of five
    characters worth more than 32 bits; else cleared.
    @return The bytes (4 per 5 characters); empty on error.
*/
inline std::string z85_decode(std::string_view text, error_code& ec)
{
    return detail::z85_decode(text, ec, nullptr);
}

/** Decodes Z85 text (a multiple of 5 characters long) into bytes.

    @param text The text.
    @return The bytes (4 per 5 characters).
    @throws boost::system::system_error with `std::errc::invalid_argument` and
    a message naming the problem: a length that is not a multiple of 5, a
    character outside the Z85 alphabet (with its position), or a group of
    five characters worth more than 32 bits.
*/
inline std::string z85_decode(std::string_view text)
{
    error_code ec;
    std::string why;
    std::string out = detail::z85_decode(text, ec, &why);
    if (ec)
        boost::throw_exception(boost::system::system_error(ec, "z85_decode: " + why));
    return out;
}

/// Bytes in a CURVE key; characters in its Z85 text.
inline constexpr std::size_t curve_key_bytes = 32;
/// Characters in the Z85 text of a CURVE key.
inline constexpr std::size_t curve_key_z85_chars = 40;

/** Checks that `key` is a CURVE key in Z85 text (40 characters of the Z85
    alphabet); `what` names the key in the exception's message.

    @param key The key's text.
    @param what What the key is, for the message ("server public key").
    @throws boost::system::system_error with `std::errc::invalid_argument`
    and a message naming `what` and the problem.
*/
inline void check_curve_key(std::string_view key, std::string_view what = "key")
{
    auto bad = [&](const std::string& why) {
        boost::throw_exception(boost::system::system_error(
            make_error_code(boost::system::errc::invalid_argument), std::string(what) + ": " + why));
    };
    if (key.size() != curve_key_z85_chars)
        bad("a CURVE key in Z85 has 40 characters, not " + std::to_string(key.size()));
    error_code ec;
    std::string why;
    detail::z85_decode(key, ec, &why);
    if (ec)
        bad(why);
}

/// A CURVE key pair, both keys as 40-character Z85 text (what the
/// option::curve_* options and the certificate files take).
struct curve_keypair
{
    std::string public_key;  ///< Z85, 40 characters
    std::string secret_key;  ///< Z85, 40 characters

    /** A new random key pair (zmq_curve_keypair).

        @return The key pair.
        @throws boost::system::system_error (`ENOTSUP` when libzmq was built
        without CURVE).
    */
    static curve_keypair generate()
    {
        char pub[41] = {};
        char sec[41] = {};
        if (zmq_curve_keypair(pub, sec) != 0)
            boost::throw_exception(boost::system::system_error(last_zmq_error(), "zmq_curve_keypair"));
        curve_keypair k{std::string(pub, 40), std::string(sec, 40)};
        std::fill(std::begin(sec), std::end(sec), '\0');
        return k;
    }
};

/** The public key of a CURVE secret key, both in Z85 (zmq_curve_public).

    @param secret_key The secret key, 40 characters of Z85.
    @return The public key, 40 characters of Z85.
    @throws boost::system::system_error with `std::errc::invalid_argument`
    when `secret_key` is not a Z85 CURVE key; libzmq's error (`ENOTSUP`
    without CURVE support) if zmq_curve_public() fails.
*/
inline std::string curve_public_key(std::string_view secret_key)
{
    check_curve_key(secret_key, "curve_public_key: secret key");
    std::string sec(secret_key);
    char pub[41] = {};
    if (zmq_curve_public(pub, sec.c_str()) != 0)
        boost::throw_exception(boost::system::system_error(last_zmq_error(), "zmq_curve_public"));
    std::fill(sec.begin(), sec.end(), '\0');
    return std::string(pub, 40);
}

/** A CURVE certificate: a public key, the secret key when known, and
    metadata, as the text certificate files of czmq (`zcert`) and pyzmq
    (`zmq.auth.create_certificates`) hold them.

    A "public certificate" has no secret key; it is the file given to peers.
*/
struct curve_certificate
{
    std::string public_key;  ///< Z85, 40 characters
    std::string secret_key;  ///< Z85, 40 characters; empty in a public certificate
    /// The `metadata` section: {name, value} pairs in file order (names are ZPL names).
    std::vector<std::pair<std::string, std::string>> metadata;

    /** A certificate with a new key pair (curve_keypair::generate()).

        @param metadata The metadata, kept as given (checked by format_certificate()).
        @return The certificate, with its secret key.
        @throws boost::system::system_error as curve_keypair::generate().
    */
    static curve_certificate generate(std::vector<std::pair<std::string, std::string>> metadata = {})
    {
        auto k = curve_keypair::generate();
        return {std::move(k.public_key), std::move(k.secret_key), std::move(metadata)};
    }

    /** Whether the certificate holds a secret key.

        @return `!secret_key.empty()`.
    */
    bool has_secret() const noexcept { return !secret_key.empty(); }

    /** The same certificate without its secret key.

        @return A public certificate with the same public key and metadata.
    */
    curve_certificate public_part() const { return {public_key, {}, metadata}; }
};

/** Reads certificate text (the content of a czmq or pyzmq certificate file).

    `source` names the text in error messages (a file name, say).

    @param text The certificate text (ZPL: `metadata` and `curve` sections).
    @param source What the text is, for error messages.
    @return The certificate; with a secret key if the text has `secret-key`.
    @throws boost::system::system_error with `std::errc::invalid_argument`
    and a message naming the source, the line and the problem: no
    `public-key` in a `curve` section, a key that is not 40 Z85 characters,
    a secret key that does not belong to the public key, a malformed line.
*/
inline curve_certificate parse_certificate(std::string_view text, std::string_view source = "certificate")
{
    detail::certificate_text t = detail::parse_certificate_text(text, source);
    if (!t.has_public)
        detail::certificate_error(source, 0, "no public-key in a curve section");
    check_curve_key(t.public_key, std::string(source) + ": public-key");
    if (t.has_secret)
    {
        check_curve_key(t.secret_key, std::string(source) + ": secret-key");
        if (curve_public_key(t.secret_key) != t.public_key)
            detail::certificate_error(source, 0, "the secret-key does not belong to the public-key");
    }
    return {std::move(t.public_key), std::move(t.secret_key), std::move(t.metadata)};
}

/** The certificate as file text, in the format czmq and pyzmq read: with
    the secret key when `with_secret` is true and the certificate has one.

    @param cert The certificate.
    @param with_secret Whether to write its secret key too.
    @return The text.
    @throws boost::system::system_error with `std::errc::invalid_argument`
    for a key that is not 40 Z85 characters, a metadata name that is not a
    ZPL name, or a value holding a double quote or a line break.
*/
inline std::string format_certificate(const curve_certificate& cert, bool with_secret = false)
{
    check_curve_key(cert.public_key, "format_certificate: public key");
    if (with_secret && cert.has_secret())
        check_curve_key(cert.secret_key, "format_certificate: secret key");
    return detail::format_certificate_text(
        cert.metadata, cert.public_key, with_secret ? std::string_view(cert.secret_key) : std::string_view());
}

/** Loads a certificate file.

    @param file The file (at most 1 MiB).
    @return The certificate; with a secret key if the file has one.
    @throws boost::system::system_error: the errno of a file that cannot be
    read (in `generic_category()`), `std::errc::invalid_argument` for a file
    over 1 MiB, or as parse_certificate(), with the file name in the message.
*/
inline curve_certificate load_certificate(const std::filesystem::path& file)
{
    auto fail = [&](const char* what) {
        boost::throw_exception(boost::system::system_error(
            error_code(errno, boost::system::generic_category()), std::string(what) + " " + file.string()));
    };
    int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        fail("open");
    std::string text;
    char buf[4096];
    for (;;)
    {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
        {
            int e = errno;
            ::close(fd);
            errno = e;
            fail("read");
        }
        if (n == 0)
            break;
        text.append(buf, static_cast<std::size_t>(n));
        if (text.size() > (1u << 20))
        {
            ::close(fd);
            detail::certificate_error(file.string(), 0, "larger than 1 MiB: not a certificate");
        }
    }
    ::close(fd);
    return parse_certificate(text, file.string());
}

namespace detail {

inline void write_file(const std::filesystem::path& file, const std::string& text, mode_t mode)
{
    // Created with its final permissions: a secret file is never readable by others, even briefly.
    int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0)
        boost::throw_exception(boost::system::system_error(
            error_code(errno, boost::system::generic_category()), "open " + file.string()));
    ::fchmod(fd, mode);  // an existing file keeps its old mode otherwise
    std::size_t done = 0;
    while (done < text.size())
    {
        ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
        {
            int e = errno;
            ::close(fd);
            boost::throw_exception(boost::system::system_error(
                error_code(e, boost::system::generic_category()), "write " + file.string()));
        }
        done += static_cast<std::size_t>(n);
    }
    if (::close(fd) != 0)
        boost::throw_exception(boost::system::system_error(
            error_code(errno, boost::system::generic_category()), "close " + file.string()));
}

} // namespace detail

/** Writes the public certificate (no secret key) to `file` (mode 0644).

    An existing file is replaced, and its mode set to 0644.

    @param file The file.
    @param cert The certificate; its secret key, if any, is not written.
    @throws boost::system::system_error as format_certificate(), or with the
    errno of a failed open, write or close (in `generic_category()`).
*/
inline void save_public_certificate(const std::filesystem::path& file, const curve_certificate& cert)
{
    detail::write_file(file, format_certificate(cert, false), 0644);
}

/** Writes the secret certificate (both keys) to `file` (mode 0600).

    The file is created with mode 0600, never readable by others; an
    existing file is replaced and its mode set to 0600.

    @param file The file.
    @param cert The certificate.
    @throws boost::system::system_error with `std::errc::invalid_argument`
    if `cert` has no secret key; as format_certificate(); or with the errno
    of a failed open, write or close (in `generic_category()`).
*/
inline void save_secret_certificate(const std::filesystem::path& file, const curve_certificate& cert)
{
    if (!cert.has_secret())
        boost::throw_exception(boost::system::system_error(make_error_code(boost::system::errc::invalid_argument),
            "save_secret_certificate " + file.string() + ": the certificate has no secret key"));
    detail::write_file(file, format_certificate(cert, true), 0600);
}

/** Writes `dir/name.key` (public) and `dir/name.key_secret` (secret), the
    names `zmq.auth.create_certificates` uses; returns the two paths.

    The public file is written first: if writing the secret file fails, the
    public one stays.

    @param dir An existing directory.
    @param name The files' base name.
    @param cert The certificate, with its secret key.
    @return {public file, secret file}.
    @throws boost::system::system_error as save_public_certificate() and
    save_secret_certificate().
*/
inline std::pair<std::filesystem::path, std::filesystem::path> save_certificates(
    const std::filesystem::path& dir, const std::string& name, const curve_certificate& cert)
{
    auto pub = dir / (name + ".key");
    auto sec = dir / (name + ".key_secret");
    save_public_certificate(pub, cert);
    save_secret_certificate(sec, cert);
    return {pub, sec};
}

/** The public keys of every `*.key` file in `dir` (the public certificates
    of the pyzmq/czmq convention; `*.key_secret` files are not read), for an
    allow list: `policy.allow_curve_keys(load_public_keys(dir))`.

    @param dir The directory (not searched recursively).
    @return The public keys, Z85.
    @throws boost::system::system_error if `dir` cannot be opened or a
    `*.key` file cannot be read or parsed (the message names the file).
    @throws std::filesystem::filesystem_error if reading the directory or a
    file's status fails after it was opened.
*/
inline std::set<std::string> load_public_keys(const std::filesystem::path& dir)
{
    std::error_code sec;
    std::filesystem::directory_iterator it(dir, sec);
    if (sec)
        boost::throw_exception(boost::system::system_error(
            error_code(sec.value(), boost::system::generic_category()), "list " + dir.string()));
    std::set<std::string> keys;
    for (const auto& entry : it)
        if (entry.path().extension() == ".key" && entry.is_regular_file())
            keys.insert(load_certificate(entry.path()).public_key);
    return keys;
}

} // namespace boost_zmqstream

#endif
