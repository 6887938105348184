#include "storage/engagement_matrix_store.h"

#include <algorithm>

#include "core/strings.h"
#include "storage/segment_store.h"

namespace corridor::storage {

using domain::EngagementRow;

namespace {

constexpr const char* kEntity = "engagement";

std::vector<std::string> Keys(const std::string& s) {
  std::vector<std::string> out;
  for (auto& k : strings::Split(s, ',')) {
    std::string t = strings::Trim(k);
    if (!t.empty()) out.push_back(t);
  }
  return out;
}

EngagementRow ToRow(const Row& r) {
  EngagementRow e;
  e.id = r.Int("id");
  e.group_label = r.Text("group_label");
  e.type_keys = Keys(r.Text("type_keys"));
  e.expected_role = r.Text("expected_role");
  e.value_proposition = r.Text("value_proposition");
  e.objectives = r.Text("objectives");
  e.position = static_cast<int>(r.Int("position"));
  return e;
}

}  // namespace

Result<int> EngagementMatrixStore::EnsureDefaults(int64_t ws, const Actor& who) {
  auto have = c_.Scalar("SELECT COUNT(*) FROM engagement_matrix WHERE workspace_id = ?", {ws});
  if (!have.ok()) return have.status();
  if (*have && std::get<int64_t>(**have) > 0) return 0;
  CORRIDOR_ASSIGN_OR_RETURN(auto taxonomy, WorkspaceTaxonomy(c_, ws));
  int n = 0;
  for (auto& row : domain::DefaultEngagementMatrix(taxonomy)) {
    auto id = c_.Query(
        "INSERT INTO engagement_matrix(workspace_id, group_label, type_keys, expected_role, value_proposition, "
        "objectives, position) VALUES (?,?,?,?,?,?,?) RETURNING id",
        {ws, row.group_label, strings::Join(row.type_keys, ","), row.expected_role, row.value_proposition,
         row.objectives, int64_t{row.position}});
    if (!id.ok()) return id.status();
    CORRIDOR_RETURN_IF_ERROR(
        AuditStore(c_).Record(who, ws, kEntity, (*id)[0].Int(0), "create-default", "group", "", row.group_label));
    ++n;
  }
  return n;
}

Result<std::vector<EngagementRow>> EngagementMatrixStore::List(int64_t ws) {
  auto rows = c_.Query("SELECT * FROM engagement_matrix WHERE workspace_id = ? ORDER BY position, id", {ws});
  if (!rows.ok()) return rows.status();
  std::vector<EngagementRow> out;
  for (const Row& r : *rows) out.push_back(ToRow(r));
  return out;
}

Result<std::optional<EngagementRow>> EngagementMatrixStore::ForType(int64_t ws, const std::string& type_key) {
  CORRIDOR_ASSIGN_OR_RETURN(auto rows, List(ws));
  for (auto& r : rows)
    if (std::find(r.type_keys.begin(), r.type_keys.end(), type_key) != r.type_keys.end())
      return std::optional<EngagementRow>(r);
  return std::optional<EngagementRow>();
}

Result<int64_t> EngagementMatrixStore::Save(int64_t ws, EngagementRow row, const Actor& who) {
  row.group_label = strings::Trim(row.group_label);
  row.expected_role = strings::Trim(row.expected_role);
  row.value_proposition = strings::Trim(row.value_proposition);
  row.objectives = strings::Trim(row.objectives);
  std::vector<std::string> keys;
  for (auto& k : row.type_keys) {
    std::string t = strings::ToLower(strings::Trim(k));
    if (!t.empty() && std::find(keys.begin(), keys.end(), t) == keys.end()) keys.push_back(t);
  }
  row.type_keys = keys;
  CORRIDOR_RETURN_IF_ERROR(domain::ValidateEngagementRow(row));
  AuditStore audit(c_);
  std::string types = strings::Join(row.type_keys, ",");
  if (row.id == 0) {
    auto pos = c_.Scalar("SELECT COALESCE(MAX(position), 0) + 1 FROM engagement_matrix WHERE workspace_id = ?", {ws});
    if (!pos.ok()) return pos.status();
    int64_t p = *pos ? std::get<int64_t>(**pos) : 1;
    auto id = c_.Query(
        "INSERT INTO engagement_matrix(workspace_id, group_label, type_keys, expected_role, value_proposition, "
        "objectives, position) VALUES (?,?,?,?,?,?,?) RETURNING id",
        {ws, row.group_label, types, row.expected_role, row.value_proposition, row.objectives, p});
    if (!id.ok()) return id.status();
    int64_t new_id = (*id)[0].Int(0);
    CORRIDOR_RETURN_IF_ERROR(audit.Record(who, ws, kEntity, new_id, "create", "group", "", row.group_label));
    return new_id;
  }
  auto cur_rows = c_.Query("SELECT * FROM engagement_matrix WHERE workspace_id = ? AND id = ?", {ws, row.id});
  if (!cur_rows.ok()) return cur_rows.status();
  if (cur_rows->empty()) return Status::NotFound("no engagement-matrix row " + std::to_string(row.id));
  EngagementRow cur = ToRow((*cur_rows)[0]);
  const std::tuple<const char*, std::string, std::string> fields[] = {
      {"group", cur.group_label, row.group_label},
      {"types", strings::Join(cur.type_keys, ","), types},
      {"expected_role", cur.expected_role, row.expected_role},
      {"value_proposition", cur.value_proposition, row.value_proposition},
      {"objectives", cur.objectives, row.objectives},
  };
  bool changed = false;
  for (auto& [field, before, after] : fields)
    if (before != after) {
      changed = true;
      CORRIDOR_RETURN_IF_ERROR(audit.Record(who, ws, kEntity, row.id, "update", field, before, after));
    }
  if (changed)
    CORRIDOR_RETURN_IF_ERROR(c_.Exec(
                                   "UPDATE engagement_matrix SET group_label = ?, type_keys = ?, expected_role = ?, "
                                   "value_proposition = ?, objectives = ? WHERE workspace_id = ? AND id = ?",
                                   {row.group_label, types, row.expected_role, row.value_proposition, row.objectives,
                                    ws, row.id})
                                 .status());
  return row.id;
}

Status EngagementMatrixStore::Delete(int64_t ws, int64_t id, const Actor& who) {
  auto cur = c_.Query("SELECT group_label FROM engagement_matrix WHERE workspace_id = ? AND id = ?", {ws, id});
  if (!cur.ok()) return cur.status();
  if (cur->empty()) return Status::NotFound("no engagement-matrix row " + std::to_string(id));
  CORRIDOR_RETURN_IF_ERROR(c_.Exec("DELETE FROM engagement_matrix WHERE workspace_id = ? AND id = ?", {ws, id}).status());
  return AuditStore(c_).Record(who, ws, kEntity, id, "delete", "group", (*cur)[0].Text(0), "");
}

}  // namespace corridor::storage
