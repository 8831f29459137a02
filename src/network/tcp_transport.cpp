// The Transport over TCP + TLS 1.3 on Boost.Asio coroutines (see transport.hpp).
#include "network/tls_connection.hpp"
// (tls_connection.hpp includes <utility> before Asio.)

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <string>

#include <boost/asio/ssl/context.hpp>
#include <openssl/ssl.h>

#include "network/tls_identity.hpp"
#include "network/transport.hpp"

namespace espresso {
namespace {

using namespace net_detail;
using asio::awaitable;
using asio::redirect_error;
using asio::use_awaitable;

constexpr std::size_t kWriteBatchMessages = 64;
constexpr std::size_t kWriteBatchBytes = 4u << 20;

struct Peer {
  Peer(BlsPublicKey peer_key, SendQueueLimits limits, asio::io_context& io)
      : key(std::move(peer_key)), queue(limits), disconnected(io) {}
  BlsPublicKey key;
  SendQueue queue;                  // survives reconnections
  ConnectionPtr connection;         // the authenticated one, if any
  asio::steady_timer disconnected;  // dial loops wait on it while connected; cancelled on loss
};

// State shared by the transport object and its coroutines, which keep it alive until they end.
class Core : public std::enable_shared_from_this<Core> {
 public:
  Core(asio::io_context& io_context, TransportConfig transport_config)
      : io(io_context),
        tls(asio::ssl::context::tls),
        config(std::move(transport_config)),
        own_key_bytes(config.staking_key.public_key().to_bytes()),
        allowed(config.stake_table),
        acceptor(io_context),
        rng(std::random_device{}()) {
    for (const auto& key : config.stake_table) {
      const auto bytes = key.to_bytes();
      if (bytes == own_key_bytes) continue;
      peers.try_emplace(bytes, key, config.queue_limits, io);
    }
  }

  Peer* find_peer(const PublicKeyBytes& key) {
    const auto it = peers.find(key);
    return it == peers.end() ? nullptr : &it->second;
  }

  bool is_connected(const PublicKeyBytes& key) const {
    const auto it = peers.find(key);
    return it != peers.end() && it->second.connection && it->second.connection->open;
  }

  ConnectionPtr make_connection(tcp::socket socket, ConnectionRole role) {
    auto connection = std::make_shared<Connection>(std::move(socket), tls.native_handle(), role);
    connections.insert(connection);
    return connection;
  }

  // One connection per pair: between two connections of different initiators keep the one
  // dialled by the lower key, so both ends choose the same. Between two of the same initiator keep
  // the newer: the initiator has restarted or given up on the older one.
  bool keep_new(const Connection& existing, const Connection& incoming,
                const PublicKeyBytes& peer) const {
    if (existing.role == incoming.role) return true;
    const bool we_are_lower = own_key_bytes < peer;
    const bool incoming_dialled_by_lower =
        (incoming.role == ConnectionRole::dialer) == we_are_lower;
    return incoming_dialled_by_lower;
  }

  // Makes `connection` the peer's connection unless the pair rule prefers the existing one. The
  // connection that loses is retired, not closed: each end stops writing on it and reads what the
  // other already sent until it ends, so no message is lost while the two ends agree.
  bool attach(const ConnectionPtr& connection, const PublicKeyBytes& key) {
    Peer& peer = peers.at(key);
    if (peer.connection && peer.connection->open) {
      ++metrics.duplicate_connections;
      if (!keep_new(*peer.connection, *connection, key)) {
        retire(*connection);
        return false;
      }
      retire(*peer.connection);
    }
    peer.connection = connection;
    return true;
  }

  void retire(Connection& connection) {
    connection.retired = true;
    if (connection.writer_active) {
      connection.wake.cancel();  // the writer finishes its frame, then ends our direction
    } else {
      connection.shutdown_send();
    }
    connection.close_after(config.handshake_timeout);
  }

  void detach(const ConnectionPtr& connection, const PublicKeyBytes& key) {
    connection->close();
    connections.erase(connection);
    Peer& peer = peers.at(key);
    if (peer.connection != connection) return;
    peer.connection.reset();
    ++metrics.connections_lost;
    peer.disconnected.cancel();
  }

  void stop() {
    if (stopped) return;
    stopped = true;  // coroutines check it before calling the handler (which may be calling us)
    ErrorCode ignored;
    acceptor.close(ignored);
    for (const auto& connection : connections) connection->close();
    for (const auto& timer : dial_timers) timer->cancel();
    for (auto& [key, peer] : peers) peer.disconnected.cancel();
  }

  asio::io_context& io;
  asio::ssl::context tls;
  TransportConfig config;
  PublicKeyBytes own_key_bytes;
  PeerAllowList allowed;
  tcp::acceptor acceptor;
  std::map<PublicKeyBytes, Peer> peers;  // every stake-table key but ours; fixed after start
  std::set<ConnectionPtr> connections;   // every open or opening connection, for stop()
  std::vector<std::shared_ptr<asio::steady_timer>> dial_timers;
  Transport::ReceiveHandler handler;
  TransportMetrics metrics;
  std::mt19937_64 rng;
  bool stopped = false;
};
using CorePtr = std::shared_ptr<Core>;

awaitable<void> sleep_for(asio::steady_timer& timer, std::chrono::milliseconds delay) {
  timer.expires_after(delay);
  ErrorCode ignored;
  co_await timer.async_wait(redirect_error(use_awaitable, ignored));
}

awaitable<void> write_loop(CorePtr core, ConnectionPtr connection, PublicKeyBytes key) {
  Peer& peer = core->peers.at(key);
  Bytes out;
  while (connection->open && !core->stopped && !connection->retired &&
         peer.connection == connection) {
    if (peer.queue.empty()) {
      connection->wake.expires_at(asio::steady_timer::time_point::max());
      ErrorCode ignored;
      co_await connection->wake.async_wait(redirect_error(use_awaitable, ignored));
      continue;
    }
    // One contiguous buffer per batch: each TLS write ends in at least one record of its own.
    const auto batch = peer.queue.pop_batch(kWriteBatchMessages, kWriteBatchBytes);
    out.clear();
    for (const auto& message : batch) {
      const auto header = frame_header(FrameKind::message, message->size());
      out.insert(out.end(), header.begin(), header.end());
      out.insert(out.end(), message->begin(), message->end());
    }
    const ErrorCode ec = co_await connection->stream.write(out);
    if (ec) {
      connection->close();
      break;
    }
    core->metrics.bytes_out += out.size();
    core->metrics.frames_out += batch.size();
  }
  connection->writer_active = false;
  if (connection->open) connection->shutdown_send();
  connection->writer_done.cancel();
}

awaitable<void> read_loop(CorePtr core, ConnectionPtr connection, BlsPublicKey key) {
  while (connection->open && !core->stopped) {
    auto frame = co_await read_frame(*connection, core->config.max_frame_size);
    if (core->stopped) co_return;
    switch (frame.status) {
      case ReadFrame::Status::closed:
        co_return;
      case ReadFrame::Status::oversized:
        ++core->metrics.oversized_frames;
        co_return;
      case ReadFrame::Status::malformed:
        ++core->metrics.protocol_errors;
        co_return;
      case ReadFrame::Status::ok:
        break;
    }
    core->metrics.bytes_in += frame.wire_size;
    if (frame.kind != FrameKind::message) {  // a second hello
      ++core->metrics.protocol_errors;
      co_return;
    }
    ++core->metrics.frames_in;
    if (core->handler) core->handler(key, std::move(frame.payload));
  }
}

// The whole life of one connection. Returns the peer's key when it authenticated.
awaitable<std::optional<PublicKeyBytes>> run_connection(CorePtr core, ConnectionPtr connection) {
  // Frames are written whole; Nagle's algorithm would only hold small ones back for an ACK.
  ErrorCode no_delay_error;
  connection->stream.socket().set_option(tcp::no_delay(true), no_delay_error);
  auto key = co_await authenticate(
      connection,
      AuthenticationContext{core->config.staking_key, core->own_key_bytes, core->allowed,
                            core->config.handshake_timeout, core->metrics});
  if (!key || core->stopped) {
    connection->close();
    core->connections.erase(connection);
    co_return std::nullopt;
  }
  const PublicKeyBytes key_bytes = key->to_bytes();
  if (core->attach(connection, key_bytes)) {
    connection->writer_active = true;
    asio::co_spawn(core->io, write_loop(core, connection, key_bytes), asio::detached);
  }
  co_await read_loop(core, connection, *key);
  if (connection->writer_active && connection->open && !core->stopped) {
    // The peer ended its direction: let the writer finish the frame it is writing.
    core->retire(*connection);
    connection->writer_done.expires_at(asio::steady_timer::time_point::max());
    ErrorCode ignored;
    co_await connection->writer_done.async_wait(redirect_error(use_awaitable, ignored));
  }
  core->detach(connection, key_bytes);
  co_return key_bytes;
}

awaitable<void> accept_loop(CorePtr core) {
  while (!core->stopped) {
    ErrorCode ec;
    tcp::socket socket = co_await core->acceptor.async_accept(redirect_error(use_awaitable, ec));
    if (core->stopped) co_return;
    if (ec) {  // e.g. out of file descriptors: pause rather than spin
      asio::steady_timer pause(core->io);
      co_await sleep_for(pause, std::chrono::milliseconds(100));
      continue;
    }
    auto connection = core->make_connection(std::move(socket), ConnectionRole::listener);
    asio::co_spawn(core->io, run_connection(core, connection), asio::detached);
  }
}

awaitable<void> dial_loop(CorePtr core, PeerEndpoint endpoint) {
  Backoff backoff(core->config.backoff, core->rng());
  auto timer = std::make_shared<asio::steady_timer>(core->io);
  core->dial_timers.push_back(timer);
  std::optional<PublicKeyBytes> known;
  if (endpoint.key) known = endpoint.key->to_bytes();
  tcp::resolver resolver(core->io);
  const std::string port = std::to_string(endpoint.address.port);

  while (!core->stopped) {
    if (known && core->is_connected(*known)) {
      // Connected through another connection (the peer dialled us): wait until it is lost.
      Peer& peer = core->peers.at(*known);
      peer.disconnected.expires_at(asio::steady_timer::time_point::max());
      ErrorCode ignored;
      co_await peer.disconnected.async_wait(redirect_error(use_awaitable, ignored));
      if (core->stopped) co_return;
      co_await sleep_for(*timer, backoff.next());
      continue;
    }
    ErrorCode ec;
    const auto endpoints = co_await resolver.async_resolve(endpoint.address.host, port,
                                                           redirect_error(use_awaitable, ec));
    if (core->stopped) co_return;
    if (!ec) {
      auto connection = core->make_connection(tcp::socket(core->io), ConnectionRole::dialer);
      co_await asio::async_connect(connection->stream.socket(), endpoints,
                                   redirect_error(use_awaitable, ec));
      if (core->stopped) co_return;
      if (!ec) {
        const auto peer = co_await run_connection(core, connection);
        if (connection->rejection == HelloRejection::own_key) co_return;  // that was us
        if (peer) {
          known = *peer;
          backoff.reset();
        }
      } else {
        connection->close();
        core->connections.erase(connection);
      }
    }
    if (ec) ++core->metrics.dial_failures;
    if (core->stopped) co_return;
    co_await sleep_for(*timer, backoff.next());
  }
}

Status bind_and_listen(Core& core) {
  const HostPort& bind = core.config.bind_address;
  const auto bad = [&](const ErrorCode& ec) {
    return fail("network: cannot listen on " + bind.to_string() + ": " + ec.message());
  };
  ErrorCode ec;
  tcp::resolver resolver(core.io);
  const auto endpoints =
      resolver.resolve(bind.host, std::to_string(bind.port),
                       tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec || endpoints.empty()) return bad(ec);
  const tcp::endpoint endpoint = endpoints.begin()->endpoint();
  core.acceptor.open(endpoint.protocol(), ec);
  if (ec) return bad(ec);
  // Lets a restarted node listen again on its port while old connections sit in TIME_WAIT.
  core.acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) core.acceptor.bind(endpoint, ec);
  if (!ec) core.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return bad(ec);
  return {};
}

Status set_up_tls(asio::ssl::context& tls) {
  auto identity = generate_tls_identity();
  if (!identity) return fail(std::move(identity).error());
  ErrorCode ec;
  SSL_CTX_set_min_proto_version(tls.native_handle(), TLS1_3_VERSION);
  SSL_CTX_set_max_proto_version(tls.native_handle(), TLS1_3_VERSION);
  // Sessions are never resumed (every connection authenticates afresh), so no tickets: the
  // server would otherwise write them after the handshake, with no writer to flush them yet.
  SSL_CTX_set_num_tickets(tls.native_handle(), 0);
  tls.use_certificate(asio::buffer(identity->certificate_pem), asio::ssl::context::pem, ec);
  if (!ec)
    tls.use_private_key(asio::buffer(identity->private_key_pem), asio::ssl::context::pem, ec);
  if (ec) return fail("network: TLS set-up failed: " + ec.message());
  // Peers' certificates are throwaway; identity is checked by the hello (peer_auth.hpp).
  tls.set_verify_mode(asio::ssl::verify_none, ec);
  return {};
}

class TcpTransport final : public Transport {
 public:
  explicit TcpTransport(CorePtr core) : core_(std::move(core)) {}
  ~TcpTransport() override { core_->stop(); }

  HostPort local_address() const override {
    ErrorCode ec;
    const auto endpoint = core_->acceptor.local_endpoint(ec);
    return HostPort{endpoint.address().to_string(), endpoint.port()};
  }

  void on_receive(ReceiveHandler handler) override {
    if (!core_->stopped) core_->handler = std::move(handler);
  }

  void add_peer(PeerEndpoint peer) override {
    if (core_->stopped) return;
    asio::co_spawn(core_->io, dial_loop(core_, std::move(peer)), asio::detached);
  }

  bool send(const BlsPublicKey& to, Bytes message) override {
    if (message.size() > core_->config.max_frame_size) {
      ++core_->metrics.dropped_too_large;
      return false;
    }
    Peer* peer = core_->find_peer(to.to_bytes());
    if (peer == nullptr || core_->stopped) {
      ++core_->metrics.dropped_unknown_peer;
      return false;
    }
    return enqueue(*peer, std::make_shared<const Bytes>(std::move(message)));
  }

  std::size_t broadcast(Bytes message) override {
    if (message.size() > core_->config.max_frame_size) {
      ++core_->metrics.dropped_too_large;
      return 0;
    }
    if (core_->stopped) return 0;
    const auto shared = std::make_shared<const Bytes>(std::move(message));
    std::size_t accepted = 0;
    for (auto& [key, peer] : core_->peers) accepted += enqueue(peer, shared) ? 1 : 0;
    return accepted;
  }

  bool is_connected(const BlsPublicKey& peer) const override {
    return core_->is_connected(peer.to_bytes());
  }

  std::vector<BlsPublicKey> connected_peers() const override {
    std::vector<BlsPublicKey> out;
    for (const auto& [bytes, peer] : core_->peers) {
      if (core_->is_connected(bytes)) out.push_back(peer.key);
    }
    return out;
  }

  TransportMetrics metrics() const override {
    TransportMetrics out = core_->metrics;
    out.connected_peers = 0;
    for (const auto& [bytes, peer] : core_->peers)
      out.connected_peers += core_->is_connected(bytes);
    return out;
  }

  void stop() override { core_->stop(); }

 private:
  bool enqueue(Peer& peer, SharedBytes message) {
    if (!peer.queue.push(std::move(message))) {
      ++core_->metrics.dropped_queue_full;
      return false;
    }
    if (peer.connection) peer.connection->wake.cancel();
    return true;
  }

  CorePtr core_;
};

}  // namespace

Result<std::unique_ptr<Transport>> Transport::create(asio::io_context& io, TransportConfig config) {
  auto core = std::make_shared<Core>(io, std::move(config));
  ESEQ_TRY_STATUS(set_up_tls(core->tls));
  ESEQ_TRY_STATUS(bind_and_listen(*core));
  asio::co_spawn(io, accept_loop(core), asio::detached);
  return std::unique_ptr<Transport>(std::make_unique<TcpTransport>(std::move(core)));
}

}  // namespace espresso
