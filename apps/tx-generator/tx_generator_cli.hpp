#pragma once
// Command line of tx-generator: targets, namespaces, size, rate, count, duration, workers.

#include <span>
#include <string>

#include "common/result.hpp"
#include "tx_generator.hpp"

namespace espresso {

struct TxGeneratorCommand {
  TxGeneratorOptions options;
  std::string help;  // non-empty when --help was given: print it and exit
};

// `args` are the words after the program name. Errors quote the bad value and name the option.
Result<TxGeneratorCommand> parse_tx_generator_args(std::span<const std::string> args);

}  // namespace espresso
