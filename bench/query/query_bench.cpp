// Query API throughput: availability/header/:height and block/:height/namespace/:namespace served
// by the real HttpServer on loopback to several concurrent keep-alive client connections, against
// a baseline of the same Router handler called directly in this process. Blocks are real (types/,
// vid/) in a SQLite query store. Medians of several runs; ends with `bench:` lines.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <utility>  // before asio with Boost 1.74 + g++ 12 (DESIGN.md §3)
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "api/http_server.hpp"
#include "api/query/availability_module.hpp"
#include "api/query/test_chain.hpp"
#include "storage/test_paths.hpp"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using Clock = std::chrono::steady_clock;

constexpr std::uint64_t kBlocks = 64;
constexpr int kRuns = 3;
constexpr auto kRunTime = std::chrono::milliseconds(1500);
constexpr int kConnections = 4;

using PathFor = std::string (*)(std::uint64_t i);

std::string header_path(std::uint64_t i) {
  return "/v0/availability/header/" + std::to_string(i % kBlocks);
}
std::string namespace_path(std::uint64_t i) {
  return "/v0/availability/block/" + std::to_string(i % kBlocks) + "/namespace/" +
         (i % 2 == 0 ? "10" : "20");
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

// Requests per second of router.handle() on this thread.
double in_process_rate(const espresso::Router& router, PathFor path) {
  std::uint64_t done = 0;
  auto start = Clock::now();
  auto deadline = start + kRunTime;
  while (Clock::now() < deadline) {
    for (int i = 0; i < 64; ++i, ++done) {
      auto response = router.handle({espresso::HttpMethod::kGet, path(done), "", ""});
      if (response.status != 200) {
        std::fprintf(stderr, "in-process %s -> %d %s\n", path(done).c_str(), response.status,
                     response.body.c_str());
        std::exit(1);
      }
    }
  }
  return done / std::chrono::duration<double>(Clock::now() - start).count();
}

// Requests per second over kConnections keep-alive connections, one client thread each.
double http_rate(std::uint16_t port, PathFor path) {
  std::atomic<std::uint64_t> total{0};
  std::atomic<bool> failed{false};
  auto start = Clock::now();
  auto deadline = start + kRunTime;
  std::vector<std::thread> clients;
  for (int c = 0; c < kConnections; ++c) {
    clients.emplace_back([&, c] {
      asio::io_context io;
      asio::ip::tcp::socket socket(io);
      socket.connect({asio::ip::make_address("127.0.0.1"), port});
      socket.set_option(asio::ip::tcp::no_delay(true));
      beast::flat_buffer buffer;
      std::uint64_t done = 0;
      while (Clock::now() < deadline) {
        http::request<http::empty_body> request(http::verb::get, path(done * kConnections + c), 11);
        request.set(http::field::host, "127.0.0.1");
        request.keep_alive(true);
        beast::error_code ec;
        http::write(socket, request, ec);
        http::response<http::string_body> response;
        if (!ec) http::read(socket, buffer, response, ec);
        if (ec || response.result_int() != 200) {
          std::fprintf(stderr, "http %s -> %s %d\n", std::string(request.target()).c_str(),
                       ec.message().c_str(), response.result_int());
          failed = true;
          return;
        }
        ++done;
      }
      total += done;
    });
  }
  for (auto& client : clients) client.join();
  if (failed) std::exit(1);
  return total / std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

int main() {
  espresso::storage::TempDir dir;
  auto store = espresso::query::testing::make_store(dir.file("query.db"), kBlocks);
  auto make_router = [&](std::shared_ptr<espresso::storage::QueryStore> s) {
    espresso::Router router;
    if (!espresso::query::register_availability_routes(router, std::move(s))) std::exit(1);
    return router;
  };
  espresso::Router local = make_router(store);

  // The server gets its own connection to the same database, as a node's API would.
  auto server_store = espresso::storage::make_sqlite_query_store(dir.file("query.db"));
  if (!server_store) return 1;
  asio::io_context io;
  auto work = asio::make_work_guard(io);
  espresso::HttpServerOptions options;
  options.bind_address = "127.0.0.1";
  auto server = espresso::HttpServer::start(
      io, options,
      make_router(std::shared_ptr<espresso::storage::QueryStore>(std::move(*server_store))));
  if (!server) {
    std::fprintf(stderr, "server: %s\n", server.error().message.c_str());
    return 1;
  }
  std::thread server_thread([&] { io.run(); });
  std::uint16_t port = (*server)->port();

  struct Figure {
    const char* name;
    PathFor path;
    double in_process = 0;
    double http = 0;
  };
  Figure figures[] = {{"header", header_path}, {"namespace", namespace_path}};
  for (Figure& figure : figures) {
    std::vector<double> local_runs, http_runs;
    for (int run = 0; run < kRuns; ++run) {
      local_runs.push_back(in_process_rate(local, figure.path));
      http_runs.push_back(http_rate(port, figure.path));
    }
    figure.in_process = median(local_runs);
    figure.http = median(http_runs);
    std::printf("%-10s in-process %10.0f req/s   http (%d keep-alive connections) %10.0f req/s\n",
                figure.name, figure.in_process, kConnections, figure.http);
  }
  (*server)->stop();
  work.reset();
  server_thread.join();

  for (const Figure& figure : figures) {
    std::printf("bench: query_%s_http %.0f req/s\n", figure.name, figure.http);
    std::printf("bench: query_%s_in_process %.0f req/s\n", figure.name, figure.in_process);
    std::printf("bench: query_%s_http_vs_in_process %.3f x\n", figure.name,
                figure.http / figure.in_process);
  }
  return 0;
}
