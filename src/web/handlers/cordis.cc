// Add a sister project from CORDIS (search by grant ID or acronym, preview of the auto-filled
// record with the partner overlap and the rule behind each match, a form for what CORDIS
// cannot know), and refresh a record from CORDIS (a per-field diff; user edits are kept).
#include <cctype>

#include "analytics/cordis_autofill.h"
#include "core/dates.h"
#include "core/strings.h"
#include "storage/corpus_store.h"
#include "storage/registry_store.h"
#include "web/handlers/handlers.h"
#include "web/render.h"

namespace corridor::web {

namespace {

using analytics::AutoFill;
using domain::FieldSpec;
using domain::FieldType;

// Mustache treats "" as true: optional text is null when empty so that {{#x}} hides.
nlohmann::json Opt(const std::string& s) { return s.empty() ? nlohmann::json() : nlohmann::json(s); }

bool AllDigits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

// "1234567.5" -> "1,234,567.50 €"
std::string Euros(const std::string& v) {
  auto dot = v.find('.');
  std::string whole = v.substr(0, dot), frac = dot == std::string::npos ? "" : v.substr(dot + 1);
  std::string grouped;
  for (size_t i = 0; i < whole.size(); ++i) {
    if (i && (whole.size() - i) % 3 == 0) grouped += ',';
    grouped += whole[i];
  }
  if (!frac.empty()) grouped += "." + (frac.size() == 1 ? frac + "0" : frac);
  return grouped + " €";
}

// A stored (canonical) value as people read it.
std::string Display(const FieldSpec& f, const std::string& v) {
  if (v.empty()) return "";
  switch (f.type) {
    case FieldType::kDate:
      if (auto d = dates::Parse(v)) return dates::ToDmy(*d);
      return v;
    case FieldType::kEuros: return Euros(v);
    case FieldType::kRelevance: {
      auto r = domain::ParseRelevance(v);
      return r ? std::to_string(*r) + " (" + domain::RelevanceLabel(*r) + ")" : v;
    }
    default: return v;
  }
}

std::string Label(RequestContext& ctx, const std::string& key) {
  const FieldSpec* f = domain::FindField(key);
  return f ? domain::FieldLabel(*f, ctx.ws->acronym) : key;
}

nlohmann::json RelevanceOptions(const std::string& selected) {
  nlohmann::json out = nlohmann::json::array();
  auto sel = domain::ParseRelevance(selected);
  for (int i = 1; i <= 4; ++i)
    out.push_back({{"value", std::to_string(i)},
                   {"label", std::to_string(i) + " – " + domain::RelevanceLabel(i)},
                   {"selected", sel && *sel == i}});
  return out;
}

nlohmann::json OverlapJson(const analytics::PartnerOverlap& o) {
  nlohmann::json matches = nlohmann::json::array();
  for (const auto& m : o.matches)
    matches.push_back({{"focal", m.focal_name}, {"focal_short", Opt(m.focal_short_name)}, {"cordis", m.cordis_name},
                       {"cordis_short", Opt(m.cordis_short_name)}, {"org_id", m.cordis_org_id}, {"role", m.cordis_role},
                       {"rule", m.rule}});
  return {{"count", static_cast<int64_t>(o.count())}, {"names", o.NamesField()}, {"matches", matches},
          {"any", o.count() > 0}};
}

// The form inputs: mandatory fields CORDIS left empty, then the fields only a user can give.
nlohmann::json FormInputs(RequestContext& ctx, const AutoFill& fill, const std::map<std::string, std::string>& values,
                          const std::vector<domain::FieldError>& errors) {
  std::vector<std::string> keys;
  for (const auto& k : analytics::CordisFieldKeys()) {
    const FieldSpec* f = domain::FindField(k);
    if (f && f->mandatory && fill.project.Get(k).empty()) keys.push_back(k);
  }
  for (const auto& k : analytics::UserFieldKeys()) keys.push_back(k);
  nlohmann::json out = nlohmann::json::array();
  for (const auto& k : keys) {
    const FieldSpec* f = domain::FindField(k);
    auto it = values.find(k);
    std::string v = it == values.end() ? "" : it->second;
    std::string err;
    for (const auto& e : errors)
      if (e.field == k) err += (err.empty() ? "" : "; ") + e.message;
    nlohmann::json in = {{"key", k},
                         {"label", domain::FieldLabel(*f, ctx.ws->acronym)},
                         {"help", f->help},
                         {"value", v},
                         {"error", Opt(err)},
                         {"gap", std::find(analytics::UserFieldKeys().begin(), analytics::UserFieldKeys().end(), k) ==
                                     analytics::UserFieldKeys().end()},
                         {"max", static_cast<int64_t>(f->max_length)}};
    if (f->type == FieldType::kRelevance) {
      in["select"] = true;
      in["options"] = RelevanceOptions(v);
    } else if (f->type == FieldType::kStatus) {
      in["select"] = true;
      in["options"] = nlohmann::json::array({{{"value", "Ongoing"}, {"label", "Ongoing"}, {"selected", v == "Ongoing"}},
                                             {{"value", "Closed"}, {"label", "Closed"}, {"selected", v == "Closed"}}});
    } else if (f->type == FieldType::kLongText) {
      in["textarea"] = true;
    } else {
      in["text"] = true;
    }
    out.push_back(std::move(in));
  }
  return out;
}

nlohmann::json PreviewJson(RequestContext& ctx, const AutoFill& fill) {
  nlohmann::json fields = nlohmann::json::array();
  for (const auto& k : analytics::CordisFieldKeys()) {
    const FieldSpec* f = domain::FindField(k);
    const std::string& v = fill.project.Get(k);
    fields.push_back({{"key", k},
                      {"label", domain::FieldLabel(*f, ctx.ws->acronym)},
                      {"value", Display(*f, v)},
                      {"empty", v.empty()},
                      {"missing", v.empty() && f->mandatory},
                      {"link", f->type == FieldType::kUrl && !v.empty()},
                      {"raw", v}});
  }
  return {{"grant_id", fill.project.grant_id},
          {"acronym", fill.project.Get("acronym")},
          {"title", fill.project.Get("name")},
          {"fields", fields},
          {"overlap", OverlapJson(fill.overlap)},
          {"has_partners", !ctx.ws->partners.empty()},
          {"notes", fill.notes},
          {"has_notes", !fill.notes.empty()}};
}

struct AddState {
  std::string q;
  std::map<std::string, std::string> values;     // the user's input
  std::vector<domain::FieldError> errors;
  std::string error;                             // page-level
};

Response AddPage(RequestContext& ctx, const AddState& st, const AutoFill* fill,
                 const std::vector<storage::CorpusProject>& candidates, const domain::SisterProject* existing,
                 int status) {
  auto conn = ctx.app.db.Acquire();
  storage::CorpusStore corpus(*conn);
  auto count = corpus.CountProjects();
  if (!count.ok()) return ErrorPage(ctx, count.status());
  nlohmann::json data = {{"q", st.q}, {"corpus_count", *count}, {"corpus_empty", *count == 0}, {"error", Opt(st.error)}};
  if (!candidates.empty()) {
    nlohmann::json list = nlohmann::json::array();
    storage::RegistryStore registry(*conn);
    for (const auto& c : candidates) {
      auto in_reg = registry.FindByGrant(ctx.ws->id, c.grant_id);
      list.push_back({{"grant_id", c.grant_id}, {"acronym", c.acronym}, {"title", c.title},
                      {"programme", analytics::ProgrammeName(c.framework)}, {"status", c.status},
                      {"start", c.start_date.substr(0, std::min<size_t>(4, c.start_date.size()))},
                      {"url", ctx.WsUrl("/cordis/add?grant=" + strings::UrlEncode(c.grant_id))},
                      {"in_registry", in_reg.ok() && in_reg->has_value()}});
    }
    data["candidates"] = list;
    data["has_candidates"] = true;
  }
  if (existing) {
    data["existing"] = {{"acronym", existing->Get("acronym")},
                        {"grant_id", existing->grant_id},
                        {"url", ctx.WsUrl("/registry/" + std::to_string(existing->id))},
                        {"refresh_url", ctx.WsUrl("/registry/" + std::to_string(existing->id) + "/refresh")}};
  }
  if (fill && !existing) {
    data["preview"] = PreviewJson(ctx, *fill);
    data["inputs"] = FormInputs(ctx, *fill, st.values, st.errors);
    nlohmann::json errs = nlohmann::json::array();
    for (const auto& e : st.errors) errs.push_back(e.message);
    data["errors"] = errs;
    data["has_errors"] = !st.errors.empty();
  }
  return RenderPage(ctx, "cordis_add", "Add from CORDIS", data, status);
}

std::map<std::string, std::string> InputValues(const std::function<std::string(const std::string&)>& get) {
  std::map<std::string, std::string> values;
  for (const auto& k : analytics::CordisFieldKeys()) {
    std::string v = get(k);
    if (!v.empty()) values[k] = v;
  }
  for (const auto& k : analytics::UserFieldKeys()) {
    std::string v = get(k);
    if (!v.empty()) values[k] = v;
  }
  return values;
}

Response AddForm(RequestContext& ctx) {
  AddState st;
  st.q = strings::Trim(ctx.req.Query("q"));
  std::string grant = strings::Trim(ctx.req.Query("grant"));
  st.values = InputValues([&](const std::string& k) { return ctx.req.Query(k); });
  if (grant.empty() && st.q.empty()) return AddPage(ctx, st, nullptr, {}, nullptr, 200);

  auto conn = ctx.app.db.Acquire();
  storage::CorpusStore corpus(*conn);
  std::vector<storage::CorpusProject> candidates;
  if (grant.empty()) {
    if (AllDigits(st.q)) {
      auto p = corpus.FindByGrant(st.q);
      if (!p.ok()) return ErrorPage(ctx, p.status());
      if (*p) grant = (*p)->grant_id;
    }
    if (grant.empty()) {
      auto list = corpus.FindByAcronym(st.q, 20);
      if (!list.ok()) return ErrorPage(ctx, list.status());
      if (list->size() == 1) grant = (*list)[0].grant_id;
      else candidates = std::move(*list);
    }
    if (grant.empty() && candidates.empty()) {
      st.error = "No project with the grant ID or acronym \"" + st.q +
                 "\" in the CORDIS corpus. Check the spelling, or find it by topic with Discovery.";
      return AddPage(ctx, st, nullptr, {}, nullptr, 404);
    }
    if (!candidates.empty()) return AddPage(ctx, st, nullptr, candidates, nullptr, 200);
  }
  storage::RegistryStore registry(*conn);
  auto existing = registry.FindByGrant(ctx.ws->id, grant);
  if (!existing.ok()) return ErrorPage(ctx, existing.status());
  auto fill = analytics::LoadCordisFill(*conn, *ctx.ws, grant, dates::Today());
  if (!fill.ok()) return ErrorPage(ctx, fill.status());
  if (!*fill) {
    st.error = "Grant " + grant + " is not in the CORDIS corpus.";
    return AddPage(ctx, st, nullptr, {}, nullptr, 404);
  }
  if (st.q.empty()) st.q = grant;
  return AddPage(ctx, st, &**fill, {}, *existing ? &**existing : nullptr, 200);
}

Response AddSubmit(RequestContext& ctx) {
  AddState st;
  std::string grant = strings::Trim(ctx.req.Form("grant"));
  st.q = grant;
  st.values = InputValues([&](const std::string& k) { return ctx.req.Form(k); });
  if (grant.empty()) return ErrorPage(ctx, Status::Invalid("grant: choose a CORDIS project first"));
  std::optional<analytics::AddOutcome> outcome;
  {
    auto conn = ctx.app.db.Acquire();
    auto r = analytics::AddFromCordis(*conn, *ctx.ws, grant, st.values, ctx.actor(), dates::Today());
    if (!r.ok()) return ErrorPage(ctx, r.status());
    outcome = std::move(*r);
  }
  if (outcome->existing) {
    st.error = "Grant " + grant + " is already in the " + ctx.ws->acronym + " registry.";
    return AddPage(ctx, st, nullptr, {}, &*outcome->existing, 409);
  }
  if (outcome->not_in_corpus) {
    st.error = "Grant " + grant + " is not in the CORDIS corpus.";
    return AddPage(ctx, st, nullptr, {}, nullptr, 404);
  }
  if (!outcome->errors.empty()) {
    st.errors = outcome->errors;
    return AddPage(ctx, st, &*outcome->fill, {}, nullptr, 400);
  }
  std::string acronym = outcome->fill ? outcome->fill->project.Get("acronym") : grant;
  return Response::Redirect(ctx.WsUrl("/registry/" + std::to_string(outcome->id) + "?notice=") +
                            strings::UrlEncode(acronym + " added to the longlist from CORDIS."));
}

// ---- refresh ----

Response RefreshPage(RequestContext& ctx, int64_t id, const std::string& error, int status) {
  auto conn = ctx.app.db.Acquire();
  auto cur = storage::RegistryStore(*conn).Get(ctx.ws->id, id);
  if (!cur.ok()) return ErrorPage(ctx, cur.status());
  if (!*cur) return ErrorPage(ctx, Status::NotFound("no sister project " + std::to_string(id) + " in " + ctx.ws->acronym));
  const domain::SisterProject& p = **cur;
  std::string record_url = ctx.WsUrl("/registry/" + std::to_string(id));
  if (p.grant_id.empty())
    return ErrorPage(ctx, Status::Invalid(p.Get("acronym") +
                                          " is not linked to a CORDIS grant: there is nothing to refresh. Set its "
                                          "grant ID on the record first."));
  auto fill = analytics::LoadCordisFill(*conn, *ctx.ws, p.grant_id, dates::Today());
  if (!fill.ok()) return ErrorPage(ctx, fill.status());
  if (!*fill)
    return ErrorPage(ctx, Status::NotFound("grant " + p.grant_id +
                                           " is not in the CORDIS corpus; import it first (corridor import cordis "
                                           "PATH, or corridor cordis fetch --import)"));
  auto diffs = analytics::DiffWithCordis(p, (*fill)->project);
  nlohmann::json changed = nlohmann::json::array(), unchanged = nlohmann::json::array();
  int updates = 0, kept = 0;
  for (const auto& d : diffs) {
    const FieldSpec* f = domain::FindField(d.key);
    if (d.reason == "unchanged") {
      unchanged.push_back(Label(ctx, d.key));
      continue;
    }
    if (d.will_update) ++updates;
    else ++kept;
    changed.push_back({{"key", d.key},
                       {"label", Label(ctx, d.key)},
                       {"current", Opt(Display(*f, d.current))},
                       {"cordis", Opt(Display(*f, d.cordis))},
                       {"will_update", d.will_update},
                       {"user_edited", d.user_edited},
                       {"reason", d.reason}});
  }
  nlohmann::json data = {{"record", {{"id", id}, {"acronym", p.Get("acronym")}, {"grant_id", p.grant_id},
                                     {"version", p.version}, {"url", record_url},
                                     {"cordis_link", "https://cordis.europa.eu/project/id/" + p.grant_id}}},
                         {"changed", changed},
                         {"any_changed", !changed.empty()},
                         {"unchanged", strings::Join(unchanged.get<std::vector<std::string>>(), ", ")},
                         {"unchanged_count", static_cast<int64_t>(unchanged.size())},
                         {"has_unchanged", !unchanged.empty()},
                         {"updates", updates},
                         {"kept", kept},
                         {"can_apply", updates > 0},
                         {"overlap", OverlapJson((*fill)->overlap)},
                         {"notes", (*fill)->notes},
                         {"has_notes", !(*fill)->notes.empty()},
                         {"error", Opt(error)}};
  return RenderPage(ctx, "cordis_refresh", p.Get("acronym") + ": refresh from CORDIS", data, status);
}

Response Refresh(RequestContext& ctx) {
  auto id = strings::ParseInt(ctx.req.Param("id"));
  if (!id) return ErrorPage(ctx, Status::NotFound("no such sister project"));
  return RefreshPage(ctx, *id, "", 200);
}

Response ApplyRefresh(RequestContext& ctx) {
  auto id = strings::ParseInt(ctx.req.Param("id"));
  if (!id) return ErrorPage(ctx, Status::NotFound("no such sister project"));
  auto version = strings::ParseInt(ctx.req.Form("version"));
  if (!version) return ErrorPage(ctx, Status::Invalid("version: missing; reload the page"));
  Result<analytics::RefreshOutcome> r = Status::Internal("not run");
  {
    auto conn = ctx.app.db.Acquire();
    r = analytics::ApplyCordisRefresh(*conn, *ctx.ws, *id, *version, ctx.actor(), dates::Today());
  }
  if (!r.ok()) {
    if (r.status().code() == ErrorCode::kConflict) return RefreshPage(ctx, *id, r.status().message(), 409);
    return ErrorPage(ctx, r.status());
  }
  if (!r->ok()) {
    std::string msg = "The refreshed record does not validate: ";
    for (size_t i = 0; i < r->errors.size(); ++i) msg += (i ? "; " : "") + r->errors[i].message;
    return RefreshPage(ctx, *id, msg, 400);
  }
  std::string notice = r->applied.empty()
                           ? "Nothing to update from CORDIS."
                           : "Refreshed from CORDIS: " + std::to_string(r->applied.size()) + " field(s) updated.";
  return Response::Redirect(ctx.WsUrl("/registry/" + std::to_string(*id) + "?notice=") + strings::UrlEncode(notice));
}

}  // namespace

void RegisterCordisRoutes(Router& r) {
  r.Add("GET", "/w/:ws/cordis/add", Access::kEditor, AddForm);
  r.Add("POST", "/w/:ws/cordis/add", Access::kEditor, AddSubmit);
  r.Add("GET", "/w/:ws/registry/:id/refresh", Access::kEditor, Refresh);
  r.Add("POST", "/w/:ws/registry/:id/refresh", Access::kEditor, ApplyRefresh);
}

}  // namespace corridor::web
