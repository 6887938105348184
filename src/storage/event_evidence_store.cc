#include "storage/event_evidence_store.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <set>

#include "core/dates.h"
#include "core/strings.h"
#include "domain/stakeholder.h"
#include "storage/event_followup.h"
#include "storage/invitation_store.h"
#include "storage/taxonomy_store.h"

namespace corridor::storage {

using domain::Action;
using domain::AgendaItem;
using domain::Attachment;
using domain::Participant;

namespace {

constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string Base64Encode(std::string_view in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t v = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8) | uint8_t(in[i + 2]);
    out += kB64[(v >> 18) & 63];
    out += kB64[(v >> 12) & 63];
    out += kB64[(v >> 6) & 63];
    out += kB64[v & 63];
  }
  if (i < in.size()) {
    uint32_t v = uint8_t(in[i]) << 16;
    if (i + 1 < in.size()) v |= uint8_t(in[i + 1]) << 8;
    out += kB64[(v >> 18) & 63];
    out += kB64[(v >> 12) & 63];
    out += i + 1 < in.size() ? kB64[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::optional<std::string> Base64Decode(std::string_view in) {
  static const auto table = [] {
    std::array<int, 256> t{};
    t.fill(-1);
    for (int i = 0; i < 64; ++i) t[static_cast<uint8_t>(kB64[i])] = i;
    return t;
  }();
  std::string out;
  out.reserve(in.size() / 4 * 3);
  uint32_t acc = 0;
  int bits = 0;
  for (char ch : in) {
    if (ch == '=') break;
    int v = table[static_cast<uint8_t>(ch)];
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | uint32_t(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return out;
}

// "report.pdf" from "C:\\Users\\x\\report.pdf" or "../../report.pdf"; control characters and
// quotes dropped, at most 200 bytes (cut at a character boundary).
std::string SanitiseFilename(const std::string& raw) {
  std::string name = raw;
  auto slash = name.find_last_of("/\\");
  if (slash != std::string::npos) name = name.substr(slash + 1);
  std::string out;
  for (unsigned char c : name)
    if (c >= 0x20 && c != 0x7F && c != '"' && c != '<' && c != '>' && c != ':' && c != '|' && c != '?' && c != '*')
      out += static_cast<char>(c);
  out = strings::Trim(out);
  while (!out.empty() && out.front() == '.') out.erase(0, 1);
  if (out.size() > 200) {
    size_t cut = 200;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out.resize(cut);
  }
  return strings::EnsureUtf8(out);
}

std::string Megabytes(int64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  return buf;
}

Participant ParticipantFrom(const Row& r) {
  Participant p;
  p.id = r.Int("id");
  p.event_id = r.Int("event_id");
  if (!r.IsNull("stakeholder_id")) p.stakeholder_id = r.Int("stakeholder_id");
  if (!r.IsNull("invitation_id")) p.invitation_id = r.Int("invitation_id");
  p.name = r.Text("name");
  p.organisation = r.Text("organisation");
  p.email = r.Text("email");
  p.country = r.Text("country");
  p.stakeholder_type = r.Text("stakeholder_type");
  p.source = domain::ParseParticipantSource(r.Text("source")).value_or(domain::ParticipantSource::kWalkIn);
  p.checked_in_at = r.Text("checked_in_at");
  return p;
}

AgendaItem AgendaFrom(const Row& r) {
  AgendaItem a;
  a.id = r.Int("id");
  a.event_id = r.Int("event_id");
  a.start_time = r.Text("start_time");
  a.end_time = r.Text("end_time");
  a.title = r.Text("title");
  a.speaker = r.Text("speaker");
  if (!r.IsNull("project_id")) a.project_id = r.Int("project_id");
  a.position = static_cast<int>(r.Int("position"));
  return a;
}

Attachment AttachmentFrom(const Row& r) {
  Attachment a;
  a.id = r.Int("id");
  a.event_id = r.Int("event_id");
  a.filename = r.Text("filename");
  a.content_type = r.Text("content_type");
  a.size = r.Int("size");
  a.sha256 = r.Text("sha256");
  a.label = r.Text("label");
  a.uploaded_at = r.Text("uploaded_at");
  a.uploaded_by = r.Text("uploaded_by");
  return a;
}

constexpr const char* kActionSelect =
    "SELECT x.*, COALESCE(u.display_name, s.name, '') AS responsible_name FROM event_actions x "
    "LEFT JOIN users u ON u.id = x.responsible_user_id "
    "LEFT JOIN stakeholders s ON s.id = x.responsible_stakeholder_id ";

Value OptId(const std::optional<int64_t>& v) { return v ? Value(*v) : Value(); }
std::string OptText(const std::optional<int64_t>& v) { return v ? std::to_string(*v) : ""; }

void NormaliseParticipant(Participant& p) {
  p.name = strings::Trim(p.name);
  p.organisation = strings::Trim(p.organisation);
  p.email = strings::ToLower(strings::Trim(p.email));
  p.country = strings::ToUpper(strings::Trim(p.country));
  if (p.country == "GR") p.country = "EL";  // the EU's code, as the stakeholder registry uses
  p.stakeholder_type = strings::Trim(p.stakeholder_type);
}

}  // namespace

Action ActionFromRow(const Row& r) {
  Action a;
  a.id = r.Int("id");
  a.event_id = r.Int("event_id");
  a.description = r.Text("description");
  if (!r.IsNull("responsible_user_id")) a.responsible_user_id = r.Int("responsible_user_id");
  if (!r.IsNull("responsible_stakeholder_id")) a.responsible_stakeholder_id = r.Int("responsible_stakeholder_id");
  a.responsible_name = r.Text("responsible_name");
  a.due_date = r.Text("due_date");
  a.status = domain::ParseActionStatus(r.Text("status")).value_or(domain::ActionStatus::kOpen);
  a.closed_at = r.Text("closed_at");
  if (!r.IsNull("project_id")) a.project_id = r.Int("project_id");
  if (!r.IsNull("stakeholder_id")) a.stakeholder_id = r.Int("stakeholder_id");
  a.version = r.Int("version");
  return a;
}

// ---- helpers shared by the sections ----

namespace {

// The event row (workspace-scoped): status and version, or kNotFound.
struct EventHead {
  int64_t id = 0, version = 0;
  domain::EventStatus status = domain::EventStatus::kPlanned;
  std::optional<int64_t> invitation_list_id;
  std::string minutes_md;
};

Result<EventHead> Head(Connection& c, int64_t ws, int64_t event_id) {
  auto rows = c.Query("SELECT id, version, status, invitation_list_id, minutes_md FROM events WHERE id = ? AND workspace_id = ?",
                      {event_id, ws});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("no event #" + std::to_string(event_id) + " in this workspace");
  const Row& r = (*rows)[0];
  EventHead h;
  h.id = r.Int(0);
  h.version = r.Int(1);
  h.status = domain::ParseEventStatus(r.Text(2)).value_or(domain::EventStatus::kPlanned);
  if (!r.IsNull(3)) h.invitation_list_id = r.Int(3);
  h.minutes_md = r.Text(4);
  return h;
}

// Each row of `sql` mapped with `from` (one event's agenda, participants, attachments, actions).
template <typename T>
Result<std::vector<T>> MapRows(Connection& c, std::string_view sql, const Params& params, T (*from)(const Row&)) {
  auto rows = c.Query(sql, params);
  if (!rows.ok()) return rows.status();
  std::vector<T> out;
  out.reserve(rows->size());
  for (const Row& r : *rows) out.push_back(from(r));
  return out;
}

// The first row of `sql` mapped with `from`, or nothing.
template <typename T>
Result<std::optional<T>> MapFirstRow(Connection& c, std::string_view sql, const Params& params, T (*from)(const Row&)) {
  auto rows = c.Query(sql, params);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<T>();
  return std::optional<T>(from((*rows)[0]));
}

Status CheckProject(Connection& c, int64_t ws, const std::optional<int64_t>& pid, const char* field) {
  if (!pid) return Status::Ok();
  auto r = c.Scalar("SELECT id FROM sister_projects WHERE id = ? AND workspace_id = ?", {*pid, ws});
  if (!r.ok()) return r.status();
  if (!*r) return Status::Invalid(std::string(field) + ": no sister project #" + std::to_string(*pid) + " in this workspace");
  return Status::Ok();
}

Status CheckStakeholder(Connection& c, int64_t ws, const std::optional<int64_t>& sid, const char* field) {
  if (!sid) return Status::Ok();
  auto r = c.Scalar("SELECT id FROM stakeholders WHERE id = ? AND workspace_id = ? AND status IN ('active', 'pending')",
                    {*sid, ws});
  if (!r.ok()) return r.status();
  if (!*r) return Status::Invalid(std::string(field) + ": no stakeholder #" + std::to_string(*sid) + " in this workspace");
  return Status::Ok();
}

// A taxonomy type given by key or label -> its key; kInvalidArgument when unknown.
Result<std::string> TypeKey(const std::vector<TaxonomyRow>& tax, const std::string& value) {
  if (value.empty()) return std::string();
  for (const auto& t : tax)
    if (t.entry.kind == domain::TaxonomyKind::kType &&
        (strings::IEquals(t.entry.key, value) || strings::IEquals(t.entry.label, value)))
      return t.entry.key;
  std::vector<std::string> keys;
  for (const auto& t : tax)
    if (t.entry.kind == domain::TaxonomyKind::kType && !t.retired) keys.push_back(t.entry.key);
  return Status::Invalid("type: \"" + value + "\" is not a stakeholder type of this workspace (" +
                         strings::Join(keys, ", ") + ")");
}

}  // namespace

Status EventEvidenceStore::BumpEvent(int64_t ws, int64_t event_id) {
  return c_.Exec("UPDATE events SET updated_at = ? WHERE id = ? AND workspace_id = ?", {dates::NowIso(), event_id, ws})
      .status();
}

Status EventEvidenceStore::AfterEvidenceWrite(int64_t ws, int64_t event_id, const Actor& who) {
  last_link_ = {};
  CORRIDOR_RETURN_IF_ERROR(BumpEvent(ws, event_id));
  CORRIDOR_ASSIGN_OR_RETURN(EventHead h, Head(c_, ws, event_id));
  if (h.status != domain::EventStatus::kHeld) return Status::Ok();
  CORRIDOR_ASSIGN_OR_RETURN(last_link_, EventFollowup(c_).ApplyRegistryLink(ws, event_id, who));
  return Status::Ok();
}

// ---- agenda ----

Result<std::vector<AgendaItem>> EventEvidenceStore::Agenda(int64_t ws, int64_t event_id) {
  CORRIDOR_RETURN_IF_ERROR(Head(c_, ws, event_id).status());
  return MapRows(c_, "SELECT * FROM event_agenda_items WHERE event_id = ? ORDER BY position, id", {event_id}, AgendaFrom);
}

Result<int64_t> EventEvidenceStore::AddAgendaItem(int64_t ws, AgendaItem& a, const Actor& who) {
  CORRIDOR_RETURN_IF_ERROR(Head(c_, ws, a.event_id).status());
  a.title = strings::Trim(a.title);
  a.speaker = strings::Trim(a.speaker);
  a.start_time = strings::Trim(a.start_time);
  a.end_time = strings::Trim(a.end_time);
  CORRIDOR_RETURN_IF_ERROR(domain::ValidateAgendaItem(a));
  CORRIDOR_RETURN_IF_ERROR(CheckProject(c_, ws, a.project_id, "project"));
  auto pos = c_.Query("SELECT COALESCE(MAX(position), 0) + 1 FROM event_agenda_items WHERE event_id = ?", {a.event_id});
  if (!pos.ok()) return pos.status();
  a.position = static_cast<int>((*pos)[0].Int(0));
  auto rows = c_.Query("INSERT INTO event_agenda_items(event_id, position, start_time, end_time, title, speaker, "
                       "project_id) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                       {a.event_id, int64_t{a.position}, a.start_time, a.end_time, a.title, a.speaker, OptId(a.project_id)});
  if (!rows.ok()) return rows.status();
  a.id = (*rows)[0].Int(0);
  CORRIDOR_RETURN_IF_ERROR(AuditStore(c_).Record(who, ws, kEventAgendaEntity, a.id, "add", "", "",
                                                 (a.start_time.empty() ? "" : a.start_time + " ") + a.title +
                                                     " (event #" + std::to_string(a.event_id) + ")"));
  CORRIDOR_RETURN_IF_ERROR(AfterEvidenceWrite(ws, a.event_id, who));
  return a.id;
}

Status EventEvidenceStore::UpdateAgendaItem(int64_t ws, const AgendaItem& in, const Actor& who) {
  AgendaItem a = in;
  CORRIDOR_RETURN_IF_ERROR(Head(c_, ws, a.event_id).status());
  a.title = strings::Trim(a.title);
  a.speaker = strings::Trim(a.speaker);
  a.start_time = strings::Trim(a.start_time);
  a.end_time = strings::Trim(a.end_time);
  CORRIDOR_RETURN_IF_ERROR(domain::ValidateAgendaItem(a));
  CORRIDOR_RETURN_IF_ERROR(CheckProject(c_, ws, a.project_id, "project"));
  auto cur = c_.Query("SELECT * FROM event_agenda_items WHERE id = ? AND event_id = ?", {a.id, a.event_id});
  if (!cur.ok()) return cur.status();
  if (cur->empty()) return Status::NotFound("no agenda item #" + std::to_string(a.id) + " in this event");
  AgendaItem before = AgendaFrom((*cur)[0]);
  auto r = c_.Exec("UPDATE event_agenda_items SET start_time = ?, end_time = ?, title = ?, speaker = ?, project_id = ? "
                   "WHERE id = ? AND event_id = ?",
                   {a.start_time, a.end_time, a.title, a.speaker, OptId(a.project_id), a.id, a.event_id});
  if (!r.ok()) return r.status();
  AuditStore audit(c_);
  auto field = [&](const char* f, const std::string& b, const std::string& n) -> Status {
    if (b == n) return Status::Ok();
    return audit.Record(who, ws, kEventAgendaEntity, a.id, "update", f, b, n);
  };
  CORRIDOR_RETURN_IF_ERROR(field("start_time", before.start_time, a.start_time));
  CORRIDOR_RETURN_IF_ERROR(field("end_time", before.end_time, a.end_time));
  CORRIDOR_RETURN_IF_ERROR(field("title", before.title, a.title));
  CORRIDOR_RETURN_IF_ERROR(field("speaker", before.speaker, a.speaker));
  CORRIDOR_RETURN_IF_ERROR(field("project_id", OptText(before.project_id), OptText(a.project_id)));
  return AfterEvidenceWrite(ws, a.event_id, who);
}

Status EventEvidenceStore::DeleteAgendaItem(int64_t ws, int64_t event_id, int64_t item_id, const Actor& who) {
  CORRIDOR_RETURN_IF_ERROR(Head(c_, ws, event_id).status());
  auto cur = c_.Query("SELECT * FROM event_agenda_items WHERE id = ? AND event_id = ?", {item_id, event_id});
  if (!cur.ok()) return cur.status();
  if (cur->empty()) return Status::NotFound("no agenda item #" + std::to_string(item_id) + " in this event");
  CORRIDOR_RETURN_IF_ERROR(c_.Exec("DELETE FROM event_agenda_items WHERE id = ?", {item_id}).status());
  CORRIDOR_RETURN_IF_ERROR(AuditStore(c_).Record(who, ws, kEventAgendaEntity, item_id, "delete", "",
                                                 (*cur)[0].Text("title"), ""));
  return AfterEvidenceWrite(ws, event_id, who);
}

Status EventEvidenceStore::ReorderAgenda(int64_t ws, int64_t event_id, const std::vector<int64_t>& ids,
                                         const Actor& who) {
  CORRIDOR_ASSIGN_OR_RETURN(auto items, Agenda(ws, event_id));
  std::set<int64_t> have, given(ids.begin(), ids.end());
  for (const auto& a : items) have.insert(a.id);
  if (given.size() != ids.size() || have != given)
    return Status::Invalid("order: list every agenda item of the event exactly once");
  std::vector<std::string> before, after;
  for (const auto& a : items) before.push_back(std::to_string(a.id));
  for (size_t i = 0; i < ids.size(); ++i) {
    CORRIDOR_RETURN_IF_ERROR(c_.Exec("UPDATE event_agenda_items SET position = ? WHERE id = ? AND event_id = ?",
                                     {int64_t(i + 1), ids[i], event_id})
                                 .status());
    after.push_back(std::to_string(ids[i]));
  }
  if (before == after) return Status::Ok();
  CORRIDOR_RETURN_IF_ERROR(AuditStore(c_).Record(who, ws, kEventEntity, event_id, "reorder", "agenda",
                                                 strings::Join(before, ","), strings::Join(after, ",")));
  return BumpEvent(ws, event_id);
}

// ---- participants ----

Result<std::vector<Participant>> EventEvidenceStore::Participants(int64_t ws, int64_t event_id) {
  CORRIDOR_RETURN_IF_ERROR(Head(c_, ws, event_id).status());
  return MapRows(c_, "SELECT * FROM event_participants WHERE event_id = ? ORDER BY LOWER(name), id", {event_id},
                 ParticipantFrom);
}

Result<std::optional<Participant>> EventEvidenceStore::GetParticipant(int64_t ws, int64_t event_id, int64_t pid) {
  CORRIDOR_RETURN_IF_ERROR(Head(c_, ws, event_id).status());
  return MapFirstRow(c_, "SELECT * FROM event_participants WHERE id = ? AND event_id = ?", {pid, event_id},
                     ParticipantFrom);
}

Result<std::optional<int64_t>> EventEvidenceStore::MatchStakeholderByEmail(int64_t ws, const std::string& email) {
  std::string e = strings::ToLower(strings::Trim(email));
  if (e.empty()) return std::optional<int64_t>();
  auto r = c_.Scalar("SELECT id FROM stakeholders WHERE workspace_id = ? AND email = ? AND status IN ('active', 'pending')",
                     {ws, e});
  if (!r.ok()) return r.status();
  if (!*r) return std::optional<int64_t>();
  return std::optional<int64_t>(std::get<int64_t>(**r));
}

namespace {

// Fills a participant from its stakeholder record (name/organisation/e-mail when empty, country
// and type when empty), validating that the stakeholder is in the workspace.
Status FillFromStakeholder(Connection& c, int64_t ws, Participant& p) {
  auto rows = c.Query("SELECT name, organisation, email, country, type_key FROM stakeholders WHERE id = ? AND "
                      "workspace_id = ? AND status IN ('active', 'pending')",
                      {*p.stakeholder_id, ws});
  if (!rows.ok()) return rows.status();
  if (rows->empty())
    return Status::Invalid("stakeholder: no stakeholder #" + std::to_string(*p.stakeholder_id) + " in this workspace");
  const Row& r = (*rows)[0];
  if (p.name.empty()) p.name = r.Text(0);
  if (p.organisation.empty()) p.organisation = r.Text(1);
  if (p.email.empty()) p.email = r.Text(2);
  if (p.country.empty()) p.country = r.Text(3);
  if (p.stakeholder_type.empty()) p.stakeholder_type = r.Text(4);
  return Status::Ok();
}

// The participant already on the list as the same stakeholder or e-mail, if any.
Result<std::optional<int64_t>> AlreadyPresent(Connection& c, int64_t event_id, const Participant& p) {
  if (p.stakeholder_id) {
    auto r = c.Scalar("SELECT id FROM event_participants WHERE event_id = ? AND stakeholder_id = ?",
                      {event_id, *p.stakeholder_id});
    if (!r.ok()) return r.status();
    if (*r) return std::optional<int64_t>(std::get<int64_t>(**r));
  }
  if (!p.email.empty()) {
    auto r = c.Scalar("SELECT id FROM event_participants WHERE event_id = ? AND email = ?", {event_id, p.email});
    if (!r.ok()) return r.status();
    if (*r) return std::optional<int64_t>(std::get<int64_t>(**r));
  }
  return std::optional<int64_t>();
}

Result<int64_t> InsertParticipant(Connection& c, int64_t ws, Participant& p, const Actor& who) {
  auto rows = c.Query("INSERT INTO event_participants(event_id, stakeholder_id, invitation_id, name, organisation, email, "
                      "country, stakeholder_type, source, checked_in_at, created_at) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                      {p.event_id, OptId(p.stakeholder_id), OptId(p.invitation_id), p.name, p.organisation, p.email,
                       p.country, p.stakeholder_type, domain::ParticipantSourceKey(p.source), p.checked_in_at,
                       dates::NowIso()});
  if (!rows.ok()) return rows.status();
  p.id = (*rows)[0].Int(0);
  CORRIDOR_RETURN_IF_ERROR(AuditStore(c).Record(
      who, ws, kEventParticipantEntity, p.id, "add", "", "",
      p.name + (p.email.empty() ? "" : " <" + p.email + ">") + " (" + domain::ParticipantSourceKey(p.source) +
          ", event #" + std::to_string(p.event_id) + ")"));
  return p.id;
}

// Normalises, links by e-mail, fills from the stakeholder, maps the type and validates.
Status PrepareParticipant(Connection& c, int64_t ws, const std::vector<TaxonomyRow>& tax, Participant& p) {
  NormaliseParticipant(p);
  if (!p.email.empty() && !domain::IsValidEmail(p.email))
    return Status::Invalid("email: \"" + p.email + "\" is not a valid address (expected name@example.org)");
  if (!p.stakeholder_id && !p.email.empty()) {
    auto r = c.Scalar("SELECT id FROM stakeholders WHERE workspace_id = ? AND email = ? AND status IN ('active', 'pending')",
                      {ws, p.email});
    if (!r.ok()) return r.status();
    if (*r) p.stakeholder_id = std::get<int64_t>(**r);
  }
  if (p.stakeholder_id) CORRIDOR_RETURN_IF_ERROR(FillFromStakeholder(c, ws, p));
  CORRIDOR_ASSIGN_OR_RETURN(p.stakeholder_type, TypeKey(tax, p.stakeholder_type));
  return domain::ValidateParticipant(p);
}

}  // namespace

Result<int64_t> EventEvidenceStore::AddParticipant(int64_t ws, Participant& p, const Actor& who) {
  CORRIDOR_RETURN_IF_ERROR(Head(c_, ws, p.event_id).status());
  CORRIDOR_ASSIGN_OR_RETURN(auto tax, TaxonomyStore(c_).List(ws, true));
  CORRIDOR_RETURN_IF_ERROR(PrepareParticipant(c_, ws, tax, p));
  if (p.invitation_id) {  // must be an invitation of this workspace, for this stakeholder
    auto r = c_.Scalar("SELECT i.id FROM invitations i JOIN invitation_lists l ON l.id = i.list_id WHERE i.id = ? AND "
                       "l.workspace_id = ?",
                       {*p.invitation_id, ws});
    if (!r.ok()) return r.status();
    if (!*r) return Status::Invalid("invitation: no invitation #" + std::to_string(*p.invitation_id) + " in this workspace");
  }
  CORRIDOR_ASSIGN_OR_RETURN(auto present, AlreadyPresent(c_, p.event_id, p));
  if (present)
    return Status::Conflict(p.email.empty() ? "name: " + p.name + " is already a participant"
                                            : "email: " + p.email + " is already a participant");
  CORRIDOR_RETURN_IF_ERROR(InsertParticipant(c_, ws, p, who).status());
  CORRIDOR_RETURN_IF_ERROR(AfterEvidenceWrite(ws, p.event_id, who));
  return p.id;
}

Result<AddFromListOutcome> EventEvidenceStore::AddFromInvitationList(int64_t ws, int64_t event_id, int64_t list_id,
                                                                     const Actor& who) {
  CORRIDOR_ASSIGN_OR_RETURN(EventHead h, Head(c_, ws, event_id));
  auto list = c_.Scalar("SELECT id FROM invitation_lists WHERE id = ? AND workspace_id = ?", {list_id, ws});
  if (!list.ok()) return list.status();
  if (!*list) return Status::NotFound("no invitation list #" + std::to_string(list_id) + " in this workspace");
  // Invitees who declined are not expected; erased or merged records are not people to list.
  auto rows = c_.Query("SELECT i.id AS invitation_id, i.status, s.id AS stakeholder_id, s.name, s.organisation, s.email, "
                       "s.country, s.type_key FROM invitations i JOIN stakeholders s ON s.id = i.stakeholder_id "
                       "WHERE i.list_id = ? AND s.status IN ('active', 'pending') ORDER BY LOWER(s.name), s.id",
                       {list_id});
  if (!rows.ok()) return rows.status();
  AddFromListOutcome out;
  for (const Row& r : *rows) {
    if (r.Text("status") == "declined") {
      ++out.declined;
      continue;
    }
    Participant p;
    p.event_id = event_id;
    p.stakeholder_id = r.Int("stakeholder_id");
    p.invitation_id = r.Int("invitation_id");
    p.name = r.Text("name");
    p.organisation = r.Text("organisation");
    p.email = r.Text("email");
    p.country = r.Text("country");
    p.stakeholder_type = r.Text("type_key");
    p.source = domain::ParticipantSource::kInvitation;
    if (r.Text("status") == "attended") p.checked_in_at = dates::NowIso();
    CORRIDOR_ASSIGN_OR_RETURN(auto present, AlreadyPresent(c_, event_id, p));
    if (present) {
      ++out.already_present;
      continue;
    }
    CORRIDOR_RETURN_IF_ERROR(InsertParticipant(c_, ws, p, who).status());
    ++out.added;
  }
  if (!h.invitation_list_id) {
    CORRIDOR_RETURN_IF_ERROR(c_.Exec("UPDATE events SET invitation_list_id = ?, version = version + 1 WHERE id = ?",
                                     {list_id, event_id})
                                 .status());
    CORRIDOR_RETURN_IF_ERROR(AuditStore(c_).Record(who, ws, kEventEntity, event_id, "update", "invitation_list_id", "",
                                                   std::to_string(list_id), h.version + 1));
  }
  CORRIDOR_RETURN_IF_ERROR(AfterEvidenceWrite(ws, event_id, who));
  return out;
}

Result<ParticipantImportOutcome> EventEvidenceStore::ImportParticipants(int64_t ws, int64_t event_id,
                                                                        const std::vector<ParticipantRow>& rows,
                                                                        bool skip_bad_rows, const Actor& who) {
  CORRIDOR_RETURN_IF_ERROR(Head(c_, ws, event_id).status());
  CORRIDOR_ASSIGN_OR_RETURN(auto tax, TaxonomyStore(c_).List(ws, true));
  ParticipantImportOutcome out;
  std::vector<Participant> good;
  std::map<std::string, int64_t> seen_email;  // e-mail -> first line
  for (const ParticipantRow& row : rows) {
    std::string where = row.line > 0 ? "line " + std::to_string(row.line) + ": " : "";
    Participant p;
    p.event_id = event_id;
    p.name = row.name;
    p.organisation = row.organisation;
    p.email = row.email;
    p.country = row.country;
    p.stakeholder_type = row.type;
    p.source = domain::ParticipantSource::kUpload;
    Status st = PrepareParticipant(c_, ws, tax, p);
    if (!st.ok()) {
      out.errors.push_back(where + st.message());
      continue;
    }
    if (!p.email.empty()) {
      auto [it, fresh] = seen_email.emplace(p.email, row.line);
      if (!fresh) {
        out.errors.push_back(where + "email: " + p.email + " is repeated (first on line " + std::to_string(it->second) +
                             ")");
        continue;
      }
    }
    good.push_back(std::move(p));
  }
  if (!out.errors.empty() && !skip_bad_rows) return out;  // nothing written
  for (Participant& p : good) {
    CORRIDOR_ASSIGN_OR_RETURN(auto present, AlreadyPresent(c_, event_id, p));
    if (present) {
      ++out.already_present;
      continue;
    }
    CORRIDOR_RETURN_IF_ERROR(InsertParticipant(c_, ws, p, who).status());
    ++out.added;
    if (p.stakeholder_id) ++out.matched;
  }
  out.committed = true;
  if (out.added > 0) CORRIDOR_RETURN_IF_ERROR(AfterEvidenceWrite(ws, event_id, who));
  return out;
}

Status EventEvidenceStore::CheckIn(int64_t ws, int64_t event_id, int64_t pid, bool checked_in, const Actor& who) {
  CORRIDOR_ASSIGN_OR_RETURN(auto p, GetParticipant(ws, event_id, pid));
  if (!p) return Status::NotFound("no participant #" + std::to_string(pid) + " in this event");
  bool was = !p->checked_in_at.empty();
  if (was == checked_in) return Status::Ok();
  std::string at = checked_in ? dates::NowIso() : "";
  // The invitation's status before the check-in is kept on the row so that undo restores it
  // (invited, accepted, even declined); unknown (came checked in) -> "accepted".
  std::optional<int64_t> list_id;
  std::string inv_before;
  if (p->invitation_id && p->stakeholder_id) {
    auto inv = c_.Query("SELECT list_id, status FROM invitations WHERE id = ?", {*p->invitation_id});
    if (!inv.ok()) return inv.status();
    if (!inv->empty()) {
      list_id = (*inv)[0].Int(0);
      inv_before = (*inv)[0].Text(1);
    }
  }
  std::string keep = checked_in && inv_before != "attended" ? inv_before : "";
  std::string restore;
  if (!checked_in) {
    auto prev = c_.Query("SELECT invitation_status_before FROM event_participants WHERE id = ?", {pid});
    if (!prev.ok()) return prev.status();
    if (!prev->empty()) restore = (*prev)[0].Text(0);
    if (restore.empty() || restore == "attended") restore = "accepted";
  }
  CORRIDOR_RETURN_IF_ERROR(c_.Exec("UPDATE event_participants SET checked_in_at = ?, invitation_status_before = ? "
                                   "WHERE id = ? AND event_id = ?",
                                   {at, keep, pid, event_id})
                               .status());
  CORRIDOR_RETURN_IF_ERROR(AuditStore(c_).Record(who, ws, kEventParticipantEntity, pid, checked_in ? "check-in" : "undo-check-in",
                                                 "checked_in_at", p->checked_in_at, at));
  if (list_id)
    CORRIDOR_RETURN_IF_ERROR(InvitationStore(c_).SetStatus(ws, *list_id, *p->stakeholder_id,
                                                           checked_in ? "attended" : restore, who));
  return BumpEvent(ws, event_id);
}

Status EventEvidenceStore::RemoveParticipant(int64_t ws, int64_t event_id, int64_t pid, const Actor& who) {
  CORRIDOR_ASSIGN_OR_RETURN(auto p, GetParticipant(ws, event_id, pid));
  if (!p) return Status::NotFound("no participant #" + std::to_string(pid) + " in this event");
  CORRIDOR_RETURN_IF_ERROR(c_.Exec("DELETE FROM event_participants WHERE id = ?", {pid}).status());
  CORRIDOR_RETURN_IF_ERROR(AuditStore(c_).Record(who, ws, kEventParticipantEntity, pid, "remove", "",
                                                 p->name + (p->email.empty() ? "" : " <" + p->email + ">"), ""));
  return BumpEvent(ws, event_id);
}

// ---- minutes ----

Status EventEvidenceStore::SaveMinutes(int64_t ws, int64_t event_id, const std::string& markdown,
                                       int64_t expected_version, const Actor& who) {
  last_link_ = {};
  CORRIDOR_ASSIGN_OR_RETURN(EventHead h, Head(c_, ws, event_id));
  std::string md = strings::Trim(markdown).empty() ? std::string() : markdown;
  if (md.size() > 200000) return Status::Invalid("minutes_md: at most 200000 characters");
  if (!strings::IsValidUtf8(md)) return Status::Invalid("minutes_md: not valid UTF-8 text");
  if (expected_version > 0 && expected_version != h.version) {
    // Say who changed what since (same wording as the event form).
    auto since = AuditStore(c_).SinceVersion(kEventEntity, event_id, expected_version);
    std::string who_what;
    if (since.ok())
      for (const auto& e : *since)
        who_what += (who_what.empty() ? "" : "; ") + e.user_name + " at " + e.at + " changed " +
                    (e.field.empty() ? e.action : e.field == "minutes_md" ? std::string("Minutes") : e.field);
    return Status::Conflict("this event was changed after you opened it (" +
                            (who_what.empty() ? std::string("by another user") : who_what) +
                            "); your minutes are kept below: review the current version and save again");
  }
  if (md == h.minutes_md) return Status::Ok();
  int64_t next = h.version + 1;
  auto r = c_.Exec("UPDATE events SET minutes_md = ?, version = ?, updated_at = ? WHERE id = ? AND workspace_id = ? AND "
                   "version = ?",
                   {md, next, dates::NowIso(), event_id, ws, h.version});
  if (!r.ok()) return r.status();
  if (*r != 1) return Status::Conflict("this event was changed while saving the minutes; reload and save again");
  CORRIDOR_RETURN_IF_ERROR(
      AuditStore(c_).Record(who, ws, kEventEntity, event_id, "update", "minutes_md", h.minutes_md, md, next));
  if (h.status == domain::EventStatus::kHeld) {
    CORRIDOR_ASSIGN_OR_RETURN(last_link_, EventFollowup(c_).ApplyRegistryLink(ws, event_id, who));
  }
  return Status::Ok();
}

// ---- attachments ----

Result<std::vector<Attachment>> EventEvidenceStore::Attachments(int64_t ws, int64_t event_id) {
  CORRIDOR_RETURN_IF_ERROR(Head(c_, ws, event_id).status());
  return MapRows(c_,
                 "SELECT id, event_id, filename, content_type, size, sha256, label, uploaded_at, uploaded_by "
                 "FROM event_attachments WHERE event_id = ? ORDER BY id DESC",
                 {event_id}, AttachmentFrom);
}

Result<int64_t> EventEvidenceStore::AddAttachment(int64_t ws, int64_t event_id, const std::string& filename,
                                                  const std::string& content, const std::string& label,
                                                  const Actor& who) {
  CORRIDOR_RETURN_IF_ERROR(Head(c_, ws, event_id).status());
  std::string name = SanitiseFilename(filename);
  if (name.empty()) return Status::Invalid("file: a file name is required");
  if (static_cast<int64_t>(content.size()) > domain::kMaxAttachmentBytes)
    return Status::TooLarge("file: " + name + " is " + Megabytes(static_cast<int64_t>(content.size())) +
                            "; the limit is 10 MB");
  CORRIDOR_ASSIGN_OR_RETURN(std::string type, domain::SniffAttachmentType(name, content));
  std::string lab = strings::ToLower(strings::Trim(label));
  if (lab.empty()) lab = "other";
  if (std::find(domain::AttachmentLabels().begin(), domain::AttachmentLabels().end(), lab) == domain::AttachmentLabels().end())
    return Status::Invalid("label: \"" + label + "\" is not one of agenda, participant list, minutes, slides, photo, other");
  std::string sha = strings::Sha256Hex(content);
  auto rows = c_.Query("INSERT INTO event_attachments(event_id, filename, content_type, size, sha256, label, content_b64, "
                       "uploaded_at, uploaded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                       {event_id, name, type, static_cast<int64_t>(content.size()), sha, lab, Base64Encode(content),
                        dates::NowIso(), who.name});
  if (!rows.ok()) return rows.status();
  int64_t id = (*rows)[0].Int(0);
  CORRIDOR_RETURN_IF_ERROR(AuditStore(c_).Record(who, ws, kEventAttachmentEntity, id, "add", "", "",
                                                 name + " (" + lab + ", " + std::to_string(content.size()) +
                                                     " bytes, sha256 " + sha + ", event #" + std::to_string(event_id) +
                                                     ")"));
  CORRIDOR_RETURN_IF_ERROR(AfterEvidenceWrite(ws, event_id, who));
  return id;
}

Result<std::optional<EventEvidenceStore::AttachmentContent>> EventEvidenceStore::FetchAttachment(int64_t ws,
                                                                                                  int64_t event_id,
                                                                                                  int64_t id) {
  CORRIDOR_RETURN_IF_ERROR(Head(c_, ws, event_id).status());
  auto rows = c_.Query("SELECT * FROM event_attachments WHERE id = ? AND event_id = ?", {id, event_id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<AttachmentContent>();
  AttachmentContent out;
  out.meta = AttachmentFrom((*rows)[0]);
  auto bytes = Base64Decode((*rows)[0].Text("content_b64"));
  if (!bytes) return Status::Corrupt("attachment #" + std::to_string(id) + ": stored content is not valid base64");
  out.content = std::move(*bytes);
  if (strings::Sha256Hex(out.content) != out.meta.sha256)
    return Status::Corrupt("attachment #" + std::to_string(id) + ": content does not match its checksum");
  return std::optional<AttachmentContent>(std::move(out));
}

Status EventEvidenceStore::DeleteAttachment(int64_t ws, int64_t event_id, int64_t id, const Actor& who) {
  CORRIDOR_RETURN_IF_ERROR(Head(c_, ws, event_id).status());
  auto rows = c_.Query("SELECT filename, sha256, label FROM event_attachments WHERE id = ? AND event_id = ?", {id, event_id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("no attachment #" + std::to_string(id) + " in this event");
  CORRIDOR_RETURN_IF_ERROR(c_.Exec("DELETE FROM event_attachments WHERE id = ?", {id}).status());
  CORRIDOR_RETURN_IF_ERROR(AuditStore(c_).Record(who, ws, kEventAttachmentEntity, id, "delete", "",
                                                 (*rows)[0].Text(0) + " (" + (*rows)[0].Text(2) + ", sha256 " +
                                                     (*rows)[0].Text(1) + ")",
                                                 ""));
  return BumpEvent(ws, event_id);
}

// ---- actions ----

Result<std::vector<Action>> EventEvidenceStore::Actions(int64_t ws, int64_t event_id) {
  CORRIDOR_RETURN_IF_ERROR(Head(c_, ws, event_id).status());
  return MapRows(c_, std::string(kActionSelect) + "WHERE x.event_id = ? ORDER BY x.id", {event_id}, ActionFromRow);
}

Result<std::optional<Action>> EventEvidenceStore::GetAction(int64_t ws, int64_t event_id, int64_t action_id) {
  CORRIDOR_RETURN_IF_ERROR(Head(c_, ws, event_id).status());
  return MapFirstRow(c_, std::string(kActionSelect) + "WHERE x.id = ? AND x.event_id = ? AND x.workspace_id = ?",
                     {action_id, event_id, ws}, ActionFromRow);
}

Result<ResponsiblePerson> EventEvidenceStore::ResolveResponsible(int64_t ws, const std::string& text) {
  std::string t = strings::Trim(text);
  if (t.empty()) return Status::Invalid("responsible: required (a workspace member or a stakeholder)");
  std::string lower = strings::ToLower(t);
  auto users = c_.Query("SELECT u.id, u.display_name FROM users u JOIN memberships m ON m.user_id = u.id "
                        "WHERE m.workspace_id = ? AND (LOWER(u.email) = ? OR LOWER(u.display_name) = ?) ORDER BY u.id",
                        {ws, lower, lower});
  if (!users.ok()) return users.status();
  if (users->size() > 1)
    return Status::Invalid("responsible: \"" + t + "\" matches several people; use the e-mail");
  if (users->size() == 1) {
    ResponsiblePerson p;
    p.user_id = (*users)[0].Int(0);
    p.name = (*users)[0].Text(1);
    return p;
  }
  auto sh = c_.Query("SELECT id, name FROM stakeholders WHERE workspace_id = ? AND status IN ('active', 'pending') AND "
                     "(email = ? OR LOWER(name) = ?) ORDER BY id",
                     {ws, lower, lower});
  if (!sh.ok()) return sh.status();
  if (sh->size() > 1) return Status::Invalid("responsible: \"" + t + "\" matches several people; use the e-mail");
  if (sh->size() == 1) {
    ResponsiblePerson p;
    p.stakeholder_id = (*sh)[0].Int(0);
    p.name = (*sh)[0].Text(1);
    return p;
  }
  return Status::Invalid("responsible: no workspace member or stakeholder matches \"" + t + "\"");
}

namespace {

// The responsible person must be a member of the workspace or one of its stakeholders; fills the name.
Status CheckResponsible(Connection& c, int64_t ws, Action& a) {
  if (a.responsible_user_id) {
    auto r = c.Query("SELECT u.display_name FROM users u JOIN memberships m ON m.user_id = u.id WHERE u.id = ? AND "
                     "m.workspace_id = ?",
                     {*a.responsible_user_id, ws});
    if (!r.ok()) return r.status();
    if (r->empty())
      return Status::Invalid("responsible: user #" + std::to_string(*a.responsible_user_id) +
                             " is not a member of this workspace");
    a.responsible_name = (*r)[0].Text(0);
  } else if (a.responsible_stakeholder_id) {
    auto r = c.Query("SELECT name FROM stakeholders WHERE id = ? AND workspace_id = ? AND status IN ('active', 'pending')",
                     {*a.responsible_stakeholder_id, ws});
    if (!r.ok()) return r.status();
    if (r->empty())
      return Status::Invalid("responsible: no stakeholder #" + std::to_string(*a.responsible_stakeholder_id) +
                             " in this workspace");
    a.responsible_name = (*r)[0].Text(0);
  }
  return Status::Ok();
}

std::string ResponsibleText(const Action& a) {
  return a.responsible_name + (a.responsible_user_id ? " (user #" + std::to_string(*a.responsible_user_id) + ")"
                                                     : " (stakeholder #" + OptText(a.responsible_stakeholder_id) + ")");
}

}  // namespace

Result<int64_t> EventEvidenceStore::AddAction(int64_t ws, Action& a, const Actor& who) {
  CORRIDOR_RETURN_IF_ERROR(Head(c_, ws, a.event_id).status());
  a.description = strings::Trim(a.description);
  a.due_date = strings::Trim(a.due_date);
  CORRIDOR_RETURN_IF_ERROR(domain::ValidateAction(a));
  CORRIDOR_RETURN_IF_ERROR(CheckResponsible(c_, ws, a));
  CORRIDOR_RETURN_IF_ERROR(CheckProject(c_, ws, a.project_id, "project"));
  CORRIDOR_RETURN_IF_ERROR(CheckStakeholder(c_, ws, a.stakeholder_id, "stakeholder"));
  std::string now = dates::NowIso();
  a.closed_at = domain::IsClosed(a.status) ? now : "";
  auto rows = c_.Query("INSERT INTO event_actions(event_id, workspace_id, description, responsible_user_id, "
                       "responsible_stakeholder_id, due_date, status, closed_at, project_id, stakeholder_id, version, "
                       "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id",
                       {a.event_id, ws, a.description, OptId(a.responsible_user_id), OptId(a.responsible_stakeholder_id),
                        a.due_date, domain::ActionStatusKey(a.status), a.closed_at, OptId(a.project_id),
                        OptId(a.stakeholder_id), now, now});
  if (!rows.ok()) return rows.status();
  a.id = (*rows)[0].Int(0);
  a.version = 1;
  CORRIDOR_RETURN_IF_ERROR(AuditStore(c_).Record(who, ws, kEventActionEntity, a.id, "add", "", "",
                                                 a.description + " - " + ResponsibleText(a) +
                                                     (a.due_date.empty() ? "" : ", due " + a.due_date) + " (event #" +
                                                     std::to_string(a.event_id) + ")",
                                                 1));
  CORRIDOR_RETURN_IF_ERROR(AfterEvidenceWrite(ws, a.event_id, who));
  return a.id;
}

Status EventEvidenceStore::UpdateAction(int64_t ws, Action& a, const Actor& who) {
  CORRIDOR_ASSIGN_OR_RETURN(auto cur_opt, GetAction(ws, a.event_id, a.id));
  if (!cur_opt) return Status::NotFound("no action #" + std::to_string(a.id) + " in this event");
  const Action& cur = *cur_opt;
  a.description = strings::Trim(a.description);
  a.due_date = strings::Trim(a.due_date);
  CORRIDOR_RETURN_IF_ERROR(domain::ValidateAction(a));
  if (cur.version != a.version) {
    auto since = AuditStore(c_).SinceVersion(kEventActionEntity, a.id, a.version);
    std::string who_what;
    if (since.ok())
      for (const auto& e : *since)
        who_what += (who_what.empty() ? "" : "; ") + e.user_name + " at " + e.at + " changed " +
                    (e.field.empty() ? e.action : e.field);
    return Status::Conflict("this action was changed after you opened it (" +
                            (who_what.empty() ? std::string("by another user") : who_what) +
                            "); your input is kept below: review the current values and save again");
  }
  // What the action already refers to is not checked again (a stakeholder erased since must not
  // block closing the action); a new reference must be valid.
  if (a.responsible_user_id != cur.responsible_user_id || a.responsible_stakeholder_id != cur.responsible_stakeholder_id)
    CORRIDOR_RETURN_IF_ERROR(CheckResponsible(c_, ws, a));
  else
    a.responsible_name = cur.responsible_name;
  if (a.project_id != cur.project_id) CORRIDOR_RETURN_IF_ERROR(CheckProject(c_, ws, a.project_id, "project"));
  if (a.stakeholder_id != cur.stakeholder_id)
    CORRIDOR_RETURN_IF_ERROR(CheckStakeholder(c_, ws, a.stakeholder_id, "stakeholder"));
  std::string now = dates::NowIso();
  bool was_closed = domain::IsClosed(cur.status), closed = domain::IsClosed(a.status);
  a.closed_at = closed ? (was_closed ? cur.closed_at : now) : "";
  struct Change {
    const char* field;
    std::string before, after;
  };
  std::vector<Change> changes;
  auto diff = [&](const char* f, const std::string& b, const std::string& n) {
    if (b != n) changes.push_back({f, b, n});
  };
  diff("description", cur.description, a.description);
  diff("responsible", ResponsibleText(cur), ResponsibleText(a));
  diff("due_date", cur.due_date, a.due_date);
  diff("status", domain::ActionStatusKey(cur.status), domain::ActionStatusKey(a.status));
  diff("closed_at", cur.closed_at, a.closed_at);
  diff("project_id", OptText(cur.project_id), OptText(a.project_id));
  diff("stakeholder_id", OptText(cur.stakeholder_id), OptText(a.stakeholder_id));
  if (changes.empty()) {
    a = cur;
    return Status::Ok();
  }
  int64_t next = cur.version + 1;
  auto r = c_.Exec("UPDATE event_actions SET description = ?, responsible_user_id = ?, responsible_stakeholder_id = ?, "
                   "due_date = ?, status = ?, closed_at = ?, project_id = ?, stakeholder_id = ?, version = ?, "
                   "updated_at = ? WHERE id = ? AND event_id = ? AND version = ?",
                   {a.description, OptId(a.responsible_user_id), OptId(a.responsible_stakeholder_id), a.due_date,
                    domain::ActionStatusKey(a.status), a.closed_at, OptId(a.project_id), OptId(a.stakeholder_id), next,
                    now, a.id, a.event_id, cur.version});
  if (!r.ok()) return r.status();
  if (*r != 1) return Status::Conflict("this action was changed while saving it; reload and save again");
  AuditStore audit(c_);
  for (const Change& ch : changes)
    CORRIDOR_RETURN_IF_ERROR(audit.Record(who, ws, kEventActionEntity, a.id, "update", ch.field, ch.before, ch.after, next));
  a.version = next;
  return AfterEvidenceWrite(ws, a.event_id, who);
}

Status EventEvidenceStore::CloseAction(int64_t ws, int64_t event_id, int64_t action_id, domain::ActionStatus status,
                                       const Actor& who) {
  if (!domain::IsClosed(status)) return Status::Invalid("status: an action is closed as done or dropped");
  CORRIDOR_ASSIGN_OR_RETURN(auto cur, GetAction(ws, event_id, action_id));
  if (!cur) return Status::NotFound("no action #" + std::to_string(action_id) + " in this event");
  if (cur->status == status) return Status::Ok();
  Action a = *cur;
  a.status = status;
  return UpdateAction(ws, a, who);
}

Status EventEvidenceStore::ReopenAction(int64_t ws, int64_t event_id, int64_t action_id, const Actor& who) {
  CORRIDOR_ASSIGN_OR_RETURN(auto cur, GetAction(ws, event_id, action_id));
  if (!cur) return Status::NotFound("no action #" + std::to_string(action_id) + " in this event");
  if (!domain::IsClosed(cur->status)) return Status::Ok();
  Action a = *cur;
  a.status = domain::ActionStatus::kOpen;
  return UpdateAction(ws, a, who);
}

Status EventEvidenceStore::DeleteAction(int64_t ws, int64_t event_id, int64_t action_id, const Actor& who) {
  CORRIDOR_ASSIGN_OR_RETURN(auto cur, GetAction(ws, event_id, action_id));
  if (!cur) return Status::NotFound("no action #" + std::to_string(action_id) + " in this event");
  CORRIDOR_RETURN_IF_ERROR(c_.Exec("DELETE FROM event_actions WHERE id = ?", {action_id}).status());
  CORRIDOR_RETURN_IF_ERROR(AuditStore(c_).Record(who, ws, kEventActionEntity, action_id, "delete", "",
                                                 cur->description + " - " + ResponsibleText(*cur), "", cur->version + 1));
  return BumpEvent(ws, event_id);
}

Result<int64_t> AnonymiseEventParticipants(Connection& c, int64_t ws, int64_t stakeholder_id) {
  return c.Exec("UPDATE event_participants SET name = '(erased)', organisation = '', email = '' WHERE stakeholder_id = ? "
                "AND event_id IN (SELECT id FROM events WHERE workspace_id = ?)",
                {stakeholder_id, ws});
}

Status RepointEventStakeholder(Connection& c, int64_t from, int64_t to) {
  // A participant already present as `to` keeps its own row; the duplicate goes.
  CORRIDOR_RETURN_IF_ERROR(c.Exec("DELETE FROM event_participants WHERE stakeholder_id = ? AND event_id IN (SELECT "
                                  "event_id FROM event_participants WHERE stakeholder_id = ?)",
                                  {from, to})
                               .status());
  CORRIDOR_RETURN_IF_ERROR(c.Exec("UPDATE event_participants SET stakeholder_id = ? WHERE stakeholder_id = ?", {to, from}).status());
  CORRIDOR_RETURN_IF_ERROR(c.Exec("DELETE FROM event_stakeholders WHERE stakeholder_id = ? AND event_id IN (SELECT "
                                  "event_id FROM event_stakeholders WHERE stakeholder_id = ?)",
                                  {from, to})
                               .status());
  CORRIDOR_RETURN_IF_ERROR(c.Exec("UPDATE event_stakeholders SET stakeholder_id = ? WHERE stakeholder_id = ?", {to, from}).status());
  CORRIDOR_RETURN_IF_ERROR(
      c.Exec("UPDATE event_actions SET responsible_stakeholder_id = ? WHERE responsible_stakeholder_id = ?", {to, from})
          .status());
  return c.Exec("UPDATE event_actions SET stakeholder_id = ? WHERE stakeholder_id = ?", {to, from}).status();
}

}  // namespace corridor::storage
