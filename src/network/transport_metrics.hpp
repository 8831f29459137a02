#pragma once
// Plain counters of the transport; the node exports them (connected_peers becomes
// consensus_libp2p_num_connected_peers). All counts are totals since start except connected_peers.

#include <cstdint>

namespace espresso {

struct TransportMetrics {
  std::uint64_t connected_peers = 0;  // stake-table peers with an authenticated connection now
  std::uint64_t bytes_in = 0;         // frame bytes received on authenticated connections
  std::uint64_t bytes_out = 0;
  std::uint64_t frames_in = 0;  // message frames delivered to the receive handler
  std::uint64_t frames_out = 0;

  // Outgoing messages not queued.
  std::uint64_t dropped_queue_full = 0;    // back-pressure: the peer's queue was full
  std::uint64_t dropped_unknown_peer = 0;  // not a stake-table key
  std::uint64_t dropped_too_large = 0;     // above max_frame_size

  // Connections closed, by reason.
  std::uint64_t refused_unknown_key = 0;    // hello key not in the stake table
  std::uint64_t refused_bad_signature = 0;  // hello signature does not verify for this session
  std::uint64_t refused_malformed_hello = 0;
  std::uint64_t refused_own_key = 0;        // we dialled ourselves, or someone replayed our key
  std::uint64_t handshake_failures = 0;     // TLS failed or no hello before the deadline
  std::uint64_t oversized_frames = 0;       // peer announced a frame above max_frame_size
  std::uint64_t protocol_errors = 0;        // bad version or kind, or a second hello
  std::uint64_t duplicate_connections = 0;  // closed by the one-connection-per-pair rule
  std::uint64_t connections_lost = 0;       // authenticated connections that ended
  std::uint64_t dial_failures = 0;          // resolve or connect failed
};

}  // namespace espresso
