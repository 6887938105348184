#include "storage/stakeholder_store.h"

#include <gtest/gtest.h>

#include "core/dates.h"
#include "storage/consent_store.h"
#include "storage/mail_outbox.h"
#include "storage/registration.h"
#include "storage/taxonomy_store.h"
#include "storage/workspace_store.h"
#include "storage_fixture.h"
#include "test_support.h"

namespace corridor::storage {
namespace {

// Every test runs on the engine of the pass (tests/test_support.h).
class StakeholderStoreTest : public corridor::testing::StoreTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(StoreTest::SetUp());
    ws_ = NeoCycle("", "");
    ws_.id = AddWorkspace(ws_);
    ASSERT_GT(ws_.id, 0);
  }

  RegistrationInput Input(const std::string& email, const std::string& name = "Ada Lovelace") {
    RegistrationInput in;
    in.person.name = name;
    in.person.organisation = "Analytical Engines Ltd";
    in.person.email = email;
    in.person.country = "uk";
    in.person.type_key = "industrial-actors";
    in.purposes = {"contact", "newsletter"};
    in.address = "192.0.2.1";
    return in;
  }

  domain::Workspace ws_;
  RegistrationOptions opt_{"https://corridor.example.org"};
};

TEST_P(StakeholderStoreTest, CreateUpdateWithStaleVersionAndAudit) {
  auto c = db_->Acquire();
  StakeholderStore store(*c);
  domain::Stakeholder s;
  s.workspace_id = ws_.id;
  s.name = "Grace Hopper";
  s.email = "Grace@Example.org";
  auto id = store.Create(s, Actor{1, "Eddie"});
  ASSERT_TRUE(id.ok()) << id.status().message();
  domain::Stakeholder dup = s;
  dup.id = 0;
  auto again = store.Create(dup, Actor{});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), ErrorCode::kConflict);
  EXPECT_NE(again.status().message().find("email:"), std::string::npos);

  auto loaded = store.FindByEmail(ws_.id, " GRACE@example.org ");
  ASSERT_TRUE(loaded.ok() && *loaded);
  domain::Stakeholder a = **loaded, b = **loaded;
  a.organisation = "US Navy";
  ASSERT_TRUE(store.Update(a, Actor{1, "Eddie"}).ok());
  EXPECT_EQ(a.version, 2);
  b.country = "US";
  Status stale = store.Update(b, Actor{2, "Vera"});
  EXPECT_EQ(stale.code(), ErrorCode::kConflict);
  EXPECT_NE(stale.message().find("Eddie"), std::string::npos) << stale.message();
  EXPECT_NE(stale.message().find("organisation"), std::string::npos) << stale.message();
  auto hist = AuditStore(*c).ForEntity(kStakeholderEntity, *id);
  ASSERT_TRUE(hist.ok());
  ASSERT_EQ(hist->size(), 2u);
  EXPECT_EQ((*hist)[0].field, "organisation");
  EXPECT_EQ((*hist)[0].new_value, "US Navy");
}

TEST_P(StakeholderStoreTest, RegistrationIsPendingUntilConfirmedAndQueuesTheMail) {
  auto c = db_->Acquire();
  auto out = Register(*c, ws_, Input("ada@example.org"), opt_);
  ASSERT_TRUE(out.ok()) << out.status().message();
  ASSERT_FALSE(out->rate_limited);
  auto rec = StakeholderStore(*c).Get(ws_.id, out->stakeholder_id);
  ASSERT_TRUE(rec.ok() && *rec);
  EXPECT_EQ((*rec)->status, domain::StakeholderStatus::kPending);
  EXPECT_EQ((*rec)->country, "UK");
  ConsentStore consents(*c);
  auto list = consents.ForStakeholder(out->stakeholder_id);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  for (const auto& k : *list) {
    EXPECT_EQ(k.text_version, 1);
    EXPECT_FALSE(k.Valid()) << "valid before the double opt-in";
    EXPECT_NE(k.source.find("registration form"), std::string::npos);
  }
  auto mails = MailOutbox(*c).To("ada@example.org");
  ASSERT_TRUE(mails.ok());
  ASSERT_EQ(mails->size(), 1u);
  EXPECT_NE((*mails)[0].body.find("https://corridor.example.org/w/neo-cycle/register/confirm/" + out->confirm_token),
            std::string::npos);
  EXPECT_NE((*mails)[0].headers.find("List-Unsubscribe: <https://corridor.example.org/w/neo-cycle/me/"), std::string::npos);

  auto confirmed = ConfirmRegistration(*c, ws_.id, out->confirm_token);
  ASSERT_TRUE(confirmed.ok() && confirmed->found);
  EXPECT_EQ(*consents.HasValid(out->stakeholder_id, "contact"), true);
  EXPECT_EQ(*consents.HasValid(out->stakeholder_id, "newsletter"), true);
  rec = StakeholderStore(*c).Get(ws_.id, out->stakeholder_id);
  EXPECT_EQ((*rec)->status, domain::StakeholderStatus::kActive);
  // A confirmation link works once.
  auto twice = ConfirmRegistration(*c, ws_.id, out->confirm_token);
  ASSERT_TRUE(twice.ok());
  EXPECT_FALSE(twice->found);
}

TEST_P(StakeholderStoreTest, RegisteringAgainHoldsTheChangesUntilTheMailedLinkIsConfirmed) {
  auto c = db_->Acquire();
  auto first = Register(*c, ws_, Input("ada@example.org"), opt_);
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(ConfirmRegistration(*c, ws_.id, first->confirm_token).ok());
  auto in = Input("ADA@example.org ", "Ada King");
  in.person.organisation = "Royal Society";
  auto second = Register(*c, ws_, in, opt_);
  ASSERT_TRUE(second.ok()) << second.status().message();
  EXPECT_TRUE(second->updated);
  EXPECT_EQ(second->stakeholder_id, first->stakeholder_id);
  EXPECT_EQ(*StakeholderStore(*c).Count(ws_.id), 1);
  // Someone else who knows the address submits too, and never sees the mail.
  auto forged = Input("ada@example.org", "Mallory");
  forged.person.organisation = "Forgers Inc";
  forged.address = "198.51.100.7";
  ASSERT_TRUE(Register(*c, ws_, forged, opt_).ok());
  auto rec = StakeholderStore(*c).Get(ws_.id, first->stakeholder_id);
  EXPECT_EQ((*rec)->name, "Ada Lovelace") << "nothing changes before the link is opened";
  EXPECT_EQ((*rec)->organisation, "Analytical Engines Ltd");
  EXPECT_EQ((*rec)->status, domain::StakeholderStatus::kActive);
  EXPECT_EQ(std::get<int64_t>(**c->Scalar("SELECT COUNT(*) FROM stakeholder_pending_changes")), 2);

  auto confirmed = ConfirmRegistration(*c, ws_.id, second->confirm_token);
  ASSERT_TRUE(confirmed.ok() && confirmed->found) << confirmed.status().message();
  rec = StakeholderStore(*c).Get(ws_.id, first->stakeholder_id);
  EXPECT_EQ((*rec)->name, "Ada King");
  EXPECT_EQ((*rec)->organisation, "Royal Society");
  auto history = AuditStore(*c).ForEntity(kStakeholderEntity, first->stakeholder_id);
  ASSERT_TRUE(history.ok());
  bool by_subject = false;
  for (const auto& e : *history)
    by_subject = by_subject || (e.field == "organisation" && e.new_value == "Royal Society" && e.user_name == "data subject");
  EXPECT_TRUE(by_subject) << "the change is audited as the person's, on confirmation";
  // The forged submission is still only held; erasure drops it with the rest.
  EXPECT_EQ(std::get<int64_t>(**c->Scalar("SELECT COUNT(*) FROM stakeholder_pending_changes")), 1);
  ASSERT_TRUE(StakeholderStore(*c).Erase(ws_.id, first->stakeholder_id, Actor{1, "Admin"}, "asked").ok());
  EXPECT_EQ(std::get<int64_t>(**c->Scalar("SELECT COUNT(*) FROM stakeholder_pending_changes")), 0);
}

TEST_P(StakeholderStoreTest, RegistrationFlagsASimilarNameAndOrganisationAsAPossibleDuplicate) {
  auto c = db_->Acquire();
  auto first = Register(*c, ws_, Input("ada@example.org"), opt_);
  ASSERT_TRUE(first.ok());
  auto other = Register(*c, ws_, Input("other@example.org", "Grace Hopper"), opt_);
  ASSERT_TRUE(other.ok());
  auto in = Input("a.lovelace@example.org", "ADA LOVELACE");
  in.person.organisation = "Analytical Engines, Ltd.";
  auto second = Register(*c, ws_, in, opt_);
  ASSERT_TRUE(second.ok()) << second.status().message();
  StakeholderStore store(*c);
  auto flags = store.DuplicateFlags(ws_.id, second->stakeholder_id);
  ASSERT_TRUE(flags.ok()) << flags.status().message();
  ASSERT_EQ(flags->size(), 1u);
  EXPECT_EQ((*flags)[0].other_id, first->stakeholder_id);
  EXPECT_EQ((*flags)[0].source, "registration");
  EXPECT_EQ(store.DuplicateFlags(ws_.id, first->stakeholder_id)->size(), 1u) << "seen from either side";
  EXPECT_TRUE(store.DuplicateFlags(ws_.id, other->stakeholder_id)->empty());
  EXPECT_EQ(store.DuplicateFlags(ws_.id)->size(), 1u);
}

TEST_P(StakeholderStoreTest, RequiredConsentAndTaxonomyAreChecked) {
  auto c = db_->Acquire();
  auto in = Input("ada@example.org");
  in.purposes = {"newsletter"};
  auto r = Register(*c, ws_, in, opt_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message().rfind("consent_contact:", 0), 0u) << r.status().message();
  in = Input("ada@example.org");
  in.person.sector_key = "space-mining";
  r = Register(*c, ws_, in, opt_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message().rfind("sector:", 0), 0u) << r.status().message();
  EXPECT_EQ(*StakeholderStore(*c).Count(ws_.id), 0) << "a refused registration writes nothing";
}

TEST_P(StakeholderStoreTest, RateLimitPerEmailAndPerAddress) {
  auto c = db_->Acquire();
  RegistrationOptions opt = opt_;
  opt.max_per_email = 2;
  opt.max_per_address = 3;
  for (int i = 0; i < 2; ++i) ASSERT_FALSE(Register(*c, ws_, Input("ada@example.org"), opt)->rate_limited);
  EXPECT_TRUE(Register(*c, ws_, Input("ada@example.org"), opt)->rate_limited);
  EXPECT_FALSE(Register(*c, ws_, Input("bob@example.org"), opt)->rate_limited);
  EXPECT_TRUE(Register(*c, ws_, Input("carol@example.org"), opt)->rate_limited) << "4th from one address";
  auto other = Input("carol@example.org");
  other.address = "198.51.100.7";
  EXPECT_FALSE(Register(*c, ws_, other, opt)->rate_limited);
}

TEST_P(StakeholderStoreTest, WithdrawAndEraseAnonymiseAndKeepAnAuditEntry) {
  auto c = db_->Acquire();
  auto out = Register(*c, ws_, Input("ada@example.org"), opt_);
  ASSERT_TRUE(out.ok());
  ASSERT_TRUE(ConfirmRegistration(*c, ws_.id, out->confirm_token).ok());
  ConsentStore consents(*c);
  auto n = consents.Withdraw(ws_.id, out->stakeholder_id, "newsletter", "self-service link", Actor{0, "data subject"});
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 1);
  EXPECT_TRUE(*consents.HasValid(out->stakeholder_id, "contact"));
  EXPECT_FALSE(*consents.HasValid(out->stakeholder_id, "newsletter"));

  StakeholderStore store(*c);
  ASSERT_TRUE(store.Erase(ws_.id, out->stakeholder_id, Actor{1, "Admin"}, "request by e-mail").ok());
  auto rec = store.Get(ws_.id, out->stakeholder_id);
  ASSERT_TRUE(rec.ok() && *rec);
  EXPECT_EQ((*rec)->status, domain::StakeholderStatus::kErased);
  EXPECT_EQ((*rec)->name, "");
  EXPECT_EQ((*rec)->email, "");
  EXPECT_FALSE(*consents.HasValid(out->stakeholder_id, "contact"));
  EXPECT_TRUE(MailOutbox(*c).To("ada@example.org")->empty()) << "queued mail holds the address";
  EXPECT_FALSE(*store.FindToken(out->self_token, kTokenSelfService)) << "links stop working";
  auto hist = AuditStore(*c).ForEntity(kStakeholderEntity, out->stakeholder_id);
  ASSERT_TRUE(hist.ok());
  EXPECT_EQ((*hist)[0].action, "erase");
  EXPECT_EQ((*hist)[0].user_name, "Admin");
  for (const auto& e : *hist) {
    EXPECT_EQ(e.new_value.find("Ada"), std::string::npos) << "personal value left in the history: " << e.new_value;
    EXPECT_EQ(e.old_value.find("Ada"), std::string::npos);
  }
  // The same address can register again afterwards, as a new record.
  auto again = Register(*c, ws_, Input("ada@example.org"), opt_);
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_NE(again->stakeholder_id, out->stakeholder_id);
}

TEST_P(StakeholderStoreTest, TaxonomyConsentVersionsRetentionAndDuplicates) {
  auto c = db_->Acquire();
  TaxonomyStore tax(*c);
  auto rows = tax.List(ws_.id);
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->size(), domain::DefaultTaxonomy().size());
  ASSERT_TRUE(tax.Save(ws_.id, domain::TaxonomyKind::kSector, "batteries", "Batteries", false, Actor{}).ok());
  ASSERT_TRUE(tax.Save(ws_.id, domain::TaxonomyKind::kType, "ngos", "NGOs and civil society", true, Actor{}).ok());
  rows = tax.List(ws_.id);
  EXPECT_EQ(TaxonomyStore::LabelOf(*rows, domain::TaxonomyKind::kSector, "batteries"), "Batteries");
  EXPECT_FALSE(TaxonomyStore::Has(*rows, domain::TaxonomyKind::kType, "ngos")) << "retired";
  EXPECT_FALSE(tax.Save(ws_.id, domain::TaxonomyKind::kType, "Bad Key", "x", false, Actor{}).ok());

  ConsentStore consents(*c);
  auto v2 = consents.AddVersion(ws_.id, "contact", "New wording of the contact consent statement.", true, Actor{1, "Admin"});
  ASSERT_TRUE(v2.ok()) << v2.status().message();
  EXPECT_EQ(v2->version, 2);
  auto texts = consents.CurrentTexts(ws_.id, ws_.acronym);
  ASSERT_TRUE(texts.ok());
  ASSERT_EQ(texts->size(), 2u);
  EXPECT_EQ((*texts)[0].purpose, "contact");
  EXPECT_EQ((*texts)[0].version, 2);

  // Retention: a consent confirmed long ago is flagged, a fresh one is not.
  auto old = Register(*c, ws_, Input("old@example.org", "Old Timer"), opt_);
  auto fresh = Register(*c, ws_, Input("new@example.org", "New Comer"), opt_);
  ASSERT_TRUE(old.ok() && fresh.ok());
  ASSERT_TRUE(ConfirmRegistration(*c, ws_.id, old->confirm_token).ok());
  ASSERT_TRUE(ConfirmRegistration(*c, ws_.id, fresh->confirm_token).ok());
  ASSERT_TRUE(c->Exec("UPDATE consents SET confirmed_at = '2020-01-01T00:00:00Z' WHERE stakeholder_id = ?",
                      {old->stakeholder_id}).ok());
  ASSERT_TRUE(consents.SetRetentionMonths(ws_.id, 24, Actor{}).ok());
  EXPECT_EQ(*consents.RetentionMonths(ws_.id), 24);
  auto flagged = consents.Flagged(ws_.id, 24, dates::ToIso(dates::Today()));
  ASSERT_TRUE(flagged.ok());
  ASSERT_EQ(flagged->size(), 1u);
  EXPECT_EQ((*flagged)[0].stakeholder_id, old->stakeholder_id);

  // Duplicates: same person and organisation under another address.
  auto dups = StakeholderStore(*c).PossibleDuplicates(ws_.id, "old timer", "ANALYTICAL ENGINES, Ltd.");
  ASSERT_TRUE(dups.ok());
  ASSERT_EQ(dups->size(), 1u);
  EXPECT_EQ((*dups)[0].id, old->stakeholder_id);
}

INSTANTIATE_TEST_SUITE_P(Engines, StakeholderStoreTest, ::testing::ValuesIn(corridor::testing::TestEngines()),
                         corridor::testing::EngineName());

}  // namespace
}  // namespace corridor::storage
