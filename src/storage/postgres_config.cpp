#include <charconv>
#include <memory>
#include <string>

#include <libpq-fe.h>

#include "storage/postgres.hpp"

namespace espresso::storage {
namespace {

// The password of a postgres://user:password@host URI, so an error can blank it out even when
// libpq could not parse the rest.
std::string_view password_in(std::string_view uri) {
  const auto scheme = uri.find("://");
  if (scheme == std::string_view::npos) return {};
  const std::string_view rest = uri.substr(scheme + 3);
  const auto at = rest.rfind('@');
  if (at == std::string_view::npos) return {};
  const std::string_view credentials = rest.substr(0, at);
  const auto colon = credentials.find(':');
  if (colon == std::string_view::npos) return {};
  return credentials.substr(colon + 1);
}

std::string without(std::string text, std::string_view secret) {
  if (secret.empty()) return text;
  for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3)) {
    text.replace(at, secret.size(), "***");
  }
  return text;
}

}  // namespace

Result<PostgresConfig> PostgresConfig::from_uri(std::string_view uri) {
  const std::string text(uri);
  const std::string_view secret = password_in(uri);
  const std::string shown = without(text, secret);
  if (!text.starts_with("postgres://") && !text.starts_with("postgresql://")) {
    return fail("postgres: URI \"" + shown + "\" should start with postgres:// or postgresql://");
  }
  char* message = nullptr;
  std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(
      PQconninfoParse(text.c_str(), &message), &PQconninfoFree);
  if (!options) {
    std::string detail = message != nullptr ? message : "out of memory";
    PQfreemem(message);
    while (!detail.empty() && detail.back() == '\n') detail.pop_back();
    return fail("postgres: cannot parse URI \"" + shown + "\": " + without(detail, secret));
  }
  PostgresConfig config;
  for (const PQconninfoOption* option = options.get(); option->keyword != nullptr; ++option) {
    if (option->val == nullptr) continue;
    const std::string_view key = option->keyword;
    const std::string value = option->val;
    if (key == "host" && !value.empty()) {
      config.host = value;
    } else if (key == "port" && !value.empty()) {
      unsigned port = 0;
      const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), port);
      if (error != std::errc{} || end != value.data() + value.size() || port == 0 || port > 65535) {
        return fail("postgres: URI \"" + shown + "\": port \"" + value +
                    "\" is not a number in 1..65535");
      }
      config.port = static_cast<std::uint16_t>(port);
    } else if (key == "dbname" && !value.empty()) {
      config.database = value;
    } else if (key == "user" && !value.empty()) {
      config.user = value;
    } else if (key == "password") {
      config.password = value;
    } else if (key == "sslmode") {
      config.use_tls = value == "require" || value == "verify-ca" || value == "verify-full";
    }
  }
  return config;
}

std::string PostgresConfig::describe() const {
  std::string text = database + "@" + host + ":" + std::to_string(port);
  if (!schema.empty()) text += " (schema " + schema + ")";
  return text;
}

}  // namespace espresso::storage
