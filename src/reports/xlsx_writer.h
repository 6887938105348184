// .xlsx export of report Tables with libxlsxwriter, one sheet per Table.
//
// Sheet layout ("Table 1" of the registry):
//   row 1  section headers (Table::groups), each merged across its columns, bold and filled;
//          omitted when the table has no groups
//   row 2  field headers: bold, wrapped, autofilter; panes frozen below this row
//   then   one row per record: numbers as numeric cells with a thousands format, dates as
//          real Excel dates shown dd/mm/yyyy, text and URLs as plain string cells.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "reports/table.h"

namespace corridor::reports {

struct XlsxOptions {
  // Where the workbook and libxlsxwriter's scratch files go before being read back and
  // deleted; empty = std::filesystem::temp_directory_path().
  std::string tmp_dir;
  // Stream rows to disk instead of keeping every sheet in memory: for very large tables.
  // Strings are then stored inline (t="inlineStr") rather than in the shared-string table.
  bool constant_memory = false;
  std::string date_format = "dd/mm/yyyy";  // the registry's display form
  bool freeze_header = true;
  bool autofilter = true;
  std::string author = "Corridor";
  // Document creation time (Unix seconds) written to docProps/core.xml; 0 = now.
  // Fix it to get byte-identical output for identical input.
  int64_t created_unix = 0;
};

// One sheet. Fails with kInvalidArgument on a malformed table (ValidateTable), kTooLarge
// beyond Excel's 1,048,576 rows or 16,384 columns, kIo when the scratch file fails.
Result<std::string> WriteXlsx(const Table& table, const XlsxOptions& options = {});
// Several sheets in one workbook, in order (e.g. the registry plus a "Counts" sheet).
// Sheet names come from the titles, sanitised and made unique ("Counts", "Counts (2)").
Result<std::string> WriteXlsxWorkbook(const std::vector<Table>& tables, const XlsxOptions& options = {});

// A valid Excel sheet name from a free title: []:*?/\ and control characters become
// spaces (runs collapsed, ends trimmed), no leading/trailing apostrophe, at most 31
// characters (UTF-8 aware), "Sheet" when nothing is left, "History" (reserved) -> "History_".
std::string SanitizeSheetName(std::string_view title);

}  // namespace corridor::reports
