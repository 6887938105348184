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

// ---- The engine switch: every database-backed test runs on the engine of the pass ----
//
//   CORRIDOR_TEST_ENGINE=sqlite    (the default) a SQLite file in the test's TempDir
//   CORRIDOR_TEST_ENGINE=postgres  CORRIDOR_TEST_PG_URL (a PostgreSQL 15 server; required), each
//                                  test in a fresh schema of its own, dropped at its end
//
// scripts/run-tests.sh runs the whole ctest suite once per engine: first SQLite, then, in a
// throwaway cluster (scripts/pg-test-cluster.sh), PostgreSQL. By hand:
//   CORRIDOR_TEST_ENGINE=postgres CORRIDOR_TEST_PG_URL=postgresql://postgres@127.0.0.1:PORT/corridor_test build/http_test
// A test that opens a database gets it from DefaultTestDatabase() (or NewTestDatabase(GetParam(),
// ...) in a TEST_P over TestEngines()) and so runs on both passes. A test of one engine itself
// skips on the other pass, saying why: PostgreSQL-only tests skip when CORRIDOR_TEST_PG_URL is
// unset; SQLite-only ones check `TestEngine() != "sqlite"` (or GetParam()) and GTEST_SKIP().
// A wrong CORRIDOR_TEST_ENGINE, or postgres without CORRIDOR_TEST_PG_URL, stops the test
// program with a message: a pass never silently falls back to the other engine.

// "sqlite" or "postgres".
const std::string& TestEngine();
// {TestEngine()}: the parameter list of the engine-parameterised (TEST_P) suites.
std::vector<std::string> TestEngines();
// For INSTANTIATE_TEST_SUITE_P: one name for the instance whatever the engine, because ctest
// learns the test names once, at build time, and runs them by name on each pass (a name that
// followed the engine would match nothing on the other pass, and gtest runs 0 tests happily;
// CMakeLists.txt keeps the parameter's value out of the names too: NO_PRETTY_VALUES). The pass's
// heading in scripts/run-tests.sh says which engine it is.
struct EngineName {
  template <typename Info>
  std::string operator()(const Info&) const { return "engine"; }
};

// An empty database for one test. sqlite: a file in dir. postgres: CORRIDOR_TEST_PG_URL with a
// fresh schema of its own (created by Database::Open); drop it at the end with DropTestSchema.
struct TestDatabase {
  std::string url;        // storage::DatabaseOptions::url
  std::string pg_schema;  // storage::DatabaseOptions::pg_schema ("" on SQLite)
  // One string naming it all, for `corridor --db` and the browser tests: the PostgreSQL URL
  // with Corridor's `schema=` parameter added.
  std::string FullUrl() const;
};
TestDatabase NewTestDatabase(const std::string& engine, const TempDir& dir, const std::string& file = "test.db");
// NewTestDatabase on the engine of this pass.
TestDatabase DefaultTestDatabase(const TempDir& dir, const std::string& file = "test.db");

// Drops a TestDatabase's PostgreSQL schema (from TearDown). Templates so that this header
// needs no storage library: only suites that link storage instantiate them.
template <typename Db>
void DropTestSchema(Db& db, const TestDatabase& t) {
  if (t.pg_schema.empty()) return;
  auto c = db.Acquire();
  (void)c->ExecScript("DROP SCHEMA IF EXISTS \"" + t.pg_schema + "\" CASCADE");
}
// The same when the test holds no open database (CLI tests: the binary had it):
// DropTestSchema<storage::Database>(test_db).
template <typename Database>
void DropTestSchema(const TestDatabase& t) {
  if (t.pg_schema.empty()) return;
  auto db = Database::Open({t.url});  // the server's default schema: opening t's would recreate it
  if (db.ok()) DropTestSchema(**db, t);
}

}  // namespace corridor::testing

// Skips the test, saying so, when ../shared/data is absent.
#define CORRIDOR_REQUIRE_SHARED(var, sub)                                           \
  auto var##_opt = ::corridor::testing::SharedData(sub);                            \
  if (!var##_opt) GTEST_SKIP() << "../shared/data/" << (sub) << " absent: skipped"; \
  const std::filesystem::path var = *var##_opt
