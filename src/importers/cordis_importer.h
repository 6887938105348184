// `corridor import cordis PATH...`: CORDIS bulk exports (Horizon Europe, H2020, FP7) into the
// reference corpus. Accepts project/organization tables as CSV or JSON, the side tables
// (topics, legalBasis, euroSciVoc, webLink) as CSV or XLSX, loose, in directories, or inside
// the downloaded zips. A file's kind is recognised by its columns, not its name.
//
// One import run is one transaction: a malformed file (unterminated quote, truncated JSON,
// zip bomb, ...) fails the whole run and nothing is committed. Bad rows are not malformed
// files: they are reported with file:line and a reason, and the good rows are imported.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "storage/database.h"

namespace corridor::importers {

struct ImportOptions {
  std::string user_name;  // recorded in import_runs
  // Per-row cap: a longer field rejects its row (CORDIS objectives stay under ~10 KB).
  size_t max_field_bytes = 128 * 1024;
  // A field beyond this is not a row problem but a broken file (e.g. a stray quote that
  // swallows the rest): the run fails.
  size_t max_file_field_bytes = size_t{64} << 20;
  // Zip-bomb defence: decompressed bytes of one zip entry, and of all entries of a run.
  uint64_t max_entry_bytes = uint64_t{2} << 30;
  uint64_t max_total_bytes = uint64_t{16} << 30;
  size_t max_rejects_kept = 1000;  // all rejects are counted; the first ones are kept for the report
  bool record_failed_runs = true;  // a failed run still leaves an import_runs row (after the rollback)
};

struct ImportProgress {
  std::string file;          // display name, e.g. "cordis-HORIZONprojects-csv.zip/project.csv"
  uint64_t bytes_read = 0;   // of this file (decompressed for zip entries)
  uint64_t bytes_total = 0;  // 0 when unknown
  int64_t rows = 0;          // data rows of this file so far
  int64_t total_rows = 0;    // data rows of the run so far
  int file_index = 0;        // 1-based among files_total
  int files_total = 0;
  bool file_done = false;
};
using ProgressFn = std::function<void(const ImportProgress&)>;

struct RejectedRow {
  std::string file;
  int64_t line = 0;  // physical line where the record starts (CSV, JSON), or spreadsheet row (XLSX)
  std::string reason;
  std::string ToString() const;  // "organization.csv:1203: projectID is empty"
};

struct ImportReport {
  std::vector<std::string> files;           // "project.csv (project, 26 rows)"
  int64_t rows_read = 0;                    // data rows, headers excluded
  std::map<std::string, int64_t> imported;  // by table: corpus_projects, corpus_organizations, ...
  int64_t rejected = 0;                     // all rejects
  std::vector<RejectedRow> rejects;         // the first ImportOptions::max_rejects_kept
  std::vector<std::string> warnings;        // encoding conversions, ignored files, ...
  int64_t run_id = 0;                       // import_runs.id
  double seconds = 0;

  int64_t total_imported() const;
  std::string Summary() const;  // human-readable, for the CLI
  std::string ToJson() const;   // stored in import_runs.report
};

// Imports every CORDIS table found under paths (files, directories, .zip) in one transaction.
Result<ImportReport> ImportCordis(storage::Connection& conn, const std::vector<std::string>& paths,
                                  const ImportOptions& options = {}, const ProgressFn& progress = nullptr);

// Exact plain-decimal text of a number as CORDIS writes it: "1.732084396E7" -> "17320843.96",
// "1499875.00" -> "1499875", "2,5" -> "2.5" (comma decimal of older CSV exports). nullopt when
// not a number. No floating point on the way, so no rounding.
std::optional<std::string> PlainDecimal(std::string_view text);

}  // namespace corridor::importers
