#include "test_support.h"

#include <fstream>
#include <random>
#include <sstream>

namespace corridor::testing {

TempDir::TempDir() {
  std::random_device rd;
  path_ = std::filesystem::temp_directory_path() / ("corridor-test-" + std::to_string(rd()) + std::to_string(rd()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string SourceDir() {
#ifdef CORRIDOR_SOURCE_DIR
  return CORRIDOR_SOURCE_DIR;
#else
  return ".";
#endif
}

std::optional<std::filesystem::path> SharedData(const std::string& sub) {
  std::filesystem::path p = std::filesystem::path(SourceDir()) / ".." / "shared" / "data" / sub;
  if (std::filesystem::exists(p)) return std::filesystem::canonical(p);
  return std::nullopt;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteFile(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
}

}  // namespace corridor::testing
