#include "node/options/options_parser.hpp"

#include <algorithm>
#include <cstdlib>
#include <set>
#include <vector>

#include <CLI/CLI.hpp>
#include <sys/utsname.h>

#include "node/options/option_table.hpp"

namespace espresso {
namespace {

constexpr std::string_view kNodeType = "espresso-sequencer-cpp 0.1.0";
constexpr std::string_view kHidden = "<hidden>";

// One `-- module args...` part of the command line.
struct ModuleArgs {
  std::string name;
  std::vector<std::string> args;
};

struct SplitArgs {
  std::vector<std::string> top_level;
  std::vector<ModuleArgs> modules;
};

Result<SplitArgs> split_at_separators(std::span<const std::string> args) {
  SplitArgs split;
  auto it = args.begin();
  for (; it != args.end() && *it != "--"; ++it) split.top_level.push_back(*it);
  while (it != args.end()) {
    ++it;  // past "--"
    if (it == args.end() || *it == "--") return fail("expected a module name after \"--\"");
    ModuleArgs module{*it, {}};
    for (++it; it != args.end() && *it != "--"; ++it) module.args.push_back(*it);
    split.modules.push_back(std::move(module));
  }
  return split;
}

bool asks_for_help(const std::vector<std::string>& args) {
  return std::any_of(args.begin(), args.end(),
                     [](const std::string& arg) { return arg == "--help" || arg == "-h"; });
}

std::string label(const OptionSpec& spec, std::string_view module) {
  std::string text(spec.flag);
  if (!spec.env.empty()) text += " (" + std::string(spec.env) + ")";
  if (!module.empty()) text += " of module " + std::string(module);
  return text;
}

std::string module_names() {
  std::string names;
  for (const ModuleSpec& module : sequencer_module_specs()) {
    names += (names.empty() ? "" : ", ") + std::string(module.name);
  }
  return names;
}

// The values of secret options as they appear in `args` and the environment, to blank them out
// of CLI11's messages (which may quote words of the command line). Every table's secret flags
// count, so that `--password X` given before the `--` of its module is hidden too.
void add_secret_values(std::span<const OptionSpec> specs, const std::vector<std::string>& args,
                       std::vector<std::string>& secrets) {
  for (const OptionSpec& spec : specs) {
    if (!spec.secret) continue;
    if (!spec.env.empty()) {
      if (const char* value = std::getenv(std::string(spec.env).c_str()); value && *value) {
        secrets.emplace_back(value);
      }
    }
    const std::string prefix = std::string(spec.flag) + "=";
    for (std::size_t i = 0; i < args.size(); ++i) {
      if (args[i] == spec.flag && i + 1 < args.size()) secrets.push_back(args[i + 1]);
      if (args[i].starts_with(prefix) && args[i].size() > prefix.size()) {
        secrets.push_back(args[i].substr(prefix.size()));
      }
    }
  }
}

std::vector<std::string> secret_values(const std::vector<std::string>& args) {
  std::vector<std::string> secrets;
  add_secret_values(sequencer_option_specs(), args, secrets);
  for (const ModuleSpec& module : sequencer_module_specs()) {
    add_secret_values(module.options, args, secrets);
  }
  return secrets;
}

std::string without_secrets(std::string message, const std::vector<std::string>& secrets) {
  for (const std::string& secret : secrets) {
    if (secret.empty()) continue;  // nothing to hide, and find("") would never advance
    for (auto at = message.find(secret); at != std::string::npos;
         at = message.find(secret, at + kHidden.size())) {
      message.replace(at, secret.size(), kHidden);
    }
  }
  return message;
}

// Reads `specs` from `args` and the environment through CLI11 and applies them to `options`.
// `module` is empty for the top-level options.
Status apply_options(std::span<const OptionSpec> specs, const std::vector<std::string>& args,
                     std::string_view module, SequencerOptions& options) {
  const std::string where =
      module.empty() ? std::string("options") : "options of module " + std::string(module);
  CLI::App app;
  app.set_help_flag();  // help is ours (requested_help), printed from the same table
  std::vector<std::string> texts(specs.size());
  std::vector<CLI::Option*> registered(specs.size());
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const OptionSpec& spec = specs[i];
    const std::string name(spec.flag);
    registered[i] = spec.kind == OptionKind::flag ? app.add_flag(name, texts[i])
                                                  : app.add_option(name, texts[i]);
    if (!spec.env.empty()) registered[i]->envname(std::string(spec.env));
  }
  std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 takes them reversed
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& error) {
    return fail(where + ": " + without_secrets(error.what(), secret_values(args)));
  }
  std::vector<std::string> missing;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const OptionSpec& spec = specs[i];
    std::string_view text;
    if (registered[i]->count() > 0) {
      text = texts[i];
    } else if (!spec.default_text.empty()) {
      text = spec.default_text;
    } else {
      if (spec.required) missing.push_back(label(spec, module));
      continue;
    }
    if (Status applied = spec.apply(options, text); !applied) {
      if (spec.secret) {
        return fail(label(spec, module) + ": invalid value (not shown, it is secret): expected " +
                    std::string(spec.value_name));
      }
      return fail(label(spec, module) + ": " + applied.error().message);
    }
  }
  if (!missing.empty()) {
    std::string list;
    for (const std::string& name : missing) list += (list.empty() ? "" : ", ") + name;
    return fail("missing required parameter " + list);
  }
  return {};
}

Status enable_modules(const std::vector<ModuleArgs>& modules, SequencerOptions& options) {
  std::set<std::string_view> given;
  for (const ModuleArgs& module : modules) {
    const ModuleSpec* spec = find_module_spec(module.name);
    if (spec == nullptr) {
      return fail("unknown module \"" + module.name + "\" (modules: " + module_names() + ")");
    }
    if (!given.insert(spec->name).second) {
      return fail("module " + std::string(spec->name) + " is given twice");
    }
    const bool storage_module = spec->name.starts_with("storage-");
    if (storage_module && !std::holds_alternative<std::monostate>(options.modules.storage)) {
      return fail("modules storage-fs and storage-sql cannot both be given: choose one storage");
    }
    spec->enable(options);
    ESEQ_TRY_STATUS(apply_options(spec->options, module.args, spec->name, options));
  }
  return {};
}

Status check_combinations(const SequencerOptions& options) {
  const SequencerModules& modules = options.modules;
  if (!options.key_file && !(options.private_staking_key && options.private_state_key)) {
    if (options.private_staking_key || options.private_state_key) {
      return fail(
          "--private-staking-key (ESPRESSO_SEQUENCER_PRIVATE_STAKING_KEY) and --private-state-key "
          "(ESPRESSO_SEQUENCER_PRIVATE_STATE_KEY) must be given together");
    }
    return fail(
        "missing required parameter --key-file (ESPRESSO_SEQUENCER_KEY_FILE), or both "
        "--private-staking-key and --private-state-key");
  }
  if (options.identity.latitude.has_value() != options.identity.longitude.has_value()) {
    return fail(
        "--latitude (ESPRESSO_SEQUENCER_IDENTITY_LATITUDE) and --longitude "
        "(ESPRESSO_SEQUENCER_IDENTITY_LONGITUDE) must be given together");
  }
  const std::pair<bool, std::string_view> needs_http[] = {{modules.status, "status"},
                                                          {modules.submit, "submit"},
                                                          {modules.config, "config"},
                                                          {modules.catchup, "catchup"},
                                                          {modules.query.has_value(), "query"}};
  for (const auto& [enabled, name] : needs_http) {
    if (enabled && !modules.http) {
      return fail("module " + std::string(name) + " needs module http (add `-- http --port P`)");
    }
  }
  if (modules.query && std::holds_alternative<std::monostate>(modules.storage)) {
    return fail(
        "module query needs a storage module (add `-- storage-fs --path P` or `-- storage-sql`)");
  }
  if (const auto* sql = std::get_if<SqlStorage>(&modules.storage)) {
    if (sql->prune && sql->archive) {
      return fail("--prune and --archive of module storage-sql cannot both be set");
    }
    if (sql->pruning.minimum_retention > sql->pruning.target_retention) {
      return fail("--minimum-retention of module storage-sql must not exceed --target-retention");
    }
  }
  return {};
}

std::string default_operating_system() {
  utsname names{};
  if (uname(&names) != 0) return "unknown";
  return std::string(names.sysname) + " " + names.release;
}

// Appends `text` wrapped at word boundaries to lines of at most kHelpWidth columns, each starting
// with `indent`.
void append_wrapped(std::string& out, std::string_view text, std::string_view indent) {
  constexpr std::size_t kHelpWidth = 100;
  std::size_t column = 0;
  while (!text.empty()) {
    const std::size_t space = text.find(' ');
    const std::string_view word = text.substr(0, space);
    text = space == std::string_view::npos ? std::string_view() : text.substr(space + 1);
    if (word.empty()) continue;
    if (column == 0) {
      out += indent;
      column = indent.size();
    } else if (column + 1 + word.size() > kHelpWidth) {
      out += "\n";
      out += indent;
      column = indent.size();
    } else {
      out += ' ';
      ++column;
    }
    out += word;
    column += word.size();
  }
  out += "\n";
}

void append_option_help(std::string& out, const OptionSpec& spec) {
  out += "  " + std::string(spec.flag);
  if (spec.kind == OptionKind::value) out += " <" + std::string(spec.value_name) + ">";
  out += "\n";
  append_wrapped(out, spec.help, "      ");
  out += "      ";
  out += spec.env.empty() ? std::string("env: none") : "env: " + std::string(spec.env);
  if (spec.required) out += "   (required)";
  if (!spec.default_text.empty()) out += "   default: " + std::string(spec.default_text);
  out += "\n";
}

}  // namespace

Result<SequencerOptions> parse_sequencer_options(std::span<const std::string> args) {
  auto split = split_at_separators(args);
  if (!split) return fail(std::move(split).error());
  if (requested_help(args)) return fail("help was requested (--help); print requested_help()");
  SequencerOptions options;
  ESEQ_TRY_STATUS(apply_options(sequencer_option_specs(), split->top_level, "", options));
  ESEQ_TRY_STATUS(enable_modules(split->modules, options));
  ESEQ_TRY_STATUS(check_combinations(options));
  if (options.identity.operating_system.empty()) {
    options.identity.operating_system = default_operating_system();
  }
  if (options.identity.node_type.empty()) options.identity.node_type = kNodeType;
  return options;
}

std::optional<Result<std::string>> requested_help(std::span<const std::string> args) {
  auto split = split_at_separators(args);
  if (!split) return std::nullopt;  // parse_sequencer_options reports it
  if (asks_for_help(split->top_level)) return Result<std::string>(sequencer_help_text());
  for (const ModuleArgs& module : split->modules) {
    if (module.name == "help") {
      if (module.args.empty()) return Result<std::string>(sequencer_help_text());
      return module_help_text(module.args.front());
    }
    if (asks_for_help(module.args)) return module_help_text(module.name);
  }
  return std::nullopt;
}

std::string sequencer_help_text() {
  std::string out =
      "Runs an Espresso sequencer node.\n\n"
      "Usage: sequencer [OPTIONS] [-- MODULE [MODULE OPTIONS]]...\n\n"
      "Options (each one also from its environment variable; a flag wins over the variable):\n";
  for (const OptionSpec& spec : sequencer_option_specs()) append_option_help(out, spec);
  out += "\nModules (`sequencer -- MODULE --help` lists a module's options):\n";
  for (const ModuleSpec& module : sequencer_module_specs()) {
    out += "  " + std::string(module.name);
    if (!module.alias.empty()) out += " (or " + std::string(module.alias) + ")";
    out += "\n";
    append_wrapped(out, module.help, "      ");
  }
  return out;
}

Result<std::string> module_help_text(std::string_view module) {
  const ModuleSpec* spec = find_module_spec(module);
  if (spec == nullptr) {
    return fail("unknown module \"" + std::string(module) + "\" (modules: " + module_names() + ")");
  }
  std::string out = "Module " + std::string(spec->name) + ": " + std::string(spec->help) +
                    "\n\nUsage: sequencer [OPTIONS] -- " + std::string(spec->name);
  if (spec->options.empty()) return out + "\n\nThis module has no options.\n";
  out += " [MODULE OPTIONS]\n\nModule options (each one also from its environment variable):\n";
  for (const OptionSpec& option : spec->options) append_option_help(out, option);
  return out;
}

}  // namespace espresso
