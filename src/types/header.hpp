#pragma once
// The block header (protocol v0.1 and v0.2 share the fields; types/src/v0/v0_1/header.rs and
// impls/header.rs). v0.2 differs only in its JSON wrapper and its commitment, which commits to the
// version and then to the v0.1 commitment of the fields.

#include <cstdint>
#include <optional>

#include <nlohmann/json_fwd.hpp>

#include "common/result.hpp"
#include "common/tagged_base64.hpp"
#include "merkle/commitment.hpp"
#include "types/builder_signature.hpp"
#include "types/chain_config.hpp"
#include "types/committable.hpp"
#include "types/fee_info.hpp"
#include "types/l1_block_info.hpp"
#include "types/ns_table.hpp"

namespace espresso {

struct HeaderVersion {
  std::uint16_t major = 0;
  std::uint16_t minor = 1;
  friend auto operator<=>(const HeaderVersion&, const HeaderVersion&) = default;
};
inline constexpr HeaderVersion kHeaderV0_1{0, 1};
inline constexpr HeaderVersion kHeaderV0_2{0, 2};

struct Header {
  HeaderVersion version = kHeaderV0_1;
  ResolvableChainConfig chain_config;
  std::uint64_t height = 0;
  std::uint64_t timestamp = 0;  // unix seconds
  std::uint64_t l1_head = 0;
  std::optional<L1BlockInfo> l1_finalized;
  // The VID commitment to the payload, kept with its tag ("HASH" for upstream's ADVZ); the header
  // commitment hashes its value bytes.
  TaggedBase64 payload_commitment;
  Hash32 builder_commitment{};  // SHA-256, see builder_commitment(Payload)
  NsTable ns_table;
  MerkleCommitment block_merkle_tree_root;
  MerkleCommitment fee_merkle_tree_root;
  FeeInfo fee_info;
  std::optional<BuilderSignature> builder_signature;

  friend bool operator==(const Header&, const Header&) = default;
};

// v0.1: the fields as one object. v0.2: {"version": {"Version": {"major": 0, "minor": 2}},
// "fields": {...}}. Other versions are rejected.
Result<Header> header_from_json(const nlohmann::json& json);
nlohmann::json to_json(const Header& header);

// Tag "BLOCK" (impls/header.rs, `impl Committable for Header`).
Commitment commit(const Header& header);

// The builder signature, if any, signs this header's fee and namespace table by its fee account.
Status verify_builder_fee_signature(const Header& header);

}  // namespace espresso
