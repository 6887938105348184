#include "analytics/composite_run.h"

#include <algorithm>
#include <cmath>

#include "core/strings.h"

namespace corridor::analytics {

namespace {
template <typename T, typename F>
Result<std::vector<T>> ParseList(std::string_view s, const std::string& field, F parse, const char* allowed) {
  std::vector<T> out;
  for (auto& part : strings::Split(s, ',')) {
    std::string w = strings::Trim(part);
    if (w.empty()) continue;
    auto v = parse(w);
    if (!v) return Status::Invalid(field + ": \"" + w + "\" is not one of " + allowed);
    if (std::find(out.begin(), out.end(), *v) == out.end()) out.push_back(*v);
  }
  return out;
}
}  // namespace

std::optional<Imputation> ParseImputationKey(std::string_view s) {
  std::string k = strings::ToLower(strings::Trim(s));
  if (k == "none") return Imputation::kNone;
  if (k == "mean") return Imputation::kIndicatorMean;
  if (k == "median") return Imputation::kIndicatorMedian;
  return std::nullopt;
}
std::optional<Normalisation> ParseNormalisationKey(std::string_view s) {
  std::string k = strings::ToLower(strings::Trim(s));
  if (k == "minmax" || k == "min-max") return Normalisation::kMinMax;
  if (k == "zscore" || k == "z-score") return Normalisation::kZScore;
  if (k == "rank") return Normalisation::kRank;
  if (k == "distance" || k == "dist") return Normalisation::kDistanceToAverage;
  return std::nullopt;
}
std::optional<Aggregation> ParseAggregationKey(std::string_view s) {
  std::string k = strings::ToLower(strings::Trim(s));
  if (k == "arithmetic") return Aggregation::kArithmetic;
  if (k == "geometric") return Aggregation::kGeometric;
  return std::nullopt;
}
std::string ImputationKey(Imputation m) {
  switch (m) {
    case Imputation::kNone: return "none";
    case Imputation::kIndicatorMean: return "mean";
    case Imputation::kIndicatorMedian: return "median";
  }
  return "none";
}
std::string NormalisationKey(Normalisation m) {
  switch (m) {
    case Normalisation::kMinMax: return "minmax";
    case Normalisation::kZScore: return "zscore";
    case Normalisation::kRank: return "rank";
    case Normalisation::kDistanceToAverage: return "distance";
  }
  return "minmax";
}
std::string AggregationKey(Aggregation m) { return m == Aggregation::kGeometric ? "geometric" : "arithmetic"; }

Result<std::map<std::string, double>> ParseWeights(std::string_view s) {
  std::map<std::string, double> out;
  for (auto& part : strings::Split(s, ',')) {
    std::string p = strings::Trim(part);
    if (p.empty()) continue;
    auto eq = p.find('=');
    if (eq == std::string::npos) return Status::Invalid("weights: \"" + p + "\" should be INDICATOR=WEIGHT");
    std::string code = strings::Trim(p.substr(0, eq));
    auto w = strings::ParseDouble(p.substr(eq + 1));
    if (code.empty() || !w || !std::isfinite(*w) || *w < 0)
      return Status::Invalid("weights: \"" + p + "\" needs an indicator code and a weight of 0 or more");
    out[code] = *w;
  }
  return out;
}

Result<std::vector<Normalisation>> ParseNormalisationList(std::string_view s, const std::string& field) {
  return ParseList<Normalisation>(s, field, ParseNormalisationKey, "minmax, zscore, rank, distance");
}
Result<std::vector<Imputation>> ParseImputationList(std::string_view s, const std::string& field) {
  return ParseList<Imputation>(s, field, ParseImputationKey, "none, mean, median");
}
Result<std::vector<Aggregation>> ParseAggregationList(std::string_view s, const std::string& field) {
  return ParseList<Aggregation>(s, field, ParseAggregationKey, "arithmetic, geometric");
}

Result<CompositeRun> RunComposite(storage::Connection& c, int64_t ws, const CompositeRequest& request) {
  CompositeRun run;
  run.request = request;
  CORRIDOR_ASSIGN_OR_RETURN(run.matrix, BuildIndicatorMatrix(c, ws, request.matrix));
  IndicatorData& data = run.matrix.data;
  CompositeConfig config;
  config.imputation = request.imputation;
  config.outliers.method = request.winsorise ? OutlierMethod::kSkewKurtosis : OutlierMethod::kNone;
  config.normalisation = request.normalisation;
  // COINr's z-score scale (mean 10, sd 2): positive for geometric aggregation, and a ratio to
  // the average that the performance groups can use.
  config.normalisation_params.zscore_mean = 10.0;
  config.normalisation_params.zscore_sd = 2.0;
  config.aggregation = request.aggregation;
  if (!request.weights.empty()) {
    config.weighting = Weighting::kManual;
    for (auto& spec : data.indicators) {
      auto it = request.weights.find(spec.code);
      spec.weight = it == request.weights.end() ? 1.0 : it->second;
    }
    for (const auto& [code, w] : request.weights) {
      (void)w;
      bool known = std::any_of(data.indicators.begin(), data.indicators.end(), [&](const auto& s) { return s.code == code; });
      bool dropped = std::find(run.matrix.dropped_indicators.begin(), run.matrix.dropped_indicators.end(), code) !=
                     run.matrix.dropped_indicators.end();
      if (!known && !dropped) return Status::Invalid("weights: " + code + " is not one of the chosen indicators");
    }
  }
  CORRIDOR_RETURN_IF_ERROR(ValidateIndicatorData(data));
  CORRIDOR_ASSIGN_OR_RETURN(run.result, ComputeCompositeIndex(data, config));
  if (request.mc_runs > 0) {
    if (request.mc_runs > kMaxMonteCarloRuns)
      return Status::Invalid("mc-runs: at most " + std::to_string(kMaxMonteCarloRuns) + " runs");
    UncertaintyConfig u;
    u.base = config;
    u.runs = request.mc_runs;
    u.seed = request.seed;
    u.imputations = request.mc_imputations;
    u.normalisations = request.mc_normalisations;
    u.aggregations = request.mc_aggregations;
    CORRIDOR_ASSIGN_OR_RETURN(auto unc, RunRankUncertainty(data, u));
    run.uncertainty = std::move(unc);
  }
  return run;
}

}  // namespace corridor::analytics
