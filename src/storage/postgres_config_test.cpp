#include <gtest/gtest.h>

#include "storage/postgres.hpp"

namespace espresso::storage {
namespace {

TEST(PostgresConfig, ReadsEveryComponentOfAUri) {
  auto config = PostgresConfig::from_uri(
      "postgresql://alice:s3cret@db.example:6543/espresso?sslmode=require");
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->user, "alice");
  EXPECT_EQ(config->password, "s3cret");
  EXPECT_EQ(config->host, "db.example");
  EXPECT_EQ(config->port, 6543);
  EXPECT_EQ(config->database, "espresso");
  EXPECT_TRUE(config->use_tls);
  EXPECT_EQ(config->describe(), "espresso@db.example:6543");
}

TEST(PostgresConfig, MissingComponentsKeepDefaults) {
  auto config = PostgresConfig::from_uri("postgres://");
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->host, "localhost");
  EXPECT_EQ(config->port, 5432);
  EXPECT_EQ(config->database, "postgres");
  EXPECT_EQ(config->user, "postgres");
  EXPECT_TRUE(config->password.empty());
  EXPECT_FALSE(config->use_tls);
}

TEST(PostgresConfig, BadUrisAreErrorsWithoutThePassword) {
  for (const char* uri : {"postgres://bob:hunter2@host:99999/db", "mysql://bob:hunter2@host/db",
                          "postgres://bob:hunter2@[::1/db", "postgres://bob:hunter2@h/db?x=y"}) {
    auto config = PostgresConfig::from_uri(uri);
    ASSERT_FALSE(config) << uri;
    EXPECT_EQ(config.error().message.find("hunter2"), std::string::npos) << config.error().message;
    EXPECT_NE(config.error().message.find("bob:***@"), std::string::npos) << config.error().message;
  }
}

TEST(PostgresConfig, ConnectionFailureNamesTheServerNotThePassword) {
  PostgresConfig config;
  config.host = "127.0.0.1";
  config.port = 1;  // nothing listens there
  config.password = "hunter2";
  auto connection = open_postgres_connection(config);
  ASSERT_FALSE(connection);
  const std::string& message = connection.error().message;
  EXPECT_NE(message.find("cannot connect to postgres@127.0.0.1:1"), std::string::npos) << message;
  EXPECT_EQ(message.find("hunter2"), std::string::npos) << message;
}

}  // namespace
}  // namespace espresso::storage
