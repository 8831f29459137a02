#pragma once
// The one table of operator options: each row names the long flag, the environment variable, the
// default and the help text, and converts the text into SequencerOptions. The parser registers the
// rows with CLI11, the help text is printed from them, and the tests walk them, so the flags, the
// variables and --help cannot drift apart. Source: the seed operator guide's parameter tables.

#include <span>
#include <string_view>

#include "common/result.hpp"
#include "node/options/sequencer_options.hpp"

namespace espresso {

enum class OptionKind {
  value,  // --flag VALUE or --flag=VALUE
  flag,   // --flag (true), --flag=false; its variable holds true/false
};

struct OptionSpec {
  std::string_view flag;          // "--genesis-file"
  std::string_view env;           // "ESPRESSO_SEQUENCER_GENESIS_FILE"; empty when there is none
  std::string_view value_name;    // what the value looks like, for help and errors: "PATH", "URL"
  std::string_view default_text;  // applied when neither flag nor variable is set; empty: none
  std::string_view help;
  OptionKind kind = OptionKind::value;
  bool required = false;  // an error when neither flag nor variable is set
  bool secret = false;    // the value never appears in errors or help
  // Converts and stores the text; the error says what was expected (the parser names the option).
  Status (*apply)(SequencerOptions& options, std::string_view text) = nullptr;
};

struct ModuleSpec {
  std::string_view name;   // "storage-fs"
  std::string_view alias;  // another accepted name ("storage"); empty when none
  std::string_view help;
  // Marks the module enabled in `options` (with its defaults) before its options are applied.
  void (*enable)(SequencerOptions& options) = nullptr;
  std::span<const OptionSpec> options;
};

// Top-level options: the guide's required and optional parameters and identity variables.
std::span<const OptionSpec> sequencer_option_specs();
// Modules in the order the guide presents them.
std::span<const ModuleSpec> sequencer_module_specs();
// By name or alias; nullptr when unknown.
const ModuleSpec* find_module_spec(std::string_view name);

}  // namespace espresso
