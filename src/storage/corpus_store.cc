#include "storage/corpus_store.h"

#include <unordered_map>

#include "core/strings.h"

namespace corridor::storage {

namespace {
CorpusProject ToProject(const Row& r) {
  CorpusProject p;
  p.grant_id = r.Text("grant_id");
  p.framework = r.Text("framework");
  p.acronym = r.Text("acronym");
  p.title = r.Text("title");
  p.status = r.Text("status");
  p.start_date = r.Text("start_date");
  p.end_date = r.Text("end_date");
  p.total_cost = r.Text("total_cost");
  p.ec_max_contribution = r.Text("ec_max_contribution");
  p.legal_basis = r.Text("legal_basis");
  p.master_call = r.Text("master_call");
  p.sub_call = r.Text("sub_call");
  p.topic = r.Text("topic");
  p.funding_scheme = r.Text("funding_scheme");
  p.objective = r.Text("objective");
  p.keywords = r.Text("keywords");
  p.rcn = r.Text("rcn");
  p.content_update_date = r.Text("content_update_date");
  return p;
}
}  // namespace

Status CorpusStore::Enrich(CorpusProject& p) {
  auto t = c_.Query("SELECT code, title FROM corpus_topics WHERE grant_id = ? ORDER BY code", {p.grant_id});
  if (!t.ok()) return t.status();
  for (const Row& r : *t) {
    if (p.topic.empty()) p.topic = r.Text(0);
    if (r.Text(0) == p.topic) p.topic_title = r.Text(1);
  }
  auto lb = c_.Query("SELECT code, title FROM corpus_legal_basis WHERE grant_id = ? ORDER BY is_main DESC, code",
                     {p.grant_id});
  if (!lb.ok()) return lb.status();
  if (!lb->empty()) {
    if (p.legal_basis.empty()) p.legal_basis = (*lb)[0].Text(0);
    p.programme_title = (*lb)[0].Text(1);
  }
  auto sv = c_.Query("SELECT title FROM corpus_euroscivoc WHERE grant_id = ? ORDER BY code", {p.grant_id});
  if (!sv.ok()) return sv.status();
  for (const Row& r : *sv) p.scivoc_titles.push_back(r.Text(0));
  auto wl = c_.Query(
      "SELECT url FROM corpus_weblinks WHERE grant_id = ? AND type = 'relatedWebsite' "
      "ORDER BY (represents = 'project') DESC, url LIMIT 1",
      {p.grant_id});
  if (!wl.ok()) return wl.status();
  if (!wl->empty()) p.website = (*wl)[0].Text(0);
  return Status::Ok();
}

Result<std::optional<CorpusProject>> CorpusStore::FindByGrant(const std::string& grant_id) {
  auto rows = c_.Query("SELECT * FROM corpus_projects WHERE grant_id = ?", {strings::Trim(grant_id)});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<CorpusProject>();
  CorpusProject p = ToProject((*rows)[0]);
  CORRIDOR_RETURN_IF_ERROR(Enrich(p));
  return std::optional<CorpusProject>(std::move(p));
}

Result<std::vector<CorpusProject>> CorpusStore::FindByAcronym(const std::string& acronym, int limit) {
  // Case-insensitive, each engine through its own index: SQLite's COLLATE NOCASE, PostgreSQL's lower(acronym).
  const char* match = c_.engine() == Engine::kPostgres ? "lower(acronym) = lower(?)" : "acronym = ? COLLATE NOCASE";
  auto rows = c_.Query(std::string("SELECT * FROM corpus_projects WHERE ") + match + " ORDER BY start_date DESC LIMIT ?",
                       {strings::Trim(acronym), int64_t{limit}});
  if (!rows.ok()) return rows.status();
  std::vector<CorpusProject> out;
  for (const Row& r : *rows) {
    CorpusProject p = ToProject(r);
    CORRIDOR_RETURN_IF_ERROR(Enrich(p));
    out.push_back(std::move(p));
  }
  return out;
}

Result<std::vector<CorpusOrganization>> CorpusStore::Organizations(const std::string& grant_id) {
  auto rows = c_.Query("SELECT * FROM corpus_organizations WHERE grant_id = ? ORDER BY ord, name", {grant_id});
  if (!rows.ok()) return rows.status();
  std::vector<CorpusOrganization> out;
  for (const Row& r : *rows) {
    CorpusOrganization o;
    o.grant_id = r.Text("grant_id");
    o.org_id = r.Text("org_id");
    o.role = r.Text("role");
    o.name = r.Text("name");
    o.short_name = r.Text("short_name");
    o.country = r.Text("country");
    o.city = r.Text("city");
    o.activity_type = r.Text("activity_type");
    o.sme = r.Text("sme");
    o.ec_contribution = r.Text("ec_contribution");
    o.nuts_code = r.Text("nuts_code");
    o.url = r.Text("url");
    o.order = r.Int("ord");
    out.push_back(std::move(o));
  }
  return out;
}

Result<int64_t> CorpusStore::CountProjects() {
  auto v = c_.Scalar("SELECT COUNT(*) FROM corpus_projects");
  if (!v.ok()) return v.status();
  return std::get<int64_t>(**v);
}

Result<int64_t> CorpusStore::CountOrganizations() {
  auto v = c_.Scalar("SELECT COUNT(*) FROM corpus_organizations");
  if (!v.ok()) return v.status();
  return std::get<int64_t>(**v);
}

Status CorpusStore::ForEachForIndex(
    const std::function<void(const CorpusProject&, const std::vector<std::string>&)>& fn) {
  // Side tables are loaded in bulk (one pass each) rather than per project.
  std::unordered_map<std::string, std::vector<std::string>> countries, scivoc;
  std::unordered_map<std::string, std::string> topic_titles;
  {
    auto rows = c_.Query("SELECT DISTINCT grant_id, country FROM corpus_organizations WHERE country <> ''");
    if (!rows.ok()) return rows.status();
    for (const Row& r : *rows) countries[r.Text(0)].push_back(r.Text(1));
  }
  {
    auto rows = c_.Query("SELECT grant_id, title FROM corpus_euroscivoc");
    if (!rows.ok()) return rows.status();
    for (const Row& r : *rows) scivoc[r.Text(0)].push_back(r.Text(1));
  }
  {
    auto rows = c_.Query("SELECT grant_id, title FROM corpus_topics");
    if (!rows.ok()) return rows.status();
    for (const Row& r : *rows) topic_titles[r.Text(0)] = r.Text(1);
  }
  auto rows = c_.Query(
      "SELECT grant_id, framework, acronym, title, status, start_date, topic, objective, keywords, legal_basis "
      "FROM corpus_projects ORDER BY grant_id");
  if (!rows.ok()) return rows.status();
  static const std::vector<std::string> kNone;
  for (const Row& r : *rows) {
    CorpusProject p;
    p.grant_id = r.Text(0);
    p.framework = r.Text(1);
    p.acronym = r.Text(2);
    p.title = r.Text(3);
    p.status = r.Text(4);
    p.start_date = r.Text(5);
    p.topic = r.Text(6);
    p.objective = r.Text(7);
    p.keywords = r.Text(8);
    p.legal_basis = r.Text(9);
    if (auto it = scivoc.find(p.grant_id); it != scivoc.end()) p.scivoc_titles = it->second;
    if (auto it = topic_titles.find(p.grant_id); it != topic_titles.end()) p.topic_title = it->second;
    auto c = countries.find(p.grant_id);
    fn(p, c == countries.end() ? kNone : c->second);
  }
  return Status::Ok();
}

}  // namespace corridor::storage
