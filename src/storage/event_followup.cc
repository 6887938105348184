#include "storage/event_followup.h"

#include <algorithm>
#include <map>

#include "core/dates.h"
#include "core/strings.h"
#include "storage/event_evidence_store.h"
#include "storage/registry_store.h"

namespace corridor::storage {

namespace {

// The open-action rows with the responsible person's display name and the event's title and date.
constexpr const char* kOpenActionSql =
    "SELECT x.*, e.title AS event_title, e.start_date AS event_date, "
    "COALESCE(u.display_name, s.name, '') AS responsible_name, u.email AS user_email "
    "FROM event_actions x JOIN events e ON e.id = x.event_id "
    "LEFT JOIN users u ON u.id = x.responsible_user_id "
    "LEFT JOIN stakeholders s ON s.id = x.responsible_stakeholder_id "
    "WHERE x.workspace_id = ? AND x.status IN ('open', 'in-progress') "
    "ORDER BY CASE WHEN x.due_date = '' THEN 1 ELSE 0 END, x.due_date, e.start_date, x.id";

std::string ProjectRef(int64_t id) { return "#" + std::to_string(id); }

}  // namespace

domain::EvidenceCompleteness CompletenessFrom(int64_t agenda_items, int64_t agenda_attachments, int64_t participants,
                                              const std::string& minutes_md, int64_t minutes_attachments,
                                              int64_t actions) {
  domain::EvidenceCompleteness c;
  c.agenda = agenda_items > 0 || agenda_attachments > 0;
  c.participants = participants > 0;
  c.minutes = !strings::Trim(minutes_md).empty() || minutes_attachments > 0;
  c.actions = actions > 0;
  return c;
}

Result<domain::EvidenceCompleteness> EventFollowup::Completeness(int64_t ws, int64_t event_id) {
  CORRIDOR_ASSIGN_OR_RETURN(auto s, EventStore(c_).Summary(ws, event_id));
  if (!s) return Status::NotFound("no event #" + std::to_string(event_id) + " in this workspace");
  return s->completeness;
}

Result<std::vector<IncompleteEvent>> EventFollowup::IncompleteHeldEvents(int64_t ws) {
  EventQuery q;
  q.status = "held";
  q.limit = 5000;
  CORRIDOR_ASSIGN_OR_RETURN(auto list, EventStore(c_).List(ws, q));  // by start date ascending: oldest first
  std::vector<IncompleteEvent> out;
  for (auto& s : list)
    if (!s.completeness.Complete()) {
      IncompleteEvent ie;
      ie.missing = s.completeness.Missing();
      ie.summary = std::move(s);
      out.push_back(std::move(ie));
    }
  return out;
}

Result<std::vector<OpenAction>> EventFollowup::OpenActions(int64_t ws, const std::string& today) {
  auto rows = c_.Query(kOpenActionSql, {ws});
  if (!rows.ok()) return rows.status();
  std::vector<OpenAction> overdue, rest;
  for (const Row& r : *rows) {
    OpenAction oa;
    oa.action = ActionFromRow(r);
    oa.event_id = oa.action.event_id;
    oa.event_title = r.Text("event_title");
    oa.event_date = r.Text("event_date");
    oa.overdue = domain::IsOverdue(oa.action, today);
    (oa.overdue ? overdue : rest).push_back(std::move(oa));
  }
  // Both halves keep the SQL order (due date ascending, undated last).
  overdue.insert(overdue.end(), std::make_move_iterator(rest.begin()), std::make_move_iterator(rest.end()));
  return overdue;
}

Result<std::vector<OpenActionGroup>> EventFollowup::OpenActionsByPerson(int64_t ws, const std::string& today) {
  CORRIDOR_ASSIGN_OR_RETURN(auto flat, OpenActions(ws, today));
  std::vector<OpenActionGroup> groups;
  std::map<std::string, size_t> index;  // "u12" / "s7"
  for (auto& oa : flat) {
    std::string key = oa.action.responsible_user_id ? "u" + std::to_string(*oa.action.responsible_user_id)
                                                    : "s" + std::to_string(oa.action.responsible_stakeholder_id.value_or(0));
    auto it = index.find(key);
    if (it == index.end()) {
      OpenActionGroup g;
      g.responsible_name = oa.action.responsible_name;
      g.user_id = oa.action.responsible_user_id;
      g.stakeholder_id = oa.action.responsible_stakeholder_id;
      it = index.emplace(key, groups.size()).first;
      groups.push_back(std::move(g));
    }
    OpenActionGroup& g = groups[it->second];
    if (oa.overdue) ++g.overdue;
    g.actions.push_back(std::move(oa));  // flat order: overdue first, then due date
  }
  auto first_due = [](const OpenActionGroup& g) {
    for (const auto& a : g.actions)
      if (!a.action.due_date.empty()) return a.action.due_date;
    return std::string("9999-99-99");
  };
  std::stable_sort(groups.begin(), groups.end(), [&](const OpenActionGroup& a, const OpenActionGroup& b) {
    if ((a.overdue > 0) != (b.overdue > 0)) return a.overdue > 0;
    if (a.overdue != b.overdue) return a.overdue > b.overdue;
    std::string da = first_due(a), db = first_due(b);
    if (da != db) return da < db;
    return strings::ToLower(a.responsible_name) < strings::ToLower(b.responsible_name);
  });
  return groups;
}

namespace {

Result<RegistryLinkReport> LinkReport(Connection& c, int64_t ws, int64_t event_id, bool apply, const Actor& who) {
  RegistryLinkReport rep;
  EventStore events(c);
  CORRIDOR_ASSIGN_OR_RETURN(auto summary, events.Summary(ws, event_id));
  if (!summary) return Status::NotFound("no event #" + std::to_string(event_id) + " in this workspace");
  const domain::Event& e = summary->event;
  bool held = e.status == domain::EventStatus::kHeld;
  rep.applies = held && summary->completeness.Complete();
  std::string not_applies = !held ? "the event is not held yet"
                                  : "the evidence is incomplete (missing: " +
                                        strings::Join(summary->completeness.Missing(), ", ") + ")";
  std::string slug;
  {
    auto r = c.Scalar("SELECT slug FROM workspaces WHERE id = ?", {ws});
    if (!r.ok()) return r.status();
    if (*r && std::holds_alternative<std::string>(**r)) slug = std::get<std::string>(**r);
  }
  std::string why = "Joint event documented: " + e.title + " (" + e.start_date + ") /w/" + slug + "/events/" +
                    std::to_string(e.id);
  RegistryStore registry(c);
  for (int64_t pid : e.project_ids) {
    RegistryLinkEntry entry;
    entry.project_id = pid;
    CORRIDOR_ASSIGN_OR_RETURN(auto p, registry.Get(ws, pid));
    if (!p) continue;  // removed meanwhile (the link goes with it)
    entry.acronym = p->Get("acronym");
    entry.stage = domain::StageKey(p->stage);
    auto done = c.Scalar("SELECT moved_at FROM event_registry_moves WHERE event_id = ? AND project_id = ?", {e.id, pid});
    if (!done.ok()) return done.status();
    if (*done) {
      entry.moved = true;
      entry.reason = "already moved by this event";
    } else if (p->stage != domain::Stage::kShortlist) {
      entry.reason = "at stage " + domain::StageLabel(p->stage) + ": only shortlisted projects move";
    } else if (!rep.applies) {
      entry.reason = not_applies;
    } else if (!apply) {
      entry.reason = "will move on the next save";
    } else {
      CORRIDOR_RETURN_IF_ERROR(registry.MoveStage(ws, pid, domain::Stage::kInteractionFiltered, why, who));
      auto ins = c.Exec("INSERT INTO event_registry_moves(event_id, project_id, moved_at) VALUES (?, ?, ?)",
                        {e.id, pid, dates::NowIso()});
      if (!ins.ok()) return ins.status();
      CORRIDOR_RETURN_IF_ERROR(AuditStore(c).Record(who, ws, kEventEntity, e.id, "registry-move", "project_ids", "",
                                                    entry.acronym + " " + ProjectRef(pid) + ": shortlist -> interaction_filtered",
                                                    e.version));
      entry.moved = true;
      entry.reason = "moved";
      rep.moved_now.push_back(pid);
    }
    rep.entries.push_back(std::move(entry));
  }
  return rep;
}

}  // namespace

Result<RegistryLinkReport> EventFollowup::ApplyRegistryLink(int64_t ws, int64_t event_id, const Actor& who) {
  return LinkReport(c_, ws, event_id, true, who);
}

Result<RegistryLinkReport> EventFollowup::RegistryLinkStatus(int64_t ws, int64_t event_id) {
  return LinkReport(c_, ws, event_id, false, Actor{});
}

Result<std::vector<EventFollowup::ProjectEventMove>> EventFollowup::MovesForProject(int64_t ws, int64_t project_id) {
  auto rows = c_.Query(
      "SELECT m.event_id, e.title, e.start_date, m.moved_at FROM event_registry_moves m JOIN events e ON e.id = m.event_id "
      "WHERE e.workspace_id = ? AND m.project_id = ? ORDER BY m.moved_at DESC, m.event_id DESC",
      {ws, project_id});
  if (!rows.ok()) return rows.status();
  std::vector<ProjectEventMove> out;
  for (const Row& r : *rows) out.push_back({r.Int(0), r.Text(1), r.Text(2), r.Text(3)});
  return out;
}

Result<int64_t> EventFollowup::SeedBulkEvent(int64_t ws, domain::Event e, int n_participants, int n_agenda,
                                             int n_actions, int64_t responsible_user_id, const Actor& who) {
  e.workspace_id = ws;
  e.project_ids.clear();
  e.stakeholder_ids.clear();
  e.invitation_list_id.reset();
  EventStore events(c_);
  CORRIDOR_ASSIGN_OR_RETURN(int64_t id, events.Create(e, who));
  std::string now = dates::NowIso();
  static const char* kCountries[] = {"ES", "DE", "FR", "IT", "BE", "NL", "EL", "PT"};
  static const char* kTypes[] = {"industrial-actors", "research-organisations", "policymakers", "ngos", ""};
  {
    CORRIDOR_ASSIGN_OR_RETURN(auto ins, c_.Prepare("INSERT INTO event_participants(event_id, name, organisation, email, "
                                                   "country, stakeholder_type, source, checked_in_at, created_at) "
                                                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    for (int i = 0; i < n_participants; ++i) {
      std::string n = std::to_string(i + 1);
      CORRIDOR_RETURN_IF_ERROR(ins->Run({id, "Participant " + n, "Organisation " + std::to_string(i % 40 + 1),
                                         i % 5 == 4 ? std::string() : "participant" + n + "@example.org",
                                         std::string(kCountries[i % 8]), std::string(kTypes[i % 5]),
                                         std::string(i % 2 ? "walk-in" : "upload"), i % 3 == 0 ? now : std::string(),
                                         now}));
    }
  }
  {
    CORRIDOR_ASSIGN_OR_RETURN(auto ins, c_.Prepare("INSERT INTO event_agenda_items(event_id, position, start_time, "
                                                   "end_time, title, speaker) VALUES (?, ?, ?, ?, ?, ?)"));
    for (int i = 0; i < n_agenda; ++i) {
      int h = 9 + (i / 4) % 9, m = (i % 4) * 15;
      char t[6];
      std::snprintf(t, sizeof t, "%02d:%02d", h, m);
      CORRIDOR_RETURN_IF_ERROR(
          ins->Run({id, int64_t{i + 1}, std::string(t), std::string(), "Agenda item " + std::to_string(i + 1),
                    "Speaker " + std::to_string(i % 7 + 1)}));
    }
  }
  {
    CORRIDOR_ASSIGN_OR_RETURN(auto ins, c_.Prepare("INSERT INTO event_actions(event_id, workspace_id, description, "
                                                   "responsible_user_id, due_date, status, closed_at, version, "
                                                   "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)"));
    dates::Date base{2025, 6, 1};
    int64_t base_days = dates::DaysSinceEpoch(base);
    for (int i = 0; i < n_actions; ++i) {
      std::string due = dates::ToIso(dates::FromDaysSinceEpoch(base_days + (i % 61) - 30));
      bool done = i % 4 == 3;
      CORRIDOR_RETURN_IF_ERROR(ins->Run({id, ws, "Follow-up action " + std::to_string(i + 1), responsible_user_id, due,
                                         std::string(done ? "done" : "open"), done ? now : std::string(), now, now}));
    }
  }
  CORRIDOR_RETURN_IF_ERROR(AuditStore(c_).Record(who, ws, kEventEntity, id, "seed", "", "",
                                                 std::to_string(n_participants) + " participants, " +
                                                     std::to_string(n_agenda) + " agenda items, " +
                                                     std::to_string(n_actions) + " actions",
                                                 1));
  return id;
}

}  // namespace corridor::storage
