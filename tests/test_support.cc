#include "test_support.h"

#include <cstdio>
#include <cstdlib>
#include <sys/wait.h>

#include <cstdio>
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

namespace {
std::string ShellQuote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}
}  // namespace

CommandResult RunProgram(const std::string& program, const std::vector<std::string>& args, const TempDir& scratch) {
  std::string cmd = ShellQuote(program);
  for (const auto& a : args) cmd += " " + ShellQuote(a);
  std::string err_file = scratch.File("stderr.txt");
  cmd += " 2>" + ShellQuote(err_file);
  CommandResult r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = ReadFile(err_file);
  return r;
}

}  // namespace corridor::testing
