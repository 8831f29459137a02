#include "merkle/proof_json.hpp"

#include <limits>
#include <string>

#include "common/tagged_base64.hpp"

namespace espresso {
namespace {

// The header commitment tag (upstream `Header::tag()` is "BLOCK").
constexpr std::string_view kBlockTag = "BLOCK";

Result<std::string> string_field(const nlohmann::json& json, const char* key) {
  if (!json.is_object()) return fail("expected a JSON object, got " + json.dump());
  auto it = json.find(key);
  if (it == json.end()) return fail("missing field \"" + std::string(key) + "\"");
  if (!it->is_string()) {
    return fail("field \"" + std::string(key) + "\": expected a string, got " + it->dump());
  }
  return it->get<std::string>();
}

Result<MerkleProof> proof_field(const nlohmann::json& json) {
  auto text = string_field(json, "proof");
  if (!text) return fail(std::move(text).error());
  auto proof = MerkleProof::from_tagged_base64(*text);
  if (!proof) return fail(std::move(proof).error().context("field \"proof\""));
  return proof;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string u256_to_json_hex(const U256& value) {
  static constexpr char kDigits[] = "0123456789abcdef";
  if (value == 0) return "0x0";
  std::string reversed;
  for (U256 rest = value; rest != 0; rest >>= 4) {
    reversed.push_back(kDigits[static_cast<unsigned>(rest & 0xf)]);
  }
  return "0x" + std::string(reversed.rbegin(), reversed.rend());
}

Result<U256> u256_from_json_text(std::string_view text) {
  const auto bad = [&](const std::string& why) {
    return fail("\"" + std::string(text) + "\": " + why);
  };
  const bool hex = text.starts_with("0x") || text.starts_with("0X");
  const std::string_view digits = hex ? text.substr(2) : text;
  if (digits.empty()) return bad("expected a number (decimal or 0x-hex)");
  const unsigned base = hex ? 16 : 10;
  boost::multiprecision::uint512_t value = 0;  // wide enough to detect overflow of 256 bits
  for (char c : digits) {
    const int digit = hex_digit(c);
    if (digit < 0 || static_cast<unsigned>(digit) >= base) {
      return bad(std::string("unexpected character '") + c + "'");
    }
    value = value * base + static_cast<unsigned>(digit);
    if (value > std::numeric_limits<U256>::max()) return bad("does not fit in 256 bits");
  }
  return static_cast<U256>(value);
}

nlohmann::json to_json(const MerkleCommitment& commitment) {
  return commitment.to_tagged_base64();
}

Result<MerkleCommitment> merkle_commitment_from_json(const nlohmann::json& json) {
  if (!json.is_string()) return fail("Merkle commitment: expected a string, got " + json.dump());
  return MerkleCommitment::from_tagged_base64(json.get<std::string>());
}

nlohmann::json to_json(const FeeAccountProof& proof) {
  return {{"account", proof.account.to_hex()},
          {"balance", proof.balance ? nlohmann::json(u256_to_json_hex(*proof.balance))
                                    : nlohmann::json(nullptr)},
          {"proof", proof.proof.to_tagged_base64()}};
}

Result<FeeAccountProof> fee_account_proof_from_json(const nlohmann::json& json) {
  const auto in = [](Error e) { return fail(std::move(e).context("fee account proof")); };
  FeeAccountProof out;
  auto account_text = string_field(json, "account");
  if (!account_text) return in(std::move(account_text).error());
  auto account = Address::parse(*account_text);
  if (!account) return in(std::move(account).error().context("field \"account\""));
  out.account = *account;
  auto balance = json.find("balance");
  if (balance == json.end()) return in(Error{"missing field \"balance\" (null when absent)"});
  if (balance->is_string()) {
    auto value = u256_from_json_text(balance->get<std::string>());
    if (!value) return in(std::move(value).error().context("field \"balance\""));
    out.balance = *value;
  } else if (!balance->is_null()) {
    return in(Error{"field \"balance\": expected a hex string or null, got " + balance->dump()});
  }
  auto proof = proof_field(json);
  if (!proof) return in(std::move(proof).error());
  out.proof = *std::move(proof);
  return out;
}

nlohmann::json to_json(const BlockProof& proof) {
  return {{"index", proof.index},
          {"leaf", TaggedBase64{std::string(kBlockTag), Bytes(proof.leaf.begin(), proof.leaf.end())}
                       .to_string()},
          {"proof", proof.proof.to_tagged_base64()}};
}

Result<BlockProof> block_proof_from_json(const nlohmann::json& json) {
  const auto in = [](Error e) { return fail(std::move(e).context("block proof")); };
  if (!json.is_object()) return in(Error{"expected a JSON object, got " + json.dump()});
  BlockProof out;
  auto index = json.find("index");
  if (index == json.end() || !index->is_number_unsigned()) {
    return in(Error{"field \"index\": expected an unsigned integer, got " +
                    (index == json.end() ? std::string("nothing") : index->dump())});
  }
  out.index = index->get<std::uint64_t>();
  auto leaf_text = string_field(json, "leaf");
  if (!leaf_text) return in(std::move(leaf_text).error());
  auto leaf = TaggedBase64::parse_expecting(*leaf_text, kBlockTag);
  if (!leaf) return in(std::move(leaf).error().context("field \"leaf\""));
  if (leaf->value.size() != 32) {
    return in(
        Error{"field \"leaf\": expected 32 bytes, got " + std::to_string(leaf->value.size())});
  }
  std::copy(leaf->value.begin(), leaf->value.end(), out.leaf.begin());
  auto proof = proof_field(json);
  if (!proof) return in(std::move(proof).error());
  out.proof = *std::move(proof);
  return out;
}

}  // namespace espresso
