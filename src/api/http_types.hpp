#pragma once
// Beast-free request and response values exchanged between the HTTP server and the API modules, so
// modules and their tests never include Boost.Beast (a Beast translation unit compiles for ~1 min).

#include <functional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace espresso {

enum class HttpMethod { kGet, kPost, kPut, kDelete, kOther };

// "GET", "POST", ... ("OTHER" for methods the API never serves).
std::string_view method_name(HttpMethod method);

struct HttpRequest {
  HttpMethod method = HttpMethod::kGet;
  std::string path;   // the target without the query string, e.g. "/v0/status/block-height"
  std::string query;  // the text after '?', empty when absent
  std::string body;
  std::string content_type = {};  // the Content-Type header, empty when absent
  std::string accept = {};        // the Accept header, empty when absent

  // Whether the client asked for upstream's binary answers (tide-disco: an Accept header naming
  // application/octet-stream; answered with the API version, then bincode).
  bool accepts_binary() const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
};

// A JSON body with the given status.
HttpResponse json_response(const nlohmann::json& value, int status = 200);

// The API's error shape: {"status": <code>, "message": "<what went wrong>"}.
HttpResponse error_response(int status, std::string_view message);

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

}  // namespace espresso
