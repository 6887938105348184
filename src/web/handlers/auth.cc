// Login, logout, own password, and the instance administrator's user list.
#include "core/password.h"
#include "core/strings.h"
#include "web/handlers/handlers.h"
#include "web/render.h"

namespace corridor::web {

namespace {

// Only same-site relative paths are followed after login (no open redirects).
std::string SafeNext(const std::string& next) {
  if (next.empty() || next[0] != '/' || (next.size() > 1 && (next[1] == '/' || next[1] == '\\'))) return "/";
  return next;
}

Response LoginForm(RequestContext& ctx) {
  if (ctx.user) return Response::Redirect("/");
  return RenderPage(ctx, "login", "Log in", {{"next", ctx.req.Query("next")}});
}

Response Login(RequestContext& ctx) {
  std::string email = strings::ToLower(strings::Trim(ctx.req.Form("email")));
  std::string pw = ctx.req.Form("password");
  std::string next = SafeNext(ctx.req.Form("next"));
  auto conn = ctx.app.db.Acquire();
  storage::UserStore users(*conn);
  // Throttle per address and per account, so neither guessing route scales.
  auto by_ip = users.AllowAttempt("ip:" + ctx.req.remote_addr, 30, 300);
  auto by_user = users.AllowAttempt("user:" + email, 10, 300);
  if (!by_ip.ok()) return ErrorPage(ctx, by_ip.status());
  if (!*by_ip || (by_user.ok() && !*by_user))
    return RenderPage(ctx, "login", "Log in",
                      {{"error", "Too many attempts; wait five minutes and try again."}, {"email", email}, {"next", next}},
                      429);
  auto u = users.FindByEmail(email);
  if (!u.ok()) return ErrorPage(ctx, u.status());
  // Verify against a dummy hash for unknown users so timing does not reveal accounts.
  static const std::string dummy = *password::Hash("not-a-real-password-0");
  bool good = password::Verify(*u ? (*u)->password_hash : dummy, pw) && u->has_value();
  if (!good)
    return RenderPage(ctx, "login", "Log in", {{"error", "Wrong e-mail or password."}, {"email", email}, {"next", next}},
                      401);
  auto token = users.CreateSession((*u)->id, ctx.app.config.session_hours);
  if (!token.ok()) return ErrorPage(ctx, token.status());
  Response r = Response::Redirect((*u)->must_change_password ? "/account/password" : next);
  std::string cookie = "corridor_session=" + *token + "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" +
                       std::to_string(ctx.app.config.session_hours * 3600);
  if (ctx.app.config.secure_cookies) cookie += "; Secure";
  r.headers.emplace_back("Set-Cookie", cookie);
  return r;
}

Response Logout(RequestContext& ctx) {
  auto it = ctx.req.cookies.find("corridor_session");
  if (it != ctx.req.cookies.end()) {
    auto conn = ctx.app.db.Acquire();
    storage::UserStore(*conn).DeleteSession(it->second);
  }
  Response r = Response::Redirect("/login");
  r.SetCookie("corridor_session", "", 0);
  return r;
}

Response PasswordForm(RequestContext& ctx) {
  return RenderPage(ctx, "password", "Change password", {{"must_change", ctx.user->must_change_password}});
}

Response ChangePassword(RequestContext& ctx) {
  auto fail = [&](const std::string& msg) {
    return RenderPage(ctx, "password", "Change password",
                      {{"must_change", ctx.user->must_change_password}, {"error", msg}}, 400);
  };
  if (!password::Verify(ctx.user->password_hash, ctx.req.Form("current"))) return fail("The current password is wrong.");
  std::string pw = ctx.req.Form("password");
  if (pw != ctx.req.Form("password2")) return fail("The two new passwords differ.");
  if (Status s = password::CheckStrength(pw); !s.ok()) return fail(s.message());
  auto conn = ctx.app.db.Acquire();
  storage::UserStore users(*conn);
  if (Status s = users.SetPassword(ctx.user->id, pw); !s.ok()) return ErrorPage(ctx, s);
  storage::AuditStore(*conn).Record(ctx.actor(), 0, "user", ctx.user->id, "update", "password", "", "(changed)");
  // SetPassword ended every session: open a fresh one for this browser.
  auto token = users.CreateSession(ctx.user->id, ctx.app.config.session_hours);
  if (!token.ok()) return ErrorPage(ctx, token.status());
  Response r = Response::Redirect("/?notice=" + strings::UrlEncode("Password changed."));
  r.SetCookie("corridor_session", *token, ctx.app.config.session_hours * 3600);
  return r;
}

Response UsersPage(RequestContext& ctx, const std::string& error = "", const std::string& created = "") {
  auto conn = ctx.app.db.Acquire();
  auto list = storage::UserStore(*conn).List();
  if (!list.ok()) return ErrorPage(ctx, list.status());
  nlohmann::json users = nlohmann::json::array();
  for (auto& u : *list)
    users.push_back({{"name", u.display_name}, {"email", u.email}, {"admin", u.is_site_admin}, {"created_at", u.created_at}});
  return RenderPage(ctx, "admin_users", "Users",
                    {{"users", users}, {"error", error}, {"created_password", created}}, error.empty() ? 200 : 400);
}

Response CreateUser(RequestContext& ctx) {
  std::string pw = password::Generate();
  auto conn = ctx.app.db.Acquire();
  auto id = storage::UserStore(*conn).Create(ctx.req.Form("email"), strings::Trim(ctx.req.Form("name")), pw,
                                             ctx.req.Form("site_admin") == "1", true);
  if (!id.ok()) return UsersPage(ctx, id.status().message());
  storage::AuditStore(*conn).Record(ctx.actor(), 0, "user", *id, "create", "email", "", ctx.req.Form("email"));
  return UsersPage(ctx, "", pw);
}

}  // namespace

void RegisterAuthRoutes(Router& r) {
  r.Add("GET", "/login", Access::kPublic, LoginForm);
  r.Add("POST", "/login", Access::kPublic, Login);
  r.Add("POST", "/logout", Access::kLoggedIn, Logout);
  r.Add("GET", "/account/password", Access::kLoggedIn, PasswordForm);
  r.Add("POST", "/account/password", Access::kLoggedIn, ChangePassword);
  r.Add("GET", "/admin/users", Access::kSiteAdmin, [](RequestContext& c) { return UsersPage(c); });
  r.Add("POST", "/admin/users", Access::kSiteAdmin, CreateUser);
}

}  // namespace corridor::web
