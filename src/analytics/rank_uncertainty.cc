#include "analytics/rank_uncertainty.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <functional>
#include <random>
#include <thread>

namespace corridor::analytics {

namespace {

constexpr size_t kDrawsPerChunk = 16;               // a chunk's runs share one generator
constexpr size_t kMaxRankCells = size_t{250} << 20;  // runs x units kept in memory (1 GB of floats)

uint64_t SplitMix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

// Each chunk of weight draws gets its own generator seeded from (seed, chunk index), so which
// thread runs a chunk never changes what it draws.
uint64_t ChunkSeed(uint64_t seed, size_t chunk) { return SplitMix64(seed ^ SplitMix64(chunk)); }

// The draws are written out rather than taken from <random>'s distributions, whose output is
// not specified by the standard and differs between libraries; mt19937_64 itself is specified.
double Uniform01(std::mt19937_64& g) { return static_cast<double>(g() >> 11) * 0x1.0p-53; }

double StandardNormal(std::mt19937_64& g) {  // Marsaglia's polar method
  for (;;) {
    const double u = 2 * Uniform01(g) - 1, v = 2 * Uniform01(g) - 1;
    const double s = u * u + v * v;
    if (s > 0 && s < 1) return u * std::sqrt(-2 * std::log(s) / s);
  }
}

double Gamma(std::mt19937_64& g, double a) {  // Marsaglia and Tsang (2000), shape a, scale 1
  if (a < 1) return Gamma(g, a + 1) * std::pow(1 - Uniform01(g), 1 / a);  // the a < 1 boost
  const double d = a - 1.0 / 3, c = 1 / std::sqrt(9 * d);
  for (;;) {
    double x, v;
    do {
      x = StandardNormal(g);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const double u = Uniform01(g);
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (std::log(u) < 0.5 * x * x + d * (1 - v + std::log(v))) return d * v;
  }
}

// Perturbs `w` (weights summing to 1 over `idx`) in place.
void Perturb(std::mt19937_64& g, const UncertaintyConfig& c, const std::vector<size_t>& idx, double* w) {
  double sum = 0;
  for (size_t k : idx) {
    if (c.perturbation == WeightPerturbation::kUniform) {
      w[k] *= 1 + c.uniform_spread * (2 * Uniform01(g) - 1);
    } else if (w[k] > 0) {
      // A zero draw would drop the indicator; the floor keeps the zero-weight pattern nominal.
      w[k] = std::max(Gamma(g, c.dirichlet_concentration * w[k]), 1e-300);
    }
    sum += w[k];
  }
  for (size_t k : idx) w[k] /= sum;
}

bool PerturbsWeights(const UncertaintyConfig& c) {
  return c.perturbation == WeightPerturbation::kDirichlet ||
         (c.perturbation == WeightPerturbation::kUniform && c.uniform_spread > 0);
}

void ParallelFor(unsigned threads, size_t n, const std::function<void(size_t)>& fn) {
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < n;) fn(i);
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
}

template <typename T>
Status RefuseDuplicates(const std::vector<T>& v, std::string_view what, std::string_view (*name)(T)) {
  for (size_t i = 0; i < v.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      if (v[i] == v[j])
        return Status::Invalid("Monte Carlo: the " + std::string(what) + " set lists " + std::string(name(v[i])) +
                               " twice");
  return Status::Ok();
}

// The i-th smallest (0-based) of values 2v counted in `count`.
double OrderStatistic(const std::vector<size_t>& count, size_t i) {
  size_t seen = 0;
  for (size_t k = 0; k < count.size(); ++k) {
    seen += count[k];
    if (seen > i) return static_cast<double>(k) / 2;
  }
  return static_cast<double>(count.size() - 1) / 2;
}

// QuantileType7 over the counted values, without materialising the sorted list.
double QuantileOfCounts(const std::vector<size_t>& count, size_t n, double p) {
  const double h = (static_cast<double>(n) - 1) * p;
  const size_t lo = static_cast<size_t>(std::floor(h));
  const double a = OrderStatistic(count, lo);
  if (lo + 1 >= n) return a;
  return a + (h - static_cast<double>(lo)) * (OrderStatistic(count, lo + 1) - a);
}

struct Combination {
  AggregationMatrix matrix;
  std::array<size_t, 3> level{};  // imputation, normalisation, aggregation
};

}  // namespace

std::string_view UncertaintyFactorName(UncertaintyFactor f) {
  switch (f) {
    case UncertaintyFactor::kWeights: return "weights";
    case UncertaintyFactor::kImputation: return "imputation";
    case UncertaintyFactor::kNormalisation: return "normalisation";
    case UncertaintyFactor::kAggregation: return "aggregation";
  }
  return "?";
}

VarianceDecomposition DecomposeRankVariance(const double* y, size_t draws, size_t combos,
                                            const std::array<std::vector<size_t>, 3>& levels,
                                            const std::array<size_t, 3>& level_count) {
  VarianceDecomposition d;
  const size_t total = draws * combos;
  if (total == 0) return d;
  double sum = 0;
  for (size_t r = 0; r < total; ++r) sum += y[r];
  d.mean = sum / static_cast<double>(total);
  for (size_t r = 0; r < total; ++r) d.total_ss += (y[r] - d.mean) * (y[r] - d.mean);
  // Weights: E[Y | W = w_j] is the mean over every combination at draw j.
  for (size_t j = 0; j < draws; ++j) {
    double s = 0;
    for (size_t c = 0; c < combos; ++c) s += y[j * combos + c];
    const double dev = s / static_cast<double>(combos) - d.mean;
    d.factor_ss[0] += static_cast<double>(combos) * dev * dev;
  }
  // Each discrete choice: E[Y | X = l] is the mean over the runs at level l.
  for (size_t f = 0; f < 3; ++f) {
    std::vector<double> s(level_count[f], 0.0);
    std::vector<size_t> n(level_count[f], 0);
    for (size_t j = 0; j < draws; ++j)
      for (size_t c = 0; c < combos; ++c) {
        s[levels[f][c]] += y[j * combos + c];
        ++n[levels[f][c]];
      }
    for (size_t l = 0; l < level_count[f]; ++l) {
      if (n[l] == 0) continue;
      const double dev = s[l] / static_cast<double>(n[l]) - d.mean;
      d.factor_ss[f + 1] += static_cast<double>(n[l]) * dev * dev;
    }
  }
  return d;
}

Result<UncertaintyResult> RunRankUncertainty(const IndicatorData& data, const UncertaintyConfig& config) {
  if (config.runs == 0) return Status::Invalid("Monte Carlo: the number of runs must be at least 1");
  if (config.runs > 100'000'000) return Status::TooLarge("Monte Carlo: at most 100,000,000 runs");
  if (config.perturbation == WeightPerturbation::kUniform &&
      !(config.uniform_spread >= 0 && config.uniform_spread < 1))
    return Status::Invalid("Monte Carlo: the uniform weight spread must be in [0, 1) (0.25 = +/-25%); got " +
                           std::to_string(config.uniform_spread));
  if (config.perturbation == WeightPerturbation::kDirichlet &&
      !(config.dirichlet_concentration > 0 && std::isfinite(config.dirichlet_concentration)))
    return Status::Invalid("Monte Carlo: the Dirichlet concentration must be a positive number");
  if (config.threads > 1024) return Status::Invalid("Monte Carlo: at most 1024 threads");
  CORRIDOR_RETURN_IF_ERROR(RefuseDuplicates(config.imputations, "imputation", ImputationName));
  CORRIDOR_RETURN_IF_ERROR(RefuseDuplicates(config.normalisations, "normalisation", NormalisationName));
  CORRIDOR_RETURN_IF_ERROR(RefuseDuplicates(config.aggregations, "aggregation", AggregationName));

  CORRIDOR_ASSIGN_OR_RETURN(CompositeResult nominal, ComputeCompositeIndex(data, config.base));
  const WeightPlan& plan = nominal.weights;
  const size_t U = data.unit_count(), K = data.indicator_count(), G = plan.groups.size();

  const auto imputations = config.imputations.empty() ? std::vector<Imputation>{config.base.imputation}
                                                      : config.imputations;
  const auto normalisations = config.normalisations.empty()
                                  ? std::vector<Normalisation>{config.base.normalisation}
                                  : config.normalisations;
  const auto aggregations = config.aggregations.empty() ? std::vector<Aggregation>{config.base.aggregation}
                                                        : config.aggregations;

  // Everything a run does not change, once per combination.
  std::vector<Combination> combos;
  std::vector<double> check(U);
  for (size_t i = 0; i < imputations.size(); ++i) {
    const std::string ictx = "Monte Carlo, imputation " + std::string(ImputationName(imputations[i]));
    std::vector<double> treated = ImputeValues(data, imputations[i], nullptr);
    auto outliers = TreatOutliers(data, &treated, config.base.outliers);
    if (!outliers.ok()) return outliers.status().WithContext(ictx + ": ");
    for (size_t n = 0; n < normalisations.size(); ++n)
      for (size_t a = 0; a < aggregations.size(); ++a) {
        const std::string ctx = ictx + ", normalisation " + std::string(NormalisationName(normalisations[n])) +
                                ", aggregation " + std::string(AggregationName(aggregations[a])) + ": ";
        auto norm = NormaliseValues(data, treated, normalisations[n], config.base.normalisation_params,
                                    aggregations[a] == Aggregation::kGeometric);
        if (!norm.ok()) return norm.status().WithContext(ctx);
        auto m = MakeAggregationMatrix(data, *norm, aggregations[a], normalisations[n]);
        if (!m.ok()) return m.status().WithContext(ctx);
        AggregateScores(*m, plan, plan.indicator_weights.data(), plan.group_weights.data(), check.data(), nullptr);
        for (size_t u = 0; u < U; ++u)
          if (IsMissing(check[u]))
            return Status::Invalid(ctx + "unit '" + data.units[u] +
                                   "' has no value for any indicator with a non-zero weight");
        combos.push_back({std::move(m).value(), {i, n, a}});
      }
  }
  const size_t C = combos.size();
  const size_t draws = (config.runs + C - 1) / C;
  const size_t total = draws * C;
  if (total > kMaxRankCells / U)
    return Status::TooLarge("Monte Carlo: " + std::to_string(total) + " runs x " + std::to_string(U) +
                            " units is too many ranks to keep; use fewer runs");

  const size_t chunks = (draws + kDrawsPerChunk - 1) / kDrawsPerChunk;
  unsigned threads = config.threads ? config.threads : std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<size_t>(threads, chunks));

  // Unit-major, so each unit's statistics read one contiguous slice; a chunk writes runs that are
  // contiguous within each unit's slice. Ranks are half-integers, exact in a float.
  std::vector<float> ranks(total * U);
  const bool perturb = PerturbsWeights(config);
  ParallelFor(threads, chunks, [&](size_t chunk) {
    std::mt19937_64 rng(ChunkSeed(config.seed, chunk));
    std::vector<double> w(K), gw(G), scores(U), r(U);
    std::vector<size_t> order;
    std::vector<size_t> all_groups(G);
    for (size_t g = 0; g < G; ++g) all_groups[g] = g;
    const size_t end = std::min(draws, (chunk + 1) * kDrawsPerChunk);
    for (size_t j = chunk * kDrawsPerChunk; j < end; ++j) {
      w = plan.indicator_weights;
      gw = plan.group_weights;
      if (perturb) {
        for (const auto& members : plan.members) Perturb(rng, config, members, w.data());
        if (G > 1) Perturb(rng, config, all_groups, gw.data());
      }
      for (size_t c = 0; c < C; ++c) {
        AggregateScores(combos[c].matrix, plan, w.data(), gw.data(), scores.data(), nullptr);
        RankScores(scores.data(), U, config.base.ties, r.data(), &order);
        const size_t run = j * C + c;
        for (size_t u = 0; u < U; ++u) ranks[u * total + run] = static_cast<float>(r[u]);
      }
    }
  });

  std::array<std::vector<size_t>, 3> levels;
  for (size_t f = 0; f < 3; ++f)
    for (const auto& c : combos) levels[f].push_back(c.level[f]);
  const std::array<size_t, 3> level_count{imputations.size(), normalisations.size(), aggregations.size()};

  UncertaintyResult res;
  res.runs = total;
  res.weight_draws = draws;
  res.combinations = C;
  res.threads = threads;
  res.units.resize(U);
  std::vector<VarianceDecomposition> dec(U);
  ParallelFor(threads, U, [&](size_t u) {
    const float* slice = &ranks[u * total];
    std::vector<double> y(slice, slice + total);
    dec[u] = DecomposeRankVariance(y.data(), draws, C, levels, level_count);
    UnitRankUncertainty& out = res.units[u];
    out.unit = data.units[u];
    out.nominal_rank = nominal.ranks[u];
    out.mean_rank = dec[u].mean;
    out.rank_variance = dec[u].total_ss / static_cast<double>(total);
    // Ranks are half-integers in [1, U]: a counting sort replaces a comparison sort.
    std::vector<size_t> count(2 * U + 1, 0);
    for (double v : y) ++count[static_cast<size_t>(std::lround(2 * v))];
    out.median_rank = QuantileOfCounts(count, total, 0.5);
    out.p05_rank = QuantileOfCounts(count, total, 0.05);
    out.p95_rank = QuantileOfCounts(count, total, 0.95);
    if (dec[u].total_ss > 0) {
      double sum = 0;
      for (size_t f = 0; f < kUncertaintyFactors; ++f) sum += out.variance_share[f] = dec[u].factor_ss[f] / dec[u].total_ss;
      out.interaction_share = std::max(0.0, 1 - sum);
    }
  });
  double all_ss = 0;
  std::array<double, kUncertaintyFactors> factor_ss{};
  for (size_t u = 0; u < U; ++u) {
    all_ss += dec[u].total_ss;
    for (size_t f = 0; f < kUncertaintyFactors; ++f) factor_ss[f] += dec[u].factor_ss[f];
  }
  if (all_ss > 0) {
    double sum = 0;
    for (size_t f = 0; f < kUncertaintyFactors; ++f) sum += res.variance_share[f] = factor_ss[f] / all_ss;
    res.interaction_share = std::max(0.0, 1 - sum);
  }
  return res;
}

}  // namespace corridor::analytics
