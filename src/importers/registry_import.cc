#include "importers/registry_import.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <set>

#include "core/dates.h"
#include "core/formula_guard.h"
#include "core/strings.h"
#include "importers/csv_reader.h"
#include "importers/xlsx_reader.h"
#include "storage/registry_store.h"

namespace corridor::importers::registry {

using domain::FieldSpec;
using domain::SisterProject;

namespace {

constexpr size_t kHeaderSearchRows = 10;
constexpr const char* kLinks = "value_chain_links";
constexpr const char* kTopic = "topic";
constexpr const char* kLevel = "level";
constexpr const char* kStage = "stage";
constexpr const char* kGrant = "grant_id";

// Header comparison key: accents folded, lower case, letters and digits only
// ("*Contact E-mail:" -> "contactemail").
std::string Norm(std::string_view s) {
  std::string folded = strings::FoldAccents(strings::EnsureUtf8(s));
  std::string out;
  for (char c : folded) {
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u) && u < 0x80) out += static_cast<char>(std::tolower(u));
  }
  return out;
}

struct AnalyticTarget {
  const char* key;
  const char* label;
};
const std::vector<AnalyticTarget>& Analytic() {
  static const std::vector<AnalyticTarget> a = {{kLinks, "Value-chain links"},
                                                {kTopic, "Topic"},
                                                {kLevel, "Level"},
                                                {kStage, "Stage"},
                                                {kGrant, "CORDIS grant ID"}};
  return a;
}

// Common header variants (normalised) -> target key.
const std::map<std::string, std::string>& Variants() {
  static const std::map<std::string, std::string> v = {
      {"name", "name"}, {"title", "name"}, {"projecttitle", "name"}, {"fullname", "name"},
      {"projectfullname", "name"},
      {"acronym", "acronym"}, {"project", "acronym"}, {"proyect", "acronym"}, {"projectacronyms", "acronym"},
      {"cordis", "cordis_link"}, {"cordisurl", "cordis_link"}, {"cordispage", "cordis_link"},
      {"website", "website"}, {"web", "website"}, {"url", "website"}, {"projecturl", "website"},
      {"homepage", "website"}, {"weblink", "website"},
      {"email", "contact_email"}, {"contact", "contact_email"}, {"emailaddress", "contact_email"},
      {"contactemailaddress", "contact_email"}, {"mail", "contact_email"},
      {"projectstatus", "status"},
      {"start", "start_date"}, {"startdate", "start_date"}, {"projectstart", "start_date"},
      {"end", "end_date"}, {"enddate", "end_date"}, {"projectend", "end_date"},
      {"budget", "budget_eur"}, {"budgeteur", "budget_eur"}, {"budgettotalamount", "budget_eur"},
      {"totalbudget", "budget_eur"}, {"totalcost", "budget_eur"}, {"budgettotal", "budget_eur"},
      {"coordinator", "coordinator_name"}, {"coordinatororganisation", "coordinator_name"},
      {"coordinatororganization", "coordinator_name"},
      {"country", "coordinator_country"}, {"coordinatorcountrycode", "coordinator_country"},
      {"partnercount", "partner_count"}, {"ofpartners", "partner_count"}, {"nofpartners", "partner_count"},
      {"nopartners", "partner_count"}, {"partnersnumber", "partner_count"}, {"numberofparticipants", "partner_count"},
      {"sharedpartnercount", "shared_partner_count"}, {"sharedpartners", "shared_partner_count"},
      {"numberofsharedpartners", "shared_partner_count"}, {"numberoffocalpartners", "shared_partner_count"},
      {"sharedpartnernames", "shared_partner_names"}, {"partnernames", "shared_partner_names"},
      {"focalpartnernames", "shared_partner_names"},
      {"program", "programme"}, {"fundingprogramme", "programme"}, {"fundingprogram", "programme"},
      {"callid", "call"}, {"callidentifier", "call"},
      {"topicid", "horizon_topic"}, {"horizontopicid", "horizon_topic"}, {"topiccode", "horizon_topic"},
      {"description", "short_description"}, {"summary", "short_description"},
      {"industry", "industry_field"}, {"industryfields", "industry_field"}, {"sector", "industry_field"},
      {"objective", "objectives"}, {"aim", "objectives"}, {"aims", "objectives"},
      {"keyword", "keywords"},
      {"challenge", "challenges"},
      {"results", "results"}, {"outputs", "results"}, {"resultsandoutputs", "results"},
      {"fields", "topic_fields"}, {"topicsfields", "topic_fields"},
      {"issue", "issues"},
      {"partnersofinterest", "partners_of_interest"}, {"interestingpartners", "partners_of_interest"},
      {"involvement", "involvement_type"}, {"involvementtype", "involvement_type"},
      {"relevance", "relevance_score"}, {"score", "relevance_score"},
      {"comment", "relevance_comment"}, {"comments", "relevance_comment"},
      {"valuechainlink", kLinks}, {"valuechain", kLinks}, {"valuechainlinks", kLinks},
      {"topics", kTopic}, {"thematicfocus", kTopic},
      {"relevancelevel", kLevel},
      {"pipelinestage", kStage},
      {"grantid", kGrant}, {"grant", kGrant}, {"grantagreement", kGrant}, {"grantagreementnumber", kGrant},
      {"cordisid", kGrant}, {"cordisprojectid", kGrant}, {"cordisgrant", kGrant},
  };
  return v;
}

bool IsBlank(const std::vector<std::string>& cells) {
  for (const auto& c : cells)
    if (!strings::Trim(c).empty()) return false;
  return true;
}

std::string Newlines(std::string s) { return strings::ReplaceAll(strings::ReplaceAll(s, "\r\n", "\n"), "\r", "\n"); }

// Excel serial -> ISO (respecting the 1904 date system).
std::string SerialToIso(const std::string& serial, bool date1904) {
  auto d = strings::ParseDouble(serial);
  if (!d) return serial;
  int64_t days = static_cast<int64_t>(*d);
  if (date1904) days += 1462;
  auto date = dates::Parse(std::to_string(days));
  return date ? dates::ToIso(*date) : serial;
}

struct RawTable {
  std::string sheet_name;
  std::vector<Row> rows;  // every non-blank row
  int64_t converted = 0;
};

// Header row among the first rows: the one naming the most distinct targets.
std::pair<size_t, size_t> FindHeader(const std::vector<Row>& rows, std::string_view focal) {
  size_t best = 0, best_score = 0;
  for (size_t i = 0; i < rows.size() && i < kHeaderSearchRows; ++i) {
    std::set<std::string> seen;
    for (const auto& c : rows[i].cells)
      if (auto t = MatchHeader(c, focal)) seen.insert(*t);
    if (seen.size() > best_score) {
      best_score = seen.size();
      best = i;
    }
  }
  return {best, best_score};
}

Result<std::vector<RawTable>> ReadXlsxTables(std::string bytes) {
  auto reader = XlsxReader::OpenFromMemory(std::move(bytes));
  if (!reader.ok())
    return Status::Corrupt("this .xlsx file cannot be read (damaged, truncated or not an Excel workbook): " +
                           reader.status().message());
  if (reader->SheetNames().empty()) return Status::Corrupt("this .xlsx workbook has no sheet");
  std::vector<RawTable> out;
  for (size_t s = 0; s < reader->SheetNames().size(); ++s) {
    RawTable t;
    t.sheet_name = reader->SheetNames()[s];
    bool date1904 = reader->date1904();
    Status st = reader->ForEachRow(s, [&](const XlsxRow& r) -> Status {
      if (t.rows.size() > kMaxRows + kHeaderSearchRows)
        return Status::TooLarge("sheet \"" + t.sheet_name + "\" has more than " + std::to_string(kMaxRows) + " rows");
      Row row;
      row.row = row.line = r.row_number;
      row.cells = r.cells;
      for (size_t j = 0; j < row.cells.size(); ++j)
        if (r.IsDate(j)) row.cells[j] = SerialToIso(row.cells[j], date1904);
      if (!IsBlank(row.cells)) t.rows.push_back(std::move(row));
      return Status::Ok();
    });
    if (!st.ok()) {
      if (st.code() == ErrorCode::kTooLarge) return st;
      return Status::Corrupt("sheet \"" + t.sheet_name + "\" of this .xlsx file cannot be read: " + st.message());
    }
    out.push_back(std::move(t));
  }
  return out;
}

Result<RawTable> ReadCsvTable(std::string bytes) {
  auto reader = CsvReader::FromString(std::move(bytes));
  RawTable t;
  CsvRecord rec;
  int64_t number = 0;
  for (;;) {
    auto more = reader->Next(&rec);
    if (!more.ok()) return Status::Corrupt("this CSV file cannot be read: " + more.status().message());
    if (!*more) break;
    ++number;
    if (t.rows.size() > kMaxRows + kHeaderSearchRows)
      return Status::TooLarge("the file has more than " + std::to_string(kMaxRows) + " rows");
    Row row;
    row.row = number;
    row.line = rec.line;
    row.cells.reserve(rec.fields.size());
    for (auto& f : rec.fields) row.cells.push_back(formula_guard::Unescape(f));
    if (!IsBlank(row.cells)) t.rows.push_back(std::move(row));
  }
  t.converted = reader->converted_fields();
  return t;
}

std::string Lower(std::string_view s) { return strings::ToLower(strings::Trim(s)); }

std::string FocalLabel(std::string_view label, std::string_view focal) {
  return strings::ReplaceAll(std::string(label), "{focal}", focal.empty() ? "focal project" : focal);
}

std::vector<std::string> SplitLinks(const std::string& cell) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    std::string t = strings::Trim(cur);
    if (!t.empty() && std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
    cur.clear();
  };
  for (char c : cell) {
    if (c == ';' || c == '|' || c == '\n' || c == '\r') flush();
    else cur += c;
  }
  flush();
  return out;
}

bool AllDigits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

// ---------------------------------------------------------------------------------------

std::string FormatName(Format f) { return f == Format::kXlsx ? "xlsx" : "csv"; }

std::vector<Target> Targets(std::string_view focal) {
  std::vector<Target> out;
  for (const FieldSpec& f : domain::SisterProjectFields()) out.push_back({f.key, domain::FieldLabel(f, focal)});
  for (const auto& a : Analytic()) out.push_back({a.key, a.label});
  return out;
}

std::string TargetNote(std::string_view key) {
  if (key == kLevel) return "read as the relevance score where that cell is empty";
  if (key == kStage) return "for information only: stages move on the registry pages, each step justified";
  if (key == kLinks) return "several links separated by \";\"";
  if (key == kGrant) return "matches rows to existing records";
  return "";
}

bool IsTarget(std::string_view key) {
  if (domain::FindField(key)) return true;
  for (const auto& a : Analytic())
    if (key == a.key) return true;
  return false;
}

std::string TargetLabel(std::string_view key, std::string_view focal) {
  if (const FieldSpec* f = domain::FindField(key)) return domain::FieldLabel(*f, focal);
  for (const auto& a : Analytic())
    if (key == a.key) return a.label;
  return "";
}

std::optional<std::string> MatchHeader(std::string_view header, std::string_view focal) {
  std::string h = Norm(header);
  if (h.empty()) return std::nullopt;
  // Labels and keys first: they are exact.
  for (const FieldSpec& f : domain::SisterProjectFields()) {
    if (h == Norm(domain::FieldLabel(f, focal)) || h == Norm(f.key) || h == Norm(FocalLabel(f.label, "focal")))
      return std::string(f.key);
  }
  for (const auto& a : Analytic())
    if (h == Norm(a.label) || h == Norm(a.key)) return std::string(a.key);
  auto it = Variants().find(h);
  if (it != Variants().end()) return it->second;
  // Another workspace's export: "Number of I4-GREEN partners", "I4-GREEN partner name(s)".
  if (strings::StartsWith(h, "numberof") && strings::EndsWith(h, "partners") && h.size() > 16)
    return std::string("shared_partner_count");
  if ((strings::EndsWith(h, "partnernames") || strings::EndsWith(h, "partnername")) &&
      !strings::StartsWith(h, "coordinator"))
    return std::string("shared_partner_names");
  return std::nullopt;
}

Result<Format> DetectFormat(std::string_view filename, std::string_view bytes) {
  std::string name = strings::ToLower(strings::Trim(filename));
  bool xlsx = strings::EndsWith(name, ".xlsx");
  bool csv = strings::EndsWith(name, ".csv");
  if (!xlsx && !csv) {
    if (strings::EndsWith(name, ".xls"))
      return Status::Invalid("\"" + std::string(filename) +
                             "\" is an Excel 97-2003 workbook (.xls), which is not supported: save it as .xlsx");
    return Status::Invalid("\"" + std::string(filename) + "\" is neither an .xlsx nor a .csv file");
  }
  if (bytes.size() > kMaxUploadBytes)
    return Status::TooLarge("the file is " + std::to_string(bytes.size() / (1024 * 1024)) +
                            " MB; at most 20 MB can be imported");
  if (bytes.empty()) return Status::Invalid("the file is empty");
  bool zip = bytes.size() >= 4 && std::memcmp(bytes.data(), "PK\x03\x04", 4) == 0;
  bool ole = bytes.size() >= 8 && std::memcmp(bytes.data(), "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0;
  if (xlsx) {
    if (zip) return Format::kXlsx;
    if (ole)
      return Status::Invalid("the file is named .xlsx but is an Excel 97-2003 (.xls) or encrypted workbook: "
                             "open it in Excel and save it as .xlsx without a password");
    return Status::Invalid("the file is named .xlsx but is not an Excel workbook (an .xlsx file is a ZIP "
                           "archive and starts with \"PK\"): save it from Excel as .xlsx, or as CSV UTF-8");
  }
  if (zip || ole)
    return Status::Invalid("the file is named .csv but is a spreadsheet workbook: rename it to .xlsx or save it "
                           "as CSV UTF-8");
  if (bytes.size() >= 2 && ((static_cast<unsigned char>(bytes[0]) == 0xFF && static_cast<unsigned char>(bytes[1]) == 0xFE) ||
                            (static_cast<unsigned char>(bytes[0]) == 0xFE && static_cast<unsigned char>(bytes[1]) == 0xFF)))
    return Status::Invalid("the CSV file is UTF-16 text (Excel's \"Unicode Text\"): save it as \"CSV UTF-8\"");
  if (bytes.substr(0, 65536).find('\0') != std::string_view::npos)
    return Status::Invalid("the file is named .csv but holds binary data, not text");
  return Format::kCsv;
}

Result<Sheet> ReadFile(std::string_view filename, std::string bytes, std::string_view focal) {
  CORRIDOR_ASSIGN_OR_RETURN(Format format, DetectFormat(filename, bytes));
  Sheet sheet;
  sheet.format = format;
  sheet.filename = std::string(filename);
  RawTable chosen;
  std::pair<size_t, size_t> header{0, 0};
  if (format == Format::kXlsx) {
    CORRIDOR_ASSIGN_OR_RETURN(std::vector<RawTable> tables, ReadXlsxTables(std::move(bytes)));
    size_t best = 0;
    header = FindHeader(tables[0].rows, focal);
    for (size_t i = 1; i < tables.size(); ++i) {
      auto h = FindHeader(tables[i].rows, focal);
      if (h.second > header.second) {
        header = h;
        best = i;
      }
    }
    // The first sheet with rows when no sheet names any column.
    if (header.second == 0)
      for (size_t i = 0; i < tables.size(); ++i)
        if (!tables[i].rows.empty()) {
          best = i;
          break;
        }
    chosen = std::move(tables[best]);
    if (tables.size() > 1)
      sheet.notes.push_back("The workbook has " + std::to_string(tables.size()) + " sheets; sheet \"" +
                            chosen.sheet_name + "\" was read.");
  } else {
    CORRIDOR_ASSIGN_OR_RETURN(chosen, ReadCsvTable(std::move(bytes)));
    header = FindHeader(chosen.rows, focal);
    if (chosen.converted > 0)
      sheet.notes.push_back(std::to_string(chosen.converted) +
                            " cell(s) were not UTF-8 text and were read as Windows-1252 (Excel's plain \"CSV\" on "
                            "Windows); check accented letters, or save the file as \"CSV UTF-8\".");
  }
  sheet.sheet_name = chosen.sheet_name;
  if (chosen.rows.empty()) return Status::Invalid("the file has no rows");
  if (header.second == 0)
    sheet.notes.push_back("No column header was recognised; row " + std::to_string(chosen.rows[0].row) +
                          " is taken as the header: map the columns below.");
  const Row& h = chosen.rows[header.first];
  sheet.header_row = h.row;
  sheet.headers = h.cells;
  for (auto& c : sheet.headers) c = strings::Trim(c);
  for (size_t i = header.first + 1; i < chosen.rows.size(); ++i) sheet.rows.push_back(std::move(chosen.rows[i]));
  if (sheet.rows.size() > kMaxRows)
    return Status::TooLarge("the file has " + std::to_string(sheet.rows.size()) + " rows; at most " +
                            std::to_string(kMaxRows) + " can be imported at once");
  // Cells beyond the header (data wider than the header) get positional headers.
  size_t width = sheet.headers.size();
  for (const auto& r : sheet.rows) width = std::max(width, r.cells.size());
  sheet.headers.resize(width);
  return sheet;
}

std::string ColumnLetter(size_t column) {
  std::string s;
  size_t n = column + 1;
  while (n > 0) {
    s.insert(s.begin(), static_cast<char>('A' + (n - 1) % 26));
    n = (n - 1) / 26;
  }
  return s;
}

std::vector<ColumnMap> AutoMap(const std::vector<std::string>& headers, std::string_view focal) {
  std::vector<ColumnMap> out;
  std::set<std::string> used;
  for (size_t i = 0; i < headers.size(); ++i) {
    ColumnMap m;
    m.column = i;
    m.header = headers[i];
    if (auto t = MatchHeader(headers[i], focal); t && (!used.count(*t) || *t == kLinks)) {
      m.target = *t;
      m.automatic = true;
      used.insert(*t);
    } else if (strings::Trim(headers[i]).empty() && !out.empty() && out.back().target == kLinks) {
      m.target = kLinks;  // Table 2 spreads the links over a headed column and blank-headed ones
      m.automatic = true;
    }
    out.push_back(std::move(m));
  }
  return out;
}

Status ApplyOverride(std::vector<ColumnMap>& mapping, std::string_view header, std::string_view target,
                     std::string_view focal) {
  std::string t = strings::Trim(target);
  std::string tl = strings::ToLower(t);
  if (tl == "-" || tl == "ignore" || tl == "none" || tl == "(ignore)") t.clear();
  if (!t.empty() && !IsTarget(t)) {
    auto m = MatchHeader(t, focal);
    if (!m) return Status::Invalid("\"" + t + "\" is not a registry field; use a field key such as acronym, name, "
                                   "programme, value_chain_links, topic or grant_id");
    t = *m;
  }
  ColumnMap* col = nullptr;
  std::string h = strings::Trim(header);
  if (h.size() > 1 && h[0] == '#') {
    auto n = strings::ParseInt(h.substr(1));
    if (!n || *n < 1 || static_cast<size_t>(*n) > mapping.size())
      return Status::Invalid("column " + h + " does not exist; the file has " + std::to_string(mapping.size()) +
                             " columns");
    col = &mapping[static_cast<size_t>(*n - 1)];
  }
  for (auto& m : mapping)
    if (!col && m.header == h) col = &m;
  for (auto& m : mapping)
    if (!col && !Norm(h).empty() && Norm(m.header) == Norm(h)) col = &m;
  if (!col) {
    std::vector<std::string> names;
    for (auto& m : mapping)
      if (!m.header.empty()) names.push_back("\"" + m.header + "\"");
    return Status::Invalid("no column is headed \"" + h + "\"; the columns are " + strings::Join(names, ", "));
  }
  col->target = t;
  col->automatic = false;
  return Status::Ok();
}

std::string ActionName(Action a) {
  switch (a) {
    case Action::kCreate: return "create";
    case Action::kUpdate: return "update";
    case Action::kUnchanged: return "unchanged";
    case Action::kError: return "error";
  }
  return "error";
}

std::string RowError::ToString() const {
  std::string s = "row " + std::to_string(row);
  if (line && line != row) s += " (line " + std::to_string(line) + ")";
  s += ": ";
  if (!label.empty()) s += label + ": ";
  return s + message;
}

bool Preview::CanCommit(bool skip_errors) const {
  if (!mapping_errors.empty()) return false;
  return error_rows == 0 || skip_errors;
}

std::string Preview::Fingerprint() const {
  std::string s;
  for (const auto& m : mapping) s += std::to_string(m.column) + "=" + m.target + ";";
  s += "\n";
  for (const auto& r : rows) {
    s += std::to_string(r.row) + "|" + ActionName(r.action) + "|" + std::to_string(r.existing_id) + "|" +
         std::to_string(r.existing_version) + "|";
    for (const auto& c : r.changes) s += c.field + "=" + strings::Sha256Hex(c.new_value) + ",";
    for (const auto& e : r.errors) s += e.field + ":" + e.message + ",";
    s += "\n";
  }
  return strings::Sha256Hex(s);
}

Result<Preview> BuildPreview(storage::Connection& c, const domain::Workspace& ws, const Sheet& sheet,
                             std::vector<ColumnMap> mapping) {
  const std::string& focal = ws.acronym;
  Preview pv;
  pv.format = sheet.format;
  pv.filename = sheet.filename;
  pv.sheet_name = sheet.sheet_name;
  pv.header_row = sheet.header_row;
  pv.notes = sheet.notes;
  pv.mapping = std::move(mapping);

  // ---- the mapping ----
  std::map<std::string, std::vector<size_t>> by_target;
  for (const auto& m : pv.mapping) {
    if (m.target.empty()) continue;
    if (!IsTarget(m.target)) {
      pv.mapping_errors.push_back("column " + ColumnLetter(m.column) + ": \"" + m.target + "\" is not a registry field");
      continue;
    }
    by_target[m.target].push_back(m.column);
  }
  for (const auto& [t, cols] : by_target) {
    if (cols.size() < 2 || t == kLinks) continue;
    std::vector<std::string> letters;
    for (size_t col : cols) letters.push_back(ColumnLetter(col));
    pv.mapping_errors.push_back("columns " + strings::Join(letters, ", ") + " are all mapped to " +
                                TargetLabel(t, focal) + "; map one of them, ignore the others");
  }
  if (!by_target.count("acronym") && !by_target.count(kGrant))
    pv.mapping_errors.push_back("no column is mapped to " + TargetLabel("acronym", focal) + " or CORDIS grant ID: "
                                "rows are matched to the registry by these");
  if (!pv.mapping_errors.empty()) return pv;

  // ---- the registry as it is ----
  storage::RegistryStore store(c);
  CORRIDOR_ASSIGN_OR_RETURN(std::vector<SisterProject> existing, store.All(ws.id));
  std::map<std::string, size_t> by_grant;
  std::map<std::string, std::vector<size_t>> by_acronym;
  for (size_t i = 0; i < existing.size(); ++i) {
    if (!existing[i].grant_id.empty()) by_grant[existing[i].grant_id] = i;
    by_acronym[Lower(existing[i].Get("acronym"))].push_back(i);
  }

  auto cell = [](const Row& r, size_t col) -> std::string {
    return col < r.cells.size() ? strings::Trim(Newlines(r.cells[col])) : std::string();
  };
  auto first = [&](const Row& r, const char* target, bool* mapped) -> std::string {
    auto it = by_target.find(target);
    *mapped = it != by_target.end();
    return *mapped ? cell(r, it->second[0]) : std::string();
  };

  // Values of every row, read once.
  struct Values {
    std::map<std::string, std::string> fields;  // mapped field keys only
    bool has_links = false, has_topic = false, has_grant = false;
    std::vector<std::string> links;
    std::string topic, grant, level;
    bool has_level = false;
  };
  std::vector<Values> values(sheet.rows.size());
  pv.rows.resize(sheet.rows.size());
  for (size_t i = 0; i < sheet.rows.size(); ++i) {
    const Row& r = sheet.rows[i];
    Values& v = values[i];
    PreviewRow& out = pv.rows[i];
    out.row = r.row;
    out.line = r.line;
    for (const FieldSpec& f : domain::SisterProjectFields()) {
      auto it = by_target.find(f.key);
      if (it != by_target.end()) v.fields[f.key] = cell(r, it->second[0]);
    }
    if (auto it = by_target.find(kLinks); it != by_target.end()) {
      v.has_links = true;
      for (size_t col : it->second)
        for (auto& l : SplitLinks(cell(r, col)))
          if (std::find(v.links.begin(), v.links.end(), l) == v.links.end()) v.links.push_back(l);
    }
    v.topic = first(r, kTopic, &v.has_topic);
    v.grant = first(r, kGrant, &v.has_grant);
    v.level = first(r, kLevel, &v.has_level);
    if (v.grant.size() > 2 && strings::EndsWith(v.grant, ".0") && AllDigits(v.grant.substr(0, v.grant.size() - 2)))
      v.grant.resize(v.grant.size() - 2);  // a grant number typed as a number and read back as "101058522.0"
  }

  // ---- matching: grant ID, then acronym + name, then acronym alone when unambiguous ----
  std::vector<int64_t> match(sheet.rows.size(), -1);  // index into `existing`
  std::map<size_t, size_t> claimed;                   // existing index -> row index
  auto add_error = [&](size_t i, const std::string& field, const std::string& message) {
    pv.rows[i].errors.push_back({pv.rows[i].row, pv.rows[i].line, field, TargetLabel(field, focal), message});
  };
  auto acronym_of = [&](size_t i) -> std::string {
    auto it = values[i].fields.find("acronym");
    return it == values[i].fields.end() ? "" : it->second;
  };
  auto name_of = [&](size_t i) -> std::string {
    auto it = values[i].fields.find("name");
    return it == values[i].fields.end() ? "" : it->second;
  };
  auto claim = [&](size_t i, size_t e) {
    auto it = claimed.find(e);
    if (it != claimed.end()) {
      add_error(i, values[i].grant.empty() ? "acronym" : kGrant,
                "the same registry record (" + existing[e].Get("acronym") + ") as row " +
                    std::to_string(pv.rows[it->second].row) + "; each project may appear once");
      return;
    }
    claimed[e] = i;
    match[i] = static_cast<int64_t>(e);
  };
  std::map<std::string, size_t> grants_in_file;
  for (size_t i = 0; i < sheet.rows.size(); ++i) {
    const std::string& g = values[i].grant;
    if (g.empty()) continue;
    if (!AllDigits(g)) {
      add_error(i, kGrant, "\"" + g + "\" is not a CORDIS grant ID (digits only)");
      continue;
    }
    if (auto it = grants_in_file.find(g); it != grants_in_file.end()) {
      add_error(i, kGrant, "grant " + g + " is also on row " + std::to_string(pv.rows[it->second].row));
      continue;
    }
    grants_in_file[g] = i;
    if (auto it = by_grant.find(g); it != by_grant.end()) claim(i, it->second);
  }
  auto compatible = [&](size_t i, size_t e) {
    // A record linked to another grant is another project, whatever its acronym.
    return !claimed.count(e) && (values[i].grant.empty() || existing[e].grant_id.empty() ||
                                 existing[e].grant_id == values[i].grant);
  };
  for (size_t i = 0; i < sheet.rows.size(); ++i) {  // acronym + exact name
    if (match[i] >= 0 || !pv.rows[i].errors.empty() || acronym_of(i).empty() || name_of(i).empty()) continue;
    auto it = by_acronym.find(Lower(acronym_of(i)));
    if (it == by_acronym.end()) continue;
    for (size_t e : it->second)
      if (compatible(i, e) && Lower(existing[e].Get("name")) == Lower(name_of(i))) {
        claim(i, e);
        break;
      }
  }
  std::map<std::string, int> acronym_rows;  // rows still unmatched, per acronym
  for (size_t i = 0; i < sheet.rows.size(); ++i)
    if (match[i] < 0 && pv.rows[i].errors.empty() && !acronym_of(i).empty()) ++acronym_rows[Lower(acronym_of(i))];
  for (size_t i = 0; i < sheet.rows.size(); ++i) {  // acronym alone
    if (match[i] >= 0 || !pv.rows[i].errors.empty() || acronym_of(i).empty()) continue;
    auto it = by_acronym.find(Lower(acronym_of(i)));
    if (it == by_acronym.end()) continue;
    std::vector<size_t> cands;
    for (size_t e : it->second)
      if (compatible(i, e)) cands.push_back(e);
    if (cands.empty()) continue;  // a new project
    if (cands.size() == 1 && acronym_rows[Lower(acronym_of(i))] == 1) {
      claim(i, cands[0]);
      continue;
    }
    add_error(i, "acronym",
              "\"" + acronym_of(i) + "\" names " + std::to_string(it->second.size()) +
                  " projects in the registry and the file, and the project name matches none of them exactly: "
                  "give the CORDIS grant ID or the project name as in the registry");
  }

  // ---- records, validation, changes ----
  std::map<std::string, size_t> new_keys;  // acronym|name of rows to create
  for (size_t i = 0; i < sheet.rows.size(); ++i) {
    PreviewRow& out = pv.rows[i];
    const Values& v = values[i];
    SisterProject p;
    const SisterProject* cur = match[i] >= 0 ? &existing[static_cast<size_t>(match[i])] : nullptr;
    if (cur) p = *cur;
    p.workspace_id = ws.id;
    for (const auto& [k, val] : v.fields) p.fields[k] = val;
    // Level (Table 2) stands in for the relevance score where the score cell is empty or absent.
    bool score_given = v.fields.count("relevance_score") && !v.fields.at("relevance_score").empty();
    if (v.has_level && !v.level.empty() && !score_given) {
      auto r = domain::ParseRelevance(v.level);
      if (!r) add_error(i, kLevel, "\"" + v.level + "\" must be low, medium, high or very high");
      else p.fields["relevance_score"] = std::to_string(*r);
    }
    if (v.has_links) {
      std::vector<std::string> links;
      for (const auto& l : v.links) {
        std::string t = strings::Trim(strings::ReplaceAll(l, "|", "/"));
        if (!t.empty() && std::find(links.begin(), links.end(), t) == links.end()) links.push_back(t);
      }
      p.value_chain_links = links;
    }
    if (v.has_topic) p.topic = v.topic;
    if (v.has_grant && (!v.grant.empty() || !cur)) p.grant_id = AllDigits(v.grant) ? v.grant : "";
    for (auto& [k, val] : p.fields) val = Newlines(val);
    for (const auto& e : domain::ValidateProject(p)) {
      // Messages start with the field's label; the label is shown apart.
      std::string msg = e.message;
      const FieldSpec* f = domain::FindField(e.field);
      std::string label = f ? std::string(f->label) : "";
      if (!label.empty() && strings::StartsWith(msg, label + ": ")) msg = msg.substr(label.size() + 2);
      else if (!label.empty() && strings::StartsWith(msg, label + " ")) msg = "this field" + msg.substr(label.size());
      add_error(i, e.field, strings::ReplaceAll(msg, "{focal}", focal.empty() ? "focal project" : focal));
    }
    if (cur) {
      out.existing_id = cur->id;
      out.existing_version = cur->version;
      for (const FieldSpec& f : domain::SisterProjectFields()) {
        const std::string& before = cur->Get(f.key);
        std::string after = p.Get(f.key);
        if (Newlines(before) == after) {
          p.fields[f.key] = before;  // the same text with other line endings: unchanged
          continue;
        }
        out.changes.push_back({f.key, domain::FieldLabel(f, focal), before, after});
      }
      std::string lb = strings::Join(cur->value_chain_links, "; "), la = strings::Join(p.value_chain_links, "; ");
      if (lb != la) out.changes.push_back({kLinks, TargetLabel(kLinks, focal), lb, la});
      if (cur->topic != p.topic) out.changes.push_back({kTopic, TargetLabel(kTopic, focal), cur->topic, p.topic});
      if (cur->grant_id != p.grant_id)
        out.changes.push_back({kGrant, TargetLabel(kGrant, focal), cur->grant_id, p.grant_id});
    } else if (out.errors.empty()) {
      std::string key = Lower(p.Get("acronym")) + "|" + Lower(p.Get("name"));
      if (auto it = new_keys.find(key); it != new_keys.end())
        add_error(i, "acronym", "the same acronym and name as row " + std::to_string(pv.rows[it->second].row));
      else new_keys[key] = i;
    }
    p.id = cur ? cur->id : 0;
    p.version = cur ? cur->version : 0;
    out.project = std::move(p);
    if (!out.errors.empty()) out.action = Action::kError;
    else if (!cur) out.action = Action::kCreate;
    else if (out.changes.empty()) out.action = Action::kUnchanged;
    else out.action = Action::kUpdate;
    switch (out.action) {
      case Action::kCreate: ++pv.creates; break;
      case Action::kUpdate: ++pv.updates; break;
      case Action::kUnchanged: ++pv.unchanged; break;
      case Action::kError: ++pv.error_rows; break;
    }
    for (const auto& e : out.errors) pv.errors.push_back(e);
  }
  return pv;
}

Result<CommitResult> Commit(storage::Connection& c, const domain::Workspace& ws, const Preview& preview,
                            const storage::Actor& who, bool skip_errors) {
  if (!preview.mapping_errors.empty())
    return Status::Invalid("the column mapping has errors, nothing was imported: " +
                           strings::Join(preview.mapping_errors, "; "));
  if (preview.error_rows > 0 && !skip_errors)
    return Status::Invalid(std::to_string(preview.error_rows) + " row(s) have errors, so nothing was imported: " +
                           "correct them, or choose to import the valid rows and skip those with errors");
  CommitResult result;
  storage::Transaction tx(c);
  CORRIDOR_RETURN_IF_ERROR(tx.status());
  storage::RegistryStore store(c);
  for (const PreviewRow& r : preview.rows) {
    std::string where = "row " + std::to_string(r.row) + " (" + r.project.Get("acronym") + "): ";
    switch (r.action) {
      case Action::kError:
        result.skipped_rows.push_back(r.row);
        for (const auto& e : r.errors) result.skipped_errors.push_back(e);
        break;
      case Action::kUnchanged: {
        // Still compare against the current version: a record edited since the preview
        // would otherwise be reported "unchanged" although the file differs from it now.
        auto cur = store.Get(ws.id, r.existing_id);
        if (!cur.ok()) return cur.status();
        if (!*cur || (*cur)->version != r.existing_version)
          return Status::Conflict(where + "the record changed since the preview; nothing was imported: preview again");
        ++result.unchanged;
        break;
      }
      case Action::kCreate: {
        SisterProject p = r.project;
        p.id = 0;
        p.workspace_id = ws.id;
        auto out = store.Create(p, who, storage::ChangeSource::kImport);
        if (!out.ok()) return out.status().WithContext(where);
        if (!out->ok()) {
          std::vector<std::string> msgs;
          for (const auto& e : out->errors) msgs.push_back(e.message);
          return Status::Invalid(where + strings::Join(msgs, "; "));
        }
        ++result.created;
        break;
      }
      case Action::kUpdate: {
        SisterProject p = r.project;
        p.id = r.existing_id;
        p.workspace_id = ws.id;
        p.version = r.existing_version;
        auto out = store.Update(p, who, storage::ChangeSource::kImport);
        if (!out.ok()) {
          if (out.status().code() == ErrorCode::kConflict)
            return Status::Conflict(where + "the record changed since the preview; nothing was imported: preview "
                                            "again (" + out.status().message() + ")");
          return out.status().WithContext(where);
        }
        if (!out->ok()) {
          std::vector<std::string> msgs;
          for (const auto& e : out->errors) msgs.push_back(e.message);
          return Status::Invalid(where + strings::Join(msgs, "; "));
        }
        ++result.updated;
        break;
      }
    }
  }
  std::string summary = preview.filename + ": " + std::to_string(result.created) + " created, " +
                        std::to_string(result.updated) + " updated, " + std::to_string(result.unchanged) +
                        " unchanged, " + std::to_string(result.skipped_rows.size()) + " skipped";
  if (!result.skipped_rows.empty()) {
    std::vector<std::string> rows;
    for (int64_t n : result.skipped_rows) rows.push_back(std::to_string(n));
    summary += " (rows " + strings::Join(rows, ", ") + ")";
  }
  CORRIDOR_RETURN_IF_ERROR(
      storage::AuditStore(c).Record(who, ws.id, "registry_import", 0, "import", "file", "", summary));
  CORRIDOR_RETURN_IF_ERROR(tx.Commit());
  return result;
}

}  // namespace corridor::importers::registry
