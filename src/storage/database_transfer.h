// Moving a whole Corridor database to another one (SQLite <-> PostgreSQL, or SQLite -> SQLite)
// and proving the copy equal: per-table row counts and a SHA-256 over a canonical text of every
// row, computed the same way on both engines. Works only through the Database/Connection seam
// plus one catalog query set per engine; the table list and the copy order (parents before
// children) come from the catalog, never from a hand-kept list.
//
// A copy in progress is marked in the target (settings key kTransferMarkerKey, written in its
// own committed transaction before the first row and removed only once every checksum matches),
// so a killed or failed copy leaves a target that refuses to open (cli::OpenDatabase) instead
// of a half-filled database that looks fine.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "storage/database.h"

namespace corridor::storage {

inline constexpr const char* kTransferMarkerKey = "corridor:transfer-incomplete";

struct ColumnInfo {
  std::string name;
  bool collatable = false;  // PostgreSQL: a text-like type (ordered with COLLATE "C")
  std::string sequence;     // PostgreSQL: the identity/serial sequence behind it, if any
};

struct TableInfo {
  std::string name;
  std::vector<ColumnInfo> columns;       // in table order
  std::vector<std::string> primary_key;  // in key order; empty when the table has none
  std::vector<std::string> references;   // tables its foreign keys point to
};

// The tables of the database (PostgreSQL: of current_schema()), schema_migrations excepted,
// ordered so that every table comes after the tables it references (ties by name).
Result<std::vector<TableInfo>> ListTables(Connection& c);

// The newest schema version this binary's migrations reach, and the version a database is at
// (0 when it has no schema_migrations table: not a Corridor database, or a new one).
int LatestSchemaVersion(Engine engine);
Result<int64_t> SchemaVersion(Connection& c);

// Starts a read-only snapshot on `c` (SQLite: a deferred read transaction, WAL keeps it
// consistent while others write; PostgreSQL: REPEATABLE READ READ ONLY). End it with Rollback().
Status BeginSnapshot(Connection& c);

struct TableChecksum {
  std::string table;
  int64_t rows = 0;
  std::string sha256;  // hex
};

// Row count and SHA-256 of every table, in one snapshot. Rows are hashed in primary-key order
// (text in byte order on both engines; tables without a key: ordered by every column); values
// are written canonically: NULL as \N (so NULL and '' differ), integral numbers as integers
// (3.0 == 3, and PostgreSQL booleans read as 0/1), other reals with 17 significant digits,
// text with \ tab CR LF escaped. The transfer marker row in `settings` is left out.
Result<std::vector<TableChecksum>> ChecksumDatabase(Database& db);

struct TableComparison {
  std::string table;
  int64_t rows_from = 0, rows_to = 0;
  std::string sha256_from, sha256_to;
  bool ok() const { return rows_from == rows_to && sha256_from == sha256_to; }
};

// Table by table; a table on one side only is a mismatch (its other side has 0 rows, no hash).
Result<std::vector<TableComparison>> CompareDatabases(Database& from, Database& to);
bool AllMatch(const std::vector<TableComparison>& tables);

// The marker of an unfinished copy, if the database carries one.
struct TransferMark {
  std::string source;      // Database::Describe() of the source (never a password)
  std::string started_at;  // ISO 8601 UTC
};
Result<std::optional<TransferMark>> ReadTransferMark(Connection& c);
// Ok, or a Conflict saying "this database is an unfinished copy from ... started ...; run
// corridor migrate again with --force". Every command opening a database calls it.
Status CheckTransferComplete(Connection& c);

struct TransferProgress {
  std::string table;
  int64_t copied = 0;  // rows of this table committed so far
  int64_t total = 0;   // rows of this table in the source snapshot
};

struct TransferOptions {
  bool force = false;          // replace a target that holds data (or an unfinished copy)
  int64_t commit_rows = 5000;  // rows per target transaction (one progress report each)
  // Called after each committed batch and once per table (also for empty tables). An error
  // stops the copy, leaving the target marked (tests use it to interrupt a copy).
  std::function<Status(const TransferProgress&)> on_progress;
};

struct TransferReport {
  std::vector<TableComparison> tables;
  int64_t rows = 0;  // rows copied, all tables together
  bool ok() const { return AllMatch(tables); }
};

// Copies every table of `from` into `to`: `to` gets the schema through Migrate(), must hold no
// rows (else Conflict, unless options.force), is marked before the first row; rows are read
// from one snapshot of `from`, written with multi-row INSERTs (explicit keys kept; PostgreSQL
// identity sequences advanced past them) in transactions of options.commit_rows; then both
// sides are checksummed. The marker is removed only when every table matches: a report with
// a mismatch is returned as a value (report.ok() false) and the target stays marked.
// `from` must be at this binary's schema version and not itself an unfinished copy.
Result<TransferReport> TransferDatabase(Database& from, Database& to, const TransferOptions& options = {});

}  // namespace corridor::storage
