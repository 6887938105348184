#include "web/composite_output.h"

#include <cmath>
#include <cstdio>

#include "core/strings.h"
#include "reports/csv_writer.h"
#include "reports/svg_chart.h"

namespace corridor::web {

namespace an = analytics;

namespace {

std::vector<std::string> Values(const std::function<std::vector<std::string>(const std::string&)>& get,
                                const std::string& key) {
  std::vector<std::string> out;
  for (const auto& v : get(key))
    for (auto& part : strings::Split(v, ',')) {
      std::string t = strings::Trim(part);
      if (!t.empty()) out.push_back(t);
    }
  return out;
}

std::string First(const std::function<std::vector<std::string>(const std::string&)>& get, const std::string& key) {
  auto v = get(key);
  return v.empty() ? "" : strings::Trim(v[0]);
}

std::string Percent(double share) { return std::isnan(share) ? "" : FormatNumber(100.0 * share, 1); }

std::string MdCell(const std::string& s) {
  std::string g = reports::FormulaGuard(s);
  std::string out;
  for (char c : g) {
    if (c == '|') out += "\\|";
    else if (c == '\\') out += "\\\\";
    else if (c == '\n' || c == '\r') out += ' ';
    else out += c;
  }
  return out;
}

std::string MdTable(const reports::Table& t) {
  std::string out = "|";
  for (const auto& c : t.columns) out += " " + MdCell(c.label) + " |";
  out += "\n|";
  for (const auto& c : t.columns) out += c.kind == reports::ColumnKind::kNumber ? " ---: |" : " --- |";
  out += "\n";
  for (const auto& row : t.rows) {
    out += "|";
    for (size_t i = 0; i < t.columns.size(); ++i) out += " " + MdCell(i < row.size() ? row[i] : "") + " |";
    out += "\n";
  }
  return out;
}

reports::Column Num(const std::string& key, const std::string& label, const std::string& fmt = "0.00") {
  return {key, label, reports::ColumnKind::kNumber, fmt};
}
reports::Column Text(const std::string& key, const std::string& label) {
  return {key, label, reports::ColumnKind::kText, ""};
}

}  // namespace

std::string FormatNumber(double v, int decimals) {
  if (std::isnan(v) || std::isinf(v)) return "";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s = buf;
  if (s == "-0" || s.rfind("-0.", 0) == 0) {
    bool zero = s.find_first_not_of("-0.") == std::string::npos;
    if (zero) s = s.substr(1);
  }
  return s;
}

const std::vector<GroupStyle>& PerformanceGroupStyles() {
  // ColorBrewer RdYlBu-like, readable under the common colour-vision deficiencies.
  static const std::vector<GroupStyle> v = {
      {an::PerformanceGroup::kLeader, "leader", "Leader (above 125% of the average)", "#2c7bb6"},
      {an::PerformanceGroup::kStrong, "strong", "Strong (100-125%)", "#abd9e9"},
      {an::PerformanceGroup::kModerate, "moderate", "Moderate (70-100%)", "#fdae61"},
      {an::PerformanceGroup::kEmerging, "emerging", "Emerging (below 70%)", "#d7191c"},
  };
  return v;
}

Result<an::CompositeRequest> ReadCompositeRequest(const std::function<std::vector<std::string>(const std::string&)>& get) {
  an::CompositeRequest r;
  std::string kind = First(get, "regions");
  if (kind.empty() || kind == "workspace") {
    r.matrix.regions.kind = an::RegionSetKind::kWorkspace;
  } else if (kind == "level") {
    r.matrix.regions.kind = an::RegionSetKind::kLevel;
    auto level = strings::ParseInt(First(get, "level"));
    if (!level || *level < 0 || *level > 3) return Status::Invalid("level: a NUTS level is 0, 1, 2 or 3");
    r.matrix.regions.level = static_cast<int>(*level);
    r.matrix.regions.countries = Values(get, "countries");
  } else if (kind == "list") {
    r.matrix.regions.kind = an::RegionSetKind::kList;
    for (const auto& v : get("codes"))
      for (auto& c : domain::SplitRegionCodes(v)) r.matrix.regions.codes.push_back(c);
    if (r.matrix.regions.codes.empty()) return Status::Invalid("codes: list the regions (NUTS codes or region keys)");
  } else {
    return Status::Invalid("regions: workspace, level or list");
  }
  r.matrix.indicators = Values(get, "indicators");
  if (std::string y = First(get, "year"); !y.empty()) {
    auto year = strings::ParseInt(y);
    if (!year || *year < 1900 || *year > 2100) return Status::Invalid("year: a year between 1900 and 2100, or empty for the latest");
    r.matrix.year = static_cast<int>(*year);
  }
  if (std::string w = First(get, "window"); !w.empty()) {
    auto window = strings::ParseInt(w);
    if (!window || *window < 0 || *window > 50) return Status::Invalid("window: 0 to 50 years");
    r.matrix.window = static_cast<int>(*window);
  }
  if (std::string v = First(get, "impute"); !v.empty()) {
    auto m = an::ParseImputationKey(v);
    if (!m) return Status::Invalid("impute: none, mean or median");
    r.imputation = *m;
  }
  r.winsorise = First(get, "winsorise") == "1" || First(get, "winsorise") == "on";
  if (std::string v = First(get, "normalise"); !v.empty()) {
    auto m = an::ParseNormalisationKey(v);
    if (!m) return Status::Invalid("normalise: minmax, zscore, rank or distance");
    r.normalisation = *m;
  }
  if (std::string v = First(get, "aggregate"); !v.empty()) {
    auto m = an::ParseAggregationKey(v);
    if (!m) return Status::Invalid("aggregate: arithmetic or geometric");
    r.aggregation = *m;
  }
  // Per-indicator weight fields (w_<code>) from the form, then the "weights" text.
  std::string weights = First(get, "weights");
  CORRIDOR_ASSIGN_OR_RETURN(r.weights, an::ParseWeights(weights));
  if (First(get, "weighting") == "equal") r.weights.clear();
  if (std::string v = First(get, "mc_runs"); !v.empty()) {
    auto n = strings::ParseInt(v);
    if (!n || *n < 0 || *n > static_cast<int64_t>(an::kMaxMonteCarloRuns))
      return Status::Invalid("mc_runs: 0 to " + std::to_string(an::kMaxMonteCarloRuns));
    r.mc_runs = static_cast<size_t>(*n);
  }
  if (std::string v = First(get, "seed"); !v.empty()) {
    auto n = strings::ParseInt(v);
    if (!n || *n < 0) return Status::Invalid("seed: a whole number of 0 or more");
    r.seed = static_cast<uint64_t>(*n);
  }
  CORRIDOR_ASSIGN_OR_RETURN(r.mc_imputations, an::ParseImputationList(strings::Join(Values(get, "vary_impute"), ","), "vary_impute"));
  CORRIDOR_ASSIGN_OR_RETURN(r.mc_normalisations,
                            an::ParseNormalisationList(strings::Join(Values(get, "vary_normalise"), ","), "vary_normalise"));
  CORRIDOR_ASSIGN_OR_RETURN(r.mc_aggregations,
                            an::ParseAggregationList(strings::Join(Values(get, "vary_aggregate"), ","), "vary_aggregate"));
  return r;
}

std::vector<std::string> DescribeChoices(const an::CompositeRun& run) {
  const auto& q = run.request;
  std::vector<std::string> out;
  out.push_back("Year " + std::to_string(run.matrix.year) +
                (run.matrix.window ? " (latest value since " + std::to_string(run.matrix.year - run.matrix.window) + ")" : ""));
  out.push_back(std::to_string(run.matrix.data.units.size()) + " regions, " +
                std::to_string(run.matrix.data.indicators.size()) + " indicators");
  out.push_back("Missing values: " + std::string(q.imputation == an::Imputation::kNone
                                                     ? "not imputed (a region's index uses the indicators it has)"
                                                     : std::string(an::ImputationName(q.imputation)) + " imputation"));
  out.push_back(q.winsorise ? "Outliers: winsorised (skewness/kurtosis rule)" : "Outliers: not treated");
  out.push_back("Normalisation: " + std::string(an::NormalisationName(q.normalisation)));
  out.push_back("Weights: " + std::string(q.weights.empty() ? "equal" : "manual"));
  out.push_back("Aggregation: " + std::string(an::AggregationName(q.aggregation)) + " mean");
  if (run.uncertainty)
    out.push_back("Monte Carlo: " + std::to_string(run.uncertainty->runs) + " runs, seed " + std::to_string(q.seed) +
                  ", weights +/-25%" + (q.mc_imputations.size() > 1 ? ", imputations varied" : "") +
                  (q.mc_normalisations.size() > 1 ? ", normalisations varied" : "") +
                  (q.mc_aggregations.size() > 1 ? ", aggregations varied" : ""));
  return out;
}

std::vector<reports::Table> CompositeTables(const an::CompositeRun& run, const std::string& title) {
  const auto& data = run.matrix.data;
  const auto& res = run.result;
  std::vector<reports::Table> out;
  reports::Table index;
  index.title = "Index";
  index.columns = {Text("code", "Region code"), Text("name", "Region"), Num("score", "Index score"),
                   Num("rank", "Rank", "0.0"), Num("relative", "% of average", "0.0"), Text("group", "Performance group")};
  if (run.uncertainty)
    for (auto c : {Num("median_rank", "Median rank (Monte Carlo)", "0.0"), Num("p05_rank", "Rank, 5th percentile", "0.0"),
                   Num("p95_rank", "Rank, 95th percentile", "0.0")})
      index.columns.push_back(c);
  for (size_t k = 0; k < data.indicators.size(); ++k)
    index.columns.push_back(Num("n_" + data.indicators[k].code, data.indicators[k].code + " (normalised)"));
  std::vector<size_t> order(data.units.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return res.ranks[a] < res.ranks[b]; });
  for (size_t u : order) {
    std::vector<std::string> row = {data.units[u], run.matrix.regions[u].name, FormatNumber(res.scores[u], 4),
                                    FormatNumber(res.ranks[u], 1), FormatNumber(res.relative[u], 1),
                                    std::string(an::PerformanceGroupName(res.performance[u]))};
    if (run.uncertainty) {
      const auto& uu = run.uncertainty->units[u];
      row.push_back(FormatNumber(uu.median_rank, 1));
      row.push_back(FormatNumber(uu.p05_rank, 1));
      row.push_back(FormatNumber(uu.p95_rank, 1));
    }
    for (size_t k = 0; k < data.indicators.size(); ++k) row.push_back(FormatNumber(res.normalised[u * data.indicators.size() + k], 4));
    index.rows.push_back(std::move(row));
  }
  out.push_back(std::move(index));

  if (run.uncertainty) {
    reports::Table shares;
    shares.title = "Rank uncertainty";
    shares.columns = {Text("choice", "Choice"), Num("share", "Share of rank variance (%)", "0.0")};
    for (size_t f = 0; f < an::kUncertaintyFactors; ++f)
      shares.rows.push_back({std::string(an::UncertaintyFactorName(static_cast<an::UncertaintyFactor>(f))),
                             Percent(run.uncertainty->variance_share[f])});
    shares.rows.push_back({"interactions", Percent(run.uncertainty->interaction_share)});
    out.push_back(std::move(shares));
  }

  reports::Table missing;
  missing.title = "Missing data";
  missing.columns = {Text("kind", "Indicator or region"), Text("code", "Code"), Num("missing", "Missing values", "0"),
                     Num("share", "Share missing (%)", "0.0")};
  for (size_t k = 0; k < data.indicators.size(); ++k)
    missing.rows.push_back({"indicator", data.indicators[k].code, std::to_string(res.missing.missing_per_indicator[k]),
                            Percent(res.missing.share_per_indicator[k])});
  for (size_t u = 0; u < data.units.size(); ++u)
    if (res.missing.missing_per_unit[u] > 0)
      missing.rows.push_back({"region", data.units[u], std::to_string(res.missing.missing_per_unit[u]),
                              Percent(res.missing.share_per_unit[u])});
  out.push_back(std::move(missing));

  reports::Table inds;
  inds.title = "Indicators";
  inds.columns = {Text("code", "Indicator"), Text("label", "Label"), Text("unit", "Unit"), Num("direction", "Direction", "0"),
                  Num("weight", "Weight")};
  for (size_t k = 0; k < data.indicators.size(); ++k) {
    const auto& meta = run.matrix.indicators[k];
    inds.rows.push_back({meta.code, meta.label, meta.unit, std::to_string(meta.direction),
                         FormatNumber(res.weights.indicator_weights[k], 4)});
  }
  out.push_back(std::move(inds));
  (void)title;
  return out;
}

std::string CompositeMarkdown(const an::CompositeRun& run, const std::string& title) {
  std::string md = "# " + MdCell(title) + "\n\n";
  for (const auto& c : DescribeChoices(run)) md += "- " + MdCell(c) + "\n";
  md += "\n";
  auto tables = CompositeTables(run, title);
  for (const auto& t : tables) {
    md += "## " + t.title + "\n\n";
    if (t.title == "Rank uncertainty")
      md += "Share of the variance of the regions' ranks over the Monte Carlo runs due to each choice "
            "(first-order; the rest is interactions).\n\n";
    md += MdTable(t) + "\n";
  }
  if (!run.matrix.notes.empty() || !run.result.performance_note.empty()) {
    md += "## Notes\n\n";
    for (const auto& n : run.matrix.notes) md += "- " + MdCell(n) + "\n";
    if (!run.result.performance_note.empty()) md += "- " + MdCell(run.result.performance_note) + "\n";
    md += "\n";
  }
  md += "Performance groups are relative to the average of the regions' index scores: leader above 125%, "
        "strong 100-125%, moderate 70-100%, emerging below 70%.\n";
  return md;
}

namespace {

// One row per region: the 5-95% rank band as a bar, the median as a tick, the nominal rank as a dot.
std::string RankBandSvg(const an::CompositeRun& run, const std::vector<size_t>& order) {
  const auto& units = run.matrix.data.units;
  const size_t n = units.size();
  const int label_w = 220, plot_w = 400, row_h = 18, top = 24;
  int height = top + static_cast<int>(order.size()) * row_h + 10;
  auto x = [&](double rank) { return label_w + (n <= 1 ? 0.0 : (rank - 1) / static_cast<double>(n - 1) * plot_w); };
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + std::to_string(label_w + plot_w + 20) + " " +
                    std::to_string(height) + "\" role=\"img\" aria-label=\"Monte Carlo rank bands\" font-size=\"12\" "
                    "font-family=\"sans-serif\">";
  svg += "<text x=\"" + std::to_string(label_w) + "\" y=\"14\">rank 1</text><text x=\"" + std::to_string(label_w + plot_w) +
         "\" y=\"14\" text-anchor=\"end\">rank " + std::to_string(n) + "</text>";
  int y = top;
  for (size_t u : order) {
    const auto& uu = run.uncertainty->units[u];
    std::string label = units[u] + " " + run.matrix.regions[u].name;
    if (label.size() > 34) label = label.substr(0, 33) + "...";
    svg += "<text x=\"0\" y=\"" + std::to_string(y + 12) + "\">" + strings::HtmlEscape(label) + "</text>";
    svg += "<rect class=\"band\" x=\"" + FormatNumber(x(uu.p05_rank), 1) + "\" y=\"" + std::to_string(y + 4) + "\" width=\"" +
           FormatNumber(std::max(2.0, x(uu.p95_rank) - x(uu.p05_rank)), 1) + "\" height=\"8\" fill=\"#56B4E9\"/>";
    svg += "<rect x=\"" + FormatNumber(x(uu.median_rank) - 1, 1) + "\" y=\"" + std::to_string(y + 1) +
           "\" width=\"2\" height=\"14\" fill=\"#000\"/>";
    svg += "<circle cx=\"" + FormatNumber(x(run.result.ranks[u]), 1) + "\" cy=\"" + std::to_string(y + 8) +
           "\" r=\"3\" fill=\"#D55E00\"/>";
    y += row_h;
  }
  return svg + "</svg>";
}

std::string HtmlTable(const reports::Table& t) {
  std::string out = "<table><thead><tr>";
  for (const auto& c : t.columns) out += "<th>" + strings::HtmlEscape(c.label) + "</th>";
  out += "</tr></thead><tbody>";
  for (const auto& row : t.rows) {
    out += "<tr>";
    for (size_t i = 0; i < t.columns.size(); ++i) {
      bool num = t.columns[i].kind == reports::ColumnKind::kNumber;
      out += std::string(num ? "<td class=\"num\">" : "<td>") + strings::HtmlEscape(i < row.size() ? row[i] : "") + "</td>";
    }
    out += "</tr>";
  }
  return out + "</tbody></table>";
}

}  // namespace

std::string CompositeHtml(const an::CompositeRun& run, const std::string& title) {
  const auto& d = run.matrix.data;
  const auto& res = run.result;
  std::vector<size_t> order(d.units.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return res.ranks[a] < res.ranks[b]; });
  std::string h = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + strings::HtmlEscape(title) +
                  "</title><style>body{font-family:sans-serif;max-width:1100px;margin:2rem auto;padding:0 1rem;color:#222}"
                  "table{border-collapse:collapse;margin:0.5rem 0 1.5rem;font-size:0.9rem}th,td{border:1px solid #ccc;"
                  "padding:3px 6px;text-align:left}td.num{text-align:right}svg{max-width:100%;height:auto}</style></head><body>";
  h += "<h1>" + strings::HtmlEscape(title) + "</h1><ul>";
  for (const auto& c : DescribeChoices(run)) h += "<li>" + strings::HtmlEscape(c) + "</li>";
  h += "</ul>";
  std::vector<reports::BarItem> bars;
  for (size_t u : order) bars.push_back({d.units[u] + " " + run.matrix.regions[u].name, res.scores[u]});
  reports::BarChartOptions bo;
  bo.title = "Index score";
  bo.value_decimals = 1;
  h += "<h2>Index</h2>" + reports::HorizontalBarChartSvg(bars, bo);
  if (run.uncertainty)
    h += "<h2>Rank uncertainty</h2><p>Blue: ranks between the 5th and 95th percentile of the Monte Carlo runs; black: "
         "median rank; orange: the nominal rank.</p>" + RankBandSvg(run, order);
  auto tables = CompositeTables(run, title);
  for (const auto& t : tables) {
    h += "<h2>" + strings::HtmlEscape(t.title) + "</h2>";
    if (t.title == "Rank uncertainty") {
      std::vector<reports::BarItem> share_bars;
      for (const auto& row : t.rows) share_bars.push_back({row[0], strings::ParseDouble(row[1]).value_or(0)});
      reports::BarChartOptions so;
      so.title = "Share of rank variance (%)";
      so.value_decimals = 1;
      h += reports::HorizontalBarChartSvg(share_bars, so);
    }
    h += HtmlTable(t);
  }
  if (!run.matrix.notes.empty() || !res.performance_note.empty()) {
    h += "<h2>Notes</h2><ul>";
    for (const auto& n : run.matrix.notes) h += "<li>" + strings::HtmlEscape(n) + "</li>";
    if (!res.performance_note.empty()) h += "<li>" + strings::HtmlEscape(res.performance_note) + "</li>";
    h += "</ul>";
  }
  h += "<p>Performance groups are relative to the average of the regions' index scores: leader above 125%, strong "
       "100-125%, moderate 70-100%, emerging below 70%.</p></body></html>\n";
  return h;
}

}  // namespace corridor::web
