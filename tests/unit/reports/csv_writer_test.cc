#include "reports/csv_writer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "reports/table.h"

namespace corridor::reports {
namespace {

const std::string kBom = "\xEF\xBB\xBF";

Table TwoColumns(std::vector<std::vector<std::string>> rows) {
  Table t;
  t.title = "Registry";
  t.groups = {{"Identity", 1}, {"Funding", 1}};
  t.columns = {{"name", "Name", ColumnKind::kText, ""}, {"budget", "Budget (EUR)", ColumnKind::kNumber, ""}};
  t.rows = std::move(rows);
  return t;
}

// A strict RFC 4180 reader, to prove that what we write reads back field for field.
std::vector<std::vector<std::string>> ParseCsv(std::string_view s, char sep) {
  if (s.substr(0, 3) == kBom) s.remove_prefix(3);
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> rec;
  std::string field;
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] == '"') {
      ++i;
      while (i < s.size()) {
        if (s[i] == '"' && i + 1 < s.size() && s[i + 1] == '"') {
          field += '"';
          i += 2;
        } else if (s[i] == '"') {
          ++i;
          break;
        } else {
          field += s[i++];
        }
      }
    }
    if (i >= s.size()) break;
    if (s[i] == sep) {
      rec.push_back(field);
      field.clear();
      ++i;
    } else if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') {
      rec.push_back(field);
      field.clear();
      records.push_back(rec);
      rec.clear();
      i += 2;
    } else {
      field += s[i++];
    }
  }
  EXPECT_TRUE(rec.empty() && field.empty()) << "last record not CRLF-terminated";
  return records;
}

TEST(CsvWriter, HeaderRowOnlyWithBomAndCrlf) {
  Table t = TwoColumns({{"Alpha", "1234567.89"}, {"Société", "0"}});
  EXPECT_EQ(WriteCsv(t), kBom + "Name,Budget (EUR)\r\nAlpha,1234567.89\r\nSociété,0\r\n");
  // The section row is not exported: the file must re-import with one header row.
  EXPECT_EQ(WriteCsv(t).find("Identity"), std::string::npos);
}

TEST(CsvWriter, BomAndHeaderAreOptional) {
  Table t = TwoColumns({{"Alpha", "1"}});
  CsvOptions o;
  o.bom = false;
  o.header = false;
  EXPECT_EQ(WriteCsv(t, o), "Alpha,1\r\n");
}

TEST(CsvWriter, QuotesSeparatorQuotesAndNewlines) {
  Table t = TwoColumns({{"a,b", "1"}, {"say \"hi\"", "2"}, {"line1\nline2", "3"}, {"cr\rhere", "4"}, {"semi;colon", "5"}});
  CsvOptions o;
  o.bom = false;
  o.header = false;
  EXPECT_EQ(WriteCsv(t, o),
            "\"a,b\",1\r\n\"say \"\"hi\"\"\",2\r\n\"line1\nline2\",3\r\n\"cr\rhere\",4\r\nsemi;colon,5\r\n");
}

TEST(CsvWriter, SemicolonSeparatorQuotesSemicolonNotComma) {
  Table t = TwoColumns({{"semi;colon", "1"}, {"a,b", "2"}});
  CsvOptions o;
  o.separator = ';';
  EXPECT_EQ(WriteCsv(t, o), kBom + "Name;Budget (EUR)\r\n\"semi;colon\";1\r\na,b;2\r\n");
}

TEST(CsvWriter, FormulaInjectionIsNeutralised) {
  Table t = TwoColumns({{"=cmd|' /C calc'!A0", "1"},
                        {"+1+2", "1"},
                        {"-2+3", "1"},
                        {"@SUM(A1:A2)", "1"},
                        {"\t=1+2", "1"},
                        {"\r=1+2", "1"},
                        {"a=b", "1"}});
  CsvOptions o;
  o.bom = false;
  o.header = false;
  EXPECT_EQ(WriteCsv(t, o),
            "'=cmd|' /C calc'!A0,1\r\n"
            "'+1+2,1\r\n"
            "'-2+3,1\r\n"
            "'@SUM(A1:A2),1\r\n"
            "'\t=1+2,1\r\n"
            "\"'\r=1+2\",1\r\n"  // contains CR, so also quoted
            "a=b,1\r\n");
}

TEST(CsvWriter, NumbersInNumberColumnsAreNotAltered) {
  Table t = TwoColumns({{"x", "-5"}, {"x", "-1234.56"}, {"x", "-1.5E7"}, {"x", "=1+2"}, {"x", "+5"}, {"x", "-"}});
  CsvOptions o;
  o.bom = false;
  o.header = false;
  // A negative number is a number; anything else starting with a trigger is guarded.
  EXPECT_EQ(WriteCsv(t, o), "x,-5\r\nx,-1234.56\r\nx,-1.5E7\r\nx,'=1+2\r\nx,'+5\r\nx,'-\r\n");
}

TEST(CsvWriter, NegativeNumberInTextColumnIsGuarded) {
  // A text column cannot know "-5" is meant as a number, and "-5+cmd" must be guarded.
  Table t = TwoColumns({{"-5", "1"}});
  CsvOptions o;
  o.bom = false;
  o.header = false;
  EXPECT_EQ(WriteCsv(t, o), "'-5,1\r\n");
}

TEST(CsvWriter, HeaderLabelsAreGuardedToo) {
  Table t = TwoColumns({});
  t.columns[0].label = "=HYPERLINK(\"http://x\")";
  CsvOptions o;
  o.bom = false;
  EXPECT_EQ(WriteCsv(t, o), "\"'=HYPERLINK(\"\"http://x\"\")\",Budget (EUR)\r\n");
}

TEST(CsvWriter, GuardCanBeSwitchedOff) {
  Table t = TwoColumns({{"=1+2", "1"}});
  CsvOptions o;
  o.bom = false;
  o.header = false;
  o.formula_guard = false;
  EXPECT_EQ(WriteCsv(t, o), "=1+2,1\r\n");
}

TEST(CsvWriter, ShortRowsArePaddedToTheColumnCount) {
  Table t = TwoColumns({{"only"}, {}});
  CsvOptions o;
  o.bom = false;
  o.header = false;
  EXPECT_EQ(WriteCsv(t, o), "only,\r\n,\r\n");
}

TEST(CsvWriter, NoColumnsGivesJustTheBom) {
  Table t;
  EXPECT_EQ(WriteCsv(t), kBom);
}

TEST(FormulaGuard, UnescapeStripsExactlyOneApostrophe) {
  EXPECT_EQ(UnescapeFormulaGuard("'=1+2"), "=1+2");
  EXPECT_EQ(UnescapeFormulaGuard("'+1"), "+1");
  EXPECT_EQ(UnescapeFormulaGuard("'-1"), "-1");
  EXPECT_EQ(UnescapeFormulaGuard("'@x"), "@x");
  EXPECT_EQ(UnescapeFormulaGuard("'\tx"), "\tx");
  EXPECT_EQ(UnescapeFormulaGuard("'\rx"), "\rx");
  EXPECT_EQ(UnescapeFormulaGuard("''=x"), "'=x");
  // Apostrophes not protecting a formula character are data.
  EXPECT_EQ(UnescapeFormulaGuard("'hello"), "'hello");
  EXPECT_EQ(UnescapeFormulaGuard("'"), "'");
  EXPECT_EQ(UnescapeFormulaGuard("''"), "''");
  EXPECT_EQ(UnescapeFormulaGuard("=x"), "=x");
  EXPECT_EQ(UnescapeFormulaGuard(""), "");
}

TEST(FormulaGuard, RoundTripsEveryValue) {
  for (std::string v : {"=cmd|' /C calc'!A0", "+", "-", "@", "\t", "\r", "'=x", "''-y", "'hello", "'", "", "plain",
                        "it's", "-5", "O'Neil"}) {
    EXPECT_EQ(UnescapeFormulaGuard(FormulaGuard(v)), v) << v;
    std::string g = FormulaGuard(v);
    EXPECT_TRUE(g.empty() || std::string("=+-@\t\r").find(g[0]) == std::string::npos) << v;
  }
}

TEST(CsvWriter, ReimportOfOwnExportYieldsOriginalValues) {
  std::vector<std::vector<std::string>> rows = {{"=cmd|' /C calc'!A0", "-12.5"},
                                                {"'=already quoted", "0"},
                                                {"multi\r\nline, \"quoted\"", "1234567.89"},
                                                {"Zürich; Łódź", ""},
                                                {"@user", "7"}};
  Table t = TwoColumns(rows);
  for (char sep : {',', ';'}) {
    CsvOptions o;
    o.separator = sep;
    auto records = ParseCsv(WriteCsv(t, o), sep);
    ASSERT_EQ(records.size(), rows.size() + 1);
    EXPECT_EQ(records[0], (std::vector<std::string>{"Name", "Budget (EUR)"}));
    for (size_t r = 0; r < rows.size(); ++r) {
      ASSERT_EQ(records[r + 1].size(), 2u);
      for (size_t c = 0; c < 2; ++c) EXPECT_EQ(UnescapeFormulaGuard(records[r + 1][c]), rows[r][c]);
    }
  }
}

TEST(Table, ValidateChecksSpansAndRowWidths) {
  Table t = TwoColumns({{"a", "1"}, {"short"}});
  EXPECT_TRUE(ValidateTable(t).ok());
  t.groups = {{"Everything", 3}};
  EXPECT_EQ(ValidateTable(t).code(), ErrorCode::kInvalidArgument);
  t.groups = {{"Zero", 0}};
  EXPECT_EQ(ValidateTable(t).code(), ErrorCode::kInvalidArgument);
  t.groups = {{"First only", 1}};  // fewer columns covered is fine
  EXPECT_TRUE(ValidateTable(t).ok());
  t.rows.push_back({"a", "1", "extra"});
  Status st = ValidateTable(t);
  EXPECT_EQ(st.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(st.message().find("row 3"), std::string::npos) << st.message();
}

TEST(Table, ColumnIndexAndKindNames) {
  Table t = TwoColumns({});
  EXPECT_EQ(ColumnIndex(t, "budget"), 1u);
  EXPECT_FALSE(ColumnIndex(t, "nope").has_value());
  EXPECT_EQ(ColumnKindName(ColumnKind::kUrl), "url");
  EXPECT_EQ(ColumnKindName(ColumnKind::kDate), "date");
}

TEST(Table, CanonicalNumbers) {
  for (const char* s : {"0", "-5", "1234567.89", "1.7E7", "1e-3", "-0.5"}) EXPECT_TRUE(IsCanonicalNumber(s)) << s;
  for (const char* s : {"", "-", "+5", "1,234", "1 234", ".5", "5.", "1e", "=1", "12a", " 1"})
    EXPECT_FALSE(IsCanonicalNumber(s)) << s;
}

}  // namespace
}  // namespace corridor::reports
