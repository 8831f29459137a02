// pub-key: prints the public key of a private key, as upstream's pub-key
// (espresso-sequencer sequencer/src/bin/pub-key.rs): the positional KEY is a BLS_SIGNING_KEY~...
// (prints BLS_VER_KEY~...) or a SCHNORR_SIGNING_KEY~... (prints SCHNORR_VER_KEY~...); with
// -l/--libp2p and a staking key it prints the libp2p peer id instead (see crypto/peer_id.hpp).
// --key-file reads a .env key file and prints the public keys of every private key in it.

#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include "crypto/key_encoding.hpp"
#include "crypto/key_file.hpp"
#include "crypto/peer_id.hpp"

namespace {

int print_from_key_file(const std::string& path, bool libp2p) {
  using namespace espresso;
  auto contents = read_key_file(path);
  if (!contents) {
    std::cerr << "pub-key: " << contents.error().message << "\n";
    return 1;
  }
  if (!contents->staking && !contents->state) {
    std::cerr << "pub-key: " << path << " has neither " << kPrivateStakingKeyVar << " nor "
              << kPrivateStateKeyVar << "\n";
    return 1;
  }
  if (libp2p) {
    if (!contents->staking) {
      std::cerr << "pub-key: " << path << " has no " << kPrivateStakingKeyVar
                << " to derive a libp2p peer id from\n";
      return 1;
    }
    std::cout << libp2p_peer_id(*contents->staking) << "\n";
    return 0;
  }
  if (contents->staking) {
    std::cout << kPublicStakingKeyVar << "=" << to_tagged_base64(contents->staking->public_key())
              << "\n";
  }
  if (contents->state) {
    std::cout << kPublicStateKeyVar << "=" << to_tagged_base64(contents->state->public_key())
              << "\n";
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace espresso;
  CLI::App app{"Prints the public key (or, with --libp2p, the libp2p peer id) of a private key."};
  std::string key_text;
  std::string key_file;
  bool libp2p = false;
  auto* key_option = app.add_option(
      "KEY", key_text,
      "Private key: BLS_SIGNING_KEY~... (staking) or SCHNORR_SIGNING_KEY~... (state)");
  app.add_option("--key-file", key_file, "Read the private keys from this .env key file instead")
      ->excludes(key_option);
  app.add_flag("-l,--libp2p", libp2p, "Print the libp2p peer id derived from the staking key");
  CLI11_PARSE(app, argc, argv);

  if (!key_file.empty()) return print_from_key_file(key_file, libp2p);
  if (key_text.empty()) {
    std::cerr << "pub-key: give a private KEY or --key-file (see --help)\n";
    return 2;
  }
  const std::string tag = key_text.substr(0, key_text.find('~'));
  if (tag == kBlsSigningKeyTag) {
    auto key = parse_bls_secret_key(key_text);
    if (!key) {
      std::cerr << "pub-key: " << key.error().message << "\n";
      return 1;
    }
    std::cout << (libp2p ? libp2p_peer_id(*key) : to_tagged_base64(key->public_key())) << "\n";
    return 0;
  }
  if (tag == kSchnorrSigningKeyTag) {
    if (libp2p) {
      std::cerr << "pub-key: a libp2p peer id derives from the staking key (BLS_SIGNING_KEY~...), "
                   "not from a state key\n";
      return 1;
    }
    auto key = parse_schnorr_secret_key(key_text);
    if (!key) {
      std::cerr << "pub-key: " << key.error().message << "\n";
      return 1;
    }
    std::cout << to_tagged_base64(key->public_key()) << "\n";
    return 0;
  }
  // The input may be a secret in some other form: show its tag only, never the value.
  std::cerr << "pub-key: unrecognized key type: expected BLS_SIGNING_KEY~... or "
               "SCHNORR_SIGNING_KEY~..., got "
            << (key_text.find('~') == std::string::npos
                    ? std::string("text that is not TaggedBase64 (no '~')")
                    : "a value with tag \"" + tag.substr(0, 40) + "\"")
            << "\n";
  return 1;
}
