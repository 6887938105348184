// The region x indicator matrix behind a composite index (issue 5): the workspace's stored
// indicator values for a region set (the workspace's regions of interest, a NUTS level within
// countries, or an explicit list of NUTS codes and user-defined regions), for a chosen year or
// the latest value within a window of years before it. Regions and indicators without any value
// are left out and listed, so that the composite engine gets a valid matrix.
// A user-defined region takes the values stored under its own key if there are any, else the
// unweighted mean of its members' values (noted: a population- or GDP-weighted figure needs
// data Corridor does not have, so import the region's own values when that matters).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analytics/composite_index.h"
#include "domain/region.h"
#include "storage/database.h"
#include "storage/indicator_store.h"

namespace corridor::analytics {

enum class RegionSetKind { kWorkspace, kLevel, kList };

struct RegionSet {
  RegionSetKind kind = RegionSetKind::kWorkspace;
  int level = 2;                           // kLevel: NUTS level 0-3
  std::vector<std::string> countries;      // kLevel: two-letter codes; empty = every country
  std::vector<std::string> codes;          // kList: NUTS codes and user region keys
};

struct MatrixSpec {
  RegionSet regions;
  std::vector<std::string> indicators;  // codes; empty = every indicator of the workspace
  int year = 0;                         // 0 = the latest year with any value
  int window = 0;                       // take the latest value in [year - window, year]
};

struct IndicatorMatrix {
  IndicatorData data;                        // units = region codes; weights 1, directions from the store
  std::vector<domain::RegionInfo> regions;   // parallel to data.units
  std::vector<storage::Indicator> indicators;  // parallel to data.indicators
  std::vector<int> value_years;              // units x indicators: the year of each value, 0 = missing
  int year = 0, window = 0;
  std::vector<std::string> dropped_regions;     // codes without any value
  std::vector<std::string> dropped_indicators;  // codes without any value for these regions
  std::vector<std::string> notes;
};

// kInvalidArgument naming the field: an unknown region or indicator code, a level outside 0-3,
// a country that is not a NUTS country, no indicator, fewer than two regions with data.
Result<IndicatorMatrix> BuildIndicatorMatrix(storage::Connection& c, int64_t workspace_id, const MatrixSpec& spec);

}  // namespace corridor::analytics
