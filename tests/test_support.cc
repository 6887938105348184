#include "test_support.h"

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
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

const std::string& TestEngine() {
  static const std::string engine = [] {
    const char* e = std::getenv("CORRIDOR_TEST_ENGINE");
    std::string name = e && *e ? e : "sqlite";
    if (name != "sqlite" && name != "postgres") {
      std::fprintf(stderr, "CORRIDOR_TEST_ENGINE=%s: expected sqlite or postgres\n", name.c_str());
      std::exit(2);
    }
    const char* pg = std::getenv("CORRIDOR_TEST_PG_URL");
    if (name == "postgres" && !(pg && *pg)) {
      std::fprintf(stderr,
                   "CORRIDOR_TEST_ENGINE=postgres needs CORRIDOR_TEST_PG_URL (scripts/pg-test-cluster.sh start DIR "
                   "prints one)\n");
      std::exit(2);
    }
    return name;
  }();
  return engine;
}

std::vector<std::string> TestEngines() { return {TestEngine()}; }

std::string TestDatabase::FullUrl() const {
  if (pg_schema.empty()) return url;
  return url + (url.find('?') == std::string::npos ? "?" : "&") + "schema=" + pg_schema;
}

TestDatabase NewTestDatabase(const std::string& engine, const TempDir& dir, const std::string& file) {
  if (engine != "postgres") return {"sqlite:" + dir.File(file), ""};
  const char* pg = std::getenv("CORRIDOR_TEST_PG_URL");
  // Random, so that parallel test programs (ctest -j) never share a schema.
  static std::mt19937_64 gen{std::random_device{}()};
  static std::mutex mu;
  std::lock_guard<std::mutex> lock(mu);
  char schema[32];
  std::snprintf(schema, sizeof schema, "t_%016llx", static_cast<unsigned long long>(gen()));
  return {pg ? pg : "", schema};
}

TestDatabase DefaultTestDatabase(const TempDir& dir, const std::string& file) {
  return NewTestDatabase(TestEngine(), dir, file);
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
