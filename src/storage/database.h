// The storage seam: one interface, one implementation per engine (SQLite now;
// PostgreSQL plugs in behind the same calls). SQL is written once, portably:
// `?` placeholders (rewritten to $n for PostgreSQL), INSERT ... ON CONFLICT, RETURNING.
// Only storage/ includes a database header.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/status.h"

namespace corridor::storage {

using Value = std::variant<std::monostate, int64_t, double, std::string>;
using Params = std::vector<Value>;

// A NULL-able text parameter: empty string -> NULL.
Value TextOrNull(const std::string& s);

enum class Engine { kSqlite, kPostgres };

class Row {
 public:
  Row(const std::vector<std::string>* columns, std::vector<Value> values)
      : columns_(columns), values_(std::move(values)) {}
  size_t size() const { return values_.size(); }
  bool IsNull(size_t i) const { return std::holds_alternative<std::monostate>(values_.at(i)); }
  int64_t Int(size_t i) const;          // 0 for NULL; parses text
  double Real(size_t i) const;          // 0 for NULL
  std::string Text(size_t i) const;     // "" for NULL; numbers formatted
  // By column name (throws std::out_of_range on a wrong name: a programming error).
  int64_t Int(std::string_view col) const { return Int(Index(col)); }
  double Real(std::string_view col) const { return Real(Index(col)); }
  std::string Text(std::string_view col) const { return Text(Index(col)); }
  bool IsNull(std::string_view col) const { return IsNull(Index(col)); }
  const Value& At(size_t i) const { return values_.at(i); }
  size_t Index(std::string_view col) const;

 private:
  const std::vector<std::string>* columns_;
  std::vector<Value> values_;
};

struct Rows {
  std::shared_ptr<std::vector<std::string>> columns = std::make_shared<std::vector<std::string>>();
  std::vector<Row> rows;
  bool empty() const { return rows.empty(); }
  size_t size() const { return rows.size(); }
  const Row& operator[](size_t i) const { return rows[i]; }
  auto begin() const { return rows.begin(); }
  auto end() const { return rows.end(); }
};

// A prepared statement for bulk work (imports): bind, run, reset; reused many times.
class Prepared {
 public:
  virtual ~Prepared() = default;
  virtual Status Run(const Params& params) = 0;  // executes; results ignored
  virtual Result<Rows> Query(const Params& params) = 0;
};

// One session with the database. Not thread-safe: one per thread at a time.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual Result<Rows> Query(std::string_view sql, const Params& params = {}) = 0;
  // Returns the number of rows changed.
  virtual Result<int64_t> Exec(std::string_view sql, const Params& params = {}) = 0;
  // Several statements, no parameters (migrations).
  virtual Status ExecScript(std::string_view sql) = 0;
  virtual Result<std::unique_ptr<Prepared>> Prepare(std::string_view sql) = 0;
  virtual Status Begin() = 0;  // write transaction (SQLite: BEGIN IMMEDIATE)
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;
  virtual Engine engine() const = 0;

  // Convenience: first row's first column, or nullopt when no row.
  Result<std::optional<Value>> Scalar(std::string_view sql, const Params& params = {});
};

// RAII write transaction: rolls back unless Commit() succeeded.
class Transaction {
 public:
  explicit Transaction(Connection& c);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  const Status& status() const { return begin_status_; }
  Status Commit();

 private:
  Connection& conn_;
  Status begin_status_;
  bool done_ = false;
};

class Database;

// A connection borrowed from the pool; returned on destruction.
class PooledConnection {
 public:
  PooledConnection(Database* db, std::unique_ptr<Connection> c) : db_(db), conn_(std::move(c)) {}
  PooledConnection(PooledConnection&&) = default;
  ~PooledConnection();
  Connection& operator*() { return *conn_; }
  Connection* operator->() { return conn_.get(); }

 private:
  Database* db_;
  std::unique_ptr<Connection> conn_;
};

struct DatabaseOptions {
  // "sqlite:PATH", a plain file path (SQLite), or "postgresql://...". A PostgreSQL URL may carry
  // Corridor's own query parameter `schema=NAME` (taken out before libpq sees the URL): it sets
  // pg_schema, so one PostgreSQL database can hold several Corridor instances or test runs.
  std::string url;
  bool read_only = false;
  int busy_timeout_ms = 10000;  // PostgreSQL: lock_timeout
  // PostgreSQL only: a schema (lower-case letters, digits, _) created if missing and used as
  // every connection's search_path; "" keeps the server's default. Tests get a fresh one each.
  std::string pg_schema = {};
};

// Case-insensitive LIKE: SQLite's LIKE already is (for ASCII); PostgreSQL needs ILIKE.
inline const char* CaseInsensitiveLike(Engine engine) { return engine == Engine::kPostgres ? "ILIKE" : "LIKE"; }

// A pool of connections to one database. Thread-safe.
class Database {
 public:
  virtual ~Database() = default;
  static Result<std::unique_ptr<Database>> Open(const DatabaseOptions& options);
  virtual PooledConnection Acquire() = 0;
  virtual Engine engine() const = 0;
  virtual std::string Describe() const = 0;  // for logs: engine and path, never a password
  // Applies pending versioned migrations; returns the number applied. Runs under WithSetupLock,
  // so several processes starting at once on one PostgreSQL database migrate it once.
  Result<int> Migrate();
  // Runs `fn` on one connection while holding the database-wide setup lock: a PostgreSQL
  // advisory lock (per schema) shared by every process; on SQLite the write transactions inside
  // `fn` already serialise processes, so it just runs `fn`. For first-start work that checks
  // and then writes (migrations, demo data, the first administrator).
  Status WithSetupLock(const std::function<Status(Connection&)>& fn);

 protected:
  friend class PooledConnection;
  virtual void Release(std::unique_ptr<Connection> c) = 0;
};

}  // namespace corridor::storage
