// The registry as report tables: the sister-project list in the layout of Table 1 (four
// sections over the 29 fields, then the analytical columns of Table 2), and the counts
// behind Figures 3-5 (by value-chain link, topic, programme, relevance level, pipeline
// stage, and topic x value-chain link). Pure functions of the records: no database.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "domain/sister_project.h"
#include "reports/csv_writer.h"
#include "reports/svg_chart.h"
#include "reports/table.h"
#include "reports/xlsx_writer.h"

namespace corridor::reports {

// Keys and header labels of the analytical columns written after the 29 fields. The
// registry importer recognises the same labels.
inline constexpr const char* kValueChainLinksKey = "value_chain_links";
inline constexpr const char* kTopicKey = "topic";
inline constexpr const char* kLevelKey = "level";
inline constexpr const char* kStageKey = "stage";
inline constexpr const char* kGrantIdKey = "grant_id";
inline constexpr const char* kAnalysisSection = "Analysis";
// Separator of the value-chain links inside one cell.
inline constexpr const char* kLinkSeparator = "; ";

// "Very high", "High", ... (Table 2's capitalisation); "" for an unscored project.
std::string LevelLabel(int relevance_score);

// The whole registry, one row per project in the given order: section row (the four
// sections with "{focal}" replaced, then "Analysis"), 29 field columns labelled as in
// Table 1, then "Value-chain links", "Topic", "Level", "Stage", "CORDIS grant ID".
// Cells are canonical (ISO dates, plain decimals), so writers format them.
Table RegistryTable(const std::vector<domain::SisterProject>& projects, std::string_view focal_acronym);

// The .xlsx file of RegistryTable (one sheet named after the focal acronym's registry).
Result<std::string> RegistryXlsx(const std::vector<domain::SisterProject>& projects, std::string_view focal_acronym,
                                 const XlsxOptions& options = {});
// The CSV file of RegistryTable: one header row, UTF-8 BOM, formula guard on.
std::string RegistryCsv(const std::vector<domain::SisterProject>& projects, std::string_view focal_acronym,
                        const CsvOptions& options = {});

// ---- counts (Figures 3-5) ----

// "value_chain_link", "topic", "programme", "relevance", "stage", then the cross table
// "topic_by_link". Anything else is refused by the functions below.
const std::vector<std::string>& CountDimensions();
bool IsCountDimension(std::string_view dimension);
// "Sister projects by value-chain link" etc., with the focal acronym where it helps.
std::string CountTitle(std::string_view dimension, std::string_view focal_acronym);
// Header of the category column: "Value-chain link", "Topic", "Programme", "Level", "Stage".
std::string CountCategoryLabel(std::string_view dimension);

struct CountItem {
  std::string label;
  int64_t count = 0;
};

// One dimension, categories in a stable, meaningful order: value-chain links and topics in
// the order of Table 2's categories first (only those in use), then others by count and name;
// programmes by count then name; the four relevance levels low -> very high always, then
// "Unscored" when any; the five pipeline stages always, in pipeline order. A project without
// a value counts under "(none)". A project counts once per value-chain link it names.
Result<std::vector<CountItem>> CountBy(const std::vector<domain::SisterProject>& projects, std::string_view dimension);

// Topic x value-chain link (Figure 4): categories are topics, series are value-chain links,
// values[t][l] = number of projects of topic t that name link l.
SeriesChartData TopicByLink(const std::vector<domain::SisterProject>& projects);

// The counts as a report table: for one dimension columns (category, "Projects"); for
// "topic_by_link" columns (Topic, one per link, "Total").
Result<Table> CountsTable(const std::vector<domain::SisterProject>& projects, std::string_view dimension,
                          std::string_view focal_acronym);
Result<std::string> CountsCsv(const std::vector<domain::SisterProject>& projects, std::string_view dimension,
                              std::string_view focal_acronym);
// A horizontal bar chart (stacked bars for "topic_by_link").
Result<std::string> CountsSvg(const std::vector<domain::SisterProject>& projects, std::string_view dimension,
                              std::string_view focal_acronym);

}  // namespace corridor::reports
