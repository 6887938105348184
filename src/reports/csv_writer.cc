#include "reports/csv_writer.h"

#include "core/formula_guard.h"

namespace corridor::reports {

namespace {

void AppendField(std::string& out, std::string_view field, char sep) {
  bool quote = false;
  for (char c : field) {
    if (c == sep || c == '"' || c == '\r' || c == '\n') {
      quote = true;
      break;
    }
  }
  if (!quote) {
    out.append(field);
    return;
  }
  out += '"';
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

}  // namespace

bool NeedsFormulaGuard(std::string_view value) { return formula_guard::Needed(value); }
std::string FormulaGuard(std::string_view value) { return formula_guard::Guard(value); }
std::string UnescapeFormulaGuard(std::string_view value) { return formula_guard::Unescape(value); }

std::string WriteCsv(const Table& table, const CsvOptions& options) {
  const char sep = options.separator;
  const size_t ncols = table.columns.size();
  std::string out;
  if (options.bom) out += "\xEF\xBB\xBF";
  if (ncols == 0) return out;

  auto cell = [&](std::string_view v, const Column* col) {
    bool is_number = col && col->kind == ColumnKind::kNumber && IsCanonicalNumber(v);
    if (options.formula_guard && !is_number && NeedsFormulaGuard(v)) {
      AppendField(out, FormulaGuard(v), sep);
    } else {
      AppendField(out, v, sep);
    }
  };

  if (options.header) {
    for (size_t j = 0; j < ncols; ++j) {
      if (j) out += sep;
      cell(table.columns[j].label, nullptr);  // labels are text, whatever the column kind
    }
    out += "\r\n";
  }
  for (const auto& row : table.rows) {
    for (size_t j = 0; j < ncols; ++j) {
      if (j) out += sep;
      if (j < row.size()) cell(row[j], &table.columns[j]);
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace corridor::reports
