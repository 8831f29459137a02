#include "block_watcher.hpp"

#include <thread>

#include <nlohmann/json.hpp>

#include "api/client/http_url.hpp"
#include "submit_body.hpp"
#include "types/bincode.hpp"
#include "types/payload.hpp"

namespace espresso {

namespace {

DecidedBlock decided_block_of(std::uint64_t height, ByteView raw_payload, const NsTable& table) {
  DecidedBlock block;
  block.height = height;
  block.payload_bytes = raw_payload.size();
  for (const TransactionView& transaction : transaction_views(raw_payload, table)) {
    block.transaction_keys.push_back(
        transaction_key(transaction.namespace_id, transaction.payload));
  }
  return block;
}

}  // namespace

Result<DecidedBlock> decided_block_from_payload_json(const nlohmann::json& json) {
  const auto quoted = [&] { return json.dump().substr(0, 200); };
  if (!json.is_object() || !json.contains("height") || !json["height"].is_number_integer() ||
      json["height"].get<std::int64_t>() < 0 || !json.contains("data")) {
    return fail("expected a payload answer {\"height\", \"data\"}, got " + quoted());
  }
  auto payload = payload_from_json(json["data"]);
  if (!payload) return fail(payload.error().context("payload of " + quoted()));
  return decided_block_of(json["height"].get<std::uint64_t>(), payload->raw_payload,
                          payload->ns_table);
}

Result<DecidedBlock> decided_block_from_payload_binary(ByteView body) {
  auto framed = bincode::unframe(body);
  if (!framed) return fail(framed.error().context("binary payload answer"));
  if (framed->version != bincode::kSequencerApiVersion) {
    return fail("binary payload answer: version " + std::to_string(framed->version.major) + "." +
                std::to_string(framed->version.minor) + ", expected 0.1");
  }
  auto data = bincode::decode_payload_query_data(framed->body);
  if (!data) return fail(data.error().context("binary payload answer"));
  NsTable table(Bytes(data->ns_table.begin(), data->ns_table.end()));
  if (table.check_invariants()) {
    return fail("binary payload answer at height " + std::to_string(data->height) +
                ": invalid namespace table");
  }
  return decided_block_of(data->height, data->raw_payload, table);
}

Result<std::optional<DecidedBlock>> fetch_decided_block(HttpClient& client, std::string_view url,
                                                        std::uint64_t height) {
  const std::string target = join_url(url, "v0/availability/payload/" + std::to_string(height));
  // Binary when the node offers it (no base64, no JSON scan of megabytes); JSON otherwise.
  auto response = client.get(target, "application/octet-stream");
  if (!response) return fail(std::move(response).error());
  if (response->status == 404) return std::optional<DecidedBlock>();
  if (response->ok() &&
      std::string_view(response->content_type).starts_with("application/octet-stream")) {
    auto block = decided_block_from_payload_binary(as_bytes(response->body));
    if (!block) return fail(block.error().context("GET " + target));
    return std::optional<DecidedBlock>(std::move(*block));
  }
  auto json = expect_json(*response, "GET " + target);
  if (!json) return fail(std::move(json).error());
  auto block = decided_block_from_payload_json(*json);
  if (!block) return fail(block.error().context("GET " + target));
  return std::optional<DecidedBlock>(std::move(*block));
}

namespace {

constexpr std::size_t kMaxFailuresInARow = 50;

Result<std::uint64_t> current_height(HttpClient& client, std::string_view url) {
  const std::string target = join_url(url, "v0/status/block-height");
  auto json = client.get_json(target);
  if (!json) return fail(std::move(json).error());
  if (!(json->is_number_integer() && json->get<std::int64_t>() >= 0)) {
    return fail("GET " + target + ": expected a block height, got " + json->dump());
  }
  return json->get<std::uint64_t>();
}

}  // namespace

Status run_block_watcher(const BlockWatcherOptions& options, const std::atomic<bool>& stop,
                         const DecidedBlockCallback& on_block) {
  HttpClientOptions client_options;
  client_options.read_timeout = options.request_timeout;
  HttpClient client(client_options);
  std::optional<std::uint64_t> height = options.start_height;
  std::size_t failures = 0;  // in a row; a node restarting is fine, one that never answers is not
  while (!stop.load()) {
    Status status;
    if (!height) {
      auto start = current_height(client, options.url);
      if (start) height = *start;
      status = start ? Status{} : fail(std::move(start).error());
    } else {
      auto block = fetch_decided_block(client, options.url, *height);
      if (block && *block) {
        on_block(**block, DecideClock::now());
        ++*height;
        failures = 0;
        continue;  // the next one may be there already
      }
      status = block ? Status{} : fail(std::move(block).error());
    }
    if (!status && ++failures >= kMaxFailuresInARow) return status;
    if (status) failures = 0;
    std::this_thread::sleep_for(options.poll_interval);
  }
  return {};
}

}  // namespace espresso
