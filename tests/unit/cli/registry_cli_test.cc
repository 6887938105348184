// `corridor registry list|stage|history|stats` run as a black box against a demo database.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "cli_fixture.h"

namespace corridor::testing {
namespace {

using Outcome = CommandResult;

size_t Count(const std::string& s, const std::string& needle) {
  size_t n = 0;
  for (size_t at = s.find(needle); at != std::string::npos; at = s.find(needle, at + 1)) ++n;
  return n;
}

class RegistryCliTest : public CliTest {};

TEST_F(RegistryCliTest, ListPrintsATableAndFilters) {
  Outcome r = Corridor({"registry", "list", "neo-cycle"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("ID    ACRONYM", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("HARMONY"), std::string::npos);
  EXPECT_NE(r.out.find("very high"), std::string::npos);
  EXPECT_EQ(Count(r.out, "ICARUS – "), 2u);  // two projects share the acronym; the names tell them apart
  EXPECT_NE(r.out.find("\n29 sister projects\n"), std::string::npos);
  // The acronym works as the workspace name too; filters narrow the rows.
  r = Corridor({"registry", "list", "NEO-CYCLE", "--stage", "interaction-filtered"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("\n10 sister projects\n"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("COMENZE"), std::string::npos);
  r = Corridor({"registry", "list", "neo-cycle", "--search", "harm"});
  EXPECT_NE(r.out.find("HARMONY"), std::string::npos);
  EXPECT_NE(r.out.find("\n1 sister project\n"), std::string::npos) << r.out;
}

TEST_F(RegistryCliTest, ListRefusesUnknownWorkspaceAndStage) {
  Outcome r = Corridor({"registry", "list", "nowhere"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("no workspace nowhere"), std::string::npos) << r.err;
  r = Corridor({"registry", "list", "neo-cycle", "--stage", "done"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("unknown stage \"done\""), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
}

TEST_F(RegistryCliTest, StageMovesFollowTheRulesAndShowInTheHistory) {
  Outcome r = Corridor({"registry", "stage", "neo-cycle", "EJP SOIL", "shortlist", "--why", "worth a look"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("EJP SOIL: the shortlist takes projects of high or very high relevance; this one is medium"),
            std::string::npos)
      << r.err;
  r = Corridor({"registry", "stage", "neo-cycle", "RISERS", "interaction_filtered"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("--why"), std::string::npos);
  r = Corridor({"registry", "stage", "neo-cycle", "ICARUS", "longlist", "--why", "x"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("2 sister projects are called ICARUS"), std::string::npos) << r.err;
  r = Corridor({"registry", "stage", "neo-cycle", "RISERS", "interaction_filtered", "--why", "Met at the EURAW event"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "RISERS: Shortlist -> Interaction-filtered\n");
  EXPECT_NE(Corridor({"registry", "list", "neo-cycle", "--stage", "interaction_filtered"}).out.find("RISERS"),
            std::string::npos);

  r = Corridor({"registry", "history", "neo-cycle", "risers"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("RISERS (id "), std::string::npos);
  EXPECT_NE(r.out.find("cli  Shortlist -> Interaction-filtered: Met at the EURAW event"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Longlist -> Shortlist: Rated high"), std::string::npos);
  EXPECT_NE(r.out.find("import RISERS"), std::string::npos);
  EXPECT_NE(r.out.find("cli  Pipeline stage: Shortlist -> Interaction-filtered\n"), std::string::npos);
  EXPECT_LT(r.out.find("import RISERS"), r.out.find("Pipeline stage: Shortlist -> Interaction"));  // oldest first
  r = Corridor({"registry", "history", "neo-cycle", "NOPE"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("no sister project NOPE"), std::string::npos);
}

TEST_F(RegistryCliTest, StatsPrintCsvAndWriteAnSvgChart) {
  Outcome r = Corridor({"registry", "stats", "neo-cycle", "--by", "topic"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("value,count\r\nRecycling technology,13\r\n", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("Traceability,2\r\n"), std::string::npos);
  r = Corridor({"registry", "stats", "neo-cycle"});  // value-chain links by default
  EXPECT_NE(r.out.find("Recycling phase,18\r\n"), std::string::npos) << r.out;
  std::string svg = dir_.File("stages.svg");
  r = Corridor({"registry", "stats", "neo-cycle", "--by", "stage", "--svg", svg});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out,
            "value,count\r\nlonglist,7\r\nshortlist,12\r\ninteraction_filtered,10\r\ncollaboration_ready,0\r\n"
            "informational_reference,0\r\n");
  std::string chart = ReadFile(svg);
  EXPECT_NE(chart.find("<svg"), std::string::npos);
  EXPECT_EQ(Count(chart, "class=\"bar\""), 5u);
  EXPECT_NE(chart.find("Interaction-filtered"), std::string::npos);
  EXPECT_NE(chart.find("NEO-CYCLE sister projects by stage"), std::string::npos);
  r = Corridor({"registry", "stats", "neo-cycle", "--by", "colour"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("unknown dimension colour"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace corridor::testing
