#include "analytics/event_kpis.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/dates.h"
#include "domain/event.h"
#include "domain/stakeholder.h"
#include "storage/event_store.h"
#include "storage/taxonomy_store.h"

namespace corridor::analytics {

namespace {

bool IsIsoDate(const std::string& s) {
  auto d = dates::Parse(s);
  return s.size() == 10 && d && dates::IsValid(*d) && dates::ToIso(*d) == s;
}

void Add(KpiBreakdown& b, domain::EventStatus s) {
  switch (s) {
    case domain::EventStatus::kHeld: ++b.held; break;
    case domain::EventStatus::kPlanned: ++b.planned; break;
    case domain::EventStatus::kCancelled: ++b.cancelled; break;
  }
}

void SortCounts(std::vector<KpiCount>& v) {
  std::sort(v.begin(), v.end(), [](const KpiCount& a, const KpiCount& b) {
    if (a.count != b.count) return a.count > b.count;
    return a.label < b.label;
  });
}

}  // namespace

Result<EventKpis> ComputeEventKpis(storage::Connection& c, int64_t ws, const KpiRange& range) {
  if (!range.from.empty() && !IsIsoDate(range.from))
    return Status::Invalid("from: \"" + range.from + "\" is not a date (YYYY-MM-DD)");
  if (!range.to.empty() && !IsIsoDate(range.to)) return Status::Invalid("to: \"" + range.to + "\" is not a date (YYYY-MM-DD)");
  if (!range.from.empty() && !range.to.empty() && range.to < range.from)
    return Status::Invalid("to: " + range.to + " is before from " + range.from);
  EventKpis k;
  k.from = range.from;
  k.to = range.to;
  k.today = range.today.empty() ? dates::ToIso(dates::Today()) : range.today;
  // Bounds on the start date, as bound parameters ("" and "9999-12-31" when open).
  const std::string lo = range.from, hi = range.to.empty() ? "9999-12-31" : range.to;

  for (auto p : domain::AllEventPurposes())
    k.by_purpose.push_back({domain::EventPurposeKey(p), domain::EventPurposeLabel(p), 0, 0, 0});
  for (auto kd : domain::AllEventKinds())
    k.by_kind.push_back({domain::EventKindKey(kd), domain::EventKindLabel(kd), 0, 0, 0});

  // Events and completeness: the store's summaries carry the one completeness rule.
  storage::EventStore store(c);
  storage::EventQuery q;
  q.limit = 5000;
  CORRIDOR_ASSIGN_OR_RETURN(auto events, store.List(ws, q));
  for (const auto& s : events) {
    const auto& e = s.event;
    if (e.start_date < lo || e.start_date > hi) continue;
    ++k.events;
    switch (e.status) {
      case domain::EventStatus::kHeld:
        ++k.held;
        (s.completeness.Complete() ? k.held_complete : k.held_incomplete)++;
        break;
      case domain::EventStatus::kPlanned: ++k.planned; break;
      case domain::EventStatus::kCancelled: ++k.cancelled; break;
    }
    for (auto& b : k.by_purpose)
      if (b.key == domain::EventPurposeKey(e.purpose)) Add(b, e.status);
    for (auto& b : k.by_kind)
      if (b.key == domain::EventKindKey(e.kind)) Add(b, e.status);
  }

  // Participants: listed, and checked in by type and by country.
  CORRIDOR_ASSIGN_OR_RETURN(
      auto totals, c.Query("SELECT COUNT(*), COALESCE(SUM(CASE WHEN p.checked_in_at <> '' THEN 1 ELSE 0 END), 0)"
                           " FROM event_participants p JOIN events e ON e.id = p.event_id"
                           " WHERE e.workspace_id = ? AND e.start_date >= ? AND e.start_date <= ?",
                           {ws, lo, hi}));
  if (!totals.empty()) {
    k.participants_listed = totals[0].Int(0);
    k.participants_checked_in = totals[0].Int(1);
  }
  storage::TaxonomyStore tax(c);
  CORRIDOR_ASSIGN_OR_RETURN(auto taxonomy, tax.List(ws, true));
  CORRIDOR_ASSIGN_OR_RETURN(
      auto by_type, c.Query("SELECT p.stakeholder_type, COUNT(*) FROM event_participants p JOIN events e ON e.id = p.event_id"
                            " WHERE e.workspace_id = ? AND e.start_date >= ? AND e.start_date <= ?"
                            " AND p.checked_in_at <> '' GROUP BY p.stakeholder_type",
                            {ws, lo, hi}));
  for (const auto& r : by_type) {
    std::string key = r.Text(0);
    std::string label = key.empty() ? "Not recorded" : storage::TaxonomyStore::LabelOf(taxonomy, domain::TaxonomyKind::kType, key);
    k.checked_in_by_type.push_back({key, label.empty() ? key : label, r.Int(1)});
  }
  SortCounts(k.checked_in_by_type);
  CORRIDOR_ASSIGN_OR_RETURN(
      auto by_country, c.Query("SELECT p.country, COUNT(*) FROM event_participants p JOIN events e ON e.id = p.event_id"
                               " WHERE e.workspace_id = ? AND e.start_date >= ? AND e.start_date <= ?"
                               " AND p.checked_in_at <> '' GROUP BY p.country",
                               {ws, lo, hi}));
  for (const auto& r : by_country) {
    std::string key = r.Text(0);
    k.checked_in_by_country.push_back({key, key.empty() ? "Not recorded" : key, r.Int(1)});
  }
  SortCounts(k.checked_in_by_country);

  // Sister projects engaged: linked to a held event, or to an agenda item of one; per project,
  // the number of distinct held events that engaged it.
  CORRIDOR_ASSIGN_OR_RETURN(
      auto projects,
      c.Query("SELECT sp.id, sp.acronym, COUNT(DISTINCT x.event_id) FROM sister_projects sp JOIN ("
              " SELECT ep.project_id, ep.event_id FROM event_projects ep JOIN events e ON e.id = ep.event_id"
              "  WHERE e.workspace_id = ? AND e.status = 'held' AND e.start_date >= ? AND e.start_date <= ?"
              " UNION SELECT a.project_id, a.event_id FROM event_agenda_items a JOIN events e ON e.id = a.event_id"
              "  WHERE e.workspace_id = ? AND e.status = 'held' AND e.start_date >= ? AND e.start_date <= ?"
              "  AND a.project_id IS NOT NULL) x ON x.project_id = sp.id"
              " WHERE sp.workspace_id = ? GROUP BY sp.id, sp.acronym",
              {ws, lo, hi, ws, lo, hi, ws}));
  for (const auto& r : projects) {
    std::string acronym = r.Text(1).empty() ? "#" + r.Text(0) : r.Text(1);
    k.engaged_projects.push_back(acronym);
    k.held_events_by_project.push_back({acronym, acronym, r.Int(2)});
  }
  std::sort(k.engaged_projects.begin(), k.engaged_projects.end());
  SortCounts(k.held_events_by_project);
  k.sister_projects_engaged = static_cast<int64_t>(k.engaged_projects.size());

  // Actions, judged by the domain rules (IsOverdue, ClosedOnTime).
  CORRIDOR_ASSIGN_OR_RETURN(
      auto actions, c.Query("SELECT a.status, a.due_date, a.closed_at FROM event_actions a JOIN events e ON e.id = a.event_id"
                            " WHERE e.workspace_id = ? AND e.start_date >= ? AND e.start_date <= ?",
                            {ws, lo, hi}));
  for (const auto& r : actions) {
    domain::Action a;
    a.status = domain::ParseActionStatus(r.Text(0)).value_or(domain::ActionStatus::kOpen);
    a.due_date = r.Text(1);
    a.closed_at = r.Text(2);
    ++k.actions;
    if (!domain::IsClosed(a.status)) {
      ++k.actions_open;
      if (domain::IsOverdue(a, k.today)) ++k.actions_overdue;
    } else if (a.status == domain::ActionStatus::kDropped) {
      ++k.actions_dropped;
    } else if (domain::ClosedOnTime(a)) {
      ++k.actions_closed_on_time;
    } else {
      ++k.actions_closed_late;
    }
  }
  return k;
}

}  // namespace corridor::analytics
