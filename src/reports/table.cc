#include "reports/table.h"

namespace corridor::reports {

std::string ColumnKindName(ColumnKind kind) {
  switch (kind) {
    case ColumnKind::kText: return "text";
    case ColumnKind::kNumber: return "number";
    case ColumnKind::kDate: return "date";
    case ColumnKind::kUrl: return "url";
  }
  return "text";
}

std::optional<size_t> ColumnIndex(const Table& table, std::string_view key) {
  for (size_t i = 0; i < table.columns.size(); ++i)
    if (table.columns[i].key == key) return i;
  return std::nullopt;
}

Status ValidateTable(const Table& table) {
  size_t covered = 0;
  for (size_t g = 0; g < table.groups.size(); ++g) {
    if (table.groups[g].span == 0)
      return Status::Invalid("table '" + table.title + "': section '" + table.groups[g].label + "' spans no column");
    covered += table.groups[g].span;
  }
  if (covered > table.columns.size())
    return Status::Invalid("table '" + table.title + "': sections span " + std::to_string(covered) +
                           " columns but the table has " + std::to_string(table.columns.size()));
  for (size_t r = 0; r < table.rows.size(); ++r) {
    if (table.rows[r].size() > table.columns.size())
      return Status::Invalid("table '" + table.title + "': row " + std::to_string(r + 1) + " has " +
                             std::to_string(table.rows[r].size()) + " cells for " +
                             std::to_string(table.columns.size()) + " columns");
  }
  return Status::Ok();
}

bool IsCanonicalNumber(std::string_view s) {
  size_t i = 0;
  auto digits = [&] {
    size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i > start;
  };
  if (i < s.size() && s[i] == '-') ++i;
  if (!digits()) return false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    if (!digits()) return false;
  }
  return i == s.size();
}

}  // namespace corridor::reports
