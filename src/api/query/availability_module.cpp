#include "api/query/availability_module.hpp"

#include <functional>
#include <string>

#include "api/query/block_record.hpp"
#include "api/query/namespace_json.hpp"
#include "api/query/query_replies.hpp"
#include "common/encoding.hpp"
#include "types/bincode.hpp"

namespace espresso::query {
namespace {

using Store = std::shared_ptr<storage::QueryStore>;
using Encode = std::function<Result<nlohmann::json>(const DecodedBlock&)>;

// Which hash a "<kind>/<segment>/:<param>" route looks blocks up by.
enum class HashKind { kBlock, kPayload, kLeaf };
struct HashRoute {
  std::string_view segment;  // "hash", "payload-hash", "block-hash"
  HashKind kind;
};

Reply<storage::BlockRecord> block_by_hash(storage::QueryStore& store, const PathParams& params,
                                          std::string_view param, HashKind kind) {
  if (kind == HashKind::kBlock) {
    return block_by(params, param, kBlockHashTag,
                    [&](const Hash32& hash) { return store.block_by_hash(hash); });
  }
  if (kind == HashKind::kLeaf) {
    return block_by(params, param, kLeafHashTag,
                    [&](const Hash32& hash) { return store.block_by_leaf_hash(hash); });
  }
  return block_by(params, param, kPayloadHashTag,
                  [&](const Hash32& hash) { return store.block_by_payload_hash(hash); });
}

// A route's answer for one stored block, as JSON text. Leaves and VID common data are answered
// from the record alone; the other kinds decode the stored header first.
using EncodeText = std::function<Result<std::string>(storage::BlockRecord)>;

EncodeText decoding(Encode encode) {
  return [encode = std::move(encode)](storage::BlockRecord record) -> Result<std::string> {
    auto block = decode_block(std::move(record));
    if (!block) return fail(std::move(block).error());
    auto json = encode(*block);
    if (!json) return fail(std::move(json).error());
    return json->dump();
  };
}

// For encoders that write the text themselves.
EncodeText decoding_text(std::string (*encode)(const DecodedBlock&)) {
  return [encode](storage::BlockRecord record) -> Result<std::string> {
    auto block = decode_block(std::move(record));
    if (!block) return fail(std::move(block).error());
    return encode(*block);
  };
}

HttpResponse text_reply(Reply<storage::BlockRecord> record, const EncodeText& encode) {
  if (!record) return std::move(record).error();
  auto text = encode(std::move(*record));
  if (!text) return storage_failure(text.error());
  return HttpResponse{200, "application/json", std::move(*text)};
}

// A route's answer for one stored block in upstream's binary form (bincode, unframed).
using EncodeBinary = std::function<Result<Bytes>(storage::BlockRecord)>;

// tide-disco's binary answers start with the API's version, as its binary request bodies do.
std::string binary_body(std::size_t reserve) {
  const Bytes version = bincode::frame(bincode::kSequencerApiVersion, {});
  std::string out;
  out.reserve(version.size() + reserve);
  out.append(version.begin(), version.end());
  return out;
}

HttpResponse binary_reply(Reply<storage::BlockRecord> record, const EncodeBinary& encode) {
  if (!record) return std::move(record).error();
  auto bytes = encode(std::move(*record));
  if (!bytes) return storage_failure(bytes.error());
  std::string body = binary_body(bytes->size());
  body.append(bytes->begin(), bytes->end());
  return HttpResponse{200, "application/octet-stream", std::move(body)};
}

// The JSON answer, or the binary one for a client that asks for it and a route that has one.
struct Encoders {
  EncodeText text;
  EncodeBinary binary = {};
};

HttpResponse reply(const HttpRequest& request, Reply<storage::BlockRecord> record,
                   const Encoders& encoders) {
  if (encoders.binary && request.accepts_binary()) {
    return binary_reply(std::move(record), encoders.binary);
  }
  return text_reply(std::move(record), encoders.text);
}

// The range form: a JSON array, or a bincode Vec (u64 count, then the elements).
HttpResponse range_reply(const HttpRequest& request, std::vector<storage::BlockRecord> blocks,
                         const Encoders& encoders) {
  if (encoders.binary && request.accepts_binary()) {
    std::string body = binary_body(0);
    Writer count;
    count.u64(blocks.size());
    body.append(count.bytes().begin(), count.bytes().end());
    for (auto& record : blocks) {
      auto bytes = encoders.binary(std::move(record));
      if (!bytes) return storage_failure(bytes.error());
      body.append(bytes->begin(), bytes->end());
    }
    return HttpResponse{200, "application/octet-stream", std::move(body)};
  }
  std::string body = "[";
  for (auto& record : blocks) {
    auto text = encoders.text(std::move(record));
    if (!text) return storage_failure(text.error());
    if (body.size() > 1) body += ',';
    body += *text;
  }
  body += ']';
  return HttpResponse{200, "application/json", std::move(body)};
}

// "<base>/:height", "<base>/<hash route>/:<param>" and, with a range limit,
// "<base>/:from/:until" (a JSON array), all answered by `encoders`.
Status add_family(Router& router, const Store& store, std::string_view base, Encoders encoders,
                  std::span<const HashRoute> hash_routes, std::optional<std::size_t> range_limit,
                  RecordScope range_scope = RecordScope::kWhole) {
  std::string prefix(base);
  ESEQ_TRY_STATUS(
      router.add(HttpMethod::kGet, "availability", prefix + "/:height",
                 [store, encoders](const HttpRequest& request, const PathParams& params) {
                   auto height = param_u64(params, "height");
                   if (!height) return std::move(height).error();
                   return reply(request, block_at(*store, *height), encoders);
                 }));
  for (const HashRoute& route : hash_routes) {
    std::string param(route.segment);
    ESEQ_TRY_STATUS(
        router.add(HttpMethod::kGet, "availability", prefix + "/" + param + "/:" + param,
                   [store, encoders, param, kind = route.kind](const HttpRequest& request,
                                                               const PathParams& params) {
                     return reply(request, block_by_hash(*store, params, param, kind), encoders);
                   }));
  }
  if (!range_limit) return {};
  return router.add(HttpMethod::kGet, "availability", prefix + "/:from/:until",
                    [store, encoders, limit = *range_limit, range_scope](const HttpRequest& request,
                                                                         const PathParams& params) {
                      auto range = range_params(params, limit);
                      if (!range) return std::move(range).error();
                      auto blocks = blocks_in(*store, range->first, range->second, range_scope);
                      if (!blocks) return std::move(blocks).error();
                      return range_reply(request, std::move(*blocks), encoders);
                    });
}

// header/:height is the hot route: the stored header text is the answer, unparsed.
HttpResponse header_at(storage::QueryStore& store, const PathParams& params) {
  auto height = param_u64(params, "height");
  if (!height) return std::move(height).error();
  auto header = store.header_by_height(*height);
  if (!header) return storage_failure(header.error());
  if (!*header) return missing_height(store, "header", *height);
  const Bytes& text = (*header)->header;
  return HttpResponse{200, "application/json", std::string(as_text(text))};
}

HttpResponse transaction_at(storage::QueryStore& store, const PathParams& params) {
  auto height = param_u64(params, "height");
  if (!height) return std::move(height).error();
  auto index = param_u64(params, "index");
  if (!index) return std::move(index).error();
  auto block = decoded(block_at(store, *height));
  if (!block) return std::move(block).error();
  auto json = transaction_with_proof_json(*block, *index);
  if (!json) return storage_failure(json.error());
  if (!*json) {
    return error_response(404, "block " + std::to_string(*height) + " has " +
                                   std::to_string(block->record.transactions.size()) +
                                   " transactions, no transaction " + std::to_string(*index));
  }
  return json_response(**json);
}

HttpResponse transaction_by_hash(storage::QueryStore& store, const PathParams& params) {
  auto bytes = param_tagged_base64(params, "hash", kTransactionHashTag);
  if (!bytes) return std::move(bytes).error();
  if (bytes->size() != 32) {
    return bad_param_response("hash", *params.find("hash"), "expected a 32-byte hash");
  }
  Hash32 hash{};
  std::copy(bytes->begin(), bytes->end(), hash.begin());
  auto location = store.transaction_by_hash(hash);
  if (!location) return storage_failure(location.error());
  if (!*location) {
    return error_response(404, "no transaction with hash " + std::string(*params.find("hash")));
  }
  auto block = decoded(block_at(store, (*location)->height));
  if (!block) return std::move(block).error();
  auto json = transaction_with_proof_json(*block, (*location)->index);
  if (!json) return storage_failure(json.error());
  if (!*json) return storage_failure(Error{"transaction index points past its block"});
  return json_response(**json);
}

HttpResponse namespace_at(storage::QueryStore& store, const PathParams& params) {
  auto height = param_u64(params, "height");
  if (!height) return std::move(height).error();
  auto namespace_id = param_u64(params, "namespace");
  if (!namespace_id) return std::move(namespace_id).error();
  if (*namespace_id > kMaxNamespaceId) {
    return bad_param_response("namespace", *params.find("namespace"),
                              "expected a namespace id up to 2^32 - 1");
  }
  auto block = decoded(block_at(store, *height));
  if (!block) return std::move(block).error();
  return json_or_failure(namespace_json(*block, *namespace_id));
}

}  // namespace

Status register_availability_routes(Router& router, std::shared_ptr<storage::QueryStore> store,
                                    AvailabilityOptions options) {
  const HashRoute block_and_payload[] = {{"hash", HashKind::kBlock},
                                         {"payload-hash", HashKind::kPayload}};
  const HashRoute payload_routes[] = {{"hash", HashKind::kPayload},
                                      {"block-hash", HashKind::kBlock}};
  std::size_t small = options.small_object_range_limit;
  std::size_t large = options.large_object_range_limit;

  // header/:height has its own fast handler; the rest of the family decodes the header.
  ESEQ_TRY_STATUS(router.add(
      HttpMethod::kGet, "availability", "header/:height",
      [store](const HttpRequest&, const PathParams& params) { return header_at(*store, params); }));
  Encode header = [](const DecodedBlock& block) -> Result<nlohmann::json> {
    return block.header_json;
  };
  EncodeText header_text = decoding(header);
  for (const HashRoute& route : block_and_payload) {
    std::string param(route.segment);
    ESEQ_TRY_STATUS(router.add(HttpMethod::kGet, "availability", "header/" + param + "/:" + param,
                               [store, header_text, param, kind = route.kind](
                                   const HttpRequest&, const PathParams& params) {
                                 return text_reply(block_by_hash(*store, params, param, kind),
                                                   header_text);
                               }));
  }
  ESEQ_TRY_STATUS(router.add(HttpMethod::kGet, "availability", "header/:from/:until",
                             [store, header, small](const HttpRequest&, const PathParams& params) {
                               auto range = range_params(params, small);
                               if (!range) return std::move(range).error();
                               auto blocks = blocks_in(*store, range->first, range->second);
                               if (!blocks) return std::move(blocks).error();
                               std::string body = "[";
                               for (const auto& record : *blocks) {
                                 if (body.size() > 1) body += ',';
                                 body.append(record.header.begin(), record.header.end());
                               }
                               body += ']';
                               return HttpResponse{200, "application/json", std::move(body)};
                             }));

  // Leaves are stored as their JSON text: answered as stored.
  EncodeText leaf = [](storage::BlockRecord record) -> Result<std::string> {
    return std::string(as_text(record.leaf));
  };
  const HashRoute leaf_routes[] = {{"hash", HashKind::kLeaf}};
  ESEQ_TRY_STATUS(
      add_family(router, store, "leaf", {leaf}, leaf_routes, small, RecordScope::kMetadata));
  EncodeText block = decoding_text(block_text);
  ESEQ_TRY_STATUS(add_family(router, store, "block", {block}, block_and_payload, large));
  // Payloads also answer in binary: a rollup fetching whole blocks skips base64 and a JSON scan.
  EncodeBinary payload_bin = [](storage::BlockRecord record) -> Result<Bytes> {
    auto decoded = decode_block(std::move(record));
    if (!decoded) return fail(std::move(decoded).error());
    return payload_binary(*decoded);
  };
  ESEQ_TRY_STATUS(add_family(router, store, "payload", {decoding_text(payload_text), payload_bin},
                             payload_routes, large));
  EncodeText common = [](storage::BlockRecord record) -> Result<std::string> {
    auto json = vid_common_json(record);
    if (!json) return fail(std::move(json).error());
    return json->dump();
  };
  // The range form is ours (upstream has none): catch-up fetches VID common data by the chunk.
  ESEQ_TRY_STATUS(add_family(router, store, "vid/common", {common}, block_and_payload, large,
                             RecordScope::kMetadata));

  ESEQ_TRY_STATUS(router.add(HttpMethod::kGet, "availability", "transaction/:height/:index",
                             [store](const HttpRequest&, const PathParams& params) {
                               return transaction_at(*store, params);
                             }));
  ESEQ_TRY_STATUS(router.add(HttpMethod::kGet, "availability", "transaction/hash/:hash",
                             [store](const HttpRequest&, const PathParams& params) {
                               return transaction_by_hash(*store, params);
                             }));
  ESEQ_TRY_STATUS(router.add(HttpMethod::kGet, "availability", "block/:height/namespace/:namespace",
                             [store](const HttpRequest&, const PathParams& params) {
                               return namespace_at(*store, params);
                             }));

  Encode summary = [](const DecodedBlock& b) -> Result<nlohmann::json> {
    return block_summary_json(b);
  };
  EncodeText summary_text = decoding(summary);
  ESEQ_TRY_STATUS(router.add(HttpMethod::kGet, "availability", "block/summary/:height",
                             [store, summary_text](const HttpRequest&, const PathParams& params) {
                               auto height = param_u64(params, "height");
                               if (!height) return std::move(height).error();
                               return text_reply(block_at(*store, *height), summary_text);
                             }));
  ESEQ_TRY_STATUS(router.add(HttpMethod::kGet, "availability", "block/summaries/:from/:until",
                             [store, summary, large](const HttpRequest&, const PathParams& params) {
                               auto range = range_params(params, large);
                               if (!range) return std::move(range).error();
                               auto blocks = blocks_in(*store, range->first, range->second);
                               if (!blocks) return std::move(blocks).error();
                               nlohmann::json out = nlohmann::json::array();
                               for (auto& record : *blocks) {
                                 auto decoded_block = decode_block(std::move(record));
                                 if (!decoded_block) return storage_failure(decoded_block.error());
                                 out.push_back(block_summary_json(*decoded_block));
                               }
                               return json_response(out);
                             }));
  return router.add(HttpMethod::kGet, "availability", "limits", [options](const HttpRequest&) {
    return json_response({{"small_object_range_limit", options.small_object_range_limit},
                          {"large_object_range_limit", options.large_object_range_limit}});
  });
}

}  // namespace espresso::query
