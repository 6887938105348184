#include "storage/audit_store.h"

#include "core/dates.h"

namespace corridor::storage {

Status AuditStore::Record(const Actor& who, int64_t ws, const std::string& entity, int64_t entity_id,
                          const std::string& action, const std::string& field, const std::string& old_value,
                          const std::string& new_value, int64_t entity_version) {
  auto r = c_.Exec(
      "INSERT INTO audit_log(at, user_id, user_name, workspace_id, entity, entity_id, action, field, old_value, "
      "new_value, entity_version) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
      {dates::NowIso(), who.user_id ? Value(who.user_id) : Value(), who.name, ws ? Value(ws) : Value(), entity,
       entity_id, action, field, old_value, new_value, entity_version ? Value(entity_version) : Value()});
  return r.ok() ? Status::Ok() : r.status();
}

namespace {
Result<std::vector<AuditEntry>> ToEntries(Result<Rows> rows) {
  if (!rows.ok()) return rows.status();
  std::vector<AuditEntry> out;
  for (const Row& r : *rows) {
    AuditEntry e;
    e.id = r.Int("id");
    e.at = r.Text("at");
    e.user_id = r.Int("user_id");
    e.user_name = r.Text("user_name");
    e.workspace_id = r.Int("workspace_id");
    e.entity = r.Text("entity");
    e.entity_id = r.Int("entity_id");
    e.action = r.Text("action");
    e.field = r.Text("field");
    e.old_value = r.Text("old_value");
    e.new_value = r.Text("new_value");
    e.entity_version = r.Int("entity_version");
    out.push_back(std::move(e));
  }
  return out;
}
}  // namespace

Result<std::vector<AuditEntry>> AuditStore::ForEntity(const std::string& entity, int64_t id, int limit) {
  return ToEntries(c_.Query("SELECT * FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY id DESC LIMIT ?",
                            {entity, id, int64_t{limit}}));
}

Result<std::vector<AuditEntry>> AuditStore::SinceVersion(const std::string& entity, int64_t id, int64_t version) {
  return ToEntries(c_.Query(
      "SELECT * FROM audit_log WHERE entity = ? AND entity_id = ? AND entity_version > ? ORDER BY id",
      {entity, id, version}));
}

Result<std::vector<AuditEntry>> AuditStore::ForWorkspace(int64_t ws, int limit) {
  return ToEntries(
      c_.Query("SELECT * FROM audit_log WHERE workspace_id = ? ORDER BY id DESC LIMIT ?", {ws, int64_t{limit}}));
}

}  // namespace corridor::storage
