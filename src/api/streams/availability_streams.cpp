#include "api/streams/availability_streams.hpp"

#include <string>
#include <vector>

#include "api/router.hpp"

namespace espresso::streams {
namespace {

std::vector<std::string_view> split(std::string_view path) {
  std::vector<std::string_view> segments;
  while (!path.empty()) {
    const auto slash = path.find('/');
    segments.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return segments;
}

std::optional<StreamKind> kind_named(std::string_view name) {
  if (name == "leaves") return StreamKind::kLeaves;
  if (name == "headers") return StreamKind::kHeaders;
  if (name == "blocks") return StreamKind::kBlocks;
  if (name == "payloads") return StreamKind::kPayloads;
  return std::nullopt;
}

}  // namespace

std::optional<tl::expected<StreamSpec, HttpResponse>> parse_stream_path(std::string_view path) {
  const auto segments = split(route_key(path));
  if (segments.size() < 4 || segments[0] != "availability" || segments[1] != "stream") {
    return std::nullopt;
  }
  const auto kind = kind_named(segments[2]);
  if (!kind) return std::nullopt;
  PathParams params;
  StreamSpec spec{*kind};
  if (segments.size() == 4) {
    params.add("height", std::string(segments[3]));
  } else if (segments.size() == 6 && *kind == StreamKind::kBlocks && segments[4] == "namespace") {
    spec.kind = StreamKind::kNamespace;
    params.add("height", std::string(segments[3]));
    params.add("namespace", std::string(segments[5]));
    auto ns = param_u64(params, "namespace");
    if (!ns) return tl::unexpected(ns.error());
    if (*ns > kMaxNamespaceId) {
      return tl::unexpected(
          bad_param_response("namespace", segments[5], "a namespace id of at most 4294967295"));
    }
    spec.namespace_id = *ns;
  } else {
    return std::nullopt;
  }
  if (segments[3].empty()) return std::nullopt;
  auto height = param_u64(params, "height");
  if (!height) return tl::unexpected(height.error());
  spec.from = *height;
  return spec;
}

StreamResolver availability_stream_resolver(AvailabilityStreamsConfig config) {
  return [config = std::move(config)](const HttpRequest& request) -> StreamResolution {
    auto spec = parse_stream_path(request.path);
    if (!spec) return std::nullopt;
    if (!*spec) return tl::unexpected(std::move(*spec).error());
    return StreamHandler([spec = **spec, config](std::shared_ptr<StreamSink> sink) {
      return start_block_stream(spec, config.open_store, config.feed, config.encode,
                                std::move(sink));
    });
  };
}

}  // namespace espresso::streams
