#include "storage/consensus_codec.hpp"

#include <limits>
#include <string>

#include "common/encoding.hpp"
#include "consensus/wire/proposal_codec.hpp"

namespace espresso::storage {
namespace {

using consensus::wire::WireLimits;

// A stored field can be no larger than the blob that holds it; that bounds every allocation.
WireLimits limits_for(ByteView blob) {
  const std::size_t size = blob.size();
  const std::size_t bits = size > std::numeric_limits<std::size_t>::max() / 8 ? size : size * 8;
  return WireLimits{size, size, size, size, size, size, bits, size};
}

Status read_version(Reader& in) {
  auto version = in.u8();
  if (!version) return fail(std::move(version).error());
  if (*version != kConsensusCodecVersion) {
    return fail("format version " + std::to_string(*version) + ", expected " +
                std::to_string(kConsensusCodecVersion));
  }
  return {};
}

// Runs `read` over the whole blob: version first, every byte consumed, errors named `what`.
template <typename ReadFn>
auto decode_blob(ByteView blob, const char* what, ReadFn read)
    -> decltype(read(std::declval<Reader&>(), std::declval<const WireLimits&>())) {
  Reader in(blob);
  const WireLimits limits = limits_for(blob);
  auto body = [&]() -> decltype(read(in, limits)) {
    ESEQ_TRY_STATUS(read_version(in));
    auto value = read(in, limits);
    if (!value) return value;
    ESEQ_TRY_STATUS(in.expect_end());
    return value;
  }();
  if (!body) {
    return fail(std::move(body).error().context(std::string("stored ") + what + " (" +
                                                std::to_string(blob.size()) + " bytes)"));
  }
  return body;
}

Writer start() {
  Writer out;
  out.u8(kConsensusCodecVersion);
  return out;
}

// DA payloads and VID shares share one layout: view, payload commitment, bytes.
template <typename Record, Bytes Record::*kBytes>
PayloadRecordParts encode_payload_record(const Record& record) {
  Writer out = start();
  const Bytes& bytes = record.*kBytes;
  out.u64(record.view).fixed(record.payload_commitment).u64(bytes.size());
  return PayloadRecordParts{std::move(out).take(), bytes};
}

template <typename Record, Bytes Record::*kBytes>
Result<Record> decode_payload_record(ByteView blob, const char* what) {
  return decode_blob(blob, what, [](Reader& in, const WireLimits& limits) -> Result<Record> {
    Record record;
    auto view = in.u64();
    if (!view) return fail(std::move(view).error());
    record.view = *view;
    auto commitment = in.array<32>();
    if (!commitment) return fail(std::move(commitment).error());
    record.payload_commitment = *commitment;
    auto bytes = in.prefixed(limits.max_payload_bytes);
    if (!bytes) return fail(std::move(bytes).error());
    record.*kBytes = std::move(*bytes);
    return record;
  });
}

}  // namespace

Bytes encode_certificate(const consensus::Certificate& qc) {
  Writer out = start();
  consensus::wire::write_certificate(out, qc);
  return std::move(out).take();
}

Result<consensus::Certificate> decode_certificate(ByteView blob) {
  return decode_blob(blob, "certificate", consensus::wire::read_certificate);
}

Bytes encode_decided(const consensus::PersistDecided& decided) {
  Writer out = start();
  consensus::wire::write_leaf(out, decided.leaf);
  out.boolean(decided.upgrade_anchor.has_value());
  if (decided.upgrade_anchor) out.u64(*decided.upgrade_anchor);
  return std::move(out).take();
}

Result<consensus::PersistDecided> decode_decided(ByteView blob) {
  return decode_blob(blob, "decided leaf",
                     [](Reader& in, const WireLimits& limits) -> Result<consensus::PersistDecided> {
                       consensus::PersistDecided decided;
                       auto leaf = consensus::wire::read_leaf(in, limits);
                       if (!leaf) return fail(std::move(leaf).error());
                       decided.leaf = std::move(*leaf);
                       auto has_anchor = in.boolean();
                       if (!has_anchor) return fail(std::move(has_anchor).error());
                       if (*has_anchor) {
                         auto anchor = in.u64();
                         if (!anchor) return fail(std::move(anchor).error());
                         decided.upgrade_anchor = *anchor;
                       }
                       return decided;
                     });
}

Bytes encode_proposal(const consensus::QuorumProposal& proposal) {
  Writer out = start();
  consensus::wire::write_quorum_proposal(out, proposal);
  return std::move(out).take();
}

Result<consensus::QuorumProposal> decode_proposal(ByteView blob) {
  return decode_blob(blob, "proposal", consensus::wire::read_quorum_proposal);
}

Bytes PayloadRecordParts::joined() const {
  Bytes out;
  out.reserve(size());
  out.insert(out.end(), head.begin(), head.end());
  out.insert(out.end(), bytes.begin(), bytes.end());
  return out;
}

PayloadRecordParts encode_da_proposal_parts(const consensus::PersistDaProposal& proposal) {
  return encode_payload_record<consensus::PersistDaProposal,
                               &consensus::PersistDaProposal::payload>(proposal);
}

PayloadRecordParts encode_vid_share_parts(const consensus::PersistVidShare& share) {
  return encode_payload_record<consensus::PersistVidShare, &consensus::PersistVidShare::share>(
      share);
}

Bytes encode_da_proposal(const consensus::PersistDaProposal& proposal) {
  return encode_da_proposal_parts(proposal).joined();
}

Result<consensus::PersistDaProposal> decode_da_proposal(ByteView blob) {
  return decode_payload_record<consensus::PersistDaProposal,
                               &consensus::PersistDaProposal::payload>(blob, "DA proposal");
}

Bytes encode_vid_share(const consensus::PersistVidShare& share) {
  return encode_vid_share_parts(share).joined();
}

Result<consensus::PersistVidShare> decode_vid_share(ByteView blob) {
  return decode_payload_record<consensus::PersistVidShare, &consensus::PersistVidShare::share>(
      blob, "VID share");
}

}  // namespace espresso::storage
