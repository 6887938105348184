// CorpusWriter's batches: multi-row upserts must leave exactly what row-by-row upserts leave,
// including repeated keys inside one batch (which PostgreSQL refuses in one statement unless
// they are merged first), and must say which rows a failed batch held.
#include "storage/corpus_writer.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace corridor::storage {
namespace {

class CorpusWriterTest : public ::testing::TestWithParam<std::string> {
 protected:
  // A fresh, migrated database of the pass's engine; several per test are fine.
  std::unique_ptr<Database> OpenDb(const std::string& file) {
    corridor::testing::TestDatabase t = corridor::testing::NewTestDatabase(GetParam(), dir_, file);
    DatabaseOptions options;
    options.url = t.url;
    options.pg_schema = t.pg_schema;
    auto db = Database::Open(options);
    EXPECT_TRUE(db.ok()) << db.status().message();
    if (!db.ok()) return nullptr;
    auto m = (*db)->Migrate();
    EXPECT_TRUE(m.ok()) << m.status().message();
    test_dbs_.push_back(t);
    return std::move(*db);
  }

  void TearDown() override {
    for (auto& t : test_dbs_) corridor::testing::DropTestSchema<Database>(t);
  }

  // Every row of the corpus tables, in key order, as text.
  static std::string Dump(Connection& c) {
    std::string out;
    for (const char* q : {"SELECT grant_id, framework, acronym, title, status, start_date, total_cost, objective, "
                          "cordis_keywords, keywords, source FROM corpus_projects ORDER BY grant_id",
                          "SELECT grant_id, org_id, role, name, country, city, sme, ord FROM corpus_organizations "
                          "ORDER BY grant_id, org_id, role",
                          "SELECT grant_id, code, title FROM corpus_topics ORDER BY grant_id, code",
                          "SELECT grant_id, code, title, is_main FROM corpus_legal_basis ORDER BY grant_id, code",
                          "SELECT grant_id, code, path, title FROM corpus_euroscivoc ORDER BY grant_id, code",
                          "SELECT grant_id, url, type, link_source FROM corpus_weblinks ORDER BY grant_id, url"}) {
      auto rows = c.Query(q);
      EXPECT_TRUE(rows.ok()) << rows.status().message();
      if (!rows.ok()) return out;
      for (const Row& r : *rows) {
        for (size_t i = 0; i < r.size(); ++i) out += r.Text(i) + "|";
        out += "\n";
      }
      out += "--\n";
    }
    return out;
  }

  // The same sequence of upserts, with repeated keys (some within a batch of 3, some across
  // batches) and partial rows whose empty values must not blank earlier ones.
  static void WriteSequence(Connection& c, int batch_rows) {
    CorpusWriterOptions o;
    o.imported_at = "2025-01-01T00:00:00Z";
    o.batch_rows = batch_rows;
    auto w = CorpusWriter::Create(c, o);
    ASSERT_TRUE(w.ok()) << w.status().message();
    Transaction tx(c);
    for (int round = 0; round < 3; ++round) {
      for (int g = 0; g < 7; ++g) {
        ProjectRecord p;
        p.grant_id = std::to_string(100 + g);
        if (round == 0) {
          p.acronym = "P" + std::to_string(g);
          p.title = "Title " + std::to_string(g);
          p.total_cost = std::to_string(1000 * g);
          p.cordis_keywords = "alpha, beta";
        } else if (round == 1) {  // partial: only the status, and a new source
          p.status = g % 2 ? "SIGNED" : "";
          p.source = "second.csv";
        } else if (g % 3 == 0) {  // a full rewrite of some
          p.acronym = "NEW" + std::to_string(g);
          p.objective = "rewritten";
          p.framework = "HORIZON";
        } else {
          continue;
        }
        ASSERT_TRUE((*w)->UpsertProject(p).ok());
        // The same participation several times: the last order wins, names never blank.
        OrganizationRecord o;
        o.grant_id = p.grant_id;
        o.org_id = "9" + std::to_string(g % 2);
        o.role = "participant";
        o.name = round == 1 ? "" : "Org " + std::to_string(round);
        o.country = round == 0 ? "DE" : "";
        o.order = round * 10 + g;
        ASSERT_TRUE((*w)->UpsertOrganization(o).ok());
        ASSERT_TRUE((*w)->UpsertOrganization(o).ok());
        ASSERT_TRUE((*w)->UpsertLegalBasis({p.grant_id, "HORIZON.2.4", round == 2 ? "" : "Digital", round == 0}).ok());
        ASSERT_TRUE((*w)->UpsertTopic({p.grant_id, "HORIZON-CL4", "Topic " + std::to_string(round)}).ok());
        ASSERT_TRUE((*w)->UpsertEuroSciVoc({p.grant_id, "/2" + std::to_string(round), "/x", "term" + std::to_string(round), ""}).ok());
        ASSERT_TRUE((*w)->UpsertWebLink({p.grant_id, "https://e.eu/", round ? "relatedWebsite" : "", "project", "corda"}).ok());
      }
    }
    auto inferred = (*w)->InferFrameworks();
    ASSERT_TRUE(inferred.ok()) << inferred.status().message();
    std::vector<std::string> grants;
    for (int g = 0; g < 7; ++g) grants.push_back(std::to_string(100 + g));
    ASSERT_TRUE((*w)->RefreshKeywords(grants).ok());
    EXPECT_EQ((*w)->counts().organizations, 2 * (7 + 7 + 3));  // every call counts
    ASSERT_TRUE((*w)->RecordRun({}).ok());
    ASSERT_TRUE(tx.Commit().ok());
  }

  corridor::testing::TempDir dir_;
  std::vector<corridor::testing::TestDatabase> test_dbs_;
};

INSTANTIATE_TEST_SUITE_P(Engines, CorpusWriterTest, ::testing::ValuesIn(corridor::testing::TestEngines()),
                         corridor::testing::EngineName());

TEST_P(CorpusWriterTest, BatchesLeaveWhatRowByRowUpsertsLeave) {
  auto row_by_row = OpenDb("a.db");
  ASSERT_TRUE(row_by_row);
  auto ca = row_by_row->Acquire();
  WriteSequence(*ca, 1);
  const std::string expected = Dump(*ca);
  // 3: keys repeat across batches; 50: every repeat falls inside the one batch.
  for (int batch_rows : {3, 50}) {
    auto batched = OpenDb("b" + std::to_string(batch_rows) + ".db");
    ASSERT_TRUE(batched);
    auto c = batched->Acquire();
    WriteSequence(*c, batch_rows);
    EXPECT_EQ(Dump(*c), expected) << "batches of " << batch_rows;
  }
  auto batched = OpenDb("b.db");
  ASSERT_TRUE(batched);
  auto cb = batched->Acquire();
  WriteSequence(*cb, 0);  // the engine's default
  // And what that is: merged, not last-row-wins.
  auto p = cb->Query("SELECT acronym, title, status, source, framework, keywords FROM corpus_projects WHERE grant_id = '103'");
  ASSERT_TRUE(p.ok() && p->size() == 1u);
  EXPECT_EQ((*p)[0].Text(0), "NEW3");
  EXPECT_EQ((*p)[0].Text(1), "Title 3");  // the partial rounds did not blank it
  EXPECT_EQ((*p)[0].Text(2), "SIGNED");
  EXPECT_EQ((*p)[0].Text(3), "");          // source is always overwritten (provenance)
  EXPECT_EQ((*p)[0].Text(4), "HORIZON");
  EXPECT_EQ((*p)[0].Text(5), "alpha; beta; term0; term1; term2");
  auto o = cb->Query("SELECT name, country, ord FROM corpus_organizations WHERE grant_id = '103' AND org_id = '91'");
  ASSERT_TRUE(o.ok() && o->size() == 1u);
  EXPECT_EQ((*o)[0].Text(0), "Org 2");
  EXPECT_EQ((*o)[0].Text(1), "DE");
  EXPECT_EQ((*o)[0].Int(2), 23);
}

TEST_P(CorpusWriterTest, RowsReachTheDatabaseOnFlushAndNeverFromTheDestructor) {
  auto db = OpenDb("t.db");
  ASSERT_TRUE(db);
  auto c = db->Acquire();
  auto count = [&] { return std::get<int64_t>(**c->Scalar("SELECT COUNT(*) FROM corpus_topics")); };
  {
    auto w = CorpusWriter::Create(*c);
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->UpsertTopic({"1", "A", "a"}).ok());
    EXPECT_EQ(count(), 0);  // buffered
    ASSERT_TRUE((*w)->Flush().ok());
    EXPECT_EQ(count(), 1);
    ASSERT_TRUE((*w)->UpsertTopic({"2", "A", "a"}).ok());
  }  // not flushed: dropped (the destructor may run after a rollback)
  EXPECT_EQ(count(), 1);
}

TEST_P(CorpusWriterTest, KeywordsAreRefreshedForMoreProjectsThanOneStatementReads) {
  auto db = OpenDb("t.db");
  ASSERT_TRUE(db);
  auto c = db->Acquire();
  auto w = CorpusWriter::Create(*c);
  ASSERT_TRUE(w.ok());
  std::vector<std::string> grants;
  for (int g = 0; g < 1234; ++g) {
    ProjectRecord p;
    p.grant_id = std::to_string(500000 + g);
    p.cordis_keywords = "k" + std::to_string(g) + ", shared, SHARED";
    grants.push_back(p.grant_id);
    ASSERT_TRUE((*w)->UpsertProject(p).ok());
  }
  grants.push_back("absent");
  ASSERT_TRUE((*w)->RefreshKeywords(grants).ok());
  auto rows = c->Query("SELECT grant_id, keywords FROM corpus_projects ORDER BY grant_id");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1234u);
  for (const Row& r : *rows)
    ASSERT_EQ(r.Text(1), "k" + std::to_string(r.Int(0) - 500000) + "; shared") << r.Text(0);
}

TEST_P(CorpusWriterTest, AFailedBatchNamesItsTableAndKeys) {
  auto db = OpenDb("t.db");
  ASSERT_TRUE(db);
  auto c = db->Acquire();
  auto w = CorpusWriter::Create(*c);
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE(c->ExecScript("DROP TABLE corpus_weblinks").ok());  // every write to it now fails
  ASSERT_TRUE((*w)->UpsertWebLink({"101", "https://a.eu/", "", "", ""}).ok());
  ASSERT_TRUE((*w)->UpsertWebLink({"102", "https://b.eu/", "", "", ""}).ok());
  Status s = (*w)->Flush();
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("corpus_weblinks"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("101/https://a.eu/ to 102/https://b.eu/"), std::string::npos) << s.message();
  EXPECT_TRUE((*w)->Flush().ok());  // the failed rows are gone, not retried
}

}  // namespace
}  // namespace corridor::storage
