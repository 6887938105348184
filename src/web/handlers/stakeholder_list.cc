// The stakeholder list (issue 3): filters for every segment field, search, sort, paging, "save as
// segment", counts per tier and type, and the influence-interest matrix (a 5x5 table that works
// without JavaScript, drawn as a bubble chart by charts.js from its data-matrix attribute).
#include <algorithm>

#include "core/strings.h"
#include "storage/segment_store.h"
#include "storage/stakeholder_query.h"
#include "web/display.h"
#include "web/handlers/engagement_common.h"
#include "web/handlers/handlers.h"
#include "web/render.h"

namespace corridor::web {

namespace {

using nlohmann::json;
namespace eng = engagement;

constexpr int kPageSize = 50;

struct ListState {
  domain::SegmentFilter filter;
  std::string sort = "name", dir = "asc";
  int page = 1;
  int64_t segment_id = 0;
};

std::string ListUrl(const RequestContext& ctx, const ListState& s) {
  std::string qs = eng::FilterQuery(s.filter);
  auto add = [&](const std::string& kv) { qs += (qs.empty() ? "" : "&") + kv; };
  if (s.sort != "name" || s.dir != "asc") add("sort=" + strings::UrlEncode(s.sort) + "&dir=" + s.dir);
  if (s.page > 1) add("page=" + std::to_string(s.page));
  return ctx.WsUrl("/stakeholders") + (qs.empty() ? "" : "?" + qs);
}

json TierBadge(const std::string& tier) {
  return tier.empty() ? json(false) : json{{"key", tier}, {"label", eng::TierText(tier)}};
}

// The 5x5 matrix as table rows, influence 5 at the top, each cell coloured by its tier.
json MatrixRows(const storage::StakeholderCounts& c) {
  json rows = json::array();
  for (int inf = 5; inf >= 1; --inf) {
    json cells = json::array();
    for (int in = 1; in <= 5; ++in) {
      auto tier = domain::TierFor(inf, in);
      cells.push_back({{"n", c.cells[inf - 1][in - 1]}, {"tier", tier ? domain::TierKey(*tier) : ""}});
    }
    rows.push_back({{"influence", inf}, {"cells", cells}});
  }
  return rows;
}

json MatrixSpec(const storage::StakeholderCounts& c) {
  json points = json::array();
  for (int inf = 1; inf <= 5; ++inf)
    for (int in = 1; in <= 5; ++in)
      if (c.cells[inf - 1][in - 1] > 0) {
        auto tier = domain::TierFor(inf, in);
        points.push_back({{"x", in}, {"y", inf}, {"n", c.cells[inf - 1][in - 1]}, {"tier", domain::TierKey(*tier)}});
      }
  return {{"points", points}};
}

Response ListPage(RequestContext& ctx) {
  std::vector<std::string> errors;
  ListState st;
  st.filter = eng::ReadFilter(ctx.req, &errors);
  auto conn = ctx.app.db.Acquire();
  storage::SegmentStore segments(*conn);
  if (auto seg_id = strings::ParseInt(ctx.req.Query("segment")); seg_id && *seg_id > 0) {
    auto seg = segments.Get(ctx.ws->id, *seg_id);
    if (!seg.ok()) return ErrorPage(ctx, seg.status());
    if (!*seg) return ErrorPage(ctx, Status::NotFound("no segment " + std::to_string(*seg_id)));
    st.filter = (*seg)->filter;  // a segment link opens its filter, which can then be narrowed
    st.segment_id = *seg_id;
  }
  if (!ctx.req.Query("sort").empty()) st.sort = ctx.req.Query("sort");
  st.dir = ctx.req.Query("dir") == "desc" ? "desc" : "asc";
  auto page = strings::ParseInt(ctx.req.Query("page"));
  st.page = page && *page > 0 && *page < 100000 ? static_cast<int>(*page) : 1;

  storage::StakeholderQuery query(*conn);
  storage::StakeholderListQuery q;
  q.filter = st.filter;
  q.sort = st.sort;
  q.descending = st.dir == "desc";
  q.limit = kPageSize;
  q.offset = (st.page - 1) * kPageSize;
  // The page and the counts (which hold the total) of one filtered set: the filter, a text
  // search included, is evaluated once.
  auto both = query.ListWithCounts(ctx.ws->id, q);
  if (!both.ok()) return ErrorPage(ctx, both.status());
  const storage::StakeholderPage* list = &both->page;
  const storage::StakeholderCounts* counts = &both->counts;
  auto taxonomy = eng::Taxonomy(*conn, ctx.ws->id);
  if (!taxonomy.ok()) return ErrorPage(ctx, taxonomy.status());
  auto countries = query.Countries(ctx.ws->id);
  auto tags = query.Tags(ctx.ws->id);
  if (!countries.ok()) return ErrorPage(ctx, countries.status());
  if (!tags.ok()) return ErrorPage(ctx, tags.status());
  auto seg_list = segments.List(ctx.ws->id);
  if (!seg_list.ok()) return ErrorPage(ctx, seg_list.status());

  using storage::TaxonomyStore;
  json rows = json::array();
  for (const auto& it : list->items) {
    const auto& s = it.s;
    rows.push_back({{"url", ctx.WsUrl("/stakeholders/" + std::to_string(s.id))},
                    {"name", s.name},
                    {"organisation", s.organisation},
                    {"email", s.email},
                    {"country", s.country},
                    {"type", TaxonomyStore::LabelOf(*taxonomy, domain::TaxonomyKind::kType, s.type_key)},
                    {"sector", TaxonomyStore::LabelOf(*taxonomy, domain::TaxonomyKind::kSector, s.sector_key)},
                    {"tier", TierBadge(it.tier)},
                    {"actor", s.is_actor},
                    {"pending", s.status == domain::StakeholderStatus::kPending},
                    {"contact", it.contact_consent},
                    {"newsletter", it.newsletter_consent}});
  }
  int pages = static_cast<int>(std::max<int64_t>(1, (list->total + kPageSize - 1) / kPageSize));
  ListState prev = st, next = st;
  prev.page = st.page - 1;
  next.page = st.page + 1;
  prev.segment_id = next.segment_id = 0;
  json columns = json::array();
  for (auto [key, label] : std::vector<std::pair<std::string, std::string>>{{"name", "Name"},
                                                                            {"organisation", "Organisation"},
                                                                            {"email", "E-mail"},
                                                                            {"country", "Country"},
                                                                            {"type", "Type"},
                                                                            {"sector", "Sector"},
                                                                            {"tier", "Tier"}}) {
    ListState s2 = st;
    s2.sort = key;
    s2.page = 1;
    bool current = st.sort == key;
    s2.dir = current && st.dir == "asc" ? "desc" : "asc";
    columns.push_back({{"label", label},
                       {"url", ListUrl(ctx, s2)},
                       {"arrow", current ? (st.dir == "asc" ? " ▲" : " ▼") : ""},
                       {"aria", current ? json(st.dir == "asc" ? "ascending" : "descending") : json(false)}});
  }
  json tier_counts = json::array();
  for (domain::Tier t : domain::AllTiers()) {
    ListState one = st;
    one.filter.tiers = {domain::TierKey(t)};
    one.page = 1;
    auto n = counts->by_tier.count(domain::TierKey(t)) ? counts->by_tier.at(domain::TierKey(t)) : 0;
    tier_counts.push_back({{"key", domain::TierKey(t)}, {"label", domain::TierLabel(t)}, {"count", n},
                           {"url", ListUrl(ctx, one)}});
  }
  json type_counts = json::array();
  for (auto& [k, n] : counts->by_type) {
    std::string label = k.empty() ? "(not given)" : TaxonomyStore::LabelOf(*taxonomy, domain::TaxonomyKind::kType, k);
    type_counts.push_back({{"label", label.empty() ? k : label}, {"count", n}});
  }
  json seg_opts = json::array();
  for (const auto& s : *seg_list)
    seg_opts.push_back({{"id", s.id}, {"name", s.name}, {"selected", s.id == st.segment_id}});
  json hidden = json::array();
  for (auto& [k, v] : domain::FilterParams(st.filter)) hidden.push_back({{"name", k}, {"value", v}});
  int64_t from = list->total ? static_cast<int64_t>(st.page - 1) * kPageSize + 1 : 0;
  int64_t to = from ? from + static_cast<int64_t>(list->items.size()) - 1 : 0;
  std::string qs = eng::FilterQuery(st.filter);
  json data = {
      {"rows", rows},
      {"columns", columns},
      {"f", eng::FilterForm(st.filter, *taxonomy, *countries, *tags)},
      {"filter_text", eng::Describe(st.filter, *taxonomy)},
      {"filtered", !st.filter.Empty()},
      {"errors", errors},
      {"has_errors", !errors.empty()},
      {"sort", st.sort},
      {"dir", st.dir},
      {"range", display::Thousands(from) + "-" + display::Thousands(to) + " of " + display::Thousands(list->total)},
      {"page", st.page},
      {"pages", pages},
      {"multi_page", pages > 1},
      {"prev_url", st.page > 1 ? json(ListUrl(ctx, prev)) : json(false)},
      {"next_url", st.page < pages ? json(ListUrl(ctx, next)) : json(false)},
      {"clear_url", ctx.WsUrl("/stakeholders")},
      {"tier_counts", tier_counts},
      {"unscored", counts->by_tier.count("") ? counts->by_tier.at("") : 0},
      {"type_counts", type_counts},
      {"matrix", MatrixRows(*counts)},
      {"matrix_spec", MatrixSpec(*counts).dump()},
      {"segments", seg_opts},
      {"hidden", hidden},
      {"export_csv", ctx.WsUrl("/contacts/export.csv") + (qs.empty() ? "" : "?" + qs)},
      {"export_xlsx", ctx.WsUrl("/contacts/export.xlsx") + (qs.empty() ? "" : "?" + qs)},
      {"invite_url", ctx.WsUrl("/invitations/new") + (qs.empty() ? "" : "?" + qs)},
      {"scripts", json::array({StaticUrl("vendor/chart.umd.js"), StaticUrl("charts.js")})},
  };
  return RenderPage(ctx, "stakeholder_list", ctx.ws->acronym + " stakeholders", data, errors.empty() ? 200 : 400);
}

}  // namespace

void RegisterStakeholderListRoutes(Router& r) { r.Add("GET", "/w/:ws/stakeholders", Access::kViewer, ListPage); }

}  // namespace corridor::web
