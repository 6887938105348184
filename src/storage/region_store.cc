#include "storage/region_store.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/dates.h"
#include "core/strings.h"
#include "storage/nuts_reference.h"

namespace corridor::storage {

namespace {

std::string JsonStr(std::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += ch;
        }
    }
  }
  return out + "\"";
}

domain::RegionInfo FromNuts(const domain::NutsRegion& n) {
  domain::RegionInfo r;
  r.code = n.code;
  r.name = n.name_latin;
  r.name_national = n.name_national;
  r.level = n.level;
  r.country = n.country;
  r.label_lon = n.label_lon;
  r.label_lat = n.label_lat;
  return r;
}

domain::RegionInfo FromUser(const domain::UserRegion& u) {
  domain::RegionInfo r;
  r.code = u.key;
  r.name = u.name;
  r.user_defined = true;
  r.members = u.members;
  std::vector<std::string> countries;
  for (const std::string& m : u.members) {
    std::string c = m.substr(0, 2);
    if (std::find(countries.begin(), countries.end(), c) == countries.end()) countries.push_back(c);
  }
  r.country = strings::Join(countries, "+");
  return r;
}

domain::UserRegion ToUserRegion(const Row& row) {
  domain::UserRegion u;
  u.id = row.Int("id");
  u.workspace_id = row.Int("workspace_id");
  u.key = row.Text("key");
  u.name = row.Text("name");
  u.description = row.Text("description");
  for (auto& m : strings::Split(row.Text("members"), ','))
    if (!m.empty()) u.members.push_back(m);
  u.version = row.Int("version");
  u.created_at = row.Text("created_at");
  u.updated_at = row.Text("updated_at");
  return u;
}

constexpr const char* kUserRegionColumns =
    "id, workspace_id, key, name, description, members, version, created_at, updated_at";

}  // namespace

Status RegionStore::CheckNutsCodes(const std::vector<std::string>& codes, const std::string& field) {
  const NutsReference& ref = NutsReference::Builtin();
  for (const std::string& raw : codes) {
    std::string code = domain::NormaliseNutsCode(raw);
    if (!ref.Contains(code)) return Status::Invalid(field + ": " + code + " is not a NUTS 2021 code");
  }
  return Status::Ok();
}

Result<std::optional<domain::RegionInfo>> RegionStore::Lookup(int64_t workspace_id, std::string_view code) {
  std::string trimmed = strings::Trim(code);
  if (trimmed.empty()) return std::optional<domain::RegionInfo>();
  if (const domain::NutsRegion* n = NutsReference::Builtin().Find(trimmed)) return std::optional(FromNuts(*n));
  CORRIDOR_ASSIGN_OR_RETURN(auto user, GetUserRegion(workspace_id, strings::ToLower(trimmed)));
  if (user) return std::optional(FromUser(*user));
  return std::optional<domain::RegionInfo>();
}

Result<std::vector<domain::RegionInfo>> RegionStore::LookupMany(int64_t workspace_id,
                                                                const std::vector<std::string>& codes,
                                                                std::vector<std::string>* unknown) {
  std::vector<domain::RegionInfo> out;
  std::map<std::string, domain::UserRegion> users;
  bool users_loaded = false;
  for (const std::string& raw : codes) {
    std::string trimmed = strings::Trim(raw);
    if (trimmed.empty()) continue;
    if (const domain::NutsRegion* n = NutsReference::Builtin().Find(trimmed)) {
      out.push_back(FromNuts(*n));
      continue;
    }
    if (!users_loaded) {
      CORRIDOR_ASSIGN_OR_RETURN(auto list, ListUserRegions(workspace_id));
      for (auto& u : list) users[u.key] = std::move(u);
      users_loaded = true;
    }
    auto it = users.find(strings::ToLower(trimmed));
    if (it != users.end()) out.push_back(FromUser(it->second));
    else if (unknown) unknown->push_back(trimmed);
  }
  return out;
}

// ---- regions of interest ----

Result<std::vector<std::string>> RegionStore::WorkspaceRegionCodes(int64_t workspace_id) {
  CORRIDOR_ASSIGN_OR_RETURN(
      Rows rows, c_.Query("SELECT code FROM workspace_regions WHERE workspace_id = ? ORDER BY position, code",
                          {workspace_id}));
  std::vector<std::string> out;
  for (const Row& r : rows) out.push_back(r.Text(0));
  return out;
}

Result<std::vector<domain::RegionInfo>> RegionStore::WorkspaceRegions(int64_t workspace_id) {
  CORRIDOR_ASSIGN_OR_RETURN(auto codes, WorkspaceRegionCodes(workspace_id));
  return LookupMany(workspace_id, codes, nullptr);
}

Status RegionStore::SetWorkspaceRegions(int64_t workspace_id, const std::vector<std::string>& codes,
                                        const Actor& who) {
  std::vector<std::string> wanted;
  for (const std::string& raw : codes) {
    std::string t = strings::Trim(raw);
    if (t.empty()) continue;
    std::vector<std::string> unknown;
    CORRIDOR_ASSIGN_OR_RETURN(auto found, LookupMany(workspace_id, {t}, &unknown));
    if (found.empty())
      return Status::Invalid("regions: " + t + " is not a NUTS 2021 code or a region of this workspace");
    if (std::find(wanted.begin(), wanted.end(), found[0].code) == wanted.end()) wanted.push_back(found[0].code);
  }
  CORRIDOR_ASSIGN_OR_RETURN(auto before, WorkspaceRegionCodes(workspace_id));
  if (before == wanted) return Status::Ok();
  CORRIDOR_RETURN_IF_ERROR(c_.Exec("DELETE FROM workspace_regions WHERE workspace_id = ?", {workspace_id}).status());
  for (size_t i = 0; i < wanted.size(); ++i)
    CORRIDOR_RETURN_IF_ERROR(c_.Exec("INSERT INTO workspace_regions(workspace_id, code, position) VALUES (?,?,?)",
                                     {workspace_id, wanted[i], static_cast<int64_t>(i)})
                                 .status());
  return AuditStore(c_).Record(who, workspace_id, kWorkspaceRegionsEntity, workspace_id, "update", "regions",
                               strings::Join(before, ","), strings::Join(wanted, ","));
}

// ---- user-defined regions ----

Result<std::vector<domain::UserRegion>> RegionStore::ListUserRegions(int64_t workspace_id) {
  CORRIDOR_ASSIGN_OR_RETURN(Rows rows, c_.Query(std::string("SELECT ") + kUserRegionColumns +
                                                    " FROM user_regions WHERE workspace_id = ? ORDER BY LOWER(name), key",
                                                {workspace_id}));
  std::vector<domain::UserRegion> out;
  for (const Row& r : rows) out.push_back(ToUserRegion(r));
  return out;
}

Result<std::optional<domain::UserRegion>> RegionStore::GetUserRegion(int64_t workspace_id, std::string_view key) {
  CORRIDOR_ASSIGN_OR_RETURN(Rows rows, c_.Query(std::string("SELECT ") + kUserRegionColumns +
                                                    " FROM user_regions WHERE workspace_id = ? AND key = ?",
                                                {workspace_id, strings::ToLower(strings::Trim(key))}));
  if (rows.empty()) return std::optional<domain::UserRegion>();
  return std::optional(ToUserRegion(rows[0]));
}

Result<int64_t> RegionStore::CreateUserRegion(domain::UserRegion& r, const Actor& who) {
  CORRIDOR_RETURN_IF_ERROR(domain::NormaliseUserRegion(r));
  CORRIDOR_RETURN_IF_ERROR(CheckNutsCodes(r.members, "members"));
  CORRIDOR_ASSIGN_OR_RETURN(auto existing, GetUserRegion(r.workspace_id, r.key));
  if (existing) return Status::Conflict("key: a region \"" + r.key + "\" already exists in this workspace");
  std::string now = dates::NowIso();
  CORRIDOR_ASSIGN_OR_RETURN(
      Rows rows, c_.Query("INSERT INTO user_regions(workspace_id, key, name, description, members, version, "
                          "created_at, updated_at) VALUES (?,?,?,?,?,1,?,?) RETURNING id",
                          {r.workspace_id, r.key, r.name, r.description, strings::Join(r.members, ","), now, now}));
  r.id = rows[0].Int(0);
  r.version = 1;
  r.created_at = r.updated_at = now;
  CORRIDOR_RETURN_IF_ERROR(AuditStore(c_).Record(who, r.workspace_id, kUserRegionEntity, r.id, "create", "", "",
                                                 r.key + " = " + strings::Join(r.members, "+"), 1));
  return r.id;
}

Status RegionStore::UpdateUserRegion(domain::UserRegion& r, const Actor& who) {
  CORRIDOR_RETURN_IF_ERROR(domain::NormaliseUserRegion(r));
  CORRIDOR_RETURN_IF_ERROR(CheckNutsCodes(r.members, "members"));
  CORRIDOR_ASSIGN_OR_RETURN(auto stored, GetUserRegion(r.workspace_id, r.key));
  if (!stored) return Status::NotFound("no region \"" + r.key + "\" in this workspace");
  if (stored->version != r.version) {
    std::string msg = "this region was changed since you opened it (version " + std::to_string(stored->version) + ")";
    auto since = AuditStore(c_).SinceVersion(kUserRegionEntity, stored->id, r.version);
    if (since.ok() && !since->empty()) {
      std::set<std::string> fields;
      for (const auto& e : *since)
        if (!e.field.empty()) fields.insert(e.field);
      msg += " by " + since->back().user_name + " (" + strings::Join({fields.begin(), fields.end()}, ", ") + ")";
    }
    return Status::Conflict(msg + "; reload and apply your change again");
  }
  std::vector<std::tuple<std::string, std::string, std::string>> changes;
  if (stored->name != r.name) changes.emplace_back("name", stored->name, r.name);
  if (stored->description != r.description) changes.emplace_back("description", stored->description, r.description);
  std::string old_members = strings::Join(stored->members, ","), new_members = strings::Join(r.members, ",");
  if (old_members != new_members) changes.emplace_back("members", old_members, new_members);
  r.id = stored->id;
  if (changes.empty()) return Status::Ok();
  int64_t next = stored->version + 1;
  std::string now = dates::NowIso();
  CORRIDOR_ASSIGN_OR_RETURN(int64_t n, c_.Exec("UPDATE user_regions SET name = ?, description = ?, members = ?, "
                                               "version = ?, updated_at = ? WHERE id = ? AND version = ?",
                                               {r.name, r.description, new_members, next, now, r.id, r.version}));
  if (n != 1) return Status::Conflict("this region was changed since you opened it; reload and apply your change again");
  AuditStore audit(c_);
  for (const auto& [field, old_v, new_v] : changes)
    CORRIDOR_RETURN_IF_ERROR(audit.Record(who, r.workspace_id, kUserRegionEntity, r.id, "update", field, old_v, new_v, next));
  r.version = next;
  r.updated_at = now;
  return Status::Ok();
}

Status RegionStore::DeleteUserRegion(int64_t workspace_id, std::string_view key, const Actor& who) {
  CORRIDOR_ASSIGN_OR_RETURN(auto stored, GetUserRegion(workspace_id, key));
  if (!stored) return Status::NotFound("no region \"" + std::string(key) + "\" in this workspace");
  CORRIDOR_RETURN_IF_ERROR(c_.Exec("DELETE FROM user_regions WHERE id = ?", {stored->id}).status());
  CORRIDOR_RETURN_IF_ERROR(
      c_.Exec("DELETE FROM workspace_regions WHERE workspace_id = ? AND code = ?", {workspace_id, stored->key}).status());
  return AuditStore(c_).Record(who, workspace_id, kUserRegionEntity, stored->id, "delete", "", 
                               stored->key + " = " + strings::Join(stored->members, "+"), "", stored->version);
}

// ---- boundaries ----

Result<std::string> RegionStore::Boundary(std::string_view nuts_code) {
  std::string code = domain::NormaliseNutsCode(nuts_code);
  CORRIDOR_ASSIGN_OR_RETURN(auto loaded, c_.Scalar("SELECT geometry FROM region_boundaries WHERE code = ?", {code}));
  if (loaded && std::holds_alternative<std::string>(*loaded)) return std::get<std::string>(*loaded);
  return std::string(NutsReference::Builtin().Boundary(code));
}

Result<std::string> RegionStore::ShapesGeoJson(int64_t workspace_id, const std::vector<std::string>& codes,
                                               const ShapeOptions& options, std::vector<std::string>* unknown) {
  CORRIDOR_ASSIGN_OR_RETURN(auto regions, LookupMany(workspace_id, codes, unknown));
  const NutsReference& ref = NutsReference::Builtin();
  // Loaded boundaries are few or none; read them once.
  std::map<std::string, std::string> loaded;
  {
    CORRIDOR_ASSIGN_OR_RETURN(int64_t n, LoadedBoundaryCount());
    if (n > 0) {
      CORRIDOR_ASSIGN_OR_RETURN(Rows rows, c_.Query("SELECT code, geometry FROM region_boundaries"));
      for (const Row& r : rows) loaded[r.Text(0)] = r.Text(1);
    }
  }
  auto geometry = [&](const std::string& code) -> std::string_view {
    auto it = loaded.find(code);
    if (it != loaded.end()) return it->second;
    return ref.Boundary(code);
  };
  std::string out = "{\"type\":\"FeatureCollection\",\"features\":[";
  bool first = true;
  std::set<std::string> emitted;
  auto emit = [&](const domain::RegionInfo& region, const domain::NutsRegion* member) {
    const std::string& shape_code = member ? member->code : region.code;
    std::string_view geom = geometry(shape_code);
    if (geom.empty()) return;
    if (!emitted.insert(region.code + "|" + shape_code).second) return;
    if (!first) out += ",";
    first = false;
    out += "{\"type\":\"Feature\",\"properties\":{\"code\":" + JsonStr(region.code) + ",\"name\":" +
           JsonStr(region.name) + ",\"level\":" + std::to_string(region.level) + ",\"country\":" +
           JsonStr(region.country) + ",\"user_defined\":" + (region.user_defined ? "true" : "false");
    if (member)
      out += ",\"member\":" + JsonStr(member->code) + ",\"member_name\":" + JsonStr(member->name_latin);
    out += "},\"geometry\":";
    out += geom;
    out += "}";
  };
  for (const domain::RegionInfo& region : regions) {
    if (region.user_defined) {
      if (!options.expand_user_regions) continue;
      for (const std::string& m : region.members)
        if (const domain::NutsRegion* n = ref.Find(m)) emit(region, n);
      continue;
    }
    if (options.level > region.level) {
      // The sub-regions at the requested level, each its own feature.
      for (const domain::NutsRegion* sub : ref.List(options.level, region.country))
        if (sub->code.rfind(region.code, 0) == 0) emit(FromNuts(*sub), nullptr);
      continue;
    }
    emit(region, nullptr);
  }
  out += "]}";
  return out;
}

Result<BoundaryLoadSummary> RegionStore::LoadBoundaries(const std::vector<BoundaryRecord>& records,
                                                        const std::string& source, const Actor& who) {
  BoundaryLoadSummary summary;
  const NutsReference& ref = NutsReference::Builtin();
  std::string now = dates::NowIso();
  for (const BoundaryRecord& rec : records) {
    const domain::NutsRegion* n = ref.Find(rec.code);
    if (!n) {
      summary.unknown.push_back(rec.code);
      continue;
    }
    CORRIDOR_RETURN_IF_ERROR(
        c_.Exec("INSERT INTO region_boundaries(code, level, geometry, source, loaded_at) VALUES (?,?,?,?,?) "
                "ON CONFLICT(code) DO UPDATE SET level = excluded.level, geometry = excluded.geometry, "
                "source = excluded.source, loaded_at = excluded.loaded_at",
                {n->code, static_cast<int64_t>(n->level), rec.geometry, source, now})
            .status());
    ++summary.stored;
  }
  CORRIDOR_RETURN_IF_ERROR(AuditStore(c_).Record(who, 0, kRegionBoundaryEntity, 0, "load", "boundaries", "",
                                                 std::to_string(summary.stored) + " from " + source));
  return summary;
}

Result<int64_t> RegionStore::LoadedBoundaryCount() {
  CORRIDOR_ASSIGN_OR_RETURN(auto v, c_.Scalar("SELECT COUNT(*) FROM region_boundaries"));
  if (!v) return int64_t{0};
  if (std::holds_alternative<int64_t>(*v)) return std::get<int64_t>(*v);
  if (std::holds_alternative<std::string>(*v)) return static_cast<int64_t>(std::stoll(std::get<std::string>(*v)));
  return int64_t{0};
}

}  // namespace corridor::storage
