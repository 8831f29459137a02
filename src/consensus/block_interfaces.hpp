#pragma once
// What consensus asks of the block layer (state/ implements these for real) and of VID (vid/).

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "common/result.hpp"
#include "consensus/messages.hpp"

namespace espresso::consensus {

// The leader's side: a payload from mempool transactions, then a header on top of the parent in
// the format of `version` (it changes at an upgrade) for one of the payloads it built. Several
// may be built before their headers: the next view's payload is built while the current view is
// still deciding.
class BlockBuilder {
 public:
  struct BuiltPayload {
    Bytes payload;
    // Positions (into the transactions given, distinct) of those the payload holds, in the
    // payload's order. A builder leaves some out (block size, what the fee account can pay,
    // undecodable bytes); the leader lists only these in its proposal, so the rest stay in the
    // mempool for a later block.
    std::vector<std::size_t> included;
  };
  virtual ~BlockBuilder() = default;
  virtual BuiltPayload build_block_payload(std::span<const Bytes> transactions) = 0;
  // Empty bytes when it cannot (a payload it did not build, as after a restart): the leader then
  // does not propose, and the view times out.
  virtual Bytes build_header(const Leaf& parent, ViewNumber view, Version version,
                             const Commitment& payload_commitment, ByteView payload) = 0;
};

// A replica's side: is `proposed` (its header, in the format of `version`) a valid child of
// `parent`? `payload_size` is the byte length of the block's payload as this replica knows it (from
// the DA proposal, or from its verified VID share, which the payload commitment binds), so the
// header's size fields can be checked against max_block_size and the ns_table.
class BlockValidator {
 public:
  virtual ~BlockValidator() = default;
  virtual Status validate(const Leaf& parent, const Leaf& proposed, Version version,
                          std::uint64_t payload_size) const = 0;
};

// Verifiable information dispersal: one share per node, each checkable against the commitment;
// any large enough set of valid shares recovers the payload.
class VidScheme {
 public:
  virtual ~VidScheme() = default;
  virtual Commitment commit(ByteView payload, std::size_t num_nodes) const = 0;
  struct Dispersal {
    Commitment commitment{};
    std::vector<Bytes> shares;  // shares[i] for node i
  };
  virtual Dispersal disperse(ByteView payload, std::size_t num_nodes) const = 0;
  // The same dispersal with only the shares of `recipients` (the other entries empty); nullopt
  // when the payload cannot be dispersed. The leader sends shares only to the nodes outside the DA
  // committee; a DA member holds the whole payload, so it checks the leader's commitment and takes
  // its own share in one encoding.
  virtual std::optional<Dispersal> disperse_to(ByteView payload,
                                               std::span<const NodeIndex> recipients,
                                               std::size_t num_nodes) const {
    Dispersal all = disperse(payload, num_nodes);
    for (std::size_t node = 0; node < all.shares.size(); ++node) {
      if (std::find(recipients.begin(), recipients.end(), node) == recipients.end()) {
        all.shares[node].clear();
      }
    }
    return all;
  }
  virtual bool verify_share(const Commitment& commitment, NodeIndex node, ByteView share,
                            std::size_t num_nodes) const = 0;
  // The payload's byte length as a share states it; nullopt when the share does not decode. Only
  // meaningful for a share that verify_share accepted (the commitment binds the length).
  virtual std::optional<std::uint64_t> payload_size(ByteView share) const = 0;
  // The scheme's common data (for vid/: vid::encode_common bytes) a share carries; nullopt when
  // the scheme has none or the share does not decode. Only meaningful for a verified share (the
  // commitment is the hash of the common data).
  virtual std::optional<Bytes> common(ByteView /*share*/) const { return std::nullopt; }
  virtual Result<Bytes> recover(const Commitment& commitment,
                                std::span<const std::pair<NodeIndex, Bytes>> shares,
                                std::size_t num_nodes) const = 0;
};

}  // namespace espresso::consensus
