#include "reports/csv_writer.h"

namespace corridor::reports {

namespace {

bool IsFormulaTrigger(char c) { return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r'; }

// Position of the first non-apostrophe character.
size_t SkipApostrophes(std::string_view v) {
  size_t i = 0;
  while (i < v.size() && v[i] == '\'') ++i;
  return i;
}

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

bool NeedsFormulaGuard(std::string_view value) {
  size_t i = SkipApostrophes(value);
  return i < value.size() && IsFormulaTrigger(value[i]);
}

std::string FormulaGuard(std::string_view value) {
  if (!NeedsFormulaGuard(value)) return std::string(value);
  std::string out;
  out.reserve(value.size() + 1);
  out += '\'';
  out.append(value);
  return out;
}

std::string UnescapeFormulaGuard(std::string_view value) {
  size_t i = SkipApostrophes(value);
  if (i >= 1 && i < value.size() && IsFormulaTrigger(value[i])) return std::string(value.substr(1));
  return std::string(value);
}

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
