// What a composite-index run looks like to people and files (issue 5): the report tables (index
// with score, rank, group, median rank and 5-95% band; variance shares; missing data; the
// indicators used), the Markdown report, the choices read from a form or query string, and the
// performance-group colours shared by the results page and its map. Used by
// web/handlers/composite.cc and `corridor index compute`.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "analytics/composite_run.h"
#include "reports/table.h"

namespace corridor::web {

// Reads the composite form (GET parameters): regions (workspace | level | list), level,
// countries, codes, indicators (repeated or comma-separated), year, window, impute, winsorise,
// normalise, aggregate, weights ("a=2,b=1"), mc_runs, seed, vary_impute / vary_normalise /
// vary_aggregate (comma-separated or repeated). Errors name the field.
Result<analytics::CompositeRequest> ReadCompositeRequest(const std::function<std::vector<std::string>(const std::string&)>& get);

// "Leader (above 125%)" etc. with their colours, in the order leader, strong, moderate, emerging.
struct GroupStyle {
  analytics::PerformanceGroup group;
  std::string key, label, color;
};
const std::vector<GroupStyle>& PerformanceGroupStyles();

std::string FormatNumber(double v, int decimals = 2);  // "" for NaN

// Sheets: "Index" (one row per region), "Rank uncertainty" (variance shares by choice), "Missing
// data" (per indicator and region), "Indicators" (code, label, unit, direction, weight, years).
std::vector<reports::Table> CompositeTables(const analytics::CompositeRun& run, const std::string& title);
// A Markdown report: the choices, the index table, uncertainty, missing data, notes. Cells are
// escaped for pipe tables and formula-guarded.
std::string CompositeMarkdown(const analytics::CompositeRun& run, const std::string& title);
// A standalone HTML report (for a download: its own small stylesheet) with the same tables and
// SVG charts: index scores as bars, each region's Monte Carlo rank band, the variance shares.
// Every piece of text is HTML-escaped.
std::string CompositeHtml(const analytics::CompositeRun& run, const std::string& title);
// The choices in words ("min-max normalisation, arithmetic mean, equal weights, ...").
std::vector<std::string> DescribeChoices(const analytics::CompositeRun& run);

}  // namespace corridor::web
