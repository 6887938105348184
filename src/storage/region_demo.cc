#include "storage/region_demo.h"

#include "storage/demo_data.h"
#include "storage/region_store.h"
#include "storage/workspace_store.h"

namespace corridor::storage {

Status LoadDemoRegions(Connection& c) {
  CORRIDOR_ASSIGN_OR_RETURN(auto ws, WorkspaceStore(c).FindBySlug("i4-green"));
  if (!ws) return Status::Ok();
  CORRIDOR_ASSIGN_OR_RETURN(int64_t marked, c.Exec("INSERT INTO settings(key, value) VALUES ('demo:regions:i4-green', '1') "
                                                   "ON CONFLICT(key) DO NOTHING"));
  if (marked == 0) return Status::Ok();
  const Actor demo{0, "demo data"};
  RegionStore regions(c);
  std::vector<std::string> codes;
  for (const DemoRegion& r : I4GreenRegions()) codes.push_back(r.nuts_code);
  domain::UserRegion corridor;
  corridor.workspace_id = ws->id;
  corridor.key = "iberian-corridor";
  corridor.name = "Iberian raw-materials corridor";
  corridor.description = "The four I4-GREEN regions along the Spanish-Portuguese border (seed 002).";
  corridor.members = codes;
  CORRIDOR_ASSIGN_OR_RETURN(auto existing, regions.GetUserRegion(ws->id, corridor.key));
  if (!existing) CORRIDOR_RETURN_IF_ERROR(regions.CreateUserRegion(corridor, demo).status());
  CORRIDOR_ASSIGN_OR_RETURN(auto current, regions.WorkspaceRegionCodes(ws->id));
  if (current.empty()) CORRIDOR_RETURN_IF_ERROR(regions.SetWorkspaceRegions(ws->id, codes, demo));
  return Status::Ok();
}

}  // namespace corridor::storage
