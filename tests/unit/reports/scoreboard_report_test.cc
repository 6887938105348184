// Issue 5 (scoreboard outputs) from an in-memory report: the comparison table, the radar's
// geometry, strengths and gaps, the formula guard on CSV, escaping in Markdown and HTML, and
// the sector note's S3P ties.
#include <gtest/gtest.h>

#include <regex>

#include "reports/scoreboard_report.h"

namespace corridor::reports {
namespace {

ScoreboardReport Sample() {
  ScoreboardReport r;
  r.workspace_acronym = "I4-GREEN";
  r.framework = domain::I4GreenFramework();
  r.round.round.id = 1;
  r.round.round.title = "Spring 2025";
  r.round.round.date = "2025-04-29";
  r.regions = {{"ES41", "Castilla y León"}, {"PT18", "Alentejo"}};
  auto add = [&](const std::string& region, const std::string& dim, double v, const std::string& ev,
                 std::vector<std::string> sources = {"I4-GREEN D6.3, Table 1"}) {
    domain::Score s;
    s.region_code = region;
    s.dimension_key = dim;
    s.value = v;
    s.evidence = ev;
    s.sources = std::move(sources);
    r.scores.push_back(s);
  };
  add("ES41", "innovation-capacity", 4, "Strong ecosystem.");
  add("ES41", "cluster-maturity", 4, "High maturity.");
  add("ES41", "sme-engagement", 4, "Robust.");
  add("ES41", "circular-economy", 4, "Advanced.");
  add("ES41", "s3-alignment", 5, "Directly supports RIS3.");
  add("PT18", "innovation-capacity", 2, "=HYPERLINK(\"http://evil\")", {"-2+3 <script>alert(1)</script>"});
  add("PT18", "sme-engagement", 1, "Limited | piped\nsecond line");
  r.catalogue = domain::SeedS3pCatalogue();
  r.generated_on = "2025-05-01";
  return r;
}

TEST(ScoreboardReport, ComparisonTableLikeSeedTable1) {
  ScoreboardReport r = Sample();
  Table t = ComparisonTable(r);
  ASSERT_EQ(t.columns.size(), 3u);
  EXPECT_EQ(t.columns[1].label, "Castilla y León (ES41)");
  ASSERT_EQ(t.rows.size(), 5u);
  EXPECT_EQ(t.rows[0], (std::vector<std::string>{"Innovation capacity", "Advanced (4)", "Emerging (2)"}));
  EXPECT_EQ(t.rows[1][2], "");  // not scored
  EXPECT_EQ(ScoresTable(r, "PT18").rows.size(), 2u);
}

TEST(ScoreboardReport, RadarGeometry) {
  // Five axes on 0..5: a value of 5 lies on the outer ring, straight up for the first axis.
  std::string svg = RadarSvg({"a", "b", "c", "d", "e"}, {5, 0, 0, 0, 0}, 0, 5, "T <x>");
  EXPECT_EQ(std::count(svg.begin(), svg.end(), '\n') > 5, true);
  EXPECT_NE(svg.find("aria-label=\"T &lt;x&gt;\""), std::string::npos);
  EXPECT_NE(svg.find("<circle class=\"value\" cx=\"200.0\" cy=\"60.0\""), std::string::npos) << svg;  // 170 - 110
  EXPECT_NE(svg.find("<circle class=\"value\" cx=\"200.0\" cy=\"170.0\""), std::string::npos);       // 0 at the centre
  std::regex rings("class=\"ring\"");
  EXPECT_EQ(std::distance(std::sregex_iterator(svg.begin(), svg.end(), rings), std::sregex_iterator()), 5);
  EXPECT_NE(RadarSvg({"a", "b"}, {1, 2}, 0, 5, "t").find("Not enough dimensions"), std::string::npos);
}

TEST(ScoreboardReport, StrengthsAndGaps) {
  ScoreboardReport r = Sample();
  auto [s, g] = StrengthsAndGaps(r, "ES41");
  EXPECT_EQ(s, (std::vector<std::string>{"Smart-specialisation alignment"}));
  EXPECT_EQ(g, (std::vector<std::string>{"Innovation capacity", "Cluster ecosystem maturity", "SME engagement and adoption",
                                         "Circular economy implementation"}));
  auto [s2, g2] = StrengthsAndGaps(r, "PT18");
  EXPECT_EQ(s2, (std::vector<std::string>{"Innovation capacity"}));
  EXPECT_EQ(g2, (std::vector<std::string>{"SME engagement and adoption"}));
}

TEST(ScoreboardReport, CsvIsFormulaGuardedAndMarkdownHtmlEscaped) {
  ScoreboardReport r = Sample();
  std::string csv = ScoreboardUpdateCsv(r);
  EXPECT_NE(csv.find("\"'=HYPERLINK(\"\"http://evil\"\")\""), std::string::npos) << csv;
  EXPECT_NE(csv.find("'-2+3 <script>"), std::string::npos);
  std::string md = ScoreboardUpdateMarkdown(r);
  EXPECT_EQ(md.find("<script>"), std::string::npos);
  EXPECT_NE(md.find("Limited \\| piped<br>second line"), std::string::npos);
  EXPECT_NE(md.find("&lt;script&gt;"), std::string::npos);
  // Quotes and ampersands read as typed in the plain-text file.
  EXPECT_NE(md.find("=HYPERLINK(\"http://evil\")"), std::string::npos);
  EXPECT_EQ(md.find("&quot;"), std::string::npos);
  std::string html = ScoreboardUpdateHtml(r);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
  EXPECT_NE(html.find("<svg"), std::string::npos);
  auto xlsx = ScoreboardUpdateXlsx(r);
  ASSERT_TRUE(xlsx.ok()) << xlsx.status().message();
  EXPECT_EQ(xlsx->substr(0, 2), "PK");
}

TEST(ScoreboardReport, SectorNoteWithPartnerships) {
  ScoreboardReport r = Sample();
  auto note = SectorNoteMarkdown(r, "ES41");
  ASSERT_TRUE(note.ok());
  EXPECT_NE(note->find("# Sector note: Castilla y León (ES41)"), std::string::npos);
  EXPECT_NE(note->find("**Strengths:** Smart-specialisation alignment"), std::string::npos);
  EXPECT_NE(note->find("| Advanced Materials for Batteries |"), std::string::npos);  // Castile & Leon leads it
  EXPECT_EQ(note->find("| Mining |"), std::string::npos);
  auto html = SectorNoteHtml(r, "PT18");
  ASSERT_TRUE(html.ok());
  EXPECT_NE(html->find("Tied to no partnership of the catalogue."), std::string::npos);
  EXPECT_EQ(SectorNoteCsv(r, "FR10").status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(ScoreboardFileName(r, "ES41", "md"), "i4-green-sector-note-es41-spring-2025.md");
}

}  // namespace
}  // namespace corridor::reports
