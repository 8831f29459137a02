#pragma once
// Internal to the transport (includes Asio; include it only from the transport's .cpp files):
// TLS over a TCP socket, driven through an OpenSSL BIO pair by Asio coroutines.
//
// Why not asio::ssl::stream: it moves one TLS record (at most 16 KiB) per system call each way, so
// a 4 MB DA proposal costs some 256 sends and 256 receives per peer; at saturation those calls were
// the largest share of the sequencers' kernel time (docs/performance.md). This stream encrypts up
// to kChunkSize of plaintext before one send and hands OpenSSL up to kChunkSize of ciphertext per
// receive. The ciphertext goes between the socket and the BIO pair's ring buffers in place
// (BIO_nread0 / BIO_nwrite0): no copy through a buffer of ours, and no zeroing of grown memory
// BIOs, on each of the five or so hops a finalized byte makes.
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
  // Each direction's ring buffer: a chunk's records (16 KiB of plaintext plus 22 bytes each)
  // with room to spare, so the writer's one chunk never fills it, and a KeyUpdate reply the reader
  // produces meanwhile still fits.
  static constexpr std::size_t kPairBufferSize = kChunkSize + (64u << 10);

  // `context` must outlive the stream.
  TlsStream(tcp::socket socket, SSL_CTX* context);
  ~TlsStream();
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

  // Sends whatever OpenSSL has written to the pair.
  awaitable<ErrorCode> flush();
  // Reads what the socket has (up to the pair's free space) into the pair, for OpenSSL to read.
  awaitable<ErrorCode> receive();
  ErrorCode tls_error(int result);

  tcp::socket socket_;
  std::unique_ptr<SSL, SslFree> ssl_;
  // Our half of the pair (ssl_ owns the other): read what OpenSSL wrote, write what it is to read.
  BIO* network_ = nullptr;
};

}  // namespace espresso::net_detail
