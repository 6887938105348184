// The public registration form of a workspace (seed 001 section 2.2): no login, no JavaScript,
// embeddable in the project's website (signed form token instead of the cookie CSRF, see
// web/form_token.h), a honeypot and rate limits against spam, double opt-in by e-mail.
#include <algorithm>

#include "core/strings.h"
#include "storage/consent_store.h"
#include "storage/group_commit.h"
#include "storage/registration.h"
#include "storage/taxonomy_store.h"
#include "web/form_token.h"
#include "web/handlers/handlers.h"
#include "web/handlers/stakeholder_common.h"
#include "web/render.h"

namespace corridor::web {

namespace {

using nlohmann::json;
using stakeholders::PublicPage;

// The honeypot: a field people never see (hidden by CSS, skipped by keyboard and screen readers)
// that form-filling robots fill in.
constexpr const char* kHoneypot = "website";

struct FormInput {
  domain::Stakeholder person;
  std::vector<std::string> purposes;
};

FormInput ReadForm(const Request& req) {
  FormInput in;
  in.person.name = req.Form("name");
  in.person.organisation = req.Form("organisation");
  in.person.email = req.Form("email");
  in.person.country = req.Form("country");
  in.person.type_key = req.Form("type");
  in.person.sector_key = req.Form("sector");
  in.person.phase_key = req.Form("phase");
  in.person.interests = req.Form("interests");
  for (const auto& p : req.FormAll("consent")) in.purposes.push_back(p);
  return in;
}

Response FormPage(RequestContext& ctx, const FormInput& in, const Status& error, int status) {
  auto conn = ctx.app.db.Acquire();
  auto tax = storage::TaxonomyStore(*conn).List(ctx.ws->id);
  // f3: errors of the public form stay in the frameable public shell.
  if (!tax.ok()) return stakeholders::PublicErrorPage(ctx, tax.status(), true);
  auto texts = storage::ConsentStore(*conn).CurrentTexts(ctx.ws->id, ctx.ws->acronym);
  if (!texts.ok()) return stakeholders::PublicErrorPage(ctx, texts.status(), true);
  auto secret = InstanceSecret(*conn);
  if (!secret.ok()) return stakeholders::PublicErrorPage(ctx, secret.status(), true);
  json consents = json::array();
  for (const auto& t : *texts)
    consents.push_back({{"purpose", t.purpose},
                        {"text", t.text},
                        {"version", t.version},
                        {"required", t.required},
                        {"checked", std::find(in.purposes.begin(), in.purposes.end(), t.purpose) != in.purposes.end()}});
  std::string field = error.ok() ? "" : stakeholders::FieldOf(error);
  const domain::Stakeholder& p = in.person;
  json data = {
      {"action", ctx.WsUrl("/register") + (ctx.req.Query("embed") == "1" ? "?embed=1" : "")},
      {"form_token", IssueFormToken(*secret, ctx.ws->slug, UnixNow())},
      {"error", error.ok() ? "" : error.message()},
      {"error_field", field},
      {"honeypot", kHoneypot},
      {"v",
       {{"name", p.name}, {"organisation", p.organisation}, {"email", p.email}, {"country", p.country},
        {"interests", p.interests}}},
      {"types", stakeholders::Choices(*tax, domain::TaxonomyKind::kType, p.type_key)},
      {"sectors", stakeholders::Choices(*tax, domain::TaxonomyKind::kSector, p.sector_key)},
      {"phases", stakeholders::Choices(*tax, domain::TaxonomyKind::kPhase, p.phase_key)},
      {"consents", consents},
      {"transparency_url", ctx.WsUrl("/engagement")},
  };
  for (const char* f : {"name", "organisation", "email", "country", "type", "sector", "phase", "interests"})
    data["err_" + std::string(f)] = field == f ? error.message() : "";
  return PublicPage(ctx, "register", "Register with " + ctx.ws->acronym, data, status, true);
}

Response ShowForm(RequestContext& ctx) { return FormPage(ctx, {}, Status::Ok(), 200); }

Response Submit(RequestContext& ctx) {
  FormInput in = ReadForm(ctx.req);
  if (!strings::Trim(ctx.req.Form(kHoneypot)).empty()) {
    // A robot: answer as if it worked, write nothing.
    return Response::Redirect(ctx.WsUrl("/register/done") + (ctx.req.Query("embed") == "1" ? "?embed=1" : ""));
  }
  storage::RegistrationInput reg{in.person, in.purposes, ctx.req.remote_addr};
  storage::RegistrationOptions opt;
  opt.base_url = stakeholders::BaseUrl(ctx);
  auto out = [&] {
    if (ctx.app.registrations) return storage::Register(*ctx.app.registrations, *ctx.ws, reg, opt);
    auto conn = ctx.app.db.Acquire();
    return storage::Register(*conn, *ctx.ws, reg, opt);
  }();
  if (!out.ok()) {
    if (out.status().code() == ErrorCode::kInvalidArgument || out.status().code() == ErrorCode::kConflict)
      return FormPage(ctx, in, out.status(), 400);
    return stakeholders::PublicErrorPage(ctx, out.status(), true);  // f3
  }
  if (out->rate_limited)
    return PublicPage(ctx, "register_done", "Too many registrations",
                      {{"limited", true}}, 429, true);
  return Response::Redirect(ctx.WsUrl("/register/done") + (ctx.req.Query("embed") == "1" ? "?embed=1" : ""));
}

Response Done(RequestContext& ctx) {
  return PublicPage(ctx, "register_done", "Check your e-mail", {{"limited", false}}, 200, true);
}

Response ConfirmPage(RequestContext& ctx) {
  return PublicPage(ctx, "register_confirm", "Confirm your registration",
                    {{"action", ctx.WsUrl("/register/confirm/" + ctx.req.Param("token"))}, {"confirmed", false}});
}

Response Confirm(RequestContext& ctx) {
  auto conn = ctx.app.db.Acquire();
  auto out = storage::ConfirmRegistration(*conn, ctx.ws->id, ctx.req.Param("token"));
  if (!out.ok()) return stakeholders::PublicErrorPage(ctx, out.status(), false);  // f3
  if (!out->found)
    return PublicPage(ctx, "register_confirm", "Link not valid",
                      {{"invalid", true}, {"register_url", ctx.WsUrl("/register")}}, 404);
  return PublicPage(ctx, "register_confirm", "Registration confirmed",
                    {{"confirmed", true}, {"me_url", ctx.WsUrl("/me/" + out->self_token)}});
}

}  // namespace

void RegisterRegistrationRoutes(Router& r) {
  r.Add("GET", "/w/:ws/register", Access::kPublicForm, ShowForm);
  r.Add("POST", "/w/:ws/register", Access::kPublicForm, Submit);
  r.Add("GET", "/w/:ws/register/done", Access::kPublicForm, Done);
  r.Add("GET", "/w/:ws/register/confirm/:token", Access::kPublicLink, ConfirmPage);
  r.Add("POST", "/w/:ws/register/confirm/:token", Access::kPublicLink, Confirm);
}

}  // namespace corridor::web
