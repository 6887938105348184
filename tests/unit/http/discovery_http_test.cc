// Discovery page and one-click longlisting through the real server, on the small corpus of
// cordis_http_test.cc (magnet / rare-earth projects and unrelated ones).
#include <regex>

#include "http_fixture.h"
#include "storage/registry_store.h"

namespace corridor::testing {

void InsertTestCorpus(storage::Connection& c);  // cordis_http_test.cc

namespace {

const std::vector<std::string> kMagnetAcronyms = {"MAGREC", "REEVOLVE", "NEOMAG", "SUSMAG"};

class DiscoveryHttpTest : public WebTest {
 protected:
  void SetUp() override {
    WebTest::SetUp();
    if (HasFatalFailure()) return;
    {
      auto c = db_->Acquire();
      InsertTestCorpus(*c);
      ASSERT_TRUE(c->Exec("UPDATE consortium_partners SET org_id = '999002' WHERE workspace_id = ? AND short_name = 'ISMC'",
                          {neo_cycle_id_})
                      .ok());
    }
    ASSERT_TRUE(discovery_->Rebuild().ok());
  }

  // Acronyms of the hits, in rank order.
  static std::vector<std::string> Hits(const std::string& body) {
    static const std::regex re(R"re(<tr id="hit-[0-9]+">\s*<td class="num">[0-9]+</td>\s*<td class="num">[0-9.]+</td>\s*<td><strong>([^<]+)</strong>)re");
    std::vector<std::string> out;
    for (std::sregex_iterator it(body.begin(), body.end(), re), end; it != end; ++it) out.push_back((*it)[1]);
    return out;
  }

  std::optional<domain::SisterProject> Record(const std::string& grant) {
    auto c = db_->Acquire();
    auto p = storage::RegistryStore(*c).FindByGrant(neo_cycle_id_, grant);
    EXPECT_TRUE(p.ok());
    return p.ok() ? *p : std::nullopt;
  }
};

TEST_F(DiscoveryHttpTest, RanksTheMagnetProjectsFirstAndExcludesFocalAndRegistry) {
  WebClient c = LoggedIn("viewer@test");
  auto r = c.Get("/w/neo-cycle/discover");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  auto hits = Hits(r->body);
  ASSERT_GE(hits.size(), 4u) << r->body;
  std::set<std::string> top(hits.begin(), hits.begin() + 4);
  EXPECT_EQ(top, std::set<std::string>(kMagnetAcronyms.begin(), kMagnetAcronyms.end()));
  // HARMONY is in the registry (demo data), NEO-CYCLE is the focal project.
  EXPECT_EQ(std::count(hits.begin(), hits.end(), "HARMONY"), 0);
  EXPECT_EQ(std::count(hits.begin(), hits.end(), "NEO-CYCLE"), 0);
  // Scores, matched terms and shared partners with their rule.
  EXPECT_NE(r->body.find("<td class=\"terms\"><span"), std::string::npos);
  EXPECT_NE(r->body.find("organisation ID"), std::string::npos);  // MAGREC shares ISMC
  // Viewers see no add form.
  EXPECT_EQ(r->body.find("/discover/add"), std::string::npos);
}

TEST_F(DiscoveryHttpTest, FiltersWork) {
  WebClient c = LoggedIn("viewer@test");
  auto hits = [&](const std::string& q) {
    auto r = c.Get("/w/neo-cycle/discover?" + q);
    EXPECT_TRUE(r);
    EXPECT_EQ(r->status, 200) << q;
    auto h = Hits(r->body);
    return std::set<std::string>(h.begin(), h.end());
  };
  auto h2020 = hits("programme=H2020");
  EXPECT_TRUE(h2020.count("REEVOLVE") && h2020.count("SUSMAG"));
  EXPECT_FALSE(h2020.count("MAGREC") || h2020.count("NEOMAG"));
  auto closed = hits("status=closed");
  EXPECT_TRUE(closed.count("REEVOLVE"));
  EXPECT_FALSE(closed.count("MAGREC"));
  auto recent = hits("from=2022&to=2023");
  EXPECT_TRUE(recent.count("MAGREC") && recent.count("NEOMAG"));
  EXPECT_FALSE(recent.count("REEVOLVE") || recent.count("SUSMAG"));
  EXPECT_EQ(hits("country=FR"), std::set<std::string>{"NEOMAG"});
  EXPECT_EQ(hits("topic=horizon-cl4-2022"), std::set<std::string>{"MAGREC"});
  auto bad = c.Get("/w/neo-cycle/discover?from=soon");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_NE(bad->body.find("is not a year"), std::string::npos);
}

TEST_F(DiscoveryHttpTest, OneClickAddCreatesALonglistRecordWithTheSuggestedRelevance) {
  WebClient c = LoggedIn("editor@test");
  auto r = c.Get("/w/neo-cycle/discover?programme=HORIZON");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  // The MAGREC row's form: the preselected relevance and the prefilled fields.
  auto row_at = r->body.find("<tr id=\"hit-900000001\">");
  ASSERT_NE(row_at, std::string::npos);
  std::string row = r->body.substr(row_at, r->body.find("</tr>", row_at) - row_at);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(row, m, std::regex(R"re(<option value="([1-4])" selected>)re")));
  std::string suggested = m[1];
  ASSERT_TRUE(std::regex_search(row, m, std::regex(R"re(<input name="industry_field" value="([^"]*)")re")));
  std::string industry = m[1];
  ASSERT_TRUE(std::regex_search(row, m, std::regex(R"re(<textarea name="relevance_comment"[^>]*>([^<]*)</textarea>)re")));
  std::string comment = m[1];
  EXPECT_NE(comment.find("Suggested by discovery: score "), std::string::npos);
  EXPECT_NE(comment.find("matched: "), std::string::npos);
  EXPECT_FALSE(industry.empty());
  EXPECT_NE(row.find("name=\"programme\" value=\"HORIZON\""), std::string::npos) << "filters ride along";

  auto post = c.Post("/w/neo-cycle/discover/add", {{"grant", "900000001"},
                                                   {"programme", "HORIZON"},
                                                   {"relevance_score", suggested},
                                                   {"industry_field", industry},
                                                   {"relevance_comment", comment}});
  ASSERT_TRUE(post);
  ASSERT_EQ(post->status, 303) << post->body;
  std::string loc = post->get_header_value("Location");
  EXPECT_EQ(loc.rfind("/w/neo-cycle/discover?programme=HORIZON&notice=", 0), 0u) << loc;
  auto p = Record("900000001");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->stage, domain::Stage::kLonglist);
  EXPECT_EQ(p->Get("relevance_score"), suggested);
  EXPECT_EQ(p->Get("relevance_comment"), comment);
  EXPECT_EQ(p->Get("acronym"), "MAGREC");
  EXPECT_EQ(p->Get("shared_partner_names"), "ISMC");  // the same auto-fill path
  EXPECT_EQ(p->Get("coordinator_name"), "TECHNISCHE UNIVERSITAET MUENCHEN");
  // Now in the registry: no longer a hit.
  auto again = c.Get("/w/neo-cycle/discover");
  ASSERT_TRUE(again);
  auto hits = Hits(again->body);
  EXPECT_EQ(std::count(hits.begin(), hits.end(), "MAGREC"), 0);
}

TEST_F(DiscoveryHttpTest, ChangedRelevanceAndMissingKeywordsAreHandled) {
  WebClient c = LoggedIn("editor@test");
  auto page = c.Get("/w/neo-cycle/discover");
  ASSERT_TRUE(page);
  // SUSMAG has no keywords in CORDIS: its form asks for them.
  auto row_at = page->body.find("<tr id=\"hit-900000004\">");
  ASSERT_NE(row_at, std::string::npos);
  std::string row = page->body.substr(row_at, page->body.find("</tr>", row_at) - row_at);
  EXPECT_NE(row.find("name=\"keywords\""), std::string::npos);
  auto r = c.Post("/w/neo-cycle/discover/add", {{"grant", "900000004"},
                                                {"relevance_score", "1"},
                                                {"industry_field", "magnets"},
                                                {"relevance_comment", "Low, but keep an eye on it."}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(r->body.find("Keywords is mandatory"), std::string::npos);
  EXPECT_NE(r->body.find("Low, but keep an eye on it."), std::string::npos) << "the input is kept";
  EXPECT_FALSE(Record("900000004"));
  r = c.Post("/w/neo-cycle/discover/add", {{"grant", "900000004"},
                                           {"relevance_score", "1"},
                                           {"industry_field", "magnets"},
                                           {"keywords", "magnets; supply chain"},
                                           {"relevance_comment", "Low, but keep an eye on it."}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 303);
  auto p = Record("900000004");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->Relevance(), 1) << "the user's choice, not the suggestion";
  // Adding it twice says so.
  r = c.Post("/w/neo-cycle/discover/add", {{"grant", "900000004"},
                                           {"relevance_score", "1"},
                                           {"industry_field", "magnets"},
                                           {"relevance_comment", "again"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 409);
  EXPECT_NE(r->body.find("already in the NEO-CYCLE registry"), std::string::npos);
}

TEST_F(DiscoveryHttpTest, ViewerCannotAdd) {
  WebClient v = LoggedIn("viewer@test");
  auto r = v.Post("/w/neo-cycle/discover/add", {{"grant", "900000001"},
                                                {"relevance_score", "3"},
                                                {"industry_field", "x"},
                                                {"relevance_comment", "y"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  EXPECT_FALSE(Record("900000001"));
}

class EmptyCorpusDiscoveryTest : public WebTest {};

TEST_F(EmptyCorpusDiscoveryTest, SaysHowToImport) {
  WebClient c = LoggedIn("viewer@test");
  auto r = c.Get("/w/neo-cycle/discover");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->body.find("corridor cordis fetch --import"), std::string::npos);
  EXPECT_NE(r->body.find("corridor import cordis PATH"), std::string::npos);
}

}  // namespace
}  // namespace corridor::testing
