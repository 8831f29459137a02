#pragma once
// Internal to the transport (includes Asio; include it only from the transport's .cpp files):
// one TLS connection and the steps of its life that do not depend on the rest of the transport —
// reading one frame, and authentication (TLS handshake, then both hellos).

#include <chrono>
#include <memory>
#include <optional>
#include <utility>  // before Asio: g++ 12 with Boost 1.74 coroutines (DESIGN.md §3)

#include <boost/asio.hpp>

#include "common/bytes.hpp"
#include "network/frame.hpp"
#include "network/peer_auth.hpp"
#include "network/tls_stream.hpp"
#include "network/transport_metrics.hpp"

namespace espresso::net_detail {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using ErrorCode = boost::system::error_code;

struct Connection : std::enable_shared_from_this<Connection> {
  // `tls` must outlive the connection.
  Connection(tcp::socket socket, SSL_CTX* tls, ConnectionRole own_role)
      : stream(std::move(socket), tls),
        wake(stream.get_executor()),
        deadline(stream.get_executor()),
        writer_done(stream.get_executor()),
        role(own_role) {}

  // Idempotent. Closing the TCP socket ends every pending read, write and handshake.
  void close();
  // Ends our direction only: the peer reads to the end of what we wrote, then sees end of stream.
  void shutdown_send();
  // Closes the connection if it is still open after `timeout`.
  void close_after(std::chrono::milliseconds timeout);

  TlsStream stream;
  asio::steady_timer wake;         // the writer sleeps on it while the peer's queue is empty
  asio::steady_timer deadline;     // closes the connection if authentication takes too long
  asio::steady_timer writer_done;  // cancelled when the writer ends
  ConnectionRole role;             // ours on this connection
  bool open = true;
  bool writer_active = false;
  bool retired = false;  // the pair rule chose another connection; no new writes on this one
  std::optional<HelloRejection> rejection;  // why authentication refused the peer, if it did

  // Bytes received but not yet framed: reading in large chunks costs one TLS read per many
  // small frames instead of two per frame. Frames larger than this skip it (read_frame).
  Bytes inbox = Bytes(kInboxSize);
  std::size_t inbox_start = 0;
  std::size_t inbox_end = 0;
  static constexpr std::size_t kInboxSize = 64u << 10;
};
using ConnectionPtr = std::shared_ptr<Connection>;

struct ReadFrame {
  enum class Status { ok, closed, oversized, malformed };
  Status status = Status::closed;
  FrameKind kind = FrameKind::message;
  Bytes payload;
  std::size_t wire_size = 0;  // prefix, envelope header and payload
};

// Reads one frame; a frame above `max_payload_size` is refused from its length prefix alone.
asio::awaitable<ReadFrame> read_frame(Connection& connection, std::size_t max_payload_size);

struct AuthenticationContext {
  const BlsSecretKey& own_key;
  const PublicKeyBytes& own_key_bytes;
  const PeerAllowList& allowed;
  std::chrono::milliseconds timeout;
  TransportMetrics& metrics;
};

// TLS handshake, then hellos both ways, all within the timeout. The peer's key on success;
// otherwise the reason is counted in the metrics and the connection is closed.
asio::awaitable<std::optional<BlsPublicKey>> authenticate(ConnectionPtr connection,
                                                          AuthenticationContext context);

}  // namespace espresso::net_detail
