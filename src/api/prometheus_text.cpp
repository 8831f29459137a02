#include "api/prometheus_text.hpp"

#include <sstream>

#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

namespace espresso {

std::string render_prometheus_text(const prometheus::Registry& registry) {
  std::ostringstream out;
  prometheus::TextSerializer().Serialize(out, registry.Collect());
  return out.str();
}

}  // namespace espresso
