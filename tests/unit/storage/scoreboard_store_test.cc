// Issue 5 (scoreboard), storage on the engine of the pass: frameworks (built-ins, custom, frozen
// once a closed round uses them), rounds and scores (region codes checked, a closed round
// refused by the store and by the database itself, nothing changed), copy forward, compare,
// staleness (six months; an event held since), the S3P catalogue and its selection filter, and
// the demo workspaces.
#include <gtest/gtest.h>

#include "domain/scoreboard.h"
#include "storage/assessment_store.h"
#include "storage/audit_store.h"
#include "storage/demo_data.h"
#include "storage/framework_store.h"
#include "storage/region_store.h"
#include "storage/s3p_store.h"
#include "storage/workspace_store.h"
#include "storage_fixture.h"
#include "test_support.h"

namespace corridor::storage {
namespace {

const Actor kAnna{7, "Anna Editor"};

class ScoreboardStoreTest : public corridor::testing::StoreTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(StoreTest::SetUp());
    ws_ = AddWorkspace(domain::Workspace{0, "bench", "Benchmarking test", "BENCH", "project", "", "2024-01-01", "", {}});
    ASSERT_GT(ws_, 0);
    auto c = db_->Acquire();
    Transaction tx(*c);
    ASSERT_TRUE(FrameworkStore(*c).EnsureBuiltins(ws_, kAnna).ok());
    ASSERT_TRUE(RegionStore(*c).SetWorkspaceRegions(ws_, {"ES41", "ES61", "ES43", "PT18"}, kAnna).ok());
    ASSERT_TRUE(tx.Commit().ok());
    auto fw = FrameworkStore(*c).Find(ws_, "i4-green");
    ASSERT_TRUE(fw.ok() && *fw);
    i4_ = (*fw)->id;
  }

  int64_t NewRound(const std::string& title, const std::string& date, int64_t framework = 0) {
    auto c = db_->Acquire();
    Transaction tx(*c);
    domain::Round r;
    r.workspace_id = ws_;
    r.framework_id = framework ? framework : i4_;
    r.title = title;
    r.date = date;
    auto id = AssessmentStore(*c).CreateRound(r, kAnna);
    EXPECT_TRUE(id.ok()) << id.status().message();
    EXPECT_TRUE(tx.Commit().ok());
    return id.ok() ? *id : 0;
  }

  Status Score(int64_t round, const std::string& region, const std::string& dim, double v,
               const std::string& evidence = "Evidence line.", std::vector<std::string> sources = {"D6.3, Table 1"}) {
    auto c = db_->Acquire();
    Transaction tx(*c);
    domain::Score s;
    s.region_code = region;
    s.dimension_key = dim;
    s.value = v;
    s.evidence = evidence;
    s.sources = std::move(sources);
    auto r = AssessmentStore(*c).SetScore(ws_, round, s, kAnna);
    if (!r.ok()) return r.status();
    return tx.Commit();
  }

  Status Close(int64_t round) {
    auto c = db_->Acquire();
    Transaction tx(*c);
    Status s = AssessmentStore(*c).CloseRound(ws_, round, kAnna);
    if (!s.ok()) return s;
    return tx.Commit();
  }

  int64_t Count(const std::string& sql) {
    auto c = db_->Acquire();
    auto v = c->Scalar(sql);
    return v.ok() && *v ? Row(nullptr, {**v}).Int(0) : -1;
  }

  int64_t ws_ = 0, i4_ = 0;
};

INSTANTIATE_TEST_SUITE_P(Engines, ScoreboardStoreTest, ::testing::ValuesIn(corridor::testing::TestEngines()),
                         corridor::testing::EngineName());

TEST_P(ScoreboardStoreTest, BuiltinsOncePerWorkspaceAndCustomFrameworks) {
  auto c = db_->Acquire();
  FrameworkStore store(*c);
  auto again = store.EnsureBuiltins(ws_, kAnna);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);
  auto list = store.List(ws_);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  auto neo = store.Find(ws_, "NEO-CYCLE regional ecosystems scoreboard");  // by name too
  ASSERT_TRUE(neo.ok() && *neo);
  EXPECT_EQ((*neo)->scale.levels[3].label, "CRITICAL");

  domain::Framework f;
  f.workspace_id = ws_;
  f.key = "digital";
  f.name = "Digital readiness";
  f.dimensions = {{"data", "Data sharing", "", ""}, {"skills", "Digital skills", "", ""}};
  f.scale.min = 0;
  f.scale.max = 100;
  Transaction tx(*c);
  auto id = store.Create(f, kAnna);
  ASSERT_TRUE(id.ok()) << id.status().message();
  auto dup = store.Create(f, kAnna);
  EXPECT_EQ(dup.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(dup.status().message(), "key: a framework \"digital\" already exists");
  ASSERT_TRUE(tx.Commit().ok());
  auto got = store.Get(ws_, *id);
  ASSERT_TRUE(got.ok() && *got);
  EXPECT_TRUE((*got)->scale.Numeric());
  EXPECT_EQ((*got)->scale.max, 100);
  EXPECT_EQ((*got)->dimensions[1].name, "Digital skills");
  auto audit = AuditStore(*c).ForEntity(kFrameworkEntity, *id);
  ASSERT_TRUE(audit.ok());
  EXPECT_GE(audit->size(), 3u);
}

TEST_P(ScoreboardStoreTest, ScoresAreValidatedAndRegionsChecked) {
  int64_t r = NewRound("Spring 2025", "2025-04-29");
  EXPECT_TRUE(Score(r, "ES41", "innovation-capacity", 4).ok());
  EXPECT_TRUE(Score(r, " es61 ", "innovation-capacity", 3).ok());  // normalised to ES61
  Status s = Score(r, "ES99", "innovation-capacity", 3);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "ES99 / innovation-capacity: region: \"ES99\" is not a NUTS 2021 code or a region of this workspace");
  s = Score(r, "ES43", "innovation-capacity", 3, "");
  EXPECT_EQ(s.message(), "ES43 / innovation-capacity: evidence: an evidence note (1-3 lines) is required");
  s = Score(r, "ES43", "innovation-capacity", 3, "Evidence.", {});
  EXPECT_EQ(s.message(), "ES43 / innovation-capacity: sources: at least one source (a URL or a document reference) is required");
  s = Score(r, "ES43", "innovation-capacity", 3, "a\nb\nc\nd");
  EXPECT_EQ(s.message(), "ES43 / innovation-capacity: evidence: at most 3 lines (4 given)");
  s = Score(r, "ES43", "innovation-capacity", 9);
  EXPECT_NE(s.message().find("value: 9 is not on the scale"), std::string::npos);
  auto c = db_->Acquire();
  auto scores = AssessmentStore(*c).Scores(ws_, r);
  ASSERT_TRUE(scores.ok());
  ASSERT_EQ(scores->size(), 2u);
  EXPECT_EQ((*scores)[1].region_code, "ES61");
  // Re-scoring replaces the value and keeps one row.
  EXPECT_TRUE(Score(r, "ES41", "innovation-capacity", 5, "Updated evidence.", {"https://example.org/ris3"}).ok());
  scores = AssessmentStore(*c).Scores(ws_, r);
  ASSERT_EQ(scores->size(), 2u);
  EXPECT_EQ((*scores)[0].value, 5);
  EXPECT_EQ((*scores)[0].sources, (std::vector<std::string>{"https://example.org/ris3"}));
  auto audit = AuditStore(*c).ForEntity(kRoundEntity, r);
  ASSERT_TRUE(audit.ok());
  bool rescore = false;
  for (const auto& e : *audit)
    if (e.action == "rescore" && e.field == "score ES41/innovation-capacity") {
      rescore = true;
      EXPECT_EQ(e.old_value, "4 | Evidence line. | D6.3, Table 1");
      EXPECT_EQ(e.user_name, "Anna Editor");
    }
  EXPECT_TRUE(rescore);
  // The regions of the table: the workspace's four in order.
  auto regions = AssessmentStore(*c).RoundRegions(ws_, r);
  ASSERT_TRUE(regions.ok());
  EXPECT_EQ(*regions, (std::vector<std::string>{"ES41", "ES61", "ES43", "PT18"}));
}

TEST_P(ScoreboardStoreTest, ClosedRoundIsImmutableInTheStoreAndInTheDatabase) {
  int64_t r = NewRound("Spring 2025", "2025-04-29");
  EXPECT_EQ(Close(r).code(), ErrorCode::kInvalidArgument);  // nothing to close yet
  ASSERT_TRUE(Score(r, "ES41", "innovation-capacity", 4).ok());
  ASSERT_TRUE(Close(r).ok());
  Status s = Score(r, "ES41", "innovation-capacity", 2);
  EXPECT_EQ(s.code(), ErrorCode::kConflict);
  EXPECT_EQ(s.message().rfind("round \"Spring 2025\" was closed on ", 0), 0u) << s.message();
  EXPECT_NE(s.message().find(" by Anna Editor; open a new round"), std::string::npos) << s.message();
  EXPECT_EQ(Score(r, "ES61", "innovation-capacity", 2).code(), ErrorCode::kConflict);
  {
    auto c = db_->Acquire();
    Transaction tx(*c);
    EXPECT_EQ(AssessmentStore(*c).DeleteScore(ws_, r, "ES41", "innovation-capacity", kAnna).code(), ErrorCode::kConflict);
    EXPECT_EQ(AssessmentStore(*c).DeleteRound(ws_, r, kAnna).code(), ErrorCode::kConflict);
  }
  // Around the store: the triggers refuse edits, each statement on its own (deleting is left to
  // the store, so that `migrate --force` can empty a target database).
  for (const std::string& sql : std::vector<std::string>{
           "UPDATE scoreboard_scores SET value = 1", "UPDATE scoreboard_scores SET evidence = 'changed'",
        "UPDATE scoreboard_rounds SET title = 'x'", "UPDATE scoreboard_rounds SET status = 'open'",
        "INSERT INTO scoreboard_scores(round_id, region_code, dimension_key, value, evidence, sources_json, updated_at) "
        "VALUES (" + std::to_string(r) + ", 'ES61', 'innovation-capacity', 3, 'e', '[\"s\"]', '2999-01-01T00:00:00Z')"}) {
    auto c = db_->Acquire();
    auto res = c->Exec(sql);
    EXPECT_FALSE(res.ok()) << sql;
    if (!res.ok()) EXPECT_NE(res.status().message().find("closed"), std::string::npos) << res.status().message();
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM scoreboard_scores"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM scoreboard_scores WHERE value = 4"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM scoreboard_rounds WHERE title = 'Spring 2025' AND status = 'closed'"), 1);
  // The framework a closed round uses is frozen.
  auto c = db_->Acquire();
  auto fw = FrameworkStore(*c).Get(ws_, i4_);
  ASSERT_TRUE(fw.ok() && *fw);
  domain::Framework changed = **fw;
  changed.name = "Renamed";
  Status u = FrameworkStore(*c).Update(changed, kAnna);
  EXPECT_EQ(u.code(), ErrorCode::kConflict);
  EXPECT_NE(u.message().find("closed round"), std::string::npos);
}

TEST_P(ScoreboardStoreTest, CopyForwardAndCompare) {
  int64_t r1 = NewRound("Spring 2025", "2025-04-29");
  ASSERT_TRUE(Score(r1, "ES41", "innovation-capacity", 4, "Strong ecosystem.").ok());
  ASSERT_TRUE(Score(r1, "ES61", "innovation-capacity", 3, "Growing capacity.").ok());
  ASSERT_TRUE(Score(r1, "ES43", "innovation-capacity", 2, "Emerging.").ok());
  ASSERT_TRUE(Score(r1, "PT18", "innovation-capacity", 2, "Emerging.").ok());
  {
    auto c = db_->Acquire();
    Transaction tx(*c);
    domain::Round r;
    r.title = "Autumn 2025";
    r.date = "2025-10-29";
    EXPECT_EQ(AssessmentStore(*c).CopyForward(ws_, r1, r, kAnna).status().code(), ErrorCode::kInvalidArgument);  // open
  }
  ASSERT_TRUE(Close(r1).ok());
  int64_t r2 = 0;
  {
    auto c = db_->Acquire();
    Transaction tx(*c);
    domain::Round r;
    r.title = "Autumn 2025";
    r.date = "2025-10-29";
    r.trigger = domain::RoundTrigger::kEvent;
    r.event_title = "Clusters Meet Regions, Seville";
    auto id = AssessmentStore(*c).CopyForward(ws_, r1, r, kAnna);
    ASSERT_TRUE(id.ok()) << id.status().message();
    ASSERT_TRUE(tx.Commit().ok());
    r2 = *id;
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM scoreboard_scores WHERE round_id = " + std::to_string(r2)), 4);
  ASSERT_TRUE(Score(r2, "ES61", "innovation-capacity", 4, "E-LIX pilot scaled up.").ok());       // changed
  ASSERT_TRUE(Score(r2, "ES43", "innovation-capacity", 2, "Emerging; new RIS3 call.").ok());     // evidence only
  ASSERT_TRUE(Score(r2, "ES41", "cluster-maturity", 4, "Strong governance.").ok());              // added
  {
    auto c = db_->Acquire();
    Transaction tx(*c);
    ASSERT_TRUE(AssessmentStore(*c).DeleteScore(ws_, r2, "PT18", "innovation-capacity", kAnna).ok());  // removed
    ASSERT_TRUE(tx.Commit().ok());
  }
  auto c = db_->Acquire();
  auto cmp = AssessmentStore(*c).Compare(ws_, r1, r2);
  ASSERT_TRUE(cmp.ok()) << cmp.status().message();
  EXPECT_EQ(cmp->changed, 1);
  EXPECT_EQ(cmp->evidence_only, 1);
  EXPECT_EQ(cmp->added, 1);
  EXPECT_EQ(cmp->removed, 1);
  EXPECT_EQ(cmp->unchanged, 1);
  const ScoreChange* es61 = nullptr;
  for (const auto& ch : cmp->changes)
    if (ch.region_code == "ES61") es61 = &ch;
  ASSERT_NE(es61, nullptr);
  EXPECT_EQ(es61->kind, ScoreChange::Kind::kChanged);
  EXPECT_EQ(es61->before->value, 3);
  EXPECT_EQ(es61->after->value, 4);
  EXPECT_EQ(es61->before->evidence, "Growing capacity.");
  EXPECT_EQ(es61->after->evidence, "E-LIX pilot scaled up.");
  auto prev = AssessmentStore(*c).PreviousRound(ws_, r2);
  ASSERT_TRUE(prev.ok() && *prev);
  EXPECT_EQ((*prev)->round.id, r1);
  // Different frameworks cannot be compared.
  auto neo = FrameworkStore(*c).Find(ws_, "neo-cycle");
  int64_t r3 = NewRound("NEO", "2025-11-01", (*neo)->id);
  auto bad = AssessmentStore(*c).Compare(ws_, r1, r3);
  EXPECT_EQ(bad.status().code(), ErrorCode::kInvalidArgument);
}

TEST_P(ScoreboardStoreTest, StalenessAfterSixMonthsOrAHeldEvent) {
  auto c = db_->Acquire();
  AssessmentStore store(*c);
  auto none = store.CheckStaleness(ws_, "2025-05-01");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->reasons, (std::vector<std::string>{"no assessment round yet"}));
  NewRound("Spring 2025", "2025-04-29");
  auto fresh = store.CheckStaleness(ws_, "2025-10-29");
  ASSERT_TRUE(fresh.ok());
  EXPECT_FALSE(fresh->Stale());
  auto old = store.CheckStaleness(ws_, "2025-10-30");
  ASSERT_TRUE(old.ok());
  ASSERT_EQ(old->reasons.size(), 1u);
  EXPECT_EQ(old->reasons[0], "the last round, \"Spring 2025\" (2025-04-29), is older than six months");
  // An event held after the round (issue 4's events table); a planned one and an earlier one do not count.
  for (auto [title, status, date] : {std::tuple{"Clusters Meet Regions", "held", "2025-06-12"},
                                     {"Final conference", "planned", "2025-07-01"},
                                     {"Kick-off", "held", "2025-01-10"}}) {
    auto ins = c->Exec(
        "INSERT INTO events(workspace_id, title, kind, purpose, start_date, mode, status, created_at, updated_at) "
        "VALUES (?,?,'project-led','benchmarking',?,'in-person',?,'2025-01-01T00:00:00Z','2025-01-01T00:00:00Z')",
        {ws_, std::string(title), std::string(date), std::string(status)});
    ASSERT_TRUE(ins.ok()) << ins.status().message();
  }
  auto after_event = store.CheckStaleness(ws_, "2025-07-15");
  ASSERT_TRUE(after_event.ok());
  ASSERT_EQ(after_event->reasons.size(), 1u);
  EXPECT_EQ(after_event->reasons[0],
            "the event \"Clusters Meet Regions\" was held on 2025-06-12, after the last round (2025-04-29)");
}

TEST_P(ScoreboardStoreTest, S3pCatalogueAndSelectionFilter) {
  auto c = db_->Acquire();
  S3pStore store(*c);
  {
    Transaction tx(*c);
    auto n = store.SeedCatalogue(ws_, kAnna);
    ASSERT_TRUE(n.ok()) << n.status().message();
    EXPECT_EQ(*n, 8);
    EXPECT_EQ(*store.SeedCatalogue(ws_, kAnna), 0);
    ASSERT_TRUE(tx.Commit().ok());
  }
  auto list = store.List(ws_);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 8u);
  EXPECT_EQ((*list)[0].partnership, "Mining");
  EXPECT_EQ(list->back().priority, domain::S3pPriority::kMedium);
  // Editing: an unknown region code is refused naming the field; nothing changes.
  domain::S3pPartnership p = (*list)[0];
  p.region_codes.push_back("XX99");
  {
    Transaction tx(*c);
    Status s = store.Update(p, kAnna);
    EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(s.message().find("XX99"), std::string::npos) << s.message();
  }
  // Lower Mining to HIGH: Andalucía still comes first through Batteries (VERY HIGH).
  p = (*list)[0];
  p.priority = domain::S3pPriority::kHigh;
  {
    Transaction tx(*c);
    ASSERT_TRUE(store.Update(p, kAnna).ok());
    ASSERT_TRUE(tx.Commit().ok());
  }
  auto order = store.SelectionFilter(ws_);
  ASSERT_TRUE(order.ok());
  ASSERT_GE(order->size(), 4u);
  EXPECT_EQ((*order)[0].code, "ES61");
  EXPECT_EQ((*order)[0].partnerships[0], "Advanced Materials for Batteries (VERY HIGH)");
  // Then VERY HIGH ties by the number of partnerships: West Slovenia is also in Slovenia's (SI),
  // and Slovenia holds West Slovenia (NUTS codes nest).
  EXPECT_EQ((*order)[1].code, "SI04");
  EXPECT_EQ((*order)[1].partnerships.size(), 2u);
  EXPECT_EQ((*order)[2].code, "SI");
  EXPECT_EQ((*order)[3].code, "ES41");
  auto audit = AuditStore(*c).ForEntity(kS3pEntity, p.id);
  ASSERT_TRUE(audit.ok());
  bool changed = false;
  for (const auto& e : *audit) changed |= e.field == "priority" && e.old_value == "CRITICAL" && e.new_value == "HIGH";
  EXPECT_TRUE(changed);
}

TEST_P(ScoreboardStoreTest, DemoWorkspacesCarryTheScoreboard) {
  auto c = db_->Acquire();
  auto loaded = LoadDemoWorkspaces(*c);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  auto ws = WorkspaceStore(*c).FindBySlug("i4-green");
  ASSERT_TRUE(ws.ok() && *ws);
  int64_t i4 = (*ws)->id;
  AssessmentStore store(*c);
  auto rounds = store.ListRounds(i4);
  ASSERT_TRUE(rounds.ok());
  ASSERT_EQ(rounds->size(), 2u);
  const RoundInfo& open = (*rounds)[0];
  const RoundInfo& closed = (*rounds)[1];
  EXPECT_EQ(closed.round.status, domain::RoundStatus::kClosed);
  EXPECT_EQ(closed.scores, 20);  // 4 regions x 5 dimensions
  EXPECT_EQ(closed.regions, 4);
  EXPECT_EQ(open.round.status, domain::RoundStatus::kOpen);
  EXPECT_EQ(open.round.copied_from, closed.round.id);
  auto regions = store.RoundRegions(i4, closed.round.id);
  ASSERT_TRUE(regions.ok());
  EXPECT_EQ(*regions, (std::vector<std::string>{"ES41", "ES61", "ES43", "PT18"}));
  auto scores = store.Scores(i4, closed.round.id);
  ASSERT_TRUE(scores.ok());
  for (const auto& s : *scores) {
    EXPECT_FALSE(s.evidence.empty());
    ASSERT_FALSE(s.sources.empty());
    EXPECT_NE(s.sources[0].find("I4-GREEN D6.3"), std::string::npos);
  }
  auto neo = WorkspaceStore(*c).FindBySlug("neo-cycle");
  ASSERT_TRUE(neo.ok() && *neo);
  EXPECT_EQ(S3pStore(*c).List((*neo)->id)->size(), 8u);
  auto neo_rounds = store.ListRounds((*neo)->id);
  ASSERT_EQ(neo_rounds->size(), 1u);
  EXPECT_GT((*neo_rounds)[0].scores, 10);
  // Loading again adds nothing.
  ASSERT_TRUE(LoadDemoWorkspaces(*c).ok());
  EXPECT_EQ(store.ListRounds(i4)->size(), 2u);
}

}  // namespace
}  // namespace corridor::storage
