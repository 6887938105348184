#include "importers/indicator_import.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "core/strings.h"
#include "importers/csv_reader.h"
#include "importers/registry_import.h"
#include "importers/xlsx_reader.h"
#include "storage/indicator_store.h"

namespace corridor::importers::indicators {

namespace {

struct RawRow {
  int64_t line = 0;
  std::vector<std::string> cells;
};

bool IsBlank(const std::vector<std::string>& cells) {
  return std::all_of(cells.begin(), cells.end(), [](const std::string& c) { return strings::Trim(c).empty(); });
}

Status ReadRows(std::string_view filename, std::string bytes, ParsedFile* out, std::vector<RawRow>* rows) {
  auto format = registry::DetectFormat(filename, bytes);
  if (!format.ok()) {
    // The registry's message says 20 MB, the same limit as here.
    return format.status();
  }
  if (*format == registry::Format::kXlsx) {
    out->line_word = "row";
    auto reader = XlsxReader::OpenFromMemory(std::move(bytes));
    if (!reader.ok())
      return Status::Corrupt("this .xlsx file cannot be read (damaged, truncated or not an Excel workbook): " +
                             reader.status().message());
    if (reader->SheetNames().empty()) return Status::Corrupt("this .xlsx workbook has no sheet");
    out->sheet_name = reader->SheetNames()[0];
    if (reader->SheetNames().size() > 1)
      out->notes.push_back("The workbook has " + std::to_string(reader->SheetNames().size()) + " sheets; the first, \"" +
                           out->sheet_name + "\", was read.");
    return reader->ForEachRow(size_t{0}, [&](const XlsxRow& r) -> Status {
      if (IsBlank(r.cells)) return Status::Ok();
      if (rows->size() >= kMaxRows)
        return Status::TooLarge("the file has more than " + std::to_string(kMaxRows) + " rows");
      rows->push_back({r.row_number, r.cells});
      return Status::Ok();
    });
  }
  auto reader = CsvReader::FromString(std::move(bytes));
  CsvRecord rec;
  while (true) {
    auto more = reader->Next(&rec);
    if (!more.ok()) return more.status().WithContext("line " + std::to_string(rec.line) + ": ");
    if (!*more) break;
    if (IsBlank(rec.fields)) continue;
    if (rows->size() >= kMaxRows) return Status::TooLarge("the file has more than " + std::to_string(kMaxRows) + " rows");
    rows->push_back({rec.line, rec.fields});
  }
  if (reader->converted_fields() > 0)
    out->notes.push_back(std::to_string(reader->converted_fields()) +
                         " cell(s) were not UTF-8 and were read as Windows-1252; save the file as CSV UTF-8.");
  return Status::Ok();
}

std::string Norm(std::string_view h) {
  std::string s = strings::ToLower(strings::Trim(h));
  for (char& c : s)
    if (c == ' ' || c == '-') c = '_';
  return s;
}

std::optional<size_t> FindColumn(const std::vector<std::string>& headers, std::initializer_list<std::string_view> names) {
  for (std::string_view n : names)
    for (size_t i = 0; i < headers.size(); ++i)
      if (Norm(headers[i]) == n) return i;
  return std::nullopt;
}

const std::initializer_list<std::string_view> kRegionNames = {"region", "region_code", "nuts", "nuts_code", "nuts_id",
                                                              "geo", "code", "region_id"};
const std::initializer_list<std::string_view> kYearNames = {"year", "time", "period", "time_period"};

std::string Cell(const RawRow& r, size_t i) { return i < r.cells.size() ? strings::Trim(r.cells[i]) : std::string(); }

class Builder {
 public:
  explicit Builder(ParsedFile* f) : f_(f) {}

  void Error(int64_t line, const std::string& msg) {
    f_->errors.push_back({line, f_->line_word + " " + std::to_string(line) + ": " + msg});
  }

  size_t IndicatorIndex(const std::string& code) {
    auto it = indicator_index_.find(code);
    if (it != indicator_index_.end()) return it->second;
    indicator_index_[code] = f_->indicators.size();
    f_->indicators.push_back({code, "", ""});
    return f_->indicators.size() - 1;
  }

  std::optional<int> Year(int64_t line, const std::string& text) {
    auto y = strings::ParseInt(text);
    if (!y) {
      // Excel stores a year typed as a number as "2019" or "2019.0".
      auto d = strings::ParseDouble(text);
      if (d && std::floor(*d) == *d) y = static_cast<int64_t>(*d);
    }
    if (!y || *y < 1900 || *y > 2100) {
      Error(line, "year \"" + text + "\" is not a year between 1900 and 2100");
      return std::nullopt;
    }
    return static_cast<int>(*y);
  }

  // Resolves the code; false when the row is left out (error or listed).
  bool Region(int64_t line, const std::string& raw, bool list_only, std::string* code, std::string* original) {
    if (raw.empty()) {
      Error(line, "region: empty");
      return false;
    }
    CodeResolution res = ResolveNutsCode(raw);
    if (res.status != CodeStatus::kCurrent) {
      auto it = mapping_index_.find(res.input);
      if (it == mapping_index_.end()) {
        mapping_index_[res.input] = f_->mapping.size();
        f_->mapping.push_back({res.input, res.status, res.code_2021, res.reason, 0, line});
        it = mapping_index_.find(res.input);
      }
      ++f_->mapping[it->second].rows;
    }
    if (!res.mapped()) {
      if (list_only) ++f_->excluded_rows;
      else Error(line, "region " + res.input + ": " + res.reason);
      return false;
    }
    *code = res.code_2021;
    *original = res.status == CodeStatus::kRecoded ? res.input : "";
    return true;
  }

  // A value cell: empty = missing (counted), non-numeric = error.
  void Value(int64_t line, const std::string& region, const std::string& original, const std::string& indicator,
             int year, const std::string& text, bool eurostat) {
    if (text.empty()) {
      ++f_->empty_values;
      return;
    }
    auto v = strings::ParseDouble(text);
    if (!v || !std::isfinite(*v)) {
      Error(line, "value \"" + text + "\" of " + indicator + " is not a number");
      return;
    }
    std::string key = region + '\x1f' + indicator + '\x1f' + std::to_string(year);
    auto it = seen_.find(key);
    if (it != seen_.end()) {
      ParsedValue& prev = f_->values[it->second];
      if (eurostat && prev.original_code.empty() != original.empty()) {
        // The file has the region under both its 2021 code and an older one: the 2021 code's value wins.
        ++f_->superseded_rows;
        if (!original.empty()) return;
        prev = {region, original, indicator, year, *v, line};
        return;
      }
      Error(line, "duplicate value for " + region + (original.empty() ? "" : " (written " + original + ")") + ", " +
                      indicator + ", " + std::to_string(year) + " (first on " + f_->line_word + " " +
                      std::to_string(prev.line) + ")");
      return;
    }
    seen_[key] = f_->values.size();
    IndicatorIndex(indicator);
    f_->values.push_back({region, original, indicator, year, *v, line});
  }

 private:
  ParsedFile* f_;
  std::unordered_map<std::string, size_t> indicator_index_, mapping_index_, seen_;
};

// A row longer than the header is refused, not read by position: "ES43,gerd,2020,1,0" is most
// likely a decimal comma, and taking "1" would silently import a wrong number.
bool TooWide(Builder& b, const RawRow& r, size_t width) {
  size_t used = r.cells.size();
  while (used > width && strings::Trim(r.cells[used - 1]).empty()) --used;
  if (used <= width) return false;
  b.Error(r.line, std::to_string(used) + " values but the header has " + std::to_string(width) +
                      " columns (a decimal comma? write 1.5, or quote the value)");
  return true;
}

bool LooksEurostat(const std::vector<std::string>& h) {
  return FindColumn(h, {"region_id"}) && FindColumn(h, {"region_year_spec"}) && FindColumn(h, {"year"});
}

}  // namespace

std::string_view LayoutKey(Layout l) {
  switch (l) {
    case Layout::kAuto: return "auto";
    case Layout::kTidy: return "tidy";
    case Layout::kWide: return "wide";
    case Layout::kEurostat: return "eurostat";
  }
  return "auto";
}

std::optional<Layout> ParseLayout(std::string_view s) {
  std::string k = strings::ToLower(strings::Trim(s));
  for (Layout l : {Layout::kAuto, Layout::kTidy, Layout::kWide, Layout::kEurostat})
    if (k == LayoutKey(l)) return l;
  return std::nullopt;
}

int64_t ParsedFile::recoded_rows() const {
  int64_t n = 0;
  for (const auto& m : mapping)
    if (m.status == CodeStatus::kRecoded) n += m.rows;
  return n;
}

int64_t ParsedFile::unmapped_codes() const {
  return std::count_if(mapping.begin(), mapping.end(), [](const CodeMapping& m) { return m.status != CodeStatus::kRecoded; });
}

Result<ParsedFile> ParseFile(std::string_view filename, std::string bytes, const ParseOptions& options) {
  ParsedFile f;
  f.filename = std::string(filename);
  std::vector<RawRow> rows;
  CORRIDOR_RETURN_IF_ERROR(ReadRows(filename, std::move(bytes), &f, &rows));
  if (rows.empty()) return Status::Invalid("the file has no rows");
  const RawRow& header = rows[0];
  for (const auto& h : header.cells) f.headers.push_back(strings::Trim(h));
  while (!f.headers.empty() && f.headers.back().empty()) f.headers.pop_back();
  const auto& H = f.headers;
  f.rows_read = static_cast<int64_t>(rows.size()) - 1;

  Layout layout = options.layout;
  if (layout == Layout::kAuto) {
    if (LooksEurostat(H)) layout = Layout::kEurostat;
    else if (FindColumn(H, {"indicator", "indicator_code", "variable"}) && FindColumn(H, {"value", "obs_value"}))
      layout = Layout::kTidy;
    else layout = Layout::kWide;
  }
  f.layout = layout;
  Builder b(&f);
  std::string where = f.line_word + " " + std::to_string(header.line);

  if (layout == Layout::kEurostat) {
    auto region = FindColumn(H, {"region_id"});
    auto year = FindColumn(H, {"year"});
    if (!region || !year || H.size() < 2)
      return Status::Invalid("header (" + where + "): a Eurostat file has the columns year, region_type, "
                             "region_year_spec, region_id, region_level and then the indicator");
    size_t value_col = H.size() - 1;
    std::string indicator = H[value_col];
    if (value_col == *region || value_col == *year || Norm(indicator) == "region_level")
      return Status::Invalid("header (" + where + "): the last column must be the indicator (e.g. rd_e_gerdreg_total_pc_gdp)");
    b.IndicatorIndex(indicator);
    for (size_t i = 1; i < rows.size(); ++i) {
      const RawRow& r = rows[i];
      if (TooWide(b, r, H.size())) continue;
      std::string code, original;
      auto y = b.Year(r.line, Cell(r, *year));
      if (!b.Region(r.line, Cell(r, *region), /*list_only=*/true, &code, &original) || !y) continue;
      b.Value(r.line, code, original, indicator, *y, Cell(r, value_col), /*eurostat=*/true);
    }
  } else if (layout == Layout::kTidy) {
    auto region = FindColumn(H, kRegionNames);
    auto ind = FindColumn(H, {"indicator", "indicator_code", "variable"});
    auto year = FindColumn(H, kYearNames);
    auto value = FindColumn(H, {"value", "obs_value"});
    auto unit = FindColumn(H, {"unit", "units"});
    std::vector<std::string> missing;
    if (!region) missing.push_back("region");
    if (!ind) missing.push_back("indicator");
    if (!year) missing.push_back("year");
    if (!value) missing.push_back("value");
    if (!missing.empty())
      return Status::Invalid("header (" + where + "): a tidy file needs the columns region, indicator, year, value "
                             "(and optionally unit); missing: " + strings::Join(missing, ", "));
    std::map<std::string, std::string> units;
    for (size_t i = 1; i < rows.size(); ++i) {
      const RawRow& r = rows[i];
      if (TooWide(b, r, H.size())) continue;
      std::string indicator = Cell(r, *ind);
      if (indicator.empty()) {
        b.Error(r.line, "indicator: empty");
        continue;
      }
      if (indicator.size() > 100) {
        b.Error(r.line, "indicator: at most 100 characters");
        continue;
      }
      if (unit && !Cell(r, *unit).empty() && !units.count(indicator)) units[indicator] = Cell(r, *unit);
      std::string code, original;
      auto y = b.Year(r.line, Cell(r, *year));
      if (!b.Region(r.line, Cell(r, *region), false, &code, &original) || !y) continue;
      b.Value(r.line, code, original, indicator, *y, Cell(r, *value), false);
    }
    for (auto& m : f.indicators)
      if (units.count(m.code)) m.unit = units[m.code];
  } else {
    auto region = FindColumn(H, kRegionNames);
    if (!region) region = 0;  // wide: the first column names the region
    auto year = FindColumn(H, kYearNames);
    if (!year && !options.year)
      return Status::Invalid("year: this wide file has no year column; give the year of its values");
    std::vector<size_t> value_cols;
    std::set<std::string> names;
    for (size_t c = 0; c < H.size(); ++c) {
      if (c == *region || (year && c == *year)) continue;
      if (Norm(H[c]) == "name" || Norm(H[c]) == "region_name" || Norm(H[c]) == "unit") continue;
      if (H[c].empty()) return Status::Invalid("header (" + where + "): column " + std::to_string(c + 1) + " has no name");
      if (!names.insert(H[c]).second)
        return Status::Invalid("header (" + where + "): the indicator " + H[c] + " is named twice");
      value_cols.push_back(c);
    }
    if (value_cols.empty())
      return Status::Invalid("header (" + where + "): no indicator column (a wide file has the region, then one "
                             "column per indicator)");
    for (size_t c : value_cols) b.IndicatorIndex(H[c]);
    for (size_t i = 1; i < rows.size(); ++i) {
      const RawRow& r = rows[i];
      if (TooWide(b, r, H.size())) continue;
      std::optional<int> y = options.year;
      if (year) y = b.Year(r.line, Cell(r, *year));
      std::string code, original;
      if (!b.Region(r.line, Cell(r, *region), false, &code, &original) || !y) continue;
      for (size_t c : value_cols) b.Value(r.line, code, original, H[c], *y, Cell(r, c), false);
    }
  }
  std::sort(f.errors.begin(), f.errors.end(), [](const RowProblem& a, const RowProblem& b) { return a.line < b.line; });
  if (f.values.empty() && f.errors.empty())
    f.notes.push_back("The file holds no value that can be imported.");
  return f;
}

IndicatorMeta ReadEurostatSidecar(std::string_view json) {
  IndicatorMeta m;
  auto j = nlohmann::json::parse(json, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return m;
  if (j.contains("schema") && j["schema"].is_object() && j["schema"].contains("value")) {
    const auto& v = j["schema"]["value"];
    if (v.is_object()) {
      if (v.contains("id") && v["id"].is_string()) m.code = v["id"];
      if (v.contains("label") && v["label"].is_string()) m.label = v["label"];
    }
  }
  if (m.label.empty() && j.contains("title") && j["title"].is_string()) m.label = j["title"];
  // "... (All sectors, Percentage of gross domestic product (GDP))": the unit is the last part.
  auto open = m.label.find(", ");
  if (open != std::string::npos && !m.label.empty() && m.label.back() == ')') {
    size_t last = m.label.rfind(", ");
    m.unit = m.label.substr(last + 2, m.label.size() - last - 3);
  }
  return m;
}

std::string ReportJson(const ParsedFile& f, bool skipped_errors) {
  nlohmann::json j;
  j["file"] = f.filename;
  j["layout"] = std::string(LayoutKey(f.layout));
  j["rows_read"] = f.rows_read;
  j["values"] = f.values.size();
  j["empty_values"] = f.empty_values;
  j["excluded_rows"] = f.excluded_rows;
  j["superseded_rows"] = f.superseded_rows;
  j["recoded_rows"] = f.recoded_rows();
  nlohmann::json mapping = nlohmann::json::array();
  for (const auto& m : f.mapping)
    mapping.push_back({{"code", m.original}, {"status", std::string(CodeStatusKey(m.status))}, {"to", m.code_2021},
                       {"reason", m.reason}, {"rows", m.rows}, {"first_line", m.first_line}});
  j["mapping"] = mapping;
  nlohmann::json errors = nlohmann::json::array();
  for (const auto& e : f.errors) errors.push_back(e.message);
  j["errors_skipped"] = skipped_errors ? errors : nlohmann::json::array();
  j["notes"] = f.notes;
  return j.dump();
}

Result<CommitSummary> Commit(storage::Connection& c, int64_t workspace_id, const ParsedFile& f,
                             const CommitOptions& options, const storage::Actor& who) {
  if (!f.errors.empty() && !options.skip_bad_rows) {
    std::string msg = std::to_string(f.errors.size()) + " row(s) have errors; nothing was imported. ";
    for (size_t i = 0; i < f.errors.size() && i < 5; ++i) msg += (i ? "; " : "") + f.errors[i].message;
    if (f.errors.size() > 5) msg += "; ...";
    return Status::Invalid(msg + ". Correct the file, or choose to skip the reported rows.");
  }
  if (f.values.empty()) return Status::Invalid("the file holds no value that can be imported");
  storage::Transaction tx(c);
  CORRIDOR_RETURN_IF_ERROR(tx.status());
  storage::IndicatorStore store(c);
  CommitSummary summary;
  storage::IndicatorDataset d;
  d.workspace_id = workspace_id;
  d.name = options.dataset_name;
  if (strings::Trim(d.name).empty()) {
    d.name = f.filename;
    auto dot = d.name.rfind('.');
    if (dot != std::string::npos && dot > 0) d.name = d.name.substr(0, dot);
  }
  d.source = strings::Trim(options.source);
  d.format = std::string(LayoutKey(f.layout));
  d.file_name = f.filename;
  d.report = ReportJson(f, options.skip_bad_rows && !f.errors.empty());
  d.value_count = static_cast<int64_t>(f.values.size());
  CORRIDOR_ASSIGN_OR_RETURN(summary.dataset_id, store.CreateDataset(d, who));
  std::map<std::string, int64_t> ids;
  for (const IndicatorMeta& m : f.indicators) {
    bool has_values = std::any_of(f.values.begin(), f.values.end(), [&](const ParsedValue& v) { return v.indicator == m.code; });
    if (!has_values) continue;
    if (options.replace) {
      CORRIDOR_ASSIGN_OR_RETURN(auto existing, store.FindIndicator(workspace_id, m.code));
      if (existing) {
        CORRIDOR_RETURN_IF_ERROR(store.DeleteIndicator(workspace_id, existing->id, who));
        ++summary.replaced_indicators;
      }
    }
    storage::Indicator ind;
    ind.workspace_id = workspace_id;
    ind.dataset_id = summary.dataset_id;
    ind.code = m.code;
    ind.label = m.label;
    ind.unit = m.unit;
    auto meta = options.meta.find(m.code);
    if (meta != options.meta.end()) {
      if (!meta->second.label.empty()) ind.label = meta->second.label;
      if (!meta->second.unit.empty()) ind.unit = meta->second.unit;
    }
    auto dir = options.directions.find(m.code);
    ind.direction = dir == options.directions.end() ? 1 : dir->second;
    CORRIDOR_ASSIGN_OR_RETURN(ids[m.code], store.CreateIndicator(ind, who));
    ++summary.indicators;
  }
  std::vector<storage::IndicatorValue> values;
  values.reserve(f.values.size());
  for (const ParsedValue& v : f.values) values.push_back({ids[v.indicator], v.region_code, v.year, v.value, v.original_code});
  CORRIDOR_RETURN_IF_ERROR(store.InsertValues(values));
  summary.values = static_cast<int64_t>(values.size());
  summary.skipped_rows = static_cast<int64_t>(f.errors.size());
  CORRIDOR_RETURN_IF_ERROR(tx.Commit());
  return summary;
}

}  // namespace corridor::importers::indicators
