#include "importers/xlsx_reader.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "importers/csv_reader.h"
#include "test_support.h"
#include "zip_builder.h"

namespace corridor::importers {
namespace {

using Cells = std::vector<std::string>;

const char* kMainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const char* kRelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const char* kPkgRelNs = "http://schemas.openxmlformats.org/package/2006/relationships";

std::string Worksheet(const std::string& sheet_data) {
  return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"") + kMainNs +
         "\"><dimension ref=\"A1\"/><sheetData>" + sheet_data + "</sheetData></worksheet>";
}

// A workbook with the given sheets (name -> worksheet XML). Sheet parts are numbered in
// reverse so that only the relationships connect names to parts.
struct WorkbookSpec {
  std::vector<std::pair<std::string, std::string>> sheets;
  std::string shared_strings = "";  // <si> elements; no part when empty
  std::string styles = "";          // full styles.xml; no part when empty
  std::string workbook_pr = "";     // e.g. <workbookPr date1904="1"/>
  bool absolute_targets = false;
};

std::string BuildXlsxBytes(const WorkbookSpec& spec) {
  std::vector<testing::ZipFixtureEntry> entries;
  entries.push_back({"[Content_Types].xml", "<Types/>"});
  entries.push_back({"_rels/.rels", std::string("<Relationships xmlns=\"") + kPkgRelNs +
                                        "\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
                                        "officeDocument/2006/relationships/officeDocument\" "
                                        "Target=\"xl/workbook.xml\"/></Relationships>"});
  std::string workbook = std::string("<workbook xmlns=\"") + kMainNs + "\" xmlns:r=\"" + kRelNs + "\">" +
                         spec.workbook_pr + "<sheets>";
  std::string rels = std::string("<Relationships xmlns=\"") + kPkgRelNs + "\">";
  std::string prefix = spec.absolute_targets ? "/xl/" : "";
  for (size_t i = 0; i < spec.sheets.size(); ++i) {
    std::string rid = "rId" + std::to_string(10 + i);
    std::string part = "worksheets/sheet" + std::to_string(spec.sheets.size() - i) + ".xml";
    workbook += "<sheet name=\"" + spec.sheets[i].first + "\" sheetId=\"" + std::to_string(i + 1) + "\" r:id=\"" +
                rid + "\"/>";
    rels += "<Relationship Id=\"" + rid + "\" Type=\"" + kRelNs + "/worksheet\" Target=\"" + prefix + part + "\"/>";
    entries.push_back({"xl/" + part, spec.sheets[i].second});
  }
  workbook += "</sheets></workbook>";
  if (!spec.shared_strings.empty()) {
    rels += std::string("<Relationship Id=\"rId1\" Type=\"") + kRelNs + "/sharedStrings\" Target=\"" + prefix +
            "sharedStrings.xml\"/>";
    entries.push_back({"xl/sharedStrings.xml",
                       std::string("<sst xmlns=\"") + kMainNs + "\">" + spec.shared_strings + "</sst>"});
  }
  if (!spec.styles.empty()) {
    rels += std::string("<Relationship Id=\"rId2\" Type=\"") + kRelNs + "/styles\" Target=\"" + prefix +
            "styles.xml\"/>";
    entries.push_back({"xl/styles.xml", spec.styles});
  }
  rels += "</Relationships>";
  entries.push_back({"xl/workbook.xml", workbook});
  entries.push_back({"xl/_rels/workbook.xml.rels", rels});
  return testing::BuildZip(entries);
}

XlsxReader OpenOrDie(const WorkbookSpec& spec, XlsxOptions opts = {}) {
  Result<XlsxReader> reader = XlsxReader::OpenFromMemory(BuildXlsxBytes(spec), opts);
  if (!reader.ok()) throw std::runtime_error(reader.status().message());
  return std::move(reader).value();
}

Status ReadStatus(const WorkbookSpec& spec, XlsxOptions opts = {}) {
  Result<XlsxReader> reader = XlsxReader::OpenFromMemory(BuildXlsxBytes(spec), opts);
  if (!reader.ok()) return reader.status();
  return reader->ReadSheet(0).status();
}

const char* kStyles =
    "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<numFmts count=\"3\"><numFmt numFmtId=\"164\" formatCode=\"yyyy-MM-dd hh:mm:ss\"/>"
    "<numFmt numFmtId=\"165\" formatCode=\"#,##0.00\"/>"
    "<numFmt numFmtId=\"166\" formatCode=\"[Red]0.0&quot;m&quot;\"/></numFmts>"
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"  // not cell formats: ignored
    "<cellXfs count=\"6\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/>"
    "<xf numFmtId=\"165\"/><xf numFmtId=\"166\"/><xf numFmtId=\"22\"/></cellXfs></styleSheet>";

TEST(XlsxReaderTest, ListsSheetsInWorkbookOrderViaRelationships) {
  XlsxReader reader = OpenOrDie({{{"DATA", Worksheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>")},
                                  {"Notes", Worksheet("<row r=\"1\"><c r=\"A1\"><v>2</v></c></row>")}}});
  EXPECT_EQ(reader.SheetNames(), (std::vector<std::string>{"DATA", "Notes"}));
  EXPECT_EQ(reader.ReadSheet("DATA")->at(0).cells, Cells{"1"});  // DATA lives in sheet2.xml
  EXPECT_EQ(reader.ReadSheet("notes")->at(0).cells, Cells{"2"});  // case-insensitive fallback
  EXPECT_EQ(reader.ReadSheet(size_t{1})->at(0).cells, Cells{"2"});
  EXPECT_EQ(reader.ReadSheet("Other").status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(reader.ReadSheet(size_t{2}).status().code(), ErrorCode::kNotFound);
  EXPECT_FALSE(reader.date1904());
}

TEST(XlsxReaderTest, AbsoluteRelationshipTargetsResolve) {
  WorkbookSpec spec{{{"S", Worksheet("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>")}}, "<si><t>x</t></si>"};
  spec.absolute_targets = true;
  EXPECT_EQ(OpenOrDie(spec).ReadSheet(size_t{0})->at(0).cells, Cells{"x"});
}

TEST(XlsxReaderTest, ReadsEveryCellType) {
  WorkbookSpec spec;
  spec.shared_strings =
      "<si><t>plain</t></si>"
      "<si><r><rPr><b/></rPr><t>rich </t></r><r><t xml:space=\"preserve\">text </t></r><r><t>runs</t></r></si>"
      "<si><t>漢字</t><rPh sb=\"0\" eb=\"2\"><t>かんじ</t></rPh></si>"
      "<si><t>a &amp; b &lt;c&gt; &#8217;</t></si>";
  spec.sheets = {{"S", Worksheet(
                           "<row r=\"1\">"
                           "<c r=\"A1\" t=\"s\"><v>0</v></c>"
                           "<c r=\"B1\" t=\"s\"><v>1</v></c>"
                           "<c r=\"C1\" t=\"s\"><v>2</v></c>"
                           "<c r=\"D1\" t=\"s\"><v>3</v></c>"
                           "<c r=\"E1\" t=\"inlineStr\"><is><t>inline</t></is></c>"
                           "<c r=\"F1\" t=\"inlineStr\"><is><r><t>in</t></r><r><t>line runs</t></r></is></c>"
                           "<c r=\"G1\"><v>17320843.96</v></c>"
                           "<c r=\"H1\" t=\"n\"><v>1.732084396E7</v></c>"
                           "<c r=\"I1\" t=\"b\"><v>1</v></c>"
                           "<c r=\"J1\" t=\"b\"><v>0</v></c>"
                           "<c r=\"K1\"><f>SUM(G1:H1)</f><v>34641687.92</v></c>"
                           "<c r=\"L1\" t=\"str\"><f>CONCAT(\"a\",\"b\")</f><v>ab</v></c>"
                           "<c r=\"M1\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c>"
                           "<c r=\"N1\" t=\"d\"><v>2024-01-31T00:00:00</v></c>"
                           "<c r=\"O1\" t=\"inlineStr\"><is><t>  spaced  </t></is></c>"
                           "</row>")}};
  Result<std::vector<XlsxRow>> rows = OpenOrDie(spec).ReadSheet(size_t{0});
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->at(0).cells,
            (Cells{"plain", "rich text runs", "漢字", "a & b <c> \u2019", "inline", "inline runs", "17320843.96",
                   "1.732084396E7", "TRUE", "FALSE", "34641687.92", "ab", "#DIV/0!", "2024-01-31T00:00:00",
                   "  spaced  "}));
}

TEST(XlsxReaderTest, FillsGapsFromCellReferencesAndKeepsRowNumbers) {
  WorkbookSpec spec{{{"S", Worksheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"C1\"><v>3</v></c></row>"
                                     "<row r=\"3\"><c r=\"B3\"><v>b</v></c></row>"
                                     "<row r=\"7\" spans=\"1:30\"><c r=\"AA7\"><v>27</v></c></row>"
                                     "<row><c><v>x</v></c><c><v>y</v></c><c r=\"E8\"><v>e</v></c><c><v>f</v></c></row>"
                                     "<row r=\"9\"/>")}}};
  Result<std::vector<XlsxRow>> rows = OpenOrDie(spec).ReadSheet(size_t{0});
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  ASSERT_EQ(rows->size(), 5u);
  EXPECT_EQ(rows->at(0).row_number, 1);
  EXPECT_EQ(rows->at(0).cells, (Cells{"1", "", "3"}));
  EXPECT_EQ(rows->at(1).row_number, 3);
  EXPECT_EQ(rows->at(1).cells, (Cells{"", "b"}));
  EXPECT_EQ(rows->at(2).row_number, 7);
  ASSERT_EQ(rows->at(2).cells.size(), 27u);
  EXPECT_EQ(rows->at(2).cells[26], "27");
  EXPECT_EQ(rows->at(3).row_number, 8);  // no r: follows row 7
  EXPECT_EQ(rows->at(3).cells, (Cells{"x", "y", "", "", "e", "f"}));
  EXPECT_EQ(rows->at(4).row_number, 9);
  EXPECT_TRUE(rows->at(4).cells.empty());
}

TEST(XlsxReaderTest, FlagsDateFormattedNumbers) {
  WorkbookSpec spec{{{"S", Worksheet("<row r=\"1\">"
                                     "<c r=\"A1\"><v>45292</v></c>"               // General
                                     "<c r=\"B1\" s=\"1\"><v>45292</v></c>"       // builtin 14 (m/d/yyyy)
                                     "<c r=\"C1\" s=\"2\"><v>45292.5</v></c>"     // yyyy-MM-dd hh:mm:ss
                                     "<c r=\"D1\" s=\"3\"><v>1234.5</v></c>"      // #,##0.00
                                     "<c r=\"E1\" s=\"4\"><v>2.5</v></c>"         // [Red]0.0"m": quoted m
                                     "<c r=\"F1\" s=\"5\"><v>45292.25</v></c>"    // builtin 22
                                     "<c r=\"G1\" s=\"1\" t=\"inlineStr\"><is><t>x</t></is></c>"  // not a number
                                     "<c r=\"H1\" s=\"99\"><v>1</v></c>"          // style out of range
                                     "<c r=\"I1\" s=\"1\"/>"                      // no value
                                     "</row>")}}};
  spec.styles = kStyles;
  spec.workbook_pr = "<workbookPr date1904=\"1\"/>";
  XlsxReader reader = OpenOrDie(spec);
  EXPECT_TRUE(reader.date1904());
  Result<std::vector<XlsxRow>> rows = reader.ReadSheet(size_t{0});
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  const XlsxRow& row = rows->at(0);
  EXPECT_EQ(row.cells[1], "45292");
  EXPECT_EQ(row.is_date, (std::vector<bool>{false, true, true, false, false, true, false, false, false}));
  EXPECT_TRUE(row.IsDate(1));
  EXPECT_FALSE(row.IsDate(100));
}

TEST(XlsxReaderTest, PrefixedNamespacesAreUnderstood) {
  std::string sheet =
      "<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><x:sheetData>"
      "<x:row r=\"2\"><x:c r=\"B2\" t=\"inlineStr\"><x:is><x:t>ok</x:t></x:is></x:c></x:row>"
      "</x:sheetData></x:worksheet>";
  Result<std::vector<XlsxRow>> rows = OpenOrDie({{{"S", sheet}}}).ReadSheet(size_t{0});
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  EXPECT_EQ(rows->at(0).row_number, 2);
  EXPECT_EQ(rows->at(0).cells, (Cells{"", "ok"}));
}

TEST(XlsxReaderTest, StreamingCallbackSeesEveryRowAndCanStop) {
  std::string data;
  for (int r = 1; r <= 1000; ++r)
    data += "<row r=\"" + std::to_string(r) + "\"><c r=\"A" + std::to_string(r) + "\"><v>" + std::to_string(r * 2) +
            "</v></c></row>";
  XlsxReader reader = OpenOrDie({{{"S", Worksheet(data)}}});
  int64_t sum = 0, count = 0;
  Status st = reader.ForEachRow("S", [&](const XlsxRow& row) {
    ++count;
    sum += std::stoll(row.cells.at(0));
    EXPECT_EQ(row.row_number, count);
    return Status::Ok();
  });
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_EQ(count, 1000);
  EXPECT_EQ(sum, 1000 * 1001);

  count = 0;
  Status stopped = reader.ForEachRow(size_t{0}, [&](const XlsxRow& row) {
    return ++count == 10 ? Status::Invalid("enough") : Status::Ok();
  });
  EXPECT_EQ(stopped.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(stopped.message(), "enough");
  EXPECT_EQ(count, 10);
}

TEST(XlsxReaderTest, MalformedXmlNamesPartAndLine) {
  Status st = ReadStatus({{{"S", "<worksheet xmlns=\"x\"><sheetData>\n<row r=\"1\">\n<c r=\"A1\"><v>1</v></x>"
                                 "</row></sheetData></worksheet>"}}});
  EXPECT_EQ(st.code(), ErrorCode::kCorrupt);
  EXPECT_NE(st.message().find("xl/worksheets/sheet1.xml: line 3: mismatched tag"), std::string::npos)
      << st.message();

  Status truncated = ReadStatus({{{"S", "<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v>"}}});
  EXPECT_EQ(truncated.code(), ErrorCode::kCorrupt);
  EXPECT_NE(truncated.message().find("xl/worksheets/sheet1.xml: line 1:"), std::string::npos)
      << truncated.message();

  Result<XlsxReader> bad_workbook = XlsxReader::OpenFromMemory(testing::BuildZip(
      {{"xl/workbook.xml", "<workbook><sheets><sheet name=\"a\"</sheets></workbook>"}}));
  EXPECT_EQ(bad_workbook.status().code(), ErrorCode::kCorrupt);
  EXPECT_NE(bad_workbook.status().message().find("xl/workbook.xml: line 1"), std::string::npos);
}

TEST(XlsxReaderTest, SemanticErrorsAreCorrupt) {
  auto sheet_error = [](const std::string& cells, const std::string& shared = "") {
    return ReadStatus({{{"S", Worksheet("<row r=\"1\">" + cells + "</row>")}}, shared});
  };
  Status index = sheet_error("<c r=\"A1\" t=\"s\"><v>5</v></c>", "<si><t>only one</t></si>");
  EXPECT_EQ(index.code(), ErrorCode::kCorrupt);
  EXPECT_NE(index.message().find("shared string index \"5\" out of range"), std::string::npos) << index.message();
  EXPECT_EQ(sheet_error("<c r=\"A1\" t=\"s\"><v>-1</v></c>", "<si><t>x</t></si>").code(), ErrorCode::kCorrupt);
  EXPECT_EQ(sheet_error("<c r=\"A1\" t=\"s\"><v>zz</v></c>").code(), ErrorCode::kCorrupt);
  EXPECT_EQ(sheet_error("<c r=\"1A\"><v>1</v></c>").code(), ErrorCode::kCorrupt);
  EXPECT_EQ(sheet_error("<c r=\"XFE1\"><v>1</v></c>").code(), ErrorCode::kCorrupt);  // beyond column XFD
  EXPECT_TRUE(sheet_error("<c r=\"XFD1\"><v>1</v></c>").ok());
  EXPECT_EQ(sheet_error("<c r=\"ABCD1\"><v>1</v></c>").code(), ErrorCode::kCorrupt);
  EXPECT_EQ(ReadStatus({{{"S", Worksheet("<row r=\"0\"/>")}}}).code(), ErrorCode::kCorrupt);
  EXPECT_EQ(ReadStatus({{{"S", Worksheet("<row r=\"x\"/>")}}}).code(), ErrorCode::kCorrupt);
}

TEST(XlsxReaderTest, RefusesDoctypes) {
  std::string laughs =
      "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 "
      "\"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>"
      "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&lol2;</t></is></c></row>"
      "</sheetData></worksheet>";
  Status st = ReadStatus({{{"S", laughs}}});
  EXPECT_EQ(st.code(), ErrorCode::kCorrupt);
  EXPECT_NE(st.message().find("DOCTYPE"), std::string::npos) << st.message();
}

TEST(XlsxReaderTest, EnforcesPartSizeAndCellCaps) {
  std::string data;
  for (int r = 1; r <= 200; ++r)
    data += "<row r=\"" + std::to_string(r) + "\"><c r=\"A" + std::to_string(r) + "\"><v>1</v></c><c r=\"C" +
            std::to_string(r) + "\"><v>3</v></c></row>";
  WorkbookSpec spec{{{"S", Worksheet(data)}}};

  XlsxOptions small_parts;
  small_parts.max_part_bytes = 2000;
  Status part = ReadStatus(spec, small_parts);
  EXPECT_EQ(part.code(), ErrorCode::kTooLarge);
  EXPECT_NE(part.message().find("xl/worksheets/sheet1.xml"), std::string::npos) << part.message();

  XlsxOptions few_cells;
  few_cells.max_cells = 599;  // 200 rows x 3 columns (gap included) = 600
  EXPECT_EQ(ReadStatus(spec, few_cells).code(), ErrorCode::kTooLarge);
  few_cells.max_cells = 600;
  EXPECT_TRUE(ReadStatus(spec, few_cells).ok());
}

TEST(XlsxReaderTest, NonWorkbooksAreRejected) {
  EXPECT_EQ(XlsxReader::OpenFromMemory("not a zip").status().code(), ErrorCode::kCorrupt);
  EXPECT_EQ(XlsxReader::OpenFromMemory("").status().code(), ErrorCode::kCorrupt);
  Result<XlsxReader> plain_zip = XlsxReader::OpenFromMemory(testing::BuildZip({{"a.csv", "x"}}));
  EXPECT_EQ(plain_zip.status().code(), ErrorCode::kCorrupt);
  EXPECT_NE(plain_zip.status().message().find("xl/workbook.xml"), std::string::npos);

  // A sheet whose relationship is missing.
  std::string workbook = std::string("<workbook xmlns:r=\"") + kRelNs +
                         "\"><sheets><sheet name=\"A\" sheetId=\"1\" r:id=\"rId9\"/></sheets></workbook>";
  Result<XlsxReader> dangling = XlsxReader::OpenFromMemory(testing::BuildZip({{"xl/workbook.xml", workbook}}));
  EXPECT_EQ(dangling.status().code(), ErrorCode::kCorrupt);
  EXPECT_NE(dangling.status().message().find("rId9"), std::string::npos);

  // A relationship pointing at a part that is absent.
  WorkbookSpec spec{{{"S", Worksheet("")}}};
  std::string bytes = BuildXlsxBytes(spec);
  Result<ZipArchive> zip = ZipArchive::OpenFromMemory(bytes);
  ASSERT_TRUE(zip.ok());
  std::vector<testing::ZipFixtureEntry> without_sheet;
  for (const ZipEntryInfo& e : zip->entries())
    if (e.name != "xl/worksheets/sheet1.xml") without_sheet.push_back({e.name, *zip->ReadEntry(e.name)});
  Result<XlsxReader> missing = XlsxReader::OpenFromMemory(testing::BuildZip(without_sheet));
  ASSERT_TRUE(missing.ok()) << missing.status().message();
  EXPECT_EQ(missing->ReadSheet(size_t{0}).status().code(), ErrorCode::kCorrupt);
}

TEST(XlsxReaderTest, OpensFilesOnDisk) {
  testing::TempDir dir;
  testing::WriteFile(dir.File("w.xlsx"), BuildXlsxBytes({{{"Only", Worksheet("<row r=\"1\"><c r=\"B1\"><v>2</v>"
                                                                            "</c></row>")}}}));
  Result<XlsxReader> reader = XlsxReader::OpenFile(dir.File("w.xlsx"));
  ASSERT_TRUE(reader.ok()) << reader.status().message();
  EXPECT_EQ(reader->SheetNames(), std::vector<std::string>{"Only"});
  EXPECT_EQ(reader->ReadSheet("Only")->at(0).cells, (Cells{"", "2"}));
  EXPECT_EQ(XlsxReader::OpenFile(dir.File("none.xlsx")).status().code(), ErrorCode::kNotFound);
}

// ---- Real CORDIS files: the xlsx must read exactly like its CSV conversion ----

void ExpectXlsxMatchesCsv(const std::filesystem::path& xlsx, const std::filesystem::path& csv,
                          size_t expected_data_rows) {
  Result<XlsxReader> reader = XlsxReader::OpenFile(xlsx.string());
  ASSERT_TRUE(reader.ok()) << reader.status().message();
  ASSERT_EQ(reader->SheetNames(), std::vector<std::string>{"DATA"});

  Result<std::unique_ptr<CsvReader>> csv_reader = CsvReader::OpenFile(csv.string());
  ASSERT_TRUE(csv_reader.ok()) << csv_reader.status().message();
  CsvRecord record;
  size_t rows = 0;
  size_t mismatches = 0;
  Status st = reader->ForEachRow("DATA", [&](const XlsxRow& row) {
    Result<bool> more = (*csv_reader)->Next(&record);
    if (!more.ok()) return more.status();
    if (!*more) return Status::Invalid("xlsx has more rows than the CSV");
    ++rows;
    EXPECT_EQ(row.row_number, static_cast<int64_t>(rows));
    // Excel omits trailing empty cells; the CSV always has every column.
    std::vector<std::string> cells = row.cells;
    if (cells.size() < record.fields.size()) cells.resize(record.fields.size());
    if (cells != record.fields && ++mismatches <= 5)
      ADD_FAILURE() << "row " << row.row_number << ": xlsx " << ::testing::PrintToString(row.cells) << " vs csv "
                    << ::testing::PrintToString(record.fields);
    return Status::Ok();
  });
  ASSERT_TRUE(st.ok()) << st.message();
  Result<bool> more = (*csv_reader)->Next(&record);
  ASSERT_TRUE(more.ok());
  EXPECT_FALSE(*more) << "the CSV has more rows than the xlsx";
  EXPECT_EQ(rows, expected_data_rows + 1);
  EXPECT_EQ(mismatches, 0u);
}

TEST(XlsxRealDataTest, EuroSciVocMatchesItsCsvConversion) {
  CORRIDOR_REQUIRE_SHARED(dir, "cordis-horizon-europe-reference");
  ExpectXlsxMatchesCsv(dir / "euroSciVoc.xlsx", dir / "euroSciVoc.from_xlsx.csv", 38789);
}

TEST(XlsxRealDataTest, WebLinkMatchesItsCsvConversion) {
  CORRIDOR_REQUIRE_SHARED(dir, "cordis-horizon-europe-reference");
  ExpectXlsxMatchesCsv(dir / "webLink.xlsx", dir / "webLink.from_xlsx.csv", 21440);
}

TEST(XlsxRealDataTest, EuroSciVocInMemoryHasExpectedContent) {
  CORRIDOR_REQUIRE_SHARED(dir, "cordis-horizon-europe-reference");
  Result<XlsxReader> reader =
      XlsxReader::OpenFromMemory(testing::ReadFile((dir / "euroSciVoc.xlsx").string()));
  ASSERT_TRUE(reader.ok()) << reader.status().message();
  Result<std::vector<XlsxRow>> rows = reader->ReadSheet("DATA");
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  ASSERT_EQ(rows->size(), 38790u);
  EXPECT_EQ(rows->at(0).cells,
            (Cells{"projectID", "euroSciVocCode", "euroSciVocPath", "euroSciVocTitle", "euroSciVocDescription"}));
  EXPECT_EQ(rows->at(1).cells[0], "101116741");
  EXPECT_EQ(rows->at(1).cells[1], "/29/97/543");
  size_t neo_cycle = 0;
  for (const XlsxRow& row : *rows) neo_cycle += row.cells[0] == "101138058";
  EXPECT_EQ(neo_cycle, 5u);  // per SOURCE.md
}

}  // namespace
}  // namespace corridor::importers
