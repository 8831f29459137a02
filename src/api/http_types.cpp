#include "api/http_types.hpp"

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
