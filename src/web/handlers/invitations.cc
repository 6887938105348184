// Database-to-invitation (seed 001 section 2.2): build an invitation list from segments and
// criteria, preview who is included and who is excluded and why, record the justification,
// export a mail-merge CSV and an ICS invitation, and track each invitee's status.
// ICS choice: one VEVENT with one ATTENDEE line per invitee (reports/ics_writer.h).
#include <algorithm>
#include <set>

#include "core/dates.h"
#include "core/strings.h"
#include "reports/csv_writer.h"
#include "reports/stakeholder_export.h"
#include "storage/invitation_store.h"
#include "storage/segment_store.h"
#include "web/display.h"
#include "web/handlers/engagement_common.h"
#include "web/handlers/handlers.h"
#include "web/render.h"

namespace corridor::web {

namespace {

using nlohmann::json;
namespace eng = engagement;

struct BuildForm {
  storage::InvitationCriteria criteria;
  std::string name, purpose, justification, event_title, event_start, event_end, event_place;
};

BuildForm ReadBuild(const Request& req, std::vector<std::string>* errors) {
  BuildForm b;
  bool post = req.method == "POST";
  for (const auto& v : post ? req.FormAll("segment") : req.QueryAll("segment"))
    if (auto id = strings::ParseInt(v); id && *id > 0) b.criteria.segment_ids.push_back(*id);
  std::sort(b.criteria.segment_ids.begin(), b.criteria.segment_ids.end());
  b.criteria.segment_ids.erase(std::unique(b.criteria.segment_ids.begin(), b.criteria.segment_ids.end()),
                               b.criteria.segment_ids.end());
  b.criteria.extra = eng::ReadFilter(req, errors);
  auto get = [&](const char* k) { return post ? req.Form(k) : req.Query(k); };
  b.name = get("name");
  b.purpose = get("purpose");
  b.justification = get("justification");
  b.event_title = get("event_title");
  b.event_start = get("event_start");
  b.event_end = get("event_end");
  b.event_place = get("event_place");
  return b;
}

json EntryRows(const RequestContext& ctx, const std::vector<storage::PreviewEntry>& entries,
               const std::vector<storage::TaxonomyRow>& taxonomy, size_t cap) {
  json out = json::array();
  for (size_t i = 0; i < entries.size() && i < cap; ++i) {
    const auto& e = entries[i];
    out.push_back({{"id", e.item.s.id},
                   {"url", ctx.WsUrl("/stakeholders/" + std::to_string(e.item.s.id))},
                   {"name", e.item.s.name.empty() ? "(erased)" : e.item.s.name},
                   {"organisation", e.item.s.organisation},
                   {"email", e.item.s.email},
                   {"type", storage::TaxonomyStore::LabelOf(taxonomy, domain::TaxonomyKind::kType, e.item.s.type_key)},
                   {"tier", eng::TierText(e.item.tier)},
                   {"reason", e.reason}});
  }
  return out;
}

Response BuildPage(RequestContext& ctx, const BuildForm& b, std::vector<std::string> errors, int status) {
  auto conn = ctx.app.db.Acquire();
  storage::SegmentStore segments(*conn);
  auto segs = segments.List(ctx.ws->id);
  if (!segs.ok()) return ErrorPage(ctx, segs.status());
  auto taxonomy = eng::Taxonomy(*conn, ctx.ws->id);
  if (!taxonomy.ok()) return ErrorPage(ctx, taxonomy.status());
  storage::StakeholderQuery query(*conn);
  auto countries = query.Countries(ctx.ws->id);
  auto tags = query.Tags(ctx.ws->id);
  if (!countries.ok() || !tags.ok()) return ErrorPage(ctx, countries.ok() ? tags.status() : countries.status());
  json seg_boxes = json::array();
  for (const auto& s : *segs)
    seg_boxes.push_back({{"id", s.id},
                         {"name", s.name},
                         {"filter", eng::Describe(s.filter, *taxonomy)},
                         {"checked", std::count(b.criteria.segment_ids.begin(), b.criteria.segment_ids.end(), s.id) > 0}});
  json included = json::array(), excluded = json::array();
  size_t n_in = 0, n_out = 0;
  std::map<std::string, int> by_reason;
  bool has_criteria = !b.criteria.segment_ids.empty() || !b.criteria.extra.Empty();
  if (has_criteria) {
    auto pv = storage::InvitationStore(*conn).Preview(ctx.ws->id, b.criteria);
    if (!pv.ok()) {
      errors.push_back(pv.status().message());
    } else {
      n_in = pv->included.size();
      n_out = pv->excluded.size();
      included = EntryRows(ctx, pv->included, *taxonomy, 500);
      excluded = EntryRows(ctx, pv->excluded, *taxonomy, 500);
      for (const auto& e : pv->excluded) by_reason[domain::ExclusionKey(e.exclusion)]++;
    }
  }
  json reasons = json::array();
  for (auto& [k, n] : by_reason) reasons.push_back({{"key", k}, {"count", n}});
  json data = {
      {"segments", seg_boxes},
      {"f", eng::FilterForm(b.criteria.extra, *taxonomy, *countries, *tags)},
      {"b",
       {{"name", b.name},
        {"purpose", b.purpose},
        {"justification", b.justification},
        {"event_title", b.event_title},
        {"event_start", b.event_start},
        {"event_end", b.event_end},
        {"event_place", b.event_place}}},
      {"has_criteria", has_criteria},
      {"criteria_text", eng::Describe(b.criteria.extra, *taxonomy)},
      {"included", included},
      {"excluded", excluded},
      {"n_included", n_in},
      {"n_excluded", n_out},
      {"more_included", n_in > 500},
      {"reasons", reasons},
      {"errors", errors},
      {"has_errors", !errors.empty()},
  };
  return RenderPage(ctx, "invitation_build", "New invitation list · " + ctx.ws->acronym, data, status);
}

Response NewList(RequestContext& ctx) {
  std::vector<std::string> errors;
  BuildForm b = ReadBuild(ctx.req, &errors);
  return BuildPage(ctx, b, errors, errors.empty() ? 200 : 400);
}

Response CreateList(RequestContext& ctx) {
  std::vector<std::string> errors;
  BuildForm b = ReadBuild(ctx.req, &errors);
  if (b.criteria.segment_ids.empty() && b.criteria.extra.Empty())
    errors.push_back("criteria: choose at least one segment or filter (an invitation list is never \"everyone\")");
  if (!errors.empty()) return BuildPage(ctx, b, errors, 400);
  storage::InvitationList list;
  list.workspace_id = ctx.ws->id;
  list.name = b.name;
  list.purpose = b.purpose;
  list.justification = b.justification;
  list.criteria = b.criteria;
  list.event_title = b.event_title;
  list.event_start = b.event_start;
  list.event_end = b.event_end;
  list.event_place = b.event_place;
  Result<int64_t> id = Status::Internal("not run");
  {
    auto conn = ctx.app.db.Acquire();
    storage::Transaction tx(*conn);
    id = storage::InvitationStore(*conn).Create(list, ctx.actor());
    if (id.ok())
      if (Status s = tx.Commit(); !s.ok()) id = s;
  }
  if (!id.ok()) {
    if (id.status().code() == ErrorCode::kInvalidArgument || id.status().code() == ErrorCode::kNotFound)
      return BuildPage(ctx, b, {id.status().message()}, 400);
    return ErrorPage(ctx, id.status());
  }
  return Response::Redirect(ctx.WsUrl("/invitations/" + std::to_string(*id) + "?notice=" +
                                      strings::UrlEncode("Invitation list saved.")));
}

Response Lists(RequestContext& ctx) {
  auto conn = ctx.app.db.Acquire();
  auto lists = storage::InvitationStore(*conn).Lists(ctx.ws->id);
  if (!lists.ok()) return ErrorPage(ctx, lists.status());
  json rows = json::array();
  for (const auto& l : *lists)
    rows.push_back({{"url", ctx.WsUrl("/invitations/" + std::to_string(l.id))},
                    {"name", l.name},
                    {"event", l.event_title},
                    {"start", l.event_start},
                    {"invited", l.invited},
                    {"excluded", l.excluded},
                    {"created", display::When(l.created_at)},
                    {"by", l.created_by}});
  return RenderPage(ctx, "invitation_lists", "Invitation lists · " + ctx.ws->acronym, {{"lists", rows}});
}

Result<std::pair<storage::InvitationList, int64_t>> LoadList(RequestContext& ctx, storage::Connection& c) {
  auto id = strings::ParseInt(ctx.req.Param("id"));
  if (!id) return Status::NotFound("no invitation list " + ctx.req.Param("id"));
  auto l = storage::InvitationStore(c).Get(ctx.ws->id, *id);
  if (!l.ok()) return l.status();
  if (!*l) return Status::NotFound("no invitation list " + std::to_string(*id) + " in " + ctx.ws->acronym);
  return std::make_pair(**l, *id);
}

Response ShowList(RequestContext& ctx) {
  auto conn = ctx.app.db.Acquire();
  auto loaded = LoadList(ctx, *conn);
  if (!loaded.ok()) return ErrorPage(ctx, loaded.status());
  const auto& [l, id] = *loaded;
  storage::InvitationStore store(*conn);
  auto invitees = store.Invitees(id);
  auto exclusions = store.Exclusions(id);
  if (!invitees.ok()) return ErrorPage(ctx, invitees.status());
  if (!exclusions.ok()) return ErrorPage(ctx, exclusions.status());
  auto taxonomy = eng::Taxonomy(*conn, ctx.ws->id);
  if (!taxonomy.ok()) return ErrorPage(ctx, taxonomy.status());
  std::map<std::string, int> by_status;
  json rows = json::array();
  for (const auto& i : *invitees) {
    by_status[i.status]++;
    json opts = json::array();
    for (const auto& s : domain::InvitationStatuses()) opts.push_back({{"value", s}, {"selected", s == i.status}});
    rows.push_back({{"id", i.stakeholder_id},
                    {"url", ctx.WsUrl("/stakeholders/" + std::to_string(i.stakeholder_id))},
                    {"name", i.name},
                    {"organisation", i.organisation},
                    {"email", i.email},
                    {"type", storage::TaxonomyStore::LabelOf(*taxonomy, domain::TaxonomyKind::kType, i.type_key)},
                    {"status", i.status},
                    {"status_at", display::When(i.status_at)},
                    {"options", opts}});
  }
  json ex = json::array();
  for (const auto& e : *exclusions)
    ex.push_back({{"name", e.name.empty() ? "(erased)" : e.name}, {"organisation", e.organisation}, {"reason", e.reason},
                  {"url", ctx.WsUrl("/stakeholders/" + std::to_string(e.stakeholder_id))}});
  json counts = json::array();
  for (const auto& s : domain::InvitationStatuses())
    counts.push_back({{"status", s}, {"count", by_status.count(s) ? by_status[s] : 0}});
  std::vector<std::string> seg_names;
  storage::SegmentStore segs(*conn);
  for (int64_t sid : l.criteria.segment_ids) {
    auto s = segs.Get(ctx.ws->id, sid);
    seg_names.push_back(s.ok() && *s ? (*s)->name : "#" + std::to_string(sid) + " (deleted)");
  }
  std::string base = ctx.WsUrl("/invitations/" + std::to_string(id));
  json data = {
      {"l",
       {{"name", l.name},
        {"purpose", l.purpose},
        {"justification", l.justification},
        {"event_title", l.event_title},
        {"event_start", l.event_start},
        {"event_end", l.event_end},
        {"event_place", l.event_place},
        {"created", display::When(l.created_at)},
        {"by", l.created_by},
        {"segments", strings::Join(seg_names, ", ")},
        {"criteria", eng::Describe(l.criteria.extra, *taxonomy)}}},
      {"invitees", rows},
      {"exclusions", ex},
      {"counts", counts},
      {"status_url", base + "/status"},
      {"csv_url", base + "/mailmerge.csv"},
      {"ics_url", base + "/invitation.ics"},
      {"has_event", !l.event_start.empty()},
  };
  return RenderPage(ctx, "invitation_list", l.name + " · " + ctx.ws->acronym, data);
}

Response SetStatus(RequestContext& ctx) {
  auto list_id = strings::ParseInt(ctx.req.Param("id"));
  auto sid = strings::ParseInt(ctx.req.Form("stakeholder"));
  if (!list_id || !sid) return ErrorPage(ctx, Status::Invalid("stakeholder: missing"));
  Status s;
  {
    auto conn = ctx.app.db.Acquire();
    storage::Transaction tx(*conn);
    s = storage::InvitationStore(*conn).SetStatus(ctx.ws->id, *list_id, *sid, ctx.req.Form("status"), ctx.actor());
    if (s.ok()) s = tx.Commit();
  }
  if (!s.ok()) return ErrorPage(ctx, s);
  return Response::Redirect(ctx.WsUrl("/invitations/" + std::to_string(*list_id) + "?notice=" +
                                      strings::UrlEncode("Status saved.")));
}

Response MailMerge(RequestContext& ctx) {
  auto id = strings::ParseInt(ctx.req.Param("id"));
  if (!id) return ErrorPage(ctx, Status::NotFound("no invitation list " + ctx.req.Param("id")));
  auto conn = ctx.app.db.Acquire();
  auto t = reports::MailMergeTable(*conn, ctx.ws->id, *id);
  if (!t.ok()) return ErrorPage(ctx, t.status());
  // WriteCsv guards every text cell against formula injection.
  return Response::Download(reports::WriteCsv(*t), "text/csv; charset=utf-8",
                            reports::FileStem(t->title) + "-mailmerge.csv");
}

Response Ics(RequestContext& ctx) {
  auto id = strings::ParseInt(ctx.req.Param("id"));
  if (!id) return ErrorPage(ctx, Status::NotFound("no invitation list " + ctx.req.Param("id")));
  auto conn = ctx.app.db.Acquire();
  auto list = storage::InvitationStore(*conn).Get(ctx.ws->id, *id);
  if (!list.ok()) return ErrorPage(ctx, list.status());
  if (!*list) return ErrorPage(ctx, Status::NotFound("no invitation list " + std::to_string(*id)));
  auto ics = reports::InvitationIcs(*conn, ctx.ws->id, ctx.ws->slug, *id);
  if (!ics.ok()) return ErrorPage(ctx, ics.status());
  return Response::Download(std::move(*ics), "text/calendar; charset=utf-8", reports::FileStem((*list)->name) + ".ics");
}

}  // namespace

void RegisterInvitationRoutes(Router& r) {
  r.Add("GET", "/w/:ws/invitations", Access::kViewer, Lists);
  r.Add("GET", "/w/:ws/invitations/new", Access::kEditor, NewList);
  r.Add("POST", "/w/:ws/invitations", Access::kEditor, CreateList);
  r.Add("GET", "/w/:ws/invitations/:id", Access::kViewer, ShowList);
  r.Add("POST", "/w/:ws/invitations/:id/status", Access::kEditor, SetStatus);
  r.Add("GET", "/w/:ws/invitations/:id/mailmerge.csv", Access::kViewer, MailMerge);
  r.Add("GET", "/w/:ws/invitations/:id/invitation.ics", Access::kViewer, Ics);
}

}  // namespace corridor::web
