#pragma once
// Fault types a schedule can mix, and the per-schedule plan drawn from the seed.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "consensus/safety_rules.hpp"
#include "consensus/upgrade.hpp"
#include "sim/scheduler.hpp"

namespace espresso::sim {

enum class Fault : std::uint32_t {
  kDelay = 1 << 0,       // large random per-message delays (also reorders)
  kLoss = 1 << 1,        // message loss before GST
  kDuplicate = 1 << 2,   // duplicated messages
  kPartition = 1 << 3,   // two-sided partitions that heal at GST
  kCrash = 1 << 4,       // honest nodes crash (possibly mid-batch) and restart from storage
  kSilent = 1 << 5,      // Byzantine leaders that never propose
  kEquivocate = 1 << 6,  // Byzantine leaders that send different proposals to different nodes
  kInvalid = 1 << 7,     // Byzantine nodes that also send corrupted messages
  kTwins = 1 << 8,       // two replicas running with one key
};
using FaultSet = std::uint32_t;
inline constexpr FaultSet kAllFaults = (1u << 9) - 1;

// "delay,loss,..." <-> FaultSet ("all" for everything). Errors quote the unknown name.
Result<FaultSet> parse_faults(const std::string& text);
std::string format_faults(FaultSet faults);

enum class Behavior { kHonest, kSilent, kEquivocate, kInvalid, kTwins };

struct SchedulePlan {
  std::size_t nodes = 4;
  std::vector<std::uint64_t> weights;
  std::vector<bool> da_member;
  std::vector<Behavior> behavior;  // per key
  FaultSet faults = 0;             // the subset this schedule uses
  VirtualTime gst = 0;
  std::vector<std::size_t> crashers;  // honest keys that crash and restart before GST
};

struct ScheduleOptions {
  std::uint64_t seed = 1;
  std::optional<std::size_t> nodes;  // otherwise drawn from the seed (4 to 10)
  FaultSet faults = kAllFaults;      // allowed fault types
  std::uint64_t views = 4;           // blocks every honest node must decide after GST
  consensus::BrokenRule broken_rule = consensus::BrokenRule::kNone;
  bool bls = false;           // real BLS (crypto/) instead of the fast fake signatures
  bool real_vid = false;      // vid/ (erasure coding, Merkle proofs) instead of the fake VID
  bool timed = false;         // time crypto and VID calls (for the benchmark)
  bool fast_network = false;  // 1 ms links, for the benchmark
  std::optional<consensus::UpgradeConfig> upgrade;  // the genesis upgrade window, if any
  std::size_t max_payload_bytes = SIZE_MAX;         // the leaders' block payload cap
  // Transactions are submitted until GST only, and the run goes on until every one of them is
  // decided exactly once (meant for schedules without crashes or Byzantine nodes).
  bool check_transactions = false;
};

// "START:STOP:OFFSET" -> an upgrade 0.1 -> 0.2 with that window and activation offset. Errors quote
// the text.
Result<consensus::UpgradeConfig> parse_upgrade(const std::string& text);

// The simulated wall clock reads kSimEpochUnixSeconds at virtual time 0.
inline constexpr std::uint64_t kSimEpochUnixSeconds = 1'700'000'000;
// The same for a time-based window: START and STOP are seconds of virtual time after the start.
Result<consensus::UpgradeConfig> parse_upgrade_time(const std::string& text);

SchedulePlan plan_schedule(const ScheduleOptions& options, Rng& rng);

}  // namespace espresso::sim
