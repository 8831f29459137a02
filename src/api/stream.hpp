#pragma once
// Beast-free interface of the server's WebSocket streams (availability/stream/...). A request with
// `Upgrade: websocket` is offered to the StreamResolver; when it accepts the path, the connection
// is upgraded and the handler gets a StreamSink to push text frames into, from any thread.
//
// Slow consumers: every sink queues at most `StreamLimits` frames/bytes; a send that would exceed
// the bound closes the stream (close code 1008, reason "slow consumer: ..."), so a client that
// stops reading never makes the server hold unbounded memory. Producers that can pace themselves
// (e.g. replaying history) wait for room first with wait_for_room().

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "api/http_types.hpp"
#include "common/result.hpp"

namespace espresso {

struct StreamLimits {
  std::size_t max_queued_frames = 256;
  std::size_t max_queued_bytes = 16 << 20;  // one frame larger than this is still sent alone
};

class StreamSink {
 public:
  virtual ~StreamSink() = default;

  // Queues one text frame. Thread-safe, never blocks. False when the stream is closed, or when
  // this frame would overflow the queue (the stream is then closed as a slow consumer).
  virtual bool send(std::string text) = 0;
  // Waits up to `timeout` until a frame can be queued without overflowing. True when there is
  // room; false on timeout or when the stream is closed. Thread-safe.
  virtual bool wait_for_room(std::chrono::milliseconds timeout) = 0;
  // Sends the queued frames, then a close frame (code 1000) with `reason`; thread-safe, idempotent.
  virtual void close(std::string reason = {}) = 0;
  // The same with code 1011 (internal error): the producer cannot go on (e.g. storage failed).
  virtual void close_with_error(std::string reason) = 0;
  virtual bool is_open() const = 0;
};

// What a stream handler leaves running (a producer thread, a subscription); the server destroys
// it when the stream ends: the client closed it, the connection failed, the sink was closed, or
// the server stopped. Its destructor must stop the producer (and may wait for it) but must not
// call into the sink.
class StreamTask {
 public:
  virtual ~StreamTask() = default;
};

// Starts producing into `sink`; called once on the server's io thread right after the upgrade.
using StreamHandler = std::function<std::unique_ptr<StreamTask>(std::shared_ptr<StreamSink> sink)>;

// For an upgrade request: nullopt when the path is not a stream (the request is then answered like
// any other, i.e. a 404 JSON error for an unknown path); a handler; or an error response for a
// stream path with bad parameters (400 naming the parameter).
using StreamResolution = std::optional<tl::expected<StreamHandler, HttpResponse>>;
using StreamResolver = std::function<StreamResolution(const HttpRequest& request)>;

}  // namespace espresso
