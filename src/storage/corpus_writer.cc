#include "storage/corpus_writer.h"

#include <string_view>
#include <unordered_set>

#include "core/dates.h"
#include "core/strings.h"

namespace corridor::storage {

namespace {

struct Column {
  const char* name;
  bool always = false;  // overwritten even by an empty value (integers, provenance)
};

// INSERT ... ON CONFLICT(keys) DO UPDATE SET ...: written once, valid for SQLite and PostgreSQL.
std::string UpsertSql(std::string_view table, const std::vector<Column>& columns,
                      const std::vector<std::string_view>& keys, bool keep_nonempty) {
  std::string sql = "INSERT INTO " + std::string(table) + " (";
  std::string values;
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i) {
      sql += ", ";
      values += ", ";
    }
    sql += columns[i].name;
    values += "?";
  }
  sql += ") VALUES (" + values + ") ON CONFLICT (";
  for (size_t i = 0; i < keys.size(); ++i) sql += (i ? ", " : "") + std::string(keys[i]);
  sql += ") DO UPDATE SET ";
  bool first = true;
  for (const Column& c : columns) {
    bool is_key = false;
    for (std::string_view k : keys) is_key = is_key || k == c.name;
    if (is_key) continue;
    if (!first) sql += ", ";
    first = false;
    std::string name = c.name;
    if (keep_nonempty && !c.always)
      sql += name + " = COALESCE(NULLIF(excluded." + name + ", ''), " + std::string(table) + "." + name + ")";
    else
      sql += name + " = excluded." + name;
  }
  return sql;
}

void AddTexts(Params& params, std::initializer_list<std::string*> texts) {
  for (std::string* t : texts) params.emplace_back(std::move(*t));
}

}  // namespace

CorpusWriter::CorpusWriter(Connection& c, CorpusWriterOptions options) : c_(c), options_(std::move(options)) {
  if (options_.imported_at.empty()) options_.imported_at = dates::NowIso();
  params_.reserve(32);
}

CorpusWriter::~CorpusWriter() {
  if (cache_size_changed_) (void)c_.ExecScript("PRAGMA cache_size=" + std::to_string(previous_cache_size_));
}

Result<std::unique_ptr<CorpusWriter>> CorpusWriter::Create(Connection& c, CorpusWriterOptions options) {
  std::unique_ptr<CorpusWriter> w(new CorpusWriter(c, std::move(options)));
  if (c.engine() == Engine::kSqlite && w->options_.cache_size_kib > 0) {
    // A bigger page cache keeps the organisation index in memory during a full-programme import.
    auto prev = c.Scalar("PRAGMA cache_size");
    if (prev.ok() && prev->has_value()) {
      if (auto v = std::get_if<int64_t>(&**prev)) {
        w->previous_cache_size_ = *v;
        if (c.ExecScript("PRAGMA cache_size=-" + std::to_string(w->options_.cache_size_kib)).ok())
          w->cache_size_changed_ = true;
      }
    }
  }
  CORRIDOR_RETURN_IF_ERROR(w->PrepareAll());
  return w;
}

Status CorpusWriter::PrepareAll() {
  const bool keep = options_.keep_nonempty;
  struct Spec {
    std::unique_ptr<Prepared>* target;
    std::string sql;
  };
  std::vector<Spec> specs = {
      {&project_, UpsertSql("corpus_projects",
                            {{"grant_id"},
                             {"framework"},
                             {"acronym"},
                             {"title"},
                             {"status"},
                             {"start_date"},
                             {"end_date"},
                             {"total_cost"},
                             {"ec_max_contribution"},
                             {"legal_basis"},
                             {"master_call"},
                             {"sub_call"},
                             {"topic"},
                             {"funding_scheme"},
                             {"objective"},
                             {"cordis_keywords"},
                             {"rcn"},
                             {"content_update_date"},
                             {"grant_doi"},
                             {"ec_signature_date"},
                             {"nature"},
                             {"source", true},
                             {"imported_at", true}},
                            {"grant_id"}, keep)},
      {&organization_, UpsertSql("corpus_organizations",
                                 {{"grant_id"},
                                  {"org_id"},
                                  {"role"},
                                  {"name"},
                                  {"short_name"},
                                  {"country"},
                                  {"city"},
                                  {"activity_type"},
                                  {"sme"},
                                  {"ec_contribution"},
                                  {"nuts_code"},
                                  {"url"},
                                  {"vat_number"},
                                  {"street"},
                                  {"post_code"},
                                  {"geolocation"},
                                  {"contact_form"},
                                  {"net_ec_contribution"},
                                  {"total_cost"},
                                  {"end_of_participation"},
                                  {"active"},
                                  {"rcn"},
                                  {"content_update_date"},
                                  {"ord", true}},
                                 {"grant_id", "org_id", "role"}, keep)},
      {&topic_, UpsertSql("corpus_topics", {{"grant_id"}, {"code"}, {"title"}}, {"grant_id", "code"}, keep)},
      {&legal_basis_, UpsertSql("corpus_legal_basis", {{"grant_id"}, {"code"}, {"title"}, {"is_main", true}},
                                {"grant_id", "code"}, keep)},
      {&euroscivoc_, UpsertSql("corpus_euroscivoc", {{"grant_id"}, {"code"}, {"path"}, {"title"}, {"description"}},
                               {"grant_id", "code"}, keep)},
      {&weblink_, UpsertSql("corpus_weblinks", {{"grant_id"}, {"url"}, {"type"}, {"represents"}, {"link_source"}},
                            {"grant_id", "url"}, keep)},
      {&keywords_select_,
       "SELECT p.cordis_keywords, p.keywords, e.title FROM corpus_projects p "
       "LEFT JOIN corpus_euroscivoc e ON e.grant_id = p.grant_id WHERE p.grant_id = ? ORDER BY e.code"},
      {&keywords_update_, "UPDATE corpus_projects SET keywords = ? WHERE grant_id = ?"},
  };
  for (Spec& s : specs) {
    auto p = c_.Prepare(s.sql);
    if (!p.ok()) return p.status().WithContext("corpus writer: ");
    *s.target = std::move(*p);
  }
  return Status::Ok();
}

// Text columns in statement order; the strings move into the parameters (no copy per row).
// clang-format off
using PR = ProjectRecord;
constexpr std::string PR::*kProjectTexts[] = {
    &PR::grant_id, &PR::framework, &PR::acronym, &PR::title, &PR::status, &PR::start_date, &PR::end_date,
    &PR::total_cost, &PR::ec_max_contribution, &PR::legal_basis, &PR::master_call, &PR::sub_call, &PR::topic,
    &PR::funding_scheme, &PR::objective, &PR::cordis_keywords, &PR::rcn, &PR::content_update_date, &PR::grant_doi,
    &PR::ec_signature_date, &PR::nature, &PR::source};
using OR = OrganizationRecord;
constexpr std::string OR::*kOrganizationTexts[] = {
    &OR::grant_id, &OR::org_id, &OR::role, &OR::name, &OR::short_name, &OR::country, &OR::city,
    &OR::activity_type, &OR::sme, &OR::ec_contribution, &OR::nuts_code, &OR::url, &OR::vat_number, &OR::street,
    &OR::post_code, &OR::geolocation, &OR::contact_form, &OR::net_ec_contribution, &OR::total_cost,
    &OR::end_of_participation, &OR::active, &OR::rcn, &OR::content_update_date};
// clang-format on

Status CorpusWriter::UpsertProject(ProjectRecord r) {
  params_.clear();
  for (auto member : kProjectTexts) params_.emplace_back(std::move(r.*member));
  params_.emplace_back(options_.imported_at);
  CORRIDOR_RETURN_IF_ERROR(project_->Run(params_));
  ++counts_.projects;
  return Status::Ok();
}

Status CorpusWriter::UpsertOrganization(OrganizationRecord r) {
  params_.clear();
  for (auto member : kOrganizationTexts) params_.emplace_back(std::move(r.*member));
  params_.emplace_back(r.order);
  CORRIDOR_RETURN_IF_ERROR(organization_->Run(params_));
  ++counts_.organizations;
  return Status::Ok();
}

Status CorpusWriter::UpsertTopic(TopicRecord r) {
  params_.clear();
  AddTexts(params_, {&r.grant_id, &r.code, &r.title});
  CORRIDOR_RETURN_IF_ERROR(topic_->Run(params_));
  ++counts_.topics;
  return Status::Ok();
}

Status CorpusWriter::UpsertLegalBasis(LegalBasisRecord r) {
  params_.clear();
  AddTexts(params_, {&r.grant_id, &r.code, &r.title});
  params_.emplace_back(int64_t{r.is_main ? 1 : 0});
  CORRIDOR_RETURN_IF_ERROR(legal_basis_->Run(params_));
  ++counts_.legal_basis;
  return Status::Ok();
}

Status CorpusWriter::UpsertEuroSciVoc(EuroSciVocRecord r) {
  params_.clear();
  AddTexts(params_, {&r.grant_id, &r.code, &r.path, &r.title, &r.description});
  CORRIDOR_RETURN_IF_ERROR(euroscivoc_->Run(params_));
  ++counts_.euroscivoc;
  return Status::Ok();
}

Status CorpusWriter::UpsertWebLink(WebLinkRecord r) {
  params_.clear();
  AddTexts(params_, {&r.grant_id, &r.url, &r.type, &r.represents, &r.source});
  CORRIDOR_RETURN_IF_ERROR(weblink_->Run(params_));
  ++counts_.weblinks;
  return Status::Ok();
}

Result<int64_t> CorpusWriter::InferFrameworks() {
  // Set-based: one statement whatever the corpus size. The main programme part decides first.
  return c_.Exec(
      "UPDATE corpus_projects SET framework = COALESCE("
      " (SELECT CASE WHEN l.code LIKE 'HORIZON.%' THEN 'HORIZON' WHEN l.code LIKE 'H2020-%' THEN 'H2020' "
      "  ELSE 'FP7' END FROM corpus_legal_basis l WHERE l.grant_id = corpus_projects.grant_id"
      "  AND (l.code LIKE 'HORIZON.%' OR l.code LIKE 'H2020-%' OR l.code LIKE 'FP7-%')"
      "  ORDER BY l.is_main DESC, l.code LIMIT 1),"
      " (SELECT 'HORIZON' FROM corpus_topics t WHERE t.grant_id = corpus_projects.grant_id"
      "  AND t.code LIKE 'HORIZON-%' LIMIT 1),"
      " '') "
      "WHERE framework = ''");
}

Status CorpusWriter::RefreshKeywords(const std::vector<std::string>& grant_ids) {
  Params one(1);
  for (const std::string& grant : grant_ids) {
    one[0] = grant;
    auto rows = keywords_select_->Query(one);
    if (!rows.ok()) return rows.status();
    if (rows->empty()) continue;  // side-table rows of a project not (yet) in the corpus
    std::vector<std::string> parts;
    std::unordered_set<std::string> seen;
    auto add = [&](const std::string& raw) {
      std::string k = strings::Trim(raw);
      if (k.empty()) return;
      if (seen.insert(strings::ToLower(k)).second) parts.push_back(std::move(k));
    };
    const std::string cordis = (*rows)[0].Text(0);
    // The CORDIS column separates keywords with ';' or ','; a lone phrase stays whole.
    char sep = cordis.find(';') != std::string::npos ? ';' : ',';
    for (const std::string& k : strings::Split(cordis, sep)) add(k);
    for (const Row& r : *rows)
      if (!r.IsNull(2)) add(r.Text(2));
    std::string joined = strings::Join(parts, "; ");
    if (joined == (*rows)[0].Text(1)) continue;  // unchanged: skip the write
    CORRIDOR_RETURN_IF_ERROR(keywords_update_->Run({joined, grant}));
  }
  return Status::Ok();
}

Result<int64_t> CorpusWriter::RecordRun(const ImportRunRecord& r) {
  auto rows = c_.Query(
      "INSERT INTO import_runs (kind, started_at, finished_at, user_name, files, read_rows, imported, rejected, "
      "report) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {r.kind, r.started_at, TextOrNull(r.finished_at), r.user_name, r.files, r.read_rows, r.imported, r.rejected,
       r.report});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::Internal("import_runs insert returned no id");
  return (*rows)[0].Int(0);
}

}  // namespace corridor::storage
