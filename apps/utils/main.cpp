// utils: a small tool for operators and rollup developers.
//   utils genesis <file.toml|->        validate a genesis file, print it as normalized JSON
//   utils commit <type> <file.json|->  print the TaggedBase64 commitment of a JSON object

#include <iostream>

#include <CLI/CLI.hpp>

#include "commands.hpp"

int main(int argc, char** argv) {
  using espresso::utils::commit_types;
  CLI::App app{"Espresso sequencer utilities: check genesis files and compute commitments."};
  app.require_subcommand(1);

  std::string genesis_input;
  auto* genesis = app.add_subcommand(
      "genesis",
      "Validate a genesis TOML file and print it as normalized JSON (amounts in wei as decimal "
      "strings, times as Unix seconds). Warnings go to stderr; exits 1 with the error if invalid.");
  genesis->add_option("file", genesis_input, "Genesis TOML file, or - for standard input")
      ->required();

  std::string commit_type;
  std::string commit_input;
  auto* commit = app.add_subcommand(
      "commit",
      "Print the commitment (TAG~base64) of an Espresso object given as upstream JSON. Headers "
      "may be v0.1 (plain fields) or versioned ({\"version\": ..., \"fields\": ...}).");
  commit->add_option("type", commit_type, "Object type")
      ->required()
      ->check(CLI::IsMember(commit_types()));
  commit->add_option("file", commit_input, "JSON file, or - for standard input")->required();

  CLI11_PARSE(app, argc, argv);
  if (genesis->parsed()) return espresso::utils::run_genesis(genesis_input, std::cout, std::cerr);
  return espresso::utils::run_commit(commit_type, commit_input, std::cout, std::cerr);
}
