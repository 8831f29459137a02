#pragma once
// One seeded schedule: a network of replicas on virtual time with the planned faults, checked
// after every step.

#include <optional>
#include <string>

#include "sim/faults.hpp"

namespace espresso::sim {

struct ScheduleResult {
  std::optional<std::string> violation;
  std::uint64_t views = 0;            // highest view an honest replica reached
  std::uint64_t decided_blocks = 0;   // highest decided height
  std::uint64_t faults_injected = 0;  // lost/duplicated/corrupted messages, crashes, equivocations
  std::uint64_t events = 0;
  std::uint64_t decided_leaves = 0;        // decides by honest replicas (again after a restart)
  std::uint64_t decided_with_share = 0;    // ... that handed out the replica's own VID share
  std::uint64_t transactions_decided = 0;  // with ScheduleOptions::check_transactions
  std::uint64_t trace_hash = 0;            // over every delivered event and decide
  std::string description;                 // nodes and fault types used
  std::uint64_t crypto_ns = 0;             // with ScheduleOptions::timed
  std::uint64_t vid_ns = 0;
  // The first decided height (and its view) whose header has the upgraded version; every honest
  // replica switched there (checked).
  std::optional<std::uint64_t> upgrade_height;
  std::optional<std::uint64_t> upgrade_view;
};

ScheduleResult run_schedule(const ScheduleOptions& options);

// The command line that replays `options` exactly.
std::string replay_command(const ScheduleOptions& options);

}  // namespace espresso::sim
