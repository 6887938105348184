// libFuzzer target for XlsxReader (and so ZipArchive). The first byte picks the mode:
//   even: the rest is a whole .xlsx file, opened with OpenFromMemory;
//   odd:  the rest is "sheet XML \0 sharedStrings XML \0 styles XML", packed into a valid
//         workbook here, so mutations reach the XML handling instead of dying in the zip layer.
#include <zip.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "core/strings.h"
#include "importers/xlsx_reader.h"

namespace {

using corridor::Result;
using corridor::Status;
using corridor::importers::XlsxOptions;
using corridor::importers::XlsxReader;
using corridor::importers::XlsxRow;

// Returns "" if libzip cannot build the archive (then the input is skipped).
std::string BuildWorkbook(const std::vector<std::pair<std::string, std::string>>& parts) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* out = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_t* za = zip_open_from_source(out, ZIP_TRUNCATE, &error);
  if (za == nullptr) {
    zip_source_free(out);
    return "";
  }
  zip_source_keep(out);
  for (const auto& [name, content] : parts) {
    zip_source_t* src = zip_source_buffer(za, content.data(), content.size(), 0);
    zip_int64_t index = src ? zip_file_add(za, name.c_str(), src, ZIP_FL_ENC_UTF_8) : -1;
    if (index >= 0) zip_set_file_compression(za, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
    else if (src) zip_source_free(src);
  }
  if (zip_close(za) != 0) {
    zip_discard(za);
    zip_source_free(out);
    return "";
  }
  std::string bytes;
  if (zip_source_open(out) == 0) {
    zip_source_seek(out, 0, SEEK_END);
    zip_int64_t size = zip_source_tell(out);
    zip_source_seek(out, 0, SEEK_SET);
    bytes.resize(static_cast<size_t>(size));
    if (zip_source_read(out, bytes.data(), bytes.size()) != size) bytes.clear();
    zip_source_close(out);
  }
  zip_source_free(out);
  return bytes;
}

std::string WrapParts(std::string_view rest) {
  std::vector<std::string> pieces;
  size_t start = 0;
  for (int i = 0; i < 2; ++i) {
    size_t nul = rest.find('\0', start);
    if (nul == std::string_view::npos) break;
    pieces.emplace_back(rest.substr(start, nul - start));
    start = nul + 1;
  }
  pieces.emplace_back(rest.substr(start));
  pieces.resize(3);
  const std::string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  return BuildWorkbook({
      {"xl/workbook.xml", "<workbook xmlns:r=\"" + rel + "\"><sheets><sheet name=\"S\" r:id=\"a\"/>" +
                              "<sheet name=\"T\" r:id=\"a\"/></sheets></workbook>"},
      {"xl/_rels/workbook.xml.rels", "<Relationships><Relationship Id=\"a\" Target=\"worksheets/sheet1.xml\"/>"
                                     "<Relationship Id=\"b\" Type=\"" + rel + "/sharedStrings\" "
                                     "Target=\"sharedStrings.xml\"/></Relationships>"},
      {"xl/worksheets/sheet1.xml", pieces[0]},
      {"xl/sharedStrings.xml", pieces[1]},
      {"xl/styles.xml", pieces[2]},
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::string bytes = (data[0] & 1) ? WrapParts(rest) : std::string(rest);
  if (bytes.empty() && (data[0] & 1)) return 0;

  XlsxOptions opts;
  opts.max_part_bytes = 4 << 20;  // keep zip bombs from eating the fuzzer's memory
  opts.max_cells = 200000;
  Result<XlsxReader> reader = XlsxReader::OpenFromMemory(std::move(bytes), opts);
  if (!reader.ok()) {
    if (reader.status().message().empty()) std::abort();
    return 0;
  }
  for (size_t i = 0; i < reader->SheetNames().size(); ++i) {
    int64_t rows = 0;
    Status st = reader->ForEachRow(i, [&rows](const XlsxRow& row) {
      if (row.cells.size() != row.is_date.size() || row.cells.size() > 16384) std::abort();
      for (const std::string& cell : row.cells)
        if (!corridor::strings::IsValidUtf8(cell)) std::abort();  // expat hands out UTF-8 only
      return ++rows > 100000 ? Status::TooLarge("enough rows") : Status::Ok();
    });
    if (!st.ok() && st.message().empty()) std::abort();
  }
  return 0;
}
