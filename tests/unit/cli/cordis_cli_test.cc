// `corridor import cordis`, `cordis status`, `discover` and `registry add` run as a black box
// on a temporary database with the real CORDIS JSON sample (../shared/data).
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_fixture.h"

namespace corridor::testing {
namespace {

using CliRun = CommandResult;

class CordisCliTest : public CliTest {
 protected:
  CordisCliTest() : CliTest("cordis.db", /*load_demo=*/false) {}
};

TEST_F(CordisCliTest, ImportDiscoverAndAddFromTheJsonSample) {
  CORRIDOR_REQUIRE_SHARED(sample, "cordis-search-export-sample-json");
  ASSERT_EQ(Corridor({"demo", "load"}).code, 0);

  // Import: progress on stderr, the report on stdout, exit 0 when committed.
  CliRun imp = Corridor({"import", "cordis", sample.string() + "/"});
  ASSERT_EQ(imp.code, 0) << imp.out << imp.err;
  EXPECT_NE(imp.out.find("committed"), std::string::npos) << imp.out;
  EXPECT_NE(imp.out.find("corpus_projects"), std::string::npos) << imp.out;
  EXPECT_NE(imp.out.find("26"), std::string::npos) << imp.out;
  EXPECT_NE(imp.out.find("Rejected:"), std::string::npos) << imp.out;
  EXPECT_NE(imp.err.find("project.json"), std::string::npos) << "progress names the file: " << imp.err;
  EXPECT_NE(imp.err.find("MB"), std::string::npos) << imp.err;
  CliRun quiet = Corridor({"import", "cordis", "--quiet", sample.string()});
  ASSERT_EQ(quiet.code, 0) << quiet.err;
  EXPECT_EQ(quiet.err, "");

  CliRun status = Corridor({"cordis", "status"});
  ASSERT_EQ(status.code, 0) << status.err;
  EXPECT_NE(status.out.find("projects       26"), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("committed"), std::string::npos) << status.out;

  // Discover: the top hits as JSON, best first.
  CliRun disc = Corridor({"discover", "neo-cycle", "--limit", "5", "--json"});
  ASSERT_EQ(disc.code, 0) << disc.err;
  auto doc = nlohmann::json::parse(disc.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << disc.out;
  ASSERT_TRUE(doc["hits"].is_array());
  ASSERT_GE(doc["hits"].size(), 1u);
  EXPECT_LE(doc["hits"].size(), 5u);
  EXPECT_EQ(doc["corpus_size"].get<int>(), 26);
  double prev = 1e30;
  for (const auto& h : doc["hits"]) {
    EXPECT_LE(h["score"].get<double>(), prev);
    prev = h["score"].get<double>();
    EXPECT_FALSE(h["grant_id"].get<std::string>().empty());
    EXPECT_TRUE(h["matched_terms"].is_array());
    EXPECT_TRUE(h["shared_partners"]["count"].is_number());
  }
  std::string grant = doc["hits"][0]["grant_id"];
  std::string acronym = doc["hits"][0]["acronym"];

  CliRun text = Corridor({"discover", "neo-cycle", "--limit", "3", "--programme", "H2020"});
  ASSERT_EQ(text.code, 0) << text.err;
  EXPECT_NE(text.out.find("rank"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("matched terms"), std::string::npos) << text.out;

  // Registry add: the sample has no CORDIS keywords, so they are asked for.
  CliRun add = Corridor({"registry", "add", "neo-cycle", grant, "--relevance", "2", "--industry", "semiconductors",
                         "--comment", "Found by discovery."});
  EXPECT_EQ(add.code, 1) << add.out;
  EXPECT_NE(add.err.find("Keywords is mandatory"), std::string::npos) << add.err;
  EXPECT_NE(add.err.find("--set keywords=VALUE"), std::string::npos) << add.err;
  add = Corridor({"registry", "add", "neo-cycle", grant, "--relevance", "2", "--industry", "semiconductors",
                  "--comment", "Found by discovery.", "--set", "keywords=power electronics; semiconductors"});
  ASSERT_EQ(add.code, 0) << add.err;
  EXPECT_NE(add.out.find("added " + acronym), std::string::npos) << add.out;
  EXPECT_NE(add.out.find("partners shared with NEO-CYCLE: 0"), std::string::npos) << add.out;
  // Once only.
  CliRun twice = Corridor({"registry", "add", "neo-cycle", grant, "--relevance", "2", "--industry", "x",
                           "--comment", "y", "--set", "keywords=z"});
  EXPECT_EQ(twice.code, 1);
  EXPECT_NE(twice.err.find("already in the NEO-CYCLE registry"), std::string::npos) << twice.err;
  // Now in the registry: no longer discovered.
  CliRun after = Corridor({"discover", "neo-cycle", "--limit", "50", "--json"});
  ASSERT_EQ(after.code, 0);
  auto doc2 = nlohmann::json::parse(after.out, nullptr, false);
  ASSERT_FALSE(doc2.is_discarded());
  for (const auto& h : doc2["hits"]) EXPECT_NE(h["grant_id"].get<std::string>(), grant);
}

TEST_F(CordisCliTest, FailedImportExitsOneAndEmptyCorpusSaysHowToImport) {
  ASSERT_EQ(Corridor({"demo", "load"}).code, 0);
  CliRun bad = Corridor({"import", "cordis", dir_.File("no-such-dir")});
  EXPECT_EQ(bad.code, 1);
  EXPECT_NE(bad.err.find("nothing was committed"), std::string::npos) << bad.err;
  CliRun disc = Corridor({"discover", "neo-cycle"});
  EXPECT_EQ(disc.code, 1);
  EXPECT_NE(disc.err.find("corridor import cordis PATH"), std::string::npos) << disc.err;
  CliRun status = Corridor({"cordis", "status"});
  EXPECT_EQ(status.code, 0);
  EXPECT_NE(status.out.find("failed"), std::string::npos) << status.out;
}

}  // namespace
}  // namespace corridor::testing
