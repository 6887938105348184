// Uncertainty and sensitivity of a composite index's ranks (JRC/COINr style): Monte Carlo over
// the weights and over the methodological choices (imputation, normalisation, aggregation),
// giving each unit its median rank and 5th-95th percentile band, and the share of rank variance
// due to each choice. Seeded and reproducible: the same seed and inputs give the same result on
// any machine and with any number of threads. Pure computation: no database, no I/O.
//
// Design. The discrete choices are crossed, not drawn: each weight draw is evaluated under every
// combination of imputation x normalisation x aggregation in the sets (so each method is
// "chosen uniformly", with every combination exactly equally often). Runs = weight draws x
// combinations; the requested run count is rounded up to a whole number of weight draws.
// Everything that does not change between runs (imputed, treated, normalised matrices and their
// logs for geometric aggregation) is computed once per combination; a run is then one weighted
// pass over the matrix and one sort of the scores.
//
// Variance shares. For a unit, Y = its rank. The first-order (Sobol) index of a factor X is
// S_X = Var(E[Y | X]) / Var(Y). Because the design is a balanced full factorial of
//   weights (N draws) x imputation x normalisation x aggregation,
// the ANOVA identity holds exactly on the sample: the total sum of squares splits into one main
// effect per factor plus interactions, SS_X = sum over levels l of n_l * (mean of Y at l - grand
// mean)^2. SS_X / SS_total is therefore the sample first-order index, and it is a consistent
// estimator of S_X: for the weights, E[Y | W = w_j] is computed exactly (the mean over every
// combination at that draw); for a discrete choice, E[Y | X = l] is a mean over N independent
// weight draws, whose error (and the resulting upward bias, of order 1/N) vanishes as N grows.
// The shares of the four factors sum to at most 1; the rest is interactions (for example, a
// weight change that reorders units only under geometric aggregation).
// Overall shares weight units by their rank variance: share_X = sum_u SS_X(u) / sum_u SS_total(u),
// i.e. the share of all rank variance in the index; units whose rank never moves count for
// nothing (and get shares of 0).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "analytics/composite_index.h"
#include "core/status.h"

namespace corridor::analytics {

// kUniform: each weight (indicator weights, and group weights with by_group) becomes
//   w * (1 + spread * (2u - 1)), u uniform on [0, 1), then the weights are renormalised.
// kDirichlet: the weights of each group are drawn from Dirichlet(concentration * w), which has
//   mean w and Var(w_i) = w_i (1 - w_i) / (concentration + 1). Zero weights stay zero.
enum class WeightPerturbation { kNone, kUniform, kDirichlet };

enum class UncertaintyFactor { kWeights = 0, kImputation, kNormalisation, kAggregation };
inline constexpr size_t kUncertaintyFactors = 4;
std::string_view UncertaintyFactorName(UncertaintyFactor f);  // "weights", "imputation", ...

struct UncertaintyConfig {
  // The nominal index: its ranks are the nominal ranks; its outlier treatment, normalisation
  // parameters, weights, grouping and ties apply to every run.
  CompositeConfig base;
  WeightPerturbation perturbation = WeightPerturbation::kUniform;
  double uniform_spread = 0.25;           // +/-25% of nominal; in [0, 1)
  double dirichlet_concentration = 50.0;  // > 0
  // The sets the runs cross; empty = the base method only. No duplicates.
  std::vector<Imputation> imputations;
  std::vector<Normalisation> normalisations;
  std::vector<Aggregation> aggregations;
  size_t runs = 1000;
  uint64_t seed = 42;
  unsigned threads = 0;  // 0 = the hardware's; the result does not depend on it
};

struct UnitRankUncertainty {
  std::string unit;
  double nominal_rank = 0;
  // Quantiles of the run ranks by linear interpolation between order statistics (R's type 7:
  // h = (R - 1) p, x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]) over sorted ranks).
  double median_rank = 0, p05_rank = 0, p95_rank = 0;
  double mean_rank = 0;
  double rank_variance = 0;  // population variance over the runs
  std::array<double, kUncertaintyFactors> variance_share{};  // first-order, indexed by UncertaintyFactor
  double interaction_share = 0;                               // 1 - sum of the shares (0 if no variance)
};

struct UncertaintyResult {
  std::vector<UnitRankUncertainty> units;
  std::array<double, kUncertaintyFactors> variance_share{};  // over all units, variance-weighted
  double interaction_share = 0;
  size_t runs = 0, weight_draws = 0, combinations = 0;
  unsigned threads = 0;
};

Result<UncertaintyResult> RunRankUncertainty(const IndicatorData& data, const UncertaintyConfig& config);

// The decomposition used above, exposed for tests. y[j * combos + c] is the rank at weight
// draw j under combination c; levels[f][c] is the level of discrete factor f (imputation,
// normalisation, aggregation) in combination c, each in 0..level_count[f]-1, combinations
// balanced (a full factorial).
struct VarianceDecomposition {
  double mean = 0;
  double total_ss = 0;                                   // sum of squared deviations
  std::array<double, kUncertaintyFactors> factor_ss{};   // main-effect sums of squares
};
VarianceDecomposition DecomposeRankVariance(const double* y, size_t draws, size_t combos,
                                            const std::array<std::vector<size_t>, 3>& levels,
                                            const std::array<size_t, 3>& level_count);

}  // namespace corridor::analytics
