#include "analytics/indicator_matrix.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/strings.h"
#include "storage/nuts_reference.h"
#include "storage/region_store.h"

namespace corridor::analytics {

namespace {

Result<std::vector<domain::RegionInfo>> ResolveRegions(storage::Connection& c, int64_t ws, const RegionSet& set) {
  storage::RegionStore regions(c);
  const auto& ref = storage::NutsReference::Builtin();
  switch (set.kind) {
    case RegionSetKind::kWorkspace: {
      CORRIDOR_ASSIGN_OR_RETURN(auto list, regions.WorkspaceRegions(ws));
      if (list.empty())
        return Status::Invalid("regions: this workspace has no regions of interest; choose a NUTS level or list regions");
      return list;
    }
    case RegionSetKind::kLevel: {
      if (set.level < 0 || set.level > 3) return Status::Invalid("level: a NUTS level is 0, 1, 2 or 3");
      std::vector<domain::RegionInfo> out;
      std::vector<std::string> countries;
      for (const auto& raw : set.countries) {
        std::string cc = domain::NormaliseNutsCode(raw);
        if (cc.empty()) continue;
        if (cc.size() != 2 || !ref.Contains(cc))
          return Status::Invalid("countries: " + cc + " is not a NUTS 2021 country code (Greece is EL, the UK is UK)");
        countries.push_back(cc);
      }
      for (const auto* n : ref.List(set.level)) {
        if (!countries.empty() && std::find(countries.begin(), countries.end(), n->country) == countries.end()) continue;
        CORRIDOR_ASSIGN_OR_RETURN(auto info, regions.Lookup(ws, n->code));
        if (info) out.push_back(*info);
      }
      return out;
    }
    case RegionSetKind::kList: {
      std::vector<std::string> unknown;
      CORRIDOR_ASSIGN_OR_RETURN(auto list, regions.LookupMany(ws, set.codes, &unknown));
      if (!unknown.empty())
        return Status::Invalid("regions: " + unknown[0] + " is not a NUTS 2021 code or a region of this workspace");
      std::vector<domain::RegionInfo> dedup;
      std::set<std::string> seen;
      for (auto& r : list)
        if (seen.insert(r.code).second) dedup.push_back(std::move(r));
      return dedup;
    }
  }
  return std::vector<domain::RegionInfo>();
}

}  // namespace

Result<IndicatorMatrix> BuildIndicatorMatrix(storage::Connection& c, int64_t ws, const MatrixSpec& spec) {
  IndicatorMatrix m;
  storage::IndicatorStore store(c);
  if (spec.window < 0 || spec.window > 50) return Status::Invalid("window: 0 to 50 years");
  CORRIDOR_ASSIGN_OR_RETURN(auto all_indicators, store.ListIndicators(ws));
  std::vector<storage::Indicator> chosen;
  if (spec.indicators.empty()) {
    chosen = all_indicators;
  } else {
    for (const auto& raw : spec.indicators) {
      std::string code = strings::Trim(raw);
      if (code.empty()) continue;
      auto it = std::find_if(all_indicators.begin(), all_indicators.end(), [&](const auto& i) { return i.code == code; });
      if (it == all_indicators.end()) return Status::Invalid("indicators: " + code + " is not an indicator of this workspace");
      if (std::none_of(chosen.begin(), chosen.end(), [&](const auto& i) { return i.code == code; })) chosen.push_back(*it);
    }
  }
  if (chosen.empty()) return Status::Invalid("indicators: import indicator data first, then choose at least one indicator");

  CORRIDOR_ASSIGN_OR_RETURN(auto regions, ResolveRegions(c, ws, spec.regions));
  // Codes whose values are needed: the regions themselves and the members of user regions.
  std::vector<std::string> codes;
  for (const auto& r : regions) {
    codes.push_back(r.code);
    for (const auto& mem : r.members) codes.push_back(mem);
  }
  std::vector<int64_t> ids;
  for (const auto& i : chosen) ids.push_back(i.id);

  int year = spec.year;
  if (year == 0) {
    for (const auto& i : chosen) year = std::max(year, i.max_year);
    if (year == 0) return Status::Invalid("indicators: the chosen indicators have no values");
  }
  if (year < 1900 || year > 2100) return Status::Invalid("year: between 1900 and 2100");
  m.year = year;
  m.window = spec.window;
  CORRIDOR_ASSIGN_OR_RETURN(auto values, store.Values(ws, ids, codes, year - spec.window, year));
  // Latest value per (indicator, code) within the window.
  std::map<std::pair<int64_t, std::string>, std::pair<int, double>> latest;
  for (const auto& v : values) {
    auto& slot = latest[{v.indicator_id, v.region_code}];
    if (v.year >= slot.first) slot = {v.year, v.value};
  }
  size_t K = chosen.size();
  std::vector<std::vector<double>> vals(regions.size(), std::vector<double>(K, kMissingValue));
  std::vector<std::vector<int>> yrs(regions.size(), std::vector<int>(K, 0));
  std::vector<std::string> averaged;
  for (size_t u = 0; u < regions.size(); ++u) {
    for (size_t k = 0; k < K; ++k) {
      auto own = latest.find({chosen[k].id, regions[u].code});
      if (own != latest.end()) {
        vals[u][k] = own->second.second;
        yrs[u][k] = own->second.first;
        continue;
      }
      if (!regions[u].user_defined) continue;
      double sum = 0;
      int n = 0, y = 0;
      for (const auto& mem : regions[u].members) {
        auto it = latest.find({chosen[k].id, mem});
        if (it == latest.end()) continue;
        sum += it->second.second;
        y = std::max(y, it->second.first);
        ++n;
      }
      if (n > 0) {
        vals[u][k] = sum / n;
        yrs[u][k] = y;
        if (std::find(averaged.begin(), averaged.end(), regions[u].code) == averaged.end())
          averaged.push_back(regions[u].code);
      }
    }
  }
  // Drop indicators without any value, then regions without any value.
  std::vector<size_t> keep_k;
  for (size_t k = 0; k < K; ++k) {
    bool any = false;
    for (size_t u = 0; u < regions.size() && !any; ++u) any = !IsMissing(vals[u][k]);
    if (any) keep_k.push_back(k);
    else m.dropped_indicators.push_back(chosen[k].code);
  }
  std::vector<size_t> keep_u;
  for (size_t u = 0; u < regions.size(); ++u) {
    bool any = false;
    for (size_t k : keep_k) any = any || !IsMissing(vals[u][k]);
    if (any) keep_u.push_back(u);
    else m.dropped_regions.push_back(regions[u].code);
  }
  if (keep_k.empty())
    return Status::Invalid("year: none of the chosen indicators has a value for these regions in " +
                           (spec.window ? std::to_string(year - spec.window) + "-" : std::string()) + std::to_string(year));
  if (keep_u.size() < 2)
    return Status::Invalid("regions: fewer than two of the chosen regions have values in " +
                           (spec.window ? std::to_string(year - spec.window) + "-" : std::string()) + std::to_string(year) +
                           "; widen the window or choose other regions");
  for (size_t k : keep_k) {
    m.indicators.push_back(chosen[k]);
    m.data.indicators.push_back(IndicatorSpec(chosen[k].code, chosen[k].direction, 1.0));
  }
  for (size_t u : keep_u) {
    m.regions.push_back(regions[u]);
    m.data.units.push_back(regions[u].code);
    for (size_t k : keep_k) {
      m.data.values.push_back(vals[u][k]);
      m.value_years.push_back(yrs[u][k]);
    }
  }
  if (!m.dropped_indicators.empty())
    m.notes.push_back(std::to_string(m.dropped_indicators.size()) +
                      " indicator(s) left out, no value for these regions in the years chosen: " +
                      strings::Join(m.dropped_indicators, ", "));
  if (!m.dropped_regions.empty())
    m.notes.push_back(std::to_string(m.dropped_regions.size()) + " region(s) left out, no value in the years chosen: " +
                      strings::Join(std::vector<std::string>(m.dropped_regions.begin(),
                                                             m.dropped_regions.begin() + std::min<size_t>(20, m.dropped_regions.size())),
                                    ", ") +
                      (m.dropped_regions.size() > 20 ? ", ..." : ""));
  if (!averaged.empty())
    m.notes.push_back("Values of " + strings::Join(averaged, ", ") +
                      " are the unweighted mean of their member regions' values (no values stored under the region's own key).");
  return m;
}

}  // namespace corridor::analytics
