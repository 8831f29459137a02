// sim: runs seeded consensus schedules with fault injection and checks the invariants.
//   sim --seeds 10000            10,000 schedules mixing every fault type
//   sim --seed 42 --verbose      one schedule, with its trace hash
// Exits non-zero on any violation, printing a command that replays the failing schedule.

#include <chrono>
#include <cstdio>

#include <CLI/CLI.hpp>

#include "sim/simulation.hpp"

int main(int argc, char** argv) {
  using namespace espresso::sim;
  CLI::App app{"Deterministic simulation of the consensus protocol under faults"};
  std::uint64_t seeds = 1;
  std::uint64_t first_seed = 1;
  std::size_t nodes = 0;
  std::string faults_text = "all";
  std::uint64_t views = 4;
  int broken_rule = 0;
  bool verbose = false;
  bool bls = false;
  bool real_vid = false;
  std::string upgrade_text;
  std::string upgrade_time_text;
  app.add_option("--seeds", seeds, "Number of schedules to run (seeds S, S+1, ...)");
  app.add_option("--seed", first_seed, "First seed (alone: replay exactly this schedule)");
  app.add_option("--nodes", nodes, "Nodes per schedule, 4 to 200 (default: drawn from the seed)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{200}));
  app.add_option("--faults", faults_text,
                 "Fault types to mix: delay,loss,dup,partition,crash,silent,equivocate,invalid,"
                 "twins | all | none");
  app.add_option("--views", views, "Blocks every honest node must decide after the network heals")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1000}));
  app.add_option("--broken-rule", broken_rule,
                 "TEST ONLY: 1 vote twice, 2 ignore the lock, 3 decide on one chain")
      ->check(CLI::Range(0, 3));
  app.add_flag("--verbose", verbose, "Print one line per schedule");
  app.add_flag("--bls", bls, "Real BLS signatures (crypto/) instead of the fast fake scheme");
  app.add_flag("--real-vid", real_vid, "Real VID (vid/) instead of whole-payload shares");
  app.add_option(
      "--upgrade", upgrade_text,
      "Upgrade 0.1 -> 0.2 proposed in views [START, STOP), active OFFSET views after the "
      "first block carrying the certificate: START:STOP:OFFSET");
  app.add_option("--upgrade-time", upgrade_time_text,
                 "Time-based upgrade window: proposed while the virtual clock is START to STOP "
                 "seconds after the schedule started: START:STOP:OFFSET")
      ->excludes("--upgrade");
  CLI11_PARSE(app, argc, argv);

  std::optional<espresso::consensus::UpgradeConfig> upgrade;
  if (!upgrade_text.empty()) {
    auto parsed = parse_upgrade(upgrade_text);
    if (!parsed) {
      std::fprintf(stderr, "sim: %s\n", parsed.error().message.c_str());
      return 2;
    }
    upgrade = *parsed;
  }
  if (!upgrade_time_text.empty()) {
    auto parsed = parse_upgrade_time(upgrade_time_text);
    if (!parsed) {
      std::fprintf(stderr, "sim: %s\n", parsed.error().message.c_str());
      return 2;
    }
    upgrade = *parsed;
  }

  auto faults = parse_faults(faults_text);
  if (!faults) {
    std::fprintf(stderr, "sim: %s\n", faults.error().message.c_str());
    return 2;
  }
  const auto started = std::chrono::steady_clock::now();
  std::uint64_t total_views = 0, total_blocks = 0, total_faults = 0, violations = 0;
  std::uint64_t upgraded = 0;
  for (std::uint64_t i = 0; i < seeds; ++i) {
    ScheduleOptions options;
    options.seed = first_seed + i;
    if (nodes != 0) options.nodes = nodes;
    options.faults = *faults;
    options.views = views;
    options.broken_rule = static_cast<espresso::consensus::BrokenRule>(broken_rule);
    options.bls = bls;
    options.real_vid = real_vid;
    options.upgrade = upgrade;
    const ScheduleResult result = run_schedule(options);
    total_views += result.views;
    total_blocks += result.decided_blocks;
    total_faults += result.faults_injected;
    if (result.upgrade_height) ++upgraded;
    if (verbose) {
      std::printf(
          "seed %llu: %s; views %llu, decided %llu, faults %llu, events %llu, trace %016llx\n",
          static_cast<unsigned long long>(options.seed), result.description.c_str(),
          static_cast<unsigned long long>(result.views),
          static_cast<unsigned long long>(result.decided_blocks),
          static_cast<unsigned long long>(result.faults_injected),
          static_cast<unsigned long long>(result.events),
          static_cast<unsigned long long>(result.trace_hash));
    }
    if (result.violation) {
      ++violations;
      std::printf("VIOLATION seed %llu (%s): %s\n  replay: %s\n",
                  static_cast<unsigned long long>(options.seed), result.description.c_str(),
                  result.violation->c_str(), replay_command(options).c_str());
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (upgrade) {
    std::printf("sim: %llu of %llu schedules switched to version %s\n",
                static_cast<unsigned long long>(upgraded), static_cast<unsigned long long>(seeds),
                espresso::consensus::to_string(upgrade->new_version).c_str());
  }
  std::printf(
      "sim: %llu schedules, %llu views, %llu decided blocks, %llu faults injected, %llu "
      "violations (%.1f s)\n",
      static_cast<unsigned long long>(seeds), static_cast<unsigned long long>(total_views),
      static_cast<unsigned long long>(total_blocks), static_cast<unsigned long long>(total_faults),
      static_cast<unsigned long long>(violations), seconds);
  return violations == 0 ? 0 : 1;
}
