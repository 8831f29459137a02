#include "local_network.hpp"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include <fcntl.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "api/client/http_client.hpp"
#include "api/client/http_url.hpp"

namespace espresso::bench {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// One child process with its output in a log file (a small local version of
// tests/integration/child_process: benches do not link test code).
class LocalNetwork::Process {
 public:
  Process(std::string name, const fs::path& program, const std::vector<std::string>& args,
          const fs::path& log_file)
      : name_(std::move(name)), log_file_(log_file) {
    std::vector<std::string> words{program.string()};
    words.insert(words.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& word : words) argv.push_back(word.data());
    argv.push_back(nullptr);
    const std::string log = log_file.string();
    pid_ = fork();
    if (pid_ == 0) {
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      // The bench blocks SIGINT/SIGTERM to handle them in a thread; the child must not inherit it.
      sigset_t none;
      sigemptyset(&none);
      sigprocmask(SIG_SETMASK, &none, nullptr);
      const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      if (fd >= 0) {
        dup2(fd, 1);
        dup2(fd, 2);
        close(fd);
      }
      execv(argv[0], argv.data());
      _exit(127);
    }
  }
  ~Process() { stop(); }
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  bool forked() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }
  const std::string& name() const { return name_; }
  const fs::path& log_file() const { return log_file_; }

  bool running() {
    if (pid_ <= 0 || reaped_) return false;
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) reaped_ = true;
    return !reaped_;
  }

  // SIGTERM, up to 5 s for the exit, then SIGKILL.
  void stop() {
    if (pid_ <= 0 || reaped_) return;
    kill(pid_, SIGTERM);
    const auto deadline = Clock::now() + std::chrono::seconds(5);
    while (Clock::now() < deadline) {
      if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
        reaped_ = true;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    reaped_ = true;
  }

 private:
  std::string name_;
  fs::path log_file_;
  pid_t pid_ = -1;
  bool reaped_ = false;
};

namespace {

// A TCP port on 127.0.0.1 that was free a moment ago.
Result<std::uint16_t> free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return fail(std::string("socket: ") + std::strerror(errno));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t size = sizeof(address);
  const bool ok = bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
                  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0;
  close(fd);
  if (!ok) return fail("could not find a free loopback port");
  return ntohs(address.sin_port);
}

bool port_open(std::uint16_t port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
  close(fd);
  return ok;
}

std::string tail_of(const fs::path& file) {
  std::FILE* in = std::fopen(file.c_str(), "r");
  if (!in) return "(no log)";
  std::string text;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof(buffer), in)) > 0;) text.append(buffer, n);
  std::fclose(in);
  return text.size() > 2000 ? text.substr(text.size() - 2000) : text;
}

}  // namespace

Result<std::unique_ptr<LocalNetwork>> LocalNetwork::start(const LocalNetworkOptions& options) {
  for (const char* program : {"keygen", "orchestrator", "sequencer"}) {
    if (!fs::exists(options.bin_dir / program)) {
      return fail("--bin-dir: expected a folder holding " + std::string(program) + ", got '" +
                  options.bin_dir.string() + "'");
    }
  }
  if (!fs::exists(options.genesis_file)) {
    return fail("--genesis-file: no such file '" + options.genesis_file.string() + "'");
  }
  std::unique_ptr<LocalNetwork> network(new LocalNetwork());
  std::string pattern = (fs::temp_directory_path() / "espresso-netbench.XXXXXX").string();
  if (!mkdtemp(pattern.data())) return fail(std::string("mkdtemp: ") + std::strerror(errno));
  network->work_dir_ = pattern;
  const fs::path& work = network->work_dir_;

  // keygen runs to completion first.
  {
    Process keygen("keygen", options.bin_dir / "keygen",
                   {"--seed", std::string(64, '0'), "-n", std::to_string(options.nodes), "-o",
                    (work / "keys").string()},
                   work / "keygen.log");
    const auto deadline = Clock::now() + std::chrono::seconds(30);
    while (keygen.running() && Clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (!fs::exists(work / "keys" / "0.env")) {
      return fail("keygen wrote no keys: " + tail_of(work / "keygen.log"));
    }
  }

  auto orchestrator_port_or = free_port();
  if (!orchestrator_port_or) return fail(std::move(orchestrator_port_or).error());
  const std::uint16_t orchestrator_port = *orchestrator_port_or;
  std::vector<std::string> orchestrator_args{"-p", std::to_string(orchestrator_port), "-n",
                                             std::to_string(options.nodes)};
  orchestrator_args.insert(orchestrator_args.end(), options.orchestrator_args.begin(),
                           options.orchestrator_args.end());
  ESEQ_TRY_STATUS(
      network->spawn("orchestrator", options.bin_dir / "orchestrator", orchestrator_args));
  const auto deadline = Clock::now() + options.start_timeout;
  while (!port_open(orchestrator_port)) {
    if (Clock::now() > deadline || !network->all_running()) {
      return fail("orchestrator did not open port " + std::to_string(orchestrator_port) + ": " +
                  tail_of(work / "orchestrator.log"));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }

  std::vector<std::uint16_t> http_ports;
  for (std::size_t i = 0; i < options.nodes; ++i) {
    auto p2p_or = free_port();
    auto http_or = free_port();
    if (!p2p_or) return fail(std::move(p2p_or).error());
    if (!http_or) return fail(std::move(http_or).error());
    const std::uint16_t p2p = *p2p_or;
    const std::uint16_t http = *http_or;
    http_ports.push_back(http);
    const std::string index = std::to_string(i);
    const std::string p2p_address = "127.0.0.1:" + std::to_string(p2p);
    ESEQ_TRY_STATUS(network->spawn("node" + index, options.bin_dir / "sequencer",
                                   {"--key-file",
                                    (work / "keys" / (index + ".env")).string(),
                                    "--genesis-file",
                                    options.genesis_file.string(),
                                    "--orchestrator-url",
                                    "http://127.0.0.1:" + std::to_string(orchestrator_port),
                                    "--is-da",
                                    "--libp2p-bind-address",
                                    p2p_address,
                                    "--libp2p-advertise-address",
                                    p2p_address,
                                    "--node-name",
                                    "bench-" + index,
                                    "--",
                                    "http",
                                    "--port",
                                    std::to_string(http),
                                    "--",
                                    "status",
                                    "--",
                                    "submit",
                                    "--",
                                    "config",
                                    "--",
                                    "catchup",
                                    "--",
                                    "query",
                                    "--",
                                    "storage-fs",
                                    "--path",
                                    (work / ("node" + index)).string()}));
    network->node_urls_.push_back("http://127.0.0.1:" + std::to_string(http));
  }

  // Ready: every node answers, and node 0's chain has started to grow.
  HttpClient client;
  for (std::size_t i = 0; i < options.nodes; ++i) {
    while (!port_open(http_ports[i])) {
      if (Clock::now() > deadline || !network->all_running()) {
        return fail("node " + std::to_string(i) + " did not open its HTTP port: " +
                    tail_of(work / ("node" + std::to_string(i) + ".log")));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  for (;;) {
    auto height = client.get_json(join_url(network->node_urls_[0], "v0/status/block-height"));
    if (height && height->is_number_integer() && height->get<std::int64_t>() > 1) break;
    if (Clock::now() > deadline || !network->all_running()) {
      return fail("node 0 decided no block within the start timeout: " +
                  tail_of(work / "node0.log"));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return network;
}

Status LocalNetwork::spawn(const std::string& name, const fs::path& program,
                           const std::vector<std::string>& args) {
  auto process = std::make_unique<Process>(name, program, args, work_dir_ / (name + ".log"));
  if (!process->forked()) return fail("fork " + name + ": " + std::strerror(errno));
  processes_.push_back(std::move(process));
  return {};
}

bool LocalNetwork::all_running() {
  for (auto& process : processes_) {
    if (!process->running()) return false;
  }
  return true;
}

double LocalNetwork::sequencers_cpu_seconds() const {
  const double ticks_per_second = static_cast<double>(sysconf(_SC_CLK_TCK));
  double total = 0;
  for (const auto& process : processes_) {
    if (process->name().rfind("node", 0) != 0) continue;
    std::ifstream stat("/proc/" + std::to_string(process->pid()) + "/stat");
    std::string line;
    if (!std::getline(stat, line)) continue;
    // Fields after the parenthesised command name: state is field 3, utime 14 and stime 15.
    std::istringstream rest(line.substr(line.rfind(')') + 2));
    std::string field;
    unsigned long long utime = 0, stime = 0;
    for (int number = 3; number <= 15 && rest >> field; ++number) {
      if (number == 14) utime = std::stoull(field);
      if (number == 15) stime = std::stoull(field);
    }
    total += static_cast<double>(utime + stime) / ticks_per_second;
  }
  return total;
}

LocalNetwork::~LocalNetwork() {
  // Nodes first (newest first), the orchestrator last.
  while (!processes_.empty()) processes_.pop_back();
  std::error_code ignored;
  if (!work_dir_.empty()) fs::remove_all(work_dir_, ignored);
}

}  // namespace espresso::bench
