// Registry spreadsheet import: header detection, column mapping, per-row errors, matching,
// all-or-nothing commit. (The export -> import round trip through the real writers lives
// in tests/unit/http/exchange_http_test.cc: this binary links only the importers module.)
#include "importers/registry_import.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "core/strings.h"
#include "storage/registry_store.h"
#include "storage/workspace_store.h"
#include "storage_fixture.h"
#include "test_support.h"
#include "zip_builder.h"

namespace corridor::importers::registry {
namespace {

using Fields = std::map<std::string, std::string>;

// ---- file builders ----

std::string CsvField(const std::string& v) {
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  return "\"" + strings::ReplaceAll(v, "\"", "\"\"") + "\"";
}

std::string Csv(const std::vector<std::vector<std::string>>& rows) {
  std::string out;
  for (const auto& r : rows) {
    for (size_t i = 0; i < r.size(); ++i) out += (i ? "," : "") + CsvField(r[i]);
    out += "\r\n";
  }
  return out;
}

std::string XmlEscape(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '&') o += "&amp;";
    else if (c == '<') o += "&lt;";
    else if (c == '>') o += "&gt;";
    else if (c == '"') o += "&quot;";
    else o += c;
  }
  return o;
}

// A cell: text (inline string), or "#n:<number>" a number, "#d:<serial>" a date-styled number.
std::string Cell(size_t col, int64_t row, const std::string& v) {
  std::string ref = ColumnLetter(col) + std::to_string(row);
  if (v.rfind("#n:", 0) == 0) return "<c r=\"" + ref + "\"><v>" + v.substr(3) + "</v></c>";
  if (v.rfind("#d:", 0) == 0) return "<c r=\"" + ref + "\" s=\"1\"><v>" + v.substr(3) + "</v></c>";
  return "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t xml:space=\"preserve\">" + XmlEscape(v) + "</t></is></c>";
}

// A one-sheet workbook; rows start at `first_row` (1-based), empty strings are left out.
std::string Xlsx(const std::vector<std::vector<std::string>>& rows, int64_t first_row = 1,
                 const std::string& sheet = "Registry") {
  const std::string ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
  const std::string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  const std::string pkg = "http://schemas.openxmlformats.org/package/2006/relationships";
  std::string data;
  for (size_t i = 0; i < rows.size(); ++i) {
    int64_t r = first_row + static_cast<int64_t>(i);
    data += "<row r=\"" + std::to_string(r) + "\">";
    for (size_t j = 0; j < rows[i].size(); ++j)
      if (!rows[i][j].empty()) data += Cell(j, r, rows[i][j]);
    data += "</row>";
  }
  std::vector<testing::ZipFixtureEntry> e;
  e.push_back({"[Content_Types].xml", "<Types/>"});
  e.push_back({"_rels/.rels", "<Relationships xmlns=\"" + pkg + "\"><Relationship Id=\"rId1\" Type=\"" + rel +
                                  "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"});
  e.push_back({"xl/workbook.xml", "<workbook xmlns=\"" + ns + "\" xmlns:r=\"" + rel + "\"><sheets><sheet name=\"" +
                                      sheet + "\" sheetId=\"1\" r:id=\"rId5\"/></sheets></workbook>"});
  e.push_back({"xl/_rels/workbook.xml.rels",
               "<Relationships xmlns=\"" + pkg + "\"><Relationship Id=\"rId5\" Type=\"" + rel +
                   "/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId6\" Type=\"" + rel +
                   "/styles\" Target=\"styles.xml\"/></Relationships>"});
  e.push_back({"xl/styles.xml", "<styleSheet xmlns=\"" + ns +
                                    "\"><cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/></cellXfs>"
                                    "</styleSheet>"});
  e.push_back({"xl/worksheets/sheet1.xml", "<worksheet xmlns=\"" + ns + "\"><sheetData>" + data +
                                               "</sheetData></worksheet>"});
  return testing::BuildZip(e);
}

// ---- records ----

Fields Valid(const std::string& acronym) {
  return {{"name", acronym + " full name"},
          {"acronym", acronym},
          {"status", "Ongoing"},
          {"coordinator_name", "Universidad de Sevilla"},
          {"coordinator_country", "ES"},
          {"partner_count", "12"},
          {"shared_partner_count", "1"},
          {"shared_partner_names", "ISMC"},
          {"programme", "Horizon Europe"},
          {"short_description", "Recovers rare earths from magnets."},
          {"industry_field", "recycling"},
          {"objectives", "Scale up magnet recycling."},
          {"keywords", "magnets; recycling"},
          {"relevance_score", "3"},
          {"relevance_comment", "Close to the focal work."}};
}

const std::vector<std::string>& Keys() {
  static const std::vector<std::string> k = {"name", "acronym", "status", "coordinator_name", "coordinator_country",
                                             "partner_count", "shared_partner_count", "shared_partner_names",
                                             "programme", "short_description", "industry_field", "objectives",
                                             "keywords", "relevance_score", "relevance_comment"};
  return k;
}

std::vector<std::string> Labels(const std::string& focal = "NEO-CYCLE") {
  std::vector<std::string> out;
  for (const auto& k : Keys()) out.push_back(TargetLabel(k, focal));
  return out;
}

std::vector<std::string> RowOf(const Fields& f) {
  std::vector<std::string> out;
  for (const auto& k : Keys()) out.push_back(f.count(k) ? f.at(k) : "");
  return out;
}

class RegistryImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    test_db_ = testing::DefaultTestDatabase(dir_, "import.db");
    ASSERT_NO_FATAL_FAILURE(testing::OpenMigrated(test_db_, db_));
    conn_ = std::make_unique<storage::PooledConnection>(db_->Acquire());
    domain::Workspace w;
    w.slug = "neo-cycle";
    w.acronym = "NEO-CYCLE";
    w.name = "Upcycling of NdFeB magnets";
    w.kind = "project";
    auto id = storage::WorkspaceStore(c()).Create(w, {});
    ASSERT_TRUE(id.ok()) << id.status().message();
    w.id = *id;
    ws_ = w;
  }

  void TearDown() override {
    conn_.reset();  // back to the pool before the schema goes
    if (db_) testing::DropTestSchema(*db_, test_db_);
  }

  storage::Connection& c() { return **conn_; }

  int64_t Add(Fields f, const std::string& grant = "", std::vector<std::string> links = {}, std::string topic = "") {
    domain::SisterProject p;
    p.workspace_id = ws_.id;
    p.fields = std::move(f);
    p.grant_id = grant;
    p.value_chain_links = std::move(links);
    p.topic = std::move(topic);
    auto out = storage::RegistryStore(c()).Create(p, {}, storage::ChangeSource::kUser);
    EXPECT_TRUE(out.ok() && out->ok());
    return p.id;
  }

  int64_t Count() {
    auto n = c().Scalar("SELECT COUNT(*) FROM sister_projects WHERE workspace_id = ?", {ws_.id});
    return std::get<int64_t>(**n);
  }

  Preview PreviewOf(const std::string& filename, const std::string& bytes,
                    std::vector<std::pair<std::string, std::string>> overrides = {}) {
    auto sheet = ReadFile(filename, bytes, ws_.acronym);
    EXPECT_TRUE(sheet.ok()) << sheet.status().message();
    if (!sheet.ok()) return {};
    auto mapping = AutoMap(sheet->headers, ws_.acronym);
    for (auto& [h, t] : overrides) EXPECT_TRUE(ApplyOverride(mapping, h, t, ws_.acronym).ok()) << h;
    auto pv = BuildPreview(c(), ws_, *sheet, mapping);
    EXPECT_TRUE(pv.ok()) << pv.status().message();
    return pv.ok() ? *pv : Preview{};
  }

  testing::TempDir dir_;
  testing::TestDatabase test_db_;  // on the engine of the pass (tests/test_support.h)
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<storage::PooledConnection> conn_;
  domain::Workspace ws_;
};

// ---- mapping ----

TEST(RegistryImportMapping, HeadersMatchByLabelKeyAndVariants) {
  const std::string f = "NEO-CYCLE";
  EXPECT_EQ(MatchHeader("Project acronym", f), "acronym");
  EXPECT_EQ(MatchHeader("  project   ACRONYM ", f), "acronym");
  EXPECT_EQ(MatchHeader("*Project acronym", f), "acronym");  // Table 1 marks mandatory fields
  EXPECT_EQ(MatchHeader("acronym", f), "acronym");
  EXPECT_EQ(MatchHeader("PROYECT", f), "acronym");  // Table 2's header
  EXPECT_EQ(MatchHeader("contact_email", f), "contact_email");
  EXPECT_EQ(MatchHeader("E-mail", f), "contact_email");
  EXPECT_EQ(MatchHeader("Budget", f), "budget_eur");
  EXPECT_EQ(MatchHeader("Budget total amount (EUR)", f), "budget_eur");
  EXPECT_EQ(MatchHeader("Number of NEO-CYCLE partners", f), "shared_partner_count");
  EXPECT_EQ(MatchHeader("Number of I4-GREEN partners", f), "shared_partner_count");  // another workspace's file
  EXPECT_EQ(MatchHeader("I4-GREEN partner name(s)", f), "shared_partner_names");
  EXPECT_EQ(MatchHeader("Number of partners", f), "partner_count");
  EXPECT_EQ(MatchHeader("Partners", f), "partners_of_interest");
  EXPECT_EQ(MatchHeader("Coordinator name", f), "coordinator_name");
  EXPECT_EQ(MatchHeader("Topic", f), "topic");
  EXPECT_EQ(MatchHeader("Horizon topic", f), "horizon_topic");
  EXPECT_EQ(MatchHeader("Topic / fields", f), "topic_fields");
  EXPECT_EQ(MatchHeader("VALUE CHAIN LINK", f), "value_chain_links");
  EXPECT_EQ(MatchHeader("Value-chain links", f), "value_chain_links");
  EXPECT_EQ(MatchHeader("LEVEL", f), "level");
  EXPECT_EQ(MatchHeader("CORDIS grant ID", f), "grant_id");
  EXPECT_EQ(MatchHeader("Grant agreement number", f), "grant_id");
  EXPECT_EQ(MatchHeader("Société", f), std::nullopt);
  EXPECT_EQ(MatchHeader("", f), std::nullopt);
  EXPECT_EQ(MatchHeader("Project identification", f), std::nullopt);  // a section, not a field
}

TEST(RegistryImportMapping, AutoMapAndUserOverrides) {
  std::vector<std::string> headers = {"Acronym", "Title", "Notes", "acronym", "VALUE CHAIN LINK", "", "Budget"};
  auto m = AutoMap(headers, "NEO-CYCLE");
  ASSERT_EQ(m.size(), headers.size());
  EXPECT_EQ(m[0].target, "acronym");
  EXPECT_TRUE(m[0].automatic);
  EXPECT_EQ(m[1].target, "name");
  EXPECT_EQ(m[2].target, "");
  EXPECT_EQ(m[3].target, "");  // a target goes to one column only
  EXPECT_EQ(m[4].target, "value_chain_links");
  EXPECT_EQ(m[5].target, "value_chain_links");  // Table 2's blank-headed link columns
  EXPECT_EQ(m[6].target, "budget_eur");

  EXPECT_TRUE(ApplyOverride(m, "notes", "relevance_comment", "NEO-CYCLE").ok());
  EXPECT_EQ(m[2].target, "relevance_comment");
  EXPECT_FALSE(m[2].automatic);
  EXPECT_TRUE(ApplyOverride(m, "Budget", "ignore", "NEO-CYCLE").ok());
  EXPECT_EQ(m[6].target, "");
  EXPECT_TRUE(ApplyOverride(m, "#2", "Project name", "NEO-CYCLE").ok());  // by position, target by label
  EXPECT_EQ(m[1].target, "name");
  Status bad = ApplyOverride(m, "Nope", "name", "NEO-CYCLE");
  EXPECT_EQ(bad.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(bad.message().find("\"Acronym\""), std::string::npos);  // lists the columns
  EXPECT_FALSE(ApplyOverride(m, "Notes", "favourite_colour", "NEO-CYCLE").ok());
  EXPECT_FALSE(ApplyOverride(m, "#99", "name", "NEO-CYCLE").ok());
  EXPECT_EQ(ColumnLetter(0), "A");
  EXPECT_EQ(ColumnLetter(25), "Z");
  EXPECT_EQ(ColumnLetter(26), "AA");
  EXPECT_EQ(ColumnLetter(33), "AH");
}

// ---- file checks ----

TEST(RegistryImportFile, RefusesWrongTypesWithClearMessages) {
  auto code = [](const char* name, const std::string& bytes) { return DetectFormat(name, bytes).status(); };
  EXPECT_TRUE(DetectFormat("a.csv", "x,y\r\n").ok());
  EXPECT_EQ(*DetectFormat("A.XLSX", std::string("PK\x03\x04rest", 8)), Format::kXlsx);
  Status s = code("list.xls", "whatever");
  EXPECT_NE(s.message().find("97-2003"), std::string::npos);
  s = code("list.txt", "a,b");
  EXPECT_NE(s.message().find("neither an .xlsx nor a .csv"), std::string::npos);
  s = code("list.xlsx", "random bytes that are no zip at all");
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(s.message().find("not an Excel workbook"), std::string::npos);
  s = code("list.xlsx", std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + "ole");
  EXPECT_NE(s.message().find(".xls"), std::string::npos);
  s = code("list.csv", std::string("PK\x03\x04", 4) + "zip");
  EXPECT_NE(s.message().find("workbook"), std::string::npos);
  s = code("list.csv", "\xFF\xFE" "a\0,\0b\0");
  EXPECT_NE(s.message().find("UTF-16"), std::string::npos);
  s = code("list.csv", std::string("a,b\0c", 5));
  EXPECT_NE(s.message().find("binary"), std::string::npos);
  EXPECT_NE(code("list.csv", "").message().find("empty"), std::string::npos);
  s = code("big.csv", std::string(kMaxUploadBytes + 1, 'a'));
  EXPECT_EQ(s.code(), ErrorCode::kTooLarge);
  EXPECT_NE(s.message().find("20 MB"), std::string::npos);
}

TEST(RegistryImportFile, TruncatedXlsxIsAClearError) {
  std::string x = Xlsx({Labels(), RowOf(Valid("ALPHA"))});
  auto ok = ReadFile("r.xlsx", x, "NEO-CYCLE");
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  auto cut = ReadFile("r.xlsx", x.substr(0, x.size() / 2), "NEO-CYCLE");
  ASSERT_FALSE(cut.ok());
  EXPECT_EQ(cut.status().code(), ErrorCode::kCorrupt);
  EXPECT_NE(cut.status().message().find("cannot be read"), std::string::npos) << cut.status().message();
}

TEST(RegistryImportFile, XlsxHeaderUnderTheSectionRowAndDates) {
  std::vector<std::string> section = {"Project identification", "", "Project basic data"};
  std::vector<std::string> header = Labels();
  header.push_back("Start date");
  std::vector<std::string> row = RowOf(Valid("ALPHA"));
  row.push_back("#d:45292");  // 2024-01-01 as an Excel date
  auto sheet = ReadFile("r.xlsx", Xlsx({section, header, row}), "NEO-CYCLE");
  ASSERT_TRUE(sheet.ok()) << sheet.status().message();
  EXPECT_EQ(sheet->header_row, 2);
  EXPECT_EQ(sheet->headers[1], "Project acronym");
  ASSERT_EQ(sheet->rows.size(), 1u);
  EXPECT_EQ(sheet->rows[0].row, 3);
  EXPECT_EQ(sheet->rows[0].cells.back(), "2024-01-01");
  // Another file's layout: header on row 1.
  auto plain = ReadFile("r.xlsx", Xlsx({header, row}), "NEO-CYCLE");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->header_row, 1);
  EXPECT_EQ(plain->rows[0].row, 2);
}

TEST(RegistryImportFile, Windows1252CsvIsConvertedAndSaysSo) {
  std::string csv = "Project acronym;Coordinator name\r\nALPHA;Universit\xE9 de Li\xE8ge\r\n";
  auto sheet = ReadFile("r.csv", csv, "NEO-CYCLE");
  ASSERT_TRUE(sheet.ok()) << sheet.status().message();
  ASSERT_EQ(sheet->rows.size(), 1u);
  EXPECT_EQ(sheet->rows[0].cells[1], "Universit\xC3\xA9 de Li\xC3\xA8ge");  // UTF-8 now
  ASSERT_FALSE(sheet->notes.empty());
  EXPECT_NE(sheet->notes[0].find("Windows-1252"), std::string::npos);
}

// ---- preview and commit ----

TEST_F(RegistryImportTest, PreviewListsCreatesAndEveryErrorWithItsRowNumber) {
  Fields bad1 = Valid("BETA");
  bad1["coordinator_country"] = "Spain";
  bad1["partner_count"] = "many";
  Fields bad2 = Valid("GAMMA");
  bad2["name"] = "";
  std::string csv = Csv({Labels(), RowOf(Valid("ALPHA")), RowOf(bad1), {}, RowOf(bad2)});
  Preview pv = PreviewOf("r.csv", csv);
  EXPECT_TRUE(pv.mapping_errors.empty());
  EXPECT_EQ(pv.creates, 1);
  EXPECT_EQ(pv.error_rows, 2);
  ASSERT_EQ(pv.errors.size(), 3u);
  EXPECT_EQ(pv.errors[0].row, 3);
  EXPECT_EQ(pv.errors[0].label, "Coordinator country");
  EXPECT_EQ(pv.errors[0].ToString(), "row 3: Coordinator country: \"Spain\" is not a two-letter country code");
  EXPECT_EQ(pv.errors[1].row, 3);
  EXPECT_EQ(pv.errors[1].label, "Number of partners");
  // The blank line 4 is skipped; the record after it is on line 5.
  EXPECT_EQ(pv.errors[2].row, 4);
  EXPECT_EQ(pv.errors[2].line, 5);
  EXPECT_EQ(pv.errors[2].ToString(), "row 4 (line 5): Project name: this field is mandatory");
  EXPECT_FALSE(pv.CanCommit(false));
  EXPECT_TRUE(pv.CanCommit(true));
}

TEST_F(RegistryImportTest, CommitIsAllOrNothingUnlessErrorRowsAreSkipped) {
  Fields bad = Valid("BETA");
  bad["start_date"] = "31/02/2024";
  std::string csv = Csv({Labels(), RowOf(Valid("ALPHA")), RowOf(bad), RowOf(Valid("GAMMA"))});
  Preview pv = PreviewOf("r.csv", csv);
  ASSERT_EQ(pv.error_rows, 0);  // start date is not mapped in this file
  std::vector<std::string> header = Labels();
  header.push_back("Start date");
  auto r1 = RowOf(Valid("ALPHA")), r2 = RowOf(bad), r3 = RowOf(Valid("GAMMA"));
  r1.push_back("01/03/2024");
  r2.push_back("31/02/2024");
  r3.push_back("");
  pv = PreviewOf("r.csv", Csv({header, r1, r2, r3}));
  ASSERT_EQ(pv.creates, 2);
  ASSERT_EQ(pv.error_rows, 1);
  EXPECT_EQ(pv.errors[0].ToString(), "row 3: Start date: \"31/02/2024\" is not a date (dd/mm/yyyy)");

  auto refused = Commit(c(), ws_, pv, {}, false);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("nothing was imported"), std::string::npos);
  EXPECT_EQ(Count(), 0);

  auto done = Commit(c(), ws_, pv, {}, true);
  ASSERT_TRUE(done.ok()) << done.status().message();
  EXPECT_EQ(done->created, 2);
  EXPECT_EQ(done->skipped_rows, std::vector<int64_t>{3});
  ASSERT_EQ(done->skipped_errors.size(), 1u);
  EXPECT_EQ(done->skipped_errors[0].label, "Start date");
  EXPECT_EQ(Count(), 2);
  auto alpha = storage::RegistryStore(c()).FindByAcronym(ws_.id, "ALPHA");
  ASSERT_TRUE(alpha.ok() && *alpha);
  EXPECT_EQ((*alpha)->Get("start_date"), "2024-03-01");
  // The import is in the audit trail.
  auto n = c().Scalar("SELECT COUNT(*) FROM audit_log WHERE entity = 'registry_import'");
  ASSERT_TRUE(n.ok() && *n);
  EXPECT_EQ(std::get<int64_t>(**n), 1);
}

TEST_F(RegistryImportTest, MatchesByGrantThenAcronymThenAcronymAndName) {
  int64_t harmony = Add(Valid("HARMONY"), "101058522");
  Fields icarus1 = Valid("ICARUS");
  icarus1["name"] = "ICARUS – Horizon Europe-CL4-2023";
  Fields icarus2 = Valid("ICARUS");
  icarus2["name"] = "ICARUS – Horizon Europe-CL5-2022";
  int64_t i1 = Add(icarus1);
  int64_t i2 = Add(icarus2);
  int64_t neohire = Add(Valid("NEOHIRE"));

  std::vector<std::string> header = Labels();
  header.push_back("CORDIS grant ID");
  auto with_grant = [](std::vector<std::string> r, const std::string& g) {
    r.push_back(g);
    return r;
  };
  Fields harmony_renamed = Valid("HARMONY-2");  // acronym changed, same grant
  Fields icarus2_new = icarus2;
  icarus2_new["keywords"] = "catalysis";
  Fields neohire_new = Valid("neohire");  // acronyms compare case-insensitively
  neohire_new["acronym"] = "NEOHIRE";
  neohire_new["partner_count"] = "15";
  std::string csv = Csv({header, with_grant(RowOf(harmony_renamed), "101058522"),
                         with_grant(RowOf(icarus2_new), ""), with_grant(RowOf(icarus1), ""),
                         with_grant(RowOf(neohire_new), ""), with_grant(RowOf(Valid("NEW")), "101000001")});
  Preview pv = PreviewOf("r.csv", csv);
  ASSERT_EQ(pv.error_rows, 0) << (pv.errors.empty() ? "" : pv.errors[0].ToString());
  ASSERT_EQ(pv.rows.size(), 5u);
  EXPECT_EQ(pv.rows[0].action, Action::kUpdate);
  EXPECT_EQ(pv.rows[0].existing_id, harmony);
  ASSERT_EQ(pv.rows[0].changes.size(), 2u);  // name and acronym
  EXPECT_EQ(pv.rows[0].changes[0].label, "Project name");
  EXPECT_EQ(pv.rows[1].existing_id, i2);
  EXPECT_EQ(pv.rows[1].action, Action::kUpdate);
  ASSERT_EQ(pv.rows[1].changes.size(), 1u);
  EXPECT_EQ(pv.rows[1].changes[0].field, "keywords");
  EXPECT_EQ(pv.rows[1].changes[0].old_value, "magnets; recycling");
  EXPECT_EQ(pv.rows[1].changes[0].new_value, "catalysis");
  EXPECT_EQ(pv.rows[2].existing_id, i1);
  EXPECT_EQ(pv.rows[2].action, Action::kUnchanged);
  EXPECT_EQ(pv.rows[3].existing_id, neohire);
  EXPECT_EQ(pv.rows[3].action, Action::kUpdate);
  EXPECT_EQ(pv.rows[4].action, Action::kCreate);
  EXPECT_EQ(pv.creates, 1);
  EXPECT_EQ(pv.updates, 3);
  EXPECT_EQ(pv.unchanged, 1);

  auto done = Commit(c(), ws_, pv, {7, "Importer"}, false);
  ASSERT_TRUE(done.ok()) << done.status().message();
  EXPECT_EQ(done->created, 1);
  EXPECT_EQ(done->updated, 3);
  auto h = storage::RegistryStore(c()).Get(ws_.id, harmony);
  EXPECT_EQ((*h)->Get("acronym"), "HARMONY-2");
  auto created = storage::RegistryStore(c()).FindByGrant(ws_.id, "101000001");
  ASSERT_TRUE(created.ok() && *created);
  // A second import of the same file changes nothing.
  Preview again = PreviewOf("r.csv", csv);
  EXPECT_EQ(again.creates, 0);
  EXPECT_EQ(again.updates, 0);
  EXPECT_EQ(again.unchanged, 5);
}

TEST_F(RegistryImportTest, AmbiguousAcronymAndDuplicateRowsAreErrors) {
  Fields a = Valid("ICARUS"), b = Valid("ICARUS");
  a["name"] = "ICARUS one";
  b["name"] = "ICARUS two";
  Add(a);
  Add(b);
  Fields c3 = Valid("ICARUS");
  c3["name"] = "ICARUS three";
  std::string csv = Csv({Labels(), RowOf(c3), RowOf(Valid("DUP")), RowOf(Valid("DUP"))});
  Preview pv = PreviewOf("r.csv", csv);
  ASSERT_EQ(pv.error_rows, 2);
  EXPECT_EQ(pv.errors[0].row, 2);
  EXPECT_EQ(pv.errors[0].field, "acronym");
  EXPECT_NE(pv.errors[0].message.find("grant ID"), std::string::npos);
  EXPECT_EQ(pv.errors[1].row, 4);
  EXPECT_NE(pv.errors[1].message.find("row 3"), std::string::npos);
}

TEST_F(RegistryImportTest, FormulaLikeValuesStayTextInCsvAndXlsx) {
  const std::string evil = "=HYPERLINK(\"http://evil.example\",\"click\")";
  std::vector<std::string> header = Labels();
  header.push_back("Challenges");
  // CSV as our export writes it: the guard apostrophe is dropped on import.
  auto row = RowOf(Valid("ALPHA"));
  row[Keys().size() - 1] = "'" + evil;  // relevance_comment
  row.push_back("'-5 tonnes; ''=literal apostrophe");
  Preview pv = PreviewOf("r.csv", Csv({header, row}));
  ASSERT_EQ(pv.creates, 1) << (pv.errors.empty() ? "" : pv.errors[0].ToString());
  EXPECT_EQ(pv.rows[0].project.Get("relevance_comment"), evil);
  EXPECT_EQ(pv.rows[0].project.Get("challenges"), "-5 tonnes; ''=literal apostrophe");
  // XLSX string cells are taken as they are.
  auto xrow = RowOf(Valid("ALPHA"));
  xrow[Keys().size() - 1] = evil;
  xrow.push_back("'=kept");
  Preview px = PreviewOf("r.xlsx", Xlsx({header, xrow}));
  ASSERT_EQ(px.creates, 1);
  EXPECT_EQ(px.rows[0].project.Get("relevance_comment"), evil);
  EXPECT_EQ(px.rows[0].project.Get("challenges"), "'=kept");
  ASSERT_TRUE(Commit(c(), ws_, px, {}, false).ok());
  auto stored = storage::RegistryStore(c()).FindByAcronym(ws_.id, "ALPHA");
  EXPECT_EQ((*stored)->Get("relevance_comment"), evil);
}

TEST_F(RegistryImportTest, Table2LayoutUpdatesAnalyticalColumnsAndLevelStandsInForTheScore) {
  Fields f = Valid("HARMONY");
  f["relevance_score"] = "1";
  int64_t id = Add(f, "", {"Research"}, "Research");
  std::string csv = Csv({{"PROYECT", "VALUE CHAIN LINK", "", "", "LEVEL", "TOPIC", "CALL", "PROGRAMME"},
                         {"HARMONY", "Collection phase", "Recycling phase", "Standardisation", "Very high",
                          "Recycling technology", "Horizon Europe-CL4-2023", "Horizon Europe"}});
  Preview pv = PreviewOf("table2.csv", csv);
  ASSERT_TRUE(pv.mapping_errors.empty());
  ASSERT_EQ(pv.updates, 1) << (pv.errors.empty() ? "" : pv.errors[0].ToString());
  std::map<std::string, std::string> changes;
  for (const auto& ch : pv.rows[0].changes) changes[ch.field] = ch.new_value;
  EXPECT_EQ(changes["value_chain_links"], "Collection phase; Recycling phase; Standardisation");
  EXPECT_EQ(changes["relevance_score"], "4");
  EXPECT_EQ(changes["topic"], "Recycling technology");
  EXPECT_EQ(changes["call"], "Horizon Europe-CL4-2023");
  EXPECT_FALSE(changes.count("programme"));  // same as before
  ASSERT_TRUE(Commit(c(), ws_, pv, {}, false).ok());
  auto p = storage::RegistryStore(c()).Get(ws_.id, id);
  EXPECT_EQ((*p)->value_chain_links.size(), 3u);
  EXPECT_EQ((*p)->Relevance(), 4);
}

TEST_F(RegistryImportTest, MappingErrorsBlockTheImport) {
  std::string csv = Csv({{"Notes", "Title"}, {"x", "y"}});
  Preview pv = PreviewOf("r.csv", csv);
  ASSERT_FALSE(pv.mapping_errors.empty());
  EXPECT_NE(pv.mapping_errors[0].find("Project acronym"), std::string::npos);
  EXPECT_FALSE(pv.CanCommit(true));
  EXPECT_FALSE(Commit(c(), ws_, pv, {}, true).ok());
  Preview dup = PreviewOf("r.csv", Csv({Labels(), RowOf(Valid("A"))}), {{"Keywords", "name"}});
  ASSERT_FALSE(dup.mapping_errors.empty());
  EXPECT_NE(dup.mapping_errors[0].find("Project name"), std::string::npos);
}

TEST_F(RegistryImportTest, RecordEditedAfterThePreviewMakesTheCommitConflictAndWriteNothing) {
  int64_t id = Add(Valid("ALPHA"));
  Fields changed = Valid("ALPHA");
  changed["keywords"] = "new keywords";
  Preview pv = PreviewOf("r.csv", Csv({Labels(), RowOf(changed), RowOf(Valid("BETA"))}));
  ASSERT_EQ(pv.updates, 1);
  ASSERT_EQ(pv.creates, 1);
  std::string fp = pv.Fingerprint();
  // Someone edits ALPHA meanwhile.
  auto cur = storage::RegistryStore(c()).Get(ws_.id, id);
  domain::SisterProject p = **cur;
  p.fields["objectives"] = "Edited by a colleague.";
  ASSERT_TRUE(storage::RegistryStore(c()).Update(p, {}, storage::ChangeSource::kUser).ok());
  auto r = Commit(c(), ws_, pv, {}, false);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(Count(), 1);  // BETA was not created either
  Preview fresh = PreviewOf("r.csv", Csv({Labels(), RowOf(changed), RowOf(Valid("BETA"))}));
  EXPECT_NE(fresh.Fingerprint(), fp);
}

}  // namespace
}  // namespace corridor::importers::registry
