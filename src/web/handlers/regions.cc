// Regions of a workspace (issue 5): the regions of interest (ordered, editable), user-defined
// regions (a corridor made of NUTS regions: create, edit with optimistic locking, delete), a
// browser of the embedded NUTS 2021 list by level and country, and the boundary GeoJSON the
// map component (assets/static/region_map.js) draws: GET /w/:ws/regions/shapes?codes=...&level=N.
#include "core/strings.h"
#include "storage/nuts_reference.h"
#include "storage/region_store.h"
#include "web/handlers/handlers.h"
#include "web/render.h"

namespace corridor::web {

namespace {

using nlohmann::json;

json RegionJson(const domain::RegionInfo& r) {
  // The national name only where it differs ("Castilla y León" is both).
  std::string national = r.name_national == r.name ? std::string() : r.name_national;
  return {{"code", r.code},       {"name", r.name},       {"name_national", national},
          {"level", r.level},     {"country", r.country}, {"user_defined", r.user_defined},
          {"members", strings::Join(r.members, " + ")}};
}

json MapConfig(const RequestContext& ctx, const std::vector<std::string>& codes, int level) {
  std::string url = ctx.WsUrl("/regions/shapes?codes=" + strings::UrlEncode(strings::Join(codes, ",")));
  if (level >= 0) url += "&level=" + std::to_string(level);
  json values = json::object();
  for (const auto& c : codes) values[c] = {{"label", c}, {"bin", 0}};
  return {{"shapes_url", url},
          {"values", values},
          {"legend", json::array({{{"label", "region of interest"}, {"color", "#56B4E9"}}})},
          {"attribution", storage::kNutsAttribution},
          {"title", "Map of the workspace's regions"}};
}

Response RegionsPage(RequestContext& ctx, const std::string& interest_text, const std::string& error, int status) {
  auto conn = ctx.app.db.Acquire();
  storage::RegionStore store(*conn);
  auto interest = store.WorkspaceRegions(ctx.ws->id);
  if (!interest.ok()) return ErrorPage(ctx, interest.status());
  auto users = store.ListUserRegions(ctx.ws->id);
  if (!users.ok()) return ErrorPage(ctx, users.status());
  json interest_rows = json::array(), user_rows = json::array();
  std::vector<std::string> codes;
  for (const auto& r : *interest) {
    interest_rows.push_back(RegionJson(r));
    codes.push_back(r.code);
  }
  for (const auto& u : *users)
    user_rows.push_back({{"key", u.key}, {"name", u.name}, {"description", u.description},
                         {"members", strings::Join(u.members, " + ")}, {"url", ctx.WsUrl("/regions/user/" + u.key)}});
  // The NUTS browser: ?level=&country=
  const auto& ref = storage::NutsReference::Builtin();
  int level = 2;
  if (auto l = strings::ParseInt(ctx.req.Query("level")); l && *l >= 0 && *l <= 3) level = static_cast<int>(*l);
  std::string country = strings::ToUpper(strings::Trim(ctx.req.Query("country")));
  json nuts_rows = json::array(), countries = json::array();
  for (const auto* c : ref.List(0))
    countries.push_back({{"code", c->code}, {"name", c->name_latin}, {"selected", c->code == country}});
  // Level 0 needs no country: it is the list of countries. Deeper levels are listed per country.
  bool browse = !country.empty() || (ctx.req.Query("level") == "0");
  if (browse)
    for (const auto* n : ref.List(level, country))
      nuts_rows.push_back({{"code", n->code}, {"name", n->name_latin}, {"name_national", n->name_national}, {"level", n->level}});
  json levels = json::array();
  for (int l = 0; l <= 3; ++l) levels.push_back({{"value", l}, {"selected", l == level}});
  json data = {{"interest", interest_rows},
               {"has_interest", !interest_rows.empty()},
               {"interest_text", interest_text.empty() ? strings::Join(codes, ", ") : interest_text},
               {"users", user_rows},
               {"has_users", !user_rows.empty()},
               {"error", error.empty() ? json(false) : json(error)},
               {"countries", countries},
               {"levels", levels},
               {"country", country},
               {"browse", browse},
               {"nuts", nuts_rows},
               {"nuts_count", nuts_rows.size()},
               {"attribution", storage::kNutsAttribution},
               {"map_config", MapConfig(ctx, codes, -1).dump()},
               {"leaflet_css", StaticUrl("vendor/leaflet.css")},
               {"map_css", StaticUrl("region_map.css")},
               {"scripts", json::array({StaticUrl("vendor/leaflet.js"), StaticUrl("region_map.js")})}};
  return RenderPage(ctx, "regions", "Regions · " + ctx.ws->acronym, data, status);
}

Response Regions(RequestContext& ctx) { return RegionsPage(ctx, "", "", 200); }

Response SetInterest(RequestContext& ctx) {
  std::string text = ctx.req.Form("codes");
  auto conn = ctx.app.db.Acquire();
  storage::Transaction tx(*conn);
  if (!tx.status().ok()) return ErrorPage(ctx, tx.status());
  Status s = storage::RegionStore(*conn).SetWorkspaceRegions(ctx.ws->id, domain::SplitRegionCodes(text), ctx.actor());
  if (s.ok()) s = tx.Commit();
  if (!s.ok()) {
    if (s.code() == ErrorCode::kInvalidArgument) return RegionsPage(ctx, text, s.message(), 400);
    return ErrorPage(ctx, s);
  }
  return Response::Redirect(ctx.WsUrl("/regions?notice=" + strings::UrlEncode("Regions of interest saved.")));
}

Response UserRegionForm(RequestContext& ctx, const domain::UserRegion& r, bool is_new, const std::string& error,
                        int status) {
  json data = {{"r", {{"key", r.key},
                      {"name", r.name},
                      {"description", r.description},
                      {"members", strings::Join(r.members, ", ")},
                      {"version", r.version}}},
               {"is_new", is_new},
               {"error", error.empty() ? json(false) : json(error)},
               {"action", is_new ? ctx.WsUrl("/regions/user") : ctx.WsUrl("/regions/user/" + r.key)},
               {"delete_action", ctx.WsUrl("/regions/user/" + r.key + "/delete")}};
  return RenderPage(ctx, "region_form", (is_new ? "New region · " : "Edit region · ") + ctx.ws->acronym, data, status);
}

domain::UserRegion FromForm(const RequestContext& ctx) {
  domain::UserRegion r;
  r.workspace_id = ctx.ws->id;
  r.key = strings::Trim(ctx.req.Form("key"));
  r.name = ctx.req.Form("name");
  r.description = ctx.req.Form("description");
  r.members = domain::SplitRegionCodes(ctx.req.Form("members"));
  r.version = strings::ParseInt(ctx.req.Form("version")).value_or(0);
  return r;
}

Response NewUserRegion(RequestContext& ctx) { return UserRegionForm(ctx, domain::UserRegion{}, true, "", 200); }

Response CreateUserRegion(RequestContext& ctx) {
  domain::UserRegion r = FromForm(ctx);
  domain::UserRegion shown = r;
  auto conn = ctx.app.db.Acquire();
  storage::Transaction tx(*conn);
  if (!tx.status().ok()) return ErrorPage(ctx, tx.status());
  auto id = storage::RegionStore(*conn).CreateUserRegion(r, ctx.actor());
  Status s = id.ok() ? tx.Commit() : id.status();
  if (!s.ok()) {
    if (s.code() == ErrorCode::kInvalidArgument) return UserRegionForm(ctx, shown, true, s.message(), 400);
    if (s.code() == ErrorCode::kConflict) return UserRegionForm(ctx, shown, true, s.message(), 409);
    return ErrorPage(ctx, s);
  }
  return Response::Redirect(ctx.WsUrl("/regions?notice=" + strings::UrlEncode("Region " + r.key + " created.")));
}

Response EditUserRegion(RequestContext& ctx) {
  auto conn = ctx.app.db.Acquire();
  auto r = storage::RegionStore(*conn).GetUserRegion(ctx.ws->id, ctx.req.Param("key"));
  if (!r.ok()) return ErrorPage(ctx, r.status());
  if (!*r) return ErrorPage(ctx, Status::NotFound("no region " + ctx.req.Param("key") + " in " + ctx.ws->acronym));
  return UserRegionForm(ctx, **r, false, "", 200);
}

Response UpdateUserRegion(RequestContext& ctx) {
  domain::UserRegion r = FromForm(ctx);
  r.key = ctx.req.Param("key");
  domain::UserRegion shown = r;
  auto conn = ctx.app.db.Acquire();
  storage::Transaction tx(*conn);
  if (!tx.status().ok()) return ErrorPage(ctx, tx.status());
  Status s = storage::RegionStore(*conn).UpdateUserRegion(r, ctx.actor());
  if (s.ok()) s = tx.Commit();
  if (!s.ok()) {
    if (s.code() == ErrorCode::kInvalidArgument) return UserRegionForm(ctx, shown, false, s.message(), 400);
    if (s.code() == ErrorCode::kConflict) return UserRegionForm(ctx, shown, false, s.message(), 409);
    return ErrorPage(ctx, s);
  }
  return Response::Redirect(ctx.WsUrl("/regions?notice=" + strings::UrlEncode("Region " + r.key + " saved.")));
}

Response DeleteUserRegion(RequestContext& ctx) {
  auto conn = ctx.app.db.Acquire();
  storage::Transaction tx(*conn);
  if (!tx.status().ok()) return ErrorPage(ctx, tx.status());
  Status s = storage::RegionStore(*conn).DeleteUserRegion(ctx.ws->id, ctx.req.Param("key"), ctx.actor());
  if (s.ok()) s = tx.Commit();
  if (!s.ok()) return ErrorPage(ctx, s);
  return Response::Redirect(ctx.WsUrl("/regions?notice=" + strings::UrlEncode("Region deleted.")));
}

// GET /w/:ws/regions/shapes?codes=ES41,iberian-corridor&level=2 -> GeoJSON FeatureCollection.
Response Shapes(RequestContext& ctx) {
  std::vector<std::string> codes;
  for (const auto& v : ctx.req.QueryAll("codes"))
    for (auto& c : domain::SplitRegionCodes(v)) codes.push_back(c);
  if (codes.size() > 3000) return Response::Json("{\"error\":\"codes: at most 3000\"}", 400);
  storage::ShapeOptions options;
  if (std::string l = ctx.req.Query("level"); !l.empty()) {
    auto level = strings::ParseInt(l);
    if (!level || *level < 0 || *level > 3) return Response::Json("{\"error\":\"level: 0, 1, 2 or 3\"}", 400);
    options.level = static_cast<int>(*level);
  }
  auto conn = ctx.app.db.Acquire();
  std::vector<std::string> unknown;
  auto geo = storage::RegionStore(*conn).ShapesGeoJson(ctx.ws->id, codes, options, &unknown);
  if (!geo.ok()) return ErrorPage(ctx, geo.status());
  Response res = Response::Json(std::move(*geo));
  if (!unknown.empty()) res.headers.push_back({"X-Unknown-Codes", strings::Join(unknown, ",").substr(0, 500)});
  res.headers.push_back({"Cache-Control", "private, max-age=300"});
  return res;
}

}  // namespace

void RegisterRegionRoutes(Router& r) {
  r.Add("GET", "/w/:ws/regions", Access::kViewer, Regions);
  r.Add("POST", "/w/:ws/regions/interest", Access::kEditor, SetInterest);
  r.Add("GET", "/w/:ws/regions/shapes", Access::kViewer, Shapes);
  r.Add("GET", "/w/:ws/regions/new", Access::kEditor, NewUserRegion);
  r.Add("POST", "/w/:ws/regions/user", Access::kEditor, CreateUserRegion);
  r.Add("GET", "/w/:ws/regions/user/:key", Access::kViewer, EditUserRegion);
  r.Add("POST", "/w/:ws/regions/user/:key", Access::kEditor, UpdateUserRegion);
  r.Add("POST", "/w/:ws/regions/user/:key/delete", Access::kEditor, DeleteUserRegion);
}

}  // namespace corridor::web
