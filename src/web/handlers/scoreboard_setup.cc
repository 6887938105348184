// Scoreboard set-up pages (issue 5): frameworks (the built-ins and custom ones with their
// dimensions and scale, editable while no closed round uses them) and the S3P partnerships
// catalogue with the selection filter (regions tied to CRITICAL and VERY HIGH partnerships
// first). Viewers read; editors change.
//
// The dimensions and scale are edited as text, one per line with "|" between the parts, so
// that a framework of any size fits one form without JavaScript:
//   dimensions:  key | name | description | layer
//   levels:      value | label | meaning
#include "core/strings.h"
#include "domain/scoreboard.h"
#include "storage/framework_store.h"
#include "storage/s3p_store.h"
#include "web/handlers/handlers.h"
#include "web/handlers/scoreboard_common.h"
#include "web/render.h"

namespace corridor::web::scoreboard {

namespace {

using nlohmann::json;

json Err(const std::string& e) { return e.empty() ? json(false) : json(e); }

std::vector<std::string> Parts(const std::string& line) {
  std::vector<std::string> out;
  for (const auto& p : strings::Split(line, '|')) out.push_back(strings::Trim(p));
  return out;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& l : strings::Split(strings::ReplaceAll(text, "\r", ""), '\n'))
    if (!strings::Trim(l).empty()) out.push_back(l);
  return out;
}

std::string DimensionsText(const std::vector<domain::Dimension>& dims) {
  std::string out;
  for (const auto& d : dims) {
    out += d.key + " | " + d.name + " | " + d.description;
    if (!d.layer.empty()) out += " | " + d.layer;
    out += "\n";
  }
  return out;
}

std::string LevelsText(const domain::Scale& s) {
  std::string out;
  for (const auto& l : s.levels) out += std::to_string(l.value) + " | " + l.label + " | " + l.meaning + "\n";
  return out;
}

struct FrameworkForm {
  std::string key, name, description, dimensions, kind = "levels", levels, min, max, version;
};

FrameworkForm FormOf(const domain::Framework& f) {
  FrameworkForm out{f.key, f.name, f.description, DimensionsText(f.dimensions), f.scale.Numeric() ? "numeric" : "levels",
                    LevelsText(f.scale), domain::FormatValue(f.scale.min), domain::FormatValue(f.scale.max),
                    std::to_string(f.version)};
  return out;
}

FrameworkForm ReadForm(const Request& req) {
  return {req.Form("key"), req.Form("name"), req.Form("description"), req.Form("dimensions"),
          req.Form("scale_kind"), req.Form("levels"), req.Form("min"), req.Form("max"), req.Form("version")};
}

// The form's text as a framework; errors name the line.
Result<domain::Framework> Parse(const FrameworkForm& f) {
  domain::Framework fw;
  fw.key = strings::ToLower(strings::Trim(f.key));
  fw.name = strings::Trim(f.name);
  fw.description = strings::Trim(f.description);
  fw.version = strings::ParseInt(strings::Trim(f.version)).value_or(0);  // 0: no stale-edit check
  int n = 0;
  for (const auto& line : Lines(f.dimensions)) {
    ++n;
    auto p = Parts(line);
    if (p.size() < 2) return Status::Invalid("dimensions: line " + std::to_string(n) + ": write key | name | description | layer");
    fw.dimensions.push_back({p[0], p[1], p.size() > 2 ? p[2] : "", p.size() > 3 ? p[3] : ""});
  }
  if (f.kind == "numeric") {
    auto lo = strings::ParseDouble(strings::Trim(f.min)), hi = strings::ParseDouble(strings::Trim(f.max));
    if (!lo) return Status::Invalid("min: \"" + f.min + "\" is not a number");
    if (!hi) return Status::Invalid("max: \"" + f.max + "\" is not a number");
    fw.scale.min = *lo;
    fw.scale.max = *hi;
  } else {
    n = 0;
    for (const auto& line : Lines(f.levels)) {
      ++n;
      auto p = Parts(line);
      auto v = p.empty() ? std::nullopt : strings::ParseInt(p[0]);
      if (p.size() < 2 || !v)
        return Status::Invalid("levels: line " + std::to_string(n) + ": write value | label | meaning (value a whole number)");
      fw.scale.levels.push_back({static_cast<int>(*v), p[1], p.size() > 2 ? p[2] : ""});
    }
    if (fw.scale.levels.empty()) return Status::Invalid("levels: an ordinal scale needs levels (or choose a numeric scale)");
  }
  return fw;
}

Response FrameworksPage(RequestContext& ctx) {
  auto conn = ctx.app.db.Acquire();
  if (Status s = EnsureBuiltins(ctx, *conn); !s.ok()) return ErrorPage(ctx, s);
  storage::FrameworkStore store(*conn);
  auto list = store.List(ctx.ws->id);
  if (!list.ok()) return ErrorPage(ctx, list.status());
  json rows = json::array();
  for (const auto& f : *list) {
    auto counts = store.RoundCounts(ctx.ws->id, f.id);
    if (!counts.ok()) return ErrorPage(ctx, counts.status());
    json dims = json::array(), levels = json::array();
    for (const auto& d : f.dimensions) dims.push_back({{"key", d.key}, {"name", d.name}, {"description", d.description}, {"layer", d.layer}});
    for (const auto& l : f.scale.levels) levels.push_back({{"value", l.value}, {"label", l.label}, {"meaning", l.meaning}});
    rows.push_back({{"id", f.id},
                    {"key", f.key},
                    {"name", f.name},
                    {"description", f.description},
                    {"builtin", f.builtin},
                    {"dimensions", dims},
                    {"levels", levels},
                    {"numeric", f.scale.Numeric()},
                    {"min", domain::FormatValue(f.scale.min)},
                    {"max", domain::FormatValue(f.scale.max)},
                    {"rounds", counts->first},
                    {"frozen", counts->second > 0},
                    {"edit_url", ctx.WsUrl("/scoreboard/frameworks/" + std::to_string(f.id) + "/edit")}});
  }
  return RenderPage(ctx, "scoreboard_frameworks", "Frameworks · " + ctx.ws->acronym, {{"frameworks", rows}});
}

Response FormPage(RequestContext& ctx, int64_t id, const FrameworkForm& f, const std::string& error, int status) {
  json data = {{"f", {{"key", f.key},
                      {"name", f.name},
                      {"description", f.description},
                      {"dimensions", f.dimensions},
                      {"levels", f.levels},
                      {"numeric", f.kind == "numeric"},
                      {"min", f.min},
                      {"max", f.max},
                      {"version", f.version}}},
               {"is_new", id == 0},
               {"action", id == 0 ? ctx.WsUrl("/scoreboard/frameworks") : ctx.WsUrl("/scoreboard/frameworks/" + std::to_string(id))},
               {"error", Err(error)}};
  return RenderPage(ctx, "scoreboard_framework_form", (id == 0 ? "New framework · " : "Edit framework · ") + ctx.ws->acronym,
                    data, status);
}

Response NewFramework(RequestContext& ctx) {
  FrameworkForm f = FormOf(domain::I4GreenFramework());  // a worked example to adapt
  f.key = "";
  f.name = "";
  f.description = "";
  return FormPage(ctx, 0, f, "", 200);
}

Response CreateFramework(RequestContext& ctx) {
  FrameworkForm f = ReadForm(ctx.req);
  auto fw = Parse(f);
  if (!fw.ok()) return FormPage(ctx, 0, f, fw.status().message(), 400);
  fw->workspace_id = ctx.ws->id;
  Result<int64_t> id = Status::Internal("unset");
  {
    auto conn = ctx.app.db.Acquire();
    storage::Transaction tx(*conn);
    id = storage::FrameworkStore(*conn).Create(*fw, ctx.actor());
    if (id.ok())
      if (Status c = tx.Commit(); !c.ok()) id = c;
  }
  if (!id.ok()) {
    auto code = id.status().code();
    if (code == ErrorCode::kInvalidArgument || code == ErrorCode::kConflict)
      return FormPage(ctx, 0, f, id.status().message(), code == ErrorCode::kConflict ? 409 : 400);
    return ErrorPage(ctx, id.status());
  }
  return Response::Redirect(ctx.WsUrl("/scoreboard/frameworks?notice=" + strings::UrlEncode("Framework \"" + fw->name + "\" created.")));
}

Response EditFramework(RequestContext& ctx) {
  auto id = strings::ParseInt(ctx.req.Param("id"));
  if (!id) return ErrorPage(ctx, Status::NotFound("no framework " + ctx.req.Param("id")));
  auto conn = ctx.app.db.Acquire();
  auto fw = storage::FrameworkStore(*conn).Get(ctx.ws->id, *id);
  if (!fw.ok()) return ErrorPage(ctx, fw.status());
  if (!*fw) return ErrorPage(ctx, Status::NotFound("no framework " + std::to_string(*id)));
  return FormPage(ctx, *id, FormOf(**fw), "", 200);
}

Response UpdateFramework(RequestContext& ctx) {
  auto id = strings::ParseInt(ctx.req.Param("id"));
  if (!id) return ErrorPage(ctx, Status::NotFound("no framework " + ctx.req.Param("id")));
  FrameworkForm f = ReadForm(ctx.req);
  Status failed;
  {
    auto conn = ctx.app.db.Acquire();
    auto cur = storage::FrameworkStore(*conn).Get(ctx.ws->id, *id);
    if (!cur.ok()) return ErrorPage(ctx, cur.status());
    if (!*cur) return ErrorPage(ctx, Status::NotFound("no framework " + std::to_string(*id)));
    f.key = (*cur)->key;
    auto fw = Parse(f);
    if (!fw.ok()) return FormPage(ctx, *id, f, fw.status().message(), 400);
    fw->id = *id;
    fw->workspace_id = ctx.ws->id;
    storage::Transaction tx(*conn);
    failed = storage::FrameworkStore(*conn).Update(*fw, ctx.actor());
    if (failed.ok()) failed = tx.Commit();
  }
  if (failed.code() == ErrorCode::kInvalidArgument) return FormPage(ctx, *id, f, failed.message(), 400);
  if (failed.code() == ErrorCode::kConflict) return FormPage(ctx, *id, f, failed.message(), 409);
  if (!failed.ok()) return ErrorPage(ctx, failed);
  return Response::Redirect(ctx.WsUrl("/scoreboard/frameworks?notice=" + strings::UrlEncode("Framework saved.")));
}

// ---- S3P ----

struct S3pForm {
  std::string platform, partnership, leading_regions, region_codes, priority, synergies, focus, points;
};

S3pForm FormOf(const domain::S3pPartnership& p) {
  return {p.platform, p.partnership, p.leading_regions, strings::Join(p.region_codes, ", "),
          domain::S3pPriorityLabel(p.priority), p.synergies, p.interaction_focus, strings::Join(p.benchmark_points, "\n")};
}

S3pForm ReadS3p(const Request& req) {
  return {req.Form("platform"), req.Form("partnership"), req.Form("leading_regions"), req.Form("region_codes"),
          req.Form("priority"), req.Form("synergies"), req.Form("interaction_focus"), req.Form("benchmark_points")};
}

Result<domain::S3pPartnership> ParseS3p(const S3pForm& f) {
  domain::S3pPartnership p;
  p.platform = f.platform;
  p.partnership = f.partnership;
  p.leading_regions = strings::Trim(f.leading_regions);
  for (auto c : strings::Split(strings::ReplaceAll(f.region_codes, ";", ","), ','))
    if (!strings::Trim(c).empty()) p.region_codes.push_back(strings::Trim(c));
  auto prio = domain::ParseS3pPriority(f.priority);
  if (!prio) return Status::Invalid("priority: choose CRITICAL, VERY HIGH, HIGH or MEDIUM");
  p.priority = *prio;
  p.synergies = strings::Trim(f.synergies);
  p.interaction_focus = strings::Trim(f.focus);
  for (const auto& l : Lines(f.points)) p.benchmark_points.push_back(strings::Trim(l));
  return p;
}

json PriorityOptions(const std::string& selected) {
  json out = json::array();
  for (auto p : {domain::S3pPriority::kCritical, domain::S3pPriority::kVeryHigh, domain::S3pPriority::kHigh,
                 domain::S3pPriority::kMedium}) {
    std::string l = domain::S3pPriorityLabel(p);
    out.push_back({{"value", l}, {"selected", strings::IEquals(selected, l)}});
  }
  return out;
}

json S3pFormJson(const S3pForm& f) {
  return {{"platform", f.platform},       {"partnership", f.partnership}, {"leading_regions", f.leading_regions},
          {"region_codes", f.region_codes}, {"priorities", PriorityOptions(f.priority)}, {"synergies", f.synergies},
          {"interaction_focus", f.focus},  {"benchmark_points", f.points}};
}

Response S3pPage(RequestContext& ctx, const S3pForm& form, const std::string& error, int status) {
  auto conn = ctx.app.db.Acquire();
  storage::S3pStore store(*conn);
  auto list = store.List(ctx.ws->id);
  if (!list.ok()) return ErrorPage(ctx, list.status());
  auto order = store.SelectionFilter(ctx.ws->id);
  if (!order.ok()) return ErrorPage(ctx, order.status());
  std::vector<std::string> codes;
  for (const auto& o : *order) codes.push_back(o.code);
  auto names = RegionNames(*conn, ctx.ws->id, codes);
  if (!names.ok()) return ErrorPage(ctx, names.status());
  json rows = json::array();
  for (const auto& p : *list) {
    json points = json::array();
    for (const auto& b : p.benchmark_points) points.push_back(b);
    json codes_json = json::array();
    for (const auto& c : p.region_codes) codes_json.push_back({{"code", c}, {"name", (*names)[c]}});
    rows.push_back({{"id", p.id},
                    {"platform", p.platform},
                    {"partnership", p.partnership},
                    {"leading_regions", p.leading_regions},
                    {"codes", codes_json},
                    {"priority", domain::S3pPriorityLabel(p.priority)},
                    {"priority_class", strings::ReplaceAll(strings::ToLower(domain::S3pPriorityLabel(p.priority)), " ", "-")},
                    {"synergies", p.synergies},
                    {"interaction_focus", p.interaction_focus},
                    {"points", points},
                    {"has_points", !points.empty()},
                    {"edit_url", ctx.WsUrl("/s3p/" + std::to_string(p.id) + "/edit")},
                    {"delete_url", ctx.WsUrl("/s3p/" + std::to_string(p.id) + "/delete")}});
  }
  json filter = json::array();
  int rank = 0;
  for (const auto& o : *order)
    filter.push_back({{"rank", ++rank},
                      {"code", o.code},
                      {"name", (*names)[o.code]},
                      {"top", o.top ? domain::S3pPriorityLabel(*o.top) : "none"},
                      {"selected", o.Selected()},
                      {"partnerships", strings::Join(o.partnerships, ", ")}});
  json data = {{"partnerships", rows},
               {"filter", filter},
               {"has_catalogue", !rows.empty()},
               {"f", S3pFormJson(form)},
               {"action", ctx.WsUrl("/s3p")},
               {"error", Err(error)}};
  return RenderPage(ctx, "scoreboard_s3p", "S3P partnerships · " + ctx.ws->acronym, data, status);
}

Response S3p(RequestContext& ctx) {
  S3pForm empty;
  empty.priority = "HIGH";
  return S3pPage(ctx, empty, "", 200);
}

Response SeedS3p(RequestContext& ctx) {
  auto conn = ctx.app.db.Acquire();
  storage::Transaction tx(*conn);
  auto n = storage::S3pStore(*conn).SeedCatalogue(ctx.ws->id, ctx.actor());
  if (!n.ok()) return ErrorPage(ctx, n.status());
  if (Status c = tx.Commit(); !c.ok()) return ErrorPage(ctx, c);
  return Response::Redirect(ctx.WsUrl("/s3p?notice=" + strings::UrlEncode(std::to_string(*n) + " partnerships loaded.")));
}

Response CreateS3p(RequestContext& ctx) {
  S3pForm f = ReadS3p(ctx.req);
  auto p = ParseS3p(f);
  if (!p.ok()) return S3pPage(ctx, f, p.status().message(), 400);
  p->workspace_id = ctx.ws->id;
  Status failed;
  {
    auto conn = ctx.app.db.Acquire();
    storage::Transaction tx(*conn);
    auto id = storage::S3pStore(*conn).Create(*p, ctx.actor());
    failed = id.ok() ? tx.Commit() : id.status();
  }
  if (failed.code() == ErrorCode::kInvalidArgument) return S3pPage(ctx, f, failed.message(), 400);
  if (failed.code() == ErrorCode::kConflict) return S3pPage(ctx, f, failed.message(), 409);
  if (!failed.ok()) return ErrorPage(ctx, failed);
  return Response::Redirect(ctx.WsUrl("/s3p?notice=" + strings::UrlEncode("Partnership \"" + strings::Trim(f.partnership) + "\" added.")));
}

Response S3pEditPage(RequestContext& ctx, int64_t id, const S3pForm& f, const std::string& error, int status) {
  json data = {{"f", S3pFormJson(f)}, {"action", ctx.WsUrl("/s3p/" + std::to_string(id))}, {"error", Err(error)}};
  return RenderPage(ctx, "scoreboard_s3p_form", "Edit S3P partnership · " + ctx.ws->acronym, data, status);
}

Response EditS3p(RequestContext& ctx) {
  auto id = strings::ParseInt(ctx.req.Param("id"));
  if (!id) return ErrorPage(ctx, Status::NotFound("no partnership " + ctx.req.Param("id")));
  auto conn = ctx.app.db.Acquire();
  auto p = storage::S3pStore(*conn).Get(ctx.ws->id, *id);
  if (!p.ok()) return ErrorPage(ctx, p.status());
  if (!*p) return ErrorPage(ctx, Status::NotFound("no partnership " + std::to_string(*id)));
  return S3pEditPage(ctx, *id, FormOf(**p), "", 200);
}

Response UpdateS3p(RequestContext& ctx) {
  auto id = strings::ParseInt(ctx.req.Param("id"));
  if (!id) return ErrorPage(ctx, Status::NotFound("no partnership " + ctx.req.Param("id")));
  S3pForm f = ReadS3p(ctx.req);
  auto p = ParseS3p(f);
  if (!p.ok()) return S3pEditPage(ctx, *id, f, p.status().message(), 400);
  p->id = *id;
  p->workspace_id = ctx.ws->id;
  Status failed;
  {
    auto conn = ctx.app.db.Acquire();
    storage::Transaction tx(*conn);
    failed = storage::S3pStore(*conn).Update(*p, ctx.actor());
    if (failed.ok()) failed = tx.Commit();
  }
  if (failed.code() == ErrorCode::kInvalidArgument) return S3pEditPage(ctx, *id, f, failed.message(), 400);
  if (failed.code() == ErrorCode::kConflict) return S3pEditPage(ctx, *id, f, failed.message(), 409);
  if (!failed.ok()) return ErrorPage(ctx, failed);
  return Response::Redirect(ctx.WsUrl("/s3p?notice=" + strings::UrlEncode("Partnership saved.")));
}

Response DeleteS3p(RequestContext& ctx) {
  auto id = strings::ParseInt(ctx.req.Param("id"));
  if (!id) return ErrorPage(ctx, Status::NotFound("no partnership " + ctx.req.Param("id")));
  auto conn = ctx.app.db.Acquire();
  storage::Transaction tx(*conn);
  Status s = storage::S3pStore(*conn).Delete(ctx.ws->id, *id, ctx.actor());
  if (!s.ok()) return ErrorPage(ctx, s);
  if (Status c = tx.Commit(); !c.ok()) return ErrorPage(ctx, c);
  return Response::Redirect(ctx.WsUrl("/s3p?notice=" + strings::UrlEncode("Partnership deleted.")));
}

}  // namespace

void RegisterSetupRoutes(Router& r) {
  r.Add("GET", "/w/:ws/scoreboard/frameworks", Access::kViewer, FrameworksPage);
  r.Add("GET", "/w/:ws/scoreboard/frameworks/new", Access::kEditor, NewFramework);
  r.Add("POST", "/w/:ws/scoreboard/frameworks", Access::kEditor, CreateFramework);
  r.Add("GET", "/w/:ws/scoreboard/frameworks/:id#/edit", Access::kEditor, EditFramework);
  r.Add("POST", "/w/:ws/scoreboard/frameworks/:id#", Access::kEditor, UpdateFramework);
  r.Add("GET", "/w/:ws/s3p", Access::kViewer, S3p);
  r.Add("POST", "/w/:ws/s3p", Access::kEditor, CreateS3p);
  r.Add("POST", "/w/:ws/s3p/seed", Access::kEditor, SeedS3p);
  r.Add("GET", "/w/:ws/s3p/:id#/edit", Access::kEditor, EditS3p);
  r.Add("POST", "/w/:ws/s3p/:id#", Access::kEditor, UpdateS3p);
  r.Add("POST", "/w/:ws/s3p/:id#/delete", Access::kEditor, DeleteS3p);
}

}  // namespace corridor::web::scoreboard
