// Monte Carlo rank uncertainty of a composite index (issue 5, point 9): a deterministic synthetic
// scoreboard of 300 regions x 30 indicators in 6 dimensions (lognormal-ish, some reversed
// indicators, planted outliers, ~3% missing), 10,000 runs crossing weight draws (+/-25%) with
// 3 imputations x 4 normalisations x 2 aggregations. Prints wall and CPU time, runs/s and the
// threads used, then the same with one thread (the results must be identical). Target < 5 s.
//
//   composite_bench [--units N] [--indicators K] [--runs R] [--threads T] [--seed S]
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <thread>

#include "analytics/rank_uncertainty.h"

namespace {

using namespace corridor::analytics;

double Uniform01(std::mt19937_64& g) { return static_cast<double>(g() >> 11) * 0x1.0p-53; }
double Normal(std::mt19937_64& g) {
  return std::sqrt(-2 * std::log(1 - Uniform01(g))) * std::cos(6.283185307179586 * Uniform01(g));
}

IndicatorData Generate(size_t units, size_t indicators, uint64_t seed) {
  std::mt19937_64 g(seed);
  IndicatorData d;
  for (size_t u = 0; u < units; ++u) d.units.push_back(std::string("R").append(std::to_string(u)));
  for (size_t k = 0; k < indicators; ++k) {
    IndicatorSpec s;
    s.code = std::string("I").append(std::to_string(k));
    s.direction = k % 7 == 3 ? -1 : 1;  // unemployment-like: lower is better
    s.weight = 1.0 + static_cast<double>(k % 3) * 0.5;
    s.group = std::string("D").append(std::to_string(k * 6 / indicators));
    d.indicators.push_back(s);
  }
  std::vector<double> strength(units);
  for (double& s : strength) s = Normal(g);  // a region's overall performance
  for (size_t u = 0; u < units; ++u)
    for (size_t k = 0; k < indicators; ++k) {
      double v;
      if (d.indicators[k].direction < 0) {
        v = std::clamp(50 - 6 * strength[u] + 8 * Normal(g), 5.0, 95.0);  // a share, kept below 2x its mean
      } else {
        v = (10.0 + static_cast<double>(k)) * std::exp(0.35 * strength[u] + 0.45 * Normal(g));
        if (Uniform01(g) < 0.004) v *= 8;  // planted outlier
      }
      if (Uniform01(g) < 0.03) v = kMissingValue;
      d.values.push_back(v);
    }
  // Every unit and indicator keeps at least one value (the generator's odds make this certain in
  // practice; the check keeps it certain).
  for (size_t u = 0; u < units; ++u)
    if (IsMissing(d.values[u * indicators])) d.values[u * indicators] = 10;
  return d;
}

double CpuSeconds() {
  rusage r{};
  getrusage(RUSAGE_SELF, &r);
  return r.ru_utime.tv_sec + r.ru_stime.tv_sec + (r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e6;
}

struct Timed {
  UncertaintyResult result;
  double wall = 0, cpu = 0;
};

bool RunOnce(const IndicatorData& d, const UncertaintyConfig& c, Timed* out) {
  const double cpu0 = CpuSeconds();
  const auto t0 = std::chrono::steady_clock::now();
  auto r = RunRankUncertainty(d, c);
  out->wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  out->cpu = CpuSeconds() - cpu0;
  if (!r.ok()) {
    std::fprintf(stderr, "composite_bench: %s\n", r.status().message().c_str());
    return false;
  }
  out->result = std::move(r).value();
  return true;
}

bool Same(const UncertaintyResult& a, const UncertaintyResult& b) {
  if (a.variance_share != b.variance_share || a.units.size() != b.units.size()) return false;
  for (size_t u = 0; u < a.units.size(); ++u) {
    const auto &x = a.units[u], &y = b.units[u];
    if (x.median_rank != y.median_rank || x.p05_rank != y.p05_rank || x.p95_rank != y.p95_rank ||
        x.mean_rank != y.mean_rank || x.variance_share != y.variance_share)
      return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  size_t units = 300, indicators = 30, runs = 10000;
  unsigned threads = 0;
  uint64_t seed = 20240605;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--units")) units = std::strtoul(argv[i + 1], nullptr, 10);
    else if (!std::strcmp(argv[i], "--indicators")) indicators = std::strtoul(argv[i + 1], nullptr, 10);
    else if (!std::strcmp(argv[i], "--runs")) runs = std::strtoul(argv[i + 1], nullptr, 10);
    else if (!std::strcmp(argv[i], "--threads")) threads = static_cast<unsigned>(std::atoi(argv[i + 1]));
    else if (!std::strcmp(argv[i], "--seed")) seed = std::strtoull(argv[i + 1], nullptr, 10);
  }
  const IndicatorData data = Generate(units, indicators, 1234);
  const MissingDataReport missing = ReportMissing(data, 0.2);

  UncertaintyConfig c;
  c.base.by_group = true;
  c.base.weighting = Weighting::kManual;
  c.base.outliers.method = OutlierMethod::kSkewKurtosis;
  c.base.normalisation_params.zscore_mean = 100;  // shifted z-scores so geometric runs stay positive
  c.base.normalisation_params.zscore_sd = 10;
  c.perturbation = WeightPerturbation::kUniform;
  c.uniform_spread = 0.25;
  c.imputations = {Imputation::kNone, Imputation::kIndicatorMean, Imputation::kIndicatorMedian};
  c.normalisations = {Normalisation::kMinMax, Normalisation::kZScore, Normalisation::kRank,
                      Normalisation::kDistanceToAverage};
  c.aggregations = {Aggregation::kArithmetic, Aggregation::kGeometric};
  c.runs = runs;
  c.seed = seed;
  c.threads = threads;

  std::printf("data: %zu regions x %zu indicators in 6 dimensions, %.1f%% missing (%zu cells)\n", units, indicators,
              100 * missing.total_share, missing.total_missing);
  Timed many, one;
  if (!RunOnce(data, c, &many)) return 1;
  const auto& r = many.result;
  std::printf("monte carlo: %zu runs = %zu weight draws x %zu combinations (3 imputations x 4 normalisations x "
              "2 aggregations), uniform +/-25%% weights, seed %llu\n",
              r.runs, r.weight_draws, r.combinations, static_cast<unsigned long long>(seed));
  std::printf("threads %u (hardware %u): %.3f s wall, %.3f s CPU, %.0f runs/s\n", r.threads,
              std::thread::hardware_concurrency(), many.wall, many.cpu, static_cast<double>(r.runs) / many.wall);

  c.threads = 1;
  if (!RunOnce(data, c, &one)) return 1;
  std::printf("threads 1: %.3f s wall, %.3f s CPU, %.0f runs/s; speed-up %.2fx; results identical: %s\n", one.wall,
              one.cpu, static_cast<double>(one.result.runs) / one.wall, one.wall / many.wall,
              Same(one.result, r) ? "yes" : "NO");

  std::printf("share of rank variance: weights %.3f, imputation %.3f, normalisation %.3f, aggregation %.3f, "
              "interactions %.3f\n",
              r.variance_share[0], r.variance_share[1], r.variance_share[2], r.variance_share[3],
              r.interaction_share);
  double width = 0;
  for (const auto& u : r.units) width += u.p95_rank - u.p05_rank;
  std::printf("mean 5-95%% rank band width: %.1f places\n", width / static_cast<double>(r.units.size()));
  for (size_t u = 0; u < r.units.size() && u < 5; ++u) {
    const auto& x = r.units[u];
    std::printf("  %-5s nominal %5.1f  median %5.1f  [%5.1f, %5.1f]\n", x.unit.c_str(), x.nominal_rank,
                x.median_rank, x.p05_rank, x.p95_rank);
  }
  const bool ok = many.wall < 5.0;
  std::printf("target < 5 s for 10,000 runs x 300 x 30: %s\n", ok ? "met" : "NOT met");
  return Same(one.result, r) ? 0 : 1;
}
