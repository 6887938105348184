#include "storage/postgres_database.h"

#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace corridor::storage {

namespace {

// Type OIDs (src/include/catalog/pg_type.dat); stable across server versions.
constexpr Oid kBoolOid = 16;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kOidOid = 26;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;

constexpr size_t kMaxIdle = 16;  // PostgreSQL connections are processes: keep fewer idle than SQLite

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

std::string TrimTrailingSpace(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  return s;
}

// Maps a failed result (or a null one: out of memory, lost connection) to a Status.
Status PgError(PGconn* conn, const PGresult* res, std::string_view what) {
  std::string msg;
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  if (res) {
    const char* primary = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
    const char* detail = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL);
    if (primary) {
      msg = primary;
      if (detail) msg += std::string(" (") + detail + ")";
    } else {
      msg = TrimTrailingSpace(PQresultErrorMessage(res));
    }
  }
  if (msg.empty()) msg = TrimTrailingSpace(PQerrorMessage(conn));
  if (msg.empty()) msg = "unknown error";
  msg = std::string(what) + ": " + msg;
  if (state && std::strcmp(state, "23505") == 0) return Status::Conflict(msg);  // unique_violation
  return Status::Db(msg);
}

bool Succeeded(const PGresult* res) {
  if (!res) return false;
  ExecStatusType st = PQresultStatus(res);
  return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY;
}

// Text forms of the parameters; pointers stay valid while `texts` lives.
struct TextParams {
  std::vector<std::string> texts;
  std::vector<const char*> values;
};

void ToText(const Params& params, TextParams& out) {
  out.texts.assign(params.size(), std::string());
  out.values.assign(params.size(), nullptr);
  for (size_t i = 0; i < params.size(); ++i) {
    const Value& v = params[i];
    if (std::holds_alternative<std::monostate>(v)) continue;  // NULL
    if (auto p = std::get_if<int64_t>(&v)) {
      out.texts[i] = std::to_string(*p);
    } else if (auto p = std::get_if<double>(&v)) {
      if (std::isnan(*p)) out.texts[i] = "NaN";
      else if (std::isinf(*p)) out.texts[i] = *p > 0 ? "Infinity" : "-Infinity";
      else {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.17g", *p);  // round-trips
        out.texts[i] = buf;
      }
    } else if (auto p = std::get_if<std::string>(&v)) {
      out.texts[i] = *p;
    }
    out.values[i] = out.texts[i].c_str();
  }
}

Value ToValue(const PGresult* res, int row, int col) {
  if (PQgetisnull(res, row, col)) return std::monostate{};
  const char* s = PQgetvalue(res, row, col);
  int len = PQgetlength(res, row, col);
  switch (PQftype(res, col)) {
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid:
    case kOidOid: {
      errno = 0;
      char* end = nullptr;
      long long v = std::strtoll(s, &end, 10);
      if (errno == 0 && end == s + len) return static_cast<int64_t>(v);
      break;
    }
    case kBoolOid:
      return static_cast<int64_t>(s[0] == 't' ? 1 : 0);  // like SQLite's 0/1 for boolean expressions
    case kNumericOid: {
      // SUM(bigint) and friends are numeric: an integral value stays an integer, as in SQLite.
      if (len > 0 && std::strpbrk(s, ".eEN") == nullptr) {
        errno = 0;
        char* end = nullptr;
        long long v = std::strtoll(s, &end, 10);
        if (errno == 0 && end == s + len) return static_cast<int64_t>(v);
      }
      [[fallthrough]];
    }
    case kFloat4Oid:
    case kFloat8Oid: {
      char* end = nullptr;
      double d = std::strtod(s, &end);  // also reads NaN, Infinity, -Infinity
      if (end == s + len) return d;
      break;
    }
    default:
      break;
  }
  return std::string(s, static_cast<size_t>(len));
}

Rows Collect(const PGresult* res) {
  Rows out;
  int ncols = PQnfields(res);
  int nrows = PQntuples(res);
  out.columns->reserve(static_cast<size_t>(ncols));
  for (int c = 0; c < ncols; ++c) out.columns->push_back(PQfname(res, c));
  out.rows.reserve(static_cast<size_t>(nrows));
  for (int r = 0; r < nrows; ++r) {
    std::vector<Value> vals;
    vals.reserve(static_cast<size_t>(ncols));
    for (int c = 0; c < ncols; ++c) vals.push_back(ToValue(res, r, c));
    out.rows.emplace_back(out.columns.get(), std::move(vals));
  }
  return out;
}

int64_t ChangedRows(PGresult* res) {
  const char* n = PQcmdTuples(res);  // "" for commands without a count
  return n && *n ? std::strtoll(n, nullptr, 10) : 0;
}

// Notices ("relation already exists, skipping" and the like) are dropped; a warning Corridor's
// own SQL raises (a migration's "text search without indexes") goes to the log.
void LogOwnWarnings(void*, const char* message) {
  if (std::strncmp(message, "WARNING:  corridor: ", 20) == 0) std::fprintf(stderr, "%s", message + 10);
}

class PostgresPrepared : public Prepared {
 public:
  PostgresPrepared(PGconn* conn, std::string name) : conn_(conn), name_(std::move(name)) {}
  ~PostgresPrepared() override {
    // Best effort: fails harmlessly inside an aborted transaction or on a lost connection.
    if (PQstatus(conn_) == CONNECTION_OK) ResultPtr(PQexec(conn_, ("DEALLOCATE " + name_).c_str()));
  }

  Status Run(const Params& params) override {
    auto r = Execute(params);
    return r.ok() ? Status::Ok() : r.status();
  }

  Result<Rows> Query(const Params& params) override {
    auto r = Execute(params);
    if (!r.ok()) return r.status();
    return Collect(r->get());
  }

 private:
  Result<ResultPtr> Execute(const Params& params) {
    ToText(params, text_);  // a wrong parameter count is reported by the server
    ResultPtr res(PQexecPrepared(conn_, name_.c_str(), static_cast<int>(params.size()), text_.values.data(), nullptr,
                                 nullptr, 0));
    if (!Succeeded(res.get())) return PgError(conn_, res.get(), "statement");
    return res;
  }

  PGconn* conn_;
  std::string name_;
  TextParams text_;
};

class PostgresConnection : public Connection {
 public:
  explicit PostgresConnection(PGconn* conn) : conn_(conn) {}
  ~PostgresConnection() override { PQfinish(conn_); }

  Result<Rows> Query(std::string_view sql, const Params& params) override {
    auto r = Execute(sql, params);
    if (!r.ok()) return r.status();
    return Collect(r->get());
  }

  Result<int64_t> Exec(std::string_view sql, const Params& params) override {
    auto r = Execute(sql, params);
    if (!r.ok()) return r.status();
    return ChangedRows(r->get());
  }

  Status ExecScript(std::string_view sql) override {
    // The simple-query protocol runs several statements in one call (migrations).
    ResultPtr res(PQexec(conn_, std::string(sql).c_str()));
    if (!Succeeded(res.get())) return PgError(conn_, res.get(), "script");
    return Status::Ok();
  }

  Result<std::unique_ptr<Prepared>> Prepare(std::string_view sql) override {
    std::string rewritten = RewritePlaceholders(sql);
    std::string name = "corridor_" + std::to_string(++prepared_count_);
    ResultPtr res(PQprepare(conn_, name.c_str(), rewritten.c_str(), 0, nullptr));
    if (!Succeeded(res.get())) return PgError(conn_, res.get(), "prepare");
    return std::unique_ptr<Prepared>(new PostgresPrepared(conn_, std::move(name)));
  }

  Status Begin() override { return ExecScript("BEGIN ISOLATION LEVEL READ COMMITTED"); }

  Status Commit() override {
    ResultPtr res(PQexec(conn_, "COMMIT"));
    if (!Succeeded(res.get())) return PgError(conn_, res.get(), "commit");
    // COMMIT of a transaction in which a statement failed succeeds with the tag ROLLBACK.
    if (std::strcmp(PQcmdStatus(res.get()), "ROLLBACK") == 0)
      return Status::Db("commit: the transaction was rolled back because a statement in it failed");
    return Status::Ok();
  }

  Status Rollback() override {
    PGTransactionStatusType ts = PQtransactionStatus(conn_);
    if (ts == PQTRANS_IDLE) return Status::Ok();
    if (ts == PQTRANS_UNKNOWN) return Status::Db("rollback: connection lost");
    return ExecScript("ROLLBACK");
  }

  Engine engine() const override { return Engine::kPostgres; }

  bool healthy() const { return PQstatus(conn_) == CONNECTION_OK && PQtransactionStatus(conn_) == PQTRANS_IDLE; }
  // healthy(), and nothing waiting on the socket: Corridor never LISTENs, so an idle connection
  // has nothing to read unless the server closed it (a restart, pg_terminate_backend, an idle
  // timeout: a FATAL message and EOF). A zero-timeout poll costs no round trip.
  bool AliveAfterIdle() {
    if (!healthy()) return false;
    pollfd p{PQsocket(conn_), POLLIN, 0};
    return p.fd >= 0 && ::poll(&p, 1, 0) == 0;
  }

 private:
  Result<ResultPtr> Execute(std::string_view sql, const Params& params) {
    std::string rewritten = RewritePlaceholders(sql);
    ToText(params, text_);
    ResultPtr res(PQexecParams(conn_, rewritten.c_str(), static_cast<int>(params.size()), nullptr,
                               text_.values.data(), nullptr, nullptr, 0));
    if (!Succeeded(res.get())) return PgError(conn_, res.get(), "query");
    return res;
  }

  PGconn* conn_;
  TextParams text_;
  int prepared_count_ = 0;
};

bool IsIdentChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

bool ValidSchemaName(const std::string& s) {
  if (s.empty() || s.size() > 63 || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  for (char c : s)
    if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_'))
      return false;
  return true;
}

}  // namespace

std::string RewritePlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  size_t i = 0;
  const size_t len = sql.size();
  auto copy_until = [&](size_t end) {  // copies sql[i, end) and moves i
    out.append(sql.substr(i, end - i));
    i = end;
  };
  while (i < len) {
    char c = sql[i];
    if (c == '?') {
      out += '$' + std::to_string(++n);
      ++i;
    } else if (c == '\'') {
      // '...' with '' as an escaped quote; E'...' also takes backslash escapes.
      bool escapes = i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') && (i < 2 || !IsIdentChar(sql[i - 2]));
      size_t j = i + 1;
      while (j < len) {
        if (escapes && sql[j] == '\\') {
          j += 2;
        } else if (sql[j] == '\'') {
          if (j + 1 < len && sql[j + 1] == '\'') j += 2;
          else break;
        } else {
          ++j;
        }
      }
      copy_until(std::min(len, j + 1));
    } else if (c == '"') {
      size_t j = i + 1;
      while (j < len) {
        if (sql[j] == '"') {
          if (j + 1 < len && sql[j + 1] == '"') j += 2;
          else break;
        } else {
          ++j;
        }
      }
      copy_until(std::min(len, j + 1));
    } else if (c == '-' && i + 1 < len && sql[i + 1] == '-') {
      size_t j = sql.find('\n', i);
      copy_until(j == std::string_view::npos ? len : j);
    } else if (c == '/' && i + 1 < len && sql[i + 1] == '*') {
      size_t j = sql.find("*/", i + 2);
      copy_until(j == std::string_view::npos ? len : j + 2);
    } else if (c == '$' && (i == 0 || !IsIdentChar(sql[i - 1]))) {
      // Dollar quoting: $$...$$ or $tag$...$tag$ (a tag does not start with a digit).
      size_t j = i + 1;
      if (j < len && !std::isdigit(static_cast<unsigned char>(sql[j])))
        while (j < len && IsIdentChar(sql[j])) ++j;
      if (j < len && sql[j] == '$') {
        std::string_view tag = sql.substr(i, j - i + 1);
        size_t close = sql.find(tag, j + 1);
        copy_until(close == std::string_view::npos ? len : close + tag.size());
      } else {
        out += c;
        ++i;
      }
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

std::optional<std::string> DescribePostgresUrl(const std::string& url, std::string* error) {
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(url.c_str(), &err);
  if (!opts) {
    if (error) *error = err ? TrimTrailingSpace(err) : "cannot parse the connection string";
    PQfreemem(err);
    return std::nullopt;
  }
  std::string user, host, hostaddr, port, dbname;
  for (PQconninfoOption* o = opts; o->keyword; ++o) {
    if (!o->val) continue;
    std::string_view k = o->keyword;
    if (k == "user") user = o->val;
    else if (k == "host") host = o->val;
    else if (k == "hostaddr") hostaddr = o->val;
    else if (k == "port") port = o->val;
    else if (k == "dbname") dbname = o->val;
  }
  PQconninfoFree(opts);
  if (host.empty()) host = hostaddr;
  std::string d = "postgresql://";
  if (!user.empty()) d += user + "@";
  d += host.empty() ? "localhost" : host;
  if (!port.empty()) d += ":" + port;
  d += "/" + dbname;
  return d;
}

Result<std::unique_ptr<Database>> PostgresDatabase::Open(const DatabaseOptions& options) {
  std::string error;
  auto description = DescribePostgresUrl(options.url, &error);
  // libpq's parse errors quote the offending token, which may be the password: not repeated here.
  if (!description) return Status::Invalid("invalid PostgreSQL connection URL");
  if (!options.pg_schema.empty() && !ValidSchemaName(options.pg_schema))
    return Status::Invalid("PostgreSQL schema name must be lower-case letters, digits and _: " + options.pg_schema);
  std::string described = *description;
  if (!options.pg_schema.empty()) described += " (schema " + options.pg_schema + ")";
  std::unique_ptr<PostgresDatabase> db(new PostgresDatabase(options, described));
  auto first = db->Connect();  // fail early on a wrong URL, server down, bad credentials
  if (!first.ok()) return first.status();
  if (!options.pg_schema.empty() && !options.read_only) {
    // CREATE SCHEMA IF NOT EXISTS is not safe against a concurrent create (two servers starting
    // together fail with a duplicate key): a transaction-level advisory lock serialises it.
    Status s = (*first)->ExecScript("BEGIN; SELECT pg_advisory_xact_lock(hashtext('corridor-create-schema')); "
                                    "CREATE SCHEMA IF NOT EXISTS \"" + options.pg_schema + "\"; COMMIT");
    if (!s.ok()) return s.WithContext(described + ": ");
  }
  db->idle_.push_back(std::move(*first));
  return std::unique_ptr<Database>(std::move(db));
}

PostgresDatabase::~PostgresDatabase() = default;

Result<std::unique_ptr<Connection>> PostgresDatabase::Connect() {
  // Corridor's defaults first: the URL's own parameters, processed after them, win.
  const char* keywords[] = {"application_name", "connect_timeout", "client_encoding", "dbname", nullptr};
  const char* values[] = {"corridor", "10", "UTF8", options_.url.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (!conn) return Status::Db("cannot connect to " + description_ + ": out of memory");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string m = TrimTrailingSpace(PQerrorMessage(conn));
    PQfinish(conn);
    return Status::Db("cannot connect to " + description_ + ": " + m);
  }
  PQsetNoticeProcessor(conn, LogOwnWarnings, nullptr);
  auto c = std::make_unique<PostgresConnection>(conn);
  // The placeholder rewriter relies on standard strings; lock waits are bounded like SQLite's
  // busy timeout.
  std::string setup = "SET standard_conforming_strings = on; SET lock_timeout = " +
                      std::to_string(std::max(0, options_.busy_timeout_ms)) + ";";
  if (!options_.pg_schema.empty()) setup += " SET search_path TO \"" + options_.pg_schema + "\";";
  if (options_.read_only) setup += " SET default_transaction_read_only = on;";
  Status s = c->ExecScript(setup);
  if (!s.ok()) return s.WithContext("cannot configure " + description_ + ": ");
  return std::unique_ptr<Connection>(std::move(c));
}

PooledConnection PostgresDatabase::Acquire() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    while (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      if (static_cast<PostgresConnection*>(c.get())->AliveAfterIdle()) return PooledConnection(this, std::move(c));
      // A connection the server closed (restart, idle timeout) is dropped; try the next one.
    }
  }
  auto c = Connect();
  if (!c.ok()) throw std::runtime_error(c.status().message());  // aborts the request at its boundary
  return PooledConnection(this, std::move(*c));
}

void PostgresDatabase::Release(std::unique_ptr<Connection> c) {
  c->Rollback();  // never hand out a connection inside a forgotten transaction
  if (!static_cast<PostgresConnection*>(c.get())->healthy()) return;  // closes it
  std::lock_guard<std::mutex> lock(mu_);
  if (idle_.size() < kMaxIdle) idle_.push_back(std::move(c));
}

}  // namespace corridor::storage
