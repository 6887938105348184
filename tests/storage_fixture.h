// The fixture of a store test: a fresh, migrated database per test on the engine of the pass
// (TEST_P over TestEngines(), tests/test_support.h), dropped at the end, and workspaces to work in;
// OpenMigrated for a fixture of its own.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "domain/workspace.h"
#include "storage/database.h"
#include "storage/workspace_store.h"
#include "test_support.h"

namespace corridor::testing {

// Opens the test database into `db` and applies the migrations; fails the calling test when it
// cannot (call it as ASSERT_NO_FATAL_FAILURE(OpenMigrated(t, db))).
inline void OpenMigrated(const TestDatabase& t, std::unique_ptr<storage::Database>& db) {
  storage::DatabaseOptions options;
  options.url = t.url;
  options.pg_schema = t.pg_schema;
  auto opened = storage::Database::Open(options);
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  db = std::move(*opened);
  auto migrated = db->Migrate();
  ASSERT_TRUE(migrated.ok()) << migrated.status().message();
}

class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  // A derived SetUp calls this first: ASSERT_NO_FATAL_FAILURE(StoreTest::SetUp()).
  void SetUp() override {
    test_db_ = NewTestDatabase(GetParam(), dir_, "t.db");
    OpenMigrated(test_db_, db_);
  }
  void TearDown() override {
    if (db_) DropTestSchema(*db_, test_db_);
  }

  // The NEO-CYCLE project workspace the store tests work in (not yet created).
  static domain::Workspace NeoCycle(const std::string& grant, const std::string& start) {
    return domain::Workspace{0, "neo-cycle", "Upcycling of NdFeB magnets", "NEO-CYCLE", "project", grant, start, "", {}};
  }
  // Creates the workspace; its id, or 0 with a test failure.
  int64_t AddWorkspace(const domain::Workspace& w) {
    auto c = db_->Acquire();
    auto id = storage::WorkspaceStore(*c).Create(w, storage::Actor{});
    EXPECT_TRUE(id.ok()) << id.status().message();
    return id.ok() ? *id : 0;
  }

  TempDir dir_;
  TestDatabase test_db_;
  std::unique_ptr<storage::Database> db_;
};

}  // namespace corridor::testing
