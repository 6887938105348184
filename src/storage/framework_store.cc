#include "storage/framework_store.h"

#include <nlohmann/json.hpp>

#include "core/dates.h"
#include "core/strings.h"

namespace corridor::storage {

using domain::Framework;
using nlohmann::json;

namespace {

Result<Framework> ToFramework(const Row& r) {
  Framework f;
  f.id = r.Int("id");
  f.workspace_id = r.Int("workspace_id");
  f.key = r.Text("key");
  f.name = r.Text("name");
  f.description = r.Text("description");
  f.builtin = r.Int("builtin") != 0;
  f.version = r.Int("version");
  CORRIDOR_ASSIGN_OR_RETURN(f.dimensions, DimensionsFromJson(r.Text("dimensions_json")));
  CORRIDOR_ASSIGN_OR_RETURN(f.scale, ScaleFromJson(r.Text("scale_json")));
  return f;
}

std::string Str(const json& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

// The audit keeps what people read in the history: names and levels, not the stored JSON.
std::string DimensionsText(const std::vector<domain::Dimension>& dims) {
  std::string out;
  for (const auto& d : dims) out += (out.empty() ? "" : "; ") + d.name + (d.layer.empty() || d.layer == d.name ? "" : " (" + d.layer + ")");
  return out;
}

std::string ScaleText(const domain::Scale& s) {
  if (s.Numeric()) return "numeric " + domain::FormatValue(s.min) + " to " + domain::FormatValue(s.max);
  std::string out;
  for (const auto& l : s.levels) out += (out.empty() ? "" : ", ") + std::to_string(l.value) + " = " + l.label;
  return out;
}

}  // namespace

std::string DimensionsToJson(const std::vector<domain::Dimension>& dims) {
  json a = json::array();
  for (const auto& d : dims)
    a.push_back({{"key", d.key}, {"name", d.name}, {"description", d.description}, {"layer", d.layer}});
  return a.dump();
}

std::string ScaleToJson(const domain::Scale& s) {
  if (s.Numeric()) return json{{"min", s.min}, {"max", s.max}}.dump();
  json levels = json::array();
  for (const auto& l : s.levels) levels.push_back({{"value", l.value}, {"label", l.label}, {"meaning", l.meaning}});
  return json{{"levels", levels}}.dump();
}

Result<std::vector<domain::Dimension>> DimensionsFromJson(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_array()) return Status::Invalid("dimensions: not a JSON list");
  std::vector<domain::Dimension> out;
  for (const auto& d : j) {
    if (!d.is_object()) return Status::Invalid("dimensions: each entry is an object");
    out.push_back({Str(d, "key"), Str(d, "name"), Str(d, "description"), Str(d, "layer")});
  }
  return out;
}

Result<domain::Scale> ScaleFromJson(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Status::Invalid("scale: not a JSON object");
  domain::Scale s;
  if (j.contains("levels")) {
    if (!j["levels"].is_array()) return Status::Invalid("scale: levels must be a list");
    for (const auto& l : j["levels"]) {
      if (!l.is_object() || !l.contains("value") || !l["value"].is_number_integer())
        return Status::Invalid("scale: each level needs a whole-number value");
      s.levels.push_back({l["value"].get<int>(), Str(l, "label"), Str(l, "meaning")});
    }
  } else {
    if (!j.contains("min") || !j.contains("max") || !j["min"].is_number() || !j["max"].is_number())
      return Status::Invalid("scale: give levels, or min and max");
    s.min = j["min"].get<double>();
    s.max = j["max"].get<double>();
  }
  return s;
}

Result<int> FrameworkStore::EnsureBuiltins(int64_t ws, const Actor& who) {
  int n = 0;
  for (Framework f : domain::BuiltinFrameworks()) {
    auto have = c_.Scalar("SELECT id FROM scoreboard_frameworks WHERE workspace_id = ? AND key = ?", {ws, f.key});
    if (!have.ok()) return have.status();
    if (*have) continue;
    f.workspace_id = ws;
    auto id = Create(f, who);
    if (!id.ok()) return id.status();
    ++n;
  }
  return n;
}

Result<std::vector<Framework>> FrameworkStore::List(int64_t ws) {
  auto rows = c_.Query("SELECT * FROM scoreboard_frameworks WHERE workspace_id = ? ORDER BY builtin DESC, LOWER(name), id", {ws});
  if (!rows.ok()) return rows.status();
  std::vector<Framework> out;
  for (const Row& r : *rows) {
    CORRIDOR_ASSIGN_OR_RETURN(auto f, ToFramework(r));
    out.push_back(std::move(f));
  }
  return out;
}

Result<std::optional<Framework>> FrameworkStore::Get(int64_t ws, int64_t id) {
  auto rows = c_.Query("SELECT * FROM scoreboard_frameworks WHERE workspace_id = ? AND id = ?", {ws, id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<Framework>();
  CORRIDOR_ASSIGN_OR_RETURN(auto f, ToFramework((*rows)[0]));
  return std::optional<Framework>(std::move(f));
}

Result<std::optional<Framework>> FrameworkStore::Find(int64_t ws, const std::string& ref) {
  std::string t = strings::Trim(ref);
  auto rows = c_.Query(
      "SELECT * FROM scoreboard_frameworks WHERE workspace_id = ? AND (key = ? OR LOWER(name) = LOWER(?)) "
      "ORDER BY CASE WHEN key = ? THEN 0 ELSE 1 END, id LIMIT 1",
      {ws, strings::ToLower(t), t, strings::ToLower(t)});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<Framework>();
  CORRIDOR_ASSIGN_OR_RETURN(auto f, ToFramework((*rows)[0]));
  return std::optional<Framework>(std::move(f));
}

Result<int64_t> FrameworkStore::Create(Framework f, const Actor& who) {
  f.key = strings::Trim(f.key);
  f.name = strings::Trim(f.name);
  CORRIDOR_RETURN_IF_ERROR(domain::ValidateFramework(f));
  auto same = c_.Scalar("SELECT id FROM scoreboard_frameworks WHERE workspace_id = ? AND key = ?", {f.workspace_id, f.key});
  if (!same.ok()) return same.status();
  if (*same) return Status::Conflict("key: a framework \"" + f.key + "\" already exists");
  std::string dims = DimensionsToJson(f.dimensions), scale = ScaleToJson(f.scale);
  auto rows = c_.Query(
      "INSERT INTO scoreboard_frameworks(workspace_id, key, name, description, builtin, dimensions_json, scale_json, "
      "version, created_at) VALUES (?,?,?,?,?,?,?,1,?) RETURNING id",
      {f.workspace_id, f.key, f.name, f.description, int64_t{f.builtin ? 1 : 0}, dims, scale, dates::NowIso()});
  if (!rows.ok()) return rows.status();
  int64_t id = (*rows)[0].Int(0);
  AuditStore audit(c_);
  CORRIDOR_RETURN_IF_ERROR(audit.Record(who, f.workspace_id, kFrameworkEntity, id, "create", "key", "", f.key, 1));
  CORRIDOR_RETURN_IF_ERROR(audit.Record(who, f.workspace_id, kFrameworkEntity, id, "create", "dimensions", "",
                                        DimensionsText(f.dimensions), 1));
  CORRIDOR_RETURN_IF_ERROR(audit.Record(who, f.workspace_id, kFrameworkEntity, id, "create", "scale", "", ScaleText(f.scale), 1));
  return id;
}

Result<std::pair<int64_t, int64_t>> FrameworkStore::RoundCounts(int64_t ws, int64_t id) {
  auto rows = c_.Query(
      "SELECT COUNT(*), COALESCE(SUM(CASE WHEN status = 'closed' THEN 1 ELSE 0 END), 0) FROM scoreboard_rounds "
      "WHERE workspace_id = ? AND framework_id = ?",
      {ws, id});
  if (!rows.ok()) return rows.status();
  return std::make_pair((*rows)[0].Int(0), (*rows)[0].Int(1));
}

Status FrameworkStore::Update(const Framework& in, const Actor& who) {
  auto cur = Get(in.workspace_id, in.id);
  if (!cur.ok()) return cur.status();
  if (!*cur) return Status::NotFound("no framework " + std::to_string(in.id));
  Framework f = in;
  f.key = (*cur)->key;  // the key is fixed: rounds and exports name it
  f.name = strings::Trim(f.name);
  CORRIDOR_RETURN_IF_ERROR(domain::ValidateFramework(f));
  CORRIDOR_ASSIGN_OR_RETURN(auto counts, RoundCounts(f.workspace_id, f.id));
  if (counts.second > 0)
    return Status::Conflict("framework \"" + (*cur)->name + "\" is used by " + std::to_string(counts.second) +
                            " closed round(s) and can no longer change; create a new framework instead");
  if (in.version != 0 && in.version != (*cur)->version)
    return Status::Conflict("framework \"" + (*cur)->name + "\" was changed by someone else since you opened it; reload");
  std::string dims = DimensionsToJson(f.dimensions), scale = ScaleToJson(f.scale);
  std::string old_dims = DimensionsToJson((*cur)->dimensions), old_scale = ScaleToJson((*cur)->scale);
  if (f.name == (*cur)->name && f.description == (*cur)->description && dims == old_dims && scale == old_scale)
    return Status::Ok();
  // An open round's scores must stay valid: a dimension or level they use cannot go.
  auto used = c_.Query(
      "SELECT DISTINCT s.dimension_key, s.value FROM scoreboard_scores s JOIN scoreboard_rounds r ON r.id = s.round_id "
      "WHERE r.workspace_id = ? AND r.framework_id = ?",
      {f.workspace_id, f.id});
  if (!used.ok()) return used.status();
  for (const Row& r : *used) {
    domain::Score probe;
    probe.dimension_key = r.Text(0);
    probe.value = r.Real(1);
    if (!domain::FindDimension(f, probe.dimension_key))
      return Status::Conflict("dimensions: \"" + probe.dimension_key + "\" holds scores in an open round; it cannot be removed");
    bool on_scale = f.scale.Numeric() ? (probe.value >= f.scale.min && probe.value <= f.scale.max)
                                      : domain::FindLevel(f.scale, probe.value) != nullptr;
    if (!on_scale)
      return Status::Conflict("scale: the value " + domain::FormatValue(probe.value) +
                              " is used by scores in an open round; keep it on the scale");
  }
  int64_t v = (*cur)->version + 1;
  CORRIDOR_RETURN_IF_ERROR(c_.Exec("UPDATE scoreboard_frameworks SET name = ?, description = ?, dimensions_json = ?, "
                                   "scale_json = ?, version = ? WHERE workspace_id = ? AND id = ?",
                                   {f.name, f.description, dims, scale, v, f.workspace_id, f.id})
                               .status());
  AuditStore audit(c_);
  if (f.name != (*cur)->name)
    CORRIDOR_RETURN_IF_ERROR(audit.Record(who, f.workspace_id, kFrameworkEntity, f.id, "update", "name", (*cur)->name, f.name, v));
  if (f.description != (*cur)->description)
    CORRIDOR_RETURN_IF_ERROR(audit.Record(who, f.workspace_id, kFrameworkEntity, f.id, "update", "description",
                                          (*cur)->description, f.description, v));
  if (dims != old_dims)
    CORRIDOR_RETURN_IF_ERROR(audit.Record(who, f.workspace_id, kFrameworkEntity, f.id, "update", "dimensions",
                                          DimensionsText((*cur)->dimensions), DimensionsText(f.dimensions), v));
  if (scale != old_scale)
    CORRIDOR_RETURN_IF_ERROR(audit.Record(who, f.workspace_id, kFrameworkEntity, f.id, "update", "scale",
                                          ScaleText((*cur)->scale), ScaleText(f.scale), v));
  return Status::Ok();
}

Status FrameworkStore::Delete(int64_t ws, int64_t id, const Actor& who) {
  auto cur = Get(ws, id);
  if (!cur.ok()) return cur.status();
  if (!*cur) return Status::NotFound("no framework " + std::to_string(id));
  CORRIDOR_ASSIGN_OR_RETURN(auto counts, RoundCounts(ws, id));
  if (counts.first > 0)
    return Status::Conflict("framework \"" + (*cur)->name + "\" is used by " + std::to_string(counts.first) + " round(s)");
  CORRIDOR_RETURN_IF_ERROR(c_.Exec("DELETE FROM scoreboard_frameworks WHERE workspace_id = ? AND id = ?", {ws, id}).status());
  return AuditStore(c_).Record(who, ws, kFrameworkEntity, id, "delete", "key", (*cur)->key, "");
}

}  // namespace corridor::storage
