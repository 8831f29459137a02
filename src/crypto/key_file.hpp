#pragma once
// Key files in the `.env` form of the operator guide: one KEY=VALUE per line, values as
// TaggedBase64. A file written by keygen holds, for each scheme it generated:
//   ESPRESSO_SEQUENCER_PUBLIC_STAKING_KEY=BLS_VER_KEY~...
//   ESPRESSO_SEQUENCER_PRIVATE_STAKING_KEY=BLS_SIGNING_KEY~...
//   ESPRESSO_SEQUENCER_PUBLIC_STATE_KEY=SCHNORR_VER_KEY~...
//   ESPRESSO_SEQUENCER_PRIVATE_STATE_KEY=SCHNORR_SIGNING_KEY~...
// (the layout of upstream's keygen, sequencer/src/bin/utils/keygen.rs). Private keys are what the
// node needs; public lines, when present, must match them.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "crypto/bls.hpp"
#include "crypto/schnorr.hpp"

namespace espresso {

inline constexpr std::string_view kPrivateStakingKeyVar = "ESPRESSO_SEQUENCER_PRIVATE_STAKING_KEY";
inline constexpr std::string_view kPrivateStateKeyVar = "ESPRESSO_SEQUENCER_PRIVATE_STATE_KEY";
inline constexpr std::string_view kPublicStakingKeyVar = "ESPRESSO_SEQUENCER_PUBLIC_STAKING_KEY";
inline constexpr std::string_view kPublicStateKeyVar = "ESPRESSO_SEQUENCER_PUBLIC_STATE_KEY";

// The two keys a node runs with.
struct NodeKeys {
  BlsSecretKey staking;
  SchnorrSecretKey state;

  static NodeKeys random();
  static NodeKeys from_seed(const KeySeed& seed, std::uint64_t index);
};

// What a key file holds; either key may be absent (keygen --scheme bls|schnorr).
struct KeyFileContents {
  std::optional<BlsSecretKey> staking;
  std::optional<SchnorrSecretKey> state;

  // Both keys, or an error naming the missing variable(s).
  Result<NodeKeys> node_keys() const;
};

// The file's text, public key lines before private ones for each scheme.
std::string format_key_file(const KeyFileContents& contents);

// Parses `.env` text: blank lines and '#' comments are skipped, an optional "export " prefix and
// matching quotes around the value are allowed, unknown variables are ignored. Errors name
// `source` and the line.
Result<KeyFileContents> parse_key_file(std::string_view text, std::string_view source = "key file");

// Writes the file with mode 0600 from its creation (never readable by others, not even briefly):
// the text goes to a new temporary file beside `path`, which is then renamed over `path`.
Status write_key_file(const std::filesystem::path& path, const KeyFileContents& contents);

// Writes `text` to `path` the same way (mode 0600 from creation, atomic replace): for any secret.
Status write_private_file(const std::filesystem::path& path, std::string_view text);

Result<KeyFileContents> read_key_file(const std::filesystem::path& path);

}  // namespace espresso
