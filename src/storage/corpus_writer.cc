#include "storage/corpus_writer.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "core/dates.h"
#include "core/strings.h"

namespace corridor::storage {

namespace {

struct Column {
  const char* name;
  bool always = false;  // overwritten even by an empty value (integers, provenance)
};

// One statement parameter stays below SQLite's default limit (32,766) and PostgreSQL's (65,535).
constexpr size_t kMaxParams = 32000;
// Measured on the 60k-project benchmark corpus (bench/engine_bench.sh): on PostgreSQL 100 to 1000
// rows per statement all take the import from ~35 s (row by row) to ~10 s; SQLite gains ~7% with
// 256 rows per statement (fewer statement steps) and nothing more with larger batches.
constexpr int kDefaultBatchRowsPostgres = 500;
constexpr int kDefaultBatchRowsSqlite = 256;

// INSERT ... VALUES (...), ... ON CONFLICT(keys) DO UPDATE SET ...: written once, valid for
// SQLite and PostgreSQL.
std::string UpsertSql(std::string_view table, const std::vector<Column>& columns,
                      const std::vector<std::string_view>& keys, bool keep_nonempty, size_t rows) {
  std::string sql = "INSERT INTO " + std::string(table) + " (";
  std::string tuple = "(";
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i) {
      sql += ", ";
      tuple += ", ";
    }
    sql += columns[i].name;
    tuple += "?";
  }
  tuple += ")";
  sql += ") VALUES ";
  sql.reserve(sql.size() + rows * (tuple.size() + 2) + 64 * columns.size());
  for (size_t r = 0; r < rows; ++r) {
    if (r) sql += ", ";
    sql += tuple;
  }
  sql += " ON CONFLICT (";
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

bool EmptyText(const Value& v) {
  if (std::holds_alternative<std::monostate>(v)) return true;
  auto s = std::get_if<std::string>(&v);
  return s && s->empty();
}

std::string KeyText(const Value& v) {
  if (auto s = std::get_if<std::string>(&v)) return *s;
  if (auto i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  return "";
}

void AddTexts(Params& params, std::initializer_list<std::string*> texts) {
  for (std::string* t : texts) params.emplace_back(std::move(*t));
}



}  // namespace

// One table: its columns, the statement for a full batch and the rows waiting to be written.
struct CorpusWriter::Batch {
  std::string table;
  std::vector<Column> columns;
  std::vector<std::string_view> key_names;
  std::vector<bool> is_key;
  std::vector<bool> keep;  // an empty incoming value keeps the earlier one (keep_nonempty)
  size_t max_rows = 1;
  bool keep_nonempty = true;
  std::unique_ptr<Prepared> full;  // prepared for max_rows rows

  // PostgreSQL refuses an INSERT ... ON CONFLICT DO UPDATE that meets one key twice, so repeated
  // keys are merged in the buffer; SQLite applies a statement's rows one after the other, exactly
  // as separate upserts would, and needs no merging.
  bool merge = false;

  Params row;     // the row being added, in column order
  Params values;  // buffered rows, row after row
  size_t rows = 0;
  std::unordered_map<std::string, size_t> by_key;  // key -> buffered row (merge only)
  std::string key;

  std::string KeyOf(const Value* r) const;  // a row's key columns, "grant/org/role"

  size_t width() const { return columns.size(); }
  Status Add(Connection& c);
  Status Write(Connection& c);
};

CorpusWriter::CorpusWriter(Connection& c, CorpusWriterOptions options) : c_(c), options_(std::move(options)) {
  if (options_.imported_at.empty()) options_.imported_at = dates::NowIso();
}

CorpusWriter::~CorpusWriter() {
  // Unflushed rows are dropped on purpose: this may run after the import's rollback, when a
  // write would land outside any transaction.
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
  int want = options_.batch_rows > 0 ? options_.batch_rows
             : c_.engine() == Engine::kPostgres ? kDefaultBatchRowsPostgres
                                                : kDefaultBatchRowsSqlite;
  struct Spec {
    std::unique_ptr<Batch>* target;
    const char* table;
    std::vector<Column> columns;
    std::vector<std::string_view> keys;
  };
  std::vector<Spec> specs = {
      {&project_,
       "corpus_projects",
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
       {"grant_id"}},
      {&organization_,
       "corpus_organizations",
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
       {"grant_id", "org_id", "role"}},
      {&topic_, "corpus_topics", {{"grant_id"}, {"code"}, {"title"}}, {"grant_id", "code"}},
      {&legal_basis_,
       "corpus_legal_basis",
       {{"grant_id"}, {"code"}, {"title"}, {"is_main", true}},
       {"grant_id", "code"}},
      {&euroscivoc_,
       "corpus_euroscivoc",
       {{"grant_id"}, {"code"}, {"path"}, {"title"}, {"description"}},
       {"grant_id", "code"}},
      {&weblink_,
       "corpus_weblinks",
       {{"grant_id"}, {"url"}, {"type"}, {"represents"}, {"link_source"}},
       {"grant_id", "url"}},
  };
  for (Spec& s : specs) {
    auto b = std::make_unique<Batch>();
    b->table = s.table;
    b->columns = std::move(s.columns);
    b->key_names = std::move(s.keys);
    b->keep_nonempty = keep;
    for (const Column& col : b->columns) {
      bool is_key = false;
      for (std::string_view k : b->key_names) is_key = is_key || k == col.name;
      b->is_key.push_back(is_key);
      b->keep.push_back(keep && !col.always);
    }
    b->max_rows = std::clamp<size_t>(static_cast<size_t>(want), 1, kMaxParams / b->width());
    b->merge = b->max_rows > 1 && c_.engine() == Engine::kPostgres;
    b->row.reserve(b->width());
    b->values.reserve(b->width() * b->max_rows);
    auto p = c_.Prepare(UpsertSql(b->table, b->columns, b->key_names, keep, b->max_rows));
    if (!p.ok()) return p.status().WithContext("corpus writer: ");
    b->full = std::move(*p);
    *s.target = std::move(b);
  }
  return Status::Ok();
}

std::string CorpusWriter::Batch::KeyOf(const Value* r) const {
  std::string out;
  for (size_t i = 0; i < width(); ++i)
    if (is_key[i]) out += (out.empty() ? "" : "/") + KeyText(r[i]);
  return out;
}

// Takes `row` into the buffer (merging it into an earlier row with the same key, if need be).
Status CorpusWriter::Batch::Add(Connection& c) {
  if (merge) {
    key.clear();
    for (size_t i = 0; i < width(); ++i) {
      if (!is_key[i]) continue;
      // Each part length-prefixed ("9:101138767"), so no two different keys concatenate alike.
      std::string part = KeyText(row[i]);
      key += std::to_string(part.size());
      key += ':';
      key += part;
    }
    auto [it, inserted] = by_key.try_emplace(key, rows);
    if (!inserted) {
      // Same key earlier in this batch: merged as the upsert would have (a non-empty value wins).
      Value* dst = &values[it->second * width()];
      for (size_t i = 0; i < width(); ++i) {
        if (is_key[i] || (keep[i] && EmptyText(row[i]))) continue;
        dst[i] = std::move(row[i]);
      }
      row.clear();
      return Status::Ok();
    }
  }
  for (Value& v : row) values.push_back(std::move(v));
  ++rows;
  row.clear();
  return rows >= max_rows ? Write(c) : Status::Ok();
}

// Writes the buffered rows (if any) and empties the buffer whatever the outcome: after a failed
// statement the import's transaction is lost anyway.
Status CorpusWriter::Batch::Write(Connection& c) {
  if (rows == 0) return Status::Ok();
  Status s;
  if (rows == max_rows) {
    s = full->Run(values);
  } else {  // the last, shorter batch of a run: its own statement, used once
    auto p = c.Prepare(UpsertSql(table, columns, key_names, keep_nonempty, rows));
    s = p.ok() ? (*p)->Run(values) : p.status();
  }
  if (!s.ok()) {
    std::string where = rows == 1 ? "key " + KeyOf(values.data())
                                  : "keys " + KeyOf(values.data()) + " to " + KeyOf(&values[(rows - 1) * width()]);
    s = s.WithContext("corpus writer: writing " + std::to_string(rows) + " " + table + " row(s) (" + where + "): ");
  }
  values.clear();
  rows = 0;
  by_key.clear();
  return s;
}

Status CorpusWriter::Add(Batch& b, int64_t& counter) {
  ++counter;
  return b.Add(c_);
}

Status CorpusWriter::Flush() {
  for (Batch* b : {project_.get(), organization_.get(), topic_.get(), legal_basis_.get(), euroscivoc_.get(),
                   weblink_.get()})
    CORRIDOR_RETURN_IF_ERROR(b->Write(c_));
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
  Params& row = project_->row;
  for (auto member : kProjectTexts) row.emplace_back(std::move(r.*member));
  row.emplace_back(options_.imported_at);
  return Add(*project_, counts_.projects);
}

Status CorpusWriter::UpsertOrganization(OrganizationRecord r) {
  Params& row = organization_->row;
  for (auto member : kOrganizationTexts) row.emplace_back(std::move(r.*member));
  row.emplace_back(r.order);
  return Add(*organization_, counts_.organizations);
}

Status CorpusWriter::UpsertTopic(TopicRecord r) {
  AddTexts(topic_->row, {&r.grant_id, &r.code, &r.title});
  return Add(*topic_, counts_.topics);
}

Status CorpusWriter::UpsertLegalBasis(LegalBasisRecord r) {
  AddTexts(legal_basis_->row, {&r.grant_id, &r.code, &r.title});
  legal_basis_->row.emplace_back(int64_t{r.is_main ? 1 : 0});
  return Add(*legal_basis_, counts_.legal_basis);
}

Status CorpusWriter::UpsertEuroSciVoc(EuroSciVocRecord r) {
  AddTexts(euroscivoc_->row, {&r.grant_id, &r.code, &r.path, &r.title, &r.description});
  return Add(*euroscivoc_, counts_.euroscivoc);
}

Status CorpusWriter::UpsertWebLink(WebLinkRecord r) {
  AddTexts(weblink_->row, {&r.grant_id, &r.url, &r.type, &r.represents, &r.source});
  return Add(*weblink_, counts_.weblinks);
}

Result<int64_t> CorpusWriter::InferFrameworks() {
  CORRIDOR_RETURN_IF_ERROR(Flush());
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

namespace {

std::string Placeholders(size_t n, std::string_view one) {
  std::string out;
  out.reserve(n * (one.size() + 2));
  for (size_t i = 0; i < n; ++i) {
    if (i) out += ", ";
    out += one;
  }
  return out;
}

// keywords of many projects in one statement; VALUES columns are column1, column2 on both engines.
Status UpdateKeywords(Connection& c, std::vector<std::pair<std::string, std::string>>& pending) {
  if (pending.empty()) return Status::Ok();
  Params params;
  params.reserve(pending.size() * 2);
  for (auto& [grant, keywords] : pending) {
    params.emplace_back(std::move(grant));
    params.emplace_back(std::move(keywords));
  }
  std::string sql = "UPDATE corpus_projects SET keywords = v.column2 FROM (VALUES " +
                    Placeholders(pending.size(), "(?, ?)") + ") AS v WHERE corpus_projects.grant_id = v.column1";
  pending.clear();
  auto n = c.Exec(sql, params);
  return n.ok() ? Status::Ok() : n.status().WithContext("corpus writer: updating keywords: ");
}

}  // namespace

Status CorpusWriter::RefreshKeywords(const std::vector<std::string>& grant_ids) {
  CORRIDOR_RETURN_IF_ERROR(Flush());
  std::vector<std::string> grants = grant_ids;
  std::sort(grants.begin(), grants.end());
  grants.erase(std::unique(grants.begin(), grants.end()), grants.end());
  // Read and write a few hundred projects per statement (one round trip each on PostgreSQL).
  constexpr size_t kChunk = 500;
  std::vector<std::pair<std::string, std::string>> pending;
  for (size_t start = 0; start < grants.size(); start += kChunk) {
    const size_t n = std::min(kChunk, grants.size() - start);
    Params params(grants.begin() + static_cast<std::ptrdiff_t>(start),
                  grants.begin() + static_cast<std::ptrdiff_t>(start + n));
    auto rows = c_.Query(
        "SELECT p.grant_id, p.cordis_keywords, p.keywords, e.title FROM corpus_projects p "
        "LEFT JOIN corpus_euroscivoc e ON e.grant_id = p.grant_id WHERE p.grant_id IN (" +
            Placeholders(n, "?") + ") ORDER BY p.grant_id, e.code",
        params);
    if (!rows.ok()) return rows.status().WithContext("corpus writer: reading keywords: ");
    // Grants without a project row (side tables of a project not yet in the corpus) are absent.
    for (size_t i = 0; i < rows->size();) {
      const Row& first = (*rows)[i];
      const std::string grant = first.Text(0);
      std::vector<std::string> parts;
      std::unordered_set<std::string> seen;
      auto add = [&](const std::string& raw) {
        std::string k = strings::Trim(raw);
        if (k.empty()) return;
        if (seen.insert(strings::ToLower(k)).second) parts.push_back(std::move(k));
      };
      const std::string cordis = first.Text(1);
      // The CORDIS column separates keywords with ';' or ','; a lone phrase stays whole.
      char sep = cordis.find(';') != std::string::npos ? ';' : ',';
      for (const std::string& k : strings::Split(cordis, sep)) add(k);
      size_t j = i;
      for (; j < rows->size() && (*rows)[j].Text(0) == grant; ++j)
        if (!(*rows)[j].IsNull(3)) add((*rows)[j].Text(3));
      std::string joined = strings::Join(parts, "; ");
      if (joined != first.Text(2)) pending.emplace_back(grant, std::move(joined));  // unchanged: no write
      i = j;
    }
    if (pending.size() >= kChunk) CORRIDOR_RETURN_IF_ERROR(UpdateKeywords(c_, pending));
  }
  return UpdateKeywords(c_, pending);
}

Result<int64_t> CorpusWriter::RecordRun(const ImportRunRecord& r) {
  CORRIDOR_RETURN_IF_ERROR(Flush());
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
