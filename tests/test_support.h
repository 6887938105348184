// Helpers shared by the GoogleTest suites.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace corridor::testing {

// A fresh directory under /tmp removed at destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// ../shared/data/<sub> beside the checkout, or nullopt when absent (CI has it; users do not).
std::optional<std::filesystem::path> SharedData(const std::string& sub);
std::string SourceDir();  // the checkout root

// The outcome of running a program: exit code (-1 if it did not exit), stdout, stderr.
struct CommandResult {
  int code = -1;
  std::string out, err;
};
// Runs `program args...` (no shell interpretation of the arguments); stderr is captured
// through a file in `scratch`.
CommandResult RunProgram(const std::string& program, const std::vector<std::string>& args, const TempDir& scratch);
std::string ReadFile(const std::string& path);
void WriteFile(const std::string& path, const std::string& content);

// The engines the storage suites run on (the parameter of their TEST_P): "sqlite", plus
// "postgres" when CORRIDOR_TEST_PG_URL is set (scripts/run-tests.sh starts a throwaway
// cluster, scripts/pg-test-cluster.sh, and sets it).
std::vector<std::string> TestEngines();
// For INSTANTIATE_TEST_SUITE_P: names the instances ".../sqlite" and ".../postgres".
struct EngineName {
  template <typename Info>
  std::string operator()(const Info& info) const { return info.param; }
};

// An empty database for one test, as storage::DatabaseOptions fields. sqlite: a file in dir.
// postgres: CORRIDOR_TEST_PG_URL with a fresh schema of its own (pg_schema, created by
// Database::Open); drop it at the end with DropTestSchema.
struct TestDatabase {
  std::string url;
  std::string pg_schema;
};
TestDatabase NewTestDatabase(const std::string& engine, const TempDir& dir, const std::string& file = "test.db");

// Drops a TestDatabase's PostgreSQL schema (from TearDown). A template so that this header
// needs no storage library: only the storage tests instantiate it.
template <typename Db>
void DropTestSchema(Db& db, const TestDatabase& t) {
  if (t.pg_schema.empty()) return;
  auto c = db.Acquire();
  (void)c->ExecScript("DROP SCHEMA IF EXISTS \"" + t.pg_schema + "\" CASCADE");
}

}  // namespace corridor::testing

// Skips the test, saying so, when ../shared/data is absent.
#define CORRIDOR_REQUIRE_SHARED(var, sub)                                           \
  auto var##_opt = ::corridor::testing::SharedData(sub);                            \
  if (!var##_opt) GTEST_SKIP() << "../shared/data/" << (sub) << " absent: skipped"; \
  const std::filesystem::path var = *var##_opt
