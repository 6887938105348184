// SQLite engine: WAL, synchronous=FULL (an acknowledged commit survives kill -9 and
// power loss), foreign keys on, a pool of connections for the web server's threads.
// Write transactions of one process queue in order on a writer gate (below) before BEGIN
// IMMEDIATE; only other processes meet SQLite's busy handler.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "storage/database.h"

struct sqlite3;

namespace corridor::storage {

// One per database file and process: the threads of a process take SQLite's single write lock
// in turn, first come first served, instead of polling for it in SQLite's busy handler (which
// sleeps up to 100 ms between tries, so a contended writer waited far longer than the lock was
// held). Not owned by a thread: a transaction may end on another thread than it began on.
class WriterGate {
 public:
  // False when not granted within `timeout` (the caller reports "database is locked").
  bool Acquire(std::chrono::milliseconds timeout);
  void Release();

 private:
  struct Waiter {
    std::condition_variable cv;
    bool granted = false;
  };
  std::mutex mu_;
  bool held_ = false;
  std::deque<Waiter*> waiters_;
};

class SqliteDatabase : public Database {
 public:
  static Result<std::unique_ptr<Database>> Open(const std::string& path, const DatabaseOptions& options);
  ~SqliteDatabase() override;
  PooledConnection Acquire() override;
  Engine engine() const override { return Engine::kSqlite; }
  std::string Describe() const override { return "sqlite:" + path_; }
  const std::string& path() const { return path_; }

 protected:
  void Release(std::unique_ptr<Connection> c) override;

 private:
  SqliteDatabase(std::string path, DatabaseOptions options) : path_(std::move(path)), options_(std::move(options)) {}
  Result<std::unique_ptr<Connection>> Connect();
  std::string path_;
  DatabaseOptions options_;
  // Shared with the connections, which may be closed after the pool (in any order).
  std::shared_ptr<WriterGate> gate_ = std::make_shared<WriterGate>();
  std::mutex mu_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

// Opens a raw handle with Corridor's pragmas (used by backup).
Result<sqlite3*> OpenSqliteHandle(const std::string& path, bool read_only, int busy_timeout_ms);

}  // namespace corridor::storage
