#pragma once
// Follows the decided blocks of one node by polling its availability API
// (`GET <url>/v0/availability/payload/:height`, 404 until the block is decided and stored; binary
// answers when the node offers them), and
// hands each block, with its transactions' keys (transaction_key), to a callback in height order.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "api/client/http_client.hpp"
#include "common/bytes.hpp"
#include "common/result.hpp"
#include "decide_tracker.hpp"

namespace espresso {

struct BlockWatcherOptions {
  std::string url;                              // the node's HTTP API base, "http://host:port"
  std::chrono::milliseconds poll_interval{10};  // between asks for a block not decided yet
  std::chrono::milliseconds request_timeout{10'000};
  // First height to follow; nothing: the node's `status/block-height` when the watcher starts.
  std::optional<std::uint64_t> start_height;
};

// The block in an availability `payload/:height` answer ({"height", "size", "data": payload}).
Result<DecidedBlock> decided_block_from_payload_json(const nlohmann::json& json);

// The block in a binary `payload/:height` answer (Accept: application/octet-stream): the API
// version 0.1 (bincode::kSequencerApiVersion), then PayloadQueryData in bincode.
Result<DecidedBlock> decided_block_from_payload_binary(ByteView body);

// The block at `height`, or nothing while the node has not decided (stored) it. Asks for the
// binary answer and takes JSON from a node that does not offer it.
Result<std::optional<DecidedBlock>> fetch_decided_block(HttpClient& client, std::string_view url,
                                                        std::uint64_t height);

using DecidedBlockCallback = std::function<void(const DecidedBlock&, DecideClock::time_point)>;

// Polls until `stop`. Failures (transport errors, answers that are not blocks) are retried after
// `poll_interval`; 50 in a row end the watch with the last one.
Status run_block_watcher(const BlockWatcherOptions& options, const std::atomic<bool>& stop,
                         const DecidedBlockCallback& on_block);

}  // namespace espresso
