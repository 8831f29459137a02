#pragma once
// Tests only: a child process running a program with its output in a log file. The destructor
// kills it (SIGKILL) and reaps it, so a failing test never leaves processes behind; the child also
// gets SIGKILL if the test process dies first (PR_SET_PDEATHSIG).

#include <csignal>
#include <filesystem>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <sys/types.h>

namespace espresso::testing {

class ChildProcess {
 public:
  ChildProcess(const std::filesystem::path& program, const std::vector<std::string>& args,
               const std::filesystem::path& log_file,
               const std::vector<std::pair<std::string, std::string>>& environment = {});
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  bool running();
  // Sends `signal` and waits up to `timeout_ms` for the exit; SIGKILL after that. Returns the exit
  // status as waitpid reports it, or -1 when it had to be killed.
  int stop(int signal = SIGTERM, int timeout_ms = 5000);

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;
};

// A TCP port that was free on every address a moment ago, below the kernel's ephemeral range: the
// kernel hands ephemeral ports to outgoing connections (every node and test client makes them),
// and one of those took a port picked with bind(0) before the node listening on it started, so a
// node failed with "Address already in use" and the test talked to another test's node. Never one
// of `taken` (the ports already picked for the same test).
std::uint16_t free_port(std::span<const std::uint16_t> taken = {});

}  // namespace espresso::testing
