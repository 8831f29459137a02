#include "api/router.hpp"

#include <stdexcept>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <rapidcheck/gtest.h>

#include "common/tagged_base64.hpp"

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
  EXPECT_FALSE(router.add(HttpMethod::kGet, "status", "block-height", HttpHandler{}));
  EXPECT_FALSE(router.add(HttpMethod::kGet, "", "x", HttpHandler{}));
  EXPECT_TRUE(router.add(HttpMethod::kPost, "status", "block-height", HttpHandler{}));
}

HttpResponse echo_params(const HttpRequest&, const PathParams& params) {
  nlohmann::json body = nlohmann::json::object();
  for (const auto& [name, value] : params.entries()) body[name] = value;
  return json_response(body);
}

// The availability shapes of upstream's hotshot-query-service api/availability.toml.
Router parameter_router() {
  Router router;
  for (std::string_view path :
       {"header/:height", "header/hash/:hash", "header/:from/:until",
        "header/payload-hash/:payload-hash", "block/:height/namespace/:namespace"}) {
    EXPECT_TRUE(router.add(HttpMethod::kGet, "availability", path, RouteHandler(echo_params)))
        << path;
  }
  return router;
}

nlohmann::json get_json(const Router& router, std::string path, int expected_status = 200) {
  auto response = router.handle({HttpMethod::kGet, std::move(path), "", ""});
  EXPECT_EQ(response.status, expected_status) << response.body;
  return nlohmann::json::parse(response.body);
}

TEST(RouterParams, CapturesNamedSegments) {
  auto router = parameter_router();
  EXPECT_EQ(get_json(router, "/v0/availability/header/42"), (nlohmann::json{{"height", "42"}}));
  EXPECT_EQ(get_json(router, "/availability/header/3/9/"),
            (nlohmann::json{{"from", "3"}, {"until", "9"}}));
  EXPECT_EQ(get_json(router, "/v1/availability/block/5/namespace/77"),
            (nlohmann::json{{"height", "5"}, {"namespace", "77"}}));
}

TEST(RouterParams, ExactSegmentWinsOverParameter) {
  auto router = parameter_router();
  // "hash/X" matches both "header/hash/:hash" and "header/:from/:until".
  EXPECT_EQ(get_json(router, "/v0/availability/header/hash/BLOCK~abc"),
            (nlohmann::json{{"hash", "BLOCK~abc"}}));
  EXPECT_EQ(get_json(router, "/v0/availability/header/payload-hash/X"),
            (nlohmann::json{{"payload-hash", "X"}}));
  // A lone "hash" is not a full exact route, so the parameter route takes it.
  EXPECT_EQ(get_json(router, "/v0/availability/header/hash"), (nlohmann::json{{"height", "hash"}}));
}

TEST(RouterParams, PercentDecodesValues) {
  auto router = parameter_router();
  EXPECT_EQ(get_json(router, "/v0/availability/header/hash/TX%7Eab%2"),
            (nlohmann::json{{"hash", "TX~ab%2"}}));
}

TEST(RouterParams, UnmatchedShapesAre404AndOtherMethods405) {
  auto router = parameter_router();
  EXPECT_EQ(get_json(router, "/v0/availability/header", 404)["status"], 404);
  EXPECT_EQ(get_json(router, "/v0/availability/header/1/2/3", 404)["status"], 404);
  EXPECT_EQ(get_json(router, "/v0/availability/header//2", 404)["status"], 404);
  auto response = router.handle({HttpMethod::kPost, "/v0/availability/header/1", "", ""});
  EXPECT_EQ(response.status, 405);
  EXPECT_NE(response.body.find("GET"), std::string::npos);
}

TEST(RouterParams, MethodFallsBackToParameterRoute) {
  Router router;
  ASSERT_TRUE(router.add(HttpMethod::kPost, "m", "x/fixed", RouteHandler(echo_params)));
  ASSERT_TRUE(router.add(HttpMethod::kGet, "m", "x/:any", RouteHandler(echo_params)));
  EXPECT_EQ(get_json(router, "/m/x/fixed"), (nlohmann::json{{"any", "fixed"}}));
}

TEST(RouterParams, RejectsBadPatterns) {
  auto router = parameter_router();
  // Same shape as "header/:height", whatever the name.
  EXPECT_FALSE(
      router.add(HttpMethod::kGet, "availability", "header/:number", RouteHandler(echo_params)));
  EXPECT_FALSE(router.add(HttpMethod::kGet, "availability", "x/:", RouteHandler(echo_params)));
  EXPECT_FALSE(router.add(HttpMethod::kGet, "availability", "x/:a/:a", RouteHandler(echo_params)));
  EXPECT_FALSE(router.add(HttpMethod::kGet, ":module", "x", RouteHandler(echo_params)));
  EXPECT_FALSE(router.add(HttpMethod::kGet, "availability", "x//y", RouteHandler(echo_params)));
  EXPECT_EQ(router.routes().size(), 5u);
  EXPECT_EQ(router.routes().front(), "GET availability/block/:height/namespace/:namespace");
}

PathParams one_param(std::string name, std::string value) {
  PathParams params;
  params.add(std::move(name), std::move(value));
  return params;
}

// The 400 body names the parameter and quotes the value.
void expect_bad_param(const HttpResponse& response, std::string_view name, std::string_view value) {
  EXPECT_EQ(response.status, 400);
  auto message = nlohmann::json::parse(response.body)["message"].get<std::string>();
  EXPECT_NE(message.find("'" + std::string(name) + "'"), std::string::npos) << message;
  EXPECT_NE(message.find(value), std::string::npos) << message;
}

TEST(ParamHelpers, U64) {
  EXPECT_EQ(param_u64(one_param("height", "0"), "height"), 0u);
  EXPECT_EQ(param_u64(one_param("height", "18446744073709551615"), "height"),
            18446744073709551615ull);
  for (std::string bad : {"", "-1", "+1", "1x", " 1", "0x10", "18446744073709551616", "abc"}) {
    auto result = param_u64(one_param("height", bad), "height");
    ASSERT_FALSE(result) << bad;
    expect_bad_param(result.error(), "height", bad);
  }
  auto missing = param_u64(one_param("height", "1"), "from");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().status, 400);
  EXPECT_NE(missing.error().body.find("'from'"), std::string::npos);
}

TEST(ParamHelpers, Hash) {
  std::string hex = "0x" + std::string(64, 'a');
  auto hash = param_hash(one_param("hash", hex), "hash");
  ASSERT_TRUE(hash);
  EXPECT_EQ((*hash)[31], 0xaa);
  for (std::string bad :
       {std::string("0x1234"), std::string(63, 'a'), "0x" + std::string(64, 'g')}) {
    auto result = param_hash(one_param("hash", bad), "hash");
    ASSERT_FALSE(result) << bad;
    expect_bad_param(result.error(), "hash", bad);
  }
}

TEST(ParamHelpers, TaggedBase64) {
  std::string text = TaggedBase64{"BLOCK", Bytes(32, 7)}.to_string();
  auto value = param_tagged_base64(one_param("hash", text), "hash", "BLOCK");
  ASSERT_TRUE(value);
  EXPECT_EQ(*value, Bytes(32, 7));
  std::string corrupted = text;
  corrupted.back() = corrupted.back() == 'A' ? 'B' : 'A';
  for (std::string bad :
       {TaggedBase64{"TX", Bytes(32, 7)}.to_string(), corrupted, std::string("no-tilde")}) {
    auto result = param_tagged_base64(one_param("hash", bad), "hash", "BLOCK");
    ASSERT_FALSE(result) << bad;
    expect_bad_param(result.error(), "hash", bad);
    EXPECT_NE(result.error().body.find("BLOCK"), std::string::npos);
  }
}

RC_GTEST_PROP(ParamHelpers, U64RoundTripsAnyValue, (std::uint64_t value)) {
  RC_ASSERT(param_u64(one_param("n", std::to_string(value)), "n") == value);
}

}  // namespace
}  // namespace espresso
