#include "storage/stakeholder_query.h"

#include <algorithm>
#include <set>

#include "core/strings.h"
#include "storage/stakeholder_store.h"
#include "storage/text_search.h"

namespace corridor::storage {

using domain::SegmentFilter;
using domain::Stakeholder;

std::string TierSql() {
  // Seed 001 2.2: the influence-interest matrix; 3 or more counts as high (domain::TierFor).
  return "(CASE WHEN s.influence IS NULL OR s.interest IS NULL THEN '' "
         "WHEN s.influence >= 3 AND s.interest >= 3 THEN 'manage-closely' "
         "WHEN s.influence >= 3 THEN 'keep-satisfied' "
         "WHEN s.interest >= 3 THEN 'keep-informed' ELSE 'monitor' END)";
}

namespace {

// A consent is valid once confirmed and until withdrawn (domain::Consent::Valid).
constexpr const char* kValidConsent =
    "EXISTS (SELECT 1 FROM consents c WHERE c.stakeholder_id = s.id AND c.purpose = ? "
    "AND c.confirmed_at IS NOT NULL AND c.withdrawn_at IS NULL)";

void In(std::string& where, Params& params, const char* col, const std::vector<std::string>& values) {
  if (values.empty()) return;
  where += std::string(" AND ") + col + " IN (";
  for (size_t i = 0; i < values.size(); ++i) {
    where += i ? ",?" : "?";
    params.push_back(values[i]);
  }
  where += ")";
}

std::string OrderClause(const std::string& expr, const std::string& sort, bool descending) {
  // NOT NULL sort keys get no NULLS clause: PostgreSQL's indexes are ASC NULLS LAST, so an
  // explicit NULLS FIRST would keep it from reading the (workspace, LOWER(name)) index in order.
  static const std::set<std::string> nullable = {"email", "influence", "interest", "tier"};
  return expr + (descending ? " DESC" : " ASC") +
         (nullable.count(sort) ? (descending ? " NULLS LAST" : " NULLS FIRST") : "");
}

std::string SortExpr(const std::string& sort) {
  static const std::map<std::string, std::string> cols = {
      {"name", "LOWER(s.name)"},         {"organisation", "LOWER(s.organisation)"}, {"email", "s.email"},
      {"country", "s.country"},          {"type", "s.type_key"},                    {"sector", "s.sector_key"},
      {"phase", "s.phase_key"},          {"influence", "s.influence"},              {"interest", "s.interest"},
      {"created_at", "s.created_at"},    {"updated_at", "s.updated_at"},            {"status", "s.status"},
  };
  if (sort == "tier") return TierSql();
  auto it = cols.find(sort);
  return it == cols.end() ? "LOWER(s.name)" : it->second;
}

std::vector<std::string> SplitTags(const std::string& s) {
  std::vector<std::string> out;
  for (auto& t : strings::Split(s, ',')) {
    std::string x = strings::Trim(t);
    if (!x.empty()) out.push_back(x);
  }
  return out;
}

}  // namespace

SqlWhere FilterWhere(Engine engine, int64_t ws, const SegmentFilter& f, const std::vector<std::string>& statuses) {
  SqlWhere w;
  w.sql = " WHERE s.workspace_id = ?";
  w.params.push_back(ws);
  std::vector<std::string> st = statuses.empty() ? std::vector<std::string>{"active", "pending"} : statuses;
  In(w.sql, w.params, "s.status", st);
  In(w.sql, w.params, "s.type_key", f.types);
  In(w.sql, w.params, "s.sector_key", f.sectors);
  In(w.sql, w.params, "s.phase_key", f.phases);
  In(w.sql, w.params, "s.country", f.countries);
  if (!f.tiers.empty()) {
    // On the columns rather than on TierSql(), so the (workspace, influence, interest) index serves.
    std::vector<std::string> ors;
    for (const auto& t : f.tiers) {
      if (t == "manage-closely") ors.push_back("(s.influence >= 3 AND s.interest >= 3)");
      else if (t == "keep-satisfied") ors.push_back("(s.influence >= 3 AND s.interest < 3)");
      else if (t == "keep-informed") ors.push_back("(s.influence < 3 AND s.interest >= 3)");
      else if (t == "monitor") ors.push_back("(s.influence < 3 AND s.interest < 3)");
    }
    if (!ors.empty()) w.sql += " AND (" + strings::Join(ors, " OR ") + ")";
    else w.sql += " AND 1 = 0";
  }
  if (!f.tags.empty()) {
    std::vector<std::string> ors;
    for (const auto& t : f.tags) {
      ors.push_back("(',' || REPLACE(s.tags, ' ', '') || ',') LIKE ? ESCAPE '\\'");
      std::string term = strings::ReplaceAll(strings::ReplaceAll(strings::ReplaceAll(t, "\\", "\\\\"), "%", "\\%"),
                                             "_", "\\_");
      w.params.push_back("%," + strings::ReplaceAll(term, " ", "") + ",%");
    }
    w.sql += " AND (" + strings::Join(ors, " OR ") + ")";
  }
  if (!f.consent.empty()) {
    w.sql += std::string(" AND ") + kValidConsent;
    w.params.push_back(f.consent);
  }
  if (f.actor) {
    w.sql += " AND s.is_actor = ?";
    w.params.push_back(int64_t{*f.actor ? 1 : 0});
  }
  if (!f.q.empty()) {
    // SQLite: the trigram index narrows to the rows holding the text (case-folded), the LIKE
    // below then decides exactly as before. Under 3 characters a trigram index cannot help.
    if (engine == Engine::kSqlite && Utf8Length(f.q) >= kMinTrigramChars) {
      w.sql += " AND s.id IN (SELECT rowid FROM stakeholders_fts WHERE stakeholders_fts MATCH ?)";
      w.params.push_back(Fts5Phrase(f.q));
    }
    const std::string like = std::string(" ") + CaseInsensitiveLike(engine) + " ? ESCAPE '\\'";
    w.sql += " AND (s.name" + like + " OR s.organisation" + like + " OR s.email" + like + " OR s.interests" + like + ")";
    std::string term = LikeContains(f.q);
    for (int i = 0; i < 4; ++i) w.params.push_back(term);
  }
  return w;
}

Result<StakeholderPage> StakeholderQuery::List(int64_t ws, const StakeholderListQuery& q) {
  SqlWhere w = FilterWhere(c_.engine(), ws, q.filter, q.statuses);
  std::optional<Value> count;
  if (q.with_total) {
    auto counted = c_.Scalar("SELECT COUNT(*) FROM stakeholders s" + w.sql, w.params);
    if (!counted.ok()) return counted.status();
    count = *counted;
  }
  std::string order = OrderClause(SortExpr(q.sort), q.sort, q.descending);
  Params page = w.params;
  page.push_back(int64_t{std::clamp(q.limit, 1, 1000)});
  page.push_back(int64_t{std::max(0, q.offset)});
  // Two phases, as the registry: order and page narrow rows, then load only the page.
  auto ids = c_.Query("SELECT s.id FROM stakeholders s" + w.sql + " ORDER BY " + order + ", s.id LIMIT ? OFFSET ?",
                      page);
  if (!ids.ok()) return ids.status();
  std::vector<int64_t> id_list;
  for (const Row& r : *ids) id_list.push_back(r.Int(0));
  auto items = Load(ws, id_list);
  if (!items.ok()) return items.status();
  StakeholderPage out;
  out.items = std::move(*items);
  out.total = count && std::holds_alternative<int64_t>(*count) ? std::get<int64_t>(*count) : 0;
  return out;
}

Result<std::vector<StakeholderListItem>> StakeholderQuery::Load(int64_t ws, const std::vector<int64_t>& ids) {
  std::vector<StakeholderListItem> out;
  if (ids.empty()) return out;
  std::map<int64_t, StakeholderListItem> by_id;
  // In chunks: a list may hold thousands of ids and engines cap bound parameters.
  for (size_t start = 0; start < ids.size(); start += 500) {
    size_t end = std::min(ids.size(), start + 500);
    std::string marks;
    Params params{std::string("contact"), std::string("newsletter"), ws};
    for (size_t i = start; i < end; ++i) {
      marks += marks.empty() ? "?" : ",?";
      params.push_back(ids[i]);
    }
    auto rows = c_.Query("SELECT s.*, " + TierSql() + " AS tier, " + std::string("CASE WHEN ") + kValidConsent +
                             " THEN 1 ELSE 0 END AS contact_ok, CASE WHEN " + kValidConsent +
                             " THEN 1 ELSE 0 END AS newsletter_ok FROM stakeholders s WHERE s.workspace_id = ? AND s.id IN (" +
                             marks + ")",
                         params);
    if (!rows.ok()) return rows.status();
    for (const Row& r : *rows) {
      StakeholderListItem item;
      item.s = ToStakeholder(r);
      item.tier = r.Text("tier");
      item.contact_consent = r.Int("contact_ok") != 0;
      item.newsletter_consent = r.Int("newsletter_ok") != 0;
      by_id[item.s.id] = std::move(item);
    }
  }
  for (int64_t id : ids)
    if (auto it = by_id.find(id); it != by_id.end()) out.push_back(std::move(it->second));
  return out;
}

namespace {

// One group row (status, type, country, influence, interest, n) into the counts; `at` is the
// column of the status.
void AddGroup(StakeholderCounts& out, const Row& r, size_t at) {
  int64_t n = r.Int(at + 5);
  out.total += n;
  out.by_type[r.Text(at + 1)] += n;
  std::optional<int> inf, inter;
  if (!r.IsNull(at + 3)) inf = static_cast<int>(r.Int(at + 3));
  if (!r.IsNull(at + 4)) inter = static_cast<int>(r.Int(at + 4));
  auto tier = domain::TierFor(inf, inter);
  out.by_tier[tier ? domain::TierKey(*tier) : ""] += n;
  if (inf && inter && *inf >= 1 && *inf <= 5 && *inter >= 1 && *inter <= 5) out.cells[*inf - 1][*inter - 1] += n;
}

}  // namespace

Result<StakeholderListAndCounts> StakeholderQuery::ListWithCounts(int64_t ws, const StakeholderListQuery& q) {
  StakeholderListAndCounts out;
  if (q.filter.Empty()) {
    // Unfiltered, both reads are served by indexes (the page in index order, the counts from
    // the covering index): two cheap statements beat materialising the whole registry.
    StakeholderListQuery lq = q;
    lq.with_total = false;
    auto list = List(ws, lq);
    if (!list.ok()) return list.status();
    auto counts = Counts(ws, q.filter, q.statuses);
    if (!counts.ok()) return counts.status();
    out.page = std::move(*list);
    out.counts = std::move(*counts);
    out.page.total = out.counts.total;
    return out;
  }
  // Filtered: evaluate the filter once (a text search is the costly part), into a materialised
  // set read through the best index for the filter, and take the groups of the counts and the
  // ordered page from that set in one statement. Walking the name index for the page instead
  // reads most of the registry for a selective filter's later pages.
  SqlWhere w = FilterWhere(c_.engine(), ws, q.filter, q.statuses);
  Params params = w.params;
  params.push_back(int64_t{std::clamp(q.limit, 1, 1000)});
  params.push_back(int64_t{std::max(0, q.offset)});
  auto rows = c_.Query(
      "WITH f AS MATERIALIZED (SELECT s.id, s.status, s.type_key, s.country, s.influence, s.interest, " +
          SortExpr(q.sort) + " AS k FROM stakeholders s" + w.sql +
          ") SELECT 0 AS part, status, type_key, country, influence, interest, COUNT(*) AS n, NULL AS id, "
          "NULL AS pos FROM f GROUP BY status, type_key, country, influence, interest "
          "UNION ALL SELECT 1, NULL, NULL, NULL, NULL, NULL, NULL, p.id, p.pos FROM (SELECT id, ROW_NUMBER() OVER "
          "(ORDER BY " + OrderClause("k", q.sort, q.descending) +
          ", id) AS pos FROM f ORDER BY pos LIMIT ? OFFSET ?) p ORDER BY 1, 9",
      params);
  if (!rows.ok()) return rows.status();
  std::vector<int64_t> ids;
  for (const Row& r : *rows) {
    if (r.Int(0) == 0) AddGroup(out.counts, r, 1);
    else ids.push_back(r.Int(7));
  }
  auto items = Load(ws, ids);
  if (!items.ok()) return items.status();
  out.page.items = std::move(*items);
  out.page.total = out.counts.total;
  return out;
}

Result<StakeholderCounts> StakeholderQuery::Counts(int64_t ws, const SegmentFilter& f,
                                                   const std::vector<std::string>& statuses) {
  SqlWhere w = FilterWhere(c_.engine(), ws, f, statuses);
  StakeholderCounts out;
  // One pass in the order of the covering index stakeholders_ws_counts (migration 0005): no row
  // is read and no sort needed; tiers and types are sums of the groups.
  auto groups = c_.Query("SELECT s.status, s.type_key, s.country, s.influence, s.interest, COUNT(*) FROM stakeholders s" +
                             w.sql + " GROUP BY s.status, s.type_key, s.country, s.influence, s.interest",
                         w.params);
  if (!groups.ok()) return groups.status();
  for (const Row& r : *groups) AddGroup(out, r, 0);
  return out;
}

Result<std::vector<int64_t>> StakeholderQuery::Ids(int64_t ws, const SegmentFilter& f,
                                                   const std::vector<std::string>& statuses) {
  SqlWhere w = FilterWhere(c_.engine(), ws, f, statuses);
  auto rows = c_.Query("SELECT s.id FROM stakeholders s" + w.sql + " ORDER BY s.id", w.params);
  if (!rows.ok()) return rows.status();
  std::vector<int64_t> out;
  out.reserve(rows->size());
  for (const Row& r : *rows) out.push_back(r.Int(0));
  return out;
}

namespace {

// The distinct non-empty values of a column, ascending, by skipping through its (workspace_id,
// column) index: one probe per value instead of reading 100k index entries. `column` is one of
// ours, never input.
std::string DistinctValuesSql(const std::string& column) {
  return "WITH RECURSIVE v(x) AS (SELECT MIN(" + column + ") FROM stakeholders WHERE workspace_id = ? AND " + column +
         " > '' UNION ALL SELECT (SELECT MIN(" + column + ") FROM stakeholders WHERE workspace_id = ? AND " + column +
         " > v.x) FROM v WHERE v.x IS NOT NULL) SELECT x FROM v WHERE x IS NOT NULL ORDER BY x";
}

}  // namespace

Result<std::vector<std::string>> StakeholderQuery::Countries(int64_t ws) {
  auto rows = c_.Query(DistinctValuesSql("country"), {ws, ws});
  if (!rows.ok()) return rows.status();
  std::vector<std::string> out;
  for (const Row& r : *rows) out.push_back(r.Text(0));
  return out;
}

Result<std::vector<std::string>> StakeholderQuery::Tags(int64_t ws) {
  auto rows = c_.Query(DistinctValuesSql("tags"), {ws, ws});
  if (!rows.ok()) return rows.status();
  std::set<std::string> all;
  for (const Row& r : *rows)
    for (auto& t : SplitTags(r.Text(0))) all.insert(t);
  return std::vector<std::string>(all.begin(), all.end());
}

}  // namespace corridor::storage
