#include "test_support.h"

#include <cstdio>
#include <cstdlib>
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

std::vector<std::string> TestEngines() {
  std::vector<std::string> engines = {"sqlite"};
  const char* pg = std::getenv("CORRIDOR_TEST_PG_URL");
  if (pg && *pg) engines.push_back("postgres");
  return engines;
}

TestDatabase NewTestDatabase(const std::string& engine, const TempDir& dir, const std::string& file) {
  if (engine != "postgres") return {"sqlite:" + dir.File(file), ""};
  const char* pg = std::getenv("CORRIDOR_TEST_PG_URL");
  static std::mt19937_64 gen{std::random_device{}()};
  char schema[32];
  std::snprintf(schema, sizeof schema, "t_%016llx", static_cast<unsigned long long>(gen()));
  return {pg ? pg : "", schema};
}

}  // namespace corridor::testing
