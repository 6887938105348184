#include "storage/demo_events.h"

#include <gtest/gtest.h>

#include "storage/demo_data.h"
#include "storage/event_evidence_store.h"
#include "storage/event_followup.h"
#include "storage/event_store.h"
#include "storage/workspace_store.h"
#include "test_support.h"

namespace corridor::storage {
namespace {

class DemoEventsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    test_db_ = corridor::testing::NewTestDatabase(GetParam(), dir_, "demo.db");
    auto db = Database::Open({test_db_.url, false, 10000, test_db_.pg_schema});
    ASSERT_TRUE(db.ok()) << db.status().message();
    db_ = std::move(*db);
    ASSERT_TRUE(db_->Migrate().ok());
  }
  void TearDown() override {
    if (db_) corridor::testing::DropTestSchema(*db_, test_db_);
  }
  corridor::testing::TempDir dir_;
  corridor::testing::TestDatabase test_db_;
  std::unique_ptr<Database> db_;
};

TEST_P(DemoEventsTest, NeoCycleGetsTheSeedEventsOnce) {
  auto c = db_->Acquire();
  auto loaded = LoadDemoWorkspaces(*c);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  auto ws = WorkspaceStore(*c).FindBySlug("neo-cycle");
  ASSERT_TRUE(ws.ok() && *ws);
  int64_t id = (*ws)->id;
  EventStore events(*c);
  auto timeline = events.Timeline(id);
  ASSERT_TRUE(timeline.ok());
  ASSERT_EQ(timeline->size(), 11u);
  EXPECT_EQ((*timeline)[0].event.title, "European Raw Materials Clustering Event (EURAW 2024)");
  EXPECT_EQ((*timeline)[0].project_month, 2);
  const EventSummary* first = nullptr;
  const EventSummary* final_conf = nullptr;
  for (const auto& s : *timeline) {
    if (s.event.milestone == "First clustering event") first = &s;
    if (s.event.milestone == "Final conference") final_conf = &s;
  }
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->project_month, 14);
  EXPECT_EQ(first->event.status, domain::EventStatus::kHeld);
  EXPECT_EQ(first->event.mode, domain::EventMode::kHybrid);
  EXPECT_TRUE(first->completeness.Complete());
  EXPECT_EQ(first->agenda_items, 10);
  EXPECT_GE(first->participants, 5);
  EXPECT_GT(first->checked_in, 0);
  EXPECT_LT(first->checked_in, first->participants);
  EXPECT_EQ(first->actions, 3);
  EXPECT_EQ(first->open_actions, 2);
  EXPECT_EQ(first->event.project_ids.size(), 4u);
  ASSERT_NE(final_conf, nullptr);
  EXPECT_EQ(final_conf->project_month, 47);
  EXPECT_EQ(final_conf->event.status, domain::EventStatus::kPlanned);

  // One action closed on time, one overdue on a fixed day after the event.
  auto actions = EventEvidenceStore(*c).Actions(id, first->event.id);
  ASSERT_TRUE(actions.ok());
  int on_time = 0, overdue = 0;
  for (const auto& a : *actions) {
    on_time += domain::ClosedOnTime(a);
    overdue += domain::IsOverdue(a, "2025-12-01");
  }
  EXPECT_EQ(on_time, 1);
  EXPECT_EQ(overdue, 1);
  // The Table 4 external events are held without evidence: listed as incomplete, oldest first.
  auto incomplete = EventFollowup(*c).IncompleteHeldEvents(id);
  ASSERT_TRUE(incomplete.ok());
  ASSERT_EQ(incomplete->size(), 3u);
  EXPECT_EQ((*incomplete)[0].summary.project_month, 2);

  // Idempotent, and a user's deletion is respected on the next start.
  ASSERT_TRUE(LoadDemoWorkspaces(*c).ok());
  EXPECT_EQ(events.Timeline(id)->size(), 11u);
  {
    Transaction tx(*c);
    for (const auto& s : *timeline) ASSERT_TRUE(events.Delete(id, s.event.id, Actor{}).ok());
    ASSERT_TRUE(tx.Commit().ok());
  }
  Transaction tx(*c);
  ASSERT_TRUE(LoadDemoEvents(*c).ok());
  ASSERT_TRUE(tx.Commit().ok());
  EXPECT_TRUE(events.Timeline(id)->empty());
}

INSTANTIATE_TEST_SUITE_P(Engines, DemoEventsTest, ::testing::ValuesIn(corridor::testing::TestEngines()),
                         corridor::testing::EngineName());

}  // namespace
}  // namespace corridor::storage
