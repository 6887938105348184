// Workspace pages over all clustering events: "Incomplete evidence" (held events missing any of the
// four minimum items, oldest first), "Follow-up" (open actions across events by responsible person,
// overdue first, closed from there) and the KPI dashboard (computed by analytics/event_kpis, drawn
// by Chart.js from data-* attributes, numbers in tables beneath, CSV/.xlsx/.md downloads).
#include "analytics/event_kpis.h"
#include "core/dates.h"
#include "core/strings.h"
#include "reports/xlsx_writer.h"
#include "storage/event_followup.h"
#include "web/display.h"
#include "web/event_kpi_tables.h"
#include "web/handlers/event_common.h"
#include "web/handlers/handlers.h"
#include "web/render.h"

namespace corridor::web {

namespace {

using nlohmann::json;
using namespace events;

Response Incomplete(RequestContext& ctx) {
  auto conn = ctx.app.db.Acquire();
  auto list = storage::EventFollowup(*conn).IncompleteHeldEvents(ctx.ws->id);
  if (!list.ok()) return ErrorPage(ctx, list.status());
  json rows = json::array();
  for (const auto& i : *list) {
    json r = SummaryJson(ctx, i.summary);
    r["missing"] = strings::Join(i.missing, ", ");
    rows.push_back(r);
  }
  return RenderPage(ctx, "event_incomplete", "Incomplete evidence · " + ctx.ws->acronym,
                    {{"events", rows}, {"count", rows.size()}});
}

Response FollowUp(RequestContext& ctx) {
  std::string today = dates::ToIso(dates::Today());
  auto conn = ctx.app.db.Acquire();
  auto groups = storage::EventFollowup(*conn).OpenActionsByPerson(ctx.ws->id, today);
  if (!groups.ok()) return ErrorPage(ctx, groups.status());
  json out = json::array();
  size_t total = 0, overdue = 0;
  for (const auto& g : *groups) {
    json actions = json::array();
    for (const auto& a : g.actions) {
      std::string base = EventUrl(ctx, a.event_id, "/actions/" + std::to_string(a.action.id));
      actions.push_back({{"id", a.action.id},
                         {"description", a.action.description},
                         {"due", a.action.due_date},
                         {"status", domain::ActionStatusLabel(a.action.status)},
                         {"overdue", a.overdue},
                         {"event", a.event_title},
                         {"event_date", a.event_date},
                         {"event_url", EventUrl(ctx, a.event_id) + "#actions"},
                         {"in_progress", a.action.status == domain::ActionStatus::kInProgress},
                         {"status_url", base + "/status"},
                         {"close_url", base + "/close"}});
      ++total;
      overdue += a.overdue ? 1 : 0;
    }
    out.push_back({{"name", g.responsible_name},
                   {"kind", g.user_id ? "member" : "stakeholder"},
                   {"overdue", g.overdue},
                   {"count", g.actions.size()},
                   {"actions", actions}});
  }
  return RenderPage(ctx, "event_followup", "Follow-up · " + ctx.ws->acronym,
                    {{"groups", out}, {"total", total}, {"overdue", overdue}, {"today", today}});
}

Result<analytics::EventKpis> Kpis(RequestContext& ctx) {
  analytics::KpiRange range;
  range.from = strings::Trim(ctx.req.Query("from"));
  range.to = strings::Trim(ctx.req.Query("to"));
  auto conn = ctx.app.db.Acquire();
  return analytics::ComputeEventKpis(*conn, ctx.ws->id, range);
}

json Palette() { return json::array({"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"}); }

// A stacked bar chart spec (held / planned / cancelled) for charts.js.
std::string StatusChart(const std::vector<analytics::KpiBreakdown>& rows, const std::string& title) {
  json labels = json::array(), held = json::array(), planned = json::array(), cancelled = json::array();
  for (const auto& b : rows) {
    labels.push_back(b.label);
    held.push_back(b.held);
    planned.push_back(b.planned);
    cancelled.push_back(b.cancelled);
  }
  return json({{"title", title},
               {"axis", "Events"},
               {"labels", labels},
               {"stacked", true},
               {"palette", Palette()},
               {"datasets", json::array({{{"label", "Held"}, {"data", held}},
                                         {{"label", "Planned"}, {"data", planned}},
                                         {{"label", "Cancelled"}, {"data", cancelled}}})}})
      .dump();
}

std::string CountChart(const std::vector<analytics::KpiCount>& rows, const std::string& title, const std::string& axis) {
  json labels = json::array(), data = json::array();
  for (size_t i = 0; i < rows.size() && i < 25; ++i) {
    labels.push_back(rows[i].label);
    data.push_back(rows[i].count);
  }
  return json({{"title", title},
               {"axis", axis},
               {"labels", labels},
               {"stacked", false},
               {"palette", Palette()},
               {"datasets", json::array({{{"label", axis}, {"data", data}}})}})
      .dump();
}

std::string ActionChart(const analytics::EventKpis& k) {
  int64_t open_not_overdue = k.actions_open - k.actions_overdue;
  return json({{"title", "Actions"},
               {"axis", "Actions"},
               {"labels", json::array({"Open (not overdue)", "Overdue", "Closed on time", "Closed late", "Dropped"})},
               {"stacked", false},
               {"palette", Palette()},
               {"datasets", json::array({{{"label", "Actions"},
                                          {"data", json::array({open_not_overdue, k.actions_overdue, k.actions_closed_on_time,
                                                                k.actions_closed_late, k.actions_dropped})}}})}})
      .dump();
}

json ActionRows(const analytics::EventKpis& k) {
  json out = json::array();
  for (const auto& r : KpiActionsTable(k).rows) out.push_back({{"label", r[0]}, {"count", r[1]}});
  return out;
}

json BreakdownRows(const std::vector<analytics::KpiBreakdown>& rows) {
  json out = json::array();
  for (const auto& b : rows)
    out.push_back({{"label", b.label}, {"held", b.held}, {"planned", b.planned}, {"cancelled", b.cancelled}, {"total", b.Total()}});
  return out;
}
json CountRows(const std::vector<analytics::KpiCount>& rows) {
  json out = json::array();
  for (const auto& c : rows) out.push_back({{"label", c.label}, {"count", c.count}});
  return out;
}

Response KpiPage(RequestContext& ctx) {
  auto k = Kpis(ctx);
  std::vector<std::string> errors;
  if (!k.ok()) {
    if (k.status().code() != ErrorCode::kInvalidArgument) return ErrorPage(ctx, k.status());
    errors.push_back(k.status().message());
    analytics::KpiRange all;
    auto conn = ctx.app.db.Acquire();
    k = analytics::ComputeEventKpis(*conn, ctx.ws->id, all);
    if (!k.ok()) return ErrorPage(ctx, k.status());
  }
  std::string qs;
  if (!k->from.empty()) qs += "&from=" + strings::UrlEncode(k->from);
  if (!k->to.empty()) qs += "&to=" + strings::UrlEncode(k->to);
  json summary = json::array();
  for (const auto& r : KpiSummaryTable(*k).rows) summary.push_back({{"label", r[0]}, {"value", r[1]}, {"note", r[2]}});
  json data = {
      {"from", ctx.req.Query("from")},
      {"to", ctx.req.Query("to")},
      {"summary", summary},
      {"by_purpose", BreakdownRows(k->by_purpose)},
      {"by_kind", BreakdownRows(k->by_kind)},
      {"by_type", CountRows(k->checked_in_by_type)},
      {"by_country", CountRows(k->checked_in_by_country)},
      {"has_participants", k->participants_checked_in > 0},
      {"purpose_chart", StatusChart(k->by_purpose, "Events by purpose")},
      {"kind_chart", StatusChart(k->by_kind, "Events by kind")},
      {"type_chart", CountChart(k->checked_in_by_type, "Participants by stakeholder type", "Participants")},
      {"country_chart", CountChart(k->checked_in_by_country, "Participants by country", "Participants")},
      {"action_chart", ActionChart(*k)},
      {"project_chart", CountChart(k->held_events_by_project, "Sister projects engaged", "Held events")},
      {"by_project", CountRows(k->held_events_by_project)},
      {"has_projects", !k->held_events_by_project.empty()},
      {"action_rows", ActionRows(*k)},
      {"has_actions", k->actions > 0},
      {"csv_url", ctx.WsUrl("/events/kpis/export?format=csv" + qs)},
      {"xlsx_url", ctx.WsUrl("/events/kpis/export?format=xlsx" + qs)},
      {"md_url", ctx.WsUrl("/events/kpis/export?format=md" + qs)},
      {"errors", errors},
      {"has_errors", !errors.empty()},
      {"scripts", json::array({StaticUrl("vendor/chart.umd.js"), StaticUrl("charts.js")})}};
  return RenderPage(ctx, "event_kpis", "Event KPIs · " + ctx.ws->acronym, data, errors.empty() ? 200 : 400);
}

Response KpiExport(RequestContext& ctx) {
  auto k = Kpis(ctx);
  if (!k.ok()) return ErrorPage(ctx, k.status());
  std::string format = ctx.req.Query("format");
  std::string stem = ctx.ws->slug + "-event-kpis";
  if (format == "csv") return Response::Download(KpiCsv(*k), "text/csv; charset=utf-8", stem + ".csv");
  if (format == "md")
    return Response::Download(KpiMarkdown(*k, ctx.ws->acronym + " event KPIs"), "text/markdown; charset=utf-8", stem + ".md");
  if (format == "xlsx" || format.empty()) {
    auto x = reports::WriteXlsxWorkbook(KpiTables(*k));
    if (!x.ok()) return ErrorPage(ctx, x.status());
    return Response::Download(std::move(*x), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                              stem + ".xlsx");
  }
  return ErrorPage(ctx, Status::Invalid("format: choose csv, xlsx or md"));
}

}  // namespace

void RegisterEventFollowupRoutes(Router& r) {
  r.Add("GET", "/w/:ws/events/incomplete", Access::kViewer, Incomplete);
  r.Add("GET", "/w/:ws/events/follow-up", Access::kViewer, FollowUp);
  r.Add("GET", "/w/:ws/events/kpis", Access::kViewer, KpiPage);
  r.Add("GET", "/w/:ws/events/kpis/export", Access::kViewer, KpiExport);
}

}  // namespace corridor::web
