// keygen: generates the staking (BLS) and state (Schnorr) keys of sequencer nodes and writes them
// to DIR/0.env .. DIR/N-1.env; prints the public keys. Options mirror upstream's keygen
// (espresso-sequencer sequencer/src/bin/keygen.rs and utils/keygen.rs): --seed, --scheme, --num,
// --out. Like upstream, the seed is also written to DIR/.seed (here with mode 0600).

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>
#include <openssl/rand.h>

#include "common/hex.hpp"
#include "crypto/key_encoding.hpp"
#include "crypto/key_file.hpp"

int main(int argc, char** argv) {
  using namespace espresso;
  CLI::App app{
      "Generates sequencer node keys: a BLS staking key and a Schnorr state key per node.\n"
      "Private keys go to DIR/0.env .. DIR/N-1.env (.env form, mode 0600), usable as\n"
      "ESPRESSO_SEQUENCER_KEY_FILE; the seed goes to DIR/.seed; public keys are printed."};
  std::string seed_hex;
  std::string out_dir;
  std::uint64_t count = 1;
  std::string scheme = "all";
  app.add_option("-s,--seed", seed_hex,
                 "32-byte seed as 64 hex digits without 0x: makes the keys deterministic "
                 "(default: a random seed from the OS)");
  app.add_option("--scheme", scheme,
                 "Which keys to generate: all (staking and state keys), bls (staking key only) "
                 "or schnorr (state key only)")
      ->capture_default_str()
      ->check(CLI::IsMember({"all", "bls", "schnorr"}));
  app.add_option("-n,--num", count, "Number of key sets (files) to generate")
      ->capture_default_str()
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 20));
  app.add_option("-o,--out", out_dir, "Directory for the .env files (created if missing)")
      ->required();
  CLI11_PARSE(app, argc, argv);

  KeySeed seed{};
  if (!seed_hex.empty()) {
    auto parsed = parse_hex_fixed<32>(seed_hex, HexPrefix::kForbidden);
    if (!parsed) {
      std::cerr << "keygen: --seed: expected 64 hex digits (32 bytes) without 0x: "
                << parsed.error().message << "\n";
      return 2;
    }
    seed = *parsed;
  } else if (RAND_bytes(seed.data(), static_cast<int>(seed.size())) != 1) {
    std::cerr << "keygen: no entropy from the OS for a random seed\n";
    return 1;
  }

  const std::filesystem::path dir(out_dir);
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error || !std::filesystem::is_directory(dir)) {
    std::cerr << "keygen: cannot use " << dir << " as the output directory"
              << (error ? ": " + error.message() : std::string()) << "\n";
    return 1;
  }
  if (auto written = write_private_file(dir / ".seed", to_hex(seed, false) + "\n"); !written) {
    std::cerr << "keygen: " << written.error().message << "\n";
    return 1;
  }

  for (std::uint64_t index = 0; index < count; ++index) {
    KeyFileContents contents;
    if (scheme != "schnorr") contents.staking = BlsSecretKey::from_seed(seed, index);
    if (scheme != "bls") contents.state = SchnorrSecretKey::from_seed(seed, index);
    const auto path = dir / (std::to_string(index) + ".env");
    if (auto written = write_key_file(path, contents); !written) {
      std::cerr << "keygen: " << written.error().message << "\n";
      return 1;
    }
    std::cout << "# " << path.string() << "\n";
    if (contents.staking) {
      std::cout << kPublicStakingKeyVar << "=" << to_tagged_base64(contents.staking->public_key())
                << "\n";
    }
    if (contents.state) {
      std::cout << kPublicStateKeyVar << "=" << to_tagged_base64(contents.state->public_key())
                << "\n";
    }
  }
  return 0;
}
