#pragma once
// The consensus core is moving the upgrade certificate from QuorumProposal to Leaf. The stored
// format has a slot for it in both places; these helpers read and fill whichever slot the
// compiled struct has, so storage builds against either layout.

#include <optional>
#include <string>

#include "common/result.hpp"
#include "consensus/messages.hpp"

namespace espresso::storage {

template <typename T>
concept HasUpgradeCertificate = requires(T value) {
  value.upgrade_certificate;
};

template <typename T>
std::optional<consensus::Certificate> upgrade_certificate_of(const T& value) {
  if constexpr (HasUpgradeCertificate<T>) {
    return value.upgrade_certificate;
  } else {
    return std::nullopt;
  }
}

template <typename T>
Status set_upgrade_certificate(T& value, std::optional<consensus::Certificate> qc,
                               const char* where) {
  if constexpr (HasUpgradeCertificate<T>) {
    value.upgrade_certificate = std::move(qc);
  } else if (qc) {
    return fail(std::string("upgrade certificate on the ") + where +
                ", where this build does not carry one");
  }
  return {};
}

}  // namespace espresso::storage
