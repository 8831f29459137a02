// Loopback tests of the TCP + TLS transport: real sockets on 127.0.0.1 with OS-chosen ports, driven
// by io_context::run_for until a condition holds or a deadline passes (no sleeps).
#include "network/transport.hpp"

#include <chrono>
#include <functional>
#include <string>
#include <utility>  // before Asio (DESIGN.md §3)

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include "network/frame.hpp"
#include "network/peer_auth.hpp"

namespace espresso {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using tcp = asio::ip::tcp;

Bytes text(std::string_view value) {
  return to_bytes(as_bytes(value));
}
std::string as_text(const Bytes& bytes) {
  return std::string(bytes.begin(), bytes.end());
}

std::string summary(const TransportMetrics& m) {
  return "connected=" + std::to_string(m.connected_peers) +
         " lost=" + std::to_string(m.connections_lost) +
         " duplicates=" + std::to_string(m.duplicate_connections) +
         " frames out=" + std::to_string(m.frames_out) + " in=" + std::to_string(m.frames_in) +
         " oversized=" + std::to_string(m.oversized_frames);
}

struct Node {
  BlsSecretKey key;
  std::unique_ptr<Transport> transport;
  std::vector<std::pair<BlsPublicKey, Bytes>> received;
};

class TransportTest : public ::testing::Test {
 protected:
  TransportTest() {
    KeySeed seed{};
    seed.fill(9);
    for (std::uint64_t i = 0; i < 4; ++i) keys.push_back(BlsSecretKey::from_seed(seed, i));
    for (std::size_t i = 0; i < 3; ++i)
      members.push_back(keys[i].public_key());  // keys[3]: outsider
  }

  TransportConfig config_for(const BlsSecretKey& key) {
    TransportConfig config{key, members};
    config.bind_address = HostPort{"127.0.0.1", 0};
    config.backoff = BackoffPolicy{20ms, 200ms, 2.0};
    config.handshake_timeout = 2s;
    return config;
  }

  std::unique_ptr<Node> start(TransportConfig config) {
    auto node = std::make_unique<Node>(Node{config.staking_key, nullptr, {}});
    auto transport = Transport::create(io, std::move(config));
    EXPECT_TRUE(transport) << transport.error().message;
    if (!transport) return nullptr;
    node->transport = std::move(*transport);
    node->transport->on_receive([raw = node.get()](const BlsPublicKey& from, Bytes message) {
      raw->received.emplace_back(from, std::move(message));
    });
    return node;
  }

  // Every node dials every other (addresses only: keys are learned from the hellos).
  void connect_all(const std::vector<Node*>& nodes) {
    for (Node* from : nodes) {
      for (Node* to : nodes) {
        if (from != to) from->transport->add_peer(PeerEndpoint{to->transport->local_address(), {}});
      }
    }
  }

  bool run_until(const std::function<bool()>& done, std::chrono::milliseconds limit = 10s) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      io.run_for(5ms);
      if (io.stopped()) io.restart();
    }
    return true;
  }

  void run_for(std::chrono::milliseconds duration) {
    run_until([] { return false; }, duration);
  }

  asio::io_context io;
  std::vector<BlsSecretKey> keys;
  std::vector<BlsPublicKey> members;
};

TEST_F(TransportTest, ThreeNodesFormAMeshAndExchangeDirectAndBroadcastMessages) {
  auto a = start(config_for(keys[0]));
  auto b = start(config_for(keys[1]));
  auto c = start(config_for(keys[2]));
  ASSERT_TRUE(a && b && c);
  connect_all({a.get(), b.get(), c.get()});
  ASSERT_TRUE(run_until([&] {
    return a->transport->metrics().connected_peers == 2 &&
           b->transport->metrics().connected_peers == 2 &&
           c->transport->metrics().connected_peers == 2;
  }));

  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(a->transport->send(keys[1].public_key(), text("direct " + std::to_string(i))));
  }
  EXPECT_EQ(c->transport->broadcast(text("to everyone")), 2u);
  ASSERT_TRUE(run_until([&] { return b->received.size() == 101 && a->received.size() == 1; }));

  // Direct messages arrive in order, from the right sender; the broadcast reaches both others.
  int next = 0;
  for (const auto& [from, message] : b->received) {
    if (from == keys[2].public_key()) {
      EXPECT_EQ(as_text(message), "to everyone");
      continue;
    }
    EXPECT_EQ(from, keys[0].public_key());
    EXPECT_EQ(as_text(message), "direct " + std::to_string(next++));
  }
  EXPECT_EQ(next, 100);
  EXPECT_EQ(a->received[0].first, keys[2].public_key());
  EXPECT_TRUE(c->received.empty());

  // Each pair keeps one connection; the mesh is stable once formed.
  run_for(200ms);
  for (Node* node : {a.get(), b.get(), c.get()}) {
    const auto metrics = node->transport->metrics();
    EXPECT_EQ(metrics.connected_peers, 2u);
    EXPECT_EQ(metrics.refused_bad_signature + metrics.refused_unknown_key, 0u);
  }
  EXPECT_EQ(a->transport->metrics().frames_out, 100u);
  EXPECT_EQ(b->transport->metrics().frames_in, 101u);
}

TEST_F(TransportTest, AnOutsiderIsRefused) {
  auto a = start(config_for(keys[0]));
  TransportConfig outsider_config = config_for(keys[3]);
  outsider_config.stake_table.push_back(keys[3].public_key());
  auto outsider = start(std::move(outsider_config));
  ASSERT_TRUE(a && outsider);
  outsider->transport->add_peer(PeerEndpoint{a->transport->local_address(), keys[0].public_key()});
  ASSERT_TRUE(run_until([&] { return a->transport->metrics().refused_unknown_key >= 2; }));
  outsider->transport->send(keys[0].public_key(), text("let me in"));
  run_for(200ms);
  EXPECT_TRUE(a->received.empty());
  EXPECT_EQ(a->transport->metrics().connected_peers, 0u);
  EXPECT_FALSE(a->transport->is_connected(keys[3].public_key()));
  // (The outsider itself may count A as connected for the moment between A's hello and A's close.)
}

// A raw TLS client that completes the handshake and sends a hello it builds itself.
asio::awaitable<void> send_hello(tcp::endpoint target, PublicKeyBytes claimed_key,
                                 BlsSecretKey signer, bool other_session, Bytes after_hello,
                                 bool& closed) {
  asio::ssl::context tls(asio::ssl::context::tls_client);
  tls.set_verify_mode(asio::ssl::verify_none);
  asio::ssl::stream<tcp::socket> stream(co_await asio::this_coro::executor, tls);
  co_await stream.lowest_layer().async_connect(target, asio::use_awaitable);
  co_await stream.async_handshake(asio::ssl::stream_base::client, asio::use_awaitable);
  Bytes material(kKeyingMaterialSize);
  EXPECT_EQ(SSL_export_keying_material(stream.native_handle(), material.data(), material.size(),
                                       kPeerAuthExporterLabel.data(), kPeerAuthExporterLabel.size(),
                                       nullptr, 0, 0),
            1);
  if (other_session) material[0] ^= 1;  // as if replayed from another connection
  Bytes hello(claimed_key.begin(), claimed_key.end());
  append(hello, signer.sign(peer_auth_transcript(material, ConnectionRole::dialer)).to_bytes());
  co_await asio::async_write(stream, asio::buffer(encode_frame(FrameKind::hello, hello)),
                             asio::use_awaitable);
  co_await asio::async_write(stream, asio::buffer(after_hello), asio::use_awaitable);
  std::array<std::uint8_t, 512> buffer{};
  boost::system::error_code ec;
  while (!ec) {
    co_await stream.async_read_some(asio::buffer(buffer),
                                    asio::redirect_error(asio::use_awaitable, ec));
  }
  closed = true;
}

TEST_F(TransportTest, AMemberKeyWithoutItsSecretOrFromAnotherSessionIsRefused) {
  auto a = start(config_for(keys[0]));
  ASSERT_TRUE(a);
  const tcp::endpoint target(asio::ip::make_address("127.0.0.1"),
                             a->transport->local_address().port);
  bool impostor_closed = false;
  bool replay_closed = false;
  const Bytes forged = encode_frame(FrameKind::message, text("forged"));
  // Claims member 1's key but signs with the outsider's secret.
  asio::co_spawn(
      io,
      send_hello(target, keys[1].public_key().to_bytes(), keys[3], false, forged, impostor_closed),
      asio::detached);
  // Member 1's real signature, but over another session's keying material.
  asio::co_spawn(
      io, send_hello(target, keys[1].public_key().to_bytes(), keys[1], true, forged, replay_closed),
      asio::detached);
  ASSERT_TRUE(run_until([&] { return impostor_closed && replay_closed; }));
  EXPECT_EQ(a->transport->metrics().refused_bad_signature, 2u);
  EXPECT_TRUE(a->received.empty());
  EXPECT_FALSE(a->transport->is_connected(keys[1].public_key()));
}

TEST_F(TransportTest, AMemberBreakingTheFrameFormatIsCutOff) {
  auto a = start(config_for(keys[0]));
  ASSERT_TRUE(a);
  const tcp::endpoint target(asio::ip::make_address("127.0.0.1"),
                             a->transport->local_address().port);
  // A genuine hello from member 1, a good message, then a frame of an unknown version.
  Bytes after_hello = encode_frame(FrameKind::message, text("genuine"));
  Bytes bad_version = encode_frame(FrameKind::message, text("from the future"));
  bad_version[kFrameLengthSize] = 7;
  append(after_hello, bad_version);
  append(after_hello, encode_frame(FrameKind::message, text("never read")));
  bool closed = false;
  asio::co_spawn(io,
                 send_hello(target, keys[1].public_key().to_bytes(), keys[1], false,
                            std::move(after_hello), closed),
                 asio::detached);
  ASSERT_TRUE(run_until([&] { return closed; }));
  ASSERT_EQ(a->received.size(), 1u);
  EXPECT_EQ(a->received[0].first, keys[1].public_key());
  EXPECT_EQ(as_text(a->received[0].second), "genuine");
  EXPECT_EQ(a->transport->metrics().protocol_errors, 1u);
  EXPECT_EQ(a->transport->metrics().refused_bad_signature, 0u);
}

TEST_F(TransportTest, AnOversizedFrameDisconnectsTheSender) {
  auto a = start(config_for(keys[0]));
  TransportConfig small = config_for(keys[1]);
  small.max_frame_size = 1024;
  auto b = start(std::move(small));
  ASSERT_TRUE(a && b);
  connect_all({a.get(), b.get()});
  ASSERT_TRUE(run_until([&] { return a->transport->is_connected(keys[1].public_key()); }));
  const auto lost_before = a->transport->metrics().connections_lost;
  ASSERT_TRUE(a->transport->send(keys[1].public_key(), Bytes(2048, 1)));
  ASSERT_TRUE(run_until([&] { return b->transport->metrics().oversized_frames == 1; }));
  ASSERT_TRUE(run_until([&] { return a->transport->metrics().connections_lost > lost_before; }));
  EXPECT_TRUE(b->received.empty());
  // The pair reconnects and small messages flow again.
  ASSERT_TRUE(a->transport->send(keys[1].public_key(), text("small")));
  ASSERT_TRUE(run_until([&] { return b->received.size() == 1; }))
      << "sender: " << summary(a->transport->metrics())
      << "\nreceiver: " << summary(b->transport->metrics());
  EXPECT_EQ(as_text(b->received[0].second), "small");
}

TEST_F(TransportTest, APeerThatRestartsIsReconnected) {
  auto a = start(config_for(keys[0]));
  auto b = start(config_for(keys[1]));
  auto c = start(config_for(keys[2]));
  ASSERT_TRUE(a && b && c);
  connect_all({a.get(), b.get(), c.get()});
  const auto all_connected = [&](std::initializer_list<Node*> nodes) {
    return [nodes] {
      for (Node* node : nodes) {
        if (node->transport->metrics().connected_peers != 2) return false;
      }
      return true;
    };
  };
  ASSERT_TRUE(run_until(all_connected({a.get(), b.get(), c.get()})));

  const HostPort c_address = c->transport->local_address();
  c.reset();  // C goes away
  ASSERT_TRUE(run_until([&] {
    return !a->transport->is_connected(keys[2].public_key()) &&
           !b->transport->is_connected(keys[2].public_key());
  }));
  run_for(100ms);  // A and B keep redialling a closed port meanwhile
  EXPECT_GT(a->transport->metrics().dial_failures, 0u);

  TransportConfig again = config_for(keys[2]);
  again.bind_address = c_address;  // comes back on the same address
  c = start(std::move(again));
  ASSERT_TRUE(c);
  ASSERT_TRUE(run_until(all_connected({a.get(), b.get(), c.get()})));
  ASSERT_TRUE(a->transport->send(keys[2].public_key(), text("welcome back")));
  ASSERT_TRUE(run_until([&] { return c->received.size() == 1; }));
  EXPECT_EQ(c->received[0].first, keys[0].public_key());
}

TEST_F(TransportTest, AFullSendQueueReportsBackPressure) {
  TransportConfig config = config_for(keys[0]);
  config.queue_limits = SendQueueLimits{3, 1 << 20};
  config.max_frame_size = 4096;
  auto a = start(std::move(config));
  ASSERT_TRUE(a);
  // Member 1 never comes up, so its queue only fills.
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(a->transport->send(keys[1].public_key(), text("m")));
  EXPECT_FALSE(a->transport->send(keys[1].public_key(), text("one too many")));
  EXPECT_EQ(a->transport->broadcast(text("b")), 1u);  // member 2's queue had room; member 1's not
  EXPECT_FALSE(a->transport->send(keys[3].public_key(), text("not a member")));
  EXPECT_FALSE(a->transport->send(keys[2].public_key(), Bytes(4097, 0)));
  const auto metrics = a->transport->metrics();
  EXPECT_EQ(metrics.dropped_queue_full, 2u);
  EXPECT_EQ(metrics.dropped_unknown_peer, 1u);
  EXPECT_EQ(metrics.dropped_too_large, 1u);
}

TEST_F(TransportTest, MessagesQueuedBeforeAPeerComesUpAreDeliveredInOrder) {
  auto a = start(config_for(keys[0]));
  ASSERT_TRUE(a);
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(a->transport->send(keys[1].public_key(), text("early " + std::to_string(i))));
  }
  auto b = start(config_for(keys[1]));
  ASSERT_TRUE(b);
  b->transport->add_peer(PeerEndpoint{a->transport->local_address(), keys[0].public_key()});
  ASSERT_TRUE(run_until([&] { return b->received.size() == 5; }));
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(as_text(b->received[i].second), "early " + std::to_string(i));
}

TEST_F(TransportTest, TheReceiveHandlerMayStopTheTransport) {
  auto a = start(config_for(keys[0]));
  auto b = start(config_for(keys[1]));
  ASSERT_TRUE(a && b);
  int calls = 0;
  b->transport->on_receive([&](const BlsPublicKey&, Bytes) {
    ++calls;
    b->transport->stop();
  });
  connect_all({a.get(), b.get()});
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(a->transport->send(keys[1].public_key(), text("x")));
  ASSERT_TRUE(run_until([&] { return calls > 0; }));
  run_for(100ms);
  EXPECT_EQ(calls, 1);  // nothing is delivered after stop
  EXPECT_FALSE(b->transport->send(keys[0].public_key(), text("after stop")));
  ASSERT_TRUE(run_until([&] { return !a->transport->is_connected(keys[1].public_key()); }));
}

TEST_F(TransportTest, DiallingOurselvesIsRefusedAndNotRetried) {
  auto a = start(config_for(keys[0]));
  ASSERT_TRUE(a);
  a->transport->add_peer(PeerEndpoint{a->transport->local_address(), {}});
  ASSERT_TRUE(run_until([&] { return a->transport->metrics().refused_own_key >= 2; }));
  run_for(300ms);  // both ends refused once; the dial loop gave up
  EXPECT_EQ(a->transport->metrics().refused_own_key, 2u);
}

TEST(TransportCreate, FailsClearlyWhenTheAddressCannotBeBound) {
  asio::io_context io;
  KeySeed seed{};
  const auto key = BlsSecretKey::from_seed(seed, 0);
  TransportConfig config{key, {key.public_key()}};
  config.bind_address = HostPort{"192.0.2.1", 1};  // TEST-NET-1: not a local address
  const auto transport = Transport::create(io, std::move(config));
  ASSERT_FALSE(transport);
  EXPECT_NE(transport.error().message.find("cannot listen on 192.0.2.1:1"), std::string::npos)
      << transport.error().message;
}

}  // namespace
}  // namespace espresso
