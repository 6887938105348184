// `corridor backup`, `corridor restore`, `corridor migrate --from URL --to URL`.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>

#include "cli/commands.h"
#include "core/strings.h"
#include "storage/backup.h"
#include "storage/database_transfer.h"

namespace corridor::cli {

#define CORRIDOR_RETURN_IF_FAILED(expr) \
  do {                                  \
    Status _s = (expr);                 \
    if (!_s.ok()) return Fail(_s);      \
  } while (0)

namespace {

const char* KindName(storage::BackupKind k) {
  return k == storage::BackupKind::kSqlite ? "SQLite database file (online backup API)"
                                           : "PostgreSQL custom-format dump (pg_dump)";
}

void PrintSummary(const storage::BackupSummary& s) {
  std::printf("  kind            %s\n", KindName(s.kind));
  std::printf("  size            %lld bytes\n", static_cast<long long>(s.bytes));
  std::printf("  sha256          %s\n", s.sha256.c_str());
  std::printf("  schema version  %lld\n", static_cast<long long>(s.schema_version));
  std::printf("  rows:\n");
  for (auto& [table, n] : s.rows) std::printf("    %-24s %10lld\n", table.c_str(), static_cast<long long>(n));
}

std::string Short(const std::string& sha) { return sha.empty() ? "-" : sha.substr(0, 16); }

// Opening a SQLite path creates the file: a mistyped source must not become an empty database.
Status CheckExistingDatabaseUrl(const std::string& what, const std::string& url) {
  if (strings::StartsWith(url, "postgres://") || strings::StartsWith(url, "postgresql://")) return Status::Ok();
  std::string path = strings::StartsWith(url, "sqlite:") ? url.substr(7) : url;
  if (path.find("://") != std::string::npos)
    return Status::Invalid(what + ": " + url +
                           " is neither sqlite:PATH nor postgresql://...: unknown kind of database URL");
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return Status::NotFound(what + ": no database file " + path);
  return Status::Ok();
}

}  // namespace

int RunBackup(const Args& a) {
  if (!a.Has("out") || a.Get("out") == "1") return Fail(Status::Invalid("usage: corridor backup --out FILE [--force]"));
  if (!a.positional.empty())
    return Fail(Status::Invalid("backup takes no arguments besides --out FILE: " + a.positional[0]));
  const std::string url = DatabaseUrl(a);
  CORRIDOR_RETURN_IF_FAILED(CheckExistingDatabaseUrl("--db", url));
  // Not OpenDatabase: a backup reads the database as it is and never writes to it (no
  // migration, no write lock to wait for behind a busy server).
  auto db = storage::Database::Open({url});
  if (!db.ok()) return Fail(db.status());
  {
    auto c = (*db)->Acquire();
    auto version = storage::SchemaVersion(*c);
    if (!version.ok()) return Fail(version.status());
    if (*version == 0)
      return Fail(Status::Invalid((*db)->Describe() + " is not a Corridor database: nothing to back up"));
    // An unfinished copy is not worth a backup.
    Status complete = storage::CheckTransferComplete(*c);
    if (!complete.ok()) return Fail(complete.WithContext((*db)->Describe() + ": "));
  }
  storage::BackupOptions options;
  options.force = a.Has("force");
  auto s = storage::BackupDatabase(**db, url, a.Get("out"), options);
  if (!s.ok()) return Fail(s.status());
  std::printf("backup of %s written to %s\n", (*db)->Describe().c_str(), s->file.c_str());
  PrintSummary(*s);
  return 0;
}

int RunRestore(const Args& a) {
  if (a.positional.size() != 1) return Fail(Status::Invalid("usage: corridor restore FILE [--force] [--db URL]"));
  const std::string url = DatabaseUrl(a);
  storage::RestoreOptions options;
  options.force = a.Has("force");
  auto s = storage::RestoreDatabase(a.positional[0], url, options);
  if (!s.ok()) return Fail(s.status());
  auto db = storage::Database::Open({url});
  std::printf("restored %s into %s\n", s->file.c_str(), db.ok() ? (*db)->Describe().c_str() : "the target");
  PrintSummary(*s);
  return 0;
}

// `corridor migrate --from URL --to URL [--force]`: progress lines while copying, then the
// verification table. Exit 0 only when every table matches (the target is then unmarked).
int RunTransfer(const Args& a) {
  if (!a.Has("from") || !a.Has("to") || a.Get("from") == "1" || a.Get("to") == "1")
    return Fail(
        Status::Invalid("usage: corridor migrate --from URL --to URL [--force] (both --from and --to are needed)"));
  CORRIDOR_RETURN_IF_FAILED(CheckExistingDatabaseUrl("--from", a.Get("from")));
  if (Status s = CheckExistingDatabaseUrl("--to", a.Get("to")); !s.ok() && s.code() != ErrorCode::kNotFound)
    return Fail(s);
  auto from = storage::Database::Open({a.Get("from")});
  if (!from.ok()) return Fail(from.status().WithContext("--from: "));
  auto to = storage::Database::Open({a.Get("to")});
  if (!to.ok()) return Fail(to.status().WithContext("--to: "));
  std::printf("copying %s -> %s\n", (*from)->Describe().c_str(), (*to)->Describe().c_str());
  std::fflush(stdout);
  storage::TransferOptions options;
  options.force = a.Has("force");
  if (a.Has("batch")) {
    auto n = std::strtoll(a.Get("batch").c_str(), nullptr, 10);
    if (n <= 0) return Fail(Status::Invalid("--batch: a positive number of rows"));
    options.commit_rows = n;
  }
  // One line per committed batch, flushed at once: a reader (or a person) sees how far it got.
  options.on_progress = [](const storage::TransferProgress& p) {
    std::printf("  %-24s %10lld / %lld rows\n", p.table.c_str(), static_cast<long long>(p.copied),
                static_cast<long long>(p.total));
    std::fflush(stdout);
    return Status::Ok();
  };
  auto started = std::chrono::steady_clock::now();
  auto report = storage::TransferDatabase(**from, **to, options);
  if (!report.ok()) {
    Fail(report.status());
    // Say whether the target now refuses to open (it does once the copy had started).
    auto mark = storage::ReadTransferMark(*(*to)->Acquire());
    if (mark.ok() && mark->has_value())
      std::fprintf(stderr,
                   "corridor: %s stays marked as an unfinished copy and will not open; run corridor migrate again "
                   "with --force\n",
                   (*to)->Describe().c_str());
    return 1;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("\n%-24s %10s %10s  %-16s  %-16s  %s\n", "table", "rows from", "rows to", "sha256 from", "sha256 to",
              "result");
  int mismatches = 0;
  for (const auto& t : report->tables) {
    if (!t.ok()) ++mismatches;
    std::printf("%-24s %10lld %10lld  %-16s  %-16s  %s\n", t.table.c_str(), static_cast<long long>(t.rows_from),
                static_cast<long long>(t.rows_to), Short(t.sha256_from).c_str(), Short(t.sha256_to).c_str(),
                t.ok() ? "OK" : "MISMATCH");
  }
  if (mismatches > 0) {
    std::printf("\n%d table(s) differ: the target stays marked as an unfinished copy\n", mismatches);
    return 1;
  }
  std::printf("\n%lld rows in %zu tables copied and verified in %.1f s; %s is ready\n",
              static_cast<long long>(report->rows), report->tables.size(), seconds, (*to)->Describe().c_str());
  return 0;
}

}  // namespace corridor::cli
