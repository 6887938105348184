// Boundaries from a GISCO NUTS GeoJSON download (e.g. NUTS_RG_01M_2021_4326.geojson, finer than
// the 1:20 million shapes shipped with Corridor), for `corridor regions load --geojson FILE`.
#pragma once

#include <string_view>
#include <vector>

#include "core/status.h"
#include "storage/region_store.h"

namespace corridor::importers {

// Every feature with a NUTS code (properties NUTS_ID, or id) and a Polygon/MultiPolygon
// geometry, the geometry kept as compact GeoJSON. kCorrupt for a file that is not a GeoJSON
// FeatureCollection; features without a code or with another geometry are skipped and
// counted in *skipped.
Result<std::vector<storage::BoundaryRecord>> ReadNutsGeoJson(std::string_view bytes, size_t* skipped = nullptr);

}  // namespace corridor::importers
