// Table-driven routing with access control: every route declares who may call it,
// and the router enforces login, workspace role and CSRF before the handler runs.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "domain/workspace.h"
#include "storage/audit_store.h"
#include "storage/user_store.h"
#include "web/app_context.h"
#include "web/http.h"

namespace corridor::web {

enum class Access {
  kPublic,     // anyone; POSTs still need the pre-session CSRF token
  kLoggedIn,   // any signed-in user
  kViewer,     // member of the workspace in :ws with at least this role
  kEditor,
  kAdmin,
  kSiteAdmin,  // the instance administrator
  // Anyone, and embeddable in other sites: POSTs carry a signed form token (web/form_token.h,
  // field "_form", bound to the workspace in :ws) instead of the cookie CSRF token.
  kPublicForm,
  // Anyone: a secret token in the URL (a signed link from a mail) authorises the request and the
  // handler checks it; no cookie CSRF (one-click withdrawal from a mail client, RFC 8058).
  kPublicLink,
};

struct RequestContext {
  AppContext& app;
  Request& req;
  std::optional<storage::User> user;
  std::string csrf;                         // token to embed in forms
  std::optional<domain::Workspace> ws;      // for /w/:ws/... routes
  std::optional<domain::Role> role;         // the user's role in ws (admin for site admins)
  std::vector<std::pair<std::string, std::string>> flash;  // (kind, message) shown on the page

  storage::Actor actor() const {
    return user ? storage::Actor{user->id, user->display_name} : storage::Actor{};
  }
  bool CanEdit() const { return role && *role >= domain::Role::kEditor; }
  bool IsAdmin() const { return role && *role >= domain::Role::kAdmin; }
  std::string WsUrl(const std::string& rest = "") const { return ws ? "/w/" + ws->slug + rest : rest; }
};

using Handler = std::function<Response(RequestContext&)>;

struct Route {
  std::string method;   // GET | POST
  std::string pattern;  // "/w/:ws/registry/:id"; ":id#" matches digits only"
  Access access;
  Handler handler;
};

class Router {
 public:
  void Add(std::string method, std::string pattern, Access access, Handler handler);
  Response Dispatch(AppContext& app, Request& req) const;

 private:
  std::vector<Route> routes_;
};

// Maps an error Status to an error page response (400/403/404/409/500).
Response ErrorPage(RequestContext& ctx, const Status& status);

}  // namespace corridor::web
