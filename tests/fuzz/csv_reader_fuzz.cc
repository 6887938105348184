// libFuzzer target for CsvReader. The first byte picks options; the rest is the CSV.
// Beyond "no crash", it checks that chunked reading gives exactly what whole-buffer reading
// gives, and that every field comes out as valid UTF-8 within the configured limits.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "core/strings.h"
#include "importers/csv_reader.h"

namespace {

using corridor::Result;
using corridor::Status;
using corridor::importers::ChunkSource;
using corridor::importers::CsvOptions;
using corridor::importers::CsvReader;
using corridor::importers::CsvRecord;
using corridor::importers::HeaderIndex;

struct Outcome {
  std::vector<CsvRecord> records;
  std::string error;
};

Outcome ReadAll(CsvReader& reader, const CsvOptions& opts) {
  Outcome out;
  CsvRecord rec;
  int64_t last_line = 0;
  for (;;) {
    Result<bool> more = reader.Next(&rec);
    if (!more.ok()) {
      out.error = more.status().message();
      if (out.error.empty()) std::abort();  // errors must say something
      break;
    }
    if (!*more) break;
    if (rec.line <= last_line || rec.fields.empty() || rec.fields.size() > opts.max_record_fields) std::abort();
    for (const std::string& field : rec.fields) {
      // Windows-1252 conversion at most triples the bytes.
      if (field.size() > 3 * opts.max_field_bytes) std::abort();
      if (!corridor::strings::IsValidUtf8(field)) std::abort();
    }
    last_line = rec.line;
    out.records.push_back(rec);
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t mode = data[0];
  const std::string input(reinterpret_cast<const char*>(data) + 1, size - 1);

  CsvOptions opts;
  static const char kDelimiters[] = {0, ',', ';', '\t'};
  opts.delimiter = kDelimiters[mode & 3];
  opts.max_field_bytes = (mode & 4) ? 16 : 1 << 20;
  opts.max_record_fields = (mode & 8) ? 4 : 100000;
  opts.block_bytes = 64 * 1024;  // the minimum; keeps each run cheap

  Outcome whole = ReadAll(*CsvReader::FromString(input, opts), opts);

  // Same input through a source returning 1..7-byte chunks.
  size_t offset = 0, turn = mode >> 4;
  ChunkSource source = [&](char* buf, size_t cap) -> Result<size_t> {
    size_t n = std::min({cap, 1 + turn++ % 7, input.size() - offset});
    std::memcpy(buf, input.data() + offset, n);
    offset += n;
    return n;
  };
  Outcome chunked = ReadAll(*CsvReader::FromSource(source, opts), opts);

  if (whole.error != chunked.error || whole.records.size() != chunked.records.size()) std::abort();
  for (size_t i = 0; i < whole.records.size(); ++i) {
    if (whole.records[i].fields != chunked.records[i].fields || whole.records[i].line != chunked.records[i].line)
      std::abort();
  }

  if (!whole.records.empty()) {
    HeaderIndex header(whole.records[0].fields);
    auto column = header.Find({"projectID", "id", whole.records[0].fields[0]});
    if (!column || *column >= header.size()) std::abort();
  }
  return 0;
}
