#pragma once
// The invariants checked after every step of a simulation.
//  - agreement: no two honest replicas decide different leaves at one height;
//  - prefix: every honest replica's decided chain is contiguous and parent-linked, hence (with
//    agreement) a prefix of every other;
//  - liveness: after GST every honest replica decides new leaves within a bounded number of views.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "consensus/messages.hpp"

namespace espresso::sim {

class InvariantChecker {
 public:
  explicit InvariantChecker(std::size_t replicas) : chains_(replicas) {}

  // A decide by replica `replica` (honest replicas only). Re-deciding the same leaf after a
  // restart is allowed.
  void on_decide(std::size_t replica, const consensus::Leaf& leaf);
  void fail(std::string violation) {
    if (!violation_) violation_ = std::move(violation);
  }

  const std::optional<std::string>& violation() const { return violation_; }
  std::size_t decided_height(std::size_t replica) const { return chains_[replica].size(); }
  std::size_t max_decided_height() const { return by_height_.size(); }

 private:
  std::vector<std::vector<consensus::Commitment>> chains_;
  std::map<std::uint64_t, consensus::Commitment> by_height_;
  std::optional<std::string> violation_;
};

}  // namespace espresso::sim
