#include "storage/registry_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "storage/user_store.h"
#include "storage/workspace_store.h"
#include "storage_fixture.h"
#include "test_support.h"

namespace corridor::storage {
namespace {

// Every test runs on the engine of the pass (corridor::testing::TestEngines(), tests/test_support.h).
class RegistryStoreTest : public corridor::testing::StoreTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(StoreTest::SetUp());
    ws_ = AddWorkspace(NeoCycle("101138058", "2024-01-01"));
    ASSERT_GT(ws_, 0);
  }

  domain::SisterProject Valid() {
    domain::SisterProject p;
    p.workspace_id = ws_;
    p.fields = {{"name", "Sustainable magnet production"}, {"acronym", "SUSMAGPRO"}, {"status", "closed"},
                {"coordinator_name", "Hochschule Pforzheim"}, {"coordinator_country", "de"},
                {"partner_count", "20"}, {"shared_partner_count", "1"}, {"shared_partner_names", "HSPF"},
                {"programme", "Horizon 2020"}, {"short_description", "Recycling of NdFeB magnets"},
                {"industry_field", "magnets"}, {"objectives", "Recover rare earths"}, {"keywords", "magnets; recycling"},
                {"relevance_score", "very high"}, {"relevance_comment", "Closest technical match"},
                {"start_date", "01/06/2019"}, {"budget_eur", "16 000 000,00"}};
    p.value_chain_links = {"Collection phase", "Recycling phase", "End-user"};
    p.topic = "Recycling technology";
    return p;
  }

  int64_t ws_ = 0;
};

INSTANTIATE_TEST_SUITE_P(Engines, RegistryStoreTest, ::testing::ValuesIn(corridor::testing::TestEngines()),
                         corridor::testing::EngineName());

TEST_P(RegistryStoreTest, CreateNormalisesAndEnforcesMandatoryFields) {
  auto c = db_->Acquire();
  RegistryStore store(*c);
  domain::SisterProject bad;
  bad.workspace_id = ws_;
  bad.fields["acronym"] = "X";
  bad.fields["website"] = "not a url";
  auto r = store.Create(bad, Actor{}, ChangeSource::kUser);
  ASSERT_TRUE(r.ok());
  EXPECT_GE(r->errors.size(), 14u);  // 14 mandatory missing + bad URL
  bool url_error = false;
  for (auto& e : r->errors) url_error |= e.field == "website";
  EXPECT_TRUE(url_error);

  domain::SisterProject p = Valid();
  auto ok = store.Create(p, Actor{1, "Laura"}, ChangeSource::kUser);
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  ASSERT_TRUE(ok->ok()) << ok->errors[0].message;
  auto got = store.Get(ws_, ok->id);
  ASSERT_TRUE(got.ok() && *got);
  EXPECT_EQ((*got)->Get("status"), "Closed");
  EXPECT_EQ((*got)->Get("coordinator_country"), "DE");
  EXPECT_EQ((*got)->Get("start_date"), "2019-06-01");
  EXPECT_EQ((*got)->Get("relevance_score"), "4");
  EXPECT_EQ((*got)->value_chain_links.size(), 3u);
}

TEST_P(RegistryStoreTest, UpdateAuditsEachFieldAndRefusesStaleVersion) {
  auto c = db_->Acquire();
  RegistryStore store(*c);
  domain::SisterProject p = Valid();
  ASSERT_TRUE(store.Create(p, Actor{1, "Laura"}, ChangeSource::kUser)->ok());
  domain::SisterProject a = **store.Get(ws_, p.id);
  domain::SisterProject b = a;
  a.fields["industry_field"] = "magnets, recycling";
  auto ra = store.Update(a, Actor{2, "David"}, ChangeSource::kUser);
  ASSERT_TRUE(ra.ok()) << ra.status().message();
  b.fields["keywords"] = "other";
  auto rb = store.Update(b, Actor{3, "Maria"}, ChangeSource::kUser);
  ASSERT_FALSE(rb.ok());
  EXPECT_EQ(rb.status().code(), ErrorCode::kConflict);
  EXPECT_NE(rb.status().message().find("David"), std::string::npos);
  EXPECT_NE(rb.status().message().find("Industry field"), std::string::npos);
  auto hist = AuditStore(*c).ForEntity("sister_project", p.id);
  ASSERT_TRUE(hist.ok());
  bool found = false;
  for (auto& e : *hist)
    found |= e.field == "industry_field" && e.old_value == "magnets" && e.new_value == "magnets, recycling" &&
             e.user_name == "David";
  EXPECT_TRUE(found);
}

// Two saves of the same version at the same time, each in its own transaction as the web
// handler runs them. PostgreSQL (READ COMMITTED): both read the old version, the second's UPDATE
// waits for the first's row lock and then matches no row. SQLite: the second's BEGIN IMMEDIATE
// waits, then it reads the new version. Either way the second is refused naming who changed what,
// and none of its changes (audit entries included) is kept.
TEST_P(RegistryStoreTest, SecondOfTwoConcurrentSavesIsRefusedNamingWhoChangedWhat) {
  domain::SisterProject loaded;
  {
    auto c = db_->Acquire();
    domain::SisterProject p = Valid();
    ASSERT_TRUE(RegistryStore(*c).Create(p, Actor{1, "Laura"}, ChangeSource::kUser)->ok());
    loaded = **RegistryStore(*c).Get(ws_, p.id);
  }
  auto alice_conn = db_->Acquire();
  Transaction alice_tx(*alice_conn);
  ASSERT_TRUE(alice_tx.status().ok()) << alice_tx.status().message();
  domain::SisterProject alices = loaded;
  alices.fields["coordinator_name"] = "Alice's coordinator";
  auto alice = RegistryStore(*alice_conn).Update(alices, Actor{2, "Alice"}, ChangeSource::kUser);
  ASSERT_TRUE(alice.ok() && alice->ok()) << alice.status().message();

  std::atomic<int64_t> bob_pid{0};
  Result<SaveOutcome> bob = Status::Internal("not run");
  std::thread bob_thread([&] {
    auto c = db_->Acquire();
    if (c->engine() == Engine::kPostgres) {
      auto pid = c->Scalar("SELECT pg_backend_pid()");
      bob_pid = pid.ok() && pid->has_value() ? std::get<int64_t>(**pid) : -1;
    }
    Transaction tx(*c);
    if (!tx.status().ok()) {
      bob = tx.status();
      return;
    }
    domain::SisterProject bobs = loaded;  // the version Alice also started from
    bobs.fields["relevance_comment"] = "Bob's comment";
    bob = RegistryStore(*c).Update(bobs, Actor{3, "Bob"}, ChangeSource::kUser);
    if (bob.ok() && bob->ok()) bob = tx.Commit().ok() ? bob : Status::Internal("commit failed");
  });
  if (GetParam() == "postgres") {
    // Commit Alice's save only once Bob's UPDATE waits for her row lock: then Bob read the old
    // version, the race this test is about. (Bounded: a Bob that never waits fails the test.)
    bool waiting = false;
    auto watcher = db_->Acquire();
    for (int i = 0; i < 1000 && !waiting; ++i) {
      int64_t pid = bob_pid.load();
      if (pid > 0) {
        auto n = watcher->Scalar("SELECT COUNT(*) FROM pg_locks WHERE pid = ? AND NOT granted", {pid});
        waiting = n.ok() && n->has_value() && std::get<int64_t>(**n) > 0;
      }
      if (!waiting) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    EXPECT_TRUE(waiting) << "Bob's save never waited for Alice's row lock";
  }
  ASSERT_TRUE(alice_tx.Commit().ok());
  bob_thread.join();

  ASSERT_FALSE(bob.ok()) << "the second save went through";
  EXPECT_EQ(bob.status().code(), ErrorCode::kConflict) << bob.status().message();
  EXPECT_NE(bob.status().message().find("Alice at "), std::string::npos) << bob.status().message();
  EXPECT_NE(bob.status().message().find("changed Coordinator name"), std::string::npos) << bob.status().message();
  EXPECT_EQ(bob.status().message().find("Bob"), std::string::npos) << bob.status().message();
  auto c = db_->Acquire();
  domain::SisterProject stored = **RegistryStore(*c).Get(ws_, loaded.id);
  EXPECT_EQ(stored.Get("coordinator_name"), "Alice's coordinator");
  EXPECT_EQ(stored.Get("relevance_comment"), loaded.Get("relevance_comment"));
  EXPECT_EQ(stored.version, loaded.version + 1);
  auto hist = AuditStore(*c).ForEntity("sister_project", loaded.id);
  ASSERT_TRUE(hist.ok());
  for (auto& e : *hist) EXPECT_NE(e.user_name, "Bob") << "Bob's refused save left an audit entry: " << e.field;
}

TEST_P(RegistryStoreTest, CordisRefreshNeverOverwritesUserEdits) {
  auto c = db_->Acquire();
  RegistryStore store(*c);
  domain::SisterProject p = Valid();
  ASSERT_TRUE(store.Create(p, Actor{}, ChangeSource::kCordis)->ok());
  domain::SisterProject u = **store.Get(ws_, p.id);
  u.fields["name"] = "Edited by hand";
  ASSERT_TRUE(store.Update(u, Actor{1, "Laura"}, ChangeSource::kUser).ok());
  domain::SisterProject r = **store.Get(ws_, p.id);
  r.fields["name"] = "From CORDIS";
  r.fields["partner_count"] = "21";
  ASSERT_TRUE(store.Update(r, Actor{}, ChangeSource::kCordis).ok());
  domain::SisterProject after = **store.Get(ws_, p.id);
  EXPECT_EQ(after.Get("name"), "Edited by hand");
  EXPECT_EQ(after.Get("partner_count"), "21");
}

TEST_P(RegistryStoreTest, PipelineNeedsHighRelevanceAndJustification) {
  auto c = db_->Acquire();
  RegistryStore store(*c);
  domain::SisterProject p = Valid();
  p.fields["relevance_score"] = "2";
  ASSERT_TRUE(store.Create(p, Actor{}, ChangeSource::kUser)->ok());
  EXPECT_EQ(store.MoveStage(ws_, p.id, domain::Stage::kShortlist, "fits", Actor{}).code(),
            ErrorCode::kInvalidArgument);
  domain::SisterProject q = **store.Get(ws_, p.id);
  q.fields["relevance_score"] = "3";
  ASSERT_TRUE(store.Update(q, Actor{}, ChangeSource::kUser).ok());
  EXPECT_EQ(store.MoveStage(ws_, p.id, domain::Stage::kShortlist, "  ", Actor{}).code(), ErrorCode::kInvalidArgument);
  ASSERT_TRUE(store.MoveStage(ws_, p.id, domain::Stage::kShortlist, "strategic fit", Actor{1, "Laura"}).ok());
  EXPECT_FALSE(store.MoveStage(ws_, p.id, domain::Stage::kCollaborationReady, "x", Actor{}).ok());
  ASSERT_TRUE(store.MoveStage(ws_, p.id, domain::Stage::kInteractionFiltered, "met at EURAW", Actor{}).ok());
  ASSERT_TRUE(store.MoveStage(ws_, p.id, domain::Stage::kCollaborationReady, "joint workshop", Actor{}).ok());
  auto steps = store.Steps(p.id);
  ASSERT_TRUE(steps.ok());
  ASSERT_EQ(steps->size(), 3u);
  EXPECT_EQ((*steps)[0].justification, "strategic fit");
  EXPECT_EQ((*steps)[2].to_stage, "collaboration_ready");
  EXPECT_FALSE((*steps)[2].at.empty());
}

TEST_P(RegistryStoreTest, ListFiltersSortsAndPages) {
  auto c = db_->Acquire();
  RegistryStore store(*c);
  for (int i = 0; i < 30; ++i) {
    domain::SisterProject p = Valid();
    p.fields["acronym"] = "P" + std::to_string(100 + i);
    p.fields["relevance_score"] = std::to_string(1 + i % 4);
    if (i % 3 == 0) p.value_chain_links = {"Research"};
    ASSERT_TRUE(store.Create(p, Actor{}, ChangeSource::kImport)->ok());
  }
  RegistryQuery q;
  q.limit = 10;
  q.offset = 10;
  auto page = store.List(ws_, q);
  ASSERT_TRUE(page.ok()) << page.status().message();
  EXPECT_EQ(page->total, 30);
  ASSERT_EQ(page->items.size(), 10u);
  EXPECT_EQ(page->items[0].Get("acronym"), "P110");
  q = RegistryQuery{};
  q.value_chain_link = "Research";
  EXPECT_EQ(store.List(ws_, q)->total, 10);
  q = RegistryQuery{};
  q.min_relevance = 3;
  EXPECT_EQ(store.List(ws_, q)->total, 14);  // scores 3 and 4 among i%4 = 2, 3
  q.sort = "relevance_score";
  q.descending = true;
  EXPECT_EQ(store.List(ws_, q)->items[0].Get("relevance_score"), "4");
  q = RegistryQuery{};
  q.search = "P12";
  EXPECT_EQ(store.List(ws_, q)->total, 10);
  auto counts = store.CountBy(ws_, "value_chain_link");
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ((*counts)["Research"], 10);
  EXPECT_EQ((*counts)["Recycling phase"], 20);
}

class UserStoreTest : public ::testing::TestWithParam<std::string> {};
INSTANTIATE_TEST_SUITE_P(Engines, UserStoreTest, ::testing::ValuesIn(corridor::testing::TestEngines()),
                         corridor::testing::EngineName());

TEST_P(UserStoreTest, SessionsPasswordsAndRoles) {
  corridor::testing::TempDir dir;
  auto test_db = corridor::testing::NewTestDatabase(GetParam(), dir, "u.db");
  DatabaseOptions options;
  options.url = test_db.url;
  options.pg_schema = test_db.pg_schema;
  auto db = Database::Open(options);
  ASSERT_TRUE(db.ok()) << db.status().message();
  struct Drop {
    Database& db;
    const corridor::testing::TestDatabase& t;
    ~Drop() { corridor::testing::DropTestSchema(db, t); }
  } drop{**db, test_db};
  ASSERT_TRUE((*db)->Migrate().ok());
  auto c = (*db)->Acquire();
  UserStore users(*c);
  EXPECT_FALSE(users.Create("a@example.org", "A", "short", false).ok());
  auto id = users.Create("A@Example.org", "A", "long-enough-password", false);
  ASSERT_TRUE(id.ok()) << id.status().message();
  auto u = users.FindByEmail("a@example.org");
  ASSERT_TRUE(u.ok() && *u);
  EXPECT_NE((*u)->password_hash.find("$argon2id$"), std::string::npos);
  auto tok = users.CreateSession(*id);
  ASSERT_TRUE(tok.ok());
  auto s = users.FindSession(*tok);
  ASSERT_TRUE(s.ok() && *s);
  EXPECT_EQ((*s)->user_id, *id);
  EXPECT_FALSE(users.FindSession(std::string(64, 'a'))->has_value());
  ASSERT_TRUE(users.SetPassword(*id, "another-long-password").ok());
  EXPECT_FALSE(users.FindSession(*tok)->has_value());  // a new password ends sessions
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(*users.AllowAttempt("k", 3, 60));
  EXPECT_FALSE(*users.AllowAttempt("k", 3, 60));
}

}  // namespace
}  // namespace corridor::storage
