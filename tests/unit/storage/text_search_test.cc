// The searches of the stakeholder list and of the registry (issues 2, 3, 6) with their text
// indexes (migration 0006: SQLite FTS5 trigram tables kept by triggers, PostgreSQL pg_trgm):
// substrings in any case, the user's text taken literally (LIKE wildcards, FTS5 syntax,
// quotes), short texts the trigram index cannot answer, the index kept in step with updates
// and deletes, and the one-statement page + counts equal to the separate reads.
#include <gtest/gtest.h>

#include "storage/registry_store.h"
#include "storage/stakeholder_query.h"
#include "storage/stakeholder_store.h"
#include "storage/workspace_store.h"
#include "storage_fixture.h"
#include "test_support.h"

namespace corridor::storage {
namespace {

class TextSearchTest : public corridor::testing::StoreTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(StoreTest::SetUp());
    ws_ = AddWorkspace(NeoCycle("101138058", "2024-01-01"));
    ASSERT_GT(ws_, 0);
  }

  int64_t AddPerson(const std::string& name, const std::string& org, const std::string& email,
                    const std::string& interests = "", std::optional<int> influence = std::nullopt) {
    auto c = db_->Acquire();
    Transaction tx(*c);
    domain::Stakeholder s;
    s.workspace_id = ws_;
    s.name = name;
    s.organisation = org;
    s.email = email;
    s.interests = interests;
    s.type_key = "ngos";
    s.influence = influence;
    s.interest = influence;
    auto id = StakeholderStore(*c).Create(s, Actor{1, "Laura"});
    EXPECT_TRUE(id.ok()) << id.status().message();
    EXPECT_TRUE(tx.Commit().ok());
    return id.ok() ? *id : 0;
  }

  std::vector<std::string> People(const std::string& text) {
    auto c = db_->Acquire();
    StakeholderListQuery q;
    q.filter.q = text;
    q.limit = 1000;
    auto page = StakeholderQuery(*c).List(ws_, q);
    EXPECT_TRUE(page.ok()) << page.status().message();
    std::vector<std::string> out;
    if (!page.ok()) return out;
    EXPECT_EQ(page->total, static_cast<int64_t>(page->items.size())) << text;
    for (auto& it : page->items) out.push_back(it.s.name);
    return out;
  }

  void AddProject(const std::string& acronym, const std::string& name, const std::string& grant) {
    auto c = db_->Acquire();
    domain::SisterProject p;
    p.workspace_id = ws_;
    p.fields = {{"name", name}, {"acronym", acronym}, {"status", "Ongoing"},
                {"coordinator_name", "Coordinator " + acronym},
                {"coordinator_country", "ES"}, {"partner_count", "3"}, {"shared_partner_count", "0"},
                {"shared_partner_names", "none"}, {"programme", "Horizon Europe"}, {"short_description", "d"},
                {"industry_field", "f"}, {"objectives", "o"}, {"keywords", "magnets; rare earths"},
                {"relevance_score", "3"}, {"relevance_comment", "r"}, {"budget_eur", "100"}};
    p.grant_id = grant;
    auto r = RegistryStore(*c).Create(p, Actor{}, ChangeSource::kImport);
    ASSERT_TRUE(r.ok() && r->ok()) << (r.ok() ? r->errors[0].message : r.status().message());
  }

  std::vector<std::string> Projects(const std::string& text) {
    auto c = db_->Acquire();
    RegistryQuery q;
    q.search = text;
    auto page = RegistryStore(*c).List(ws_, q);
    EXPECT_TRUE(page.ok()) << page.status().message();
    std::vector<std::string> out;
    if (!page.ok()) return out;
    EXPECT_EQ(page->total, static_cast<int64_t>(page->items.size())) << text;
    for (auto& p : page->items) out.push_back(p.Get("acronym"));
    return out;
  }

  int64_t ws_ = 0;
};

INSTANTIATE_TEST_SUITE_P(Engines, TextSearchTest, ::testing::ValuesIn(corridor::testing::TestEngines()),
                         corridor::testing::EngineName());

using Names = std::vector<std::string>;

TEST_P(TextSearchTest, StakeholderSearchFindsSubstringsInAnyCaseInEveryField) {
  AddPerson("Ada Lovelace", "NEO-CYCLE Consortium", "ada@neo.eu");
  AddPerson("Bob Stone", "Magnet Works", "bob@works.eu", "dysprosium recovery");
  AddPerson("Carla Diaz", "Other", "carla@other.eu");
  EXPECT_EQ(People("cycl"), Names{"Ada Lovelace"});  // inside a word, another case
  EXPECT_EQ(People("CYCLE"), Names{"Ada Lovelace"});
  EXPECT_EQ(People("love"), Names{"Ada Lovelace"});
  EXPECT_EQ(People("works.eu"), Names{"Bob Stone"});   // e-mail
  EXPECT_EQ(People("PROSIUM"), Names{"Bob Stone"});   // interests
  EXPECT_EQ(People("t Wor"), Names{"Bob Stone"});     // across a word boundary, within one field
  EXPECT_EQ(People("eo"), Names{"Ada Lovelace"});     // shorter than a trigram: still found
  EXPECT_EQ(People("o"), (Names{"Ada Lovelace", "Bob Stone", "Carla Diaz"}));
  EXPECT_TRUE(People("lovelace stone").empty());      // never across two records or fields
  EXPECT_TRUE(People("zzz").empty());
}

TEST_P(TextSearchTest, StakeholderSearchTakesTheTextLiterally) {
  AddPerson("100% Recycled", "A", "a@x.eu");
  AddPerson("1000 Recycled", "B", "b@x.eu");
  AddPerson("snake_case", "C", "c@x.eu");
  AddPerson("snakeXcase", "D", "d@x.eu");
  AddPerson("Back\\slash", "E", "e@x.eu");
  AddPerson("Quote \"Q\" Ltd", "F", "f@x.eu");
  AddPerson("Tom AND Jerry", "G", "g@x.eu");
  AddPerson("Müller", "Zürich Institut", "m@x.eu");
  EXPECT_EQ(People("100%"), Names{"100% Recycled"});
  EXPECT_EQ(People("e_c"), Names{"snake_case"});
  EXPECT_EQ(People("%"), Names{"100% Recycled"});
  EXPECT_EQ(People("_"), Names{"snake_case"});
  EXPECT_EQ(People("k\\s"), Names{"Back\\slash"});
  EXPECT_EQ(People("\"Q\""), Names{"Quote \"Q\" Ltd"});  // FTS5 quoting
  EXPECT_EQ(People("m AND J"), Names{"Tom AND Jerry"});   // FTS5 operators are plain text
  EXPECT_TRUE(People("Tom OR x").empty());
  EXPECT_TRUE(People("rec*").empty());
  EXPECT_TRUE(People("NEAR(a b)").empty());
  EXPECT_EQ(People("Müll"), Names{"Müller"});  // non-ASCII in its own case
  EXPECT_EQ(People("ürich"), Names{"Müller"});
}

TEST_P(TextSearchTest, StakeholderIndexFollowsUpdatesAndDeletes) {
  int64_t id = AddPerson("Ada Lovelace", "Analytical Engines", "ada@engines.eu");
  AddPerson("Bob Stone", "Other", "bob@other.eu");
  ASSERT_EQ(People("analytical"), Names{"Ada Lovelace"});
  {
    auto c = db_->Acquire();
    ASSERT_TRUE(c->Exec("UPDATE stakeholders SET organisation = ?, email = NULL WHERE id = ?",
                        {std::string("Difference Machines"), id})
                    .ok());
  }
  EXPECT_TRUE(People("analytical").empty());
  EXPECT_TRUE(People("engines.eu").empty());
  EXPECT_EQ(People("difference"), Names{"Ada Lovelace"});
  {
    auto c = db_->Acquire();
    ASSERT_TRUE(c->Exec("DELETE FROM stakeholders WHERE id = ?", {id}).ok());
  }
  EXPECT_TRUE(People("difference").empty());
  EXPECT_TRUE(People("lovelace").empty());
  EXPECT_EQ(People("stone"), Names{"Bob Stone"});
}

TEST_P(TextSearchTest, ListWithCountsEqualsTheSeparateReads) {
  for (int i = 0; i < 30; ++i)
    AddPerson("Person " + std::to_string(i), i % 3 ? "Recyclers" : "Miners", "p" + std::to_string(i) + "@x.eu", "",
              i % 5 ? std::optional<int>(1 + i % 5) : std::nullopt);
  auto c = db_->Acquire();
  StakeholderQuery query(*c);
  for (const std::string& text : {std::string(""), std::string("recycl"), std::string("1"), std::string("nobody")})
    for (const std::string& sort : {std::string("name"), std::string("tier"), std::string("email")})
      for (bool desc : {false, true})
        for (bool tiered : {false, true}) {
          StakeholderListQuery q;
          q.filter.q = text;
          if (tiered) q.filter.tiers = {"manage-closely", "monitor"};  // filtered without a text too
          q.sort = sort;
          q.descending = desc;
          q.limit = 7;
          q.offset = 3;
          auto both = query.ListWithCounts(ws_, q);
          ASSERT_TRUE(both.ok()) << both.status().message();
          auto list = query.List(ws_, q);
          auto counts = query.Counts(ws_, q.filter);
          ASSERT_TRUE(list.ok() && counts.ok());
          std::string what = "q=" + text + " sort=" + sort + (desc ? " desc" : "") + (tiered ? " tiered" : "");
          EXPECT_EQ(both->page.total, list->total) << what;
          ASSERT_EQ(both->page.items.size(), list->items.size()) << what;
          for (size_t i = 0; i < list->items.size(); ++i)
            EXPECT_EQ(both->page.items[i].s.id, list->items[i].s.id) << what;
          EXPECT_EQ(both->counts.total, counts->total) << what;
          EXPECT_EQ(both->counts.by_tier, counts->by_tier) << what;
          EXPECT_EQ(both->counts.by_type, counts->by_type) << what;
          EXPECT_EQ(both->counts.cells, counts->cells) << what;
        }
}

TEST_P(TextSearchTest, RegistrySearchSubstringsLiteralTextGrantIdsAndUpdates) {
  AddProject("NEO-CYCLE", "Upcycling of magnets", "101138058");
  AddProject("HARMONY", "100% reused_magnets", "");
  AddProject("REE4EU", "Rare earths", "690000");
  EXPECT_EQ(Projects("cycl"), Names{"NEO-CYCLE"});
  EXPECT_EQ(Projects("CYCLE"), Names{"NEO-CYCLE"});
  EXPECT_EQ(Projects("harm"), Names{"HARMONY"});
  EXPECT_EQ(Projects("100%"), Names{"HARMONY"});
  EXPECT_EQ(Projects("d_m"), Names{"HARMONY"});
  EXPECT_TRUE(Projects("d%m").empty());  // '%' is no wildcard
  EXPECT_EQ(Projects("690000"), Names{"REE4EU"});     // grant id, exactly
  EXPECT_TRUE(Projects("69000").empty());             // not a substring of a grant id
  EXPECT_EQ(Projects("4E"), Names{"REE4EU"});         // shorter than a trigram
  EXPECT_EQ(Projects("coordinator ree"), Names{"REE4EU"});
  EXPECT_EQ(Projects("magnets").size(), 3u);          // keywords of all three
  {
    auto c = db_->Acquire();
    ASSERT_TRUE(c->Exec("UPDATE sister_projects SET name = ? WHERE acronym = ?",
                        {std::string("Magnet recovery"), std::string("NEO-CYCLE")})
                    .ok());
    ASSERT_TRUE(c->Exec("DELETE FROM sister_projects WHERE acronym = ?", {std::string("HARMONY")}).ok());
  }
  EXPECT_EQ(Projects("cycl"), Names{"NEO-CYCLE"});  // still in its acronym
  EXPECT_TRUE(Projects("upcycling").empty());
  EXPECT_EQ(Projects("recovery"), Names{"NEO-CYCLE"});
  EXPECT_TRUE(Projects("harm").empty());
}

TEST_P(TextSearchTest, RegistryTotalPastTheLastPage) {
  for (int i = 0; i < 5; ++i) AddProject("P" + std::to_string(i), "Project " + std::to_string(i), "");
  auto c = db_->Acquire();
  RegistryQuery q;
  q.search = "project";
  q.limit = 2;
  q.offset = 4;
  auto last = RegistryStore(*c).List(ws_, q);
  ASSERT_TRUE(last.ok()) << last.status().message();
  EXPECT_EQ(last->total, 5);
  EXPECT_EQ(last->items.size(), 1u);
  q.offset = 10;  // no row carries the total here
  auto past = RegistryStore(*c).List(ws_, q);
  ASSERT_TRUE(past.ok()) << past.status().message();
  EXPECT_EQ(past->total, 5);
  EXPECT_TRUE(past->items.empty());
}

}  // namespace
}  // namespace corridor::storage
