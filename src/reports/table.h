// A plain, presentation-neutral report table shared by the CSV, XLSX (and HTML) writers.
// Cells are strings in canonical form so that every writer formats from the same data:
// numbers as "1234567.89" (dot decimal, no grouping), dates as ISO "YYYY-MM-DD".
// No I/O, no knowledge of databases or HTTP.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace corridor::reports {

enum class ColumnKind {
  kText,    // written verbatim (CSV adds the formula guard)
  kNumber,  // canonical decimal string; a real number cell in XLSX
  kDate,    // ISO YYYY-MM-DD; a real date cell in XLSX
  kUrl,     // plain text, never a hyperlink formula
};

std::string ColumnKindName(ColumnKind kind);  // "text", "number", "date", "url"

struct Column {
  std::string key;    // stable machine key (e.g. the domain field key)
  std::string label;  // header shown to people
  ColumnKind kind = ColumnKind::kText;
  // XLSX number format for a kNumber column; empty = "#,##0" when every value is a whole
  // number, else "#,##0.00" (euros).
  std::string number_format;
};

// An optional section header over `span` consecutive columns (the registry's four sections).
struct ColumnGroup {
  std::string label;
  size_t span = 1;
};

struct Table {
  std::string title;                      // also the XLSX sheet name (sanitised)
  std::vector<ColumnGroup> groups;        // left to right; may cover fewer than all columns
  std::vector<Column> columns;
  std::vector<std::vector<std::string>> rows;  // rows[i][j] belongs to columns[j]
};

// Index of the column with this key, if any.
std::optional<size_t> ColumnIndex(const Table& table, std::string_view key);

// Checks the shape writers rely on: group spans >= 1 and summing to at most the column
// count, no row wider than the columns (shorter rows are read as trailing empty cells).
Status ValidateTable(const Table& table);

// True for the canonical number form: optional '-', digits, optional '.' digits,
// optional exponent ("1234567.89", "-5", "1.7E7"). No '+', no grouping, no spaces.
bool IsCanonicalNumber(std::string_view s);

}  // namespace corridor::reports
