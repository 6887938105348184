// The event KPIs (analytics/event_kpis) as report Tables, shared by the KPI dashboard's CSV/.xlsx
// downloads and `corridor kpis events`: a summary table (one row per indicator) and one table
// per breakdown (purpose, kind, participant type, participant country).
#pragma once

#include <vector>

#include "analytics/event_kpis.h"
#include "reports/table.h"

namespace corridor::web {

reports::Table KpiSummaryTable(const analytics::EventKpis& k);
reports::Table KpiByPurposeTable(const analytics::EventKpis& k);
reports::Table KpiByKindTable(const analytics::EventKpis& k);
reports::Table KpiByTypeTable(const analytics::EventKpis& k);
reports::Table KpiByCountryTable(const analytics::EventKpis& k);
reports::Table KpiByProjectTable(const analytics::EventKpis& k);  // sister projects engaged, held events each
reports::Table KpiActionsTable(const analytics::EventKpis& k);    // open / overdue / closed on time / late / dropped
// All of the above, summary first (the .xlsx workbook's sheets).
std::vector<reports::Table> KpiTables(const analytics::EventKpis& k);
// One CSV file: the summary, then each breakdown, separated by an empty line and a title row.
std::string KpiCsv(const analytics::EventKpis& k);
// Markdown: a heading and a pipe table per table.
std::string KpiMarkdown(const analytics::EventKpis& k, const std::string& title);

}  // namespace corridor::web
