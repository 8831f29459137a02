#pragma once
// Internal to the transport (includes Asio; include it only from the transport's .cpp files):
// TLS over a TCP socket, driven through OpenSSL memory BIOs by Asio coroutines.
//
// Why not asio::ssl::stream: it moves one TLS record (at most 16 KiB) per system call each way, so
// a 4 MB DA proposal costs some 256 sends and 256 receives per peer; at saturation those calls were
// the largest share of the sequencers' kernel time (docs/performance.md). This stream encrypts up
// to kChunkSize of plaintext before one send and hands OpenSSL up to kChunkSize of ciphertext per
// receive.
//
// One reader and one writer may run at once (as with asio::ssl::stream), on one thread. Only write
// and handshake send; anything OpenSSL produces while reading (a KeyUpdate reply) goes out with the
// next write.

#include <cstddef>
#include <memory>
#include <span>
#include <utility>  // before Asio: g++ 12 with Boost 1.74 coroutines (DESIGN.md §3)

#include <boost/asio.hpp>
#include <openssl/ssl.h>

#include "common/bytes.hpp"

namespace espresso::net_detail {

class TlsStream {
 public:
  using tcp = boost::asio::ip::tcp;
  using ErrorCode = boost::system::error_code;
  template <typename T>
  using awaitable = boost::asio::awaitable<T>;

  enum class Role { client, server };
  static constexpr std::size_t kChunkSize = 256u << 10;

  // `context` must outlive the stream.
  TlsStream(tcp::socket socket, SSL_CTX* context);
  TlsStream(const TlsStream&) = delete;
  TlsStream& operator=(const TlsStream&) = delete;

  tcp::socket& socket() { return socket_; }
  SSL* native_handle() { return ssl_.get(); }
  tcp::socket::executor_type get_executor() { return socket_.get_executor(); }

  awaitable<ErrorCode> handshake(Role role);
  // Writes all of `data`; an error leaves the stream unusable.
  awaitable<ErrorCode> write(ByteView data);
  // Reads at least one byte (as much as is already decryptable, up to `into.size()`); end of
  // stream is boost::asio::error::eof.
  awaitable<std::pair<ErrorCode, std::size_t>> read_some(std::span<std::uint8_t> into);

 private:
  struct SslFree {
    void operator()(SSL* ssl) const { SSL_free(ssl); }
  };

  // Sends whatever OpenSSL has written to its output BIO.
  awaitable<ErrorCode> flush();
  // Reads one chunk of ciphertext from the socket into OpenSSL's input BIO.
  awaitable<ErrorCode> receive();
  ErrorCode tls_error(int result);

  tcp::socket socket_;
  std::unique_ptr<SSL, SslFree> ssl_;
  BIO* network_in_ = nullptr;   // owned by ssl_: ciphertext received, for OpenSSL to read
  BIO* network_out_ = nullptr;  // owned by ssl_: ciphertext OpenSSL wrote, to send
  Bytes received_;              // the receive buffer
  Bytes sending_;               // ciphertext being sent
};

}  // namespace espresso::net_detail
