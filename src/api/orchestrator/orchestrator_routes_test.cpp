#include "api/orchestrator/orchestrator_routes.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api/orchestrator/test_registrations.hpp"

namespace espresso {
namespace {

using nlohmann::json;
using testing::test_registration;

class OrchestratorRoutes : public ::testing::Test {
 protected:
  void SetUp() override {
    ConsensusParameters params;
    params.num_nodes = 2;
    params.start_threshold = 2;
    params.da_committee_size = 1;
    registry_ = std::make_shared<OrchestratorRegistry>(params);
    auto router = orchestrator_router(registry_);
    ASSERT_TRUE(router) << router.error().message;
    router_ = std::move(*router);
  }

  HttpResponse post(const std::string& path, const std::string& body) {
    return router_.handle(HttpRequest{HttpMethod::kPost, path, "", body});
  }
  HttpResponse get(const std::string& path) {
    return router_.handle(HttpRequest{HttpMethod::kGet, path, "", ""});
  }
  HttpResponse register_node(std::uint64_t i) {
    return post("/api/register", to_json(test_registration(i)).dump());
  }
  static std::string message(const HttpResponse& response) {
    return json::parse(response.body).value("message", "");
  }

  std::shared_ptr<OrchestratorRegistry> registry_;
  Router router_;
};

TEST_F(OrchestratorRoutes, ConfigIsNotReadyUntilAllRegistered) {
  auto first = register_node(0);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(json::parse(first.body)["index"], 0);

  auto waiting = get("/api/config");
  EXPECT_EQ(waiting.status, 503);
  EXPECT_EQ(message(waiting), "not ready: 1 of 2 registered");

  auto second = register_node(1);
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(json::parse(second.body)["index"], 1);

  auto ready = get("/v0/api/config");
  ASSERT_EQ(ready.status, 200) << ready.body;
  auto config = network_config_from_json(json::parse(ready.body));
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->nodes.size(), 2u);
  EXPECT_EQ(config->da_member_count(), 1u);
  EXPECT_EQ(*config, *registry_->config());
}

TEST_F(OrchestratorRoutes, SameKeyGetsSameIndex) {
  ASSERT_EQ(register_node(1).status, 200);
  ASSERT_EQ(register_node(0).status, 200);
  auto again = register_node(1);
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(json::parse(again.body)["index"], 0);
}

TEST_F(OrchestratorRoutes, RefusesBadBodiesAndTooManyNodes) {
  auto not_json = post("/api/register", "{nope");
  EXPECT_EQ(not_json.status, 400);
  EXPECT_NE(message(not_json).find("not JSON"), std::string::npos);

  json bad_key = to_json(test_registration(0));
  bad_key["staking_key"] = "BLS_VER_KEY~garbage";
  auto bad = post("/api/register", bad_key.dump());
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(message(bad).find("staking_key"), std::string::npos) << bad.body;

  json missing = to_json(test_registration(0));
  missing.erase("p2p_address");
  auto absent = post("/api/register", missing.dump());
  EXPECT_EQ(absent.status, 400);
  EXPECT_NE(message(absent).find("p2p_address"), std::string::npos) << absent.body;

  ASSERT_EQ(register_node(0).status, 200);
  ASSERT_EQ(register_node(1).status, 200);
  auto third = register_node(2);
  EXPECT_EQ(third.status, 409);
  EXPECT_NE(message(third).find("already started with 2 nodes"), std::string::npos) << third.body;
}

TEST_F(OrchestratorRoutes, StatusCountsRegistrations) {
  ASSERT_EQ(register_node(0).status, 200);
  auto status = get("/api/status");
  ASSERT_EQ(status.status, 200);
  auto body = json::parse(status.body);
  EXPECT_EQ(body["registered"], 1);
  EXPECT_EQ(body["num_nodes"], 2);
  EXPECT_EQ(body["ready"], false);
  EXPECT_EQ(body["nodes"][0]["p2p_address"], "127.0.0.1:20000");
  EXPECT_EQ(get("/api/register").status, 405);
}

}  // namespace
}  // namespace espresso
