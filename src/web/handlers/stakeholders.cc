// Admin pages of the stakeholder registry: the record (every field, consents with their text
// versions, tier, the engagement-matrix row for its type, history), the create/edit form with
// per-field errors and the stale-save refusal, erasure, and the settings page (taxonomy, consent
// texts, retention and the records it flags, the embed snippet of the registration form).
#include <functional>

#include "core/dates.h"
#include "core/strings.h"
#include "storage/consent_store.h"
#include "storage/stakeholder_store.h"
#include "storage/taxonomy_store.h"
#include "web/display.h"
#include "web/handlers/handlers.h"
#include "web/handlers/stakeholder_common.h"
#include "web/render.h"

namespace corridor::web {

namespace {

using nlohmann::json;
using domain::Stakeholder;
using domain::TaxonomyKind;

std::optional<int64_t> RecordId(const RequestContext& ctx) {
  auto id = strings::ParseInt(ctx.req.Param("id"));
  if (!id || *id <= 0) return std::nullopt;
  return id;
}

std::string RecordUrl(const RequestContext& ctx, int64_t id, const std::string& rest = "") {
  return ctx.WsUrl("/stakeholders/" + std::to_string(id) + rest);
}

// The Table 3 row whose type keys include this type (the engagement matrix is edited elsewhere).
json MatrixRow(storage::Connection& c, int64_t ws, const std::string& type_key) {
  if (type_key.empty()) return false;
  auto rows = c.Query(
      "SELECT group_label, expected_role, value_proposition, objectives FROM engagement_matrix "
      "WHERE workspace_id = ? AND (',' || type_keys || ',') LIKE ? ORDER BY position, id LIMIT 1",
      {ws, "%," + type_key + ",%"});
  if (!rows.ok() || rows->empty()) return false;
  const auto& r = (*rows)[0];
  return {{"group", r.Text(0)}, {"role", r.Text(1)}, {"value", r.Text(2)}, {"objectives", r.Text(3)}};
}

Response ShowRecord(RequestContext& ctx) {
  auto id = RecordId(ctx);
  if (!id) return ErrorPage(ctx, Status::NotFound("no stakeholder " + ctx.req.Param("id")));
  auto conn = ctx.app.db.Acquire();
  auto rec = storage::StakeholderStore(*conn).Get(ctx.ws->id, *id);
  if (!rec.ok()) return ErrorPage(ctx, rec.status());
  if (!*rec) return ErrorPage(ctx, Status::NotFound("no stakeholder " + std::to_string(*id) + " in " + ctx.ws->acronym));
  auto tax = storage::TaxonomyStore(*conn).List(ctx.ws->id, true);
  if (!tax.ok()) return ErrorPage(ctx, tax.status());
  auto consents = storage::ConsentStore(*conn).ForStakeholder(*id);
  if (!consents.ok()) return ErrorPage(ctx, consents.status());
  auto history = storage::AuditStore(*conn).ForEntity(storage::kStakeholderEntity, *id);
  if (!history.ok()) return ErrorPage(ctx, history.status());
  json hist = json::array();
  for (const auto& e : *history)
    hist.push_back({{"at", display::When(e.at)}, {"who", e.user_name}, {"action", e.action}, {"field", e.field},
                    {"old", e.old_value}, {"new", e.new_value}});
  // Possible duplicates flagged when this record or the other arrived (registration, import).
  storage::StakeholderStore store(*conn);
  auto flags = store.DuplicateFlags(ctx.ws->id, *id);
  if (!flags.ok()) return ErrorPage(ctx, flags.status());
  json dups = json::array();
  for (const auto& f : *flags) {
    int64_t other = f.stakeholder_id == *id ? f.other_id : f.stakeholder_id;
    auto o = store.Get(ctx.ws->id, other);
    if (!o.ok()) return ErrorPage(ctx, o.status());
    if (!*o) continue;
    dups.push_back({{"id", other}, {"name", (*o)->name}, {"organisation", (*o)->organisation},
                    {"url", RecordUrl(ctx, other)}, {"why", f.reason + ", flagged at " + f.source},
                    {"merge_url", ctx.WsUrl("/duplicates/merge?a=" + std::to_string(std::min(*id, other)) +
                                            "&b=" + std::to_string(std::max(*id, other)))}});
  }
  bool valid_contact = false;
  for (const auto& c : *consents) valid_contact = valid_contact || (c.Valid() && c.purpose == domain::kPurposeContact);
  json data = {{"p", stakeholders::Shown(**rec, *tax)},
               {"url", RecordUrl(ctx, *id)},
               {"consents", stakeholders::ConsentRows(*consents)},
               {"valid_contact", valid_contact},
               {"matrix", MatrixRow(*conn, ctx.ws->id, (*rec)->type_key)},
               {"history", hist},
               {"duplicates", dups},
               {"has_duplicates", !dups.empty()},
               {"list_url", ctx.WsUrl("/stakeholders")}};
  return RenderPage(ctx, "stakeholder_record", (*rec)->name.empty() ? "Erased record" : (*rec)->name, data);
}

// ---------- create / edit ----------

Stakeholder ReadForm(const Request& req) {
  Stakeholder s;
  s.name = req.Form("name");
  s.organisation = req.Form("organisation");
  s.email = req.Form("email");
  s.country = req.Form("country");
  s.type_key = req.Form("type");
  s.sector_key = req.Form("sector");
  s.phase_key = req.Form("phase");
  s.interests = req.Form("interests");
  s.tags = {req.Form("tags")};
  auto score = [](const std::string& v) -> std::optional<int> {
    auto n = strings::ParseInt(strings::Trim(v));
    return n ? std::optional<int>(static_cast<int>(*n)) : std::nullopt;
  };
  s.influence = score(req.Form("influence"));
  s.interest = score(req.Form("interest"));
  s.is_actor = req.Form("is_actor") == "1";
  s.notes = req.Form("notes");
  s.version = strings::ParseInt(req.Form("version")).value_or(0);
  return s;
}

json ScoreChoices(const std::optional<int>& v) {
  json out = json::array();
  out.push_back({{"value", ""}, {"label", "—"}, {"selected", !v}});
  for (int i = 1; i <= 5; ++i) out.push_back({{"value", std::to_string(i)}, {"label", std::to_string(i)}, {"selected", v == i}});
  return out;
}

Response FormPage(RequestContext& ctx, const Stakeholder& s, bool is_new, const Status& error, int status) {
  auto conn = ctx.app.db.Acquire();
  auto tax = storage::TaxonomyStore(*conn).List(ctx.ws->id);
  if (!tax.ok()) return ErrorPage(ctx, tax.status());
  std::string field = error.ok() ? "" : stakeholders::FieldOf(error);
  bool conflict = error.code() == ErrorCode::kConflict && field.empty();
  json data = {{"is_new", is_new},
               {"action", is_new ? ctx.WsUrl("/stakeholders/new") : RecordUrl(ctx, s.id)},
               {"cancel_url", is_new ? ctx.WsUrl("/stakeholders") : RecordUrl(ctx, s.id)},
               {"heading", is_new ? "New stakeholder" : "Edit " + s.name},
               {"error", error.ok() || conflict ? "" : error.message()},
               {"conflict", conflict ? error.message() : ""},
               {"version", s.version},
               {"v",
                {{"name", s.name}, {"organisation", s.organisation}, {"email", s.email}, {"country", s.country},
                 {"interests", s.interests}, {"tags", strings::Join(s.tags, ", ")}, {"notes", s.notes},
                 {"is_actor", s.is_actor}}},
               {"types", stakeholders::Choices(*tax, TaxonomyKind::kType, s.type_key)},
               {"sectors", stakeholders::Choices(*tax, TaxonomyKind::kSector, s.sector_key)},
               {"phases", stakeholders::Choices(*tax, TaxonomyKind::kPhase, s.phase_key)},
               {"influences", ScoreChoices(s.influence)},
               {"interests_scores", ScoreChoices(s.interest)}};
  for (const char* f : {"name", "organisation", "email", "country", "type", "sector", "phase", "interests", "tags",
                        "influence", "interest", "notes"})
    data["err_" + std::string(f)] = field == f ? error.message() : "";
  return RenderPage(ctx, "stakeholder_form", data["heading"].get<std::string>(), data, status);
}

Response NewForm(RequestContext& ctx) { return FormPage(ctx, {}, true, Status::Ok(), 200); }

Status CheckKeys(storage::Connection& c, int64_t ws, const Stakeholder& s) {
  auto tax = storage::TaxonomyStore(c).List(ws, true);
  if (!tax.ok()) return tax.status();
  const std::pair<TaxonomyKind, std::string> keys[] = {
      {TaxonomyKind::kType, s.type_key}, {TaxonomyKind::kSector, s.sector_key}, {TaxonomyKind::kPhase, s.phase_key}};
  for (auto& [kind, key] : keys)
    if (!key.empty() && storage::TaxonomyStore::LabelOf(*tax, kind, key).empty())
      return Status::Invalid(domain::TaxonomyKindKey(kind) + ": not in this workspace's taxonomy");
  return Status::Ok();
}

Response Create(RequestContext& ctx) {
  Stakeholder s = ReadForm(ctx.req);
  s.workspace_id = ctx.ws->id;
  s.source = "manual";
  s.status = domain::StakeholderStatus::kActive;
  auto conn = ctx.app.db.Acquire();
  storage::Transaction tx(*conn);
  if (!tx.status().ok()) return ErrorPage(ctx, tx.status());
  Status keys = CheckKeys(*conn, ctx.ws->id, s);
  if (!keys.ok()) return FormPage(ctx, s, true, keys, 400);
  auto id = storage::StakeholderStore(*conn).Create(s, ctx.actor());
  if (!id.ok()) {
    int code = id.status().code() == ErrorCode::kConflict ? 409 : 400;
    if (code == 400 && id.status().code() != ErrorCode::kInvalidArgument) return ErrorPage(ctx, id.status());
    return FormPage(ctx, s, true, id.status(), code);
  }
  if (Status c = tx.Commit(); !c.ok()) return ErrorPage(ctx, c);
  return Response::Redirect(RecordUrl(ctx, *id) + "?notice=" + strings::UrlEncode("Stakeholder " + s.name + " created."));
}

Response EditForm(RequestContext& ctx) {
  auto id = RecordId(ctx);
  if (!id) return ErrorPage(ctx, Status::NotFound("no stakeholder"));
  auto conn = ctx.app.db.Acquire();
  auto rec = storage::StakeholderStore(*conn).Get(ctx.ws->id, *id);
  if (!rec.ok()) return ErrorPage(ctx, rec.status());
  if (!*rec) return ErrorPage(ctx, Status::NotFound("no stakeholder " + std::to_string(*id)));
  if ((*rec)->status == domain::StakeholderStatus::kErased)
    return ErrorPage(ctx, Status::Invalid("this record was erased; it cannot be edited"));
  return FormPage(ctx, **rec, false, Status::Ok(), 200);
}

Response Update(RequestContext& ctx) {
  auto id = RecordId(ctx);
  if (!id) return ErrorPage(ctx, Status::NotFound("no stakeholder"));
  Stakeholder s = ReadForm(ctx.req);
  s.id = *id;
  s.workspace_id = ctx.ws->id;
  auto conn = ctx.app.db.Acquire();
  storage::Transaction tx(*conn);
  if (!tx.status().ok()) return ErrorPage(ctx, tx.status());
  Status keys = CheckKeys(*conn, ctx.ws->id, s);
  if (!keys.ok()) return FormPage(ctx, s, false, keys, 400);
  Status st = storage::StakeholderStore(*conn).Update(s, ctx.actor());
  if (!st.ok()) {
    if (st.code() == ErrorCode::kNotFound) return ErrorPage(ctx, st);
    if (st.code() != ErrorCode::kInvalidArgument && st.code() != ErrorCode::kConflict) return ErrorPage(ctx, st);
    return FormPage(ctx, s, false, st, st.code() == ErrorCode::kConflict ? 409 : 400);
  }
  if (Status c = tx.Commit(); !c.ok()) return ErrorPage(ctx, c);
  return Response::Redirect(RecordUrl(ctx, *id) + "?notice=" + strings::UrlEncode("Saved."));
}

Response Erase(RequestContext& ctx) {
  auto id = RecordId(ctx);
  if (!id) return ErrorPage(ctx, Status::NotFound("no stakeholder"));
  std::string why = strings::Trim(ctx.req.Form("why"));
  if (why.empty()) return ErrorPage(ctx, Status::Invalid("why: say why the record is erased (e.g. the person's request of 3 May)"));
  auto conn = ctx.app.db.Acquire();
  storage::Transaction tx(*conn);
  if (!tx.status().ok()) return ErrorPage(ctx, tx.status());
  Status st = storage::StakeholderStore(*conn).Erase(ctx.ws->id, *id, ctx.actor(), why.substr(0, 1000));
  if (!st.ok()) return ErrorPage(ctx, st);
  if (Status c = tx.Commit(); !c.ok()) return ErrorPage(ctx, c);
  return Response::Redirect(RecordUrl(ctx, *id) + "?notice=" + strings::UrlEncode("Record erased (anonymised)."));
}

// ---------- settings ----------

Response SettingsPage(RequestContext& ctx, const std::string& error, int status) {
  auto conn = ctx.app.db.Acquire();
  auto tax = storage::TaxonomyStore(*conn).List(ctx.ws->id, true);
  if (!tax.ok()) return ErrorPage(ctx, tax.status());
  storage::ConsentStore consents(*conn);
  auto texts = consents.CurrentTexts(ctx.ws->id, ctx.ws->acronym);
  if (!texts.ok()) return ErrorPage(ctx, texts.status());
  auto months = consents.RetentionMonths(ctx.ws->id);
  if (!months.ok()) return ErrorPage(ctx, months.status());
  auto flagged = consents.Flagged(ctx.ws->id, *months, dates::ToIso(dates::Today()));
  if (!flagged.ok()) return ErrorPage(ctx, flagged.status());
  json kinds = json::array();
  for (auto kind : {TaxonomyKind::kType, TaxonomyKind::kSector, TaxonomyKind::kPhase}) {
    json entries = json::array();
    for (const auto& r : *tax)
      if (r.entry.kind == kind)
        entries.push_back({{"key", r.entry.key}, {"label", r.entry.label}, {"retired", r.retired}});
    std::string k = domain::TaxonomyKindKey(kind);
    kinds.push_back({{"kind", k},
                     {"title", kind == TaxonomyKind::kType ? "Stakeholder types"
                               : kind == TaxonomyKind::kSector ? "Sectors"
                                                               : "Value-chain phases"},
                     {"entries", entries}});
  }
  json text_rows = json::array();
  for (const auto& t : *texts)
    text_rows.push_back({{"purpose", t.purpose}, {"version", t.version}, {"text", t.text}, {"required", t.required},
                         {"created", display::When(t.created_at)}, {"by", t.created_by}});
  json flag_rows = json::array();
  for (const auto& f : *flagged)
    flag_rows.push_back({{"url", RecordUrl(ctx, f.stakeholder_id)}, {"name", f.name}, {"organisation", f.organisation},
                         {"last", f.last_consent_at.empty() ? "no valid consent" : display::When(f.last_consent_at)}});
  std::string form_url = stakeholders::BaseUrl(ctx) + ctx.WsUrl("/register");
  json data = {{"error", error},
               {"kinds", kinds},
               {"texts", text_rows},
               {"months", *months},
               {"flagged", flag_rows},
               {"has_flagged", !flag_rows.empty()},
               {"retention_on", *months > 0},
               {"form_url", form_url},
               {"snippet", "<iframe src=\"" + form_url + "?embed=1\" title=\"Register with " + ctx.ws->acronym +
                               "\" style=\"width:100%;min-height:1100px;border:0\" loading=\"lazy\"></iframe>"}};
  return RenderPage(ctx, "stakeholder_settings", "Stakeholder settings", data, status);
}

Response Settings(RequestContext& ctx) { return SettingsPage(ctx, "", 200); }

Response SaveSetting(RequestContext& ctx, const std::function<Status(storage::Connection&)>& fn, const std::string& done) {
  Status st = [&]() -> Status {
    auto conn = ctx.app.db.Acquire();
    storage::Transaction tx(*conn);
    CORRIDOR_RETURN_IF_ERROR(tx.status());
    CORRIDOR_RETURN_IF_ERROR(fn(*conn));
    return tx.Commit();
  }();  // the connection goes back before the page below takes one
  if (!st.ok()) {
    if (st.code() != ErrorCode::kInvalidArgument && st.code() != ErrorCode::kConflict) return ErrorPage(ctx, st);
    return SettingsPage(ctx, st.message(), st.code() == ErrorCode::kConflict ? 409 : 400);
  }
  return Response::Redirect(ctx.WsUrl("/stakeholder-settings?notice=") + strings::UrlEncode(done));
}

Response SaveTaxonomy(RequestContext& ctx) {
  std::string kind_key = ctx.req.Form("kind");
  std::optional<TaxonomyKind> kind;
  for (auto k : {TaxonomyKind::kType, TaxonomyKind::kSector, TaxonomyKind::kPhase})
    if (domain::TaxonomyKindKey(k) == kind_key) kind = k;
  if (!kind) return SettingsPage(ctx, "kind: type, sector or phase", 400);
  return SaveSetting(
      ctx,
      [&](storage::Connection& c) {
        return storage::TaxonomyStore(c).Save(ctx.ws->id, *kind, ctx.req.Form("key"), ctx.req.Form("label"),
                                              ctx.req.Form("retired") == "1", ctx.actor());
      },
      "Taxonomy saved.");
}

Response SaveConsentText(RequestContext& ctx) {
  return SaveSetting(
      ctx,
      [&](storage::Connection& c) {
        auto t = storage::ConsentStore(c).AddVersion(ctx.ws->id, ctx.req.Form("purpose"), ctx.req.Form("text"),
                                                     ctx.req.Form("required") == "1", ctx.actor());
        return t.ok() ? Status::Ok() : t.status();
      },
      "New consent text version saved.");
}

Response SaveRetention(RequestContext& ctx) {
  auto months = strings::ParseInt(strings::Trim(ctx.req.Form("months")));
  if (!months) return SettingsPage(ctx, "retention: a number of months (0 = off)", 400);
  return SaveSetting(
      ctx,
      [&](storage::Connection& c) {
        return storage::ConsentStore(c).SetRetentionMonths(ctx.ws->id, static_cast<int>(*months), ctx.actor());
      },
      "Retention saved.");
}

}  // namespace

void RegisterStakeholderRoutes(Router& r) {
  r.Add("GET", "/w/:ws/stakeholders/new", Access::kEditor, NewForm);
  r.Add("POST", "/w/:ws/stakeholders/new", Access::kEditor, Create);
  r.Add("GET", "/w/:ws/stakeholders/:id#", Access::kViewer, ShowRecord);
  r.Add("POST", "/w/:ws/stakeholders/:id#", Access::kEditor, Update);
  r.Add("GET", "/w/:ws/stakeholders/:id#/edit", Access::kEditor, EditForm);
  r.Add("POST", "/w/:ws/stakeholders/:id#/erase", Access::kAdmin, Erase);
  r.Add("GET", "/w/:ws/stakeholder-settings", Access::kAdmin, Settings);
  r.Add("POST", "/w/:ws/stakeholder-settings/taxonomy", Access::kAdmin, SaveTaxonomy);
  r.Add("POST", "/w/:ws/stakeholder-settings/consent-text", Access::kAdmin, SaveConsentText);
  r.Add("POST", "/w/:ws/stakeholder-settings/retention", Access::kAdmin, SaveRetention);
}

}  // namespace corridor::web
