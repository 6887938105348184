#include "web/handlers/stakeholder_common.h"

#include <cstdio>

#include "core/strings.h"
#include "web/display.h"
#include "web/render.h"

namespace corridor::web::stakeholders {

using nlohmann::json;

Response PublicPage(RequestContext& ctx, const std::string& name, const std::string& title, json data, int status,
                    bool embeddable) {
  if (ctx.ws) data["ws"] = {{"slug", ctx.ws->slug}, {"acronym", ctx.ws->acronym}, {"name", ctx.ws->name}};
  std::string content = RenderTemplate(name, data);
  json layout = {{"title", title}, {"content", content}, {"css", StaticUrl("app.css")},
                 {"ws_acronym", ctx.ws ? ctx.ws->acronym : ""}, {"embedded", ctx.req.Query("embed") == "1"}};
  Response r = Response::Html(RenderTemplate("register_layout", layout), status);
  // No scripts at all on these pages; the form may be framed by the project's website.
  r.headers.emplace_back("Content-Security-Policy",
                         std::string("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; "
                                     "form-action 'self'; base-uri 'none'; frame-ancestors ") +
                             (embeddable ? "*" : "'none'"));
  if (!embeddable) r.headers.emplace_back("X-Frame-Options", "DENY");
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

Response PublicErrorPage(RequestContext& ctx, const Status& status, bool embeddable) {
  int code = 500;
  switch (status.code()) {
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kCorrupt: code = 400; break;
    case ErrorCode::kTooLarge: code = 413; break;
    case ErrorCode::kNotFound: code = 404; break;
    case ErrorCode::kPermissionDenied: code = 403; break;
    case ErrorCode::kConflict: code = 409; break;
    default: break;
  }
  std::string msg = code == 500 ? "Something went wrong on our side; the error was logged." : status.message();
  if (code == 500)
    std::fprintf(stderr, "corridor: error on %s %s: %s\n", ctx.req.method.c_str(), ctx.req.path.c_str(),
                 status.message().c_str());
  // Back to a fresh form (a new token), still embedded when it was.
  std::string slug = ctx.ws ? ctx.ws->slug : ctx.req.Param("ws");
  std::string back = slug.empty() ? "" : "/w/" + slug + "/register" + (ctx.req.Query("embed") == "1" ? "?embed=1" : "");
  return PublicPage(ctx, "register_error", "Error " + std::to_string(code),
                    {{"code", code}, {"message", msg}, {"form_url", back}}, code, embeddable);
}

std::string BaseUrl(const RequestContext& ctx) {
  std::string u = ctx.app.config.public_url;
  while (!u.empty() && u.back() == '/') u.pop_back();
  return u.empty() ? "http://localhost" : u;
}

json Choices(const std::vector<storage::TaxonomyRow>& rows, domain::TaxonomyKind kind, const std::string& selected) {
  json out = json::array();
  out.push_back({{"value", ""}, {"label", "— choose —"}, {"selected", selected.empty()}});
  for (const auto& r : rows)
    if (r.entry.kind == kind && !r.retired)
      out.push_back({{"value", r.entry.key}, {"label", r.entry.label}, {"selected", r.entry.key == selected}});
  return out;
}

json Shown(const domain::Stakeholder& s, const std::vector<storage::TaxonomyRow>& rows) {
  auto label = [&](domain::TaxonomyKind k, const std::string& key) {
    std::string l = storage::TaxonomyStore::LabelOf(rows, k, key);
    return l.empty() ? key : l;
  };
  auto tier = domain::TierFor(s.influence, s.interest);
  return {{"id", s.id},
          {"name", s.name},
          {"organisation", s.organisation},
          {"email", s.email},
          {"country", s.country},
          {"type", label(domain::TaxonomyKind::kType, s.type_key)},
          {"sector", label(domain::TaxonomyKind::kSector, s.sector_key)},
          {"phase", label(domain::TaxonomyKind::kPhase, s.phase_key)},
          {"interests", s.interests},
          {"tags", strings::Join(s.tags, ", ")},
          {"influence", s.influence ? std::to_string(*s.influence) : ""},
          {"interest", s.interest ? std::to_string(*s.interest) : ""},
          {"tier", tier ? json{{"key", domain::TierKey(*tier)}, {"label", domain::TierLabel(*tier)}} : json(false)},
          {"is_actor", s.is_actor},
          {"notes", s.notes},
          {"source", s.source},
          {"status", domain::StakeholderStatusKey(s.status)},
          {"pending", s.status == domain::StakeholderStatus::kPending},
          {"erased", s.status == domain::StakeholderStatus::kErased},
          {"created", display::When(s.created_at)},
          {"updated", display::When(s.updated_at)},
          {"confirmed", s.confirmed_at.empty() ? "" : display::When(s.confirmed_at)},
          {"erased_at", s.erased_at.empty() ? "" : display::When(s.erased_at)},
          {"version", s.version}};
}

json ConsentRows(const std::vector<domain::Consent>& consents) {
  json out = json::array();
  for (const auto& c : consents) {
    std::string state = !c.withdrawn_at.empty() ? "withdrawn " + display::When(c.withdrawn_at) + " UTC" +
                                                      (c.withdrawn_via.empty() ? "" : " (" + c.withdrawn_via + ")")
                        : c.confirmed_at.empty() ? "awaiting confirmation"
                                                 : "valid, confirmed " + display::When(c.confirmed_at) + " UTC";
    out.push_back({{"purpose", c.purpose},
                   {"version", c.text_version},
                   {"text", c.text},
                   {"given", display::When(c.given_at)},
                   {"source", c.source},
                   {"state", state},
                   {"valid", c.Valid()}});
  }
  return out;
}

std::string FieldOf(const Status& s) {
  auto colon = s.message().find(':');
  return colon == std::string::npos ? "" : s.message().substr(0, colon);
}

}  // namespace corridor::web::stakeholders
