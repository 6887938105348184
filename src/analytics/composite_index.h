// Composite indicators (the JRC method as in COINr and the European/Regional Innovation
// Scoreboards): a units x indicators matrix goes through missing-data report, imputation,
// outlier treatment, normalisation, weighting and aggregation, and comes out as a score, a
// rank and a performance group per unit. Pure computation: no database, no I/O.
//
// Pipeline order (COINr's): report missing -> impute -> treat outliers -> normalise (with the
// indicator's direction) -> weight -> aggregate (optionally by group: dimension scores, then
// the index) -> rank -> performance groups. Each step is also callable alone; the building
// blocks below are shared with analytics/rank_uncertainty so that a Monte Carlo run computes
// bit-for-bit what the nominal pipeline computes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace corridor::analytics {

inline constexpr double kMissingValue = std::numeric_limits<double>::quiet_NaN();

struct IndicatorSpec {
  IndicatorSpec() = default;
  IndicatorSpec(std::string code, int direction = 1, double weight = 1.0, std::string group = {})
      : code(std::move(code)), direction(direction), weight(weight), group(std::move(group)) {}

  std::string code;     // named in every message
  int direction = 1;    // +1: higher is better; -1: lower is better (unemployment, emissions)
  double weight = 1.0;  // used with Weighting::kManual; within its group when aggregating by group
  std::string group;    // dimension; used with CompositeConfig::by_group
};

// Dense units x indicators, row-major; NaN = missing. Infinite values are refused.
struct IndicatorData {
  std::vector<std::string> units;
  std::vector<IndicatorSpec> indicators;
  std::vector<double> values;

  // Units x indicators, every value missing.
  static IndicatorData Empty(std::vector<std::string> units, std::vector<IndicatorSpec> indicators);
  size_t unit_count() const { return units.size(); }
  size_t indicator_count() const { return indicators.size(); }
  double& at(size_t unit, size_t indicator) { return values[unit * indicators.size() + indicator]; }
  double at(size_t unit, size_t indicator) const { return values[unit * indicators.size() + indicator]; }
};

inline bool IsMissing(double v) { return v != v; }

// Shape, names (non-empty, unique), directions (+1/-1), finite values; at least 2 units; no
// indicator and no unit entirely missing (each is named).
Status ValidateIndicatorData(const IndicatorData& data);

// ---- missing data ----

struct MissingDataReport {
  double threshold = 0;  // a share strictly above it is listed
  std::vector<size_t> missing_per_indicator;
  std::vector<double> share_per_indicator;
  std::vector<size_t> missing_per_unit;
  std::vector<double> share_per_unit;
  std::vector<size_t> indicators_over_threshold;  // indices, in input order
  std::vector<size_t> units_over_threshold;
  size_t total_missing = 0;
  double total_share = 0;
};
MissingDataReport ReportMissing(const IndicatorData& data, double threshold);

// kNone: a missing value stays missing. Normalisation statistics use the values present, and
//   aggregation re-weights the unit's present indicators (their weights renormalised to sum
//   1). For the arithmetic mean this is the same as giving the missing value the unit's own
//   weighted average of its other normalised indicators: no value is invented for the region.
// kIndicatorMean: the indicator's mean over the units that have it. Pulls the unit to the
//   average on that indicator and shrinks the indicator's spread.
// kIndicatorMedian: the indicator's median (mean of the two middle values for an even count).
//   Like the mean, but not dragged by outliers; the usual choice for skewed indicators.
enum class Imputation { kNone, kIndicatorMean, kIndicatorMedian };
std::string_view ImputationName(Imputation m);  // "none", "indicator mean", "indicator median"

struct ImputedValue {
  size_t unit = 0, indicator = 0;
  double value = 0;
};

// Returns the values (units x indicators) with missing ones filled; logs each filled cell.
std::vector<double> ImputeValues(const IndicatorData& data, Imputation method, std::vector<ImputedValue>* log);

// ---- outliers ----

// kSkewKurtosis (COINr's default treatment): an indicator fails when |skewness| >= skew_threshold
//   AND kurtosis >= kurtosis_threshold (sample skewness G1 and excess kurtosis G2, as Excel and
//   e1071 type 2; COINr passes an indicator when |skew| < 2 OR kurtosis < 3.5). A failing
//   indicator is winsorised one step at a time: the highest value (lowest when the skew is
//   negative) is replaced by the next highest, then the test is repeated, until it passes or
//   max_points distinct points have been changed. Tied extremes move together, so one step can
//   take the count past max_points. An indicator still failing is flagged (COINr would then
//   log-transform it; here it is left to the user).
// kPercentileCap: values below the lower percentile are raised to it and values above the upper
//   one lowered to it (percentiles by linear interpolation, R's type 7).
// Both use the values present only (imputed values count as present).
enum class OutlierMethod { kNone, kSkewKurtosis, kPercentileCap };

struct OutlierConfig {
  OutlierMethod method = OutlierMethod::kNone;
  double skew_threshold = 2.0;
  double kurtosis_threshold = 3.5;
  size_t max_points = 5;
  double lower_percentile = 0.05;  // kPercentileCap, in [0, 1)
  double upper_percentile = 0.95;  // kPercentileCap, in (lower, 1]
};

struct TreatedPoint {
  size_t unit = 0;
  double original = 0, treated = 0;
  bool high = true;  // the high tail was cut
};

struct OutlierReport {
  size_t indicator = 0;
  double skew_before = kMissingValue, kurtosis_before = kMissingValue;  // NaN: fewer than 4 values
  double skew_after = kMissingValue, kurtosis_after = kMissingValue;
  bool failed_test = false;     // kSkewKurtosis: the indicator failed before treatment
  bool still_outlying = false;  // kSkewKurtosis: still fails after max_points
  std::vector<TreatedPoint> points;  // in the order they were first changed
};

// Treats `values` (units x indicators, NaN = missing) in place; one report per indicator.
Result<std::vector<OutlierReport>> TreatOutliers(const IndicatorData& data, std::vector<double>* values,
                                                 const OutlierConfig& config);

// Sample skewness G1 and excess kurtosis G2 of the values present (NaN with fewer than 3 / 4
// values, 0 when all are equal).
double SampleSkewness(const std::vector<double>& x);
double SampleExcessKurtosis(const std::vector<double>& x);
// R's type 7 quantile (linear interpolation between order statistics) of sorted values.
double QuantileType7(const std::vector<double>& sorted, double p);

// ---- normalisation ----

// The direction is applied here, so that after normalisation higher is always better.
// kMinMax: (x - min) / (max - min) * minmax_upper (or (max - x) / ... for direction -1), on [0,
//   upper]. Before geometric aggregation the range becomes [upper * geometric_floor, upper]
//   (COINr's [1, 100]) so that the worst unit does not get a zero and zero the whole product.
// kZScore: zscore_mean + zscore_sd * (x - mean) / sd * direction; sd is the sample standard
//   deviation (n - 1, as R's sd()). Geometric aggregation needs zscore_mean large enough to
//   keep every value positive (COINr uses mean 10, sd 2); otherwise it is refused.
// kRank: the rank of x * direction among the units that have the indicator, 1 = worst, ties
//   averaged (so higher is better and the scale is 1..n).
// kDistanceToAverage: x / mean (EIS style: 1 = the average unit); for direction -1,
//   2 - x / mean, the mirror image about the average (mean / x would explode near zero). Needs
//   a positive mean.
// An indicator with the same value for every unit cannot be min-max or z-score normalised:
// refused, naming it.
enum class Normalisation { kMinMax, kZScore, kRank, kDistanceToAverage };
std::string_view NormalisationName(Normalisation m);  // "min-max", "z-score", "rank", "distance to the average"

struct NormalisationParams {
  double minmax_upper = 100.0;     // 100 for [0, 100], 1 for [0, 1]
  double geometric_floor = 0.01;   // min-max before geometric aggregation: [upper * floor, upper]
  double zscore_mean = 0.0;
  double zscore_sd = 1.0;
};

Result<std::vector<double>> NormaliseValues(const IndicatorData& data, const std::vector<double>& values,
                                            Normalisation method, const NormalisationParams& params,
                                            bool for_geometric);

// ---- weights ----

enum class Weighting { kEqual, kManual };

enum class Aggregation { kArithmetic, kGeometric };
std::string_view AggregationName(Aggregation m);  // "arithmetic", "geometric"

// 1 = best. kAverage: tied units share the mean of the places they occupy (1, 2.5, 2.5, 4);
// kMin: they share the best one (1, 2, 2, 4). Scores equal within 1e-12 (relative, absolute
// below 1) are ties, so that equal scores reached through different rounding tie.
enum class RankTies { kAverage, kMin };

struct CompositeConfig {
  double missing_threshold = 0.2;  // report only: shares above it are listed
  Imputation imputation = Imputation::kNone;
  OutlierConfig outliers;
  Normalisation normalisation = Normalisation::kMinMax;
  NormalisationParams normalisation_params;
  Weighting weighting = Weighting::kEqual;
  // Two-level aggregation: every indicator needs a group; dimension scores aggregate the
  // group's indicators, the index aggregates the dimensions (same method at both levels).
  bool by_group = false;
  // kManual with by_group: one weight per group, by name (every group named); empty = equal.
  std::vector<std::pair<std::string, double>> group_weights;
  Aggregation aggregation = Aggregation::kArithmetic;
  RankTies ties = RankTies::kAverage;
  // Performance groups are relative to this unit's index score (as the EIS is to the EU); empty
  // = the unweighted mean of all units' index scores.
  std::string reference_unit;
};

// Weights as used by the kernel: indicator weights sum to 1 within each group, group weights
// sum to 1. Without by_group there is one group ("") holding every indicator.
struct WeightPlan {
  std::vector<std::string> groups;                 // in order of first appearance
  std::vector<std::vector<size_t>> members;        // indicator indices per group
  std::vector<size_t> group_of;                    // per indicator
  std::vector<double> indicator_weights;           // per indicator
  std::vector<double> group_weights;               // per group
};

// Refuses a negative or non-finite weight (naming the indicator or group), a group (or the
// whole index) whose weights are all zero, a missing group name with by_group, and a manual
// group weight list that does not name every group exactly once.
Result<WeightPlan> ResolveWeights(const IndicatorData& data, const CompositeConfig& config);

// ---- aggregation kernel ----

// Normalised values laid out for AggregateScores: arithmetic keeps them, geometric stores their
// natural logs (the geometric mean is exp of the weighted mean of logs). Missing cells hold 0
// and are flagged absent.
struct AggregationMatrix {
  size_t units = 0, indicators = 0;
  Aggregation aggregation = Aggregation::kArithmetic;
  std::vector<double> terms;
  std::vector<uint8_t> present;  // empty when every cell is present
};

// Refuses a value <= 0 before geometric aggregation, naming the indicator, the unit and the
// normalisation that produced it (`normalisation` is used only in that message).
Result<AggregationMatrix> MakeAggregationMatrix(const IndicatorData& data, const std::vector<double>& normalised,
                                                Aggregation aggregation, Normalisation normalisation);

// Weighted mean (arithmetic or geometric) over the present indicators of each group with their
// weights renormalised over what is present, then the same over the groups present. A group
// with no present weighted indicator is left out of the unit's index (dimension score NaN);
// a unit with none at all scores NaN. dimension_scores (units x groups) may be null.
void AggregateScores(const AggregationMatrix& m, const WeightPlan& plan, const double* indicator_weights,
                     const double* group_weights, double* scores, double* dimension_scores);

// Ranks (1 = highest score); `order` is scratch (resized as needed).
void RankScores(const double* scores, size_t n, RankTies ties, double* ranks, std::vector<size_t>* order);

// ---- performance groups ----

// EIS groups by the index score relative to the reference, in percent (100 * score / reference):
//   leader    relative > 125
//   strong    100 < relative <= 125
//   moderate  70 <= relative <= 100   (the average itself is not "above" it)
//   emerging  relative < 70
// A relative value within 1e-9 points of a boundary counts as on it. Groups need a ratio
// scale: when the reference is not positive (z-scores average 0; "positive" means above 1e-9
// times the largest |score|, so rounding noise does not count) every unit is kUnavailable.
enum class PerformanceGroup { kLeader, kStrong, kModerate, kEmerging, kUnavailable };
std::string_view PerformanceGroupName(PerformanceGroup g);  // "leader", "strong", "moderate", "emerging", "unavailable"
PerformanceGroup ClassifyPerformance(double relative_percent);

// ---- the whole pipeline ----

struct CompositeResult {
  MissingDataReport missing;
  std::vector<ImputedValue> imputed;
  std::vector<OutlierReport> outliers;  // one per indicator when a treatment is configured
  std::vector<double> treated;          // units x indicators after imputation and treatment
  std::vector<double> normalised;       // units x indicators, higher is better; NaN = missing
  WeightPlan weights;
  std::vector<double> dimension_scores;  // units x groups (one column without by_group)
  std::vector<double> scores;
  std::vector<double> ranks;
  double reference = 0;                  // the average (or reference unit's score) groups use
  std::vector<double> relative;          // 100 * score / reference; NaN when unavailable
  std::vector<PerformanceGroup> performance;
  std::string performance_note;          // why groups are unavailable, if they are
};

Result<CompositeResult> ComputeCompositeIndex(const IndicatorData& data, const CompositeConfig& config);

}  // namespace corridor::analytics
