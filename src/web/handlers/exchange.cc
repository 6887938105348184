// Excel round-trip of the registry: export as .xlsx (Table 1 layout) or CSV, and the import
// wizard: upload -> column mapping + preview with every row error -> commit (all or nothing,
// or skipping the error rows when the user ticks so). Between the steps the upload is kept
// under <data_dir>/uploads/<token>.bin with a .json beside it (workspace, user, file name),
// referenced by the random token in a hidden field; deleted after the commit, or after 24 h.
#include <filesystem>

#include "core/dates.h"
#include "core/strings.h"
#include "importers/registry_import.h"
#include "reports/registry_export.h"
#include "storage/registry_store.h"
#include "web/handlers/handlers.h"
#include "web/handlers/upload_stash.h"
#include "web/render.h"

namespace corridor::web {

namespace {

namespace fs = std::filesystem;
namespace imp = importers::registry;
using nlohmann::json;

constexpr size_t kShownRows = 500;     // creates/updates listed on the preview page
constexpr size_t kShownErrors = 5000;  // errors listed (a broken 50,000-row file must not make a 100 MB page)

// ---- uploads kept between the steps (upload_stash.h) ----

using Upload = StashedUpload;
const std::string kGone =
    "this upload is no longer available (uploads are kept for 24 hours and removed once imported): upload the file "
    "again";

// ---- pages ----

Response ExchangePage(RequestContext& ctx, const std::string& error, int status) {
  auto conn = ctx.app.db.Acquire();
  auto n = conn->Scalar("SELECT COUNT(*) FROM sister_projects WHERE workspace_id = ?", {ctx.ws->id});
  int64_t count = n.ok() && *n ? std::get<int64_t>(**n) : 0;
  json data = {{"count", count},
               {"error", error},
               {"max_mb", static_cast<int64_t>(imp::kMaxUploadBytes >> 20)},
               {"xlsx_url", ctx.WsUrl("/export/registry.xlsx")},
               {"csv_url", ctx.WsUrl("/export/registry.csv")}};
  return RenderPage(ctx, "exchange", ctx.ws->acronym + " import / export", data, status);
}

Response Exchange(RequestContext& ctx) { return ExchangePage(ctx, "", 200); }

std::string ExportName(const RequestContext& ctx, const std::string& ext) {
  return ctx.ws->slug + "-sister-projects-" + dates::ToIso(dates::Today()) + "." + ext;
}

Response ExportXlsx(RequestContext& ctx) {
  auto conn = ctx.app.db.Acquire();
  auto projects = storage::RegistryStore(*conn).All(ctx.ws->id);
  if (!projects.ok()) return ErrorPage(ctx, projects.status());
  reports::XlsxOptions o;
  o.tmp_dir = (fs::path(ctx.app.config.data_dir) / "tmp").string();
  std::error_code ec;
  fs::create_directories(o.tmp_dir, ec);
  if (ec) o.tmp_dir.clear();
  auto xlsx = reports::RegistryXlsx(*projects, ctx.ws->acronym, o);
  if (!xlsx.ok()) return ErrorPage(ctx, xlsx.status());
  return Response::Download(std::move(*xlsx), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                            ExportName(ctx, "xlsx"));
}

Response ExportCsv(RequestContext& ctx) {
  auto conn = ctx.app.db.Acquire();
  auto projects = storage::RegistryStore(*conn).All(ctx.ws->id);
  if (!projects.ok()) return ErrorPage(ctx, projects.status());
  return Response::Download(reports::RegistryCsv(*projects, ctx.ws->acronym), "text/csv; charset=utf-8",
                            ExportName(ctx, "csv"));
}

// The mapping: automatic, then the user's choices from map_<column> fields when the form
// says it carries them.
std::vector<imp::ColumnMap> MappingFrom(RequestContext& ctx, const imp::Sheet& sheet) {
  auto mapping = imp::AutoMap(sheet.headers, ctx.ws->acronym);
  if (ctx.req.Form("mapped") != "1") return mapping;
  for (auto& m : mapping) {
    std::string t = ctx.req.Form("map_" + std::to_string(m.column));
    if (t != m.target) {
      m.target = t;  // validated by BuildPreview (unknown keys become mapping errors)
      m.automatic = false;
    }
  }
  return mapping;
}

std::string Plural(int64_t n, const std::string& word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

json ErrorJson(const imp::RowError& e) {
  json j = {{"row", e.row}, {"field", e.label.empty() ? "(row)" : e.label}, {"message", e.message}};
  if (e.line && e.line != e.row) j["line"] = e.line;
  return j;
}

Response PreviewPage(RequestContext& ctx, const Upload& up, const imp::Sheet& sheet, const imp::Preview& pv,
                     const std::string& error, int status) {
  const std::string& focal = ctx.ws->acronym;
  auto targets = imp::Targets(focal);
  json mapping = json::array(), hidden = json::array();
  int mapped = 0, unmatched = 0;
  for (const auto& m : pv.mapping) {
    json options = json::array();
    options.push_back({{"key", ""}, {"label", "(not imported)"}, {"selected", m.target.empty()}});
    for (const auto& t : targets) options.push_back({{"key", t.key}, {"label", t.label}, {"selected", t.key == m.target}});
    std::string sample;
    for (const auto& r : sheet.rows) {
      if (m.column < r.cells.size() && !strings::Trim(r.cells[m.column]).empty()) {
        sample = strings::Trim(r.cells[m.column]);
        break;
      }
    }
    if (sample.size() > 80) {
      size_t cut = 77;
      while (cut > 0 && (static_cast<unsigned char>(sample[cut]) & 0xC0) == 0x80) --cut;
      sample = sample.substr(0, cut) + "…";
    }
    if (m.target.empty() && !strings::Trim(m.header).empty()) ++unmatched;
    mapping.push_back({{"column", m.column},
                       {"letter", imp::ColumnLetter(m.column)},
                       {"header", m.header},
                       {"sample", sample},
                       {"automatic", m.automatic && !m.target.empty()},
                       {"unmapped", m.target.empty()},
                       {"note", imp::TargetNote(m.target)},
                       {"options", options}});
    if (!m.target.empty()) ++mapped;
    hidden.push_back({{"name", "map_" + std::to_string(m.column)}, {"value", m.target}});
  }
  json creates = json::array(), updates = json::array(), errors = json::array();
  for (const auto& r : pv.rows) {
    if (r.action == imp::Action::kCreate && creates.size() < kShownRows)
      creates.push_back({{"row", r.row}, {"acronym", r.project.Get("acronym")}, {"name", r.project.Get("name")},
                         {"programme", r.project.Get("programme")}});
    if (r.action == imp::Action::kUpdate && updates.size() < kShownRows) {
      json changes = json::array();
      for (const auto& c : r.changes)
        changes.push_back({{"label", c.label}, {"old_value", c.old_value}, {"new_value", c.new_value}});
      updates.push_back({{"row", r.row},
                         {"acronym", r.project.Get("acronym")},
                         {"link", ctx.WsUrl("/registry/" + std::to_string(r.existing_id))},
                         {"changes", changes},
                         {"count", changes.size()}});
    }
  }
  for (const auto& e : pv.errors)
    if (errors.size() < kShownErrors) errors.push_back(ErrorJson(e));
  bool has_work = pv.creates + pv.updates > 0;
  json data = {
      {"token", up.token},
      {"filename", up.filename},
      {"format", imp::FormatName(pv.format)},
      {"sheet_name", pv.sheet_name},
      {"header_row", pv.header_row},
      {"row_count", static_cast<int64_t>(pv.rows.size())},
      {"creates", pv.creates},
      {"updates", pv.updates},
      {"unchanged", pv.unchanged},
      {"error_rows", pv.error_rows},
      {"has_errors", pv.error_rows > 0},
      {"error_rows_text", Plural(pv.error_rows, "row")},
      {"column_count", static_cast<int64_t>(pv.mapping.size())},
      {"mapped_count", mapped},
      {"open_mapping", !pv.mapping_errors.empty() || unmatched > 0 || !error.empty()},
      {"mapping", mapping},
      {"hidden", hidden},
      {"mapping_errors", pv.mapping_errors},
      {"has_mapping_errors", !pv.mapping_errors.empty()},
      {"has_creates", !creates.empty()},
      {"has_updates", !updates.empty()},
      {"notes", pv.notes},
      {"create_rows", creates},
      {"update_rows", updates},
      {"more_creates", pv.creates > static_cast<int>(kShownRows)},
      {"more_updates", pv.updates > static_cast<int>(kShownRows)},
      {"errors", errors},
      {"more_errors", pv.errors.size() > kShownErrors},
      {"error_count", static_cast<int64_t>(pv.errors.size())},
      {"fingerprint", pv.Fingerprint()},
      {"can_commit", pv.mapping_errors.empty() && has_work},
      {"nothing_to_do", pv.mapping_errors.empty() && !has_work},
      {"error", error},
  };
  return RenderPage(ctx, "exchange_preview", "Import preview: " + up.filename, data, status);
}

// Decision: an oversize upload answers 400, not 413, for now: http_server.cc's error handler
// replaces the body of every 413 response with a plain-text line, which would hide this page
// (the limit, the form to try again). Switch to 413 once that handler keeps existing bodies.
constexpr int kTooLargeStatus = 400;

int StatusFor(const Status& s) {
  switch (s.code()) {
    case ErrorCode::kTooLarge: return kTooLargeStatus;
    case ErrorCode::kConflict: return 409;
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kCorrupt:
    case ErrorCode::kNotFound: return 400;
    default: return 500;
  }
}

// POST /w/:ws/import/preview: a new upload (file field "file"), or the kept one (token)
// with an edited mapping.
Response ImportPreview(RequestContext& ctx) {
  SweepStashedUploads(ctx);
  Upload up;
  if (const UploadedFile* f = ctx.req.File("file"); f && !f->filename.empty()) {
    if (f->content.size() > imp::kMaxUploadBytes)
      return ExchangePage(ctx,
                          "\"" + f->filename + "\" is " + std::to_string((f->content.size() + (1 << 20) - 1) >> 20) +
                              " MB; files of at most " + std::to_string(imp::kMaxUploadBytes >> 20) +
                              " MB can be imported",
                          kTooLargeStatus);
    auto format = imp::DetectFormat(f->filename, f->content);
    if (!format.ok()) return ExchangePage(ctx, format.status().message(), StatusFor(format.status()));
    up.filename = f->filename;
    up.bytes = f->content;
  } else if (!ctx.req.Form("token").empty()) {
    auto loaded = LoadStashedUpload(ctx, "", ctx.req.Form("token"), kGone);
    if (!loaded.ok()) return ExchangePage(ctx, loaded.status().message(), 400);
    up = std::move(*loaded);
  } else {
    return ExchangePage(ctx, "choose an .xlsx or .csv file to import", 400);
  }
  auto sheet = imp::ReadFile(up.filename, up.bytes, ctx.ws->acronym);
  if (!sheet.ok()) return ExchangePage(ctx, up.filename + ": " + sheet.status().message(), StatusFor(sheet.status()));
  if (up.token.empty()) {
    auto token = StashUpload(ctx, "", up.filename, up.bytes);
    if (!token.ok()) return ErrorPage(ctx, token.status());
    up.token = *token;
  }
  auto conn = ctx.app.db.Acquire();
  auto pv = imp::BuildPreview(*conn, *ctx.ws, *sheet, MappingFrom(ctx, *sheet));
  if (!pv.ok()) return ErrorPage(ctx, pv.status());
  return PreviewPage(ctx, up, *sheet, *pv, "", 200);
}

fs::path ReportPath(const RequestContext& ctx, const std::string& token) {
  return UploadDir(ctx) / (token + ".result.json");
}

// POST /w/:ws/import/commit
Response ImportCommit(RequestContext& ctx) {
  SweepStashedUploads(ctx);
  auto loaded = LoadStashedUpload(ctx, "", ctx.req.Form("token"), kGone);
  if (!loaded.ok()) return ExchangePage(ctx, loaded.status().message(), 400);
  Upload up = std::move(*loaded);
  auto sheet = imp::ReadFile(up.filename, up.bytes, ctx.ws->acronym);
  if (!sheet.ok()) return ExchangePage(ctx, up.filename + ": " + sheet.status().message(), StatusFor(sheet.status()));
  auto conn = ctx.app.db.Acquire();
  auto pv = imp::BuildPreview(*conn, *ctx.ws, *sheet, MappingFrom(ctx, *sheet));
  if (!pv.ok()) return ErrorPage(ctx, pv.status());
  bool skip = ctx.req.Form("skip_errors") == "1";
  if (pv->Fingerprint() != ctx.req.Form("fingerprint"))
    return PreviewPage(ctx, up, *sheet, *pv,
                       "The registry or the mapping changed since this preview; nothing was imported. Review the "
                       "updated preview below and import again.",
                       409);
  if (!pv->mapping_errors.empty())
    return PreviewPage(ctx, up, *sheet, *pv, "The column mapping has errors; nothing was imported.", 400);
  if (pv->error_rows > 0 && !skip)
    return PreviewPage(ctx, up, *sheet, *pv,
                       std::to_string(pv->error_rows) +
                           " row(s) have errors, so nothing was imported. Correct the file and upload it again, or "
                           "tick \"import the valid rows and skip the rows with errors\".",
                       400);
  auto result = imp::Commit(*conn, *ctx.ws, *pv, ctx.actor(), skip);
  if (!result.ok()) {
    if (result.status().code() == ErrorCode::kConflict || result.status().code() == ErrorCode::kInvalidArgument) {
      auto again = imp::BuildPreview(*conn, *ctx.ws, *sheet, MappingFrom(ctx, *sheet));
      if (again.ok()) return PreviewPage(ctx, up, *sheet, *again, result.status().message(), StatusFor(result.status()));
    }
    return ErrorPage(ctx, result.status());
  }
  json skipped = json::array();
  for (const auto& e : result->skipped_errors) skipped.push_back(ErrorJson(e));
  json report = {{"workspace_id", ctx.ws->id},
                 {"user_id", ctx.user->id},
                 {"filename", up.filename},
                 {"created", result->created},
                 {"updated", result->updated},
                 {"unchanged", result->unchanged},
                 {"skipped_rows", result->skipped_rows},
                 {"skipped_count", result->skipped_rows.size()},
                 {"skipped", skipped},
                 {"at", dates::NowIso()}};
  DropStashedUpload(ctx, "", up.token);
  (void)WriteFileWhole(ReportPath(ctx, up.token), report.dump());  // the report is a courtesy; the import is done
  std::string notice = "Imported " + up.filename + ": " + std::to_string(result->created) + " created, " +
                       std::to_string(result->updated) + " updated, " + std::to_string(result->skipped_rows.size()) +
                       " skipped.";
  return Response::Redirect(ctx.WsUrl("/import/result?token=" + up.token + "&notice=" + strings::UrlEncode(notice)));
}

// GET /w/:ws/import/result?token=...
Response ImportResult(RequestContext& ctx) {
  std::string token = ctx.req.Query("token");
  Result<std::string> text = ValidUploadToken(token) ? ReadFileWhole(ReportPath(ctx, token)) : Status::NotFound("");
  json report = text.ok() ? json::parse(*text, nullptr, false) : json();
  if (!text.ok() || report.is_discarded() || report.value("workspace_id", int64_t{0}) != ctx.ws->id ||
      report.value("user_id", int64_t{0}) != ctx.user->id)
    return ErrorPage(ctx, Status::NotFound("this import report is no longer available (kept for 24 hours); the "
                                           "history of changes lists every import"));
  report["registry_url"] = ctx.WsUrl("/registry");
  report["history_url"] = ctx.WsUrl("/history");
  report["has_skipped"] = !report["skipped"].empty();
  return RenderPage(ctx, "exchange_result", "Import done: " + report.value("filename", std::string()), report);
}

}  // namespace

void RegisterExchangeRoutes(Router& r) {
  r.Add("GET", "/w/:ws/exchange", Access::kViewer, Exchange);
  r.Add("GET", "/w/:ws/export/registry.xlsx", Access::kViewer, ExportXlsx);
  r.Add("GET", "/w/:ws/export/registry.csv", Access::kViewer, ExportCsv);
  r.Add("POST", "/w/:ws/import/preview", Access::kEditor, ImportPreview);
  r.Add("POST", "/w/:ws/import/commit", Access::kEditor, ImportCommit);
  r.Add("GET", "/w/:ws/import/result", Access::kEditor, ImportResult);
}

}  // namespace corridor::web
