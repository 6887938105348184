// The NUTS 2021 reference shipped inside the binary (assets/reference/): the 2,010 regions of
// levels 0-3 with names and label points (from GISCO's NUTS_LB_2021), and simplified
// boundaries per region (from GISCO's 1:20 million files). Served from memory: parsed once on
// first use from the embedded files (a few milliseconds), immutable afterwards, shared by every
// thread. Nothing is copied into the database, so migrations stay fast and the reference can be
// updated with the binary; finer boundaries a user loads (`corridor regions load --geojson`)
// live in the database and take precedence (see RegionStore::Boundaries).
// "© EuroGeographics for the administrative boundaries" (see kNutsAttribution).
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/region.h"

namespace corridor::storage {

// Shown under every map and in docs/INDICATORS.md.
inline constexpr const char* kNutsAttribution =
    "© EuroGeographics for the administrative boundaries; NUTS 2021 regions from Eurostat GISCO "
    "(Eurostat reuse policy)";

class NutsReference {
 public:
  // The embedded reference (parsed on first call; thread-safe).
  static const NutsReference& Builtin();

  // By code, case-insensitive and trimmed; nullptr when the code is not a NUTS 2021 code.
  const domain::NutsRegion* Find(std::string_view code) const;
  bool Contains(std::string_view code) const { return Find(code) != nullptr; }
  // Every region, ordered by code.
  const std::vector<domain::NutsRegion>& All() const { return regions_; }
  // level -1 = any; country "" = any (two letters, case-insensitive). Ordered by code.
  std::vector<const domain::NutsRegion*> List(int level = -1, std::string_view country = {}) const;
  // Number of regions at a level (0-3).
  size_t CountAtLevel(int level) const;

  // The embedded boundary of a region: a GeoJSON geometry object (Polygon or MultiPolygon,
  // lon/lat rounded to 3 decimals); empty when the reference has no shape for the code
  // (NO0B, NO0B1, NO0B2 have label points only).
  std::string_view Boundary(std::string_view code) const;

 private:
  NutsReference() = default;
  std::vector<domain::NutsRegion> regions_;
  std::unordered_map<std::string, size_t> by_code_;
  std::unordered_map<std::string, std::string_view> boundaries_;  // views into the embedded file
};

}  // namespace corridor::storage
