#include "domain/stakeholder.h"

#include <gtest/gtest.h>

#include <set>

#include "domain/consent.h"

namespace corridor::domain {
namespace {

TEST(StakeholderDomain, DefaultTaxonomyHasTheEightTypesOfTheSeed) {
  std::set<std::string> types, keys;
  for (const auto& e : DefaultTaxonomy()) {
    if (e.kind == TaxonomyKind::kType) types.insert(e.label);
    EXPECT_TRUE(keys.insert(TaxonomyKindKey(e.kind) + ":" + e.key).second) << "duplicate key " << e.key;
  }
  EXPECT_EQ(types.size(), 8u);
  EXPECT_TRUE(types.count("Related projects and initiatives"));
  EXPECT_TRUE(types.count("Regulatory bodies and policymakers"));
}

TEST(StakeholderDomain, TiersAtTheBoundaries) {
  EXPECT_EQ(TierFor(3, 3), Tier::kManageClosely);
  EXPECT_EQ(TierFor(5, 2), Tier::kKeepSatisfied);
  EXPECT_EQ(TierFor(2, 3), Tier::kKeepInformed);
  EXPECT_EQ(TierFor(2, 2), Tier::kMonitor);
  EXPECT_EQ(TierFor(1, 1), Tier::kMonitor);
  EXPECT_FALSE(TierFor(std::nullopt, 4).has_value());
  for (Tier t : AllTiers()) EXPECT_EQ(ParseTier(TierKey(t)), t);
}

TEST(StakeholderDomain, NormaliseNamesTheField) {
  Stakeholder s;
  s.name = "  Ada Lovelace ";
  s.email = " Ada@Example.ORG ";
  s.country = "el";
  s.tags = {"WEEE, policy ,weee"};
  ASSERT_TRUE(NormaliseStakeholder(s).ok());
  EXPECT_EQ(s.name, "Ada Lovelace");
  EXPECT_EQ(s.email, "ada@example.org");
  EXPECT_EQ(s.country, "EL");
  EXPECT_EQ(s.tags, (std::vector<std::string>{"weee", "policy"}));

  auto fails = [](auto mutate, const std::string& field) {
    Stakeholder x;
    x.name = "X";
    mutate(x);
    Status st = NormaliseStakeholder(x);
    EXPECT_FALSE(st.ok()) << field;
    EXPECT_EQ(st.message().substr(0, field.size() + 1), field + ":") << st.message();
  };
  fails([](Stakeholder& x) { x.email = "not-an-address"; }, "email");
  fails([](Stakeholder& x) { x.email = "a@b"; }, "email");
  fails([](Stakeholder& x) { x.email = "a b@example.org"; }, "email");
  fails([](Stakeholder& x) { x.country = "DEU"; }, "country");
  fails([](Stakeholder& x) { x.name = ""; }, "name");
  fails([](Stakeholder& x) { x.name = std::string(201, 'a'); }, "name");
  fails([](Stakeholder& x) { x.interests = std::string(2001, 'a'); }, "interests");
  fails([](Stakeholder& x) { x.organisation = "a\x01b"; }, "organisation");
  fails([](Stakeholder& x) { x.influence = 6; }, "influence");
  fails([](Stakeholder& x) { x.type_key = "Policy Makers"; }, "type");
  // Markup is text like any other: kept, escaped when shown.
  Stakeholder html;
  html.name = "<script>alert(1)</script>";
  EXPECT_TRUE(NormaliseStakeholder(html).ok());
}

TEST(ConsentDomain, RetentionCountsCalendarMonths) {
  EXPECT_EQ(MonthsBefore("2025-03-31", 1), "2025-02-28");
  EXPECT_EQ(MonthsBefore("2024-03-31", 1), "2024-02-29");
  EXPECT_EQ(MonthsBefore("2025-01-15", 24), "2023-01-15");
  EXPECT_TRUE(ConsentExpired("2023-01-14T10:00:00Z", 24, "2025-01-15"));
  EXPECT_FALSE(ConsentExpired("2023-01-15T10:00:00Z", 24, "2025-01-15"));
  EXPECT_FALSE(ConsentExpired("2000-01-01", 0, "2025-01-15"));
  Consent c;
  EXPECT_FALSE(c.Valid());
  c.confirmed_at = "2025-01-01T00:00:00Z";
  EXPECT_TRUE(c.Valid());
  c.withdrawn_at = "2025-02-01T00:00:00Z";
  EXPECT_FALSE(c.Valid());
  EXPECT_FALSE(ValidatePurpose("News Letter").ok());
  EXPECT_TRUE(ValidatePurpose("newsletter").ok());
}

}  // namespace
}  // namespace corridor::domain
