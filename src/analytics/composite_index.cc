#include "analytics/composite_index.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <unordered_map>

namespace corridor::analytics {

namespace {

std::string Num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::string Quote(const std::string& s) { return "'" + s + "'"; }

// Values of indicator k that are present, and the units they belong to.
void PresentColumn(const std::vector<double>& values, size_t units, size_t indicators, size_t k,
                   std::vector<double>* x, std::vector<size_t>* who) {
  x->clear();
  if (who) who->clear();
  for (size_t u = 0; u < units; ++u) {
    double v = values[u * indicators + k];
    if (IsMissing(v)) continue;
    x->push_back(v);
    if (who) who->push_back(u);
  }
}

double Mean(const std::vector<double>& x) {
  double s = 0;
  for (double v : x) s += v;
  return s / static_cast<double>(x.size());
}

// Ranks 1..n of x in ascending order, exact ties averaged (raw data ties are exact).
std::vector<double> AverageRanksAscending(const std::vector<double>& x) {
  std::vector<size_t> order(x.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return x[a] < x[b] || (x[a] == x[b] && a < b); });
  std::vector<double> r(x.size());
  for (size_t i = 0; i < order.size();) {
    size_t j = i;
    while (j + 1 < order.size() && x[order[j + 1]] == x[order[i]]) ++j;
    double avg = (static_cast<double>(i + 1) + static_cast<double>(j + 1)) / 2.0;
    for (size_t t = i; t <= j; ++t) r[order[t]] = avg;
    i = j + 1;
  }
  return r;
}

bool FailsSkewKurtosis(double skew, double kurt, const OutlierConfig& c) {
  // COINr passes when |skew| < threshold OR kurtosis < threshold; NaN (too few values) passes.
  return std::fabs(skew) >= c.skew_threshold && kurt >= c.kurtosis_threshold;
}

void Winsorise(const IndicatorData& data, size_t k, std::vector<double>* values, const OutlierConfig& c,
               OutlierReport* rep) {
  const size_t U = data.unit_count(), K = data.indicator_count();
  std::vector<double> x;
  std::vector<size_t> who;
  PresentColumn(*values, U, K, k, &x, &who);
  rep->skew_before = rep->skew_after = SampleSkewness(x);
  rep->kurtosis_before = rep->kurtosis_after = SampleExcessKurtosis(x);
  bool fails = FailsSkewKurtosis(rep->skew_before, rep->kurtosis_before, c);
  rep->failed_test = fails;
  std::vector<long> point_of(x.size(), -1);  // index into rep->points per present value
  size_t distinct = 0;
  while (fails && distinct < c.max_points) {
    const bool high = rep->skew_after >= 0;  // positive skew: the outliers are high
    double extreme = x[0];
    for (double v : x) extreme = high ? std::max(extreme, v) : std::min(extreme, v);
    bool found = false;
    double next = 0;
    for (double v : x) {
      if (v == extreme) continue;
      if (!found || (high ? v > next : v < next)) next = v;
      found = true;
    }
    if (!found) break;  // every value equal: nothing left to cut
    for (size_t j = 0; j < x.size(); ++j) {
      if (x[j] != extreme) continue;
      if (point_of[j] < 0) {
        point_of[j] = static_cast<long>(rep->points.size());
        rep->points.push_back({who[j], x[j], next, high});
        ++distinct;
      } else {
        rep->points[static_cast<size_t>(point_of[j])].treated = next;
      }
      x[j] = next;
    }
    rep->skew_after = SampleSkewness(x);
    rep->kurtosis_after = SampleExcessKurtosis(x);
    fails = FailsSkewKurtosis(rep->skew_after, rep->kurtosis_after, c);
  }
  rep->still_outlying = fails;
  for (size_t j = 0; j < x.size(); ++j) (*values)[who[j] * K + k] = x[j];
}

void CapPercentiles(const IndicatorData& data, size_t k, std::vector<double>* values, const OutlierConfig& c,
                    OutlierReport* rep) {
  const size_t U = data.unit_count(), K = data.indicator_count();
  std::vector<double> x;
  std::vector<size_t> who;
  PresentColumn(*values, U, K, k, &x, &who);
  rep->skew_before = SampleSkewness(x);
  rep->kurtosis_before = SampleExcessKurtosis(x);
  std::vector<double> sorted = x;
  std::sort(sorted.begin(), sorted.end());
  const double lo = QuantileType7(sorted, c.lower_percentile);
  const double hi = QuantileType7(sorted, c.upper_percentile);
  for (size_t j = 0; j < x.size(); ++j) {
    double v = std::clamp(x[j], lo, hi);
    if (v != x[j]) {
      rep->points.push_back({who[j], x[j], v, x[j] > hi});
      x[j] = v;
      (*values)[who[j] * K + k] = v;
    }
  }
  rep->skew_after = SampleSkewness(x);
  rep->kurtosis_after = SampleExcessKurtosis(x);
}

}  // namespace

IndicatorData IndicatorData::Empty(std::vector<std::string> units, std::vector<IndicatorSpec> indicators) {
  IndicatorData d;
  d.values.assign(units.size() * indicators.size(), kMissingValue);
  d.units = std::move(units);
  d.indicators = std::move(indicators);
  return d;
}

Status ValidateIndicatorData(const IndicatorData& data) {
  const size_t U = data.unit_count(), K = data.indicator_count();
  if (U == 0) return Status::Invalid("the indicator matrix is empty: it has no units (regions)");
  if (K == 0) return Status::Invalid("the indicator matrix is empty: it has no indicators");
  if (data.values.size() != U * K)
    return Status::Invalid("the indicator matrix holds " + std::to_string(data.values.size()) + " values; " +
                           std::to_string(U) + " units x " + std::to_string(K) + " indicators need " +
                           std::to_string(U * K));
  if (U < 2) return Status::Invalid("a composite index needs at least 2 units to compare; got 1 (" +
                                    Quote(data.units[0]) + ")");
  std::unordered_map<std::string, size_t> seen;
  for (size_t u = 0; u < U; ++u) {
    if (data.units[u].empty()) return Status::Invalid("unit in row " + std::to_string(u + 1) + " has no name");
    auto [it, fresh] = seen.emplace(data.units[u], u);
    if (!fresh)
      return Status::Invalid("unit " + Quote(data.units[u]) + " appears twice (rows " + std::to_string(it->second + 1) +
                             " and " + std::to_string(u + 1) + ")");
  }
  seen.clear();
  for (size_t k = 0; k < K; ++k) {
    const IndicatorSpec& s = data.indicators[k];
    if (s.code.empty()) return Status::Invalid("indicator in column " + std::to_string(k + 1) + " has no code");
    auto [it, fresh] = seen.emplace(s.code, k);
    if (!fresh)
      return Status::Invalid("indicator " + Quote(s.code) + " appears twice (columns " +
                             std::to_string(it->second + 1) + " and " + std::to_string(k + 1) + ")");
    if (s.direction != 1 && s.direction != -1)
      return Status::Invalid("indicator " + Quote(s.code) + ": direction must be +1 (higher is better) or -1 "
                             "(lower is better), not " + std::to_string(s.direction));
  }
  std::vector<size_t> per_indicator(K, 0);
  for (size_t u = 0; u < U; ++u) {
    size_t present = 0;
    for (size_t k = 0; k < K; ++k) {
      double v = data.at(u, k);
      if (IsMissing(v)) continue;
      if (!std::isfinite(v))
        return Status::Invalid("unit " + Quote(data.units[u]) + ", indicator " + Quote(data.indicators[k].code) +
                               ": value is not a finite number");
      ++present;
      ++per_indicator[k];
    }
    if (present == 0) return Status::Invalid("unit " + Quote(data.units[u]) + " has no value for any indicator");
  }
  for (size_t k = 0; k < K; ++k)
    if (per_indicator[k] == 0)
      return Status::Invalid("indicator " + Quote(data.indicators[k].code) + " has no value for any unit");
  return Status::Ok();
}

MissingDataReport ReportMissing(const IndicatorData& data, double threshold) {
  const size_t U = data.unit_count(), K = data.indicator_count();
  MissingDataReport r;
  r.threshold = threshold;
  r.missing_per_indicator.assign(K, 0);
  r.missing_per_unit.assign(U, 0);
  for (size_t u = 0; u < U; ++u)
    for (size_t k = 0; k < K; ++k)
      if (u * K + k < data.values.size() && IsMissing(data.at(u, k))) {
        ++r.missing_per_indicator[k];
        ++r.missing_per_unit[u];
        ++r.total_missing;
      }
  for (size_t k = 0; k < K; ++k) {
    r.share_per_indicator.push_back(U ? static_cast<double>(r.missing_per_indicator[k]) / U : 0.0);
    if (r.share_per_indicator[k] > threshold) r.indicators_over_threshold.push_back(k);
  }
  for (size_t u = 0; u < U; ++u) {
    r.share_per_unit.push_back(K ? static_cast<double>(r.missing_per_unit[u]) / K : 0.0);
    if (r.share_per_unit[u] > threshold) r.units_over_threshold.push_back(u);
  }
  r.total_share = U * K > 0 ? static_cast<double>(r.total_missing) / static_cast<double>(U * K) : 0.0;
  return r;
}

std::string_view ImputationName(Imputation m) {
  switch (m) {
    case Imputation::kNone: return "none";
    case Imputation::kIndicatorMean: return "indicator mean";
    case Imputation::kIndicatorMedian: return "indicator median";
  }
  return "?";
}

std::string_view NormalisationName(Normalisation m) {
  switch (m) {
    case Normalisation::kMinMax: return "min-max";
    case Normalisation::kZScore: return "z-score";
    case Normalisation::kRank: return "rank";
    case Normalisation::kDistanceToAverage: return "distance to the average";
  }
  return "?";
}

std::string_view AggregationName(Aggregation m) {
  return m == Aggregation::kArithmetic ? "arithmetic" : "geometric";
}

std::string_view PerformanceGroupName(PerformanceGroup g) {
  switch (g) {
    case PerformanceGroup::kLeader: return "leader";
    case PerformanceGroup::kStrong: return "strong";
    case PerformanceGroup::kModerate: return "moderate";
    case PerformanceGroup::kEmerging: return "emerging";
    case PerformanceGroup::kUnavailable: return "unavailable";
  }
  return "?";
}

std::vector<double> ImputeValues(const IndicatorData& data, Imputation method, std::vector<ImputedValue>* log) {
  std::vector<double> out = data.values;
  if (method == Imputation::kNone) return out;
  const size_t U = data.unit_count(), K = data.indicator_count();
  std::vector<double> x;
  for (size_t k = 0; k < K; ++k) {
    PresentColumn(data.values, U, K, k, &x, nullptr);
    if (x.empty() || x.size() == U) continue;
    double fill;
    if (method == Imputation::kIndicatorMean) {
      fill = Mean(x);
    } else {
      std::sort(x.begin(), x.end());
      fill = QuantileType7(x, 0.5);
    }
    for (size_t u = 0; u < U; ++u)
      if (IsMissing(out[u * K + k])) {
        out[u * K + k] = fill;
        if (log) log->push_back({u, k, fill});
      }
  }
  return out;
}

double SampleSkewness(const std::vector<double>& x) {
  const double n = static_cast<double>(x.size());
  if (x.size() < 3) return kMissingValue;
  const double mean = Mean(x);
  double m2 = 0, m3 = 0;
  for (double v : x) {
    double d = v - mean;
    m2 += d * d;
    m3 += d * d * d;
  }
  if (m2 == 0) return 0;
  double g1 = std::sqrt(n) * m3 / std::pow(m2, 1.5);
  return g1 * std::sqrt(n * (n - 1)) / (n - 2);
}

double SampleExcessKurtosis(const std::vector<double>& x) {
  const double n = static_cast<double>(x.size());
  if (x.size() < 4) return kMissingValue;
  const double mean = Mean(x);
  double m2 = 0, m4 = 0;
  for (double v : x) {
    double d = v - mean;
    m2 += d * d;
    m4 += d * d * d * d;
  }
  if (m2 == 0) return 0;
  double r = n * m4 / (m2 * m2);
  return ((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3));
}

double QuantileType7(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return kMissingValue;
  const double h = (static_cast<double>(sorted.size()) - 1) * std::clamp(p, 0.0, 1.0);
  const size_t lo = static_cast<size_t>(std::floor(h));
  if (lo + 1 >= sorted.size()) return sorted.back();
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[lo + 1] - sorted[lo]);
}

Result<std::vector<OutlierReport>> TreatOutliers(const IndicatorData& data, std::vector<double>* values,
                                                 const OutlierConfig& c) {
  std::vector<OutlierReport> reports;
  if (c.method == OutlierMethod::kNone) return reports;
  if (c.method == OutlierMethod::kSkewKurtosis &&
      (!(c.skew_threshold > 0) || !(c.kurtosis_threshold > -3) || !std::isfinite(c.skew_threshold) ||
       !std::isfinite(c.kurtosis_threshold)))
    return Status::Invalid("outlier treatment: skewness threshold must be positive and kurtosis threshold above -3");
  if (c.method == OutlierMethod::kPercentileCap &&
      !(c.lower_percentile >= 0 && c.lower_percentile < c.upper_percentile && c.upper_percentile <= 1))
    return Status::Invalid("outlier treatment: percentile cap needs 0 <= lower < upper <= 1; got " +
                           Num(c.lower_percentile) + " and " + Num(c.upper_percentile));
  if (values->size() != data.values.size()) return Status::Internal("outlier treatment: matrix shape mismatch");
  for (size_t k = 0; k < data.indicator_count(); ++k) {
    OutlierReport rep;
    rep.indicator = k;
    if (c.method == OutlierMethod::kSkewKurtosis) Winsorise(data, k, values, c, &rep);
    else CapPercentiles(data, k, values, c, &rep);
    reports.push_back(std::move(rep));
  }
  return reports;
}

Result<std::vector<double>> NormaliseValues(const IndicatorData& data, const std::vector<double>& values,
                                            Normalisation method, const NormalisationParams& p, bool for_geometric) {
  if (!(p.minmax_upper > 0) || !std::isfinite(p.minmax_upper))
    return Status::Invalid("min-max upper bound must be a positive number; got " + Num(p.minmax_upper));
  if (!(p.geometric_floor > 0 && p.geometric_floor < 1))
    return Status::Invalid("min-max floor before geometric aggregation must be between 0 and 1 (exclusive); got " +
                           Num(p.geometric_floor));
  if (!(p.zscore_sd > 0) || !std::isfinite(p.zscore_sd) || !std::isfinite(p.zscore_mean))
    return Status::Invalid("z-score scale must be a positive number and its mean finite; got sd " +
                           Num(p.zscore_sd) + ", mean " + Num(p.zscore_mean));
  const size_t U = data.unit_count(), K = data.indicator_count();
  if (values.size() != U * K) return Status::Internal("normalisation: matrix shape mismatch");
  std::vector<double> out(U * K, kMissingValue);
  std::vector<double> x;
  std::vector<size_t> who;
  for (size_t k = 0; k < K; ++k) {
    const IndicatorSpec& spec = data.indicators[k];
    const double dir = spec.direction < 0 ? -1.0 : 1.0;
    PresentColumn(values, U, K, k, &x, &who);
    if (x.empty()) return Status::Invalid("indicator " + Quote(spec.code) + " has no value for any unit");
    auto put = [&](size_t j, double v) { out[who[j] * K + k] = v; };
    switch (method) {
      case Normalisation::kMinMax: {
        auto [mn, mx] = std::minmax_element(x.begin(), x.end());
        const double lo = *mn, hi = *mx;
        if (hi == lo)
          return Status::Invalid("indicator " + Quote(spec.code) + ": every unit has the value " + Num(lo) +
                                 ", so min-max normalisation is undefined; remove the indicator");
        const double floor = for_geometric ? p.minmax_upper * p.geometric_floor : 0.0;
        for (size_t j = 0; j < x.size(); ++j) {
          double t = dir > 0 ? (x[j] - lo) / (hi - lo) : (hi - x[j]) / (hi - lo);
          put(j, floor + (p.minmax_upper - floor) * t);
        }
        break;
      }
      case Normalisation::kZScore: {
        if (x.size() < 2)
          return Status::Invalid("indicator " + Quote(spec.code) + ": z-scores need at least 2 values");
        const double mean = Mean(x);
        double ss = 0;
        for (double v : x) ss += (v - mean) * (v - mean);
        const double sd = std::sqrt(ss / static_cast<double>(x.size() - 1));
        if (!(sd > 0))
          return Status::Invalid("indicator " + Quote(spec.code) + ": every unit has the value " + Num(x[0]) +
                                 ", so z-scores are undefined; remove the indicator");
        for (size_t j = 0; j < x.size(); ++j) put(j, p.zscore_mean + p.zscore_sd * dir * (x[j] - mean) / sd);
        break;
      }
      case Normalisation::kRank: {
        std::vector<double> signed_x = x;
        for (double& v : signed_x) v *= dir;
        std::vector<double> r = AverageRanksAscending(signed_x);
        for (size_t j = 0; j < x.size(); ++j) put(j, r[j]);
        break;
      }
      case Normalisation::kDistanceToAverage: {
        const double mean = Mean(x);
        if (!(mean > 0))
          return Status::Invalid("indicator " + Quote(spec.code) + ": its mean is " + Num(mean) +
                                 "; distance to the average (x / mean) needs a positive mean");
        for (size_t j = 0; j < x.size(); ++j) put(j, dir > 0 ? x[j] / mean : 2.0 - x[j] / mean);
        break;
      }
    }
  }
  return out;
}

Result<WeightPlan> ResolveWeights(const IndicatorData& data, const CompositeConfig& config) {
  const size_t K = data.indicator_count();
  WeightPlan plan;
  plan.group_of.resize(K);
  std::unordered_map<std::string, size_t> group_index;
  for (size_t k = 0; k < K; ++k) {
    const IndicatorSpec& s = data.indicators[k];
    std::string g = config.by_group ? s.group : std::string();
    if (config.by_group && g.empty())
      return Status::Invalid("indicator " + Quote(s.code) +
                             " has no group; aggregation by group needs a group for every indicator");
    auto [it, fresh] = group_index.emplace(g, plan.groups.size());
    if (fresh) {
      plan.groups.push_back(g);
      plan.members.emplace_back();
    }
    plan.group_of[k] = it->second;
    plan.members[it->second].push_back(k);
  }
  const bool manual = config.weighting == Weighting::kManual;
  plan.indicator_weights.assign(K, 1.0);
  if (manual) {
    for (size_t k = 0; k < K; ++k) {
      double w = data.indicators[k].weight;
      if (!std::isfinite(w))
        return Status::Invalid("indicator " + Quote(data.indicators[k].code) + ": weight is not a finite number");
      if (w < 0)
        return Status::Invalid("indicator " + Quote(data.indicators[k].code) + ": weight " + Num(w) +
                               " is negative; weights must be zero or more");
      plan.indicator_weights[k] = w;
    }
  }
  for (size_t g = 0; g < plan.groups.size(); ++g) {
    double sum = 0;
    for (size_t k : plan.members[g]) sum += plan.indicator_weights[k];
    if (!(sum > 0))
      return Status::Invalid(config.by_group ? "every indicator weight in group " + Quote(plan.groups[g]) +
                                                   " is zero; give at least one indicator a positive weight"
                                             : std::string("every indicator weight is zero; give at least one "
                                                           "indicator a positive weight"));
    for (size_t k : plan.members[g]) plan.indicator_weights[k] /= sum;
  }
  plan.group_weights.assign(plan.groups.size(), 1.0);
  if (!config.group_weights.empty()) {
    if (!config.by_group)
      return Status::Invalid("group weights are given but the index is not aggregated by group");
    if (manual) {
      std::vector<bool> named(plan.groups.size(), false);
      for (const auto& [name, w] : config.group_weights) {
        auto it = group_index.find(name);
        if (name.empty() || it == group_index.end())
          return Status::Invalid("group weight for " + Quote(name) + ": no indicator is in that group");
        if (named[it->second]) return Status::Invalid("group " + Quote(name) + " has two weights");
        if (!std::isfinite(w)) return Status::Invalid("group " + Quote(name) + ": weight is not a finite number");
        if (w < 0)
          return Status::Invalid("group " + Quote(name) + ": weight " + Num(w) +
                                 " is negative; weights must be zero or more");
        named[it->second] = true;
        plan.group_weights[it->second] = w;
      }
      for (size_t g = 0; g < plan.groups.size(); ++g)
        if (!named[g]) return Status::Invalid("group " + Quote(plan.groups[g]) + " has no weight");
    }
  }
  double gsum = 0;
  for (double w : plan.group_weights) gsum += w;
  if (!(gsum > 0))
    return Status::Invalid("every group weight is zero; give at least one group a positive weight");
  for (double& w : plan.group_weights) w /= gsum;
  return plan;
}

Result<AggregationMatrix> MakeAggregationMatrix(const IndicatorData& data, const std::vector<double>& normalised,
                                                Aggregation aggregation, Normalisation normalisation) {
  const size_t U = data.unit_count(), K = data.indicator_count();
  if (normalised.size() != U * K) return Status::Internal("aggregation: matrix shape mismatch");
  AggregationMatrix m;
  m.units = U;
  m.indicators = K;
  m.aggregation = aggregation;
  m.terms.assign(U * K, 0.0);
  bool complete = true;
  for (double v : normalised) complete = complete && !IsMissing(v);
  if (!complete) m.present.assign(U * K, 0);
  for (size_t u = 0; u < U; ++u)
    for (size_t k = 0; k < K; ++k) {
      const double v = normalised[u * K + k];
      if (IsMissing(v)) continue;
      if (!complete) m.present[u * K + k] = 1;
      if (aggregation == Aggregation::kGeometric) {
        if (!(v > 0))
          return Status::Invalid("geometric aggregation needs positive values: indicator " +
                                 Quote(data.indicators[k].code) + " is " + Num(v) + " for unit " +
                                 Quote(data.units[u]) + " after " + std::string(NormalisationName(normalisation)) +
                                 " normalisation; use arithmetic aggregation, or a normalisation that keeps "
                                 "values positive (min-max, rank, a shifted z-score)");
        m.terms[u * K + k] = std::log(v);
      } else {
        m.terms[u * K + k] = v;
      }
    }
  return m;
}

void AggregateScores(const AggregationMatrix& m, const WeightPlan& plan, const double* w, const double* gw,
                     double* scores, double* dims) {
  const size_t K = m.indicators, G = plan.groups.size();
  const bool geometric = m.aggregation == Aggregation::kGeometric;
  const bool complete = m.present.empty();
  for (size_t u = 0; u < m.units; ++u) {
    const double* row = &m.terms[u * K];
    const uint8_t* has = complete ? nullptr : &m.present[u * K];
    double top_num = 0, top_den = 0;
    for (size_t g = 0; g < G; ++g) {
      double num = 0, den = 0;
      if (complete) {
        for (size_t k : plan.members[g]) {
          num += w[k] * row[k];
          den += w[k];
        }
      } else {
        for (size_t k : plan.members[g])
          if (has[k]) {
            num += w[k] * row[k];
            den += w[k];
          }
      }
      if (den > 0) {
        const double d = num / den;  // geometric: the log of the dimension score
        top_num += gw[g] * d;
        top_den += gw[g];
        if (dims) dims[u * G + g] = geometric ? std::exp(d) : d;
      } else if (dims) {
        dims[u * G + g] = kMissingValue;
      }
    }
    if (top_den > 0) {
      const double s = top_num / top_den;
      scores[u] = geometric ? std::exp(s) : s;
    } else {
      scores[u] = kMissingValue;
    }
  }
}

void RankScores(const double* scores, size_t n, RankTies ties, double* ranks, std::vector<size_t>* order) {
  order->resize(n);
  std::iota(order->begin(), order->end(), 0);
  // Highest first, NaN last, index as the final key so the order never depends on the sort.
  std::sort(order->begin(), order->end(), [&](size_t a, size_t b) {
    const double x = scores[a], y = scores[b];
    const bool xn = IsMissing(x), yn = IsMissing(y);
    if (xn != yn) return yn;
    if (!xn && x != y) return x > y;
    return a < b;
  });
  const auto& o = *order;
  for (size_t i = 0; i < n;) {
    const double first = scores[o[i]];
    if (IsMissing(first)) {
      for (; i < n; ++i) ranks[o[i]] = kMissingValue;
      break;
    }
    const double tol = 1e-12 * std::max(1.0, std::fabs(first));
    size_t j = i;
    while (j + 1 < n && !IsMissing(scores[o[j + 1]]) && first - scores[o[j + 1]] <= tol) ++j;
    const double r = ties == RankTies::kAverage ? (static_cast<double>(i + 1) + static_cast<double>(j + 1)) / 2.0
                                                : static_cast<double>(i + 1);
    for (size_t t = i; t <= j; ++t) ranks[o[t]] = r;
    i = j + 1;
  }
}

PerformanceGroup ClassifyPerformance(double rel) {
  if (IsMissing(rel) || !std::isfinite(rel)) return PerformanceGroup::kUnavailable;
  constexpr double kEps = 1e-9;
  if (rel > 125.0 + kEps) return PerformanceGroup::kLeader;
  if (rel > 100.0 + kEps) return PerformanceGroup::kStrong;
  if (rel >= 70.0 - kEps) return PerformanceGroup::kModerate;
  return PerformanceGroup::kEmerging;
}

Result<CompositeResult> ComputeCompositeIndex(const IndicatorData& data, const CompositeConfig& config) {
  CORRIDOR_RETURN_IF_ERROR(ValidateIndicatorData(data));
  if (!(config.missing_threshold >= 0 && config.missing_threshold <= 1))
    return Status::Invalid("missing-data threshold must be a share between 0 and 1; got " +
                           Num(config.missing_threshold));
  const size_t U = data.unit_count();
  CompositeResult r;
  r.missing = ReportMissing(data, config.missing_threshold);
  r.treated = ImputeValues(data, config.imputation, &r.imputed);
  CORRIDOR_ASSIGN_OR_RETURN(r.outliers, TreatOutliers(data, &r.treated, config.outliers));
  const bool geometric = config.aggregation == Aggregation::kGeometric;
  CORRIDOR_ASSIGN_OR_RETURN(
      r.normalised, NormaliseValues(data, r.treated, config.normalisation, config.normalisation_params, geometric));
  CORRIDOR_ASSIGN_OR_RETURN(r.weights, ResolveWeights(data, config));
  CORRIDOR_ASSIGN_OR_RETURN(AggregationMatrix m,
                            MakeAggregationMatrix(data, r.normalised, config.aggregation, config.normalisation));
  r.scores.assign(U, 0.0);
  r.dimension_scores.assign(U * r.weights.groups.size(), 0.0);
  AggregateScores(m, r.weights, r.weights.indicator_weights.data(), r.weights.group_weights.data(), r.scores.data(),
                  r.dimension_scores.data());
  for (size_t u = 0; u < U; ++u)
    if (IsMissing(r.scores[u]))
      return Status::Invalid("unit " + Quote(data.units[u]) + " has no value for any indicator with a non-zero weight");
  r.ranks.assign(U, 0.0);
  std::vector<size_t> order;
  RankScores(r.scores.data(), U, config.ties, r.ranks.data(), &order);

  if (!config.reference_unit.empty()) {
    auto it = std::find(data.units.begin(), data.units.end(), config.reference_unit);
    if (it == data.units.end())
      return Status::Invalid("reference unit " + Quote(config.reference_unit) + " is not among the units");
    r.reference = r.scores[static_cast<size_t>(it - data.units.begin())];
  } else {
    r.reference = Mean(r.scores);
  }
  r.relative.assign(U, kMissingValue);
  r.performance.assign(U, PerformanceGroup::kUnavailable);
  // Not positive up to rounding: z-scores average 0 but sum to +/-1e-16, which is no reference.
  double largest = 0;
  for (double s : r.scores) largest = std::max(largest, std::fabs(s));
  if (r.reference > 1e-9 * largest) {
    for (size_t u = 0; u < U; ++u) {
      r.relative[u] = 100.0 * r.scores[u] / r.reference;
      r.performance[u] = ClassifyPerformance(r.relative[u]);
    }
  } else {
    r.performance_note = "performance groups need a positive reference score; it is " + Num(r.reference) +
                         " after " + std::string(NormalisationName(config.normalisation)) +
                         " normalisation (use min-max, rank or distance to the average)";
  }
  return r;
}

}  // namespace corridor::analytics
