#include "types/header.hpp"

namespace espresso {
namespace {

constexpr std::string_view kTag = "BLOCK";

// v0_1::Header::commit.
Hash32 commit_fields(const Header& header) {
  Hash32 l1_finalized{};
  if (header.l1_finalized) l1_finalized = commit(*header.l1_finalized).digest;
  return CommitmentBuilder(kTag)
      .field("chain_config", header.chain_config.commitment())
      .u64_field("height", header.height)
      .u64_field("timestamp", header.timestamp)
      .u64_field("l1_head", header.l1_head)
      .optional("l1_finalized", header.l1_finalized ? &l1_finalized : nullptr)
      .constant_str("payload_commitment")
      .fixed_size_bytes(header.payload_commitment.value)
      .constant_str("builder_commitment")
      .fixed_size_bytes(header.builder_commitment)
      .field("ns_table", commit(header.ns_table).digest)
      .var_size_field("block_merkle_tree_root", header.block_merkle_tree_root.to_bytes())
      .var_size_field("fee_merkle_tree_root", header.fee_merkle_tree_root.to_bytes())
      .field("fee_info", commit(header.fee_info).digest)
      .finalize();
}

}  // namespace

Commitment commit(const Header& header) {
  Hash32 fields = commit_fields(header);
  if (header.version == kHeaderV0_1) return {std::string(kTag), fields};
  Hash32 versioned = CommitmentBuilder(kTag)
                         .u64_field("version_major", header.version.major)
                         .u64_field("version_minor", header.version.minor)
                         .field("fields", fields)
                         .finalize();
  return {std::string(kTag), versioned};
}

Status verify_builder_fee_signature(const Header& header) {
  if (!header.builder_signature) return fail("header has no builder signature");
  return verify_builder_fee_signature(*header.builder_signature, header.fee_info.account,
                                      header.fee_info.amount, header.ns_table);
}

}  // namespace espresso
