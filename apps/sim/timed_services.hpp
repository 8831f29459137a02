#pragma once
// Decorators that time the injected crypto and VID, so the benchmark can report the share of CPU
// spent in each. Timing never feeds back into the schedule.

#include <cstdint>
#include <ctime>

#include "consensus/block_interfaces.hpp"
#include "consensus/signature_scheme.hpp"

namespace espresso::sim {

// Adds the calling thread's CPU time (not wall time: the machine may be shared) to a total.
class Stopwatch {
 public:
  explicit Stopwatch(std::uint64_t& total_ns) : total_ns_(total_ns), start_(thread_cpu_ns()) {}
  ~Stopwatch() { total_ns_ += thread_cpu_ns() - start_; }
  Stopwatch(const Stopwatch&) = delete;
  Stopwatch& operator=(const Stopwatch&) = delete;

  static std::uint64_t thread_cpu_ns() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000'000u +
           static_cast<std::uint64_t>(ts.tv_nsec);
  }

 private:
  std::uint64_t& total_ns_;
  std::uint64_t start_;
};

class TimedSigner final : public consensus::Signer {
 public:
  TimedSigner(std::unique_ptr<consensus::Signer> inner, std::uint64_t& ns)
      : inner_(std::move(inner)), ns_(ns) {}
  consensus::NodeIndex key_index() const override { return inner_->key_index(); }
  consensus::Signature sign(const Hash32& digest) const override {
    Stopwatch watch(ns_);
    return inner_->sign(digest);
  }

 private:
  std::unique_ptr<consensus::Signer> inner_;
  std::uint64_t& ns_;
};

class TimedVerifier final : public consensus::SignatureVerifier {
 public:
  TimedVerifier(std::unique_ptr<consensus::SignatureVerifier> inner, std::uint64_t& ns)
      : inner_(std::move(inner)), ns_(ns) {}
  bool verify(consensus::NodeIndex signer, const Hash32& digest, ByteView sig) const override {
    Stopwatch watch(ns_);
    return inner_->verify(signer, digest, sig);
  }
  Result<consensus::Signature> aggregate(
      std::span<const consensus::Signature> signatures) const override {
    Stopwatch watch(ns_);
    return inner_->aggregate(signatures);
  }
  bool verify_aggregate(const std::vector<bool>& signers, const Hash32& digest,
                        ByteView aggregate) const override {
    Stopwatch watch(ns_);
    return inner_->verify_aggregate(signers, digest, aggregate);
  }
  std::size_t max_signature_size() const override { return inner_->max_signature_size(); }

 private:
  std::unique_ptr<consensus::SignatureVerifier> inner_;
  std::uint64_t& ns_;
};

class TimedVid final : public consensus::VidScheme {
 public:
  TimedVid(const consensus::VidScheme& inner, std::uint64_t& ns) : inner_(inner), ns_(ns) {}
  consensus::Commitment commit(ByteView payload, std::size_t n) const override {
    Stopwatch watch(ns_);
    return inner_.commit(payload, n);
  }
  Dispersal disperse(ByteView payload, std::size_t n) const override {
    Stopwatch watch(ns_);
    return inner_.disperse(payload, n);
  }
  std::optional<Dispersal> disperse_to(ByteView payload,
                                       std::span<const consensus::NodeIndex> recipients,
                                       std::size_t n) const override {
    Stopwatch watch(ns_);
    return inner_.disperse_to(payload, recipients, n);
  }
  bool verify_share(const consensus::Commitment& c, consensus::NodeIndex node, ByteView share,
                    std::size_t n) const override {
    Stopwatch watch(ns_);
    return inner_.verify_share(c, node, share, n);
  }
  std::optional<std::uint64_t> payload_size(ByteView share) const override {
    Stopwatch watch(ns_);
    return inner_.payload_size(share);
  }
  std::optional<Bytes> common(ByteView share) const override {
    Stopwatch watch(ns_);
    return inner_.common(share);
  }
  Result<Bytes> recover(const consensus::Commitment& c,
                        std::span<const std::pair<consensus::NodeIndex, Bytes>> shares,
                        std::size_t n) const override {
    Stopwatch watch(ns_);
    return inner_.recover(c, shares, n);
  }

 private:
  const consensus::VidScheme& inner_;
  std::uint64_t& ns_;
};

}  // namespace espresso::sim
