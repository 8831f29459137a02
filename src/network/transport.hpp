#pragma once
// The authenticated, encrypted transport between stake-table members (docs/network.md).
//
// TCP + TLS 1.3; each side proves it holds a stake-table staking key with a signature bound to the
// TLS session (peer_auth.hpp). Messages are opaque byte strings, framed (frame.hpp), queued per
// peer with bounds (send_queue.hpp) and delivered to one receive handler. Peers are dialled and
// redialled with capped, jittered exponential backoff; one connection is kept per pair of peers.
//
// Threading: everything runs on the io_context given to create(); call every method from a thread
// running that io_context (or before it runs). Handlers are called on it too.

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "crypto/bls.hpp"
#include "network/address.hpp"
#include "network/backoff.hpp"
#include "network/send_queue.hpp"
#include "network/transport_metrics.hpp"

namespace boost::asio {
class io_context;
}  // namespace boost::asio

namespace espresso {

struct TransportConfig {
  BlsSecretKey staking_key;
  std::vector<BlsPublicKey> stake_table;   // the allow-list; our own key may be in it
  HostPort bind_address{"0.0.0.0", 0};     // port 0: the OS picks one (see local_address())
  std::size_t max_frame_size = 64u << 20;  // largest message payload, either direction
  SendQueueLimits queue_limits{};          // per peer
  BackoffPolicy backoff{};
  std::chrono::milliseconds handshake_timeout{5'000};  // TLS handshake and both hellos
};

// Where to reach a peer. The key is learned from its hello when not given.
struct PeerEndpoint {
  HostPort address;
  std::optional<BlsPublicKey> key;
};

class Transport {
 public:
  using ReceiveHandler = std::function<void(const BlsPublicKey& from, Bytes message)>;

  // Binds and starts accepting. Fails (quoting the address) when the address cannot be bound.
  static Result<std::unique_ptr<Transport>> create(boost::asio::io_context& io,
                                                   TransportConfig config);

  Transport() = default;
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;
  // Closes every connection; no handler is called afterwards.
  virtual ~Transport() = default;

  // The bound address with the real port.
  virtual HostPort local_address() const = 0;
  // Set once, before messages arrive. The handler must not throw; it may call send, broadcast and
  // stop, but not on_receive.
  virtual void on_receive(ReceiveHandler handler) = 0;
  // Dials the peer now and whenever the connection is lost, until stop().
  virtual void add_peer(PeerEndpoint peer) = 0;

  // Queues a message to one stake-table peer (connected or not yet). False when not queued: unknown
  // peer, message above max_frame_size, or the peer's queue is full (back-pressure; see
  // send_queue.hpp). Each case is counted in metrics().
  virtual bool send(const BlsPublicKey& to, Bytes message) = 0;
  // Queues one shared copy for every other stake-table peer; returns how many accepted it.
  virtual std::size_t broadcast(Bytes message) = 0;

  virtual bool is_connected(const BlsPublicKey& peer) const = 0;
  virtual std::vector<BlsPublicKey> connected_peers() const = 0;
  virtual TransportMetrics metrics() const = 0;

  // Closes the listener and every connection and stops dialling. Idempotent.
  virtual void stop() = 0;
};

}  // namespace espresso
