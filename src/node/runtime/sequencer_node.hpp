#pragma once
// A whole sequencer node assembled from its options: keys, genesis, network (saved under the
// storage path after the first join), consensus store, transport, chain adapter, replica and the
// HTTP modules, all on one io_context. apps/sequencer runs it; tests start several in a process.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>

#include "api/orchestrator/network_config.hpp"
#include "common/result.hpp"
#include "crypto/key_file.hpp"
#include "node/options/sequencer_options.hpp"
#include "node/runtime/node_runtime.hpp"

namespace boost::asio {
class io_context;
}  // namespace boost::asio

namespace espresso {

// How a node learns the network on its first start (the orchestrator: register our keys and
// address, wait for everyone). Not called when a saved network exists under the storage path.
using JoinNetwork =
    std::function<Result<NetworkConfig>(const SequencerOptions& options, const NodeKeys& keys)>;

// Where the embedded stores and the saved network live: the storage-fs path, else this folder
// under the working directory.
std::filesystem::path storage_path(const SequencerOptions& options);
inline constexpr const char* kDefaultStorageFolder = "sequencer-storage";

class SequencerNode {
 public:
  // Everything up to a running node, or an error that says which step failed and why. Call
  // before `io` runs, on the thread that will run it.
  static Result<std::unique_ptr<SequencerNode>> create(boost::asio::io_context& io,
                                                       const SequencerOptions& options,
                                                       const JoinNetwork& join);
  ~SequencerNode();
  SequencerNode(const SequencerNode&) = delete;
  SequencerNode& operator=(const SequencerNode&) = delete;

  // Stops the HTTP server, the replica and the transport; `io` then runs out of work. Call on the
  // io_context's thread. Idempotent.
  void stop();

  NodeRuntime& runtime();
  // The bound HTTP port when the http module is on.
  std::optional<std::uint16_t> http_port() const;
  // The bound transport port.
  std::uint16_t transport_port() const;

  struct Parts;

 private:
  explicit SequencerNode(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace espresso
