#include "storage/event_store.h"

#include <gtest/gtest.h>

#include "core/dates.h"
#include "core/strings.h"
#include "storage/event_evidence_store.h"
#include "storage/event_followup.h"
#include "storage/registry_store.h"
#include "storage/stakeholder_store.h"
#include "storage/user_store.h"
#include "storage/workspace_store.h"
#include "storage_fixture.h"
#include "test_support.h"

namespace corridor::storage {
namespace {

bool Has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// Every test runs on the engine of the pass (tests/test_support.h).
class EventStoreTest : public corridor::testing::StoreTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(StoreTest::SetUp());
    ws_ = NeoCycle("", "2024-09-01");
    ws_.id = AddWorkspace(ws_);
    ASSERT_GT(ws_.id, 0);
    other_ws_ = AddWorkspace(domain::Workspace{0, "other", "Other project", "OTHER", "project", "", "2024-01-01", "", {}});
    ASSERT_GT(other_ws_, 0);
    auto c = db_->Acquire();
    // Users without a real password hash: these tests never log in, and Argon2 is slow on purpose.
    auto user = [&](const std::string& email, const std::string& name) -> int64_t {
      auto r = c->Query("INSERT INTO users(email, display_name, password_hash, created_at) VALUES (?, ?, 'x', "
                        "'2025-01-01') RETURNING id",
                        {email, name});
      EXPECT_TRUE(r.ok()) << r.status().message();
      return r.ok() ? (*r)[0].Int(0) : 0;
    };
    UserStore users(*c);
    editor_id_ = user("laura@example.org", "Laura Editor");
    ASSERT_TRUE(users.SetRole(ws_.id, editor_id_, domain::Role::kEditor).ok());
    outsider_id_ = user("olga@example.org", "Olga Outsider");
    ASSERT_TRUE(users.SetRole(other_ws_, outsider_id_, domain::Role::kEditor).ok());
  }

  domain::Event NewEvent(const std::string& title, const std::string& date,
                         domain::EventStatus status = domain::EventStatus::kPlanned) {
    domain::Event e;
    e.workspace_id = ws_.id;
    e.title = title;
    e.start_date = date;
    e.status = status;
    e.mode = domain::EventMode::kHybrid;
    e.place = "Seville, Spain";
    e.organiser = "ISMC, ECOCastulum";
    return e;
  }

  int64_t Create(domain::Event& e) {
    auto c = db_->Acquire();
    Transaction tx(*c);
    auto id = EventStore(*c).Create(e, who_);
    EXPECT_TRUE(id.ok()) << id.status().message();
    EXPECT_TRUE(tx.Commit().ok());
    return id.ok() ? *id : 0;
  }

  int64_t Stakeholder(const std::string& name, const std::string& email, int64_t ws = 0) {
    auto c = db_->Acquire();
    domain::Stakeholder s;
    s.workspace_id = ws ? ws : ws_.id;
    s.name = name;
    s.email = email;
    s.organisation = "Org of " + name;
    s.country = "ES";
    s.type_key = "research-organisations";
    auto id = StakeholderStore(*c).Create(s, who_);
    EXPECT_TRUE(id.ok()) << id.status().message();
    return id.ok() ? *id : 0;
  }

  int64_t Project(const std::string& acronym, const std::string& stage, int64_t ws = 0) {
    auto c = db_->Acquire();
    auto r = c->Query("INSERT INTO sister_projects(workspace_id, acronym, stage, created_at, updated_at) "
                      "VALUES (?, ?, ?, '2025-01-01', '2025-01-01') RETURNING id",
                      {ws ? ws : ws_.id, acronym, stage});
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? (*r)[0].Int(0) : 0;
  }

  // Gives an event the four minimum items through the store (one write each).
  void Document(int64_t id) {
    auto c = db_->Acquire();
    EventEvidenceStore ev(*c);
    domain::AgendaItem a;
    a.event_id = id;
    a.title = "Strategic alignment";
    ASSERT_TRUE(ev.AddAgendaItem(ws_.id, a, who_).ok());
    domain::Participant p;
    p.event_id = id;
    p.name = "Walk In";
    ASSERT_TRUE(ev.AddParticipant(ws_.id, p, who_).ok());
    ASSERT_TRUE(ev.SaveMinutes(ws_.id, id, "# Minutes\n\nAgreed next steps.", 0, who_).ok());
    domain::Action x;
    x.event_id = id;
    x.description = "Share the slides";
    x.responsible_user_id = editor_id_;
    ASSERT_TRUE(ev.AddAction(ws_.id, x, who_).ok());
  }

  domain::Workspace ws_;
  int64_t other_ws_ = 0, editor_id_ = 0, outsider_id_ = 0;
  Actor who_{1, "Laura Editor"};
};

TEST_P(EventStoreTest, CreateValidatesAndComputesTheProjectMonth) {
  auto c = db_->Acquire();
  EventStore store(*c);
  domain::Event bad = NewEvent("Clustering event", "2025-03-04");
  bad.end_date = "2025-03-01";
  auto r = store.Create(bad, who_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.status().message(), "end_date: 2025-03-01 is before the start date 2025-03-04");

  domain::Event linked = NewEvent("Clustering event", "2025-10-15");
  linked.project_ids = {Project("FOREIGN", "shortlist", other_ws_)};
  r = store.Create(linked, who_);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(Has(r.status().message(), "project_ids: no sister project #")) << r.status().message();

  domain::Event e = NewEvent("First NEO-CYCLE clustering event", "2025-10-15");
  e.milestone = "First clustering event";
  e.minutes_md = "   \n";  // blank minutes are no minutes
  int64_t id = Create(e);
  ASSERT_GT(id, 0);
  auto got = store.Get(ws_.id, id);
  ASSERT_TRUE(got.ok() && *got);
  EXPECT_EQ((*got)->title, "First NEO-CYCLE clustering event");
  EXPECT_EQ((*got)->mode, domain::EventMode::kHybrid);
  EXPECT_EQ((*got)->minutes_md, "");
  EXPECT_EQ((*got)->version, 1);
  auto month = store.ProjectMonthOf(ws_.id, "2025-10-15");
  ASSERT_TRUE(month.ok());
  EXPECT_EQ(*month, 14);
  auto sum = store.Summary(ws_.id, id);
  ASSERT_TRUE(sum.ok() && *sum);
  EXPECT_EQ((*sum)->project_month, 14);
  EXPECT_FALSE((*sum)->completeness.Complete());

  auto audit = AuditStore(*c).ForEntity(kEventEntity, id);
  ASSERT_TRUE(audit.ok());
  ASSERT_EQ(audit->size(), 1u);
  EXPECT_EQ((*audit)[0].action, "create");
  EXPECT_EQ((*audit)[0].user_name, "Laura Editor");
}

TEST_P(EventStoreTest, WorkspaceScoping) {
  domain::Event e = NewEvent("EURAW 2024", "2024-10-10");
  int64_t id = Create(e);
  auto c = db_->Acquire();
  EventStore store(*c);
  auto foreign = store.Get(other_ws_, id);
  ASSERT_TRUE(foreign.ok());
  EXPECT_FALSE(foreign->has_value());
  EventEvidenceStore ev(*c);
  auto parts = ev.Participants(other_ws_, id);
  ASSERT_FALSE(parts.ok());
  EXPECT_EQ(parts.status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(store.Delete(other_ws_, id, who_).code(), ErrorCode::kNotFound);
  domain::Event copy = e;
  copy.workspace_id = other_ws_;
  EXPECT_EQ(store.Update(copy, who_).code(), ErrorCode::kNotFound);
  auto list = store.List(other_ws_, {});
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(list->empty());
  // A stakeholder of another workspace cannot be linked.
  int64_t foreign_sh = Stakeholder("Foreign Person", "foreign@example.org", other_ws_);
  domain::Event withsh = e;
  withsh.stakeholder_ids = {foreign_sh};
  Status st = store.Update(withsh, who_);
  EXPECT_EQ(st.code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(Has(st.message(), "stakeholder_ids:"));
}

TEST_P(EventStoreTest, OptimisticLockingNamesWhoChangedWhatAndAuditsFields) {
  domain::Event e = NewEvent("Materials4Catalysts workshop", "2025-09-24");
  int64_t id = Create(e);
  auto c = db_->Acquire();
  EventStore store(*c);
  domain::Event a = **store.Get(ws_.id, id), b = a;
  a.place = "Brussels, Belgium";
  a.purpose = domain::EventPurpose::kBenchmarking;
  ASSERT_TRUE(store.Update(a, Actor{2, "Vera"}).ok());
  EXPECT_EQ(a.version, 2);
  b.title = "Renamed";
  Status stale = store.Update(b, who_);
  ASSERT_EQ(stale.code(), ErrorCode::kConflict);
  EXPECT_TRUE(Has(stale.message(), "Vera")) << stale.message();
  EXPECT_TRUE(Has(stale.message(), "Place")) << stale.message();
  EXPECT_TRUE(Has(stale.message(), "Purpose")) << stale.message();
  EXPECT_EQ((**store.Get(ws_.id, id)).title, "Materials4Catalysts workshop");  // nothing written

  // No change: no new version.
  domain::Event same = **store.Get(ws_.id, id);
  ASSERT_TRUE(store.Update(same, who_).ok());
  EXPECT_EQ(same.version, 2);

  auto audit = AuditStore(*c).ForEntity(kEventEntity, id);
  ASSERT_TRUE(audit.ok());
  bool place = false;
  for (const auto& en : *audit)
    if (en.field == "place") {
      place = true;
      EXPECT_EQ(en.old_value, "Seville, Spain");
      EXPECT_EQ(en.new_value, "Brussels, Belgium");
      EXPECT_EQ(en.entity_version, 2);
    }
  EXPECT_TRUE(place);
}

TEST_P(EventStoreTest, ListFiltersAndTimelineOrder) {
  domain::Event a = NewEvent("Final conference", "2028-07-20");
  a.milestone = "Final conference";
  Create(a);
  domain::Event b = NewEvent("EURAW 2024", "2024-10-10", domain::EventStatus::kHeld);
  b.kind = domain::EventKind::kExternal;
  b.purpose = domain::EventPurpose::kBenchmarking;
  Create(b);
  domain::Event d = NewEvent("Online webinar", "2025-02-01");
  d.kind = domain::EventKind::kOnline;
  d.end_date = "2025-02-03";
  d.status = domain::EventStatus::kCancelled;
  Create(d);
  auto c = db_->Acquire();
  EventStore store(*c);
  auto tl = store.Timeline(ws_.id);
  ASSERT_TRUE(tl.ok());
  ASSERT_EQ(tl->size(), 3u);
  EXPECT_EQ((*tl)[0].event.title, "EURAW 2024");
  EXPECT_EQ((*tl)[0].project_month, 2);
  EXPECT_EQ((*tl)[2].event.milestone, "Final conference");
  EXPECT_EQ((*tl)[2].project_month, 47);

  EventQuery q;
  q.kind = "external";
  EXPECT_EQ(store.List(ws_.id, q)->size(), 1u);
  q = {};
  q.status = "planned";
  EXPECT_EQ(store.List(ws_.id, q)->size(), 1u);
  q = {};
  q.from = "2025-02-02";  // the webinar ends on the 3rd: still in range
  q.to = "2025-12-31";
  auto ranged = store.List(ws_.id, q);
  ASSERT_TRUE(ranged.ok());
  ASSERT_EQ(ranged->size(), 1u);
  EXPECT_EQ((*ranged)[0].event.title, "Online webinar");
  q = {};
  q.text = "euraw";
  EXPECT_EQ(*store.Count(ws_.id, q), 1);
  q = {};
  q.descending = true;
  EXPECT_EQ((*store.List(ws_.id, q))[0].event.title, "Final conference");
  q = {};
  q.text = "'; DROP TABLE events; --";
  EXPECT_EQ(store.List(ws_.id, q)->size(), 0u);
}

TEST_P(EventStoreTest, ParticipantsFromListWalkInsAndCheckInSetsTheInvitation) {
  domain::Event e = NewEvent("Clustering event", "2025-10-15", domain::EventStatus::kHeld);
  int64_t id = Create(e);
  int64_t ana = Stakeholder("Ana Ruiz", "ana@example.org");
  int64_t ben = Stakeholder("Ben Olsen", "ben@example.org");
  int64_t cal = Stakeholder("Cal Diaz", "cal@example.org");
  auto c = db_->Acquire();
  // An invitation list as the stakeholder issue saves it (the invitees, one declined).
  auto list = c->Query("INSERT INTO invitation_lists(workspace_id, name, created_at) VALUES (?, 'First event', '2025-09-01') "
                       "RETURNING id",
                       {ws_.id});
  ASSERT_TRUE(list.ok());
  int64_t list_id = (*list)[0].Int(0);
  for (auto [sid, status] : std::vector<std::pair<int64_t, std::string>>{{ana, "accepted"}, {ben, "invited"}, {cal, "declined"}})
    ASSERT_TRUE(c->Exec("INSERT INTO invitations(list_id, stakeholder_id, status, status_at) VALUES (?, ?, ?, '2025-09-01')",
                        {list_id, sid, status})
                    .ok());
  EventEvidenceStore ev(*c);
  {
    Transaction tx(*c);
    auto out = ev.AddFromInvitationList(ws_.id, id, list_id, who_);
    ASSERT_TRUE(out.ok()) << out.status().message();
    EXPECT_EQ(out->added, 2);
    EXPECT_EQ(out->declined, 1);
    ASSERT_TRUE(tx.Commit().ok());
  }
  {
    Transaction tx(*c);
    auto again = ev.AddFromInvitationList(ws_.id, id, list_id, who_);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->added, 0);
    EXPECT_EQ(again->already_present, 2);
    ASSERT_TRUE(tx.Commit().ok());
  }
  EXPECT_EQ(*(**EventStore(*c).Get(ws_.id, id)).invitation_list_id, list_id);

  // A walk-in whose e-mail is known is linked to the stakeholder record.
  domain::Participant w;
  w.event_id = id;
  w.name = "Cal at the door";
  w.email = " CAL@example.org ";
  ASSERT_TRUE(ev.AddParticipant(ws_.id, w, who_).ok());
  EXPECT_EQ(w.stakeholder_id, cal);
  EXPECT_EQ(w.country, "ES");
  EXPECT_EQ(w.stakeholder_type, "research-organisations");
  domain::Participant dup;
  dup.event_id = id;
  dup.name = "Ana again";
  dup.email = "ana@example.org";
  auto d = ev.AddParticipant(ws_.id, dup, who_);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().code(), ErrorCode::kConflict);
  EXPECT_TRUE(Has(d.status().message(), "email: ana@example.org is already a participant"));

  auto parts = ev.Participants(ws_.id, id);
  ASSERT_TRUE(parts.ok());
  ASSERT_EQ(parts->size(), 3u);
  const domain::Participant& first = (*parts)[0];
  EXPECT_EQ(first.name, "Ana Ruiz");
  EXPECT_EQ(first.source, domain::ParticipantSource::kInvitation);
  ASSERT_TRUE(first.invitation_id.has_value());

  ASSERT_TRUE(ev.CheckIn(ws_.id, id, first.id, true, who_).ok());
  auto status = c->Scalar("SELECT status FROM invitations WHERE list_id = ? AND stakeholder_id = ?", {list_id, ana});
  ASSERT_TRUE(status.ok() && *status);
  EXPECT_EQ(std::get<std::string>(**status), "attended");
  EXPECT_FALSE((*ev.GetParticipant(ws_.id, id, first.id))->checked_in_at.empty());
  ASSERT_TRUE(ev.CheckIn(ws_.id, id, first.id, false, who_).ok());
  status = c->Scalar("SELECT status FROM invitations WHERE list_id = ? AND stakeholder_id = ?", {list_id, ana});
  EXPECT_EQ(std::get<std::string>(**status), "accepted");
  // Ben was only "invited": undoing his check-in puts back "invited", not "accepted".
  const domain::Participant& second = (*parts)[1];
  ASSERT_EQ(second.stakeholder_id, ben);
  ASSERT_TRUE(ev.CheckIn(ws_.id, id, second.id, true, who_).ok());
  status = c->Scalar("SELECT status FROM invitations WHERE list_id = ? AND stakeholder_id = ?", {list_id, ben});
  EXPECT_EQ(std::get<std::string>(**status), "attended");
  ASSERT_TRUE(ev.CheckIn(ws_.id, id, second.id, false, who_).ok());
  status = c->Scalar("SELECT status FROM invitations WHERE list_id = ? AND stakeholder_id = ?", {list_id, ben});
  EXPECT_EQ(std::get<std::string>(**status), "invited");
  EXPECT_EQ(ev.CheckIn(ws_.id, id, 999999, true, who_).code(), ErrorCode::kNotFound);

  auto audit = AuditStore(*c).ForEntity(kEventParticipantEntity, first.id);
  ASSERT_TRUE(audit.ok());
  ASSERT_GE(audit->size(), 3u);  // add, check-in, undo
}

TEST_P(EventStoreTest, ImportReportsEveryBadRowWithItsLineAllOrNothing) {
  domain::Event e = NewEvent("Clustering event", "2025-10-15");
  int64_t id = Create(e);
  int64_t known = Stakeholder("Dora Known", "dora@example.org");
  std::vector<ParticipantRow> rows = {
      {2, "Eva Good", "Uni Sevilla", "eva@example.org", "es", "Industrial actors"},
      {3, "", "No Name Ltd", "noname@example.org", "", ""},
      {4, "Fay Bad", "", "not-an-email", "", ""},
      {5, "Gus Type", "", "gus@example.org", "", "astronauts"},
      {6, "Eva Twice", "", "EVA@example.org", "", ""},
      {7, "Dora", "", "dora@example.org", "", ""},
  };
  auto c = db_->Acquire();
  EventEvidenceStore ev(*c);
  {
    Transaction tx(*c);
    auto out = ev.ImportParticipants(ws_.id, id, rows, false, who_);
    ASSERT_TRUE(out.ok()) << out.status().message();
    EXPECT_FALSE(out->committed);
    ASSERT_EQ(out->errors.size(), 4u);
    EXPECT_EQ(out->errors[0], "line 3: name: required");
    EXPECT_TRUE(Has(out->errors[1], "line 4: email:"));
    EXPECT_TRUE(Has(out->errors[2], "line 5: type: \"astronauts\""));
    EXPECT_TRUE(Has(out->errors[3], "line 6: email: eva@example.org is repeated (first on line 2)"));
    ASSERT_TRUE(tx.Commit().ok());
  }
  EXPECT_TRUE(ev.Participants(ws_.id, id)->empty());
  {
    Transaction tx(*c);
    auto out = ev.ImportParticipants(ws_.id, id, rows, true, who_);
    ASSERT_TRUE(out.ok());
    EXPECT_TRUE(out->committed);
    EXPECT_EQ(out->added, 2);
    EXPECT_EQ(out->matched, 1);
    ASSERT_TRUE(tx.Commit().ok());
  }
  auto parts = *ev.Participants(ws_.id, id);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].name, "Dora");
  EXPECT_EQ(parts[0].stakeholder_id, known);
  EXPECT_EQ(parts[1].country, "ES");
  EXPECT_EQ(parts[1].stakeholder_type, "industrial-actors");
  EXPECT_EQ(parts[1].source, domain::ParticipantSource::kUpload);
}

TEST_P(EventStoreTest, MinutesAreVersionedByTheEvent) {
  domain::Event e = NewEvent("Clustering event", "2025-10-15");
  int64_t id = Create(e);
  auto c = db_->Acquire();
  EventEvidenceStore ev(*c);
  std::string script = "# Minutes\n\n<script>alert('x')</script> kept as text";
  ASSERT_TRUE(ev.SaveMinutes(ws_.id, id, script, 1, who_).ok());
  auto got = **EventStore(*c).Get(ws_.id, id);
  EXPECT_EQ(got.minutes_md, script);  // stored verbatim; the web layer renders it safely
  EXPECT_EQ(got.version, 2);
  Status stale = ev.SaveMinutes(ws_.id, id, "older edit", 1, Actor{3, "Otto"});
  ASSERT_EQ(stale.code(), ErrorCode::kConflict);
  EXPECT_TRUE(Has(stale.message(), "Laura Editor")) << stale.message();
  EXPECT_EQ((**EventStore(*c).Get(ws_.id, id)).minutes_md, script);
  // The event form opened before the minutes were saved is refused too.
  domain::Event old = got;
  old.version = 1;
  old.title = "Changed";
  Status form = EventStore(*c).Update(old, who_);
  EXPECT_EQ(form.code(), ErrorCode::kConflict);
  EXPECT_TRUE(Has(form.message(), "Minutes")) << form.message();
  EXPECT_EQ(ev.SaveMinutes(ws_.id, id, std::string(200001, 'm'), 0, who_).code(), ErrorCode::kInvalidArgument);
}

TEST_P(EventStoreTest, AttachmentsAreCheckedStoredWithChecksumAndRoundTrip) {
  domain::Event e = NewEvent("Clustering event", "2025-10-15");
  int64_t id = Create(e);
  auto c = db_->Acquire();
  EventEvidenceStore ev(*c);
  std::string pdf = "%PDF-1.4\n" + std::string("\x00\x01\xFF\xFE binary", 12) + "\n%%EOF";
  auto a = ev.AddAttachment(ws_.id, id, "C:\\Users\\me\\..\\Agenda \"final\".pdf", pdf, "agenda", who_);
  ASSERT_TRUE(a.ok()) << a.status().message();
  auto list = ev.Attachments(ws_.id, id);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].filename, "Agenda final.pdf");
  EXPECT_EQ((*list)[0].content_type, "application/pdf");
  EXPECT_EQ((*list)[0].size, static_cast<int64_t>(pdf.size()));
  EXPECT_EQ((*list)[0].sha256, strings::Sha256Hex(pdf));
  auto got = ev.FetchAttachment(ws_.id, id, *a);
  ASSERT_TRUE(got.ok() && *got);
  EXPECT_EQ((*got)->content, pdf);
  EXPECT_FALSE(ev.FetchAttachment(other_ws_, id, *a).ok());

  auto fake = ev.AddAttachment(ws_.id, id, "report.pdf", "<html>not a pdf</html>", "", who_);
  ASSERT_FALSE(fake.ok());
  EXPECT_EQ(fake.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(Has(fake.status().message(), "report.pdf"));
  auto big = ev.AddAttachment(ws_.id, id, "big.txt", std::string(domain::kMaxAttachmentBytes + 1, 'a'), "", who_);
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.status().code(), ErrorCode::kTooLarge);
  EXPECT_TRUE(Has(big.status().message(), "the limit is 10 MB"));
  EXPECT_EQ(ev.AddAttachment(ws_.id, id, "x.txt", "text", "poster", who_).status().code(), ErrorCode::kInvalidArgument);
  // The agenda attachment counts for completeness.
  EXPECT_TRUE(EventFollowup(*c).Completeness(ws_.id, id)->agenda);
  ASSERT_TRUE(ev.DeleteAttachment(ws_.id, id, *a, who_).ok());
  EXPECT_TRUE(ev.Attachments(ws_.id, id)->empty());
}

TEST_P(EventStoreTest, ActionsResolveKnownPeopleAndRecordClosing) {
  domain::Event e = NewEvent("Clustering event", "2025-10-15");
  int64_t id = Create(e);
  int64_t sh = Stakeholder("Hana Stake", "hana@example.org");
  auto c = db_->Acquire();
  EventEvidenceStore ev(*c);
  auto nobody = ev.ResolveResponsible(ws_.id, "Someone Unknown");
  ASSERT_FALSE(nobody.ok());
  EXPECT_EQ(nobody.status().message(), "responsible: no workspace member or stakeholder matches \"Someone Unknown\"");
  // A member of another workspace is not a member here.
  EXPECT_FALSE(ev.ResolveResponsible(ws_.id, "olga@example.org").ok());
  auto member = ev.ResolveResponsible(ws_.id, "LAURA@example.org");
  ASSERT_TRUE(member.ok());
  EXPECT_EQ(member->user_id, editor_id_);
  auto stake = ev.ResolveResponsible(ws_.id, "hana stake");
  ASSERT_TRUE(stake.ok());
  EXPECT_EQ(stake->stakeholder_id, sh);

  domain::Action x;
  x.event_id = id;
  x.description = "Circulate the minutes";
  x.responsible_user_id = outsider_id_;
  auto refused = ev.AddAction(ws_.id, x, who_);
  ASSERT_FALSE(refused.ok());
  EXPECT_TRUE(Has(refused.status().message(), "responsible: user #"));
  x.responsible_user_id = editor_id_;
  x.due_date = "2025-11-01";
  auto aid = ev.AddAction(ws_.id, x, who_);
  ASSERT_TRUE(aid.ok()) << aid.status().message();
  EXPECT_EQ(x.responsible_name, "Laura Editor");

  ASSERT_TRUE(ev.CloseAction(ws_.id, id, *aid, domain::ActionStatus::kDone, who_).ok());
  auto closed = **ev.GetAction(ws_.id, id, *aid);
  EXPECT_EQ(closed.status, domain::ActionStatus::kDone);
  EXPECT_FALSE(closed.closed_at.empty());
  EXPECT_EQ(closed.version, 2);
  EXPECT_EQ(ev.CloseAction(ws_.id, id, *aid, domain::ActionStatus::kOpen, who_).code(), ErrorCode::kInvalidArgument);
  ASSERT_TRUE(ev.ReopenAction(ws_.id, id, *aid, who_).ok());
  auto reopened = **ev.GetAction(ws_.id, id, *aid);
  EXPECT_TRUE(reopened.closed_at.empty());
  EXPECT_EQ(reopened.status, domain::ActionStatus::kOpen);

  domain::Action stale = closed;  // version 2, now 3
  stale.description = "Edited from an old form";
  Status st = ev.UpdateAction(ws_.id, stale, Actor{4, "Max"});
  EXPECT_EQ(st.code(), ErrorCode::kConflict);
  auto audit = AuditStore(*c).ForEntity(kEventActionEntity, *aid);
  ASSERT_TRUE(audit.ok());
  bool closed_audited = false;
  for (const auto& en : *audit)
    if (en.field == "status" && en.old_value == "open" && en.new_value == "done") closed_audited = true;
  EXPECT_TRUE(closed_audited);
}

TEST_P(EventStoreTest, IncompleteHeldEventsOldestFirstWithWhatIsMissing) {
  domain::Event newer = NewEvent("Second event", "2026-08-20", domain::EventStatus::kHeld);
  int64_t newer_id = Create(newer);
  domain::Event older = NewEvent("First event", "2025-10-15", domain::EventStatus::kHeld);
  int64_t older_id = Create(older);
  domain::Event planned = NewEvent("Planned", "2027-01-01");
  Create(planned);
  domain::Event done = NewEvent("Documented", "2025-01-10", domain::EventStatus::kHeld);
  int64_t done_id = Create(done);
  Document(done_id);
  auto c = db_->Acquire();
  EventEvidenceStore ev(*c);
  ASSERT_TRUE(ev.SaveMinutes(ws_.id, newer_id, "Short minutes", 0, who_).ok());
  auto list = EventFollowup(*c).IncompleteHeldEvents(ws_.id);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].summary.event.id, older_id);
  EXPECT_EQ((*list)[0].missing, (std::vector<std::string>{"agenda", "participant list", "minutes", "action list"}));
  EXPECT_EQ((*list)[1].summary.event.id, newer_id);
  EXPECT_EQ((*list)[1].missing, (std::vector<std::string>{"agenda", "participant list", "action list"}));
  EXPECT_TRUE(EventFollowup(*c).Completeness(ws_.id, done_id)->Complete());
}

TEST_P(EventStoreTest, OpenActionsByPersonOverdueFirst) {
  domain::Event e1 = NewEvent("Event one", "2025-01-10");
  int64_t id1 = Create(e1);
  domain::Event e2 = NewEvent("Event two", "2025-03-10");
  int64_t id2 = Create(e2);
  int64_t sh = Stakeholder("Hana Stake", "hana@example.org");
  auto c = db_->Acquire();
  EventEvidenceStore ev(*c);
  auto add = [&](int64_t event, const std::string& what, const std::string& due, bool user) {
    domain::Action x;
    x.event_id = event;
    x.description = what;
    x.due_date = due;
    if (user) x.responsible_user_id = editor_id_;
    else x.responsible_stakeholder_id = sh;
    auto id = ev.AddAction(ws_.id, x, who_);
    EXPECT_TRUE(id.ok()) << id.status().message();
    return id.ok() ? *id : 0;
  };
  add(id1, "Laura later", "2025-12-01", true);
  add(id2, "Laura undated", "", true);
  add(id2, "Laura overdue", "2025-04-01", true);
  add(id1, "Hana overdue old", "2025-02-01", false);
  add(id2, "Hana overdue newer", "2025-05-01", false);
  int64_t done = add(id1, "Closed one", "2025-01-01", true);
  ASSERT_TRUE(ev.CloseAction(ws_.id, id1, done, domain::ActionStatus::kDone, who_).ok());

  EventFollowup f(*c);
  auto flat = f.OpenActions(ws_.id, "2025-06-01");
  ASSERT_TRUE(flat.ok());
  std::vector<std::string> order;
  for (const auto& a : *flat) order.push_back(a.action.description);
  EXPECT_EQ(order, (std::vector<std::string>{"Hana overdue old", "Laura overdue", "Hana overdue newer", "Laura later",
                                             "Laura undated"}));
  EXPECT_TRUE((*flat)[0].overdue);
  EXPECT_EQ((*flat)[0].event_title, "Event one");
  EXPECT_FALSE((*flat)[3].overdue);

  auto groups = f.OpenActionsByPerson(ws_.id, "2025-06-01");
  ASSERT_TRUE(groups.ok());
  ASSERT_EQ(groups->size(), 2u);
  EXPECT_EQ((*groups)[0].responsible_name, "Hana Stake");  // two overdue
  EXPECT_EQ((*groups)[0].overdue, 2);
  EXPECT_EQ((*groups)[1].responsible_name, "Laura Editor");
  ASSERT_EQ((*groups)[1].actions.size(), 3u);
  EXPECT_EQ((*groups)[1].actions[0].action.description, "Laura overdue");
  EXPECT_EQ((*groups)[1].actions[2].action.description, "Laura undated");
}

TEST_P(EventStoreTest, DocumentedHeldEventMovesShortlistedProjectsOnce) {
  int64_t raw4res = Project("RAW4RES", "shortlist");
  int64_t crusade = Project("CRUSADE", "longlist");
  domain::Event e = NewEvent("First NEO-CYCLE clustering event", "2025-10-15");
  e.project_ids = {raw4res, crusade};
  int64_t id = Create(e);
  Document(id);  // complete, but planned: nothing moves
  auto c = db_->Acquire();
  RegistryStore registry(*c);
  EXPECT_EQ((*registry.Get(ws_.id, raw4res))->stage, domain::Stage::kShortlist);
  auto preview = EventFollowup(*c).RegistryLinkStatus(ws_.id, id);
  ASSERT_TRUE(preview.ok());
  EXPECT_FALSE(preview->applies);

  EventStore store(*c);
  {
    Transaction tx(*c);
    ASSERT_TRUE(store.SetStatus(ws_.id, id, domain::EventStatus::kHeld, who_).ok());
    ASSERT_TRUE(tx.Commit().ok());
  }
  const RegistryLinkReport& rep = store.last_registry_link();
  EXPECT_TRUE(rep.applies);
  EXPECT_EQ(rep.moved_now, std::vector<int64_t>{raw4res});
  ASSERT_EQ(rep.entries.size(), 2u);
  for (const auto& en : rep.entries)
    if (en.project_id == crusade) {
      EXPECT_FALSE(en.moved);
      EXPECT_TRUE(Has(en.reason, "Longlist")) << en.reason;
    }
  EXPECT_EQ((*registry.Get(ws_.id, raw4res))->stage, domain::Stage::kInteractionFiltered);
  auto steps = registry.Steps(raw4res);
  ASSERT_TRUE(steps.ok());
  ASSERT_EQ(steps->size(), 1u);
  EXPECT_EQ((*steps)[0].justification, "Joint event documented: First NEO-CYCLE clustering event (2025-10-15) "
                                       "/w/neo-cycle/events/" + std::to_string(id));

  // Back on the shortlist by hand: further evidence writes on the event never move it again.
  ASSERT_TRUE(c->Exec("UPDATE sister_projects SET stage = 'shortlist' WHERE id = ?", {raw4res}).ok());
  EventEvidenceStore ev(*c);
  ASSERT_TRUE(ev.SaveMinutes(ws_.id, id, "# Minutes\n\nRevised.", 0, who_).ok());
  EXPECT_TRUE(ev.last_registry_link().moved_now.empty());
  EXPECT_EQ((*registry.Steps(raw4res)).size(), 1u);
  EXPECT_EQ((*registry.Get(ws_.id, raw4res))->stage, domain::Stage::kShortlist);
  auto moves = EventFollowup(*c).MovesForProject(ws_.id, raw4res);
  ASSERT_TRUE(moves.ok());
  ASSERT_EQ(moves->size(), 1u);
  EXPECT_EQ((*moves)[0].event_id, id);
}

TEST_P(EventStoreTest, EvidenceWriteOnAHeldEventCompletesItAndMoves) {
  int64_t p = Project("PERMANET", "shortlist");
  domain::Event e = NewEvent("Held event", "2025-10-15", domain::EventStatus::kHeld);
  e.project_ids = {p};
  int64_t id = Create(e);
  auto c = db_->Acquire();
  EventEvidenceStore ev(*c);
  domain::AgendaItem a;
  a.event_id = id;
  a.title = "Pitches";
  ASSERT_TRUE(ev.AddAgendaItem(ws_.id, a, who_).ok());
  domain::Participant part;
  part.event_id = id;
  part.name = "Walk In";
  ASSERT_TRUE(ev.AddParticipant(ws_.id, part, who_).ok());
  ASSERT_TRUE(ev.SaveMinutes(ws_.id, id, "Minutes", 0, who_).ok());
  EXPECT_TRUE(ev.last_registry_link().moved_now.empty());  // no action list yet
  domain::Action x;
  x.event_id = id;
  x.description = "Follow up";
  x.responsible_user_id = editor_id_;
  ASSERT_TRUE(ev.AddAction(ws_.id, x, who_).ok());  // the fourth item: the move happens here
  EXPECT_EQ(ev.last_registry_link().moved_now, std::vector<int64_t>{p});
  EXPECT_EQ((*RegistryStore(*c).Get(ws_.id, p))->stage, domain::Stage::kInteractionFiltered);
}

TEST_P(EventStoreTest, DeleteCascadesTheEvidenceAndIsAudited) {
  domain::Event e = NewEvent("To delete", "2025-10-15");
  int64_t id = Create(e);
  Document(id);
  auto c = db_->Acquire();
  EventEvidenceStore ev(*c);
  ASSERT_TRUE(ev.AddAttachment(ws_.id, id, "notes.txt", "some notes", "minutes", who_).ok());
  EventStore store(*c);
  ASSERT_TRUE(store.Delete(ws_.id, id, who_).ok());
  for (const char* t : {"event_agenda_items", "event_participants", "event_attachments", "event_actions"}) {
    auto n = c->Scalar(std::string("SELECT COUNT(*) FROM ") + t + " WHERE event_id = ?", {id});
    ASSERT_TRUE(n.ok());
    EXPECT_EQ(std::get<int64_t>(**n), 0) << t;
  }
  auto audit = AuditStore(*c).ForEntity(kEventEntity, id);
  ASSERT_TRUE(audit.ok());
  const AuditEntry* del = nullptr;
  for (const auto& en : *audit)
    if (en.action == "delete") del = &en;
  ASSERT_NE(del, nullptr);
  EXPECT_TRUE(Has(del->old_value, "1 participants")) << del->old_value;
}

TEST_P(EventStoreTest, AgendaReorderAndBulkSeed) {
  domain::Event e = NewEvent("Agenda", "2025-10-15");
  int64_t id = Create(e);
  auto c = db_->Acquire();
  EventEvidenceStore ev(*c);
  std::vector<int64_t> ids;
  for (const char* t : {"Welcome", "Pitches", "Interactive session"}) {
    domain::AgendaItem a;
    a.event_id = id;
    a.title = t;
    ids.push_back(*ev.AddAgendaItem(ws_.id, a, who_));
  }
  EXPECT_EQ(ev.ReorderAgenda(ws_.id, id, {ids[0], ids[1]}, who_).code(), ErrorCode::kInvalidArgument);
  ASSERT_TRUE(ev.ReorderAgenda(ws_.id, id, {ids[2], ids[0], ids[1]}, who_).ok());
  auto agenda = *ev.Agenda(ws_.id, id);
  EXPECT_EQ(agenda[0].title, "Interactive session");
  EXPECT_EQ(agenda[2].title, "Pitches");

  Transaction tx(*c);
  auto big = EventFollowup(*c).SeedBulkEvent(ws_.id, NewEvent("Big", "2025-06-01", domain::EventStatus::kHeld), 500, 20,
                                             200, editor_id_, who_);
  ASSERT_TRUE(big.ok()) << big.status().message();
  ASSERT_TRUE(tx.Commit().ok());
  auto sum = **EventStore(*c).Summary(ws_.id, *big);
  EXPECT_EQ(sum.participants, 500);
  EXPECT_EQ(sum.actions, 200);
  EXPECT_EQ(sum.agenda_items, 20);
  EXPECT_EQ(ev.Actions(ws_.id, *big)->size(), 200u);
}

TEST_P(EventStoreTest, ErasureAndMergeHooksReachTheEvidence) {
  domain::Event e = NewEvent("Clustering event", "2025-10-15");
  int64_t id = Create(e);
  int64_t ana = Stakeholder("Ana Ruiz", "ana@example.org");
  int64_t ana2 = Stakeholder("Ana R.", "ana.r@example.org");
  auto c = db_->Acquire();
  EventEvidenceStore ev(*c);
  domain::Participant p;
  p.event_id = id;
  p.stakeholder_id = ana2;
  ASSERT_TRUE(ev.AddParticipant(ws_.id, p, who_).ok());
  domain::Action x;
  x.event_id = id;
  x.description = "Call back";
  x.responsible_stakeholder_id = ana2;
  ASSERT_TRUE(ev.AddAction(ws_.id, x, who_).ok());
  ASSERT_TRUE(RepointEventStakeholder(*c, ana2, ana).ok());
  EXPECT_EQ((*ev.Participants(ws_.id, id))[0].stakeholder_id, ana);
  EXPECT_EQ((*ev.Actions(ws_.id, id))[0].responsible_stakeholder_id, ana);
  auto n = AnonymiseEventParticipants(*c, ws_.id, ana);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 1);
  auto after = (*ev.Participants(ws_.id, id))[0];
  EXPECT_EQ(after.name, "(erased)");
  EXPECT_EQ(after.email, "");
  EXPECT_EQ(after.country, "ES");  // kept for the KPIs
}

// StakeholderStore::Erase itself reaches the participant lists: no copy of the name or e-mail
// survives a data-subject erasure.
TEST_P(EventStoreTest, ErasingAStakeholderBlanksTheirParticipantRows) {
  domain::Event e = NewEvent("Clustering event", "2025-10-15");
  int64_t id = Create(e);
  int64_t sh = Stakeholder("Olga Keep", "olga@example.org");
  auto c = db_->Acquire();
  EventEvidenceStore ev(*c);
  domain::Participant p;
  p.event_id = id;
  p.stakeholder_id = sh;
  ASSERT_TRUE(ev.AddParticipant(ws_.id, p, who_).ok());
  ASSERT_EQ((*ev.Participants(ws_.id, id))[0].email, "olga@example.org");
  {
    Transaction tx(*c);
    ASSERT_TRUE(StakeholderStore(*c).Erase(ws_.id, sh, who_, "request").ok());
    ASSERT_TRUE(tx.Commit().ok());
  }
  auto after = (*ev.Participants(ws_.id, id))[0];
  EXPECT_EQ(after.name, "(erased)");
  EXPECT_EQ(after.email, "");
  EXPECT_EQ(after.organisation, "");
}

TEST_P(EventStoreTest, AnErasedStakeholderBlocksNoLaterEdit) {
  int64_t sh = Stakeholder("Ida Gone", "ida@example.org");
  domain::Event e = NewEvent("Clustering event", "2025-10-15");
  e.stakeholder_ids = {sh};
  int64_t id = Create(e);
  auto c = db_->Acquire();
  EventEvidenceStore ev(*c);
  domain::Action x;
  x.event_id = id;
  x.description = "Send the report";
  x.responsible_stakeholder_id = sh;
  auto aid = ev.AddAction(ws_.id, x, who_);
  ASSERT_TRUE(aid.ok());
  {
    Transaction tx(*c);
    ASSERT_TRUE(StakeholderStore(*c).Erase(ws_.id, sh, who_, "request").ok());
    ASSERT_TRUE(tx.Commit().ok());
  }
  domain::Event edit = **EventStore(*c).Get(ws_.id, id);
  edit.place = "Online";
  Status st = EventStore(*c).Update(edit, who_);
  EXPECT_TRUE(st.ok()) << st.message();
  st = ev.CloseAction(ws_.id, id, *aid, domain::ActionStatus::kDone, who_);
  EXPECT_TRUE(st.ok()) << st.message();
  // A new link to the erased record is still refused.
  domain::Action y;
  y.event_id = id;
  y.description = "Another";
  y.responsible_stakeholder_id = sh;
  EXPECT_EQ(ev.AddAction(ws_.id, y, who_).status().code(), ErrorCode::kInvalidArgument);
}

INSTANTIATE_TEST_SUITE_P(Engines, EventStoreTest, ::testing::ValuesIn(corridor::testing::TestEngines()),
                         corridor::testing::EngineName());

}  // namespace
}  // namespace corridor::storage
