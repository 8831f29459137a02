#include "node/runtime/chain_decide_listener.hpp"

#include <fstream>
#include <iterator>
#include <system_error>

#include <spdlog/spdlog.h>

#include "state/state_codec.hpp"

namespace espresso {

namespace {

Status write_file_atomically(const std::filesystem::path& path, ByteView bytes) {
  const auto temporary = std::filesystem::path(path.string() + ".tmp");
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) return fail("cannot write " + temporary.string());
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) return fail("cannot rename " + temporary.string() + ": " + error.message());
  return {};
}

}  // namespace

void ChainDecideListener::on_decide(const DecidedBatch& batch) {
  const auto& leaves = *batch;
  for (const auto& decided : leaves) {
    auto done = chain_->on_decided(decided.leaf);
    if (!done) {
      ++unresolved_;
      spdlog::warn("chain: no state for decided height {}: {}", decided.leaf.height,
                   done.error().message);
    }
  }
  if (state_file_.empty() || leaves.empty()) return;
  const auto& newest = chain_->leaf_states().last_decided();
  const auto commitment = leaves.back().leaf.commitment();
  if (newest.height != leaves.back().leaf.height) return;  // its state is unknown (see above)
  Bytes contents(commitment.begin(), commitment.end());
  const Bytes state = encode_state(newest.state);
  contents.insert(contents.end(), state.begin(), state.end());
  if (auto written = write_file_atomically(state_file_, contents); !written) {
    spdlog::warn("chain: cannot save the decided state: {}", written.error().message);
  }
}

std::filesystem::path decided_state_path(const std::filesystem::path& storage_path) {
  return storage_path / "decided-state.bin";
}

Result<ChainStart> chain_start_for(const consensus::Leaf& decided,
                                   const std::filesystem::path& state_file, GenesisBlock genesis) {
  if (decided == consensus::genesis_leaf()) return genesis_start(std::move(genesis));
  std::ifstream in(state_file, std::ios::binary);
  if (!in) return fail("no saved decided state at " + state_file.string());
  const Bytes contents((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto commitment = decided.commitment();
  if (contents.size() < commitment.size() ||
      !std::equal(commitment.begin(), commitment.end(), contents.begin())) {
    return fail(state_file.string() +
                " holds the state of another leaf than the decided one at "
                "height " +
                std::to_string(decided.height));
  }
  auto state = decode_state(ByteView(contents).subspan(commitment.size()));
  if (!state) return fail(state.error().context(state_file.string()));
  return restart_from(decided, std::move(*state));
}

}  // namespace espresso
