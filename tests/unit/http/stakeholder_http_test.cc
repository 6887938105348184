// The public registration form, double opt-in, the self-service link and the admin record pages
// through the real server.
#include <filesystem>
#include <regex>

#include "http_fixture.h"
#include "storage/consent_store.h"
#include "storage/mail_outbox.h"
#include "storage/stakeholder_store.h"
#include "web/form_token.h"
#include "web/mail_delivery.h"

namespace corridor::testing {
namespace {

class StakeholderHttpTest : public WebTest {
 protected:
  static std::string Match(const std::string& body, const std::string& re) {
    std::smatch m;
    std::regex r(re);
    return std::regex_search(body, m, r) ? std::string(m[1]) : "";
  }
  // Loads the form (no login) and posts it with its signed token.
  httplib::Result Register(WebClient& c, httplib::Params form) {
    auto page = c.Get("/w/neo-cycle/register");
    EXPECT_TRUE(page && page->status == 200);
    form.emplace("_form", Match(page->body, R"re(name="_form" value="([0-9]+\.[0-9a-f]{64})")re"));
    return c.Post("/w/neo-cycle/register", form, false);
  }
  static httplib::Params Valid(const std::string& email, const std::string& name = "Ada Lovelace") {
    return {{"name", name},          {"organisation", "Analytical Engines"}, {"email", email},
            {"country", "uk"},       {"type", "industrial-actors"},          {"sector", "weee-recycling"},
            {"phase", "recycling"},  {"interests", "magnet recovery"},       {"consent", "contact"},
            {"consent", "newsletter"}};
  }
  std::optional<domain::Stakeholder> ByEmail(const std::string& email) {
    auto c = db_->Acquire();
    auto s = storage::StakeholderStore(*c).FindByEmail(neo_cycle_id_, email);
    EXPECT_TRUE(s.ok());
    return s.ok() ? *s : std::nullopt;
  }
  // Delivers the outbox to files and returns the newest mail for `to`.
  std::string DeliveredMailTo(const std::string& to) {
    web::MailSettings m;
    m.outbox_dir = dir_.File("outbox");
    auto r = web::DeliverPending(*db_, m);
    EXPECT_TRUE(r.ok());
    std::string newest;
    int64_t best = -1;
    for (auto& e : std::filesystem::directory_iterator(m.outbox_dir)) {
      std::string text = ReadFile(e.path().string());
      if (text.find("To: <" + to + ">") == std::string::npos) continue;
      auto id = std::stoll(Match(e.path().filename().string(), R"(mail-([0-9]+)\.eml)"));
      if (id > best) best = id, newest = text;
    }
    return newest;
  }
  static std::string PathOf(const std::string& url) {  // "http://localhost/w/..." -> "/w/..."
    auto p = url.find("/w/");
    return p == std::string::npos ? url : url.substr(p);
  }
};

TEST_F(StakeholderHttpTest, RegisterConfirmAppearInTheRegistry) {
  WebClient anon = Client();
  auto page = anon.Get("/w/neo-cycle/register");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("Regulatory bodies and policymakers"), std::string::npos);
  EXPECT_NE(page->get_header_value("Content-Security-Policy").find("frame-ancestors *"), std::string::npos)
      << "the form is embeddable";
  EXPECT_FALSE(page->has_header("X-Frame-Options"));
  EXPECT_EQ(page->body.find("<script"), std::string::npos) << "works without JavaScript";
  EXPECT_EQ(Client().Get("/w/neo-cycle/registry")->status, 303) << "the rest still needs a login";
  EXPECT_EQ(Client().Get("/login")->get_header_value("X-Frame-Options"), "DENY");

  auto r = Register(anon, Valid("Ada@Example.org"));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 303) << r->body;
  auto s = ByEmail("ada@example.org");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->status, domain::StakeholderStatus::kPending);

  std::string mail = DeliveredMailTo("ada@example.org");
  ASSERT_FALSE(mail.empty()) << "no confirmation mail in the file outbox";
  EXPECT_NE(mail.find("List-Unsubscribe: <http://localhost/w/neo-cycle/me/"), std::string::npos) << mail;
  std::string confirm = Match(mail, R"((http://localhost/w/neo-cycle/register/confirm/[0-9a-f]{64}))");
  ASSERT_FALSE(confirm.empty()) << mail;
  auto ask = anon.Get(PathOf(confirm));
  ASSERT_EQ(ask->status, 200);
  EXPECT_EQ(ByEmail("ada@example.org")->status, domain::StakeholderStatus::kPending) << "a GET (link scanner) confirms nothing";
  auto done = anon.Post(PathOf(confirm), {}, false);
  ASSERT_EQ(done->status, 200) << done->body;
  EXPECT_NE(done->body.find("Registration confirmed"), std::string::npos);
  EXPECT_EQ(ByEmail("ada@example.org")->status, domain::StakeholderStatus::kActive);

  WebClient admin = LoggedIn("admin@test");
  auto rec = admin.Get("/w/neo-cycle/stakeholders/" + std::to_string(s->id));
  ASSERT_EQ(rec->status, 200);
  EXPECT_NE(rec->body.find("Ada Lovelace"), std::string::npos);
  EXPECT_NE(rec->body.find("valid, confirmed"), std::string::npos);
  EXPECT_NE(rec->body.find("(v1)"), std::string::npos) << "consent text version shown";
  EXPECT_EQ(anon.Post(PathOf(confirm), {}, false)->status, 404) << "a confirmation link works once";
}

TEST_F(StakeholderHttpTest, RegisteringAgainChangesTheRecordOnlyOnceTheMailedLinkIsConfirmed) {
  WebClient anon = Client();
  ASSERT_EQ(Register(anon, Valid("ada@example.org"))->status, 303);
  ASSERT_FALSE(DeliveredMailTo("ada@example.org").empty());
  auto again = Valid("ADA@example.org", "Ada King");
  ASSERT_EQ(Register(anon, again)->status, 303);
  {
    auto c = db_->Acquire();
    auto n = c->Scalar("SELECT COUNT(*) FROM stakeholders WHERE email = 'ada@example.org'");
    EXPECT_EQ(std::get<int64_t>(**n), 1);
  }
  EXPECT_EQ(ByEmail("ada@example.org")->name, "Ada Lovelace") << "knowing the address is not enough";
  std::string mail = DeliveredMailTo("ada@example.org");
  std::string confirm = Match(mail, R"((http://localhost/w/neo-cycle/register/confirm/[0-9a-f]{64}))");
  ASSERT_FALSE(confirm.empty()) << mail;
  ASSERT_EQ(anon.Post(PathOf(confirm), {}, false)->status, 200);
  EXPECT_EQ(ByEmail("ada@example.org")->name, "Ada King");
}

TEST_F(StakeholderHttpTest, ASimilarRegistrationIsFlaggedOnTheRecordAndTheDuplicatesPage) {
  WebClient anon = Client();
  ASSERT_EQ(Register(anon, Valid("ada@example.org"))->status, 303);
  ASSERT_EQ(Register(anon, Valid("a.lovelace@example.org", "ADA LOVELACE"))->status, 303);
  auto first = ByEmail("ada@example.org"), second = ByEmail("a.lovelace@example.org");
  ASSERT_TRUE(first && second);
  WebClient editor = LoggedIn("editor@test");
  auto page = editor.Get("/w/neo-cycle/duplicates");
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("flagged at registration"), std::string::npos);
  auto rec = editor.Get("/w/neo-cycle/stakeholders/" + std::to_string(second->id));
  ASSERT_EQ(rec->status, 200);
  EXPECT_NE(rec->body.find("Possible duplicates"), std::string::npos);
  EXPECT_NE(rec->body.find("duplicates/merge?a=" + std::to_string(first->id) + "&amp;b=" + std::to_string(second->id)),
            std::string::npos)
      << rec->body.substr(rec->body.find("Possible duplicates"), 600);
}

TEST_F(StakeholderHttpTest, HoneypotRateLimitAndForgedOrExpiredTokens) {
  WebClient anon = Client();
  auto bot = Valid("bot@example.org");
  bot.emplace("website", "http://spam.example");
  auto r = Register(anon, bot);
  EXPECT_EQ(r->status, 303) << "a robot is told it worked";
  EXPECT_FALSE(ByEmail("bot@example.org")) << "and nothing is written";

  for (int i = 0; i < 5; ++i) ASSERT_EQ(Register(anon, Valid("eve@example.org"))->status, 303) << i;
  auto limited = Register(anon, Valid("eve@example.org"));
  EXPECT_EQ(limited->status, 429);
  EXPECT_NE(limited->body.find("Too many registrations"), std::string::npos);

  auto forged = Valid("mallory@example.org");
  forged.emplace("_form", std::to_string(web::UnixNow()) + "." + std::string(64, 'a'));
  auto f = anon.Post("/w/neo-cycle/register?embed=1", forged, false);
  EXPECT_EQ(f->status, 403);
  EXPECT_NE(f->body.find("security token is not valid"), std::string::npos);
  // In the public shell and frameable like the form: inside the project's iframe it shows.
  EXPECT_NE(f->get_header_value("Content-Security-Policy").find("frame-ancestors *"), std::string::npos);
  EXPECT_FALSE(f->has_header("X-Frame-Options"));
  EXPECT_NE(f->body.find("class=\"public embedded\""), std::string::npos);
  EXPECT_NE(f->body.find("Open the form again"), std::string::npos);
  EXPECT_EQ(f->body.find("corridor_session"), std::string::npos);
  auto missing = anon.Post("/w/neo-cycle/register", Valid("mallory@example.org"), false);
  EXPECT_EQ(missing->status, 403);
  // A token for another workspace does not open this one.
  std::string secret;
  {
    auto c = db_->Acquire();
    secret = *web::InstanceSecret(*c);
  }
  auto other = Valid("mallory@example.org");
  other.emplace("_form", web::IssueFormToken(secret, "i4-green", web::UnixNow()));
  EXPECT_EQ(anon.Post("/w/neo-cycle/register", other, false)->status, 403);
  auto expired = Valid("mallory@example.org");
  expired.emplace("_form", web::IssueFormToken(secret, "neo-cycle", web::UnixNow() - 7 * 3600));
  auto e = anon.Post("/w/neo-cycle/register", expired, false);
  EXPECT_EQ(e->status, 403);
  EXPECT_NE(e->body.find("expired"), std::string::npos);
  EXPECT_FALSE(ByEmail("mallory@example.org"));
}

TEST_F(StakeholderHttpTest, BadInputIsRefusedNamingTheField) {
  WebClient anon = Client();
  auto bad = Valid("not-an-address");
  auto r = Register(anon, bad);
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(r->body.find("email: not a valid address"), std::string::npos);
  EXPECT_NE(r->body.find("value=\"Ada Lovelace\""), std::string::npos) << "input kept";
  auto big = Valid("big@example.org", std::string(5000, 'x'));
  r = Register(anon, big);
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(r->body.find("name: at most 200 characters"), std::string::npos);
  httplib::Params no_consent = {{"name", "N"}, {"email", "n@example.org"}};
  r = Register(anon, no_consent);
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(r->body.find("consent_contact"), std::string::npos);
  EXPECT_FALSE(ByEmail("big@example.org"));
  EXPECT_FALSE(ByEmail("n@example.org"));
}

TEST_F(StakeholderHttpTest, MarkupInEveryFieldIsStoredAndShownEscaped) {
  WebClient anon = Client();
  const std::string evil = "<script>alert(1)</script>\"'&";
  httplib::Params f = {{"name", evil},          {"organisation", evil}, {"email", "x@example.org"},
                       {"interests", evil},     {"consent", "contact"}};
  ASSERT_EQ(Register(anon, f)->status, 303);
  auto s = ByEmail("x@example.org");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->name, evil) << "stored as typed";
  WebClient admin = LoggedIn("admin@test");
  auto rec = admin.Get("/w/neo-cycle/stakeholders/" + std::to_string(s->id));
  ASSERT_EQ(rec->status, 200);
  EXPECT_EQ(rec->body.find("<script>alert"), std::string::npos);
  EXPECT_NE(rec->body.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  // Markup in the country/type fields is refused, not stored.
  httplib::Params g = {{"name", "Y"}, {"email", "y@example.org"}, {"country", "<b>"}, {"consent", "contact"}};
  auto r = Register(anon, g);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(r->body.find("<b>"), std::string::npos);
}

TEST_F(StakeholderHttpTest, SelfServiceWithdrawDownloadAndErase) {
  WebClient anon = Client();
  ASSERT_EQ(Register(anon, Valid("ada@example.org"))->status, 303);
  std::string mail = DeliveredMailTo("ada@example.org");
  std::string confirm = Match(mail, R"((http://localhost/w/neo-cycle/register/confirm/[0-9a-f]{64}))");
  ASSERT_EQ(anon.Post(PathOf(confirm), {}, false)->status, 200);
  std::string me = PathOf(Match(mail, R"((http://localhost/w/neo-cycle/me/[0-9a-f]{64}))"));
  ASSERT_FALSE(me.empty());
  auto page = anon.Get(me);
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("ada@example.org"), std::string::npos);
  auto json = anon.Get(me + "/data.json");
  ASSERT_EQ(json->status, 200);
  EXPECT_NE(json->body.find("\"email\": \"ada@example.org\""), std::string::npos);
  EXPECT_NE(json->body.find("\"text_version\": 1"), std::string::npos);

  int64_t id = ByEmail("ada@example.org")->id;
  auto w = anon.Post(me + "/withdraw", {{"purpose", "newsletter"}}, false);
  ASSERT_EQ(w->status, 200);
  {
    auto c = db_->Acquire();
    storage::ConsentStore consents(*c);
    EXPECT_TRUE(*consents.HasValid(id, "contact"));
    EXPECT_FALSE(*consents.HasValid(id, "newsletter"));
  }
  // RFC 8058 one-click from the mail client: withdraws everything.
  auto one = anon.Post(me + "/withdraw", {{"List-Unsubscribe", "One-Click"}}, false);
  ASSERT_EQ(one->status, 200);
  {
    auto c = db_->Acquire();
    EXPECT_FALSE(*storage::ConsentStore(*c).HasValid(id, "contact"));
  }
  EXPECT_EQ(anon.Get("/w/neo-cycle/me/" + std::string(64, 'f'))->status, 404);

  EXPECT_EQ(anon.Post(me + "/erase", {}, false)->status, 400) << "needs the confirmation box";
  ASSERT_EQ(anon.Post(me + "/erase", {{"confirm", "yes"}}, false)->status, 200);
  EXPECT_FALSE(ByEmail("ada@example.org"));
  EXPECT_EQ(anon.Get(me)->status, 404) << "the link dies with the data";
}

TEST_F(StakeholderHttpTest, AdminCreateEditConflictEraseAndRoles) {
  WebClient editor = LoggedIn("editor@test");
  editor.RefreshCsrf("/w/neo-cycle/stakeholders/new");
  auto created = editor.Post("/w/neo-cycle/stakeholders/new",
                             {{"name", "Grace Hopper"}, {"email", "grace@example.org"}, {"type", "research-organisations"},
                              {"influence", "4"}, {"interest", "5"}, {"is_actor", "1"}});
  ASSERT_EQ(created->status, 303) << created->body;
  auto s = ByEmail("grace@example.org");
  ASSERT_TRUE(s);
  std::string url = "/w/neo-cycle/stakeholders/" + std::to_string(s->id);
  auto rec = editor.Get(url);
  EXPECT_NE(rec->body.find("Manage closely"), std::string::npos);
  auto bad = editor.Post(url, {{"name", "Grace Hopper"}, {"email", "grace@"}, {"version", "1"}});
  EXPECT_EQ(bad->status, 400);
  EXPECT_NE(bad->body.find("email: not a valid address"), std::string::npos);
  ASSERT_EQ(editor.Post(url, {{"name", "Grace Hopper"}, {"email", "grace@example.org"}, {"organisation", "Navy"},
                              {"version", "1"}})->status, 303);
  auto stale = editor.Post(url, {{"name", "Grace B. Hopper"}, {"email", "grace@example.org"}, {"version", "1"}});
  EXPECT_EQ(stale->status, 409);
  EXPECT_NE(stale->body.find("changed after you opened it"), std::string::npos);
  auto forged = editor.Post(url, {{"name", "X"}, {"version", "2"}, {"_csrf", std::string(64, '0')}}, false);
  EXPECT_EQ(forged->status, 403);

  EXPECT_EQ(editor.Post(url + "/erase", {{"why", "test"}})->status, 403) << "erasure is for admins";
  WebClient viewer = LoggedIn("viewer@test");
  viewer.RefreshCsrf(url);
  EXPECT_EQ(viewer.Get(url)->status, 200);
  EXPECT_EQ(viewer.Post(url, {{"name", "V"}, {"version", "2"}})->status, 403);
  WebClient admin = LoggedIn("admin@test");
  admin.RefreshCsrf(url);
  ASSERT_EQ(admin.Post(url + "/erase", {{"why", "request-of-3-May"}})->status, 303);
  auto after = admin.Get(url);
  EXPECT_NE(after->body.find("Erased record"), std::string::npos);
  EXPECT_EQ(after->body.find("grace@example.org"), std::string::npos);
  EXPECT_NE(after->body.find("request-of-3-May"), std::string::npos) << "the audit entry remains";
}

TEST_F(StakeholderHttpTest, SettingsTaxonomyConsentVersionRetentionAndSnippet) {
  WebClient admin = LoggedIn("admin@test");
  auto page = admin.Get("/w/neo-cycle/stakeholder-settings");
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("&lt;iframe src=&quot;http://localhost/w/neo-cycle/register?embed=1"), std::string::npos);
  ASSERT_EQ(admin.Post("/w/neo-cycle/stakeholder-settings/consent-text",
                       {{"purpose", "contact"}, {"text", "A clearer contact statement, version two."}, {"required", "1"}})
                ->status,
            303);
  ASSERT_EQ(admin.Post("/w/neo-cycle/stakeholder-settings/taxonomy",
                       {{"kind", "sector"}, {"key", "batteries"}, {"label", "Batteries"}})->status, 303);
  auto bad = admin.Post("/w/neo-cycle/stakeholder-settings/taxonomy", {{"kind", "sector"}, {"key", "Bad Key"}, {"label", "x"}});
  EXPECT_EQ(bad->status, 400);
  ASSERT_EQ(admin.Post("/w/neo-cycle/stakeholder-settings/retention", {{"months", "12"}})->status, 303);
  page = admin.Get("/w/neo-cycle/stakeholder-settings");
  EXPECT_NE(page->body.find("version 2"), std::string::npos);
  EXPECT_NE(page->body.find("value=\"12\""), std::string::npos);
  auto form = Client().Get("/w/neo-cycle/register");
  EXPECT_NE(form->body.find("A clearer contact statement"), std::string::npos);
  EXPECT_NE(form->body.find("Batteries"), std::string::npos);
  WebClient editor = LoggedIn("editor@test");
  EXPECT_EQ(editor.Get("/w/neo-cycle/stakeholder-settings")->status, 403);
}

}  // namespace
}  // namespace corridor::testing
