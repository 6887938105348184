// Issue 5 (scoreboard): the built-in frameworks, score validation messages, sources, staleness
// dates, the S3P seed catalogue and the selection filter, and the hand-written NUTS table checked
// against the reference list when ../shared is present.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "core/strings.h"
#include "domain/scoreboard.h"
#include "test_support.h"

namespace corridor::domain {
namespace {

Score Valid(const std::string& dim = "innovation-capacity", double v = 4) {
  Score s;
  s.region_code = "ES41";
  s.dimension_key = dim;
  s.value = v;
  s.evidence = "Strong innovation ecosystem.\nEU project participation.";
  s.sources = {"I4-GREEN D6.3, Table 1"};
  return s;
}

TEST(ScoreboardDomain, BuiltInFrameworks) {
  Framework i4 = I4GreenFramework();
  ASSERT_TRUE(ValidateFramework(i4).ok()) << ValidateFramework(i4).message();
  ASSERT_EQ(i4.dimensions.size(), 5u);
  EXPECT_EQ(i4.dimensions[0].key, "innovation-capacity");
  EXPECT_EQ(i4.dimensions[1].name, "Cluster ecosystem maturity");
  EXPECT_EQ(i4.dimensions[2].name, "SME engagement and adoption");
  EXPECT_EQ(i4.dimensions[3].name, "Circular economy implementation");
  EXPECT_EQ(i4.dimensions[4].key, "s3-alignment");
  ASSERT_EQ(i4.scale.levels.size(), 5u);
  for (const auto& l : i4.scale.levels) EXPECT_FALSE(l.meaning.empty()) << l.label;

  Framework neo = NeoCycleFramework();
  ASSERT_TRUE(ValidateFramework(neo).ok());
  ASSERT_EQ(neo.dimensions.size(), 2u);
  EXPECT_EQ(neo.dimensions[0].layer, "Strategic leverage");
  EXPECT_EQ(neo.dimensions[1].layer, "Operational maturity");
  ASSERT_EQ(neo.scale.levels.size(), 4u);
  EXPECT_EQ(ValueLabel(neo.scale, 1), "MEDIUM (1)");
  EXPECT_EQ(ValueLabel(neo.scale, 3), "VERY HIGH (3)");
  EXPECT_EQ(ValueLabel(neo.scale, 4), "CRITICAL (4)");
  EXPECT_NE(neo.scale.levels[3].meaning.find("mobilise implementation actors"), std::string::npos);
  EXPECT_EQ(ParseScaleValue(neo.scale, "very-high"), 3.0);
  EXPECT_EQ(ParseScaleValue(neo.scale, "2"), 2.0);
  EXPECT_FALSE(ParseScaleValue(neo.scale, "huge").has_value());
}

TEST(ScoreboardDomain, FrameworkValidationNamesTheField) {
  Framework f = I4GreenFramework();
  f.dimensions[1].key = "Innovation Capacity";
  EXPECT_EQ(ValidateFramework(f).message(),
            "dimensions[2].key: \"Innovation Capacity\" must be 1-60 lower-case letters, digits and -");
  f = I4GreenFramework();
  f.dimensions[2].key = f.dimensions[0].key;
  EXPECT_EQ(ValidateFramework(f).message(), "dimensions[3].key: \"innovation-capacity\" is used twice");
  f = I4GreenFramework();
  f.scale.levels[1].value = 1;
  EXPECT_EQ(ValidateFramework(f).message(), "scale.levels[2].value: 1 is used twice");
  f = I4GreenFramework();
  f.scale.levels.clear();
  f.scale.min = 5;
  f.scale.max = 1;
  EXPECT_EQ(ValidateFramework(f).message(), "scale: a numeric scale needs min < max");
  f.scale.max = 100;
  EXPECT_TRUE(ValidateFramework(f).ok());
}

TEST(ScoreboardDomain, ScoreValidationMessages) {
  Framework f = I4GreenFramework();
  EXPECT_TRUE(ValidateScore(f, Valid()).ok());

  Score s = Valid();
  s.evidence = "  \n ";
  EXPECT_EQ(ValidateScore(f, s).message(),
            "ES41 / innovation-capacity: evidence: an evidence note (1-3 lines) is required");
  s = Valid();
  s.evidence = "one\ntwo\nthree\nfour";
  EXPECT_EQ(ValidateScore(f, s).message(), "ES41 / innovation-capacity: evidence: at most 3 lines (4 given)");
  s.evidence = "one\n\n\ntwo\r\nthree";  // blank lines do not count
  EXPECT_TRUE(ValidateScore(f, s).ok());
  s.evidence = std::string(kMaxEvidenceChars + 1, 'x');
  EXPECT_NE(ValidateScore(f, s).message().find("evidence: at most 600 characters"), std::string::npos);

  s = Valid();
  s.sources.clear();
  EXPECT_EQ(ValidateScore(f, s).message(),
            "ES41 / innovation-capacity: sources: at least one source (a URL or a document reference) is required");
  s.sources = {"https://example.org/ris3", "javascript:alert(1)"};
  EXPECT_EQ(ValidateScore(f, s).message(),
            "ES41 / innovation-capacity: sources: line 2: \"javascript:alert(1)\": only http(s) links or document "
            "references are accepted");
  s.sources = {"https://"};
  EXPECT_NE(ValidateScore(f, s).message().find("not a complete URL"), std::string::npos);

  s = Valid("innovation-capacity", 6);
  EXPECT_EQ(ValidateScore(f, s).message(),
            "ES41 / innovation-capacity: value: 6 is not on the scale (1 Nascent, 2 Emerging, 3 Developing, 4 Advanced, "
            "5 Leading)");
  s = Valid("innovation-capacity", 2.5);
  EXPECT_FALSE(ValidateScore(f, s).ok());
  s = Valid("no-such-dimension");
  EXPECT_EQ(ValidateScore(f, s).message(),
            "ES41 / no-such-dimension: dimension: \"no-such-dimension\" is not a dimension of I4-GREEN regional benchmarking");
}

TEST(ScoreboardDomain, SourcesAndCodes) {
  EXPECT_TRUE(ValidateSource("https://s3platform.jrc.ec.europa.eu/").ok());
  EXPECT_TRUE(ValidateSource("I4-GREEN D6.3, Table 1").ok());
  EXPECT_TRUE(ValidateSource("RIS3 Castilla y León 2021-2027: p. 14").ok());  // a colon inside a reference
  EXPECT_FALSE(ValidateSource("file:///etc/passwd").ok());
  EXPECT_FALSE(ValidateSource("ab").ok());
  EXPECT_EQ(SplitSources(" a ref\r\n\nhttps://x.eu/a\na ref\n"), (std::vector<std::string>{"a ref", "https://x.eu/a"}));
  EXPECT_TRUE(IsNutsCodeSyntax("ES41"));
  EXPECT_TRUE(IsNutsCodeSyntax("FI1D7"));
  EXPECT_TRUE(IsNutsCodeSyntax("SI"));
  EXPECT_FALSE(IsNutsCodeSyntax("es41"));
  EXPECT_FALSE(IsNutsCodeSyntax("E"));
  EXPECT_FALSE(IsNutsCodeSyntax("ES4123"));
}

TEST(ScoreboardDomain, SixCalendarMonths) {
  EXPECT_EQ(AddMonths("2025-04-29", 6), "2025-10-29");
  EXPECT_EQ(AddMonths("2025-08-31", 6), "2026-02-28");
  EXPECT_EQ(AddMonths("2023-08-31", 6), "2024-02-29");
  EXPECT_EQ(AddMonths("2025-11-15", 3), "2026-02-15");
  EXPECT_FALSE(OlderThanSixMonths("2025-04-29", "2025-10-29"));  // exactly six months: still current
  EXPECT_TRUE(OlderThanSixMonths("2025-04-29", "2025-10-30"));
  EXPECT_FALSE(OlderThanSixMonths("not a date", "2030-01-01"));
}

TEST(ScoreboardDomain, RoundValidation) {
  Round r;
  r.title = "Spring round";
  r.date = "2025-13-01";
  EXPECT_EQ(ValidateRound(r).message(), "date: \"2025-13-01\" is not a date (YYYY-MM-DD)");
  r.date = "2025-03-01";
  EXPECT_TRUE(ValidateRound(r).ok());
  r.trigger = RoundTrigger::kEvent;
  EXPECT_EQ(ValidateRound(r).message(), "event: a round after an event names the event");
  r.event_title = "Clusters Meet Regions, Seville";
  EXPECT_TRUE(ValidateRound(r).ok());
}

TEST(ScoreboardDomain, SeedCatalogueAndSelectionFilter) {
  auto cat = SeedS3pCatalogue();
  ASSERT_EQ(cat.size(), 8u);
  for (const auto& p : cat) EXPECT_TRUE(ValidateS3pPartnership(p).ok()) << p.partnership;
  EXPECT_EQ(cat[0].partnership, "Mining");
  EXPECT_EQ(cat[0].priority, S3pPriority::kCritical);
  EXPECT_EQ(cat[0].region_codes, (std::vector<std::string>{"FI1D7", "FI1D3", "ES61"}));
  EXPECT_EQ(cat[1].priority, S3pPriority::kVeryHigh);
  EXPECT_EQ(cat[1].region_codes, (std::vector<std::string>{"ES61", "ES41", "SI04"}));
  EXPECT_FALSE(cat[0].benchmark_points.empty());
  EXPECT_FALSE(cat[0].interaction_focus.empty());

  // The I4-GREEN regions plus Lombardy: Andalucía (CRITICAL) first, then Castilla y León (VERY
  // HIGH), then Lombardy (HIGH), then the two tied to nothing in their given order.
  auto order = OrderBySelectionFilter({"PT18", "ITC4", "ES43", "ES41", "ES61"}, cat);
  ASSERT_EQ(order.size(), 5u);
  EXPECT_EQ(order[0].code, "ES61");
  EXPECT_EQ(order[0].partnerships[0], "Mining (CRITICAL)");
  EXPECT_TRUE(order[0].Selected());
  EXPECT_EQ(order[1].code, "ES41");
  EXPECT_EQ(order[1].partnerships, (std::vector<std::string>{"Advanced Materials for Batteries (VERY HIGH)"}));
  EXPECT_EQ(order[2].code, "ITC4");
  EXPECT_FALSE(order[2].Selected());
  EXPECT_EQ(order[3].code, "PT18");
  EXPECT_FALSE(order[3].top.has_value());
  EXPECT_EQ(order[4].code, "ES43");
  // NUTS nesting: Lappi's level-2 parent is tied through it; Slovenia's regions through SI.
  auto nested = OrderBySelectionFilter({"FI1D", "SI03"}, cat);
  EXPECT_EQ(nested[0].code, "FI1D");
  EXPECT_EQ(nested[0].top, S3pPriority::kCritical);
  EXPECT_EQ(nested[1].top, S3pPriority::kHigh);  // SME Integration to Industry 4.0 (SI)
}

// The hand-written table of Table 1's leading regions against the NUTS 2021 reference list.
TEST(ScoreboardDomain, NamedRegionsResolveInNuts2021) {
  CORRIDOR_REQUIRE_SHARED(dir, "nuts2021-geojson");
  std::ifstream in(dir / "nuts2021_regions_from_LB.csv");
  ASSERT_TRUE(in.good());
  std::map<std::string, std::string> names;
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    auto cols = strings::Split(line, ',');
    if (cols.size() > 3) names[cols[0]] = cols[3];
  }
  for (const auto& r : S3pNamedRegions())
    for (const auto& code : r.codes) EXPECT_TRUE(names.count(code)) << r.name << " -> " << code;
  EXPECT_EQ(names["FI1D7"], "Lappi");
  EXPECT_EQ(names["FI1D3"], "Pohjois-Karjala");
  EXPECT_EQ(names["SI04"], "Zahodna Slovenija");
  EXPECT_EQ(names["HU32"], "Észak-Alföld");
  for (const char* code : {"ES41", "ES61", "ES43", "PT18"}) EXPECT_TRUE(names.count(code)) << code;
  EXPECT_EQ(names["PT18"], "Alentejo");
}

}  // namespace
}  // namespace corridor::domain
