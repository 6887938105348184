#include "reports/xlsx_writer.h"

#include <stdlib.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/dates.h"
#include "core/strings.h"

namespace corridor::reports {

namespace {

constexpr size_t kMaxCellChars = 32767;  // Excel's limit per cell; libxlsxwriter refuses more
constexpr size_t kMaxSheetNameChars = 31;

// Number of code points in valid UTF-8 (continuation bytes are not counted).
size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

// The first `max_chars` code points of valid UTF-8.
std::string Utf8Prefix(std::string_view s, size_t max_chars) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (n == max_chars) return std::string(s.substr(0, i));
      ++n;
    }
  }
  return std::string(s);
}

// libxlsxwriter copies bytes into XML verbatim: invalid UTF-8 would make Excel refuse the
// file, and an over-long string makes the write fail, so both are fixed here.
std::string CellText(std::string_view v) {
  std::string s = strings::EnsureUtf8(v);
  if (s.size() > kMaxCellChars && Utf8Length(s) > kMaxCellChars) s = Utf8Prefix(s, kMaxCellChars);
  return s;
}

std::optional<double> ParseNumber(std::string_view v) {
  if (!IsCanonicalNumber(v)) return std::nullopt;
  double d = 0;
  auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
  if (ec != std::errc() || ptr != v.data() + v.size() || !std::isfinite(d)) return std::nullopt;
  return d;
}

std::string Lower(std::string_view s) { return strings::ToLower(s); }

// Makes `name` unique among `used` (case-insensitively, as Excel compares sheet names).
std::string UniqueSheetName(const std::string& name, std::set<std::string>& used) {
  std::string candidate = name;
  for (int n = 2; used.count(Lower(candidate)); ++n) {
    std::string suffix = " (" + std::to_string(n) + ")";
    std::string base = Utf8Prefix(name, kMaxSheetNameChars - suffix.size());
    while (!base.empty() && (base.back() == ' ' || base.back() == '\'')) base.pop_back();
    candidate = base + suffix;
  }
  used.insert(Lower(candidate));
  return candidate;
}

// Column width in Excel character units: wide enough for most values, never absurd.
double ColumnWidth(const Table& t, size_t j) {
  const Column& col = t.columns[j];
  // The header wraps, so a long label need not widen the column beyond this.
  size_t want = std::min<size_t>(Utf8Length(col.label), 24);
  switch (col.kind) {
    case ColumnKind::kDate: want = std::max<size_t>(want, 10); break;
    case ColumnKind::kNumber:
      for (const auto& row : t.rows) {
        if (j >= row.size()) continue;
        size_t len = row[j].size();
        size_t int_digits = row[j].find('.') == std::string::npos ? len : row[j].find('.');
        want = std::max(want, len + int_digits / 3 + 1);  // room for thousands separators
      }
      break;
    case ColumnKind::kText:
    case ColumnKind::kUrl:
      for (const auto& row : t.rows)
        if (j < row.size()) want = std::max(want, Utf8Length(row[j]));
      break;
  }
  return static_cast<double>(std::clamp<size_t>(want + 2, 8, 60));
}

class ScratchFile {
 public:
  explicit ScratchFile(std::string path) : path_(std::move(path)) {}
  ~ScratchFile() {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

class SheetWriter {
 public:
  SheetWriter(lxw_workbook* wb, const XlsxOptions& o) : wb_(wb), options_(o) {
    section_ = workbook_add_format(wb_);
    format_set_bold(section_);
    format_set_align(section_, LXW_ALIGN_CENTER);
    format_set_align(section_, LXW_ALIGN_VERTICAL_CENTER);
    format_set_pattern(section_, LXW_PATTERN_SOLID);
    format_set_bg_color(section_, 0xBDD7EE);
    format_set_border(section_, LXW_BORDER_THIN);

    header_ = workbook_add_format(wb_);
    format_set_bold(header_);
    format_set_text_wrap(header_);
    format_set_align(header_, LXW_ALIGN_VERTICAL_TOP);
    format_set_pattern(header_, LXW_PATTERN_SOLID);
    format_set_bg_color(header_, 0xDDEBF7);
    format_set_border(header_, LXW_BORDER_THIN);

    date_ = workbook_add_format(wb_);
    format_set_num_format(date_, options_.date_format.c_str());
  }

  Status Write(const Table& t, const std::string& sheet_name) {
    const size_t ncols = t.columns.size();
    const lxw_row_t header_row = t.groups.empty() ? 0 : 1;
    if (ncols > LXW_COL_MAX)
      return Status::TooLarge("table '" + t.title + "' has " + std::to_string(ncols) + " columns; Excel allows " +
                              std::to_string(LXW_COL_MAX));
    if (t.rows.size() + header_row + 1 > LXW_ROW_MAX)
      return Status::TooLarge("table '" + t.title + "' has " + std::to_string(t.rows.size()) +
                              " rows; an Excel sheet holds " + std::to_string(LXW_ROW_MAX - header_row - 1));

    lxw_worksheet* ws = workbook_add_worksheet(wb_, sheet_name.c_str());
    if (!ws) return Status::Internal("cannot add sheet '" + sheet_name + "'");
    if (ncols == 0) return Status::Ok();

    // Per-column formats, decided once.
    std::vector<lxw_format*> number_fmt(ncols, nullptr);
    std::vector<double> widths(ncols);
    for (size_t j = 0; j < ncols; ++j) {
      widths[j] = ColumnWidth(t, j);
      if (t.columns[j].kind == ColumnKind::kNumber) number_fmt[j] = NumberFormat(t, j);
      Check(worksheet_set_column(ws, static_cast<lxw_col_t>(j), static_cast<lxw_col_t>(j), widths[j], nullptr));
    }

    // Row 1: section headers.
    if (!t.groups.empty()) {
      Check(worksheet_set_row(ws, 0, 20, nullptr));
      size_t col = 0;
      for (const auto& g : t.groups) {
        std::string label = CellText(g.label);
        auto first = static_cast<lxw_col_t>(col), last = static_cast<lxw_col_t>(col + g.span - 1);
        if (first == last) {
          Check(label.empty() ? worksheet_write_blank(ws, 0, first, section_)
                              : worksheet_write_string(ws, 0, first, label.c_str(), section_));
        } else {
          Check(worksheet_merge_range(ws, 0, first, 0, last, label.c_str(), section_));
        }
        col += g.span;
      }
    }

    // Row 2: field headers. Wrapped labels need a taller row; Excel does not re-measure it.
    size_t lines = 1;
    for (size_t j = 0; j < ncols; ++j) {
      size_t per_line = static_cast<size_t>(std::max(1.0, widths[j] - 1));
      lines = std::max(lines, (Utf8Length(t.columns[j].label) + per_line - 1) / per_line);
    }
    Check(worksheet_set_row(ws, header_row, 15.0 * static_cast<double>(std::min<size_t>(lines, 4)), nullptr));
    for (size_t j = 0; j < ncols; ++j) {
      std::string label = CellText(t.columns[j].label);
      auto c = static_cast<lxw_col_t>(j);
      Check(label.empty() ? worksheet_write_blank(ws, header_row, c, header_)
                          : worksheet_write_string(ws, header_row, c, label.c_str(), header_));
    }

    // Records.
    for (size_t i = 0; i < t.rows.size() && status_.ok(); ++i) {
      auto r = static_cast<lxw_row_t>(header_row + 1 + i);
      const auto& row = t.rows[i];
      for (size_t j = 0; j < ncols && j < row.size(); ++j) WriteCell(ws, r, static_cast<lxw_col_t>(j), t.columns[j].kind, row[j], number_fmt[j]);
    }

    if (options_.freeze_header) worksheet_freeze_panes(ws, header_row + 1, 0);
    if (options_.autofilter)
      Check(worksheet_autofilter(ws, header_row, 0, static_cast<lxw_row_t>(header_row + t.rows.size()),
                                 static_cast<lxw_col_t>(ncols - 1)));
    return status_;
  }

 private:
  void Check(lxw_error err) {
    if (err != LXW_NO_ERROR && status_.ok()) status_ = Status::Internal(std::string("xlsx: ") + lxw_strerror(err));
  }

  // "#,##0" when every value is whole (counts, round euro amounts), else two decimals.
  lxw_format* NumberFormat(const Table& t, size_t j) {
    std::string fmt = t.columns[j].number_format;
    if (fmt.empty()) {
      bool whole = true;
      for (const auto& row : t.rows) {
        if (j >= row.size()) continue;
        auto v = ParseNumber(row[j]);
        if (v && std::floor(*v) != *v) {
          whole = false;
          break;
        }
      }
      fmt = whole ? "#,##0" : "#,##0.00";
    }
    auto it = number_formats_.find(fmt);
    if (it != number_formats_.end()) return it->second;
    lxw_format* f = workbook_add_format(wb_);
    format_set_num_format(f, fmt.c_str());
    number_formats_[fmt] = f;
    return f;
  }

  void WriteCell(lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, ColumnKind kind, const std::string& v,
                 lxw_format* number_fmt) {
    if (v.empty()) return;
    if (kind == ColumnKind::kNumber) {
      if (auto d = ParseNumber(v)) return Check(worksheet_write_number(ws, r, c, *d, number_fmt));
    } else if (kind == ColumnKind::kDate) {
      if (auto d = dates::Parse(v)) {
        lxw_datetime dt{d->year, d->month, d->day, 0, 0, 0.0};
        return Check(worksheet_write_datetime(ws, r, c, &dt, date_));
      }
    }
    // Text, URLs, and values that do not parse as their column's kind (kept verbatim rather
    // than lost). Decision: no "'" formula guard here, unlike CSV. A string cell written with
    // worksheet_write_string is stored as a shared/inline string and Excel never evaluates
    // it, so "=1+2" stays the literal text the user typed. URLs stay plain strings too:
    // hyperlink cells are capped at 65,530 per sheet and would make links clickable that we
    // never vetted.
    std::string s = CellText(v);
    Check(worksheet_write_string(ws, r, c, s.c_str(), nullptr));
  }

  lxw_workbook* wb_;
  const XlsxOptions& options_;
  lxw_format* section_;
  lxw_format* header_;
  lxw_format* date_;
  std::map<std::string, lxw_format*> number_formats_;
  Status status_;
};

Result<std::string> ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Io("cannot read back " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

std::string SanitizeSheetName(std::string_view title) {
  std::string valid = strings::EnsureUtf8(title);
  std::string out;
  for (char ch : valid) {
    unsigned char c = static_cast<unsigned char>(ch);
    bool bad = c < 0x20 || c == 0x7F || ch == '[' || ch == ']' || ch == ':' || ch == '*' || ch == '?' ||
               ch == '/' || ch == '\\';
    char put = bad ? ' ' : ch;
    if (put == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += put;
  }
  auto trim = [](std::string& s) {
    size_t b = 0;
    while (b < s.size() && (s[b] == ' ' || s[b] == '\'')) ++b;
    s.erase(0, b);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\'')) s.pop_back();
  };
  trim(out);
  out = Utf8Prefix(out, kMaxSheetNameChars);
  trim(out);  // truncation may expose a trailing space or apostrophe
  if (out.empty()) return "Sheet";
  if (strings::IEquals(out, "History")) out += "_";
  return out;
}

Result<std::string> WriteXlsx(const Table& table, const XlsxOptions& options) {
  return WriteXlsxWorkbook(std::vector<Table>{table}, options);
}

Result<std::string> WriteXlsxWorkbook(const std::vector<Table>& tables, const XlsxOptions& options) {
  for (const auto& t : tables) CORRIDOR_RETURN_IF_ERROR(ValidateTable(t));

  std::error_code ec;
  std::string dir = options.tmp_dir.empty() ? std::filesystem::temp_directory_path(ec).string() : options.tmp_dir;
  if (dir.empty()) dir = "/tmp";
  // mkstemp gives a unique name safely; libxlsxwriter then reopens it by name and overwrites.
  std::string tmpl = (std::filesystem::path(dir) / "corridor-xlsx-XXXXXX").string();
  int fd = mkstemp(tmpl.data());
  if (fd < 0) return Status::Io("cannot create a temporary file in " + dir);
  close(fd);
  ScratchFile scratch(tmpl);

  std::string tmpdir_buf = dir;  // libxlsxwriter wants a mutable char*
  lxw_workbook_options wopts{};
  wopts.constant_memory = options.constant_memory ? LXW_TRUE : LXW_FALSE;
  wopts.tmpdir = tmpdir_buf.data();
  wopts.use_zip64 = LXW_FALSE;
  lxw_workbook* wb = workbook_new_opt(scratch.path().c_str(), &wopts);
  if (!wb) return Status::Internal("xlsx: cannot create workbook");

  std::string title = tables.empty() ? std::string() : strings::EnsureUtf8(tables.front().title);
  std::string author = strings::EnsureUtf8(options.author);
  lxw_doc_properties props{};
  props.title = title.data();
  props.author = author.data();
  props.created = static_cast<time_t>(options.created_unix);
  workbook_set_properties(wb, &props);

  Status status;
  {
    SheetWriter writer(wb, options);
    std::set<std::string> used;
    if (tables.empty()) {
      workbook_add_worksheet(wb, nullptr);  // a workbook needs at least one sheet
    }
    for (const auto& t : tables) {
      status = writer.Write(t, UniqueSheetName(SanitizeSheetName(t.title), used));
      if (!status.ok()) break;
    }
  }
  // workbook_close also frees the workbook, so it runs even after a failure.
  lxw_error err = workbook_close(wb);
  CORRIDOR_RETURN_IF_ERROR(status);
  if (err != LXW_NO_ERROR) return Status::Io(std::string("xlsx: ") + lxw_strerror(err));
  return ReadAll(scratch.path());
}

}  // namespace corridor::reports
