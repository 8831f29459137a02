#pragma once
// Tests only: a SQLite query store filled with real blocks (test_chain.hpp) in a temporary
// directory, a store decorator that reports a pruned height, and request helpers.

#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api/query/test_chain.hpp"
#include "api/router.hpp"
#include "storage/test_paths.hpp"

namespace espresso::query::testing {

// Forwards to a real store, but claims heights <= pruned were pruned and hides them.
class PrunedView final : public storage::QueryStore {
 public:
  PrunedView(std::shared_ptr<storage::QueryStore> inner, std::uint64_t pruned)
      : inner_(std::move(inner)), pruned_(pruned) {}
  Status insert_block(const storage::BlockRecord& b) override { return inner_->insert_block(b); }
  Status insert_blocks(std::span<const storage::BlockRecord> b) override {
    return inner_->insert_blocks(b);
  }
  Result<std::optional<storage::BlockRecord>> block_by_height(std::uint64_t height) override {
    if (height <= pruned_) return std::nullopt;
    return inner_->block_by_height(height);
  }
  Result<std::vector<storage::BlockRecord>> blocks_in_range(std::uint64_t from,
                                                            std::uint64_t until) override {
    return inner_->blocks_in_range(std::max(from, pruned_ + 1), until);
  }
  Result<std::vector<storage::BlockRecord>> block_metadata_in_range(std::uint64_t from,
                                                                    std::uint64_t until) override {
    return inner_->block_metadata_in_range(std::max(from, pruned_ + 1), until);
  }
  Result<std::optional<storage::BlockRecord>> block_by_hash(const Hash32& hash) override {
    return inner_->block_by_hash(hash);
  }
  Result<std::optional<storage::BlockRecord>> block_by_payload_hash(const Hash32& hash) override {
    return inner_->block_by_payload_hash(hash);
  }
  Result<std::optional<storage::BlockRecord>> block_by_leaf_hash(const Hash32& hash) override {
    return inner_->block_by_leaf_hash(hash);
  }
  Result<std::optional<storage::HeaderEntry>> header_by_height(std::uint64_t height) override {
    if (height <= pruned_) return std::nullopt;
    return inner_->header_by_height(height);
  }
  Result<std::optional<storage::TransactionLocation>> transaction_by_hash(
      const Hash32& hash) override {
    return inner_->transaction_by_hash(hash);
  }
  Result<std::optional<storage::BlockSummary>> summary(std::uint64_t height) override {
    return inner_->summary(height);
  }
  Result<std::uint64_t> block_height() override { return inner_->block_height(); }
  Result<std::uint64_t> transaction_count(std::uint64_t from, std::uint64_t until,
                                          std::optional<std::uint64_t> ns) override {
    return inner_->transaction_count(from, until, ns);
  }
  Result<std::uint64_t> payload_size(std::uint64_t from, std::uint64_t until) override {
    return inner_->payload_size(from, until);
  }
  Result<storage::HeaderWindow> header_window(std::uint64_t start, std::uint64_t end,
                                              std::size_t limit) override {
    return inner_->header_window(start, end, limit);
  }
  Result<storage::HeaderWindow> header_window_from(std::uint64_t height, std::uint64_t end,
                                                   std::size_t limit) override {
    return inner_->header_window_from(height, end, limit);
  }
  Result<std::optional<std::uint64_t>> pruned_height() override { return pruned_; }

 private:
  std::shared_ptr<storage::QueryStore> inner_;
  std::uint64_t pruned_;
};

struct Reply {
  int status = 0;
  nlohmann::json body;
};

inline Reply get(const Router& router, const std::string& path) {
  auto response = router.handle({HttpMethod::kGet, path, "", ""});
  auto body = nlohmann::json::parse(response.body, nullptr, false);
  EXPECT_FALSE(body.is_discarded()) << path << ": " << response.body;
  return {response.status, std::move(body)};
}

// A 4xx whose message contains `needle` (the parameter name, the bad value, ...).
inline void expect_error(const Router& router, const std::string& path, int status,
                         const std::string& needle) {
  auto reply = get(router, path);
  EXPECT_EQ(reply.status, status) << path << ": " << reply.body.dump();
  EXPECT_EQ(reply.body["status"], status) << path;
  std::string message = reply.body.value("message", "");
  EXPECT_NE(message.find(needle), std::string::npos) << path << ": " << message;
}

}  // namespace espresso::query::testing
