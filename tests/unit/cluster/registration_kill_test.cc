// A burst of public registrations through `corridor serve`, SIGKILLed mid-burst: every
// registration a client saw acknowledged (303) is in the database afterwards, pending, with its
// consent and its queued confirmation mail. Runs on the engine of the pass.
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <regex>
#include <thread>

#include <gtest/gtest.h>

#include "server_process.h"
#include "storage/database.h"
#include "storage/mail_outbox.h"
#include "test_support.h"

namespace corridor::testing {
namespace {

constexpr int kWriters = 4;
constexpr int kAcksBeforeKill = 80;

TEST(RegistrationKillTest, EveryAcknowledgedRegistrationSurvivesSigkill) {
  TempDir dir;
  TestDatabase tdb = DefaultTestDatabase(dir, "kill.db");
  ServerProcess server;
  // Behind a "proxy" (the test): each request names its own client address, so the per-address
  // limit does not stop the burst; the per-e-mail limit never does (every e-mail is new).
  ASSERT_TRUE(server.Start(tdb.FullUrl(), dir.path().string(), "serve", {"--trusted-proxy", "127.0.0.1", "--no-mail"}))
      << server.Describe();
  std::mutex mu;
  std::condition_variable changed;
  std::vector<std::string> acked;
  std::atomic<bool> stop{false};
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w)
    writers.emplace_back([&, w] {
      httplib::Client c("127.0.0.1", server.port());
      c.set_read_timeout(10, 0);
      auto form = c.Get("/w/neo-cycle/register");
      if (!form || form->status != 200) return;
      std::smatch m;
      static const std::regex re(R"re(name="_form" value="([^"]+)")re");
      if (!std::regex_search(form->body, m, re)) return;
      std::string token = m[1];
      for (int i = 0; !stop.load(); ++i) {
        std::string email = "w" + std::to_string(w) + "-" + std::to_string(i) + "@example.org";
        httplib::Headers h = {{"X-Forwarded-For", "198.51." + std::to_string(w) + "." + std::to_string(i % 250)}};
        httplib::Params p = {{"_form", token}, {"name", "Burst " + email}, {"email", email}, {"consent", "contact"}};
        auto r = c.Post("/w/neo-cycle/register", h, p);
        if (!r) return;  // the server is gone: this one is in doubt, not acknowledged
        if (r->status == 303) {
          std::lock_guard<std::mutex> lock(mu);
          acked.push_back(email);
          changed.notify_all();
        }
      }
    });
  {
    std::unique_lock<std::mutex> lock(mu);
    ASSERT_TRUE(changed.wait_for(lock, std::chrono::seconds(60), [&] { return acked.size() >= kAcksBeforeKill; }))
        << "the burst did not get going: " << server.Describe();
  }
  server.Kill(SIGKILL);
  stop = true;
  for (auto& t : writers) t.join();

  storage::DatabaseOptions o;
  o.url = tdb.url;
  o.pg_schema = tdb.pg_schema;
  auto db = storage::Database::Open(o);
  ASSERT_TRUE(db.ok()) << db.status().message();
  auto c = (*db)->Acquire();
  std::lock_guard<std::mutex> lock(mu);
  ASSERT_GE(acked.size(), static_cast<size_t>(kAcksBeforeKill));
  for (const auto& email : acked) {
    auto row = c->Query(
        "SELECT s.status, (SELECT COUNT(*) FROM consents k WHERE k.stakeholder_id = s.id) FROM stakeholders s "
        "WHERE s.email = ?",
        {email});
    ASSERT_TRUE(row.ok()) << row.status().message();
    ASSERT_EQ(row->size(), 1u) << "acknowledged registration lost: " << email;
    EXPECT_EQ((*row)[0].Text(0), "pending");
    EXPECT_EQ((*row)[0].Int(1), 1) << email;
    EXPECT_EQ(storage::MailOutbox(*c).To(email)->size(), 1u) << "confirmation mail lost: " << email;
  }
  DropTestSchema(**db, tdb);
}

}  // namespace
}  // namespace corridor::testing
