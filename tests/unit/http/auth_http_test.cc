// Login, sessions, CSRF and role checks through the real server.
#include "http_fixture.h"

namespace corridor::testing {
namespace {

class AuthHttpTest : public WebTest {};

TEST_F(AuthHttpTest, PagesNeedLoginAndWrongPasswordIsRefused) {
  WebClient c = Client();
  auto r = c.Get("/w/neo-cycle/settings");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 303);
  std::string location = r->get_header_value("Location");
  EXPECT_EQ(location.rfind("/login?next=", 0), 0u) << location;
  EXPECT_NE(location.find("neo-cycle"), std::string::npos) << location;
  EXPECT_FALSE(c.Login("admin@test", "wrong-password-123"));
  EXPECT_TRUE(c.Login("admin@test", kPassword));
  auto home = c.Get("/");
  ASSERT_TRUE(home);
  EXPECT_EQ(home->status, 200);
  EXPECT_NE(home->body.find("NEO-CYCLE"), std::string::npos);
}

TEST_F(AuthHttpTest, SessionCookieIsHttpOnlyAndSameSite) {
  WebClient c = Client();
  c.RefreshCsrf();
  auto r = c.Post("/login", {{"email", "admin@test"}, {"password", kPassword}});
  ASSERT_TRUE(r);
  std::string cookie;
  for (auto& [k, v] : r->headers)
    if (k == "Set-Cookie" && v.rfind("corridor_session=", 0) == 0) cookie = v;
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Lax"), std::string::npos);
}

TEST_F(AuthHttpTest, PostWithoutOrWithForgedCsrfIsRefused) {
  WebClient c = LoggedIn("admin@test");
  auto r = c.Post("/w/neo-cycle/settings", {{"acronym", "HACKED"}, {"name", "x"}}, false);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  r = c.Post("/w/neo-cycle/settings", {{"acronym", "HACKED"}, {"name", "x"}, {"_csrf", std::string(64, 'a')}}, false);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  auto page = c.Get("/w/neo-cycle/settings");
  EXPECT_EQ(page->body.find("HACKED"), std::string::npos);
}

TEST_F(AuthHttpTest, RolesAreCheckedOnEveryRoute) {
  WebClient viewer = LoggedIn("viewer@test");
  auto r = viewer.Get("/w/neo-cycle/settings");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  viewer.RefreshCsrf("/w/neo-cycle/settings");
  r = viewer.Post("/w/neo-cycle/settings", {{"acronym", "X"}, {"name", "Y"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  // Not a member of i4-green at all.
  r = viewer.Get("/w/i4-green/settings");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  EXPECT_NE(r->body.find("not a member"), std::string::npos);
}

TEST_F(AuthHttpTest, SettingsChangesAreAuditedWithOldAndNewValues) {
  WebClient admin = LoggedIn("admin@test");
  admin.RefreshCsrf("/w/neo-cycle/settings");
  auto r = admin.Post("/w/neo-cycle/settings",
                      {{"acronym", "NEO-CYCLE"},
                       {"name", "Renamed <b>project</b>"},
                       {"grant_id", "101138058"},
                       {"kind", "project"},
                       {"start_date", "01/09/2024"},
                       {"description", "magnets"},
                       {"partners", "Partner One; P1; 999; ES\nPartner Two; P2; ; DE"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 303);
  auto hist = admin.Get("/w/neo-cycle/history");
  ASSERT_TRUE(hist);
  EXPECT_NE(hist->body.find("Renamed &lt;b&gt;project&lt;/b&gt;"), std::string::npos);  // escaped
  EXPECT_EQ(hist->body.find("<b>project</b>"), std::string::npos);
  EXPECT_NE(hist->body.find("Admin"), std::string::npos);
  // A bad partner line is refused, naming the line.
  r = admin.Post("/w/neo-cycle/settings", {{"acronym", "NEO-CYCLE"}, {"name", "x"}, {"partners", "A;B;C;ESP"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(r->body.find("line 1"), std::string::npos);
}

TEST_F(AuthHttpTest, LoginIsRateLimited) {
  WebClient c = Client();
  int limited = 0;
  for (int i = 0; i < 12; ++i) {
    c.RefreshCsrf();
    auto r = c.Post("/login", {{"email", "editor@test"}, {"password", "wrong-password-" + std::to_string(i)}});
    if (r && r->status == 429) ++limited;
  }
  EXPECT_GT(limited, 0);
}

}  // namespace
}  // namespace corridor::testing
