#pragma once
// Command line of tx-generator: targets, namespaces, size, rate, count, duration, workers, and the
// node whose decided blocks it follows.

#include <optional>
#include <span>
#include <string>

#include "common/result.hpp"
#include "watched_run.hpp"

namespace espresso {

struct TxGeneratorCommand {
  TxGeneratorOptions options;
  std::optional<WatchOptions> watch;  // --watch URL: follow submitted transactions to decision
  std::string help;                   // non-empty when --help was given: print it and exit
};

// `args` are the words after the program name. Errors quote the bad value and name the option.
Result<TxGeneratorCommand> parse_tx_generator_args(std::span<const std::string> args);

}  // namespace espresso
