#include "storage/backup.h"

#include <fcntl.h>
#include <libpq-fe.h>
#include <poll.h>
#include <sodium.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "core/strings.h"
#include "storage/database_transfer.h"
#include "storage/sqlite_database.h"

namespace corridor::storage {

namespace fs = std::filesystem;

namespace {

std::string QuoteIdent(const std::string& s) { return "\"" + strings::ReplaceAll(s, "\"", "\"\"") + "\""; }

int64_t AsInt(const std::optional<Value>& v) { return v ? Row(nullptr, {*v}).Int(0) : 0; }

// ---- files ----

Status FileDigest(const std::string& path, int64_t* bytes, std::string* hex) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Io("cannot read " + path);
  crypto_hash_sha256_state st;
  crypto_hash_sha256_init(&st);
  std::vector<char> buf(1 << 16);
  *bytes = 0;
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    std::streamsize n = in.gcount();
    if (n <= 0) break;
    crypto_hash_sha256_update(&st, reinterpret_cast<const unsigned char*>(buf.data()), static_cast<size_t>(n));
    *bytes += n;
  }
  if (in.bad()) return Status::Io("cannot read " + path);
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&st, digest);
  char out[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(out, sizeof out, digest, sizeof digest);
  *hex = out;
  return Status::Ok();
}

// FILE.partial -> FILE, then the directory entry made durable.
Status Publish(const std::string& partial, const std::string& out) {
  std::error_code ec;
  fs::rename(partial, out, ec);
  if (ec) return Status::Io("cannot rename " + partial + " to " + out + ": " + ec.message());
  fs::path dir = fs::path(out).parent_path();
  int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
  return Status::Ok();
}

// Refuses to overwrite FILE unless forced; clears a stale FILE.partial from an earlier failure.
Status PrepareOutput(const std::string& out, bool force, std::string* partial) {
  if (out.empty()) return Status::Invalid("--out: a file name is needed");
  std::error_code ec;
  if (fs::is_directory(out, ec)) return Status::Invalid("--out: " + out + " is a directory");
  if (fs::exists(out, ec) && !force) return Status::Conflict(out + " exists: choose another name or use --force");
  fs::path dir = fs::path(out).parent_path();
  if (!dir.empty() && !fs::is_directory(dir, ec)) return Status::Invalid("--out: no directory " + dir.string());
  *partial = out + ".partial";
  fs::remove(*partial, ec);
  return Status::Ok();
}

// ---- external tools (pg_dump, pg_restore) ----

struct ToolOutcome {
  int exit_code = -1;
  std::string out, err;
};

// Runs `program args...` directly (no shell), with PGPASSWORD set in the child's environment
// only when `password` is not empty; captures stdout and stderr.
Result<ToolOutcome> RunTool(const std::string& program, const std::vector<std::string>& args,
                            const std::string& password) {
  int out_pipe[2], err_pipe[2];
  if (::pipe(out_pipe) != 0) return Status::Io(std::string("pipe: ") + std::strerror(errno));
  if (::pipe(err_pipe) != 0) {
    ::close(out_pipe[0]);
    ::close(out_pipe[1]);
    return Status::Io(std::string("pipe: ") + std::strerror(errno));
  }
  std::vector<std::string> argv_s = {program};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& s : argv_s) argv.push_back(s.data());
  argv.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) return Status::Io(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    ::dup2(out_pipe[1], 1);
    ::dup2(err_pipe[1], 2);
    ::close(out_pipe[0]);
    ::close(out_pipe[1]);
    ::close(err_pipe[0]);
    ::close(err_pipe[1]);
    int devnull = ::open("/dev/null", O_RDONLY);
    if (devnull >= 0) ::dup2(devnull, 0);
    if (!password.empty()) ::setenv("PGPASSWORD", password.c_str(), 1);
    ::execv(program.c_str(), argv.data());
    std::fprintf(stderr, "cannot run %s: %s\n", program.c_str(), std::strerror(errno));
    ::_exit(127);
  }
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  ToolOutcome r;
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  int open_fds = 2;
  char buf[8192];
  while (open_fds > 0) {
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
      if (n > 0) {
        (i == 0 ? r.out : r.err).append(buf, static_cast<size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      }
    }
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// The tool's own words, trimmed to what a person reads.
std::string ToolMessage(const ToolOutcome& r) {
  std::string m = strings::Trim(r.err);
  if (m.size() > 2000) m = "..." + m.substr(m.size() - 2000);
  if (m.empty()) m = "exit code " + std::to_string(r.exit_code);
  return m;
}

// ---- SQLite ----

struct SqliteHandle {
  sqlite3* db = nullptr;
  ~SqliteHandle() {
    if (db) sqlite3_close_v2(db);
  }
};

// A file opened as it is: read-only, no pragmas (a backup file must not be switched to WAL).
Status OpenPlainReadOnly(const std::string& path, SqliteHandle* h) {
  if (sqlite3_open_v2(path.c_str(), &h->db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
    return Status::Io("cannot open " + path + ": " + (h->db ? sqlite3_errmsg(h->db) : "out of memory"));
  return Status::Ok();
}

// Runs a statement and returns its rows as text.
Result<std::vector<std::vector<std::string>>> RawQuery(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) return Status::Db(sqlite3_errmsg(db));
  std::vector<std::vector<std::string>> rows;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    std::vector<std::string> row;
    for (int i = 0; i < sqlite3_column_count(st); ++i) {
      const unsigned char* t = sqlite3_column_text(st, i);
      row.emplace_back(t ? reinterpret_cast<const char*>(t) : "");
    }
    rows.push_back(std::move(row));
  }
  Status s = rc == SQLITE_DONE ? Status::Ok() : Status::Db(sqlite3_errmsg(db));
  sqlite3_finalize(st);
  if (!s.ok()) return s;
  return rows;
}

Result<std::vector<std::pair<std::string, int64_t>>> RawTableCounts(sqlite3* db) {
  auto names =
      RawQuery(db,
               "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
               "AND name <> 'schema_migrations' ORDER BY name");
  if (!names.ok()) return names.status();
  std::vector<std::pair<std::string, int64_t>> out;
  for (auto& n : *names) {
    auto c = RawQuery(db, "SELECT COUNT(*) FROM " + QuoteIdent(n[0]));
    if (!c.ok()) return c.status();
    out.emplace_back(n[0], strings::ParseInt(c->at(0).at(0)).value_or(0));
  }
  return out;
}

Result<int64_t> RawSchemaVersion(sqlite3* db) {
  auto has = RawQuery(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
  if (!has.ok()) return has.status();
  if (has->at(0).at(0) == "0") return int64_t{0};
  auto v = RawQuery(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  if (!v.ok()) return v.status();
  return strings::ParseInt(v->at(0).at(0)).value_or(0);
}

// Copies src into dst with the online backup API. In WAL mode (Corridor's) each step only
// holds a read snapshot of the source, so writers go on; a write by another connection makes
// the next step start over, so after a few restarts the rest is copied in one step: still one
// consistent snapshot, and still not blocking writers in WAL mode.
Status SqliteCopy(sqlite3* src, sqlite3* dst, int pages_per_step, int busy_timeout_ms) {
  sqlite3_backup* b = sqlite3_backup_init(dst, "main", src, "main");
  if (!b) return Status::Db(std::string("backup: ") + sqlite3_errmsg(dst));
  int restarts = 0, busy_waits = 0, last_remaining = -1;
  int rc;
  while (true) {
    rc = sqlite3_backup_step(b, restarts >= 3 ? -1 : std::max(1, pages_per_step));
    if (rc == SQLITE_DONE) break;
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
      if (++busy_waits * 20 > busy_timeout_ms) break;
      sqlite3_sleep(20);
      continue;
    }
    if (rc != SQLITE_OK) break;
    int remaining = sqlite3_backup_remaining(b);
    if (last_remaining >= 0 && remaining > last_remaining) ++restarts;
    last_remaining = remaining;
  }
  int finish = sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) return Status::Db(std::string("backup: ") + sqlite3_errstr(rc) + ": " + sqlite3_errmsg(dst));
  if (finish != SQLITE_OK) return Status::Db(std::string("backup: ") + sqlite3_errmsg(dst));
  return Status::Ok();
}

Result<BackupSummary> BackupSqlite(SqliteDatabase& db, const std::string& out, const BackupOptions& options) {
  std::string partial;
  CORRIDOR_RETURN_IF_ERROR(PrepareOutput(out, options.force, &partial));
  auto src = OpenSqliteHandle(db.path(), false, 10000);
  if (!src.ok()) return src.status();
  SqliteHandle src_h{*src};
  SqliteHandle dst;
  if (sqlite3_open_v2(partial.c_str(), &dst.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK)
    return Status::Io("cannot create " + partial + ": " + (dst.db ? sqlite3_errmsg(dst.db) : "out of memory"));
  Status s = SqliteCopy(src_h.db, dst.db, options.pages_per_step, 10000);
  // One self-contained file: the copy carries the source's WAL flag, switched back here.
  if (s.ok()) s = RawQuery(dst.db, "PRAGMA journal_mode=DELETE").status();
  BackupSummary summary;
  if (s.ok()) {
    auto counts = RawTableCounts(dst.db);
    auto version = RawSchemaVersion(dst.db);
    s = !counts.ok() ? counts.status() : version.status();
    if (s.ok()) {
      summary.rows = std::move(*counts);
      summary.schema_version = *version;
    }
  }
  sqlite3_close_v2(dst.db);
  dst.db = nullptr;
  std::error_code ec;
  if (!s.ok()) {
    fs::remove(partial, ec);
    return s.WithContext("backup of " + db.Describe() + ": ");
  }
  summary.kind = BackupKind::kSqlite;
  summary.file = out;
  CORRIDOR_RETURN_IF_ERROR(FileDigest(partial, &summary.bytes, &summary.sha256));
  CORRIDOR_RETURN_IF_ERROR(Publish(partial, out));
  return summary;
}

Status CheckSqliteBackup(const std::string& file, int64_t* version) {
  SqliteHandle h;
  CORRIDOR_RETURN_IF_ERROR(OpenPlainReadOnly(file, &h));
  auto check = RawQuery(h.db, "PRAGMA integrity_check");
  if (!check.ok()) return Status::Corrupt(file + ": the SQLite file is damaged: " + check.status().message());
  if (check->empty() || check->at(0).at(0) != "ok") {
    std::string problems;
    for (size_t i = 0; i < check->size() && i < 5; ++i) problems += (i ? "; " : "") + check->at(i).at(0);
    return Status::Corrupt(file + ": the SQLite file is damaged: " + problems);
  }
  auto v = RawSchemaVersion(h.db);
  if (!v.ok()) return v.status().WithContext(file + ": ");
  if (*v == 0) return Status::Invalid(file + " is a SQLite database but not a Corridor backup (no schema_migrations)");
  int latest = LatestSchemaVersion(Engine::kSqlite);
  if (*v > latest)
    return Status::Invalid(file + " was made by a newer corridor (schema version " + std::to_string(*v) +
                           "; this one knows up to " + std::to_string(latest) + ")");
  *version = *v;
  return Status::Ok();
}

// Rows per table of a database, by table name.
Result<std::vector<std::pair<std::string, int64_t>>> TableCounts(Connection& c) {
  auto tables = ListTables(c);
  if (!tables.ok()) return tables.status();
  std::vector<std::pair<std::string, int64_t>> out;
  for (const TableInfo& t : *tables) {
    auto n = c.Scalar("SELECT COUNT(*) FROM " + QuoteIdent(t.name));
    if (!n.ok()) return n.status();
    out.emplace_back(t.name, AsInt(*n));
  }
  std::sort(out.begin(), out.end());
  return out;
}

Status RefuseNonEmpty(Connection& c, const std::string& target, bool force) {
  if (force) return Status::Ok();
  auto counts = TableCounts(c);
  if (!counts.ok()) return counts.status();
  for (auto& [table, n] : *counts)
    if (n > 0)
      return Status::Conflict("the target " + target + " is not empty (table " + table + " has " + std::to_string(n) +
                              " rows): use --force to replace its content");
  return Status::Ok();
}

Result<BackupSummary> Summarise(const std::string& target_url, BackupKind kind, const std::string& file) {
  auto db = Database::Open({target_url});
  if (!db.ok()) return db.status();
  auto migrated = (*db)->Migrate();  // an older backup comes back at this binary's version
  if (!migrated.ok()) return migrated.status().WithContext("after the restore: ");
  auto c = (*db)->Acquire();
  BackupSummary summary;
  summary.kind = kind;
  summary.file = file;
  auto version = SchemaVersion(*c);
  if (!version.ok()) return version.status();
  summary.schema_version = *version;
  auto counts = TableCounts(*c);
  if (!counts.ok()) return counts.status();
  summary.rows = std::move(*counts);
  CORRIDOR_RETURN_IF_ERROR(FileDigest(file, &summary.bytes, &summary.sha256));
  return summary;
}

Result<BackupSummary> RestoreSqlite(const std::string& file, const std::string& target_url,
                                    const RestoreOptions& options) {
  int64_t version = 0;
  CORRIDOR_RETURN_IF_ERROR(CheckSqliteBackup(file, &version));
  std::string path;
  {
    auto db = Database::Open({target_url});
    if (!db.ok()) return db.status();
    auto* sqlite = dynamic_cast<SqliteDatabase*>(db->get());
    if (!sqlite)
      return Status::Invalid(file + " is a SQLite backup and the target " + (*db)->Describe() +
                             " is PostgreSQL: restore it into a SQLite file, then copy that with corridor migrate "
                             "--from sqlite:FILE --to URL");
    path = sqlite->path();
    std::error_code ec;
    if (fs::equivalent(file, path, ec)) return Status::Invalid(file + " is the target database itself");
    auto c = (*db)->Acquire();
    CORRIDOR_RETURN_IF_ERROR(RefuseNonEmpty(*c, (*db)->Describe(), options.force));
  }
  SqliteHandle src;
  CORRIDOR_RETURN_IF_ERROR(OpenPlainReadOnly(file, &src));
  auto dst = OpenSqliteHandle(path, false, 10000);
  if (!dst.ok()) return dst.status();
  SqliteHandle dst_h{*dst};
  // One step: the whole restore is one write transaction on the target (all or nothing), and a
  // live server on the target sees the old content or the new one.
  CORRIDOR_RETURN_IF_ERROR(SqliteCopy(src.db, dst_h.db, -1, 10000).WithContext("restoring " + file + ": "));
  sqlite3_close_v2(dst_h.db);
  dst_h.db = nullptr;
  return Summarise(target_url, BackupKind::kSqlite, file);
}

// ---- PostgreSQL ----

// Takes Corridor's `schema=NAME` parameter out of a URL's query string (as Database::Open does).
std::string TakeSchema(const std::string& url, std::string* schema) {
  auto q = url.find('?');
  if (q == std::string::npos) return url;
  std::string kept;
  for (const std::string& part : strings::Split(url.substr(q + 1), '&')) {
    if (strings::StartsWith(part, "schema=")) *schema = part.substr(7);
    else if (!part.empty())
      kept += (kept.empty() ? "" : "&") + part;
  }
  return url.substr(0, q) + (kept.empty() ? "" : "?" + kept);
}

Result<ToolOutcome> RunPgTool(const std::string& tool, const std::vector<std::string>& args,
                              const PostgresTarget& target) {
  auto program = FindPostgresTool(tool);
  if (!program.ok()) return program.status();
  return RunTool(*program, args, target.password);
}

Result<BackupSummary> BackupPostgres(Database& db, const std::string& url, const std::string& out,
                                     const BackupOptions& options) {
  auto target = SplitPostgresUrl(url);
  if (!target.ok()) return target.status();
  auto pg_dump = FindPostgresTool("pg_dump");
  if (!pg_dump.ok()) return pg_dump.status();
  std::string partial;
  CORRIDOR_RETURN_IF_ERROR(PrepareOutput(out, options.force, &partial));
  auto c = db.Acquire();
  // pg_dump reads the snapshot this transaction exports, so the counts below are the dump's.
  CORRIDOR_RETURN_IF_ERROR(c->ExecScript("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
  struct End {
    Connection& c;
    ~End() { c.Rollback(); }
  } end{*c};
  auto snapshot = c->Scalar("SELECT pg_export_snapshot()");
  if (!snapshot.ok()) return snapshot.status();
  auto schema = c->Scalar("SELECT current_schema()");
  if (!schema.ok()) return schema.status();
  if (!schema->has_value() || std::holds_alternative<std::monostate>(**schema))
    return Status::Invalid(db.Describe() + ": the search path names no existing schema: nothing to back up");
  BackupSummary summary;
  summary.kind = BackupKind::kPostgresDump;
  summary.file = out;
  auto version = SchemaVersion(*c);
  if (!version.ok()) return version.status();
  summary.schema_version = *version;
  auto counts = TableCounts(*c);
  if (!counts.ok()) return counts.status();
  summary.rows = std::move(*counts);
  std::string schema_name = std::get<std::string>(**schema);
  auto r = RunTool(*pg_dump,
                   {"--format=custom", "--no-owner", "--no-privileges", "--file=" + partial,
                    "--snapshot=" + std::get<std::string>(**snapshot), "--schema=" + QuoteIdent(schema_name),
                    "--dbname=" + target->conninfo},
                   target->password);
  std::error_code ec;
  if (!r.ok() || r->exit_code != 0) {
    fs::remove(partial, ec);
    return r.ok() ? Status::Db("pg_dump failed: " + ToolMessage(*r)) : r.status();
  }
  CORRIDOR_RETURN_IF_ERROR(FileDigest(partial, &summary.bytes, &summary.sha256));
  CORRIDOR_RETURN_IF_ERROR(Publish(partial, out));
  return summary;
}

struct DumpContents {
  std::set<std::string> table_schemas;   // namespaces of the dump's tables
  std::set<std::string> schema_entries;  // schemas the dump creates
};

Result<DumpContents> ListDump(const std::string& file, const PostgresTarget& target) {
  auto r = RunPgTool("pg_restore", {"--list", file}, target);
  if (!r.ok()) return r.status();
  if (r->exit_code != 0)
    return Status::Corrupt(file + " is not a readable PostgreSQL custom-format dump: " + ToolMessage(*r));
  DumpContents d;
  for (const std::string& line : strings::Split(r->out, '\n')) {
    if (line.empty() || line[0] == ';') continue;
    std::vector<std::string> tok;
    for (const std::string& t : strings::Split(line, ' '))
      if (!t.empty()) tok.push_back(t);
    // "216; 1259 16386 TABLE public users postgres", "4; 2615 2200 SCHEMA - public owner"
    if (tok.size() >= 6 && tok[3] == "SCHEMA" && tok[4] == "-") d.schema_entries.insert(tok[5]);
    if (tok.size() >= 6 && tok[3] == "TABLE" && tok[4] != "DATA") d.table_schemas.insert(tok[4]);
  }
  return d;
}

// The highest schema_migrations version in the dump, read from its data without restoring it.
Result<int64_t> DumpSchemaVersion(const std::string& file, const PostgresTarget& target) {
  auto r = RunPgTool("pg_restore", {"--data-only", "--table=schema_migrations", "--file=-", file}, target);
  if (!r.ok()) return r.status();
  if (r->exit_code != 0) return Status::Corrupt(file + ": pg_restore cannot read it: " + ToolMessage(*r));
  int64_t version = 0;
  bool in_copy = false;
  for (const std::string& line : strings::Split(r->out, '\n')) {
    if (!in_copy) {
      in_copy = strings::StartsWith(line, "COPY ") && line.find("schema_migrations") != std::string::npos;
      continue;
    }
    if (line == "\\.") break;
    if (auto v = strings::ParseInt(line.substr(0, line.find('\t')))) version = std::max(version, *v);
  }
  return version;
}

Result<BackupSummary> RestorePostgres(const std::string& file, const std::string& target_url,
                                      const RestoreOptions& options) {
  if (!strings::StartsWith(target_url, "postgres://") && !strings::StartsWith(target_url, "postgresql://"))
    return Status::Invalid(
        file + " is a PostgreSQL dump and the target " + target_url +
        " is SQLite: restore it into PostgreSQL, then copy it with corridor migrate --from URL --to sqlite:PATH");
  auto target = SplitPostgresUrl(target_url);
  if (!target.ok()) return target.status();
  auto dump = ListDump(file, *target);
  if (!dump.ok()) return dump.status();
  if (dump->table_schemas.size() != 1)
    return Status::Invalid(file +
                           (dump->table_schemas.empty()
                                ? " holds no tables"
                                : " holds tables of several schemas (" +
                                      strings::Join({dump->table_schemas.begin(), dump->table_schemas.end()}, ", ") +
                                      ")") +
                           ": not a Corridor backup");
  const std::string from_schema = *dump->table_schemas.begin();
  auto version = DumpSchemaVersion(file, *target);
  if (!version.ok()) return version.status();
  int latest = LatestSchemaVersion(Engine::kPostgres);
  if (*version == 0)
    return Status::Invalid(file + " is a PostgreSQL dump but not a Corridor backup (no schema_migrations rows)");
  if (*version > latest)
    return Status::Invalid(file + " was made by a newer corridor (schema version " + std::to_string(*version) +
                           "; this one knows up to " + std::to_string(latest) + ")");

  auto db = Database::Open({target_url});
  if (!db.ok()) return db.status();
  auto c = (*db)->Acquire();
  auto current = c->Scalar("SELECT current_schema()");
  if (!current.ok()) return current.status();
  if (!current->has_value() || std::holds_alternative<std::monostate>(**current))
    return Status::Invalid((*db)->Describe() + ": the search path names no existing schema to restore into");
  const std::string to_schema = std::get<std::string>(**current);
  CORRIDOR_RETURN_IF_ERROR(RefuseNonEmpty(*c, (*db)->Describe(), options.force));
  if (from_schema != to_schema) {
    auto exists = c->Scalar("SELECT COUNT(*) FROM pg_namespace WHERE nspname = ?", {from_schema});
    if (!exists.ok()) return exists.status();
    if (AsInt(*exists) > 0)
      return Status::Conflict(file + " holds schema " + from_schema +
                              ", which exists in the target database too: restore into ?schema=" + from_schema +
                              " or drop that schema first");
  }
  // What the target held is moved aside, not dropped, until the restore has succeeded. The name
  // says which schema it protects, should a crash leave it behind.
  const std::string aside = to_schema.substr(0, 36) + "_restore_aside_" + strings::RandomToken(4);
  CORRIDOR_RETURN_IF_ERROR(c->ExecScript("ALTER SCHEMA " + QuoteIdent(to_schema) + " RENAME TO " + QuoteIdent(aside)));
  auto put_back = [&]() {
    (void)c->ExecScript("DROP SCHEMA IF EXISTS " + QuoteIdent(from_schema) + " CASCADE");
    (void)c->ExecScript("ALTER SCHEMA " + QuoteIdent(aside) + " RENAME TO " + QuoteIdent(to_schema));
  };
  if (!dump->schema_entries.count(from_schema)) {
    Status s = c->ExecScript("CREATE SCHEMA " + QuoteIdent(from_schema));
    if (!s.ok()) {
      put_back();
      return s;
    }
  }
  auto r = RunPgTool("pg_restore",
                     {"--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error",
                      "--dbname=" + target->conninfo, file},
                     *target);
  if (!r.ok() || r->exit_code != 0) {
    put_back();
    return r.ok() ? Status::Db("pg_restore failed (the target is as it was): " + ToolMessage(*r)) : r.status();
  }
  if (from_schema != to_schema) {
    Status s = c->ExecScript("ALTER SCHEMA " + QuoteIdent(from_schema) + " RENAME TO " + QuoteIdent(to_schema));
    if (!s.ok()) {
      put_back();
      return s;
    }
  }
  CORRIDOR_RETURN_IF_ERROR(c->ExecScript("DROP SCHEMA " + QuoteIdent(aside) + " CASCADE"));
  return Summarise(target_url, BackupKind::kPostgresDump, file);
}

}  // namespace

Result<std::string> FindPostgresTool(const std::string& name) {
  if (const char* path = std::getenv("PATH"))
    for (const std::string& dir : strings::Split(path, ':')) {
      if (dir.empty()) continue;
      fs::path p = fs::path(dir) / name;
      if (::access(p.c_str(), X_OK) == 0) return p.string();
    }
  // Debian keeps the versioned binaries here; the newest can dump every older server.
  std::error_code ec;
  int best = -1;
  std::string found;
  for (const auto& e : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    fs::path p = e.path() / "bin" / name;
    auto v = strings::ParseInt(e.path().filename().string());
    if (v && *v > best && ::access(p.c_str(), X_OK) == 0) {
      best = static_cast<int>(*v);
      found = p.string();
    }
  }
  if (!found.empty()) return found;
  return Status::NotFound(name +
                          " not found on PATH or in /usr/lib/postgresql/*/bin: install Debian's postgresql-client");
}

Result<PostgresTarget> SplitPostgresUrl(const std::string& url) {
  PostgresTarget t;
  std::string plain = TakeSchema(url, &t.schema);
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(plain.c_str(), &err);
  if (!opts) {
    PQfreemem(err);  // may quote the password: not repeated
    return Status::Invalid("invalid PostgreSQL connection URL");
  }
  for (PQconninfoOption* o = opts; o->keyword; ++o) {
    if (!o->val) continue;
    std::string k = o->keyword;
    if (k == "password") {
      t.password = o->val;
      continue;
    }
    std::string v = strings::ReplaceAll(strings::ReplaceAll(o->val, "\\", "\\\\"), "'", "\\'");
    t.conninfo += (t.conninfo.empty() ? "" : " ") + k + "='" + v + "'";
  }
  PQconninfoFree(opts);
  return t;
}

Result<BackupKind> InspectBackupFile(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return Status::NotFound(path + ": no such file");
  if (fs::is_directory(path, ec)) return Status::Invalid(path + " is a directory, not a backup file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Io("cannot read " + path);
  char head[16] = {};
  in.read(head, sizeof head);
  std::streamsize n = in.gcount();
  if (n == 0) return Status::Invalid(path + " is empty: not a Corridor backup");
  if (n == 16 && std::memcmp(head, "SQLite format 3\0", 16) == 0) return BackupKind::kSqlite;
  if (n >= 5 && std::memcmp(head, "PGDMP", 5) == 0) return BackupKind::kPostgresDump;
  return Status::Invalid(path +
                         " is not a Corridor backup: neither a SQLite database nor a PostgreSQL custom-format dump");
}

Result<BackupSummary> BackupDatabase(Database& db, const std::string& url, const std::string& out,
                                     const BackupOptions& options) {
  if (auto* sqlite = dynamic_cast<SqliteDatabase*>(&db)) return BackupSqlite(*sqlite, out, options);
  return BackupPostgres(db, url, out, options);
}

Result<BackupSummary> RestoreDatabase(const std::string& file, const std::string& target_url,
                                      const RestoreOptions& options) {
  auto kind = InspectBackupFile(file);
  if (!kind.ok()) return kind.status();
  if (*kind == BackupKind::kSqlite) return RestoreSqlite(file, target_url, options);
  return RestorePostgres(file, target_url, options);
}

}  // namespace corridor::storage
