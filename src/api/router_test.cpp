#include "api/router.hpp"

#include <stdexcept>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace espresso {
namespace {

Router sample_router() {
  Router router;
  EXPECT_TRUE(router.add(HttpMethod::kGet, "status", "block-height",
                         [](const HttpRequest&) { return json_response(7); }));
  EXPECT_TRUE(router.add(HttpMethod::kPost, "submit", "submit",
                         [](const HttpRequest& request) { return json_response(request.body); }));
  EXPECT_TRUE(
      router.add(HttpMethod::kGet, "status", "boom",
                 [](const HttpRequest&) -> HttpResponse { throw std::runtime_error("exploded"); }));
  return router;
}

TEST(RouteKey, StripsVersionPrefixesAndSlashes) {
  EXPECT_EQ(route_key("/v0/status/metrics"), "status/metrics");
  EXPECT_EQ(route_key("/v1/status/metrics/"), "status/metrics");
  EXPECT_EQ(route_key("/status/metrics"), "status/metrics");
  EXPECT_EQ(route_key("/v2/status"), "v2/status");
}

TEST(Router, ServesEveryPrefix) {
  auto router = sample_router();
  for (std::string path :
       {"/v0/status/block-height", "/v1/status/block-height", "/status/block-height"}) {
    auto response = router.handle({HttpMethod::kGet, path, "", ""});
    EXPECT_EQ(response.status, 200) << path;
    EXPECT_EQ(response.body, "7");
  }
}

TEST(Router, UnknownRouteIs404WithJsonError) {
  auto response = sample_router().handle({HttpMethod::kGet, "/v0/nope/x", "", ""});
  EXPECT_EQ(response.status, 404);
  auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["status"], 404);
  EXPECT_NE(body["message"].get<std::string>().find("/v0/nope/x"), std::string::npos);
}

TEST(Router, WrongMethodIs405) {
  auto response = sample_router().handle({HttpMethod::kGet, "/submit/submit", "", ""});
  EXPECT_EQ(response.status, 405);
  EXPECT_NE(response.body.find("POST"), std::string::npos);
}

TEST(Router, ThrowingHandlerIs500) {
  auto response = sample_router().handle({HttpMethod::kGet, "/status/boom", "", ""});
  EXPECT_EQ(response.status, 500);
  EXPECT_NE(response.body.find("exploded"), std::string::npos);
}

TEST(Router, RejectsDuplicateAndEmptyRoutes) {
  auto router = sample_router();
  EXPECT_FALSE(router.add(HttpMethod::kGet, "status", "block-height", {}));
  EXPECT_FALSE(router.add(HttpMethod::kGet, "", "x", {}));
  EXPECT_TRUE(router.add(HttpMethod::kPost, "status", "block-height", {}));
}

}  // namespace
}  // namespace espresso
