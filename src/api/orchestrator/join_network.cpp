#include "api/orchestrator/join_network.hpp"

#include <thread>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

namespace espresso {
namespace {

using Clock = std::chrono::steady_clock;

std::string millis(std::chrono::milliseconds duration) {
  return std::to_string(duration.count()) + " ms";
}

class Joiner {
 public:
  Joiner(std::string_view url, JoinProgress progress, const JoinOptions& options,
         std::uint64_t seed)
      : url_(url),
        progress_(std::move(progress)),
        options_(options),
        client_(options.http),
        backoff_(options.backoff, seed),
        deadline_(Clock::now() + options.timeout) {}

  Result<std::uint64_t> register_node(const NodeRegistration& registration) {
    const std::string url = join_url(url_, "api/register");
    const auto body = to_json(registration);
    while (true) {
      auto response = client_.post_json(url, body);
      if (response && response->ok()) {
        auto answer = expect_json(*response, "POST " + url);
        if (!answer) return fail(std::move(answer).error());
        const auto index = answer->find("index");
        if (index == answer->end() || !index->is_number_unsigned()) {
          return fail("POST " + url + ": the answer has no index: " + answer->dump());
        }
        report("registered with the orchestrator at " + url_ + " as node " +
               std::to_string(index->get<std::uint64_t>()));
        return index->get<std::uint64_t>();
      }
      if (response && response->status >= 400 && response->status < 500) {
        return fail(expect_json(*response, "POST " + url).error());  // refused: do not retry
      }
      const std::string why = response ? expect_json(*response, "POST " + url).error().message
                                       : response.error().message;
      ESEQ_TRY_STATUS(wait("cannot register yet", why));
    }
  }

  Result<NetworkConfig> fetch_config() {
    const std::string url = join_url(url_, "api/config");
    backoff_.reset();
    while (true) {
      auto response = client_.get(url);
      if (response && response->ok()) {
        auto answer = expect_json(*response, "GET " + url);
        if (!answer) return fail(std::move(answer).error());
        auto config = network_config_from_json(*answer);
        if (!config) return fail(std::move(config).error().context("GET " + url));
        return config;
      }
      if (response && response->status >= 400 && response->status < 500) {
        return fail(expect_json(*response, "GET " + url).error());
      }
      const std::string why = response ? expect_json(*response, "GET " + url).error().message
                                       : response.error().message;
      ESEQ_TRY_STATUS(wait("waiting for the network", why));
    }
  }

  void report(const std::string& line) {
    if (progress_) {
      progress_(line);
    } else {
      spdlog::info("join: {}", line);
    }
  }

 private:
  // Sleeps before the next attempt, or fails once the deadline has passed.
  Status wait(std::string_view doing, const std::string& why) {
    const auto now = Clock::now();
    if (now >= deadline_) {
      return fail("joining through the orchestrator at " + url_ + " did not finish within " +
                  millis(options_.timeout) + "; last: " + why);
    }
    const auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - now);
    const auto delay = std::min(backoff_.next(), remaining);
    report(std::string(doing) + ": " + why + "; retrying in " + millis(delay));
    std::this_thread::sleep_for(delay);
    return {};
  }

  std::string url_;
  JoinProgress progress_;
  JoinOptions options_;
  HttpClient client_;
  Backoff backoff_;
  Clock::time_point deadline_;
};

std::uint64_t seed_from(const BlsPublicKey& key) {
  const auto bytes = key.to_bytes();
  std::uint64_t seed = 0;
  for (std::size_t i = 0; i < 8; ++i) seed = (seed << 8) | bytes[i];
  return seed;
}

}  // namespace

Result<NetworkConfig> join_network(std::string_view orchestrator_url,
                                   const NodeRegistration& registration, JoinProgress progress,
                                   JoinOptions options) {
  // Each node's jitter differs, so nodes started together do not poll in lockstep.
  Joiner joiner(orchestrator_url, std::move(progress), options,
                seed_from(registration.staking_key));
  auto index = joiner.register_node(registration);
  if (!index) return fail(std::move(index).error());
  auto config = joiner.fetch_config();
  if (!config) return fail(std::move(config).error());
  const auto found = config->index_of(registration.staking_key);
  if (found != *index) {
    return fail("the orchestrator at " + std::string(orchestrator_url) + " assigned node index " +
                std::to_string(*index) + " but its config " +
                (found ? "lists this key as node " + std::to_string(*found)
                       : std::string("does not list this key")));
  }
  joiner.report("network ready: " + std::to_string(config->nodes.size()) + " nodes, this is node " +
                std::to_string(*index));
  return config;
}

}  // namespace espresso
