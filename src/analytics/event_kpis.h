// Engagement KPIs of the clustering events of a workspace (issue 4, point 6), computed from the
// recorded data and never typed in: events by purpose and by kind (held / planned / cancelled),
// participants who checked in by stakeholder type and by country, distinct sister projects
// engaged (linked to a held event or to an agenda item of one), the action list's state (open,
// overdue, closed on time, closed late, dropped) and the evidence completeness of held events.
// An optional date range selects events by start date; everything else follows the events.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "storage/database.h"

namespace corridor::analytics {

struct KpiBreakdown {
  std::string key;    // stable key ("benchmarking", "research", "ES", "" = not recorded)
  std::string label;  // as people read it
  int64_t held = 0, planned = 0, cancelled = 0;
  int64_t Total() const { return held + planned + cancelled; }
};

struct KpiCount {
  std::string key, label;
  int64_t count = 0;
};

struct EventKpis {
  std::string from, to, today;  // the range asked for ("" = open) and the day overdue is judged on
  int64_t events = 0, held = 0, planned = 0, cancelled = 0;
  std::vector<KpiBreakdown> by_purpose;  // every purpose, in domain order (zeros included)
  std::vector<KpiBreakdown> by_kind;     // every kind, in domain order
  int64_t participants_listed = 0, participants_checked_in = 0;
  std::vector<KpiCount> checked_in_by_type;     // most first, then label; "" -> "Not recorded"
  std::vector<KpiCount> checked_in_by_country;  // most first, then code
  int64_t sister_projects_engaged = 0;
  std::vector<std::string> engaged_projects;  // acronyms, sorted
  std::vector<KpiCount> held_events_by_project;  // engaged project -> held events engaging it, most first
  int64_t actions = 0, actions_open = 0, actions_overdue = 0;  // overdue is a subset of open
  int64_t actions_closed_on_time = 0, actions_closed_late = 0, actions_dropped = 0;
  int64_t held_complete = 0, held_incomplete = 0;  // evidence of held events
};

struct KpiRange {
  std::string from, to;  // ISO dates on the event start date, "" = open
  std::string today;     // ISO; "" = today (UTC)
};

// kInvalidArgument naming the field when from/to are not ISO dates or to is before from.
Result<EventKpis> ComputeEventKpis(storage::Connection& c, int64_t workspace_id, const KpiRange& range);

}  // namespace corridor::analytics
