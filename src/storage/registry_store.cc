#include "storage/registry_store.h"

#include <algorithm>
#include <set>

#include "core/dates.h"
#include "core/strings.h"
#include "storage/text_search.h"

namespace corridor::storage {

using domain::FieldSpec;
using domain::SisterProject;

namespace {

constexpr const char* kEntity = "sister_project";

std::string JoinSet(const std::set<std::string>& s) {
  return strings::Join(std::vector<std::string>(s.begin(), s.end()), "|");
}

std::vector<std::string> SplitList(const std::string& s) {
  std::vector<std::string> out;
  if (s.empty()) return out;
  for (auto& x : strings::Split(s, '|'))
    if (!x.empty()) out.push_back(x);
  return out;
}

SisterProject ToProject(const Row& r) {
  SisterProject p;
  p.id = r.Int("id");
  p.workspace_id = r.Int("workspace_id");
  for (const FieldSpec& f : domain::SisterProjectFields()) p.fields[f.key] = r.Text(f.key);
  p.topic = r.Text("topic");
  p.value_chain_links = SplitList(r.Text("value_chain_links"));
  p.grant_id = r.Text("grant_id");
  p.stage = domain::ParseStage(r.Text("stage")).value_or(domain::Stage::kLonglist);
  for (auto& k : SplitList(r.Text("user_edited"))) p.user_edited.insert(k);
  p.version = r.Int("version");
  p.created_at = r.Text("created_at");
  p.updated_at = r.Text("updated_at");
  return p;
}

Result<std::vector<SisterProject>> ToProjects(Result<Rows> rows) {
  if (!rows.ok()) return rows.status();
  std::vector<SisterProject> out;
  out.reserve(rows->size());
  for (const Row& r : *rows) out.push_back(ToProject(r));
  return out;
}

// Canonicalise analytical fields; the lists are '|'-joined in storage.
void NormaliseAnalytical(SisterProject& p) {
  std::vector<std::string> links;
  for (auto& l : p.value_chain_links) {
    std::string t = strings::Trim(strings::ReplaceAll(l, "|", "/"));
    if (!t.empty() && std::find(links.begin(), links.end(), t) == links.end()) links.push_back(t);
  }
  p.value_chain_links = links;
  p.topic = strings::Trim(p.topic);
  p.grant_id = strings::Trim(p.grant_id);
}

const std::set<std::string>& SortableColumns() {
  static const std::set<std::string> s = [] {
    std::set<std::string> c = {"stage", "updated_at", "created_at", "topic", "grant_id"};
    for (const FieldSpec& f : domain::SisterProjectFields()) c.insert(f.key);
    return c;
  }();
  return s;
}

}  // namespace

Result<RegistryPage> RegistryStore::List(int64_t ws, const RegistryQuery& q) {
  std::string where = " WHERE workspace_id = ?";
  Params params{ws};
  if (!q.search.empty()) {
    // Case-insensitive on both engines; the text is literal ('%' and '_' are no wildcards) and
    // '\' escapes explicitly (PostgreSQL's default, not SQLite's).
    const std::string like_op = std::string(" ") + CaseInsensitiveLike(c_.engine()) + " ? ESCAPE '\\'";
    const std::string likes =
        "acronym" + like_op + " OR name" + like_op + " OR keywords" + like_op + " OR coordinator_name" + like_op;
    const std::string like = LikeContains(q.search), grant = strings::Trim(q.search);
    if (grant.empty()) {
      // Only blanks: the grant arm matches every record without a grant id, as it always did.
      where += " AND (" + likes + " OR grant_id = ?)";
      params.insert(params.end(), {like, like, like, like, grant});
    } else if (c_.engine() == Engine::kPostgres) {
      // Every arm indexable (pg_trgm GIN per column, the partial grant index), so PostgreSQL
      // can OR bitmap scans instead of reading every record.
      where += " AND (" + likes + " OR (grant_id = ? AND grant_id <> ''))";
      params.insert(params.end(), {like, like, like, like, grant});
    } else if (Utf8Length(q.search) >= kMinTrigramChars) {
      // SQLite: the trigram index and the grant index narrow to candidate ids; the LIKEs decide.
      where += " AND id IN (SELECT rowid FROM sister_projects_fts WHERE sister_projects_fts MATCH ? "
               "UNION SELECT id FROM sister_projects WHERE workspace_id = ? AND grant_id = ? AND grant_id <> '')"
               " AND (" + likes + " OR grant_id = ?)";
      params.insert(params.end(), {Fts5Phrase(q.search), ws, grant, like, like, like, like, grant});
    } else {
      where += " AND (" + likes + " OR grant_id = ?)";
      params.insert(params.end(), {like, like, like, like, grant});
    }
  }
  auto eq = [&](const std::string& v, const char* col) {
    if (v.empty()) return;
    where += std::string(" AND ") + col + " = ?";
    params.push_back(v);
  };
  eq(q.stage, "stage");
  eq(q.programme, "programme");
  eq(q.status, "status");
  eq(q.topic, "topic");
  if (!q.value_chain_link.empty()) {
    where += std::string(" AND ('|' || value_chain_links || '|') ") + CaseInsensitiveLike(c_.engine()) + " ?";
    params.push_back("%|" + q.value_chain_link + "|%");
  }
  if (q.min_relevance > 0) {
    // NULLIF, not "<> '' AND CAST": PostgreSQL does not promise to test the <> first.
    where += " AND CAST(NULLIF(relevance_score, '') AS INTEGER) >= ?";
    params.push_back(int64_t{q.min_relevance});
  }
  std::string sort = SortableColumns().count(q.sort) ? q.sort : "acronym";
  const FieldSpec* spec = domain::FindField(sort);
  std::string order = sort;
  if (spec && (spec->type == domain::FieldType::kEuros || spec->type == domain::FieldType::kCount ||
               spec->type == domain::FieldType::kRelevance))
    order = "CAST(NULLIF(" + sort + ", '') AS DOUBLE PRECISION)";  // REAL is single precision on PostgreSQL
  else if (!spec || spec->type == domain::FieldType::kText)
    order = "LOWER(" + sort + ")";
  order += q.descending ? " DESC NULLS LAST" : " ASC NULLS FIRST";  // SQLite's default, explicit for PostgreSQL
  int limit = std::clamp(q.limit, 1, 500);
  Params page = params;
  page.push_back(int64_t{limit});
  page.push_back(int64_t{std::max(0, q.offset)});
  // Two phases: order and page narrow (id, sort key) rows, then load only the page's
  // records, so the sort never carries 10k full records. With a text search the total comes
  // with the page (COUNT(*) OVER (), taken before LIMIT), so the search runs once; without
  // one a separate COUNT(*) is cheaper (a window over the whole registry costs SQLite a sort).
  const bool total_with_page = !q.search.empty();
  RegistryPage out;
  if (!total_with_page) {
    auto count = c_.Scalar("SELECT COUNT(*) FROM sister_projects" + where, params);
    if (!count.ok()) return count.status();
    out.total = *count ? Row(nullptr, {**count}).Int(0) : 0;
  }
  auto ids = c_.Query(std::string("SELECT id") + (total_with_page ? ", COUNT(*) OVER ()" : "") +
                          " FROM sister_projects" + where + " ORDER BY " + order + ", id LIMIT ? OFFSET ?",
                      page);
  if (!ids.ok()) return ids.status();
  if (total_with_page && !ids->empty()) {
    out.total = (*ids)[0].Int(1);
  } else if (total_with_page && q.offset > 0) {  // past the end: no row carries the total
    auto count = c_.Scalar("SELECT COUNT(*) FROM sister_projects" + where, params);
    if (!count.ok()) return count.status();
    out.total = *count ? Row(nullptr, {**count}).Int(0) : 0;
  }
  if (!ids->empty()) {
    std::string marks;
    Params id_params;
    for (const Row& r : *ids) {
      marks += marks.empty() ? "?" : ",?";
      id_params.push_back(r.Int(0));
    }
    auto loaded = ToProjects(c_.Query("SELECT * FROM sister_projects WHERE id IN (" + marks + ")", id_params));
    if (!loaded.ok()) return loaded.status();
    std::map<int64_t, size_t> pos;
    for (size_t i = 0; i < ids->size(); ++i) pos[(*ids)[i].Int(0)] = i;
    out.items.resize(ids->size());
    for (auto& p : *loaded) out.items[pos[p.id]] = std::move(p);
  }
  return out;
}

Result<std::vector<SisterProject>> RegistryStore::All(int64_t ws) {
  return ToProjects(c_.Query("SELECT * FROM sister_projects WHERE workspace_id = ? ORDER BY LOWER(acronym), id", {ws}));
}

Result<std::optional<SisterProject>> RegistryStore::Get(int64_t ws, int64_t id) {
  auto v = ToProjects(c_.Query("SELECT * FROM sister_projects WHERE workspace_id = ? AND id = ?", {ws, id}));
  if (!v.ok()) return v.status();
  if (v->empty()) return std::optional<SisterProject>();
  return std::optional<SisterProject>(std::move((*v)[0]));
}

Result<std::optional<SisterProject>> RegistryStore::FindByGrant(int64_t ws, const std::string& grant) {
  auto v = ToProjects(c_.Query("SELECT * FROM sister_projects WHERE workspace_id = ? AND grant_id = ?", {ws, grant}));
  if (!v.ok()) return v.status();
  if (v->empty()) return std::optional<SisterProject>();
  return std::optional<SisterProject>(std::move((*v)[0]));
}

Result<std::optional<SisterProject>> RegistryStore::FindByAcronym(int64_t ws, const std::string& acronym) {
  auto v = ToProjects(c_.Query(
      "SELECT * FROM sister_projects WHERE workspace_id = ? AND LOWER(acronym) = LOWER(?) ORDER BY id LIMIT 1",
      {ws, acronym}));
  if (!v.ok()) return v.status();
  if (v->empty()) return std::optional<SisterProject>();
  return std::optional<SisterProject>(std::move((*v)[0]));
}

Result<SaveOutcome> RegistryStore::Create(SisterProject& p, const Actor& who, ChangeSource source) {
  SaveOutcome out;
  out.errors = domain::ValidateProject(p);
  NormaliseAnalytical(p);
  if (!out.ok()) return out;
  if (source == ChangeSource::kUser)
    for (const FieldSpec& f : domain::SisterProjectFields())
      if (!p.Get(f.key).empty()) p.user_edited.insert(f.key);
  std::string cols = "workspace_id, topic, value_chain_links, grant_id, stage, user_edited, version, created_at, updated_at";
  std::string marks = "?,?,?,?,?,?,1,?,?";
  std::string now = dates::NowIso();
  Params params{p.workspace_id, p.topic, strings::Join(p.value_chain_links, "|"), p.grant_id,
                domain::StageKey(p.stage), JoinSet(p.user_edited), now, now};
  for (const FieldSpec& f : domain::SisterProjectFields()) {
    cols += std::string(", ") + f.key;
    marks += ",?";
    params.push_back(p.Get(f.key));
  }
  auto rows = c_.Query("INSERT INTO sister_projects(" + cols + ") VALUES (" + marks + ") RETURNING id", params);
  if (!rows.ok()) {
    if (rows.status().code() == ErrorCode::kConflict)
      return Status::Conflict("grant " + p.grant_id + " is already in this registry");
    return rows.status();
  }
  p.id = (*rows)[0].Int(0);
  p.version = 1;
  p.created_at = p.updated_at = now;
  out.id = p.id;
  AuditStore audit(c_);
  std::string action = source == ChangeSource::kCordis ? "create-from-cordis"
                       : source == ChangeSource::kImport ? "import"
                                                         : "create";
  CORRIDOR_RETURN_IF_ERROR(audit.Record(who, p.workspace_id, kEntity, p.id, action, "", "", p.Get("acronym"), 1));
  return out;
}

namespace {

// "this record was changed after you opened it (Admin at ... changed Coordinator name; ...)",
// from the audit entries recorded since `version`.
Status StaleVersion(Connection& c, int64_t id, int64_t version) {
  auto since = AuditStore(c).SinceVersion(kEntity, id, version);
  std::string who_what;
  if (since.ok()) {
    std::map<std::string, std::set<std::string>> by_user;
    for (const auto& e : *since) {
      const FieldSpec* f = domain::FindField(e.field);
      by_user[e.user_name + " at " + e.at].insert(f ? f->label : (e.field.empty() ? e.action : e.field));
    }
    for (auto& [u, fs] : by_user)
      who_what += (who_what.empty() ? "" : "; ") + u + " changed " +
                  strings::Join(std::vector<std::string>(fs.begin(), fs.end()), ", ");
  }
  return Status::Conflict("this record was changed after you opened it (" +
                          (who_what.empty() ? std::string("by another user") : who_what) +
                          "); your input is kept below: review the current values and save again");
}

}  // namespace

Result<SaveOutcome> RegistryStore::Update(SisterProject& p, const Actor& who, ChangeSource source) {
  SaveOutcome out;
  out.id = p.id;
  out.errors = domain::ValidateProject(p);
  NormaliseAnalytical(p);
  if (!out.ok()) return out;
  auto current_opt = Get(p.workspace_id, p.id);
  if (!current_opt.ok()) return current_opt.status();
  if (!*current_opt) return Status::NotFound("no sister project " + std::to_string(p.id) + " in this workspace");
  const SisterProject& cur = **current_opt;
  // Someone saved since this form was loaded: say who changed what, refuse.
  if (cur.version != p.version) return StaleVersion(c_, p.id, p.version);
  int64_t next_version = cur.version + 1;
  struct Change {
    std::string action, field, before, after;
  };
  std::vector<Change> changes;
  std::string sets;
  Params params;
  std::set<std::string> edited = cur.user_edited;
  for (const FieldSpec& f : domain::SisterProjectFields()) {
    const std::string& before = cur.Get(f.key);
    const std::string& after = p.Get(f.key);
    if (before == after) continue;
    if (source == ChangeSource::kCordis && cur.user_edited.count(f.key)) continue;  // never overwrite a user's edit
    sets += std::string(sets.empty() ? "" : ", ") + f.key + " = ?";
    params.push_back(after);
    if (source != ChangeSource::kCordis) edited.insert(f.key);
    changes.push_back({source == ChangeSource::kCordis ? "refresh" : "update", f.key, before, after});
  }
  auto analytic = [&](const char* key, const std::string& before, const std::string& after) {
    if (before == after) return;
    sets += std::string(sets.empty() ? "" : ", ") + key + " = ?";
    params.push_back(after);
    changes.push_back({"update", key, before, after});
  };
  analytic("topic", cur.topic, p.topic);
  analytic("value_chain_links", strings::Join(cur.value_chain_links, "|"), strings::Join(p.value_chain_links, "|"));
  analytic("grant_id", cur.grant_id, p.grant_id);
  if (sets.empty()) {
    p = cur;
    return out;  // nothing changed: no new version
  }
  std::string now = dates::NowIso();
  sets += ", user_edited = ?, version = ?, updated_at = ?";
  params.insert(params.end(), {JoinSet(edited), next_version, now, p.id, p.workspace_id, cur.version});
  auto r = c_.Exec("UPDATE sister_projects SET " + sets + " WHERE id = ? AND workspace_id = ? AND version = ?", params);
  if (!r.ok()) return r.status();
  // Another save committed between the read above and this UPDATE (PostgreSQL's READ COMMITTED
  // lets both read the old version; the UPDATE waits for the other's row lock, then matches no
  // row). This statement already sees the other's audit entries, so the message names them too.
  // The audit entries of this save are written only after the UPDATE won, so they are not among them.
  if (*r != 1) return StaleVersion(c_, p.id, p.version);
  AuditStore audit(c_);
  for (const Change& ch : changes)
    CORRIDOR_RETURN_IF_ERROR(
        audit.Record(who, p.workspace_id, kEntity, p.id, ch.action, ch.field, ch.before, ch.after, next_version));
  p.version = next_version;
  p.user_edited = edited;
  p.updated_at = now;
  return out;
}

Status RegistryStore::Delete(int64_t ws, int64_t id, const Actor& who) {
  auto cur = Get(ws, id);
  if (!cur.ok()) return cur.status();
  if (!*cur) return Status::NotFound("no such sister project");
  auto r = c_.Exec("DELETE FROM sister_projects WHERE id = ? AND workspace_id = ?", {id, ws});
  if (!r.ok()) return r.status();
  return AuditStore(c_).Record(who, ws, kEntity, id, "delete", "", (*cur)->Get("acronym"), "", (*cur)->version + 1);
}

Status RegistryStore::MoveStage(int64_t ws, int64_t id, domain::Stage to, const std::string& justification,
                                const Actor& who) {
  std::string why = strings::Trim(justification);
  if (why.empty()) return Status::Invalid("justification: every pipeline step needs a justification");
  if (why.size() > 4000) return Status::Invalid("justification: at most 4000 characters");
  auto cur = Get(ws, id);
  if (!cur.ok()) return cur.status();
  if (!*cur) return Status::NotFound("no such sister project");
  const SisterProject& p = **cur;
  CORRIDOR_RETURN_IF_ERROR(domain::CheckTransition(p.stage, to, p.Relevance()));
  std::string now = dates::NowIso();
  auto r = c_.Exec("UPDATE sister_projects SET stage = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
                   {domain::StageKey(to), now, id, p.version});
  if (!r.ok()) return r.status();
  if (*r != 1) return Status::Conflict("the record changed while moving it; reload and retry");
  auto s = c_.Exec(
      "INSERT INTO pipeline_steps(project_id, from_stage, to_stage, at, user_id, user_name, justification) "
      "VALUES (?,?,?,?,?,?,?)",
      {id, domain::StageKey(p.stage), domain::StageKey(to), now, who.user_id ? Value(who.user_id) : Value(), who.name,
       why});
  if (!s.ok()) return s.status();
  return AuditStore(c_).Record(who, ws, kEntity, id, "stage", "stage", domain::StageKey(p.stage),
                               domain::StageKey(to) + ": " + why, p.version + 1);
}

Result<std::vector<PipelineStep>> RegistryStore::Steps(int64_t id) {
  auto rows = c_.Query("SELECT * FROM pipeline_steps WHERE project_id = ? ORDER BY id", {id});
  if (!rows.ok()) return rows.status();
  std::vector<PipelineStep> out;
  for (const Row& r : *rows)
    out.push_back({r.Int("id"), r.Text("from_stage"), r.Text("to_stage"), r.Text("at"), r.Text("user_name"),
                   r.Text("justification")});
  return out;
}

Result<std::map<std::string, int64_t>> RegistryStore::CountBy(int64_t ws, const std::string& dim) {
  std::map<std::string, int64_t> out;
  if (dim == "value_chain_link") {
    auto rows = c_.Query("SELECT value_chain_links FROM sister_projects WHERE workspace_id = ?", {ws});
    if (!rows.ok()) return rows.status();
    for (const Row& r : *rows)
      for (auto& l : SplitList(r.Text(0))) ++out[l];
    return out;
  }
  std::string col;
  if (dim == "topic") col = "topic";
  else if (dim == "programme") col = "programme";
  else if (dim == "relevance") col = "relevance_score";
  else if (dim == "stage") col = "stage";
  else return Status::Invalid("unknown dimension " + dim);
  auto rows = c_.Query("SELECT " + col + ", COUNT(*) FROM sister_projects WHERE workspace_id = ? GROUP BY 1", {ws});
  if (!rows.ok()) return rows.status();
  for (const Row& r : *rows) {
    std::string k = r.Text(0);
    if (dim == "relevance") k = k.empty() ? "unscored" : domain::RelevanceLabel(static_cast<int>(r.Int(0)));
    if (k.empty()) k = "(none)";
    out[k] += r.Int(1);
  }
  return out;
}

}  // namespace corridor::storage
