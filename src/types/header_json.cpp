// JSON of Header in upstream's shapes (impls/header.rs, `Serialize`/`Deserialize for Header`).

#include <nlohmann/json.hpp>

#include "types/header.hpp"
#include "types/json_fields.hpp"

namespace espresso {

using namespace json_fields;

namespace {

constexpr std::string_view kBuilderCommitmentTag = "BUILDER_COMMITMENT";

template <typename T, typename Read>
auto optional_of(Read read) {
  return [read](const nlohmann::json& json) -> Result<std::optional<T>> {
    if (json.is_null()) return std::optional<T>{};
    auto value = read(json);
    if (!value) return fail(std::move(value).error());
    return std::optional<T>{std::move(*value)};
  };
}

Result<TaggedBase64> tagged_from_json(const nlohmann::json& json) {
  auto text_value = as_string(json);
  if (!text_value) return fail(std::move(text_value).error());
  return TaggedBase64::parse(*text_value);
}

Result<Hash32> builder_commitment_from_json(const nlohmann::json& json) {
  auto tagged = tagged_from_json(json);
  if (!tagged) return fail(std::move(tagged).error());
  if (tagged->tag != kBuilderCommitmentTag || tagged->value.size() != 32) {
    return fail("expected BUILDER_COMMITMENT~ with 32 bytes, got " + quote(json));
  }
  Hash32 out{};
  std::copy(tagged->value.begin(), tagged->value.end(), out.begin());
  return out;
}

Result<MerkleCommitment> merkle_commitment_from_json(const nlohmann::json& json) {
  auto tagged = tagged_from_json(json);
  if (!tagged) return fail(std::move(tagged).error());
  if (tagged->tag != MerkleCommitment::kTag) {
    return fail("expected " + std::string(MerkleCommitment::kTag) + "~..., got " + quote(json));
  }
  return MerkleCommitment::from_bytes(tagged->value);
}

std::string merkle_commitment_to_json(const MerkleCommitment& commitment) {
  auto bytes = commitment.to_bytes();
  return TaggedBase64{std::string(MerkleCommitment::kTag), Bytes(bytes.begin(), bytes.end())}
      .to_string();
}

Result<Header> fields_from_json(const nlohmann::json& json, HeaderVersion version) {
  if (!json.is_object()) return fail("header: expected an object, got " + quote(json));
  Header h;
  h.version = version;
  ESEQ_TRY_STATUS(read_field(json, "header", "chain_config", h.chain_config,
                             resolvable_chain_config_from_json));
  ESEQ_TRY_STATUS(read_field(json, "header", "height", h.height, as_u64));
  ESEQ_TRY_STATUS(read_field(json, "header", "timestamp", h.timestamp, as_u64));
  ESEQ_TRY_STATUS(read_field(json, "header", "l1_head", h.l1_head, as_u64));
  ESEQ_TRY_STATUS(read_field(json, "header", "l1_finalized", h.l1_finalized,
                             optional_of<L1BlockInfo>(l1_block_info_from_json)));
  ESEQ_TRY_STATUS(
      read_field(json, "header", "payload_commitment", h.payload_commitment, tagged_from_json));
  ESEQ_TRY_STATUS(read_field(json, "header", "builder_commitment", h.builder_commitment,
                             builder_commitment_from_json));
  ESEQ_TRY_STATUS(read_field(json, "header", "ns_table", h.ns_table, ns_table_from_json));
  ESEQ_TRY_STATUS(read_field(json, "header", "block_merkle_tree_root", h.block_merkle_tree_root,
                             merkle_commitment_from_json));
  ESEQ_TRY_STATUS(read_field(json, "header", "fee_merkle_tree_root", h.fee_merkle_tree_root,
                             merkle_commitment_from_json));
  ESEQ_TRY_STATUS(read_field(json, "header", "fee_info", h.fee_info, fee_info_from_json));
  // serde reads a missing Option field as None.
  if (json.contains("builder_signature")) {
    ESEQ_TRY_STATUS(read_field(json, "header", "builder_signature", h.builder_signature,
                               optional_of<BuilderSignature>(builder_signature_from_json)));
  }
  return h;
}

nlohmann::json fields_to_json(const Header& h) {
  nlohmann::json json;
  json["chain_config"] = to_json(h.chain_config);
  json["height"] = h.height;
  json["timestamp"] = h.timestamp;
  json["l1_head"] = h.l1_head;
  json["l1_finalized"] = h.l1_finalized ? to_json(*h.l1_finalized) : nlohmann::json();
  json["payload_commitment"] = h.payload_commitment.to_string();
  json["builder_commitment"] =
      TaggedBase64{std::string(kBuilderCommitmentTag),
                   Bytes(h.builder_commitment.begin(), h.builder_commitment.end())}
          .to_string();
  json["ns_table"] = to_json(h.ns_table);
  json["block_merkle_tree_root"] = merkle_commitment_to_json(h.block_merkle_tree_root);
  json["fee_merkle_tree_root"] = merkle_commitment_to_json(h.fee_merkle_tree_root);
  json["fee_info"] = to_json(h.fee_info);
  json["builder_signature"] =
      h.builder_signature ? to_json(*h.builder_signature) : nlohmann::json();
  return json;
}

Result<HeaderVersion> version_from_json(const nlohmann::json& json) {
  // EitherOrVersion::Version(Version { major, minor }).
  const auto* inner = json.is_object() && json.contains("Version") ? &json["Version"] : nullptr;
  if (inner == nullptr || !inner->is_object()) {
    return fail("header: version: expected {\"Version\": {\"major\", \"minor\"}}, got " +
                quote(json));
  }
  HeaderVersion version;
  for (auto [key, out] : {std::pair{"major", &version.major}, std::pair{"minor", &version.minor}}) {
    auto field = member(*inner, key);
    if (!field) return fail(std::move(field).error().context("header: version"));
    auto value = as_u64(**field);
    if (!value || *value > 0xffff) {
      return fail("header: version: " + std::string(key) + ": expected a u16, got " +
                  quote(**field));
    }
    *out = static_cast<std::uint16_t>(*value);
  }
  return version;
}

}  // namespace

Result<Header> header_from_json(const nlohmann::json& json) {
  if (!json.is_object()) return fail("header: expected an object, got " + quote(json));
  if (!json.contains("version")) return fields_from_json(json, kHeaderV0_1);
  auto version = version_from_json(json["version"]);
  if (!version) return fail(std::move(version).error());
  if (*version != kHeaderV0_2) {
    return fail("header: unsupported version " + std::to_string(version->major) + "." +
                std::to_string(version->minor) + " (supported: 0.1, 0.2)");
  }
  auto fields = member(json, "fields");
  if (!fields) return fail(std::move(fields).error().context("header"));
  return fields_from_json(**fields, *version);
}

nlohmann::json to_json(const Header& header) {
  if (header.version == kHeaderV0_1) return fields_to_json(header);
  return {{"version",
           {{"Version", {{"major", header.version.major}, {"minor", header.version.minor}}}}},
          {"fields", fields_to_json(header)}};
}

}  // namespace espresso
