// storage/backup helpers that need no server: how a file is recognised, and how a PostgreSQL URL
// is split for pg_dump/pg_restore (the password goes to their environment, never to argv where
// `ps` shows it). The backups themselves are exercised end to end in tests/unit/cli/backup_cli_test.cc.
#include "storage/backup.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace corridor::storage {
namespace {

TEST(BackupUrlTest, PasswordAndSchemaAreTakenOutOfTheConnectionString) {
  auto t = SplitPostgresUrl("postgresql://alice:s3cr%27et@db.example.org:5433/corridor?sslmode=require&schema=team_a");
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_EQ(t->password, "s3cr'et");
  EXPECT_EQ(t->schema, "team_a");
  EXPECT_EQ(t->conninfo.find("s3cr"), std::string::npos) << t->conninfo;
  EXPECT_EQ(t->conninfo.find("schema"), std::string::npos) << t->conninfo;
  EXPECT_NE(t->conninfo.find("user='alice'"), std::string::npos) << t->conninfo;
  EXPECT_NE(t->conninfo.find("host='db.example.org'"), std::string::npos) << t->conninfo;
  EXPECT_NE(t->conninfo.find("port='5433'"), std::string::npos) << t->conninfo;
  EXPECT_NE(t->conninfo.find("dbname='corridor'"), std::string::npos) << t->conninfo;
  EXPECT_NE(t->conninfo.find("sslmode='require'"), std::string::npos) << t->conninfo;

  auto plain = SplitPostgresUrl("postgresql://bob@127.0.0.1/x");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->password, "");
  EXPECT_EQ(plain->schema, "");

  auto bad = SplitPostgresUrl("postgresql://alice:s3cret@[::1/db");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message().find("s3cret"), std::string::npos) << bad.status().message();
}

TEST(BackupFileTest, KindComesFromTheFirstBytes) {
  corridor::testing::TempDir dir;
  corridor::testing::WriteFile(dir.File("a.db"), std::string("SQLite format 3\0", 16) + std::string(100, '\0'));
  corridor::testing::WriteFile(dir.File("a.dump"), "PGDMP\x01\x0e\x00");
  corridor::testing::WriteFile(dir.File("a.txt"), "hello");
  corridor::testing::WriteFile(dir.File("empty"), "");
  EXPECT_EQ(*InspectBackupFile(dir.File("a.db")), BackupKind::kSqlite);
  EXPECT_EQ(*InspectBackupFile(dir.File("a.dump")), BackupKind::kPostgresDump);
  auto txt = InspectBackupFile(dir.File("a.txt"));
  ASSERT_FALSE(txt.ok());
  EXPECT_NE(txt.status().message().find("is not a Corridor backup"), std::string::npos);
  auto empty = InspectBackupFile(dir.File("empty"));
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.status().message().find("is empty"), std::string::npos);
  auto missing = InspectBackupFile(dir.File("missing"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), ErrorCode::kNotFound);
  auto folder = InspectBackupFile(dir.path().string());
  ASSERT_FALSE(folder.ok());
  EXPECT_NE(folder.status().message().find("is a directory"), std::string::npos);
}

TEST(BackupToolTest, FindsPgDumpOrSaysWhatToInstall) {
  auto found = FindPostgresTool("pg_dump");
  if (found.ok()) {
    EXPECT_NE(found->find("pg_dump"), std::string::npos);
  }
  auto none = FindPostgresTool("pg_no_such_tool");
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.status().message().find("postgresql-client"), std::string::npos);
}

}  // namespace
}  // namespace corridor::storage
