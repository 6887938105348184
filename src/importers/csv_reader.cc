#include "importers/csv_reader.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/strings.h"
#include "importers/zip_archive.h"

namespace corridor::importers {

namespace {

// Delimiter detection looks at this much of the first line, however the input is chunked.
constexpr size_t kDetectBytes = 64 * 1024;

bool IsAscii(const std::string& s) {
  const char* p = s.data();
  size_t n = s.size();
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t word;
    std::memcpy(&word, p + i, 8);
    if (word & 0x8080808080808080ULL) return false;
  }
  for (; i < n; ++i)
    if (static_cast<unsigned char>(p[i]) & 0x80) return false;
  return true;
}

std::string LinePrefix(int64_t line) { return "line " + std::to_string(line) + ": "; }

}  // namespace

CsvReader::CsvReader(ChunkSource source, std::string data, CsvOptions opts)
    : opts_(opts), source_(std::move(source)), owned_data_(std::move(data)) {
  if (opts_.block_bytes == 0) opts_.block_bytes = CsvOptions{}.block_bytes;
  if (source_) {
    opts_.block_bytes = std::max(opts_.block_bytes, kDetectBytes);
    block_ = std::make_unique_for_overwrite<char[]>(opts_.block_bytes);  // no 1 MiB memset per reader
    buf_ = block_.get();
  } else {
    buf_ = owned_data_.data();
    end_ = owned_data_.size();
    eof_ = true;  // the whole input is already in the buffer
  }
}

Result<std::unique_ptr<CsvReader>> CsvReader::OpenFile(const std::string& path, CsvOptions opts) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::Io("cannot open " + path + ": " + std::strerror(errno));
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  // shared_ptr because ChunkSource (std::function) must be copyable; closes the file with the reader.
  auto file = std::shared_ptr<int>(new int(fd), [](int* f) {
    ::close(*f);
    delete f;
  });
  ChunkSource source = [file, path](char* buf, size_t cap) -> Result<size_t> {
    for (;;) {
      ssize_t n = ::read(*file, buf, cap);
      if (n >= 0) return static_cast<size_t>(n);
      if (errno != EINTR) return Status::Io("cannot read " + path + ": " + std::strerror(errno));
    }
  };
  return FromSource(std::move(source), opts);
}

std::unique_ptr<CsvReader> CsvReader::FromString(std::string data, CsvOptions opts) {
  return std::unique_ptr<CsvReader>(new CsvReader(nullptr, std::move(data), opts));
}

std::unique_ptr<CsvReader> CsvReader::FromSource(ChunkSource source, CsvOptions opts) {
  return std::unique_ptr<CsvReader>(new CsvReader(std::move(source), std::string(), opts));
}

Result<std::unique_ptr<CsvReader>> CsvReader::FromZipEntry(const ZipArchive& zip, std::string_view entry,
                                                           CsvOptions opts) {
  CORRIDOR_ASSIGN_OR_RETURN(ZipEntryStream stream, zip.OpenEntryStream(entry));
  auto shared = std::make_shared<ZipEntryStream>(std::move(stream));
  return FromSource([shared](char* buf, size_t cap) { return shared->Read(buf, cap); }, opts);
}

Status CsvReader::FillFirstBlock() {
  // Sources may return short reads: read until the first line is complete (a line break
  // outside quotes) or kDetectBytes are in, so detection does not depend on chunking.
  bool in_quotes = false;
  while (end_ < kDetectBytes) {
    Result<size_t> n = source_(block_.get() + end_, opts_.block_bytes - end_);
    if (!n.ok()) return n.status();
    if (*n == 0) {
      eof_ = true;
      break;
    }
    if (*n > opts_.block_bytes - end_) return Status::Internal("chunk source overran its buffer");
    bool line_complete = false;
    for (size_t i = end_; i < end_ + *n && !line_complete; ++i) {
      if (block_[i] == '"') in_quotes = !in_quotes;
      else if (!in_quotes && (block_[i] == '\n' || block_[i] == '\r')) line_complete = true;
    }
    end_ += *n;
    if (line_complete) break;
  }
  return Status::Ok();
}

Status CsvReader::Start() {
  char d = opts_.delimiter;
  if (d == '"' || d == '\n' || d == '\r')
    return Status::Invalid("CSV delimiter must not be a quote or a line break");
  if (source_) CORRIDOR_RETURN_IF_ERROR(FillFirstBlock());
  if (end_ - pos_ >= 3 && std::memcmp(buf_ + pos_, "\xEF\xBB\xBF", 3) == 0) pos_ += 3;
  delimiter_ = d != 0 ? d : DetectDelimiter();
  return Status::Ok();
}

char CsvReader::DetectDelimiter() const {
  size_t semicolons = 0, commas = 0, tabs = 0;
  bool in_quotes = false;
  size_t end = std::min(end_, pos_ + kDetectBytes);
  for (size_t i = pos_; i < end; ++i) {
    char c = buf_[i];
    if (c == '"') {
      in_quotes = !in_quotes;  // a doubled quote toggles twice: no net change
    } else if (!in_quotes) {
      if (c == '\n' || c == '\r') break;
      if (c == ';') ++semicolons;
      else if (c == ',') ++commas;
      else if (c == '\t') ++tabs;
    }
  }
  // Ties prefer ';' (every CORDIS export) over ',' over TAB.
  if (semicolons >= commas && semicolons >= tabs && semicolons > 0) return ';';
  if (tabs > commas) return '\t';
  return ',';
}

bool CsvReader::Refill() {
  if (eof_ || !status_.ok()) return false;
  Result<size_t> n = source_(block_.get(), opts_.block_bytes);
  if (!n.ok()) {
    status_ = n.status();
    return false;
  }
  if (*n > opts_.block_bytes) {
    status_ = Status::Internal("chunk source overran its buffer");
    return false;
  }
  if (*n == 0) {
    eof_ = true;
    return false;
  }
  pos_ = 0;
  end_ = *n;
  return true;
}

Status CsvReader::Append(std::string* field, const char* begin, const char* end) {
  size_t n = static_cast<size_t>(end - begin);
  if (field->size() + n > opts_.max_field_bytes)
    return Status::TooLarge(LinePrefix(field_line_) + "field longer than " + std::to_string(opts_.max_field_bytes) +
                            " bytes (max_field_bytes)");
  field->append(begin, n);
  return Status::Ok();
}

void CsvReader::FinishField(std::string* field) {
  if (IsAscii(*field) || strings::IsValidUtf8(*field)) return;
  *field = strings::EnsureUtf8(*field);
  ++converted_fields_;
}

void CsvReader::CountLineBreaks(const char* begin, const char* end) {
  if (begin == end) return;
  size_t n = static_cast<size_t>(end - begin);
  if (std::memchr(begin, '\r', n) == nullptr) {  // fast path: LF-only text
    int64_t lf = std::count(begin, end, '\n');
    if (prev_cr_ && *begin == '\n') --lf;  // CRLF split across two spans
    line_ += lf;
    prev_cr_ = false;
    return;
  }
  for (const char* p = begin; p < end; ++p) {
    if (*p == '\n') {
      if (!prev_cr_) ++line_;
      prev_cr_ = false;
    } else if (*p == '\r') {
      ++line_;
      prev_cr_ = true;
    } else {
      prev_cr_ = false;
    }
  }
}

Result<bool> CsvReader::Fail(Status status) {
  status_ = std::move(status);
  return status_;
}

Result<bool> CsvReader::Next(CsvRecord* rec) {
  if (!status_.ok()) return status_;
  if (rec == nullptr) return Status::Invalid("CsvReader::Next: null record");
  if (!started_) {
    started_ = true;
    Status st = Start();
    if (!st.ok()) return Fail(st);
  }

  enum class State { kRecordStart, kFieldStart, kUnquoted, kQuoted, kAfterQuote };
  State state = State::kRecordStart;
  size_t field_count = 0;
  std::string* field = nullptr;
  const char delim = delimiter_;

  // Reuses the caller's strings so steady-state reading allocates nothing.
  auto begin_field = [&]() -> Status {
    if (field_count >= opts_.max_record_fields)
      return Status::TooLarge(LinePrefix(rec->line) + "record has more than " +
                              std::to_string(opts_.max_record_fields) + " fields (max_record_fields)");
    if (field_count < rec->fields.size()) {
      field = &rec->fields[field_count];
      field->clear();
    } else {
      field = &rec->fields.emplace_back();
    }
    ++field_count;
    field_line_ = line_;
    return Status::Ok();
  };
  auto finish_record = [&]() {
    rec->fields.resize(field_count);
    ++records_read_;
  };

  for (;;) {
    if (pos_ == end_ && !Refill()) {
      if (!status_.ok()) return status_;
      switch (state) {
        case State::kRecordStart:
          return false;
        case State::kQuoted:
          return Fail(Status::Corrupt(LinePrefix(field_line_) + "unterminated quoted field starting here"));
        case State::kFieldStart: {  // the input ends right after a delimiter: one more empty field
          Status st = begin_field();
          if (!st.ok()) return Fail(st);
          break;
        }
        case State::kUnquoted:
        case State::kAfterQuote:
          break;
      }
      FinishField(field);
      finish_record();
      return true;
    }

    switch (state) {
      case State::kRecordStart: {
        char c = buf_[pos_];
        if (c == '\n') {  // blank line, or the LF of a CRLF that ended the previous record
          ++pos_;
          if (!prev_cr_) ++line_;
          prev_cr_ = false;
          continue;
        }
        if (c == '\r') {
          ++pos_;
          ++line_;
          prev_cr_ = true;
          continue;
        }
        prev_cr_ = false;
        rec->line = line_;
        state = State::kFieldStart;
        continue;
      }

      case State::kFieldStart: {
        Status st = begin_field();
        if (!st.ok()) return Fail(st);
        if (buf_[pos_] == '"') {
          ++pos_;
          state = State::kQuoted;
        } else {
          state = State::kUnquoted;
        }
        continue;
      }

      case State::kUnquoted: {
        // A quote inside an unquoted field is not special: it is kept literally.
        const char* p = buf_ + pos_;
        const char* e = buf_ + end_;
        const char* q = p;
        while (q < e && *q != delim && *q != '\n' && *q != '\r') ++q;
        if (q != p) {
          Status st = Append(field, p, q);
          if (!st.ok()) return Fail(st);
        }
        pos_ = static_cast<size_t>(q - buf_);
        if (q == e) continue;
        char c = *q;
        ++pos_;
        FinishField(field);
        if (c == delim) {
          state = State::kFieldStart;
          continue;
        }
        ++line_;
        prev_cr_ = (c == '\r');
        finish_record();
        return true;
      }

      case State::kQuoted: {
        const char* p = buf_ + pos_;
        const char* e = buf_ + end_;
        const char* q = static_cast<const char*>(std::memchr(p, '"', static_cast<size_t>(e - p)));
        if (q == nullptr) q = e;
        CountLineBreaks(p, q);  // embedded line breaks still advance the physical line
        if (q != p) {
          Status st = Append(field, p, q);
          if (!st.ok()) return Fail(st);
        }
        pos_ = static_cast<size_t>(q - buf_);
        if (q == e) continue;
        ++pos_;
        prev_cr_ = false;
        state = State::kAfterQuote;
        continue;
      }

      case State::kAfterQuote: {
        char c = buf_[pos_];
        if (c == '"') {  // doubled quote inside a quoted field
          static const char kQuote = '"';
          Status st = Append(field, &kQuote, &kQuote + 1);
          if (!st.ok()) return Fail(st);
          ++pos_;
          state = State::kQuoted;
          continue;
        }
        if (c == delim) {
          ++pos_;
          FinishField(field);
          state = State::kFieldStart;
          continue;
        }
        if (c == '\n' || c == '\r') {
          ++pos_;
          FinishField(field);
          ++line_;
          prev_cr_ = (c == '\r');
          finish_record();
          return true;
        }
        // Text after the closing quote ("abc"def): keep it, as Python's csv module does.
        state = State::kUnquoted;
        continue;
      }
    }
  }
}

HeaderIndex::HeaderIndex(const std::vector<std::string>& header) : names_(header) {
  for (size_t i = 0; i < header.size(); ++i)
    index_.emplace(strings::ToLower(strings::Trim(header[i])), i);  // emplace keeps the first duplicate
}

std::optional<size_t> HeaderIndex::Find(std::string_view name) const {
  auto it = index_.find(strings::ToLower(strings::Trim(name)));
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

std::optional<size_t> HeaderIndex::Find(std::initializer_list<std::string_view> names) const {
  for (std::string_view name : names)
    if (auto column = Find(name)) return column;
  return std::nullopt;
}

}  // namespace corridor::importers
