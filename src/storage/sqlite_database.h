// SQLite engine: WAL, synchronous=FULL (an acknowledged commit survives kill -9 and
// power loss), foreign keys on, a pool of connections for the web server's threads.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "storage/database.h"

struct sqlite3;

namespace corridor::storage {

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
  std::mutex mu_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

// Opens a raw handle with Corridor's pragmas (used by backup).
Result<sqlite3*> OpenSqliteHandle(const std::string& path, bool read_only, int busy_timeout_ms);

}  // namespace corridor::storage
