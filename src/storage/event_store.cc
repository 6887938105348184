#include "storage/event_store.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/dates.h"
#include "core/strings.h"
#include "storage/event_followup.h"

namespace corridor::storage {

using domain::Event;

namespace {

// The scalar fields of an event, in audit and UPDATE order: key, label, getter.
struct EventField {
  const char* key;
  const char* label;
  std::string (*get)(const Event&);
};

const std::vector<EventField>& EventFields() {
  static const std::vector<EventField> f = {
      {"title", "Title", [](const Event& e) { return e.title; }},
      {"kind", "Kind", [](const Event& e) { return domain::EventKindKey(e.kind); }},
      {"purpose", "Purpose", [](const Event& e) { return domain::EventPurposeKey(e.purpose); }},
      {"start_date", "Start date", [](const Event& e) { return e.start_date; }},
      {"end_date", "End date", [](const Event& e) { return e.end_date; }},
      {"start_time", "Start time", [](const Event& e) { return e.start_time; }},
      {"end_time", "End time", [](const Event& e) { return e.end_time; }},
      {"place", "Place", [](const Event& e) { return e.place; }},
      {"url", "Web address", [](const Event& e) { return e.url; }},
      {"mode", "Mode", [](const Event& e) { return domain::EventModeKey(e.mode); }},
      {"organiser", "Organiser", [](const Event& e) { return e.organiser; }},
      {"status", "Status", [](const Event& e) { return domain::EventStatusKey(e.status); }},
      {"milestone", "Milestone", [](const Event& e) { return e.milestone; }},
      {"description", "Description", [](const Event& e) { return e.description; }},
      {"expected_outputs", "Expected outputs", [](const Event& e) { return e.expected_outputs; }},
      {"actual_outputs", "Actual outputs", [](const Event& e) { return e.actual_outputs; }},
      {"minutes_md", "Minutes", [](const Event& e) { return e.minutes_md; }},
  };
  return f;
}

std::string FieldLabel(const std::string& key) {
  for (const EventField& f : EventFields())
    if (key == f.key) return f.label;
  if (key == "invitation_list_id") return "Invitation list";
  if (key == "project_ids") return "Sister projects";
  if (key == "stakeholder_ids") return "Stakeholders";
  return key;
}

std::vector<int64_t> Canonical(std::vector<int64_t> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

// Trims what people type; blank minutes are stored as "" so "has minutes" is a plain comparison.
void Normalise(Event& e) {
  e.title = strings::Trim(e.title);
  e.start_date = strings::Trim(e.start_date);
  e.end_date = strings::Trim(e.end_date);
  if (e.end_date == e.start_date) e.end_date.clear();
  e.start_time = strings::Trim(e.start_time);
  e.end_time = strings::Trim(e.end_time);
  e.place = strings::Trim(e.place);
  e.url = strings::Trim(e.url);
  e.organiser = strings::Trim(e.organiser);
  e.milestone = strings::Trim(e.milestone);
  if (strings::Trim(e.minutes_md).empty()) e.minutes_md.clear();
  e.project_ids = Canonical(e.project_ids);
  e.stakeholder_ids = Canonical(e.stakeholder_ids);
}

// "this event was changed after you opened it (Admin at ... changed Title, Minutes)".
Status StaleVersion(Connection& c, int64_t id, int64_t version) {
  auto since = AuditStore(c).SinceVersion(kEventEntity, id, version);
  std::string who_what;
  if (since.ok()) {
    std::map<std::string, std::set<std::string>> by_user;
    for (const auto& e : *since) by_user[e.user_name + " at " + e.at].insert(FieldLabel(e.field.empty() ? e.action : e.field));
    for (auto& [u, fs] : by_user)
      who_what += (who_what.empty() ? "" : "; ") + u + " changed " +
                  strings::Join(std::vector<std::string>(fs.begin(), fs.end()), ", ");
  }
  return Status::Conflict("this event was changed after you opened it (" +
                          (who_what.empty() ? std::string("by another user") : who_what) +
                          "); your input is kept below: review the current values and save again");
}

// The linked records and the list must belong to the workspace. Links the event already has are
// not checked again: a stakeholder erased since must not block every later edit of the event.
Status CheckLinks(Connection& c, int64_t ws, const Event& e, const Event* current = nullptr) {
  auto known = [&](const std::vector<int64_t>& ids, int64_t id) {
    return current && std::find(ids.begin(), ids.end(), id) != ids.end();
  };
  for (int64_t pid : e.project_ids) {
    if (current && known(current->project_ids, pid)) continue;
    auto r = c.Scalar("SELECT id FROM sister_projects WHERE id = ? AND workspace_id = ?", {pid, ws});
    if (!r.ok()) return r.status();
    if (!*r) return Status::Invalid("project_ids: no sister project #" + std::to_string(pid) + " in this workspace");
  }
  for (int64_t sid : e.stakeholder_ids) {
    if (current && known(current->stakeholder_ids, sid)) continue;
    auto r = c.Scalar("SELECT id FROM stakeholders WHERE id = ? AND workspace_id = ? AND status IN ('active', 'pending')",
                      {sid, ws});
    if (!r.ok()) return r.status();
    if (!*r) return Status::Invalid("stakeholder_ids: no stakeholder #" + std::to_string(sid) + " in this workspace");
  }
  if (e.invitation_list_id && !(current && current->invitation_list_id == e.invitation_list_id)) {
    auto r = c.Scalar("SELECT id FROM invitation_lists WHERE id = ? AND workspace_id = ?", {*e.invitation_list_id, ws});
    if (!r.ok()) return r.status();
    if (!*r)
      return Status::Invalid("invitation_list_id: no invitation list #" + std::to_string(*e.invitation_list_id) +
                             " in this workspace");
  }
  return Status::Ok();
}

Status WriteLinks(Connection& c, int64_t event_id, const std::vector<int64_t>& projects,
                  const std::vector<int64_t>& stakeholders) {
  CORRIDOR_RETURN_IF_ERROR(c.Exec("DELETE FROM event_projects WHERE event_id = ?", {event_id}).status());
  CORRIDOR_RETURN_IF_ERROR(c.Exec("DELETE FROM event_stakeholders WHERE event_id = ?", {event_id}).status());
  for (int64_t p : projects)
    CORRIDOR_RETURN_IF_ERROR(
        c.Exec("INSERT INTO event_projects(event_id, project_id) VALUES (?, ?)", {event_id, p}).status());
  for (int64_t s : stakeholders)
    CORRIDOR_RETURN_IF_ERROR(
        c.Exec("INSERT INTO event_stakeholders(event_id, stakeholder_id) VALUES (?, ?)", {event_id, s}).status());
  return Status::Ok();
}

// Readable values for the audit of the link fields ("RAW4RES, CRUSADE").
std::string ProjectNames(Connection& c, const std::vector<int64_t>& ids) {
  std::vector<std::string> out;
  for (int64_t id : ids) {
    auto r = c.Scalar("SELECT acronym FROM sister_projects WHERE id = ?", {id});
    std::string name = r.ok() && *r && std::holds_alternative<std::string>(**r) ? std::get<std::string>(**r) : "";
    out.push_back(name.empty() ? "#" + std::to_string(id) : name + " (#" + std::to_string(id) + ")");
  }
  return strings::Join(out, ", ");
}
std::string StakeholderNames(Connection& c, const std::vector<int64_t>& ids) {
  std::vector<std::string> out;
  for (int64_t id : ids) {
    auto r = c.Scalar("SELECT name FROM stakeholders WHERE id = ?", {id});
    std::string name = r.ok() && *r && std::holds_alternative<std::string>(**r) ? std::get<std::string>(**r) : "";
    out.push_back(name.empty() ? "#" + std::to_string(id) : name + " (#" + std::to_string(id) + ")");
  }
  return strings::Join(out, ", ");
}

Status LoadLinks(Connection& c, Event& e) {
  auto p = c.Query("SELECT project_id FROM event_projects WHERE event_id = ? ORDER BY project_id", {e.id});
  if (!p.ok()) return p.status();
  e.project_ids.clear();
  for (const Row& r : *p) e.project_ids.push_back(r.Int(0));
  auto s = c.Query("SELECT stakeholder_id FROM event_stakeholders WHERE event_id = ? ORDER BY stakeholder_id", {e.id});
  if (!s.ok()) return s.status();
  e.stakeholder_ids.clear();
  for (const Row& r : *s) e.stakeholder_ids.push_back(r.Int(0));
  return Status::Ok();
}

Result<std::string> WorkspaceStart(Connection& c, int64_t ws) {
  auto r = c.Scalar("SELECT start_date FROM workspaces WHERE id = ?", {ws});
  if (!r.ok()) return r.status();
  if (!*r || !std::holds_alternative<std::string>(**r)) return std::string();
  return std::get<std::string>(**r);
}

// Counts per event, for lists and the timeline; minutes are tested, not read.
constexpr const char* kSummaryColumns =
    "e.id, e.workspace_id, e.title, e.kind, e.purpose, e.start_date, e.end_date, e.start_time, e.end_time, "
    "e.place, e.url, e.mode, e.organiser, e.status, e.milestone, e.description, e.expected_outputs, "
    "e.actual_outputs, '' AS minutes_md, e.invitation_list_id, e.version, e.created_at, e.updated_at, "
    "CASE WHEN e.minutes_md = '' THEN 0 ELSE 1 END AS has_minutes, "
    "(SELECT COUNT(*) FROM event_agenda_items a WHERE a.event_id = e.id) AS n_agenda, "
    "(SELECT COUNT(*) FROM event_participants p WHERE p.event_id = e.id) AS n_participants, "
    "(SELECT COUNT(*) FROM event_participants p WHERE p.event_id = e.id AND p.checked_in_at <> '') AS n_checked_in, "
    "(SELECT COUNT(*) FROM event_attachments t WHERE t.event_id = e.id) AS n_attachments, "
    "(SELECT COUNT(*) FROM event_attachments t WHERE t.event_id = e.id AND t.label = 'agenda') AS n_agenda_files, "
    "(SELECT COUNT(*) FROM event_attachments t WHERE t.event_id = e.id AND t.label = 'minutes') AS n_minutes_files, "
    "(SELECT COUNT(*) FROM event_actions x WHERE x.event_id = e.id) AS n_actions, "
    "(SELECT COUNT(*) FROM event_actions x WHERE x.event_id = e.id AND x.status IN ('open', 'in-progress')) "
    "AS n_open_actions";

Result<std::vector<EventSummary>> ToSummaries(Connection& c, int64_t ws, const Rows& rows) {
  CORRIDOR_ASSIGN_OR_RETURN(std::string start, WorkspaceStart(c, ws));
  std::vector<EventSummary> out;
  out.reserve(rows.size());
  std::map<int64_t, size_t> index;
  for (const Row& r : rows) {
    EventSummary s;
    s.event = ToEvent(r);
    s.project_month = domain::ProjectMonth(start, s.event.start_date);
    s.agenda_items = r.Int("n_agenda");
    s.participants = r.Int("n_participants");
    s.checked_in = r.Int("n_checked_in");
    s.attachments = r.Int("n_attachments");
    s.actions = r.Int("n_actions");
    s.open_actions = r.Int("n_open_actions");
    s.completeness = CompletenessFrom(s.agenda_items, r.Int("n_agenda_files"), s.participants,
                                      r.Int("has_minutes") ? "x" : "", r.Int("n_minutes_files"), s.actions);
    index[s.event.id] = out.size();
    out.push_back(std::move(s));
  }
  if (out.empty()) return out;
  // Links of all listed events in two queries.
  auto p = c.Query("SELECT ep.event_id, ep.project_id FROM event_projects ep JOIN events e ON e.id = ep.event_id "
                   "WHERE e.workspace_id = ? ORDER BY ep.event_id, ep.project_id",
                   {ws});
  if (!p.ok()) return p.status();
  for (const Row& r : *p)
    if (auto it = index.find(r.Int(0)); it != index.end()) out[it->second].event.project_ids.push_back(r.Int(1));
  auto s = c.Query("SELECT es.event_id, es.stakeholder_id FROM event_stakeholders es JOIN events e ON e.id = es.event_id "
                   "WHERE e.workspace_id = ? ORDER BY es.event_id, es.stakeholder_id",
                   {ws});
  if (!s.ok()) return s.status();
  for (const Row& r : *s)
    if (auto it = index.find(r.Int(0)); it != index.end()) out[it->second].event.stakeholder_ids.push_back(r.Int(1));
  return out;
}

std::string Where(Connection& c, int64_t ws, const EventQuery& q, Params& params) {
  std::string where = " WHERE e.workspace_id = ?";
  params.push_back(ws);
  if (!q.status.empty()) {
    where += " AND e.status = ?";
    params.push_back(q.status);
  }
  if (!q.kind.empty()) {
    where += " AND e.kind = ?";
    params.push_back(q.kind);
  }
  if (!q.purpose.empty()) {
    where += " AND e.purpose = ?";
    params.push_back(q.purpose);
  }
  if (!q.from.empty()) {  // ends on or after `from` (an event without end date ends on its start)
    where += " AND (CASE WHEN e.end_date = '' THEN e.start_date ELSE e.end_date END) >= ?";
    params.push_back(q.from);
  }
  if (!q.to.empty()) {
    where += " AND e.start_date <= ?";
    params.push_back(q.to);
  }
  std::string text = strings::Trim(q.text);
  if (!text.empty()) {
    std::string like = CaseInsensitiveLike(c.engine());
    std::string pat = "%" + text + "%";
    where += " AND (e.title " + like + " ? OR e.place " + like + " ? OR e.organiser " + like + " ? OR e.milestone " +
             like + " ? OR e.description " + like + " ?)";
    for (int i = 0; i < 5; ++i) params.push_back(pat);
  }
  return where;
}

}  // namespace

Event ToEvent(const Row& r) {
  Event e;
  e.id = r.Int("id");
  e.workspace_id = r.Int("workspace_id");
  e.title = r.Text("title");
  e.kind = domain::ParseEventKind(r.Text("kind")).value_or(domain::EventKind::kProjectLed);
  e.purpose = domain::ParseEventPurpose(r.Text("purpose")).value_or(domain::EventPurpose::kCooperationActivation);
  e.start_date = r.Text("start_date");
  e.end_date = r.Text("end_date");
  e.start_time = r.Text("start_time");
  e.end_time = r.Text("end_time");
  e.place = r.Text("place");
  e.url = r.Text("url");
  e.mode = domain::ParseEventMode(r.Text("mode")).value_or(domain::EventMode::kInPerson);
  e.organiser = r.Text("organiser");
  e.status = domain::ParseEventStatus(r.Text("status")).value_or(domain::EventStatus::kPlanned);
  e.milestone = r.Text("milestone");
  e.description = r.Text("description");
  e.expected_outputs = r.Text("expected_outputs");
  e.actual_outputs = r.Text("actual_outputs");
  e.minutes_md = r.Text("minutes_md");
  if (!r.IsNull("invitation_list_id")) e.invitation_list_id = r.Int("invitation_list_id");
  e.version = r.Int("version");
  e.created_at = r.Text("created_at");
  e.updated_at = r.Text("updated_at");
  return e;
}

Result<std::optional<Event>> EventStore::Get(int64_t ws, int64_t id) {
  auto rows = c_.Query("SELECT * FROM events WHERE id = ? AND workspace_id = ?", {id, ws});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<Event>();
  Event e = ToEvent((*rows)[0]);
  CORRIDOR_RETURN_IF_ERROR(LoadLinks(c_, e));
  return std::optional<Event>(std::move(e));
}

Result<std::vector<EventSummary>> EventStore::List(int64_t ws, const EventQuery& q) {
  Params params;
  std::string where = Where(c_, ws, q, params);
  int limit = std::clamp(q.limit, 1, 5000);
  params.push_back(int64_t{limit});
  params.push_back(int64_t{std::max(0, q.offset)});
  std::string dir = q.descending ? " DESC" : "";
  auto rows = c_.Query(std::string("SELECT ") + kSummaryColumns + " FROM events e" + where +
                           " ORDER BY e.start_date" + dir + ", e.start_time" + dir + ", e.id" + dir + " LIMIT ? OFFSET ?",
                       params);
  if (!rows.ok()) return rows.status();
  return ToSummaries(c_, ws, *rows);
}

Result<int64_t> EventStore::Count(int64_t ws, const EventQuery& q) {
  Params params;
  std::string where = Where(c_, ws, q, params);
  auto r = c_.Scalar("SELECT COUNT(*) FROM events e" + where, params);
  if (!r.ok()) return r.status();
  return *r ? std::get<int64_t>(**r) : int64_t{0};
}

Result<std::vector<EventSummary>> EventStore::Timeline(int64_t ws) {
  auto rows = c_.Query(std::string("SELECT ") + kSummaryColumns +
                           " FROM events e WHERE e.workspace_id = ? ORDER BY e.start_date, e.start_time, e.id",
                       {ws});
  if (!rows.ok()) return rows.status();
  return ToSummaries(c_, ws, *rows);
}

Result<std::optional<EventSummary>> EventStore::Summary(int64_t ws, int64_t id) {
  auto rows = c_.Query(std::string("SELECT ") + kSummaryColumns + " FROM events e WHERE e.workspace_id = ? AND e.id = ?",
                       {ws, id});
  if (!rows.ok()) return rows.status();
  CORRIDOR_ASSIGN_OR_RETURN(auto list, ToSummaries(c_, ws, *rows));
  if (list.empty()) return std::optional<EventSummary>();
  return std::optional<EventSummary>(std::move(list[0]));
}

Result<int> EventStore::ProjectMonthOf(int64_t ws, const std::string& date) {
  CORRIDOR_ASSIGN_OR_RETURN(std::string start, WorkspaceStart(c_, ws));
  return domain::ProjectMonth(start, date);
}

Result<int64_t> EventStore::Create(Event& e, const Actor& who) {
  last_link_ = {};
  Normalise(e);
  CORRIDOR_RETURN_IF_ERROR(domain::ValidateEvent(e));
  if (e.workspace_id <= 0) return Status::Invalid("workspace: required");
  CORRIDOR_RETURN_IF_ERROR(CheckLinks(c_, e.workspace_id, e));
  std::string now = dates::NowIso();
  Params params;
  std::string cols, marks;
  for (const EventField& f : EventFields()) {
    cols += std::string(f.key) + ", ";
    marks += "?, ";
    params.push_back(f.get(e));
  }
  params.insert(params.end(), {e.workspace_id, e.invitation_list_id ? Value(*e.invitation_list_id) : Value(), now, now});
  auto rows = c_.Query("INSERT INTO events(" + cols + "workspace_id, invitation_list_id, version, created_at, updated_at) "
                           "VALUES (" + marks + "?, ?, 1, ?, ?) RETURNING id",
                       params);
  if (!rows.ok()) return rows.status();
  e.id = (*rows)[0].Int(0);
  e.version = 1;
  e.created_at = e.updated_at = now;
  CORRIDOR_RETURN_IF_ERROR(WriteLinks(c_, e.id, e.project_ids, e.stakeholder_ids));
  AuditStore audit(c_);
  CORRIDOR_RETURN_IF_ERROR(audit.Record(who, e.workspace_id, kEventEntity, e.id, "create", "", "",
                                        e.title + " (" + e.start_date + ", " + domain::EventStatusKey(e.status) + ")", 1));
  if (!e.project_ids.empty())
    CORRIDOR_RETURN_IF_ERROR(audit.Record(who, e.workspace_id, kEventEntity, e.id, "create", "project_ids", "",
                                          ProjectNames(c_, e.project_ids), 1));
  if (!e.stakeholder_ids.empty())
    CORRIDOR_RETURN_IF_ERROR(audit.Record(who, e.workspace_id, kEventEntity, e.id, "create", "stakeholder_ids", "",
                                          StakeholderNames(c_, e.stakeholder_ids), 1));
  return e.id;
}

Status EventStore::Update(Event& e, const Actor& who) {
  last_link_ = {};
  Normalise(e);
  CORRIDOR_RETURN_IF_ERROR(domain::ValidateEvent(e));
  CORRIDOR_ASSIGN_OR_RETURN(auto cur_opt, Get(e.workspace_id, e.id));
  if (!cur_opt) return Status::NotFound("no event #" + std::to_string(e.id) + " in this workspace");
  const Event& cur = *cur_opt;
  if (cur.version != e.version) return StaleVersion(c_, e.id, e.version);
  CORRIDOR_RETURN_IF_ERROR(CheckLinks(c_, e.workspace_id, e, &cur));
  struct Change {
    std::string field, before, after;
  };
  std::vector<Change> changes;
  std::string sets;
  Params params;
  for (const EventField& f : EventFields()) {
    std::string before = f.get(cur), after = f.get(e);
    if (before == after) continue;
    sets += std::string(sets.empty() ? "" : ", ") + f.key + " = ?";
    params.push_back(after);
    changes.push_back({f.key, before, after});
  }
  if (cur.invitation_list_id != e.invitation_list_id) {
    sets += std::string(sets.empty() ? "" : ", ") + "invitation_list_id = ?";
    params.push_back(e.invitation_list_id ? Value(*e.invitation_list_id) : Value());
    changes.push_back({"invitation_list_id", cur.invitation_list_id ? std::to_string(*cur.invitation_list_id) : "",
                       e.invitation_list_id ? std::to_string(*e.invitation_list_id) : ""});
  }
  bool links_changed = cur.project_ids != e.project_ids || cur.stakeholder_ids != e.stakeholder_ids;
  if (cur.project_ids != e.project_ids)
    changes.push_back({"project_ids", ProjectNames(c_, cur.project_ids), ProjectNames(c_, e.project_ids)});
  if (cur.stakeholder_ids != e.stakeholder_ids)
    changes.push_back(
        {"stakeholder_ids", StakeholderNames(c_, cur.stakeholder_ids), StakeholderNames(c_, e.stakeholder_ids)});
  if (changes.empty()) {
    e = cur;
    return Status::Ok();  // nothing changed: no new version
  }
  int64_t next = cur.version + 1;
  std::string now = dates::NowIso();
  sets += std::string(sets.empty() ? "" : ", ") + "version = ?, updated_at = ?";
  params.insert(params.end(), {next, now, e.id, e.workspace_id, cur.version});
  auto r = c_.Exec("UPDATE events SET " + sets + " WHERE id = ? AND workspace_id = ? AND version = ?", params);
  if (!r.ok()) return r.status();
  // Another save won between the read and this UPDATE (see RegistryStore::Update).
  if (*r != 1) return StaleVersion(c_, e.id, e.version);
  if (links_changed) CORRIDOR_RETURN_IF_ERROR(WriteLinks(c_, e.id, e.project_ids, e.stakeholder_ids));
  AuditStore audit(c_);
  for (const Change& ch : changes)
    CORRIDOR_RETURN_IF_ERROR(
        audit.Record(who, e.workspace_id, kEventEntity, e.id, "update", ch.field, ch.before, ch.after, next));
  e.version = next;
  e.created_at = cur.created_at;
  e.updated_at = now;
  if (e.status == domain::EventStatus::kHeld) {
    CORRIDOR_ASSIGN_OR_RETURN(last_link_, EventFollowup(c_).ApplyRegistryLink(e.workspace_id, e.id, who));
  }
  return Status::Ok();
}

Status EventStore::SetStatus(int64_t ws, int64_t id, domain::EventStatus status, const Actor& who) {
  last_link_ = {};
  CORRIDOR_ASSIGN_OR_RETURN(auto cur, Get(ws, id));
  if (!cur) return Status::NotFound("no event #" + std::to_string(id) + " in this workspace");
  if (cur->status != status) {
    auto r = c_.Exec("UPDATE events SET status = ?, version = version + 1, updated_at = ? WHERE id = ? AND workspace_id = ?",
                     {domain::EventStatusKey(status), dates::NowIso(), id, ws});
    if (!r.ok()) return r.status();
    CORRIDOR_RETURN_IF_ERROR(AuditStore(c_).Record(who, ws, kEventEntity, id, "update", "status",
                                                   domain::EventStatusKey(cur->status), domain::EventStatusKey(status),
                                                   cur->version + 1));
  }
  if (status == domain::EventStatus::kHeld) {
    CORRIDOR_ASSIGN_OR_RETURN(last_link_, EventFollowup(c_).ApplyRegistryLink(ws, id, who));
  }
  return Status::Ok();
}

Status EventStore::SetLinks(int64_t ws, int64_t id, const std::vector<int64_t>& project_ids,
                            const std::vector<int64_t>& stakeholder_ids, const Actor& who) {
  last_link_ = {};
  CORRIDOR_ASSIGN_OR_RETURN(auto cur, Get(ws, id));
  if (!cur) return Status::NotFound("no event #" + std::to_string(id) + " in this workspace");
  Event e = *cur;
  e.project_ids = Canonical(project_ids);
  e.stakeholder_ids = Canonical(stakeholder_ids);
  CORRIDOR_RETURN_IF_ERROR(CheckLinks(c_, ws, e, &*cur));
  if (e.project_ids == cur->project_ids && e.stakeholder_ids == cur->stakeholder_ids) return Status::Ok();
  int64_t next = cur->version + 1;
  auto r = c_.Exec("UPDATE events SET version = ?, updated_at = ? WHERE id = ? AND workspace_id = ?",
                   {next, dates::NowIso(), id, ws});
  if (!r.ok()) return r.status();
  CORRIDOR_RETURN_IF_ERROR(WriteLinks(c_, id, e.project_ids, e.stakeholder_ids));
  AuditStore audit(c_);
  if (e.project_ids != cur->project_ids)
    CORRIDOR_RETURN_IF_ERROR(audit.Record(who, ws, kEventEntity, id, "update", "project_ids",
                                          ProjectNames(c_, cur->project_ids), ProjectNames(c_, e.project_ids), next));
  if (e.stakeholder_ids != cur->stakeholder_ids)
    CORRIDOR_RETURN_IF_ERROR(audit.Record(who, ws, kEventEntity, id, "update", "stakeholder_ids",
                                          StakeholderNames(c_, cur->stakeholder_ids),
                                          StakeholderNames(c_, e.stakeholder_ids), next));
  if (cur->status == domain::EventStatus::kHeld) {
    CORRIDOR_ASSIGN_OR_RETURN(last_link_, EventFollowup(c_).ApplyRegistryLink(ws, id, who));
  }
  return Status::Ok();
}

Status EventStore::Delete(int64_t ws, int64_t id, const Actor& who) {
  CORRIDOR_ASSIGN_OR_RETURN(auto cur, Get(ws, id));
  if (!cur) return Status::NotFound("no event #" + std::to_string(id) + " in this workspace");
  // Counts of what goes with it, so the audit says what was deleted.
  auto n = [&](const char* table) -> int64_t {
    auto r = c_.Scalar(std::string("SELECT COUNT(*) FROM ") + table + " WHERE event_id = ?", {id});
    return r.ok() && *r ? std::get<int64_t>(**r) : 0;
  };
  std::string what = cur->title + " (" + cur->start_date + "; " + std::to_string(n("event_agenda_items")) +
                     " agenda items, " + std::to_string(n("event_participants")) + " participants, " +
                     std::to_string(n("event_attachments")) + " attachments, " + std::to_string(n("event_actions")) +
                     " actions)";
  auto r = c_.Exec("DELETE FROM events WHERE id = ? AND workspace_id = ?", {id, ws});
  if (!r.ok()) return r.status();
  return AuditStore(c_).Record(who, ws, kEventEntity, id, "delete", "", what, "", cur->version + 1);
}

}  // namespace corridor::storage
