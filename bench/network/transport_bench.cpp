// Throughput and CPU cost of the transport (TCP + TLS 1.3, framing, send queues) between two peers
// on loopback, against plain TCP moving the same messages in the same process: the baseline is the
// kernel's share (copies, system calls), the difference is what the transport adds. Each side runs
// its own io thread, as two nodes would.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <future>
#include <optional>
#include <string>
#include <thread>
#include <utility>  // before Asio (DESIGN.md §3)
#include <vector>

#include <boost/asio.hpp>
#include <sys/resource.h>

#include "network/transport.hpp"

namespace {

using namespace espresso;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

double process_cpu_ms() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto ms = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_usec) / 1e3;
  };
  return ms(usage.ru_utime) + ms(usage.ru_stime);
}

struct Shape {
  std::string name;
  std::size_t message_size;
  std::size_t count;
};

struct Figures {
  double wall_ms = 0;
  double cpu_ms = 0;
};

// An io_context on its own thread until destroyed.
struct IoThread {
  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> guard = asio::make_work_guard(io);
  std::thread thread;
  void start() {
    thread = std::thread([this] { io.run(); });
  }
  ~IoThread() {
    guard.reset();
    io.stop();
    if (thread.joinable()) thread.join();
  }
};

template <typename F>
auto run_on(asio::io_context& io, F work) {
  std::packaged_task<decltype(work())()> task(std::move(work));
  auto result = task.get_future();
  asio::post(io, [&task] { task(); });
  return result.get();
}

// Two transports, A sending to B, connected before any measurement.
class TransportPair {
 public:
  TransportPair() {
    KeySeed seed{};
    seed.fill(42);
    const BlsSecretKey a_key = BlsSecretKey::from_seed(seed, 0);
    const BlsSecretKey b_key = BlsSecretKey::from_seed(seed, 1);
    b_public_ = b_key.public_key();
    const std::vector<BlsPublicKey> members{a_key.public_key(), *b_public_};
    a_ = make(a_side_.io, a_key, members);
    b_ = make(b_side_.io, b_key, members);
    b_->on_receive([this](const BlsPublicKey&, Bytes message) { on_message(message.size()); });
    a_->add_peer(PeerEndpoint{b_->local_address(), *b_public_});
    a_side_.start();
    b_side_.start();
    const auto deadline = Clock::now() + 10s;
    while (!run_on(a_side_.io, [this] { return a_->is_connected(*b_public_); })) {
      if (Clock::now() > deadline) {
        std::fprintf(stderr, "transport_bench: the two transports did not connect in 10 s\n");
        std::exit(1);
      }
      std::this_thread::sleep_for(10ms);
    }
  }
  ~TransportPair() {
    // Transports are used and destroyed on their own io threads only (transport.hpp).
    run_on(a_side_.io, [this] { a_.reset(); });
    run_on(b_side_.io, [this] { b_.reset(); });
  }

  Figures transfer(const Shape& shape) {
    shape_ = shape;
    sent_ = 0;
    received_ = 0;
    done_ = std::promise<void>();
    auto finished = done_.get_future();
    const auto start = Clock::now();
    const double cpu_start = process_cpu_ms();
    asio::post(a_side_.io, [this] { top_up(); });
    finished.get();
    return {std::chrono::duration<double, std::milli>(Clock::now() - start).count(),
            process_cpu_ms() - cpu_start};
  }

 private:
  static std::unique_ptr<Transport> make(asio::io_context& io, const BlsSecretKey& key,
                                         std::vector<BlsPublicKey> members) {
    TransportConfig config{key, std::move(members)};
    config.bind_address = HostPort{"127.0.0.1", 0};
    auto transport = Transport::create(io, std::move(config));
    if (!transport) {
      std::fprintf(stderr, "transport_bench: %s\n", transport.error().message.c_str());
      std::exit(1);
    }
    return std::move(*transport);
  }

  // On A's thread: keep a few messages in flight (the queue refuses beyond its limits).
  void top_up() {
    constexpr std::size_t kWindow = 8;
    while (sent_ < shape_.count && sent_ - received_.load() < kWindow) {
      if (!a_->send(*b_public_, Bytes(shape_.message_size, 0x5a))) break;
      ++sent_;
    }
  }

  // On B's thread.
  void on_message(std::size_t size) {
    if (size != shape_.message_size) {
      std::fprintf(stderr, "transport_bench: got %zu bytes, sent %zu\n", size, shape_.message_size);
      std::exit(1);
    }
    if (++received_ == shape_.count) {
      done_.set_value();
    } else {
      asio::post(a_side_.io, [this] { top_up(); });
    }
  }

  IoThread a_side_;
  IoThread b_side_;
  std::unique_ptr<Transport> a_;
  std::unique_ptr<Transport> b_;
  std::optional<BlsPublicKey> b_public_;
  Shape shape_;
  std::size_t sent_ = 0;  // A's thread
  std::atomic<std::size_t> received_{0};
  std::promise<void> done_;
};

// The baseline: the same messages, length-prefixed, over one plain TCP connection.
class PlainPair {
 public:
  PlainPair() : acceptor_(b_side_.io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    a_socket_.connect(acceptor_.local_endpoint());
    acceptor_.accept(b_socket_);
    a_socket_.set_option(tcp::no_delay(true));
    a_side_.start();
    b_side_.start();
  }

  Figures transfer(const Shape& shape) {
    std::promise<void> done;
    auto finished = done.get_future();
    const auto start = Clock::now();
    const double cpu_start = process_cpu_ms();
    asio::co_spawn(a_side_.io, send_all(shape), asio::detached);
    asio::co_spawn(b_side_.io, receive_all(shape, done), asio::detached);
    finished.get();
    return {std::chrono::duration<double, std::milli>(Clock::now() - start).count(),
            process_cpu_ms() - cpu_start};
  }

 private:
  asio::awaitable<void> send_all(Shape shape) {
    for (std::size_t i = 0; i < shape.count; ++i) {
      const Bytes message(shape.message_size, 0x5a);
      const auto length = static_cast<std::uint32_t>(message.size());
      const std::array<asio::const_buffer, 2> buffers{asio::buffer(&length, sizeof length),
                                                      asio::buffer(message)};
      co_await asio::async_write(a_socket_, buffers, asio::use_awaitable);
    }
  }

  asio::awaitable<void> receive_all(Shape shape, std::promise<void>& done) {
    for (std::size_t i = 0; i < shape.count; ++i) {
      std::uint32_t length = 0;
      co_await asio::async_read(b_socket_, asio::buffer(&length, sizeof length),
                                asio::use_awaitable);
      Bytes message(length);
      co_await asio::async_read(b_socket_, asio::buffer(message), asio::use_awaitable);
    }
    done.set_value();
  }

  IoThread a_side_;
  IoThread b_side_;
  tcp::acceptor acceptor_;
  tcp::socket a_socket_{a_side_.io};
  tcp::socket b_socket_{b_side_.io};
};

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

}  // namespace

int main() {
  const std::vector<Shape> shapes{{"4MiB", 4u << 20, 48}, {"100KiB", 100u << 10, 2000}};
  constexpr int kRuns = 5;
  TransportPair transport;
  PlainPair plain;
  struct Line {
    std::string name;
    double value;
    const char* unit;
  };
  std::vector<Line> lines;
  std::printf("medians of %d runs, alternated; CPU = both sides' process CPU time\n", kRuns);
  std::printf("%-8s | %10s %10s | %10s %10s | %8s\n", "message", "tls MB/s", "CPU ms/MB",
              "tcp MB/s", "CPU ms/MB", "CPU x");
  for (const auto& shape : shapes) {
    std::vector<double> tls_rate, tls_cpu, tcp_rate, tcp_cpu;
    const double mb = static_cast<double>(shape.message_size * shape.count) / 1e6;
    for (int run = 0; run < kRuns; ++run) {
      const auto t = transport.transfer(shape);
      const auto p = plain.transfer(shape);
      tls_rate.push_back(mb / (t.wall_ms / 1e3));
      tls_cpu.push_back(t.cpu_ms / mb);
      tcp_rate.push_back(mb / (p.wall_ms / 1e3));
      tcp_cpu.push_back(p.cpu_ms / mb);
    }
    const double cpu_ratio = median(tls_cpu) / median(tcp_cpu);
    std::printf("%-8s | %10.1f %10.3f | %10.1f %10.3f | %7.2fx\n", shape.name.c_str(),
                median(tls_rate), median(tls_cpu), median(tcp_rate), median(tcp_cpu), cpu_ratio);
    lines.push_back({"transport_" + shape.name + "_throughput", median(tls_rate), "MB/s"});
    lines.push_back({"transport_" + shape.name + "_cpu_per_mb", median(tls_cpu), "ms"});
    lines.push_back({"plain_tcp_" + shape.name + "_throughput", median(tcp_rate), "MB/s"});
    lines.push_back({"plain_tcp_" + shape.name + "_cpu_per_mb", median(tcp_cpu), "ms"});
    lines.push_back({"transport_vs_plain_tcp_cpu_" + shape.name, cpu_ratio, "x"});
  }
  for (const auto& line : lines)
    std::printf("bench: %s %.3f %s\n", line.name.c_str(), line.value, line.unit);
  return 0;
}
