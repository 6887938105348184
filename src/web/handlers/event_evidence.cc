// The evidence forms of the event page (seed 001 section 3.3): agenda items, participants (walk-in,
// from an invitation list, CSV/.xlsx upload with a preview and per-row errors, check-in and undo),
// minutes in Markdown, attachments (size and type limits, SHA-256, downloads that never render in
// the page) and the action list (responsible person resolved to a member or a stakeholder). A
// refused form re-renders the event page with the error beside that form and the input kept.
#include <algorithm>
#include <cstring>

#include "core/strings.h"
#include "importers/participant_import.h"
#include "storage/event_evidence_store.h"
#include "web/handlers/event_common.h"
#include "web/handlers/handlers.h"
#include "web/render.h"

namespace corridor::web {

namespace {

using nlohmann::json;
using namespace events;

constexpr size_t kMaxParticipantFile = 5u << 20;

// Errors the user can fix are shown beside the form; others are error pages.
bool UserError(const Status& s) {
  return s.code() == ErrorCode::kInvalidArgument || s.code() == ErrorCode::kConflict ||
         s.code() == ErrorCode::kTooLarge || s.code() == ErrorCode::kCorrupt;
}
int HttpStatusOf(const Status& s) {
  switch (s.code()) {
    case ErrorCode::kConflict: return 409;
    case ErrorCode::kTooLarge: return 413;
    default: return 400;
  }
}

Response Refused(RequestContext& ctx, int64_t id, const std::string& form, const Status& s, json kept) {
  PageState st;
  st.form = form;
  st.errors = {s.message()};
  st.kept = std::move(kept);
  return EventPage(ctx, id, st, HttpStatusOf(s));
}

// Runs `write` in a transaction and commits; the Status of the first failure.
template <typename F>
Status InTransaction(storage::Connection& c, F&& write) {
  storage::Transaction tx(c);
  if (!tx.status().ok()) return tx.status();
  Status s = write();
  if (s.ok()) s = tx.Commit();
  return s;
}

// Removes one item of the event (its id in the path parameter `param`) in one audited
// transaction, then back to the event page at `anchor` with `notice`.
using RemoveItemFn = Status (storage::EventEvidenceStore::*)(int64_t, int64_t, int64_t, const storage::Actor&);
Response RemoveItem(RequestContext& ctx, const char* param, RemoveItemFn remove, const std::string& notice,
                    const std::string& anchor) {
  auto id = EventIdParam(ctx);
  auto item = EventIdParam(ctx, param);
  if (!id.ok() || !item.ok()) return ErrorPage(ctx, id.ok() ? item.status() : id.status());
  auto conn = ctx.app.db.Acquire();
  Status s = InTransaction(*conn, [&] {
    storage::EventEvidenceStore ev(*conn);
    return (ev.*remove)(ctx.ws->id, *id, *item, ctx.actor());
  });
  if (!s.ok()) return ErrorPage(ctx, s);
  return BackToEvent(ctx, *id, notice, anchor);
}

std::optional<int64_t> OptId(const std::string& v) {
  auto id = strings::ParseInt(strings::Trim(v));
  if (id && *id > 0) return id;
  return std::nullopt;
}

// A documented joint event moves linked shortlisted sister projects forward (E1's registry link);
// the notice says so when the write just did it.
std::string MovedNote(const storage::RegistryLinkReport& r) {
  if (r.moved_now.empty()) return "";
  return " Evidence complete: " + std::to_string(r.moved_now.size()) +
         " linked sister project(s) moved to interaction-filtered in the registry.";
}

// The stakeholder an action is linked to, typed as an e-mail; "" = none.
Result<std::optional<int64_t>> LinkedStakeholder(storage::EventEvidenceStore& ev, int64_t ws, const std::string& email) {
  if (email.empty()) return std::optional<int64_t>{};
  CORRIDOR_ASSIGN_OR_RETURN(auto id, ev.MatchStakeholderByEmail(ws, email));
  if (!id) return Status::Invalid("stakeholder: no stakeholder of this workspace has the e-mail \"" + email + "\"");
  return id;
}

// ---- base64 (the upload preview carries the file to the confirm step) ----
const char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
std::string B64Encode(std::string_view in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  for (size_t i = 0; i < in.size(); i += 3) {
    uint32_t n = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) n |= static_cast<unsigned char>(in[i + 1]) << 8;
    if (i + 2 < in.size()) n |= static_cast<unsigned char>(in[i + 2]);
    out += kB64[(n >> 18) & 63];
    out += kB64[(n >> 12) & 63];
    out += i + 1 < in.size() ? kB64[(n >> 6) & 63] : '=';
    out += i + 2 < in.size() ? kB64[n & 63] : '=';
  }
  return out;
}
std::optional<std::string> B64Decode(std::string_view in) {
  std::string out;
  uint32_t buf = 0;
  int bits = 0;
  for (char c : in) {
    if (c == '=' || c == '\r' || c == '\n') continue;
    const char* p = std::strchr(kB64, c);
    if (!p || c == '\0') return std::nullopt;
    buf = (buf << 6) | static_cast<uint32_t>(p - kB64);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buf >> bits) & 0xFF);
    }
  }
  return out;
}

// ---- agenda ----

Response AddAgenda(RequestContext& ctx) {
  auto id = EventIdParam(ctx);
  if (!id.ok()) return ErrorPage(ctx, id.status());
  const auto& q = ctx.req;
  domain::AgendaItem a;
  a.event_id = *id;
  a.start_time = strings::Trim(q.Form("start_time"));
  a.end_time = strings::Trim(q.Form("end_time"));
  a.title = strings::Trim(q.Form("title"));
  a.speaker = strings::Trim(q.Form("speaker"));
  a.project_id = OptId(q.Form("project"));
  json kept = {{"start_time", a.start_time}, {"end_time", a.end_time}, {"title", a.title},
               {"speaker", a.speaker}, {"project", q.Form("project")}};
  auto conn = ctx.app.db.Acquire();
  storage::EventEvidenceStore ev(*conn);
  Status s = InTransaction(*conn, [&] {
    auto r = ev.AddAgendaItem(ctx.ws->id, a, ctx.actor());
    return r.ok() ? Status::Ok() : r.status();
  });
  if (!s.ok()) return UserError(s) ? Refused(ctx, *id, "agenda", s, kept) : ErrorPage(ctx, s);
  return BackToEvent(ctx, *id, "Agenda item added." + MovedNote(ev.last_registry_link()), "agenda");
}

Response DeleteAgenda(RequestContext& ctx) {
  return RemoveItem(ctx, "item", &storage::EventEvidenceStore::DeleteAgendaItem, "Agenda item removed.", "agenda");
}

// Edit one item; a refusal re-renders the page with the edit form open and the input kept.
Response UpdateAgenda(RequestContext& ctx) {
  auto id = EventIdParam(ctx);
  auto item = EventIdParam(ctx, "item");
  if (!id.ok() || !item.ok()) return ErrorPage(ctx, id.ok() ? item.status() : id.status());
  const auto& q = ctx.req;
  domain::AgendaItem a;
  a.id = *item;
  a.event_id = *id;
  a.start_time = strings::Trim(q.Form("start_time"));
  a.end_time = strings::Trim(q.Form("end_time"));
  a.title = strings::Trim(q.Form("title"));
  a.speaker = strings::Trim(q.Form("speaker"));
  a.project_id = OptId(q.Form("project"));
  json kept = {{"id", *item}, {"start_time", a.start_time}, {"end_time", a.end_time}, {"title", a.title},
               {"speaker", a.speaker}, {"project", q.Form("project")}};
  auto conn = ctx.app.db.Acquire();
  storage::EventEvidenceStore ev(*conn);
  Status s = InTransaction(*conn, [&] { return ev.UpdateAgendaItem(ctx.ws->id, a, ctx.actor()); });
  if (!s.ok()) return UserError(s) ? Refused(ctx, *id, "agenda_edit", s, kept) : ErrorPage(ctx, s);
  return BackToEvent(ctx, *id, "Agenda item saved." + MovedNote(ev.last_registry_link()), "agenda");
}

// Up/down: swaps the item with its neighbour and stores the whole order.
Response MoveAgenda(RequestContext& ctx) {
  auto id = EventIdParam(ctx);
  auto item = EventIdParam(ctx, "item");
  if (!id.ok() || !item.ok()) return ErrorPage(ctx, id.ok() ? item.status() : id.status());
  std::string dir = ctx.req.Form("dir");
  if (dir != "up" && dir != "down") return ErrorPage(ctx, Status::Invalid("dir: move an agenda item up or down"));
  auto conn = ctx.app.db.Acquire();
  storage::EventEvidenceStore ev(*conn);
  Status s = InTransaction(*conn, [&]() -> Status {
    CORRIDOR_ASSIGN_OR_RETURN(auto items, ev.Agenda(ctx.ws->id, *id));
    std::vector<int64_t> order;
    for (const auto& a : items) order.push_back(a.id);
    auto it = std::find(order.begin(), order.end(), *item);
    if (it == order.end()) return Status::NotFound("no agenda item #" + std::to_string(*item) + " in this event");
    if (dir == "up" && it != order.begin()) std::iter_swap(it, it - 1);
    if (dir == "down" && it + 1 != order.end()) std::iter_swap(it, it + 1);
    return ev.ReorderAgenda(ctx.ws->id, *id, order, ctx.actor());
  });
  if (!s.ok()) return ErrorPage(ctx, s);
  return BackToEvent(ctx, *id, "Agenda order saved.", "agenda-" + std::to_string(*item));
}

// ---- participants ----

Response AddWalkIn(RequestContext& ctx) {
  auto id = EventIdParam(ctx);
  if (!id.ok()) return ErrorPage(ctx, id.status());
  const auto& q = ctx.req;
  domain::Participant p;
  p.event_id = *id;
  p.name = strings::Trim(q.Form("name"));
  p.organisation = strings::Trim(q.Form("organisation"));
  p.email = strings::Trim(q.Form("email"));
  p.country = strings::ToUpper(strings::Trim(q.Form("country")));
  p.source = domain::ParticipantSource::kWalkIn;
  bool check_in = q.Form("checked_in") == "1";
  json kept = {{"name", p.name}, {"organisation", p.organisation}, {"email", p.email}, {"country", p.country},
               {"checked_in", check_in}};
  auto conn = ctx.app.db.Acquire();
  storage::EventEvidenceStore ev(*conn);
  Status s = InTransaction(*conn, [&] {
    auto r = ev.AddParticipant(ctx.ws->id, p, ctx.actor());
    if (!r.ok()) return r.status();
    return check_in ? ev.CheckIn(ctx.ws->id, *id, *r, true, ctx.actor()) : Status::Ok();
  });
  if (!s.ok()) return UserError(s) ? Refused(ctx, *id, "walkin", s, kept) : ErrorPage(ctx, s);
  return BackToEvent(ctx, *id,
                     "Participant added" + std::string(check_in ? " and checked in." : ".") + MovedNote(ev.last_registry_link()),
                     "participants");
}

Response AddFromList(RequestContext& ctx) {
  auto id = EventIdParam(ctx);
  if (!id.ok()) return ErrorPage(ctx, id.status());
  auto list = OptId(ctx.req.Form("list"));
  if (!list) return Refused(ctx, *id, "list", Status::Invalid("list: choose an invitation list"), json::object());
  auto conn = ctx.app.db.Acquire();
  storage::AddFromListOutcome out;
  Status s = InTransaction(*conn, [&] {
    auto r = storage::EventEvidenceStore(*conn).AddFromInvitationList(ctx.ws->id, *id, *list, ctx.actor());
    if (!r.ok()) return r.status();
    out = *r;
    return Status::Ok();
  });
  if (!s.ok())
    return UserError(s) || s.code() == ErrorCode::kNotFound ? Refused(ctx, *id, "list", s, json::object())
                                                            : ErrorPage(ctx, s);
  return BackToEvent(ctx, *id,
                     std::to_string(out.added) + " participants added from the invitation list" +
                         (out.already_present ? "; " + std::to_string(out.already_present) + " were already on the list." : "."),
                     "participants");
}

// Upload: the first POST shows a preview (a dry run of the import, rolled back) with every bad
// row; confirming posts the same file back (carried base64 in the form) and imports it.
Response UploadParticipants(RequestContext& ctx) {
  auto id = EventIdParam(ctx);
  if (!id.ok()) return ErrorPage(ctx, id.status());
  std::string filename, content;
  if (const UploadedFile* f = ctx.req.File("file"); f && !f->content.empty()) {
    filename = f->filename;
    content = f->content;
  } else if (!ctx.req.Form("content_b64").empty()) {
    filename = ctx.req.Form("filename");
    auto decoded = B64Decode(ctx.req.Form("content_b64"));
    if (!decoded) return Refused(ctx, *id, "upload", Status::Invalid("file: the upload was damaged; choose it again"), json::object());
    content = std::move(*decoded);
  } else {
    return Refused(ctx, *id, "upload", Status::Invalid("file: choose a .csv or .xlsx file with a header row"), json::object());
  }
  if (content.size() > kMaxParticipantFile)
    return Refused(ctx, *id, "upload",
                   Status::TooLarge("file: " + filename + " is larger than " + std::to_string(kMaxParticipantFile >> 20) +
                                    " MB; split the participant list"),
                   {});
  bool skip_bad = ctx.req.Form("skip_bad_rows") == "1";
  bool confirm = ctx.req.Form("confirm") == "1";
  auto parsed = importers::participants::ParseFile(filename, content);
  if (!parsed.ok()) return Refused(ctx, *id, "upload", parsed.status(), json::object());
  auto conn = ctx.app.db.Acquire();
  storage::EventEvidenceStore ev(*conn);
  storage::ParticipantImportOutcome out;
  Status s = Status::Ok();
  {
    storage::Transaction tx(*conn);
    auto r = ev.ImportParticipants(ctx.ws->id, *id, parsed->rows, skip_bad, ctx.actor());
    if (!r.ok()) s = r.status();
    else out = *r;
    if (s.ok() && confirm && out.committed) s = tx.Commit();
    // Otherwise the transaction rolls back: a preview writes nothing.
  }
  if (!s.ok()) return UserError(s) || s.code() == ErrorCode::kNotFound ? Refused(ctx, *id, "upload", s, {}) : ErrorPage(ctx, s);
  if (confirm && out.committed)
    return BackToEvent(ctx, *id,
                       std::to_string(out.added) + " participants imported (" + std::to_string(out.matched) +
                           " matched to stakeholders, " + std::to_string(out.already_present) + " already present" +
                           (out.errors.empty() ? "" : ", " + std::to_string(out.errors.size()) + " bad rows skipped") + ").",
                       "participants");
  json rows = json::array();
  for (size_t i = 0; i < parsed->rows.size() && i < 500; ++i) {
    const auto& r = parsed->rows[i];
    rows.push_back({{"line", r.line}, {"name", r.name}, {"organisation", r.organisation}, {"email", r.email},
                    {"country", r.country}, {"type", r.type}});
  }
  json data = {{"event_url", EventUrl(ctx, *id)},
               {"upload_url", EventUrl(ctx, *id, "/participants/upload")},
               {"filename", filename},
               {"content_b64", B64Encode(content)},
               {"mapping", parsed->mapping},
               {"notes", parsed->notes},
               {"rows", rows},
               {"n_rows", parsed->rows.size()},
               {"more_rows", parsed->rows.size() > 500},
               {"errors", out.errors},
               {"has_errors", !out.errors.empty()},
               {"n_errors", out.errors.size()},
               {"would_add", out.added},
               {"matched", out.matched},
               {"already_present", out.already_present},
               {"can_import", out.committed},
               {"skip_bad_rows", skip_bad}};
  return RenderPage(ctx, "event_participants_preview", "Participant upload · " + ctx.ws->acronym, data,
                    out.errors.empty() ? 200 : 400);
}

Response CheckIn(RequestContext& ctx) {
  auto id = EventIdParam(ctx);
  auto pid = EventIdParam(ctx, "pid");
  if (!id.ok() || !pid.ok()) return ErrorPage(ctx, id.ok() ? pid.status() : id.status());
  bool in = ctx.req.Form("checked_in") != "0";
  auto conn = ctx.app.db.Acquire();
  Status s = InTransaction(*conn, [&] {
    return storage::EventEvidenceStore(*conn).CheckIn(ctx.ws->id, *id, *pid, in, ctx.actor());
  });
  if (!s.ok()) return ErrorPage(ctx, s);
  std::string back;
  if (!ctx.req.Query("pq").empty()) back += "&pq=" + strings::UrlEncode(ctx.req.Query("pq"));
  if (!ctx.req.Query("pshow").empty()) back += "&pshow=" + strings::UrlEncode(ctx.req.Query("pshow"));
  return BackToEvent(ctx, *id, in ? "Checked in." : "Check-in undone.", "participant-" + std::to_string(*pid), back);
}

Response RemoveParticipant(RequestContext& ctx) {
  return RemoveItem(ctx, "pid", &storage::EventEvidenceStore::RemoveParticipant, "Participant removed.", "participants");
}

// ---- minutes ----

Response SaveMinutes(RequestContext& ctx) {
  auto id = EventIdParam(ctx);
  if (!id.ok()) return ErrorPage(ctx, id.status());
  std::string md = ctx.req.Form("minutes");
  std::string version = ctx.req.Form("version");
  json kept = {{"minutes", md}, {"version", version}};
  auto v = strings::ParseInt(version);
  if (!v || *v <= 0)
    return Refused(ctx, *id, "minutes", Status::Invalid("version: missing; reload the page and paste your text again"), kept);
  auto conn = ctx.app.db.Acquire();
  storage::EventEvidenceStore ev(*conn);
  Status s = InTransaction(*conn, [&] { return ev.SaveMinutes(ctx.ws->id, *id, md, *v, ctx.actor()); });
  if (!s.ok()) return UserError(s) ? Refused(ctx, *id, "minutes", s, kept) : ErrorPage(ctx, s);
  return BackToEvent(ctx, *id, "Minutes saved." + MovedNote(ev.last_registry_link()), "minutes");
}

// ---- attachments ----

Response UploadAttachment(RequestContext& ctx) {
  auto id = EventIdParam(ctx);
  if (!id.ok()) return ErrorPage(ctx, id.status());
  std::string label = ctx.req.Form("label");
  json kept = {{"label", label}};
  const UploadedFile* f = ctx.req.File("file");
  if (!f || f->filename.empty())
    return Refused(ctx, *id, "attachment", Status::Invalid("file: choose a file to attach"), kept);
  auto conn = ctx.app.db.Acquire();
  storage::EventEvidenceStore ev(*conn);
  Status s = InTransaction(*conn, [&] {
    auto r = ev.AddAttachment(ctx.ws->id, *id, f->filename, f->content, label, ctx.actor());
    return r.ok() ? Status::Ok() : r.status();
  });
  if (!s.ok()) return UserError(s) ? Refused(ctx, *id, "attachment", s, kept) : ErrorPage(ctx, s);
  return BackToEvent(ctx, *id, "Attachment stored." + MovedNote(ev.last_registry_link()), "attachments");
}

Response DownloadAttachment(RequestContext& ctx) {
  auto id = EventIdParam(ctx);
  auto aid = EventIdParam(ctx, "aid");
  if (!id.ok() || !aid.ok()) return ErrorPage(ctx, id.ok() ? aid.status() : id.status());
  auto conn = ctx.app.db.Acquire();
  auto a = storage::EventEvidenceStore(*conn).FetchAttachment(ctx.ws->id, *id, *aid);
  if (!a.ok()) return ErrorPage(ctx, a.status());
  if (!*a) return ErrorPage(ctx, Status::NotFound("no attachment " + std::to_string(*aid) + " on this event"));
  // Always a download (never rendered in the page's origin); nosniff comes with every response.
  Response r = Response::Download(std::move((*a)->content), (*a)->meta.content_type, (*a)->meta.filename);
  r.headers.emplace_back("Content-Security-Policy", "default-src 'none'; sandbox");
  return r;
}

Response DeleteAttachment(RequestContext& ctx) {
  return RemoveItem(ctx, "aid", &storage::EventEvidenceStore::DeleteAttachment, "Attachment deleted.", "attachments");
}

// ---- actions ----

Response AddAction(RequestContext& ctx) {
  auto id = EventIdParam(ctx);
  if (!id.ok()) return ErrorPage(ctx, id.status());
  const auto& q = ctx.req;
  std::string responsible = strings::Trim(q.Form("responsible"));
  domain::Action a;
  a.event_id = *id;
  a.description = strings::Trim(q.Form("description"));
  a.due_date = strings::Trim(q.Form("due_date"));
  a.project_id = OptId(q.Form("project"));
  std::string stakeholder = strings::Trim(q.Form("stakeholder"));
  json kept = {{"description", a.description}, {"responsible", responsible}, {"due_date", a.due_date},
               {"project", q.Form("project")}, {"stakeholder", stakeholder}};
  auto conn = ctx.app.db.Acquire();
  storage::EventEvidenceStore ev(*conn);
  if (responsible.empty())
    return Refused(ctx, *id, "action", Status::Invalid("responsible: name the person responsible (a member or a stakeholder)"), kept);
  auto who = ev.ResolveResponsible(ctx.ws->id, responsible);
  if (!who.ok()) return UserError(who.status()) ? Refused(ctx, *id, "action", who.status(), kept) : ErrorPage(ctx, who.status());
  auto linked = LinkedStakeholder(ev, ctx.ws->id, stakeholder);
  if (!linked.ok()) return UserError(linked.status()) ? Refused(ctx, *id, "action", linked.status(), kept) : ErrorPage(ctx, linked.status());
  a.stakeholder_id = *linked;
  a.responsible_user_id = who->user_id;
  a.responsible_stakeholder_id = who->stakeholder_id;
  Status s = InTransaction(*conn, [&] {
    auto r = ev.AddAction(ctx.ws->id, a, ctx.actor());
    return r.ok() ? Status::Ok() : r.status();
  });
  if (!s.ok()) return UserError(s) ? Refused(ctx, *id, "action", s, kept) : ErrorPage(ctx, s);
  return BackToEvent(ctx, *id, "Action added for " + who->name + "." + MovedNote(ev.last_registry_link()), "actions");
}

// Edit every field of an action (status "in progress" included), with the version the form was
// opened at; errors name the field and the page keeps what was typed.
Response UpdateActionForm(RequestContext& ctx) {
  auto id = EventIdParam(ctx);
  auto aid = EventIdParam(ctx, "aid");
  if (!id.ok() || !aid.ok()) return ErrorPage(ctx, id.ok() ? aid.status() : id.status());
  const auto& q = ctx.req;
  std::string responsible = strings::Trim(q.Form("responsible"));
  std::string stakeholder = strings::Trim(q.Form("stakeholder"));
  std::string status_text = q.Form("status");
  json kept = {{"id", *aid},
               {"description", strings::Trim(q.Form("description"))},
               {"responsible", responsible},
               {"due_date", strings::Trim(q.Form("due_date"))},
               {"status", status_text},
               {"project", q.Form("project")},
               {"stakeholder", stakeholder},
               {"version", q.Form("version")}};
  auto refuse = [&](const Status& s) { return Refused(ctx, *id, "action_edit", s, kept); };
  auto conn = ctx.app.db.Acquire();
  storage::EventEvidenceStore ev(*conn);
  auto cur = ev.GetAction(ctx.ws->id, *id, *aid);
  if (!cur.ok()) return ErrorPage(ctx, cur.status());
  if (!*cur) return ErrorPage(ctx, Status::NotFound("no action #" + std::to_string(*aid) + " in this event"));
  domain::Action a = **cur;
  a.description = kept.value("description", "");
  a.due_date = kept.value("due_date", "");
  auto version = strings::ParseInt(q.Form("version"));
  if (!version || *version <= 0) return refuse(Status::Invalid("version: missing; reload the page and edit again"));
  a.version = *version;
  auto st = domain::ParseActionStatus(status_text);
  if (!st) return refuse(Status::Invalid("status: choose open, in progress, done or dropped"));
  a.status = *st;
  a.project_id = OptId(q.Form("project"));
  if (responsible.empty()) return refuse(Status::Invalid("responsible: name the person responsible (a member or a stakeholder)"));
  // The name shown in the form stands for the person already responsible (who may since have
  // been erased); anything else is resolved again.
  if (strings::ToLower(responsible) != strings::ToLower((*cur)->responsible_name)) {
    auto who = ev.ResolveResponsible(ctx.ws->id, responsible);
    if (!who.ok()) return UserError(who.status()) ? refuse(who.status()) : ErrorPage(ctx, who.status());
    a.responsible_user_id = who->user_id;
    a.responsible_stakeholder_id = who->stakeholder_id;
  }
  // Likewise the linked stakeholder: the stored one stays unless the e-mail changed.
  std::string cur_sh;
  if ((*cur)->stakeholder_id) {
    auto r = conn->Query("SELECT email, name FROM stakeholders WHERE id = ? AND workspace_id = ?",
                         {*(*cur)->stakeholder_id, ctx.ws->id});
    if (r.ok() && !r->empty()) cur_sh = (*r)[0].Text(0).empty() ? (*r)[0].Text(1) : (*r)[0].Text(0);
  }
  if (stakeholder.empty()) {
    a.stakeholder_id.reset();
  } else if (strings::ToLower(stakeholder) != strings::ToLower(cur_sh) || !(*cur)->stakeholder_id) {
    auto linked = LinkedStakeholder(ev, ctx.ws->id, stakeholder);
    if (!linked.ok()) return UserError(linked.status()) ? refuse(linked.status()) : ErrorPage(ctx, linked.status());
    a.stakeholder_id = *linked;
  }
  Status s = InTransaction(*conn, [&] { return ev.UpdateAction(ctx.ws->id, a, ctx.actor()); });
  if (!s.ok()) return UserError(s) ? refuse(s) : ErrorPage(ctx, s);
  return BackToEvent(ctx, *id, "Action saved." + MovedNote(ev.last_registry_link()), "action-" + std::to_string(*aid));
}

// One-click status from the event page or the follow-up page: open / in progress / done / dropped.
Response SetActionStatus(RequestContext& ctx) {
  auto id = EventIdParam(ctx);
  auto aid = EventIdParam(ctx, "aid");
  if (!id.ok() || !aid.ok()) return ErrorPage(ctx, id.ok() ? aid.status() : id.status());
  auto st = domain::ParseActionStatus(ctx.req.Form("status"));
  if (!st) return ErrorPage(ctx, Status::Invalid("status: choose open, in progress, done or dropped"));
  auto conn = ctx.app.db.Acquire();
  storage::EventEvidenceStore ev(*conn);
  Status s = InTransaction(*conn, [&]() -> Status {
    if (domain::IsClosed(*st)) return ev.CloseAction(ctx.ws->id, *id, *aid, *st, ctx.actor());
    CORRIDOR_ASSIGN_OR_RETURN(auto cur, ev.GetAction(ctx.ws->id, *id, *aid));
    if (!cur) return Status::NotFound("no action #" + std::to_string(*aid) + " in this event");
    domain::Action a = *cur;
    a.status = *st;
    return ev.UpdateAction(ctx.ws->id, a, ctx.actor());
  });
  if (!s.ok()) return ErrorPage(ctx, s);
  std::string notice = "Action marked " + strings::ToLower(domain::ActionStatusLabel(*st)) + ".";
  if (ctx.req.Form("back") == "followup")
    return Response::Redirect(ctx.WsUrl("/events/follow-up?notice=" + strings::UrlEncode(notice)));
  return BackToEvent(ctx, *id, notice, "action-" + std::to_string(*aid));
}

// Close (done or dropped) or reopen; `back` = "followup" returns to the follow-up page.
Response CloseOrReopen(RequestContext& ctx, bool close) {
  auto id = EventIdParam(ctx);
  auto aid = EventIdParam(ctx, "aid");
  if (!id.ok() || !aid.ok()) return ErrorPage(ctx, id.ok() ? aid.status() : id.status());
  auto status = domain::ParseActionStatus(ctx.req.Form("status").empty() ? "done" : ctx.req.Form("status"));
  if (close && (!status || !domain::IsClosed(*status)))
    return ErrorPage(ctx, Status::Invalid("status: an action is closed as done or dropped"));
  auto conn = ctx.app.db.Acquire();
  storage::EventEvidenceStore ev(*conn);
  Status s = InTransaction(*conn, [&] {
    return close ? ev.CloseAction(ctx.ws->id, *id, *aid, *status, ctx.actor())
                 : ev.ReopenAction(ctx.ws->id, *id, *aid, ctx.actor());
  });
  if (!s.ok()) return ErrorPage(ctx, s);
  std::string notice = close ? "Action closed (" + domain::ActionStatusLabel(*status) + ")." : "Action reopened.";
  if (ctx.req.Form("back") == "followup")
    return Response::Redirect(ctx.WsUrl("/events/follow-up?notice=" + strings::UrlEncode(notice)));
  return BackToEvent(ctx, *id, notice, "actions");
}
Response CloseAction(RequestContext& ctx) { return CloseOrReopen(ctx, true); }
Response ReopenAction(RequestContext& ctx) { return CloseOrReopen(ctx, false); }

Response DeleteAction(RequestContext& ctx) {
  return RemoveItem(ctx, "aid", &storage::EventEvidenceStore::DeleteAction, "Action deleted.", "actions");
}

}  // namespace

void RegisterEventEvidenceRoutes(Router& r) {
  r.Add("POST", "/w/:ws/events/:id#/agenda", Access::kEditor, AddAgenda);
  r.Add("POST", "/w/:ws/events/:id#/agenda/:item#", Access::kEditor, UpdateAgenda);
  r.Add("POST", "/w/:ws/events/:id#/agenda/:item#/move", Access::kEditor, MoveAgenda);
  r.Add("POST", "/w/:ws/events/:id#/agenda/:item#/delete", Access::kEditor, DeleteAgenda);
  r.Add("POST", "/w/:ws/events/:id#/participants", Access::kEditor, AddWalkIn);
  r.Add("POST", "/w/:ws/events/:id#/participants/from-list", Access::kEditor, AddFromList);
  r.Add("POST", "/w/:ws/events/:id#/participants/upload", Access::kEditor, UploadParticipants);
  r.Add("POST", "/w/:ws/events/:id#/participants/:pid#/checkin", Access::kEditor, CheckIn);
  r.Add("POST", "/w/:ws/events/:id#/participants/:pid#/delete", Access::kEditor, RemoveParticipant);
  r.Add("POST", "/w/:ws/events/:id#/minutes", Access::kEditor, SaveMinutes);
  r.Add("POST", "/w/:ws/events/:id#/attachments", Access::kEditor, UploadAttachment);
  r.Add("GET", "/w/:ws/events/:id#/attachments/:aid#", Access::kViewer, DownloadAttachment);
  r.Add("POST", "/w/:ws/events/:id#/attachments/:aid#/delete", Access::kEditor, DeleteAttachment);
  r.Add("POST", "/w/:ws/events/:id#/actions", Access::kEditor, AddAction);
  r.Add("POST", "/w/:ws/events/:id#/actions/:aid#", Access::kEditor, UpdateActionForm);
  r.Add("POST", "/w/:ws/events/:id#/actions/:aid#/status", Access::kEditor, SetActionStatus);
  r.Add("POST", "/w/:ws/events/:id#/actions/:aid#/close", Access::kEditor, CloseAction);
  r.Add("POST", "/w/:ws/events/:id#/actions/:aid#/reopen", Access::kEditor, ReopenAction);
  r.Add("POST", "/w/:ws/events/:id#/actions/:aid#/delete", Access::kEditor, DeleteAction);
}

}  // namespace corridor::web
