#include "importers/xlsx_reader.h"

#include <expat.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <optional>
#include <utility>

#include "core/strings.h"

namespace corridor::importers {

namespace {

constexpr char kNsSeparator = '\x01';  // cannot occur in a namespace URI
constexpr size_t kParseChunk = 256 * 1024;
constexpr size_t kMaxColumns = 16384;  // Excel's limit (column XFD)

// ---- Expat plumbing ----

// Element and attribute names arrive as "uri\x01local" (or just "local"); OOXML comes in two
// namespace flavours (transitional and strict), so elements are matched by local name.
const char* LocalName(const char* name) {
  const char* sep = std::strrchr(name, kNsSeparator);
  return sep ? sep + 1 : name;
}

bool Is(const char* name, const char* local) { return std::strcmp(LocalName(name), local) == 0; }

// A plain (un-namespaced) attribute, e.g. r="C7".
const char* Attr(const XML_Char** attrs, const char* name) {
  for (size_t i = 0; attrs[i] != nullptr; i += 2)
    if (std::strcmp(attrs[i], name) == 0) return attrs[i + 1];
  return nullptr;
}

// The relationship id r:id, whatever prefix the document bound to the relationships namespace.
const char* RelationshipIdAttr(const XML_Char** attrs) {
  for (size_t i = 0; attrs[i] != nullptr; i += 2) {
    std::string_view name = attrs[i];
    size_t sep = name.rfind(kNsSeparator);
    if (sep == std::string_view::npos || name.substr(sep + 1) != "id") continue;
    if (strings::EndsWith(name.substr(0, sep), "relationships")) return attrs[i + 1];
  }
  return nullptr;
}

class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  virtual void OnStart(const char* name, const XML_Char** attrs) = 0;
  virtual void OnEnd(const char* name) = 0;
  virtual void OnText(const char* text, int len) {}

  // Stops the parse; the error is reported with the part name and current line.
  void Fail(Status status) {
    if (!status_.ok()) return;
    status_ = std::move(status);
    XML_StopParser(parser_, XML_FALSE);
  }
  void FailCorrupt(const std::string& message) {
    Fail(Status::Corrupt(part_ + ": line " + std::to_string(XML_GetCurrentLineNumber(parser_)) + ": " + message));
  }
  bool failed() const { return !status_.ok(); }

 private:
  friend Status ParsePart(const ZipArchive&, const std::string&, uint64_t, XmlHandler*);
  XML_Parser parser_ = nullptr;
  std::string part_;
  Status status_;
};

void XMLCALL StartElement(void* data, const XML_Char* name, const XML_Char** attrs) {
  auto* handler = static_cast<XmlHandler*>(data);
  if (!handler->failed()) handler->OnStart(name, attrs);
}
void XMLCALL EndElement(void* data, const XML_Char* name) {
  auto* handler = static_cast<XmlHandler*>(data);
  if (!handler->failed()) handler->OnEnd(name);
}
void XMLCALL CharacterData(void* data, const XML_Char* text, int len) {
  auto* handler = static_cast<XmlHandler*>(data);
  if (!handler->failed()) handler->OnText(text, len);
}
// OOXML never has a DTD; refusing one rules out entity-expansion tricks altogether.
void XMLCALL StartDoctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
  static_cast<XmlHandler*>(data)->FailCorrupt("DOCTYPE declarations are not allowed");
}

struct ParserDeleter {
  void operator()(XML_ParserStruct* parser) const { XML_ParserFree(parser); }
};

// Streams one zip entry through expat, never holding more than a chunk of it in memory.
Status ParsePart(const ZipArchive& zip, const std::string& part, uint64_t max_bytes, XmlHandler* handler) {
  CORRIDOR_ASSIGN_OR_RETURN(ZipEntryStream stream, zip.OpenEntryStream(part, max_bytes));
  std::unique_ptr<XML_ParserStruct, ParserDeleter> parser(XML_ParserCreateNS(nullptr, kNsSeparator));
  if (!parser) return Status::Internal("cannot create XML parser");
  handler->parser_ = parser.get();
  handler->part_ = part;
  XML_SetUserData(parser.get(), handler);
  XML_SetElementHandler(parser.get(), StartElement, EndElement);
  XML_SetCharacterDataHandler(parser.get(), CharacterData);
  XML_SetStartDoctypeDeclHandler(parser.get(), StartDoctype);

  // Small parts get a small buffer; the declared size only sizes the buffer, never a limit.
  uint64_t declared = zip.entries()[*zip.Find(part)].uncompressed_size;
  size_t chunk = static_cast<size_t>(std::clamp<uint64_t>(declared + 1, 4096, kParseChunk));
  for (;;) {
    void* buffer = XML_GetBuffer(parser.get(), static_cast<int>(chunk));
    if (buffer == nullptr) return Status::Internal(part + ": out of memory in XML parser");
    Result<size_t> n = stream.Read(static_cast<char*>(buffer), chunk);
    if (!n.ok()) return n.status();
    bool last = *n == 0;
    if (XML_ParseBuffer(parser.get(), static_cast<int>(*n), last) != XML_STATUS_OK) {
      if (handler->failed()) return handler->status_;
      return Status::Corrupt(part + ": line " + std::to_string(XML_GetCurrentLineNumber(parser.get())) + ": " +
                             XML_ErrorString(XML_GetErrorCode(parser.get())));
    }
    if (handler->failed()) return handler->status_;
    if (last) return Status::Ok();
  }
}

// ---- Package structure: relationships and workbook ----

struct Relationship {
  std::string type;
  std::string target;  // resolved zip entry name
};

std::string Dirname(const std::string& part) {
  size_t slash = part.rfind('/');
  return slash == std::string::npos ? std::string() : part.substr(0, slash + 1);
}

// Resolves a relationship target against the source part's folder ("worksheets/sheet1.xml",
// "/xl/worksheets/sheet1.xml", "../xl/x.xml") to a zip entry name.
std::string ResolveTarget(const std::string& base_dir, const std::string& target) {
  std::string joined = !target.empty() && target[0] == '/' ? target.substr(1) : base_dir + target;
  std::vector<std::string> parts;
  for (std::string& segment : strings::Split(joined, '/')) {
    if (segment.empty() || segment == ".") continue;
    if (segment == "..") {
      if (!parts.empty()) parts.pop_back();
      continue;
    }
    parts.push_back(std::move(segment));
  }
  return strings::Join(parts, "/");
}

class RelsHandler : public XmlHandler {
 public:
  explicit RelsHandler(std::string base_dir) : base_dir_(std::move(base_dir)) {}
  void OnStart(const char* name, const XML_Char** attrs) override {
    if (!Is(name, "Relationship")) return;
    const char* id = Attr(attrs, "Id");
    const char* type = Attr(attrs, "Type");
    const char* target = Attr(attrs, "Target");
    const char* mode = Attr(attrs, "TargetMode");
    if (id == nullptr || target == nullptr) return;
    if (mode != nullptr && std::strcmp(mode, "External") == 0) return;  // hyperlinks etc.
    rels[id] = Relationship{type ? type : "", ResolveTarget(base_dir_, target)};
  }
  void OnEnd(const char*) override {}

  std::map<std::string, Relationship> rels;

  // Target of the first relationship whose type ends with "/<suffix>".
  std::optional<std::string> TargetOfType(std::string_view suffix) const {
    for (const auto& [id, rel] : rels) {
      std::string_view type = rel.type;
      if (type.size() > suffix.size() && strings::EndsWith(type, suffix) &&
          type[type.size() - suffix.size() - 1] == '/')
        return rel.target;
    }
    return std::nullopt;
  }

 private:
  std::string base_dir_;
};

struct SheetRef {
  std::string name;
  std::string relationship_id;
};

class WorkbookHandler : public XmlHandler {
 public:
  void OnStart(const char* name, const XML_Char** attrs) override {
    if (Is(name, "sheet")) {
      const char* sheet_name = Attr(attrs, "name");
      const char* rid = RelationshipIdAttr(attrs);
      if (sheet_name == nullptr || rid == nullptr) return FailCorrupt("<sheet> without name or r:id");
      sheets.push_back(SheetRef{sheet_name, rid});
    } else if (Is(name, "workbookPr")) {
      const char* v = Attr(attrs, "date1904");
      date1904 = v != nullptr && (std::strcmp(v, "1") == 0 || std::strcmp(v, "true") == 0);
    }
  }
  void OnEnd(const char*) override {}

  std::vector<SheetRef> sheets;
  bool date1904 = false;
};

// ---- Shared strings and styles ----

// <si> holds either <t> or rich-text runs <r><t>; phonetic hints (<rPh>) are not cell text.
class SharedStringsHandler : public XmlHandler {
 public:
  explicit SharedStringsHandler(std::vector<std::string>* out) : out_(out) {}
  void OnStart(const char* name, const XML_Char**) override {
    const char* local = LocalName(name);
    if (std::strcmp(local, "si") == 0) {
      in_item_ = true;
      text_.clear();
    } else if (std::strcmp(local, "rPh") == 0) {
      ++phonetic_depth_;
    } else if (std::strcmp(local, "t") == 0 && in_item_ && phonetic_depth_ == 0) {
      in_text_ = true;
    }
  }
  void OnEnd(const char* name) override {
    const char* local = LocalName(name);
    if (std::strcmp(local, "si") == 0) {
      out_->push_back(std::move(text_));
      text_.clear();
      in_item_ = false;
    } else if (std::strcmp(local, "rPh") == 0) {
      if (phonetic_depth_ > 0) --phonetic_depth_;
    } else if (std::strcmp(local, "t") == 0) {
      in_text_ = false;
    }
  }
  void OnText(const char* text, int len) override {
    if (in_text_) text_.append(text, static_cast<size_t>(len));
  }

 private:
  std::vector<std::string>* out_;
  std::string text_;
  bool in_item_ = false;
  bool in_text_ = false;
  int phonetic_depth_ = 0;
};

// True for number formats that display a date or time: d, m or y outside quoted text,
// escapes and [..] sections ("yyyy-mm-dd", "d/m/yy h:mm"; not "#,##0" or "0.0\"m\"").
bool IsDateFormatCode(std::string_view code) {
  for (size_t i = 0; i < code.size(); ++i) {
    switch (code[i]) {
      case '"': {
        size_t close = code.find('"', i + 1);
        if (close == std::string_view::npos) return false;
        i = close;
        break;
      }
      case '[': {  // colours, locales ([$-409]) and conditions
        size_t close = code.find(']', i + 1);
        if (close == std::string_view::npos) return false;
        i = close;
        break;
      }
      case '\\':
      case '_':
      case '*':
        ++i;  // the next character is literal (or padding)
        break;
      case 'd': case 'D': case 'm': case 'M': case 'y': case 'Y':
        return true;
      default:
        break;
    }
  }
  return false;
}

bool IsBuiltinDateFormat(int64_t id) { return id >= 14 && id <= 22; }

class StylesHandler : public XmlHandler {
 public:
  void OnStart(const char* name, const XML_Char** attrs) override {
    const char* local = LocalName(name);
    if (std::strcmp(local, "numFmt") == 0) {
      const char* id = Attr(attrs, "numFmtId");
      const char* code = Attr(attrs, "formatCode");
      if (id == nullptr || code == nullptr) return;
      if (auto n = strings::ParseInt(id)) custom_formats_[*n] = IsDateFormatCode(code);
    } else if (std::strcmp(local, "cellXfs") == 0) {
      in_cell_xfs_ = true;
    } else if (std::strcmp(local, "xf") == 0 && in_cell_xfs_) {
      const char* id = Attr(attrs, "numFmtId");
      xf_format_ids_.push_back(id ? strings::ParseInt(id).value_or(0) : 0);
    }
  }
  void OnEnd(const char* name) override {
    if (Is(name, "cellXfs")) in_cell_xfs_ = false;
  }

  std::vector<bool> DateStyles() const {
    std::vector<bool> out;
    out.reserve(xf_format_ids_.size());
    for (int64_t id : xf_format_ids_) {
      auto custom = custom_formats_.find(id);
      out.push_back(custom != custom_formats_.end() ? custom->second : IsBuiltinDateFormat(id));
    }
    return out;
  }

 private:
  std::map<int64_t, bool> custom_formats_;  // numFmtId -> is a date format
  std::vector<int64_t> xf_format_ids_;
  bool in_cell_xfs_ = false;
};

// ---- Worksheets ----

// "C7" -> column 2 (0-based). Only the letters matter: the row comes from <row r>.
std::optional<size_t> ParseColumn(const char* ref) {
  size_t column = 0;
  size_t letters = 0;
  for (; ref[letters] != '\0'; ++letters) {
    char c = ref[letters];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c < 'A' || c > 'Z') break;
    if (letters == 3) return std::nullopt;
    column = column * 26 + static_cast<size_t>(c - 'A' + 1);
  }
  if (letters == 0 || column > kMaxColumns) return std::nullopt;
  for (const char* p = ref + letters; *p != '\0'; ++p)
    if (*p < '0' || *p > '9') return std::nullopt;
  return column - 1;
}

class SheetHandler : public XmlHandler {
 public:
  SheetHandler(const std::vector<std::string>& shared_strings, const std::vector<bool>& style_is_date,
               uint64_t max_cells, const XlsxReader::RowCallback& callback)
      : shared_strings_(shared_strings),
        style_is_date_(style_is_date),
        max_cells_(max_cells),
        callback_(callback) {}

  void OnStart(const char* name, const XML_Char** attrs) override {
    const char* local = LocalName(name);
    if (std::strcmp(local, "sheetData") == 0) {
      in_sheet_data_ = true;
    } else if (!in_sheet_data_) {
      return;
    } else if (std::strcmp(local, "row") == 0) {
      StartRow(Attr(attrs, "r"));
    } else if (std::strcmp(local, "c") == 0) {
      StartCell(attrs);
    } else if (!in_cell_) {
      return;
    } else if (std::strcmp(local, "v") == 0) {
      value_.clear();
      collecting_ = true;
    } else if (std::strcmp(local, "is") == 0) {
      in_inline_string_ = true;
      has_inline_string_ = true;
    } else if (std::strcmp(local, "rPh") == 0) {
      ++phonetic_depth_;
    } else if (std::strcmp(local, "t") == 0 && in_inline_string_ && phonetic_depth_ == 0) {
      collecting_ = true;
    }
  }

  void OnEnd(const char* name) override {
    const char* local = LocalName(name);
    if (std::strcmp(local, "sheetData") == 0) {
      in_sheet_data_ = false;
    } else if (!in_sheet_data_) {
      return;
    } else if (std::strcmp(local, "row") == 0) {
      EndRow();
    } else if (std::strcmp(local, "c") == 0) {
      EndCell();
    } else if (std::strcmp(local, "v") == 0 || std::strcmp(local, "t") == 0) {
      collecting_ = false;
    } else if (std::strcmp(local, "is") == 0) {
      in_inline_string_ = false;
    } else if (std::strcmp(local, "rPh") == 0) {
      if (phonetic_depth_ > 0) --phonetic_depth_;
    }
  }

  void OnText(const char* text, int len) override {
    if (!collecting_) return;
    (in_inline_string_ ? inline_text_ : value_).append(text, static_cast<size_t>(len));
  }

 private:
  void StartRow(const char* r) {
    if (in_row_) EndRow();  // a <row> nested in a <row>: emit the outer one rather than merge them
    int64_t number = row_.row_number + 1;  // rows without r follow the previous one
    if (r != nullptr) {
      std::optional<int64_t> parsed = strings::ParseInt(r);
      if (!parsed || *parsed < 1) return FailCorrupt("bad row number \"" + std::string(r) + "\"");
      number = *parsed;
    }
    row_.row_number = number;
    row_.cells.clear();
    row_.is_date.clear();
    next_column_ = 0;
    in_row_ = true;
  }

  void StartCell(const XML_Char** attrs) {
    if (!in_row_) return FailCorrupt("<c> outside a <row>");
    column_ = next_column_;
    if (const char* ref = Attr(attrs, "r")) {
      std::optional<size_t> parsed = ParseColumn(ref);
      if (!parsed) return FailCorrupt("bad cell reference \"" + std::string(ref) + "\"");
      column_ = *parsed;
    }
    if (column_ >= kMaxColumns) return FailCorrupt("more than " + std::to_string(kMaxColumns) + " columns");
    const char* type = Attr(attrs, "t");
    type_ = type ? type : "n";
    style_ = 0;
    if (const char* s = Attr(attrs, "s")) style_ = strings::ParseInt(s).value_or(0);
    value_.clear();
    inline_text_.clear();
    has_inline_string_ = false;
    in_inline_string_ = false;
    collecting_ = false;
    phonetic_depth_ = 0;
    in_cell_ = true;
  }

  void EndCell() {
    if (!in_cell_) return;  // a stray </c> of a nested <c>
    in_cell_ = false;
    collecting_ = false;
    bool is_date = false;
    std::string text;
    if (type_ == "s") {
      std::optional<int64_t> index = strings::ParseInt(value_);
      if (!index || *index < 0 || static_cast<uint64_t>(*index) >= shared_strings_.size())
        return FailCorrupt("shared string index \"" + value_ + "\" out of range");
      text = shared_strings_[static_cast<size_t>(*index)];
    } else if (type_ == "inlineStr" || has_inline_string_) {
      text = std::move(inline_text_);
    } else if (type_ == "b") {
      text = value_ == "1" ? "TRUE" : value_ == "0" ? "FALSE" : value_;
    } else {  // n (number), str (formula text), e (error like #N/A), d (ISO date): cached text
      text = std::move(value_);
      is_date = type_ == "n" && !text.empty() && style_ >= 0 &&
                static_cast<uint64_t>(style_) < style_is_date_.size() && style_is_date_[static_cast<size_t>(style_)];
    }
    if (column_ >= row_.cells.size()) {
      row_.cells.resize(column_ + 1);
      row_.is_date.resize(column_ + 1);
    }
    row_.cells[column_] = std::move(text);
    row_.is_date[column_] = is_date;
    next_column_ = column_ + 1;
  }

  void EndRow() {
    if (!in_row_) return;  // already emitted (nested <row> elements)
    in_row_ = false;
    cells_seen_ += row_.cells.size();
    if (cells_seen_ > max_cells_)
      return Fail(Status::TooLarge("sheet has more than " + std::to_string(max_cells_) + " cells (max_cells)"));
    Status st = callback_(row_);
    if (!st.ok()) Fail(std::move(st));
  }

  const std::vector<std::string>& shared_strings_;
  const std::vector<bool>& style_is_date_;
  const uint64_t max_cells_;
  const XlsxReader::RowCallback& callback_;

  XlsxRow row_;
  uint64_t cells_seen_ = 0;
  size_t next_column_ = 0;
  size_t column_ = 0;
  std::string type_;
  int64_t style_ = 0;
  std::string value_;        // <v> text
  std::string inline_text_;  // <is> text, concatenated over rich-text runs
  bool in_sheet_data_ = false;
  bool in_row_ = false;
  bool in_cell_ = false;
  bool in_inline_string_ = false;
  bool has_inline_string_ = false;
  bool collecting_ = false;
  int phonetic_depth_ = 0;
};

}  // namespace

XlsxReader::XlsxReader(ZipArchive zip, XlsxOptions opts) : zip_(std::move(zip)), opts_(opts) {}

Result<XlsxReader> XlsxReader::OpenFile(const std::string& path, XlsxOptions opts) {
  CORRIDOR_ASSIGN_OR_RETURN(ZipArchive zip, ZipArchive::OpenFile(path));
  Result<XlsxReader> reader = Load(std::move(zip), opts);
  if (!reader.ok()) return reader.status().WithContext(path + ": ");
  return reader;
}

Result<XlsxReader> XlsxReader::OpenFromMemory(std::string bytes, XlsxOptions opts) {
  CORRIDOR_ASSIGN_OR_RETURN(ZipArchive zip, ZipArchive::OpenFromMemory(std::move(bytes)));
  return Load(std::move(zip), opts);
}

Result<XlsxReader> XlsxReader::Load(ZipArchive zip, XlsxOptions opts) {
  XlsxReader reader(std::move(zip), opts);
  const ZipArchive& archive = reader.zip_;

  // The package root names the workbook part; xl/workbook.xml is the universal default.
  std::string workbook_part = "xl/workbook.xml";
  if (archive.Find("_rels/.rels")) {
    RelsHandler root("");
    CORRIDOR_RETURN_IF_ERROR(ParsePart(archive, "_rels/.rels", opts.max_part_bytes, &root));
    if (auto target = root.TargetOfType("officeDocument")) workbook_part = *target;
  }
  if (!archive.Find(workbook_part))
    return Status::Corrupt("not an xlsx workbook: " + workbook_part + " is missing");

  WorkbookHandler workbook;
  CORRIDOR_RETURN_IF_ERROR(ParsePart(archive, workbook_part, opts.max_part_bytes, &workbook));
  reader.date1904_ = workbook.date1904;

  std::string base_dir = Dirname(workbook_part);
  std::string rels_part = base_dir + "_rels/" + workbook_part.substr(base_dir.size()) + ".rels";
  RelsHandler rels(base_dir);
  if (archive.Find(rels_part)) CORRIDOR_RETURN_IF_ERROR(ParsePart(archive, rels_part, opts.max_part_bytes, &rels));

  for (const SheetRef& sheet : workbook.sheets) {
    auto rel = rels.rels.find(sheet.relationship_id);
    if (rel == rels.rels.end())
      return Status::Corrupt("sheet \"" + sheet.name + "\" has no relationship " + sheet.relationship_id + " in " +
                             rels_part);
    reader.sheet_names_.push_back(sheet.name);
    reader.sheet_parts_.push_back(rel->second.target);
  }

  std::string shared_strings_part = rels.TargetOfType("sharedStrings").value_or(base_dir + "sharedStrings.xml");
  if (archive.Find(shared_strings_part)) {
    SharedStringsHandler handler(&reader.shared_strings_);
    CORRIDOR_RETURN_IF_ERROR(ParsePart(archive, shared_strings_part, opts.max_part_bytes, &handler));
  }
  std::string styles_part = rels.TargetOfType("styles").value_or(base_dir + "styles.xml");
  if (archive.Find(styles_part)) {
    StylesHandler handler;
    CORRIDOR_RETURN_IF_ERROR(ParsePart(archive, styles_part, opts.max_part_bytes, &handler));
    reader.style_is_date_ = handler.DateStyles();
  }
  return reader;
}

Result<size_t> XlsxReader::SheetIndex(std::string_view name) const {
  for (size_t i = 0; i < sheet_names_.size(); ++i)
    if (sheet_names_[i] == name) return i;
  for (size_t i = 0; i < sheet_names_.size(); ++i)
    if (strings::IEquals(sheet_names_[i], name)) return i;
  return Status::NotFound("no sheet named \"" + std::string(name) + "\"");
}

Status XlsxReader::ForEachRow(size_t index, const RowCallback& callback) const {
  if (index >= sheet_parts_.size())
    return Status::NotFound("no sheet number " + std::to_string(index) + " (workbook has " +
                            std::to_string(sheet_parts_.size()) + ")");
  const std::string& part = sheet_parts_[index];
  if (!zip_.Find(part)) return Status::Corrupt("sheet \"" + sheet_names_[index] + "\": part " + part + " is missing");
  SheetHandler handler(shared_strings_, style_is_date_, opts_.max_cells, callback);
  return ParsePart(zip_, part, opts_.max_part_bytes, &handler);
}

Status XlsxReader::ForEachRow(std::string_view name, const RowCallback& callback) const {
  CORRIDOR_ASSIGN_OR_RETURN(size_t index, SheetIndex(name));
  return ForEachRow(index, callback);
}

Result<std::vector<XlsxRow>> XlsxReader::ReadSheet(size_t index) const {
  std::vector<XlsxRow> rows;
  CORRIDOR_RETURN_IF_ERROR(ForEachRow(index, [&rows](const XlsxRow& row) {
    rows.push_back(row);
    return Status::Ok();
  }));
  return rows;
}

Result<std::vector<XlsxRow>> XlsxReader::ReadSheet(std::string_view name) const {
  CORRIDOR_ASSIGN_OR_RETURN(size_t index, SheetIndex(name));
  return ReadSheet(index);
}

}  // namespace corridor::importers
