// Issue 3, list side: tiers at the boundaries, exclusion rules, the segment filter JSON, the
// filtered list, segments, invitation lists (withdrawn / no consent / duplicate left out, with
// reasons) and the merge of duplicates (history kept, consents and invitations moved).
#include <gtest/gtest.h>

#include "core/dates.h"
#include "domain/engagement.h"
#include "storage/audit_store.h"
#include "storage/consent_store.h"
#include "storage/engagement_matrix_store.h"
#include "storage/invitation_store.h"
#include "storage/segment_store.h"
#include "storage/stakeholder_merge.h"
#include "storage/stakeholder_query.h"
#include "storage/stakeholder_store.h"
#include "storage/workspace_store.h"
#include "storage_fixture.h"
#include "test_support.h"

namespace corridor::storage {
namespace {

using domain::SegmentFilter;

// ---- domain ----

TEST(EngagementDomain, TiersAtTheBoundaries) {
  using domain::Tier;
  EXPECT_EQ(domain::TierFor(3, 3), Tier::kManageClosely);
  EXPECT_EQ(domain::TierFor(5, 5), Tier::kManageClosely);
  EXPECT_EQ(domain::TierFor(3, 2), Tier::kKeepSatisfied);
  EXPECT_EQ(domain::TierFor(2, 3), Tier::kKeepInformed);
  EXPECT_EQ(domain::TierFor(2, 2), Tier::kMonitor);
  EXPECT_EQ(domain::TierFor(1, 1), Tier::kMonitor);
  EXPECT_FALSE(domain::TierFor(std::nullopt, 4).has_value());
}

TEST(EngagementDomain, ExclusionReasonsInOrder) {
  domain::InvitationCandidate c{1, domain::StakeholderStatus::kActive, std::nullopt, "a@x.eu", true, ""};
  EXPECT_EQ(domain::ExclusionFor(c), domain::Exclusion::kNone);
  c.has_valid_contact_consent = false;
  EXPECT_EQ(domain::ExclusionReason(domain::ExclusionFor(c), c), "no valid consent to be contacted");
  c.withdrawn_at = "2025-03-01T10:00:00Z";
  EXPECT_EQ(domain::ExclusionReason(domain::ExclusionFor(c), c), "consent withdrawn on 2025-03-01");
  c.status = domain::StakeholderStatus::kPending;
  EXPECT_EQ(domain::ExclusionFor(c), domain::Exclusion::kPending);
  c.status = domain::StakeholderStatus::kMerged;
  c.merged_into = 7;
  EXPECT_EQ(domain::ExclusionReason(domain::ExclusionFor(c), c), "merged into #7");
  c.status = domain::StakeholderStatus::kErased;
  EXPECT_EQ(domain::ExclusionReason(domain::ExclusionFor(c), c), "record erased");
  // The same e-mail across case and whitespace: the first stays, the next is a duplicate of it.
  std::vector<domain::InvitationCandidate> list = {
      {4, domain::StakeholderStatus::kActive, std::nullopt, "Ann@X.eu", true, ""},
      {9, domain::StakeholderStatus::kActive, std::nullopt, " ann@x.eu ", true, ""}};
  auto d = domain::ApplyExclusions(list);
  EXPECT_EQ(d[0].exclusion, domain::Exclusion::kNone);
  EXPECT_EQ(d[1].reason, "duplicate e-mail of #4");
}

TEST(EngagementDomain, ConsentExpiredUnderTheRetentionSetting) {
  domain::InvitationCandidate c{1, domain::StakeholderStatus::kActive, std::nullopt, "a@x.eu", true, ""};
  c.consent_at = "2024-01-10T08:00:00Z";
  c.today = "2026-02-01";
  EXPECT_EQ(domain::ExclusionFor(c), domain::Exclusion::kNone) << "no retention set";
  c.retention_months = 25;
  EXPECT_EQ(domain::ExclusionFor(c), domain::Exclusion::kNone) << "within 25 months";
  c.retention_months = 24;
  EXPECT_EQ(domain::ExclusionFor(c), domain::Exclusion::kConsentExpired);
  EXPECT_EQ(domain::ExclusionReason(domain::ExclusionFor(c), c), "consent expired (confirmed 2024-01-10; retention 24 months)");
  EXPECT_EQ(domain::ExclusionKey(domain::Exclusion::kConsentExpired), "expired");
  c.status = domain::StakeholderStatus::kPending;
  EXPECT_EQ(domain::ExclusionFor(c), domain::Exclusion::kPending) << "the earlier rules come first";
}

TEST(EngagementDomain, FilterJsonRoundTripAndRefusals) {
  SegmentFilter f;
  for (auto [p, v] : std::vector<std::pair<std::string, std::string>>{
           {"type", "ngos"}, {"type", "policymakers"}, {"tier", "monitor"}, {"country", "de"}, {"tag", " Magnets "},
           {"consent", "contact"}, {"actor", "yes"}, {"q", "a \"quoted\" <b>"}})
    ASSERT_TRUE(domain::AddFilterValue(f, p, v).ok()) << p;
  domain::NormaliseFilter(f);
  EXPECT_EQ(f.countries, std::vector<std::string>{"DE"});
  EXPECT_EQ(f.tags, std::vector<std::string>{"magnets"});
  auto back = FilterFromJson(FilterToJson(f));
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(*back, f);
  EXPECT_FALSE(FilterFromJson("{not json").ok());
  auto bad = domain::AddFilterValue(f, "tier", "urgent");
  EXPECT_NE(bad.message().find("tier:"), std::string::npos);
  EXPECT_FALSE(FilterFromJson(R"({"tiers":["urgent"]})").ok());
  EXPECT_FALSE(domain::AddFilterValue(f, "country", "Germany").ok());
}

TEST(EngagementDomain, PredefinedSubgroupsFollowTheTaxonomy) {
  auto segs = domain::PredefinedSegments(domain::DefaultTaxonomy());
  ASSERT_EQ(segs.size(), 4u);
  EXPECT_EQ(segs[0].filter.types, (std::vector<std::string>{"funding-agencies", "policymakers"}));
  EXPECT_EQ(segs[1].filter.types, std::vector<std::string>{"industrial-actors"});
  EXPECT_EQ(segs[2].filter.types, std::vector<std::string>{"research-organisations"});
  EXPECT_EQ(segs[3].filter.types, std::vector<std::string>{"related-projects"});
  auto matrix = domain::DefaultEngagementMatrix(domain::DefaultTaxonomy());
  ASSERT_EQ(matrix.size(), 6u);
  EXPECT_EQ(matrix[0].group_label, "Public authorities and policymakers");
  EXPECT_EQ(matrix[5].type_keys, std::vector<std::string>{"general-public"});
}

// ---- storage, on the engine of the pass ----

class EngagementStoreTest : public corridor::testing::StoreTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(StoreTest::SetUp());
    ws_ = AddWorkspace(NeoCycle("101138058", "2024-01-01"));
    ASSERT_GT(ws_, 0);
  }

  // An active stakeholder; `consent` gives a confirmed contact consent.
  int64_t Add(const std::string& name, const std::string& email, const std::string& type, std::optional<int> inf,
              std::optional<int> inter, bool consent, const std::string& org = "Org",
              const std::string& country = "DE") {
    auto c = db_->Acquire();
    Transaction tx(*c);
    domain::Stakeholder s;
    s.workspace_id = ws_;
    s.name = name;
    s.email = email;
    s.organisation = org;
    s.type_key = type;
    s.country = country;
    s.influence = inf;
    s.interest = inter;
    auto id = StakeholderStore(*c).Create(s, Actor{1, "Laura"});
    EXPECT_TRUE(id.ok()) << id.status().message();
    if (consent) {
      ConsentStore cs(*c);
      auto texts = cs.CurrentTexts(ws_, "NEO-CYCLE");
      EXPECT_TRUE(texts.ok());
      EXPECT_TRUE(cs.Give(*id, (*texts)[0], "test", "2025-01-01T00:00:00Z").ok());
    }
    EXPECT_TRUE(tx.Commit().ok());
    return *id;
  }

  int64_t ws_ = 0;
};

INSTANTIATE_TEST_SUITE_P(Engines, EngagementStoreTest, ::testing::ValuesIn(corridor::testing::TestEngines()),
                         corridor::testing::EngineName());

TEST_P(EngagementStoreTest, ListFiltersSortsPagesAndCounts) {
  Add("Ada", "ada@x.eu", "policymakers", 5, 5, true, "Ministry", "FR");
  Add("bob", "bob@x.eu", "ngos", 3, 2, false);
  Add("Cy", "cy@x.eu", "ngos", 2, 3, true);
  Add("Dee", "dee@x.eu", "industrial-actors", 1, 1, false, "Magnet 100% Ltd");
  Add("Eve", "eve@x.eu", "industrial-actors", std::nullopt, std::nullopt, false);
  auto c = db_->Acquire();
  StakeholderQuery q(*c);
  StakeholderListQuery lq;
  auto all = q.List(ws_, lq);
  ASSERT_TRUE(all.ok()) << all.status().message();
  EXPECT_EQ(all->total, 5);
  EXPECT_EQ(all->items[1].s.name, "bob");  // case-insensitive name order
  EXPECT_EQ(all->items[0].tier, "manage-closely");
  EXPECT_TRUE(all->items[0].contact_consent);
  lq.filter.types = {"ngos"};
  lq.filter.tiers = {"keep-satisfied"};
  auto ngo = q.List(ws_, lq);
  ASSERT_TRUE(ngo.ok());
  ASSERT_EQ(ngo->total, 1);
  EXPECT_EQ(ngo->items[0].s.name, "bob");
  StakeholderListQuery cq;
  cq.filter.consent = "contact";
  EXPECT_EQ(q.List(ws_, cq)->total, 2);
  StakeholderListQuery tq;
  tq.filter.q = "100%";  // LIKE wildcards are literal
  EXPECT_EQ(q.List(ws_, tq)->total, 1);
  StakeholderListQuery page;
  page.limit = 2;
  page.offset = 4;
  page.sort = "name";
  page.descending = true;
  auto last = q.List(ws_, page);
  EXPECT_EQ(last->items.size(), 1u);
  EXPECT_EQ(last->items[0].s.name, "Ada");
  auto counts = q.Counts(ws_, {});
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->by_tier["manage-closely"], 1);
  EXPECT_EQ(counts->by_tier["keep-satisfied"], 1);
  EXPECT_EQ(counts->by_tier["keep-informed"], 1);
  EXPECT_EQ(counts->by_tier["monitor"], 1);
  EXPECT_EQ(counts->by_tier[""], 1);
  EXPECT_EQ(counts->cells[4][4], 1);
  EXPECT_EQ(counts->by_type["ngos"], 2);
}

TEST_P(EngagementStoreTest, SegmentsArePredefinedSavedUniqueAndAudited) {
  auto c = db_->Acquire();
  SegmentStore store(*c);
  {
    Transaction tx(*c);
    EXPECT_EQ(*store.EnsurePredefined(ws_, Actor{}), 4);
    EXPECT_EQ(*store.EnsurePredefined(ws_, Actor{}), 0);
    ASSERT_TRUE(tx.Commit().ok());
  }
  SegmentFilter f;
  f.types = {"ngos"};
  f.consent = "contact";
  Transaction tx(*c);
  auto id = store.Create(ws_, " NGOs with consent ", "for the s-LCA dialogue", f, Actor{1, "Laura"});
  ASSERT_TRUE(id.ok()) << id.status().message();
  auto dup = store.Create(ws_, "ngos WITH consent", "", f, Actor{1, "Laura"});
  EXPECT_EQ(dup.status().code(), ErrorCode::kConflict);
  EXPECT_FALSE(store.Create(ws_, "", "", f, Actor{}).ok());
  ASSERT_TRUE(tx.Commit().ok());
  auto got = store.FindByName(ws_, "ngos with consent");
  ASSERT_TRUE(got.ok() && *got);
  EXPECT_EQ((*got)->filter, f);
  EXPECT_EQ(store.List(ws_)->size(), 5u);
  auto history = AuditStore(*c).ForEntity("segment", *id);
  ASSERT_TRUE(history.ok());
  EXPECT_GE(history->size(), 2u);
}

TEST_P(EngagementStoreTest, InvitationListExcludesWithdrawnNoConsentAndDuplicatesWithReasons) {
  int64_t ok = Add("Ana", "ana@x.eu", "industrial-actors", 4, 4, true);
  int64_t none = Add("Ben", "ben@x.eu", "industrial-actors", 4, 4, false);
  int64_t gone = Add("Cleo", "cleo@x.eu", "industrial-actors", 4, 4, true);
  Add("Dan", "dan@x.eu", "ngos", 4, 4, true);  // outside the segment
  {
    auto c = db_->Acquire();
    Transaction tx(*c);
    ASSERT_TRUE(ConsentStore(*c).Withdraw(ws_, gone, "contact", "self-service link", Actor{}).ok());
    // A stray duplicate e-mail (upper-case, as an old import could have left it) of Ana's.
    ASSERT_TRUE(c->Exec("INSERT INTO stakeholders(workspace_id, name, email, type_key, status, created_at, updated_at) "
                        "VALUES (?, 'Ana again', ' ANA@x.eu', 'industrial-actors', 'active', '2025-01-01', '2025-01-01')",
                        {ws_})
                    .ok());
    ASSERT_TRUE(tx.Commit().ok());
  }
  auto c = db_->Acquire();
  auto dup_id = c->Scalar("SELECT id FROM stakeholders WHERE name = 'Ana again'");
  int64_t dup = std::get<int64_t>(**dup_id);
  ASSERT_TRUE(c->Exec("INSERT INTO consents(stakeholder_id, consent_text_id, purpose, given_at, source, confirmed_at) "
                      "SELECT ?, consent_text_id, purpose, given_at, source, confirmed_at FROM consents WHERE "
                      "stakeholder_id = ?",
                      {dup, ok})
                  .ok());
  Transaction seed(*c);
  ASSERT_TRUE(SegmentStore(*c).EnsurePredefined(ws_, Actor{}).ok());
  ASSERT_TRUE(seed.Commit().ok());
  auto seg = SegmentStore(*c).FindByName(ws_, "Industrial uptake subgroup");
  ASSERT_TRUE(seg.ok() && *seg);
  InvitationList list;
  list.workspace_id = ws_;
  list.name = "Catalyst validation workshop";
  list.criteria.segment_ids = {(*seg)->id};
  list.event_start = "2026-03-10 09:30";
  list.event_end = "2026-03-10 17:00";
  InvitationStore store(*c);
  {
    Transaction tx(*c);
    auto refused = store.Create(list, Actor{1, "Laura"});
    EXPECT_NE(refused.status().message().find("justification"), std::string::npos);
  }
  list.justification = "Industrial uptake subgroup: validates feasibility (Table 3)";
  Transaction tx(*c);
  auto id = store.Create(list, Actor{1, "Laura"});
  ASSERT_TRUE(id.ok()) << id.status().message();
  ASSERT_TRUE(tx.Commit().ok());
  auto invitees = store.Invitees(*id);
  ASSERT_TRUE(invitees.ok());
  ASSERT_EQ(invitees->size(), 1u);
  EXPECT_EQ((*invitees)[0].stakeholder_id, ok);
  auto ex = store.Exclusions(*id);
  ASSERT_TRUE(ex.ok());
  std::map<int64_t, std::string> why;
  for (auto& e : *ex) why[e.stakeholder_id] = e.reason;
  EXPECT_EQ(why[none], "no valid consent to be contacted");
  EXPECT_EQ(why[gone].rfind("consent withdrawn on ", 0), 0u) << why[gone];
  EXPECT_EQ(why[dup], "duplicate e-mail of #" + std::to_string(ok));
  auto got = store.Get(ws_, *id);
  EXPECT_EQ((*got)->event_start, "2026-03-10T09:30");
  EXPECT_EQ((*got)->invited, 1);
  EXPECT_EQ((*got)->excluded, 3);
  Transaction tx2(*c);
  EXPECT_TRUE(store.SetStatus(ws_, *id, ok, "accepted", Actor{1, "Laura"}).ok());
  EXPECT_FALSE(store.SetStatus(ws_, *id, ok, "maybe", Actor{}).ok());
  EXPECT_EQ(store.SetStatus(ws_, *id, none, "accepted", Actor{}).code(), ErrorCode::kNotFound);
  ASSERT_TRUE(tx2.Commit().ok());
  EXPECT_EQ((*store.Invitees(*id))[0].status, "accepted");
}

TEST_P(EngagementStoreTest, InvitationListLeavesOutConsentExpiredUnderTheRetentionSetting) {
  int64_t fresh = Add("Eva", "eva@x.eu", "industrial-actors", 4, 4, true);
  int64_t old = Add("Finn", "finn@x.eu", "industrial-actors", 4, 4, true);
  auto c = db_->Acquire();
  ASSERT_TRUE(c->Exec("UPDATE consents SET confirmed_at = ? WHERE stakeholder_id = ?", {dates::NowIso(), fresh}).ok());
  ASSERT_TRUE(c->Exec("UPDATE consents SET confirmed_at = '2020-01-01T00:00:00Z' WHERE stakeholder_id = ?", {old}).ok());
  InvitationStore store(*c);
  auto before = store.Preview(ws_, InvitationCriteria{});
  ASSERT_TRUE(before.ok()) << before.status().message();
  EXPECT_EQ(before->included.size(), 2u) << "no retention setting: both consents count";
  ASSERT_TRUE(ConsentStore(*c).SetRetentionMonths(ws_, 24, Actor{1, "Laura"}).ok());
  auto after = store.Preview(ws_, InvitationCriteria{});
  ASSERT_TRUE(after.ok()) << after.status().message();
  ASSERT_EQ(after->included.size(), 1u);
  EXPECT_EQ(after->included[0].item.s.id, fresh);
  ASSERT_EQ(after->excluded.size(), 1u);
  EXPECT_EQ(after->excluded[0].item.s.id, old);
  EXPECT_EQ(after->excluded[0].exclusion, domain::Exclusion::kConsentExpired);
  EXPECT_EQ(after->excluded[0].reason, "consent expired (confirmed 2020-01-01; retention 24 months)");
}

TEST_P(EngagementStoreTest, MergeMovesConsentsAndInvitationsAndKeepsHistory) {
  int64_t a = Add("Maria Lopez", "maria@uni.es", "research-organisations", 2, 4, false, "Univ. of Seville");
  int64_t b = Add("maria lopez", "m.lopez@us.es", "research-organisations", 4, 5, true, "Univ of Seville");
  auto c = db_->Acquire();
  StakeholderMerge merge(*c);
  auto pairs = merge.FindDuplicates(ws_);
  ASSERT_TRUE(pairs.ok()) << pairs.status().message();
  ASSERT_EQ(pairs->size(), 1u);
  EXPECT_EQ(pairs->front().reason, "similar name and organisation");
  {
    Transaction tx(*c);
    ASSERT_TRUE(merge.Merge(ws_, a, b, {"email", "influence", "interest"}, Actor{1, "Laura"}).ok());
    ASSERT_TRUE(tx.Commit().ok());
  }
  auto survivor = StakeholderStore(*c).Get(ws_, a);
  auto other = StakeholderStore(*c).Get(ws_, b);
  EXPECT_EQ((*survivor)->email, "m.lopez@us.es");
  EXPECT_EQ((*survivor)->name, "Maria Lopez");
  EXPECT_EQ((*survivor)->influence, 4);
  EXPECT_EQ((*other)->status, domain::StakeholderStatus::kMerged);
  EXPECT_EQ((*other)->merged_into, a);
  auto valid = ConsentStore(*c).HasValid(a, "contact");
  EXPECT_TRUE(valid.ok() && *valid);
  auto history = AuditStore(*c).ForEntity(kStakeholderEntity, a);
  bool merged_entry = false;
  for (auto& e : *history) merged_entry |= e.action == "merge";
  EXPECT_TRUE(merged_entry);
  auto other_history = AuditStore(*c).ForEntity(kStakeholderEntity, b);
  bool merged_into = false;
  for (auto& e : *other_history) merged_into |= e.action == "merged-into";
  EXPECT_TRUE(merged_into);
  EXPECT_TRUE(merge.FindDuplicates(ws_)->empty());
  Transaction tx(*c);
  EXPECT_FALSE(merge.Merge(ws_, a, b, {}, Actor{}).ok());  // already merged
}

TEST_P(EngagementStoreTest, EngagementMatrixDefaultsAndAuditedEdits) {
  auto c = db_->Acquire();
  EngagementMatrixStore store(*c);
  Transaction tx(*c);
  EXPECT_EQ(*store.EnsureDefaults(ws_, Actor{}), 6);
  auto rows = store.List(ws_);
  ASSERT_EQ(rows->size(), 6u);
  domain::EngagementRow r = (*rows)[3];
  r.objectives = "Compare LCA methods <script>x</script>";
  ASSERT_TRUE(store.Save(ws_, r, Actor{1, "Laura"}).ok());
  r.group_label = " ";
  EXPECT_NE(store.Save(ws_, r, Actor{}).status().message().find("group"), std::string::npos);
  ASSERT_TRUE(tx.Commit().ok());
  auto for_type = store.ForType(ws_, "research-organisations");
  ASSERT_TRUE(for_type.ok() && *for_type);
  EXPECT_EQ((*for_type)->objectives, "Compare LCA methods <script>x</script>");
  auto history = AuditStore(*c).ForEntity("engagement", r.id);
  bool field = false;
  for (auto& e : *history) field |= e.field == "objectives";
  EXPECT_TRUE(field);
}

}  // namespace
}  // namespace corridor::storage
