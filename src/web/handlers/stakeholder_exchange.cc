// Contacts import/export: the stakeholder list (with the list's filters) as .csv or .xlsx, both
// safe against formula injection (the CSV writer guards text cells; XLSX cells are strings,
// never formulas), and the import wizard: upload -> column mapping + preview with every row
// error -> commit (all or nothing, or skipping the error rows when ticked). Between the steps the
// upload is kept under <data_dir>/uploads/contacts-<token>.bin beside a .json (workspace, user,
// file name), like the registry's wizard (exchange.cc), and deleted after the commit.
#include <filesystem>

#include "core/dates.h"
#include "core/strings.h"
#include "importers/stakeholder_import.h"
#include "reports/csv_writer.h"
#include "reports/stakeholder_export.h"
#include "reports/xlsx_writer.h"
#include "storage/stakeholder_query.h"
#include "web/handlers/engagement_common.h"
#include "web/handlers/handlers.h"
#include "web/handlers/upload_stash.h"
#include "web/render.h"

namespace corridor::web {

namespace {

namespace fs = std::filesystem;
namespace imp = importers::stakeholders;
namespace eng = engagement;
using nlohmann::json;

constexpr const char* kUploadPrefix = "contacts-";
const char* const kGone = "this upload is no longer available: upload the file again";

using Upload = StashedUpload;

Result<Upload> LoadUpload(const RequestContext& ctx, const std::string& token) {
  return LoadStashedUpload(ctx, kUploadPrefix, token, kGone);
}

// ---- export ----

Response Export(RequestContext& ctx, bool xlsx) {
  std::vector<std::string> errors;
  auto f = eng::ReadFilter(ctx.req, &errors);
  if (!errors.empty()) return ErrorPage(ctx, Status::Invalid(strings::Join(errors, "; ")));
  auto conn = ctx.app.db.Acquire();
  auto t = reports::ContactsTable(*conn, ctx.ws->id, f);
  if (!t.ok()) return ErrorPage(ctx, t.status());
  std::string stem = ctx.ws->slug + "-stakeholders-" + dates::ToIso(dates::Today());
  if (!xlsx) return Response::Download(reports::WriteCsv(*t), "text/csv; charset=utf-8", stem + ".csv");
  reports::XlsxOptions o;
  o.tmp_dir = (fs::path(ctx.app.config.data_dir) / "tmp").string();
  std::error_code ec;
  fs::create_directories(o.tmp_dir, ec);
  auto bytes = reports::WriteXlsx(*t, o);
  if (!bytes.ok()) return ErrorPage(ctx, bytes.status());
  return Response::Download(std::move(*bytes), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                            stem + ".xlsx");
}

Response ExportCsv(RequestContext& ctx) { return Export(ctx, false); }
Response ExportXlsx(RequestContext& ctx) { return Export(ctx, true); }

// ---- import ----

Response ExchangePage(RequestContext& ctx, const std::string& error, int status) {
  json targets = json::array();
  for (const auto& t : imp::Targets()) targets.push_back({{"key", t.key}, {"label", t.label}});
  return RenderPage(ctx, "contacts_exchange", "Import / export contacts · " + ctx.ws->acronym,
                    {{"error", error.empty() ? json(false) : json(error)},
                     {"targets", targets},
                     {"csv_url", ctx.WsUrl("/contacts/export.csv")},
                     {"xlsx_url", ctx.WsUrl("/contacts/export.xlsx")}},
                    status);
}

Response Exchange(RequestContext& ctx) { return ExchangePage(ctx, "", 200); }

Response PreviewPage(RequestContext& ctx, const Upload& up, const imp::Preview& pv, const std::string& error,
                     int status) {
  json mapping = json::array();
  for (const auto& m : pv.mapping) {
    json opts = json::array();
    opts.push_back({{"value", ""}, {"label", "— ignore —"}, {"selected", m.target.empty()}});
    for (const auto& t : imp::Targets())
      opts.push_back({{"value", t.key}, {"label", t.label}, {"selected", m.target == t.key}});
    mapping.push_back({{"column", m.column}, {"header", m.header.empty() ? "(column " + std::to_string(m.column + 1) + ")" : m.header},
                       {"options", opts}});
  }
  json rows = json::array(), errors = json::array();
  for (const auto& r : pv.rows) {
    rows.push_back({{"row", r.row}, {"action", imp::ActionName(r.action)}, {"name", r.s.name},
                    {"organisation", r.s.organisation}, {"email", r.s.email},
                    {"changed", strings::Join(r.changed, ", ")},
                    {"warnings", strings::Join(r.warnings, "; ")}, {"consent", r.consent_contact}});
    for (const auto& e : r.errors) errors.push_back(e);
  }
  json data = {{"token", up.token},
               {"filename", up.filename},
               {"mapping", mapping},
               {"mapping_errors", pv.mapping_errors},
               {"notes", pv.notes},
               {"rows", rows},
               {"errors", errors},
               {"has_errors", !errors.empty()},
               {"creates", pv.creates},
               {"updates", pv.updates},
               {"unchanged", pv.unchanged},
               {"error_rows", pv.error_rows},
               {"can_commit", pv.CanCommit(true)},
               {"error", error.empty() ? json(false) : json(error)},
               {"action", ctx.WsUrl("/contacts/import")}};
  return RenderPage(ctx, "contacts_preview", "Import preview · " + ctx.ws->acronym, data, status);
}

// POST /w/:ws/contacts/import: a new upload (file), or the kept one (token) with the mapping
// (map_<column>) and, when "commit" is sent, the import itself.
Response Import(RequestContext& ctx) {
  Upload up;
  if (const UploadedFile* f = ctx.req.File("file"); f && !f->content.empty()) {
    if (f->content.size() > importers::registry::kMaxUploadBytes)
      return ExchangePage(ctx, "the file is larger than 20 MB", 400);
    up.filename = fs::path(f->filename).filename().string();
    up.bytes = f->content;
    auto token = StashUpload(ctx, kUploadPrefix, up.filename, up.bytes);
    if (!token.ok()) return ErrorPage(ctx, token.status());
    up.token = *token;
  } else if (!ctx.req.Form("token").empty()) {
    auto loaded = LoadUpload(ctx, ctx.req.Form("token"));
    if (!loaded.ok()) return ExchangePage(ctx, loaded.status().message(), 400);
    up = std::move(*loaded);
  } else {
    return ExchangePage(ctx, "file: choose a .xlsx or .csv file", 400);
  }
  auto sheet = imp::ReadFile(up.filename, up.bytes);
  if (!sheet.ok()) return ExchangePage(ctx, "file: " + sheet.status().message(), 400);
  auto mapping = imp::AutoMap(sheet->headers);
  std::vector<std::string> map_errors;
  if (!ctx.req.Form("token").empty())  // the mapping the user chose on the preview
    for (size_t i = 0; i < mapping.size(); ++i) {
      Status st = imp::ApplyOverride(mapping, "#" + std::to_string(i + 1), ctx.req.Form("map_" + std::to_string(i)));
      if (!st.ok()) map_errors.push_back(st.message());
    }
  auto conn = ctx.app.db.Acquire();
  auto pv = imp::BuildPreview(*conn, *ctx.ws, *sheet, mapping);
  if (!pv.ok()) return ErrorPage(ctx, pv.status());
  pv->mapping_errors.insert(pv->mapping_errors.end(), map_errors.begin(), map_errors.end());
  if (ctx.req.Form("commit").empty()) return PreviewPage(ctx, up, *pv, "", 200);
  bool skip = ctx.req.Form("skip_errors") == "1";
  auto done = imp::Commit(*conn, *ctx.ws, *pv, ctx.actor(), skip);
  if (!done.ok()) {
    if (done.status().code() == ErrorCode::kInvalidArgument || done.status().code() == ErrorCode::kConflict)
      return PreviewPage(ctx, up, *pv, done.status().message(), 400);
    return ErrorPage(ctx, done.status());
  }
  DropStashedUpload(ctx, kUploadPrefix, up.token);
  std::string notice = "Imported: " + std::to_string(done->created) + " created, " + std::to_string(done->updated) +
                       " updated, " + std::to_string(done->unchanged) + " unchanged, " +
                       std::to_string(done->consents) + " consent(s) recorded" +
                       (done->flagged ? ", " + std::to_string(done->flagged) + " flagged as possible duplicate(s)" : "") +
                       (done->skipped.empty() ? "" : ", " + std::to_string(done->skipped.size()) + " error(s) skipped") +
                       ".";
  return Response::Redirect(ctx.WsUrl("/stakeholders?notice=" + strings::UrlEncode(notice)));
}

}  // namespace

void RegisterStakeholderExchangeRoutes(Router& r) {
  r.Add("GET", "/w/:ws/contacts", Access::kViewer, Exchange);
  r.Add("GET", "/w/:ws/contacts/export.csv", Access::kViewer, ExportCsv);
  r.Add("GET", "/w/:ws/contacts/export.xlsx", Access::kViewer, ExportXlsx);
  r.Add("POST", "/w/:ws/contacts/import", Access::kEditor, Import);
}

}  // namespace corridor::web
