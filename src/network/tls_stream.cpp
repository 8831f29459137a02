#include "network/tls_stream.hpp"

#include <algorithm>

#include <boost/asio/ssl/error.hpp>
#include <openssl/err.h>

namespace espresso::net_detail {

namespace asio = boost::asio;
using asio::redirect_error;
using asio::use_awaitable;

TlsStream::TlsStream(tcp::socket socket, SSL_CTX* context)
    : socket_(std::move(socket)), ssl_(SSL_new(context)) {
  if (!ssl_) return;  // out of memory: the handshake reports it
  BIO* internal = nullptr;
  if (BIO_new_bio_pair(&internal, kPairBufferSize, &network_, kPairBufferSize) != 1) {
    network_ = nullptr;
    ssl_.reset();
    return;
  }
  SSL_set_bio(ssl_.get(), internal, internal);
}

TlsStream::~TlsStream() {
  ssl_.reset();  // frees the internal half first
  BIO_free(network_);
}

TlsStream::ErrorCode TlsStream::tls_error(int ssl_error) {
  // Read before any co_await: OpenSSL's error queue belongs to the thread, which other coroutines
  // share.
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code != 0) return ErrorCode(static_cast<int>(code), asio::error::get_ssl_category());
  if (ssl_error == SSL_ERROR_ZERO_RETURN) return asio::error::eof;  // the peer's close_notify
  return asio::error::connection_aborted;
}

TlsStream::awaitable<TlsStream::ErrorCode> TlsStream::handshake(Role role) {
  if (!ssl_) co_return asio::error::no_memory;
  SSL* ssl = ssl_.get();
  if (role == Role::client) {
    SSL_set_connect_state(ssl);
  } else {
    SSL_set_accept_state(ssl);
  }
  for (;;) {
    ERR_clear_error();
    const int result = SSL_do_handshake(ssl);
    ErrorCode failure;
    int error = SSL_ERROR_NONE;
    if (result != 1) {
      error = SSL_get_error(ssl, result);
      if (error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE) failure = tls_error(error);
    }
    // Send our flight, or the alert telling the peer why we give up.
    const ErrorCode sent = co_await flush();
    if (failure) co_return failure;
    if (sent) co_return sent;
    if (error == SSL_ERROR_NONE) co_return ErrorCode{};
    if (error == SSL_ERROR_WANT_READ) {
      if (auto ec = co_await receive()) co_return ec;
    }
  }
}

TlsStream::awaitable<TlsStream::ErrorCode> TlsStream::write(ByteView data) {
  if (!ssl_) co_return asio::error::no_memory;
  while (!data.empty()) {
    const std::size_t chunk = std::min(data.size(), kChunkSize);
    std::size_t written = 0;
    ERR_clear_error();
    const int result = SSL_write_ex(ssl_.get(), data.data(), chunk, &written);
    if (result != 1) {
      const int error = SSL_get_error(ssl_.get(), result);
      if (error != SSL_ERROR_WANT_WRITE) co_return tls_error(error);
      // The pair is full (a reply the reader queued took the room): send, then retry the same
      // write, as OpenSSL requires.
      if (auto ec = co_await flush()) co_return ec;
      continue;
    }
    data = data.subspan(written);
    if (auto ec = co_await flush()) co_return ec;
  }
  co_return ErrorCode{};
}

TlsStream::awaitable<std::pair<TlsStream::ErrorCode, std::size_t>> TlsStream::read_some(
    std::span<std::uint8_t> into) {
  if (!ssl_) co_return std::pair(ErrorCode(asio::error::no_memory), std::size_t{0});
  if (into.empty()) co_return std::pair(ErrorCode{}, std::size_t{0});
  for (;;) {
    // Decrypt every whole record already received, up to the caller's buffer.
    std::size_t total = 0;
    int error = SSL_ERROR_NONE;
    while (total < into.size()) {
      std::size_t got = 0;
      ERR_clear_error();
      const int result = SSL_read_ex(ssl_.get(), into.data() + total, into.size() - total, &got);
      if (result != 1) {
        error = SSL_get_error(ssl_.get(), result);
        break;
      }
      total += got;
    }
    // An error after some bytes comes back on the next call.
    if (total > 0) co_return std::pair(ErrorCode{}, total);
    if (error != SSL_ERROR_WANT_READ) co_return std::pair(tls_error(error), std::size_t{0});
    if (auto ec = co_await receive()) co_return std::pair(ec, std::size_t{0});
  }
}

TlsStream::awaitable<TlsStream::ErrorCode> TlsStream::flush() {
  ErrorCode ec;
  // Sends the pair's ciphertext from its ring buffer in place, one contiguous run at a time; loops
  // because the reader may add to it (a KeyUpdate reply) while we send. Writes only append, so the
  // run being sent stays put until BIO_nread consumes it.
  for (;;) {
    char* ciphertext = nullptr;
    const int pending = BIO_nread0(network_, &ciphertext);
    if (pending <= 0) co_return ec;
    co_await asio::async_write(socket_, asio::buffer(ciphertext, static_cast<std::size_t>(pending)),
                               redirect_error(use_awaitable, ec));
    if (ec) co_return ec;
    if (BIO_nread(network_, &ciphertext, pending) != pending) {
      co_return asio::error::connection_aborted;
    }
  }
}

TlsStream::awaitable<TlsStream::ErrorCode> TlsStream::receive() {
  char* space = nullptr;
  const int room = BIO_nwrite0(network_, &space);
  // OpenSSL asks for more only after taking every whole record: a full pair cannot happen.
  if (room <= 0) co_return asio::error::no_buffer_space;
  ErrorCode ec;
  const std::size_t got = co_await socket_.async_read_some(
      asio::buffer(space, static_cast<std::size_t>(room)), redirect_error(use_awaitable, ec));
  if (ec) co_return ec;
  if (BIO_nwrite(network_, &space, static_cast<int>(got)) != static_cast<int>(got)) {
    co_return asio::error::no_buffer_space;
  }
  co_return ErrorCode{};
}

}  // namespace espresso::net_detail
