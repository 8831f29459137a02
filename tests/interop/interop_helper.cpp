// Our side of the cross-implementation checks (crosscheck.mjs drives it): each command signs or
// verifies with this project's crypto and prints hex, one value per line.
//   bls-sign SEED_HEX INDEX MESSAGE_HEX       -> public key, signature, proof of possession
//   bls-verify PUBKEY_HEX MESSAGE_HEX SIG_HEX -> "valid" or "invalid"
//   bls-verify-pop PUBKEY_HEX POP_HEX         -> "valid" or "invalid"
//   bls-aggregate-verify MESSAGE_HEX SIG_HEX PUBKEY_HEX...  -> "valid" or "invalid"
//   eth-sign SECRET_HEX MESSAGE_HEX           -> checksummed address, 65-byte signature r||s||v
//   eth-recover MESSAGE_HEX SIG_HEX           -> checksummed address (EIP-191 message)
//   schnorr-sign SECRET_HEX MESSAGE_HEX       -> x-only public key, signature
//   schnorr-verify PUBKEY_HEX MESSAGE_HEX SIG_HEX -> "valid" or "invalid"
// Exit status: 0 on success (including an "invalid" verdict), 2 on bad arguments.

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "common/hex.hpp"
#include "crypto/bls.hpp"
#include "crypto/ethereum.hpp"
#include "crypto/schnorr.hpp"

namespace {

using namespace espresso;

[[noreturn]] void usage_error(const std::string& message) {
  std::cerr << "interop_helper: " << message << "\n";
  std::exit(2);
}

template <typename T>
T must(Result<T> result, const std::string& what) {
  if (!result) usage_error(what + ": " + result.error().message);
  return std::move(*result);
}

Bytes hex_arg(const std::string& text, const std::string& what) {
  return must(parse_hex(text), what);
}

const char* verdict(bool valid) {
  return valid ? "valid" : "invalid";
}

int run(const std::vector<std::string>& args) {
  if (args.empty()) usage_error("missing command");
  const std::string& command = args[0];
  auto need = [&](std::size_t count) {
    if (args.size() != count + 1 && !(command == "bls-aggregate-verify" && args.size() > count)) {
      usage_error(command + ": expected " + std::to_string(count) + " arguments");
    }
  };
  if (command == "bls-sign") {
    need(3);
    const auto seed = must(parse_hex_fixed<32>(args[1]), "seed");
    const auto secret = BlsSecretKey::from_seed(seed, std::stoull(args[2]));
    const Bytes message = hex_arg(args[3], "message");
    std::cout << to_hex(secret.public_key().to_bytes(), false) << "\n"
              << to_hex(secret.sign(message).to_bytes(), false) << "\n"
              << to_hex(secret.prove_possession().to_bytes(), false) << "\n";
    return 0;
  }
  if (command == "bls-verify") {
    need(3);
    const auto key = must(BlsPublicKey::from_bytes(hex_arg(args[1], "key")), "key");
    const auto signature = BlsSignature::from_bytes(hex_arg(args[3], "signature"));
    std::cout << verdict(signature && key.verify(hex_arg(args[2], "message"), *signature)) << "\n";
    return 0;
  }
  if (command == "bls-verify-pop") {
    need(2);
    const auto key = must(BlsPublicKey::from_bytes(hex_arg(args[1], "key")), "key");
    const auto proof = BlsSignature::from_bytes(hex_arg(args[2], "proof"));
    std::cout << verdict(proof && key.verify_possession(*proof)) << "\n";
    return 0;
  }
  if (command == "bls-aggregate-verify") {
    need(3);
    const auto signature = must(BlsSignature::from_bytes(hex_arg(args[2], "signature")), "sig");
    std::vector<BlsPublicKey> keys;
    for (std::size_t i = 3; i < args.size(); ++i) {
      keys.push_back(must(BlsPublicKey::from_bytes(hex_arg(args[i], "key")), "key"));
    }
    std::cout << verdict(fast_aggregate_verify(keys, hex_arg(args[1], "message"), signature))
              << "\n";
    return 0;
  }
  if (command == "eth-sign") {
    need(2);
    const auto key = must(EthPrivateKey::from_bytes(hex_arg(args[1], "secret")), "secret");
    std::cout << key.address().to_checksum_hex() << "\n"
              << to_hex(key.sign_message(hex_arg(args[2], "message")).to_bytes(), false) << "\n";
    return 0;
  }
  if (command == "eth-recover") {
    need(2);
    const auto signature =
        must(EthSignature::from_bytes(hex_arg(args[2], "signature")), "signature");
    const auto address = recover_address(eip191_hash(hex_arg(args[1], "message")), signature);
    std::cout << (address ? address->to_checksum_hex() : "invalid") << "\n";
    return 0;
  }
  if (command == "schnorr-sign") {
    need(2);
    const auto key = must(SchnorrSecretKey::from_bytes(hex_arg(args[1], "secret")), "secret");
    std::cout << to_hex(key.public_key().to_bytes(), false) << "\n"
              << to_hex(key.sign(hex_arg(args[2], "message")).bytes, false) << "\n";
    return 0;
  }
  if (command == "schnorr-verify") {
    need(3);
    const auto key = must(SchnorrPublicKey::from_bytes(hex_arg(args[1], "key")), "key");
    const auto signature = SchnorrSignature::from_bytes(hex_arg(args[3], "signature"));
    std::cout << verdict(signature && key.verify(hex_arg(args[2], "message"), *signature)) << "\n";
    return 0;
  }
  usage_error("unknown command \"" + command + "\"");
}

}  // namespace

int main(int argc, char** argv) {
  return run(std::vector<std::string>(argv + 1, argv + argc));
}
