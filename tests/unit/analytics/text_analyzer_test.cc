#include "analytics/text_analyzer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace corridor::analytics {
namespace {

bool Has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST(TextAnalyzerTest, InflectionsShareOneStem) {
  TextAnalyzer a;
  auto stems = a.Analyze("recycling recycled recycles");
  ASSERT_EQ(stems.size(), 3u);
  EXPECT_EQ(stems[0], stems[1]);
  EXPECT_EQ(stems[1], stems[2]);
  EXPECT_EQ(stems[0], "recycl");
  EXPECT_EQ(a.Analyze("magnets"), std::vector<std::string>{"magnet"});
  EXPECT_EQ(a.Analyze("batteries")[0], a.Analyze("battery")[0]);
}

TEST(TextAnalyzerTest, RemovesEnglishAndProjectSpeakStopwords) {
  TextAnalyzer a;
  auto stems = a.Analyze(
      "The project will also develop a new approach based on the recycling of magnets in European "
      "projects, and the development aims at EU level");
  EXPECT_EQ(stems, (std::vector<std::string>{"recycl", "magnet", "level"}));
  EXPECT_TRUE(TextAnalyzer::IsStopword("the"));
  EXPECT_TRUE(TextAnalyzer::IsStopword("project"));
  EXPECT_FALSE(TextAnalyzer::IsStopword("magnet"));
}

TEST(TextAnalyzerTest, StopwordRemovalCanBeDisabled) {
  TextAnalyzerOptions o;
  o.remove_stopwords = false;
  TextAnalyzer a(o);
  EXPECT_TRUE(Has(a.Analyze("the project"), "the"));
  EXPECT_TRUE(Has(a.Analyze("the project"), "project"));
}

TEST(TextAnalyzerTest, FoldsAccentsAndLowercases) {
  TextAnalyzer a;
  auto toks = a.AnalyzeWithSurface("Électrolyse SOCIÉTÉ Zürich");
  ASSERT_EQ(toks.size(), 3u);
  EXPECT_EQ(toks[0].surface, "electrolyse");
  EXPECT_EQ(toks[1].surface, "societe");
  EXPECT_EQ(toks[2].surface, "zurich");
  EXPECT_EQ(a.Analyze("Société")[0], a.Analyze("societe")[0]);
}

TEST(TextAnalyzerTest, NumbersAndCodes) {
  TextAnalyzer a;
  auto stems = a.Analyze("NdFeB magnets, H2020 grant 101058598, CO2 by 2030, 42 kt, 7 x");
  EXPECT_TRUE(Has(stems, "ndfeb"));
  EXPECT_TRUE(Has(stems, "h2020"));  // digits-with-letters kept and not stemmed
  EXPECT_TRUE(Has(stems, "co2"));
  EXPECT_TRUE(Has(stems, "2030"));   // short numbers (years) kept
  EXPECT_TRUE(Has(stems, "42"));
  EXPECT_TRUE(Has(stems, "kt"));
  EXPECT_FALSE(Has(stems, "101058598"));  // pure numbers over 4 digits dropped
  EXPECT_FALSE(Has(stems, "7"));          // single characters dropped
  EXPECT_FALSE(Has(stems, "x"));
}

TEST(TextAnalyzerTest, SplitsOnPunctuationIncludingUnicode) {
  TextAnalyzer a;
  auto toks = a.AnalyzeWithSurface("state-of-the-art “magnet”—recycling;Li-ion\xC2\xA0" "cells");
  std::vector<std::string> surfaces;
  for (const auto& t : toks) surfaces.push_back(t.surface);
  EXPECT_EQ(surfaces, (std::vector<std::string>{"state", "art", "magnet", "recycling", "li", "ion", "cells"}));
}

TEST(TextAnalyzerTest, NonLatinLettersStayWords) {
  TextAnalyzer a;
  auto toks = a.AnalyzeWithSurface("Ελλάδα και Κύπρος");
  ASSERT_EQ(toks.size(), 3u);
  EXPECT_EQ(toks[0].surface, "Ελλάδα");
}

TEST(TextAnalyzerTest, InvalidUtf8DoesNotCrashOrLeak) {
  TextAnalyzer a;
  std::string bad = "magnet\xFF\xFEmagnets\xC3";
  auto stems = a.Analyze(bad);
  EXPECT_EQ(stems, (std::vector<std::string>{"magnet", "magnet"}));
  EXPECT_TRUE(a.Analyze("").empty());
  EXPECT_TRUE(a.Analyze("  ,;  ").empty());
}

TEST(TextAnalyzerTest, OverlongTokensDropped) {
  TextAnalyzer a;
  EXPECT_TRUE(a.Analyze(std::string(100, 'a')).empty());
}

TEST(TextAnalyzerTest, StemmingCanBeDisabled) {
  TextAnalyzerOptions o;
  o.stem = false;
  TextAnalyzer a(o);
  EXPECT_EQ(a.Analyze("Recycling"), std::vector<std::string>{"recycling"});
}

TEST(TextAnalyzerTest, CacheEvictionKeepsResultsStable) {
  TextAnalyzerOptions o;
  o.max_cache_entries = 2;
  TextAnalyzer a(o);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(a.Analyze("recycling magnets alloys batteries"),
              (std::vector<std::string>{"recycl", "magnet", "alloy", "batteri"}));
  }
}

TEST(TextAnalyzerTest, CacheGrowthKeepsEveryWordsStem) {
  TextAnalyzer a;
  TextAnalyzer reference;
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "word" + std::to_string(i) + "ing recycl" + std::string(1, char('a' + i % 26)) + "s ";
  auto stems = a.Analyze(text);
  ASSERT_EQ(stems.size(), 40000u);
  for (int i = 0; i < 20000; i += 997) {
    EXPECT_EQ(stems[2 * i], "word" + std::to_string(i) + "ing");  // has digits: a code, not stemmed
    EXPECT_EQ(stems[2 * i + 1], reference.Stem("recycl" + std::string(1, char('a' + i % 26)) + "s"));
  }
  EXPECT_EQ(a.Analyze(text), stems);  // second pass: all cache hits, same answers
}

TEST(TextAnalyzerTest, TokenIdsAreStablePerWordUntilTheCacheIsCleared) {
  TextAnalyzerOptions o;
  o.max_cache_entries = 3;
  TextAnalyzer a(o);
  std::vector<uint32_t> ids;
  a.ForEachTokenId("magnet alloy magnet", [&](uint32_t id, std::string_view, std::string_view) { ids.push_back(id); });
  ASSERT_EQ(ids.size(), 3u);
  EXPECT_EQ(ids[0], ids[2]);
  EXPECT_NE(ids[0], ids[1]);
  const uint64_t epoch = a.cache_epoch();
  a.Analyze("steel furnace cobalt nickel");  // exceeds 3 entries: the cache is reset
  EXPECT_NE(a.cache_epoch(), epoch);
}

TEST(TextAnalyzerTest, AnalyzerIsMovable) {
  TextAnalyzer a;
  TextAnalyzer b = std::move(a);
  EXPECT_EQ(b.Analyze("recycling"), std::vector<std::string>{"recycl"});
}

TEST(SurfaceFormsTest, MostFrequentWordWins) {
  TextAnalyzer a;
  SurfaceForms forms;
  forms.AddText(a, "recycled magnets; recycling recycling; recycle");
  EXPECT_EQ(forms.Best("recycl"), "recycling");
  EXPECT_EQ(forms.Best("magnet"), "magnets");
  EXPECT_EQ(forms.Best("unknown"), "unknown");  // falls back to the stem
}

TEST(SurfaceFormsTest, TiesPreferShorterWord) {
  SurfaceForms forms;
  forms.Add("magnet", "magnets");
  forms.Add("magnet", "magnet");
  EXPECT_EQ(forms.Best("magnet"), "magnet");
}

TEST(SplitWordsTest, KeepsEverythingAlphanumeric) {
  auto w = SplitWords("e.v. s.p.a. 3m ab-c");
  std::vector<std::string> got(w.begin(), w.end());
  EXPECT_EQ(got, (std::vector<std::string>{"e", "v", "s", "p", "a", "3m", "ab", "c"}));
}

}  // namespace
}  // namespace corridor::analytics
