// Streaming RFC 4180 CSV reader for CORDIS-style exports (large files, mixed encodings).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.h"

namespace corridor::importers {

class ZipArchive;

// Fills buf with up to cap bytes and returns how many were written; 0 means end of input.
using ChunkSource = std::function<Result<size_t>(char* buf, size_t cap)>;

struct CsvOptions {
  char delimiter = 0;                      // 0: auto-detect ; , or TAB from the first line
  size_t max_field_bytes = size_t{1} << 20;
  size_t max_record_fields = 100000;
  size_t block_bytes = size_t{1} << 20;    // read size for file and chunk sources (min 64 KiB)
};

struct CsvRecord {
  std::vector<std::string> fields;
  int64_t line = 0;  // 1-based physical line where the record starts
};

class CsvReader {
 public:
  static Result<std::unique_ptr<CsvReader>> OpenFile(const std::string& path, CsvOptions opts = {});
  static std::unique_ptr<CsvReader> FromString(std::string data, CsvOptions opts = {});
  static std::unique_ptr<CsvReader> FromSource(ChunkSource source, CsvOptions opts = {});
  // Streams one entry of a zip without materialising it; the reader keeps the archive alive.
  static Result<std::unique_ptr<CsvReader>> FromZipEntry(const ZipArchive& zip, std::string_view entry,
                                                          CsvOptions opts = {});

  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // Reads the next record into *rec (reusing its strings). Returns false at end of input.
  // Blank lines are skipped. After an error every further call returns the same error.
  Result<bool> Next(CsvRecord* rec);

  // The delimiter in use; valid once the first Next() has run (auto-detection reads ahead).
  char delimiter() const { return delimiter_; }
  // Fields that were not valid UTF-8 and were decoded as Windows-1252.
  int64_t converted_fields() const { return converted_fields_; }
  int64_t records_read() const { return records_read_; }

 private:
  CsvReader(ChunkSource source, std::string data, CsvOptions opts);
  Status Start();
  bool Refill();  // false at end of input or on a read error (then status_ is set)
  Status FillFirstBlock();
  char DetectDelimiter() const;
  Status Append(std::string* field, const char* begin, const char* end);
  void FinishField(std::string* field);
  void CountLineBreaks(const char* begin, const char* end);
  Result<bool> Fail(Status status);

  CsvOptions opts_;
  ChunkSource source_;      // empty for FromString
  std::string owned_data_;  // FromString input, parsed in place
  std::unique_ptr<char[]> block_;
  const char* buf_ = nullptr;
  size_t pos_ = 0;
  size_t end_ = 0;
  bool eof_ = false;
  bool started_ = false;
  bool prev_cr_ = false;    // last consumed byte was CR, so a following LF ends the same line
  char delimiter_ = 0;
  int64_t line_ = 1;
  int64_t field_line_ = 1;
  int64_t converted_fields_ = 0;
  int64_t records_read_ = 0;
  Status status_;
};

// Column lookup by any of several header names, case-insensitively (CORDIS renames columns
// between export versions).
class HeaderIndex {
 public:
  HeaderIndex() = default;
  explicit HeaderIndex(const std::vector<std::string>& header);

  // The first of names that matches a column wins; names are compared trimmed and ASCII-lowercased.
  std::optional<size_t> Find(std::initializer_list<std::string_view> names) const;
  std::optional<size_t> Find(std::string_view name) const;
  size_t size() const { return names_.size(); }
  const std::string& name(size_t column) const { return names_[column]; }

 private:
  std::vector<std::string> names_;                // as given
  std::unordered_map<std::string, size_t> index_;  // normalised name -> first column
};

}  // namespace corridor::importers
