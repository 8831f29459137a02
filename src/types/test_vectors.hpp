#pragma once
// Loads the upstream reference files of tests/vectors/espresso-v1 for the tests of this layer.

#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

namespace espresso::test {

inline std::string vector_path(const std::string& name) {
  return std::string(ESEQ_VECTORS_DIR) + "/espresso-v1/" + name;
}

inline nlohmann::json load_vector_json(const std::string& name) {
  std::ifstream in(vector_path(name));
  std::stringstream text;
  text << in.rdbuf();
  return nlohmann::json::parse(text.str());
}

}  // namespace espresso::test
