#include "analytics/rank_uncertainty.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace corridor::analytics {
namespace {

constexpr double NA = kMissingValue;
constexpr size_t kW = static_cast<size_t>(UncertaintyFactor::kWeights);
constexpr size_t kImp = static_cast<size_t>(UncertaintyFactor::kImputation);
constexpr size_t kNorm = static_cast<size_t>(UncertaintyFactor::kNormalisation);
constexpr size_t kAgg = static_cast<size_t>(UncertaintyFactor::kAggregation);

IndicatorData Make(std::vector<std::string> units, std::vector<IndicatorSpec> indicators, std::vector<double> values) {
  IndicatorData d;
  d.units = std::move(units);
  d.indicators = std::move(indicators);
  d.values = std::move(values);
  return d;
}

// A deterministic, irregular table with some missing values, one reversed indicator and two groups.
IndicatorData Synthetic(size_t units, size_t indicators) {
  IndicatorData d;
  for (size_t u = 0; u < units; ++u) d.units.push_back(std::string("R").append(std::to_string(u)));
  for (size_t k = 0; k < indicators; ++k)
    d.indicators.push_back({std::string("I").append(std::to_string(k)), k == 1 ? -1 : 1, 1.0 + static_cast<double>(k % 3),
                            k < indicators / 2 ? "G1" : "G2"});
  for (size_t u = 0; u < units; ++u)
    for (size_t k = 0; k < indicators; ++k) {
      const bool missing = (u * 7 + k * 3) % 13 == 0;
      // The reversed indicator sits near 100 so that 2 - x / mean stays positive for geometric runs.
      const double base = k == 1 ? 100.0 : 1.0;
      d.values.push_back(missing ? NA : base + static_cast<double>((u * 37 + k * 11 + u * k) % 23) + 0.01 * u);
    }
  return d;
}

UncertaintyResult RunOk(const IndicatorData& d, const UncertaintyConfig& c) {
  auto r = RunRankUncertainty(d, c);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? *r : UncertaintyResult{};
}

void ExpectSame(const UncertaintyResult& a, const UncertaintyResult& b) {
  EXPECT_EQ(a.runs, b.runs);
  EXPECT_EQ(a.weight_draws, b.weight_draws);
  EXPECT_EQ(a.variance_share, b.variance_share);
  EXPECT_EQ(a.interaction_share, b.interaction_share);
  ASSERT_EQ(a.units.size(), b.units.size());
  for (size_t u = 0; u < a.units.size(); ++u) {
    const auto &x = a.units[u], &y = b.units[u];
    EXPECT_EQ(x.unit, y.unit);
    EXPECT_EQ(x.nominal_rank, y.nominal_rank);
    EXPECT_EQ(x.median_rank, y.median_rank);
    EXPECT_EQ(x.p05_rank, y.p05_rank);
    EXPECT_EQ(x.p95_rank, y.p95_rank);
    EXPECT_EQ(x.mean_rank, y.mean_rank);
    EXPECT_EQ(x.rank_variance, y.rank_variance);
    EXPECT_EQ(x.variance_share, y.variance_share);
    EXPECT_EQ(x.interaction_share, y.interaction_share);
  }
}

UncertaintyConfig Everything() {
  UncertaintyConfig c;
  c.base.by_group = true;
  c.base.weighting = Weighting::kManual;
  c.imputations = {Imputation::kNone, Imputation::kIndicatorMean, Imputation::kIndicatorMedian};
  c.normalisations = {Normalisation::kMinMax, Normalisation::kRank, Normalisation::kDistanceToAverage};
  c.aggregations = {Aggregation::kArithmetic, Aggregation::kGeometric};
  c.runs = 720;
  c.seed = 7;
  return c;
}

// ---- the estimator, by hand ----

TEST(RankVarianceDecompositionTest, HandComputedMainEffects) {
  // 2 weight draws x 4 combinations (normalisation n, aggregation a) = (0,0), (0,1), (1,0), (1,1);
  // one imputation. The rank is 2 only under (n = 0, a = 1); the weights change nothing:
  //   draw 0: 1 2 1 1     draw 1: 1 2 1 1
  // Grand mean 10 / 8 = 1.25. Total SS: six 1s (0.0625 each) + two 2s (0.5625 each) = 1.5.
  // Weights: both draw means are 1.25 -> SS 0.
  // Normalisation: level 0 runs 1, 2, 1, 2 (mean 1.5), level 1 runs all 1 (mean 1):
  //   4 * 0.25^2 + 4 * 0.25^2 = 0.5 -> share 1/3. Aggregation likewise (a = 1: 2, 1, 2, 1) -> 1/3.
  // The remaining 1/3 is the normalisation x aggregation interaction.
  const std::vector<double> y{1, 2, 1, 1, 1, 2, 1, 1};
  std::array<std::vector<size_t>, 3> levels{std::vector<size_t>{0, 0, 0, 0}, {0, 0, 1, 1}, {0, 1, 0, 1}};
  auto d = DecomposeRankVariance(y.data(), 2, 4, levels, {1, 2, 2});
  EXPECT_DOUBLE_EQ(d.mean, 1.25);
  EXPECT_DOUBLE_EQ(d.total_ss, 1.5);
  EXPECT_DOUBLE_EQ(d.factor_ss[kW], 0);
  EXPECT_DOUBLE_EQ(d.factor_ss[kImp], 0);
  EXPECT_DOUBLE_EQ(d.factor_ss[kNorm], 0.5);
  EXPECT_DOUBLE_EQ(d.factor_ss[kAgg], 0.5);
}

TEST(RankVarianceDecompositionTest, WeightsAloneExplainEverything) {
  // 3 draws x 1 combination: ranks 1, 2, 3; mean 2; total SS 1 + 0 + 1 = 2; each draw mean is the
  // rank itself, so the weights' SS is also 2: share 1.
  const std::vector<double> y{1, 2, 3};
  std::array<std::vector<size_t>, 3> levels{std::vector<size_t>{0}, {0}, {0}};
  auto d = DecomposeRankVariance(y.data(), 3, 1, levels, {1, 1, 1});
  EXPECT_DOUBLE_EQ(d.total_ss, 2);
  EXPECT_DOUBLE_EQ(d.factor_ss[kW], 2);
}

// ---- whole runs ----

TEST(RankUncertaintyTest, NoUncertaintyGivesTheNominalRank) {
  auto d = Synthetic(12, 6);
  for (auto perturbation : {WeightPerturbation::kNone, WeightPerturbation::kUniform}) {
    UncertaintyConfig c;
    c.perturbation = perturbation;
    c.uniform_spread = 0;  // kUniform with no spread is no perturbation either
    c.runs = 40;
    auto r = RunOk(d, c);
    EXPECT_EQ(r.runs, 40u);
    ASSERT_EQ(r.units.size(), 12u);
    for (const auto& u : r.units) {
      EXPECT_EQ(u.median_rank, u.nominal_rank) << u.unit;
      EXPECT_EQ(u.p05_rank, u.nominal_rank) << u.unit;
      EXPECT_EQ(u.p95_rank, u.nominal_rank) << u.unit;
      EXPECT_EQ(u.rank_variance, 0) << u.unit;
      for (double s : u.variance_share) EXPECT_EQ(s, 0);
      EXPECT_EQ(u.interaction_share, 0);
    }
    for (double s : r.variance_share) EXPECT_EQ(s, 0);
  }
}

TEST(RankUncertaintyTest, OnlyTheAggregationChoiceMatters) {
  // P, Q, R on A = 20, 10, 30 and B = 20, 30, 10, distance to the average: P (1, 1), Q (0.5, 1.5),
  // R (1.5, 0.5). Arithmetic: all score 1 -> ranks 2, 2, 2 (the nominal). Geometric: P 1, Q = R =
  // 0.866 -> ranks 1, 2.5, 2.5. Fixed weights, 100 runs = 50 draws x 2 aggregations.
  // P: 50 runs at 2 and 50 at 1: mean 1.5, variance 0.25; sorted, the median (h = 99 * 0.5 = 49.5)
  // is between the last 1 and the first 2: 1.5; p05 (h = 4.95) 1; p95 (h = 94.05) 2.
  // Q: 2 and 2.5: mean 2.25, variance 0.0625, median 2.25, p05 2, p95 2.5.
  // All of the variance is between the aggregation levels: share 1, the others 0.
  auto d = Make({"P", "Q", "R"}, {{"A"}, {"B"}}, {20, 20, 10, 30, 30, 10});
  UncertaintyConfig c;
  c.base.normalisation = Normalisation::kDistanceToAverage;
  c.perturbation = WeightPerturbation::kNone;
  c.aggregations = {Aggregation::kArithmetic, Aggregation::kGeometric};
  c.runs = 100;
  auto r = RunOk(d, c);
  EXPECT_EQ(r.combinations, 2u);
  EXPECT_EQ(r.weight_draws, 50u);
  const auto& p = r.units[0];
  EXPECT_EQ(p.nominal_rank, 2);
  EXPECT_DOUBLE_EQ(p.mean_rank, 1.5);
  EXPECT_DOUBLE_EQ(p.rank_variance, 0.25);
  EXPECT_DOUBLE_EQ(p.median_rank, 1.5);
  EXPECT_DOUBLE_EQ(p.p05_rank, 1);
  EXPECT_DOUBLE_EQ(p.p95_rank, 2);
  const auto& q = r.units[1];
  EXPECT_DOUBLE_EQ(q.mean_rank, 2.25);
  EXPECT_DOUBLE_EQ(q.rank_variance, 0.0625);
  EXPECT_DOUBLE_EQ(q.median_rank, 2.25);
  EXPECT_DOUBLE_EQ(q.p05_rank, 2);
  EXPECT_DOUBLE_EQ(q.p95_rank, 2.5);
  for (const auto& u : r.units) {
    EXPECT_NEAR(u.variance_share[kAgg], 1, 1e-12) << u.unit;
    EXPECT_EQ(u.variance_share[kW], 0);
    EXPECT_EQ(u.variance_share[kNorm], 0);
  }
  EXPECT_NEAR(r.variance_share[kAgg], 1, 1e-12);
  EXPECT_NEAR(r.interaction_share, 0, 1e-12);
}

TEST(RankUncertaintyTest, OnlyTheWeightsMatter) {
  // X (100, 0), Y (0, 100), Z (50, 50) after min-max. With weights (w, 1 - w): X = 100 w,
  // Y = 100 (1 - w), Z = 50. Nominal w = 0.5: a three-way tie, rank 2 each. Perturbed by +/-25%
  // each and renormalised, w > 0.5 exactly when A's draw beats B's (probability 1/2): X is then
  // first and Y third, else the reverse; Z is always second. One combination: the weights explain
  // all the variance.
  auto d = Make({"X", "Y", "Z"}, {{"A"}, {"B"}}, {100, 0, 0, 100, 50, 50});
  UncertaintyConfig c;
  c.runs = 2000;
  c.seed = 11;
  auto r = RunOk(d, c);
  const auto &x = r.units[0], &z = r.units[2];
  EXPECT_EQ(x.nominal_rank, 2);
  EXPECT_EQ(x.p05_rank, 1);
  EXPECT_EQ(x.p95_rank, 3);
  EXPECT_NEAR(x.mean_rank, 2, 0.15);  // 1 + 2 * P(w < 0.5); sd of the estimate 0.022
  EXPECT_NEAR(x.variance_share[kW], 1, 1e-12);
  EXPECT_EQ(z.rank_variance, 0);
  EXPECT_EQ(z.median_rank, 2);
  EXPECT_NEAR(r.variance_share[kW], 1, 1e-12);
}

TEST(RankUncertaintyTest, OnlyTheImputationMatters) {
  auto d = Synthetic(30, 6);
  UncertaintyConfig c;
  c.perturbation = WeightPerturbation::kNone;
  c.imputations = {Imputation::kNone, Imputation::kIndicatorMean, Imputation::kIndicatorMedian};
  c.runs = 30;
  auto r = RunOk(d, c);
  double moved = 0;
  for (const auto& u : r.units) {
    moved += u.rank_variance;
    if (u.rank_variance > 0) {
      EXPECT_NEAR(u.variance_share[kImp], 1, 1e-9) << u.unit;
    }
  }
  EXPECT_GT(moved, 0);  // the missing values do move some units
  EXPECT_NEAR(r.variance_share[kImp], 1, 1e-9);
}

TEST(RankUncertaintyTest, SharesAreFractionsOfTheVariance) {
  auto r = RunOk(Synthetic(25, 8), Everything());
  EXPECT_EQ(r.combinations, 18u);  // 3 imputations x 3 normalisations x 2 aggregations
  EXPECT_EQ(r.runs, 720u);         // 40 draws x 18
  double total = r.interaction_share;
  for (double s : r.variance_share) {
    EXPECT_GE(s, 0);
    total += s;
  }
  EXPECT_NEAR(total, 1, 1e-9);
  EXPECT_GT(r.variance_share[kW], 0);
  EXPECT_GT(r.variance_share[kNorm], 0);
  for (const auto& u : r.units) {
    double sum = 0;
    for (double s : u.variance_share) sum += s;
    EXPECT_LE(sum, 1 + 1e-9) << u.unit;
    EXPECT_LE(u.p05_rank, u.median_rank);
    EXPECT_LE(u.median_rank, u.p95_rank);
    EXPECT_GE(u.p05_rank, 1);
    EXPECT_LE(u.p95_rank, 25);
  }
}

TEST(RankUncertaintyTest, SameSeedSameResult) {
  auto d = Synthetic(25, 8);
  auto a = RunOk(d, Everything());
  auto b = RunOk(d, Everything());
  ExpectSame(a, b);
  auto c = Everything();
  c.seed = 8;
  auto other = RunOk(d, c);
  bool differs = false;
  for (size_t u = 0; u < a.units.size(); ++u) differs = differs || a.units[u].mean_rank != other.units[u].mean_rank;
  EXPECT_TRUE(differs) << "the seed must drive the weight draws";
}

TEST(RankUncertaintyTest, ThreadCountDoesNotChangeTheResult) {
  auto d = Synthetic(25, 8);
  auto c = Everything();
  c.threads = 1;
  auto one = RunOk(d, c);
  EXPECT_EQ(one.threads, 1u);
  c.threads = 2;
  auto two = RunOk(d, c);
  EXPECT_EQ(two.threads, 2u);
  c.threads = 3;
  auto three = RunOk(d, c);
  ExpectSame(one, two);
  ExpectSame(one, three);
  c.perturbation = WeightPerturbation::kDirichlet;
  c.threads = 1;
  auto d1 = RunOk(d, c);
  c.threads = 2;
  ExpectSame(d1, RunOk(d, c));
}

TEST(RankUncertaintyTest, DirichletIsCentredOnTheNominalWeights) {
  // Min-max X (100, 0), Y (0, 100), Z (60, 60); nominal weights 3 and 1 (0.75, 0.25): X 75, Z 60,
  // Y 25. Equal weights would put Z first (X 50, Y 50, Z 60), so a draw centred anywhere but the
  // nominal weights would move ranks. Concentration 1e6: sd of w_A = sqrt(0.75 * 0.25 / 1e6) =
  // 0.0004, far from the 0.6 at which X and Z swap, so no rank moves.
  auto d = Make({"X", "Y", "Z"}, {{"A", 1, 3}, {"B", 1, 1}}, {100, 0, 0, 100, 60, 60});
  UncertaintyConfig c;
  c.base.weighting = Weighting::kManual;
  c.perturbation = WeightPerturbation::kDirichlet;
  c.dirichlet_concentration = 1e6;
  c.runs = 200;
  auto r = RunOk(d, c);
  EXPECT_EQ(r.units[0].nominal_rank, 1);
  EXPECT_EQ(r.units[2].nominal_rank, 2);
  for (const auto& u : r.units) {
    EXPECT_EQ(u.p05_rank, u.nominal_rank) << u.unit;
    EXPECT_EQ(u.p95_rank, u.nominal_rank) << u.unit;
  }
  // Concentration 2: w_A ~ Beta(1.5, 0.5), below 0.6 about a quarter of the time: X and Z swap.
  c.dirichlet_concentration = 2;
  r = RunOk(d, c);
  EXPECT_GT(r.units[0].rank_variance, 0);
  EXPECT_EQ(r.units[0].median_rank, 1);
}

TEST(RankUncertaintyTest, RunsAreRoundedUpToWholeDraws) {
  UncertaintyConfig c;
  c.normalisations = {Normalisation::kMinMax, Normalisation::kZScore, Normalisation::kRank};
  c.runs = 10;  // 3 combinations -> 4 draws -> 12 runs
  auto r = RunOk(Synthetic(10, 4), c);
  EXPECT_EQ(r.combinations, 3u);
  EXPECT_EQ(r.weight_draws, 4u);
  EXPECT_EQ(r.runs, 12u);
}

TEST(RankUncertaintyTest, BadInput) {
  auto d = Synthetic(10, 4);
  auto r_check = [](const Result<UncertaintyResult>& r, const std::string& part) {
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.status().message().find(part), std::string::npos) << r.status().message();
  };
  auto expect_error = [&](const UncertaintyConfig& c, const std::vector<std::string>& parts) {
    auto r = RunRankUncertainty(d, c);
    ASSERT_FALSE(r.ok());
    for (const auto& p : parts) EXPECT_NE(r.status().message().find(p), std::string::npos) << r.status().message();
  };
  UncertaintyConfig c;
  c.runs = 0;
  expect_error(c, {"runs"});
  c = {};
  c.normalisations = {Normalisation::kRank, Normalisation::kRank};
  expect_error(c, {"normalisation", "rank twice"});
  c = {};
  c.uniform_spread = 1;
  expect_error(c, {"spread"});
  c = {};
  c.perturbation = WeightPerturbation::kDirichlet;
  c.dirichlet_concentration = 0;
  expect_error(c, {"Dirichlet"});
  // A combination that cannot be computed is named.
  c = {};
  c.normalisations = {Normalisation::kMinMax, Normalisation::kZScore};
  c.aggregations = {Aggregation::kArithmetic, Aggregation::kGeometric};
  expect_error(c, {"normalisation z-score, aggregation geometric", "positive values", "indicator '"});
  // The nominal pipeline's own errors come through.
  IndicatorData empty_column = Synthetic(10, 4);
  for (size_t u = 0; u < 10; ++u) empty_column.at(u, 3) = NA;
  r_check(RunRankUncertainty(empty_column, UncertaintyConfig{}), "indicator 'I3' has no value for any unit");
  auto r = RunRankUncertainty(Make({}, {{"A"}}, {}), UncertaintyConfig{});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("empty"), std::string::npos);
  IndicatorData neg = Synthetic(10, 4);
  neg.indicators[2].weight = -1;
  c = {};
  c.base.weighting = Weighting::kManual;
  r = RunRankUncertainty(neg, c);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("indicator 'I2'"), std::string::npos) << r.status().message();
}

}  // namespace
}  // namespace corridor::analytics
