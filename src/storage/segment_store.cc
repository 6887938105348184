#include "storage/segment_store.h"

// nlohmann::json is header-only: no link dependency, so storage keeps its place in the graph.
#include <nlohmann/json.hpp>

#include "core/dates.h"
#include "core/strings.h"

namespace corridor::storage {

using domain::SegmentFilter;
using nlohmann::json;

namespace {

constexpr const char* kEntity = "segment";

Segment ToSegment(const Row& r) {
  Segment s;
  s.id = r.Int("id");
  s.workspace_id = r.Int("workspace_id");
  s.name = r.Text("name");
  s.description = r.Text("description");
  auto f = FilterFromJson(r.Text("filter_json"));
  if (f.ok()) s.filter = *f;
  s.predefined = r.Int("predefined") != 0;
  s.created_by = r.Text("created_by");
  s.created_at = r.Text("created_at");
  return s;
}

Status CheckName(const std::string& name) {
  if (name.empty()) return Status::Invalid("name: required");
  if (name.size() > 120) return Status::Invalid("name: at most 120 characters");
  return Status::Ok();
}

}  // namespace

std::string FilterToJson(const SegmentFilter& f) {
  json j = {{"types", f.types},         {"sectors", f.sectors}, {"phases", f.phases}, {"tiers", f.tiers},
            {"countries", f.countries}, {"consent", f.consent}, {"tags", f.tags},     {"q", f.q}};
  j["actor"] = f.actor ? json(*f.actor) : json(nullptr);
  return j.dump();
}

Result<SegmentFilter> FilterFromJson(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Status::Invalid("filter: not a JSON object");
  SegmentFilter f;
  const std::pair<const char*, const char*> lists[] = {{"types", "type"},     {"sectors", "sector"},
                                                       {"phases", "phase"},   {"tiers", "tier"},
                                                       {"countries", "country"}, {"tags", "tag"}};
  for (auto& [key, param] : lists) {
    if (!j.contains(key)) continue;
    if (!j[key].is_array()) return Status::Invalid(std::string("filter: ") + key + " must be a list");
    for (const auto& v : j[key]) {
      if (!v.is_string()) return Status::Invalid(std::string("filter: ") + key + " must hold strings");
      CORRIDOR_RETURN_IF_ERROR(domain::AddFilterValue(f, param, v.get<std::string>()));
    }
  }
  for (const char* key : {"consent", "q"})
    if (j.contains(key) && j[key].is_string())
      CORRIDOR_RETURN_IF_ERROR(domain::AddFilterValue(f, key, j[key].get<std::string>()));
  if (j.contains("actor") && j["actor"].is_boolean()) f.actor = j["actor"].get<bool>();
  domain::NormaliseFilter(f);
  return f;
}

Result<std::vector<domain::TaxonomyEntry>> WorkspaceTaxonomy(Connection& c, int64_t ws) {
  auto rows = c.Query(
      "SELECT kind, key, label FROM stakeholder_taxonomy WHERE workspace_id = ? AND retired = 0 "
      "ORDER BY kind, position, id",
      {ws});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return domain::DefaultTaxonomy();
  std::vector<domain::TaxonomyEntry> out;
  for (const Row& r : *rows) {
    std::string kind = r.Text(0);
    domain::TaxonomyKind k = kind == "type"     ? domain::TaxonomyKind::kType
                             : kind == "sector" ? domain::TaxonomyKind::kSector
                                                : domain::TaxonomyKind::kPhase;
    out.push_back({k, r.Text(1), r.Text(2)});
  }
  return out;
}

Result<int> SegmentStore::EnsurePredefined(int64_t ws, const Actor& who) {
  auto have = c_.Scalar("SELECT COUNT(*) FROM segments WHERE workspace_id = ? AND predefined = 1", {ws});
  if (!have.ok()) return have.status();
  if (*have && std::get<int64_t>(**have) > 0) return 0;
  CORRIDOR_ASSIGN_OR_RETURN(auto taxonomy, WorkspaceTaxonomy(c_, ws));
  int n = 0;
  for (const auto& p : domain::PredefinedSegments(taxonomy)) {
    // A user may already have a segment of that name: keep theirs.
    auto same = FindByName(ws, p.name);
    if (!same.ok()) return same.status();
    if (*same) continue;
    auto rows = c_.Query(
        "INSERT INTO segments(workspace_id, name, description, filter_json, predefined, created_by, created_at) "
        "VALUES (?,?,?,?,1,?,?) RETURNING id",
        {ws, p.name, p.description, FilterToJson(p.filter), who.name, dates::NowIso()});
    if (!rows.ok()) return rows.status();
    CORRIDOR_RETURN_IF_ERROR(
        AuditStore(c_).Record(who, ws, kEntity, (*rows)[0].Int(0), "create-predefined", "", "", p.name));
    ++n;
  }
  return n;
}

Result<std::vector<Segment>> SegmentStore::List(int64_t ws) {
  auto rows = c_.Query("SELECT * FROM segments WHERE workspace_id = ? ORDER BY predefined DESC, LOWER(name), id", {ws});
  if (!rows.ok()) return rows.status();
  std::vector<Segment> out;
  for (const Row& r : *rows) out.push_back(ToSegment(r));
  return out;
}

Result<std::optional<Segment>> SegmentStore::Get(int64_t ws, int64_t id) {
  auto rows = c_.Query("SELECT * FROM segments WHERE workspace_id = ? AND id = ?", {ws, id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<Segment>();
  return std::optional<Segment>(ToSegment((*rows)[0]));
}

Result<std::optional<Segment>> SegmentStore::FindByName(int64_t ws, const std::string& name) {
  auto rows = c_.Query("SELECT * FROM segments WHERE workspace_id = ? AND LOWER(name) = LOWER(?) ORDER BY id LIMIT 1",
                       {ws, strings::Trim(name)});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<Segment>();
  return std::optional<Segment>(ToSegment((*rows)[0]));
}

Result<int64_t> SegmentStore::Create(int64_t ws, const std::string& raw_name, const std::string& description,
                                     const SegmentFilter& filter, const Actor& who) {
  std::string name = strings::Trim(raw_name);
  CORRIDOR_RETURN_IF_ERROR(CheckName(name));
  if (description.size() > 2000) return Status::Invalid("description: at most 2000 characters");
  auto same = FindByName(ws, name);
  if (!same.ok()) return same.status();
  if (*same) return Status::Conflict("name: a segment called \"" + (*same)->name + "\" already exists");
  SegmentFilter f = filter;
  domain::NormaliseFilter(f);
  std::string fj = FilterToJson(f);
  auto rows = c_.Query(
      "INSERT INTO segments(workspace_id, name, description, filter_json, predefined, created_by, created_at) "
      "VALUES (?,?,?,?,0,?,?) RETURNING id",
      {ws, name, strings::Trim(description), fj, who.name, dates::NowIso()});
  if (!rows.ok()) {
    if (rows.status().code() == ErrorCode::kConflict)
      return Status::Conflict("name: a segment called \"" + name + "\" already exists");
    return rows.status();
  }
  int64_t id = (*rows)[0].Int(0);
  CORRIDOR_RETURN_IF_ERROR(AuditStore(c_).Record(who, ws, kEntity, id, "create", "name", "", name));
  CORRIDOR_RETURN_IF_ERROR(AuditStore(c_).Record(who, ws, kEntity, id, "create", "filter", "", fj));
  return id;
}

Status SegmentStore::Update(int64_t ws, int64_t id, const std::string& raw_name, const std::string& description,
                            const SegmentFilter& filter, const Actor& who) {
  std::string name = strings::Trim(raw_name);
  CORRIDOR_RETURN_IF_ERROR(CheckName(name));
  if (description.size() > 2000) return Status::Invalid("description: at most 2000 characters");
  auto cur = Get(ws, id);
  if (!cur.ok()) return cur.status();
  if (!*cur) return Status::NotFound("no segment " + std::to_string(id));
  auto same = FindByName(ws, name);
  if (!same.ok()) return same.status();
  if (*same && (*same)->id != id) return Status::Conflict("name: a segment called \"" + name + "\" already exists");
  SegmentFilter f = filter;
  domain::NormaliseFilter(f);
  std::string before = FilterToJson((*cur)->filter), after = FilterToJson(f);
  CORRIDOR_RETURN_IF_ERROR(c_.Exec("UPDATE segments SET name = ?, description = ?, filter_json = ? WHERE workspace_id = ? AND id = ?",
                                   {name, strings::Trim(description), after, ws, id})
                               .status());
  AuditStore audit(c_);
  if ((*cur)->name != name) CORRIDOR_RETURN_IF_ERROR(audit.Record(who, ws, kEntity, id, "update", "name", (*cur)->name, name));
  if ((*cur)->description != strings::Trim(description))
    CORRIDOR_RETURN_IF_ERROR(
        audit.Record(who, ws, kEntity, id, "update", "description", (*cur)->description, strings::Trim(description)));
  if (before != after) CORRIDOR_RETURN_IF_ERROR(audit.Record(who, ws, kEntity, id, "update", "filter", before, after));
  return Status::Ok();
}

Status SegmentStore::Delete(int64_t ws, int64_t id, const Actor& who) {
  auto cur = Get(ws, id);
  if (!cur.ok()) return cur.status();
  if (!*cur) return Status::NotFound("no segment " + std::to_string(id));
  CORRIDOR_RETURN_IF_ERROR(c_.Exec("DELETE FROM segments WHERE workspace_id = ? AND id = ?", {ws, id}).status());
  return AuditStore(c_).Record(who, ws, kEntity, id, "delete", "name", (*cur)->name, "");
}

}  // namespace corridor::storage
