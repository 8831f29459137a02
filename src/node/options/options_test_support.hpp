#pragma once
// Shared by the option parser tests: valid test keys, and a fixture that clears every variable of
// the option table for the duration of a test (so the machine's environment cannot change the
// outcome) and builds argument lists with the required parameters.

#include <list>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "crypto/key_encoding.hpp"
#include "crypto/key_file.hpp"
#include "node/options/option_table.hpp"
#include "node/options/options_parser.hpp"
#include "node/options/scoped_env.hpp"

namespace espresso::options_test {

using Args = std::vector<std::string>;

inline bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

inline const NodeKeys& test_keys() {
  static const NodeKeys keys = NodeKeys::from_seed(KeySeed{}, 3);
  return keys;
}
inline std::string staking_key_text() {
  return to_tagged_base64(test_keys().staking);
}
inline std::string state_key_text() {
  return to_tagged_base64(test_keys().state);
}

// Clears every variable of the option table for the test, so the machine's environment cannot
// change the outcome; restores them afterwards.
class OptionsParserTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto clear = [&](std::span<const OptionSpec> specs) {
      for (const OptionSpec& spec : specs) {
        if (!spec.env.empty()) cleared_.emplace_back(std::string(spec.env), std::nullopt);
      }
    };
    clear(sequencer_option_specs());
    for (const ModuleSpec& module : sequencer_module_specs()) clear(module.options);
  }

  // The required parameters plus `extra`, then the module words.
  // `omit` names a required flag to leave out (the test sets it another way).
  static Args with_required(Args extra, Args modules = {}, std::string_view omit = "") {
    Args args;
    if (omit != "--genesis-file") args.insert(args.end(), {"--genesis-file", "genesis.toml"});
    if (omit != "--key-file") args.insert(args.end(), {"--key-file", "0.env"});
    args.insert(args.end(), extra.begin(), extra.end());
    args.insert(args.end(), modules.begin(), modules.end());
    return args;
  }

  void set_env(const std::string& name, const std::string& value) {
    set_.emplace_back(name, value);
  }

 private:
  std::list<ScopedEnv> cleared_;
  std::list<ScopedEnv> set_;
};

}  // namespace espresso::options_test
