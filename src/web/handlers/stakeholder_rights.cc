// Data-subject rights through a signed self-service link (the token is stored hashed in
// stakeholder_tokens; every mail carries one): see the data, download it as JSON, withdraw
// consent (one click, per purpose or all; also RFC 8058 one-click from the mail client) and
// erasure, which anonymises the record at once and leaves an audit entry.
#include "core/dates.h"
#include "core/strings.h"
#include "domain/consent.h"
#include "storage/consent_store.h"
#include "storage/stakeholder_store.h"
#include "storage/taxonomy_store.h"
#include "web/handlers/handlers.h"
#include "web/handlers/stakeholder_common.h"
#include "web/render.h"

namespace corridor::web {

namespace {

using nlohmann::json;
using stakeholders::PublicPage;

const storage::Actor kSubject{0, "data subject"};

// The record the URL's token opens, or an explanatory page.
struct Opened {
  std::optional<domain::Stakeholder> person;
  std::optional<Response> refusal;
};

Opened Open(RequestContext& ctx, storage::Connection& c) {
  Opened o;
  storage::StakeholderStore store(c);
  auto id = store.FindToken(ctx.req.Param("token"), storage::kTokenSelfService);
  if (!id.ok()) {
    o.refusal = ErrorPage(ctx, id.status());
    return o;
  }
  std::optional<domain::Stakeholder> rec;
  if (*id) {
    auto r = store.Get(ctx.ws->id, **id);
    if (!r.ok()) {
      o.refusal = ErrorPage(ctx, r.status());
      return o;
    }
    rec = *r;
  }
  if (!rec || rec->status == domain::StakeholderStatus::kErased) {
    o.refusal = PublicPage(ctx, "me_done", "Link not valid", {{"invalid", true}}, 404);
    return o;
  }
  o.person = rec;
  return o;
}

std::string MeUrl(const RequestContext& ctx, const std::string& rest = "") {
  return ctx.WsUrl("/me/" + ctx.req.Param("token") + rest);
}

Response Show(RequestContext& ctx) {
  auto conn = ctx.app.db.Acquire();
  Opened o = Open(ctx, *conn);
  if (o.refusal) return *o.refusal;
  auto tax = storage::TaxonomyStore(*conn).List(ctx.ws->id, true);
  if (!tax.ok()) return ErrorPage(ctx, tax.status());
  auto consents = storage::ConsentStore(*conn).ForStakeholder(o.person->id);
  if (!consents.ok()) return ErrorPage(ctx, consents.status());
  json purposes = json::array();
  for (const auto& c : *consents)
    if (c.withdrawn_at.empty()) {
      bool seen = false;
      for (auto& p : purposes) seen = seen || p["purpose"] == c.purpose;
      if (!seen) purposes.push_back({{"purpose", c.purpose}});
    }
  return PublicPage(ctx, "me", "Your data",
                    {{"p", stakeholders::Shown(*o.person, *tax)},
                     {"consents", stakeholders::ConsentRows(*consents)},
                     {"open_purposes", purposes},
                     {"has_open", !purposes.empty()},
                     {"json_url", MeUrl(ctx, "/data.json")},
                     {"withdraw_url", MeUrl(ctx, "/withdraw")},
                     {"erase_url", MeUrl(ctx, "/erase")}});
}

Response DownloadJson(RequestContext& ctx) {
  auto conn = ctx.app.db.Acquire();
  Opened o = Open(ctx, *conn);
  if (o.refusal) return *o.refusal;
  const domain::Stakeholder& s = *o.person;
  auto consents = storage::ConsentStore(*conn).ForStakeholder(s.id);
  if (!consents.ok()) return ErrorPage(ctx, consents.status());
  auto history = storage::AuditStore(*conn).ForEntity(storage::kStakeholderEntity, s.id);
  if (!history.ok()) return ErrorPage(ctx, history.status());
  json cj = json::array();
  for (const auto& c : *consents)
    cj.push_back({{"purpose", c.purpose}, {"text_version", c.text_version}, {"text", c.text}, {"given_at", c.given_at},
                  {"source", c.source}, {"confirmed_at", c.confirmed_at}, {"withdrawn_at", c.withdrawn_at},
                  {"withdrawn_via", c.withdrawn_via}});
  json hj = json::array();
  for (const auto& e : *history)
    hj.push_back({{"at", e.at}, {"by", e.user_name}, {"action", e.action}, {"field", e.field}, {"old", e.old_value},
                  {"new", e.new_value}});
  json out = {{"workspace", ctx.ws->acronym},
              {"exported_at", dates::NowIso()},
              {"stakeholder",
               {{"name", s.name}, {"organisation", s.organisation}, {"email", s.email}, {"country", s.country},
                {"type", s.type_key}, {"sector", s.sector_key}, {"phase", s.phase_key}, {"interests", s.interests},
                {"tags", s.tags}, {"influence", s.influence ? json(*s.influence) : json(nullptr)},
                {"interest", s.interest ? json(*s.interest) : json(nullptr)}, {"is_actor", s.is_actor},
                {"notes", s.notes}, {"source", s.source}, {"status", domain::StakeholderStatusKey(s.status)},
                {"created_at", s.created_at}, {"updated_at", s.updated_at}, {"confirmed_at", s.confirmed_at}}},
              {"consents", cj},
              {"history", hj}};
  Response r = Response::Download(out.dump(2), "application/json", ctx.ws->slug + "-my-data.json");
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

Response WithdrawPage(RequestContext& ctx) {
  auto conn = ctx.app.db.Acquire();
  Opened o = Open(ctx, *conn);
  if (o.refusal) return *o.refusal;
  return PublicPage(ctx, "me_done", "Withdraw consent",
                    {{"ask_withdraw", true}, {"withdraw_url", MeUrl(ctx, "/withdraw")}, {"me_url", MeUrl(ctx)}});
}

Response Withdraw(RequestContext& ctx) {
  std::string purpose = ctx.req.Form("purpose");
  // RFC 8058 one-click ("List-Unsubscribe=One-Click" in the body) and the button: everything.
  if (purpose == "all" || ctx.req.Form("List-Unsubscribe") == "One-Click") purpose = "";
  if (!purpose.empty()) {
    Status p = domain::ValidatePurpose(purpose);
    if (!p.ok()) return ErrorPage(ctx, p);
  }
  auto conn = ctx.app.db.Acquire();
  Opened o = Open(ctx, *conn);
  if (o.refusal) return *o.refusal;
  storage::Transaction tx(*conn);
  if (!tx.status().ok()) return ErrorPage(ctx, tx.status());
  auto n = storage::ConsentStore(*conn).Withdraw(ctx.ws->id, o.person->id, purpose, "self-service link", kSubject);
  if (!n.ok()) return ErrorPage(ctx, n.status());
  if (Status s = tx.Commit(); !s.ok()) return ErrorPage(ctx, s);
  return PublicPage(ctx, "me_done", "Consent withdrawn",
                    {{"withdrawn", true}, {"count", *n}, {"what", purpose.empty() ? "all purposes" : purpose},
                     {"me_url", MeUrl(ctx)}});
}

Response Erase(RequestContext& ctx) {
  auto conn = ctx.app.db.Acquire();
  Opened o = Open(ctx, *conn);
  if (o.refusal) return *o.refusal;
  if (ctx.req.Form("confirm") != "yes")
    return PublicPage(ctx, "me_done", "Erase your data",
                      {{"ask_erase", true}, {"erase_url", MeUrl(ctx, "/erase")}, {"me_url", MeUrl(ctx)}}, 400);
  storage::Transaction tx(*conn);
  if (!tx.status().ok()) return ErrorPage(ctx, tx.status());
  Status s = storage::StakeholderStore(*conn).Erase(ctx.ws->id, o.person->id, kSubject, "requested by the data subject");
  if (!s.ok()) return ErrorPage(ctx, s);
  if (Status c = tx.Commit(); !c.ok()) return ErrorPage(ctx, c);
  return PublicPage(ctx, "me_done", "Data erased", {{"erased", true}});
}

}  // namespace

void RegisterStakeholderRightsRoutes(Router& r) {
  r.Add("GET", "/w/:ws/me/:token", Access::kPublicLink, Show);
  r.Add("GET", "/w/:ws/me/:token/data.json", Access::kPublicLink, DownloadJson);
  r.Add("GET", "/w/:ws/me/:token/withdraw", Access::kPublicLink, WithdrawPage);
  r.Add("POST", "/w/:ws/me/:token/withdraw", Access::kPublicLink, Withdraw);
  r.Add("POST", "/w/:ws/me/:token/erase", Access::kPublicLink, Erase);
}

}  // namespace corridor::web
