#pragma once
// A local Espresso network for the benchmark: keygen, an orchestrator and N sequencer processes on
// free loopback ports, each with its own storage in a temporary folder. The destructor kills every
// process (SIGTERM, then SIGKILL) and removes the folder, so an error path leaves nothing behind;
// the children also get SIGKILL if the bench process dies first (PR_SET_PDEATHSIG).

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace espresso::bench {

struct LocalNetworkOptions {
  std::filesystem::path bin_dir;       // holds keygen, orchestrator, sequencer
  std::filesystem::path genesis_file;  // e.g. scripts/demo-genesis.toml
  std::size_t nodes = 4;
  std::vector<std::string> orchestrator_args;  // more options, e.g. {"--max-block-size", "4194304"}
  std::chrono::seconds start_timeout{60};      // until every node answers and the chain grows
};

class LocalNetwork {
 public:
  static Result<std::unique_ptr<LocalNetwork>> start(const LocalNetworkOptions& options);
  ~LocalNetwork();
  LocalNetwork(const LocalNetwork&) = delete;
  LocalNetwork& operator=(const LocalNetwork&) = delete;

  // Base URLs of the nodes' HTTP APIs, "http://127.0.0.1:<port>".
  const std::vector<std::string>& node_urls() const { return node_urls_; }
  const std::filesystem::path& work_dir() const { return work_dir_; }
  // Every spawned process is still alive.
  bool all_running();
  // CPU time (user + system) the sequencer processes have used so far, from /proc/<pid>/stat: the
  // difference over a run, per finalized megabyte, moves less with the shared machine's noise than
  // throughput does.
  double sequencers_cpu_seconds() const;

 private:
  class Process;
  LocalNetwork() = default;
  Status spawn(const std::string& name, const std::filesystem::path& program,
               const std::vector<std::string>& args);

  std::filesystem::path work_dir_;
  std::vector<std::unique_ptr<Process>> processes_;
  std::vector<std::string> node_urls_;
};

}  // namespace espresso::bench
