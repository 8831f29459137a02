#include "network/tls_stream.hpp"

#include <algorithm>
#include <limits>

#include <boost/asio/ssl/error.hpp>
#include <openssl/err.h>

namespace espresso::net_detail {

namespace asio = boost::asio;
using asio::redirect_error;
using asio::use_awaitable;

TlsStream::TlsStream(tcp::socket socket, SSL_CTX* context)
    : socket_(std::move(socket)), ssl_(SSL_new(context)) {
  if (!ssl_) return;  // out of memory: the handshake reports it
  network_in_ = BIO_new(BIO_s_mem());
  network_out_ = BIO_new(BIO_s_mem());
  if (network_in_ == nullptr || network_out_ == nullptr) {
    BIO_free(network_in_);
    BIO_free(network_out_);
    network_in_ = network_out_ = nullptr;
    ssl_.reset();
    return;
  }
  // An empty input BIO means "wait for the socket", not end of stream.
  BIO_set_mem_eof_return(network_in_, -1);
  SSL_set_bio(ssl_.get(), network_in_, network_out_);
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
    bool want_read = false;
    if (result != 1) {
      const int error = SSL_get_error(ssl, result);
      want_read = error == SSL_ERROR_WANT_READ;
      if (!want_read) failure = tls_error(error);
    }
    // Send our flight, or the alert telling the peer why we give up.
    const ErrorCode sent = co_await flush();
    if (failure) co_return failure;
    if (sent) co_return sent;
    if (!want_read) co_return ErrorCode{};
    if (auto ec = co_await receive()) co_return ec;
  }
}

TlsStream::awaitable<TlsStream::ErrorCode> TlsStream::write(ByteView data) {
  if (!ssl_) co_return asio::error::no_memory;
  while (!data.empty()) {
    const std::size_t chunk = std::min(data.size(), kChunkSize);
    std::size_t written = 0;
    ERR_clear_error();
    const int result = SSL_write_ex(ssl_.get(), data.data(), chunk, &written);
    if (result != 1) co_return tls_error(SSL_get_error(ssl_.get(), result));
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
  // Loops because the reader may add to the output BIO (a KeyUpdate reply) while we send.
  for (std::size_t pending = BIO_ctrl_pending(network_out_); pending > 0;
       pending = BIO_ctrl_pending(network_out_)) {
    if (sending_.size() < pending) sending_.resize(pending);
    const int got =
        BIO_read(network_out_, sending_.data(),
                 static_cast<int>(std::min<std::size_t>(pending, std::numeric_limits<int>::max())));
    if (got <= 0) co_return asio::error::connection_aborted;
    co_await asio::async_write(socket_,
                               asio::buffer(sending_.data(), static_cast<std::size_t>(got)),
                               redirect_error(use_awaitable, ec));
    if (ec) co_return ec;
  }
  co_return ec;
}

TlsStream::awaitable<TlsStream::ErrorCode> TlsStream::receive() {
  if (received_.empty()) received_.resize(kChunkSize);
  ErrorCode ec;
  const std::size_t got =
      co_await socket_.async_read_some(asio::buffer(received_), redirect_error(use_awaitable, ec));
  if (ec) co_return ec;
  if (BIO_write(network_in_, received_.data(), static_cast<int>(got)) != static_cast<int>(got)) {
    co_return asio::error::no_memory;
  }
  co_return ErrorCode{};
}

}  // namespace espresso::net_detail
