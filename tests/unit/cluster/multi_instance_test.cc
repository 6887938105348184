// Two `corridor serve` processes (the built binary) on one database, as behind a load balancer:
// they start together on an empty database, share logins, CSRF tokens, the login limit and
// every change, and refuse the second of two saves of one record. With Debian's nginx
// installed, also through nginx balancing round-robin over both.
// The database is the pass's engine (CORRIDOR_TEST_ENGINE): PostgreSQL, one schema of
// CORRIDOR_TEST_PG_URL shared by both (the case the feature is for), or one SQLite file in WAL
// mode (one machine). Unset, PostgreSQL when CORRIDOR_TEST_PG_URL is set, else SQLite.
#include <atomic>
#include <barrier>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <set>
#include <thread>

#include "cluster_support.h"
#include "core/embedded_files.h"
#include "core/strings.h"
#include "http_fixture.h"
#include "server_process.h"

namespace corridor::testing {
namespace {

class TwoInstancesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    engine_ = ClusterTestEngine();
    if (engine_ == "postgres" && !std::getenv("CORRIDOR_TEST_PG_URL"))
      GTEST_SKIP() << "CORRIDOR_TEST_ENGINE=postgres without CORRIDOR_TEST_PG_URL: skipped";
    test_db_ = NewTestDatabase(engine_, dir_, "shared.db");
    url_ = FullUrl(test_db_);
    // Both at the same moment on the empty database: migrations, the demo load and the first
    // administrator must each happen once (Database::WithSetupLock).
    bool a_ok = false, b_ok = false;
    std::thread ta([&] { a_ok = a_.Start(url_, dir_.path().string(), "a", extra_args_); });
    std::thread tb([&] { b_ok = b_.Start(url_, dir_.path().string(), "b", extra_args_); });
    ta.join();
    tb.join();
    ASSERT_TRUE(a_ok) << a_.Describe();
    ASSERT_TRUE(b_ok) << b_.Describe();
    auto db = storage::Database::Open({url_});
    ASSERT_TRUE(db.ok()) << db.status().message();
    db_ = std::move(*db);
    neo_cycle_ = WorkspaceId(*db_, "neo-cycle");
    AddUser(*db_, "eddie@test", "Eddie Editor", false, "neo-cycle");
    AddUser(*db_, "erin@test", "Erin Editor", false, "neo-cycle");
  }

  void TearDown() override {
    a_.Stop();
    b_.Stop();
    if (db_) DropTestSchema(*db_, test_db_);
  }

  WebClient On(const ServerProcess& s) { return WebClient(s.port()); }
  WebClient LoggedIn(const ServerProcess& s, const std::string& email) {
    WebClient c(s.port());
    EXPECT_TRUE(c.Login(email, kClusterPassword)) << "login on " << s.name() << " failed for " << email;
    return c;
  }
  // A client of `to` carrying `from`'s session cookie (the browser behind a load balancer).
  static WebClient SameBrowser(const WebClient& from, const ServerProcess& to) {
    WebClient c(to.port());
    c.SetCookie("corridor_session", from.Cookie("corridor_session"));
    return c;
  }
  std::string RecordUrl(const std::string& acronym) {
    return "/w/neo-cycle/registry/" + std::to_string(Stored(*db_, neo_cycle_, acronym).id);
  }
  int64_t Scalar(const std::string& sql, const storage::Params& params = {}) {
    auto c = db_->Acquire();
    auto v = c->Scalar(sql, params);
    EXPECT_TRUE(v.ok() && v->has_value()) << sql << ": " << (v.ok() ? "no row" : v.status().message());
    if (!v.ok() || !*v) return -1;
    if (auto i = std::get_if<int64_t>(&**v)) return *i;
    if (auto t = std::get_if<std::string>(&**v)) return strings::ParseInt(*t).value_or(-1);
    return -1;
  }

  // "postgres" if the pass says so, or by hand with CORRIDOR_TEST_PG_URL set; else "sqlite".
  static std::string ClusterTestEngine() {
    const char* pass = std::getenv("CORRIDOR_TEST_ENGINE");
    if (pass && *pass) return pass;
    const char* pg = std::getenv("CORRIDOR_TEST_PG_URL");
    return pg && *pg ? "postgres" : "sqlite";
  }
  static std::string FullUrl(const TestDatabase& t) {
    return t.pg_schema.empty() ? t.url : WithSchema(t.url, t.pg_schema);
  }

  TempDir dir_;
  std::string engine_;
  std::vector<std::string> extra_args_ = {"--trusted-proxy", "127.0.0.1"};
  TestDatabase test_db_;
  std::string url_;
  ServerProcess a_, b_;
  std::unique_ptr<storage::Database> db_;
  int64_t neo_cycle_ = 0;
};

const std::string kSignedInAsEddie = "title=\"eddie@test\">Eddie Editor</a>";

TEST_F(TwoInstancesTest, StartedTogetherOnAnEmptyDatabaseTheyMigrateAndSeedOnce) {
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM users WHERE email = 'admin@localhost'"), 1);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM workspaces WHERE slug = 'neo-cycle'"), 1);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM workspaces WHERE slug = 'i4-green'"), 1);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM workspaces"), 2);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM sister_projects WHERE workspace_id = ?", {neo_cycle_}), 29);
  // The demo regions once: the marker row and the four I4-GREEN regions of interest, not eight.
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM settings WHERE key = 'demo:regions:i4-green'"), 1);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM workspace_regions r JOIN workspaces w ON w.id = r.workspace_id "
                   "WHERE w.slug = 'i4-green'"),
            4);
  int64_t files = 0;
  for (const auto& f : embedded::All())
    if (strings::StartsWith(f.path, "src/storage/migrations/" + std::string(engine_ == "postgres" ? "postgres/" : "sqlite/")))
      ++files;
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM schema_migrations"), files);

  // Exactly one of them created the administrator and printed its one-time password, which
  // works on the other instance too.
  std::string pa = a_.FirstPassword(), pb = b_.FirstPassword();
  ASSERT_NE(pa.empty(), pb.empty()) << "a: " << a_.Stdout() << "\nb: " << b_.Stdout();
  const ServerProcess& other = pa.empty() ? a_ : b_;
  WebClient admin = On(other);
  admin.RefreshCsrf("/login");
  auto r = admin.Post("/login", {{"email", "admin@localhost"}, {"password", pa.empty() ? pb : pa}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 303);
  EXPECT_EQ(r->get_header_value("Location"), "/account/password");
}

// More instances at once on another empty database: every one comes up (none trips over
// another's CREATE SCHEMA, migration or first administrator) and the setup happened once.
TEST_F(TwoInstancesTest, FourMoreInstancesStartedAtOnceOnAnEmptyDatabaseAllComeUp) {
  TestDatabase other = NewTestDatabase(engine_, dir_, "more.db");
  std::string url = FullUrl(other);
  constexpr int kInstances = 4;
  std::vector<std::unique_ptr<ServerProcess>> servers;
  for (int i = 0; i < kInstances; ++i) servers.push_back(std::make_unique<ServerProcess>());
  std::barrier go(kInstances);
  std::vector<int> ok(kInstances, 0);
  std::vector<std::thread> threads;
  for (int i = 0; i < kInstances; ++i)
    threads.emplace_back([&, i] {
      go.arrive_and_wait();
      ok[i] = servers[i]->Start(url, dir_.path().string(), "more" + std::to_string(i), {"--no-demo"});
    });
  for (auto& t : threads) t.join();
  int printed = 0;
  for (int i = 0; i < kInstances; ++i) {
    EXPECT_TRUE(ok[i]) << servers[i]->Describe();
    if (!servers[i]->FirstPassword().empty()) ++printed;
  }
  EXPECT_EQ(printed, 1);
  auto db = storage::Database::Open({url});
  ASSERT_TRUE(db.ok()) << db.status().message();
  {
    auto c = (*db)->Acquire();
    auto n = c->Scalar("SELECT COUNT(*) FROM users");
    ASSERT_TRUE(n.ok() && n->has_value());
    EXPECT_EQ(std::get<int64_t>(**n), 1);
  }
  for (auto& s : servers) s->Stop();
  DropTestSchema(**db, other);
}

TEST_F(TwoInstancesTest, ALoginOnOneInstanceIsValidOnTheOtherAndSoIsTheLogout) {
  WebClient on_a = LoggedIn(a_, "eddie@test");
  WebClient on_b = SameBrowser(on_a, b_);
  auto page = on_b.Get("/w/neo-cycle/registry");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_TRUE(Contains(page->body, kSignedInAsEddie));
  EXPECT_TRUE(Contains(page->body, "1-29 of 29"));

  // The anonymous login form's token (a cookie) also crosses: form from B, post to A.
  WebClient erin_b = On(b_);
  erin_b.RefreshCsrf("/login");
  WebClient erin_a = On(a_);
  erin_a.SetCookie("corridor_csrf", erin_b.Cookie("corridor_csrf"));
  auto login = erin_a.Post("/login", {{"email", "erin@test"}, {"password", kClusterPassword}, {"_csrf", erin_b.csrf()}},
                           false);
  ASSERT_TRUE(login);
  EXPECT_EQ(login->status, 303) << login->body;

  // Logging out on B ends the session on A as well.
  ASSERT_EQ(on_b.Post("/logout", {})->status, 303);
  auto after = on_a.Get("/w/neo-cycle/registry");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 303);
  EXPECT_EQ(after->get_header_value("Location").rfind("/login", 0), 0u);
}

TEST_F(TwoInstancesTest, AFormTokenFromOneInstanceIsAcceptedByTheOtherAndAForgedOneByNeither) {
  WebClient on_a = LoggedIn(a_, "eddie@test");
  std::string url = RecordUrl("EJP SOIL");
  on_a.RefreshCsrf(url);
  std::string token = on_a.csrf();
  ASSERT_EQ(token.size(), 64u);
  WebClient on_b = SameBrowser(on_a, b_);
  std::string stage_before = domain::StageKey(Stored(*db_, neo_cycle_, "EJP SOIL").stage);

  // Missing and forged tokens: refused by both, nothing written.
  std::string forged(64, 'f');
  for (WebClient* c : {&on_a, &on_b}) {
    auto missing = c->Post(url + "/stage", {{"to", "finished"}, {"justification", "no token"}}, false);
    ASSERT_TRUE(missing);
    EXPECT_EQ(missing->status, 403);
    EXPECT_TRUE(Contains(missing->body, "security token is missing or out of date"));
    auto bad = c->Post(url + "/stage", {{"to", "finished"}, {"justification", "forged"}, {"_csrf", forged}}, false);
    ASSERT_TRUE(bad);
    EXPECT_EQ(bad->status, 403);
  }
  // Another user's valid token is no good for this session either.
  WebClient erin = LoggedIn(b_, "erin@test");
  erin.RefreshCsrf(url);
  ASSERT_NE(erin.csrf(), token);
  auto theirs = on_b.Post(url + "/stage", {{"to", "finished"}, {"justification", "x"}, {"_csrf", erin.csrf()}}, false);
  ASSERT_TRUE(theirs);
  EXPECT_EQ(theirs->status, 403);
  EXPECT_EQ(domain::StageKey(Stored(*db_, neo_cycle_, "EJP SOIL").stage), stage_before);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM pipeline_steps s JOIN sister_projects p ON p.id = s.project_id "
                   "WHERE p.acronym = 'EJP SOIL' AND s.justification IN ('no token', 'forged', 'x')"),
            0);

  // A's token, sent to B in the same session: accepted.
  auto form = FormOf(Stored(*db_, neo_cycle_, "EJP SOIL"));
  SetField(form, "relevance_comment", "Checked through B with A's token");
  form.emplace("_csrf", token);
  auto saved = on_b.Post(url, form, false);
  ASSERT_TRUE(saved);
  EXPECT_EQ(saved->status, 303) << saved->body;
  EXPECT_EQ(Stored(*db_, neo_cycle_, "EJP SOIL").Get("relevance_comment"), "Checked through B with A's token");
}

TEST_F(TwoInstancesTest, FailedLoginsOnBothInstancesCountTogether) {
  for (int i = 0; i < 10; ++i) {
    WebClient c = On(i % 2 ? b_ : a_);
    c.RefreshCsrf("/login");
    auto r = c.Post("/login", {{"email", "eddie@test"}, {"password", "wrong-password-" + std::to_string(i)}});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 401) << "attempt " << i;
  }
  // Ten wrong attempts, five on each: the right password is now refused by both.
  for (const ServerProcess* s : {&a_, &b_}) {
    WebClient c = On(*s);
    c.RefreshCsrf("/login");
    auto r = c.Post("/login", {{"email", "eddie@test"}, {"password", kClusterPassword}});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 429) << s->name();
    EXPECT_TRUE(Contains(r->body, "Too many attempts"));
    EXPECT_TRUE(r->get_header_value("Set-Cookie").find("corridor_session") == std::string::npos);
  }
  // Another account is not affected.
  LoggedIn(b_, "erin@test");
}

TEST_F(TwoInstancesTest, ConcurrentFailedLoginsOnBothInstancesNeverExceedTheLimit) {
  // 16 wrong passwords at the same moment, half through each instance: the limit of 10 per
  // account holds exactly (the check and the count are one transaction per attempt).
  constexpr int kAttempts = 16;
  std::vector<WebClient> clients;
  for (int i = 0; i < kAttempts; ++i) {
    clients.push_back(On(i % 2 ? b_ : a_));
    clients.back().RefreshCsrf("/login");
  }
  std::barrier start(kAttempts);
  std::vector<int> status(kAttempts, 0);
  std::vector<std::thread> threads;
  for (int i = 0; i < kAttempts; ++i)
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      auto r = clients[i].Post("/login", {{"email", "erin@test"}, {"password", "wrong-" + std::to_string(i)}});
      status[i] = r ? r->status : -1;
    });
  for (auto& t : threads) t.join();
  int wrong = 0, limited = 0;
  for (int s : status) {
    if (s == 401) ++wrong;
    else if (s == 429) ++limited;
    else ADD_FAILURE() << "unexpected status " << s;
  }
  EXPECT_EQ(wrong, 10);
  EXPECT_EQ(limited, kAttempts - 10);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM login_attempts WHERE key = 'user:erin@test'"), 10);
}

TEST_F(TwoInstancesTest, BehindATrustedProxyTheLimitPerAddressUsesTheForwardedClientAddress) {
  // 30 attempts per address in five minutes: from one forwarded address (each for another
  // account, so the per-account limit stays out of the way), then from a second one.
  auto attempt = [&](const ServerProcess& s, const std::string& client, int i) {
    httplib::Client c("127.0.0.1", s.port());
    WebClient page = On(s);
    page.RefreshCsrf("/login");
    httplib::Headers h = {{"X-Forwarded-For", "192.0.2.99, " + client},
                          {"Cookie", "corridor_csrf=" + page.Cookie("corridor_csrf")}};
    auto r = c.Post("/login", h,
                    httplib::Params{{"email", "nobody" + std::to_string(i) + "@test"},
                                    {"password", "wrong"},
                                    {"_csrf", page.csrf()}});
    return r ? r->status : -1;
  };
  for (int i = 0; i < 30; ++i) ASSERT_EQ(attempt(i % 2 ? b_ : a_, "198.51.100.7", i), 401) << i;
  EXPECT_EQ(attempt(a_, "198.51.100.7", 30), 429);
  EXPECT_EQ(attempt(b_, "198.51.100.7", 31), 429);
  EXPECT_EQ(attempt(b_, "198.51.100.8", 32), 401);  // another client behind the same proxy
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM login_attempts WHERE key = 'ip:198.51.100.7'"), 30);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM login_attempts WHERE key LIKE 'ip:192.0.2.%'"), 0);
}

TEST_F(TwoInstancesTest, AChangeThroughOneInstanceIsSeenByTheOtherAtOnce) {
  WebClient on_a = LoggedIn(a_, "eddie@test");
  WebClient on_b = LoggedIn(b_, "erin@test");
  std::string url = RecordUrl("EJP SOIL");
  // Edit through A: rated high, new coordinator.
  auto form = FormOf(Stored(*db_, neo_cycle_, "EJP SOIL"));
  SetField(form, "relevance_score", "3");
  SetField(form, "coordinator_name", "Shared Storage Institute");
  on_a.RefreshCsrf(url + "/edit");
  ASSERT_EQ(on_a.Post(url, form)->status, 303);
  auto seen = on_b.Get(url);
  ASSERT_TRUE(seen);
  EXPECT_TRUE(Contains(seen->body, "Shared Storage Institute"));

  // Move it through B: A shows the step.
  on_b.RefreshCsrf(url);
  auto moved = on_b.Post(url + "/stage", {{"to", "shortlist"}, {"justification", "Agreed at the cluster call"}});
  ASSERT_TRUE(moved);
  ASSERT_EQ(moved->status, 303) << moved->body;
  auto page = on_a.Get(url);
  EXPECT_TRUE(Contains(page->body, "<strong>Longlist → Shortlist</strong>"));
  EXPECT_TRUE(Contains(page->body, "Erin Editor</span><br>Agreed at the cluster call"));

  // A record created through B is in A's list.
  on_b.RefreshCsrf("/w/neo-cycle/registry/new");
  ASSERT_EQ(on_b.Post("/w/neo-cycle/registry", NewRecordForm("TWINSTANCE"))->status, 303);
  auto list = on_a.Get("/w/neo-cycle/registry");
  EXPECT_TRUE(Contains(list->body, "1-30 of 30"));
  EXPECT_TRUE(Contains(list->body, "TWINSTANCE"));
}

TEST_F(TwoInstancesTest, TheSecondSaveOfARecordIsRefusedNamingWhoChangedWhatAndKeepsTheInput) {
  std::string url = RecordUrl("NEOHIRE");
  WebClient eddie = LoggedIn(a_, "eddie@test");
  WebClient erin = LoggedIn(b_, "erin@test");
  // Both open the edit form, each on their own instance.
  auto loaded = Stored(*db_, neo_cycle_, "NEOHIRE");
  eddie.RefreshCsrf(url + "/edit");
  auto erins_form = erin.Get(url + "/edit");
  ASSERT_TRUE(Contains(erins_form->body, "name=\"version\" value=\"" + std::to_string(loaded.version) + "\""));

  auto his = FormOf(loaded);
  SetField(his, "coordinator_name", "Eddie's coordinator");
  ASSERT_EQ(eddie.Post(url, his)->status, 303);

  auto hers = FormOf(loaded);
  SetField(hers, "relevance_comment", "Erin's careful comment");
  auto r = erin.Post(url, hers);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 409) << r->body;
  EXPECT_TRUE(Contains(r->body, "Eddie Editor at")) << r->body;
  EXPECT_TRUE(Contains(r->body, "changed Coordinator name"));
  EXPECT_TRUE(Contains(r->body, ">Erin&apos;s careful comment</textarea>"));
  auto now = Stored(*db_, neo_cycle_, "NEOHIRE");
  EXPECT_EQ(now.Get("coordinator_name"), "Eddie's coordinator");
  EXPECT_EQ(now.Get("relevance_comment"), loaded.Get("relevance_comment"));
  EXPECT_EQ(now.version, loaded.version + 1);
}

TEST_F(TwoInstancesTest, SimultaneousSavesOfOneRecordThroughBothInstancesLetExactlyOneThrough) {
  std::string url = RecordUrl("HARMONY");
  WebClient eddie = LoggedIn(a_, "eddie@test");
  WebClient erin = LoggedIn(b_, "erin@test");
  eddie.RefreshCsrf(url + "/edit");
  erin.RefreshCsrf(url + "/edit");
  constexpr int kRounds = 6;
  for (int round = 0; round < kRounds; ++round) {
    auto loaded = Stored(*db_, neo_cycle_, "HARMONY");
    auto his = FormOf(loaded), hers = FormOf(loaded);
    SetField(his, "relevance_comment", "Eddie, round " + std::to_string(round));
    SetField(hers, "relevance_comment", "Erin, round " + std::to_string(round));
    std::barrier start(2);
    int s_his = 0, s_hers = 0;
    std::string b_his, b_hers;
    std::thread t1([&] {
      start.arrive_and_wait();
      auto r = eddie.Post(url, his);
      s_his = r ? r->status : -1;
      b_his = r ? r->body : "";
    });
    std::thread t2([&] {
      start.arrive_and_wait();
      auto r = erin.Post(url, hers);
      s_hers = r ? r->status : -1;
      b_hers = r ? r->body : "";
    });
    t1.join();
    t2.join();
    // The refused one keeps its author's input and names who changed what.
    const std::string& refused = s_his == 409 ? b_his : b_hers;
    std::string mine = s_his == 409 ? "Eddie, round " : "Erin, round ";
    std::string winner = s_his == 409 ? "Erin Editor" : "Eddie Editor";
    EXPECT_TRUE(Contains(refused, ">" + mine + std::to_string(round) + "</textarea>")) << refused;
    EXPECT_TRUE(Contains(refused, winner + " at ")) << refused;
    EXPECT_TRUE(Contains(refused, "changed Relevance comment")) << refused;
    std::multiset<int> got = {s_his, s_hers};
    EXPECT_EQ(got, (std::multiset<int>{303, 409})) << "round " << round;
    auto now = Stored(*db_, neo_cycle_, "HARMONY");
    EXPECT_EQ(now.version, loaded.version + 1) << "round " << round;
    EXPECT_EQ(now.Get("relevance_comment"),
              (s_his == 303 ? "Eddie" : "Erin") + std::string(", round ") + std::to_string(round));
  }
  // One audit row per accepted save, none from the refused ones.
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_log WHERE entity = 'sister_project' AND entity_id = ? "
                   "AND field = 'relevance_comment'",
                   {Stored(*db_, neo_cycle_, "HARMONY").id}),
            kRounds);
}

TEST_F(TwoInstancesTest, TheImportWizardMayPreviewOnOneInstanceAndCommitOnTheOther) {
  // The upload between the steps is kept under --data: both instances share that directory.
  WebClient on_a = LoggedIn(a_, "eddie@test");
  WebClient on_b = SameBrowser(on_a, b_);
  auto csv = on_a.Get("/w/neo-cycle/export/registry.csv");
  ASSERT_EQ(csv->status, 200);
  std::string row = "Imported across instances,CROSSIMP,,,,Ongoing,,,,Coordinator SA,FR,9,0,none,Horizon Europe,,,"
                    "Short.,recycling,Aims.,magnets,,,,,,,3,Useful.,Research,Research,,,\r\n";
  on_a.RefreshCsrf("/w/neo-cycle/exchange");
  auto pv = on_a.PostMultipart("/w/neo-cycle/import/preview", {{"file", csv->body + row, "r.csv", "text/csv"}});
  ASSERT_EQ(pv->status, 200) << pv->body;
  ASSERT_TRUE(Contains(pv->body, "<strong>1</strong> new"));
  httplib::Params form;
  auto find = [&](const std::string& re) {
    std::smatch m;
    return std::regex_search(pv->body, m, std::regex(re)) ? std::string(m[1]) : std::string();
  };
  form.emplace("token", find(R"re(name="token" value="([0-9a-f]{64})")re"));
  form.emplace("fingerprint", find(R"re(name="fingerprint" value="([0-9a-f]{64})")re"));
  form.emplace("mapped", "1");
  static const std::regex map_re(R"re(<input type="hidden" name="(map_[0-9]+)" value="([^"]*)">)re");
  for (auto it = std::sregex_iterator(pv->body.begin(), pv->body.end(), map_re); it != std::sregex_iterator(); ++it)
    form.emplace((*it)[1], (*it)[2]);
  form.emplace("_csrf", on_a.csrf());
  auto done = on_b.Post("/w/neo-cycle/import/commit", form, false);
  ASSERT_TRUE(done);
  ASSERT_EQ(done->status, 303) << done->body;
  auto report = on_a.Get(done->get_header_value("Location"));
  EXPECT_EQ(report->status, 200);
  EXPECT_TRUE(Contains(report->body, "<strong>1</strong> created"));
  EXPECT_EQ(Stored(*db_, neo_cycle_, "CROSSIMP").Get("coordinator_country"), "FR");
}

// nginx in front, balancing round-robin over both instances: one browser session keeps
// working whichever instance answers.
TEST_F(TwoInstancesTest, BehindNginxASessionKeepsWorkingAcrossAlternatingUpstreams) {
  const std::string nginx = "/usr/sbin/nginx";
  if (!std::filesystem::exists(nginx)) GTEST_SKIP() << nginx << " absent (Debian package nginx): skipped";
  std::string prefix = dir_.File("nginx");
  std::filesystem::create_directories(prefix + "/logs");
  ChildProcess proxy;
  int port = 0;
  for (int attempt = 0; attempt < 5 && port == 0; ++attempt) {
    int p = FreeLoopbackPort();
    std::string conf =
        "daemon off;\n"
        "master_process off;\n"  // one process, which the test owns and ends
        "pid " + prefix + "/nginx.pid;\n"
        "error_log " + prefix + "/logs/error.log warn;\n"
        "events { worker_connections 64; }\n"
        "http {\n"
        "  access_log off;\n"
        "  client_body_temp_path " + prefix + "/body;\n"
        "  proxy_temp_path " + prefix + "/proxy;\n"
        "  fastcgi_temp_path " + prefix + "/fastcgi;\n"
        "  uwsgi_temp_path " + prefix + "/uwsgi;\n"
        "  scgi_temp_path " + prefix + "/scgi;\n"
        "  upstream corridor {\n"
        "    server 127.0.0.1:" + std::to_string(a_.port()) + ";\n"
        "    server 127.0.0.1:" + std::to_string(b_.port()) + ";\n"
        "  }\n"
        "  server {\n"
        "    listen 127.0.0.1:" + std::to_string(p) + ";\n"
        "    client_max_body_size 64m;\n"
        "    location / {\n"
        "      proxy_pass http://corridor;\n"
        "      proxy_set_header Host $host;\n"
        "      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
        "      add_header X-Upstream $upstream_addr always;\n"
        "    }\n"
        "  }\n"
        "}\n";
    WriteFile(prefix + "/nginx.conf", conf);
    ASSERT_TRUE(proxy.Spawn(nginx, {"-p", prefix, "-e", prefix + "/logs/error.log", "-c", prefix + "/nginx.conf"},
                            prefix + "/out.log",
                            prefix + "/err.log"))
        << proxy.error();
    // Ready when it answers; if the port was taken meanwhile it exits: try another.
    for (int i = 0; i < 250 && proxy.running(); ++i) {
      httplib::Client c("127.0.0.1", p);
      c.set_connection_timeout(0, 200000);
      if (auto r = c.Get("/login"); r && r->status == 200) {
        port = p;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (port == 0) proxy.Kill(SIGKILL);
  }
  ASSERT_NE(port, 0) << "nginx did not start: " << ReadFile(prefix + "/err.log") << ReadFile(prefix + "/logs/error.log");

  WebClient browser(port);
  ASSERT_TRUE(browser.Login("eddie@test", kClusterPassword));
  std::string url = RecordUrl("EJP SOIL");
  std::set<std::string> upstreams;
  for (int i = 0; i < 6; ++i) {
    auto r = browser.Get(url);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << "request " << i;
    EXPECT_TRUE(Contains(r->body, kSignedInAsEddie)) << "request " << i;
    upstreams.insert(r->get_header_value("X-Upstream"));
  }
  EXPECT_EQ(upstreams, (std::set<std::string>{"127.0.0.1:" + std::to_string(a_.port()),
                                              "127.0.0.1:" + std::to_string(b_.port())}));
  // A save through whichever instance answers; every following page, from either, shows it.
  auto form = FormOf(Stored(*db_, neo_cycle_, "EJP SOIL"));
  SetField(form, "relevance_comment", "Saved through nginx");
  auto saved = browser.Post(url, form);
  ASSERT_TRUE(saved);
  EXPECT_EQ(saved->status, 303) << saved->body;
  for (int i = 0; i < 4; ++i) {
    auto r = browser.Get(url);
    EXPECT_TRUE(Contains(r->body, "Saved through nginx")) << r->get_header_value("X-Upstream");
  }
  // The logins of the test were counted for the client's address as nginx saw it.
  EXPECT_GE(Scalar("SELECT COUNT(*) FROM login_attempts WHERE key = 'ip:127.0.0.1'"), 1);
  proxy.Stop();
}

}  // namespace
}  // namespace corridor::testing
