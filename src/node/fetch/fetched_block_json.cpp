#include "node/fetch/fetched_block_json.hpp"

#include <string>

#include "common/hex.hpp"
#include "common/tagged_base64.hpp"
#include "types/bincode.hpp"

namespace espresso::fetch {
namespace {

std::string quote(const nlohmann::json& value) {
  std::string text = value.dump();
  if (text.size() > 120) text = text.substr(0, 120) + "...";
  return text;
}

Result<const nlohmann::json*> field(const nlohmann::json& object, const char* name) {
  if (!object.is_object()) return fail("expected a JSON object, got " + quote(object));
  auto found = object.find(name);
  if (found == object.end()) return fail("missing field \"" + std::string(name) + "\"");
  return &*found;
}

Result<std::uint64_t> number_field(const nlohmann::json& object, const char* name) {
  auto value = field(object, name);
  if (!value) return fail(std::move(value).error());
  if (!(*value)->is_number_unsigned()) {
    return fail("field \"" + std::string(name) + "\": expected an unsigned integer, got " +
                quote(**value));
  }
  return (*value)->get<std::uint64_t>();
}

Result<std::string> string_field(const nlohmann::json& object, const char* name) {
  auto value = field(object, name);
  if (!value) return fail(std::move(value).error());
  if (!(*value)->is_string()) {
    return fail("field \"" + std::string(name) + "\": expected a string, got " + quote(**value));
  }
  return (*value)->get<std::string>();
}

Result<Hash32> tagged_hash_field(const nlohmann::json& object, const char* name,
                                 std::string_view tag) {
  auto text = string_field(object, name);
  if (!text) return fail(std::move(text).error());
  auto tagged = TaggedBase64::parse_expecting(*text, tag);
  if (!tagged) return fail(std::move(tagged).error().context(name));
  if (tagged->value.size() != 32) {
    return fail("field \"" + std::string(name) + "\": expected 32 bytes in \"" + *text + "\"");
  }
  Hash32 hash{};
  std::copy(tagged->value.begin(), tagged->value.end(), hash.begin());
  return hash;
}

Result<Hash32> hex_hash_field(const nlohmann::json& object, const char* name) {
  auto text = string_field(object, name);
  if (!text) return fail(std::move(text).error());
  auto hash = parse_hex_fixed<32>(*text);
  if (!hash) return fail(std::move(hash).error().context(name));
  return *hash;
}

Result<consensus::CertificateKind> kind_from_name(const std::string& name) {
  using consensus::CertificateKind;
  if (name == "quorum") return CertificateKind::kQuorum;
  if (name == "da") return CertificateKind::kDa;
  if (name == "timeout") return CertificateKind::kTimeout;
  if (name == "upgrade") return CertificateKind::kUpgrade;
  return fail("certificate kind \"" + name + "\": expected quorum, da, timeout or upgrade");
}

}  // namespace

Result<consensus::Certificate> certificate_from_json(const nlohmann::json& json) {
  consensus::Certificate certificate;
  auto kind_name = string_field(json, "kind");
  if (!kind_name) return fail(std::move(kind_name).error());
  auto kind = kind_from_name(*kind_name);
  if (!kind) return fail(std::move(kind).error());
  certificate.kind = *kind;
  auto view = number_field(json, "view_number");
  if (!view) return fail(std::move(view).error());
  certificate.view = *view;
  auto subject = hex_hash_field(json, "subject");
  if (!subject) return fail(std::move(subject).error());
  certificate.subject = *subject;
  auto signers = string_field(json, "signers");
  if (!signers) return fail(std::move(signers).error());
  for (char bit : *signers) {
    if (bit != '0' && bit != '1') {
      return fail("field \"signers\": expected a string of 0 and 1, got \"" + *signers + "\"");
    }
    certificate.signers.push_back(bit == '1');
  }
  auto signature_text = string_field(json, "signature");
  if (!signature_text) return fail(std::move(signature_text).error());
  auto signature = parse_hex(*signature_text);
  if (!signature) return fail(std::move(signature).error().context("signature"));
  certificate.aggregate = std::move(*signature);
  return certificate;
}

Result<FetchedLeaf> fetched_leaf_from_json(const nlohmann::json& json) {
  auto leaf_json = field(json, "leaf");
  if (!leaf_json) return fail(std::move(leaf_json).error());
  const nlohmann::json& leaf = **leaf_json;
  FetchedLeaf out;
  auto view = number_field(leaf, "view_number");
  if (!view) return fail(std::move(view).error());
  auto height = number_field(leaf, "height");
  if (!height) return fail(std::move(height).error());
  auto parent = tagged_hash_field(leaf, "parent_commitment", "LEAF");
  if (!parent) return fail(std::move(parent).error());
  auto payload = tagged_hash_field(leaf, "payload_commitment", "HASH");
  if (!payload) return fail(std::move(payload).error());
  auto header_json = field(leaf, "block_header");
  if (!header_json) return fail(std::move(header_json).error());
  auto header = header_from_json(**header_json);
  if (!header) return fail(std::move(header).error().context("block_header"));
  auto upgrade = field(leaf, "upgrade_certificate");
  if (!upgrade) return fail(std::move(upgrade).error());
  if (!(*upgrade)->is_null()) {
    auto certificate = certificate_from_json(**upgrade);
    if (!certificate) return fail(std::move(certificate).error().context("upgrade_certificate"));
    out.leaf.upgrade_certificate = std::move(*certificate);
  }
  auto qc = field(json, "qc");
  if (!qc) return fail(std::move(qc).error());
  if (!(*qc)->is_null()) {
    auto certificate = certificate_from_json(**qc);
    if (!certificate) return fail(std::move(certificate).error().context("qc"));
    out.qc = std::move(*certificate);
  }
  out.leaf.view = *view;
  out.leaf.height = *height;
  out.leaf.parent = *parent;
  out.leaf.payload_commitment = *payload;
  out.leaf.header = bincode::encode(*header);
  out.header = std::move(*header);
  return out;
}

Result<vid::Common> vid_common_from_json(const nlohmann::json& json) {
  auto body_json = field(json, "common");
  if (!body_json) return fail(std::move(body_json).error());
  const nlohmann::json& body = **body_json;
  vid::Common common;
  auto payload_len = number_field(body, "payload_len");
  if (!payload_len) return fail(std::move(payload_len).error());
  auto recovery = number_field(body, "recovery");
  if (!recovery) return fail(std::move(recovery).error());
  if (*recovery > 0xffff)
    return fail("field \"recovery\": " + std::to_string(*recovery) + " > 65535");
  auto counts = field(body, "share_counts");
  if (!counts) return fail(std::move(counts).error());
  if (!(*counts)->is_array()) return fail("field \"share_counts\": expected an array");
  for (const nlohmann::json& count : **counts) {
    if (!count.is_number_unsigned() || count.get<std::uint64_t>() > 255) {
      return fail("field \"share_counts\": expected bytes, got " + quote(count));
    }
    common.share_counts.push_back(static_cast<std::uint8_t>(count.get<std::uint64_t>()));
  }
  auto share_root = hex_hash_field(body, "share_root");
  if (!share_root) return fail(std::move(share_root).error());
  auto payload_root = hex_hash_field(body, "payload_root");
  if (!payload_root) return fail(std::move(payload_root).error());
  common.payload_len = *payload_len;
  common.recovery = static_cast<std::uint16_t>(*recovery);
  common.share_root = *share_root;
  common.payload_root = *payload_root;
  return common;
}

}  // namespace espresso::fetch
