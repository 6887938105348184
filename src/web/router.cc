#include "web/router.h"

#include <sodium.h>

#include <algorithm>
#include <cctype>

#include "core/strings.h"
#include "storage/workspace_store.h"
#include "web/form_token.h"
#include "web/handlers/stakeholder_common.h"
#include "web/render.h"

namespace corridor::web {

namespace {

bool Match(const std::string& pattern, const std::string& path, std::map<std::string, std::string>& params) {
  auto ps = strings::Split(pattern, '/');
  auto xs = strings::Split(path, '/');
  if (ps.size() != xs.size()) return false;
  std::map<std::string, std::string> out;
  for (size_t i = 0; i < ps.size(); ++i) {
    if (!ps[i].empty() && ps[i][0] == ':') {
      if (xs[i].empty()) return false;
      std::string name = ps[i].substr(1);
      if (!name.empty() && name.back() == '#') {  // digits only, so "/x/:id#" leaves "/x/new" to other routes
        name.pop_back();
        if (!std::all_of(xs[i].begin(), xs[i].end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
      }
      out[name] = xs[i];
    } else if (ps[i] != xs[i]) {
      return false;
    }
  }
  params = std::move(out);
  return true;
}

bool ConstantTimeEquals(const std::string& a, const std::string& b) {
  return a.size() == b.size() && !a.empty() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

int HttpStatus(ErrorCode c) {
  switch (c) {
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kCorrupt:
      return 400;
    case ErrorCode::kTooLarge: return 413;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kPermissionDenied: return 403;
    case ErrorCode::kConflict: return 409;
    default: return 500;
  }
}

// The client's address: the peer's, or behind a trusted reverse proxy the last address that
// proxy appended to X-Forwarded-For (earlier entries come from the client and may be forged).
std::string ClientAddress(const AppConfig& config, const Request& req) {
  if (std::find(config.trusted_proxies.begin(), config.trusted_proxies.end(), req.remote_addr) ==
      config.trusted_proxies.end())
    return req.remote_addr;
  auto parts = strings::Split(req.Header("x-forwarded-for"), ',');
  std::string last = parts.empty() ? "" : strings::Trim(parts.back());
  bool looks_like_ip = !last.empty() && last.size() <= 45 && std::all_of(last.begin(), last.end(), [](char c) {
    return std::isxdigit(static_cast<unsigned char>(c)) || c == '.' || c == ':';
  });
  return looks_like_ip ? last : req.remote_addr;
}

}  // namespace

void Router::Add(std::string method, std::string pattern, Access access, Handler handler) {
  routes_.push_back({std::move(method), std::move(pattern), access, std::move(handler)});
}

Response ErrorPage(RequestContext& ctx, const Status& status) {
  int code = HttpStatus(status.code());
  std::string msg = code == 500 ? "Something went wrong on our side; the error was logged." : status.message();
  if (code == 500) std::fprintf(stderr, "corridor: error on %s %s: %s\n", ctx.req.method.c_str(), ctx.req.path.c_str(),
                                status.message().c_str());
  return RenderPage(ctx, "error", "Error " + std::to_string(code), {{"code", code}, {"message", msg}}, code);
}

Response Router::Dispatch(AppContext& app, Request& req) const {
  req.remote_addr = ClientAddress(app.config, req);
  RequestContext ctx{app, req, std::nullopt, "", std::nullopt, std::nullopt, {}};
  const Route* route = nullptr;
  bool path_matched = false;
  for (const Route& r : routes_) {
    std::map<std::string, std::string> params;
    if (!Match(r.pattern, req.path, params)) continue;
    path_matched = true;
    if (r.method != req.method) continue;
    req.params = std::move(params);
    route = &r;
    break;
  }
  std::optional<storage::PooledConnection> conn(app.db.Acquire());
  storage::UserStore users(**conn);
  // Session: the cookie holds a random token; the database holds its hash.
  std::string session_token;
  if (auto it = req.cookies.find("corridor_session"); it != req.cookies.end()) {
    session_token = it->second;
    auto s = users.FindSession(session_token);
    if (s.ok() && *s) {
      auto u = users.FindById((*s)->user_id);
      if (u.ok() && *u) {
        ctx.user = **u;
        ctx.csrf = (*s)->csrf_token;
      }
    }
  }
  Response pre_cookie;
  if (!ctx.user) {
    // Anonymous forms (login) use a double-submit token bound to a cookie.
    auto it = req.cookies.find("corridor_csrf");
    if (it != req.cookies.end() && it->second.size() == 64) ctx.csrf = it->second;
    else {
      ctx.csrf = strings::RandomToken(32);
      pre_cookie.SetCookie("corridor_csrf", ctx.csrf, 86400, true);
    }
  }
  auto finish = [&](Response r) {
    for (auto& h : pre_cookie.headers) r.headers.push_back(h);
    return r;
  };
  if (!route) {
    if (path_matched) return finish(ErrorPage(ctx, Status::Invalid("method not allowed")));
    return finish(ErrorPage(ctx, Status::NotFound("no page at " + req.path)));
  }
  const bool public_route =
      route->access == Access::kPublic || route->access == Access::kPublicForm || route->access == Access::kPublicLink;
  if (!public_route && !ctx.user) {
    if (req.method == "GET") return finish(Response::Redirect("/login?next=" + strings::UrlEncode(req.path)));
    return finish(ErrorPage(ctx, Status::Denied("please log in")));
  }
  if (req.method == "POST" && route->access == Access::kPublicForm) {
    auto secret = InstanceSecret(**conn);
    if (!secret.ok()) return finish(ErrorPage(ctx, secret.status()));
    Status token = CheckFormToken(*secret, req.Param("ws"), req.Form("_form"), UnixNow());
    // Shown in the public shell, frameable like the form: inside an iframe the app's error page
    // (frame-ancestors 'none') would show nothing.
    if (!token.ok()) return finish(stakeholders::PublicErrorPage(ctx, token, true));
  } else if (req.method == "POST" && route->access != Access::kPublicLink) {
    std::string sent = req.Form("_csrf");
    if (sent.empty()) sent = req.Header("x-csrf-token");
    if (!ConstantTimeEquals(sent, ctx.csrf))
      return finish(ErrorPage(ctx, Status::Denied("the form's security token is missing or out of date; reload the page and try again")));
  }
  if (ctx.user && ctx.user->must_change_password && req.path != "/account/password" && req.path != "/logout" &&
      !public_route)
    return finish(Response::Redirect("/account/password"));
  if (route->access == Access::kSiteAdmin && !ctx.user->is_site_admin)
    return finish(ErrorPage(ctx, Status::Denied("only the instance administrator may do this")));
  if (auto slug = req.params.find("ws"); slug != req.params.end()) {
    auto w = storage::WorkspaceStore(**conn).FindBySlug(slug->second);
    if (!w.ok()) return finish(ErrorPage(ctx, w.status()));
    if (!*w) return finish(ErrorPage(ctx, Status::NotFound("no workspace " + slug->second)));
    ctx.ws = std::move(**w);
    if (ctx.user) {
      if (ctx.user->is_site_admin) ctx.role = domain::Role::kAdmin;
      else {
        auto role = users.RoleIn(ctx.ws->id, ctx.user->id);
        if (role.ok()) ctx.role = *role;
      }
    }
    domain::Role needed = route->access == Access::kAdmin    ? domain::Role::kAdmin
                          : route->access == Access::kEditor ? domain::Role::kEditor
                                                             : domain::Role::kViewer;
    bool role_route = route->access == Access::kViewer || route->access == Access::kEditor ||
                      route->access == Access::kAdmin;
    if (role_route && (!ctx.role || *ctx.role < needed))
      return finish(ErrorPage(ctx, Status::Denied(ctx.role ? "your role in " + ctx.ws->acronym + " is " +
                                                              domain::RoleKey(*ctx.role) + "; this needs " +
                                                              domain::RoleKey(needed)
                                                        : "you are not a member of " + ctx.ws->acronym)));
  }
  conn.reset();  // give the connection back before the handler runs
  try {
    return finish(route->handler(ctx));
  } catch (const std::exception& e) {
    return finish(ErrorPage(ctx, Status::Internal(e.what())));
  }
}

}  // namespace corridor::web
