#include "storage/indicator_store.h"

#include <map>

#include "core/dates.h"
#include "core/strings.h"

namespace corridor::storage {

namespace {

constexpr const char* kIndicatorSelect =
    "SELECT i.id, i.workspace_id, i.dataset_id, i.code, i.label, i.unit, i.direction, "
    "(SELECT COUNT(*) FROM indicator_values v WHERE v.indicator_id = i.id) AS value_count, "
    "(SELECT COUNT(DISTINCT v.region_code) FROM indicator_values v WHERE v.indicator_id = i.id) AS region_count, "
    "(SELECT MIN(v.year) FROM indicator_values v WHERE v.indicator_id = i.id) AS min_year, "
    "(SELECT MAX(v.year) FROM indicator_values v WHERE v.indicator_id = i.id) AS max_year "
    "FROM indicators i ";

Indicator ToIndicator(const Row& r) {
  Indicator i;
  i.id = r.Int("id");
  i.workspace_id = r.Int("workspace_id");
  i.dataset_id = r.Int("dataset_id");
  i.code = r.Text("code");
  i.label = r.Text("label");
  i.unit = r.Text("unit");
  i.direction = static_cast<int>(r.Int("direction"));
  i.value_count = r.Int("value_count");
  i.region_count = r.Int("region_count");
  i.min_year = static_cast<int>(r.Int("min_year"));
  i.max_year = static_cast<int>(r.Int("max_year"));
  return i;
}

IndicatorDataset ToDataset(const Row& r) {
  IndicatorDataset d;
  d.id = r.Int("id");
  d.workspace_id = r.Int("workspace_id");
  d.name = r.Text("name");
  d.source = r.Text("source");
  d.format = r.Text("format");
  d.file_name = r.Text("file_name");
  d.report = r.Text("report");
  d.value_count = r.Int("value_count");
  d.imported_by = r.Text("imported_by");
  d.imported_at = r.Text("imported_at");
  return d;
}

std::string Placeholders(size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) s += i ? ",?" : "?";
  return s;
}

}  // namespace

Result<int64_t> IndicatorStore::CreateDataset(IndicatorDataset& d, const Actor& who) {
  d.name = strings::Trim(d.name);
  if (d.name.empty()) return Status::Invalid("name: required");
  if (d.name.size() > 200) return Status::Invalid("name: at most 200 characters");
  CORRIDOR_ASSIGN_OR_RETURN(auto existing, c_.Scalar("SELECT id FROM indicator_datasets WHERE workspace_id = ? AND name = ?",
                                                     {d.workspace_id, d.name}));
  if (existing) return Status::Conflict("name: a dataset \"" + d.name + "\" already exists in this workspace");
  d.imported_at = dates::NowIso();
  d.imported_by = who.name;
  CORRIDOR_ASSIGN_OR_RETURN(
      Rows rows, c_.Query("INSERT INTO indicator_datasets(workspace_id, name, source, format, file_name, report, "
                          "value_count, imported_by, imported_at) VALUES (?,?,?,?,?,?,?,?,?) RETURNING id",
                          {d.workspace_id, d.name, d.source, d.format, d.file_name, d.report, d.value_count,
                           d.imported_by, d.imported_at}));
  d.id = rows[0].Int(0);
  CORRIDOR_RETURN_IF_ERROR(AuditStore(c_).Record(who, d.workspace_id, kIndicatorDatasetEntity, d.id, "import", "", "",
                                                 d.name + " (" + d.file_name + ")", 1));
  return d.id;
}

Result<int64_t> IndicatorStore::CreateIndicator(Indicator& i, const Actor& who) {
  i.code = strings::Trim(i.code);
  if (i.code.empty()) return Status::Invalid("indicator: a code is required");
  if (i.code.size() > 100) return Status::Invalid("indicator " + i.code.substr(0, 40) + "...: at most 100 characters");
  if (i.direction != 1 && i.direction != -1) return Status::Invalid("direction of " + i.code + ": +1 or -1");
  CORRIDOR_ASSIGN_OR_RETURN(Rows existing,
                            c_.Query("SELECT d.name FROM indicators i JOIN indicator_datasets d ON d.id = i.dataset_id "
                                     "WHERE i.workspace_id = ? AND i.code = ?",
                                     {i.workspace_id, i.code}));
  if (!existing.empty())
    return Status::Conflict("indicator " + i.code + " is already in dataset \"" + existing[0].Text(0) +
                            "\": delete that dataset first, or import with replace");
  CORRIDOR_ASSIGN_OR_RETURN(
      Rows rows, c_.Query("INSERT INTO indicators(workspace_id, dataset_id, code, label, unit, direction) "
                          "VALUES (?,?,?,?,?,?) RETURNING id",
                          {i.workspace_id, i.dataset_id, i.code, i.label, i.unit, int64_t{i.direction}}));
  i.id = rows[0].Int(0);
  CORRIDOR_RETURN_IF_ERROR(
      AuditStore(c_).Record(who, i.workspace_id, kIndicatorEntity, i.id, "create", "code", "", i.code, 1));
  return i.id;
}

Status IndicatorStore::InsertValues(const std::vector<IndicatorValue>& values) {
  if (values.empty()) return Status::Ok();
  CORRIDOR_ASSIGN_OR_RETURN(auto stmt, c_.Prepare("INSERT INTO indicator_values(indicator_id, region_code, year, value, "
                                                  "original_code) VALUES (?,?,?,?,?)"));
  for (const IndicatorValue& v : values) {
    Status st = stmt->Run({v.indicator_id, v.region_code, int64_t{v.year}, v.value, v.original_code});
    if (!st.ok())
      return st.WithContext("value of " + v.region_code + " in " + std::to_string(v.year) + ": ");
  }
  return Status::Ok();
}

Status IndicatorStore::SetDatasetValueCount(int64_t dataset_id, int64_t count) {
  return c_.Exec("UPDATE indicator_datasets SET value_count = ? WHERE id = ?", {count, dataset_id}).status();
}

Status IndicatorStore::DeleteDataset(int64_t workspace_id, int64_t dataset_id, const Actor& who) {
  CORRIDOR_ASSIGN_OR_RETURN(auto d, GetDataset(workspace_id, dataset_id));
  if (!d) return Status::NotFound("no dataset #" + std::to_string(dataset_id) + " in this workspace");
  // Values and indicators first: foreign-key cascades are not relied on (SQLite needs a pragma).
  CORRIDOR_RETURN_IF_ERROR(c_.Exec("DELETE FROM indicator_values WHERE indicator_id IN (SELECT id FROM indicators "
                                   "WHERE dataset_id = ?)",
                                   {dataset_id})
                               .status());
  CORRIDOR_RETURN_IF_ERROR(c_.Exec("DELETE FROM indicators WHERE dataset_id = ?", {dataset_id}).status());
  CORRIDOR_RETURN_IF_ERROR(c_.Exec("DELETE FROM indicator_datasets WHERE id = ?", {dataset_id}).status());
  return AuditStore(c_).Record(who, workspace_id, kIndicatorDatasetEntity, dataset_id, "delete", "", d->name,
                               std::to_string(d->value_count) + " values removed");
}

Status IndicatorStore::DeleteIndicator(int64_t workspace_id, int64_t indicator_id, const Actor& who) {
  CORRIDOR_ASSIGN_OR_RETURN(auto code, c_.Scalar("SELECT code FROM indicators WHERE id = ? AND workspace_id = ?",
                                                 {indicator_id, workspace_id}));
  if (!code) return Status::NotFound("no indicator #" + std::to_string(indicator_id) + " in this workspace");
  CORRIDOR_RETURN_IF_ERROR(c_.Exec("DELETE FROM indicator_values WHERE indicator_id = ?", {indicator_id}).status());
  CORRIDOR_RETURN_IF_ERROR(c_.Exec("DELETE FROM indicators WHERE id = ?", {indicator_id}).status());
  return AuditStore(c_).Record(who, workspace_id, kIndicatorEntity, indicator_id, "delete", "code",
                               std::get<std::string>(*code), "");
}

Status IndicatorStore::UpdateIndicator(const Indicator& i, const Actor& who) {
  if (i.direction != 1 && i.direction != -1) return Status::Invalid("direction: +1 or -1");
  CORRIDOR_ASSIGN_OR_RETURN(Rows rows, c_.Query("SELECT label, unit, direction FROM indicators WHERE id = ? AND workspace_id = ?",
                                                {i.id, i.workspace_id}));
  if (rows.empty()) return Status::NotFound("no indicator #" + std::to_string(i.id) + " in this workspace");
  std::string label = strings::Trim(i.label), unit = strings::Trim(i.unit);
  if (label.size() > 300) return Status::Invalid("label: at most 300 characters");
  AuditStore audit(c_);
  if (rows[0].Text(0) != label)
    CORRIDOR_RETURN_IF_ERROR(audit.Record(who, i.workspace_id, kIndicatorEntity, i.id, "update", "label", rows[0].Text(0), label));
  if (rows[0].Text(1) != unit)
    CORRIDOR_RETURN_IF_ERROR(audit.Record(who, i.workspace_id, kIndicatorEntity, i.id, "update", "unit", rows[0].Text(1), unit));
  if (rows[0].Int(2) != i.direction)
    CORRIDOR_RETURN_IF_ERROR(audit.Record(who, i.workspace_id, kIndicatorEntity, i.id, "update", "direction",
                                          std::to_string(rows[0].Int(2)), std::to_string(i.direction)));
  return c_.Exec("UPDATE indicators SET label = ?, unit = ?, direction = ? WHERE id = ?",
                 {label, unit, int64_t{i.direction}, i.id})
      .status();
}

Result<std::vector<Indicator>> IndicatorStore::ListIndicators(int64_t workspace_id) {
  CORRIDOR_ASSIGN_OR_RETURN(Rows rows, c_.Query(std::string(kIndicatorSelect) + "WHERE i.workspace_id = ? ORDER BY i.code",
                                                {workspace_id}));
  std::vector<Indicator> out;
  for (const Row& r : rows) out.push_back(ToIndicator(r));
  return out;
}

Result<std::optional<Indicator>> IndicatorStore::FindIndicator(int64_t workspace_id, const std::string& code) {
  CORRIDOR_ASSIGN_OR_RETURN(Rows rows, c_.Query(std::string(kIndicatorSelect) + "WHERE i.workspace_id = ? AND i.code = ?",
                                                {workspace_id, strings::Trim(code)}));
  if (rows.empty()) return std::optional<Indicator>();
  return std::optional(ToIndicator(rows[0]));
}

Result<std::vector<IndicatorDataset>> IndicatorStore::ListDatasets(int64_t workspace_id) {
  CORRIDOR_ASSIGN_OR_RETURN(Rows rows, c_.Query("SELECT * FROM indicator_datasets WHERE workspace_id = ? ORDER BY imported_at DESC, id DESC",
                                                {workspace_id}));
  CORRIDOR_ASSIGN_OR_RETURN(auto indicators, ListIndicators(workspace_id));
  std::vector<IndicatorDataset> out;
  std::map<int64_t, size_t> index;
  for (const Row& r : rows) {
    index[r.Int("id")] = out.size();
    out.push_back(ToDataset(r));
  }
  for (auto& i : indicators) {
    auto it = index.find(i.dataset_id);
    if (it != index.end()) out[it->second].indicators.push_back(std::move(i));
  }
  return out;
}

Result<std::optional<IndicatorDataset>> IndicatorStore::GetDataset(int64_t workspace_id, int64_t dataset_id) {
  CORRIDOR_ASSIGN_OR_RETURN(Rows rows, c_.Query("SELECT * FROM indicator_datasets WHERE workspace_id = ? AND id = ?",
                                                {workspace_id, dataset_id}));
  if (rows.empty()) return std::optional<IndicatorDataset>();
  IndicatorDataset d = ToDataset(rows[0]);
  CORRIDOR_ASSIGN_OR_RETURN(Rows irows, c_.Query(std::string(kIndicatorSelect) + "WHERE i.dataset_id = ? ORDER BY i.code",
                                                 {dataset_id}));
  for (const Row& r : irows) d.indicators.push_back(ToIndicator(r));
  return std::optional(std::move(d));
}

Result<std::vector<IndicatorValue>> IndicatorStore::Values(int64_t workspace_id, const std::vector<int64_t>& indicator_ids,
                                                           const std::vector<std::string>& region_codes, int year_from,
                                                           int year_to) {
  std::string sql =
      "SELECT v.indicator_id, v.region_code, v.year, v.value, v.original_code FROM indicator_values v "
      "JOIN indicators i ON i.id = v.indicator_id WHERE i.workspace_id = ? AND v.year >= ? AND v.year <= ?";
  Params params = {workspace_id, int64_t{year_from}, int64_t{year_to}};
  if (!indicator_ids.empty()) {
    sql += " AND v.indicator_id IN (" + Placeholders(indicator_ids.size()) + ")";
    for (int64_t id : indicator_ids) params.push_back(id);
  }
  // Many regions (all of a NUTS level) are filtered here rather than in a long IN list.
  std::vector<std::string> regions = region_codes;
  bool filter_in_sql = !regions.empty() && regions.size() <= 200;
  if (filter_in_sql) {
    sql += " AND v.region_code IN (" + Placeholders(regions.size()) + ")";
    for (const auto& r : regions) params.push_back(r);
  }
  sql += " ORDER BY v.indicator_id, v.region_code, v.year";
  CORRIDOR_ASSIGN_OR_RETURN(Rows rows, c_.Query(sql, params));
  std::vector<IndicatorValue> out;
  std::map<std::string, bool> wanted;
  for (const auto& r : regions) wanted[r] = true;
  for (const Row& r : rows) {
    IndicatorValue v;
    v.indicator_id = r.Int(0);
    v.region_code = r.Text(1);
    if (!regions.empty() && !filter_in_sql && !wanted.count(v.region_code)) continue;
    v.year = static_cast<int>(r.Int(2));
    v.value = r.Real(3);
    v.original_code = r.Text(4);
    out.push_back(std::move(v));
  }
  return out;
}

Result<std::vector<int>> IndicatorStore::Years(int64_t workspace_id) {
  CORRIDOR_ASSIGN_OR_RETURN(Rows rows, c_.Query("SELECT DISTINCT v.year FROM indicator_values v JOIN indicators i ON "
                                                "i.id = v.indicator_id WHERE i.workspace_id = ? ORDER BY v.year",
                                                {workspace_id}));
  std::vector<int> out;
  for (const Row& r : rows) out.push_back(static_cast<int>(r.Int(0)));
  return out;
}

}  // namespace corridor::storage
