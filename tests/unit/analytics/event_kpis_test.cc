// Event KPIs on a small data set counted by hand (both engines).
#include "analytics/event_kpis.h"

#include <gtest/gtest.h>

#include "domain/event.h"
#include "domain/workspace.h"
#include "storage/event_evidence_store.h"
#include "storage/event_store.h"
#include "storage/user_store.h"
#include "storage/workspace_store.h"
#include "test_support.h"

namespace corridor::analytics {
namespace {

using testing::TempDir;

class EventKpisTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tdb_ = testing::DefaultTestDatabase(dir_);
    storage::DatabaseOptions o;
    o.url = tdb_.url;
    o.pg_schema = tdb_.pg_schema;
    auto db = storage::Database::Open(o);
    ASSERT_TRUE(db.ok()) << db.status().message();
    db_ = std::move(*db);
    ASSERT_TRUE(db_->Migrate().ok());
    auto c = db_->Acquire();
    domain::Workspace w;
    w.slug = "kpi-test";
    w.name = "KPI test";
    w.acronym = "KPI";
    w.kind = "project";
    w.start_date = "2031-01-01";
    auto id = storage::WorkspaceStore(*c).Create(w, who_);
    ASSERT_TRUE(id.ok()) << id.status().message();
    ws_ = *id;
    auto user = storage::UserStore(*c).Create("lead@test", "Lead Person", "correct-horse-battery", false);
    ASSERT_TRUE(user.ok());
    user_ = *user;
    ASSERT_TRUE(storage::UserStore(*c).SetRole(ws_, user_, domain::Role::kEditor).ok());
    for (const char* acr : {"P1", "P2", "P3"}) {
      ASSERT_TRUE(c->Exec("INSERT INTO sister_projects (workspace_id, acronym, created_at, updated_at) VALUES (?, ?, "
                          "'2031-01-01T00:00:00Z', '2031-01-01T00:00:00Z')",
                          {ws_, std::string(acr)})
                      .ok());
      auto pid = c->Scalar("SELECT id FROM sister_projects WHERE workspace_id = ? AND acronym = ?", {ws_, std::string(acr)});
      ASSERT_TRUE(pid.ok() && pid->has_value());
      projects_.push_back(std::get<int64_t>(**pid));
    }
  }
  void TearDown() override {
    if (db_) testing::DropTestSchema(*db_, tdb_);
  }

  int64_t AddEvent(storage::Connection& c, const std::string& title, domain::EventStatus st, domain::EventPurpose p,
                   domain::EventKind k, const std::string& date, std::vector<int64_t> projects = {}) {
    domain::Event e;
    e.workspace_id = ws_;
    e.title = title;
    e.status = st;
    e.purpose = p;
    e.kind = k;
    e.mode = k == domain::EventKind::kOnline ? domain::EventMode::kOnline : domain::EventMode::kInPerson;
    e.start_date = date;
    e.project_ids = std::move(projects);
    auto id = storage::EventStore(c).Create(e, who_);
    EXPECT_TRUE(id.ok()) << id.status().message();
    return id.ok() ? *id : 0;
  }
  int64_t AddParticipant(storage::Connection& c, int64_t event, const std::string& name, const std::string& type,
                         const std::string& country, bool checked_in) {
    domain::Participant p;
    p.event_id = event;
    p.name = name;
    p.stakeholder_type = type;
    p.country = country;
    storage::EventEvidenceStore ev(c);
    auto id = ev.AddParticipant(ws_, p, who_);
    EXPECT_TRUE(id.ok()) << id.status().message();
    if (id.ok() && checked_in) EXPECT_TRUE(ev.CheckIn(ws_, event, *id, true, who_).ok());
    return id.ok() ? *id : 0;
  }
  int64_t AddAction(storage::Connection& c, int64_t event, const std::string& what, const std::string& due) {
    domain::Action a;
    a.event_id = event;
    a.description = what;
    a.responsible_user_id = user_;
    a.due_date = due;
    auto id = storage::EventEvidenceStore(c).AddAction(ws_, a, who_);
    EXPECT_TRUE(id.ok()) << id.status().message();
    return id.ok() ? *id : 0;
  }

  TempDir dir_;
  testing::TestDatabase tdb_;
  std::unique_ptr<storage::Database> db_;
  storage::Actor who_{0, "test"};
  int64_t ws_ = 0, user_ = 0;
  std::vector<int64_t> projects_;
};

TEST_F(EventKpisTest, CountsByHand) {
  auto c = db_->Acquire();
  using S = domain::EventStatus;
  using P = domain::EventPurpose;
  using K = domain::EventKind;
  int64_t e1 = AddEvent(*c, "Benchmark fair", S::kHeld, P::kBenchmarking, K::kExternal, "2031-02-10", {projects_[0]});
  AddEvent(*c, "Policy day", S::kPlanned, P::kPolicyStandards, K::kProjectLed, "2031-06-01", {projects_[2]});
  int64_t e3 = AddEvent(*c, "Online sync", S::kHeld, P::kCooperationActivation, K::kOnline, "2031-04-01");
  AddEvent(*c, "Cancelled fair", S::kCancelled, P::kBenchmarking, K::kExternal, "2030-12-01");

  domain::AgendaItem item;
  item.event_id = e1;
  item.title = "Pitch";
  item.project_id = projects_[1];
  storage::EventEvidenceStore ev(*c);
  ASSERT_TRUE(ev.AddAgendaItem(ws_, item, who_).ok());
  domain::AgendaItem again = item;  // P1 on the fair's agenda as well as linked: still one event
  again.project_id = projects_[0];
  ASSERT_TRUE(ev.AddAgendaItem(ws_, again, who_).ok());
  domain::AgendaItem other = item;  // and on the online sync's agenda: a second held event
  other.event_id = e3;
  other.project_id = projects_[0];
  ASSERT_TRUE(ev.AddAgendaItem(ws_, other, who_).ok());
  ASSERT_TRUE(ev.SaveMinutes(ws_, e1, "Agreed next steps.", 0, who_).ok());
  AddParticipant(*c, e1, "Ana", "research-organisations", "ES", true);
  AddParticipant(*c, e1, "Ben", "industrial-actors", "ES", true);
  AddParticipant(*c, e1, "Cai", "industrial-actors", "DE", false);
  AddParticipant(*c, e3, "Dee", "", "", true);
  int64_t on_time = AddAction(*c, e1, "On time", "2031-03-01");  // closed now, long before 2031
  int64_t late = AddAction(*c, e1, "Late", "2020-01-01");         // closed now, after 2020
  AddAction(*c, e1, "Overdue", "2031-03-01");                     // open, past due on 2031-12-31
  AddAction(*c, e1, "No due date", "");                           // open, never overdue
  int64_t dropped = AddAction(*c, e1, "Dropped", "2031-03-01");
  ASSERT_TRUE(ev.CloseAction(ws_, e1, on_time, domain::ActionStatus::kDone, who_).ok());
  ASSERT_TRUE(ev.CloseAction(ws_, e1, late, domain::ActionStatus::kDone, who_).ok());
  ASSERT_TRUE(ev.CloseAction(ws_, e1, dropped, domain::ActionStatus::kDropped, who_).ok());

  KpiRange range{"2031-01-01", "", "2031-12-31"};
  auto k = ComputeEventKpis(*c, ws_, range);
  ASSERT_TRUE(k.ok()) << k.status().message();
  EXPECT_EQ(k->events, 3);
  EXPECT_EQ(k->held, 2);
  EXPECT_EQ(k->planned, 1);
  EXPECT_EQ(k->cancelled, 0);
  ASSERT_EQ(k->by_purpose.size(), 3u);
  EXPECT_EQ(k->by_purpose[0].key, "benchmarking");
  EXPECT_EQ(k->by_purpose[0].held, 1);
  EXPECT_EQ(k->by_purpose[1].planned, 1);
  EXPECT_EQ(k->by_purpose[2].held, 1);
  ASSERT_EQ(k->by_kind.size(), 3u);
  EXPECT_EQ(k->by_kind[0].held, 1);     // external
  EXPECT_EQ(k->by_kind[1].planned, 1);  // project-led
  EXPECT_EQ(k->by_kind[2].held, 1);     // online
  EXPECT_EQ(k->participants_listed, 4);
  EXPECT_EQ(k->participants_checked_in, 3);
  ASSERT_EQ(k->checked_in_by_type.size(), 3u);
  EXPECT_EQ(k->checked_in_by_type[0].label, "Industrial actors");
  EXPECT_EQ(k->checked_in_by_type[0].count, 1);
  EXPECT_EQ(k->checked_in_by_type[1].label, "Not recorded");
  EXPECT_EQ(k->checked_in_by_type[2].key, "research-organisations");
  ASSERT_EQ(k->checked_in_by_country.size(), 2u);
  EXPECT_EQ(k->checked_in_by_country[0].key, "ES");
  EXPECT_EQ(k->checked_in_by_country[0].count, 2);
  EXPECT_EQ(k->checked_in_by_country[1].label, "Not recorded");
  EXPECT_EQ(k->sister_projects_engaged, 2);  // P1 linked, P2 on the agenda; P3 only on a planned event
  EXPECT_EQ(k->engaged_projects, (std::vector<std::string>{"P1", "P2"}));
  // Per project: distinct held events (P1 is linked to the fair and on its agenda: one event).
  ASSERT_EQ(k->held_events_by_project.size(), 2u);
  EXPECT_EQ(k->held_events_by_project[0].label, "P1");
  EXPECT_EQ(k->held_events_by_project[0].count, 2);  // the fair and the online sync's agenda
  EXPECT_EQ(k->held_events_by_project[1].label, "P2");
  EXPECT_EQ(k->held_events_by_project[1].count, 1);
  EXPECT_EQ(k->actions, 5);
  EXPECT_EQ(k->actions_open, 2);
  EXPECT_EQ(k->actions_overdue, 1);
  EXPECT_EQ(k->actions_closed_on_time, 1);
  EXPECT_EQ(k->actions_closed_late, 1);
  EXPECT_EQ(k->actions_dropped, 1);
  EXPECT_EQ(k->held_complete, 1);
  EXPECT_EQ(k->held_incomplete, 1);

  // Without a range the cancelled 2030 event counts; a closed range drops the June event.
  auto all = ComputeEventKpis(*c, ws_, KpiRange{"", "", "2031-12-31"});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->events, 4);
  EXPECT_EQ(all->cancelled, 1);
  auto spring = ComputeEventKpis(*c, ws_, KpiRange{"2031-01-01", "2031-05-31", "2031-12-31"});
  ASSERT_TRUE(spring.ok());
  EXPECT_EQ(spring->events, 2);
  EXPECT_EQ(spring->planned, 0);
  // Judged on an earlier day, the open action is not overdue yet.
  auto early = ComputeEventKpis(*c, ws_, KpiRange{"", "", "2031-02-01"});
  ASSERT_TRUE(early.ok());
  EXPECT_EQ(early->actions_overdue, 0);
}

TEST_F(EventKpisTest, BadRangeIsRefusedNamingTheField) {
  auto c = db_->Acquire();
  auto bad = ComputeEventKpis(*c, ws_, KpiRange{"2031-05-01", "2031-01-01", ""});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("to:"), std::string::npos);
  auto junk = ComputeEventKpis(*c, ws_, KpiRange{"yesterday", "", ""});
  ASSERT_FALSE(junk.ok());
  EXPECT_NE(junk.status().message().find("from:"), std::string::npos);
  // An empty workspace: zeros, every purpose and kind still listed.
  auto empty = ComputeEventKpis(*c, ws_, KpiRange{});
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->events, 0);
  EXPECT_EQ(empty->by_purpose.size(), 3u);
  EXPECT_EQ(empty->sister_projects_engaged, 0);
}

}  // namespace
}  // namespace corridor::analytics
