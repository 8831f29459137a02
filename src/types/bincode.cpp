#include "types/bincode.hpp"

#include <nlohmann/json.hpp>

#include "common/encoding.hpp"
#include "common/hex.hpp"
#include "types/json_fields.hpp"

namespace espresso::bincode {
namespace {

// Numbers as strings can be long only by malice: bound what we read.
constexpr std::uint64_t kMaxText = 256;
// Header and table blobs.
constexpr std::uint64_t kMaxBlob = 1 << 20;

#define ESEQ_READ(var, expr)                                       \
  auto var##_result = (expr);                                      \
  if (!var##_result) return fail(std::move(var##_result).error()); \
  auto var = std::move(*var##_result)

void put_u256(Writer& w, const U256& value) {
  w.prefixed(json_fields::u256_to_hex(value));
}

Result<U256> get_u256(Reader& r) {
  ESEQ_READ(text, r.prefixed_string(kMaxText));
  return json_fields::parse_u256_hex(text);
}

void put_address(Writer& w, const Address& address) {
  w.prefixed(address.to_hex());
}

Result<Address> get_address(Reader& r) {
  ESEQ_READ(text, r.prefixed_string(kMaxText));
  return Address::parse(text);
}

Result<std::optional<Address>> get_optional_address(Reader& r) {
  ESEQ_READ(present, r.boolean());
  if (!present) return std::optional<Address>{};
  ESEQ_READ(address, get_address(r));
  return std::optional<Address>{address};
}

// TaggedBase64's binary serde: a byte blob holding CanonicalSerialize(tag, value, checksum).
void put_tagged(Writer& w, const TaggedBase64& tagged) {
  Writer inner;
  inner.prefixed(tagged.tag)
      .prefixed(tagged.value)
      .u8(TaggedBase64::checksum(tagged.tag, tagged.value));
  w.prefixed(inner.bytes());
}

Result<TaggedBase64> get_tagged(Reader& r) {
  ESEQ_READ(blob, r.prefixed(kMaxBlob));
  Reader inner(blob);
  ESEQ_READ(tag, inner.prefixed_string(kMaxText));
  ESEQ_READ(value, inner.prefixed(kMaxBlob));
  ESEQ_READ(checksum, inner.u8());
  ESEQ_TRY_STATUS(inner.expect_end());
  if (!TaggedBase64::is_valid_tag(tag)) return fail("invalid TaggedBase64 tag \"" + tag + "\"");
  if (checksum != TaggedBase64::checksum(tag, value)) {
    return fail("TaggedBase64 checksum mismatch for tag " + tag);
  }
  return TaggedBase64{tag, std::move(value)};
}

Result<Bytes> get_tagged_value(Reader& r, std::string_view tag, std::size_t size) {
  ESEQ_READ(tagged, get_tagged(r));
  if (tagged.tag != tag || tagged.value.size() != size) {
    return fail("expected " + std::string(tag) + " with " + std::to_string(size) + " bytes, got " +
                tagged.tag + " with " + std::to_string(tagged.value.size()));
  }
  return std::move(tagged.value);
}

template <std::size_t N>
ByteArray<N> to_array(const Bytes& bytes) {
  ByteArray<N> out{};
  std::copy_n(bytes.begin(), N, out.begin());
  return out;
}

void put(Writer& w, const NsTable& table) {
  w.prefixed(table.bytes());
}

Result<NsTable> get_ns_table(Reader& r) {
  ESEQ_READ(bytes, r.prefixed(kMaxBlob));
  NsTable table(std::move(bytes));
  if (auto error = table.check_invariants())
    return fail("ns_table: " + std::string(to_string(*error)));
  return table;
}

void put(Writer& w, const L1BlockInfo& info) {
  w.u64(info.number);
  put_u256(w, info.timestamp);
  w.prefixed(to_hex(info.hash));
}

Result<L1BlockInfo> get_l1_block_info(Reader& r) {
  L1BlockInfo info;
  ESEQ_READ(number, r.u64());
  ESEQ_READ(timestamp, get_u256(r));
  ESEQ_READ(hash_text, r.prefixed_string(kMaxText));
  ESEQ_READ(hash, parse_hex_fixed<32>(hash_text, HexPrefix::kRequired));
  return L1BlockInfo{number, timestamp, hash};
}

void put(Writer& w, const FeeInfo& info) {
  put_address(w, info.account);
  put_u256(w, info.amount);
}

Result<FeeInfo> get_fee_info(Reader& r) {
  ESEQ_READ(account, get_address(r));
  ESEQ_READ(amount, get_u256(r));
  return FeeInfo{account, amount};
}

void put(Writer& w, const ChainConfig& config) {
  put_u256(w, config.chain_id);
  w.u64(config.max_block_size);
  put_u256(w, config.base_fee);
  w.boolean(config.fee_contract.has_value());
  if (config.fee_contract) put_address(w, *config.fee_contract);
  put_address(w, config.fee_recipient);
}

Result<ChainConfig> get_chain_config(Reader& r) {
  ChainConfig config;
  ESEQ_READ(chain_id, get_u256(r));
  ESEQ_READ(max_block_size, r.u64());
  ESEQ_READ(base_fee, get_u256(r));
  ESEQ_READ(fee_contract, get_optional_address(r));
  ESEQ_READ(fee_recipient, get_address(r));
  return ChainConfig{chain_id, max_block_size, base_fee, fee_contract, fee_recipient};
}

// Variant indices of upstream's `EitherOrVersion` (v0/header.rs).
constexpr std::uint32_t kLeft = 0;
constexpr std::uint32_t kRight = 1;
constexpr std::uint32_t kVersion = 2;

void put_chain_config_variant(Writer& w, const ResolvableChainConfig& config) {
  if (const auto* full = config.resolve()) {
    w.u32(kLeft);
    put(w, *full);
  } else {
    w.u32(kRight);
    const Hash32& digest = std::get<Hash32>(config.value);
    put_tagged(w, TaggedBase64{"CHAIN_CONFIG", Bytes(digest.begin(), digest.end())});
  }
}

void put_fields(Writer& w, const Header& h) {
  put_chain_config_variant(w, h.chain_config);
  w.u64(h.height).u64(h.timestamp).u64(h.l1_head);
  w.boolean(h.l1_finalized.has_value());
  if (h.l1_finalized) put(w, *h.l1_finalized);
  put_tagged(w, h.payload_commitment);
  put_tagged(w, TaggedBase64{"BUILDER_COMMITMENT",
                             Bytes(h.builder_commitment.begin(), h.builder_commitment.end())});
  put(w, h.ns_table);
  for (const MerkleCommitment* root : {&h.block_merkle_tree_root, &h.fee_merkle_tree_root}) {
    auto bytes = root->to_bytes();
    put_tagged(
        w, TaggedBase64{std::string(MerkleCommitment::kTag), Bytes(bytes.begin(), bytes.end())});
  }
  put(w, h.fee_info);
  w.boolean(h.builder_signature.has_value());
  if (h.builder_signature) {
    put_u256(w, h.builder_signature->r);
    put_u256(w, h.builder_signature->s);
    w.u64(h.builder_signature->v);
  }
}

Result<ResolvableChainConfig> get_chain_config_variant(Reader& r, std::uint32_t variant) {
  if (variant == kLeft) {
    ESEQ_READ(config, get_chain_config(r));
    return ResolvableChainConfig{config};
  }
  if (variant == kRight) {
    ESEQ_READ(digest, get_tagged_value(r, "CHAIN_CONFIG", 32));
    return ResolvableChainConfig{to_array<32>(digest)};
  }
  return fail("expected chain config variant 0 or 1, got " + std::to_string(variant));
}

Result<MerkleCommitment> get_merkle_commitment(Reader& r) {
  ESEQ_READ(bytes, get_tagged_value(r, MerkleCommitment::kTag, MerkleCommitment::kEncodedSize));
  return MerkleCommitment::from_bytes(bytes);
}

// The v0.1 field sequence after its first element.
Status get_rest_of_fields(Reader& r, Header& h) {
  ESEQ_READ(height, r.u64());
  ESEQ_READ(timestamp, r.u64());
  ESEQ_READ(l1_head, r.u64());
  h.height = height;
  h.timestamp = timestamp;
  h.l1_head = l1_head;
  ESEQ_READ(has_l1_finalized, r.boolean());
  if (has_l1_finalized) {
    ESEQ_READ(l1_finalized, get_l1_block_info(r));
    h.l1_finalized = l1_finalized;
  }
  ESEQ_READ(payload_commitment, get_tagged(r));
  h.payload_commitment = std::move(payload_commitment);
  ESEQ_READ(builder_commitment, get_tagged_value(r, "BUILDER_COMMITMENT", 32));
  h.builder_commitment = to_array<32>(builder_commitment);
  ESEQ_READ(ns_table, get_ns_table(r));
  h.ns_table = std::move(ns_table);
  ESEQ_READ(block_root, get_merkle_commitment(r));
  ESEQ_READ(fee_root, get_merkle_commitment(r));
  h.block_merkle_tree_root = block_root;
  h.fee_merkle_tree_root = fee_root;
  ESEQ_READ(fee_info, get_fee_info(r));
  h.fee_info = fee_info;
  ESEQ_READ(has_signature, r.boolean());
  if (has_signature) {
    ESEQ_READ(sig_r, get_u256(r));
    ESEQ_READ(sig_s, get_u256(r));
    ESEQ_READ(sig_v, r.u64());
    h.builder_signature = BuilderSignature{sig_r, sig_s, sig_v};
  }
  return {};
}

Result<TransactionView> get_transaction_view(Reader& r) {
  ESEQ_READ(id, r.u64());
  if (id > kMaxNamespaceId) return fail("namespace id above u32::MAX");
  ESEQ_READ(payload, r.prefixed_view());
  return TransactionView{id, payload};
}

Result<Transaction> get_transaction(Reader& r) {
  ESEQ_READ(view, get_transaction_view(r));
  return Transaction{view.namespace_id, to_bytes(view.payload)};
}

template <typename T, typename Get>
Result<T> decode_all(ByteView bytes, Get get, std::string_view what) {
  Reader r(bytes);
  auto value = get(r);
  if (!value) return fail(std::move(value).error().context(what));
  if (auto end = r.expect_end(); !end) return fail(std::move(end).error().context(what));
  return value;
}

}  // namespace

Bytes encode(const Transaction& tx) {
  Writer w;
  w.reserve(16 + tx.payload.size());
  w.u64(tx.namespace_id).prefixed(tx.payload);
  return std::move(w).take();
}

Bytes encode(std::span<const Transaction> transactions) {
  std::size_t size = 8;
  for (const auto& tx : transactions) size += 16 + tx.payload.size();
  Writer w;
  w.reserve(size);
  w.u64(transactions.size());
  for (const auto& tx : transactions) w.u64(tx.namespace_id).prefixed(tx.payload);
  return std::move(w).take();
}

Bytes encode(const NsTable& table) {
  Writer w;
  put(w, table);
  return std::move(w).take();
}

Bytes encode(const TxIndex& index) {
  Writer w;
  w.u32(index.ns_index).u32(index.tx_index);  // [u8; 4] arrays, little-endian
  return std::move(w).take();
}

Bytes encode(const L1BlockInfo& info) {
  Writer w;
  put(w, info);
  return std::move(w).take();
}

Bytes encode(const FeeInfo& info) {
  Writer w;
  put(w, info);
  return std::move(w).take();
}

Bytes encode(const ChainConfig& config) {
  Writer w;
  put(w, config);
  return std::move(w).take();
}

Bytes encode(const Header& header) {
  Writer w;
  if (header.version != kHeaderV0_1) {
    w.u32(kVersion).u16(header.version.major).u16(header.version.minor);
  }
  put_fields(w, header);
  return std::move(w).take();
}

Result<Transaction> decode_transaction(ByteView bytes) {
  return decode_all<Transaction>(bytes, get_transaction, "transaction");
}

Result<TransactionView> decode_transaction_view(ByteView bytes) {
  return decode_all<TransactionView>(bytes, get_transaction_view, "transaction");
}

Result<std::vector<Transaction>> decode_transactions(ByteView bytes) {
  return decode_all<std::vector<Transaction>>(
      bytes,
      [](Reader& r) -> Result<std::vector<Transaction>> {
        ESEQ_READ(count, r.u64());
        // Each transaction takes at least 16 bytes: a count beyond that is a lie, not an
        // allocation to make.
        if (count > r.remaining() / 16) {
          return fail("count of " + std::to_string(count) + " transactions in " +
                      std::to_string(r.remaining()) + " bytes");
        }
        std::vector<Transaction> transactions;
        transactions.reserve(count);
        for (std::uint64_t i = 0; i < count; ++i) {
          auto transaction = get_transaction(r);
          if (!transaction) {
            return fail(std::move(transaction).error().context("transaction " + std::to_string(i)));
          }
          transactions.push_back(std::move(*transaction));
        }
        return transactions;
      },
      "transactions");
}

Result<NsTable> decode_ns_table(ByteView bytes) {
  return decode_all<NsTable>(bytes, get_ns_table, "ns_table");
}

Result<TxIndex> decode_tx_index(ByteView bytes) {
  return decode_all<TxIndex>(
      bytes,
      [](Reader& r) -> Result<TxIndex> {
        ESEQ_READ(ns, r.u32());
        ESEQ_READ(tx, r.u32());
        return TxIndex{ns, tx};
      },
      "tx index");
}

Result<L1BlockInfo> decode_l1_block_info(ByteView bytes) {
  return decode_all<L1BlockInfo>(bytes, get_l1_block_info, "l1 block");
}

Result<FeeInfo> decode_fee_info(ByteView bytes) {
  return decode_all<FeeInfo>(bytes, get_fee_info, "fee_info");
}

Result<ChainConfig> decode_chain_config(ByteView bytes) {
  return decode_all<ChainConfig>(bytes, get_chain_config, "chain_config");
}

Result<Header> decode_header(ByteView bytes) {
  return decode_all<Header>(
      bytes,
      [](Reader& r) -> Result<Header> {
        Header h;
        ESEQ_READ(variant, r.u32());
        if (variant == kVersion) {
          ESEQ_READ(major, r.u16());
          ESEQ_READ(minor, r.u16());
          h.version = HeaderVersion{major, minor};
          if (h.version != kHeaderV0_2) {
            return fail("unsupported header version " + std::to_string(major) + "." +
                        std::to_string(minor));
          }
          ESEQ_READ(inner_variant, r.u32());
          ESEQ_READ(config, get_chain_config_variant(r, inner_variant));
          h.chain_config = std::move(config);
        } else {
          ESEQ_READ(config, get_chain_config_variant(r, variant));
          h.chain_config = std::move(config);
        }
        ESEQ_TRY_STATUS(get_rest_of_fields(r, h));
        return h;
      },
      "header");
}

Bytes encode(const PayloadQueryDataView& data) {
  Writer w;
  w.reserve(data.raw_payload.size() + data.ns_table.size() + 256);
  w.u64(data.height);
  put_tagged(w, data.block_hash);
  put_tagged(w, data.payload_hash);
  w.u64(data.size).prefixed(data.raw_payload).prefixed(data.ns_table);
  return std::move(w).take();
}

Result<PayloadQueryDataView> decode_payload_query_data(ByteView bytes) {
  Reader r(bytes);
  PayloadQueryDataView data;
  ESEQ_READ(height, r.u64());
  ESEQ_READ(block_hash, get_tagged(r));
  ESEQ_READ(payload_hash, get_tagged(r));
  ESEQ_READ(size, r.u64());
  // The input's own length bounds the payload: nothing is allocated for it.
  ESEQ_READ(raw_payload, r.prefixed_view(bytes.size()));
  ESEQ_READ(ns_table, r.prefixed_view(kMaxBlob));
  ESEQ_TRY_STATUS(r.expect_end());
  data.height = height;
  data.block_hash = std::move(block_hash);
  data.payload_hash = std::move(payload_hash);
  data.size = size;
  data.raw_payload = raw_payload;
  data.ns_table = ns_table;
  return data;
}

Bytes frame(HeaderVersion version, ByteView body) {
  Writer w;
  w.u16(version.major).u16(version.minor).fixed(body);
  return std::move(w).take();
}

Result<Framed> unframe(ByteView bytes) {
  if (bytes.size() < 4) return fail("versioned message shorter than its 4-byte version");
  Reader r(bytes);
  auto major = r.u16();
  auto minor = r.u16();
  return Framed{HeaderVersion{*major, *minor}, bytes.subspan(4)};
}

}  // namespace espresso::bincode
