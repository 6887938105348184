// Regions of a workspace (issue 5): lookup of a NUTS 2021 code or a user-defined region key,
// the workspace's regions of interest (ordered), user-defined regions (create/edit/delete with
// optimistic locking and a field-level audit, entity "user_region"), and the boundary GeoJSON of
// a set of codes for the map. NUTS names and default boundaries come from the embedded
// reference (storage/nuts_reference.h); boundaries a user loaded from a GISCO file are kept in
// `region_boundaries` and take precedence.
//
// Codes: a NUTS code is upper-case ("ES41"); a user region key is lower-case with at least one
// character that a NUTS code cannot have ("iberian-corridor"), so the two never collide. Every
// method that takes a code trims it and accepts either case for NUTS codes.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/region.h"
#include "storage/audit_store.h"
#include "storage/database.h"

namespace corridor::storage {

inline constexpr const char* kUserRegionEntity = "user_region";
inline constexpr const char* kWorkspaceRegionsEntity = "workspace_regions";
inline constexpr const char* kRegionBoundaryEntity = "region_boundary";

// One boundary to store (from importers/nuts_boundary_import or a test): the code must be a
// NUTS 2021 code; geometry is a GeoJSON geometry object (Polygon/MultiPolygon) as text.
struct BoundaryRecord {
  std::string code;
  std::string geometry;
};

struct BoundaryLoadSummary {
  size_t stored = 0;                  // inserted or replaced
  std::vector<std::string> unknown;   // codes not in NUTS 2021 (skipped), in input order
};

// Options of the map's FeatureCollection.
struct ShapeOptions {
  // A user-defined region is drawn as its members' shapes, each feature carrying the region's
  // code, name and value key plus "member" = the member's code and name.
  bool expand_user_regions = true;
  // Also return, for a NUTS code of a level lower than `level` (0-3), the shapes of its
  // sub-regions at `level`; -1 = the codes' own level.
  int level = -1;
};

class RegionStore {
 public:
  explicit RegionStore(Connection& c) : c_(c) {}

  // ---- lookup ----

  // A NUTS 2021 code (levels 0-3) or a user-defined region key of the workspace; nullopt when
  // neither. Never an error for unknown input; errors are database failures only.
  Result<std::optional<domain::RegionInfo>> Lookup(int64_t workspace_id, std::string_view code);
  // Several at once, in the order given; the codes that are neither a NUTS 2021 code nor a
  // user region of the workspace are listed in `unknown` (if not null) and left out.
  Result<std::vector<domain::RegionInfo>> LookupMany(int64_t workspace_id, const std::vector<std::string>& codes,
                                                     std::vector<std::string>* unknown = nullptr);
  // "members: XX99 is not a NUTS 2021 code" style message for the first unknown code, or Ok.
  static Status CheckNutsCodes(const std::vector<std::string>& codes, const std::string& field);

  // ---- regions of interest ----

  // The workspace's regions of interest in their order (the I4-GREEN demo: ES41, ES61, ES43,
  // PT18). Codes that no longer resolve (a user region deleted since) are skipped.
  Result<std::vector<domain::RegionInfo>> WorkspaceRegions(int64_t workspace_id);
  // Just the codes, in order.
  Result<std::vector<std::string>> WorkspaceRegionCodes(int64_t workspace_id);
  // Replaces the list (codes normalised, duplicates dropped; each must resolve: kInvalidArgument
  // "regions: XX99 is not a NUTS 2021 code or a region of this workspace"). Audited as one
  // change of the list (old and new, comma-separated). Caller owns the transaction.
  Status SetWorkspaceRegions(int64_t workspace_id, const std::vector<std::string>& codes, const Actor& who);

  // ---- user-defined regions ----

  Result<std::vector<domain::UserRegion>> ListUserRegions(int64_t workspace_id);
  Result<std::optional<domain::UserRegion>> GetUserRegion(int64_t workspace_id, std::string_view key);
  // Normalises and validates (members must be NUTS 2021 codes: "members: XX99 is not a NUTS
  // 2021 code"); kConflict when the key exists. Caller owns the transaction.
  Result<int64_t> CreateUserRegion(domain::UserRegion& r, const Actor& who);
  // Name, description and members (the key is fixed); refused with kConflict when the stored
  // version differs from r.version. No change = no new version. Caller owns the transaction.
  Status UpdateUserRegion(domain::UserRegion& r, const Actor& who);
  // Also drops it from the workspace's regions of interest. kNotFound when absent.
  Status DeleteUserRegion(int64_t workspace_id, std::string_view key, const Actor& who);

  // ---- boundaries ----

  // The boundary geometry (GeoJSON geometry object) of a NUTS 2021 code: a loaded one first,
  // else the embedded one; "" when there is none.
  Result<std::string> Boundary(std::string_view nuts_code);
  // A GeoJSON FeatureCollection for the map: one feature per code (properties: code, name,
  // level, country, user_defined; a user region expanded into its members adds member and
  // member_name). Unknown codes are listed in `unknown` and left out; codes without a shape
  // are left out silently (the map shows what it has).
  Result<std::string> ShapesGeoJson(int64_t workspace_id, const std::vector<std::string>& codes,
                                    const ShapeOptions& options = {}, std::vector<std::string>* unknown = nullptr);
  // Stores (replaces) boundaries from a user's own GISCO download, instance-wide; audited once
  // (entity region_boundary, workspace 0) with the count and the source. Caller owns the transaction.
  Result<BoundaryLoadSummary> LoadBoundaries(const std::vector<BoundaryRecord>& records, const std::string& source,
                                             const Actor& who);
  // Number of loaded (database) boundaries.
  Result<int64_t> LoadedBoundaryCount();

 private:
  Connection& c_;
};

}  // namespace corridor::storage
