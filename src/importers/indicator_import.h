// Import of numeric regional indicators (issue 5) from CSV or .xlsx, in three layouts:
//   tidy      one value per row: region, indicator, year, value[, unit] (header names below)
//   wide      region, then one column per indicator; the year from a year column or given
//   eurostat  the Eurostat/EURITO tidy files: year,region_type,region_year_spec,region_id,
//             region_level,<indicator> (detected by their header)
// Region codes go through importers/nuts_correspondence: NUTS 2021 codes are kept, pure recodes
// of older vintages are mapped (FR24 -> FRB0) and every other code is listed with its reason.
// In a tidy or wide file an unmapped code is an error of its row (the user's own data should
// name real regions); the Eurostat files mix vintages and aggregates by design, so there the
// unmapped codes are listed in the mapping report and their rows left out, not counted as errors.
// Every problem (non-numeric value, unknown code, bad year, duplicate region-indicator-year) is
// reported with its line (CSV) or row (xlsx). Commit is all-or-nothing unless the user chooses
// to skip the reported rows.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "importers/nuts_correspondence.h"
#include "storage/audit_store.h"
#include "storage/database.h"

namespace corridor::importers::indicators {

inline constexpr size_t kMaxUploadBytes = size_t{20} << 20;  // 20 MB
inline constexpr size_t kMaxRows = 500000;

enum class Layout { kAuto, kTidy, kWide, kEurostat };
std::string_view LayoutKey(Layout l);                   // "auto", "tidy", "wide", "eurostat"
std::optional<Layout> ParseLayout(std::string_view s);  // the keys, any case

struct ParseOptions {
  Layout layout = Layout::kAuto;
  std::optional<int> year;  // wide files without a year column
};

struct IndicatorMeta {
  std::string code, label, unit;
};

struct ParsedValue {
  std::string region_code;    // NUTS 2021
  std::string original_code;  // as written, when it differed (a recode)
  std::string indicator;
  int year = 0;
  double value = 0;
  int64_t line = 0;
};

struct RowProblem {
  int64_t line = 0;
  std::string message;  // "line 12: value \"n/a\" of rd_gerd is not a number"
};

// One distinct input code that is not a NUTS 2021 code as written.
struct CodeMapping {
  std::string original;
  CodeStatus status = CodeStatus::kUnknown;
  std::string code_2021;  // for recodes
  std::string reason;
  int64_t rows = 0;
  int64_t first_line = 0;
};

struct ParsedFile {
  std::string filename;
  Layout layout = Layout::kAuto;
  std::string sheet_name;        // xlsx
  std::string line_word = "line";  // "line" (CSV) or "row" (xlsx), used in messages
  std::vector<std::string> headers;
  std::vector<IndicatorMeta> indicators;  // in order of first appearance
  std::vector<ParsedValue> values;        // valid, mapped rows
  std::vector<RowProblem> errors;
  std::vector<CodeMapping> mapping;       // recoded and unmapped codes, by original code
  std::vector<std::string> notes;
  int64_t rows_read = 0;
  int64_t empty_values = 0;     // blank cells / rows without a value (missing data, not errors)
  int64_t excluded_rows = 0;    // rows of unmapped codes left out (eurostat layout)
  int64_t superseded_rows = 0;  // eurostat: an old code's row where the file also has the 2021 code's

  int64_t recoded_rows() const;
  int64_t unmapped_codes() const;
  // Something to import, and no errors unless they are to be skipped.
  bool CanCommit(bool skip_bad_rows) const { return !values.empty() && (errors.empty() || skip_bad_rows); }
};

// Reads and validates the whole file; Status only for an unreadable file or a header that fits
// no layout (message says what was expected).
Result<ParsedFile> ParseFile(std::string_view filename, std::string bytes, const ParseOptions& options = {});

// The metadata sidecar of a Eurostat/EURITO file (X.json next to X.csv): title and unit label
// of the indicator, if the JSON has them.
IndicatorMeta ReadEurostatSidecar(std::string_view json);

struct CommitOptions {
  std::string dataset_name;  // default: the file name without extension
  std::string source;        // free text (publisher, URL)
  bool skip_bad_rows = false;
  bool replace = false;      // an indicator code already in the workspace is replaced
  std::map<std::string, int> directions;  // by indicator code; default +1
  std::map<std::string, IndicatorMeta> meta;  // labels/units by code (override the file's)
};

struct CommitSummary {
  int64_t dataset_id = 0;
  int64_t values = 0;
  int64_t indicators = 0;
  int64_t skipped_rows = 0;
  int64_t replaced_indicators = 0;
};

// The import report kept with the dataset (JSON): counts, mapping, errors skipped, notes.
std::string ReportJson(const ParsedFile& file, bool skipped_errors);

// One transaction: dataset, indicators, values, audit. Refused (kInvalidArgument listing the
// first errors) when there are errors and skip_bad_rows is false.
Result<CommitSummary> Commit(storage::Connection& c, int64_t workspace_id, const ParsedFile& file,
                             const CommitOptions& options, const storage::Actor& who);

}  // namespace corridor::importers::indicators
