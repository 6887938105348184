#include "importers/indicator_import.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "importers/nuts_correspondence.h"
#include "storage/indicator_store.h"
#include "storage/workspace_store.h"
#include "storage_fixture.h"
#include "test_support.h"
#include "zip_builder.h"

namespace corridor::importers::indicators {
namespace {

// ---- correspondence ----

TEST(NutsCorrespondenceTest, CurrentCodesAndPureRecodes) {
  auto r = ResolveNutsCode(" es41 ");
  EXPECT_EQ(r.status, CodeStatus::kCurrent);
  EXPECT_EQ(r.code_2021, "ES41");
  r = ResolveNutsCode("FR24");
  EXPECT_EQ(r.status, CodeStatus::kRecoded);
  EXPECT_EQ(r.code_2021, "FRB0");
  EXPECT_NE(r.reason.find("2016"), std::string::npos);
  EXPECT_EQ(ResolveNutsCode("EL11").code_2021, "EL51");
  EXPECT_EQ(ResolveNutsCode("PL11").code_2021, "PL71");
  EXPECT_EQ(ResolveNutsCode("HU101").code_2021, "HU110");
  EXPECT_EQ(ResolveNutsCode("FRA").code_2021, "FRY");
  // Every recode points at a NUTS 2021 code and starts from one that is not.
  for (const NutsRecode& rc : KnownRecodes()) {
    EXPECT_EQ(ResolveNutsCode(rc.to).status, CodeStatus::kCurrent) << rc.to;
    EXPECT_EQ(ResolveNutsCode(rc.from).status, CodeStatus::kRecoded) << rc.from;
  }
}

TEST(NutsCorrespondenceTest, SplitsAggregatesAndUnknownCodesAreListedNotGuessed) {
  auto hu = ResolveNutsCode("HU10");
  EXPECT_EQ(hu.status, CodeStatus::kSplit);
  EXPECT_EQ(hu.successors, (std::vector<std::string>{"HU11", "HU12"}));
  EXPECT_TRUE(hu.code_2021.empty());
  EXPECT_NE(hu.reason.find("HU11 + HU12"), std::string::npos);
  EXPECT_EQ(ResolveNutsCode("PL12").status, CodeStatus::kSplit);
  EXPECT_EQ(ResolveNutsCode("IE01").status, CodeStatus::kBoundaryChange);
  EXPECT_EQ(ResolveNutsCode("EU27_2020").status, CodeStatus::kAggregate);
  EXPECT_EQ(ResolveNutsCode("EA19").status, CodeStatus::kAggregate);
  EXPECT_EQ(ResolveNutsCode("ESZZ").status, CodeStatus::kExtraRegio);
  EXPECT_EQ(ResolveNutsCode("ATZ").status, CodeStatus::kExtraRegio);
  EXPECT_EQ(ResolveNutsCode("CN_X_HK").status, CodeStatus::kNotNuts);
  EXPECT_EQ(ResolveNutsCode("US").status, CodeStatus::kNotNuts);
  EXPECT_EQ(ResolveNutsCode("DE801").status, CodeStatus::kUnknown);
  EXPECT_EQ(ResolveNutsCode("XX99").status, CodeStatus::kUnknown);
  EXPECT_FALSE(ResolveNutsCode("XX99").mapped());
}

// ---- files ----

std::string XmlEscape(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '&') o += "&amp;";
    else if (c == '<') o += "&lt;";
    else if (c == '>') o += "&gt;";
    else o += c;
  }
  return o;
}

std::string Col(size_t c) { return std::string(1, static_cast<char>('A' + c)); }

// A one-sheet workbook; "#n:<number>" cells are numbers, others inline strings.
std::string Xlsx(const std::vector<std::vector<std::string>>& rows) {
  const std::string ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
  const std::string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  const std::string pkg = "http://schemas.openxmlformats.org/package/2006/relationships";
  std::string data;
  for (size_t i = 0; i < rows.size(); ++i) {
    std::string r = std::to_string(i + 1);
    data += "<row r=\"" + r + "\">";
    for (size_t j = 0; j < rows[i].size(); ++j) {
      const std::string& v = rows[i][j];
      if (v.empty()) continue;
      if (v.rfind("#n:", 0) == 0) data += "<c r=\"" + Col(j) + r + "\"><v>" + v.substr(3) + "</v></c>";
      else data += "<c r=\"" + Col(j) + r + "\" t=\"inlineStr\"><is><t>" + XmlEscape(v) + "</t></is></c>";
    }
    data += "</row>";
  }
  std::vector<testing::ZipFixtureEntry> e;
  e.push_back({"[Content_Types].xml", "<Types/>"});
  e.push_back({"_rels/.rels", "<Relationships xmlns=\"" + pkg + "\"><Relationship Id=\"rId1\" Type=\"" + rel +
                                  "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"});
  e.push_back({"xl/workbook.xml", "<workbook xmlns=\"" + ns + "\" xmlns:r=\"" + rel +
                                      "\"><sheets><sheet name=\"Data\" sheetId=\"1\" r:id=\"rId5\"/></sheets></workbook>"});
  e.push_back({"xl/_rels/workbook.xml.rels", "<Relationships xmlns=\"" + pkg + "\"><Relationship Id=\"rId5\" Type=\"" + rel +
                                                 "/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"});
  e.push_back({"xl/worksheets/sheet1.xml", "<worksheet xmlns=\"" + ns + "\"><sheetData>" + data + "</sheetData></worksheet>"});
  return testing::BuildZip(e);
}

TEST(IndicatorImportTest, TidyCsvWithBadRowsReportsEachLine) {
  std::string csv =
      "region,indicator,year,value,unit\n"
      "ES41,gerd,2020,1.25,% GDP\n"      // line 2
      "fr24,gerd,2020,2.5,% GDP\n"       // 3: recoded to FRB0
      "XX99,gerd,2020,1\n"               // 4: unknown code
      "ES61,gerd,2020,n/a\n"             // 5: not a number
      "ES43,gerd,twenty,1\n"             // 6: bad year
      "ES41,gerd,2020,1.3\n"             // 7: duplicate of line 2
      "HU10,gerd,2020,1.1\n"             // 8: split, not mapped
      "PT18,gerd,2020,\n"                // 9: empty = missing
      "PT18,hrst,2019,30\n";             // 10
  auto f = ParseFile("data.csv", csv);
  ASSERT_TRUE(f.ok()) << f.status().message();
  EXPECT_EQ(f->layout, Layout::kTidy);
  ASSERT_EQ(f->values.size(), 3u);
  EXPECT_EQ(f->values[1].region_code, "FRB0");
  EXPECT_EQ(f->values[1].original_code, "FR24");
  EXPECT_EQ(f->empty_values, 1);
  ASSERT_EQ(f->errors.size(), 5u);
  EXPECT_EQ(f->errors[0].message, "line 4: region XX99: not a NUTS region code");
  EXPECT_EQ(f->errors[1].message, "line 5: value \"n/a\" of gerd is not a number");
  EXPECT_EQ(f->errors[2].message, "line 6: year \"twenty\" is not a year between 1900 and 2100");
  EXPECT_EQ(f->errors[3].message, "line 7: duplicate value for ES41, gerd, 2020 (first on line 2)");
  EXPECT_NE(f->errors[4].message.find("line 8: region HU10: Közép-Magyarország was split"), std::string::npos);
  EXPECT_FALSE(f->CanCommit(false));
  EXPECT_TRUE(f->CanCommit(true));
  ASSERT_EQ(f->indicators.size(), 2u);
  EXPECT_EQ(f->indicators[0].unit, "% GDP");
  EXPECT_EQ(f->recoded_rows(), 1);
}

// An unquoted decimal comma makes the row longer than the header: refused, never read as "1".
TEST(IndicatorImportTest, RowLongerThanTheHeaderIsRefusedNotReadByPosition) {
  auto f = ParseFile("d.csv", "region,indicator,year,value\nES41,gerd,2020,1.5\nES43,gerd,2020,1,0\nES61,gerd,2020,2,\n");
  ASSERT_TRUE(f.ok()) << f.status().message();
  ASSERT_EQ(f->values.size(), 2u);  // a trailing empty cell is not a value
  ASSERT_EQ(f->errors.size(), 1u);
  EXPECT_EQ(f->errors[0].message,
            "line 3: 5 values but the header has 4 columns (a decimal comma? write 1.5, or quote the value)");
  auto wide = ParseFile("w.csv", "region,year,gerd\nES41,2020,1,2\nES61,2020,3\n");
  ASSERT_TRUE(wide.ok()) << wide.status().message();
  ASSERT_EQ(wide->errors.size(), 1u);
  EXPECT_EQ(wide->errors[0].line, 2);
  ASSERT_EQ(wide->values.size(), 1u);
  EXPECT_EQ(wide->values[0].region_code, "ES61");
}

TEST(IndicatorImportTest, WideCsvWithYearColumnOrAGivenYear) {
  std::string csv = "nuts_code;name;gerd;hrst\nES41;Castilla y León;1,0;30\nPT18;Alentejo;;28.5\n";
  auto no_year = ParseFile("w.csv", csv);
  ASSERT_FALSE(no_year.ok());
  EXPECT_NE(no_year.status().message().find("year"), std::string::npos);
  ParseOptions o;
  o.year = 2021;
  auto f = ParseFile("w.csv", csv, o);
  ASSERT_TRUE(f.ok()) << f.status().message();
  EXPECT_EQ(f->layout, Layout::kWide);
  // "1,0" is not a number with a dot decimal: reported, not guessed.
  ASSERT_EQ(f->errors.size(), 1u);
  EXPECT_EQ(f->errors[0].message, "line 2: value \"1,0\" of gerd is not a number");
  EXPECT_EQ(f->values.size(), 2u);
  EXPECT_EQ(f->values[0].year, 2021);
  EXPECT_EQ(f->empty_values, 1);

  std::string with_year = "region,year,gerd\nES41,2019,1.1\nES41,2020,1.2\n";
  auto g = ParseFile("w.csv", with_year);
  ASSERT_TRUE(g.ok());
  EXPECT_TRUE(g->errors.empty());
  EXPECT_EQ(g->values.size(), 2u);
  EXPECT_EQ(g->values[1].year, 2020);
}

TEST(IndicatorImportTest, XlsxUsesRowNumbers) {
  std::string x = Xlsx({{"Region", "Indicator", "Year", "Value"},
                        {"ES41", "gerd", "#n:2020", "#n:1.5"},
                        {"ES61", "gerd", "#n:2020", "high"}});
  auto f = ParseFile("d.xlsx", x);
  ASSERT_TRUE(f.ok()) << f.status().message();
  EXPECT_EQ(f->layout, Layout::kTidy);
  ASSERT_EQ(f->values.size(), 1u);
  EXPECT_DOUBLE_EQ(f->values[0].value, 1.5);
  ASSERT_EQ(f->errors.size(), 1u);
  EXPECT_EQ(f->errors[0].message, "row 3: value \"high\" of gerd is not a number");
}

TEST(IndicatorImportTest, EurostatLayoutListsUnmappedCodesWithoutErrors) {
  std::string csv =
      "year,region_type,region_year_spec,region_id,region_level,rd_e_gerdreg_total_pc_gdp\n"
      "2011,NUTS,2010,AT,0,2.67\n"
      "2011,NUTS,2010,EU27_2020,7,2.1\n"
      "2011,NUTS,2010,HU10,2,1.5\n"
      "2011,NUTS,2010,FR24,2,1.9\n"
      "2011,NUTS,2010,FRB0,2,2.0\n"  // the same region under its 2021 code: this value wins
      "2012,NUTS,2010,FR24,2,1.8\n";
  auto f = ParseFile("rd_e_gerdreg_total_pc_gdp.csv", csv);
  ASSERT_TRUE(f.ok()) << f.status().message();
  EXPECT_EQ(f->layout, Layout::kEurostat);
  EXPECT_TRUE(f->errors.empty());
  EXPECT_EQ(f->excluded_rows, 2);
  EXPECT_EQ(f->superseded_rows, 1);
  ASSERT_EQ(f->values.size(), 3u);
  EXPECT_EQ(f->values[1].region_code, "FRB0");
  EXPECT_DOUBLE_EQ(f->values[1].value, 2.0);
  EXPECT_EQ(f->values[2].original_code, "FR24");
  EXPECT_EQ(f->mapping.size(), 3u);  // EU27_2020, HU10, FR24
  EXPECT_EQ(f->unmapped_codes(), 2);
  EXPECT_TRUE(f->CanCommit(false));
}

TEST(IndicatorImportTest, RefusesFilesThatFitNoLayout) {
  EXPECT_EQ(ParseFile("x.txt", "a,b").status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(ParseFile("x.csv", "").status().code(), ErrorCode::kInvalidArgument);
  auto tidy = ParseFile("x.csv", "region,indicator,value\nES41,a,1\n", {Layout::kTidy, {}});
  ASSERT_FALSE(tidy.ok());
  EXPECT_NE(tidy.status().message().find("missing: year"), std::string::npos);
  EXPECT_EQ(ParseFile("x.xlsx", "not a zip").status().code(), ErrorCode::kInvalidArgument);
}

TEST(IndicatorImportTest, EurostatSidecarGivesLabelAndUnit) {
  auto m = ReadEurostatSidecar(
      R"json({"schema":{"value":{"id":"rd_x","label":"GERD by sector (All sectors, Percentage of gross domestic product (GDP))"}}})json");
  EXPECT_EQ(m.code, "rd_x");
  EXPECT_EQ(m.unit, "Percentage of gross domestic product (GDP)");
  EXPECT_TRUE(ReadEurostatSidecar("not json").code.empty());
}

// ---- commit through the store, both engines ----

class IndicatorCommitTest : public corridor::testing::StoreTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(StoreTest::SetUp());
    ws_ = AddWorkspace(domain::Workspace{0, "corr", "Corridor test", "CORR", "project", "", "", "", {}});
    ASSERT_GT(ws_, 0);
  }
  int64_t ws_ = 0;
  storage::Actor who_{0, "tester"};
};

TEST_P(IndicatorCommitTest, AllOrNothingUnlessSkippingAndReplace) {
  auto c = db_->Acquire();
  auto f = ParseFile("d.csv", "region,indicator,year,value\nES41,gerd,2020,1\nXX99,gerd,2020,2\nPT18,gerd,2020,3\n");
  ASSERT_TRUE(f.ok());
  CommitOptions o;
  auto refused = Commit(*c, ws_, *f, o, who_);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("line 3: region XX99"), std::string::npos);
  storage::IndicatorStore store(*c);
  EXPECT_TRUE(store.ListDatasets(ws_)->empty());  // nothing committed

  o.skip_bad_rows = true;
  o.directions["gerd"] = -1;
  auto done = Commit(*c, ws_, *f, o, who_);
  ASSERT_TRUE(done.ok()) << done.status().message();
  EXPECT_EQ(done->values, 2);
  EXPECT_EQ(done->skipped_rows, 1);
  auto datasets = store.ListDatasets(ws_);
  ASSERT_EQ(datasets->size(), 1u);
  EXPECT_EQ((*datasets)[0].name, "d");
  EXPECT_NE((*datasets)[0].report.find("line 3: region XX99"), std::string::npos);
  ASSERT_EQ((*datasets)[0].indicators.size(), 1u);
  EXPECT_EQ((*datasets)[0].indicators[0].direction, -1);
  EXPECT_EQ((*datasets)[0].indicators[0].region_count, 2);

  // The same indicator again: refused unless replacing.
  auto again = ParseFile("d2.csv", "region,indicator,year,value\nES41,gerd,2021,5\n");
  auto conflict = Commit(*c, ws_, *again, CommitOptions{}, who_);
  EXPECT_EQ(conflict.status().code(), ErrorCode::kConflict);
  CommitOptions replace;
  replace.replace = true;
  auto replaced = Commit(*c, ws_, *again, replace, who_);
  ASSERT_TRUE(replaced.ok()) << replaced.status().message();
  EXPECT_EQ(replaced->replaced_indicators, 1);
  auto values = store.Values(ws_, {}, {}, 1900, 2100);
  ASSERT_EQ(values->size(), 1u);
  EXPECT_EQ((*values)[0].year, 2021);
}

TEST_P(IndicatorCommitTest, RealEurostatFilesMapOldCodesAndListTheRest) {
  auto dir = corridor::testing::SharedData("eurostat-regional-innovation-indicators");
  if (!dir) GTEST_SKIP() << "../shared/data/eurostat-regional-innovation-indicators is absent";
  auto c = db_->Acquire();
  int64_t files = 0, values = 0, recoded = 0;
  for (const auto& entry : std::filesystem::directory_iterator(*dir)) {
    if (entry.path().extension() != ".csv") continue;
    auto f = ParseFile(entry.path().filename().string(), corridor::testing::ReadFile(entry.path().string()));
    ASSERT_TRUE(f.ok()) << entry.path() << ": " << f.status().message();
    EXPECT_EQ(f->layout, Layout::kEurostat);
    EXPECT_TRUE(f->errors.empty()) << entry.path() << ": " << f->errors[0].message;
    // Every row is accounted for: imported, left out (listed code) or superseded.
    EXPECT_EQ(static_cast<int64_t>(f->values.size()) + f->excluded_rows + f->superseded_rows + f->empty_values, f->rows_read)
        << entry.path();
    if (entry.path().filename() == "rd_e_gerdreg_total_pc_gdp.csv") {
      // 3,183 rows (SOURCE.md) = 2,986 imported + 197 of 37 listed codes; 91 rows of old codes recoded.
      EXPECT_EQ(f->rows_read, 3183);
      EXPECT_EQ(f->values.size(), 2986u);
      EXPECT_EQ(f->excluded_rows, 197);
      EXPECT_EQ(f->unmapped_codes(), 37);
      EXPECT_EQ(f->recoded_rows(), 91);
      bool eu = false, hu10 = false;
      for (const auto& m : f->mapping) {
        eu = eu || (m.original == "EU27_2020" && m.status == CodeStatus::kAggregate);
        hu10 = hu10 || (m.original == "HU10" && m.status == CodeStatus::kSplit);
      }
      EXPECT_TRUE(eu);
      EXPECT_TRUE(hu10);
    }
    std::printf("[ info ] %s: %zu values, %lld recoded rows, %lld unmapped codes (%lld rows left out), %lld superseded\n",
                entry.path().filename().c_str(), f->values.size(), static_cast<long long>(f->recoded_rows()),
                static_cast<long long>(f->unmapped_codes()), static_cast<long long>(f->excluded_rows),
                static_cast<long long>(f->superseded_rows));
    CommitOptions o;
    auto json = entry.path();
    json.replace_extension(".json");
    if (std::filesystem::exists(json)) {
      IndicatorMeta meta = ReadEurostatSidecar(corridor::testing::ReadFile(json.string()));
      o.meta[f->indicators[0].code] = meta;
    }
    auto done = Commit(*c, ws_, *f, o, who_);
    ASSERT_TRUE(done.ok()) << entry.path() << ": " << done.status().message();
    ++files;
    values += done->values;
    recoded += f->recoded_rows();
  }
  EXPECT_EQ(files, 11);
  EXPECT_GT(recoded, 0);
  storage::IndicatorStore store(*c);
  auto indicators = store.ListIndicators(ws_);
  ASSERT_EQ(indicators->size(), 11u);
  auto gerd = store.FindIndicator(ws_, "rd_e_gerdreg_total_pc_gdp");
  ASSERT_TRUE(gerd->has_value());
  EXPECT_EQ((*gerd)->min_year, 2011);
  EXPECT_EQ((*gerd)->max_year, 2020);
  EXPECT_FALSE((*gerd)->label.empty());
  // FR24 (Centre) was mapped: FRB0 has values for the early years.
  auto frb0 = store.Values(ws_, {(*gerd)->id}, {"FRB0"}, 2011, 2020);
  EXPECT_FALSE(frb0->empty());
  std::printf("[ info ] %lld values from %lld Eurostat files, %lld rows recoded to NUTS 2021\n",
              static_cast<long long>(values), static_cast<long long>(files), static_cast<long long>(recoded));
}

INSTANTIATE_TEST_SUITE_P(Engines, IndicatorCommitTest, ::testing::ValuesIn(corridor::testing::TestEngines()),
                         corridor::testing::EngineName());

}  // namespace
}  // namespace corridor::importers::indicators
