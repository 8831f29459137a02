#include "api/http_types.hpp"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

namespace espresso {

std::string_view method_name(HttpMethod method) {
  switch (method) {
    case HttpMethod::kGet:
      return "GET";
    case HttpMethod::kPost:
      return "POST";
    case HttpMethod::kPut:
      return "PUT";
    case HttpMethod::kDelete:
      return "DELETE";
    case HttpMethod::kOther:
      break;
  }
  return "OTHER";
}

bool HttpRequest::accepts_binary() const {
  std::string lower(accept);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const auto binary = lower.find("application/octet-stream");
  if (binary == std::string::npos) return false;
  // A client listing both gets the one it names first.
  const auto json = lower.find("application/json");
  return json == std::string::npos || binary < json;
}

HttpResponse json_response(const nlohmann::json& value, int status) {
  // Replace invalid UTF-8 instead of throwing: bodies may echo client input.
  return HttpResponse{status, "application/json",
                      value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)};
}

HttpResponse error_response(int status, std::string_view message) {
  return json_response(nlohmann::json{{"status", status}, {"message", std::string(message)}},
                       status);
}

}  // namespace espresso
