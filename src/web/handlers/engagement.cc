// The engagement matrix of seed 001 Table 3 (per stakeholder group: expected role, value
// proposition, engagement objectives, the taxonomy types it covers): an editor for editors, a
// read-only view for viewers, and the public transparency page (no login) that shows it to
// stakeholders and sister projects.
#include "core/strings.h"
#include "storage/engagement_matrix_store.h"
#include "web/handlers/engagement_common.h"
#include "web/handlers/handlers.h"
#include "web/handlers/stakeholder_common.h"
#include "web/render.h"

namespace corridor::web {

namespace {

using nlohmann::json;
namespace eng = engagement;

// Seeds Table 3 on first use (system actor) and returns the rows.
Result<std::vector<domain::EngagementRow>> Rows(storage::Connection& c, int64_t ws) {
  storage::EngagementMatrixStore store(c);
  {
    storage::Transaction tx(c);
    CORRIDOR_ASSIGN_OR_RETURN(int made, store.EnsureDefaults(ws, storage::Actor{}));
    if (made > 0) CORRIDOR_RETURN_IF_ERROR(tx.Commit());
  }
  return store.List(ws);
}

json RowData(const RequestContext& ctx, const domain::EngagementRow& r, const std::vector<storage::TaxonomyRow>& tax) {
  json types = json::array();
  for (const auto& t : tax)
    if (t.entry.kind == domain::TaxonomyKind::kType)
      types.push_back({{"value", t.entry.key},
                       {"label", t.entry.label},
                       {"selected", std::find(r.type_keys.begin(), r.type_keys.end(), t.entry.key) != r.type_keys.end()}});
  std::vector<std::string> labels;
  for (const auto& k : r.type_keys) {
    std::string l = storage::TaxonomyStore::LabelOf(tax, domain::TaxonomyKind::kType, k);
    labels.push_back(l.empty() ? k : l);
  }
  return {{"id", r.id},
          {"group", r.group_label},
          {"role", r.expected_role},
          {"value", r.value_proposition},
          {"objectives", r.objectives},
          {"types", types},
          {"type_labels", strings::Join(labels, ", ")},
          {"action", ctx.WsUrl("/engagement/" + std::to_string(r.id))},
          {"delete_url", ctx.WsUrl("/engagement/" + std::to_string(r.id) + "/delete")}};
}

Response EditorPage(RequestContext& ctx, const std::string& error, int status) {
  auto conn = ctx.app.db.Acquire();
  auto rows = Rows(*conn, ctx.ws->id);
  if (!rows.ok()) return ErrorPage(ctx, rows.status());
  auto tax = eng::Taxonomy(*conn, ctx.ws->id);
  if (!tax.ok()) return ErrorPage(ctx, tax.status());
  json out = json::array();
  for (const auto& r : *rows) out.push_back(RowData(ctx, r, *tax));
  domain::EngagementRow blank;
  json data = {{"rows", out},
               {"blank", RowData(ctx, blank, *tax)},
               {"new_action", ctx.WsUrl("/engagement")},
               {"public_url", ctx.WsUrl("/transparency")},
               {"error", error.empty() ? json(false) : json(error)}};
  return RenderPage(ctx, "engagement", "Engagement matrix · " + ctx.ws->acronym, data, status);
}

Response Editor(RequestContext& ctx) { return EditorPage(ctx, "", 200); }

Response Save(RequestContext& ctx) {
  domain::EngagementRow row;
  if (!ctx.req.Param("id").empty()) {
    auto id = strings::ParseInt(ctx.req.Param("id"));
    if (!id) return ErrorPage(ctx, Status::NotFound("no engagement-matrix row " + ctx.req.Param("id")));
    row.id = *id;
  }
  row.group_label = ctx.req.Form("group");
  row.expected_role = ctx.req.Form("role");
  row.value_proposition = ctx.req.Form("value");
  row.objectives = ctx.req.Form("objectives");
  row.type_keys = ctx.req.FormAll("type");
  Status failed;
  {
    auto conn = ctx.app.db.Acquire();
    storage::Transaction tx(*conn);
    auto saved = storage::EngagementMatrixStore(*conn).Save(ctx.ws->id, row, ctx.actor());
    failed = saved.ok() ? tx.Commit() : saved.status();
  }
  if (failed.code() == ErrorCode::kInvalidArgument) return EditorPage(ctx, failed.message(), 400);
  if (!failed.ok()) return ErrorPage(ctx, failed);
  return Response::Redirect(ctx.WsUrl("/engagement?notice=" + strings::UrlEncode("Engagement matrix saved.")));
}

Response Delete(RequestContext& ctx) {
  auto id = strings::ParseInt(ctx.req.Param("id"));
  if (!id) return ErrorPage(ctx, Status::NotFound("no engagement-matrix row " + ctx.req.Param("id")));
  Status s;
  {
    auto conn = ctx.app.db.Acquire();
    storage::Transaction tx(*conn);
    s = storage::EngagementMatrixStore(*conn).Delete(ctx.ws->id, *id, ctx.actor());
    if (s.ok()) s = tx.Commit();
  }
  if (!s.ok()) return ErrorPage(ctx, s);
  return Response::Redirect(ctx.WsUrl("/engagement?notice=" + strings::UrlEncode("Group removed.")));
}

// Public: no login, no personal data, only the workspace's engagement logic.
Response Transparency(RequestContext& ctx) {
  auto conn = ctx.app.db.Acquire();
  auto rows = Rows(*conn, ctx.ws->id);
  if (!rows.ok()) return ErrorPage(ctx, rows.status());
  auto tax = eng::Taxonomy(*conn, ctx.ws->id);
  if (!tax.ok()) return ErrorPage(ctx, tax.status());
  json out = json::array();
  for (const auto& r : *rows) out.push_back(RowData(ctx, r, *tax));
  return stakeholders::PublicPage(ctx, "transparency", "How " + ctx.ws->acronym + " engages stakeholders",
                                  {{"rows", out}});
}

}  // namespace

void RegisterEngagementRoutes(Router& r) {
  r.Add("GET", "/w/:ws/engagement", Access::kViewer, Editor);
  r.Add("POST", "/w/:ws/engagement", Access::kEditor, Save);
  r.Add("POST", "/w/:ws/engagement/:id", Access::kEditor, Save);
  r.Add("POST", "/w/:ws/engagement/:id/delete", Access::kEditor, Delete);
  r.Add("GET", "/w/:ws/transparency", Access::kPublic, Transparency);
}

}  // namespace corridor::web
