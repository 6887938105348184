// Home (workspace list), workspace creation, settings with consortium partners,
// members and roles, and the workspace's change history.
#include <map>

#include "core/dates.h"
#include "core/strings.h"
#include "storage/workspace_store.h"
#include "web/display.h"
#include "web/handlers/handlers.h"
#include "web/handlers/scoreboard_common.h"
#include "web/render.h"

namespace corridor::web {

namespace {

Response Home(RequestContext& ctx) {
  auto conn = ctx.app.db.Acquire();
  auto list = storage::WorkspaceStore(*conn).ListForUser(ctx.user->id, ctx.user->is_site_admin);
  if (!list.ok()) return ErrorPage(ctx, list.status());
  nlohmann::json ws = nlohmann::json::array();
  for (auto& w : *list) {
    auto n = conn->Scalar("SELECT COUNT(*) FROM sister_projects WHERE workspace_id = ?", {w.id});
    ws.push_back({{"slug", w.slug}, {"acronym", w.acronym}, {"name", w.name}, {"kind", w.kind},
                  {"grant_id", w.grant_id}, {"projects", n.ok() && *n ? std::get<int64_t>(**n) : 0},
                  {"scoreboard_due", scoreboard::DueNote(*conn, w.id)}});
  }
  return RenderPage(ctx, "home", "Workspaces", {{"workspaces", ws}, {"site_admin", ctx.user->is_site_admin}});
}

Response CreateWorkspace(RequestContext& ctx) {
  domain::Workspace w;
  w.slug = strings::Trim(ctx.req.Form("slug"));
  w.acronym = strings::Trim(ctx.req.Form("acronym"));
  w.name = strings::Trim(ctx.req.Form("name"));
  w.kind = ctx.req.Form("kind") == "cluster" ? "cluster" : "project";
  w.grant_id = strings::Trim(ctx.req.Form("grant_id"));
  w.start_date = strings::Trim(ctx.req.Form("start_date"));
  auto conn = ctx.app.db.Acquire();
  storage::Transaction tx(*conn);
  auto id = storage::WorkspaceStore(*conn).Create(w, ctx.actor());
  if (!id.ok()) return ErrorPage(ctx, id.status());
  if (Status s = storage::UserStore(*conn).SetRole(*id, ctx.user->id, domain::Role::kAdmin); !s.ok())
    return ErrorPage(ctx, s);
  if (Status s = tx.Commit(); !s.ok()) return ErrorPage(ctx, s);
  return Response::Redirect("/w/" + w.slug + "/settings?notice=" + strings::UrlEncode("Workspace created."));
}

std::string PartnersText(const domain::Workspace& w) {
  std::string out;
  for (auto& p : w.partners) out += p.name + "; " + p.short_name + "; " + p.org_id + "; " + p.country + "\n";
  return out;
}

Result<std::vector<domain::ConsortiumPartner>> ParsePartners(const std::string& text) {
  std::vector<domain::ConsortiumPartner> out;
  int line_no = 0;
  for (auto& line : strings::Split(strings::ReplaceAll(text, "\r", ""), '\n')) {
    ++line_no;
    if (strings::Trim(line).empty()) continue;
    auto parts = strings::Split(line, ';');
    domain::ConsortiumPartner p;
    p.name = strings::Trim(parts[0]);
    if (parts.size() > 1) p.short_name = strings::Trim(parts[1]);
    if (parts.size() > 2) p.org_id = strings::Trim(parts[2]);
    if (parts.size() > 3) p.country = strings::ToUpper(strings::Trim(parts[3]));
    if (parts.size() > 4) return Status::Invalid("partners line " + std::to_string(line_no) + ": more than 4 fields");
    if (p.name.empty()) return Status::Invalid("partners line " + std::to_string(line_no) + ": the name is empty");
    if (!p.country.empty() && p.country.size() != 2)
      return Status::Invalid("partners line " + std::to_string(line_no) + ": country \"" + p.country +
                             "\" is not a two-letter code");
    out.push_back(std::move(p));
  }
  return out;
}

Response SettingsPage(RequestContext& ctx, const domain::Workspace& w, const std::string& partners_text,
                      const std::string& error) {
  auto conn = ctx.app.db.Acquire();
  auto rows = conn->Query(
      "SELECT u.id, u.display_name, u.email, m.role FROM memberships m JOIN users u ON u.id = m.user_id "
      "WHERE m.workspace_id = ? ORDER BY u.display_name",
      {ctx.ws->id});
  if (!rows.ok()) return ErrorPage(ctx, rows.status());
  nlohmann::json members = nlohmann::json::array();
  for (const auto& r : *rows)
    members.push_back({{"id", r.Int(0)}, {"name", r.Text(1)}, {"email", r.Text(2)}, {"role", r.Text(3)}});
  nlohmann::json data = {{"w",
                          {{"acronym", w.acronym}, {"name", w.name}, {"grant_id", w.grant_id},
                           {"start_date", w.start_date}, {"description", w.description}}},
                         {"is_project", w.kind != "cluster"},
                         {"partners_text", partners_text},
                         {"members", members},
                         {"error", error}};
  return RenderPage(ctx, "workspace_settings", w.acronym + " settings", data, error.empty() ? 200 : 400);
}

Response Settings(RequestContext& ctx) { return SettingsPage(ctx, *ctx.ws, PartnersText(*ctx.ws), ""); }

Response SaveSettings(RequestContext& ctx) {
  domain::Workspace w = *ctx.ws;
  w.acronym = strings::Trim(ctx.req.Form("acronym"));
  w.name = strings::Trim(ctx.req.Form("name"));
  w.grant_id = strings::Trim(ctx.req.Form("grant_id"));
  w.kind = ctx.req.Form("kind") == "cluster" ? "cluster" : "project";
  w.start_date = strings::Trim(ctx.req.Form("start_date"));
  w.description = strings::Trim(ctx.req.Form("description"));
  std::string partners_text = ctx.req.Form("partners");
  auto partners = ParsePartners(partners_text);
  if (!partners.ok()) return SettingsPage(ctx, w, partners_text, partners.status().message());
  w.partners = *partners;
  if (!w.start_date.empty()) {
    auto d = dates::Parse(w.start_date);
    if (!d) return SettingsPage(ctx, w, partners_text, "start date: not a date");
    w.start_date = dates::ToIso(*d);
  }
  auto conn = ctx.app.db.Acquire();
  storage::Transaction tx(*conn);
  if (Status s = storage::WorkspaceStore(*conn).Update(w, ctx.actor()); !s.ok())
    return SettingsPage(ctx, w, partners_text, s.message());
  if (Status s = tx.Commit(); !s.ok()) return ErrorPage(ctx, s);
  return Response::Redirect(ctx.WsUrl("/settings?notice=") + strings::UrlEncode("Settings saved."));
}

Response AddMember(RequestContext& ctx) {
  auto role = domain::ParseRole(ctx.req.Form("role"));
  if (!role) return ErrorPage(ctx, Status::Invalid("role: choose viewer, editor or admin"));
  auto conn = ctx.app.db.Acquire();
  storage::UserStore users(*conn);
  auto u = users.FindByEmail(ctx.req.Form("email"));
  if (!u.ok()) return ErrorPage(ctx, u.status());
  if (!*u) return ErrorPage(ctx, Status::NotFound("no user with e-mail " + ctx.req.Form("email") +
                                                  "; the instance administrator creates users first"));
  storage::Transaction tx(*conn);
  if (Status s = users.SetRole(ctx.ws->id, (*u)->id, *role); !s.ok()) return ErrorPage(ctx, s);
  storage::AuditStore(*conn).Record(ctx.actor(), ctx.ws->id, "membership", (*u)->id, "update", "role", "",
                                    (*u)->email + " = " + domain::RoleKey(*role));
  if (Status s = tx.Commit(); !s.ok()) return ErrorPage(ctx, s);
  return Response::Redirect(ctx.WsUrl("/settings?notice=") + strings::UrlEncode("Member saved."));
}

Response RemoveMember(RequestContext& ctx) {
  auto id = strings::ParseInt(ctx.req.Form("user_id"));
  if (!id) return ErrorPage(ctx, Status::Invalid("user_id: not a number"));
  auto conn = ctx.app.db.Acquire();
  storage::Transaction tx(*conn);
  if (Status s = storage::UserStore(*conn).RemoveMember(ctx.ws->id, *id); !s.ok()) return ErrorPage(ctx, s);
  storage::AuditStore(*conn).Record(ctx.actor(), ctx.ws->id, "membership", *id, "delete", "role", "", "");
  if (Status s = tx.Commit(); !s.ok()) return ErrorPage(ctx, s);
  return Response::Redirect(ctx.WsUrl("/settings?notice=") + strings::UrlEncode("Member removed."));
}

Response History(RequestContext& ctx) {
  auto conn = ctx.app.db.Acquire();
  auto list = storage::AuditStore(*conn).ForWorkspace(ctx.ws->id, 500);
  if (!list.ok()) return ErrorPage(ctx, list.status());
  // Name each record by its acronym (or the workspace), as people know it.
  auto names = conn->Query("SELECT id, acronym FROM sister_projects WHERE workspace_id = ?", {ctx.ws->id});
  if (!names.ok()) return ErrorPage(ctx, names.status());
  std::map<int64_t, std::string> acronyms;
  for (const auto& r : *names) acronyms[r.Int(0)] = r.Text(1);
  nlohmann::json rows = display::HistoryRows(*list, ctx.ws->acronym);
  for (size_t i = 0; i < list->size(); ++i) {
    const auto& e = (*list)[i];
    std::string record, link;
    if (e.entity == "sister_project") {
      auto it = acronyms.find(e.entity_id);
      record = it != acronyms.end() ? it->second : (e.old_value.empty() ? "deleted project" : e.old_value);
      if (it != acronyms.end()) link = ctx.WsUrl("/registry/" + std::to_string(e.entity_id));
    } else if (e.entity == "workspace") {
      record = ctx.ws->acronym + " settings";
    } else {
      // Other records by what they are and their number; the ones with a page of their own link to it.
      static const std::map<std::string, std::pair<std::string, std::string>> kinds = {
          {"stakeholder", {"Stakeholder", "/stakeholders/"}},
          {"event", {"Event", "/events/"}},
          {"event_agenda", {"Agenda item", ""}},
          {"event_participant", {"Participant", ""}},
          {"event_attachment", {"Attachment", ""}},
          {"event_action", {"Action", ""}},
          {"assessment_round", {"Assessment round", "/scoreboard/rounds/"}},
          {"scoreboard_framework", {"Framework", ""}},
          {"s3p_partnership", {"S3P partnership", ""}},
          {"user_region", {"Region", ""}},
          {"workspace_regions", {"Regions of interest", ""}},
          {"indicator_dataset", {"Indicator dataset", ""}},
          {"indicator", {"Indicator", ""}},
          {"invitation_list", {"Invitation list", ""}},
          {"segment", {"Segment", ""}},
          {"engagement", {"Engagement matrix", ""}},
      };
      auto kind = kinds.find(e.entity);
      if (kind == kinds.end()) {
        record = e.entity;
      } else {
        record = kind->second.first + (e.entity_id > 0 ? " #" + std::to_string(e.entity_id) : "");
        if (!kind->second.second.empty() && e.entity_id > 0)
          link = ctx.WsUrl(kind->second.second + std::to_string(e.entity_id));
      }
    }
    rows[i]["record"] = record;
    rows[i]["link"] = link;
  }
  return RenderPage(ctx, "history", ctx.ws->acronym + " history",
                    {{"entries", rows}, {"title", ctx.ws->acronym + ": history of changes"}});
}

}  // namespace

void RegisterWorkspaceRoutes(Router& r) {
  r.Add("GET", "/", Access::kLoggedIn, Home);
  r.Add("POST", "/workspaces", Access::kSiteAdmin, CreateWorkspace);
  r.Add("GET", "/w/:ws", Access::kViewer, [](RequestContext& c) { return Response::Redirect(c.WsUrl("/registry")); });
  r.Add("GET", "/w/:ws/settings", Access::kViewer, Settings);
  r.Add("POST", "/w/:ws/settings", Access::kAdmin, SaveSettings);
  r.Add("POST", "/w/:ws/members", Access::kAdmin, AddMember);
  r.Add("POST", "/w/:ws/members/remove", Access::kAdmin, RemoveMember);
  r.Add("GET", "/w/:ws/history", Access::kViewer, History);
}

}  // namespace corridor::web
