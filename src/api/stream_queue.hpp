#pragma once
// The bounded frame queue behind each StreamSink: producers push from any thread, the WebSocket
// connection pulls on its io thread after `wake` (which must not block; it posts). Beast-free, so
// the slow-consumer policy is tested without a network.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <variant>

#include "api/stream.hpp"

namespace espresso {

// WebSocket close codes (RFC 6455 §7.4.1) the server uses.
enum class StreamCloseCode : std::uint16_t {
  kNormal = 1000,
  kGoingAway = 1001,
  kPolicy = 1008,  // slow consumer
  kInternalError = 1011,
};

struct StreamClose {
  StreamCloseCode code = StreamCloseCode::kNormal;
  std::string reason;
};

class StreamQueue final : public StreamSink {
 public:
  StreamQueue(StreamLimits limits, std::function<void()> wake);

  bool send(std::string text) override;
  bool wait_for_room(std::chrono::milliseconds timeout) override;
  void close(std::string reason = {}) override;
  void close_with_error(std::string reason) override;
  bool is_open() const override;

  // Closes with a given code; queued frames go out first unless the close is for overflow.
  void close_with(StreamCloseCode code, std::string reason);

  // The next thing to write: a frame; once the frames are out after a close, the close frame
  // (once); otherwise nothing.
  using Item = std::variant<std::monostate, std::string, StreamClose>;
  Item next();

  // The connection is gone: refuse frames, drop the queue, wake waiting producers.
  void shut_down();

  std::size_t queued_frames() const;

 private:
  bool has_room() const;  // with mutex_ held

  const StreamLimits limits_;
  const std::function<void()> wake_;
  mutable std::mutex mutex_;
  std::condition_variable room_;
  std::deque<std::string> frames_;
  std::size_t bytes_ = 0;
  bool open_ = true;
  std::optional<StreamClose> close_;  // requested, not yet taken by next()
};

}  // namespace espresso
