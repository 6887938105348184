#include "reports/registry_export.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace corridor::reports {
namespace {

domain::SisterProject Project(const std::string& acronym, std::vector<std::string> links, const std::string& topic,
                              const std::string& programme, const std::string& relevance,
                              domain::Stage stage = domain::Stage::kLonglist) {
  domain::SisterProject p;
  p.fields["acronym"] = acronym;
  p.fields["name"] = acronym + " project";
  p.fields["programme"] = programme;
  p.fields["relevance_score"] = relevance;
  p.value_chain_links = std::move(links);
  p.topic = topic;
  p.stage = stage;
  return p;
}

std::vector<domain::SisterProject> Sample() {
  return {
      Project("HARMONY", {"Collection phase", "Recycling phase", "Standardisation"}, "Recycling technology",
              "Horizon Europe", "4", domain::Stage::kShortlist),
      Project("COMENZE", {"Research"}, "Research", "Horizon Europe", "1"),
      Project("NEOHIRE", {"Recycling phase"}, "Recycling technology", "Horizon 2020", "3", domain::Stage::kShortlist),
      Project("RAW4RES", {"Standardisation"}, "Standardisation", "Interreg Europe", "3"),
      Project("LONELY", {}, "", "", ""),
  };
}

std::vector<std::pair<std::string, int64_t>> Pairs(const std::vector<CountItem>& items) {
  std::vector<std::pair<std::string, int64_t>> out;
  for (const auto& i : items) out.emplace_back(i.label, i.count);
  return out;
}

TEST(RegistryTable, Table1LayoutWithSectionsFocalLabelsAndAnalyticalColumns) {
  domain::SisterProject p = Sample()[0];
  p.fields["start_date"] = "2023-06-01";
  p.fields["budget_eur"] = "1234567.89";
  p.grant_id = "101058522";
  Table t = RegistryTable({p}, "NEO-CYCLE");
  ASSERT_TRUE(ValidateTable(t).ok());
  ASSERT_EQ(t.columns.size(), 29u + 5u);
  ASSERT_EQ(t.groups.size(), 5u);
  EXPECT_EQ(t.groups[0].label, "Project identification");
  EXPECT_EQ(t.groups[0].span, 5u);
  EXPECT_EQ(t.groups[3].label, "Relevance to NEO-CYCLE");
  EXPECT_EQ(t.groups[4].label, "Analysis");
  size_t covered = 0;
  for (const auto& g : t.groups) covered += g.span;
  EXPECT_EQ(covered, t.columns.size());
  // The 29 fields in Table-1 order, labels with the focal acronym.
  for (size_t i = 0; i < 29; ++i) EXPECT_EQ(t.columns[i].key, domain::SisterProjectFields()[i].key);
  EXPECT_EQ(t.columns[0].label, "Project name");
  EXPECT_EQ(t.columns[12].label, "Number of NEO-CYCLE partners");
  EXPECT_EQ(t.columns[13].label, "NEO-CYCLE partner name(s)");
  std::vector<std::string> tail;
  for (size_t i = 29; i < t.columns.size(); ++i) tail.push_back(t.columns[i].label);
  EXPECT_EQ(tail, (std::vector<std::string>{"Value-chain links", "Topic", "Level", "Stage", "CORDIS grant ID"}));
  // Kinds drive the XLSX cell types.
  EXPECT_EQ(t.columns[*ColumnIndex(t, "start_date")].kind, ColumnKind::kDate);
  EXPECT_EQ(t.columns[*ColumnIndex(t, "budget_eur")].kind, ColumnKind::kNumber);
  EXPECT_EQ(t.columns[*ColumnIndex(t, "cordis_link")].kind, ColumnKind::kUrl);
  EXPECT_EQ(t.columns[*ColumnIndex(t, "grant_id")].kind, ColumnKind::kText);  // never a number: no 1.01E8
  ASSERT_EQ(t.rows.size(), 1u);
  const auto& row = t.rows[0];
  EXPECT_EQ(row[*ColumnIndex(t, "value_chain_links")], "Collection phase; Recycling phase; Standardisation");
  EXPECT_EQ(row[*ColumnIndex(t, "topic")], "Recycling technology");
  EXPECT_EQ(row[*ColumnIndex(t, "level")], "Very high");
  EXPECT_EQ(row[*ColumnIndex(t, "stage")], "Shortlist");
  EXPECT_EQ(row[*ColumnIndex(t, "grant_id")], "101058522");
  EXPECT_EQ(row[*ColumnIndex(t, "start_date")], "2023-06-01");
}

TEST(RegistryTable, WithoutFocalAcronymSaysFocalProject) {
  Table t = RegistryTable({}, "");
  EXPECT_EQ(t.columns[12].label, "Number of focal project partners");
  EXPECT_EQ(t.groups[3].label, "Relevance to focal project");
  EXPECT_TRUE(t.rows.empty());
}

TEST(RegistryCsv, OneHeaderRowAndFormulaGuard) {
  domain::SisterProject p = Sample()[1];
  p.fields["short_description"] = "=HYPERLINK(\"http://evil.example\",\"click\")";
  p.fields["keywords"] = "-5 magnets; +recycling";
  p.fields["budget_eur"] = "2500000";
  std::string csv = RegistryCsv({p}, "NEO-CYCLE");
  ASSERT_EQ(csv.rfind("\xEF\xBB\xBF", 0), 0u);  // BOM for Excel
  std::string header = csv.substr(3, csv.find("\r\n") - 3);
  EXPECT_EQ(header.rfind("Project name,Project acronym,CORDIS link,", 0), 0u);
  EXPECT_NE(header.find("Number of NEO-CYCLE partners"), std::string::npos);
  EXPECT_NE(header.find(",Value-chain links,Topic,Level,Stage,CORDIS grant ID"), std::string::npos);
  EXPECT_EQ(header.find("Project identification"), std::string::npos);  // no section row in CSV
  EXPECT_NE(csv.find("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\""), std::string::npos);
  EXPECT_NE(csv.find("'-5 magnets; +recycling"), std::string::npos);
  EXPECT_NE(csv.find(",2500000,"), std::string::npos);  // numbers are not guarded
  // Two records: header + one row, CRLF-terminated.
  size_t lines = 0;
  for (size_t i = csv.find("\r\n"); i != std::string::npos; i = csv.find("\r\n", i + 2)) ++lines;
  EXPECT_EQ(lines, 2u);
}

TEST(RegistryXlsx, WritesAWorkbook) {
  auto x = RegistryXlsx(Sample(), "NEO-CYCLE");
  ASSERT_TRUE(x.ok()) << x.status().message();
  ASSERT_GT(x->size(), 1000u);
  EXPECT_EQ(x->substr(0, 4), std::string("PK\x03\x04", 4));
}

TEST(Counts, ByValueChainLinkInChainOrderWithAllDefaultLinks) {
  auto c = CountBy(Sample(), "value_chain_link");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(Pairs(*c), (std::vector<std::pair<std::string, int64_t>>{{"Research", 1},
                                                                     {"Collection phase", 1},
                                                                     {"Recycling phase", 2},
                                                                     {"Standardisation", 2},
                                                                     {"End-user", 0},
                                                                     {"(none)", 1}}));
}

TEST(Counts, TopicProgrammeRelevanceStage) {
  auto topic = CountBy(Sample(), "topic");
  ASSERT_TRUE(topic.ok());
  EXPECT_EQ(Pairs(*topic), (std::vector<std::pair<std::string, int64_t>>{
                               {"Recycling technology", 2}, {"Research", 1}, {"Standardisation", 1}, {"(none)", 1}}));
  auto prog = CountBy(Sample(), "programme");
  ASSERT_TRUE(prog.ok());
  EXPECT_EQ(Pairs(*prog), (std::vector<std::pair<std::string, int64_t>>{
                              {"Horizon Europe", 2}, {"Horizon 2020", 1}, {"Interreg Europe", 1}, {"(none)", 1}}));
  auto rel = CountBy(Sample(), "relevance");
  ASSERT_TRUE(rel.ok());
  EXPECT_EQ(Pairs(*rel), (std::vector<std::pair<std::string, int64_t>>{
                             {"Low", 1}, {"Medium", 0}, {"High", 2}, {"Very high", 1}, {"Unscored", 1}}));
  auto stage = CountBy(Sample(), "stage");
  ASSERT_TRUE(stage.ok());
  EXPECT_EQ(Pairs(*stage), (std::vector<std::pair<std::string, int64_t>>{{"Longlist", 3},
                                                                         {"Shortlist", 2},
                                                                         {"Interaction-filtered", 0},
                                                                         {"Collaboration-ready", 0},
                                                                         {"Informational reference", 0}}));
  EXPECT_EQ(CountBy(Sample(), "colour").status().code(), ErrorCode::kNotFound);
}

TEST(Counts, TopicByLinkCrossTable) {
  SeriesChartData d = TopicByLink(Sample());
  ASSERT_EQ(d.categories, (std::vector<std::string>{"Recycling technology", "Research", "Standardisation", "(none)"}));
  ASSERT_EQ(d.series.front(), "Research");
  auto at = [&](const std::string& t, const std::string& l) {
    size_t c = std::find(d.categories.begin(), d.categories.end(), t) - d.categories.begin();
    size_t s = std::find(d.series.begin(), d.series.end(), l) - d.series.begin();
    return d.values.at(c).at(s);
  };
  EXPECT_EQ(at("Recycling technology", "Recycling phase"), 2);
  EXPECT_EQ(at("Recycling technology", "Collection phase"), 1);
  EXPECT_EQ(at("Recycling technology", "Research"), 0);
  EXPECT_EQ(at("Research", "Research"), 1);
  EXPECT_EQ(at("(none)", "(none)"), 1);
}

TEST(Counts, CsvAndSvgForEveryDimension) {
  for (const auto& dim : CountDimensions()) {
    auto csv = CountsCsv(Sample(), dim, "NEO-CYCLE");
    ASSERT_TRUE(csv.ok()) << dim;
    auto svg = CountsSvg(Sample(), dim, "NEO-CYCLE");
    ASSERT_TRUE(svg.ok()) << dim;
    EXPECT_NE(svg->find("<svg"), std::string::npos) << dim;
    EXPECT_NE(svg->find("class=\"bar\""), std::string::npos) << dim;
  }
  auto csv = CountsCsv(Sample(), "relevance", "NEO-CYCLE");
  EXPECT_EQ(*csv, "\xEF\xBB\xBFLevel,Projects\r\nLow,1\r\nMedium,0\r\nHigh,2\r\nVery high,1\r\nUnscored,1\r\n");
  auto cross = CountsCsv(Sample(), "topic_by_link", "NEO-CYCLE");
  EXPECT_NE(cross->find("Topic,Research,Collection phase,Recycling phase,Standardisation,End-user,(none),Total\r\n"),
            std::string::npos);
  EXPECT_NE(cross->find("Recycling technology,0,1,2,1,0,0,4\r\n"), std::string::npos);
  EXPECT_FALSE(CountsSvg(Sample(), "nope", "X").ok());
  EXPECT_TRUE(IsCountDimension("topic_by_link"));
  EXPECT_FALSE(IsCountDimension("nope"));
}

TEST(Counts, EmptyRegistry) {
  std::vector<domain::SisterProject> none;
  EXPECT_TRUE(CountBy(none, "value_chain_link")->empty());
  EXPECT_TRUE(CountBy(none, "topic")->empty());
  EXPECT_EQ(CountBy(none, "relevance")->size(), 4u);  // the four levels, all zero
  EXPECT_EQ(CountBy(none, "stage")->size(), 5u);
  EXPECT_TRUE(TopicByLink(none).categories.empty());
  for (const auto& dim : CountDimensions()) {
    EXPECT_TRUE(CountsSvg(none, dim, "X").ok()) << dim;
    EXPECT_TRUE(CountsCsv(none, dim, "X").ok()) << dim;
  }
  EXPECT_TRUE(RegistryXlsx(none, "X").ok());
  EXPECT_EQ(RegistryCsv(none, "X").find("\r\n"), RegistryCsv(none, "X").size() - 2);  // header only
}

}  // namespace
}  // namespace corridor::reports
