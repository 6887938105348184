// Clustering events (issue 4): the list with filters and the timeline of milestones by project
// month, the new/edit form (also "create from an invitation list"), the event page with its
// four evidence sections and completeness badge, and the exports (events table as
// .xlsx/.csv/.md in the shape of seed 001 Tables 4 and 5, the evidence pack, ICS).
// The evidence forms are in event_evidence.cc; follow-up, incomplete evidence and KPIs in
// event_followup.cc.
#include <algorithm>
#include <set>

#include "core/dates.h"
#include "core/strings.h"
#include "reports/csv_writer.h"
#include "reports/event_export.h"
#include "reports/markdown.h"
#include "reports/xlsx_writer.h"
#include "storage/event_evidence_store.h"
#include "storage/event_followup.h"
#include "storage/invitation_store.h"
#include "storage/taxonomy_store.h"
#include "web/display.h"
#include "web/handlers/event_common.h"
#include "web/handlers/handlers.h"
#include "web/render.h"

namespace corridor::web {

namespace {

using nlohmann::json;
using namespace events;

// ---- list and timeline ----

storage::EventQuery ReadQuery(const Request& req, std::vector<std::string>* errors) {
  storage::EventQuery q;
  q.status = req.Query("status");
  q.kind = req.Query("kind");
  q.purpose = req.Query("purpose");
  q.from = strings::Trim(req.Query("from"));
  q.to = strings::Trim(req.Query("to"));
  q.text = strings::Trim(req.Query("q"));
  if (!q.status.empty() && !domain::ParseEventStatus(q.status)) {
    errors->push_back("status: unknown status \"" + q.status + "\"");
    q.status.clear();
  }
  if (!q.kind.empty() && !domain::ParseEventKind(q.kind)) {
    errors->push_back("kind: unknown kind \"" + q.kind + "\"");
    q.kind.clear();
  }
  if (!q.purpose.empty() && !domain::ParseEventPurpose(q.purpose)) {
    errors->push_back("purpose: unknown purpose \"" + q.purpose + "\"");
    q.purpose.clear();
  }
  for (auto* d : {&q.from, &q.to}) {
    if (d->empty()) continue;
    auto p = dates::Parse(*d);
    if (!p || !dates::IsValid(*p)) {
      errors->push_back(std::string(d == &q.from ? "from" : "to") + ": \"" + *d + "\" is not a date (YYYY-MM-DD)");
      d->clear();
    } else {
      *d = dates::ToIso(*p);
    }
  }
  if (!q.from.empty() && !q.to.empty() && q.to < q.from) errors->push_back("to: " + q.to + " is before from " + q.from);
  if (auto p = domain::ParseEventStatus(q.status)) q.status = domain::EventStatusKey(*p);
  if (auto p = domain::ParseEventKind(q.kind)) q.kind = domain::EventKindKey(*p);
  if (auto p = domain::ParseEventPurpose(q.purpose)) q.purpose = domain::EventPurposeKey(*p);
  return q;
}

std::string QueryString(const storage::EventQuery& q) {
  std::string s;
  auto add = [&](const char* k, const std::string& v) {
    if (!v.empty()) s += std::string(s.empty() ? "?" : "&") + k + "=" + strings::UrlEncode(v);
  };
  add("status", q.status);
  add("kind", q.kind);
  add("purpose", q.purpose);
  add("from", q.from);
  add("to", q.to);
  add("q", q.text);
  return s;
}

json FilterChoices(const std::vector<std::pair<std::string, std::string>>& all, const std::string& selected) {
  json out = json::array({{{"value", ""}, {"label", "Any"}, {"selected", selected.empty()}}});
  for (const auto& [k, l] : all) out.push_back({{"value", k}, {"label", l}, {"selected", k == selected}});
  return out;
}

template <typename E>
std::vector<std::pair<std::string, std::string>> Pairs(const std::vector<E>& all, std::string (*key)(E),
                                                       std::string (*label)(E)) {
  std::vector<std::pair<std::string, std::string>> out;
  for (E e : all) out.emplace_back(key(e), label(e));
  return out;
}

Response ListEvents(RequestContext& ctx) {
  std::vector<std::string> errors;
  storage::EventQuery q = ReadQuery(ctx.req, &errors);
  auto conn = ctx.app.db.Acquire();
  storage::EventStore store(*conn);
  auto list = store.List(ctx.ws->id, q);
  if (!list.ok()) return ErrorPage(ctx, list.status());
  auto timeline = store.Timeline(ctx.ws->id);
  if (!timeline.ok()) return ErrorPage(ctx, timeline.status());
  json rows = json::array();
  for (const auto& s : *list) rows.push_back(SummaryJson(ctx, s));
  // Timeline: one row per project month that has events, milestones marked.
  json months = json::array();
  int last = -1;
  for (const auto& s : *timeline) {
    if (s.event.status == domain::EventStatus::kCancelled) continue;
    int m = s.project_month;
    if (months.empty() || m != last) {
      months.push_back({{"period", m > 0 ? domain::ProjectMonthLabel(m) : "Before M1"}, {"events", json::array()}});
      last = m;
    }
    json ev = SummaryJson(ctx, s);
    ev["is_milestone"] = !s.event.milestone.empty();
    months.back()["events"].push_back(ev);
  }
  std::string qs = QueryString(q);
  json data = {{"events", rows},
               {"count", rows.size()},
               {"months", months},
               {"has_timeline", !months.empty()},
               {"f",
                {{"status", FilterChoices(Pairs(domain::AllEventStatuses(), domain::EventStatusKey, domain::EventStatusLabel), q.status)},
                 {"kind", FilterChoices(Pairs(domain::AllEventKinds(), domain::EventKindKey, domain::EventKindLabel), q.kind)},
                 {"purpose", FilterChoices(Pairs(domain::AllEventPurposes(), domain::EventPurposeKey, domain::EventPurposeLabel), q.purpose)},
                 {"from", q.from},
                 {"to", q.to},
                 {"q", q.text}}},
               {"xlsx_url", ctx.WsUrl("/events/export") + (qs.empty() ? "?" : qs + "&") + "format=xlsx"},
               {"csv_url", ctx.WsUrl("/events/export") + (qs.empty() ? "?" : qs + "&") + "format=csv"},
               {"md_url", ctx.WsUrl("/events/export") + (qs.empty() ? "?" : qs + "&") + "format=md"},
               {"ics_url", ctx.WsUrl("/events/calendar.ics")},
               {"errors", errors},
               {"has_errors", !errors.empty()}};
  return RenderPage(ctx, "event_list", "Events · " + ctx.ws->acronym, data, errors.empty() ? 200 : 400);
}

// ---- form ----

struct FormInput {
  domain::Event e;
  std::string stakeholder_emails;  // linked stakeholders by e-mail, one per line or comma
  std::string kind, purpose, mode, status;  // as typed (kept on a refusal)
};

FormInput ReadForm(const Request& req, std::vector<std::string>* errors) {
  FormInput in;
  auto& e = in.e;
  e.title = strings::Trim(req.Form("title"));
  in.kind = req.Form("kind");
  in.purpose = req.Form("purpose");
  in.mode = req.Form("mode");
  in.status = req.Form("status");
  if (auto k = domain::ParseEventKind(in.kind)) e.kind = *k;
  else errors->push_back("kind: choose external, project-led or online");
  if (auto p = domain::ParseEventPurpose(in.purpose)) e.purpose = *p;
  else errors->push_back("purpose: choose benchmarking, policy and standards alignment or cooperation activation");
  if (auto m = domain::ParseEventMode(in.mode)) e.mode = *m;
  else errors->push_back("mode: choose in person, online or hybrid");
  if (auto s = domain::ParseEventStatus(in.status.empty() ? "planned" : in.status)) e.status = *s;
  else errors->push_back("status: choose planned, held or cancelled");
  e.start_date = strings::Trim(req.Form("start_date"));
  e.end_date = strings::Trim(req.Form("end_date"));
  e.start_time = strings::Trim(req.Form("start_time"));
  e.end_time = strings::Trim(req.Form("end_time"));
  e.place = strings::Trim(req.Form("place"));
  e.url = strings::Trim(req.Form("url"));
  e.organiser = strings::Trim(req.Form("organiser"));
  e.milestone = strings::Trim(req.Form("milestone"));
  e.description = req.Form("description");
  e.expected_outputs = req.Form("expected_outputs");
  e.actual_outputs = req.Form("actual_outputs");
  e.version = strings::ParseInt(req.Form("version")).value_or(0);
  for (const auto& v : req.FormAll("projects"))
    if (auto id = strings::ParseInt(v); id && *id > 0) e.project_ids.push_back(*id);
  for (const auto& v : req.FormAll("stakeholders"))
    if (auto id = strings::ParseInt(v); id && *id > 0) e.stakeholder_ids.push_back(*id);
  in.stakeholder_emails = req.Form("stakeholder_emails");
  if (auto l = strings::ParseInt(req.Form("invitation_list")); l && *l > 0) e.invitation_list_id = *l;
  return in;
}

// Resolves "stakeholder_emails" to stakeholder ids; unknown addresses are errors naming them.
void ResolveEmails(storage::Connection& c, int64_t ws, FormInput& in, std::vector<std::string>* errors) {
  std::string all = in.stakeholder_emails;
  for (char& ch : all)
    if (ch == '\n' || ch == '\r' || ch == ';') ch = ',';
  storage::EventEvidenceStore ev(c);
  for (const auto& part : strings::Split(all, ',')) {
    std::string email = strings::Trim(part);
    if (email.empty()) continue;
    auto id = ev.MatchStakeholderByEmail(ws, email);
    if (!id.ok()) {
      errors->push_back(id.status().message());
    } else if (!*id) {
      errors->push_back("stakeholder_emails: no stakeholder of this workspace has the e-mail \"" + email + "\"");
    } else if (std::find(in.e.stakeholder_ids.begin(), in.e.stakeholder_ids.end(), **id) == in.e.stakeholder_ids.end()) {
      in.e.stakeholder_ids.push_back(**id);
    }
  }
}

Response FormPage(RequestContext& ctx, const FormInput& in, bool is_new, std::vector<std::string> errors, int status) {
  auto conn = ctx.app.db.Acquire();
  auto projects = ProjectAcronyms(*conn, ctx.ws->id);
  if (!projects.ok()) return ErrorPage(ctx, projects.status());
  auto lists = storage::InvitationStore(*conn).Lists(ctx.ws->id);
  if (!lists.ok()) return ErrorPage(ctx, lists.status());
  const auto& e = in.e;
  json list_choices = json::array({{{"value", ""}, {"label", "— none —"}, {"selected", !e.invitation_list_id}}});
  for (const auto& l : *lists)
    list_choices.push_back({{"value", std::to_string(l.id)},
                            {"label", l.name + " (" + std::to_string(l.invited) + " invited)"},
                            {"selected", e.invitation_list_id && *e.invitation_list_id == l.id}});
  // Linked stakeholders as checkboxes (unticking removes), new ones by e-mail.
  json linked = json::array();
  if (!e.stakeholder_ids.empty()) {
    std::string marks;
    storage::Params params;
    for (auto id : e.stakeholder_ids) {
      marks += marks.empty() ? "?" : ",?";
      params.push_back(id);
    }
    params.push_back(ctx.ws->id);
    auto rows = conn->Query("SELECT id, name, organisation FROM stakeholders WHERE id IN (" + marks +
                                ") AND workspace_id = ? ORDER BY name, id",
                            params);
    if (rows.ok())
      for (const auto& r : *rows)
        linked.push_back({{"id", r.Int(0)}, {"name", r.Text(1).empty() ? "(erased)" : r.Text(1)}, {"organisation", r.Text(2)}});
  }
  std::set<std::string> bad;
  for (const auto& m : errors) bad.insert(FieldOf(m));
  json f = {{"title", e.title},
            {"kind", KindChoices(e.kind)},
            {"purpose", PurposeChoices(e.purpose)},
            {"mode", ModeChoices(e.mode)},
            {"status", StatusChoices(e.status)},
            {"start_date", e.start_date},
            {"end_date", e.end_date},
            {"start_time", e.start_time},
            {"end_time", e.end_time},
            {"place", e.place},
            {"url", e.url},
            {"organiser", e.organiser},
            {"milestone", e.milestone},
            {"description", e.description},
            {"expected_outputs", e.expected_outputs},
            {"actual_outputs", e.actual_outputs},
            {"version", e.version},
            {"projects", ProjectChoices(*projects, e.project_ids, false)},
            {"has_projects", !projects->empty()},
            {"linked", linked},
            {"stakeholder_emails", in.stakeholder_emails},
            {"lists", list_choices},
            {"has_lists", !lists->empty()}};
  for (const auto& field : {"title", "start_date", "end_date", "start_time", "end_time", "url", "place", "organiser",
                            "project_ids", "stakeholder_ids", "stakeholder_emails", "invitation_list_id", "kind",
                            "purpose", "mode", "status", "description", "expected_outputs", "actual_outputs"})
    f[std::string("bad_") + field] = bad.count(field) > 0;
  json data = {{"f", f},
               {"is_new", is_new},
               {"action", is_new ? ctx.WsUrl("/events") : EventUrl(ctx, e.id)},
               {"cancel_url", is_new ? ctx.WsUrl("/events") : EventUrl(ctx, e.id)},
               {"errors", errors},
               {"has_errors", !errors.empty()}};
  return RenderPage(ctx, "event_form", (is_new ? "New event · " : "Edit event · ") + ctx.ws->acronym, data, status);
}

// "2025-10-14T09:30" -> ("2025-10-14", "09:30"); "2025-10-14" -> ("2025-10-14", "").
std::pair<std::string, std::string> SplitDateTime(const std::string& s) {
  if (s.size() >= 16 && (s[10] == 'T' || s[10] == ' ')) return {s.substr(0, 10), s.substr(11, 5)};
  return {s.substr(0, std::min<size_t>(10, s.size())), ""};
}

Response NewEvent(RequestContext& ctx) {
  FormInput in;
  in.e.status = domain::EventStatus::kPlanned;
  std::vector<std::string> errors;
  // "Create from an invitation list": prefill title, dates and place from the list.
  if (auto l = strings::ParseInt(ctx.req.Query("list")); l && *l > 0) {
    auto conn = ctx.app.db.Acquire();
    auto list = storage::InvitationStore(*conn).Get(ctx.ws->id, *l);
    if (!list.ok()) return ErrorPage(ctx, list.status());
    if (!*list) return ErrorPage(ctx, Status::NotFound("no invitation list " + std::to_string(*l) + " in " + ctx.ws->acronym));
    const auto& x = **list;
    in.e.invitation_list_id = x.id;
    in.e.title = x.event_title.empty() ? x.name : x.event_title;
    std::tie(in.e.start_date, in.e.start_time) = SplitDateTime(x.event_start);
    auto [end_date, end_time] = SplitDateTime(x.event_end);
    if (end_date != in.e.start_date) in.e.end_date = end_date;
    in.e.end_time = end_time;
    in.e.place = x.event_place;
    in.e.description = x.purpose;
  }
  return FormPage(ctx, in, true, errors, 200);
}

Status StatusFrom(const Result<int64_t>& r) { return r.ok() ? Status::Ok() : r.status(); }

Response CreateEvent(RequestContext& ctx) {
  std::vector<std::string> errors;
  FormInput in = ReadForm(ctx.req, &errors);
  in.e.workspace_id = ctx.ws->id;
  auto conn = ctx.app.db.Acquire();
  ResolveEmails(*conn, ctx.ws->id, in, &errors);
  if (Status v = domain::ValidateEvent(in.e); !v.ok()) errors.insert(errors.begin(), v.message());
  if (!errors.empty()) return FormPage(ctx, in, true, errors, 400);
  int64_t id = 0;
  std::string notice = "Event saved.";
  {
    storage::Transaction tx(*conn);
    auto created = storage::EventStore(*conn).Create(in.e, ctx.actor());
    Status s = StatusFrom(created);
    if (s.ok() && in.e.invitation_list_id) {
      auto added = storage::EventEvidenceStore(*conn).AddFromInvitationList(ctx.ws->id, *created,
                                                                           *in.e.invitation_list_id, ctx.actor());
      if (added.ok())
        notice = "Event saved; " + std::to_string(added->added) + " participants added from the invitation list.";
      else
        s = added.status();
    }
    if (s.ok()) s = tx.Commit();
    if (!s.ok()) {
      if (s.code() == ErrorCode::kInvalidArgument || s.code() == ErrorCode::kNotFound)
        return FormPage(ctx, in, true, {s.message()}, 400);
      return ErrorPage(ctx, s);
    }
    id = *created;
  }
  return BackToEvent(ctx, id, notice, "");
}

Response EditEvent(RequestContext& ctx) {
  auto id = EventIdParam(ctx);
  if (!id.ok()) return ErrorPage(ctx, id.status());
  FormInput in;
  {
    auto conn = ctx.app.db.Acquire();
    auto e = storage::EventStore(*conn).Get(ctx.ws->id, *id);
    if (!e.ok()) return ErrorPage(ctx, e.status());
    if (!*e) return ErrorPage(ctx, Status::NotFound("no event " + std::to_string(*id) + " in " + ctx.ws->acronym));
    in.e = **e;
  }
  return FormPage(ctx, in, false, {}, 200);
}

Response UpdateEvent(RequestContext& ctx) {
  auto id = EventIdParam(ctx);
  if (!id.ok()) return ErrorPage(ctx, id.status());
  std::vector<std::string> errors;
  FormInput in = ReadForm(ctx.req, &errors);
  in.e.id = *id;
  in.e.workspace_id = ctx.ws->id;
  auto conn = ctx.app.db.Acquire();
  auto stored = storage::EventStore(*conn).Get(ctx.ws->id, *id);
  if (!stored.ok()) return ErrorPage(ctx, stored.status());
  if (!*stored) return ErrorPage(ctx, Status::NotFound("no event " + std::to_string(*id) + " in " + ctx.ws->acronym));
  // Fields this form does not edit stay as stored.
  in.e.minutes_md = (*stored)->minutes_md;
  in.e.invitation_list_id = (*stored)->invitation_list_id;
  ResolveEmails(*conn, ctx.ws->id, in, &errors);
  if (Status v = domain::ValidateEvent(in.e); !v.ok()) errors.insert(errors.begin(), v.message());
  if (!errors.empty()) return FormPage(ctx, in, false, errors, 400);
  std::string notice = "Event saved.";
  storage::EventStore store(*conn);
  {
    storage::Transaction tx(*conn);
    Status s = store.Update(in.e, ctx.actor());
    if (s.ok()) s = tx.Commit();
    if (!s.ok()) {
      if (s.code() == ErrorCode::kInvalidArgument || s.code() == ErrorCode::kNotFound)
        return FormPage(ctx, in, false, {s.message()}, 400);
      if (s.code() == ErrorCode::kConflict) return FormPage(ctx, in, false, {s.message()}, 409);
      return ErrorPage(ctx, s);
    }
  }
  const auto& link = store.last_registry_link();
  if (!link.moved_now.empty())
    notice += " " + std::to_string(link.moved_now.size()) +
              " sister project(s) moved to interaction-filtered in the registry (joint event documented).";
  return BackToEvent(ctx, *id, notice, "");
}

Response DeleteEvent(RequestContext& ctx) {
  auto id = EventIdParam(ctx);
  if (!id.ok()) return ErrorPage(ctx, id.status());
  auto conn = ctx.app.db.Acquire();
  storage::Transaction tx(*conn);
  Status s = storage::EventStore(*conn).Delete(ctx.ws->id, *id, ctx.actor());
  if (s.ok()) s = tx.Commit();
  if (!s.ok()) return ErrorPage(ctx, s);
  return Response::Redirect(ctx.WsUrl("/events?notice=" + strings::UrlEncode("Event deleted with its evidence.")));
}

// ---- the event page ----

Response ShowEvent(RequestContext& ctx) {
  auto id = EventIdParam(ctx);
  if (!id.ok()) return ErrorPage(ctx, id.status());
  return EventPage(ctx, *id, PageState{}, 200);
}

// ---- exports ----

Response ExportEvents(RequestContext& ctx) {
  std::vector<std::string> errors;
  storage::EventQuery q = ReadQuery(ctx.req, &errors);
  if (!errors.empty()) return ErrorPage(ctx, Status::Invalid(strings::Join(errors, "; ")));
  std::string format = ctx.req.Query("format");
  Result<reports::Table> table = Status::Internal("not run");
  {
    auto conn = ctx.app.db.Acquire();
    table = reports::EventsTable(*conn, ctx.ws->id, q);
  }
  if (!table.ok()) return ErrorPage(ctx, table.status());
  std::string stem = ctx.ws->slug + "-events";
  if (format == "csv") return Response::Download(reports::WriteCsv(*table), "text/csv; charset=utf-8", stem + ".csv");
  if (format == "md")
    return Response::Download("# " + ctx.ws->acronym + " clustering events\n\n" + reports::MarkdownTable(*table),
                              "text/markdown; charset=utf-8", stem + ".md");
  if (format == "xlsx" || format.empty()) {
    auto x = reports::WriteXlsx(*table);
    if (!x.ok()) return ErrorPage(ctx, x.status());
    return Response::Download(std::move(*x), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                              stem + ".xlsx");
  }
  return ErrorPage(ctx, Status::Invalid("format: choose xlsx, csv or md"));
}

Response EvidencePack(RequestContext& ctx) {
  auto id = EventIdParam(ctx);
  if (!id.ok()) return ErrorPage(ctx, id.status());
  Result<reports::EvidencePack> pack = Status::Internal("not run");
  {
    auto conn = ctx.app.db.Acquire();
    pack = reports::LoadEvidencePack(*conn, ctx.ws->id, *id);
  }
  if (!pack.ok()) return ErrorPage(ctx, pack.status());
  std::string html = reports::EvidencePackHtml(*pack);
  Response r;
  if (ctx.req.Query("download") == "1") {
    r = Response::Download(std::move(html), "text/html; charset=utf-8",
                           "evidence-pack-" + reports::EventFileStem(pack->summary.event.title) + ".html");
  } else {
    r = Response::Html(std::move(html));
  }
  // The pack is self-contained: inline CSS only, and no script may ever run in it.
  r.headers.emplace_back("Content-Security-Policy",
                         "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'none'; "
                         "frame-ancestors 'none'; form-action 'none'; base-uri 'none'");
  return r;
}

Response EventIcs(RequestContext& ctx) {
  auto conn = ctx.app.db.Acquire();
  std::vector<domain::Event> events;
  std::string name = ctx.ws->slug + "-events.ics";
  if (!ctx.req.Param("id").empty()) {
    auto id = EventIdParam(ctx);
    if (!id.ok()) return ErrorPage(ctx, id.status());
    auto e = storage::EventStore(*conn).Get(ctx.ws->id, *id);
    if (!e.ok()) return ErrorPage(ctx, e.status());
    if (!*e) return ErrorPage(ctx, Status::NotFound("no event " + std::to_string(*id) + " in " + ctx.ws->acronym));
    events.push_back(**e);
    name = reports::EventFileStem((*e)->title) + ".ics";
  } else {
    storage::EventQuery q;
    q.limit = 5000;
    auto list = storage::EventStore(*conn).List(ctx.ws->id, q);
    if (!list.ok()) return ErrorPage(ctx, list.status());
    for (const auto& s : *list) events.push_back(s.event);
  }
  return Response::Download(reports::EventsIcs(events, ctx.ws->slug), "text/calendar; charset=utf-8", name);
}

}  // namespace

namespace events {

Response EventPage(RequestContext& ctx, int64_t id, const PageState& state, int status) {
  auto conn = ctx.app.db.Acquire();
  auto pack = reports::LoadEvidencePack(*conn, ctx.ws->id, id);
  if (!pack.ok()) return ErrorPage(ctx, pack.status());
  const auto& e = pack->summary.event;
  auto link = storage::EventFollowup(*conn).RegistryLinkStatus(ctx.ws->id, id);
  auto lists = storage::InvitationStore(*conn).Lists(ctx.ws->id);
  if (!lists.ok()) return ErrorPage(ctx, lists.status());
  auto members = conn->Query(
      "SELECT u.display_name, u.email FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.workspace_id = ?"
      " ORDER BY u.display_name",
      {ctx.ws->id});
  if (!members.ok()) return ErrorPage(ctx, members.status());
  bool can_edit = ctx.CanEdit();
  const std::string base = EventUrl(ctx, id);

  json facts = json::array();
  auto fact = [&](const char* label, const std::string& v) {
    if (!v.empty()) facts.push_back({{"label", label}, {"value", v}});
  };
  fact("Period", domain::ProjectMonthLabel(pack->summary.project_month));
  fact("Dates", DatesText(e));
  fact("Type", domain::EventKindLabel(e.kind));
  fact("Purpose", domain::EventPurposeLabel(e.purpose));
  fact("Mode", domain::EventModeLabel(e.mode));
  fact("Place", e.place);
  fact("Organiser", e.organiser);
  fact("Milestone", e.milestone);
  fact("Description", e.description);
  fact("Expected outputs", e.expected_outputs);
  fact("Actual outputs", e.actual_outputs);
  json projects = json::array();
  for (auto pid : e.project_ids) {
    auto it = pack->project_acronyms.find(pid);
    projects.push_back({{"name", it == pack->project_acronyms.end() ? "#" + std::to_string(pid) : it->second},
                        {"url", ctx.WsUrl("/registry/" + std::to_string(pid))}});
  }
  json people = json::array();
  for (auto sid : e.stakeholder_ids) {
    auto it = pack->stakeholder_names.find(sid);
    people.push_back({{"name", it == pack->stakeholder_names.end() ? "#" + std::to_string(sid) : it->second},
                      {"url", ctx.WsUrl("/stakeholders/" + std::to_string(sid))}});
  }
  json link_rows = json::array();
  bool link_applies = false;
  if (link.ok()) {
    link_applies = link->applies;
    for (const auto& en : link->entries)
      link_rows.push_back({{"acronym", en.acronym}, {"moved", en.moved}, {"reason", en.reason},
                           {"url", ctx.WsUrl("/registry/" + std::to_string(en.project_id))}});
  }

  auto acronym = [&](const std::optional<int64_t>& pid) -> std::string {
    if (!pid) return "";
    auto it = pack->project_acronyms.find(*pid);
    return it == pack->project_acronyms.end() ? "#" + std::to_string(*pid) : it->second;
  };

  json agenda = json::array();
  for (size_t i = 0; i < pack->agenda.size(); ++i) {
    const auto& a = pack->agenda[i];
    std::string item = base + "/agenda/" + std::to_string(a.id);
    agenda.push_back({{"id", a.id},
                      {"time", a.start_time + (a.end_time.empty() ? "" : "–" + a.end_time)},
                      {"title", a.title},
                      {"speaker", a.speaker},
                      {"project", acronym(a.project_id)},
                      {"edit_url", base + "?edit_agenda=" + std::to_string(a.id) + "#agenda"},
                      {"move_url", item + "/move"},
                      {"can_up", i > 0},
                      {"can_down", i + 1 < pack->agenda.size()},
                      {"delete_url", item + "/delete"}});
  }
  // Editing one agenda item: the values typed after a refusal, else the stored ones.
  json agenda_edit;
  if (can_edit) {
    json src;
    if (state.form == "agenda_edit") {
      src = state.kept;
    } else if (auto eid = strings::ParseInt(ctx.req.Query("edit_agenda"))) {
      for (const auto& a : pack->agenda)
        if (a.id == *eid)
          src = {{"id", a.id}, {"start_time", a.start_time}, {"end_time", a.end_time}, {"title", a.title},
                 {"speaker", a.speaker}, {"project", a.project_id ? std::to_string(*a.project_id) : ""}};
    }
    if (src.is_object() && src.contains("id")) {
      auto pid = strings::ParseInt(src.value("project", ""));
      agenda_edit = src;
      agenda_edit["url"] = base + "/agenda/" + std::to_string(src.value("id", int64_t{0}));
      agenda_edit["projects"] =
          ProjectChoices(pack->project_acronyms, pid ? std::vector<int64_t>{*pid} : std::vector<int64_t>{}, true);
    }
  }

  // Participants: filtered on the page (name, organisation, e-mail; checked in or not); the
  // counts always cover everyone.
  std::string pq = strings::ToLower(strings::Trim(ctx.req.Query("pq")));
  std::string pshow = ctx.req.Query("pshow");
  // The filter travels in the check-in form's URL, so the page comes back filtered.
  std::string checkin_query;
  if (!pq.empty()) checkin_query += "?pq=" + strings::UrlEncode(ctx.req.Query("pq"));
  if (!pshow.empty()) checkin_query += (checkin_query.empty() ? "?" : "&") + std::string("pshow=") + strings::UrlEncode(pshow);
  json participants = json::array();
  int64_t n_checked = 0;
  for (const auto& p : pack->participants) {
    bool in = !p.checked_in_at.empty();
    n_checked += in ? 1 : 0;
    if (pshow == "in" && !in) continue;
    if (pshow == "out" && in) continue;
    if (!pq.empty() && strings::ToLower(p.name + " " + p.organisation + " " + p.email).find(pq) == std::string::npos)
      continue;
    auto tl = pack->type_labels.find(p.stakeholder_type);
    participants.push_back({{"id", p.id},
                            {"name", p.name},
                            {"organisation", p.organisation},
                            {"country", p.country},
                            {"type", tl == pack->type_labels.end() ? p.stakeholder_type : tl->second},
                            {"source", domain::ParticipantSourceKey(p.source)},
                            {"checked_in", in},
                            {"checked_in_at", display::When(p.checked_in_at)},
                            {"stakeholder_url", p.stakeholder_id ? ctx.WsUrl("/stakeholders/" + std::to_string(*p.stakeholder_id)) : ""},
                            {"checkin_url", base + "/participants/" + std::to_string(p.id) + "/checkin" + checkin_query},
                            {"delete_url", base + "/participants/" + std::to_string(p.id) + "/delete"}});
  }
  json list_choices = json::array();
  for (const auto& l : *lists)
    list_choices.push_back({{"value", std::to_string(l.id)},
                            {"label", l.name + " (" + std::to_string(l.invited) + " invited)"},
                            {"selected", e.invitation_list_id && *e.invitation_list_id == l.id}});

  json attachments = json::array();
  for (const auto& a : pack->attachments)
    attachments.push_back({{"id", a.id},
                           {"filename", a.filename},
                           {"label", a.label},
                           {"type", a.content_type},
                           {"size", display::Thousands(a.size) + " bytes"},
                           {"sha256", a.sha256},
                           {"uploaded", display::When(a.uploaded_at)},
                           {"by", a.uploaded_by},
                           {"url", base + "/attachments/" + std::to_string(a.id)},
                           {"delete_url", base + "/attachments/" + std::to_string(a.id) + "/delete"}});

  json actions = json::array();
  for (const auto& a : pack->actions) {
    bool overdue = domain::IsOverdue(a, pack->today);
    bool closed = domain::IsClosed(a.status);
    std::string linked = acronym(a.project_id);
    if (a.stakeholder_id) {
      auto it = pack->stakeholder_names.find(*a.stakeholder_id);
      linked += (linked.empty() ? "" : ", ") +
                (it == pack->stakeholder_names.end() ? "stakeholder #" + std::to_string(*a.stakeholder_id) : it->second);
    }
    actions.push_back({{"id", a.id},
                       {"edit_url", base + "?edit_action=" + std::to_string(a.id) + "#actions"},
                       {"status_url", base + "/actions/" + std::to_string(a.id) + "/status"},
                       {"in_progress", a.status == domain::ActionStatus::kInProgress},
                       {"description", a.description},
                       {"responsible", a.responsible_name},
                       {"due", a.due_date},
                       {"status", domain::ActionStatusLabel(a.status)},
                       {"status_key", domain::ActionStatusKey(a.status)},
                       {"closed", closed},
                       {"closed_at", display::When(a.closed_at)},
                       {"overdue", overdue},
                       {"linked", linked},
                       {"close_url", base + "/actions/" + std::to_string(a.id) + "/close"},
                       {"reopen_url", base + "/actions/" + std::to_string(a.id) + "/reopen"},
                       {"delete_url", base + "/actions/" + std::to_string(a.id) + "/delete"}});
  }
  // Editing one action: the values typed after a refusal, else the stored ones (responsible by
  // name, linked stakeholder by e-mail: what the form resolves back).
  json action_edit;
  if (can_edit) {
    json src;
    if (state.form == "action_edit") {
      src = state.kept;
    } else if (auto eid = strings::ParseInt(ctx.req.Query("edit_action"))) {
      for (const auto& a : pack->actions)
        if (a.id == *eid) {
          std::string sh;
          if (a.stakeholder_id) {
            auto r = conn->Query("SELECT email, name FROM stakeholders WHERE id = ? AND workspace_id = ?",
                                 {*a.stakeholder_id, ctx.ws->id});
            if (r.ok() && !r->empty()) sh = (*r)[0].Text(0).empty() ? (*r)[0].Text(1) : (*r)[0].Text(0);
          }
          src = {{"id", a.id}, {"description", a.description}, {"responsible", a.responsible_name},
                 {"due_date", a.due_date}, {"status", domain::ActionStatusKey(a.status)},
                 {"project", a.project_id ? std::to_string(*a.project_id) : ""}, {"stakeholder", sh},
                 {"version", std::to_string(a.version)}};
        }
    }
    if (src.is_object() && src.contains("id")) {
      auto pid = strings::ParseInt(src.value("project", ""));
      auto st = domain::ParseActionStatus(src.value("status", "open"));
      action_edit = src;
      action_edit["url"] = base + "/actions/" + std::to_string(src.value("id", int64_t{0}));
      action_edit["statuses"] = ActionStatusChoices(st ? *st : domain::ActionStatus::kOpen);
      action_edit["projects"] =
          ProjectChoices(pack->project_acronyms, pid ? std::vector<int64_t>{*pid} : std::vector<int64_t>{}, true);
    }
  }
  json people_choices = json::array();
  for (const auto& r : *members) people_choices.push_back({{"value", r.Text(1)}, {"label", r.Text(0) + " (member)"}});
  std::set<std::string> seen;
  json stakeholder_choices = json::array();
  for (const auto& p : pack->participants)
    if (p.stakeholder_id && !p.email.empty() && seen.insert(p.email).second) {
      people_choices.push_back({{"value", p.email}, {"label", p.name + " (participant)"}});
      stakeholder_choices.push_back({{"value", p.email}, {"label", p.name}});
    }

  bool blank_minutes = strings::Trim(e.minutes_md).empty();
  reports::MarkdownOptions mo;
  mo.heading_offset = 2;
  auto kept = [&](const char* form) { return state.form == form ? state.kept : json::object(); };
  auto errs = [&](const char* form) { return state.form == form ? json(state.errors) : json::array(); };
  json minutes_kept = kept("minutes");
  std::string attachment_label = kept("attachment").value("label", "");
  json labels = json::array();
  for (const char* l : {"agenda", "participant list", "minutes", "slides", "photo", "other"})
    labels.push_back({{"value", l}, {"label", l}, {"selected", attachment_label == l}});
  json action_kept = kept("action");
  std::vector<int64_t> action_project;
  if (auto pid = strings::ParseInt(action_kept.value("project", "")); pid) action_project.push_back(*pid);

  json data = {
      {"e",
       {{"id", e.id},
        {"title", e.title},
        {"status", domain::EventStatusLabel(e.status)},
        {"status_key", domain::EventStatusKey(e.status)},
        {"version", e.version},
        {"url", e.url},
        {"facts", facts},
        {"projects", projects},
        {"has_projects", !projects.empty()},
        {"people", people},
        {"has_people", !people.empty()}}},
      {"completeness", CompletenessJson(pack->summary.completeness)},
      {"link", {{"applies", link_applies}, {"rows", link_rows}, {"has_rows", !link_rows.empty()}}},
      {"can_edit", can_edit},
      {"edit_url", base + "/edit"},
      {"delete_url", base + "/delete"},
      {"pack_url", base + "/pack"},
      {"pack_download_url", base + "/pack?download=1"},
      {"ics_url", base + "/event.ics"},
      {"agenda", agenda},
      {"agenda_url", base + "/agenda"},
      {"agenda_kept", kept("agenda")},
      {"agenda_edit", agenda_edit},
      {"agenda_edit_errors", errs("agenda_edit")},
      {"agenda_errors", errs("agenda")},
      {"agenda_projects", ProjectChoices(pack->project_acronyms,
                                         strings::ParseInt(kept("agenda").value("project", ""))
                                             ? std::vector<int64_t>{*strings::ParseInt(kept("agenda").value("project", ""))}
                                             : std::vector<int64_t>{},
                                         true)},
      {"participants", participants},
      {"n_participants", pack->participants.size()},
      {"n_checked_in", n_checked},
      {"n_shown", participants.size()},
      {"filtered", !pq.empty() || !pshow.empty()},
      {"pq", ctx.req.Query("pq")},
      {"pshow_all", pshow.empty()},
      {"pshow_in", pshow == "in"},
      {"pshow_out", pshow == "out"},
      {"walkin_url", base + "/participants"},
      {"walkin_kept", kept("walkin")},
      {"walkin_errors", errs("walkin")},
      {"from_list_url", base + "/participants/from-list"},
      {"lists", list_choices},
      {"has_lists", !list_choices.empty()},
      {"list_errors", errs("list")},
      {"upload_url", base + "/participants/upload"},
      {"upload_errors", errs("upload")},
      {"minutes_url", base + "/minutes"},
      {"minutes_md", minutes_kept.contains("minutes") ? minutes_kept.value("minutes", "") : e.minutes_md},
      {"minutes_version", minutes_kept.contains("version") ? minutes_kept.value("version", "") : std::to_string(e.version)},
      {"minutes_errors", errs("minutes")},
      {"has_minutes", !blank_minutes},
      // Safe by construction: reports::RenderMarkdown escapes every character of the input.
      {"minutes_html", blank_minutes ? "" : reports::RenderMarkdown(e.minutes_md, mo)},
      {"attachments", attachments},
      {"attachment_url", base + "/attachments"},
      {"attachment_labels", labels},
      {"attachment_errors", errs("attachment")},
      {"max_attachment_mb", domain::kMaxAttachmentBytes / (1024 * 1024)},
      {"actions", actions},
      {"action_url", base + "/actions"},
      {"action_kept", action_kept},
      {"action_edit", action_edit},
      {"action_edit_errors", errs("action_edit")},
      {"stakeholder_choices", stakeholder_choices},
      {"action_errors", errs("action")},
      {"action_projects", ProjectChoices(pack->project_acronyms, action_project, true)},
      {"people_choices", people_choices},
      {"state_errors", state.form.empty() ? json(state.errors) : json::array()},
      {"pshow", pshow},
      {"walkin_open", state.form == "walkin"},
      {"list_open", state.form == "list"},
      {"upload_open", state.form == "upload"},
  };
  return RenderPage(ctx, "event_page", e.title + " · " + ctx.ws->acronym, data, status);
}

}  // namespace events

void RegisterEventRoutes(Router& r) {
  r.Add("GET", "/w/:ws/events", Access::kViewer, ListEvents);
  r.Add("GET", "/w/:ws/events/new", Access::kEditor, NewEvent);
  r.Add("POST", "/w/:ws/events", Access::kEditor, CreateEvent);
  r.Add("GET", "/w/:ws/events/export", Access::kViewer, ExportEvents);
  r.Add("GET", "/w/:ws/events/calendar.ics", Access::kViewer, EventIcs);
  r.Add("GET", "/w/:ws/events/:id#", Access::kViewer, ShowEvent);
  r.Add("GET", "/w/:ws/events/:id#/edit", Access::kEditor, EditEvent);
  r.Add("POST", "/w/:ws/events/:id#", Access::kEditor, UpdateEvent);
  r.Add("POST", "/w/:ws/events/:id#/delete", Access::kEditor, DeleteEvent);
  r.Add("GET", "/w/:ws/events/:id#/pack", Access::kViewer, EvidencePack);
  r.Add("GET", "/w/:ws/events/:id#/event.ics", Access::kViewer, EventIcs);
}

}  // namespace corridor::web
