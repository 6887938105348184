// The composite pipeline through the storage path (issue 5): values stored by the indicator
// store, the matrix built for a region set and year, the index computed; small cases by hand.
#include "analytics/composite_run.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "storage/indicator_store.h"
#include "storage/region_store.h"
#include "storage/workspace_store.h"
#include "storage_fixture.h"
#include "test_support.h"

namespace corridor::analytics {
namespace {

class CompositeRunTest : public corridor::testing::StoreTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(StoreTest::SetUp());
    ws_ = AddWorkspace(domain::Workspace{0, "corr", "Corridor test", "CORR", "project", "", "", "", {}});
    ASSERT_GT(ws_, 0);
    auto c = db_->Acquire();
    // a (higher is better): ES41 10, ES61 20, PT18 30 (2020); ES41 99 in 2018 (outside a 1-year window).
    // b (lower is better):  ES41 5, ES61 1 (2020), PT18 2 (2019).
    storage::IndicatorStore store(*c);
    storage::IndicatorDataset d;
    d.workspace_id = ws_;
    d.name = "hand";
    ASSERT_TRUE(store.CreateDataset(d, who_).ok());
    storage::Indicator a{0, ws_, d.id, "a", "A", "", 1};
    storage::Indicator b{0, ws_, d.id, "b", "B", "", -1};
    ASSERT_TRUE(store.CreateIndicator(a, who_).ok());
    ASSERT_TRUE(store.CreateIndicator(b, who_).ok());
    ASSERT_TRUE(store.InsertValues({{a.id, "ES41", 2020, 10, ""}, {a.id, "ES61", 2020, 20, ""}, {a.id, "PT18", 2020, 30, ""},
                                    {a.id, "ES41", 2018, 99, ""}, {b.id, "ES41", 2020, 5, ""}, {b.id, "ES61", 2020, 1, ""},
                                    {b.id, "PT18", 2019, 2, ""}})
                    .ok());
    storage::RegionStore regions(*c);
    ASSERT_TRUE(regions.SetWorkspaceRegions(ws_, {"ES41", "ES61", "PT18"}, who_).ok());
  }
  CompositeRequest Request() {
    CompositeRequest r;
    r.matrix.year = 2020;
    r.matrix.window = 1;
    return r;
  }
  double Score(const CompositeRun& run, const std::string& code) {
    for (size_t u = 0; u < run.matrix.data.units.size(); ++u)
      if (run.matrix.data.units[u] == code) return run.result.scores[u];
    return -1;
  }
  int64_t ws_ = 0;
  storage::Actor who_{0, "tester"};
};

TEST_P(CompositeRunTest, MinMaxArithmeticEqualWeightsByHand) {
  auto c = db_->Acquire();
  auto run = RunComposite(*c, ws_, Request());
  ASSERT_TRUE(run.ok()) << run.status().message();
  // a -> 0, 50, 100; b reversed -> (5-5)/4, (5-1)/4, (5-2)/4 = 0, 100, 75 (PT18's 2019 value, in the window).
  EXPECT_DOUBLE_EQ(Score(*run, "ES41"), 0.0);
  EXPECT_DOUBLE_EQ(Score(*run, "ES61"), 75.0);
  EXPECT_DOUBLE_EQ(Score(*run, "PT18"), 87.5);
  EXPECT_EQ(run->matrix.value_years[2 * 2 + 1], 2019);
  EXPECT_DOUBLE_EQ(run->result.ranks[2], 1.0);  // PT18
  EXPECT_DOUBLE_EQ(run->result.ranks[0], 3.0);  // ES41
  // Groups relative to the mean 54.1667: PT18 161.5% and ES61 138.5% leaders, ES41 emerging.
  EXPECT_NEAR(run->result.reference, 162.5 / 3, 1e-9);
  EXPECT_EQ(run->result.performance[2], PerformanceGroup::kLeader);
  EXPECT_EQ(run->result.performance[0], PerformanceGroup::kEmerging);
}

TEST_P(CompositeRunTest, ManualWeightsGeometricAndWindow) {
  auto c = db_->Acquire();
  auto r = Request();
  r.weights = {{"a", 3}, {"b", 1}};
  auto run = RunComposite(*c, ws_, r);
  ASSERT_TRUE(run.ok()) << run.status().message();
  EXPECT_DOUBLE_EQ(Score(*run, "ES61"), (3 * 50.0 + 100) / 4);
  EXPECT_DOUBLE_EQ(Score(*run, "PT18"), (3 * 100.0 + 75) / 4);
  // Without a window PT18 has no b in 2020: with no imputation its index is its a alone.
  r = Request();
  r.matrix.window = 0;
  run = RunComposite(*c, ws_, r);
  ASSERT_TRUE(run.ok());
  EXPECT_DOUBLE_EQ(Score(*run, "PT18"), 100.0);
  EXPECT_EQ(run->result.missing.total_missing, 1u);
  // Mean imputation gives PT18 b = (5 + 1) / 2 = 3 -> (5-3)/4 = 50; index (100 + 50) / 2.
  r.imputation = Imputation::kIndicatorMean;
  run = RunComposite(*c, ws_, r);
  ASSERT_TRUE(run.ok());
  EXPECT_DOUBLE_EQ(Score(*run, "PT18"), 75.0);
  // A window of 2 years reaches ES41's 2018 value only when 2020 has none: 2020's 10 wins.
  r = Request();
  r.matrix.window = 2;
  run = RunComposite(*c, ws_, r);
  ASSERT_TRUE(run.ok());
  EXPECT_DOUBLE_EQ(run->matrix.data.values[0], 10.0);
  // Geometric: min-max on [1, 100]; ES61 = sqrt(50.5 * 100) (a: 1 + 0.5 * 99).
  r.aggregation = Aggregation::kGeometric;
  run = RunComposite(*c, ws_, r);
  ASSERT_TRUE(run.ok()) << run.status().message();
  EXPECT_NEAR(Score(*run, "ES61"), std::sqrt(50.5 * 100.0), 1e-9);
}

// An indicator with no value in the years chosen is left out and named as an indicator.
TEST_P(CompositeRunTest, IndicatorWithoutValuesInTheYearsIsLeftOutAndNamed) {
  auto c = db_->Acquire();
  storage::IndicatorStore store(*c);
  storage::IndicatorDataset d;
  d.workspace_id = ws_;
  d.name = "old";
  ASSERT_TRUE(store.CreateDataset(d, who_).ok());
  storage::Indicator old{0, ws_, d.id, "patents", "Patents", "", 1};
  ASSERT_TRUE(store.CreateIndicator(old, who_).ok());
  ASSERT_TRUE(store.InsertValues({{old.id, "ES41", 2011, 3, ""}, {old.id, "ES61", 2012, 4, ""}}).ok());
  auto run = RunComposite(*c, ws_, Request());
  ASSERT_TRUE(run.ok()) << run.status().message();
  EXPECT_EQ(run->matrix.dropped_indicators, (std::vector<std::string>{"patents"}));
  EXPECT_EQ(run->matrix.data.indicators.size(), 2u);
  EXPECT_NE(std::find(run->matrix.notes.begin(), run->matrix.notes.end(),
                      "1 indicator(s) left out, no value for these regions in the years chosen: patents"),
            run->matrix.notes.end());
}

TEST_P(CompositeRunTest, RegionSetsAndUserRegionsAsMemberMeans) {
  auto c = db_->Acquire();
  storage::RegionStore regions(*c);
  domain::UserRegion u;
  u.workspace_id = ws_;
  u.key = "es-pair";
  u.name = "Spanish pair";
  u.members = {"ES41", "ES61"};
  ASSERT_TRUE(regions.CreateUserRegion(u, who_).ok());
  auto r = Request();
  r.matrix.regions.kind = RegionSetKind::kList;
  r.matrix.regions.codes = {"es-pair", "PT18"};
  auto run = RunComposite(*c, ws_, r);
  ASSERT_TRUE(run.ok()) << run.status().message();
  // es-pair: a = 15, b = 3 -> min-max over two units: a 0, b reversed (3-2)/(3-2) -> 0; PT18 100, 100.
  EXPECT_DOUBLE_EQ(run->matrix.data.values[0], 15.0);
  EXPECT_DOUBLE_EQ(run->matrix.data.values[1], 3.0);
  EXPECT_DOUBLE_EQ(Score(*run, "es-pair"), 0.0);
  EXPECT_FALSE(run->matrix.notes.empty());

  r.matrix.regions = {RegionSetKind::kLevel, 2, {"PT"}, {}};
  auto pt = RunComposite(*c, ws_, r);
  ASSERT_FALSE(pt.ok());  // only PT18 has data
  EXPECT_NE(pt.status().message().find("fewer than two"), std::string::npos);
  r.matrix.regions = {RegionSetKind::kLevel, 2, {"ES", "PT"}, {}};
  auto iberia = RunComposite(*c, ws_, r);
  ASSERT_TRUE(iberia.ok()) << iberia.status().message();
  EXPECT_EQ(iberia->matrix.data.units.size(), 3u);
  EXPECT_EQ(iberia->matrix.dropped_regions.size(), 19u + 7u - 3u);
  r.matrix.regions = {RegionSetKind::kLevel, 2, {"XX"}, {}};
  EXPECT_NE(RunComposite(*c, ws_, r).status().message().find("countries: XX"), std::string::npos);
  r = Request();
  r.matrix.indicators = {"nope"};
  EXPECT_EQ(RunComposite(*c, ws_, r).status().message(), "indicators: nope is not an indicator of this workspace");
  r = Request();
  r.weights = {{"zz", 1}};
  EXPECT_EQ(RunComposite(*c, ws_, r).status().message(), "weights: zz is not one of the chosen indicators");
}

TEST_P(CompositeRunTest, MonteCarloIsSeededAndReproducible) {
  auto c = db_->Acquire();
  auto r = Request();
  r.mc_runs = 200;
  r.seed = 7;
  r.mc_normalisations = {Normalisation::kMinMax, Normalisation::kRank};
  r.mc_aggregations = {Aggregation::kArithmetic, Aggregation::kGeometric};
  auto one = RunComposite(*c, ws_, r);
  auto two = RunComposite(*c, ws_, r);
  ASSERT_TRUE(one.ok()) << one.status().message();
  ASSERT_TRUE(one->uncertainty.has_value());
  EXPECT_EQ(one->uncertainty->runs, 200u);
  for (size_t u = 0; u < 3; ++u) {
    EXPECT_EQ(one->uncertainty->units[u].median_rank, two->uncertainty->units[u].median_rank);
    EXPECT_EQ(one->uncertainty->units[u].p05_rank, two->uncertainty->units[u].p05_rank);
    EXPECT_GE(one->uncertainty->units[u].p05_rank, 1.0);
    EXPECT_LE(one->uncertainty->units[u].p95_rank, 3.0);
  }
  // ES41 is last on both indicators: last in every run.
  EXPECT_EQ(one->uncertainty->units[0].median_rank, 3.0);
  EXPECT_EQ(one->uncertainty->units[0].p05_rank, 3.0);
  r.mc_runs = kMaxMonteCarloRuns + 1;
  EXPECT_EQ(RunComposite(*c, ws_, r).status().code(), ErrorCode::kInvalidArgument);
}

TEST(CompositeOptionsTest, ParsesTheWordsOfTheFormAndTheCli) {
  EXPECT_EQ(ParseNormalisationKey("z-score"), Normalisation::kZScore);
  EXPECT_EQ(ParseNormalisationKey("distance"), Normalisation::kDistanceToAverage);
  EXPECT_FALSE(ParseNormalisationKey("log").has_value());
  EXPECT_EQ(ParseImputationKey("MEDIAN"), Imputation::kIndicatorMedian);
  EXPECT_EQ(ParseAggregationKey("geometric"), Aggregation::kGeometric);
  auto w = ParseWeights("a=2, b=0.5");
  ASSERT_TRUE(w.ok());
  EXPECT_DOUBLE_EQ((*w)["b"], 0.5);
  EXPECT_EQ(ParseWeights("a=-1").status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(ParseWeights("a").status().message().find("INDICATOR=WEIGHT"), std::string::npos);
  auto list = ParseNormalisationList("minmax,rank,minmax", "vary");
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->size(), 2u);
  EXPECT_EQ(ParseAggregationList("harmonic", "vary").status().message(),
            "vary: \"harmonic\" is not one of arithmetic, geometric");
}

INSTANTIATE_TEST_SUITE_P(Engines, CompositeRunTest, ::testing::ValuesIn(corridor::testing::TestEngines()),
                         corridor::testing::EngineName());

}  // namespace
}  // namespace corridor::analytics
