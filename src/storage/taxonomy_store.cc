#include "storage/taxonomy_store.h"

#include <cctype>

#include "core/strings.h"

namespace corridor::storage {

using domain::TaxonomyKind;

namespace {
std::optional<TaxonomyKind> ParseKind(const std::string& k) {
  for (auto kind : {TaxonomyKind::kType, TaxonomyKind::kSector, TaxonomyKind::kPhase})
    if (domain::TaxonomyKindKey(kind) == k) return kind;
  return std::nullopt;
}
}  // namespace

Status TaxonomyStore::EnsureDefaults(int64_t ws) {
  auto n = c_.Scalar("SELECT COUNT(*) FROM stakeholder_taxonomy WHERE workspace_id = ?", {ws});
  if (!n.ok()) return n.status();
  if (std::get<int64_t>(**n) > 0) return Status::Ok();
  int pos = 0;
  for (const auto& e : domain::DefaultTaxonomy()) {
    // ON CONFLICT: two requests seeding at once both succeed.
    auto r = c_.Exec(
        "INSERT INTO stakeholder_taxonomy(workspace_id, kind, key, label, position) VALUES (?,?,?,?,?) "
        "ON CONFLICT(workspace_id, kind, key) DO NOTHING",
        {ws, domain::TaxonomyKindKey(e.kind), e.key, e.label, int64_t{pos++}});
    if (!r.ok()) return r.status();
  }
  return Status::Ok();
}

Result<std::vector<TaxonomyRow>> TaxonomyStore::List(int64_t ws, bool include_retired) {
  CORRIDOR_RETURN_IF_ERROR(EnsureDefaults(ws));
  auto rows = c_.Query(std::string("SELECT kind, key, label, position, retired FROM stakeholder_taxonomy "
                                   "WHERE workspace_id = ?") +
                           (include_retired ? "" : " AND retired = 0") + " ORDER BY position, id",
                       {ws});
  if (!rows.ok()) return rows.status();
  std::vector<TaxonomyRow> out;
  for (const Row& r : *rows) {
    auto kind = ParseKind(r.Text(0));
    if (!kind) continue;
    out.push_back({{*kind, r.Text(1), r.Text(2)}, static_cast<int>(r.Int(3)), r.Int(4) != 0});
  }
  return out;
}

Status TaxonomyStore::Save(int64_t ws, TaxonomyKind kind, const std::string& key_in, const std::string& label_in,
                           bool retired, const Actor& who) {
  std::string key = strings::ToLower(strings::Trim(key_in)), label = strings::Trim(label_in);
  if (key.empty() || key.size() > 64) return Status::Invalid("key: 1 to 64 characters");
  for (char c : key)
    if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '-'))
      return Status::Invalid("key: lower-case letters, digits and hyphens only");
  if (label.empty() || label.size() > 200) return Status::Invalid("label: 1 to 200 characters");
  CORRIDOR_RETURN_IF_ERROR(EnsureDefaults(ws));
  std::string k = domain::TaxonomyKindKey(kind);
  auto cur = c_.Query("SELECT id, label, retired FROM stakeholder_taxonomy WHERE workspace_id = ? AND kind = ? AND key = ?",
                      {ws, k, key});
  if (!cur.ok()) return cur.status();
  AuditStore audit(c_);
  if (cur->empty()) {
    auto pos = c_.Scalar("SELECT COALESCE(MAX(position), 0) + 1 FROM stakeholder_taxonomy WHERE workspace_id = ?", {ws});
    if (!pos.ok()) return pos.status();
    auto r = c_.Query(
        "INSERT INTO stakeholder_taxonomy(workspace_id, kind, key, label, position, retired) VALUES (?,?,?,?,?,?) RETURNING id",
        {ws, k, key, label, std::get<int64_t>(**pos), int64_t{retired}});
    if (!r.ok()) return r.status();
    return audit.Record(who, ws, "taxonomy", (*r)[0].Int(0), "create", k, "", key + " = " + label);
  }
  const Row& row = (*cur)[0];
  int64_t id = row.Int(0);
  if (row.Text(1) != label) {
    auto r = c_.Exec("UPDATE stakeholder_taxonomy SET label = ? WHERE id = ?", {label, id});
    if (!r.ok()) return r.status();
    CORRIDOR_RETURN_IF_ERROR(audit.Record(who, ws, "taxonomy", id, "update", k + ":" + key, row.Text(1), label));
  }
  if ((row.Int(2) != 0) != retired) {
    auto r = c_.Exec("UPDATE stakeholder_taxonomy SET retired = ? WHERE id = ?", {int64_t{retired}, id});
    if (!r.ok()) return r.status();
    CORRIDOR_RETURN_IF_ERROR(audit.Record(who, ws, "taxonomy", id, retired ? "retire" : "restore", k + ":" + key));
  }
  return Status::Ok();
}

std::string TaxonomyStore::LabelOf(const std::vector<TaxonomyRow>& rows, TaxonomyKind kind, const std::string& key) {
  for (const auto& r : rows)
    if (r.entry.kind == kind && r.entry.key == key) return r.entry.label;
  return "";
}

bool TaxonomyStore::Has(const std::vector<TaxonomyRow>& rows, TaxonomyKind kind, const std::string& key) {
  for (const auto& r : rows)
    if (r.entry.kind == kind && r.entry.key == key && !r.retired) return true;
  return false;
}

}  // namespace corridor::storage
