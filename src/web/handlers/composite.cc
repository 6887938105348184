// The composite index (issue 5): a form of choices with their defaults explained, the results
// (regions with score, rank, performance group, Monte Carlo median rank and 5-95% band; the
// share of rank variance due to each choice; the missing-data report; a map coloured by group)
// and the exports (.xlsx, CSV, Markdown; formula-guarded). Computing writes nothing, so the
// form is a GET and a result is a shareable URL; viewers may compute.
#include <cmath>
#include <filesystem>

#include "core/dates.h"
#include "core/strings.h"
#include "reports/csv_writer.h"
#include "reports/xlsx_writer.h"
#include "storage/indicator_store.h"
#include "storage/nuts_reference.h"
#include "web/composite_output.h"
#include "web/handlers/handlers.h"
#include "web/render.h"

namespace corridor::web {

namespace {

namespace an = analytics;
namespace fs = std::filesystem;
using nlohmann::json;

std::function<std::vector<std::string>(const std::string&)> QueryGetter(const RequestContext& ctx) {
  return [&ctx](const std::string& key) { return ctx.req.QueryAll(key); };
}

json Options(const std::vector<std::pair<std::string, std::string>>& items, const std::string& chosen) {
  json out = json::array();
  for (const auto& [value, label] : items) out.push_back({{"value", value}, {"label", label}, {"selected", value == chosen}});
  return out;
}

json Checks(const std::vector<std::pair<std::string, std::string>>& items, const std::vector<std::string>& chosen) {
  json out = json::array();
  for (const auto& [value, label] : items)
    out.push_back({{"value", value}, {"label", label},
                   {"checked", std::find(chosen.begin(), chosen.end(), value) != chosen.end()}});
  return out;
}

std::vector<std::string> QueryList(const RequestContext& ctx, const std::string& key) {
  std::vector<std::string> out;
  for (const auto& v : ctx.req.QueryAll(key))
    for (auto& p : strings::Split(v, ',')) {
      std::string t = strings::Trim(p);
      if (!t.empty()) out.push_back(t);
    }
  return out;
}

// The form, filled from the query (or the defaults).
Result<json> FormData(RequestContext& ctx, storage::Connection& c) {
  storage::IndicatorStore store(c);
  CORRIDOR_ASSIGN_OR_RETURN(auto indicators, store.ListIndicators(ctx.ws->id));
  CORRIDOR_ASSIGN_OR_RETURN(auto years, store.Years(ctx.ws->id));
  bool submitted = !ctx.req.Query("run").empty();
  auto chosen_ind = QueryList(ctx, "indicators");
  json ind = json::array();
  for (const auto& i : indicators)
    // The code is shown beside the label: an indicator without a label is not named twice.
    ind.push_back({{"code", i.code}, {"label", i.label == i.code ? std::string() : i.label}, {"unit", i.unit},
                   {"lower_better", i.direction == -1},
                   {"years", std::to_string(i.min_year) + "-" + std::to_string(i.max_year)},
                   {"checked", !submitted || std::find(chosen_ind.begin(), chosen_ind.end(), i.code) != chosen_ind.end()}});
  std::string year = ctx.req.Query("year");
  json year_opts = json::array({{{"value", ""}, {"label", "latest"}, {"selected", year.empty()}}});
  for (auto it = years.rbegin(); it != years.rend(); ++it)
    year_opts.push_back({{"value", std::to_string(*it)}, {"label", std::to_string(*it)}, {"selected", year == std::to_string(*it)}});
  std::string regions = ctx.req.Query("regions").empty() ? "workspace" : ctx.req.Query("regions");
  std::string level = ctx.req.Query("level").empty() ? "2" : ctx.req.Query("level");
  auto q = [&](const std::string& k, const std::string& dflt) {
    std::string v = ctx.req.Query(k);
    return v.empty() && !submitted ? dflt : v;
  };
  std::vector<std::string> vary_norm = submitted ? QueryList(ctx, "vary_normalise") : std::vector<std::string>{"minmax", "zscore", "rank"};
  std::vector<std::string> vary_agg = submitted ? QueryList(ctx, "vary_aggregate") : std::vector<std::string>{"arithmetic", "geometric"};
  std::vector<std::string> vary_imp = submitted ? QueryList(ctx, "vary_impute") : std::vector<std::string>{};
  return json{
      {"indicators", ind},
      {"has_indicators", !indicators.empty()},
      {"region_kinds", Options({{"workspace", "the workspace's regions of interest"},
                                {"level", "a NUTS level, within countries"},
                                {"list", "a list of regions"}},
                               regions)},
      {"levels", Options({{"0", "0 (countries)"}, {"1", "1"}, {"2", "2"}, {"3", "3"}}, level)},
      {"countries", ctx.req.Query("countries")},
      {"codes", ctx.req.Query("codes")},
      {"years", year_opts},
      {"window", q("window", "0")},
      {"impute", Options({{"none", "none: a region's index uses the indicators it has"},
                          {"mean", "indicator mean"},
                          {"median", "indicator median"}},
                         q("impute", "none"))},
      {"winsorise", ctx.req.Query("winsorise") == "1"},
      {"normalise", Options({{"minmax", "min-max (0-100)"},
                             {"zscore", "z-score (mean 10, sd 2)"},
                             {"rank", "rank"},
                             {"distance", "distance to the average (average = 1)"}},
                            q("normalise", "minmax"))},
      {"aggregate", Options({{"arithmetic", "arithmetic mean"}, {"geometric", "geometric mean"}}, q("aggregate", "arithmetic"))},
      {"weights", ctx.req.Query("weights")},
      {"mc_runs", q("mc_runs", "1000")},
      {"seed", q("seed", "42")},
      {"vary_impute", Checks({{"none", "none"}, {"mean", "mean"}, {"median", "median"}}, vary_imp)},
      {"vary_normalise", Checks({{"minmax", "min-max"}, {"zscore", "z-score"}, {"rank", "rank"}, {"distance", "distance"}}, vary_norm)},
      {"vary_aggregate", Checks({{"arithmetic", "arithmetic"}, {"geometric", "geometric"}}, vary_agg)},
  };
}

// A rank band as SVG geometry (attributes, not style: the CSP allows no inline styles).
json Band(double p05, double median, double p95, size_t n) {
  const double width = 120;
  auto x = [&](double rank) { return n <= 1 ? 0.0 : (rank - 1) / static_cast<double>(n - 1) * width; };
  return {{"x", FormatNumber(x(p05), 1)},
          {"w", FormatNumber(std::max(1.5, x(p95) - x(p05)), 1)},
          {"m", FormatNumber(x(median), 1)}};
}

Response Results(RequestContext& ctx, json data, const an::CompositeRun& run) {
  const auto& d = run.matrix.data;
  const auto& res = run.result;
  std::vector<size_t> order(d.units.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return res.ranks[a] < res.ranks[b]; });
  const auto& styles = PerformanceGroupStyles();
  json rows = json::array(), values = json::object(), legend = json::array();
  for (const auto& s : styles) legend.push_back({{"label", s.label}, {"color", s.color}});
  for (size_t u : order) {
    json row = {{"rank", FormatNumber(res.ranks[u], 1)},
                {"code", d.units[u]},
                {"name", run.matrix.regions[u].name},
                {"score", FormatNumber(res.scores[u], 2)},
                {"relative", FormatNumber(res.relative[u], 1)},
                {"group", std::string(an::PerformanceGroupName(res.performance[u]))}};
    size_t bin = styles.size();
    for (size_t b = 0; b < styles.size(); ++b)
      if (styles[b].group == res.performance[u]) bin = b;
    if (run.uncertainty) {
      const auto& uu = run.uncertainty->units[u];
      row["median"] = FormatNumber(uu.median_rank, 1);
      row["p05"] = FormatNumber(uu.p05_rank, 1);
      row["p95"] = FormatNumber(uu.p95_rank, 1);
      row["band"] = Band(uu.p05_rank, uu.median_rank, uu.p95_rank, d.units.size());
    }
    rows.push_back(row);
    json v = {{"label", "score " + FormatNumber(res.scores[u], 2) + ", rank " + FormatNumber(res.ranks[u], 0) + ", " +
                            std::string(an::PerformanceGroupName(res.performance[u]))}};
    if (bin < styles.size()) v["bin"] = bin;
    else v["bin"] = -1;
    values[d.units[u]] = v;
  }
  json shares = json::array();
  if (run.uncertainty) {
    for (size_t f = 0; f < an::kUncertaintyFactors; ++f) {
      double s = run.uncertainty->variance_share[f];
      shares.push_back({{"choice", std::string(an::UncertaintyFactorName(static_cast<an::UncertaintyFactor>(f)))},
                        {"percent", FormatNumber(100 * s, 1)}, {"w", FormatNumber(std::max(0.0, s) * 200, 1)}});
    }
    double s = run.uncertainty->interaction_share;
    shares.push_back({{"choice", "interactions"}, {"percent", FormatNumber(100 * s, 1)}, {"w", FormatNumber(std::max(0.0, s) * 200, 1)}});
  }
  json missing = json::array();
  for (size_t k = 0; k < d.indicators.size(); ++k)
    missing.push_back({{"code", d.indicators[k].code}, {"missing", res.missing.missing_per_indicator[k]},
                       {"percent", FormatNumber(100 * res.missing.share_per_indicator[k], 1)},
                       {"over", std::find(res.missing.indicators_over_threshold.begin(), res.missing.indicators_over_threshold.end(), k) !=
                                    res.missing.indicators_over_threshold.end()}});
  json missing_regions = json::array();
  for (size_t u = 0; u < d.units.size(); ++u)
    if (res.missing.missing_per_unit[u] > 0)
      missing_regions.push_back({{"code", d.units[u]}, {"missing", res.missing.missing_per_unit[u]},
                                 {"percent", FormatNumber(100 * res.missing.share_per_unit[u], 1)}});
  // A whole NUTS level is asked for by country and level, so that the URL stays short (1,514
  // NUTS 3 codes would not fit in a request line).
  std::string shapes = ctx.WsUrl("/regions/shapes?codes=" + strings::UrlEncode(strings::Join(d.units, ",")));
  const auto& set = run.request.matrix.regions;
  if (set.kind == an::RegionSetKind::kLevel) {
    std::vector<std::string> countries = set.countries;
    if (countries.empty())
      for (const auto* c : storage::NutsReference::Builtin().List(0)) countries.push_back(c->code);
    shapes = ctx.WsUrl("/regions/shapes?codes=" + strings::UrlEncode(strings::Join(countries, ",")) +
                       "&level=" + std::to_string(set.level));
  }
  json map = {{"shapes_url", shapes}, {"values", values}, {"legend", legend},
              {"attribution", storage::kNutsAttribution}, {"title", "Map of the regions by performance group"}};
  std::string query;
  for (const auto& [k, v] : ctx.req.query) query += (query.empty() ? "" : "&") + strings::UrlEncode(k) + "=" + strings::UrlEncode(v);
  data["result"] = {{"rows", rows},
                    {"has_mc", run.uncertainty.has_value()},
                    {"shares", shares},
                    {"missing", missing},
                    {"missing_regions", missing_regions},
                    {"has_missing_regions", !missing_regions.empty()},
                    {"total_missing", FormatNumber(100 * res.missing.total_share, 1)},
                    {"choices", DescribeChoices(run)},
                    {"notes", run.matrix.notes},
                    {"performance_note", res.performance_note},
                    {"reference", FormatNumber(res.reference, 2)},
                    {"map_config", map.dump()},
                    {"csv_url", ctx.WsUrl("/composite/export.csv?" + query)},
                    {"xlsx_url", ctx.WsUrl("/composite/export.xlsx?" + query)},
                    {"md_url", ctx.WsUrl("/composite/export.md?" + query)},
                    {"html_url", ctx.WsUrl("/composite/export.html?" + query)}};
  data["leaflet_css"] = StaticUrl("vendor/leaflet.css");
  data["map_css"] = StaticUrl("region_map.css");
  data["scripts"] = json::array({StaticUrl("vendor/leaflet.js"), StaticUrl("region_map.js")});
  return RenderPage(ctx, "composite", "Composite index · " + ctx.ws->acronym, data, 200);
}

Response Composite(RequestContext& ctx) {
  auto conn = ctx.app.db.Acquire();
  auto form = FormData(ctx, *conn);
  if (!form.ok()) return ErrorPage(ctx, form.status());
  json data = *form;
  data["map_css"] = StaticUrl("region_map.css");
  if (ctx.req.Query("run").empty()) return RenderPage(ctx, "composite", "Composite index · " + ctx.ws->acronym, data, 200);
  auto request = ReadCompositeRequest(QueryGetter(ctx));
  Result<an::CompositeRun> run = request.ok() ? an::RunComposite(*conn, ctx.ws->id, *request) : Result<an::CompositeRun>(request.status());
  if (!run.ok()) {
    if (run.status().code() != ErrorCode::kInvalidArgument) return ErrorPage(ctx, run.status());
    data["error"] = run.status().message();
    return RenderPage(ctx, "composite", "Composite index · " + ctx.ws->acronym, data, 400);
  }
  return Results(ctx, data, *run);
}

Response Export(RequestContext& ctx, const std::string& format) {
  auto request = ReadCompositeRequest(QueryGetter(ctx));
  if (!request.ok()) return ErrorPage(ctx, request.status());
  auto conn = ctx.app.db.Acquire();
  auto run = an::RunComposite(*conn, ctx.ws->id, *request);
  if (!run.ok()) return ErrorPage(ctx, run.status());
  std::string title = ctx.ws->acronym + " composite index " + std::to_string(run->matrix.year);
  std::string stem = ctx.ws->slug + "-composite-" + std::to_string(run->matrix.year);
  auto tables = CompositeTables(*run, title);
  if (format == "csv") return Response::Download(reports::WriteCsv(tables[0]), "text/csv; charset=utf-8", stem + ".csv");
  if (format == "md") return Response::Download(CompositeMarkdown(*run, title), "text/markdown; charset=utf-8", stem + ".md");
  if (format == "html") return Response::Download(CompositeHtml(*run, title), "text/html; charset=utf-8", stem + ".html");
  reports::XlsxOptions o;
  o.tmp_dir = (fs::path(ctx.app.config.data_dir) / "tmp").string();
  std::error_code ec;
  fs::create_directories(o.tmp_dir, ec);
  auto bytes = reports::WriteXlsxWorkbook(tables, o);
  if (!bytes.ok()) return ErrorPage(ctx, bytes.status());
  return Response::Download(std::move(*bytes), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                            stem + ".xlsx");
}

}  // namespace

void RegisterCompositeRoutes(Router& r) {
  r.Add("GET", "/w/:ws/composite", Access::kViewer, Composite);
  r.Add("GET", "/w/:ws/composite/export.csv", Access::kViewer, [](RequestContext& ctx) { return Export(ctx, "csv"); });
  r.Add("GET", "/w/:ws/composite/export.xlsx", Access::kViewer, [](RequestContext& ctx) { return Export(ctx, "xlsx"); });
  r.Add("GET", "/w/:ws/composite/export.md", Access::kViewer, [](RequestContext& ctx) { return Export(ctx, "md"); });
  r.Add("GET", "/w/:ws/composite/export.html", Access::kViewer, [](RequestContext& ctx) { return Export(ctx, "html"); });
}

}  // namespace corridor::web
