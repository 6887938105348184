#include "storage/demo_data.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>

#include "domain/sister_project.h"
#include "storage/registry_store.h"
#include "storage/workspace_store.h"
#include "test_support.h"

namespace corridor::storage {
namespace {

// Every test runs on the engine of the pass (corridor::testing::TestEngines(), tests/test_support.h).
class DemoDataTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    test_db_ = corridor::testing::NewTestDatabase(GetParam(), dir_, "demo.db");
    DatabaseOptions options;
    options.url = test_db_.url;
    options.pg_schema = test_db_.pg_schema;
    auto db = Database::Open(options);
    ASSERT_TRUE(db.ok()) << db.status().message();
    db_ = std::move(*db);
    auto m = db_->Migrate();
    ASSERT_TRUE(m.ok()) << m.status().message();
  }

  void TearDown() override {
    if (db_) corridor::testing::DropTestSchema(*db_, test_db_);
  }

  int64_t Count(Connection& c, const std::string& sql) {
    auto v = c.Scalar(sql);
    EXPECT_TRUE(v.ok() && v->has_value());
    return std::get<int64_t>(**v);
  }

  int64_t WorkspaceId(Connection& c, const std::string& slug) {
    auto w = WorkspaceStore(c).FindBySlug(slug);
    EXPECT_TRUE(w.ok() && w->has_value()) << slug;
    return (*w)->id;
  }

  corridor::testing::TempDir dir_;
  corridor::testing::TestDatabase test_db_;
  std::unique_ptr<Database> db_;
};

INSTANTIATE_TEST_SUITE_P(Engines, DemoDataTest, ::testing::ValuesIn(corridor::testing::TestEngines()),
                         corridor::testing::EngineName());

TEST_P(DemoDataTest, LoadsOnceAndIsIdempotent) {
  auto c = db_->Acquire();
  auto first = LoadDemoWorkspaces(*c);
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_EQ(first->workspaces_created, 2);
  EXPECT_EQ(first->projects_created, 29);
  const std::vector<std::string> tables = {"workspaces", "consortium_partners", "sister_projects", "pipeline_steps",
                                           "settings", "audit_log"};
  std::map<std::string, int64_t> before;
  for (const auto& t : tables) before[t] = Count(*c, "SELECT COUNT(*) FROM " + t);
  EXPECT_EQ(before["workspaces"], 2);
  EXPECT_EQ(before["sister_projects"], 29);

  auto second = LoadDemoWorkspaces(*c);
  ASSERT_TRUE(second.ok()) << second.status().message();
  EXPECT_EQ(second->workspaces_created, 0);
  EXPECT_EQ(second->projects_created, 0);
  for (const auto& t : tables) EXPECT_EQ(Count(*c, "SELECT COUNT(*) FROM " + t), before[t]) << t;
}

TEST_P(DemoDataTest, LeavesAnExistingWorkspaceAlone) {
  auto c = db_->Acquire();
  domain::Workspace mine{0, "neo-cycle", "My own NEO-CYCLE", "NEO-CYCLE", "project", "", "", "", {}};
  ASSERT_TRUE(WorkspaceStore(*c).Create(mine, Actor{}).ok());
  auto summary = LoadDemoWorkspaces(*c);
  ASSERT_TRUE(summary.ok()) << summary.status().message();
  EXPECT_EQ(summary->workspaces_created, 1);  // only i4-green
  EXPECT_EQ(summary->projects_created, 0);
  auto w = WorkspaceStore(*c).FindBySlug("neo-cycle");
  ASSERT_TRUE(w.ok() && *w);
  EXPECT_EQ((*w)->name, "My own NEO-CYCLE");
  EXPECT_EQ(Count(*c, "SELECT COUNT(*) FROM sister_projects"), 0);
}

TEST_P(DemoDataTest, NeoCycleWorkspaceCarriesTheSeedFacts) {
  auto c = db_->Acquire();
  ASSERT_TRUE(LoadDemoWorkspaces(*c).ok());
  auto w = WorkspaceStore(*c).FindBySlug("neo-cycle");
  ASSERT_TRUE(w.ok() && *w);
  EXPECT_EQ((*w)->acronym, "NEO-CYCLE");
  EXPECT_EQ((*w)->name, "Upcycling of NdFeB magnets in the EU for green applications");
  EXPECT_EQ((*w)->grant_id, "101138058");
  EXPECT_EQ((*w)->start_date, "2024-09-01");
  EXPECT_NE((*w)->description.find("NdFeB"), std::string::npos);
  bool ismc = false;
  for (const auto& p : (*w)->partners) ismc |= p.short_name == "ISMC" && p.country == "ES";
  EXPECT_TRUE(ismc);
}

TEST_P(DemoDataTest, AllTwentyNineSisterProjectsValidate) {
  auto c = db_->Acquire();
  ASSERT_TRUE(LoadDemoWorkspaces(*c).ok());
  auto all = RegistryStore(*c).All(WorkspaceId(*c, "neo-cycle"));
  ASSERT_TRUE(all.ok()) << all.status().message();
  ASSERT_EQ(all->size(), 29u);
  int icarus = 0;
  for (domain::SisterProject p : *all) {
    auto errors = domain::ValidateProject(p);
    EXPECT_TRUE(errors.empty()) << p.Get("acronym") << ": " << errors[0].message;
    EXPECT_GE(p.Relevance(), 1);
    EXPECT_FALSE(p.value_chain_links.empty()) << p.Get("acronym");
    EXPECT_FALSE(p.topic.empty()) << p.Get("acronym");
    if (p.Get("acronym") == "ICARUS") ++icarus;
  }
  EXPECT_EQ(icarus, 2);  // listed twice in Table 2, two different projects
}

TEST_P(DemoDataTest, HarmonyHasThreeLinksVeryHighRelevanceAndItsGrant) {
  auto c = db_->Acquire();
  ASSERT_TRUE(LoadDemoWorkspaces(*c).ok());
  auto harmony = RegistryStore(*c).FindByAcronym(WorkspaceId(*c, "neo-cycle"), "HARMONY");
  ASSERT_TRUE(harmony.ok() && *harmony);
  const domain::SisterProject& p = **harmony;
  EXPECT_EQ(p.value_chain_links,
            (std::vector<std::string>{"Collection phase", "Recycling phase", "Standardisation"}));
  EXPECT_EQ(p.Relevance(), 4);
  EXPECT_EQ(p.topic, "Recycling technology");
  EXPECT_EQ(p.grant_id, "101138767");
  EXPECT_EQ(p.Get("programme"), "Horizon Europe");
  EXPECT_EQ(p.stage, domain::Stage::kShortlist);
}

// The expected numbers were counted by hand from D11.3 Table 2.
TEST_P(DemoDataTest, CountsMatchTableTwo) {
  auto c = db_->Acquire();
  ASSERT_TRUE(LoadDemoWorkspaces(*c).ok());
  RegistryStore registry(*c);
  int64_t ws = WorkspaceId(*c, "neo-cycle");

  auto links = registry.CountBy(ws, "value_chain_link");
  ASSERT_TRUE(links.ok());
  EXPECT_EQ(*links, (std::map<std::string, int64_t>{{"Research", 5},
                                                    {"Collection phase", 8},
                                                    {"Recycling phase", 18},
                                                    {"Standardisation", 6},
                                                    {"End-user", 15}}));

  auto topics = registry.CountBy(ws, "topic");
  ASSERT_TRUE(topics.ok());
  EXPECT_EQ(*topics, (std::map<std::string, int64_t>{{"Recycling technology", 13},
                                                     {"Upcycling", 3},
                                                     {"Standardisation", 4},
                                                     {"Traceability", 2},
                                                     {"Research", 3},
                                                     {"Catalysis/Electrocatalysis", 4}}));

  auto levels = registry.CountBy(ws, "relevance");
  ASSERT_TRUE(levels.ok());
  EXPECT_EQ(*levels, (std::map<std::string, int64_t>{{"low", 3}, {"medium", 4}, {"high", 14}, {"very high", 8}}));

  auto programmes = registry.CountBy(ws, "programme");
  ASSERT_TRUE(programmes.ok());
  EXPECT_EQ(*programmes, (std::map<std::string, int64_t>{{"Horizon Europe", 17},
                                                         {"Horizon 2020", 9},
                                                         {"Interreg Europe", 1},
                                                         {"EIT RawMaterials", 1},
                                                         {"I3", 1}}));

  // High and very high (22) pass the shortlist; the 10 met at named events pass the
  // interaction filter; the rest (3 low, 4 medium) stay on the longlist.
  auto stages = registry.CountBy(ws, "stage");
  ASSERT_TRUE(stages.ok());
  EXPECT_EQ(*stages, (std::map<std::string, int64_t>{
                         {"longlist", 7}, {"shortlist", 12}, {"interaction_filtered", 10}}));
}

TEST_P(DemoDataTest, EveryPipelineStepIsJustified) {
  auto c = db_->Acquire();
  ASSERT_TRUE(LoadDemoWorkspaces(*c).ok());
  RegistryStore registry(*c);
  auto alchemhy = registry.FindByAcronym(WorkspaceId(*c, "neo-cycle"), "ALCHEMHY");
  ASSERT_TRUE(alchemhy.ok() && *alchemhy);
  EXPECT_EQ((*alchemhy)->stage, domain::Stage::kInteractionFiltered);
  auto steps = registry.Steps((*alchemhy)->id);
  ASSERT_TRUE(steps.ok());
  ASSERT_EQ(steps->size(), 2u);
  EXPECT_EQ((*steps)[0].to_stage, "shortlist");
  EXPECT_NE((*steps)[0].justification.find("Table 2"), std::string::npos);
  EXPECT_NE((*steps)[1].justification.find("Materials4Catalysts"), std::string::npos);
  EXPECT_EQ(Count(*c, "SELECT COUNT(*) FROM pipeline_steps WHERE TRIM(justification) = ''"), 0);
}

TEST_P(DemoDataTest, I4GreenHasItsFourRegions) {
  auto regions = I4GreenRegions();
  ASSERT_EQ(regions.size(), 4u);
  const std::regex nuts2("^(ES|PT)[0-9][0-9A-Z]$");  // NUTS level 2: country + two characters
  for (const auto& r : regions) {
    EXPECT_TRUE(std::regex_match(r.nuts_code, nuts2)) << r.nuts_code;
    EXPECT_FALSE(r.name.empty());
  }

  auto c = db_->Acquire();
  ASSERT_TRUE(LoadDemoWorkspaces(*c).ok());
  auto w = WorkspaceStore(*c).FindBySlug("i4-green");
  ASSERT_TRUE(w.ok() && *w);
  EXPECT_EQ((*w)->acronym, "I4-GREEN");
  EXPECT_EQ((*w)->grant_id, "101084028");
  EXPECT_FALSE((*w)->partners.empty());
  auto stored = c->Scalar("SELECT value FROM settings WHERE key = ?", {WorkspaceRegionsSettingKey("i4-green")});
  ASSERT_TRUE(stored.ok() && stored->has_value());
  std::string json = std::get<std::string>(**stored);
  EXPECT_EQ(json.front(), '[');
  for (const auto& r : regions) {
    EXPECT_NE(json.find("\"nuts_code\":\"" + r.nuts_code + "\""), std::string::npos) << json;
    EXPECT_NE(json.find("\"name\":\"" + r.name + "\""), std::string::npos) << json;
  }
}

// The codes and names must be those of the NUTS 2021 list the scoreboard will use.
TEST(DemoRegionsTest, I4GreenRegionsExistInNuts2021) {
  CORRIDOR_REQUIRE_SHARED(nuts, "nuts2021-geojson");
  std::ifstream in(nuts / "nuts2021_regions_from_LB.csv");
  ASSERT_TRUE(in.good());
  std::map<std::string, std::string> level2;  // code -> NAME_LATN
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cols;
    size_t start = 0;
    for (size_t i = 0; i <= line.size(); ++i)
      if (i == line.size() || line[i] == ',') {
        cols.push_back(line.substr(start, i - start));
        start = i + 1;
      }
    if (cols.size() > 3 && cols[1] == "2") level2[cols[0]] = cols[3];
  }
  for (const auto& r : I4GreenRegions()) {
    ASSERT_TRUE(level2.count(r.nuts_code)) << r.nuts_code;
    EXPECT_EQ(level2[r.nuts_code], r.name);
  }
}

}  // namespace
}  // namespace corridor::storage
