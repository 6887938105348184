#include "reports/xlsx_writer.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <regex>
#include <string>

#include "test_support.h"

namespace corridor::reports {
namespace {

using corridor::testing::TempDir;

bool HaveUnzip() { return std::system("command -v unzip >/dev/null 2>&1") == 0; }

// One member of a zip archive via the system unzip (reports_test links no zip library).
std::optional<std::string> ZipMember(const std::string& zip_path, const std::string& member) {
  std::string cmd = "unzip -p '" + zip_path + "' '" + member + "' 2>/dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return std::nullopt;
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int rc = pclose(p);
  if (rc != 0) return std::nullopt;
  return out;
}

#define REQUIRE_UNZIP() \
  if (!HaveUnzip()) GTEST_SKIP() << "unzip not installed (apt-get install unzip): xlsx content not inspected"

Table Registry() {
  Table t;
  t.title = "Registry";
  t.groups = {{"Project identity", 2}, {"Funding", 2}};
  t.columns = {{"acronym", "Acronym", ColumnKind::kText, ""},
               {"website", "Project website", ColumnKind::kUrl, ""},
               {"budget", "Total budget of the project (EUR)", ColumnKind::kNumber, ""},
               {"start_date", "Start date", ColumnKind::kDate, ""}};
  t.rows = {{"ALPHA", "https://alpha.eu/?a=1&b=2", "1234567.89", "2024-01-31"},
            {"=cmd|' /C calc'!A0", "", "-5", "not a date"},
            {"Société <Ł>", "https://b.eu", "", ""}};
  return t;
}

struct Unpacked {
  std::string sheet1, shared_strings, workbook, styles;
};

// Writes the workbook to disk and extracts the parts the tests look at.
Unpacked Unpack(const std::string& bytes, const TempDir& dir) {
  std::string path = dir.File("out.xlsx");
  corridor::testing::WriteFile(path, bytes);
  Unpacked u;
  u.sheet1 = ZipMember(path, "xl/worksheets/sheet1.xml").value_or("");
  u.shared_strings = ZipMember(path, "xl/sharedStrings.xml").value_or("");
  u.workbook = ZipMember(path, "xl/workbook.xml").value_or("");
  u.styles = ZipMember(path, "xl/styles.xml").value_or("");
  return u;
}

// Index of `text` in the shared-string table, as written in <c t="s"><v>index</v>.
int SharedIndex(const std::string& sst, const std::string& text) {
  std::regex si("<si><t[^>]*>([^<]*)</t></si>");
  int i = 0;
  for (auto it = std::sregex_iterator(sst.begin(), sst.end(), si); it != std::sregex_iterator(); ++it, ++i)
    if ((*it)[1] == text) return i;
  return -1;
}

bool HasCell(const std::string& sheet, const std::string& pattern) {
  return std::regex_search(sheet, std::regex(pattern));
}

TEST(XlsxWriter, OutputIsAZip) {
  auto r = WriteXlsx(Registry());
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_GT(r->size(), 4u);
  EXPECT_EQ(r->substr(0, 4), std::string("PK\x03\x04", 4));
}

TEST(XlsxWriter, SectionRowIsMergedAcrossItsColumns) {
  REQUIRE_UNZIP();
  TempDir dir;
  auto r = WriteXlsx(Registry());
  ASSERT_TRUE(r.ok()) << r.status().message();
  Unpacked u = Unpack(*r, dir);
  ASSERT_FALSE(u.sheet1.empty()) << "xl/worksheets/sheet1.xml missing";
  EXPECT_NE(u.sheet1.find("<mergeCells count=\"2\">"), std::string::npos) << u.sheet1;
  EXPECT_NE(u.sheet1.find("<mergeCell ref=\"A1:B1\"/>"), std::string::npos);
  EXPECT_NE(u.sheet1.find("<mergeCell ref=\"C1:D1\"/>"), std::string::npos);
  int identity = SharedIndex(u.shared_strings, "Project identity");
  ASSERT_GE(identity, 0);
  EXPECT_TRUE(HasCell(u.sheet1, "<c r=\"A1\" s=\"\\d+\" t=\"s\"><v>" + std::to_string(identity) + "</v></c>"));
  EXPECT_TRUE(HasCell(u.sheet1, "<c r=\"C1\" s=\"\\d+\" t=\"s\"><v>" +
                                    std::to_string(SharedIndex(u.shared_strings, "Funding")) + "</v></c>"));
}

TEST(XlsxWriter, HeaderRowIsRowTwoWithFrozenPaneAndAutofilter) {
  REQUIRE_UNZIP();
  TempDir dir;
  auto r = WriteXlsx(Registry());
  ASSERT_TRUE(r.ok()) << r.status().message();
  Unpacked u = Unpack(*r, dir);
  const char* labels[] = {"Acronym", "Project website", "Total budget of the project (EUR)", "Start date"};
  const char* cols = "ABCD";
  for (int j = 0; j < 4; ++j) {
    int idx = SharedIndex(u.shared_strings, labels[j]);
    ASSERT_GE(idx, 0) << labels[j];
    EXPECT_TRUE(HasCell(u.sheet1, std::string("<c r=\"") + cols[j] + "2\" s=\"\\d+\" t=\"s\"><v>" +
                                      std::to_string(idx) + "</v></c>"))
        << labels[j];
  }
  EXPECT_NE(u.sheet1.find("<pane ySplit=\"2\" topLeftCell=\"A3\" activePane=\"bottomLeft\" state=\"frozen\"/>"),
            std::string::npos)
      << u.sheet1;
  EXPECT_NE(u.sheet1.find("<autoFilter ref=\"A2:D5\"/>"), std::string::npos);
  EXPECT_NE(u.sheet1.find("<cols>"), std::string::npos);  // explicit column widths
}

TEST(XlsxWriter, NumbersAndDatesAreNumericCells) {
  REQUIRE_UNZIP();
  TempDir dir;
  auto r = WriteXlsx(Registry());
  ASSERT_TRUE(r.ok()) << r.status().message();
  Unpacked u = Unpack(*r, dir);
  // No t attribute = numeric; the style carries the number/date format.
  std::smatch m;
  ASSERT_TRUE(std::regex_search(u.sheet1, m, std::regex("<c r=\"C3\" s=\"(\\d+)\"><v>1234567.89</v></c>"))) << u.sheet1;
  EXPECT_TRUE(HasCell(u.sheet1, "<c r=\"C4\" s=\"\\d+\"><v>-5</v></c>"));
  // 2024-01-31 is Excel serial 45322.
  EXPECT_TRUE(HasCell(u.sheet1, "<c r=\"D3\" s=\"\\d+\"><v>45322</v></c>"));
  EXPECT_NE(u.styles.find("formatCode=\"#,##0.00\""), std::string::npos) << u.styles;
  EXPECT_NE(u.styles.find("formatCode=\"dd/mm/yyyy\""), std::string::npos);
  // An unparseable date is kept as text rather than dropped.
  int bad = SharedIndex(u.shared_strings, "not a date");
  ASSERT_GE(bad, 0);
  EXPECT_TRUE(HasCell(u.sheet1, "<c r=\"D4\" t=\"s\"><v>" + std::to_string(bad) + "</v></c>"));
  // Empty cells are not written.
  EXPECT_EQ(u.sheet1.find("r=\"C5\""), std::string::npos);
}

TEST(XlsxWriter, WholeNumbersGetAThousandsFormatWithoutDecimals) {
  REQUIRE_UNZIP();
  TempDir dir;
  Table t;
  t.title = "Counts";
  t.columns = {{"topic", "Topic", ColumnKind::kText, ""}, {"n", "Projects", ColumnKind::kNumber, ""}};
  t.rows = {{"Recycling", "12"}, {"Upcycling", "3400"}};
  auto r = WriteXlsx(t);
  ASSERT_TRUE(r.ok()) << r.status().message();
  Unpacked u = Unpack(*r, dir);
  EXPECT_NE(u.styles.find("formatCode=\"#,##0\""), std::string::npos) << u.styles;
  EXPECT_EQ(u.styles.find("formatCode=\"#,##0.00\""), std::string::npos);
  EXPECT_TRUE(HasCell(u.sheet1, "<c r=\"B3\" s=\"\\d+\"><v>3400</v></c>"));
}

TEST(XlsxWriter, TextIsStoredVerbatimAsStringsNeverFormulas) {
  REQUIRE_UNZIP();
  TempDir dir;
  auto r = WriteXlsx(Registry());
  ASSERT_TRUE(r.ok()) << r.status().message();
  Unpacked u = Unpack(*r, dir);
  EXPECT_EQ(u.sheet1.find("<f>"), std::string::npos);
  EXPECT_EQ(u.sheet1.find("<hyperlinks>"), std::string::npos);  // URLs are plain strings
  // No apostrophe guard in xlsx: a string cell is never evaluated.
  int formula_like = SharedIndex(u.shared_strings, "=cmd|' /C calc'!A0");
  ASSERT_GE(formula_like, 0) << u.shared_strings;
  EXPECT_TRUE(HasCell(u.sheet1, "<c r=\"A4\" t=\"s\"><v>" + std::to_string(formula_like) + "</v></c>"));
  EXPECT_GE(SharedIndex(u.shared_strings, "https://alpha.eu/?a=1&amp;b=2"), 0);
  EXPECT_GE(SharedIndex(u.shared_strings, "Société &lt;Ł&gt;"), 0);
}

TEST(XlsxWriter, InvalidUtf8AndControlCharactersStillGiveAReadableFile) {
  REQUIRE_UNZIP();
  TempDir dir;
  Table t;
  t.title = "T";
  t.columns = {{"a", "A", ColumnKind::kText, ""}};
  t.rows = {{"caf\xe9"}, {"bell\x01"}};  // Windows-1252 e-acute, a control byte
  auto r = WriteXlsx(t);
  ASSERT_TRUE(r.ok()) << r.status().message();
  Unpacked u = Unpack(*r, dir);
  EXPECT_GE(SharedIndex(u.shared_strings, "café"), 0) << u.shared_strings;
  EXPECT_EQ(u.shared_strings.find('\x01'), std::string::npos);
}

TEST(XlsxWriter, WithoutGroupsHeaderIsRowOne) {
  REQUIRE_UNZIP();
  TempDir dir;
  Table t = Registry();
  t.groups.clear();
  auto r = WriteXlsx(t);
  ASSERT_TRUE(r.ok()) << r.status().message();
  Unpacked u = Unpack(*r, dir);
  EXPECT_EQ(u.sheet1.find("<mergeCell"), std::string::npos);
  EXPECT_NE(u.sheet1.find("<pane ySplit=\"1\" topLeftCell=\"A2\""), std::string::npos) << u.sheet1;
  EXPECT_NE(u.sheet1.find("<autoFilter ref=\"A1:D4\"/>"), std::string::npos);
  EXPECT_TRUE(HasCell(u.sheet1, "<c r=\"C2\" s=\"\\d+\"><v>1234567.89</v></c>"));
}

TEST(XlsxWriter, SeveralTablesBecomeSeveralUniquelyNamedSheets) {
  REQUIRE_UNZIP();
  TempDir dir;
  Table counts;
  counts.title = "Counts";
  counts.columns = {{"topic", "Topic", ColumnKind::kText, ""}, {"n", "Projects", ColumnKind::kNumber, ""}};
  counts.rows = {{"Recycling", "12"}};
  Table odd = counts;
  odd.title = "counts";  // Excel compares sheet names case-insensitively
  auto r = WriteXlsxWorkbook({Registry(), counts, odd});
  ASSERT_TRUE(r.ok()) << r.status().message();
  std::string path = dir.File("multi.xlsx");
  corridor::testing::WriteFile(path, *r);
  std::string wb = ZipMember(path, "xl/workbook.xml").value_or("");
  EXPECT_NE(wb.find("<sheet name=\"Registry\" sheetId=\"1\""), std::string::npos) << wb;
  EXPECT_NE(wb.find("<sheet name=\"Counts\" sheetId=\"2\""), std::string::npos);
  EXPECT_NE(wb.find("<sheet name=\"counts (2)\" sheetId=\"3\""), std::string::npos);
  std::string sheet2 = ZipMember(path, "xl/worksheets/sheet2.xml").value_or("");
  EXPECT_TRUE(HasCell(sheet2, "<c r=\"B2\" s=\"\\d+\"><v>12</v></c>")) << sheet2;
  EXPECT_TRUE(ZipMember(path, "xl/worksheets/sheet3.xml").has_value());
}

TEST(XlsxWriter, ConstantMemoryModeWritesInlineStrings) {
  REQUIRE_UNZIP();
  TempDir dir;
  XlsxOptions o;
  o.constant_memory = true;
  o.tmp_dir = dir.path().string();
  auto r = WriteXlsx(Registry(), o);
  ASSERT_TRUE(r.ok()) << r.status().message();
  Unpacked u = Unpack(*r, dir);
  EXPECT_NE(u.sheet1.find("<mergeCell ref=\"A1:B1\"/>"), std::string::npos) << u.sheet1;
  EXPECT_NE(u.sheet1.find("<c r=\"A3\" t=\"inlineStr\"><is><t>ALPHA</t></is></c>"), std::string::npos);
  EXPECT_TRUE(HasCell(u.sheet1, "<c r=\"C3\" s=\"\\d+\"><v>1234567.89</v></c>"));
}

TEST(XlsxWriter, ScratchFilesAreRemoved) {
  TempDir dir;
  XlsxOptions o;
  o.tmp_dir = dir.path().string();
  auto r = WriteXlsx(Registry(), o);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

TEST(XlsxWriter, UnwritableTmpDirIsAnIoError) {
  XlsxOptions o;
  o.tmp_dir = "/nonexistent/corridor-no-such-dir";
  auto r = WriteXlsx(Registry(), o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kIo);
}

TEST(XlsxWriter, FixedCreationTimeGivesIdenticalBytes) {
  XlsxOptions o;
  o.created_unix = 1700000000;
  auto a = WriteXlsx(Registry(), o);
  auto b = WriteXlsx(Registry(), o);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b);
}

TEST(XlsxWriter, MalformedTableIsRejected) {
  Table t = Registry();
  t.groups = {{"Too wide", 9}};
  auto r = WriteXlsx(t);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
  t = Registry();
  t.rows.push_back({"a", "b", "1", "2024-01-01", "extra"});
  EXPECT_EQ(WriteXlsx(t).status().code(), ErrorCode::kInvalidArgument);
}

TEST(XlsxWriter, EmptyTableAndEmptyWorkbookStillOpen) {
  Table t;
  t.title = "Empty";
  EXPECT_TRUE(WriteXlsx(t).ok());
  t.columns = {{"a", "A", ColumnKind::kText, ""}};
  EXPECT_TRUE(WriteXlsx(t).ok());
  EXPECT_TRUE(WriteXlsxWorkbook({}).ok());
}

TEST(SheetName, FollowsExcelRules) {
  EXPECT_EQ(SanitizeSheetName("Registry"), "Registry");
  EXPECT_EQ(SanitizeSheetName("Topic/Link: [draft]*?\\"), "Topic Link draft");
  EXPECT_EQ(SanitizeSheetName("'quoted'"), "quoted");
  EXPECT_EQ(SanitizeSheetName(""), "Sheet");
  EXPECT_EQ(SanitizeSheetName("[]:*?/\\"), "Sheet");
  EXPECT_EQ(SanitizeSheetName("history"), "history_");
  EXPECT_EQ(SanitizeSheetName("tab\there"), "tab here");
  EXPECT_EQ(SanitizeSheetName(std::string(40, 'x')), std::string(31, 'x'));
  // 31 characters, not bytes: accented letters are two bytes each.
  std::string accents;
  for (int i = 0; i < 40; ++i) accents += "é";
  std::string cut = SanitizeSheetName(accents);
  EXPECT_EQ(cut.size(), 62u);
  // Truncation must not leave a trailing space.
  EXPECT_EQ(SanitizeSheetName(std::string(30, 'a') + " bcd"), std::string(30, 'a'));
}

}  // namespace
}  // namespace corridor::reports
