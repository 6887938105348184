#include "storage/database.h"

#include <algorithm>
#include <cstdio>
#include <set>
#include <stdexcept>

#include "core/dates.h"
#include "core/embedded_files.h"
#include "core/strings.h"
#include "storage/postgres_database.h"
#include "storage/sqlite_database.h"

namespace corridor::storage {

Value TextOrNull(const std::string& s) {
  if (s.empty()) return std::monostate{};
  return s;
}

size_t Row::Index(std::string_view col) const {
  for (size_t i = 0; i < columns_->size(); ++i)
    if ((*columns_)[i] == col) return i;
  throw std::out_of_range("no column " + std::string(col));
}

int64_t Row::Int(size_t i) const {
  const Value& v = values_.at(i);
  if (auto p = std::get_if<int64_t>(&v)) return *p;
  if (auto p = std::get_if<double>(&v)) return static_cast<int64_t>(*p);
  if (auto p = std::get_if<std::string>(&v)) return strings::ParseInt(*p).value_or(0);
  return 0;
}

double Row::Real(size_t i) const {
  const Value& v = values_.at(i);
  if (auto p = std::get_if<double>(&v)) return *p;
  if (auto p = std::get_if<int64_t>(&v)) return static_cast<double>(*p);
  if (auto p = std::get_if<std::string>(&v)) return strings::ParseDouble(*p).value_or(0);
  return 0;
}

std::string Row::Text(size_t i) const {
  const Value& v = values_.at(i);
  if (auto p = std::get_if<std::string>(&v)) return *p;
  if (auto p = std::get_if<int64_t>(&v)) return std::to_string(*p);
  if (auto p = std::get_if<double>(&v)) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.15g", *p);
    return buf;
  }
  return "";
}

Result<std::optional<Value>> Connection::Scalar(std::string_view sql, const Params& params) {
  auto rows = Query(sql, params);
  if (!rows.ok()) return rows.status();
  if (rows->empty() || rows->rows[0].size() == 0) return std::optional<Value>();
  return std::optional<Value>(rows->rows[0].At(0));
}

Transaction::Transaction(Connection& c) : conn_(c) { begin_status_ = conn_.Begin(); }

Transaction::~Transaction() {
  if (!done_ && begin_status_.ok()) conn_.Rollback();
}

Status Transaction::Commit() {
  if (!begin_status_.ok()) return begin_status_;
  Status s = conn_.Commit();
  done_ = true;
  if (!s.ok()) conn_.Rollback();
  return s;
}

PooledConnection::~PooledConnection() {
  if (db_ && conn_) db_->Release(std::move(conn_));
}

namespace {

// Takes Corridor's `schema=NAME` parameter out of a PostgreSQL URL's query string.
std::string TakeSchemaParameter(std::string url, std::string* schema) {
  auto q = url.find('?');
  if (q == std::string::npos) return url;
  std::string kept;
  for (const std::string& part : strings::Split(url.substr(q + 1), '&')) {
    if (strings::StartsWith(part, "schema=")) *schema = part.substr(7);
    else if (!part.empty()) kept += (kept.empty() ? "" : "&") + part;
  }
  return url.substr(0, q) + (kept.empty() ? "" : "?" + kept);
}

}  // namespace

Result<std::unique_ptr<Database>> Database::Open(const DatabaseOptions& options) {
  const std::string& url = options.url;
  if (strings::StartsWith(url, "postgres://") || strings::StartsWith(url, "postgresql://")) {
    DatabaseOptions pg = options;
    std::string schema;
    pg.url = TakeSchemaParameter(url, &schema);
    if (!schema.empty()) {
      if (!pg.pg_schema.empty() && pg.pg_schema != schema)
        return Status::Invalid("two PostgreSQL schemas given: " + pg.pg_schema + " and " + schema);
      pg.pg_schema = schema;
    }
    return PostgresDatabase::Open(pg);
  }
  std::string path = strings::StartsWith(url, "sqlite:") ? url.substr(7) : url;
  return SqliteDatabase::Open(path, options);
}

Status Database::WithSetupLock(const std::function<Status(Connection&)>& fn) {
  auto conn = Acquire();
  if (engine() != Engine::kPostgres) return fn(*conn);
  // A session-level advisory lock, keyed by the schema so that schemas sharing one database
  // (tests, several instances) do not wait on each other. Released below, or by the server
  // when this process dies.
  static constexpr const char* kKey = "hashtext('corridor-setup:' || current_schema())";
  auto locked = conn->Query(std::string("SELECT pg_advisory_lock(") + kKey + ")");
  if (!locked.ok()) return locked.status().WithContext("setup lock: ");
  Status s = fn(*conn);
  conn->Rollback();  // a failed `fn` may leave a transaction open; the unlock must run outside it
  auto unlocked = conn->Query(std::string("SELECT pg_advisory_unlock(") + kKey + ")");
  if (s.ok() && !unlocked.ok()) return unlocked.status().WithContext("setup lock: ");
  return s;
}

namespace {

Status ApplyMigrations(Connection& c, const std::vector<std::pair<int, const embedded::File*>>& pending, int* applied) {
  Connection* conn = &c;
  CORRIDOR_RETURN_IF_ERROR(conn->ExecScript(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
      "applied_at TEXT NOT NULL)"));
  for (auto& [version, file] : pending) {
    Transaction tx(*conn);
    CORRIDOR_RETURN_IF_ERROR(tx.status());
    auto have = conn->Scalar("SELECT version FROM schema_migrations WHERE version = ?", {int64_t{version}});
    if (!have.ok()) return have.status();
    if (have->has_value()) continue;
    Status s = conn->ExecScript(file->data);
    if (!s.ok()) return s.WithContext("migration " + file->path + ": ");
    auto ins = conn->Exec("INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)",
                          {int64_t{version}, file->path, dates::NowIso()});
    if (!ins.ok()) return ins.status();
    CORRIDOR_RETURN_IF_ERROR(tx.Commit());
    ++*applied;
  }
  return Status::Ok();
}

}  // namespace

Result<int> Database::Migrate() {
  const std::string dir = engine() == Engine::kSqlite ? "src/storage/migrations/sqlite/"
                                                      : "src/storage/migrations/postgres/";
  std::vector<std::pair<int, const embedded::File*>> pending;
  for (const embedded::File& f : embedded::All()) {
    if (!strings::StartsWith(f.path, dir)) continue;
    std::string base = f.path.substr(dir.size());
    auto v = strings::ParseInt(base.substr(0, base.find('_')));
    if (!v) return Status::Internal("migration file without a version number: " + f.path);
    pending.emplace_back(static_cast<int>(*v), &f);
  }
  std::sort(pending.begin(), pending.end(), [](auto& a, auto& b) { return a.first < b.first; });
  // The common case, every migration applied, is answered by a read: no write lock, so a CLI
  // command does not wait behind a busy server (SQLite's BEGIN IMMEDIATE would).
  {
    auto conn = Acquire();
    auto have = conn->Query("SELECT version FROM schema_migrations");
    if (have.ok()) {
      std::set<int64_t> versions;
      for (const Row& r : *have) versions.insert(r.Int(0));
      bool all = std::all_of(pending.begin(), pending.end(), [&](auto& p) { return versions.count(p.first) > 0; });
      if (all) return 0;
    }
    conn->Rollback();  // PostgreSQL: a failed read (no table yet) must not leave an aborted state
  }
  int applied = 0;
  Status s = WithSetupLock([&](Connection& c) { return ApplyMigrations(c, pending, &applied); });
  if (!s.ok()) return s;
  return applied;
}

}  // namespace corridor::storage
