// `corridor import cordis PATH...`, `corridor cordis fetch`, `corridor cordis status`: the
// CORDIS reference corpus from the command line, with live progress on stderr.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "core/strings.h"
#include "importers/cordis_fetch.h"
#include "importers/cordis_importer.h"
#include "storage/corpus_store.h"

namespace corridor::cli {

namespace {

std::string Mb(uint64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", static_cast<double>(bytes) / (1024.0 * 1024.0));
  return buf;
}

std::string CliUser() {
  const char* u = std::getenv("USER");
  return std::string("cli") + (u && *u ? " (" + std::string(u) + ")" : "");
}

// A failed run leaves an import_runs row whose report says {"status":"failed", ...}.
bool Failed(const std::string& report_json) {
  return report_json.find("\"status\":\"failed\"") != std::string::npos;
}

// One progress line, rewritten in place on a terminal; one line per finished file otherwise
// (logs and pipes get no carriage-return noise).
class ProgressLine {
 public:
  explicit ProgressLine(bool quiet) : quiet_(quiet), tty_(isatty(STDERR_FILENO) == 1) {}
  ~ProgressLine() { Finish(); }

  void Update(const importers::ImportProgress& p) {
    if (quiet_) return;
    auto now = std::chrono::steady_clock::now();
    std::string line = "[" + std::to_string(p.file_index) + "/" + std::to_string(p.files_total) + "] " + p.file +
                       "  " + Mb(p.bytes_read) + (p.bytes_total ? " / " + Mb(p.bytes_total) : std::string()) +
                       " MB  " + std::to_string(p.rows) + " rows (" + std::to_string(p.total_rows) + " in total)";
    if (!tty_) {
      if (p.file_done) std::fprintf(stderr, "%s\n", line.c_str());
      return;
    }
    if (!p.file_done && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    std::fprintf(stderr, "\r\033[K%s", line.c_str());
    if (p.file_done) std::fprintf(stderr, "\n");
    dirty_ = !p.file_done;
    std::fflush(stderr);
  }
  void Finish() {
    if (dirty_) std::fprintf(stderr, "\n");
    dirty_ = false;
  }

 private:
  bool quiet_, tty_;
  bool dirty_ = false;
  std::chrono::steady_clock::time_point last_{};
};

void PrintReport(const importers::ImportReport& r, bool verbose) {
  std::printf("Import run #%lld committed in %.1f s\n", static_cast<long long>(r.run_id), r.seconds);
  std::printf("Files (%zu):\n", r.files.size());
  for (const auto& f : r.files) std::printf("  %s\n", f.c_str());
  std::printf("Rows read: %lld\n", static_cast<long long>(r.rows_read));
  std::printf("Imported (%lld rows):\n", static_cast<long long>(r.total_imported()));
  for (const auto& [table, n] : r.imported) std::printf("  %-22s %lld\n", table.c_str(), static_cast<long long>(n));
  std::printf("Rejected: %lld\n", static_cast<long long>(r.rejected));
  constexpr size_t kShown = 50;
  size_t shown = verbose ? r.rejects.size() : std::min(r.rejects.size(), kShown);
  for (size_t i = 0; i < shown; ++i) std::printf("  %s\n", r.rejects[i].ToString().c_str());
  int64_t more = r.rejected - static_cast<int64_t>(shown);
  if (more > 0) {
    if (!verbose)
      std::printf("  ... %lld more (--verbose lists them)\n", static_cast<long long>(more));
    else
      std::printf("  ... %lld more, not kept (the first %zu are in import run #%lld)\n", static_cast<long long>(more),
                  r.rejects.size(), static_cast<long long>(r.run_id));
  }
  for (const auto& w : r.warnings) std::printf("Warning: %s\n", w.c_str());
}

// "--verbose" is not declared as a switch in the command table, so "--verbose PATH" arrives as
// verbose=PATH: give the path back.
std::vector<std::string> PathsAndVerbose(const Args& a, bool* verbose) {
  std::vector<std::string> paths = a.positional;
  *verbose = false;
  for (const auto& v : a.GetAll("verbose")) {
    *verbose = true;
    if (v != "1" && v != "true") paths.push_back(v);
  }
  return paths;
}

Result<importers::ImportReport> RunImport(storage::Database& db, const std::vector<std::string>& paths, bool quiet,
                                          bool verbose) {
  importers::ImportOptions opts;
  opts.user_name = CliUser();
  if (verbose) opts.max_rejects_kept = 1000000;
  ProgressLine progress(quiet);
  auto c = db.Acquire();
  auto r = importers::ImportCordis(*c, paths, opts,
                                   [&](const importers::ImportProgress& p) { progress.Update(p); });
  progress.Finish();
  return r;
}

}  // namespace

int RunImportCordis(const Args& a) {
  bool verbose = false;
  std::vector<std::string> paths = PathsAndVerbose(a, &verbose);
  if (paths.empty())
    return Fail(Status::Invalid("usage: corridor import cordis PATH... [--quiet] [--verbose] (files, directories or zips)"));
  auto db = OpenDatabase(a);
  if (!db) return 1;
  auto r = RunImport(*db, paths, a.Has("quiet"), verbose);
  if (!r.ok()) {
    std::fprintf(stderr, "corridor: the import failed and nothing was committed: %s\n", r.status().message().c_str());
    return 1;
  }
  PrintReport(*r, verbose);
  return 0;
}

int RunCordisFetch(const Args& a) {
  importers::FetchOptions opts;
  opts.urls = a.GetAll("url");
  opts.target_dir = a.Get("dir", a.Get("data", "data") + "/cordis");
  bool quiet = a.Has("quiet");
  bool verbose = false;
  std::vector<std::string> extra = PathsAndVerbose(a, &verbose);
  if (!extra.empty()) return Fail(Status::Invalid("usage: corridor cordis fetch [--dir DIR] [--url URL]... [--import]"));
  if (a.Has("import") && a.Get("import") != "1")
    return Fail(Status::Invalid("--import takes no value"));
  // Opened first: a bad --db fails before a long download.
  std::unique_ptr<storage::Database> db;
  if (a.Has("import")) {
    db = OpenDatabase(a);
    if (!db) return 1;
  }
  const bool tty = isatty(STDERR_FILENO) == 1;
  auto last = std::chrono::steady_clock::time_point{};
  bool dirty = false;
  auto progress = [&](const importers::FetchProgress& p) {
    if (quiet) return;
    auto now = std::chrono::steady_clock::now();
    if (!p.done && (!tty || now - last < std::chrono::milliseconds(100))) return;
    last = now;
    std::string bar;
    if (p.total) {
      int pct = static_cast<int>(100.0 * static_cast<double>(p.bytes) / static_cast<double>(p.total));
      pct = std::min(pct, 100);
      bar = "[" + std::string(static_cast<size_t>(pct / 5), '#') + std::string(static_cast<size_t>(20 - pct / 5), '.') +
            "] " + std::to_string(pct) + "%  " + Mb(p.bytes) + " / " + Mb(p.total) + " MB";
    } else {
      bar = Mb(p.bytes) + " MB";
    }
    std::string line = "[" + std::to_string(p.file_index) + "/" + std::to_string(p.files_total) + "] " + p.file +
                       "  " + bar + (p.done ? "  done" : "");
    if (tty) std::fprintf(stderr, "\r\033[K%s%s", line.c_str(), p.done ? "\n" : "");
    else std::fprintf(stderr, "%s\n", line.c_str());
    dirty = tty && !p.done;
    std::fflush(stderr);
  };
  auto fetched = importers::FetchCordis(opts, progress);
  if (dirty) std::fprintf(stderr, "\n");
  if (!fetched.ok()) {
    std::fprintf(stderr, "corridor: download failed (files completed before it are kept in %s): %s\n",
                 opts.target_dir.c_str(), fetched.status().message().c_str());
    return 1;
  }
  std::printf("Downloaded %zu file(s) to %s:\n", fetched->size(), opts.target_dir.c_str());
  std::vector<std::string> paths;
  for (const auto& f : *fetched) {
    std::printf("  %s  %s MB  (%s)\n", f.path.c_str(), Mb(f.bytes).c_str(), f.url.c_str());
    paths.push_back(f.path);
  }
  if (!db) {
    if (!paths.empty())
      std::printf("Import them with: corridor import cordis %s\n", opts.target_dir.c_str());
    return 0;
  }
  if (paths.empty()) return 0;
  auto r = RunImport(*db, paths, quiet, verbose);
  if (!r.ok()) {
    std::fprintf(stderr, "corridor: the import failed and nothing was committed: %s\n", r.status().message().c_str());
    return 1;
  }
  PrintReport(*r, verbose);
  return 0;
}

int RunCordisStatus(const Args& a) {
  auto db = OpenDatabase(a);
  if (!db) return 1;
  auto c = db->Acquire();
  auto count = [&](const char* sql) -> int64_t {
    auto v = c->Scalar(sql);
    return v.ok() && v->has_value() ? std::get<int64_t>(**v) : -1;
  };
  int64_t projects = count("SELECT COUNT(*) FROM corpus_projects");
  std::printf("CORDIS corpus in %s\n", db->Describe().c_str());
  std::printf("  projects       %lld\n", static_cast<long long>(projects));
  auto by = c->Query("SELECT framework, COUNT(*) FROM corpus_projects GROUP BY framework ORDER BY 2 DESC");
  if (by.ok())
    for (const auto& r : *by)
      std::printf("    %-12s %lld\n", r.Text(0).empty() ? "(unknown)" : r.Text(0).c_str(),
                  static_cast<long long>(r.Int(1)));
  std::printf("  organisations  %lld (participations)\n",
              static_cast<long long>(count("SELECT COUNT(*) FROM corpus_organizations")));
  std::printf("  topics         %lld\n", static_cast<long long>(count("SELECT COUNT(*) FROM corpus_topics")));
  std::printf("  legal basis    %lld\n", static_cast<long long>(count("SELECT COUNT(*) FROM corpus_legal_basis")));
  std::printf("  euroSciVoc     %lld\n", static_cast<long long>(count("SELECT COUNT(*) FROM corpus_euroscivoc")));
  std::printf("  web links      %lld\n", static_cast<long long>(count("SELECT COUNT(*) FROM corpus_weblinks")));
  auto runs = c->Query(
      "SELECT id, started_at, finished_at, user_name, files, read_rows, imported, rejected, report FROM import_runs "
      "WHERE kind = 'cordis' ORDER BY id DESC LIMIT 10");
  if (!runs.ok()) return Fail(runs.status());
  if (runs->empty()) {
    std::printf("No import yet. Run: corridor cordis fetch --import   or   corridor import cordis PATH\n");
    return 0;
  }
  std::printf("Last imports:\n");
  std::printf("  %-5s %-20s %-9s %10s %10s %9s  %s\n", "run", "started (UTC)", "result", "read", "imported",
              "rejected", "files");
  for (const auto& r : *runs) {
    std::string files = strings::ReplaceAll(r.Text(4), "\n", "; ");
    if (files.size() > 80) files = files.substr(0, 77) + "...";
    std::printf("  %-5lld %-20s %-9s %10lld %10lld %9lld  %s\n", static_cast<long long>(r.Int(0)),
                r.Text(1).c_str(), Failed(r.Text(8)) || r.IsNull(2) ? "failed" : "committed", static_cast<long long>(r.Int(5)),
                static_cast<long long>(r.Int(6)), static_cast<long long>(r.Int(7)), files.c_str());
  }
  return 0;
}

}  // namespace corridor::cli
