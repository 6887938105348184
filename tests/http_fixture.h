// Starts the real web server in-process (a fresh database on the engine of the pass, see
// tests/test_support.h; a free port) and talks to it with a real HTTP client that keeps cookies
// and the CSRF token.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <memory>
#include <regex>
#include <string>
#include <thread>

#include "analytics/discovery_service.h"
#include "storage/database.h"
#include "storage/demo_data.h"
#include "storage/group_commit.h"
#include "storage/user_store.h"
#include "test_support.h"
#include "web/handlers/handlers.h"
#include "web/http_server.h"

namespace corridor::testing {

class WebClient {
 public:
  explicit WebClient(int port) : http_("127.0.0.1", port) { http_.set_read_timeout(30, 0); }

  httplib::Result Get(const std::string& path) {
    auto r = http_.Get(path.c_str(), Headers());
    Remember(r);
    return r;
  }
  // Posts a form; adds the CSRF token unless `with_csrf` is false.
  httplib::Result Post(const std::string& path, httplib::Params form, bool with_csrf = true) {
    if (with_csrf) form.emplace("_csrf", csrf_);
    auto r = http_.Post(path.c_str(), Headers(), form);
    Remember(r);
    return r;
  }
  httplib::Result PostMultipart(const std::string& path, httplib::MultipartFormDataItems items) {
    items.push_back({"_csrf", csrf_, "", ""});
    auto r = http_.Post(path.c_str(), Headers(), items);
    Remember(r);
    return r;
  }
  // Loads a page to pick up the CSRF token of its forms.
  void RefreshCsrf(const std::string& page = "/login") { Get(page); }
  bool Login(const std::string& email, const std::string& password) {
    RefreshCsrf("/login");
    auto r = Post("/login", {{"email", email}, {"password", password}});
    if (!r || r->status != 303) return false;
    RefreshCsrf("/");
    return true;
  }
  const std::string& csrf() const { return csrf_; }
  std::string Cookie(const std::string& name) const {
    auto it = cookies_.find(name);
    return it == cookies_.end() ? "" : it->second;
  }
  void SetCookie(const std::string& name, const std::string& value) { cookies_[name] = value; }

 private:
  httplib::Headers Headers() const {
    std::string c;
    for (auto& [k, v] : cookies_) c += (c.empty() ? "" : "; ") + k + "=" + v;
    httplib::Headers h;
    if (!c.empty()) h.emplace("Cookie", c);
    return h;
  }
  void Remember(const httplib::Result& r) {
    if (!r) return;
    for (auto& [k, v] : r->headers) {
      if (k != "Set-Cookie") continue;
      auto eq = v.find('=');
      auto semi = v.find(';');
      std::string name = v.substr(0, eq), value = v.substr(eq + 1, semi - eq - 1);
      if (v.find("Max-Age=0") != std::string::npos) cookies_.erase(name);
      else cookies_[name] = value;
    }
    static const std::regex re(R"re(name="_csrf" value="([0-9a-f]{64})")re");
    std::smatch m;
    if (std::regex_search(r->body, m, re)) csrf_ = m[1];
  }
  httplib::Client http_;
  std::map<std::string, std::string> cookies_;
  std::string csrf_;
};

// A running server with the demo workspaces and three users:
// admin@test (instance admin), editor@test (editor of neo-cycle), viewer@test (viewer of neo-cycle).
class WebTest : public ::testing::Test {
 protected:
  static constexpr const char* kPassword = "correct-horse-battery";

  void SetUp() override {
    test_db_ = DefaultTestDatabase(dir_, "web.db");
    storage::DatabaseOptions options;
    options.url = test_db_.url;
    options.pg_schema = test_db_.pg_schema;
    auto db = storage::Database::Open(options);
    ASSERT_TRUE(db.ok()) << db.status().message();
    db_ = std::move(*db);
    ASSERT_TRUE(db_->Migrate().ok());
    {
      auto c = db_->Acquire();
      ASSERT_TRUE(storage::LoadDemoWorkspaces(*c).ok());
      storage::UserStore users(*c);
      ASSERT_TRUE(users.Create("admin@test", "Admin", kPassword, true).ok());
      auto ed = users.Create("editor@test", "Eddie Editor", kPassword, false);
      auto vi = users.Create("viewer@test", "Vera Viewer", kPassword, false);
      ASSERT_TRUE(ed.ok() && vi.ok());
      auto ws = c->Scalar("SELECT id FROM workspaces WHERE slug = 'neo-cycle'");
      ASSERT_TRUE(ws.ok() && ws->has_value());
      int64_t wid = std::get<int64_t>(**ws);
      ASSERT_TRUE(users.SetRole(wid, *ed, domain::Role::kEditor).ok());
      ASSERT_TRUE(users.SetRole(wid, *vi, domain::Role::kViewer).ok());
      neo_cycle_id_ = wid;
    }
    discovery_ = std::make_unique<analytics::DiscoveryService>(*db_);
    if (storage::GroupCommitPays(db_->engine())) registrations_ = std::make_unique<storage::GroupCommit>(*db_);
    app_ = std::make_unique<web::AppContext>(
        web::AppContext{*db_, web::AppConfig{}, discovery_.get(), registrations_.get()});
    router_ = std::make_unique<web::Router>(web::BuildRouter());
    web::ServerOptions opts;
    opts.port = 0;
    opts.threads = 4;
    server_ = std::make_unique<web::HttpServer>(*app_, *router_, opts);
    auto port = server_->Bind();
    ASSERT_TRUE(port.ok()) << port.status().message();
    port_ = *port;
    thread_ = std::thread([this] { server_->Listen(); });
  }

  void TearDown() override {
    if (server_) server_->Stop();
    if (thread_.joinable()) thread_.join();
    registrations_.reset();
    if (db_) DropTestSchema(*db_, test_db_);
  }

  WebClient Client() { return WebClient(port_); }
  WebClient LoggedIn(const std::string& email) {
    WebClient c(port_);
    EXPECT_TRUE(c.Login(email, kPassword)) << "login failed for " << email;
    return c;
  }

  TempDir dir_;
  TestDatabase test_db_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<analytics::DiscoveryService> discovery_;
  std::unique_ptr<storage::GroupCommit> registrations_;
  std::unique_ptr<web::AppContext> app_;
  std::unique_ptr<web::Router> router_;
  std::unique_ptr<web::HttpServer> server_;
  std::thread thread_;
  int port_ = 0;
  int64_t neo_cycle_id_ = 0;
};

}  // namespace corridor::testing
