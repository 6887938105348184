// Segments: saved stakeholder filters, the four subgroups of seed 001 section 2.2.1 predefined
// (created on first visit). Each links to the list it selects and to an invitation list built
// from it; editors save new ones from the stakeholder list ("save as segment"), edit their name,
// description and filter, and delete them.
#include "core/strings.h"
#include "storage/segment_store.h"
#include "storage/stakeholder_query.h"
#include "web/handlers/engagement_common.h"
#include "web/handlers/handlers.h"
#include "web/render.h"

namespace corridor::web {

namespace {

using nlohmann::json;
namespace eng = engagement;

Response SegmentsPage(RequestContext& ctx, const std::string& error, int status) {
  auto conn = ctx.app.db.Acquire();
  storage::SegmentStore store(*conn);
  {
    storage::Transaction tx(*conn);
    auto made = store.EnsurePredefined(ctx.ws->id, storage::Actor{});
    if (!made.ok()) return ErrorPage(ctx, made.status());
    if (*made > 0)
      if (Status s = tx.Commit(); !s.ok()) return ErrorPage(ctx, s);
  }
  auto list = store.List(ctx.ws->id);
  if (!list.ok()) return ErrorPage(ctx, list.status());
  auto taxonomy = eng::Taxonomy(*conn, ctx.ws->id);
  if (!taxonomy.ok()) return ErrorPage(ctx, taxonomy.status());
  storage::StakeholderQuery query(*conn);
  json rows = json::array();
  for (const auto& s : *list) {
    auto counts = query.Counts(ctx.ws->id, s.filter);
    if (!counts.ok()) return ErrorPage(ctx, counts.status());
    std::string id = std::to_string(s.id);
    rows.push_back({{"id", s.id},
                    {"name", s.name},
                    {"description", s.description},
                    {"predefined", s.predefined},
                    {"filter", eng::Describe(s.filter, *taxonomy)},
                    {"count", counts->total},
                    {"list_url", ctx.WsUrl("/stakeholders?segment=" + id)},
                    {"invite_url", ctx.WsUrl("/invitations/new?segment=" + id)},
                    {"edit_url", ctx.WsUrl("/segments/" + id + "/edit")},
                    {"delete_url", ctx.WsUrl("/segments/" + id + "/delete")}});
  }
  json data = {{"segments", rows}, {"error", error.empty() ? json(false) : json(error)}};
  return RenderPage(ctx, "segments", ctx.ws->acronym + " segments", data, status);
}

Response Segments(RequestContext& ctx) { return SegmentsPage(ctx, "", 200); }

Response CreateSegment(RequestContext& ctx) {
  std::vector<std::string> errors;
  domain::SegmentFilter f = eng::ReadFilter(ctx.req, &errors);
  if (!errors.empty()) return SegmentsPage(ctx, strings::Join(errors, "; "), 400);
  Status failed;
  {
    auto conn = ctx.app.db.Acquire();
    storage::Transaction tx(*conn);
    auto id = storage::SegmentStore(*conn).Create(ctx.ws->id, ctx.req.Form("name"), ctx.req.Form("description"), f,
                                                  ctx.actor());
    failed = id.ok() ? tx.Commit() : id.status();
  }
  if (!failed.ok()) {
    if (failed.code() == ErrorCode::kInvalidArgument) return SegmentsPage(ctx, failed.message(), 400);
    if (failed.code() == ErrorCode::kConflict) return SegmentsPage(ctx, failed.message(), 409);
    return ErrorPage(ctx, failed);
  }
  return Response::Redirect(ctx.WsUrl("/segments?notice=" +
                                      strings::UrlEncode("Segment \"" + strings::Trim(ctx.req.Form("name")) + "\" saved.")));
}

// The edit form; on a refused save it shows the values sent, with the error.
Response EditPage(RequestContext& ctx, int64_t id, const std::optional<storage::Segment>& sent,
                  const std::string& error, int status) {
  auto conn = ctx.app.db.Acquire();
  auto seg = storage::SegmentStore(*conn).Get(ctx.ws->id, id);
  if (!seg.ok()) return ErrorPage(ctx, seg.status());
  if (!*seg) return ErrorPage(ctx, Status::NotFound("no segment " + std::to_string(id) + " in " + ctx.ws->acronym));
  const storage::Segment& shown = sent ? *sent : **seg;
  auto taxonomy = eng::Taxonomy(*conn, ctx.ws->id);
  if (!taxonomy.ok()) return ErrorPage(ctx, taxonomy.status());
  storage::StakeholderQuery query(*conn);
  auto countries = query.Countries(ctx.ws->id);
  if (!countries.ok()) return ErrorPage(ctx, countries.status());
  auto tags = query.Tags(ctx.ws->id);
  if (!tags.ok()) return ErrorPage(ctx, tags.status());
  json data = {{"s", {{"name", shown.name}, {"description", shown.description}}},
               {"predefined", (*seg)->predefined},
               {"f", eng::FilterForm(shown.filter, *taxonomy, *countries, *tags)},
               {"action", ctx.WsUrl("/segments/" + std::to_string(id))},
               {"error", error.empty() ? json(false) : json(error)}};
  return RenderPage(ctx, "segment_form", "Edit segment · " + ctx.ws->acronym, data, status);
}

Response EditSegment(RequestContext& ctx) {
  auto id = strings::ParseInt(ctx.req.Param("id"));
  if (!id) return ErrorPage(ctx, Status::NotFound("no segment " + ctx.req.Param("id")));
  return EditPage(ctx, *id, std::nullopt, "", 200);
}

Response UpdateSegment(RequestContext& ctx) {
  auto id = strings::ParseInt(ctx.req.Param("id"));
  if (!id) return ErrorPage(ctx, Status::NotFound("no segment " + ctx.req.Param("id")));
  storage::Segment sent;
  sent.name = ctx.req.Form("name");
  sent.description = ctx.req.Form("description");
  std::vector<std::string> errors;
  sent.filter = eng::ReadFilter(ctx.req, &errors);
  if (!errors.empty()) return EditPage(ctx, *id, sent, strings::Join(errors, "; "), 400);
  Status failed;
  {
    auto conn = ctx.app.db.Acquire();
    storage::Transaction tx(*conn);
    failed = storage::SegmentStore(*conn).Update(ctx.ws->id, *id, sent.name, sent.description, sent.filter,
                                                 ctx.actor());
    if (failed.ok()) failed = tx.Commit();
  }
  if (failed.code() == ErrorCode::kInvalidArgument) return EditPage(ctx, *id, sent, failed.message(), 400);
  if (failed.code() == ErrorCode::kConflict) return EditPage(ctx, *id, sent, failed.message(), 409);
  if (!failed.ok()) return ErrorPage(ctx, failed);
  return Response::Redirect(ctx.WsUrl("/segments?notice=" +
                                      strings::UrlEncode("Segment \"" + strings::Trim(sent.name) + "\" saved.")));
}

Response DeleteSegment(RequestContext& ctx) {
  auto id = strings::ParseInt(ctx.req.Param("id"));
  if (!id) return ErrorPage(ctx, Status::NotFound("no segment " + ctx.req.Param("id")));
  auto conn = ctx.app.db.Acquire();
  storage::Transaction tx(*conn);
  Status s = storage::SegmentStore(*conn).Delete(ctx.ws->id, *id, ctx.actor());
  if (!s.ok()) return ErrorPage(ctx, s);
  if (Status c = tx.Commit(); !c.ok()) return ErrorPage(ctx, c);
  return Response::Redirect(ctx.WsUrl("/segments?notice=" + strings::UrlEncode("Segment deleted.")));
}

}  // namespace

void RegisterSegmentRoutes(Router& r) {
  r.Add("GET", "/w/:ws/segments", Access::kViewer, Segments);
  r.Add("POST", "/w/:ws/segments", Access::kEditor, CreateSegment);
  r.Add("GET", "/w/:ws/segments/:id/edit", Access::kEditor, EditSegment);
  r.Add("POST", "/w/:ws/segments/:id", Access::kEditor, UpdateSegment);
  r.Add("POST", "/w/:ws/segments/:id/delete", Access::kEditor, DeleteSegment);
}

}  // namespace corridor::web
