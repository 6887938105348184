// One composite-index computation on a workspace's stored indicators (issue 5): the matrix
// (analytics/indicator_matrix), the nominal index (analytics/composite_index) and optionally
// the Monte Carlo rank uncertainty (analytics/rank_uncertainty), from one request that the web
// form and the CLI both fill. Option names are parsed here so both accept the same words.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analytics/composite_index.h"
#include "analytics/indicator_matrix.h"
#include "analytics/rank_uncertainty.h"
#include "storage/database.h"

namespace corridor::analytics {

inline constexpr size_t kMaxMonteCarloRuns = 20000;

struct CompositeRequest {
  MatrixSpec matrix;
  Imputation imputation = Imputation::kNone;
  // Winsorisation (COINr's skew/kurtosis rule) on or off.
  bool winsorise = false;
  Normalisation normalisation = Normalisation::kMinMax;
  Aggregation aggregation = Aggregation::kArithmetic;
  std::map<std::string, double> weights;  // by indicator code; empty = equal weights
  // Monte Carlo (0 runs = none): weights +/- 25%, and the methods listed crossed.
  size_t mc_runs = 0;
  uint64_t seed = 42;
  std::vector<Imputation> mc_imputations;
  std::vector<Normalisation> mc_normalisations;
  std::vector<Aggregation> mc_aggregations;
};

struct CompositeRun {
  CompositeRequest request;
  IndicatorMatrix matrix;
  CompositeResult result;
  std::optional<UncertaintyResult> uncertainty;
};

Result<CompositeRun> RunComposite(storage::Connection& c, int64_t workspace_id, const CompositeRequest& request);

// The words the form and the CLI use.
std::optional<Imputation> ParseImputationKey(std::string_view s);        // none | mean | median
std::optional<Normalisation> ParseNormalisationKey(std::string_view s);  // minmax | zscore | rank | distance
std::optional<Aggregation> ParseAggregationKey(std::string_view s);      // arithmetic | geometric
std::string ImputationKey(Imputation m);
std::string NormalisationKey(Normalisation m);
std::string AggregationKey(Aggregation m);
// "a=2,b=1" -> {{"a", 2}, {"b", 1}}; kInvalidArgument "weights: ..." on a malformed entry.
Result<std::map<std::string, double>> ParseWeights(std::string_view s);
// "minmax,rank" -> the methods; an unknown word is refused naming `field`.
Result<std::vector<Normalisation>> ParseNormalisationList(std::string_view s, const std::string& field);
Result<std::vector<Imputation>> ParseImputationList(std::string_view s, const std::string& field);
Result<std::vector<Aggregation>> ParseAggregationList(std::string_view s, const std::string& field);

}  // namespace corridor::analytics
