#include "storage/workspace_store.h"

#include "core/dates.h"

namespace corridor::storage {

namespace {
domain::Workspace ToWorkspace(const Row& r) {
  domain::Workspace w;
  w.id = r.Int("id");
  w.slug = r.Text("slug");
  w.name = r.Text("name");
  w.acronym = r.Text("acronym");
  w.kind = r.Text("kind");
  w.grant_id = r.Text("grant_id");
  w.start_date = r.Text("start_date");
  w.description = r.Text("description");
  return w;
}

std::string PartnerLine(const domain::ConsortiumPartner& p) {
  return p.name + " [" + p.short_name + "; " + p.org_id + "; " + p.country + "]";
}
}  // namespace

Result<int64_t> WorkspaceStore::Create(const domain::Workspace& w, const Actor& who) {
  CORRIDOR_RETURN_IF_ERROR(domain::ValidateWorkspace(w));
  auto rows = c_.Query(
      "INSERT INTO workspaces(slug, name, acronym, kind, grant_id, start_date, description, created_at) "
      "VALUES (?,?,?,?,?,?,?,?) RETURNING id",
      {w.slug, w.name, w.acronym, w.kind.empty() ? "project" : w.kind, TextOrNull(w.grant_id),
       TextOrNull(w.start_date), w.description, dates::NowIso()});
  if (!rows.ok()) {
    if (rows.status().code() == ErrorCode::kConflict) return Status::Conflict("workspace " + w.slug + " exists");
    return rows.status();
  }
  int64_t id = (*rows)[0].Int(0);
  for (const auto& p : w.partners) {
    auto r = c_.Exec("INSERT INTO consortium_partners(workspace_id, name, short_name, org_id, country) VALUES (?,?,?,?,?)",
                     {id, p.name, p.short_name, p.org_id, p.country});
    if (!r.ok()) return r.status();
  }
  CORRIDOR_RETURN_IF_ERROR(AuditStore(c_).Record(who, id, "workspace", id, "create", "", "", w.acronym));
  return id;
}

Status WorkspaceStore::Update(const domain::Workspace& w, const Actor& who) {
  CORRIDOR_RETURN_IF_ERROR(domain::ValidateWorkspace(w));
  auto old = FindById(w.id);
  if (!old.ok()) return old.status();
  if (!*old) return Status::NotFound("no such workspace");
  AuditStore audit(c_);
  const domain::Workspace& o = **old;
  auto diff = [&](const char* field, const std::string& a, const std::string& b) -> Status {
    if (a == b) return Status::Ok();
    return audit.Record(who, w.id, "workspace", w.id, "update", field, a, b);
  };
  CORRIDOR_RETURN_IF_ERROR(diff("name", o.name, w.name));
  CORRIDOR_RETURN_IF_ERROR(diff("acronym", o.acronym, w.acronym));
  CORRIDOR_RETURN_IF_ERROR(diff("grant_id", o.grant_id, w.grant_id));
  CORRIDOR_RETURN_IF_ERROR(diff("start_date", o.start_date, w.start_date));
  CORRIDOR_RETURN_IF_ERROR(diff("description", o.description, w.description));
  auto r = c_.Exec("UPDATE workspaces SET name=?, acronym=?, kind=?, grant_id=?, start_date=?, description=? WHERE id=?",
                   {w.name, w.acronym, w.kind.empty() ? "project" : w.kind, TextOrNull(w.grant_id),
                    TextOrNull(w.start_date), w.description, w.id});
  if (!r.ok()) return r.status();
  std::string before, after;
  for (const auto& p : o.partners) before += PartnerLine(p) + "\n";
  for (const auto& p : w.partners) after += PartnerLine(p) + "\n";
  if (before != after) {
    auto d = c_.Exec("DELETE FROM consortium_partners WHERE workspace_id = ?", {w.id});
    if (!d.ok()) return d.status();
    for (const auto& p : w.partners) {
      auto ins = c_.Exec(
          "INSERT INTO consortium_partners(workspace_id, name, short_name, org_id, country) VALUES (?,?,?,?,?)",
          {w.id, p.name, p.short_name, p.org_id, p.country});
      if (!ins.ok()) return ins.status();
    }
    CORRIDOR_RETURN_IF_ERROR(diff("partners", before, after));
  }
  return Status::Ok();
}

Status WorkspaceStore::LoadPartners(domain::Workspace& w) {
  auto rows = c_.Query("SELECT * FROM consortium_partners WHERE workspace_id = ? ORDER BY id", {w.id});
  if (!rows.ok()) return rows.status();
  for (const Row& r : *rows)
    w.partners.push_back({r.Int("id"), r.Text("name"), r.Text("short_name"), r.Text("org_id"), r.Text("country")});
  return Status::Ok();
}

Result<std::optional<domain::Workspace>> WorkspaceStore::FindBySlug(const std::string& slug) {
  auto rows = c_.Query("SELECT * FROM workspaces WHERE slug = ?", {slug});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<domain::Workspace>();
  domain::Workspace w = ToWorkspace((*rows)[0]);
  CORRIDOR_RETURN_IF_ERROR(LoadPartners(w));
  return std::optional<domain::Workspace>(std::move(w));
}

Result<std::optional<domain::Workspace>> WorkspaceStore::FindById(int64_t id) {
  auto rows = c_.Query("SELECT * FROM workspaces WHERE id = ?", {id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<domain::Workspace>();
  domain::Workspace w = ToWorkspace((*rows)[0]);
  CORRIDOR_RETURN_IF_ERROR(LoadPartners(w));
  return std::optional<domain::Workspace>(std::move(w));
}

Result<std::vector<domain::Workspace>> WorkspaceStore::List() {
  auto rows = c_.Query("SELECT * FROM workspaces ORDER BY acronym");
  if (!rows.ok()) return rows.status();
  std::vector<domain::Workspace> out;
  for (const Row& r : *rows) out.push_back(ToWorkspace(r));
  return out;
}

Result<std::vector<domain::Workspace>> WorkspaceStore::ListForUser(int64_t user_id, bool site_admin) {
  if (site_admin) return List();
  auto rows = c_.Query(
      "SELECT w.* FROM workspaces w JOIN memberships m ON m.workspace_id = w.id WHERE m.user_id = ? ORDER BY w.acronym",
      {user_id});
  if (!rows.ok()) return rows.status();
  std::vector<domain::Workspace> out;
  for (const Row& r : *rows) out.push_back(ToWorkspace(r));
  return out;
}

}  // namespace corridor::storage
