// Catch-up on real processes (issue 7): a node SIGKILLed under heavy load keeps every block it had
// decided and back-fills the ones decided while it was down; a node that joins with empty storage
// back-fills the whole history from its peers. Blocks are compared by their leaves, which link
// each block to its parent, so equal leaves at every height mean the same chain.
#include <atomic>
#include <thread>

#include "sequencer_network.hpp"

namespace espresso {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;
using testing::kNodes;
using testing::wait_until;

// Submits batches of 20 transactions of 1 KiB round-robin to `targets` from its own thread,
// pausing `pause` between batches, until destroyed; counts the accepted ones.
class LoadGenerator {
 public:
  explicit LoadGenerator(std::vector<std::string> targets,
                         std::chrono::milliseconds pause = std::chrono::milliseconds{0})
      : targets_(std::move(targets)), pause_(pause) {
    thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
  }
  std::uint64_t accepted() const { return accepted_.load(); }

 private:
  void run(std::stop_token stop) {
    HttpClient client({.connect_timeout = 1000ms, .read_timeout = 2000ms});
    std::uint64_t sequence = 0;
    while (!stop.stop_requested()) {
      nlohmann::json batch = nlohmann::json::array();
      for (int i = 0; i < 20; ++i, ++sequence) {
        std::string body(1024, static_cast<char>('a' + sequence % 26));
        body.replace(0, 20, std::to_string(sequence));
        batch.push_back({{"namespace", 1 + sequence % 3},
                         {"payload", base64_encode(as_bytes(std::string_view(body)))}});
      }
      const std::string& target = targets_[sequence % targets_.size()];
      auto answer = client.post_json(target + "/v1/submit/batch", batch);
      if (answer && answer->ok()) {
        accepted_.fetch_add(20);
        std::this_thread::sleep_for(pause_);
      } else {
        std::this_thread::sleep_for(20ms);  // a full mempool: back off a little
      }
    }
  }

  std::vector<std::string> targets_;
  std::chrono::milliseconds pause_;
  std::atomic<std::uint64_t> accepted_{0};
  std::jthread thread_;
};

class CatchupNetwork : public testing::SequencerNetwork {
 protected:
  // Waits until node `i` serves every height below `height`, each with the leaf node `reference`
  // serves there; reports the first height that differs or is missing.
  void expect_same_history(std::size_t i, std::size_t reference, std::uint64_t height,
                           std::chrono::seconds limit) {
    std::uint64_t checked = 0;
    std::string problem;
    const bool same = wait_until(
        [&] {
          for (checked = std::max<std::uint64_t>(checked, 1); checked < height; ++checked) {
            auto mine = stored_leaf(i, checked);
            if (mine.is_null()) {
              problem =
                  "height " + std::to_string(checked) + " missing on node " + std::to_string(i);
              return false;
            }
            if (mine != stored_leaf(reference, checked)) {
              problem = "height " + std::to_string(checked) + " differs from node " +
                        std::to_string(reference);
              return false;
            }
          }
          return true;
        },
        limit);
    EXPECT_TRUE(same) << problem << "; logs in " << dir;
  }

  std::uint64_t stored(std::size_t i) { return stored_height(i).value_or(0); }
};

TEST_F(CatchupNetwork, NodeKilledUnderHeavyLoadKeepsItsBlocksAndCatchesUp) {
  start_network();
  const std::size_t victim = 2;
  std::vector<std::string> targets;
  for (std::size_t i = 0; i < kNodes; ++i) {
    if (i != victim) targets.push_back(node_url(i));
  }
  auto load = std::make_unique<LoadGenerator>(targets);
  ASSERT_TRUE(wait_until([&] { return stored(victim) >= 15 && load->accepted() > 200; }, 60s))
      << "the victim stored " << stored(victim) << " blocks under load; logs in " << dir;

  // Everything the victim served just before the kill (height 0, genesis, is never stored).
  const std::uint64_t before_kill = stored(victim);
  std::vector<nlohmann::json> leaves(before_kill);
  for (std::uint64_t h = 1; h < before_kill; ++h) {
    leaves[h] = stored_leaf(victim, h);
    ASSERT_FALSE(leaves[h].is_null()) << "block " << h << " missing before the kill";
  }
  nodes[victim]->stop(SIGKILL);
  const std::uint64_t at_kill = stored(0);
  ASSERT_TRUE(wait_until([&] { return stored(0) >= at_kill + 20; }, 60s))
      << "three of four nodes keep deciding under load; logs in " << dir;

  start_node(victim, 1);
  for (std::uint64_t h = 1; h < before_kill; ++h) {
    ASSERT_TRUE(wait_until([&] { return !stored_leaf(victim, h).is_null(); }, 30s))
        << "block " << h << " decided before the kill is gone; logs in " << dir;
    EXPECT_EQ(stored_leaf(victim, h), leaves[h]) << "block " << h << " changed";
  }
  const std::uint64_t at_restart = stored(0);
  EXPECT_TRUE(wait_until([&] { return stored(victim) > at_restart + 5; }, 60s))
      << "the restarted node decides new blocks; logs in " << dir;
  const std::uint64_t accepted = load->accepted();
  load.reset();
  EXPECT_GT(accepted, 1000u) << "the load was not heavy";

  // Caught up: the heights decided while it was down were back-filled from its peers.
  const std::uint64_t target = stored(0);
  ASSERT_TRUE(wait_until([&] { return stored(victim) >= target; }, 60s)) << "logs in " << dir;
  expect_same_history(victim, 0, target, 60s);
  EXPECT_NE(testing::read_file(log_of(victim, 1)).find("catch-up: fetched and verified"),
            std::string::npos)
      << "the blocks decided while it was down came from peers' availability APIs";
}

TEST_F(CatchupNetwork, NodeJoiningWithEmptyStorageBackfillsHistory) {
  start_network();
  // Node 3 leaves; the others decide 20 more blocks (every fourth view, node 3's, times out); node
  // 3 comes back with nothing stored and registers again with the running orchestrator, which hands
  // it the same network config.
  const std::size_t late = 3;
  nodes[late]->stop(SIGKILL);
  fs::remove_all(dir / ("storage" + std::to_string(late)));
  // A light load meanwhile: the blocks it must fetch carry transactions it never saw.
  auto load =
      std::make_unique<LoadGenerator>(std::vector<std::string>{node_url(0), node_url(1)}, 250ms);
  const std::uint64_t at_leave = stored(0);
  ASSERT_TRUE(wait_until([&] { return stored(0) >= at_leave + 20; }, 90s)) << "logs in " << dir;

  start_node(late, 1);
  const std::uint64_t at_join = stored(0);
  ASSERT_TRUE(wait_until([&] { return stored(late) > at_join; }, 90s))
      << "the late node decides blocks; logs in " << dir;
  load.reset();
  const std::uint64_t target = stored(0);
  ASSERT_TRUE(wait_until([&] { return stored(late) >= target; }, 60s)) << "logs in " << dir;
  expect_same_history(late, 0, target, 60s);
  EXPECT_NE(testing::read_file(log_of(late, 1)).find("catch-up: fetched and verified"),
            std::string::npos)
      << "the history came from peers' availability APIs";
}

}  // namespace
}  // namespace espresso
