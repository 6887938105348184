#include "importers/cordis_importer.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "storage/corpus_store.h"
#include "storage/database.h"
#include "storage_fixture.h"
#include "test_support.h"
#include "zip_builder.h"

namespace corridor::importers {
namespace {

namespace fs = std::filesystem;
using storage::Params;

// ---- hand-made fixtures in the CORDIS layout: ';'-separated, every field quoted ----

// Columns deliberately out of the CORDIS order; objectives span lines (LF and CRLF) and
// contain doubled quotes and the delimiter. Physical lines: header 1, records at 2, 5, 6.
const char kProjectCsv[] =
    "\"title\";\"id\";\"acronym\";\"objective\";\"startDate\";\"endDate\";\"status\";\"totalCost\";"
    "\"ecMaxContribution\";\"legalBasis\";\"topics\";\"frameworkProgramme\";\"masterCall\";\"subCall\";"
    "\"fundingScheme\";\"contentUpdateDate\";\"rcn\";\"grantDoi\"\n"
    "\"Magnet recycling pilot\";\"900001\";\"MAGREC\";\"First line; with a delimiter\n"
    "second line with a \"\"quoted\"\" word\r\n"
    "third line\";\"2023-01-01\";\"2026-12-31\";\"SIGNED\";\"5000000,5\";\"4999999.50\";\"HORIZON.2.4\";"
    "\"HORIZON-CL4-2022-RESILIENCE-01-09\";\"HORIZON\";\"HORIZON-CL4-2022-RESILIENCE-01\";"
    "\"HORIZON-CL4-2022-RESILIENCE-01\";\"HORIZON-RIA\";\"2024-02-01 10:00:00\";\"250001\";\"10.3030/900001\"\n"
    "\"Battery passport\";\"900002\";\"BATPASS\";\"One line\";\"2021-09-01\";\"2024-08-31\";\"CLOSED\";"
    "\"1.2E6\";\"1200000\";\"H2020-EU.2.1.1.\";\"LC-GV-01-2020\";\"\";\"H2020-LC-GV-2020\";\"\";\"RIA\";"
    "\"2022-01-01 00:00:00\";\"250002\";\"\"\n"
    "\"Old FP7 project\";\"200003\";\"OLDFP\";\"x\";\"2010-01-01\";\"2012-12-31\";\"CLOSED\";\"\";\"\";"
    "\"FP7-ICT\";\"ICT-2009.1.1\";\"\";\"FP7-ICT-2009-5\";\"\";\"CP\";\"\";\"250003\";\"\"\n";

// organisationID before projectID, name with a line break; line 3 record spans 2 lines.
const char kOrganizationCsv[] =
    "\"organisationID\";\"projectID\";\"role\";\"name\";\"shortName\";\"SME\";\"activityType\";\"country\";"
    "\"city\";\"postCode\";\"ecContribution\";\"order\";\"organizationURL\";\"nutsCode\"\n"
    "\"999000001\";\"900001\";\"coordinator\";\"Magnet Lab\";\"ML\";\"true\";\"REC\";\"de\";\"Berlin\";"
    "\"01067\";\"1000000.00\";\"1\";\"www.magnetlab.example\";\"DE300\"\n"
    "\"999000002\";\"900001\";\"participant\";\"Recycling\nWorks GmbH\";\"RW\";\"false\";\"PRC;PRC\";\"AT\";"
    "\"Wien\";\"1010\";\"2,5E5\";\"2\";\"\";\"AT130\"\n"
    "\"999000002\";\"900002\";\"coordinator\";\"Recycling Works GmbH\";\"RW\";\"\";\"PRC\";\"AT\";\"Wien\";"
    "\"1010\";\"1200000\";\"1\";\"\";\"\"\n";

struct Counts {
  int64_t projects, organizations, topics, legal_basis, euroscivoc, weblinks;
  bool operator==(const Counts&) const = default;
};

class CordisImporterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    test_db_ = testing::DefaultTestDatabase(dir_, "corpus.db");
    ASSERT_NO_FATAL_FAILURE(testing::OpenMigrated(test_db_, db_));
  }

  void TearDown() override {
    if (db_) testing::DropTestSchema(*db_, test_db_);
  }

  std::string Write(const std::string& name, const std::string& content) {
    std::string path = dir_.File(name);
    fs::create_directories(fs::path(path).parent_path());
    testing::WriteFile(path, content);
    return path;
  }

  Result<ImportReport> Import(const std::vector<std::string>& paths, const ImportOptions& options = {},
                              const ProgressFn& progress = nullptr) {
    auto c = db_->Acquire();
    return ImportCordis(*c, paths, options, progress);
  }

  int64_t Int(const std::string& sql, const Params& params = {}) {
    auto c = db_->Acquire();
    auto v = c->Scalar(sql, params);
    EXPECT_TRUE(v.ok()) << v.status().message();
    if (!v.ok() || !v->has_value()) return -1;
    return std::get<int64_t>(**v);
  }

  std::string Text(const std::string& sql, const Params& params = {}) {
    auto c = db_->Acquire();
    auto rows = c->Query(sql, params);
    EXPECT_TRUE(rows.ok()) << rows.status().message();
    if (!rows.ok() || rows->empty()) return "<no row>";
    return (*rows)[0].Text(0);
  }

  Counts Count() {
    return {Int("SELECT COUNT(*) FROM corpus_projects"),   Int("SELECT COUNT(*) FROM corpus_organizations"),
            Int("SELECT COUNT(*) FROM corpus_topics"),     Int("SELECT COUNT(*) FROM corpus_legal_basis"),
            Int("SELECT COUNT(*) FROM corpus_euroscivoc"), Int("SELECT COUNT(*) FROM corpus_weblinks")};
  }

  static bool HasWarning(const ImportReport& r, const std::string& a, const std::string& b) {
    for (const std::string& w : r.warnings)
      if (w.find(a) != std::string::npos && w.find(b) != std::string::npos) return true;
    return false;
  }

  testing::TempDir dir_;
  testing::TestDatabase test_db_;  // on the engine of the pass (tests/test_support.h)
  std::unique_ptr<storage::Database> db_;
};

TEST(CordisPlainDecimal, ConvertsExactly) {
  EXPECT_EQ(PlainDecimal("1.732084396E7"), "17320843.96");
  EXPECT_EQ(PlainDecimal("1.0E7"), "10000000");
  EXPECT_EQ(PlainDecimal("2.5e-3"), "0.0025");
  EXPECT_EQ(PlainDecimal("1499875.00"), "1499875");
  EXPECT_EQ(PlainDecimal("101058.75"), "101058.75");
  EXPECT_EQ(PlainDecimal("5000000,5"), "5000000.5");  // comma decimal of older CORDIS CSVs
  EXPECT_EQ(PlainDecimal("-0.50"), "-0.5");
  EXPECT_EQ(PlainDecimal(".5"), "0.5");
  EXPECT_EQ(PlainDecimal("007"), "7");
  EXPECT_EQ(PlainDecimal("0"), "0");
  EXPECT_EQ(PlainDecimal(" 12 "), "12");
  EXPECT_FALSE(PlainDecimal(""));
  EXPECT_FALSE(PlainDecimal("12a"));
  EXPECT_FALSE(PlainDecimal("1,234.5"));
  EXPECT_FALSE(PlainDecimal("1e"));
  EXPECT_FALSE(PlainDecimal("1e999"));
}

// ---- real data: the CORDIS search-export JSON sample ----

TEST_F(CordisImporterTest, RealJsonSample) {
  CORRIDOR_REQUIRE_SHARED(data, "cordis-search-export-sample-json");
  auto t0 = std::chrono::steady_clock::now();
  auto r = Import({(data / "project.json").string(), (data / "organization.json").string()});
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  ASSERT_TRUE(r.ok()) << r.status().message();
  std::printf("[ speed    ] JSON sample: %lld rows in %.3f s\n", static_cast<long long>(r->rows_read), secs);
  EXPECT_EQ(r->rows_read, 26 + 1076);
  EXPECT_EQ(r->rejected, 0) << (r->rejects.empty() ? "" : r->rejects[0].ToString());
  EXPECT_EQ(r->imported.at("corpus_projects"), 26);
  EXPECT_EQ(r->imported.at("corpus_organizations"), 1076);
  EXPECT_EQ(Count().projects, 26);
  EXPECT_EQ(Count().organizations, 1076);
  EXPECT_GT(r->run_id, 0);

  // ESEE, the one FP7 project (status ONG), with several topics.
  auto c = db_->Acquire();
  auto esee = storage::CorpusStore(*c).FindByGrant("324284");
  ASSERT_TRUE(esee.ok() && esee->has_value());
  const storage::CorpusProject& p = **esee;
  EXPECT_EQ(p.acronym, "ESEE");
  EXPECT_EQ(p.framework, "FP7");
  EXPECT_EQ(p.status, "ONG");
  EXPECT_EQ(p.title, "Environmental Sensors for Energy Efficiency");
  EXPECT_EQ(p.start_date, "2013-04-01");
  EXPECT_EQ(p.end_date, "2016-03-31");
  EXPECT_EQ(p.legal_basis, "FP7-JTI");
  EXPECT_EQ(p.topic, "SP1-JTI-ENIAC-2012-3;SP1-JTI-ENIAC-2012-7");
  EXPECT_EQ(p.sub_call, "ENIAC-2012-1");
  EXPECT_EQ(p.total_cost, "29122435");
  EXPECT_EQ(p.ec_max_contribution, "4368364");
  EXPECT_EQ(p.rcn, "201970");
  EXPECT_EQ(p.content_update_date, "2016-04-12 12:11:52");
  auto orgs = storage::CorpusStore(*c).Organizations("324284");
  ASSERT_TRUE(orgs.ok());
  EXPECT_EQ(orgs->size(), 27u);

  // 3Ccar: ecMaxContribution is 1.732084396E7 in the JSON; the objective keeps its newlines.
  EXPECT_EQ(Text("SELECT ec_max_contribution FROM corpus_projects WHERE grant_id = '662192'"), "17320843.96");
  EXPECT_EQ(Text("SELECT total_cost FROM corpus_projects WHERE grant_id = '662192'"), "52401675.84");
  EXPECT_EQ(Text("SELECT framework FROM corpus_projects WHERE grant_id = '662192'"), "H2020");
  std::string objective = Text("SELECT objective FROM corpus_projects WHERE grant_id = '662192'");
  EXPECT_TRUE(objective.rfind("The 3Ccar project will provide", 0) == 0) << objective.substr(0, 80);
  EXPECT_NE(objective.find("transportation systems.\n3Ccar"), std::string::npos);

  // postCode 8415 is a JSON number: stored as the text "8415"; "5656 AE" stays a string.
  Params infineon{std::string("662192"), std::string("996588380"), std::string("participant")};
  EXPECT_EQ(Text("SELECT post_code FROM corpus_organizations WHERE grant_id = ? AND org_id = ? AND role = ?", infineon),
            "8415");
  // The stored type: SQLite keeps a value's own type (typeof), PostgreSQL the column's.
  std::string type_of = db_->engine() == storage::Engine::kPostgres ? "CAST(pg_typeof(post_code) AS TEXT)"
                                                                    : "typeof(post_code)";
  EXPECT_EQ(Text("SELECT " + type_of + " FROM corpus_organizations WHERE grant_id = ? AND org_id = ? AND role = ?",
                 infineon),
            "text");
  EXPECT_EQ(
      Text("SELECT ec_contribution FROM corpus_organizations WHERE grant_id = ? AND org_id = ? AND role = ?", infineon),
      "101058.75");
  EXPECT_EQ(
      Text("SELECT geolocation FROM corpus_organizations WHERE grant_id = ? AND org_id = ? AND role = ?", infineon),
      "44.4816891,26.1217839");
  EXPECT_EQ(Text("SELECT ord FROM corpus_organizations WHERE grant_id = ? AND org_id = ? AND role = ?", infineon), "8");
  EXPECT_EQ(Text("SELECT post_code FROM corpus_organizations WHERE grant_id = '324284' AND org_id = '999577144'"),
            "5656 AE");
  // SME is a JSON bool or "": normalised to true/false/"".
  EXPECT_EQ(Int("SELECT COUNT(*) FROM corpus_organizations WHERE sme = 'true'"), 157);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM corpus_organizations WHERE sme = 'false'"), 537);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM corpus_organizations WHERE sme = ''"), 382);
  // "PRC;PRC" is a CORDIS quirk: de-duplicated.
  EXPECT_EQ(Text("SELECT activity_type FROM corpus_organizations WHERE grant_id = '737459' AND org_id = '998387051' "
                 "AND role = 'participant'"),
            "PRC");
  EXPECT_EQ(Int("SELECT COUNT(*) FROM corpus_organizations WHERE role = 'coordinator'"), 26);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM corpus_organizations WHERE role = 'thirdParty'"), 46);

  // The run is recorded.
  EXPECT_EQ(Int("SELECT read_rows FROM import_runs WHERE id = ?", {r->run_id}), 1102);
  EXPECT_EQ(Int("SELECT imported FROM import_runs WHERE id = ?", {r->run_id}), 1102);
  EXPECT_NE(Text("SELECT report FROM import_runs WHERE id = ?", {r->run_id}).find("\"status\":\"ok\""),
            std::string::npos);
}

TEST_F(CordisImporterTest, ReimportUpserts) {
  CORRIDOR_REQUIRE_SHARED(data, "cordis-search-export-sample-json");
  std::vector<std::string> files = {(data / "project.json").string(), (data / "organization.json").string()};
  ASSERT_TRUE(Import(files).ok());
  Counts first = Count();
  auto again = Import(files);
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(again->imported.at("corpus_organizations"), 1076);  // rows written again...
  EXPECT_EQ(Count(), first);                                    // ...but nothing duplicated
  EXPECT_EQ(Int("SELECT COUNT(*) FROM import_runs WHERE kind = 'cordis'"), 2);
}

// ---- real data: Horizon Europe side tables ----

TEST_F(CordisImporterTest, RealHorizonEuropeSideTables) {
  CORRIDOR_REQUIRE_SHARED(he, "cordis-horizon-europe-reference");
  auto t0 = std::chrono::steady_clock::now();
  auto r = Import({(he / "topics.csv").string(), (he / "legalBasis.csv").string(), (he / "euroSciVoc.xlsx").string(),
                   (he / "webLink.xlsx").string(), (he / "webItem.csv").string()});
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  ASSERT_TRUE(r.ok()) << r.status().message();
  std::printf("[ speed    ] HE side tables: %lld rows in %.2f s (%.0f rows/s)\n", static_cast<long long>(r->rows_read),
              secs, r->rows_read / secs);
  EXPECT_EQ(r->rejected, 0) << (r->rejects.empty() ? "" : r->rejects[0].ToString());
  EXPECT_EQ(r->imported.at("corpus_topics"), 15341);
  EXPECT_EQ(r->imported.at("corpus_legal_basis"), 20512);
  EXPECT_EQ(r->imported.at("corpus_euroscivoc"), 38789);
  EXPECT_EQ(r->imported.at("corpus_weblinks"), 21440);
  EXPECT_EQ(Int("SELECT COUNT(DISTINCT grant_id) FROM corpus_topics"), 15341);
  EXPECT_EQ(Int("SELECT COUNT(DISTINCT grant_id) FROM corpus_euroscivoc"), 13542);
  EXPECT_EQ(Int("SELECT COUNT(DISTINCT grant_id) FROM corpus_weblinks"), 5635);
  EXPECT_TRUE(HasWarning(*r, "webItem.csv", "not part of the corpus"));

  // NEO-CYCLE 101138058.
  EXPECT_EQ(Text("SELECT code FROM corpus_topics WHERE grant_id = '101138058'"),
            "HORIZON-CL4-2023-TWIN-TRANSITION-01-42");
  EXPECT_EQ(Text("SELECT code FROM corpus_legal_basis WHERE grant_id = '101138058' AND is_main = 1"), "HORIZON.2.4");
  EXPECT_EQ(Text("SELECT is_main FROM corpus_legal_basis WHERE grant_id = '101138058' AND code = 'HORIZON.2.4.9'"),
            "0");
  EXPECT_EQ(Int("SELECT COUNT(*) FROM (SELECT grant_id FROM corpus_legal_basis WHERE is_main = 1 GROUP BY grant_id "
                "HAVING COUNT(*) = 1) AS one_main"),
            15341);  // exactly one main programme part per project
  EXPECT_EQ(Int("SELECT COUNT(*) FROM corpus_euroscivoc WHERE grant_id = '101138058'"), 5);
  EXPECT_EQ(Text("SELECT path FROM corpus_euroscivoc WHERE grant_id = '101138058' AND code = '/23/53/369'"),
            "/natural sciences/chemical sciences/polymer sciences");
  // webLink.xlsx: type / represents / source kept; HARMONY's website.
  EXPECT_EQ(Int("SELECT COUNT(*) FROM corpus_weblinks WHERE type = 'projectDeliverable'"), 20816);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM corpus_weblinks WHERE link_source = 'editorial'"), 618);
  EXPECT_NE(Text("SELECT url FROM corpus_weblinks WHERE grant_id = '101138767' AND type = 'relatedWebsite'")
                .find("harmonyproject.eu"),
            std::string::npos);

  // The CSV conversion of the same sheet hits the same keys: upserts, nothing new.
  Counts before = Count();
  auto csv = Import({(he / "euroSciVoc.from_xlsx.csv").string(), (he / "webLink.from_xlsx.csv").string()});
  ASSERT_TRUE(csv.ok()) << csv.status().message();
  EXPECT_EQ(Count(), before);

  // A project row without frameworkProgramme: the framework comes from its legal basis,
  // keywords from its euroSciVoc titles, and CorpusStore sees the side tables.
  std::string project = Write("neo/project.csv",
                              "\"id\";\"acronym\";\"title\";\"startDate\"\n"
                              "\"101138058\";\"NEO-CYCLE\";\"Upcycling test row\";\"2024-01-01\"\n");
  auto p = Import({project});
  ASSERT_TRUE(p.ok()) << p.status().message();
  auto c = db_->Acquire();
  auto found = storage::CorpusStore(*c).FindByGrant("101138058");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->framework, "HORIZON");
  EXPECT_EQ((*found)->topic, "HORIZON-CL4-2023-TWIN-TRANSITION-01-42");
  EXPECT_NE((*found)->topic_title.find("Upcycling large volumes"), std::string::npos);
  EXPECT_EQ((*found)->programme_title, "Digital, Industry and Space");
  EXPECT_EQ((*found)->scivoc_titles.size(), 5u);
  EXPECT_EQ((*found)->keywords,
            "mathematical model; polymer sciences; catalysis; business models; nongovernmental organizations");
}

TEST_F(CordisImporterTest, RealH2020Topics) {
  CORRIDOR_REQUIRE_SHARED(h2020, "cordis-h2020-reference");
  auto r = Import({h2020.string()});  // the directory: topics.csv + webItem.csv + SOURCE.md
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->imported.at("corpus_topics"), 35389);
  EXPECT_EQ(r->rejected, 0);
  EXPECT_EQ(Text("SELECT code FROM corpus_topics WHERE grant_id = '821114'"), "CE-SC5-07-2018-2019-2020");
  EXPECT_TRUE(HasWarning(*r, "webItem.csv", "skipped"));
}

// ---- hand-made CSV fixtures ----

TEST_F(CordisImporterTest, CsvColumnsByNameWithEmbeddedNewlines) {
  std::string project = Write("project.csv", kProjectCsv);
  std::string org = Write("organization.csv", kOrganizationCsv);
  auto r = Import({project, org});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->rejected, 0) << (r->rejects.empty() ? "" : r->rejects[0].ToString());
  EXPECT_EQ(r->imported.at("corpus_projects"), 3);
  EXPECT_EQ(r->imported.at("corpus_organizations"), 3);

  auto c = db_->Acquire();
  auto p = storage::CorpusStore(*c).FindByGrant("900001");
  ASSERT_TRUE(p.ok() && p->has_value());
  EXPECT_EQ((*p)->acronym, "MAGREC");
  EXPECT_EQ((*p)->title, "Magnet recycling pilot");
  EXPECT_EQ((*p)->objective,
            "First line; with a delimiter\nsecond line with a \"quoted\" word\nthird line");  // CRLF folded
  EXPECT_EQ((*p)->total_cost, "5000000.5");
  EXPECT_EQ((*p)->ec_max_contribution, "4999999.5");
  EXPECT_EQ((*p)->framework, "HORIZON");
  EXPECT_EQ((*p)->legal_basis, "HORIZON.2.4");
  EXPECT_EQ((*p)->master_call, "HORIZON-CL4-2022-RESILIENCE-01");
  EXPECT_EQ((*p)->content_update_date, "2024-02-01 10:00:00");
  EXPECT_EQ(Text("SELECT grant_doi FROM corpus_projects WHERE grant_id = '900001'"), "10.3030/900001");
  EXPECT_EQ(Text("SELECT source FROM corpus_projects WHERE grant_id = '900001'"), "project.csv");
  // No frameworkProgramme value: from the legal basis prefix (H2020-, FP7-).
  EXPECT_EQ(Text("SELECT framework FROM corpus_projects WHERE grant_id = '900002'"), "H2020");
  EXPECT_EQ(Text("SELECT total_cost FROM corpus_projects WHERE grant_id = '900002'"), "1200000");
  EXPECT_EQ(Text("SELECT framework FROM corpus_projects WHERE grant_id = '200003'"), "FP7");

  auto orgs = storage::CorpusStore(*c).Organizations("900001");
  ASSERT_TRUE(orgs.ok());
  ASSERT_EQ(orgs->size(), 2u);
  EXPECT_EQ((*orgs)[0].name, "Magnet Lab");
  EXPECT_EQ((*orgs)[0].role, "coordinator");
  EXPECT_EQ((*orgs)[0].country, "DE");
  EXPECT_EQ((*orgs)[0].sme, "true");
  EXPECT_EQ((*orgs)[0].ec_contribution, "1000000");
  EXPECT_EQ((*orgs)[0].nuts_code, "DE300");
  EXPECT_EQ((*orgs)[0].url, "www.magnetlab.example");
  EXPECT_EQ((*orgs)[1].name, "Recycling\nWorks GmbH");
  EXPECT_EQ((*orgs)[1].activity_type, "PRC");
  EXPECT_EQ((*orgs)[1].ec_contribution, "250000");
  EXPECT_EQ(Text("SELECT post_code FROM corpus_organizations WHERE org_id = '999000001'"), "01067");
}

TEST_F(CordisImporterTest, RejectsAreReportedWithFileAndLine) {
  std::string project =
      Write("project.csv",
            "\"id\";\"acronym\";\"title\";\"objective\";\"startDate\";\"totalCost\"\n"        // line 1
            "\"900010\";\"GOOD1\";\"Good\";\"spans\nthree\nlines\";\"2021-01-01\";\"100\"\n"  // lines 2-4
            "\"\";\"NOID\";\"No id\";\"\";\"2021-01-01\";\"\"\n"                              // line 5
            "\"900011\";\"BADDATE\";\"Bad date\";\"\";\"2021-13-01\";\"\"\n"                  // line 6
            "\"900012\";\"BADMONEY\";\"Bad money\";\"\";\"\";\"12a\"\n"                       // line 7
            "\"90001x\";\"BADID\";\"Bad id\";\"\";\"\";\"\"\n"                                // line 8
            "\"900013\";\"SHORT\"\n"                                                          // line 9
            "\"900014\";\"GOOD2\";\"Good\";\"\";\"45292\";\"\"\n"                             // line 10: serial in CSV
            "\"900015\";\"GOOD3\";\"Good\";\"\";\"01/02/2022\";\"\"\n");                      // line 11
  std::string org = Write("organization.csv",
                          "\"projectID\";\"organisationID\";\"role\";\"name\";\"order\"\n"
                          "\"900010\";\"1\";\"coordinator\";\"A\";\"1\"\n"
                          "\"\";\"2\";\"participant\";\"B\";\"2\"\n"
                          "\"900010\";\"\";\"participant\";\"C\";\"3\"\n"
                          "\"900010\";\"4\";\"participant\";\"D\";\"first\"\n"
                          "\"900010\";\"5\";\"participant\";\"E\";\"5\";\"unexpected\"\n"
                          "\"900010\";\"6\";\"participant\";\"F\";\"6\";\"\"\n");  // trailing empty field: fine
  auto r = Import({project, org});
  ASSERT_TRUE(r.ok()) << r.status().message();
  std::vector<std::string> got;
  for (const RejectedRow& row : r->rejects) got.push_back(row.ToString());
  std::vector<std::string> want = {
      "project.csv:5: id is empty",
      "project.csv:6: startDate \"2021-13-01\" is not a date",
      "project.csv:7: totalCost \"12a\" is not a number",
      "project.csv:8: id \"90001x\" is not a grant number",
      "project.csv:9: has 2 fields, the header has 6",
      "project.csv:10: startDate \"45292\" is not a date",
      "organization.csv:3: projectID is empty",
      "organization.csv:4: organisationID is empty",
      "organization.csv:5: order \"first\" is not a number",
      "organization.csv:6: has 6 fields, the header has 5 (an unquoted delimiter inside a field?)",
  };
  EXPECT_EQ(got, want);
  EXPECT_EQ(r->rejected, 10);
  EXPECT_EQ(r->rows_read, 8 + 6);
  EXPECT_EQ(Count().projects, 2);       // GOOD1, GOOD3
  EXPECT_EQ(Count().organizations, 2);  // A, F
  EXPECT_EQ(Text("SELECT start_date FROM corpus_projects WHERE grant_id = '900015'"), "2022-02-01");
  EXPECT_NE(r->Summary().find("organization.csv:3: projectID is empty"), std::string::npos);
  EXPECT_EQ(Int("SELECT rejected FROM import_runs WHERE id = ?", {r->run_id}), 10);
}

TEST_F(CordisImporterTest, RejectListIsCappedButCounted) {
  std::string csv = "\"projectID\";\"topic\";\"title\"\n";
  for (int i = 0; i < 30; ++i) csv += "\"\";\"T\";\"x\"\n";
  csv += "\"900020\";\"T\";\"x\"\n";
  ImportOptions opts;
  opts.max_rejects_kept = 5;
  auto r = Import({Write("topics.csv", csv)}, opts);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->rejected, 30);
  EXPECT_EQ(r->rejects.size(), 5u);
  EXPECT_EQ(r->rejects[4].line, 6);
  EXPECT_EQ(Count().topics, 1);
}

TEST_F(CordisImporterTest, OversizedFieldRejectsTheRow) {
  std::string big(200000, 'x');
  std::string csv = "\"id\";\"acronym\";\"title\";\"objective\"\n\"900030\";\"BIG\";\"t\";\"" + big +
                    "\"\n\"900031\";\"SMALL\";\"t\";\"fine\"\n";
  auto r = Import({Write("project.csv", csv)});
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->rejects.size(), 1u);
  EXPECT_EQ(r->rejects[0].ToString(), "project.csv:2: objective is 200000 bytes long, more than the limit of 131072");
  EXPECT_EQ(Count().projects, 1);
}

TEST_F(CordisImporterTest, Windows1252IsConvertedWithAWarning) {
  std::string org =
      "\"projectID\";\"organisationID\";\"role\";\"name\";\"city\"\n"
      "\"900040\";\"1\";\"coordinator\";\"Universit\xE9 de Lyon\";\"Lyon\"\n"
      "\"900040\";\"2\";\"participant\";\"Fraunhofer-Gesellschaft\";\"M\xFCnchen\"\n";
  auto r = Import({Write("organization.csv", org)});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(Text("SELECT name FROM corpus_organizations WHERE org_id = '1'"), "Universit\xC3\xA9 de Lyon");
  EXPECT_EQ(Text("SELECT city FROM corpus_organizations WHERE org_id = '2'"), "M\xC3\xBCnchen");
  EXPECT_TRUE(HasWarning(*r, "organization.csv", "Windows-1252")) << r->Summary();

  std::string json = "[{\"id\": 900041, \"acronym\": \"CAF\\u00c9\", \"title\": \"Caf\xE9 culture\"}]";
  auto j = Import({Write("project.json", json)});
  ASSERT_TRUE(j.ok()) << j.status().message();
  EXPECT_EQ(Text("SELECT title FROM corpus_projects WHERE grant_id = '900041'"), "Caf\xC3\xA9 culture");
  EXPECT_EQ(Text("SELECT acronym FROM corpus_projects WHERE grant_id = '900041'"), "CAF\xC3\x89");
  EXPECT_TRUE(HasWarning(*j, "project.json", "Windows-1252"));
}

TEST_F(CordisImporterTest, JsonValuesAndRejectLines) {
  std::string json =
      "[\n"
      "  {\"id\": 900050, \"acronym\": \"NUM\", \"title\": \"Numbers\", \"totalCost\": 2.5E-1,\n"
      "   \"ecMaxContribution\": 1.0E7, \"startDate\": \"\", \"rcn\": 42, \"frameworkProgramme\": \"HORIZON\",\n"
      "   \"extra\": {\"nested\": [1, 2]}},\n"
      "  {\"id\": \"\", \"acronym\": \"NOID\", \"title\": \"x\"},\n"
      "  {\"id\": 900051, \"acronym\": \"DATE\", \"title\": \"x\", \"startDate\": \"2021-02-30\"}\n"
      "]\n";
  auto r = Import({Write("project.json", json)});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(Text("SELECT total_cost FROM corpus_projects WHERE grant_id = '900050'"), "0.25");
  EXPECT_EQ(Text("SELECT ec_max_contribution FROM corpus_projects WHERE grant_id = '900050'"), "10000000");
  EXPECT_EQ(Text("SELECT rcn FROM corpus_projects WHERE grant_id = '900050'"), "42");
  ASSERT_EQ(r->rejects.size(), 2u);
  EXPECT_EQ(r->rejects[0].ToString(), "project.json:5: id is empty");
  EXPECT_EQ(r->rejects[1].ToString(), "project.json:6: startDate \"2021-02-30\" is not a date");
  EXPECT_TRUE(HasWarning(*r, "project.json", "nested"));
}

// ---- malformed files: the whole run fails and nothing is committed ----

TEST_F(CordisImporterTest, TruncatedCsvFailsTheWholeRun) {
  ASSERT_TRUE(Import({Write("first/project.csv", kProjectCsv)}).ok());
  Counts before = Count();
  int64_t runs = Int("SELECT COUNT(*) FROM import_runs");

  std::string good = Write("second/organization.csv", kOrganizationCsv);
  std::string cut = std::string(kProjectCsv).substr(0, std::string(kProjectCsv).find("third line"));
  std::string truncated = Write("second/project.csv", cut);  // ends inside a quoted objective
  auto r = Import({good, truncated});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kCorrupt);
  EXPECT_NE(r.status().message().find("project.csv:2: unterminated quoted field"), std::string::npos)
      << r.status().message();
  EXPECT_EQ(Count(), before);  // the good organisation rows of that run were rolled back too
  // The failed attempt is on record (after the rollback), with its error.
  EXPECT_EQ(Int("SELECT COUNT(*) FROM import_runs"), runs + 1);
  EXPECT_NE(Text("SELECT report FROM import_runs ORDER BY id DESC LIMIT 1").find("failed"), std::string::npos);
}

TEST_F(CordisImporterTest, FileCutAtARecordBoundaryIsCaught) {
  // Unquoted export cut in the middle of the last record: short last row = truncated file.
  std::string csv = "projectID;topic;title\n900060;T1;one\n900061;T2";
  auto r = Import({Write("topics.csv", csv)});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("topics.csv:3: the file ends inside a record"), std::string::npos)
      << r.status().message();
  EXPECT_EQ(Count().topics, 0);
}

TEST_F(CordisImporterTest, TruncatedJsonFailsWithLine) {
  std::string json = "[\n{\"id\": 900070, \"acronym\": \"A\", \"title\": \"t\"},\n{\"id\": 900071, \"acro";
  auto r = Import({Write("project.json", json)});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kCorrupt);
  EXPECT_NE(r.status().message().find("project.json:3: invalid JSON"), std::string::npos) << r.status().message();
  EXPECT_EQ(Count().projects, 0);
}

TEST_F(CordisImporterTest, ZipBombIsStopped) {
  ASSERT_TRUE(Import({Write("project.csv", kProjectCsv)}).ok());
  Counts before = Count();
  // 256 MiB of zeros in ~256 KB: stopped at the entry cap, before anything is inflated in full.
  std::string bomb = testing::BuildZeroBomb("organization.csv", uint64_t{256} << 20);
  std::string zip = testing::BuildZip({{"topics.csv", "\"projectID\";\"topic\";\"title\"\n\"900001\";\"T\";\"t\"\n"}});
  std::string path = Write("bomb.zip", bomb);
  ImportOptions opts;
  opts.max_entry_bytes = 8 << 20;
  auto r = Import({Write("ok.zip", zip), path}, opts);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kTooLarge);
  EXPECT_NE(r.status().message().find("bomb.zip/organization.csv"), std::string::npos) << r.status().message();
  EXPECT_EQ(Count(), before);

  // With the default caps the bomb still fails fast (a 64 MiB "field" is a broken file).
  auto d = Import({path});
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(Count(), before);

  // The run-wide cap holds too.
  ImportOptions total;
  total.max_total_bytes = 16 << 20;
  auto t = Import({path}, total);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), ErrorCode::kTooLarge);
}

// ---- zips and directories ----

TEST_F(CordisImporterTest, ZipOfCsvsAndXlsx) {
  std::vector<testing::ZipFixtureEntry> entries = {
      // No frameworkProgramme, no legal basis: the zip's name says HORIZON.
      {"project.csv", "\"id\";\"acronym\";\"title\"\n\"900080\";\"ZIPPED\";\"From a zip\"\n"},
      {"organization.csv", kOrganizationCsv},
      {"topics.csv", "\"projectID\";\"topic\";\"title\"\n\"900080\";\"TOPIC-X\";\"A topic\"\n"},
      {"webItem.csv", "\"language\";\"availableLanguages\";\"uri\";\"title\";\"type\";\"source\";\"represents\"\n"},
      {"README.txt", "not a table"},
      {"nested.zip", "PK"},
  };
  auto he = testing::SharedData("cordis-horizon-europe-reference");
  if (he) entries.push_back({"euroSciVoc.xlsx", testing::ReadFile((*he / "euroSciVoc.xlsx").string())});
  std::string zip = Write("downloads/cordis-HORIZONprojects-csv.zip", testing::BuildZip(entries));
  Write("downloads/cordis-h2020projects-csv.zip.part", "PK\x03\x04 unfinished download");  // never imported
  Write("downloads/SOURCE.md", "# notes");

  std::vector<ImportProgress> seen;
  auto r = Import({dir_.File("downloads")}, {}, [&](const ImportProgress& p) { seen.push_back(p); });
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->imported.at("corpus_projects"), 1);
  EXPECT_EQ(r->imported.at("corpus_organizations"), 3);
  EXPECT_EQ(r->imported.at("corpus_topics"), 1);
  if (he) {
    EXPECT_EQ(r->imported.at("corpus_euroscivoc"), 38789);  // an .xlsx inside the zip
  }
  EXPECT_EQ(Text("SELECT framework FROM corpus_projects WHERE grant_id = '900080'"), "HORIZON");
  EXPECT_EQ(Text("SELECT source FROM corpus_projects WHERE grant_id = '900080'"),
            "cordis-HORIZONprojects-csv.zip/project.csv");
  EXPECT_TRUE(HasWarning(*r, "README.txt", "skipped"));
  EXPECT_TRUE(HasWarning(*r, "nested.zip", "zips inside zips"));
  EXPECT_TRUE(HasWarning(*r, "webItem.csv", "skipped"));
  for (const std::string& f : r->files) EXPECT_EQ(f.find(".part"), std::string::npos) << f;

  // Progress: every imported file reports its end, with bytes and rows.
  ASSERT_FALSE(seen.empty());
  bool org_done = false;
  for (const ImportProgress& p : seen) {
    EXPECT_EQ(p.files_total, he ? 5 : 4);
    if (p.file == "cordis-HORIZONprojects-csv.zip/organization.csv" && p.file_done) {
      org_done = true;
      EXPECT_EQ(p.rows, 3);
      EXPECT_EQ(p.bytes_read, std::string(kOrganizationCsv).size());
      EXPECT_EQ(p.bytes_total, std::string(kOrganizationCsv).size());
    }
  }
  EXPECT_TRUE(org_done);

  // The same zip again, directly: pure upserts.
  Counts before = Count();
  ASSERT_TRUE(Import({zip}).ok());
  EXPECT_EQ(Count(), before);
}

TEST_F(CordisImporterTest, NothingRecognisedIsAnError) {
  auto r = Import({Write("notes.csv", "a;b;c\n1;2;3\n")});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("no CORDIS tables"), std::string::npos);
  auto missing = Import({dir_.File("does-not-exist.zip")});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), ErrorCode::kNotFound);
}

TEST_F(CordisImporterTest, EmptyValuesDoNotBlankStoredOnes) {
  ASSERT_TRUE(Import({Write("a/project.csv", kProjectCsv)}).ok());
  // A later partial export (like the search-export JSON: legal basis and calls empty).
  std::string json =
      "[{\"id\": 900001, \"acronym\": \"MAGREC\", \"title\": \"Renamed\", \"legalBasis\": \"\", "
      "\"masterCall\": \"\", \"status\": \"CLOSED\"}]";
  ASSERT_TRUE(Import({Write("b/project.json", json)}).ok());
  EXPECT_EQ(Text("SELECT title FROM corpus_projects WHERE grant_id = '900001'"), "Renamed");
  EXPECT_EQ(Text("SELECT status FROM corpus_projects WHERE grant_id = '900001'"), "CLOSED");
  EXPECT_EQ(Text("SELECT legal_basis FROM corpus_projects WHERE grant_id = '900001'"), "HORIZON.2.4");
  EXPECT_EQ(Text("SELECT master_call FROM corpus_projects WHERE grant_id = '900001'"),
            "HORIZON-CL4-2022-RESILIENCE-01");
}

// Not run by default: the size of a full Horizon Europe + H2020 import. Run with
// --gtest_also_run_disabled_tests --gtest_filter='*Speed*'.
TEST_F(CordisImporterTest, DISABLED_Speed60kProjects400kParticipations) {
  const int kProjects = 60000, kPerProject = 400000 / kProjects + 1;
  std::string project =
      "\"id\";\"acronym\";\"status\";\"title\";\"startDate\";\"endDate\";\"totalCost\";\"ecMaxContribution\";"
      "\"legalBasis\";\"topics\";\"frameworkProgramme\";\"masterCall\";\"subCall\";\"fundingScheme\";\"objective\";"
      "\"contentUpdateDate\";\"rcn\";\"grantDoi\"\n";
  std::string org =
      "\"projectID\";\"projectAcronym\";\"organisationID\";\"vatNumber\";\"name\";\"shortName\";\"SME\";"
      "\"activityType\";\"street\";\"postCode\";\"city\";\"country\";\"nutsCode\";\"geolocation\";"
      "\"organizationURL\";\"contactForm\";\"contentUpdateDate\";\"rcn\";\"order\";\"role\";\"ecContribution\";"
      "\"netEcContribution\";\"totalCost\";\"endOfParticipation\";\"active\"\n";
  std::string objective(1800, 'o');
  int64_t participations = 0;
  for (int i = 0; i < kProjects; ++i) {
    std::string id = std::to_string(101000000 + i);
    project += "\"" + id + "\";\"ACR" + std::to_string(i) +
               "\";\"SIGNED\";\"A title for the project\";\"2023-01-01\";\"2026-12-31\";\"2500000\";\"2499999.5\";"
               "\"HORIZON.2.4\";\"HORIZON-CL4-2023-X\";\"HORIZON\";\"HORIZON-CL4-2023\";\"HORIZON-CL4-2023\";"
               "\"HORIZON-RIA\";\"" +
               objective + "\";\"2024-02-01 10:00:00\";\"250000\";\"10.3030/" + id + "\"\n";
    for (int k = 0; k < kPerProject && participations < 400000; ++k, ++participations) {
      std::string oid = std::to_string(900000000 + (i * 7 + k * 13) % 50000);
      org += "\"" + id + "\";\"ACR\";\"" + oid +
             "\";\"DE123\";\"Organisation name GmbH\";\"ORG\";\"false\";\"PRC\";\"Street 1\";\"10115\";\"Berlin\";"
             "\"DE\";\"DE300\";\"52.5,13.4\";\"www.example.org\";\"https://example.org/c\";\"2024-02-01 10:00:00\";"
             "\"1\";\"" +
             std::to_string(k + 1) + "\";\"" + (k == 0 ? "coordinator" : "participant") +
             "\";\"250000\";\"250000\";\"250000\";\"false\";\"true\"\n";
    }
  }
  std::string pp = Write("speed/project.csv", project), op = Write("speed/organization.csv", org);
  ::sync();  // the fixture's own 229 MB must not compete with the import for the disk
  // Wall and CPU time: on a shared build machine the wall clock mostly measures the neighbours.
  auto cpu = [] {
    rusage u;
    ::getrusage(RUSAGE_SELF, &u);
    return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
  };
  for (const char* pass : {"first import", "re-import (all upserts)"}) {
    auto t0 = std::chrono::steady_clock::now();
    double c0 = cpu();
    auto r = Import({pp, op});
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    ASSERT_TRUE(r.ok()) << r.status().message();
    std::printf("[ speed    ] %s: %d projects + %lld participations (%.0f MB CSV): %.2f s wall, %.2f s CPU\n", pass,
                kProjects, static_cast<long long>(participations), (project.size() + org.size()) / 1e6, secs,
                cpu() - c0);
    EXPECT_EQ(Count().projects, kProjects);
    EXPECT_EQ(Count().organizations, participations);
    EXPECT_LT(secs, 30.0);
  }
}

}  // namespace
}  // namespace corridor::importers
