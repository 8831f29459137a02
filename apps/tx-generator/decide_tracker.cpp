#include "decide_tracker.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace espresso {
namespace {

double milliseconds_between(DecideClock::time_point from, DecideClock::time_point to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

std::string fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

std::string milliseconds_text(const std::optional<double>& value) {
  return value ? fixed(*value, 1) + " ms" : std::string("-");
}

}  // namespace

std::optional<double> percentile(std::vector<double> values, double fraction) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  const double rank =
      std::ceil(std::clamp(fraction, 0.0, 1.0) * static_cast<double>(values.size()));
  const std::size_t index = rank < 1 ? 0 : static_cast<std::size_t>(rank) - 1;
  return values[std::min(index, values.size() - 1)];
}

void DecideTracker::submitted(std::string key, DecideClock::time_point at, std::size_t bytes) {
  std::lock_guard lock(mutex_);
  ++submitted_;
  if (!first_submit_ || at < *first_submit_) first_submit_ = at;
  const Submission submission{at, bytes};
  if (auto early = decided_early_.find(key); early != decided_early_.end()) {
    finalize(submission, early->second);
    decided_early_.erase(early);
    return;
  }
  pending_.insert_or_assign(std::move(key), submission);
}

void DecideTracker::finalize(const Submission& submission, DecideClock::time_point decided_at) {
  latencies_ms_.push_back(std::max(0.0, milliseconds_between(submission.at, decided_at)));
  finalized_bytes_ += submission.bytes;
  if (!last_decide_ || decided_at > *last_decide_) last_decide_ = decided_at;
}

DecidedBlockReport DecideTracker::decided(const DecidedBlock& block, DecideClock::time_point at) {
  DecidedBlockReport report;
  report.height = block.height;
  report.transactions = block.transaction_keys.size();
  report.payload_bytes = block.payload_bytes;
  std::vector<double> own;
  std::lock_guard lock(mutex_);
  ++blocks_;
  for (const std::string& key : block.transaction_keys) {
    auto found = pending_.find(key);
    if (found == pending_.end()) {
      // Someone else's, or ours with the submit answer still on its way.
      decided_early_.emplace(key, at);
      continue;
    }
    own.push_back(std::max(0.0, milliseconds_between(found->second.at, at)));
    finalize(found->second, at);
    pending_.erase(found);
  }
  report.own_transactions = own.size();
  report.own_latency_p50_ms = percentile(own, 0.5);
  report.own_latency_max_ms = percentile(own, 1.0);
  return report;
}

DecideSummary DecideTracker::summary() const {
  std::lock_guard lock(mutex_);
  DecideSummary summary;
  summary.submitted = submitted_;
  summary.finalized = latencies_ms_.size();
  summary.finalized_bytes = finalized_bytes_;
  summary.never_decided = summary.submitted - summary.finalized;
  summary.blocks = blocks_;
  if (first_submit_ && last_decide_ && *last_decide_ > *first_submit_) {
    summary.window = *last_decide_ - *first_submit_;
    summary.finalized_mb_per_s = static_cast<double>(finalized_bytes_) / 1e6 /
                                 std::chrono::duration<double>(summary.window).count();
  }
  summary.latency_p50_ms = percentile(latencies_ms_, 0.5);
  summary.latency_p99_ms = percentile(latencies_ms_, 0.99);
  return summary;
}

std::size_t DecideTracker::pending() const {
  std::lock_guard lock(mutex_);
  return pending_.size();
}

std::string format_decided_block(const DecidedBlockReport& report) {
  std::string line = "block " + std::to_string(report.height) + ": " +
                     std::to_string(report.transactions) + " tx, " +
                     std::to_string(report.payload_bytes) + " bytes, ours " +
                     std::to_string(report.own_transactions);
  if (report.own_transactions > 0) {
    line += ", latency p50 " + milliseconds_text(report.own_latency_p50_ms) + " max " +
            milliseconds_text(report.own_latency_max_ms);
  }
  return line;
}

std::string format_decide_summary(const DecideSummary& summary) {
  return "decided: " + std::to_string(summary.finalized) + " of " +
         std::to_string(summary.submitted) + " transactions finalized in " +
         std::to_string(summary.blocks) + " blocks (" +
         fixed(static_cast<double>(summary.finalized_bytes) / 1e6, 2) + " MB, " +
         fixed(summary.finalized_mb_per_s, 2) + " MB/s), latency p50 " +
         milliseconds_text(summary.latency_p50_ms) + " p99 " +
         milliseconds_text(summary.latency_p99_ms) + ", never decided " +
         std::to_string(summary.never_decided);
}

}  // namespace espresso
