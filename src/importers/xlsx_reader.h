// Streaming .xlsx reader (zip + expat): sheet names and cell values as text, rows as in Excel.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "importers/zip_archive.h"

namespace corridor::importers {

struct XlsxOptions {
  uint64_t max_part_bytes = uint64_t{512} << 20;  // decompressed size of any one XML part
  uint64_t max_cells = 20'000'000;                // per sheet read, counting gap-filled cells
};

struct XlsxRow {
  int64_t row_number = 0;          // 1-based, as Excel shows it (empty rows are simply absent)
  std::vector<std::string> cells;  // column A first; columns skipped in the file are ""
  // Parallel to cells: a number whose cell style is a date/time format (the text stays the
  // Excel serial number, e.g. "45292"; dates::Parse understands it).
  std::vector<bool> is_date;

  bool IsDate(size_t column) const { return column < is_date.size() && is_date[column]; }
};

// Opening parses the package (relationships, workbook, shared strings, styles); sheets are
// parsed on demand. Not thread-safe: libzip handles are shared by copies of a reader.
class XlsxReader {
 public:
  // Called once per row in sheet order; the row is reused, so copy what must outlive the call.
  // A non-ok Status stops the read and is returned as is.
  using RowCallback = std::function<Status(const XlsxRow& row)>;

  static Result<XlsxReader> OpenFile(const std::string& path, XlsxOptions opts = {});
  static Result<XlsxReader> OpenFromMemory(std::string bytes, XlsxOptions opts = {});

  const std::vector<std::string>& SheetNames() const { return sheet_names_; }
  bool date1904() const { return date1904_; }  // serial numbers count from 1904-01-01

  // Sheets by 0-based position or by name (exact, then ASCII case-insensitive as Excel does).
  Result<std::vector<XlsxRow>> ReadSheet(size_t index) const;
  Result<std::vector<XlsxRow>> ReadSheet(std::string_view name) const;
  Status ForEachRow(size_t index, const RowCallback& callback) const;
  Status ForEachRow(std::string_view name, const RowCallback& callback) const;

 private:
  XlsxReader(ZipArchive zip, XlsxOptions opts);
  static Result<XlsxReader> Load(ZipArchive zip, XlsxOptions opts);
  Result<size_t> SheetIndex(std::string_view name) const;

  ZipArchive zip_;
  XlsxOptions opts_;
  std::vector<std::string> sheet_names_;
  std::vector<std::string> sheet_parts_;     // zip entry of each sheet, parallel to sheet_names_
  std::vector<std::string> shared_strings_;
  std::vector<bool> style_is_date_;          // by cellXfs index (a cell's s attribute)
  bool date1904_ = false;
};

}  // namespace corridor::importers
