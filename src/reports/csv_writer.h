// RFC 4180 CSV export of a report Table, safe to open in Excel/LibreOffice.
// One header row of column labels (no section row) so that the file re-imports.
#pragma once

#include <string>
#include <string_view>

#include "reports/table.h"

namespace corridor::reports {

struct CsvOptions {
  char separator = ',';  // ';' for locales whose Excel expects it; never '"', CR or LF
  bool bom = true;       // UTF-8 BOM: without it Excel reads the file as ANSI and breaks accents
  bool header = true;    // the column-label row
  // OWASP CSV injection guard (see FormulaGuard). Only switch off for machine consumers.
  bool formula_guard = true;
};

// The whole file: optional BOM, CRLF after every record (including the last), fields
// quoted only when they contain the separator, '"', CR or LF ('"' doubled inside).
// Each record has exactly table.columns.size() fields: short rows are padded with empty
// fields and cells beyond the last column are dropped (ValidateTable rejects such rows).
std::string WriteCsv(const Table& table, const CsvOptions& options = {});

// Why: a cell starting with = + - @ TAB or CR is run as a formula by spreadsheets
// (e.g. "=cmd|' /C calc'!A0"), so such a value is written with a leading "'".
// To keep the export reversible, a value made of apostrophes followed by such a character
// ("'=x") gets one more apostrophe too. Canonical numbers in a kNumber column are not
// altered: "-5" there is a number, not a formula.
std::string FormulaGuard(std::string_view value);
bool NeedsFormulaGuard(std::string_view value);

// The importer's inverse of FormulaGuard: drops exactly one leading "'" when it is followed
// by = + - @ TAB or CR (possibly after further apostrophes), so "'=1+2" -> "=1+2",
// "''=x" -> "'=x" and "'hello" stays as is. UnescapeFormulaGuard(FormulaGuard(v)) == v.
std::string UnescapeFormulaGuard(std::string_view value);

}  // namespace corridor::reports
