#pragma once
// A small synchronous HTTP/1.1 client (Boost.Beast, hidden in http_client.cpp) for talking to the
// project's own services: the orchestrator, peers' catch-up routes, a node's submit API.
//
// One client object keeps one keep-alive connection and reuses it while requests go to the same
// host and port; a request to another host replaces it. A reused connection that the server has
// closed in the meantime is redialled once. Not thread-safe: use one client per thread.
//
// Errors name the method and URL and say what failed: "GET http://127.0.0.1:9/api/config:
// connection refused", "...: no response within 2000 ms", "...: bad response: ...".

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "api/client/http_url.hpp"
#include "api/http_types.hpp"
#include "common/result.hpp"

namespace espresso {

struct HttpClientOptions {
  std::chrono::milliseconds connect_timeout{5'000};  // name lookup + TCP connect
  std::chrono::milliseconds read_timeout{10'000};    // writing the request + reading the response
  std::size_t body_limit = 64 << 20;                 // largest response body accepted, bytes
};

struct HttpClientResponse {
  int status = 0;
  std::string content_type;
  std::string body;

  bool ok() const { return status >= 200 && status < 300; }
};

class HttpClient {
 public:
  explicit HttpClient(HttpClientOptions options = {});
  ~HttpClient();
  HttpClient(HttpClient&&) noexcept;
  HttpClient& operator=(HttpClient&&) noexcept;

  // Any status the server sends is a response (check `ok()`); errors are transport failures.
  Result<HttpClientResponse> get(std::string_view url);
  // With an Accept header, e.g. "application/octet-stream" for upstream's binary answers.
  Result<HttpClientResponse> get(std::string_view url, std::string_view accept);
  Result<HttpClientResponse> post(std::string_view url, std::string body,
                                  std::string_view content_type = "application/octet-stream");
  Result<HttpClientResponse> post_json(std::string_view url, const nlohmann::json& body);
  Result<HttpClientResponse> request(HttpMethod method, std::string_view url, std::string body = {},
                                     std::string_view content_type = {});

  // A GET whose answer must be 2xx with a JSON body; other statuses become errors that quote the
  // status and the server's message.
  Result<nlohmann::json> get_json(std::string_view url);
  // The same for a POST with a JSON body.
  Result<nlohmann::json> post_json_for_json(std::string_view url, const nlohmann::json& body);

  // Closes the kept connection, if any.
  void close();

  // How many TCP connections this client has opened (tests check that keep-alive reuses one).
  std::size_t connections_opened() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// Checks a response for 2xx and parses its body as JSON; `what` names the request in errors.
Result<nlohmann::json> expect_json(const HttpClientResponse& response, std::string_view what);

}  // namespace espresso
