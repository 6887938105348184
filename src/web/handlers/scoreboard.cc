// The regional ecosystem scoreboard (issue 5): rounds with the staleness warning, the round page
// (seed 002 Table 1 layout: rows = dimensions, columns = regions, evidence on demand), score
// entry with errors naming region/dimension/field and the input kept, closing a round, carrying
// it forward, comparing two rounds, a radar per region (Chart.js from data-* attributes), the
// map of one dimension (or the mean) on NUTS boundaries, and the outputs (.xlsx, CSV, Markdown,
// HTML: the scoreboard update and a sector note per region).
//
// Viewers read; editors score, close and open rounds. Closing is an editor's act because the
// people who score are the ones who know the round is complete, and it loses nothing: a closed
// round is carried forward into a new open one.
#include <algorithm>
#include <cmath>
#include <set>

#include "core/dates.h"
#include "core/strings.h"
#include "domain/scoreboard.h"
#include "reports/scoreboard_report.h"
#include "storage/assessment_store.h"
#include "storage/framework_store.h"
#include "storage/nuts_reference.h"
#include "storage/region_store.h"
#include "storage/s3p_store.h"
#include "web/handlers/handlers.h"
#include "web/handlers/scoreboard_common.h"
#include "web/render.h"

namespace corridor::web {

namespace scoreboard {

Status EnsureBuiltins(RequestContext& ctx, storage::Connection& c) {
  auto have = c.Scalar("SELECT COUNT(*) FROM scoreboard_frameworks WHERE workspace_id = ?", {ctx.ws->id});
  if (!have.ok()) return have.status();
  if (*have && storage::Row(nullptr, {**have}).Int(0) >= 2) return Status::Ok();
  storage::Transaction tx(c);
  CORRIDOR_RETURN_IF_ERROR(tx.status());
  auto n = storage::FrameworkStore(c).EnsureBuiltins(ctx.ws->id, storage::Actor{});
  if (!n.ok()) return n.status();
  return *n > 0 ? tx.Commit() : Status::Ok();
}

Result<std::map<std::string, std::string>> RegionNames(storage::Connection& c, int64_t ws,
                                                       const std::vector<std::string>& codes) {
  std::map<std::string, std::string> out;
  storage::RegionStore regions(c);
  for (const auto& code : codes) {
    auto info = regions.Lookup(ws, code);
    if (!info.ok()) return info.status();
    out[code] = *info ? (*info)->name : "";
  }
  return out;
}

std::string Today() { return dates::ToIso(dates::Today()); }

std::string DueNote(storage::Connection& c, int64_t ws) {
  auto st = storage::AssessmentStore(c).CheckStaleness(ws, Today());
  if (!st.ok() || !st->newest || !st->Stale()) return "";
  return "Scoreboard update due: " + strings::Join(st->reasons, "; ") + ".";
}

}  // namespace scoreboard

namespace {

using nlohmann::json;

json Err(const std::string& e) { return e.empty() ? json(false) : json(e); }

std::optional<int64_t> IdParam(RequestContext& ctx) { return strings::ParseInt(ctx.req.Param("id")); }

std::string RoundUrl(RequestContext& ctx, int64_t id, const std::string& rest = "") {
  return ctx.WsUrl("/scoreboard/rounds/" + std::to_string(id) + rest);
}

json StalenessJson(const storage::Staleness& st) {
  json a = json::array();
  for (const auto& r : st.reasons) a.push_back(r);
  return a;
}

// ---- the rounds list ----

struct RoundForm {
  std::string title, date, framework, trigger = "six-monthly", event_title, event_id, copy_from;
};

Response RoundsPage(RequestContext& ctx, const RoundForm& form, const std::string& error, int status) {
  auto conn = ctx.app.db.Acquire();
  if (Status s = scoreboard::EnsureBuiltins(ctx, *conn); !s.ok()) return ErrorPage(ctx, s);
  storage::AssessmentStore store(*conn);
  auto rounds = store.ListRounds(ctx.ws->id);
  if (!rounds.ok()) return ErrorPage(ctx, rounds.status());
  auto st = store.CheckStaleness(ctx.ws->id, scoreboard::Today());
  if (!st.ok()) return ErrorPage(ctx, st.status());
  auto frameworks = storage::FrameworkStore(*conn).List(ctx.ws->id);
  if (!frameworks.ok()) return ErrorPage(ctx, frameworks.status());
  json rows = json::array(), closed = json::array(), all = json::array();
  for (const auto& r : *rounds) {
    bool is_closed = r.round.status == domain::RoundStatus::kClosed;
    std::string id = std::to_string(r.round.id);
    rows.push_back({{"id", r.round.id},
                    {"url", RoundUrl(ctx, r.round.id)},
                    {"title", r.round.title},
                    {"date", r.round.date},
                    {"trigger", domain::RoundTriggerLabel(r.round.trigger)},
                    {"event", r.round.event_title},
                    {"framework", r.framework_name},
                    {"closed", is_closed},
                    {"closed_on", r.round.closed_at.substr(0, 10)},
                    {"closed_by", r.round.closed_by},
                    {"scores", r.scores},
                    {"regions", r.regions}});
    all.push_back({{"id", r.round.id}, {"label", r.round.title + " (" + r.round.date + ")"}});
    if (is_closed)
      closed.push_back({{"id", r.round.id}, {"label", r.round.title + " (" + r.round.date + ")"},
                        {"selected", form.copy_from == id}});
  }
  json fws = json::array();
  for (const auto& f : *frameworks)
    fws.push_back({{"id", f.id}, {"name", f.name}, {"selected", form.framework == std::to_string(f.id)}});
  // Events of the workspace (issue 4) to link a round to, newest first.
  json events = json::array();
  auto has_events = conn->Scalar("SELECT COUNT(*) FROM schema_migrations WHERE version = 8");
  if (has_events.ok() && *has_events && storage::Row(nullptr, {**has_events}).Int(0) > 0) {
    auto ev = conn->Query("SELECT id, title, start_date, status FROM events WHERE workspace_id = ? AND status <> 'cancelled' "
                          "ORDER BY start_date DESC, id DESC LIMIT 200",
                          {ctx.ws->id});
    if (ev.ok())
      for (const auto& e : *ev)
        events.push_back({{"id", e.Int(0)},
                          {"label", e.Text(2) + " · " + e.Text(1) + " (" + e.Text(3) + ")"},
                          {"selected", form.event_id == std::to_string(e.Int(0))}});
  }
  json data = {{"rounds", rows},
               {"closed_rounds", closed},
               {"all_rounds", all},
               {"has_two", all.size() >= 2},
               {"frameworks", fws},
               {"events", events},
               {"has_events", !events.empty()},
               {"warnings", StalenessJson(*st)},
               {"stale", st->Stale()},
               {"f", {{"title", form.title},
                      {"date", form.date.empty() ? scoreboard::Today() : form.date},
                      {"event_title", form.event_title},
                      {"six_monthly", form.trigger != "event"},
                      {"event", form.trigger == "event"}}},
               {"error", Err(error)}};
  return RenderPage(ctx, "scoreboard_rounds", ctx.ws->acronym + " scoreboard", data, status);
}

Response Rounds(RequestContext& ctx) { return RoundsPage(ctx, {}, "", 200); }

Response CreateRound(RequestContext& ctx) {
  RoundForm f{ctx.req.Form("title"), ctx.req.Form("date"), ctx.req.Form("framework_id"), ctx.req.Form("trigger"),
              ctx.req.Form("event_title"), ctx.req.Form("event_id"), ctx.req.Form("copy_from")};
  domain::Round r;
  r.workspace_id = ctx.ws->id;
  r.title = f.title;
  r.date = strings::Trim(f.date);
  auto trigger = domain::ParseRoundTrigger(f.trigger);
  if (!trigger) return RoundsPage(ctx, f, "trigger: choose six-monthly or after an event", 400);
  r.trigger = *trigger;
  r.event_title = f.event_title;
  if (!strings::Trim(f.event_id).empty()) {
    auto eid = strings::ParseInt(strings::Trim(f.event_id));
    if (!eid) return RoundsPage(ctx, f, "event: not an event of this workspace", 400);
    r.event_id = *eid;
  }
  Result<int64_t> id = Status::Internal("unset");
  {
    auto conn = ctx.app.db.Acquire();
    storage::Transaction tx(*conn);
    storage::AssessmentStore store(*conn);
    if (!strings::Trim(f.copy_from).empty()) {
      auto from = strings::ParseInt(strings::Trim(f.copy_from));
      if (!from) return RoundsPage(ctx, f, "copy_from: not a round of this workspace", 400);
      id = store.CopyForward(ctx.ws->id, *from, r, ctx.actor());
    } else {
      auto fw = strings::ParseInt(f.framework);
      if (!fw) return RoundsPage(ctx, f, "framework: choose a framework", 400);
      r.framework_id = *fw;
      id = store.CreateRound(r, ctx.actor());
    }
    if (id.ok()) {
      Status c = tx.Commit();
      if (!c.ok()) id = c;
    }
  }
  if (!id.ok()) {
    auto code = id.status().code();
    if (code == ErrorCode::kInvalidArgument) return RoundsPage(ctx, f, id.status().message(), 400);
    if (code == ErrorCode::kConflict) return RoundsPage(ctx, f, id.status().message(), 409);
    if (code == ErrorCode::kNotFound) return RoundsPage(ctx, f, id.status().message(), 400);
    return ErrorPage(ctx, id.status());
  }
  return Response::Redirect(RoundUrl(ctx, *id, "?notice=" + strings::UrlEncode("Round \"" + strings::Trim(f.title) + "\" opened.")));
}

// ---- the round page ----

struct ScoreForm {
  std::string region, dimension, value, evidence, sources;
};

json LevelOptions(const domain::Framework& fw, const std::string& selected) {
  json out = json::array();
  for (const auto& l : fw.scale.levels)
    out.push_back({{"value", l.value},
                   {"label", std::to_string(l.value) + " · " + l.label},
                   {"meaning", l.meaning},
                   {"selected", selected == std::to_string(l.value)}});
  return out;
}

Response RoundPage(RequestContext& ctx, int64_t id, const ScoreForm& form, const std::string& error, int status) {
  auto conn = ctx.app.db.Acquire();
  auto report = reports::LoadScoreboardReport(*conn, ctx.ws->id, ctx.ws->acronym, id, scoreboard::Today());
  if (!report.ok()) return ErrorPage(ctx, report.status());
  const reports::ScoreboardReport& r = *report;
  const domain::Framework& fw = r.framework;
  bool open = r.round.round.status == domain::RoundStatus::kOpen;
  json head = json::array();
  for (const auto& region : r.regions)
    head.push_back({{"code", region.code}, {"name", region.name.empty() ? region.code : region.name}});
  json rows = json::array();
  for (const auto& d : fw.dimensions) {
    json cells = json::array();
    for (const auto& region : r.regions) {
      const domain::Score* s = reports::FindScore(r, region.code, d.key);
      if (!s) {
        cells.push_back({{"scored", false}});
        continue;
      }
      const domain::ScaleLevel* l = domain::FindLevel(fw.scale, s->value);
      json sources = json::array();
      for (const auto& src : s->sources) {
        std::string lower = strings::ToLower(src);
        bool link = strings::StartsWith(lower, "https://") || strings::StartsWith(lower, "http://");
        sources.push_back({{"text", src}, {"link", link}});
      }
      json lines = json::array();
      for (const auto& line : strings::Split(s->evidence, '\n')) lines.push_back(line);
      cells.push_back({{"scored", true},
                       {"label", l ? l->label : domain::FormatValue(s->value)},
                       {"value", domain::FormatValue(s->value)},
                       {"meaning", l ? l->meaning : ""},
                       {"evidence", lines},
                       {"sources", sources},
                       {"by", s->updated_by},
                       {"at", s->updated_at.substr(0, 10)}});
    }
    rows.push_back({{"key", d.key}, {"name", d.name}, {"description", d.description}, {"layer", d.layer}, {"cells", cells}});
  }
  // A radar per region (Chart.js in scoreboard.js; the same numbers are in the table).
  json radars = json::array();
  double lo = fw.scale.Numeric() ? fw.scale.min : fw.scale.Min() - 1;
  for (const auto& region : r.regions) {
    json labels = json::array(), values = json::array();
    int scored = 0;
    for (const auto& d : fw.dimensions) {
      labels.push_back(d.name);
      const domain::Score* s = reports::FindScore(r, region.code, d.key);
      if (s) ++scored;
      values.push_back(s ? json(s->value) : json(nullptr));
    }
    if (scored == 0) continue;
    std::string label = region.name.empty() ? region.code : region.name + " (" + region.code + ")";
    json spec = {{"labels", labels}, {"values", values}, {"min", lo}, {"max", fw.scale.Max()}, {"title", label}};
    radars.push_back({{"code", region.code}, {"label", label}, {"spec", spec.dump()},
                      {"note_url", RoundUrl(ctx, id, "/export?format=html&region=" + strings::UrlEncode(region.code))},
                      {"note_md_url", RoundUrl(ctx, id, "/export?format=md&region=" + strings::UrlEncode(region.code))},
                      {"note_xlsx_url", RoundUrl(ctx, id, "/export?format=xlsx&region=" + strings::UrlEncode(region.code))}});
  }
  json region_options = json::array();
  for (const auto& region : r.regions)
    region_options.push_back({{"code", region.code},
                              {"label", (region.name.empty() ? region.code : region.name + " (" + region.code + ")")},
                              {"selected", strings::ToUpper(strings::Trim(form.region)) == region.code}});
  bool other_region = !form.region.empty() && std::none_of(r.regions.begin(), r.regions.end(), [&](auto& x) {
    return x.code == strings::ToUpper(strings::Trim(form.region));
  });
  json dims = json::array();
  for (const auto& d : fw.dimensions) dims.push_back({{"key", d.key}, {"name", d.name}, {"selected", form.dimension == d.key}});
  json scale = json::array();
  for (const auto& l : fw.scale.levels) scale.push_back({{"value", l.value}, {"label", l.label}, {"meaning", l.meaning}});
  json changes = false;
  if (r.changes)
    changes = {{"from_title", r.changes->from.round.title},
               {"from_url", RoundUrl(ctx, r.changes->from.round.id)},
               {"compare_url", ctx.WsUrl("/scoreboard/compare?from=" + std::to_string(r.changes->from.round.id) +
                                         "&to=" + std::to_string(id))},
               {"changed", r.changes->changed},
               {"evidence_only", r.changes->evidence_only},
               {"added", r.changes->added},
               {"removed", r.changes->removed}};
  const domain::Round& x = r.round.round;
  json data = {{"round", {{"id", x.id},
                          {"title", x.title},
                          {"date", x.date},
                          {"trigger", domain::RoundTriggerLabel(x.trigger)},
                          {"event", x.event_title},
                          {"open", open},
                          {"closed_on", x.closed_at.substr(0, 10)},
                          {"closed_by", x.closed_by},
                          {"framework", fw.name},
                          {"scores", r.round.scores}}},
               {"head", head},
               {"rows", rows},
               {"has_regions", !r.regions.empty()},
               {"radars", radars},
               {"scale", scale},
               {"ordinal", !fw.scale.Numeric()},
               {"scale_min", domain::FormatValue(fw.scale.min)},
               {"scale_max", domain::FormatValue(fw.scale.max)},
               {"levels", LevelOptions(fw, strings::Trim(form.value))},
               {"region_options", region_options},
               {"dimensions", dims},
               {"f", {{"region_other", other_region ? form.region : ""},
                      {"value", form.value},
                      {"evidence", form.evidence},
                      {"sources", form.sources}}},
               {"can_score", open && ctx.CanEdit()},
               {"changes", changes},
               {"warnings", StalenessJson(r.staleness)},
               {"stale", r.staleness.Stale()},
               {"score_action", RoundUrl(ctx, id, "/scores")},
               {"close_action", RoundUrl(ctx, id, "/close")},
               {"delete_action", RoundUrl(ctx, id, "/delete")},
               {"map_url", RoundUrl(ctx, id, "/map")},
               {"export_base", RoundUrl(ctx, id, "/export?format=")},
               {"error", Err(error)},
               {"scripts", json::array({StaticUrl("vendor/chart.umd.js"), StaticUrl("scoreboard.js")})}};
  return RenderPage(ctx, "scoreboard_round", x.title + " · " + ctx.ws->acronym + " scoreboard", data, status);
}

Response Round(RequestContext& ctx) {
  auto id = IdParam(ctx);
  if (!id) return ErrorPage(ctx, Status::NotFound("no round " + ctx.req.Param("id")));
  return RoundPage(ctx, *id, {}, "", 200);
}

Response SetScore(RequestContext& ctx) {
  auto id = IdParam(ctx);
  if (!id) return ErrorPage(ctx, Status::NotFound("no round " + ctx.req.Param("id")));
  ScoreForm f{ctx.req.Form("region"), ctx.req.Form("dimension"), ctx.req.Form("value"), ctx.req.Form("evidence"),
              ctx.req.Form("sources")};
  std::string other = strings::Trim(ctx.req.Form("region_other"));
  if (!other.empty()) f.region = other;
  domain::Score s;
  s.region_code = f.region;
  s.dimension_key = f.dimension;
  s.evidence = f.evidence;
  s.sources = domain::SplitSources(f.sources);
  Status failed;
  {
    auto conn = ctx.app.db.Acquire();
    auto round = storage::AssessmentStore(*conn).GetRound(ctx.ws->id, *id);
    if (!round.ok()) return ErrorPage(ctx, round.status());
    if (!*round) return ErrorPage(ctx, Status::NotFound("no round " + std::to_string(*id)));
    auto fw = storage::FrameworkStore(*conn).Get(ctx.ws->id, (*round)->round.framework_id);
    if (!fw.ok() || !*fw) return ErrorPage(ctx, fw.ok() ? Status::NotFound("framework missing") : fw.status());
    auto v = domain::ParseScaleValue((*fw)->scale, f.value);
    if (!v) {
      std::string at = strings::Trim(f.region) + " / " + strings::Trim(f.dimension) + ": ";
      return RoundPage(ctx, *id, f,
                       at + "value: " + (strings::Trim(f.value).empty() ? std::string("required") :
                                         "\"" + f.value + "\" is not a number or a level of the scale"),
                       400);
    }
    s.value = *v;
    storage::Transaction tx(*conn);
    auto saved = storage::AssessmentStore(*conn).SetScore(ctx.ws->id, *id, s, ctx.actor());
    failed = saved.ok() ? tx.Commit() : saved.status();
  }
  if (failed.code() == ErrorCode::kInvalidArgument) return RoundPage(ctx, *id, f, failed.message(), 400);
  if (failed.code() == ErrorCode::kConflict) return RoundPage(ctx, *id, f, failed.message(), 409);
  if (!failed.ok()) return ErrorPage(ctx, failed);
  return Response::Redirect(RoundUrl(ctx, *id, "?notice=" + strings::UrlEncode("Score saved for " + strings::ToUpper(strings::Trim(f.region)) +
                                                                           " / " + f.dimension + ".")));
}

Response CloseRound(RequestContext& ctx) {
  auto id = IdParam(ctx);
  if (!id) return ErrorPage(ctx, Status::NotFound("no round " + ctx.req.Param("id")));
  Status s;
  {
    auto conn = ctx.app.db.Acquire();
    storage::Transaction tx(*conn);
    s = storage::AssessmentStore(*conn).CloseRound(ctx.ws->id, *id, ctx.actor());
    if (s.ok()) s = tx.Commit();
  }
  if (s.code() == ErrorCode::kInvalidArgument) return RoundPage(ctx, *id, {}, s.message(), 400);
  if (s.code() == ErrorCode::kConflict) return RoundPage(ctx, *id, {}, s.message(), 409);
  if (!s.ok()) return ErrorPage(ctx, s);
  return Response::Redirect(RoundUrl(ctx, *id, "?notice=" + strings::UrlEncode("Round closed: its scores can no longer change.")));
}

Response DeleteRound(RequestContext& ctx) {
  auto id = IdParam(ctx);
  if (!id) return ErrorPage(ctx, Status::NotFound("no round " + ctx.req.Param("id")));
  Status s;
  {
    auto conn = ctx.app.db.Acquire();
    storage::Transaction tx(*conn);
    s = storage::AssessmentStore(*conn).DeleteRound(ctx.ws->id, *id, ctx.actor());
    if (s.ok()) s = tx.Commit();
  }
  if (s.code() == ErrorCode::kConflict) return RoundPage(ctx, *id, {}, s.message(), 409);
  if (!s.ok()) return ErrorPage(ctx, s);
  return Response::Redirect(ctx.WsUrl("/scoreboard?notice=" + strings::UrlEncode("Round deleted.")));
}

// ---- compare ----

std::string ValueText(const domain::Framework& fw, const std::optional<domain::Score>& s) {
  return s ? domain::ValueLabel(fw.scale, s->value) : "-";
}

Response Compare(RequestContext& ctx) {
  auto conn = ctx.app.db.Acquire();
  storage::AssessmentStore store(*conn);
  auto rounds = store.ListRounds(ctx.ws->id);
  if (!rounds.ok()) return ErrorPage(ctx, rounds.status());
  std::string from = ctx.req.Query("from"), to = ctx.req.Query("to");
  json options_from = json::array(), options_to = json::array();
  for (const auto& r : *rounds) {
    std::string id = std::to_string(r.round.id), label = r.round.title + " (" + r.round.date + ", " + r.framework_name + ")";
    options_from.push_back({{"id", r.round.id}, {"label", label}, {"selected", id == from}});
    options_to.push_back({{"id", r.round.id}, {"label", label}, {"selected", id == to}});
  }
  json data = {{"from_options", options_from}, {"to_options", options_to}, {"result", false}, {"error", false}};
  auto a = strings::ParseInt(from), b = strings::ParseInt(to);
  int status = 200;
  if (!from.empty() || !to.empty()) {
    if (!a || !b) {
      data["error"] = "Choose two rounds.";
      status = 400;
    } else {
      auto cmp = store.Compare(ctx.ws->id, *a, *b);
      if (!cmp.ok()) {
        if (cmp.status().code() == ErrorCode::kInternal || cmp.status().code() == ErrorCode::kDatabase)
          return ErrorPage(ctx, cmp.status());
        data["error"] = cmp.status().message();
        status = 400;
      } else {
        auto fw = storage::FrameworkStore(*conn).Get(ctx.ws->id, cmp->to.round.framework_id);
        if (!fw.ok() || !*fw) return ErrorPage(ctx, fw.ok() ? Status::NotFound("framework missing") : fw.status());
        std::vector<std::string> codes;
        for (const auto& ch : cmp->changes) codes.push_back(ch.region_code);
        auto names = scoreboard::RegionNames(*conn, ctx.ws->id, codes);
        if (!names.ok()) return ErrorPage(ctx, names.status());
        bool all = ctx.req.Query("all") == "1";
        json rows = json::array();
        for (const auto& ch : cmp->changes) {
          if (!all && ch.kind == storage::ScoreChange::Kind::kUnchanged) continue;
          const domain::Dimension* d = domain::FindDimension(**fw, ch.dimension_key);
          std::string name = (*names)[ch.region_code];
          rows.push_back({{"region", name.empty() ? ch.region_code : name + " (" + ch.region_code + ")"},
                          {"dimension", d ? d->name : ch.dimension_key},
                          {"kind", storage::ScoreChangeKindKey(ch.kind)},
                          {"before", ValueText(**fw, ch.before)},
                          {"after", ValueText(**fw, ch.after)},
                          {"evidence_before", ch.before ? ch.before->evidence : ""},
                          {"evidence_after", ch.after ? ch.after->evidence : ""},
                          {"sources_before", ch.before ? strings::Join(ch.before->sources, "; ") : ""},
                          {"sources_after", ch.after ? strings::Join(ch.after->sources, "; ") : ""}});
        }
        data["result"] = {{"from", cmp->from.round.title},
                          {"to", cmp->to.round.title},
                          {"from_url", RoundUrl(ctx, cmp->from.round.id)},
                          {"to_url", RoundUrl(ctx, cmp->to.round.id)},
                          {"changed", cmp->changed},
                          {"evidence_only", cmp->evidence_only},
                          {"added", cmp->added},
                          {"removed", cmp->removed},
                          {"unchanged", cmp->unchanged},
                          {"rows", rows},
                          {"all", all},
                          {"all_url", ctx.WsUrl("/scoreboard/compare?from=" + from + "&to=" + to + "&all=1")}};
      }
    }
  }
  return RenderPage(ctx, "scoreboard_compare", "Compare rounds · " + ctx.ws->acronym, data, status);
}

// ---- the map ----

// Equirectangular projection scaled by the cosine of the middle latitude: enough for regions of
// one continent, and no library needed to draw it on the server (the page works without JS).
struct MapShape {
  std::string code, name, path;
};

void AddRing(const json& ring, double lon0, double lat0, double k, double scale, std::string* path) {
  bool first = true;
  for (const auto& p : ring) {
    if (!p.is_array() || p.size() < 2 || !p[0].is_number() || !p[1].is_number()) continue;
    double x = (p[0].get<double>() - lon0) * k * scale, y = (lat0 - p[1].get<double>()) * scale;
    char buf[48];
    std::snprintf(buf, sizeof buf, "%s%.1f %.1f", first ? "M" : "L", x, y);
    *path += buf;
    first = false;
  }
  if (!first) *path += "Z";
}

template <typename Fn>
void EachRing(const json& geom, Fn fn) {
  if (!geom.is_object() || !geom.contains("coordinates")) return;
  std::string type = geom.value("type", "");
  const json& c = geom["coordinates"];
  if (type == "Polygon") {
    for (const auto& ring : c) fn(ring);
  } else if (type == "MultiPolygon") {
    for (const auto& poly : c)
      for (const auto& ring : poly) fn(ring);
  }
}

std::vector<MapShape> ProjectShapes(const std::string& geojson, double width, double* height) {
  std::vector<MapShape> out;
  json fc = json::parse(geojson, nullptr, false);
  if (!fc.is_object() || !fc.contains("features") || !fc["features"].is_array()) return out;
  double minx = 1e9, maxx = -1e9, miny = 1e9, maxy = -1e9;
  for (const auto& f : fc["features"])
    EachRing(f.value("geometry", json()), [&](const json& ring) {
      for (const auto& p : ring)
        if (p.is_array() && p.size() >= 2 && p[0].is_number() && p[1].is_number()) {
          minx = std::min(minx, p[0].get<double>()), maxx = std::max(maxx, p[0].get<double>());
          miny = std::min(miny, p[1].get<double>()), maxy = std::max(maxy, p[1].get<double>());
        }
    });
  if (minx > maxx) return out;
  double k = std::cos((miny + maxy) / 2 * M_PI / 180);
  double scale = width / std::max((maxx - minx) * k, 1e-6);
  *height = std::max(50.0, (maxy - miny) * scale);
  for (const auto& f : fc["features"]) {
    json props = f.value("properties", json::object());
    MapShape s;
    s.code = props.value("code", "");
    s.name = props.value("name", "");
    if (props.contains("member") && props["member"].is_string())
      s.name += " · " + props.value("member_name", props["member"].get<std::string>());
    EachRing(f.value("geometry", json()), [&](const json& ring) { AddRing(ring, minx, maxy, k, scale, &s.path); });
    if (!s.path.empty()) out.push_back(std::move(s));
  }
  return out;
}

// Sequential blues (ColorBrewer), light = low.
const std::vector<std::string>& MapPalette() {
  static const std::vector<std::string> p = {"#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"};
  return p;
}

Response Map(RequestContext& ctx) {
  auto id = IdParam(ctx);
  if (!id) return ErrorPage(ctx, Status::NotFound("no round " + ctx.req.Param("id")));
  auto conn = ctx.app.db.Acquire();
  auto report = reports::LoadScoreboardReport(*conn, ctx.ws->id, ctx.ws->acronym, *id, scoreboard::Today());
  if (!report.ok()) return ErrorPage(ctx, report.status());
  const auto& r = *report;
  const domain::Framework& fw = r.framework;
  std::string dim = ctx.req.Query("dimension");
  if (!dim.empty() && dim != "mean" && !domain::FindDimension(fw, dim))
    return ErrorPage(ctx, Status::Invalid("dimension: \"" + dim + "\" is not a dimension of " + fw.name));
  if (dim.empty()) dim = "mean";
  // Value per region: the dimension's score, or the mean of the scored dimensions.
  std::map<std::string, double> values;
  for (const auto& region : r.regions) {
    if (dim == "mean") {
      double sum = 0;
      int n = 0;
      for (const auto& d : fw.dimensions)
        if (const auto* s = reports::FindScore(r, region.code, d.key)) sum += s->value, ++n;
      if (n > 0) values[region.code] = sum / n;
    } else if (const auto* s = reports::FindScore(r, region.code, dim)) {
      values[region.code] = s->value;
    }
  }
  double lo = fw.scale.Min(), hi = fw.scale.Max();
  auto colour = [&](double v) {
    const auto& p = MapPalette();
    double t = hi > lo ? std::clamp((v - lo) / (hi - lo), 0.0, 1.0) : 0.5;
    return p[std::min(p.size() - 1, static_cast<size_t>(t * (p.size() - 1) + 0.5))];
  };
  std::vector<std::string> codes;
  for (const auto& region : r.regions) codes.push_back(region.code);
  std::vector<std::string> unknown;
  auto shapes_json = storage::RegionStore(*conn).ShapesGeoJson(ctx.ws->id, codes, {}, &unknown);
  if (!shapes_json.ok()) return ErrorPage(ctx, shapes_json.status());
  double height = 0;
  auto shapes = ProjectShapes(*shapes_json, 800, &height);
  json paths = json::array();
  std::set<std::string> drawn;
  for (const auto& s : shapes) {
    auto it = values.find(s.code);
    std::string label = (s.name.empty() ? s.code : s.name + " (" + s.code + ")") + ": " +
                        (it == values.end() ? std::string("not scored") : domain::FormatValue(std::round(it->second * 100) / 100));
    paths.push_back({{"d", s.path}, {"fill", it == values.end() ? "#eeeeee" : colour(it->second)}, {"title", label},
                     {"code", s.code}, {"scored", it != values.end()}});
    drawn.insert(s.code);
  }
  json legend = json::array();
  if (!fw.scale.Numeric())
    for (const auto& l : fw.scale.levels) legend.push_back({{"fill", colour(l.value)}, {"label", std::to_string(l.value) + " " + l.label}});
  else
    for (double v : {lo, (lo + hi) / 2, hi}) legend.push_back({{"fill", colour(v)}, {"label", domain::FormatValue(v)}});
  json rows = json::array();
  for (const auto& region : r.regions) {
    auto it = values.find(region.code);
    std::string shown = it == values.end() ? "" : domain::FormatValue(std::round(it->second * 100) / 100);
    if (it != values.end() && dim != "mean") shown = domain::ValueLabel(fw.scale, it->second);
    rows.push_back({{"code", region.code}, {"name", region.name}, {"value", shown}, {"drawn", drawn.count(region.code) > 0}});
  }
  json dims = json::array({{{"key", "mean"}, {"name", "Mean of the dimensions"}, {"selected", dim == "mean"}}});
  for (const auto& d : fw.dimensions) dims.push_back({{"key", d.key}, {"name", d.name}, {"selected", dim == d.key}});
  // The interactive map (S2's region_map.js with Leaflet): the same values and legend; a click
  // on a region goes to its radar on the round page.
  json map_legend = json::array(), map_values = json::object();
  std::vector<double> bins;
  if (!fw.scale.Numeric()) {
    for (const auto& l : fw.scale.levels) {
      map_legend.push_back({{"label", std::to_string(l.value) + " " + l.label}, {"color", colour(l.value)}});
      bins.push_back(l.value);
    }
  } else {
    for (double v : {lo, lo + (hi - lo) / 4, (lo + hi) / 2, hi - (hi - lo) / 4, hi}) {
      map_legend.push_back({{"label", domain::FormatValue(std::round(v * 100) / 100)}, {"color", colour(v)}});
      bins.push_back(v);
    }
  }
  for (const auto& [code, v] : values) {
    size_t bin = 0;
    for (size_t i = 1; i < bins.size(); ++i)
      if (std::fabs(bins[i] - v) < std::fabs(bins[bin] - v)) bin = i;
    map_values[code] = {{"label", domain::FormatValue(std::round(v * 100) / 100)},
                        {"bin", bin},
                        {"href", RoundUrl(ctx, *id, "#radar-" + code)}};
  }
  std::string shapes_url = ctx.WsUrl("/regions/shapes?codes=");
  for (size_t i = 0; i < codes.size(); ++i) shapes_url += (i ? "," : "") + strings::UrlEncode(codes[i]);
  json map_config = {{"shapes_url", shapes_url},
                     {"values", map_values},
                     {"legend", map_legend},
                     {"attribution", storage::kNutsAttribution},
                     {"title", "Map of the scores"}};
  const domain::Dimension* shown_dim = domain::FindDimension(fw, dim);
  char vb[64];
  std::snprintf(vb, sizeof vb, "0 0 800 %.0f", std::ceil(height));
  json data = {{"round", {{"title", r.round.round.title}, {"url", RoundUrl(ctx, *id)}}},
               {"dimension_name", shown_dim ? shown_dim->name : "Mean of the dimensions"},
               {"dimensions", dims},
               {"action", RoundUrl(ctx, *id, "/map")},
               {"paths", paths},
               {"has_paths", !paths.empty()},
               {"viewbox", vb},
               {"legend", legend},
               {"rows", rows},
               {"unknown", strings::Join(unknown, ", ")},
               {"map_config", map_config.dump()},
               {"leaflet_css", StaticUrl("vendor/leaflet.css")},
               {"map_css", StaticUrl("region_map.css")},
               {"scripts", json::array({StaticUrl("vendor/leaflet.js"), StaticUrl("region_map.js")})}};
  return RenderPage(ctx, "scoreboard_map", "Map · " + r.round.round.title, data);
}

// ---- outputs ----

Response Export(RequestContext& ctx) {
  auto id = IdParam(ctx);
  if (!id) return ErrorPage(ctx, Status::NotFound("no round " + ctx.req.Param("id")));
  std::string format = ctx.req.Query("format"), region = strings::Trim(ctx.req.Query("region"));
  if (format != "xlsx" && format != "csv" && format != "md" && format != "html")
    return ErrorPage(ctx, Status::Invalid("format: choose xlsx, csv, md or html"));
  auto conn = ctx.app.db.Acquire();
  auto report = reports::LoadScoreboardReport(*conn, ctx.ws->id, ctx.ws->acronym, *id, scoreboard::Today());
  if (!report.ok()) return ErrorPage(ctx, report.status());
  Result<std::string> body = Status::Internal("unset");
  if (region.empty()) {
    if (format == "xlsx") body = reports::ScoreboardUpdateXlsx(*report);
    else if (format == "csv") body = reports::ScoreboardUpdateCsv(*report);
    else if (format == "md") body = reports::ScoreboardUpdateMarkdown(*report);
    else body = reports::ScoreboardUpdateHtml(*report);
  } else {
    if (format == "xlsx") body = reports::SectorNoteXlsx(*report, region);
    else if (format == "csv") body = reports::SectorNoteCsv(*report, region);
    else if (format == "md") body = reports::SectorNoteMarkdown(*report, region);
    else body = reports::SectorNoteHtml(*report, region);
  }
  if (!body.ok()) return ErrorPage(ctx, body.status());
  const char* type = format == "xlsx" ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                     : format == "csv" ? "text/csv; charset=utf-8"
                     : format == "md"  ? "text/markdown; charset=utf-8"
                                       : "text/html; charset=utf-8";
  return Response::Download(std::move(*body), type, reports::ScoreboardFileName(*report, region, format));
}

}  // namespace

void RegisterScoreboardRoutes(Router& r) {
  r.Add("GET", "/w/:ws/scoreboard", Access::kViewer, Rounds);
  r.Add("POST", "/w/:ws/scoreboard/rounds", Access::kEditor, CreateRound);
  r.Add("GET", "/w/:ws/scoreboard/compare", Access::kViewer, Compare);
  r.Add("GET", "/w/:ws/scoreboard/rounds/:id#", Access::kViewer, Round);
  r.Add("POST", "/w/:ws/scoreboard/rounds/:id#/scores", Access::kEditor, SetScore);
  r.Add("POST", "/w/:ws/scoreboard/rounds/:id#/close", Access::kEditor, CloseRound);
  r.Add("POST", "/w/:ws/scoreboard/rounds/:id#/delete", Access::kEditor, DeleteRound);
  r.Add("GET", "/w/:ws/scoreboard/rounds/:id#/map", Access::kViewer, Map);
  r.Add("GET", "/w/:ws/scoreboard/rounds/:id#/export", Access::kViewer, Export);
  scoreboard::RegisterSetupRoutes(r);
}

}  // namespace corridor::web
