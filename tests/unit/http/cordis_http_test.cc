// Add from CORDIS and refresh from CORDIS through the real server, on a small corpus
// inserted with SQL. InsertTestCorpus is shared with discovery_http_test.cc.
#include <regex>

#include "http_fixture.h"
#include "storage/registry_store.h"

namespace corridor::testing {

// Grants of the test corpus.
constexpr const char* kMagrec = "900000001";      // NdFeB magnet recycling, HORIZON, DE+ES, shares ISMC by org id
constexpr const char* kReevolve = "900000002";    // rare earths from magnet scrap, H2020, closed
constexpr const char* kNeomag = "900000003";      // neodymium magnet upcycling, HORIZON, FR, shares UniTO by short name
constexpr const char* kSusmag = "900000004";      // magnet supply chain, H2020, no keywords at all
constexpr const char* kMagrecFp7 = "900000016";   // another MAGREC (MRI), FP7
constexpr const char* kIsmcOrgId = "999002";

void InsertTestCorpus(storage::Connection& c) {
  struct P {
    const char *grant, *framework, *acronym, *title, *status, *start, *end, *cost, *master_call, *sub_call, *topic,
        *objective, *keywords;
  };
  const P projects[] = {
      {kMagrec, "HORIZON", "MAGREC", "Recycling of NdFeB permanent magnets from end-of-life electronics", "SIGNED",
       "2023-01-01", "2026-12-31", "4999875.5", "HORIZON-CL4-2022-RESILIENCE-01", "",
       "HORIZON-CL4-2022-RESILIENCE-01-05",
       "MAGREC recycles neodymium iron boron permanent magnets from hard disk drives and electric motors. Rare earth "
       "elements are recovered by hydrogen decrepitation and short-loop recycling into new magnets. Critical raw "
       "materials stay in Europe.",
       "magnet recycling; rare earth elements; NdFeB"},
      {kReevolve, "H2020", "REEVOLVE", "Rare earth element recovery from magnet scrap by hydrometallurgy", "CLOSED",
       "2018-05-01", "2021-10-31", "2500000", "H2020-SC5-2018-2019-2020", "H2020-SC5-2018-1", "CE-SC5-07-2018",
       "Rare earth elements such as neodymium and dysprosium are recovered from magnet scrap and WEEE by selective "
       "leaching and electrochemical separation.",
       "rare earth recovery; hydrometallurgy; magnets"},
      {kNeomag, "HORIZON", "NEOMAG", "Neodymium magnet upcycling and rare earth separation", "SIGNED", "2022-09-01",
       "2026-08-31", "3000000", "HORIZON-CL4-2021-RESILIENCE-01", "", "HORIZON-CL4-2021-RESILIENCE-01-07",
       "NEOMAG upcycles spent NdFeB magnets and separates rare earth elements by chlorination for catalysts.",
       "upcycling; magnets; chlorination"},
      {kSusmag, "H2020", "SUSMAG", "Sustainable permanent magnet supply chain with rare earth recycling", "CLOSED",
       "2019-02-01", "2022-07-31", "6000000", "", "H2020-SC5-2019-2", "CE-SC5-08-2019",
       "A sustainable supply chain for permanent magnets: rare earth recycling of magnet waste and recovered "
       "neodymium in new motors.",
       ""},
      {"101138767", "HORIZON", "HARMONY", "Recyclability of rare-earth permanent magnets", "SIGNED", "2024-01-01",
       "2027-12-31", "7000000", "HORIZON-CL4-2023-RESILIENCE-01", "", "HORIZON-CL4-2023-RESILIENCE-01-09",
       "HARMONY improves recyclability and resource efficiency of rare earth permanent magnets and NdFeB recycling.",
       "magnet recycling; rare earth"},
      {"101138058", "HORIZON", "NEO-CYCLE", "Upcycling of NdFeB magnets in the EU for green applications", "SIGNED",
       "2024-09-01", "2028-08-31", "8000000", "HORIZON-CL4-2023-TWIN-TRANSITION-01", "",
       "HORIZON-CL4-2023-TWIN-TRANSITION-01-42",
       "Upcycling of spent NdFeB magnets into catalysts by solid-state chlorination and neodymium extraction.",
       "magnets; catalysts; rare earth"},
      {"900000010", "HORIZON", "AQUAFARM", "Insect protein feed for sustainable aquaculture", "SIGNED", "2023-03-01",
       "2026-02-28", "2000000", "HORIZON-CL6-2022", "", "HORIZON-CL6-2022-FARM2FORK-01-02",
       "Insect larvae reared on food waste replace fishmeal in salmon feed.", "aquaculture; insects; feed"},
      {"900000011", "HORIZON", "SOLARGLASS", "Perovskite coatings for solar glass", "SIGNED", "2022-01-01",
       "2025-12-31", "3500000", "HORIZON-CL5-2021", "", "HORIZON-CL5-2021-D3-02-02",
       "Perovskite thin films on architectural glass turn windows into photovoltaic modules.",
       "photovoltaics; perovskite; glass"},
      {"900000012", "H2020", "BRAINMAP", "Neural imaging of memory consolidation", "CLOSED", "2016-01-01",
       "2020-12-31", "1500000", "ERC-2015-STG", "", "ERC-2015-STG",
       "Two-photon imaging of hippocampal neurons in mice during sleep and memory consolidation.",
       "neuroscience; memory; imaging"},
      {"900000013", "H2020", "URBANMOB", "Urban mobility data for cycling infrastructure", "CLOSED", "2017-06-01",
       "2020-05-31", "2000000", "H2020-MG-2016", "", "MG-4.2-2017",
       "City data on bicycle trips guide the planning of cycling lanes and public transport.",
       "mobility; cycling; cities"},
      {"900000014", "HORIZON", "WINEHERIT", "Wine heritage and rural tourism", "SIGNED", "2023-05-01", "2026-04-30",
       "1000000", "HORIZON-CL2-2022", "", "HORIZON-CL2-2022-HERITAGE-01-03",
       "Wine landscapes as cultural heritage for sustainable rural tourism.", "heritage; tourism; wine"},
      {"900000015", "HORIZON", "QUANTNET", "Quantum repeaters for secure networks", "SIGNED", "2022-10-01",
       "2026-09-30", "9000000", "HORIZON-CL4-2021-DIGITAL-EMERGING-01", "", "HORIZON-CL4-2021-DIGITAL-EMERGING-01-30",
       "Quantum memories and entanglement distribution for long-distance quantum key distribution.",
       "quantum; networks; cryptography"},
      {kMagrecFp7, "FP7", "MAGREC", "Magnetic resonance elastography of liver tissue", "CLOSED", "2011-01-01",
       "2014-12-31", "1200000", "FP7-HEALTH-2010", "", "HEALTH.2010.1.2-1",
       "Magnetic resonance elastography measures the stiffness of liver tissue in fibrosis patients.",
       "elastography; liver; MRI"},
  };
  for (const P& p : projects) {
    auto r = c.Exec(
        "INSERT INTO corpus_projects (grant_id, framework, acronym, title, status, start_date, end_date, total_cost, "
        "master_call, sub_call, topic, objective, keywords, cordis_keywords, imported_at) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        {std::string(p.grant), std::string(p.framework), std::string(p.acronym), std::string(p.title),
         std::string(p.status), std::string(p.start), std::string(p.end), std::string(p.cost),
         std::string(p.master_call), std::string(p.sub_call), std::string(p.topic), std::string(p.objective),
         std::string(p.keywords), std::string(p.keywords), std::string("2025-01-01T00:00:00Z")});
    ASSERT_TRUE(r.ok()) << r.status().message();
    auto t = c.Exec("INSERT INTO corpus_topics (grant_id, code, title) VALUES (?,?,?)",
                    {std::string(p.grant), std::string(p.topic), std::string("Topic of ") + p.acronym});
    ASSERT_TRUE(t.ok()) << t.status().message();
  }
  struct O {
    const char *grant, *org_id, *role, *name, *short_name, *country;
    int64_t ord;
  };
  const O orgs[] = {
      {kMagrec, "888001", "coordinator", "TECHNISCHE UNIVERSITAET MUENCHEN", "TUM", "DE", 1},
      {kMagrec, kIsmcOrgId, "participant", "ASOCIACION IBERIAN SUSTAINABLE MINING CLUSTER", "ISMC", "ES", 2},
      {kMagrec, "888003", "thirdParty", "TUM AFFILIATE GMBH", "", "DE", 3},
      {kMagrec, "888004", "associatedPartner", "MAGNETS UK LTD", "MUK", "UK", 4},
      {kMagrec, "888005", "observer", "EUROPEAN MAGNET OBSERVATORY", "EMO", "BE", 5},
      {kReevolve, "888010", "coordinator", "KATHOLIEKE UNIVERSITEIT LEUVEN", "KU LEUVEN", "BE", 1},
      {kReevolve, "888011", "participant", "UMICORE", "UMICORE", "BE", 2},
      {kNeomag, "888020", "coordinator", "CENTRE NATIONAL DE LA RECHERCHE SCIENTIFIQUE CNRS", "CNRS", "FR", 1},
      {kNeomag, "888021", "participant", "UNIVERSITA DEGLI STUDI DI TORINO", "UNITO", "IT", 2},
      {kSusmag, "888030", "coordinator", "CONSIGLIO NAZIONALE DELLE RICERCHE", "CNR", "IT", 1},
      {"101138767", "888040", "coordinator", "FUNDACION TECNALIA RESEARCH & INNOVATION", "TECNALIA", "ES", 1},
      {"900000010", "888050", "coordinator", "NOFIMA AS", "NOFIMA", "NO", 1},
      {"900000011", "888060", "coordinator", "FRAUNHOFER GESELLSCHAFT", "FHG", "DE", 1},
  };
  for (const O& o : orgs) {
    auto r = c.Exec(
        "INSERT INTO corpus_organizations (grant_id, org_id, role, name, short_name, country, ord) VALUES (?,?,?,?,?,?,?)",
        {std::string(o.grant), std::string(o.org_id), std::string(o.role), std::string(o.name),
         std::string(o.short_name), std::string(o.country), o.ord});
    ASSERT_TRUE(r.ok()) << r.status().message();
  }
  const char* scivoc[][3] = {{kMagrec, "/23/45/1", "rare earth elements"},
                             {kMagrec, "/23/45/2", "magnets"},
                             {kNeomag, "/23/45/2", "magnets"}};
  for (auto& s : scivoc) {
    auto r = c.Exec("INSERT INTO corpus_euroscivoc (grant_id, code, title) VALUES (?,?,?)",
                    {std::string(s[0]), std::string(s[1]), std::string(s[2])});
    ASSERT_TRUE(r.ok()) << r.status().message();
  }
  auto w = c.Exec("INSERT INTO corpus_weblinks (grant_id, url, type, represents) VALUES (?,?,?,?)",
                  {std::string(kMagrec), std::string("https://magrec.example.eu/"), std::string("relatedWebsite"),
                   std::string("project")});
  ASSERT_TRUE(w.ok()) << w.status().message();
}

namespace {

class CordisHttpTest : public WebTest {
 protected:
  void SetUp() override {
    WebTest::SetUp();
    if (HasFatalFailure()) return;
    auto c = db_->Acquire();
    InsertTestCorpus(*c);
    // NEO-CYCLE's ISMC gets the CORDIS organisation ID of MAGREC's participant.
    auto r = c->Exec("UPDATE consortium_partners SET org_id = ? WHERE workspace_id = ? AND short_name = 'ISMC'",
                     {std::string(kIsmcOrgId), neo_cycle_id_});
    ASSERT_TRUE(r.ok() && *r == 1);
  }

  std::optional<domain::SisterProject> Record(const std::string& grant) {
    auto c = db_->Acquire();
    auto p = storage::RegistryStore(*c).FindByGrant(neo_cycle_id_, grant);
    EXPECT_TRUE(p.ok());
    return p.ok() ? *p : std::nullopt;
  }

  httplib::Params UserFields() {
    return {{"industry_field", "recycling; magnets"},
            {"relevance_score", "4"},
            {"relevance_comment", "Same value chain as NEO-CYCLE."}};
  }
};

TEST_F(CordisHttpTest, AddByGrantFillsTheFieldsAndThePartnerOverlap) {
  WebClient c = LoggedIn("editor@test");
  auto page = c.Get(std::string("/w/neo-cycle/cordis/add?q=") + kMagrec);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("Recycling of NdFeB permanent magnets"), std::string::npos);
  EXPECT_NE(page->body.find("organisation ID"), std::string::npos) << "the rule that matched is shown";
  EXPECT_NE(page->body.find("ASOCIACION IBERIAN SUSTAINABLE MINING CLUSTER"), std::string::npos);
  EXPECT_NE(page->body.find("name=\"industry_field\""), std::string::npos);
  EXPECT_NE(page->body.find("name=\"relevance_score\""), std::string::npos);

  httplib::Params form = UserFields();
  form.emplace("grant", kMagrec);
  auto r = c.Post("/w/neo-cycle/cordis/add", form);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 303) << r->body;
  auto p = Record(kMagrec);
  ASSERT_TRUE(p);
  EXPECT_EQ(r->get_header_value("Location").rfind("/w/neo-cycle/registry/" + std::to_string(p->id), 0), 0u);
  EXPECT_EQ(p->Get("acronym"), "MAGREC");
  EXPECT_EQ(p->Get("name"), "Recycling of NdFeB permanent magnets from end-of-life electronics");
  EXPECT_EQ(p->Get("cordis_link"), std::string("https://cordis.europa.eu/project/id/") + kMagrec);
  EXPECT_EQ(p->Get("website"), "https://magrec.example.eu/");
  EXPECT_EQ(p->Get("status"), "Ongoing");
  EXPECT_EQ(p->Get("start_date"), "2023-01-01");
  EXPECT_EQ(p->Get("end_date"), "2026-12-31");
  EXPECT_EQ(p->Get("budget_eur"), "4999875.50");
  EXPECT_EQ(p->Get("coordinator_name"), "TECHNISCHE UNIVERSITAET MUENCHEN");
  EXPECT_EQ(p->Get("coordinator_country"), "DE");
  EXPECT_EQ(p->Get("partner_count"), "4") << "coordinator, participant, thirdParty, associatedPartner; no observer";
  EXPECT_EQ(p->Get("programme"), "Horizon Europe");
  EXPECT_EQ(p->Get("call"), "HORIZON-CL4-2022-RESILIENCE-01");
  EXPECT_EQ(p->Get("horizon_topic"), "HORIZON-CL4-2022-RESILIENCE-01-05");
  EXPECT_EQ(p->Get("short_description"),
            "MAGREC recycles neodymium iron boron permanent magnets from hard disk drives and electric motors. Rare "
            "earth elements are recovered by hydrogen decrepitation and short-loop recycling into new magnets.");
  EXPECT_EQ(p->Get("keywords"), "magnet recycling; rare earth elements; NdFeB; magnets");
  EXPECT_EQ(p->Get("shared_partner_count"), "1");
  EXPECT_EQ(p->Get("shared_partner_names"), "ISMC");
  EXPECT_EQ(p->Get("industry_field"), "recycling; magnets");
  EXPECT_EQ(p->Relevance(), 4);
  EXPECT_EQ(p->stage, domain::Stage::kLonglist);
  EXPECT_TRUE(p->user_edited.count("relevance_comment"));
  EXPECT_FALSE(p->user_edited.count("name"));
  auto conn = db_->Acquire();
  auto rules = conn->Scalar("SELECT partner_match_rules FROM sister_projects WHERE id = ?", {p->id});
  ASSERT_TRUE(rules.ok() && rules->has_value());
  std::string json = std::get<std::string>(**rules);
  EXPECT_NE(json.find("\"rule\":\"organisation ID\""), std::string::npos) << json;
  EXPECT_NE(json.find(kIsmcOrgId), std::string::npos) << json;
  auto audit = conn->Scalar("SELECT COUNT(*) FROM audit_log WHERE entity_id = ? AND action = 'create-from-cordis'",
                            {p->id});
  ASSERT_TRUE(audit.ok() && audit->has_value());
  EXPECT_GE(std::get<int64_t>(**audit), 1);
}

TEST_F(CordisHttpTest, OverlapByShortNameShowsItsRule) {
  WebClient c = LoggedIn("editor@test");
  auto page = c.Get(std::string("/w/neo-cycle/cordis/add?grant=") + kNeomag);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("UNIVERSITA DEGLI STUDI DI TORINO"), std::string::npos);
  EXPECT_NE(page->body.find("short name"), std::string::npos);
}

TEST_F(CordisHttpTest, AcronymSharedBySeveralProjectsListsCandidates) {
  WebClient c = LoggedIn("editor@test");
  auto page = c.Get("/w/neo-cycle/cordis/add?q=magrec");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find(std::string("grant=") + kMagrec), std::string::npos);
  EXPECT_NE(page->body.find(std::string("grant=") + kMagrecFp7), std::string::npos);
  EXPECT_EQ(page->body.find("name=\"industry_field\""), std::string::npos) << "no preview before a choice";
  auto none = c.Get("/w/neo-cycle/cordis/add?q=NOSUCHTHING");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 404);
}

TEST_F(CordisHttpTest, MandatoryUserFieldsAreValidated) {
  WebClient c = LoggedIn("editor@test");
  c.RefreshCsrf("/w/neo-cycle/cordis/add");
  auto r = c.Post("/w/neo-cycle/cordis/add", {{"grant", kMagrec}, {"relevance_score", "3"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(r->body.find("Industry field"), std::string::npos);
  EXPECT_NE(r->body.find("Relevance comment"), std::string::npos);
  EXPECT_NE(r->body.find("<option value=\"3\" selected>"), std::string::npos) << "the input is kept";
  EXPECT_FALSE(Record(kMagrec));
  // SUSMAG has no keywords in CORDIS: the form asks for them.
  auto page = c.Get(std::string("/w/neo-cycle/cordis/add?grant=") + kSusmag);
  ASSERT_TRUE(page);
  EXPECT_NE(page->body.find("name=\"keywords\""), std::string::npos);
  httplib::Params form = UserFields();
  form.emplace("grant", kSusmag);
  r = c.Post("/w/neo-cycle/cordis/add", form);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(r->body.find("Keywords"), std::string::npos);
  form.emplace("keywords", "magnets; supply chain");
  r = c.Post("/w/neo-cycle/cordis/add", form);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 303);
  auto p = Record(kSusmag);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->Get("keywords"), "magnets; supply chain");
  EXPECT_TRUE(p->user_edited.count("keywords")) << "a refresh keeps what the user wrote";
}

TEST_F(CordisHttpTest, GrantAlreadyInTheRegistryIsSaidWithALink) {
  WebClient c = LoggedIn("editor@test");
  auto harmony = Record("101138767");  // a demo record
  ASSERT_TRUE(harmony);
  auto page = c.Get("/w/neo-cycle/cordis/add?q=101138767");
  ASSERT_TRUE(page);
  EXPECT_NE(page->body.find("already in the NEO-CYCLE registry"), std::string::npos);
  EXPECT_NE(page->body.find("/w/neo-cycle/registry/" + std::to_string(harmony->id)), std::string::npos);
  httplib::Params form = UserFields();
  form.emplace("grant", "101138767");
  auto r = c.Post("/w/neo-cycle/cordis/add", form);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 409);
  EXPECT_NE(r->body.find("/w/neo-cycle/registry/" + std::to_string(harmony->id)), std::string::npos);
}

TEST_F(CordisHttpTest, ViewerGets403) {
  WebClient v = LoggedIn("viewer@test");
  auto harmony = Record("101138767");
  ASSERT_TRUE(harmony);
  auto r = v.Get("/w/neo-cycle/cordis/add");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  httplib::Params form = UserFields();
  form.emplace("grant", kMagrec);
  r = v.Post("/w/neo-cycle/cordis/add", form);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  r = v.Get("/w/neo-cycle/registry/" + std::to_string(harmony->id) + "/refresh");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  r = v.Post("/w/neo-cycle/registry/" + std::to_string(harmony->id) + "/refresh",
             {{"version", std::to_string(harmony->version)}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  EXPECT_FALSE(Record(kMagrec));
}

TEST_F(CordisHttpTest, UserEditSurvivesARefreshThatShowsTheDifference) {
  WebClient c = LoggedIn("editor@test");
  httplib::Params form = UserFields();
  form.emplace("grant", kMagrec);
  auto r = c.Post("/w/neo-cycle/cordis/add", form);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 303);
  auto p = Record(kMagrec);
  ASSERT_TRUE(p);
  {
    // A user renames the project (as the registry's edit form does).
    auto conn = db_->Acquire();
    p->fields["name"] = "MAGREC – our short title";
    auto saved = storage::RegistryStore(*conn).Update(*p, storage::Actor{0, "Eddie Editor"}, storage::ChangeSource::kUser);
    ASSERT_TRUE(saved.ok() && saved->ok());
    // CORDIS changes since: a new title and a prolonged end date.
    ASSERT_TRUE(conn->Exec("UPDATE corpus_projects SET title = ?, end_date = ? WHERE grant_id = ?",
                           {std::string("Recycling of NdFeB magnets (amended)"), std::string("2027-06-30"),
                            std::string(kMagrec)})
                    .ok());
  }
  std::string url = "/w/neo-cycle/registry/" + std::to_string(p->id) + "/refresh";
  auto page = c.Get(url);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200);
  const std::string& b = page->body;
  EXPECT_NE(b.find("MAGREC – our short title"), std::string::npos);
  EXPECT_NE(b.find("Recycling of NdFeB magnets (amended)"), std::string::npos);
  EXPECT_NE(b.find("kept: edited by a user"), std::string::npos);
  EXPECT_NE(b.find("31/12/2026"), std::string::npos);
  EXPECT_NE(b.find("30/06/2027"), std::string::npos);
  EXPECT_NE(b.find("will update"), std::string::npos);
  EXPECT_NE(b.find("name=\"version\" value=\"" + std::to_string(p->version) + "\""), std::string::npos);

  // A stale version is refused.
  r = c.Post(url, {{"version", std::to_string(p->version - 1)}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 409);
  r = c.Post(url, {{"version", std::to_string(p->version)}});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 303) << r->body;
  auto after = Record(kMagrec);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->Get("name"), "MAGREC – our short title");
  EXPECT_EQ(after->Get("end_date"), "2027-06-30");
  EXPECT_EQ(after->version, p->version + 1);
  auto conn = db_->Acquire();
  auto n = conn->Scalar("SELECT COUNT(*) FROM audit_log WHERE entity_id = ? AND action = 'refresh' AND field = 'end_date'",
                        {p->id});
  ASSERT_TRUE(n.ok() && n->has_value());
  EXPECT_EQ(std::get<int64_t>(**n), 1);
  // Nothing left to update: the page says so and offers no apply button.
  page = c.Get(url);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->body.find("Apply "), std::string::npos);
}

}  // namespace
}  // namespace corridor::testing
