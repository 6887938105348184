#include "web/event_kpi_tables.h"

#include <string>

#include "core/strings.h"
#include "reports/csv_writer.h"
#include "reports/event_export.h"

namespace corridor::web {

using reports::Column;
using reports::ColumnKind;
using reports::Table;

namespace {

std::string N(int64_t v) { return std::to_string(v); }

Table Breakdown(const std::string& title, const std::string& what, const std::vector<analytics::KpiBreakdown>& rows) {
  Table t;
  t.title = title;
  t.columns = {{"key", "Key", ColumnKind::kText, ""},        {"label", what, ColumnKind::kText, ""},
               {"held", "Held", ColumnKind::kNumber, ""},    {"planned", "Planned", ColumnKind::kNumber, ""},
               {"cancelled", "Cancelled", ColumnKind::kNumber, ""}, {"total", "Total", ColumnKind::kNumber, ""}};
  for (const auto& b : rows) t.rows.push_back({b.key, b.label, N(b.held), N(b.planned), N(b.cancelled), N(b.Total())});
  return t;
}

Table Counts(const std::string& title, const std::string& what, const std::vector<analytics::KpiCount>& rows,
             const char* count_key = "checked_in", const char* count_label = "Participants checked in") {
  Table t;
  t.title = title;
  t.columns = {{"key", "Key", ColumnKind::kText, ""},
               {"label", what, ColumnKind::kText, ""},
               {count_key, count_label, ColumnKind::kNumber, ""}};
  for (const auto& c : rows) t.rows.push_back({c.key, c.label, N(c.count)});
  return t;
}

}  // namespace

Table KpiSummaryTable(const analytics::EventKpis& k) {
  Table t;
  t.title = "Event KPIs";
  t.columns = {{"indicator", "Indicator", ColumnKind::kText, ""}, {"value", "Value", ColumnKind::kNumber, ""},
               {"note", "Note", ColumnKind::kText, ""}};
  std::string range = (k.from.empty() ? "any date" : "from " + k.from) + (k.to.empty() ? "" : " to " + k.to);
  t.rows = {{"Events", N(k.events), "start date " + range},
            {"Events held", N(k.held), ""},
            {"Events planned", N(k.planned), ""},
            {"Events cancelled", N(k.cancelled), ""},
            {"Held events with complete evidence", N(k.held_complete), "agenda, participant list, minutes, action list"},
            {"Held events missing evidence", N(k.held_incomplete), ""},
            {"Participants listed", N(k.participants_listed), ""},
            {"Participants checked in", N(k.participants_checked_in), ""},
            {"Sister projects engaged", N(k.sister_projects_engaged), strings::Join(k.engaged_projects, ", ")},
            {"Actions", N(k.actions), ""},
            {"Actions open", N(k.actions_open), "not done or dropped"},
            {"Actions overdue", N(k.actions_overdue), "open and past due on " + k.today},
            {"Actions closed on time", N(k.actions_closed_on_time), "done on or before the due date"},
            {"Actions closed late", N(k.actions_closed_late), ""},
            {"Actions dropped", N(k.actions_dropped), ""}};
  return t;
}

Table KpiByPurposeTable(const analytics::EventKpis& k) { return Breakdown("Events by purpose", "Purpose", k.by_purpose); }
Table KpiByKindTable(const analytics::EventKpis& k) { return Breakdown("Events by kind", "Kind", k.by_kind); }
Table KpiByTypeTable(const analytics::EventKpis& k) {
  return Counts("Participants by type", "Stakeholder type", k.checked_in_by_type);
}
Table KpiByCountryTable(const analytics::EventKpis& k) {
  return Counts("Participants by country", "Country", k.checked_in_by_country);
}

Table KpiByProjectTable(const analytics::EventKpis& k) {
  return Counts("Sister projects engaged", "Sister project", k.held_events_by_project, "held_events",
                "Held events engaging it");
}
Table KpiActionsTable(const analytics::EventKpis& k) {
  Table t;
  t.title = "Actions";
  t.columns = {{"state", "State", ColumnKind::kText, ""}, {"actions", "Actions", ColumnKind::kNumber, ""}};
  t.rows = {{"Open (not overdue)", N(k.actions_open - k.actions_overdue)},
            {"Overdue", N(k.actions_overdue)},
            {"Closed on time", N(k.actions_closed_on_time)},
            {"Closed late", N(k.actions_closed_late)},
            {"Dropped", N(k.actions_dropped)}};
  return t;
}

std::vector<Table> KpiTables(const analytics::EventKpis& k) {
  return {KpiSummaryTable(k),   KpiByPurposeTable(k), KpiByKindTable(k), KpiByTypeTable(k),
          KpiByCountryTable(k), KpiByProjectTable(k), KpiActionsTable(k)};
}

std::string KpiCsv(const analytics::EventKpis& k) {
  std::string out;
  bool first = true;
  for (const auto& t : KpiTables(k)) {
    reports::CsvOptions o;
    o.bom = first;
    if (!first) out += "\r\n" + reports::FormulaGuard(t.title) + "\r\n";
    out += reports::WriteCsv(t, o);
    first = false;
  }
  return out;
}

std::string KpiMarkdown(const analytics::EventKpis& k, const std::string& title) {
  std::string out = "# " + title + "\n";
  for (const auto& t : KpiTables(k)) out += "\n## " + t.title + "\n\n" + reports::MarkdownTable(t);
  return out;
}

}  // namespace corridor::web
