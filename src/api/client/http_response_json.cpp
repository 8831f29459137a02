#include <nlohmann/json.hpp>

#include "api/client/http_client.hpp"

namespace espresso {
namespace {

// At most `limit` characters of a body, for error messages.
std::string excerpt(std::string_view body, std::size_t limit = 200) {
  if (body.size() <= limit) return std::string(body);
  return std::string(body.substr(0, limit)) + "...";
}

}  // namespace

Result<nlohmann::json> expect_json(const HttpClientResponse& response, std::string_view what) {
  const std::string where(what);
  auto parsed = nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (!response.ok()) {
    // The API's error shape is {"status", "message"}; fall back to the raw body.
    std::string message = excerpt(response.body);
    if (parsed.is_object() && parsed.contains("message") && parsed["message"].is_string()) {
      message = parsed["message"].get<std::string>();
    }
    return fail(where + ": HTTP " + std::to_string(response.status) + ": " + message);
  }
  if (parsed.is_discarded()) {
    return fail(where + ": response is not JSON: \"" + excerpt(response.body) + "\"");
  }
  return parsed;
}

}  // namespace espresso
