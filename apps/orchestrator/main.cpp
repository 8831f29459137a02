// orchestrator: nodes register their keys and addresses here; once N nodes (or the start
// threshold) registered, every node receives the same network config and starts.
// Usage: orchestrator -p PORT -n N [consensus parameters]; see --help.

#include <algorithm>
#include <csignal>
#include <iostream>
#include <memory>
#include <utility>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "api/http_server.hpp"
#include "api/orchestrator/orchestrator_routes.hpp"
#include "orchestrator_cli.hpp"

int main(int argc, char** argv) {
  using namespace espresso;
  CLI::App app{
      "Espresso orchestrator: sequencer nodes register their keys and addresses with it; once\n"
      "N nodes (or --start-threshold) registered, each node receives the same network config\n"
      "(stake table, DA committee, consensus parameters) and starts."};
  OrchestratorCliValues values;
  add_orchestrator_options(app, values);
  CLI11_PARSE(app, argc, argv);
  auto settings = orchestrator_settings(values);
  if (!settings) {
    std::cerr << "orchestrator: " << settings.error().message << "\n";
    return 2;
  }

  boost::asio::io_context io;
  auto registry = std::make_shared<OrchestratorRegistry>(settings->parameters);
  auto router = orchestrator_router(registry);
  if (!router) {
    std::cerr << "orchestrator: " << router.error().message << "\n";
    return 1;
  }
  HttpServerOptions http;
  http.bind_address = settings->bind_address;
  http.port = settings->port;
  // Every joining node keeps one connection while it polls; leave room for all of them.
  http.max_connections =
      std::max<std::size_t>(http.max_connections, 2 * settings->parameters.num_nodes + 16);
  auto server = HttpServer::start(io, http, std::move(*router));
  if (!server) {
    std::cerr << "orchestrator: " << server.error().message << "\n";
    return 1;
  }
  spdlog::info("orchestrator: listening on {}:{} for {} nodes; parameters {}",
               settings->bind_address, (*server)->port(), settings->parameters.num_nodes,
               to_json(settings->parameters).dump());

  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    spdlog::info("orchestrator: signal {}, stopping", signal);
    (*server)->stop();
    io.stop();
  });
  io.run();
  return 0;
}
