// Indicator data (issue 5): the datasets list, the import wizard (upload -> preview with the
// layout detected, the NUTS code mapping report, every row error and the indicators with their
// direction -> commit, all or nothing or skipping the reported rows), a dataset's page with its
// kept import report, indicator label/unit/direction edits and dataset deletion. Between the
// steps the upload is kept under <data_dir>/uploads/indicators-<token>.bin beside a .json
// (workspace, user, file name), as the contacts import does, and deleted after the commit.
#include <filesystem>

#include "core/strings.h"
#include "importers/indicator_import.h"
#include "storage/indicator_store.h"
#include "web/handlers/handlers.h"
#include "web/handlers/upload_stash.h"
#include "web/render.h"

namespace corridor::web {

namespace {

namespace fs = std::filesystem;
namespace imp = importers::indicators;
using nlohmann::json;

constexpr const char* kUploadPrefix = "indicators-";
const char* const kGone = "this upload is no longer available: upload the file again";

// The kept upload, with the label and unit of a Eurostat .json sidecar uploaded with the file.
struct Upload : StashedUpload {
  std::string label, unit;
};

Result<Upload> LoadUpload(const RequestContext& ctx, const std::string& token) {
  auto kept = LoadStashedUpload(ctx, kUploadPrefix, token, kGone);
  if (!kept.ok()) return kept.status();
  Upload up{std::move(*kept)};
  up.label = up.meta.value("label", std::string());
  up.unit = up.meta.value("unit", std::string());
  return up;
}

json LayoutOptions(imp::Layout chosen) {
  json out = json::array();
  for (auto [l, label] : {std::pair{imp::Layout::kAuto, "detect from the header"},
                          std::pair{imp::Layout::kTidy, "tidy: region, indicator, year, value[, unit]"},
                          std::pair{imp::Layout::kWide, "wide: region, then one column per indicator"},
                          std::pair{imp::Layout::kEurostat, "Eurostat/EURITO: year, region_type, ..., region_id, region_level, indicator"}})
    out.push_back({{"value", std::string(imp::LayoutKey(l))}, {"label", label}, {"selected", l == chosen}});
  return out;
}

Response ListPage(RequestContext& ctx, const std::string& error, int status) {
  auto conn = ctx.app.db.Acquire();
  auto datasets = storage::IndicatorStore(*conn).ListDatasets(ctx.ws->id);
  if (!datasets.ok()) return ErrorPage(ctx, datasets.status());
  json rows = json::array();
  for (const auto& d : *datasets) {
    std::vector<std::string> codes;
    for (const auto& i : d.indicators) codes.push_back(i.code);
    rows.push_back({{"name", d.name},
                    {"url", ctx.WsUrl("/indicators/datasets/" + std::to_string(d.id))},
                    {"format", d.format},
                    {"file_name", d.file_name},
                    {"indicators", strings::Join(codes, ", ")},
                    {"values", d.value_count},
                    {"imported_by", d.imported_by},
                    {"imported_at", d.imported_at}});
  }
  return RenderPage(ctx, "indicator_list", "Indicators · " + ctx.ws->acronym,
                    {{"datasets", rows},
                     {"has_datasets", !rows.empty()},
                     {"layouts", LayoutOptions(imp::Layout::kAuto)},
                     {"max_mb", imp::kMaxUploadBytes >> 20},
                     {"error", error.empty() ? json(false) : json(error)}},
                    status);
}

Response List(RequestContext& ctx) { return ListPage(ctx, "", 200); }

Response PreviewPage(RequestContext& ctx, const Upload& up, const imp::ParsedFile& f, const std::string& error,
                     int status) {
  json indicators = json::array();
  for (size_t i = 0; i < f.indicators.size(); ++i) {
    const auto& m = f.indicators[i];
    int dir = ctx.req.Form("dir_" + std::to_string(i)) == "-1" ? -1 : 1;
    std::string label = ctx.req.Form("label_" + std::to_string(i));
    std::string unit = ctx.req.Form("unit_" + std::to_string(i));
    int64_t n = std::count_if(f.values.begin(), f.values.end(), [&](const auto& v) { return v.indicator == m.code; });
    indicators.push_back({{"i", i}, {"code", m.code}, {"label", label.empty() ? m.label : label},
                          {"unit", unit.empty() ? m.unit : unit}, {"values", n}, {"lower_better", dir == -1}});
  }
  json mapping = json::array();
  for (const auto& m : f.mapping)
    mapping.push_back({{"code", m.original}, {"status", std::string(importers::CodeStatusKey(m.status))},
                       {"to", m.code_2021}, {"reason", m.reason}, {"rows", m.rows}, {"first_line", m.first_line},
                       {"recoded", m.status == importers::CodeStatus::kRecoded}});
  json errors = json::array();
  for (size_t i = 0; i < f.errors.size() && i < 500; ++i) errors.push_back(f.errors[i].message);
  std::string name = ctx.req.Form("name");
  if (name.empty()) {
    name = f.filename;
    if (auto dot = name.rfind('.'); dot != std::string::npos && dot > 0) name = name.substr(0, dot);
  }
  json data = {{"token", up.token},
               {"filename", up.filename},
               {"layout", std::string(imp::LayoutKey(f.layout))},
               {"layouts", LayoutOptions(imp::ParseLayout(ctx.req.Form("layout")).value_or(imp::Layout::kAuto))},
               {"year", ctx.req.Form("year")},
               {"name", name},
               {"source", ctx.req.Form("source")},
               {"line_word", f.line_word},
               {"rows_read", f.rows_read},
               {"values", f.values.size()},
               {"empty_values", f.empty_values},
               {"excluded_rows", f.excluded_rows},
               {"superseded_rows", f.superseded_rows},
               {"recoded_rows", f.recoded_rows()},
               {"has_recoded", f.recoded_rows() > 0},
               {"has_excluded", f.excluded_rows > 0},
               {"has_superseded", f.superseded_rows > 0},
               {"indicators", indicators},
               {"mapping", mapping},
               {"has_mapping", !mapping.empty()},
               {"errors", errors},
               {"error_count", f.errors.size()},
               {"more_errors", f.errors.size() > 500},
               {"has_errors", !f.errors.empty()},
               {"notes", f.notes},
               {"can_commit", f.CanCommit(true)},
               {"skip_checked", ctx.req.Form("skip_bad_rows") == "1"},
               {"replace_checked", ctx.req.Form("replace") == "1"},
               {"error", error.empty() ? json(false) : json(error)},
               {"action", ctx.WsUrl("/indicators/import")}};
  return RenderPage(ctx, "indicator_preview", "Indicator import preview · " + ctx.ws->acronym, data, status);
}

// POST /w/:ws/indicators/import: a new upload (file), or the kept one (token) with the choices
// and, when "commit" is sent, the import itself.
Response Import(RequestContext& ctx) {
  Upload up;
  if (const UploadedFile* f = ctx.req.File("file"); f && !f->content.empty()) {
    if (f->content.size() > imp::kMaxUploadBytes)
      return ListPage(ctx, "file: the file is larger than " + std::to_string(imp::kMaxUploadBytes >> 20) + " MB", 400);
    up.filename = fs::path(f->filename).filename().string();
    up.bytes = f->content;
    // The Eurostat file's metadata sidecar (X.json beside X.csv), optional: label and unit.
    if (const UploadedFile* side = ctx.req.File("sidecar"); side && !side->content.empty()) {
      if (side->content.size() > (1u << 20)) return ListPage(ctx, "sidecar: the metadata file is larger than 1 MB", 400);
      imp::IndicatorMeta m = imp::ReadEurostatSidecar(side->content);
      if (m.label.empty() && m.unit.empty())
        return ListPage(ctx, "sidecar: " + fs::path(side->filename).filename().string() +
                                 " is not a Eurostat metadata file (no title or unit found)", 400);
      up.label = m.label;
      up.unit = m.unit;
    }
    auto token = StashUpload(ctx, kUploadPrefix, up.filename, up.bytes, {{"label", up.label}, {"unit", up.unit}});
    if (!token.ok()) return ErrorPage(ctx, token.status());
    up.token = *token;
  } else if (!ctx.req.Form("token").empty()) {
    auto loaded = LoadUpload(ctx, ctx.req.Form("token"));
    if (!loaded.ok()) return ListPage(ctx, loaded.status().message(), 400);
    up = std::move(*loaded);
  } else {
    return ListPage(ctx, "file: choose a .csv or .xlsx file", 400);
  }
  imp::ParseOptions po;
  auto layout = imp::ParseLayout(ctx.req.Form("layout").empty() ? "auto" : ctx.req.Form("layout"));
  if (!layout) return ListPage(ctx, "layout: auto, tidy, wide or eurostat", 400);
  po.layout = *layout;
  if (std::string y = strings::Trim(ctx.req.Form("year")); !y.empty()) {
    auto year = strings::ParseInt(y);
    if (!year || *year < 1900 || *year > 2100) return ListPage(ctx, "year: a year between 1900 and 2100", 400);
    po.year = static_cast<int>(*year);
  }
  auto parsed = imp::ParseFile(up.filename, up.bytes, po);
  // A sidecar describes the one indicator of a Eurostat file.
  if (parsed.ok() && parsed->indicators.size() == 1) {
    auto& m = parsed->indicators[0];
    if (m.label.empty()) m.label = up.label;
    if (m.unit.empty()) m.unit = up.unit;
  }
  if (!parsed.ok()) {
    // The kept upload can be retried with another layout or a year.
    if (!ctx.req.Form("token").empty() || parsed.status().message().rfind("year:", 0) == 0) {
      imp::ParsedFile empty;
      empty.filename = up.filename;
      return PreviewPage(ctx, up, empty, parsed.status().message(), 400);
    }
    return ListPage(ctx, "file: " + parsed.status().message(), 400);
  }
  if (ctx.req.Form("commit").empty()) return PreviewPage(ctx, up, *parsed, "", 200);
  imp::CommitOptions co;
  co.dataset_name = ctx.req.Form("name");
  co.source = ctx.req.Form("source");
  co.skip_bad_rows = ctx.req.Form("skip_bad_rows") == "1";
  co.replace = ctx.req.Form("replace") == "1";
  for (size_t i = 0; i < parsed->indicators.size(); ++i) {
    const std::string& code = parsed->indicators[i].code;
    co.directions[code] = ctx.req.Form("dir_" + std::to_string(i)) == "-1" ? -1 : 1;
    co.meta[code] = {code, strings::Trim(ctx.req.Form("label_" + std::to_string(i))),
                     strings::Trim(ctx.req.Form("unit_" + std::to_string(i)))};
  }
  auto conn = ctx.app.db.Acquire();
  auto done = imp::Commit(*conn, ctx.ws->id, *parsed, co, ctx.actor());
  if (!done.ok()) {
    if (done.status().code() == ErrorCode::kInvalidArgument) return PreviewPage(ctx, up, *parsed, done.status().message(), 400);
    if (done.status().code() == ErrorCode::kConflict) return PreviewPage(ctx, up, *parsed, done.status().message(), 409);
    return ErrorPage(ctx, done.status());
  }
  DropStashedUpload(ctx, kUploadPrefix, up.token);
  std::string notice = "Imported " + std::to_string(done->values) + " value(s) of " + std::to_string(done->indicators) +
                       " indicator(s)" + (done->skipped_rows ? "; " + std::to_string(done->skipped_rows) + " row error(s) skipped" : "") +
                       (done->replaced_indicators ? "; " + std::to_string(done->replaced_indicators) + " indicator(s) replaced" : "") + ".";
  return Response::Redirect(ctx.WsUrl("/indicators/datasets/" + std::to_string(done->dataset_id) +
                                      "?notice=" + strings::UrlEncode(notice)));
}

Response DatasetPage(RequestContext& ctx, const std::string& error, int status) {
  auto id = strings::ParseInt(ctx.req.Param("id"));
  auto conn = ctx.app.db.Acquire();
  auto d = storage::IndicatorStore(*conn).GetDataset(ctx.ws->id, id.value_or(0));
  if (!d.ok()) return ErrorPage(ctx, d.status());
  if (!*d) return ErrorPage(ctx, Status::NotFound("no dataset " + ctx.req.Param("id") + " in " + ctx.ws->acronym));
  json indicators = json::array();
  for (const auto& i : (*d)->indicators)
    indicators.push_back({{"id", i.id}, {"code", i.code}, {"label", i.label}, {"unit", i.unit},
                          {"lower_better", i.direction == -1}, {"values", i.value_count}, {"regions", i.region_count},
                          {"years", std::to_string(i.min_year) + (i.max_year != i.min_year ? "-" + std::to_string(i.max_year) : "")},
                          {"action", ctx.WsUrl("/indicators/indicator/" + std::to_string(i.id))}});
  json report = json::parse((*d)->report, nullptr, false);
  if (report.is_discarded() || !report.is_object()) report = json::object();
  json mapping = report.value("mapping", json::array());
  for (auto& m : mapping) m["recoded"] = m.value("status", std::string()) == "recoded";
  json data = {{"d", {{"id", (*d)->id}, {"name", (*d)->name}, {"source", (*d)->source}, {"format", (*d)->format},
                      {"file_name", (*d)->file_name}, {"values", (*d)->value_count}, {"imported_by", (*d)->imported_by},
                      {"imported_at", (*d)->imported_at}}},
               {"indicators", indicators},
               {"mapping", mapping},
               {"has_mapping", !mapping.empty()},
               {"skipped", report.value("errors_skipped", json::array())},
               {"has_skipped", !report.value("errors_skipped", json::array()).empty()},
               {"notes", report.value("notes", json::array())},
               {"excluded_rows", report.value("excluded_rows", 0)},
               {"recoded_rows", report.value("recoded_rows", 0)},
               {"error", error.empty() ? json(false) : json(error)},
               {"delete_action", ctx.WsUrl("/indicators/datasets/" + std::to_string((*d)->id) + "/delete")}};
  return RenderPage(ctx, "indicator_dataset", (*d)->name + " · " + ctx.ws->acronym, data, status);
}

Response Dataset(RequestContext& ctx) { return DatasetPage(ctx, "", 200); }

Response DeleteDataset(RequestContext& ctx) {
  auto id = strings::ParseInt(ctx.req.Param("id"));
  auto conn = ctx.app.db.Acquire();
  storage::Transaction tx(*conn);
  if (!tx.status().ok()) return ErrorPage(ctx, tx.status());
  Status s = storage::IndicatorStore(*conn).DeleteDataset(ctx.ws->id, id.value_or(0), ctx.actor());
  if (s.ok()) s = tx.Commit();
  if (!s.ok()) return ErrorPage(ctx, s);
  return Response::Redirect(ctx.WsUrl("/indicators?notice=" + strings::UrlEncode("Dataset deleted.")));
}

Response UpdateIndicator(RequestContext& ctx) {
  auto id = strings::ParseInt(ctx.req.Param("id"));
  auto conn = ctx.app.db.Acquire();
  storage::Indicator i;
  i.id = id.value_or(0);
  i.workspace_id = ctx.ws->id;
  i.label = ctx.req.Form("label");
  i.unit = ctx.req.Form("unit");
  std::string dir = ctx.req.Form("direction");
  if (dir != "1" && dir != "-1") return ErrorPage(ctx, Status::Invalid("direction: 1 (higher is better) or -1 (lower is better)"));
  i.direction = dir == "-1" ? -1 : 1;
  auto dataset = conn->Scalar("SELECT dataset_id FROM indicators WHERE id = ? AND workspace_id = ?", {i.id, ctx.ws->id});
  if (!dataset.ok()) return ErrorPage(ctx, dataset.status());
  if (!*dataset) return ErrorPage(ctx, Status::NotFound("no indicator " + ctx.req.Param("id") + " in " + ctx.ws->acronym));
  storage::Transaction tx(*conn);
  if (!tx.status().ok()) return ErrorPage(ctx, tx.status());
  Status s = storage::IndicatorStore(*conn).UpdateIndicator(i, ctx.actor());
  if (s.ok()) s = tx.Commit();
  if (!s.ok()) return ErrorPage(ctx, s);
  int64_t ds = std::holds_alternative<int64_t>(**dataset) ? std::get<int64_t>(**dataset)
                                                          : strings::ParseInt(std::get<std::string>(**dataset)).value_or(0);
  return Response::Redirect(ctx.WsUrl("/indicators/datasets/" + std::to_string(ds) + "?notice=" +
                                      strings::UrlEncode("Indicator saved.")));
}

}  // namespace

void RegisterIndicatorRoutes(Router& r) {
  r.Add("GET", "/w/:ws/indicators", Access::kViewer, List);
  r.Add("POST", "/w/:ws/indicators/import", Access::kEditor, Import);
  r.Add("GET", "/w/:ws/indicators/datasets/:id#", Access::kViewer, Dataset);
  r.Add("POST", "/w/:ws/indicators/datasets/:id#/delete", Access::kEditor, DeleteDataset);
  r.Add("POST", "/w/:ws/indicators/indicator/:id#", Access::kEditor, UpdateIndicator);
}

}  // namespace corridor::web
