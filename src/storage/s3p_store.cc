#include "storage/s3p_store.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "core/strings.h"
#include "storage/region_store.h"

namespace corridor::storage {

using domain::S3pPartnership;
using nlohmann::json;

namespace {

S3pPartnership ToPartnership(const Row& r) {
  S3pPartnership p;
  p.id = r.Int("id");
  p.workspace_id = r.Int("workspace_id");
  p.platform = r.Text("platform");
  p.partnership = r.Text("partnership");
  p.leading_regions = r.Text("leading_regions");
  for (const auto& c : strings::Split(r.Text("region_codes"), ','))
    if (!strings::Trim(c).empty()) p.region_codes.push_back(strings::Trim(c));
  int prio = static_cast<int>(r.Int("priority"));
  p.priority = static_cast<domain::S3pPriority>(std::clamp(prio, 1, 4));
  p.synergies = r.Text("synergies");
  p.interaction_focus = r.Text("interaction_focus");
  json j = json::parse(r.Text("benchmark_json"), nullptr, false);
  if (j.is_array())
    for (const auto& b : j)
      if (b.is_string()) p.benchmark_points.push_back(b.get<std::string>());
  p.position = static_cast<int>(r.Int("position"));
  return p;
}

std::string Describe(const S3pPartnership& p) {
  return p.platform + " | " + p.leading_regions + " [" + strings::Join(p.region_codes, ",") + "] | " +
         domain::S3pPriorityLabel(p.priority);
}

}  // namespace

Status S3pStore::Check(S3pPartnership& p) {
  p.partnership = strings::Trim(p.partnership);
  p.platform = strings::Trim(p.platform);
  std::vector<std::string> codes;
  for (auto c : p.region_codes) {
    c = strings::ToUpper(strings::Trim(c));
    if (!c.empty() && std::find(codes.begin(), codes.end(), c) == codes.end()) codes.push_back(c);
  }
  p.region_codes = codes;
  CORRIDOR_RETURN_IF_ERROR(domain::ValidateS3pPartnership(p));
  return RegionStore::CheckNutsCodes(p.region_codes, "region_codes");
}

Result<int> S3pStore::SeedCatalogue(int64_t ws, const Actor& who) {
  auto have = c_.Scalar("SELECT COUNT(*) FROM s3p_partnerships WHERE workspace_id = ?", {ws});
  if (!have.ok()) return have.status();
  if (*have && Row(nullptr, {**have}).Int(0) > 0) return 0;
  int n = 0;
  for (S3pPartnership p : domain::SeedS3pCatalogue()) {
    p.workspace_id = ws;
    auto id = Create(p, who);
    if (!id.ok()) return id.status();
    ++n;
  }
  return n;
}

Result<std::vector<S3pPartnership>> S3pStore::List(int64_t ws) {
  auto rows = c_.Query("SELECT * FROM s3p_partnerships WHERE workspace_id = ? ORDER BY priority DESC, position, id", {ws});
  if (!rows.ok()) return rows.status();
  std::vector<S3pPartnership> out;
  for (const Row& r : *rows) out.push_back(ToPartnership(r));
  return out;
}

Result<std::optional<S3pPartnership>> S3pStore::Get(int64_t ws, int64_t id) {
  auto rows = c_.Query("SELECT * FROM s3p_partnerships WHERE workspace_id = ? AND id = ?", {ws, id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<S3pPartnership>();
  return std::optional<S3pPartnership>(ToPartnership((*rows)[0]));
}

Result<int64_t> S3pStore::Create(S3pPartnership p, const Actor& who) {
  CORRIDOR_RETURN_IF_ERROR(Check(p));
  auto same = c_.Scalar("SELECT id FROM s3p_partnerships WHERE workspace_id = ? AND LOWER(partnership) = LOWER(?)",
                        {p.workspace_id, p.partnership});
  if (!same.ok()) return same.status();
  if (*same) return Status::Conflict("partnership: \"" + p.partnership + "\" is already in the catalogue");
  if (p.position == 0) {
    auto max = c_.Scalar("SELECT COALESCE(MAX(position), 0) FROM s3p_partnerships WHERE workspace_id = ?", {p.workspace_id});
    if (!max.ok()) return max.status();
    p.position = static_cast<int>((*max ? Row(nullptr, {**max}).Int(0) : 0) + 1);
  }
  auto rows = c_.Query(
      "INSERT INTO s3p_partnerships(workspace_id, platform, partnership, leading_regions, region_codes, priority, "
      "synergies, interaction_focus, benchmark_json, position) VALUES (?,?,?,?,?,?,?,?,?,?) RETURNING id",
      {p.workspace_id, p.platform, p.partnership, p.leading_regions, strings::Join(p.region_codes, ","),
       int64_t{static_cast<int>(p.priority)}, p.synergies, p.interaction_focus, json(p.benchmark_points).dump(),
       int64_t{p.position}});
  if (!rows.ok()) return rows.status();
  int64_t id = (*rows)[0].Int(0);
  CORRIDOR_RETURN_IF_ERROR(AuditStore(c_).Record(who, p.workspace_id, kS3pEntity, id, "create", "partnership", "", p.partnership));
  CORRIDOR_RETURN_IF_ERROR(AuditStore(c_).Record(who, p.workspace_id, kS3pEntity, id, "create", "details", "", Describe(p)));
  return id;
}

Status S3pStore::Update(S3pPartnership p, const Actor& who) {
  auto cur = Get(p.workspace_id, p.id);
  if (!cur.ok()) return cur.status();
  if (!*cur) return Status::NotFound("no S3P partnership " + std::to_string(p.id));
  CORRIDOR_RETURN_IF_ERROR(Check(p));
  auto same = c_.Scalar("SELECT id FROM s3p_partnerships WHERE workspace_id = ? AND LOWER(partnership) = LOWER(?) AND id <> ?",
                        {p.workspace_id, p.partnership, p.id});
  if (!same.ok()) return same.status();
  if (*same) return Status::Conflict("partnership: \"" + p.partnership + "\" is already in the catalogue");
  CORRIDOR_RETURN_IF_ERROR(c_.Exec("UPDATE s3p_partnerships SET platform = ?, partnership = ?, leading_regions = ?, "
                                   "region_codes = ?, priority = ?, synergies = ?, interaction_focus = ?, benchmark_json = ? "
                                   "WHERE workspace_id = ? AND id = ?",
                                   {p.platform, p.partnership, p.leading_regions, strings::Join(p.region_codes, ","),
                                    int64_t{static_cast<int>(p.priority)}, p.synergies, p.interaction_focus,
                                    json(p.benchmark_points).dump(), p.workspace_id, p.id})
                               .status());
  AuditStore audit(c_);
  const S3pPartnership& o = **cur;
  auto rec = [&](const char* field, const std::string& a, const std::string& b) -> Status {
    return a == b ? Status::Ok() : audit.Record(who, p.workspace_id, kS3pEntity, p.id, "update", field, a, b);
  };
  CORRIDOR_RETURN_IF_ERROR(rec("partnership", o.partnership, p.partnership));
  CORRIDOR_RETURN_IF_ERROR(rec("platform", o.platform, p.platform));
  CORRIDOR_RETURN_IF_ERROR(rec("leading_regions", o.leading_regions, p.leading_regions));
  CORRIDOR_RETURN_IF_ERROR(rec("region_codes", strings::Join(o.region_codes, ","), strings::Join(p.region_codes, ",")));
  CORRIDOR_RETURN_IF_ERROR(rec("priority", domain::S3pPriorityLabel(o.priority), domain::S3pPriorityLabel(p.priority)));
  CORRIDOR_RETURN_IF_ERROR(rec("synergies", o.synergies, p.synergies));
  CORRIDOR_RETURN_IF_ERROR(rec("interaction_focus", o.interaction_focus, p.interaction_focus));
  CORRIDOR_RETURN_IF_ERROR(rec("benchmark_points", strings::Join(o.benchmark_points, "\n"), strings::Join(p.benchmark_points, "\n")));
  return Status::Ok();
}

Status S3pStore::Delete(int64_t ws, int64_t id, const Actor& who) {
  auto cur = Get(ws, id);
  if (!cur.ok()) return cur.status();
  if (!*cur) return Status::NotFound("no S3P partnership " + std::to_string(id));
  CORRIDOR_RETURN_IF_ERROR(c_.Exec("DELETE FROM s3p_partnerships WHERE workspace_id = ? AND id = ?", {ws, id}).status());
  return AuditStore(c_).Record(who, ws, kS3pEntity, id, "delete", "partnership", (*cur)->partnership, "");
}

Result<std::vector<domain::RegionPriority>> S3pStore::SelectionFilter(int64_t ws, const std::vector<std::string>& given) {
  CORRIDOR_ASSIGN_OR_RETURN(auto catalogue, List(ws));
  std::vector<std::string> codes = given;
  if (codes.empty()) {
    CORRIDOR_ASSIGN_OR_RETURN(codes, RegionStore(c_).WorkspaceRegionCodes(ws));
    std::set<std::string> seen(codes.begin(), codes.end());
    for (const auto& p : catalogue)
      for (const auto& c : p.region_codes)
        if (seen.insert(c).second) codes.push_back(c);
  }
  return domain::OrderBySelectionFilter(codes, catalogue);
}

}  // namespace corridor::storage
