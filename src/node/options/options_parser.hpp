#pragma once
// The sequencer's command line, as the seed operator guide describes it:
//
//   sequencer [options] -- http --port P --max-connections M -- status -- submit -- config
//             -- catchup -- query --peers URLS -- storage-fs --path P | storage-sql --uri ...
//
// Every option is a long flag and an environment variable (option_table.hpp); a flag wins over its
// variable. A module's variables are read only when the module is given. Errors name the flag,
// the variable and the bad value (never the value of a secret: private keys, passwords, the SQL
// URI).

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "node/options/sequencer_options.hpp"

namespace espresso {

// `args` are the words after the program name. Errors: unknown option or module, a module given
// twice, two storage modules, a missing required parameter, an API module without `http`,
// `query` without a storage module, bad numbers, durations, byte sizes, addresses, URLs and keys.
// A request for help (see requested_help) is an error here: check requested_help first.
Result<SequencerOptions> parse_sequencer_options(std::span<const std::string> args);

// When `args` ask for help, the text to print: `--help`/`-h` among the top-level options gives
// sequencer_help_text(); after a module (`-- http --help`) or as `-- help [MODULE]` it gives that
// module's help (or the list of modules). An unknown module is an error.
std::optional<Result<std::string>> requested_help(std::span<const std::string> args);

// Every top-level option with its variable, default and description, then the list of modules.
std::string sequencer_help_text();
// The module's options with their variables and defaults; an error for an unknown module.
Result<std::string> module_help_text(std::string_view module);

}  // namespace espresso
