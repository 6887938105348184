// Online backup and restore of a Corridor database.
//   SQLite: SQLite's online backup API into a new single-file database (rollback journal, so
//   the file stands alone), page steps so that a writer is never held up for long.
//   PostgreSQL: Debian's pg_dump in custom format (only Corridor's schema), taken from a
//   snapshot exported by a transaction in which the row counts are read, so the counts printed
//   are exactly those of the dump; pg_restore brings it back. The password goes to the tools
//   through PGPASSWORD, never on their command line.
// A backup is written to FILE.partial and renamed at the end: FILE is complete or absent.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "storage/database.h"

namespace corridor::storage {

enum class BackupKind { kSqlite, kPostgresDump };

struct BackupSummary {
  BackupKind kind = BackupKind::kSqlite;
  std::string file;
  int64_t bytes = 0;
  std::string sha256;  // of the file, hex (compare with sha256sum)
  int64_t schema_version = 0;
  std::vector<std::pair<std::string, int64_t>> rows;  // table, rows; by table name
};

struct BackupOptions {
  bool force = false;        // overwrite an existing FILE
  int pages_per_step = 256;  // SQLite: pages copied per step (the source lock is held per step only)
};

// `url` is the URL `db` was opened with (pg_dump needs the credentials Database hides).
Result<BackupSummary> BackupDatabase(Database& db, const std::string& url, const std::string& out,
                                     const BackupOptions& options = {});

struct RestoreOptions {
  bool force = false;  // replace a target that holds data
};

// Checks the file (kind by its first bytes; SQLite: PRAGMA integrity_check and a schema version
// this binary knows; PostgreSQL dump: pg_restore can read it, one schema, its schema_migrations
// version), then restores it into the database `target_url` names, which must hold no rows
// unless options.force. SQLite files restore into SQLite (backup API, also into a live file),
// dumps into PostgreSQL (into the URL's schema, renamed if the dump's differs; what the target
// held is kept aside until pg_restore succeeded and put back if it fails). The restored
// database is migrated to this binary's schema version. The summary describes the restored
// database.
Result<BackupSummary> RestoreDatabase(const std::string& file, const std::string& target_url,
                                      const RestoreOptions& options = {});

// Exposed for tests: the kind of a backup file, or a clear error (missing, empty, unknown).
Result<BackupKind> InspectBackupFile(const std::string& path);
// Exposed for tests: a libpq connection string (key='value' ...) without the password, which is
// returned apart, and without Corridor's own `schema` parameter, which is returned apart too.
struct PostgresTarget {
  std::string conninfo, password, schema;
};
Result<PostgresTarget> SplitPostgresUrl(const std::string& url);
// The directory-less program name found on PATH, else in /usr/lib/postgresql/<newest>/bin.
Result<std::string> FindPostgresTool(const std::string& name);

}  // namespace corridor::storage
