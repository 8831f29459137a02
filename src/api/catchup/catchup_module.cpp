#include "api/catchup/catchup_module.hpp"

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/address.hpp"
#include "common/tagged_base64.hpp"
#include "merkle/proof_json.hpp"

namespace espresso {
namespace {

// The state that `:height` and `:view` name, or the 4xx response saying why not.
ParamResult<DecidedState> requested_state(const CatchupSource& source, const PathParams& params) {
  auto height = param_u64(params, "height");
  if (!height) return tl::unexpected(std::move(height).error());
  auto view = param_u64(params, "view");
  if (!view) return tl::unexpected(std::move(view).error());
  auto state = source.state_at(*height, *view);
  if (state) return std::move(*state);
  const auto decided = source.decided_state(*height);
  if (decided && decided->view != *view) {
    return tl::unexpected(error_response(
        404, "the block decided at height " + std::to_string(*height) + " has view " +
                 std::to_string(decided->view) + ", not " + std::to_string(*view)));
  }
  return tl::unexpected(error_response(404, "no state at height " + std::to_string(*height) +
                                                " and view " + std::to_string(*view) +
                                                " on this node"));
}

// A node that itself caught up holds a partial fee tree: it cannot prove accounts it never fetched.
HttpResponse unknown_account(const DecidedState& state, const Address& account) {
  return error_response(404, "this node does not hold account " + account.to_hex() +
                                 " in its state at height " + std::to_string(state.height));
}

nlohmann::json account_proof_json(const ValidatedState& state, const Address& account) {
  FeeLookup lookup = state.fee_tree.lookup(account);
  return to_json(FeeAccountProof{account, lookup.balance, std::move(lookup.proof)});
}

HttpResponse account(const CatchupSource& source, const PathParams& params) {
  auto state = requested_state(source, params);
  if (!state) return std::move(state).error();
  auto text = param_text(params, "address");
  if (!text) return std::move(text).error();
  auto address = Address::parse(*text);
  if (!address) {
    return bad_param_response(
        "address", *text,
        "expected a 0x-prefixed 20-byte hex address (" + address.error().message + ")");
  }
  const ValidatedState& validated = state->state;
  if (!validated.fee_tree.is_known(*address)) return unknown_account(*state, *address);
  nlohmann::json proof = account_proof_json(validated, *address);
  return json_response(
      {{"balance", u256_to_json_hex(validated.balance(*address))}, {"proof", std::move(proof)}});
}

// The body of POST accounts: a JSON array of address strings.
tl::expected<std::vector<Address>, HttpResponse> requested_accounts(std::string_view body) {
  const auto json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_array()) {
    return tl::unexpected(
        error_response(400, "body: expected a JSON array of fee account addresses"));
  }
  if (json.size() > kMaxCatchupAccounts) {
    return tl::unexpected(
        error_response(400, "body: " + std::to_string(json.size()) + " accounts, at most " +
                                std::to_string(kMaxCatchupAccounts) + " per request"));
  }
  std::vector<Address> accounts;
  accounts.reserve(json.size());
  for (std::size_t i = 0; i < json.size(); ++i) {
    const auto& item = json[i];
    auto address =
        item.is_string() ? Address::parse(item.get<std::string>()) : fail("not a string");
    if (!address) {
      return tl::unexpected(
          error_response(400, "body[" + std::to_string(i) + "]: got " + item.dump() +
                                  ", expected a 0x-prefixed 20-byte hex address (" +
                                  address.error().message + ")"));
    }
    accounts.push_back(*address);
  }
  return accounts;
}

HttpResponse accounts(const CatchupSource& source, const HttpRequest& request,
                      const PathParams& params) {
  auto state = requested_state(source, params);
  if (!state) return std::move(state).error();
  auto requested = requested_accounts(request.body);
  if (!requested) return std::move(requested).error();
  nlohmann::json proofs = nlohmann::json::array();
  for (const Address& address : *requested) {
    if (!state->state.fee_tree.is_known(address)) return unknown_account(*state, address);
    proofs.push_back(account_proof_json(state->state, address));
  }
  return json_response(proofs);
}

HttpResponse blocks(const CatchupSource& source, const PathParams& params) {
  auto state = requested_state(source, params);
  if (!state) return std::move(state).error();
  const BlockMerkleFrontier& frontier = state->state.block_tree;
  const auto leaf = frontier.last_leaf();
  auto proof = frontier.prove_last();
  if (!leaf || !proof) return json_response(nullptr);
  return json_response(to_json(BlockProof{frontier.num_leaves() - 1, *leaf, std::move(*proof)}));
}

HttpResponse chain_config(const CatchupSource& source, const PathParams& params) {
  auto text = param_text(params, "commitment");
  if (!text) return std::move(text).error();
  auto bytes = param_tagged_base64(params, "commitment", "CHAIN_CONFIG");
  if (!bytes) return std::move(bytes).error();
  Hash32 commitment{};
  if (bytes->size() != commitment.size()) {
    return bad_param_response(
        "commitment", *text,
        "expected a 32-byte commitment, got " + std::to_string(bytes->size()) + " bytes");
  }
  std::copy(bytes->begin(), bytes->end(), commitment.begin());
  auto config = source.chain_config(commitment);
  if (!config) {
    return error_response(404, "no chain config with commitment " + std::string(*text));
  }
  return json_response(to_json(*config));
}

}  // namespace

Status register_catchup_routes(Router& router, const CatchupSource& source) {
  const CatchupSource* from = &source;
  ESEQ_TRY_STATUS(router.add(
      HttpMethod::kGet, "catchup", ":height/:view/account/:address",
      [from](const HttpRequest&, const PathParams& params) { return account(*from, params); }));
  ESEQ_TRY_STATUS(router.add(HttpMethod::kPost, "catchup", ":height/:view/accounts",
                             [from](const HttpRequest& request, const PathParams& params) {
                               return accounts(*from, request, params);
                             }));
  ESEQ_TRY_STATUS(router.add(
      HttpMethod::kGet, "catchup", ":height/:view/blocks",
      [from](const HttpRequest&, const PathParams& params) { return blocks(*from, params); }));
  ESEQ_TRY_STATUS(router.add(HttpMethod::kGet, "catchup", "chain-config/:commitment",
                             [from](const HttpRequest&, const PathParams& params) {
                               return chain_config(*from, params);
                             }));
  return {};
}

}  // namespace espresso
