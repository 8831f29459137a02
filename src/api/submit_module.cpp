#include "api/submit_module.hpp"

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "types/bincode.hpp"

namespace espresso {
namespace {

// A failed request: the status code and the message of the JSON error body.
struct Rejection {
  int status;
  std::string message;
};

template <typename T>
using Checked = tl::expected<T, Rejection>;

std::string excerpt(std::string_view body) {
  constexpr std::size_t kMax = 80;
  if (body.size() <= kMax) return "'" + std::string(body) + "'";
  return "'" + std::string(body.substr(0, kMax)) + "...' (" + std::to_string(body.size()) +
         " bytes)";
}

Checked<nlohmann::json> parse_body(std::string_view body) {
  try {
    return nlohmann::json::parse(body);
  } catch (const nlohmann::json::parse_error& error) {
    return tl::unexpected(Rejection{
        400, "request body is not JSON (" + std::string(error.what()) + "): " + excerpt(body)});
  }
}

// Upstream's binary bodies (tide-disco): Content-Type application/octet-stream, the API's version
// (vbs: u16 LE major, u16 LE minor; bincode::kSequencerApiVersion), then bincode. A megabyte
// payload costs a copy here instead of a JSON scan and a base64 decode.

bool is_binary(const HttpRequest& request) {
  return std::string_view(request.content_type).starts_with("application/octet-stream");
}

Checked<ByteView> binary_body(const HttpRequest& request) {
  const auto bytes = as_bytes(request.body);
  auto framed = bincode::unframe(bytes);
  if (!framed)
    return tl::unexpected(Rejection{400, "binary request body: " + framed.error().message});
  if (framed->version != bincode::kSequencerApiVersion) {
    return tl::unexpected(Rejection{
        400, "binary request body: version " + std::to_string(framed->version.major) + "." +
                 std::to_string(framed->version.minor) + ", expected 0.1 (u16 LE major, minor)"});
  }
  return framed->body;
}

Checked<Transaction> check_size(Transaction transaction, const SubmitLimits& limits) {
  if (transaction.payload.size() > limits.max_payload_bytes) {
    return tl::unexpected(Rejection{413, "transaction payload of " +
                                             std::to_string(transaction.payload.size()) +
                                             " bytes exceeds the limit of " +
                                             std::to_string(limits.max_payload_bytes) + " bytes"});
  }
  return transaction;
}

Checked<Transaction> parse_transaction(const nlohmann::json& json, const SubmitLimits& limits) {
  auto transaction = transaction_from_json(json);
  if (!transaction) {
    return tl::unexpected(Rejection{
        400, transaction.error().message +
                 " (expected {\"namespace\": <integer up to 2^32-1>, \"payload\": \"<base64>\"})"});
  }
  return check_size(std::move(*transaction), limits);
}

Checked<std::string> submit_one(TransactionSink& sink, const Transaction& transaction) {
  auto accepted = sink.submit(transaction);
  if (!accepted) {
    return tl::unexpected(Rejection{503, "transaction of namespace " +
                                             std::to_string(transaction.namespace_id) +
                                             " not accepted: " + accepted.error().message});
  }
  return Commitment{"TX", *accepted}.to_tagged_base64();
}

HttpResponse submit_binary(TransactionSink& sink, const SubmitLimits& limits,
                           const HttpRequest& request) {
  auto body = binary_body(request);
  if (!body) return error_response(body.error().status, body.error().message);
  auto decoded = bincode::decode_transaction(*body);
  if (!decoded) {
    return error_response(400, "binary request body: " + decoded.error().message +
                                   " (expected bincode Transaction: u64 LE namespace, u64 LE "
                                   "length, payload)");
  }
  auto transaction = check_size(std::move(*decoded), limits);
  if (!transaction) return error_response(transaction.error().status, transaction.error().message);
  auto commitment = submit_one(sink, *transaction);
  if (!commitment) return error_response(commitment.error().status, commitment.error().message);
  return json_response(*commitment);
}

HttpResponse submit_single(TransactionSink& sink, const SubmitLimits& limits,
                           const HttpRequest& request) {
  if (is_binary(request)) return submit_binary(sink, limits, request);
  auto json = parse_body(request.body);
  if (!json) return error_response(json.error().status, json.error().message);
  auto transaction = parse_transaction(*json, limits);
  if (!transaction) return error_response(transaction.error().status, transaction.error().message);
  auto commitment = submit_one(sink, *transaction);
  if (!commitment) return error_response(commitment.error().status, commitment.error().message);
  return json_response(*commitment);
}

std::optional<Rejection> over_batch_limit(std::size_t count, const SubmitLimits& limits) {
  if (count <= limits.max_batch_transactions) return std::nullopt;
  return Rejection{413, "batch of " + std::to_string(count) +
                            " transactions exceeds the limit of " +
                            std::to_string(limits.max_batch_transactions)};
}

// The batch's transactions from `item(index)`, in order; the first refused one names its index.
template <typename Item>
Checked<std::vector<Transaction>> batch_items(std::size_t count, Item item) {
  std::vector<Transaction> transactions;
  transactions.reserve(count);
  for (std::size_t index = 0; index < count; ++index) {
    Checked<Transaction> transaction = item(index);
    if (!transaction) {
      return tl::unexpected(
          Rejection{transaction.error().status,
                    "batch item " + std::to_string(index) + ": " + transaction.error().message});
    }
    transactions.push_back(std::move(*transaction));
  }
  return transactions;
}

Checked<std::vector<Transaction>> batch_from_binary(const HttpRequest& request,
                                                    const SubmitLimits& limits) {
  auto body = binary_body(request);
  if (!body) return tl::unexpected(body.error());
  auto decoded = bincode::decode_transactions(*body);
  if (!decoded) {
    return tl::unexpected(Rejection{400, "binary request body: " + decoded.error().message +
                                             " (expected bincode Vec<Transaction>)"});
  }
  if (auto over = over_batch_limit(decoded->size(), limits)) return tl::unexpected(*over);
  return batch_items(decoded->size(), [&](std::size_t index) {
    return check_size(std::move((*decoded)[index]), limits);
  });
}

Checked<std::vector<Transaction>> batch_from_json(const HttpRequest& request,
                                                  const SubmitLimits& limits) {
  auto json = parse_body(request.body);
  if (!json) return tl::unexpected(json.error());
  if (!json->is_array()) {
    return tl::unexpected(
        Rejection{400, "expected a JSON array of transactions, got " + excerpt(request.body)});
  }
  if (auto over = over_batch_limit(json->size(), limits)) return tl::unexpected(*over);
  return batch_items(json->size(),
                     [&](std::size_t index) { return parse_transaction((*json)[index], limits); });
}

HttpResponse submit_batch(TransactionSink& sink, const SubmitLimits& limits,
                          const HttpRequest& request) {
  auto transactions =
      is_binary(request) ? batch_from_binary(request, limits) : batch_from_json(request, limits);
  if (!transactions) {
    return error_response(transactions.error().status, transactions.error().message);
  }
  nlohmann::json commitments = nlohmann::json::array();
  for (auto& transaction : *transactions) {
    auto commitment = submit_one(sink, transaction);
    if (!commitment) return error_response(commitment.error().status, commitment.error().message);
    commitments.push_back(*commitment);
  }
  return json_response(commitments);
}

}  // namespace

Status register_submit_routes(Router& router, TransactionSink& sink, SubmitLimits limits) {
  ESEQ_TRY_STATUS(router.add(HttpMethod::kPost, "submit", "submit",
                             [&sink, limits](const HttpRequest& request) {
                               return submit_single(sink, limits, request);
                             }));
  return router.add(
      HttpMethod::kPost, "submit", "batch",
      [&sink, limits](const HttpRequest& request) { return submit_batch(sink, limits, request); });
}

}  // namespace espresso
