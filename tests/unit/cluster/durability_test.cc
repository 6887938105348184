// Durability: a burst of writes through the real HTTP forms of two `corridor serve` processes,
// one of them SIGKILLed mid-burst, then the database itself crashed (PostgreSQL: the postmaster
// stopped with -m immediate, on a cluster of the test's own with fsync and synchronous_commit
// on; SQLite: the other server SIGKILLed too). Every write a client saw acknowledged (303) must
// be there afterwards, with its audit row: nothing lost, nothing half-written.
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>
#include <regex>
#include <set>
#include <thread>

#include "cluster_support.h"
#include "core/strings.h"
#include "http_fixture.h"
#include "server_process.h"

namespace corridor::testing {
namespace {

constexpr int kWritersPerInstance = 3;
constexpr int kAcksBeforeKill = 60;   // acknowledged writes before instance A is killed
constexpr int kAcksBeforeCrash = 40;  // more of B's, after that, before the database goes down

// What the clients saw: acknowledged writes, and the ones whose answer never came (in doubt:
// they may or may not have been committed).
struct Burst {
  std::mutex mu;
  std::condition_variable changed;
  std::vector<std::string> acknowledged;
  std::map<std::string, int> acknowledged_by;  // instance name -> count
  std::vector<std::string> in_doubt;
  std::atomic<bool> stop{false};

  void Ack(const std::string& instance, const std::string& acronym) {
    std::lock_guard<std::mutex> lock(mu);
    acknowledged.push_back(acronym);
    ++acknowledged_by[instance];
    changed.notify_all();
  }
  void Doubt(const std::string& acronym) {
    std::lock_guard<std::mutex> lock(mu);
    in_doubt.push_back(acronym);
    changed.notify_all();
  }
  // Waits until `instance` has `n` acknowledged writes ("" = all instances); false on timeout.
  bool WaitFor(const std::string& instance, int n) {
    std::unique_lock<std::mutex> lock(mu);
    return changed.wait_for(lock, std::chrono::seconds(20), [&] {
      int have = instance.empty() ? static_cast<int>(acknowledged.size()) : acknowledged_by[instance];
      return have >= n;
    });
  }
  int Acks(const std::string& instance) {
    std::lock_guard<std::mutex> lock(mu);
    return acknowledged_by[instance];
  }
};

class DurabilityTest : public ::testing::Test {
 protected:
  // Starts writer threads on both instances: all log in first, then each creates records until
  // its request fails (its server or the database is gone) or the burst is stopped.
  void StartWriters(ServerProcess& a, ServerProcess& b) {
    struct Writer {
      WebClient* client;
      std::string instance, prefix;
    };
    std::vector<Writer> ready;
    for (ServerProcess* s : {&a, &b})
      for (int w = 0; w < kWritersPerInstance; ++w) {
        std::string email = "writer-" + s->name() + std::to_string(w) + "@test";
        AddUser(*db_, email, "Writer " + s->name() + std::to_string(w), true);
        clients_.push_back(std::make_unique<WebClient>(s->port()));
        ASSERT_TRUE(clients_.back()->Login(email, kClusterPassword)) << email;
        clients_.back()->RefreshCsrf("/w/neo-cycle/registry/new");
        ready.push_back({clients_.back().get(), s->name(), "DUR-" + s->name() + std::to_string(w) + "-"});
      }
    for (const Writer& w : ready)
      writers_.emplace_back([this, w] {
        for (int i = 0; !burst_.stop; ++i) {
          std::string acronym = w.prefix + std::to_string(i);
          auto r = w.client->Post("/w/neo-cycle/registry", NewRecordForm(acronym));
          if (r && r->status == 303) {
            burst_.Ack(w.instance, acronym);
          } else {
            burst_.Doubt(acronym);
            return;
          }
        }
      });
  }
  void JoinWriters() {
    burst_.stop = true;
    for (auto& t : writers_) t.join();
    writers_.clear();
  }

  // Checks the database after the crash; returns how many of the test's records it holds.
  int64_t CheckEveryAcknowledgedWriteIsThere(storage::Database& db) {
    int64_t ws = WorkspaceId(db, "neo-cycle");
    auto c = db.Acquire();
    auto rows = c->Query(
        "SELECT p.acronym, (SELECT COUNT(*) FROM audit_log a WHERE a.entity = 'sister_project' AND a.entity_id = p.id "
        "AND a.action = 'create' AND a.new_value = p.acronym) AS audited "
        "FROM sister_projects p WHERE p.workspace_id = ? AND p.acronym LIKE 'DUR-%'",
        {ws});
    EXPECT_TRUE(rows.ok()) << rows.status().message();
    if (!rows.ok()) return -1;
    std::map<std::string, int64_t> found;
    for (const auto& r : *rows) found[r.Text("acronym")] = r.Int("audited");
    for (const std::string& a : burst_.acknowledged) {
      auto it = found.find(a);
      EXPECT_NE(it, found.end()) << "acknowledged write " << a << " is lost";
      if (it != found.end()) EXPECT_EQ(it->second, 1) << a << ": its audit row is missing";
    }
    // Nothing half-written: every record there (acknowledged or in doubt) has its audit row,
    // and no audit row names a record that is not there.
    for (auto& [acronym, audited] : found) EXPECT_EQ(audited, 1) << acronym;
    auto orphans = c->Scalar(
        "SELECT COUNT(*) FROM audit_log a WHERE a.entity = 'sister_project' AND a.action = 'create' "
        "AND a.new_value LIKE 'DUR-%' AND NOT EXISTS (SELECT 1 FROM sister_projects p WHERE p.id = a.entity_id)");
    EXPECT_TRUE(orphans.ok() && orphans->has_value());
    if (orphans.ok() && *orphans) EXPECT_EQ(std::get<int64_t>(**orphans), 0);
    std::set<std::string> acked(burst_.acknowledged.begin(), burst_.acknowledged.end());
    for (auto& [acronym, audited] : found)
      if (!acked.count(acronym))
        EXPECT_NE(std::find(burst_.in_doubt.begin(), burst_.in_doubt.end(), acronym), burst_.in_doubt.end())
            << acronym << " was never sent";
    return static_cast<int64_t>(found.size());
  }

  // The CLI, a fresh process, lists every acknowledged record.
  void CheckTheCliListsThem(const std::string& url) {
    auto r = RunProgram(CorridorBinary(), {"registry", "list", "neo-cycle", "--db", url}, dir_);
    ASSERT_EQ(r.code, 0) << r.err;
    for (const std::string& a : burst_.acknowledged) EXPECT_NE(r.out.find(a), std::string::npos) << a;
  }

  void Report(const std::string& engine, int64_t found) {
    std::printf("durability[%s]: %zu writes acknowledged (a: %d, b: %d), %lld of the burst's records found, "
                "%zu answers lost with their instance or the database\n",
                engine.c_str(), burst_.acknowledged.size(), burst_.Acks("a"), burst_.Acks("b"),
                static_cast<long long>(found), burst_.in_doubt.size());
    RecordProperty("acknowledged", static_cast<int>(burst_.acknowledged.size()));
    RecordProperty("found", static_cast<int>(found));
  }

  void TearDown() override {
    burst_.stop = true;
    for (auto& t : writers_) t.join();
  }

  TempDir dir_;
  Burst burst_;
  std::unique_ptr<storage::Database> db_;
  std::vector<std::unique_ptr<WebClient>> clients_;
  std::vector<std::thread> writers_;
};

// Starts both servers at the same moment.
void StartBoth(ServerProcess& a, ServerProcess& b, const std::string& url, const std::string& dir) {
  bool a_ok = false, b_ok = false;
  std::thread ta([&] { a_ok = a.Start(url, dir, "a"); });
  std::thread tb([&] { b_ok = b.Start(url, dir, "b"); });
  ta.join();
  tb.join();
  ASSERT_TRUE(a_ok) << a.Describe();
  ASSERT_TRUE(b_ok) << b.Describe();
}

class PostgresDurabilityTest : public DurabilityTest {
 protected:
  void SetUp() override {
    if (OtherEnginesPass("postgres")) GTEST_SKIP() << "runs in the PostgreSQL pass";
    const std::string initdb = "/usr/lib/postgresql/15/bin/initdb";
    if (!std::filesystem::exists(initdb)) GTEST_SKIP() << initdb << " absent (Debian package postgresql): skipped";
    cluster_ = dir_.File("pg");
    auto r = Cluster("start", "--durable");
    ASSERT_EQ(r.code, 0) << r.err;
    url_ = strings::Trim(r.out);
    ASSERT_TRUE(strings::StartsWith(url_, "postgresql://")) << r.out;
  }
  void TearDown() override {
    DurabilityTest::TearDown();
    a_.Kill(SIGKILL);
    b_.Kill(SIGKILL);
    db_.reset();
    if (!cluster_.empty()) Cluster("stop");
  }
  CommandResult Cluster(const std::string& cmd, const std::string& option = "") {
    std::vector<std::string> args = {SourceDir() + "/scripts/pg-test-cluster.sh", cmd, cluster_};
    if (!option.empty()) args.push_back(option);
    return RunProgram("bash", args, dir_);
  }

  std::string cluster_, url_;
  ServerProcess a_, b_;
};

TEST_F(PostgresDurabilityTest, EveryAcknowledgedWriteSurvivesAKilledInstanceAndAnImmediateShutdown) {
  std::string url = WithSchema(url_, "durability");
  StartBoth(a_, b_, url, dir_.path().string());
  if (HasFatalFailure()) return;
  auto db = storage::Database::Open({url});
  ASSERT_TRUE(db.ok()) << db.status().message();
  db_ = std::move(*db);
  {
    auto c = db_->Acquire();  // the cluster really is durable
    auto fsync = c->Scalar("SHOW fsync");
    auto sync = c->Scalar("SHOW synchronous_commit");
    ASSERT_TRUE(fsync.ok() && sync.ok());
    EXPECT_EQ(std::get<std::string>(**fsync), "on");
    EXPECT_EQ(std::get<std::string>(**sync), "on");
  }
  StartWriters(a_, b_);
  db_.reset();  // only the servers are connected during the burst
  ASSERT_TRUE(burst_.WaitFor("", kAcksBeforeKill)) << "the burst did not get going";
  a_.Kill(SIGKILL);
  int b_at_kill = burst_.Acks("b");
  ASSERT_TRUE(burst_.WaitFor("b", b_at_kill + kAcksBeforeCrash)) << "b stopped writing";
  auto crash = Cluster("crash");
  ASSERT_EQ(crash.code, 0) << crash.err;
  JoinWriters();  // b's writers stop at their first failed request

  auto restarted = Cluster("restart");
  ASSERT_EQ(restarted.code, 0) << restarted.err;
  auto reopened = storage::Database::Open({url});
  ASSERT_TRUE(reopened.ok()) << reopened.status().message();
  db_ = std::move(*reopened);
  int64_t found = CheckEveryAcknowledgedWriteIsThere(*db_);
  CheckTheCliListsThem(url);
  // The surviving instance reconnects by itself and serves them all.
  WebClient reader(b_.port());
  AddUser(*db_, "reader@test", "Reader", true);
  ASSERT_TRUE(reader.Login("reader@test", kClusterPassword)) << b_.Stderr();
  auto list = reader.Get("/w/neo-cycle/registry");
  ASSERT_TRUE(list);
  EXPECT_EQ(list->status, 200);
  EXPECT_TRUE(std::regex_search(list->body, std::regex(" of " + std::to_string(29 + found) + "\\b")))
      << "29 demo records and the burst's";
  Report("postgres", found);
  EXPECT_GE(found, static_cast<int64_t>(burst_.acknowledged.size()));
}

class SqliteDurabilityTest : public DurabilityTest {
 protected:
  void SetUp() override {
    if (OtherEnginesPass("sqlite")) GTEST_SKIP() << "runs in the SQLite pass";
  }
  void TearDown() override {
    DurabilityTest::TearDown();
    a_.Kill(SIGKILL);
    b_.Kill(SIGKILL);
  }
  ServerProcess a_, b_;
};

TEST_F(SqliteDurabilityTest, EveryAcknowledgedWriteSurvivesKillingBothInstancesOnOneFile) {
  std::string url = "sqlite:" + dir_.File("shared.db");
  StartBoth(a_, b_, url, dir_.path().string());
  if (HasFatalFailure()) return;
  auto db = storage::Database::Open({url});
  ASSERT_TRUE(db.ok()) << db.status().message();
  db_ = std::move(*db);
  StartWriters(a_, b_);
  db_.reset();  // only the servers have the file open during the burst
  ASSERT_TRUE(burst_.WaitFor("", kAcksBeforeKill)) << "the burst did not get going";
  a_.Kill(SIGKILL);
  int b_at_kill = burst_.Acks("b");
  ASSERT_TRUE(burst_.WaitFor("b", b_at_kill + kAcksBeforeCrash)) << "b stopped writing";
  b_.Kill(SIGKILL);
  JoinWriters();

  // A fresh open recovers from the WAL the killed processes left behind.
  auto reopened = storage::Database::Open({url});
  ASSERT_TRUE(reopened.ok()) << reopened.status().message();
  db_ = std::move(*reopened);
  int64_t found = CheckEveryAcknowledgedWriteIsThere(*db_);
  CheckTheCliListsThem(url);
  Report("sqlite", found);
  EXPECT_GE(found, static_cast<int64_t>(burst_.acknowledged.size()));
}

}  // namespace
}  // namespace corridor::testing
