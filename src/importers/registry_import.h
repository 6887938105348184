// Registry spreadsheet import (.xlsx or .csv), in two steps so nothing is written unseen:
//
//   ReadFile     bytes -> the sheet: format checked by extension AND content, the header row
//                found by its labels (row 2 under the section row of our Table-1 export, row 1
//                in most other files), data rows kept with their row numbers as in the file
//   AutoMap      header labels -> field keys (label, key or a common variant; case, spaces,
//                punctuation and accents ignored), then ApplyOverride for the user's choices
//   BuildPreview rows -> records: each row matched to an existing record (CORDIS grant ID,
//                else acronym, + name when an acronym repeats), validated with
//                domain::ValidateProject; what would be created, updated (which fields, old ->
//                new) or left unchanged, and every error with its row number
//   Commit       one transaction: refused while any row has an error unless the caller asks
//                to skip those rows (which are then reported); all or nothing.
//
// Re-importing our own export changes nothing: CSV cells lose the export's formula guard
// ("'=x" -> "=x"), XLSX dates come back as ISO dates, numbers in canonical form.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "domain/sister_project.h"
#include "domain/workspace.h"
#include "storage/audit_store.h"
#include "storage/database.h"

namespace corridor::importers::registry {

inline constexpr size_t kMaxUploadBytes = size_t{20} << 20;  // 20 MB
inline constexpr size_t kMaxRows = 50000;

enum class Format { kXlsx, kCsv };
std::string FormatName(Format f);  // "xlsx" | "csv"

// Where a column can go: the 29 field keys, "value_chain_links", "topic", "level" (read as
// the relevance score when the score cell is empty), "stage" (shown by our export for
// information; never imported: the pipeline needs a justification per step), "grant_id".
struct Target {
  std::string key;
  std::string label;  // with the focal acronym
};
std::vector<Target> Targets(std::string_view focal_acronym);
bool IsTarget(std::string_view key);
// How a target is read when it is not a plain field (level, stage, links, grant), else "".
std::string TargetNote(std::string_view key);
std::string TargetLabel(std::string_view key, std::string_view focal_acronym);  // "" for none

// The target a header names, if any: its label (with this or any focal acronym), its key or
// a common variant ("Acronym", "E-mail", "Budget", "PROYECT", "Grant ID", ...).
std::optional<std::string> MatchHeader(std::string_view header, std::string_view focal_acronym);

struct Row {
  int64_t row = 0;   // as the spreadsheet shows it (CSV: record number, the header's being 1)
  int64_t line = 0;  // CSV: physical line where the record starts; XLSX: same as row
  std::vector<std::string> cells;
};

struct Sheet {
  Format format = Format::kCsv;
  std::string filename;
  std::string sheet_name;  // xlsx
  int64_t header_row = 0;  // as in the file
  std::vector<std::string> headers;
  std::vector<Row> rows;            // data rows after the header, blank rows left out
  std::vector<std::string> notes;   // e.g. cells converted from Windows-1252
};

// Refuses anything but a .xlsx (ZIP signature) or .csv (text) file, with a message saying why
// (wrong extension, .xls, a workbook named .csv, binary data, UTF-16 text, too large, empty).
Result<Format> DetectFormat(std::string_view filename, std::string_view bytes);
Result<Sheet> ReadFile(std::string_view filename, std::string bytes, std::string_view focal_acronym);

struct ColumnMap {
  size_t column = 0;
  std::string header;
  std::string target;   // "" = ignored
  bool automatic = false;
};

// One entry per header column. A target is given to one column only (the first), except
// value-chain links, which several columns may fill (Table 2 spreads them over three).
std::vector<ColumnMap> AutoMap(const std::vector<std::string>& headers, std::string_view focal_acronym);
// The user's choice for the column whose header is `header` (exact, else compared like
// MatchHeader) or, with "#N", the N-th column (1-based); target "" / "-" / "ignore" ignores it.
Status ApplyOverride(std::vector<ColumnMap>& mapping, std::string_view header, std::string_view target,
                     std::string_view focal_acronym);
// "A", "B", ..., "AA": a column's spreadsheet letter.
std::string ColumnLetter(size_t column);

enum class Action { kCreate, kUpdate, kUnchanged, kError };
std::string ActionName(Action a);  // "create", "update", "unchanged", "error"

struct FieldChange {
  std::string field;  // key
  std::string label;
  std::string old_value, new_value;
};

struct RowError {
  int64_t row = 0;
  int64_t line = 0;
  std::string field;  // key; "" for the row as a whole
  std::string label;  // the field's label, "" for the row as a whole
  std::string message;
  // "row 7: Start date: "31/02/2024" is not a date (dd/mm/yyyy)"
  std::string ToString() const;
};

struct PreviewRow {
  int64_t row = 0, line = 0;
  Action action = Action::kError;
  int64_t existing_id = 0;       // kUpdate / kUnchanged
  int64_t existing_version = 0;  // the version the preview compared against
  domain::SisterProject project; // normalised record to write
  std::vector<FieldChange> changes;
  std::vector<RowError> errors;
};

struct Preview {
  Format format = Format::kCsv;
  std::string filename, sheet_name;
  int64_t header_row = 0;
  std::vector<ColumnMap> mapping;
  std::vector<std::string> mapping_errors;  // nothing can be imported while any
  std::vector<std::string> notes;
  std::vector<PreviewRow> rows;
  std::vector<RowError> errors;  // every row error, in row order
  int creates = 0, updates = 0, unchanged = 0, error_rows = 0;

  // Whether Commit would write: no mapping error, and no row error unless skipping them.
  bool CanCommit(bool skip_errors) const;
  // Changes whenever what Commit would do changes (records edited since, another mapping).
  std::string Fingerprint() const;
};

// Reads the workspace's registry (no writes).
Result<Preview> BuildPreview(storage::Connection& c, const domain::Workspace& ws, const Sheet& sheet,
                             std::vector<ColumnMap> mapping);

struct CommitResult {
  int created = 0, updated = 0, unchanged = 0;
  std::vector<int64_t> skipped_rows;
  std::vector<RowError> skipped_errors;  // every error of the skipped rows
};

// Writes the preview in one transaction (ChangeSource::kImport, audited). Refused, writing
// nothing, when the mapping has errors, when a row has errors and !skip_errors, or when a
// record to update changed since the preview (kConflict: preview again).
Result<CommitResult> Commit(storage::Connection& c, const domain::Workspace& ws, const Preview& preview,
                            const storage::Actor& who, bool skip_errors);

}  // namespace corridor::importers::registry
