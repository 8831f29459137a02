#include "api/status_module.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api/node_metrics.hpp"
#include "api/prometheus_text.hpp"

namespace espresso {
namespace {

struct FixedStatus : StatusSource {
  std::uint64_t block_height() const override { return 12; }
  double success_rate() const override { return 0.75; }
  std::uint64_t seconds_since_last_decide() const override { return 3; }
};

TEST(StatusModule, ServesSourceValuesUnderEveryPrefix) {
  FixedStatus source;
  prometheus::Registry registry;
  Router router;
  ASSERT_TRUE(register_status_routes(router, source, registry));
  EXPECT_EQ(router.handle({HttpMethod::kGet, "/v0/status/block-height", "", ""}).body, "12");
  EXPECT_EQ(router.handle({HttpMethod::kGet, "/v1/status/success-rate", "", ""}).body, "0.75");
  EXPECT_EQ(router.handle({HttpMethod::kGet, "/status/time-since-last-decide", "", ""}).body, "3");
}

TEST(StatusModule, MetricsAreTextWithEveryConsensusName) {
  FixedStatus source;
  prometheus::Registry registry;
  NodeMetrics metrics(registry);
  metrics.current_view.Set(17);
  metrics.timeouts_as_leader.Increment();
  Router router;
  ASSERT_TRUE(register_status_routes(router, source, registry));
  auto response = router.handle({HttpMethod::kGet, "/v0/status/metrics", "", ""});
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.content_type, "text/plain; version=0.0.4");
  for (const char* name :
       {"consensus_current_view", "consensus_last_decided_view",
        "consensus_number_of_timeouts_as_leader", "consensus_libp2p_num_connected_peers",
        "consensus_outstanding_transactions"}) {
    EXPECT_NE(response.body.find(std::string("# TYPE ") + name), std::string::npos) << name;
  }
  EXPECT_NE(response.body.find("consensus_current_view 17"), std::string::npos) << response.body;
}

}  // namespace
}  // namespace espresso
