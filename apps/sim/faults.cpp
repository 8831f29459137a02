#include "sim/faults.hpp"

#include <algorithm>
#include <array>
#include <sstream>

namespace espresso::sim {
namespace {

constexpr std::array<std::pair<const char*, Fault>, 9> kNames = {{
    {"delay", Fault::kDelay},
    {"loss", Fault::kLoss},
    {"dup", Fault::kDuplicate},
    {"partition", Fault::kPartition},
    {"crash", Fault::kCrash},
    {"silent", Fault::kSilent},
    {"equivocate", Fault::kEquivocate},
    {"invalid", Fault::kInvalid},
    {"twins", Fault::kTwins},
}};

bool has(FaultSet set, Fault fault) {
  return (set & static_cast<FaultSet>(fault)) != 0;
}

}  // namespace

namespace {

// "START:STOP:OFFSET" with START < STOP; errors name the option and quote the text.
Result<std::array<std::uint64_t, 3>> parse_window(const std::string& option,
                                                  const std::string& text) {
  const auto bad = [&] {
    return fail(option + ": expected START:STOP:OFFSET (whole numbers, START < STOP), got '" +
                text + "'");
  };
  std::array<std::uint64_t, 3> parts{};
  std::size_t at = 0;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::size_t end = i + 1 < parts.size() ? text.find(':', at) : text.size();
    if (end == std::string::npos || end == at || end > text.size()) return bad();
    const std::string digits = text.substr(at, end - at);
    if (digits.size() > 18 || !std::all_of(digits.begin(), digits.end(),
                                           [](unsigned char c) { return c >= '0' && c <= '9'; }))
      return bad();
    parts[i] = std::stoull(digits);
    at = end + 1;
  }
  if (parts[0] >= parts[1]) return bad();
  return parts;
}

}  // namespace

Result<consensus::UpgradeConfig> parse_upgrade(const std::string& text) {
  const auto parts = parse_window("--upgrade", text);
  if (!parts) return fail(parts.error());
  const auto [start, stop, offset] = *parts;
  return consensus::UpgradeConfig::view_based({0, 1}, {0, 2}, start, stop, std::nullopt,
                                              std::nullopt, offset);
}

Result<consensus::UpgradeConfig> parse_upgrade_time(const std::string& text) {
  const auto parts = parse_window("--upgrade-time", text);
  if (!parts) return fail(parts.error());
  const auto [start, stop, offset] = *parts;
  return consensus::UpgradeConfig::time_based({0, 1}, {0, 2}, kSimEpochUnixSeconds + start,
                                              kSimEpochUnixSeconds + stop, std::nullopt,
                                              std::nullopt, offset);
}

Result<FaultSet> parse_faults(const std::string& text) {
  if (text == "all") return kAllFaults;
  if (text == "none" || text.empty()) return FaultSet{0};
  FaultSet out = 0;
  std::stringstream stream(text);
  std::string name;
  while (std::getline(stream, name, ',')) {
    const auto it = std::ranges::find_if(kNames, [&](const auto& e) { return name == e.first; });
    if (it == kNames.end()) {
      return fail("--faults: unknown fault \"" + name +
                  "\", expected a comma-separated list of delay, loss, dup, partition, crash, "
                  "silent, equivocate, invalid, twins (or all, none)");
    }
    out |= static_cast<FaultSet>(it->second);
  }
  return out;
}

std::string format_faults(FaultSet faults) {
  std::string out;
  for (const auto& [name, fault] : kNames) {
    if (!has(faults, fault)) continue;
    if (!out.empty()) out += ',';
    out += name;
  }
  return out.empty() ? "none" : out;
}

SchedulePlan plan_schedule(const ScheduleOptions& options, Rng& rng) {
  SchedulePlan plan;
  static constexpr std::array<std::size_t, 8> kSizes = {4, 4, 4, 5, 6, 7, 7, 10};
  plan.nodes = options.nodes ? *options.nodes : kSizes[rng.below(kSizes.size())];
  const bool weighted = rng.chance(0.5);
  for (std::size_t i = 0; i < plan.nodes; ++i) {
    plan.weights.push_back(weighted ? rng.between(1, 3) : 1);
    plan.da_member.push_back(rng.chance(0.6));
  }
  plan.da_member[rng.below(plan.nodes)] = true;
  // Each allowed fault type is used with probability 1/2.
  for (const auto& [name, fault] : kNames) {
    if (has(options.faults, fault) && rng.chance(0.5)) plan.faults |= static_cast<FaultSet>(fault);
  }
  const bool network_faults = has(plan.faults, Fault::kDelay) || has(plan.faults, Fault::kLoss) ||
                              has(plan.faults, Fault::kPartition) ||
                              has(plan.faults, Fault::kCrash);
  plan.gst = network_faults ? rng.between(500, 6000) : 0;

  // Byzantine keys: total weight strictly below 1/3, each with one of the enabled behaviours.
  std::vector<Behavior> byzantine;
  if (has(plan.faults, Fault::kSilent)) byzantine.push_back(Behavior::kSilent);
  if (has(plan.faults, Fault::kEquivocate)) byzantine.push_back(Behavior::kEquivocate);
  if (has(plan.faults, Fault::kInvalid)) byzantine.push_back(Behavior::kInvalid);
  if (has(plan.faults, Fault::kTwins)) byzantine.push_back(Behavior::kTwins);
  plan.behavior.assign(plan.nodes, Behavior::kHonest);
  std::uint64_t total = 0;
  for (auto w : plan.weights) total += w;
  std::uint64_t faulty = 0;
  std::vector<std::size_t> order(plan.nodes);
  for (std::size_t i = 0; i < plan.nodes; ++i) order[i] = i;
  for (std::size_t i = plan.nodes; i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);
  if (!byzantine.empty()) {
    for (std::size_t key : order) {
      if (3 * (faulty + plan.weights[key]) >= total) continue;
      faulty += plan.weights[key];
      plan.behavior[key] = byzantine[rng.below(byzantine.size())];
    }
  }
  if (has(plan.faults, Fault::kCrash)) {
    for (std::size_t key : order) {
      if (plan.behavior[key] == Behavior::kHonest && rng.chance(0.4)) plan.crashers.push_back(key);
    }
  }
  return plan;
}

}  // namespace espresso::sim
