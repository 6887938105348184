#include "importers/nuts_boundaries.h"

#include <nlohmann/json.hpp>

#include "domain/region.h"

namespace corridor::importers {

Result<std::vector<storage::BoundaryRecord>> ReadNutsGeoJson(std::string_view bytes, size_t* skipped) {
  auto j = nlohmann::json::parse(bytes, nullptr, false);
  if (j.is_discarded()) return Status::Corrupt("the file is not valid JSON");
  if (!j.is_object() || j.value("type", std::string()) != "FeatureCollection" || !j.contains("features") ||
      !j["features"].is_array())
    return Status::Corrupt("the file is not a GeoJSON FeatureCollection");
  std::vector<storage::BoundaryRecord> out;
  size_t skip = 0;
  for (const auto& f : j["features"]) {
    std::string code;
    if (f.contains("properties") && f["properties"].is_object() && f["properties"].contains("NUTS_ID") &&
        f["properties"]["NUTS_ID"].is_string())
      code = f["properties"]["NUTS_ID"].get<std::string>();
    else if (f.contains("id") && f["id"].is_string())
      code = f["id"].get<std::string>();
    code = domain::NormaliseNutsCode(code);
    const auto* g = f.contains("geometry") && f["geometry"].is_object() ? &f["geometry"] : nullptr;
    std::string type = g ? g->value("type", std::string()) : "";
    if (code.empty() || !g || (type != "Polygon" && type != "MultiPolygon") || !g->contains("coordinates")) {
      ++skip;
      continue;
    }
    nlohmann::json geom = {{"type", type}, {"coordinates", (*g)["coordinates"]}};
    out.push_back({code, geom.dump()});
  }
  if (skipped) *skipped = skip;
  return out;
}

}  // namespace corridor::importers
