#include "api/submit_module.hpp"

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

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

Checked<Transaction> parse_transaction(const nlohmann::json& json, const SubmitLimits& limits) {
  auto transaction = transaction_from_json(json);
  if (!transaction) {
    return tl::unexpected(Rejection{
        400, transaction.error().message +
                 " (expected {\"namespace\": <integer up to 2^32-1>, \"payload\": \"<base64>\"})"});
  }
  if (transaction->payload.size() > limits.max_payload_bytes) {
    return tl::unexpected(Rejection{413, "transaction payload of " +
                                             std::to_string(transaction->payload.size()) +
                                             " bytes exceeds the limit of " +
                                             std::to_string(limits.max_payload_bytes) + " bytes"});
  }
  return std::move(*transaction);
}

Checked<std::string> submit_one(TransactionSink& sink, Transaction transaction) {
  std::string commitment = commit(transaction).to_tagged_base64();
  if (auto accepted = sink.submit(std::move(transaction)); !accepted) {
    return tl::unexpected(
        Rejection{503, "transaction " + commitment + " not accepted: " + accepted.error().message});
  }
  return commitment;
}

HttpResponse submit_single(TransactionSink& sink, const SubmitLimits& limits,
                           const HttpRequest& request) {
  auto json = parse_body(request.body);
  if (!json) return error_response(json.error().status, json.error().message);
  auto transaction = parse_transaction(*json, limits);
  if (!transaction) return error_response(transaction.error().status, transaction.error().message);
  auto commitment = submit_one(sink, std::move(*transaction));
  if (!commitment) return error_response(commitment.error().status, commitment.error().message);
  return json_response(*commitment);
}

HttpResponse submit_batch(TransactionSink& sink, const SubmitLimits& limits,
                          const HttpRequest& request) {
  auto json = parse_body(request.body);
  if (!json) return error_response(json.error().status, json.error().message);
  if (!json->is_array()) {
    return error_response(400,
                          "expected a JSON array of transactions, got " + excerpt(request.body));
  }
  if (json->size() > limits.max_batch_transactions) {
    return error_response(413, "batch of " + std::to_string(json->size()) +
                                   " transactions exceeds the limit of " +
                                   std::to_string(limits.max_batch_transactions));
  }
  std::vector<Transaction> transactions;
  transactions.reserve(json->size());
  for (std::size_t index = 0; index < json->size(); ++index) {
    auto transaction = parse_transaction((*json)[index], limits);
    if (!transaction) {
      return error_response(transaction.error().status, "batch item " + std::to_string(index) +
                                                            ": " + transaction.error().message);
    }
    transactions.push_back(std::move(*transaction));
  }
  nlohmann::json commitments = nlohmann::json::array();
  for (auto& transaction : transactions) {
    auto commitment = submit_one(sink, std::move(transaction));
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
