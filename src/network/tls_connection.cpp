#include "network/tls_connection.hpp"

#include <algorithm>
#include <array>
#include <limits>

#include <openssl/ssl.h>

namespace espresso::net_detail {

void Connection::close() {
  if (!open) return;
  open = false;
  ErrorCode ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  stream.socket().close(ignored);
  wake.cancel();
  deadline.cancel();
  writer_done.cancel();
}

void Connection::shutdown_send() {
  ErrorCode ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

void Connection::close_after(std::chrono::milliseconds timeout) {
  deadline.expires_after(timeout);
  deadline.async_wait([weak = weak_from_this()](ErrorCode ec) {
    if (auto alive = weak.lock(); alive && !ec) alive->close();
  });
}

namespace {

// Reads until at least `size` (at most kInboxSize) unframed bytes are buffered. False when the
// connection ended.
asio::awaitable<bool> fill_inbox(Connection& connection, std::size_t size) {
  Bytes& inbox = connection.inbox;
  while (connection.inbox_end - connection.inbox_start < size) {
    if (connection.inbox_start + size > inbox.size()) {  // move the unframed bytes to the front
      std::copy(inbox.begin() + static_cast<std::ptrdiff_t>(connection.inbox_start),
                inbox.begin() + static_cast<std::ptrdiff_t>(connection.inbox_end), inbox.begin());
      connection.inbox_end -= connection.inbox_start;
      connection.inbox_start = 0;
    }
    const auto [ec, got] = co_await connection.stream.read_some(
        std::span(inbox).subspan(connection.inbox_end, inbox.size() - connection.inbox_end));
    if (ec) co_return false;
    connection.inbox_end += got;
  }
  co_return true;
}

// A frame too large for the inbox goes straight into its own buffer: copying it out of a grown
// inbox would cost a second pass over megabytes and an allocation the size of the frame.
asio::awaitable<ReadFrame> read_large_frame(Connection& connection, std::uint32_t length) {
  ReadFrame out;
  if (!co_await fill_inbox(connection, kFrameHeaderSize)) co_return out;
  const auto header =
      decode_envelope(ByteView(connection.inbox)
                          .subspan(connection.inbox_start + kFrameLengthSize, kEnvelopeHeaderSize));
  if (!header) {
    out.status = ReadFrame::Status::malformed;
    co_return out;
  }
  connection.inbox_start += kFrameHeaderSize;
  out.payload.resize(length - kEnvelopeHeaderSize);
  const std::size_t buffered =
      std::min(connection.inbox_end - connection.inbox_start, out.payload.size());
  std::copy_n(connection.inbox.begin() + static_cast<std::ptrdiff_t>(connection.inbox_start),
              buffered, out.payload.begin());
  connection.inbox_start += buffered;
  if (connection.inbox_start == connection.inbox_end)
    connection.inbox_start = connection.inbox_end = 0;
  for (std::size_t filled = buffered; filled < out.payload.size();) {
    const auto [ec, got] = co_await connection.stream.read_some(
        std::span(out.payload).subspan(filled, out.payload.size() - filled));
    if (ec) {
      out.payload = Bytes();
      co_return out;
    }
    filled += got;
  }
  out.status = ReadFrame::Status::ok;
  out.kind = header->kind;
  out.wire_size = kFrameLengthSize + length;
  co_return out;
}

}  // namespace

asio::awaitable<ReadFrame> read_frame(Connection& connection, std::size_t max_payload_size) {
  ReadFrame out;
  if (!co_await fill_inbox(connection, kFrameLengthSize)) co_return out;
  const ByteView unframed = ByteView(connection.inbox).subspan(connection.inbox_start);
  // Decode without a bound first to tell "too large" (counted apart) from "malformed".
  const auto length = decode_frame_length(unframed, std::numeric_limits<std::uint32_t>::max());
  if (!length) {
    out.status = ReadFrame::Status::malformed;
    co_return out;
  }
  if (*length - kEnvelopeHeaderSize > max_payload_size) {
    out.status = ReadFrame::Status::oversized;
    co_return out;
  }
  if (kFrameLengthSize + *length > Connection::kInboxSize) {
    co_return co_await read_large_frame(connection, *length);
  }
  if (!co_await fill_inbox(connection, kFrameLengthSize + *length)) co_return out;
  const ByteView envelope =
      ByteView(connection.inbox).subspan(connection.inbox_start + kFrameLengthSize, *length);
  const auto frame = decode_envelope(envelope);
  if (!frame) {
    out.status = ReadFrame::Status::malformed;
    co_return out;
  }
  out.status = ReadFrame::Status::ok;
  out.kind = frame->kind;
  out.payload = to_bytes(frame->payload);
  out.wire_size = kFrameLengthSize + *length;
  connection.inbox_start += out.wire_size;
  if (connection.inbox_start == connection.inbox_end)
    connection.inbox_start = connection.inbox_end = 0;
  co_return out;
}

namespace {

std::optional<std::array<std::uint8_t, kKeyingMaterialSize>> export_keying_material(
    Connection& connection) {
  std::array<std::uint8_t, kKeyingMaterialSize> material{};
  const int ok = SSL_export_keying_material(connection.stream.native_handle(), material.data(),
                                            material.size(), kPeerAuthExporterLabel.data(),
                                            kPeerAuthExporterLabel.size(), nullptr, 0, 0);
  if (ok != 1) return std::nullopt;
  return material;
}

void count_rejection(HelloRejection reason, TransportMetrics& metrics) {
  switch (reason) {
    case HelloRejection::malformed:
      ++metrics.refused_malformed_hello;
      break;
    case HelloRejection::unknown_key:
      ++metrics.refused_unknown_key;
      break;
    case HelloRejection::own_key:
      ++metrics.refused_own_key;
      break;
    case HelloRejection::bad_signature:
      ++metrics.refused_bad_signature;
      break;
  }
}

}  // namespace

asio::awaitable<std::optional<BlsPublicKey>> authenticate(ConnectionPtr connection,
                                                          AuthenticationContext context) {
  connection->close_after(context.timeout);
  const auto give_up = [&](std::optional<HelloRejection> reason) -> std::optional<BlsPublicKey> {
    if (reason) {
      connection->rejection = reason;
      count_rejection(*reason, context.metrics);
    } else {
      ++context.metrics.handshake_failures;
    }
    connection->close();
    return std::nullopt;
  };

  const auto tls_role = connection->role == ConnectionRole::dialer ? TlsStream::Role::client
                                                                   : TlsStream::Role::server;
  ErrorCode ec = co_await connection->stream.handshake(tls_role);
  if (ec || !connection->open) co_return give_up(std::nullopt);

  const auto material = export_keying_material(*connection);
  if (!material) co_return give_up(std::nullopt);
  const Bytes hello =
      encode_frame(FrameKind::hello, make_hello(context.own_key, *material, connection->role));
  ec = co_await connection->stream.write(hello);
  if (ec || !connection->open) co_return give_up(std::nullopt);

  auto frame = co_await read_frame(*connection, kHelloSize);
  if (frame.status == ReadFrame::Status::closed || !connection->open) {
    co_return give_up(std::nullopt);
  }
  if (frame.status != ReadFrame::Status::ok || frame.kind != FrameKind::hello) {
    co_return give_up(HelloRejection::malformed);
  }
  const auto peer_role = connection->role == ConnectionRole::dialer ? ConnectionRole::listener
                                                                    : ConnectionRole::dialer;
  auto key =
      verify_hello(frame.payload, *material, peer_role, context.allowed, context.own_key_bytes);
  if (!key) co_return give_up(key.error());
  connection->deadline.cancel();
  co_return *key;
}

}  // namespace espresso::net_detail
