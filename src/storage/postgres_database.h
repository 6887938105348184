// PostgreSQL engine (libpq): the same seam as SQLite. `?` placeholders are rewritten to $n,
// parameters are sent as text (the server infers their types), results come back as Value
// (int2/int4/int8/oid/bool -> int64, float4/float8 -> double, numeric -> int64 when integral
// else double, everything else text). A pool of connections for the web server's threads.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/database.h"

namespace corridor::storage {

class PostgresDatabase : public Database {
 public:
  // options.url: "postgresql://user[:password]@host[:port]/db[?param=value...]" or a libpq
  // "key=value" string. options.pg_schema, when set, is created if missing and becomes every
  // connection's search_path.
  static Result<std::unique_ptr<Database>> Open(const DatabaseOptions& options);
  ~PostgresDatabase() override;
  PooledConnection Acquire() override;
  Engine engine() const override { return Engine::kPostgres; }
  std::string Describe() const override { return description_; }  // never the password

 protected:
  void Release(std::unique_ptr<Connection> c) override;

 private:
  PostgresDatabase(DatabaseOptions options, std::string description)
      : options_(std::move(options)), description_(std::move(description)) {}
  Result<std::unique_ptr<Connection>> Connect();
  DatabaseOptions options_;
  std::string description_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

// Exposed for tests. Rewrites `?` to $1, $2, ... outside string literals ('...', E'...'),
// quoted identifiers, dollar-quoted strings and comments.
std::string RewritePlaceholders(std::string_view sql);
// "postgresql://user@host:port/db" from a URL or key=value string, without the password;
// nullopt (and *error set) when libpq cannot parse it.
std::optional<std::string> DescribePostgresUrl(const std::string& url, std::string* error);

}  // namespace corridor::storage
