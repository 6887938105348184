// The registry pages through the real server: list, record, form, conflicts, pipeline.
#include <regex>

#include "core/dates.h"
#include "http_fixture.h"
#include "storage/registry_store.h"

namespace corridor::testing {
namespace {

class RegistryHttpTest : public WebTest {
 protected:
  int64_t IdOf(const std::string& acronym) {
    auto c = db_->Acquire();
    auto p = storage::RegistryStore(*c).FindByAcronym(neo_cycle_id_, acronym);
    EXPECT_TRUE(p.ok() && p->has_value()) << acronym;
    return p.ok() && *p ? (*p)->id : 0;
  }
  domain::SisterProject Stored(int64_t id) {
    auto c = db_->Acquire();
    auto p = storage::RegistryStore(*c).Get(neo_cycle_id_, id);
    EXPECT_TRUE(p.ok() && p->has_value());
    return **p;
  }
  // The edit form as a browser would post it, from the stored record.
  httplib::Params FormOf(const domain::SisterProject& p) {
    httplib::Params f;
    for (const auto& spec : domain::SisterProjectFields()) f.emplace(spec.key, p.Get(spec.key));
    for (const auto& l : p.value_chain_links) f.emplace("value_chain_links", l);
    f.emplace("topic", p.topic);
    f.emplace("version", std::to_string(p.version));
    return f;
  }
  static void Set(httplib::Params& f, const std::string& key, const std::string& value) {
    f.erase(key);
    f.emplace(key, value);
  }
  static httplib::Params ValidNew(const std::string& acronym) {
    return {{"name", "Magnet Recovery Pilot"},
            {"acronym", acronym},
            {"website", "https://example.eu/pilot"},
            {"contact_email", "info@example.eu"},
            {"status", "Ongoing"},
            {"start_date", "2024-09-01"},
            {"end_date", "2027-08-31"},
            {"budget_eur", "1234567.89"},
            {"coordinator_name", "Fraunhofer"},
            {"coordinator_country", "de"},
            {"partner_count", "12"},
            {"shared_partner_count", "1"},
            {"shared_partner_names", "IDE"},
            {"programme", "Horizon Europe"},
            {"short_description", "Pilot line for magnet recovery."},
            {"industry_field", "recycling; magnets"},
            {"objectives", "Recover NdFeB magnets at scale."},
            {"keywords", "magnets; recycling"},
            {"relevance_score", "3"},
            {"relevance_comment", "Same magnets, upstream."},
            {"value_chain_links", "Collection phase"},
            {"value_chain_links", "Recycling phase"},
            {"topic", "Recycling technology"}};
  }
  static size_t Count(const std::string& body, const std::string& needle) {
    size_t n = 0;
    for (size_t at = body.find(needle); at != std::string::npos; at = body.find(needle, at + 1)) ++n;
    return n;
  }
  // Acronyms of the list's rows, in order.
  static std::vector<std::string> Acronyms(const std::string& body) {
    static const std::regex re(R"re(<td class="nowrap"><a href="/w/neo-cycle/registry/\d+"><strong>([^<]*)</strong>)re");
    std::vector<std::string> out;
    for (std::sregex_iterator it(body.begin(), body.end(), re), end; it != end; ++it) out.push_back((*it)[1]);
    return out;
  }
  // Adds n plain rows straight in SQL (fast enough for 10,000), on either engine: BULKnnnnn
  // from the digits of 100000 + i (no printf in PostgreSQL, no lpad in SQLite).
  void AddBulkRows(int n) {
    auto c = db_->Acquire();
    auto r = c->Exec(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
        "INSERT INTO sister_projects(workspace_id, name, acronym, status, programme, relevance_score, topic, "
        "value_chain_links, stage, coordinator_name, coordinator_country, shared_partner_count, created_at, updated_at) "
        "SELECT CAST(? AS BIGINT), 'Bulk project ' || i, 'BULK' || substr(CAST(100000 + i AS TEXT), 2), 'Ongoing', "
        "'Bulk programme', '2', 'Bulk topic', "
        "'Research', 'longlist', 'Org', 'DE', '1', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z' FROM n",
        {int64_t{n}, neo_cycle_id_});
    ASSERT_TRUE(r.ok()) << r.status().message();
  }
};

const char* const kNeoCycleAcronyms[] = {
    "COMENZE", "ICARUS",   "RISERS",    "HARMONY",     "MaDiTraCe", "EJP SOIL",  "SUSMAGPRO", "NEOHIRE",
    "FER-PLAY", "BIORECOVER", "CLOSER", "AUTOMATed",   "REMHUB",    "SUPREEMO",  "SecREEsts", "REEprouce",
    "REECycle", "PERMANET", "DEMETER",  "OCARINA",     "RAW4RES",   "EXPSKILLS-REM", "CRUSADE", "FIREFLY",
    "PEAGOC",  "ALCHEMHY",  "SUSTAINCELL", "HIGHLANDER"};

TEST_F(RegistryHttpTest, ListShowsThe29DemoProjectsWithCountsAndButtons) {
  WebClient viewer = LoggedIn("viewer@test");
  auto r = viewer.Get("/w/neo-cycle/registry");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  auto rows = Acronyms(r->body);
  EXPECT_EQ(rows.size(), 29u);
  for (const char* a : kNeoCycleAcronyms) EXPECT_NE(std::find(rows.begin(), rows.end(), a), rows.end()) << a;
  EXPECT_EQ(std::count(rows.begin(), rows.end(), "ICARUS"), 2);
  EXPECT_NE(r->body.find("1-29 of 29"), std::string::npos);
  EXPECT_NE(r->body.find("<span class=\"badge rel-4\">very high</span>"), std::string::npos);
  EXPECT_NE(r->body.find("Interaction-filtered · 10"), std::string::npos);  // quick filter with its count
  EXPECT_NE(r->body.find("href=\"/w/neo-cycle/exchange\""), std::string::npos);
  EXPECT_EQ(r->body.find("New sister project"), std::string::npos);  // viewers cannot add
  WebClient editor = LoggedIn("editor@test");
  r = editor.Get("/w/neo-cycle/registry");
  EXPECT_NE(r->body.find("href=\"/w/neo-cycle/registry/new\""), std::string::npos);
  EXPECT_NE(r->body.find("href=\"/w/neo-cycle/cordis/add\""), std::string::npos);
}

TEST_F(RegistryHttpTest, SortingAndFiltersChangeTheRows) {
  WebClient c = LoggedIn("viewer@test");
  auto asc = Acronyms(c.Get("/w/neo-cycle/registry")->body);
  ASSERT_FALSE(asc.empty());
  EXPECT_EQ(asc.front(), "ALCHEMHY");
  auto desc = Acronyms(c.Get("/w/neo-cycle/registry?sort=acronym&dir=desc")->body);
  ASSERT_FALSE(desc.empty());
  EXPECT_EQ(desc.front(), "SUSTAINCELL");
  // Relevance sorted best first; a non-whitelisted sort falls back to the acronym.
  auto by_rel = c.Get("/w/neo-cycle/registry?sort=relevance_score&dir=desc")->body;
  EXPECT_LT(by_rel.find("rel-4"), by_rel.find("rel-1"));
  EXPECT_EQ(Acronyms(c.Get("/w/neo-cycle/registry?sort=1;DROP%20TABLE%20x")->body).front(), "ALCHEMHY");

  auto one = c.Get("/w/neo-cycle/registry?programme=Interreg%20Europe");
  EXPECT_EQ(Acronyms(one->body), std::vector<std::string>{"RAW4RES"});
  EXPECT_NE(one->body.find("1-1 of 1"), std::string::npos);
  EXPECT_EQ(Acronyms(c.Get("/w/neo-cycle/registry?stage=interaction_filtered")->body).size(), 10u);
  EXPECT_EQ(Acronyms(c.Get("/w/neo-cycle/registry?min_rel=4")->body).size(), 8u);
  EXPECT_EQ(Acronyms(c.Get("/w/neo-cycle/registry?vcl=Standardisation")->body).size(), 6u);
  auto trace = Acronyms(c.Get("/w/neo-cycle/registry?topic=Traceability")->body);
  EXPECT_EQ(trace, (std::vector<std::string>{"EXPSKILLS-REM", "MaDiTraCe"}));
  EXPECT_EQ(Acronyms(c.Get("/w/neo-cycle/registry?q=harm")->body), std::vector<std::string>{"HARMONY"});
  auto none = c.Get("/w/neo-cycle/registry?q=no-such-project");
  EXPECT_TRUE(Acronyms(none->body).empty());
  EXPECT_NE(none->body.find("No sister project matches these filters"), std::string::npos);
  // Sorting links keep the filters.
  auto filtered = c.Get("/w/neo-cycle/registry?topic=Traceability&sort=acronym&dir=desc");
  EXPECT_EQ(Acronyms(filtered->body).front(), "MaDiTraCe");
  EXPECT_NE(filtered->body.find("href=\"/w/neo-cycle/registry?topic=Traceability&amp;sort=name&amp;dir=asc\""),
            std::string::npos);
}

TEST_F(RegistryHttpTest, PagingKeepsTheQueryAtTenThousandRows) {
  AddBulkRows(10000);
  if (HasFatalFailure()) return;
  WebClient c = LoggedIn("viewer@test");
  auto first = c.Get("/w/neo-cycle/registry?q=BULK");
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200);
  EXPECT_NE(first->body.find("1-50 of 10,000"), std::string::npos);
  ASSERT_EQ(Acronyms(first->body).size(), 50u);
  EXPECT_EQ(Acronyms(first->body).front(), "BULK00001");
  EXPECT_NE(first->body.find("href=\"/w/neo-cycle/registry?q=BULK&amp;page=2\""), std::string::npos);
  auto second = c.Get("/w/neo-cycle/registry?q=BULK&page=2");
  ASSERT_TRUE(second);
  EXPECT_NE(second->body.find("51-100 of 10,000"), std::string::npos);
  ASSERT_FALSE(Acronyms(second->body).empty());
  EXPECT_EQ(Acronyms(second->body).front(), "BULK00051");
  EXPECT_NE(second->body.find("href=\"/w/neo-cycle/registry?q=BULK\" rel=\"prev\""), std::string::npos);

  // Speed at this size belongs to bench/registry_list_bench, not here.
  auto last = c.Get("/w/neo-cycle/registry?sort=name&dir=desc&page=201");
  ASSERT_TRUE(last);
  ASSERT_EQ(last->status, 200);
  EXPECT_NE(last->body.find("10,001-10,029 of 10,029"), std::string::npos);
  EXPECT_EQ(Acronyms(last->body).size(), 29u);
  EXPECT_EQ(last->body.find("rel=\"next\""), std::string::npos);
  EXPECT_NE(last->body.find("page=200"), std::string::npos);
  // Past the end: the last page, not an empty one.
  EXPECT_NE(c.Get("/w/neo-cycle/registry?page=999")->body.find("10,001-10,029 of 10,029"), std::string::npos);
}

TEST_F(RegistryHttpTest, ViewerCannotChangeAnything) {
  int64_t id = IdOf("HARMONY");
  WebClient viewer = LoggedIn("viewer@test");
  auto page = viewer.Get("/w/neo-cycle/registry/" + std::to_string(id));
  ASSERT_EQ(page->status, 200);
  EXPECT_EQ(page->body.find("/edit\""), std::string::npos);
  EXPECT_EQ(page->body.find("/delete\""), std::string::npos);
  EXPECT_EQ(viewer.Get("/w/neo-cycle/registry/new")->status, 403);
  EXPECT_EQ(viewer.Get("/w/neo-cycle/registry/" + std::to_string(id) + "/edit")->status, 403);
  auto form = FormOf(Stored(id));
  Set(form, "name", "Viewer was here");
  std::string base = "/w/neo-cycle/registry/" + std::to_string(id);
  EXPECT_EQ(viewer.Post(base, form)->status, 403);
  EXPECT_EQ(viewer.Post("/w/neo-cycle/registry", ValidNew("VIEWERS"))->status, 403);
  EXPECT_EQ(viewer.Post(base + "/stage", {{"to", "longlist"}, {"justification", "x"}})->status, 403);
  EXPECT_EQ(viewer.Post(base + "/delete", {})->status, 403);
  auto after = Stored(id);
  EXPECT_NE(after.Get("name"), "Viewer was here");
  EXPECT_EQ(after.stage, domain::Stage::kShortlist);
}

TEST_F(RegistryHttpTest, EditorCreatesARecordShownInItsSections) {
  WebClient editor = LoggedIn("editor@test");
  auto form = editor.Get("/w/neo-cycle/registry/new");
  ASSERT_EQ(form->status, 200);
  EXPECT_NE(form->body.find("<legend>Relevance to NEO-CYCLE</legend>"), std::string::npos);
  EXPECT_NE(form->body.find("Number of NEO-CYCLE partners"), std::string::npos);
  EXPECT_NE(form->body.find("name=\"contact_email\" type=\"email\""), std::string::npos);
  EXPECT_NE(form->body.find("name=\"start_date\" type=\"date\""), std::string::npos);
  EXPECT_NE(form->body.find("name=\"acronym\" type=\"text\" value=\"\" maxlength=\"60\""), std::string::npos);
  EXPECT_NE(form->body.find("<option value=\"4\">4 – very high</option>"), std::string::npos);
  EXPECT_NE(form->body.find("value=\"End-user\""), std::string::npos);
  EXPECT_NE(form->body.find("<option value=\"Catalysis/Electrocatalysis\">"), std::string::npos);
  EXPECT_EQ(Count(form->body, "class=\"req\">"), 15u + 1);  // the 15 mandatory fields and the legend

  auto r = editor.Post("/w/neo-cycle/registry", ValidNew("MAGPILOT"));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 303) << r->body;
  std::string loc = r->get_header_value("Location");
  EXPECT_TRUE(loc.rfind("/w/neo-cycle/registry/", 0) == 0) << loc;
  EXPECT_NE(loc.find("notice="), std::string::npos);
  auto page = editor.Get(loc);
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("Sister project MAGPILOT created."), std::string::npos);
  EXPECT_NE(page->body.find("<h2>Relevance to NEO-CYCLE</h2>"), std::string::npos);
  EXPECT_NE(page->body.find("01/09/2024"), std::string::npos);
  EXPECT_NE(page->body.find("€1,234,567.89"), std::string::npos);
  EXPECT_NE(page->body.find("<a href=\"https://example.eu/pilot\" rel=\"noopener noreferrer\""), std::string::npos);
  EXPECT_NE(page->body.find("<a href=\"mailto:info@example.eu\">"), std::string::npos);
  EXPECT_NE(page->body.find("Fraunhofer"), std::string::npos);
  EXPECT_NE(page->body.find("<dd>DE</dd>"), std::string::npos);  // normalised country
  EXPECT_NE(page->body.find("Collection phase, Recycling phase"), std::string::npos);
  EXPECT_NE(page->body.find("data-confirm="), std::string::npos);
  EXPECT_EQ(page->body.find("Refresh from CORDIS"), std::string::npos);  // no grant
  auto list = editor.Get("/w/neo-cycle/registry");
  EXPECT_NE(list->body.find("1-30 of 30"), std::string::npos);
  auto rows = Acronyms(list->body);
  EXPECT_NE(std::find(rows.begin(), rows.end(), "MAGPILOT"), rows.end());
  // A record with a grant offers the CORDIS refresh.
  EXPECT_NE(editor.Get("/w/neo-cycle/registry/" + std::to_string(IdOf("HARMONY")))->body.find(
                "/registry/" + std::to_string(IdOf("HARMONY")) + "/refresh\">Refresh from CORDIS"),
            std::string::npos);
}

TEST_F(RegistryHttpTest, MissingMandatoryFieldsGive400NamingThemAndKeepTheInput) {
  WebClient editor = LoggedIn("editor@test");
  auto r = editor.Post("/w/neo-cycle/registry", {{"acronym", "HALFDONE"},
                                                 {"website", "www.halfdone.eu"},
                                                 {"start_date", "31/13/2024"},
                                                 {"objectives", "Kept\nacross lines"},
                                                 {"value_chain_links", "Research"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  for (const char* msg : {"Project name is mandatory", "Coordinator name is mandatory", "Status is mandatory",
                          "Number of NEO-CYCLE partners is mandatory", "Relevance comment is mandatory"})
    EXPECT_NE(r->body.find(msg), std::string::npos) << msg;
  EXPECT_NE(r->body.find("is not a date"), std::string::npos);
  EXPECT_NE(r->body.find("href=\"#f-name\""), std::string::npos);  // summary links to the field
  EXPECT_NE(r->body.find("class=\"field-error\""), std::string::npos);
  EXPECT_NE(r->body.find("value=\"HALFDONE\""), std::string::npos);
  EXPECT_NE(r->body.find("value=\"https://www.halfdone.eu\""), std::string::npos);
  EXPECT_NE(r->body.find("value=\"31/13/2024\""), std::string::npos);  // the bad date is kept as typed
  EXPECT_NE(r->body.find(">Kept\nacross lines</textarea>"), std::string::npos);
  EXPECT_NE(r->body.find("value=\"Research\" checked"), std::string::npos);
  EXPECT_EQ(Acronyms(editor.Get("/w/neo-cycle/registry?q=HALFDONE")->body).size(), 0u);
}

TEST_F(RegistryHttpTest, ScriptInAFieldIsStoredAndShownEscaped) {
  WebClient editor = LoggedIn("editor@test");
  auto form = ValidNew("XSS");
  Set(form, "name", "<script>alert(1)</script>");
  Set(form, "relevance_comment", "\"><img src=x onerror=alert(2)>");
  auto r = editor.Post("/w/neo-cycle/registry", form);
  ASSERT_EQ(r->status, 303);
  int64_t id = IdOf("XSS");
  EXPECT_EQ(Stored(id).Get("name"), "<script>alert(1)</script>");
  for (const std::string& path : {"/w/neo-cycle/registry/" + std::to_string(id), std::string("/w/neo-cycle/registry"),
                                  "/w/neo-cycle/registry/" + std::to_string(id) + "/edit"}) {
    auto page = editor.Get(path);
    ASSERT_EQ(page->status, 200) << path;
    EXPECT_NE(page->body.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos) << path;
    EXPECT_EQ(page->body.find("<script>alert(1)"), std::string::npos) << path;
    EXPECT_EQ(page->body.find("<img src=x"), std::string::npos) << path;
  }
}

TEST_F(RegistryHttpTest, EditHistoryShowsOldAndNewValuesAndTheEditor) {
  int64_t id = IdOf("RISERS");
  WebClient editor = LoggedIn("editor@test");
  ASSERT_EQ(editor.Get("/w/neo-cycle/registry/" + std::to_string(id) + "/edit")->status, 200);
  auto before = Stored(id);
  auto form = FormOf(before);
  Set(form, "name", "Rare earth standards network");
  Set(form, "coordinator_country", "fr");
  auto r = editor.Post("/w/neo-cycle/registry/" + std::to_string(id), form);
  ASSERT_EQ(r->status, 303) << r->body;
  EXPECT_NE(r->get_header_value("Location").find("notice=Saved."), std::string::npos);
  auto page = editor.Get("/w/neo-cycle/registry/" + std::to_string(id));
  EXPECT_NE(page->body.find("<td>Eddie Editor</td><td>Project name</td>"), std::string::npos);
  EXPECT_NE(page->body.find("<span class=\"diff-old\">" + before.Get("name") + "</span>"), std::string::npos);
  EXPECT_NE(page->body.find("<span class=\"diff-new\">Rare earth standards network</span>"), std::string::npos);
  EXPECT_NE(page->body.find("<td>Coordinator country</td><td class=\"val\"><span class=\"diff-old\">XX</span></td>"
                            "<td class=\"val\"><span class=\"diff-new\">FR</span>"),
            std::string::npos);
  EXPECT_EQ(Stored(id).version, before.version + 1);
  // The partner matches an add from CORDIS records as JSON read as a sentence.
  {
    auto c = db_->Acquire();
    ASSERT_TRUE(storage::AuditStore(*c)
                    .Record({0, "cordis"}, neo_cycle_id_, "sister_project", id, "refresh", "partner_match_rules", "[]",
                            R"([{"focal":"Iberian Sustainable Mining Cluster","focal_short":"ISMC","cordis":"ISMC AIE",)"
                            R"("cordis_short":"","cordis_org_id":"9","role":"participant","rule":"short name"}])")
                    .ok());
  }
  page = editor.Get("/w/neo-cycle/registry/" + std::to_string(id));
  EXPECT_NE(page->body.find("<td>Shared-partner matches</td><td class=\"val\"><span class=\"diff-old\">none</span>"),
            std::string::npos);
  EXPECT_NE(page->body.find("Iberian Sustainable Mining Cluster (ISMC) = ISMC AIE, matched by short name"),
            std::string::npos);
  EXPECT_EQ(page->body.find("&quot;focal&quot;"), std::string::npos);
  // Saving the same values again is not a change.
  auto again = FormOf(Stored(id));
  r = editor.Post("/w/neo-cycle/registry/" + std::to_string(id), again);
  EXPECT_NE(r->get_header_value("Location").find("Nothing"), std::string::npos);
}

TEST_F(RegistryHttpTest, StaleVersionGives409NamingTheOtherEditorAndKeepsTheInput) {
  int64_t id = IdOf("NEOHIRE");
  auto loaded = Stored(id);
  WebClient admin = LoggedIn("admin@test");
  auto theirs = FormOf(loaded);
  Set(theirs, "coordinator_name", "Admin's coordinator");
  ASSERT_EQ(admin.Post("/w/neo-cycle/registry/" + std::to_string(id), theirs)->status, 303);

  WebClient editor = LoggedIn("editor@test");
  editor.RefreshCsrf("/w/neo-cycle/registry");
  auto mine = FormOf(loaded);  // still the old version
  Set(mine, "relevance_comment", "My careful comment");
  auto r = editor.Post("/w/neo-cycle/registry/" + std::to_string(id), mine);
  ASSERT_EQ(r->status, 409);
  EXPECT_NE(r->body.find("Admin at"), std::string::npos);
  EXPECT_NE(r->body.find("changed Coordinator name"), std::string::npos);
  EXPECT_NE(r->body.find("<a href=\"#f-coordinator_name\">Coordinator name</a>."), std::string::npos);
  EXPECT_NE(r->body.find(">My careful comment</textarea>"), std::string::npos);
  EXPECT_NE(r->body.find("Stored now: <span class=\"diff-new\">Admin&apos;s coordinator</span>"), std::string::npos)
      << r->body;
  std::string next_version = std::to_string(loaded.version + 1);
  EXPECT_NE(r->body.find("name=\"version\" value=\"" + next_version + "\""), std::string::npos);
  EXPECT_EQ(Stored(id).Get("relevance_comment"), loaded.Get("relevance_comment"));
  // Saving again with the version from the conflict page goes through deliberately.
  Set(mine, "version", next_version);
  r = editor.Post("/w/neo-cycle/registry/" + std::to_string(id), mine);
  EXPECT_EQ(r->status, 303);
  EXPECT_EQ(Stored(id).Get("relevance_comment"), "My careful comment");
}

TEST_F(RegistryHttpTest, PipelineMovesFollowTheRulesAndAreListedWithDateAndJustification) {
  int64_t id = IdOf("EJP SOIL");  // medium relevance, on the longlist
  std::string base = "/w/neo-cycle/registry/" + std::to_string(id);
  WebClient editor = LoggedIn("editor@test");
  auto page = editor.Get(base);
  EXPECT_NE(page->body.find("Shortlist: the shortlist takes projects of high or very high relevance; this one is medium"),
            std::string::npos);
  auto r = editor.Post(base + "/stage", {{"to", "shortlist"}, {"justification", "Looks promising"}});
  ASSERT_EQ(r->status, 400);
  EXPECT_NE(r->body.find("Not moved to Shortlist: the shortlist takes projects of high or very high relevance; "
                         "this one is medium"),
            std::string::npos);
  EXPECT_EQ(Stored(id).stage, domain::Stage::kLonglist);

  // Rated high, it may move, with a justification.
  auto form = FormOf(Stored(id));
  Set(form, "relevance_score", "3");
  ASSERT_EQ(editor.Post(base, form)->status, 303);
  r = editor.Post(base + "/stage", {{"to", "finished"}, {"justification", "Keep this text"}});
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(r->body.find("choose the stage"), std::string::npos);
  EXPECT_NE(r->body.find(">Keep this text</textarea>"), std::string::npos);  // kept for the next try
  r = editor.Post(base + "/stage", {{"to", "shortlist"}, {"justification", "  "}});
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(r->body.find("needs a justification"), std::string::npos);
  r = editor.Post(base + "/stage", {{"to", "shortlist"}, {"justification", "Re-rated high after the EURAW meeting"}});
  ASSERT_EQ(r->status, 303);
  EXPECT_EQ(Stored(id).stage, domain::Stage::kShortlist);
  page = editor.Get(base);
  std::string today = dates::ToDmy(dates::Today());
  EXPECT_NE(page->body.find("<strong>Longlist → Shortlist</strong> <span class=\"muted\">· " + today),
            std::string::npos);
  EXPECT_NE(page->body.find("Eddie Editor</span><br>Re-rated high after the EURAW meeting"), std::string::npos);
  EXPECT_NE(page->body.find("value=\"interaction_filtered\""), std::string::npos);  // the next allowed step

  // The demo's own steps are listed too.
  page = editor.Get("/w/neo-cycle/registry/" + std::to_string(IdOf("ALCHEMHY")));
  EXPECT_NE(page->body.find("Longlist → Shortlist"), std::string::npos);
  EXPECT_NE(page->body.find("Shortlist → Interaction-filtered"), std::string::npos);
}

TEST_F(RegistryHttpTest, EditorDeletesARecord) {
  int64_t id = IdOf("COMENZE");
  WebClient editor = LoggedIn("editor@test");
  editor.RefreshCsrf("/w/neo-cycle/registry/" + std::to_string(id));
  auto r = editor.Post("/w/neo-cycle/registry/" + std::to_string(id) + "/delete", {});
  ASSERT_EQ(r->status, 303);
  EXPECT_NE(r->get_header_value("Location").find("/w/neo-cycle/registry?notice="), std::string::npos);
  EXPECT_EQ(editor.Get("/w/neo-cycle/registry/" + std::to_string(id))->status, 404);
  auto list = editor.Get("/w/neo-cycle/registry");
  EXPECT_NE(list->body.find("1-28 of 28"), std::string::npos);
  auto hist = editor.Get("/w/neo-cycle/history");
  EXPECT_NE(hist->body.find("COMENZE"), std::string::npos);
  EXPECT_EQ(editor.Post("/w/neo-cycle/registry/" + std::to_string(id) + "/delete", {})->status, 404);
}

}  // namespace
}  // namespace corridor::testing
