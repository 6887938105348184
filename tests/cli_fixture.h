// The fixture of a CLI black-box test: the corridor binary (CORRIDOR_BIN, set by ctest) run against a
// fresh database on the engine of the pass, with the demo workspace loaded unless the test asks otherwise.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "storage/database.h"
#include "test_support.h"

namespace corridor::testing {

inline bool Has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

class CliTest : public ::testing::Test {
 protected:
  explicit CliTest(std::string db_file = "cli.db", bool load_demo = true)
      : db_file_(std::move(db_file)), load_demo_(load_demo) {}

  void SetUp() override {
    const char* bin = std::getenv("CORRIDOR_BIN");
    if (!bin || !*bin) GTEST_SKIP() << "CORRIDOR_BIN is not set (ctest sets it): skipped";
    bin_ = bin;
    test_db_ = DefaultTestDatabase(dir_, db_file_);
    db_ = test_db_.FullUrl();
    if (load_demo_) {
      CommandResult r = Corridor({"demo", "load"});
      ASSERT_EQ(r.code, 0) << r.err;
    }
  }
  void TearDown() override {
    if (!bin_.empty()) DropTestSchema<storage::Database>(test_db_);
  }

  // Runs the binary with the test database; captures stdout, stderr and the exit code.
  CommandResult Corridor(std::vector<std::string> args) {
    args.push_back("--db");
    args.push_back(db_);
    return RunProgram(bin_, args, dir_);
  }
  // The first line of the output: the id a create command prints.
  static std::string Id(const CommandResult& r) { return r.out.substr(0, r.out.find('\n')); }

  TempDir dir_;
  TestDatabase test_db_;  // on the engine of the pass (tests/test_support.h)
  std::string bin_, db_;

 private:
  std::string db_file_;
  bool load_demo_;
};

}  // namespace corridor::testing
