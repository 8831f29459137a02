#include "crypto/key_file.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <openssl/crypto.h>
#include <unistd.h>

#include "crypto/key_encoding.hpp"

namespace espresso {
namespace {

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r");
  return text.substr(first, last - first + 1);
}

std::string errno_text() {
  return std::strerror(errno);
}

// Writes all of `text` to `fd`, retrying short writes.
Status write_all(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t written = ::write(fd, text.data(), text.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return fail(errno_text());
    }
    text.remove_prefix(static_cast<std::size_t>(written));
  }
  return {};
}

}  // namespace

NodeKeys NodeKeys::random() {
  return {BlsSecretKey::random(), SchnorrSecretKey::random()};
}

NodeKeys NodeKeys::from_seed(const KeySeed& seed, std::uint64_t index) {
  return {BlsSecretKey::from_seed(seed, index), SchnorrSecretKey::from_seed(seed, index)};
}

Result<NodeKeys> KeyFileContents::node_keys() const {
  if (!staking && !state) {
    return fail("missing " + std::string(kPrivateStakingKeyVar) + " and " +
                std::string(kPrivateStateKeyVar));
  }
  if (!staking) return fail("missing " + std::string(kPrivateStakingKeyVar));
  if (!state) return fail("missing " + std::string(kPrivateStateKeyVar));
  return NodeKeys{*staking, *state};
}

std::string format_key_file(const KeyFileContents& contents) {
  std::string out;
  auto line = [&out](std::string_view name, const std::string& value) {
    out.append(name).append("=").append(value).append("\n");
  };
  if (contents.staking) {
    line(kPublicStakingKeyVar, to_tagged_base64(contents.staking->public_key()));
    line(kPrivateStakingKeyVar, to_tagged_base64(*contents.staking));
  }
  if (contents.state) {
    line(kPublicStateKeyVar, to_tagged_base64(contents.state->public_key()));
    line(kPrivateStateKeyVar, to_tagged_base64(*contents.state));
  }
  return out;
}

Result<KeyFileContents> parse_key_file(std::string_view text, std::string_view source) {
  KeyFileContents contents;
  std::optional<BlsPublicKey> public_staking;
  std::optional<SchnorrPublicKey> public_state;
  std::size_t line_number = 0;
  while (!text.empty()) {
    ++line_number;
    const auto end = text.find('\n');
    std::string_view line = trim(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    if (line.empty() || line.front() == '#') continue;
    if (line.starts_with("export ")) line = trim(line.substr(7));
    const auto equals = line.find('=');
    const std::string where = std::string(source) + ":" + std::to_string(line_number);
    if (equals == std::string_view::npos) {
      return fail(where + ": expected NAME=VALUE, got a line without '='");
    }
    const std::string_view name = trim(line.substr(0, equals));
    std::string_view value = trim(line.substr(equals + 1));
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    }
    auto in_context = [&](Error error) {
      return std::move(error).context(where + ": " + std::string(name));
    };
    if (name == kPrivateStakingKeyVar) {
      auto key = parse_bls_secret_key(value);
      if (!key) return fail(in_context(std::move(key).error()));
      contents.staking = std::move(*key);
    } else if (name == kPrivateStateKeyVar) {
      auto key = parse_schnorr_secret_key(value);
      if (!key) return fail(in_context(std::move(key).error()));
      contents.state = std::move(*key);
    } else if (name == kPublicStakingKeyVar) {
      auto key = parse_bls_public_key(value);
      if (!key) return fail(in_context(std::move(key).error()));
      public_staking = *key;
    } else if (name == kPublicStateKeyVar) {
      auto key = parse_schnorr_public_key(value);
      if (!key) return fail(in_context(std::move(key).error()));
      public_state = *key;
    }
  }
  if (public_staking && contents.staking && !(*public_staking == contents.staking->public_key())) {
    return fail(std::string(source) + ": " + std::string(kPublicStakingKeyVar) +
                " does not belong to " + std::string(kPrivateStakingKeyVar));
  }
  if (public_state && contents.state && !(*public_state == contents.state->public_key())) {
    return fail(std::string(source) + ": " + std::string(kPublicStateKeyVar) +
                " does not belong to " + std::string(kPrivateStateKeyVar));
  }
  return contents;
}

Status write_private_file(const std::filesystem::path& path, std::string_view text) {
  const std::filesystem::path temporary = path.string() + ".tmp";
  ::unlink(temporary.c_str());  // a stale temporary from an interrupted run
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return fail("cannot create " + temporary.string() + ": " + errno_text());
  Status written = write_all(fd, text);
  if (written && ::fsync(fd) != 0) written = fail(errno_text());
  if (::close(fd) != 0 && written) written = fail(errno_text());
  if (!written) {
    ::unlink(temporary.c_str());
    return fail("cannot write " + temporary.string() + ": " + written.error().message);
  }
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    const std::string reason = errno_text();
    ::unlink(temporary.c_str());
    return fail("cannot move " + temporary.string() + " into place at " + path.string() + ": " +
                reason);
  }
  return {};
}

Status write_key_file(const std::filesystem::path& path, const KeyFileContents& contents) {
  std::string text = format_key_file(contents);
  Status written = write_private_file(path, text);
  OPENSSL_cleanse(text.data(), text.size());
  if (!written) return fail(std::move(written).error().context("key file"));
  return {};
}

Result<KeyFileContents> read_key_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail("cannot open key file " + path.string() + ": " + errno_text());
  std::ostringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  auto contents = parse_key_file(text, path.string());
  OPENSSL_cleanse(text.data(), text.size());
  return contents;
}

}  // namespace espresso
