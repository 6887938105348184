#include "analytics/composite_index.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace corridor::analytics {
namespace {

constexpr double NA = kMissingValue;

IndicatorData Make(std::vector<std::string> units, std::vector<IndicatorSpec> indicators, std::vector<double> values) {
  IndicatorData d;
  d.units = std::move(units);
  d.indicators = std::move(indicators);
  d.values = std::move(values);
  return d;
}

// One indicator over n units named U1..Un.
IndicatorData Column(std::vector<double> x, int direction = 1) {
  std::vector<std::string> units;
  for (size_t i = 0; i < x.size(); ++i) units.push_back(std::string("U").append(std::to_string(i + 1)));
  return Make(units, {{"X", direction}}, x);
}

std::vector<double> Normalise(const IndicatorData& d, Normalisation m, NormalisationParams p = {},
                              bool geometric = false) {
  auto r = NormaliseValues(d, d.values, m, p, geometric);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? *r : std::vector<double>{};
}

CompositeResult Compute(const IndicatorData& d, const CompositeConfig& c) {
  auto r = ComputeCompositeIndex(d, c);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? *r : CompositeResult{};
}

void ExpectError(const Result<CompositeResult>& r, const std::vector<std::string>& parts) {
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
  for (const auto& p : parts) EXPECT_NE(r.status().message().find(p), std::string::npos) << r.status().message();
}

// ---- normalisation ----

TEST(CompositeNormaliseTest, MinMaxTo100And01AndReversed) {
  auto d = Column({10, 20, 40});
  // min 10, max 40, range 30: (10-10)/30 = 0, (20-10)/30 = 1/3, (40-10)/30 = 1; times 100.
  auto n = Normalise(d, Normalisation::kMinMax);
  EXPECT_DOUBLE_EQ(n[0], 0);
  EXPECT_DOUBLE_EQ(n[1], 100.0 / 3);
  EXPECT_DOUBLE_EQ(n[2], 100);
  // Upper bound 1: the same shares, 0, 1/3, 1.
  n = Normalise(d, Normalisation::kMinMax, {.minmax_upper = 1});
  EXPECT_DOUBLE_EQ(n[1], 1.0 / 3);
  EXPECT_DOUBLE_EQ(n[2], 1);
  // Direction -1: (max - x) / range: (40-10)/30 = 1, (40-20)/30 = 2/3, 0.
  n = Normalise(Column({10, 20, 40}, -1), Normalisation::kMinMax);
  EXPECT_DOUBLE_EQ(n[0], 100);
  EXPECT_DOUBLE_EQ(n[1], 200.0 / 3);
  EXPECT_DOUBLE_EQ(n[2], 0);
  // Before geometric aggregation the range is [1, 100]: 1 + 99 * (0, 1/3, 1) = 1, 34, 100.
  n = Normalise(d, Normalisation::kMinMax, {}, /*geometric=*/true);
  EXPECT_DOUBLE_EQ(n[0], 1);
  EXPECT_DOUBLE_EQ(n[1], 34);
  EXPECT_DOUBLE_EQ(n[2], 100);
}

TEST(CompositeNormaliseTest, ZScoreUsesSampleStandardDeviation) {
  // 2, 4, 6, 8: mean 5, deviations -3, -1, 1, 3, sum of squares 20, sd = sqrt(20 / 3) = 2.58199.
  // z = d / 2.58199 = -1.161895, -0.387298, 0.387298, 1.161895.
  auto n = Normalise(Column({2, 4, 6, 8}), Normalisation::kZScore);
  EXPECT_NEAR(n[0], -1.161895, 1e-6);
  EXPECT_NEAR(n[1], -0.387298, 1e-6);
  EXPECT_NEAR(n[2], 0.387298, 1e-6);
  EXPECT_NEAR(n[3], 1.161895, 1e-6);
  // Direction -1 flips the sign; mean 10 and sd 2 rescale: 10 + 2 * 1.161895 = 12.32379 for the first.
  n = Normalise(Column({2, 4, 6, 8}, -1), Normalisation::kZScore, {.zscore_mean = 10, .zscore_sd = 2});
  EXPECT_NEAR(n[0], 12.323790, 1e-6);
  EXPECT_NEAR(n[3], 7.676210, 1e-6);
}

TEST(CompositeNormaliseTest, RankAveragesTies) {
  // 5, 3, 5, 1 ascending: 1 -> 1, 3 -> 2, the two 5s share places 3 and 4 -> 3.5 each.
  auto n = Normalise(Column({5, 3, 5, 1}), Normalisation::kRank);
  EXPECT_EQ(n, (std::vector<double>{3.5, 2, 3.5, 1}));
  // Direction -1 ranks -x: -5, -5 share places 1 and 2 -> 1.5; -3 -> 3; -1 -> 4.
  n = Normalise(Column({5, 3, 5, 1}, -1), Normalisation::kRank);
  EXPECT_EQ(n, (std::vector<double>{1.5, 3, 1.5, 4}));
}

TEST(CompositeNormaliseTest, DistanceToAverage) {
  // 10, 20, 30: mean 20 -> 10/20 = 0.5, 1, 1.5; direction -1 mirrors about 1: 2 - 0.5 = 1.5, 1, 0.5.
  EXPECT_EQ(Normalise(Column({10, 20, 30}), Normalisation::kDistanceToAverage), (std::vector<double>{0.5, 1, 1.5}));
  EXPECT_EQ(Normalise(Column({10, 20, 30}, -1), Normalisation::kDistanceToAverage),
            (std::vector<double>{1.5, 1, 0.5}));
}

TEST(CompositeNormaliseTest, MissingValuesStayMissingAndStatisticsUseThePresent) {
  // Present 10 and 30: min-max 0 and 100; the missing unit stays missing.
  auto n = Normalise(Column({10, NA, 30}), Normalisation::kMinMax);
  EXPECT_DOUBLE_EQ(n[0], 0);
  EXPECT_TRUE(IsMissing(n[1]));
  EXPECT_DOUBLE_EQ(n[2], 100);
  // Rank among the two present values: 1 and 2.
  n = Normalise(Column({10, NA, 30}), Normalisation::kRank);
  EXPECT_DOUBLE_EQ(n[0], 1);
  EXPECT_DOUBLE_EQ(n[2], 2);
}

TEST(CompositeNormaliseTest, RefusesWhatIsUndefined) {
  auto constant = Column({7, 7, 7});
  auto r = NormaliseValues(constant, constant.values, Normalisation::kMinMax, {}, false);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("indicator 'X'"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("every unit has the value 7"), std::string::npos) << r.status().message();
  r = NormaliseValues(constant, constant.values, Normalisation::kZScore, {}, false);
  EXPECT_FALSE(r.ok());
  auto negative_mean = Column({-10, 2, 3});  // mean -5/3: x / mean would reverse the order
  r = NormaliseValues(negative_mean, negative_mean.values, Normalisation::kDistanceToAverage, {}, false);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("positive mean"), std::string::npos) << r.status().message();
}

// ---- aggregation, weights, direction ----

// P, Q, R on A and B; distance to the average: A = 20, 10, 30 (mean 20) -> 1, 0.5, 1.5;
// B = 20, 30, 10 (mean 20) -> 1, 1.5, 0.5.
IndicatorData Balanced() {
  return Make({"P", "Q", "R"}, {{"A"}, {"B"}}, {20, 20, 10, 30, 30, 10});
}

TEST(CompositeAggregateTest, ArithmeticVersusGeometric) {
  CompositeConfig c;
  c.normalisation = Normalisation::kDistanceToAverage;
  // Arithmetic, equal weights: P (1 + 1) / 2 = 1, Q (0.5 + 1.5) / 2 = 1, R (1.5 + 0.5) / 2 = 1:
  // a three-way tie, average rank (1 + 2 + 3) / 3 = 2 each.
  auto r = Compute(Balanced(), c);
  EXPECT_EQ(r.scores, (std::vector<double>{1, 1, 1}));
  EXPECT_EQ(r.ranks, (std::vector<double>{2, 2, 2}));
  // Geometric penalises imbalance: P sqrt(1 * 1) = 1, Q = R = sqrt(0.5 * 1.5) = sqrt(0.75) = 0.866025.
  // P first; Q and R tie for places 2 and 3 -> 2.5 each (ties averaged) or 2 each (ties min).
  c.aggregation = Aggregation::kGeometric;
  r = Compute(Balanced(), c);
  EXPECT_NEAR(r.scores[0], 1, 1e-12);
  EXPECT_NEAR(r.scores[1], 0.866025, 1e-6);
  EXPECT_NEAR(r.scores[2], 0.866025, 1e-6);
  EXPECT_EQ(r.ranks, (std::vector<double>{1, 2.5, 2.5}));
  c.ties = RankTies::kMin;
  r = Compute(Balanced(), c);
  EXPECT_EQ(r.ranks, (std::vector<double>{1, 2, 2}));
}

TEST(CompositeAggregateTest, ManualWeightsAreNormalised) {
  auto d = Balanced();
  d.indicators[0].weight = 3;  // 3 and 1 -> 0.75 and 0.25
  d.indicators[1].weight = 1;
  CompositeConfig c;
  c.normalisation = Normalisation::kDistanceToAverage;
  c.weighting = Weighting::kManual;
  // P 0.75 * 1 + 0.25 * 1 = 1; Q 0.75 * 0.5 + 0.25 * 1.5 = 0.75; R 0.75 * 1.5 + 0.25 * 0.5 = 1.25.
  auto r = Compute(d, c);
  EXPECT_DOUBLE_EQ(r.weights.indicator_weights[0], 0.75);
  EXPECT_DOUBLE_EQ(r.scores[0], 1);
  EXPECT_DOUBLE_EQ(r.scores[1], 0.75);
  EXPECT_DOUBLE_EQ(r.scores[2], 1.25);
  EXPECT_EQ(r.ranks, (std::vector<double>{2, 3, 1}));
  // Geometric: Q = 0.5^0.75 * 1.5^0.25 = 0.594604 * 1.106682 = 0.658037; R = 1.5^0.75 * 0.5^0.25 = 1.139754.
  c.aggregation = Aggregation::kGeometric;
  r = Compute(d, c);
  EXPECT_NEAR(r.scores[1], 0.658037, 1e-6);
  EXPECT_NEAR(r.scores[2], 1.139754, 1e-6);
}

TEST(CompositeAggregateTest, DirectionMinusOne) {
  // GDP (+1): 10, 20, 30 -> min-max 0, 50, 100. Unemployment (-1): 5, 15, 10 -> (15 - x) / 10:
  // 100, 0, 50. Equal weights: U1 (0 + 100) / 2 = 50, U2 (50 + 0) / 2 = 25, U3 (100 + 50) / 2 = 75.
  auto d = Make({"U1", "U2", "U3"}, {{"GDP", 1}, {"UNEMP", -1}}, {10, 5, 20, 15, 30, 10});
  auto r = Compute(d, {});
  EXPECT_EQ(r.normalised, (std::vector<double>{0, 100, 50, 0, 100, 50}));
  EXPECT_EQ(r.scores, (std::vector<double>{50, 25, 75}));
  EXPECT_EQ(r.ranks, (std::vector<double>{2, 3, 1}));
}

TEST(CompositeAggregateTest, TwoLevelByGroup) {
  // Min-max: A = 0, 50, 100; B = 100, 50, 0; C = 0, 100, 50 (raw values already on 0..100).
  auto d = Make({"U1", "U2", "U3"}, {{"A", 1, 1, "G1"}, {"B", 1, 1, "G1"}, {"C", 1, 1, "G2"}},
                {0, 100, 0, 50, 50, 100, 100, 0, 50});
  CompositeConfig c;
  // One level (1/3 each): U1 100/3 = 33.33, U2 200/3 = 66.67, U3 150/3 = 50.
  auto r = Compute(d, c);
  EXPECT_NEAR(r.scores[0], 100.0 / 3, 1e-12);
  EXPECT_NEAR(r.scores[1], 200.0 / 3, 1e-12);
  EXPECT_NEAR(r.scores[2], 50, 1e-12);
  // By group: G1 = (A + B) / 2 = 50, 50, 50; G2 = C = 0, 100, 50; index (G1 + G2) / 2 = 25, 75, 50.
  c.by_group = true;
  r = Compute(d, c);
  ASSERT_EQ(r.weights.groups, (std::vector<std::string>{"G1", "G2"}));
  EXPECT_EQ(r.dimension_scores, (std::vector<double>{50, 0, 50, 100, 50, 50}));
  EXPECT_EQ(r.scores, (std::vector<double>{25, 75, 50}));
  EXPECT_EQ(r.ranks, (std::vector<double>{3, 1, 2}));
  // Manual group weights G1 = 3, G2 = 1 -> 0.75, 0.25: U1 37.5, U2 0.75 * 50 + 0.25 * 100 = 62.5, U3 50.
  c.weighting = Weighting::kManual;
  c.group_weights = {{"G1", 3}, {"G2", 1}};
  r = Compute(d, c);
  EXPECT_EQ(r.scores, (std::vector<double>{37.5, 62.5, 50}));
}

TEST(CompositeAggregateTest, RanksWithTies) {
  // 5, 7, 7, 3, 7: the three 7s hold places 1-3 -> average 2 (min 1); 5 is 4th, 3 is 5th.
  const std::vector<double> s{5, 7, 7, 3, 7};
  std::vector<double> r(5);
  std::vector<size_t> order;
  RankScores(s.data(), 5, RankTies::kAverage, r.data(), &order);
  EXPECT_EQ(r, (std::vector<double>{4, 2, 2, 5, 2}));
  RankScores(s.data(), 5, RankTies::kMin, r.data(), &order);
  EXPECT_EQ(r, (std::vector<double>{4, 1, 1, 5, 1}));
  // Equal up to rounding (0.1 + 0.2 vs 0.3) is a tie.
  const std::vector<double> t{0.1 + 0.2, 0.3, 0.1};
  RankScores(t.data(), 3, RankTies::kAverage, r.data(), &order);
  EXPECT_EQ(r[0], 1.5);
  EXPECT_EQ(r[1], 1.5);
  EXPECT_EQ(r[2], 3);
}

// ---- missing data and imputation ----

TEST(CompositeMissingTest, ReportCountsAndThreshold) {
  // 3 units x 2 indicators; A misses U2, B misses U2 and U3.
  auto d = Make({"U1", "U2", "U3"}, {{"A"}, {"B"}}, {1, 2, NA, NA, 3, NA});
  auto rep = ReportMissing(d, 0.4);
  EXPECT_EQ(rep.missing_per_indicator, (std::vector<size_t>{1, 2}));
  EXPECT_NEAR(rep.share_per_indicator[1], 2.0 / 3, 1e-12);
  EXPECT_EQ(rep.missing_per_unit, (std::vector<size_t>{0, 2, 1}));
  EXPECT_EQ(rep.indicators_over_threshold, (std::vector<size_t>{1}));  // 1/3 <= 0.4 < 2/3
  EXPECT_EQ(rep.units_over_threshold, (std::vector<size_t>{1, 2}));    // U2 2/2, U3 1/2 (U1 0)
  EXPECT_EQ(rep.total_missing, 3u);
  EXPECT_DOUBLE_EQ(rep.total_share, 0.5);
}

TEST(CompositeMissingTest, ImputeMeanAndMedian) {
  // 1, 2, missing, 9: mean (1 + 2 + 9) / 3 = 4; median of 1, 2, 9 = 2.
  auto d = Column({1, 2, NA, 9});
  std::vector<ImputedValue> log;
  auto v = ImputeValues(d, Imputation::kIndicatorMean, &log);
  EXPECT_EQ(v, (std::vector<double>{1, 2, 4, 9}));
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].unit, 2u);
  EXPECT_EQ(log[0].value, 4);
  log.clear();
  EXPECT_EQ(ImputeValues(d, Imputation::kIndicatorMedian, &log), (std::vector<double>{1, 2, 2, 9}));
  // Even count: 1, 3, 8, 10 -> median (3 + 8) / 2 = 5.5.
  EXPECT_EQ(ImputeValues(Column({1, NA, 3, 8, 10}), Imputation::kIndicatorMedian, nullptr)[1], 5.5);
  EXPECT_TRUE(IsMissing(ImputeValues(d, Imputation::kNone, nullptr)[2]));
}

TEST(CompositeMissingTest, NoImputationReweightsThePresentIndicators) {
  // A: 0, 40, 100 -> min-max 0, 40, 100. B: 100, missing, 50 -> over the present 100 and 50: 100, -, 0.
  // U1 (0 + 100) / 2 = 50; U2 has only A: 40 / 1 = 40; U3 (100 + 0) / 2 = 50.
  auto d = Make({"U1", "U2", "U3"}, {{"A"}, {"B"}}, {0, 100, 40, NA, 100, 50});
  auto r = Compute(d, {});
  EXPECT_EQ(r.scores, (std::vector<double>{50, 40, 50}));
  EXPECT_EQ(r.ranks, (std::vector<double>{1.5, 3, 1.5}));
  // Mean imputation gives U2 B = 75: B = 100, 75, 50 -> 100, 50, 0; U2 (40 + 50) / 2 = 45.
  CompositeConfig c;
  c.imputation = Imputation::kIndicatorMean;
  r = Compute(d, c);
  EXPECT_EQ(r.scores, (std::vector<double>{50, 45, 50}));
  ASSERT_EQ(r.imputed.size(), 1u);
  EXPECT_EQ(r.imputed[0].indicator, 1u);
}

// ---- outliers ----

TEST(CompositeOutlierTest, WinsorisesAPlantedOutlier) {
  // 1..10 and 100 (n = 11): mean 14.0909, sum d^2 = 8200.91, sum d^3 = 625574.4, sum d^4 = 5.4562e7.
  // G1 = sqrt(11) * 625574.4 / 8200.91^1.5 * sqrt(11 * 10) / 9 = 3.2556 (>= 2);
  // r = 11 * 5.4562e7 / 8200.91^2 = 8.9240, G2 = (12 * (r - 3) + 6) * 10 / (9 * 8) = 10.7067 (>= 3.5): fails.
  // Positive skew: the 100 becomes the next highest, 10. Then 1..10, 10 has G1 = -0.1276: passes.
  std::vector<double> x{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100};
  auto d = Column(x);
  std::vector<double> v = d.values;
  OutlierConfig oc;
  oc.method = OutlierMethod::kSkewKurtosis;
  auto rep = TreatOutliers(d, &v, oc);
  ASSERT_TRUE(rep.ok()) << rep.status().message();
  const OutlierReport& r = (*rep)[0];
  EXPECT_NEAR(r.skew_before, 3.2556, 1e-4);
  EXPECT_NEAR(r.kurtosis_before, 10.7067, 1e-4);
  EXPECT_TRUE(r.failed_test);
  EXPECT_FALSE(r.still_outlying);
  ASSERT_EQ(r.points.size(), 1u);
  EXPECT_EQ(r.points[0].unit, 10u);
  EXPECT_EQ(r.points[0].original, 100);
  EXPECT_EQ(r.points[0].treated, 10);
  EXPECT_TRUE(r.points[0].high);
  EXPECT_NEAR(r.skew_after, -0.1276, 1e-4);
  EXPECT_EQ(v[10], 10);
  for (size_t i = 0; i < 10; ++i) EXPECT_EQ(v[i], x[i]);
}

TEST(CompositeOutlierTest, WinsorisationStopsAtMaxPoints) {
  // 1..20, 50, 100: G1 3.3174, G2 12.2069: fails. Step 1: 100 -> 50; G1 2.0559, G2 4.3169: still fails.
  // Step 2: both 50s -> 20 (2 distinct points changed); G1 -0.0945: passes.
  std::vector<double> x;
  for (int i = 1; i <= 20; ++i) x.push_back(i);
  x.push_back(50);
  x.push_back(100);
  auto d = Column(x);
  OutlierConfig oc;
  oc.method = OutlierMethod::kSkewKurtosis;
  oc.max_points = 1;
  std::vector<double> v = d.values;
  auto rep = TreatOutliers(d, &v, oc);
  ASSERT_TRUE(rep.ok());
  EXPECT_TRUE((*rep)[0].still_outlying);
  ASSERT_EQ((*rep)[0].points.size(), 1u);
  EXPECT_EQ((*rep)[0].points[0].treated, 50);
  EXPECT_NEAR((*rep)[0].skew_after, 2.0559, 1e-4);

  oc.max_points = 5;
  v = d.values;
  rep = TreatOutliers(d, &v, oc);
  ASSERT_TRUE(rep.ok());
  EXPECT_FALSE((*rep)[0].still_outlying);
  ASSERT_EQ((*rep)[0].points.size(), 2u);
  EXPECT_EQ((*rep)[0].points[0].original, 100);  // changed twice: 100 -> 50 -> 20
  EXPECT_EQ((*rep)[0].points[0].treated, 20);
  EXPECT_EQ((*rep)[0].points[1].original, 50);
  EXPECT_EQ((*rep)[0].points[1].treated, 20);
}

TEST(CompositeOutlierTest, WellBehavedIndicatorIsLeftAlone) {
  auto d = Column({1, 2, 3, 4, 5, 6, 7, 8});  // symmetric: G1 = 0
  std::vector<double> v = d.values;
  OutlierConfig oc;
  oc.method = OutlierMethod::kSkewKurtosis;
  auto rep = TreatOutliers(d, &v, oc);
  ASSERT_TRUE(rep.ok());
  EXPECT_FALSE((*rep)[0].failed_test);
  EXPECT_TRUE((*rep)[0].points.empty());
  EXPECT_EQ(v, d.values);
}

TEST(CompositeOutlierTest, PercentileCap) {
  // 1..11, 10th and 90th percentiles (type 7): h = 10 * 0.1 = 1 -> 2; h = 10 * 0.9 = 9 -> 10.
  // So 1 -> 2 and 11 -> 10; the rest unchanged.
  auto d = Column({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
  OutlierConfig oc;
  oc.method = OutlierMethod::kPercentileCap;
  oc.lower_percentile = 0.1;
  oc.upper_percentile = 0.9;
  std::vector<double> v = d.values;
  auto rep = TreatOutliers(d, &v, oc);
  ASSERT_TRUE(rep.ok());
  ASSERT_EQ((*rep)[0].points.size(), 2u);
  EXPECT_EQ(v.front(), 2);
  EXPECT_EQ(v.back(), 10);
  EXPECT_FALSE((*rep)[0].points[0].high);
  EXPECT_TRUE((*rep)[0].points[1].high);
  oc.lower_percentile = 0.9;  // lower above upper
  EXPECT_FALSE(TreatOutliers(d, &v, oc).ok());
}

TEST(CompositeOutlierTest, PipelineTreatsBeforeNormalising) {
  // With the 100 winsorised to 10, min-max runs over 1..10: unit 11 gets 100, unit 10 gets 100 too.
  auto d = Column({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100});
  CompositeConfig c;
  c.outliers.method = OutlierMethod::kSkewKurtosis;
  auto r = Compute(d, c);
  EXPECT_EQ(r.treated[10], 10);
  EXPECT_DOUBLE_EQ(r.normalised[9], 100);
  EXPECT_DOUBLE_EQ(r.normalised[10], 100);
  EXPECT_DOUBLE_EQ(r.normalised[0], 0);
  EXPECT_EQ(r.ranks[9], 1.5);  // tied at the top
}

// ---- performance groups ----

TEST(CompositePerformanceTest, BoundariesExactly) {
  EXPECT_EQ(ClassifyPerformance(125.0001), PerformanceGroup::kLeader);
  EXPECT_EQ(ClassifyPerformance(125), PerformanceGroup::kStrong);  // "above 125%" is strict
  EXPECT_EQ(ClassifyPerformance(100.0001), PerformanceGroup::kStrong);
  EXPECT_EQ(ClassifyPerformance(100), PerformanceGroup::kModerate);  // the average is not above itself
  EXPECT_EQ(ClassifyPerformance(70), PerformanceGroup::kModerate);   // "below 70%" is strict
  EXPECT_EQ(ClassifyPerformance(69.9999), PerformanceGroup::kEmerging);
  EXPECT_EQ(ClassifyPerformance(125 + 1e-12), PerformanceGroup::kStrong);  // rounding noise stays on the boundary
  EXPECT_EQ(ClassifyPerformance(70 - 1e-12), PerformanceGroup::kModerate);
}

TEST(CompositePerformanceTest, GroupsRelativeToTheAverage) {
  // Distance to the average on one indicator with mean 100: score = x / 100, the mean score is 1,
  // so relative = x: 125 strong, 100 moderate, 70 moderate, 105 strong, 130 leader, 60 emerging,
  // 110 strong. (125 + 100 + 70 + 105 + 130 + 60 + 110 = 700 = 7 * 100.)
  auto d = Column({125, 100, 70, 105, 130, 60, 110});
  CompositeConfig c;
  c.normalisation = Normalisation::kDistanceToAverage;
  auto r = Compute(d, c);
  EXPECT_NEAR(r.reference, 1, 1e-12);
  EXPECT_NEAR(r.relative[0], 125, 1e-9);
  using PG = PerformanceGroup;
  EXPECT_EQ(r.performance,
            (std::vector<PG>{PG::kStrong, PG::kModerate, PG::kModerate, PG::kStrong, PG::kLeader, PG::kEmerging,
                             PG::kStrong}));
  // Relative to a named unit (U6 = 60): U1 125 / 60 = 208% leader, U2 100 / 60 = 167% leader, U6 itself 100%.
  c.reference_unit = "U6";
  r = Compute(d, c);
  EXPECT_NEAR(r.relative[1], 100.0 * 100 / 60, 1e-9);
  EXPECT_EQ(r.performance[5], PG::kModerate);
  EXPECT_EQ(r.performance[0], PG::kLeader);
  c.reference_unit = "EU27";
  ExpectError(ComputeCompositeIndex(d, c), {"reference unit 'EU27'"});
}

TEST(CompositePerformanceTest, UnavailableWithoutARatioScale) {
  CompositeConfig c;
  c.normalisation = Normalisation::kZScore;  // mean score 0
  auto r = Compute(Column({1, 2, 4}), c);
  for (auto g : r.performance) EXPECT_EQ(g, PerformanceGroup::kUnavailable);
  EXPECT_NE(r.performance_note.find("positive reference"), std::string::npos);
}

// ---- bad input ----

TEST(CompositeBadInputTest, EmptyMatrix) {
  ExpectError(ComputeCompositeIndex(Make({}, {{"A"}}, {}), {}), {"empty", "no units"});
  ExpectError(ComputeCompositeIndex(Make({"U1", "U2"}, {}, {}), {}), {"empty", "no indicators"});
  ExpectError(ComputeCompositeIndex(Make({"U1", "U2"}, {{"A"}}, {1}), {}), {"2 units x 1 indicators need 2"});
  ExpectError(ComputeCompositeIndex(Make({"U1"}, {{"A"}}, {1}), {}), {"at least 2 units"});
}

TEST(CompositeBadInputTest, IndicatorOrUnitAllMissing) {
  ExpectError(ComputeCompositeIndex(Make({"U1", "U2"}, {{"A"}, {"RD_SPEND"}}, {1, NA, 2, NA}), {}),
              {"indicator 'RD_SPEND' has no value for any unit"});
  ExpectError(ComputeCompositeIndex(Make({"U1", "Nord-Est"}, {{"A"}, {"B"}}, {1, 2, NA, NA}), {}),
              {"unit 'Nord-Est' has no value for any indicator"});
}

TEST(CompositeBadInputTest, NamesAndValues) {
  ExpectError(ComputeCompositeIndex(Make({"U1", "U1"}, {{"A"}}, {1, 2}), {}), {"unit 'U1' appears twice"});
  ExpectError(ComputeCompositeIndex(Make({"U1", "U2"}, {{"A", 0}}, {1, 2}), {}), {"indicator 'A'", "direction"});
  ExpectError(ComputeCompositeIndex(Make({"U1", "U2"}, {{"A"}}, {1, INFINITY}), {}),
              {"unit 'U2', indicator 'A'", "finite"});
}

TEST(CompositeBadInputTest, Weights) {
  auto d = Balanced();
  d.indicators[1].weight = -0.5;
  CompositeConfig c;
  c.weighting = Weighting::kManual;
  ExpectError(ComputeCompositeIndex(d, c), {"indicator 'B'", "negative"});
  d.indicators[0].weight = 0;
  d.indicators[1].weight = 0;
  ExpectError(ComputeCompositeIndex(d, c), {"every indicator weight is zero"});
  // Zero weights inside one group.
  auto g = Make({"U1", "U2"}, {{"A", 1, 0, "G1"}, {"B", 1, 1, "G2"}}, {1, 2, 3, 4});
  c.by_group = true;
  ExpectError(ComputeCompositeIndex(g, c), {"group 'G1'"});
  g.indicators[0].weight = 1;
  c.group_weights = {{"G1", 1}};
  ExpectError(ComputeCompositeIndex(g, c), {"group 'G2' has no weight"});
  c.group_weights = {{"G1", 1}, {"G2", -1}};
  ExpectError(ComputeCompositeIndex(g, c), {"group 'G2'", "negative"});
  c.group_weights = {{"G1", 1}, {"G9", 1}};
  ExpectError(ComputeCompositeIndex(g, c), {"'G9'", "no indicator"});
  // By group without a group.
  CompositeConfig byg;
  byg.by_group = true;
  ExpectError(ComputeCompositeIndex(Balanced(), byg), {"indicator 'A' has no group"});
}

TEST(CompositeBadInputTest, GeometricNeedsPositiveValues) {
  // Distance to the average with a zero value: 0 / mean = 0 cannot enter a geometric mean.
  // A = 1, 3, 2 (mean 2); PATENTS = 4, 0, 2 (mean 2).
  auto d = Make({"U1", "U2", "U3"}, {{"A"}, {"PATENTS"}}, {1, 4, 3, 0, 2, 2});
  CompositeConfig c;
  c.normalisation = Normalisation::kDistanceToAverage;
  c.aggregation = Aggregation::kGeometric;
  ExpectError(ComputeCompositeIndex(d, c), {"geometric", "indicator 'PATENTS'", "unit 'U2'", "distance to the average"});
  // z-scores are negative below the mean.
  c.normalisation = Normalisation::kZScore;
  ExpectError(ComputeCompositeIndex(d, c), {"geometric", "z-score"});
  // Shifted z-scores (COINr's mean 10, sd 2) and min-max (shifted to [1, 100]) are accepted.
  c.normalisation_params.zscore_mean = 10;
  c.normalisation_params.zscore_sd = 2;
  EXPECT_TRUE(ComputeCompositeIndex(d, c).ok());
  c.normalisation = Normalisation::kMinMax;
  auto r = Compute(d, c);
  // U2: PATENTS min-max 1 (the floor of [1, 100], not 0), A the maximum, 100: sqrt(1 * 100) = 10.
  EXPECT_NEAR(r.scores[1], 10, 1e-9);
}

TEST(CompositeBadInputTest, ZeroWeightLeavesAUnitWithNothing) {
  // U2 has only B, and B's weight is zero.
  auto d = Make({"U1", "U2", "U3"}, {{"A", 1, 1}, {"B", 1, 0}}, {1, 2, NA, 3, 5, 4});
  CompositeConfig c;
  c.weighting = Weighting::kManual;
  ExpectError(ComputeCompositeIndex(d, c), {"unit 'U2'", "non-zero weight"});
}

}  // namespace
}  // namespace corridor::analytics
