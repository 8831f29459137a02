#pragma once
// The subcommands of `utils`, apart from argument parsing so they can be called directly.

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace espresso::utils {

// The JSON types `utils commit` knows, with their upstream names.
const std::vector<std::string>& commit_types();

// Each returns the process exit code; results go to `out`, errors and warnings to `err`.
// `input` is a file path, or "-" for standard input.
int run_genesis(const std::string& input, std::ostream& out, std::ostream& err);
int run_commit(const std::string& type, const std::string& input, std::ostream& out,
               std::ostream& err);

}  // namespace espresso::utils
