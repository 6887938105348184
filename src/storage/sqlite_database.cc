#include "storage/sqlite_database.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <unordered_map>
#include <stdexcept>
#include <thread>

namespace corridor::storage {

namespace {

Status SqliteError(sqlite3* db, std::string_view what) {
  int code = sqlite3_extended_errcode(db);
  std::string msg = std::string(what) + ": " + sqlite3_errmsg(db);
  if ((code & 0xff) == SQLITE_CONSTRAINT) return Status::Conflict(msg);
  return Status::Db(msg);
}

Status Bind(sqlite3* db, sqlite3_stmt* st, const Params& params) {
  for (size_t i = 0; i < params.size(); ++i) {
    int idx = static_cast<int>(i + 1);
    int rc = SQLITE_OK;
    const Value& v = params[i];
    if (std::holds_alternative<std::monostate>(v)) rc = sqlite3_bind_null(st, idx);
    else if (auto p = std::get_if<int64_t>(&v)) rc = sqlite3_bind_int64(st, idx, *p);
    else if (auto p = std::get_if<double>(&v)) rc = sqlite3_bind_double(st, idx, *p);
    else if (auto p = std::get_if<std::string>(&v))
      rc = sqlite3_bind_text(st, idx, p->data(), static_cast<int>(p->size()), SQLITE_TRANSIENT);
    if (rc != SQLITE_OK) return SqliteError(db, "bind");
  }
  return Status::Ok();
}

Result<Rows> Collect(sqlite3* db, sqlite3_stmt* st) {
  Rows out;
  int n = sqlite3_column_count(st);
  for (int i = 0; i < n; ++i) out.columns->push_back(sqlite3_column_name(st, i));
  while (true) {
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return SqliteError(db, "query");
    std::vector<Value> vals;
    vals.reserve(n);
    for (int i = 0; i < n; ++i) {
      switch (sqlite3_column_type(st, i)) {
        case SQLITE_INTEGER: vals.emplace_back(static_cast<int64_t>(sqlite3_column_int64(st, i))); break;
        case SQLITE_FLOAT: vals.emplace_back(sqlite3_column_double(st, i)); break;
        case SQLITE_NULL: vals.emplace_back(std::monostate{}); break;
        default: {
          const char* t = reinterpret_cast<const char*>(sqlite3_column_text(st, i));
          vals.emplace_back(std::string(t ? t : "", sqlite3_column_bytes(st, i)));
        }
      }
    }
    out.rows.emplace_back(out.columns.get(), std::move(vals));
  }
  return out;
}

class SqlitePrepared : public Prepared {
 public:
  SqlitePrepared(sqlite3* db, sqlite3_stmt* st) : db_(db), st_(st) {}
  ~SqlitePrepared() override { sqlite3_finalize(st_); }
  Status Run(const Params& params) override {
    sqlite3_reset(st_);
    sqlite3_clear_bindings(st_);
    CORRIDOR_RETURN_IF_ERROR(Bind(db_, st_, params));
    int rc;
    while ((rc = sqlite3_step(st_)) == SQLITE_ROW) {
    }
    if (rc != SQLITE_DONE) {
      Status s = SqliteError(db_, "statement");
      sqlite3_reset(st_);
      return s;
    }
    return Status::Ok();
  }
  Result<Rows> Query(const Params& params) override {
    sqlite3_reset(st_);
    sqlite3_clear_bindings(st_);
    CORRIDOR_RETURN_IF_ERROR(Bind(db_, st_, params));
    auto r = Collect(db_, st_);
    sqlite3_reset(st_);
    return r;
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* st_;
};

class SqliteConnection : public Connection {
 public:
  // `gate`: the process's writer gate for this file (null: read-only, no write transactions).
  SqliteConnection(sqlite3* db, std::shared_ptr<WriterGate> gate, int busy_timeout_ms)
      : db_(db), gate_(std::move(gate)), busy_timeout_ms_(busy_timeout_ms) {}
  ~SqliteConnection() override {
    for (auto& [sql, st] : cache_) sqlite3_finalize(st);
    sqlite3_close_v2(db_);  // rolls back an open transaction
    LeaveGate();
  }

  Result<Rows> Query(std::string_view sql, const Params& params) override {
    auto st = Statement(sql);
    if (!st.ok()) return st.status();
    Status b = Bind(db_, *st, params);
    if (!b.ok()) return b;
    auto r = Collect(db_, *st);
    sqlite3_reset(*st);
    sqlite3_clear_bindings(*st);
    return r;
  }

  Result<int64_t> Exec(std::string_view sql, const Params& params) override {
    auto r = Query(sql, params);
    if (!r.ok()) return r.status();
    return static_cast<int64_t>(sqlite3_changes64(db_));
  }

  Status ExecScript(std::string_view sql) override {
    std::string s(sql);
    char* err = nullptr;
    if (sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string m = err ? err : "error";
      sqlite3_free(err);
      return Status::Db(m);
    }
    return Status::Ok();
  }

  Result<std::unique_ptr<Prepared>> Prepare(std::string_view sql) override {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &st, nullptr) != SQLITE_OK)
      return SqliteError(db_, "prepare");
    return std::unique_ptr<Prepared>(new SqlitePrepared(db_, st));
  }

  Status Begin() override {
    if (!gate_ || in_gate_) return ExecScript("BEGIN IMMEDIATE");  // nested: SQLite reports it
    auto start = std::chrono::steady_clock::now();
    if (!gate_->Acquire(std::chrono::milliseconds(busy_timeout_ms_)))
      return Status::Db("BEGIN IMMEDIATE: database is locked (this process's writers waited " +
                        std::to_string(busy_timeout_ms_) + " ms)");
    in_gate_ = true;
    // Other processes: SQLite's busy handler, within what is left of the same timeout.
    auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    int left = std::max<int>(1, busy_timeout_ms_ - static_cast<int>(waited.count()));
    if (left != busy_timeout_ms_) sqlite3_busy_timeout(db_, left);
    Status s = ExecScript("BEGIN IMMEDIATE");
    if (left != busy_timeout_ms_) sqlite3_busy_timeout(db_, busy_timeout_ms_);
    if (!s.ok()) LeaveGate();
    return s;
  }
  Status Commit() override {
    Status s = ExecScript("COMMIT");
    // A failed COMMIT may leave the transaction open (the caller then rolls back) or have
    // ended it (SQLite rolled back itself): the gate is held exactly while one is open.
    if (sqlite3_get_autocommit(db_)) LeaveGate();
    return s;
  }
  Status Rollback() override {
    Status s = sqlite3_get_autocommit(db_) ? Status::Ok() : ExecScript("ROLLBACK");
    if (sqlite3_get_autocommit(db_)) LeaveGate();
    return s;
  }
  Engine engine() const override { return Engine::kSqlite; }

 private:
  // Statements are cached per connection: the web server runs the same few queries.
  Result<sqlite3_stmt*> Statement(std::string_view sql) {
    std::string key(sql);
    auto it = cache_.find(key);
    if (it != cache_.end()) {
      sqlite3_reset(it->second);
      sqlite3_clear_bindings(it->second);
      return it->second;
    }
    sqlite3_stmt* st = nullptr;
    const char* tail = nullptr;
    if (sqlite3_prepare_v2(db_, key.c_str(), static_cast<int>(key.size()), &st, &tail) != SQLITE_OK)
      return SqliteError(db_, "prepare");
    if (cache_.size() > 256) {
      for (auto& [k, s] : cache_) sqlite3_finalize(s);
      cache_.clear();
    }
    cache_.emplace(std::move(key), st);
    return st;
  }

  void LeaveGate() {
    if (in_gate_) gate_->Release();
    in_gate_ = false;
  }

  sqlite3* db_;
  std::shared_ptr<WriterGate> gate_;
  int busy_timeout_ms_;
  bool in_gate_ = false;  // this connection holds the writer gate (inside BEGIN IMMEDIATE .. end)
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

}  // namespace

bool WriterGate::Acquire(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  if (!held_ && waiters_.empty()) {
    held_ = true;
    return true;
  }
  Waiter me;
  waiters_.push_back(&me);
  if (me.cv.wait_for(lock, timeout, [&] { return me.granted; })) return true;
  waiters_.erase(std::find(waiters_.begin(), waiters_.end(), &me));
  return false;
}

void WriterGate::Release() {
  std::lock_guard<std::mutex> lock(mu_);
  if (waiters_.empty()) {
    held_ = false;
    return;
  }
  Waiter* next = waiters_.front();  // handed over: held_ stays true
  waiters_.pop_front();
  next->granted = true;
  next->cv.notify_one();
}

Result<sqlite3*> OpenSqliteHandle(const std::string& path, bool read_only, int busy_timeout_ms) {
  sqlite3* db = nullptr;
  int flags = (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
              SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    std::string m = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close_v2(db);
    return Status::Db("cannot open " + path + ": " + m);
  }
  sqlite3_busy_timeout(db, busy_timeout_ms);
  const char* pragmas =
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
      "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-32000; PRAGMA mmap_size=268435456;";
  char* err = nullptr;
  // Servers opening a new file at the same moment: switching it to WAL takes an exclusive lock,
  // and SQLite reports the other's as busy without calling the busy handler; so retry (the
  // pragmas are idempotent) within the busy timeout.
  auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(busy_timeout_ms);
  int rc;
  while ((rc = sqlite3_exec(db, pragmas, nullptr, nullptr, &err)) == SQLITE_BUSY &&
         std::chrono::steady_clock::now() < until) {
    sqlite3_free(err);
    err = nullptr;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (rc != SQLITE_OK) {
    std::string m = err ? err : "pragma failed";
    sqlite3_free(err);
    sqlite3_close_v2(db);
    return Status::Db("cannot configure " + path + ": " + m);
  }
  return db;
}

Result<std::unique_ptr<Database>> SqliteDatabase::Open(const std::string& path, const DatabaseOptions& options) {
  if (path.empty()) return Status::Invalid("database path is empty");
  std::filesystem::path p(path);
  if (p.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(p.parent_path(), ec);
  }
  std::unique_ptr<SqliteDatabase> db(new SqliteDatabase(path, options));
  auto first = db->Connect();  // fail early on a bad path
  if (!first.ok()) return first.status();
  db->idle_.push_back(std::move(*first));
  return std::unique_ptr<Database>(std::move(db));
}

SqliteDatabase::~SqliteDatabase() = default;

Result<std::unique_ptr<Connection>> SqliteDatabase::Connect() {
  auto h = OpenSqliteHandle(path_, options_.read_only, options_.busy_timeout_ms);
  if (!h.ok()) return h.status();
  return std::unique_ptr<Connection>(
      new SqliteConnection(*h, options_.read_only ? nullptr : gate_, options_.busy_timeout_ms));
}

PooledConnection SqliteDatabase::Acquire() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      return PooledConnection(this, std::move(c));
    }
  }
  auto c = Connect();
  if (!c.ok()) throw std::runtime_error(c.status().message());  // aborts the request at its boundary
  return PooledConnection(this, std::move(*c));
}

void SqliteDatabase::Release(std::unique_ptr<Connection> c) {
  c->Rollback();  // never hand out a connection inside a forgotten transaction
  std::lock_guard<std::mutex> lock(mu_);
  if (idle_.size() < 64) idle_.push_back(std::move(c));
}

}  // namespace corridor::storage
