// Regions, indicator import and the composite index through the real server (issue 5): roles,
// CSRF, refused input kept on the form, upload limits, the shapes endpoint and the exports.
#include <regex>

#include "http_fixture.h"
#include "importers/indicator_import.h"
#include "storage/indicator_store.h"
#include "storage/region_store.h"

namespace corridor::testing {
namespace {

bool Has(const std::string& body, const std::string& needle) { return body.find(needle) != std::string::npos; }

class CompositeHttpTest : public WebTest {
 protected:
  int64_t Count(const std::string& sql) {
    auto c = db_->Acquire();
    auto v = c->Scalar(sql);
    if (!v.ok() || !v->has_value()) return -1;
    return std::holds_alternative<int64_t>(**v) ? std::get<int64_t>(**v) : std::stoll(std::get<std::string>(**v));
  }
  static std::string Match(const std::string& body, const std::string& re) {
    std::smatch m;
    return std::regex_search(body, m, std::regex(re)) ? std::string(m[1]) : "";
  }
  // Three regions, two indicators (b: lower is better), values of 2020.
  static constexpr const char* kCsv =
      "region,indicator,year,value\n"
      "ES41,a,2020,10\nES61,a,2020,20\nPT18,a,2020,30\n"
      "ES41,b,2020,5\nES61,b,2020,1\nPT18,b,2020,2\n";
};

TEST_F(CompositeHttpTest, RegionsPageRolesCsrfAndRefusedInputKept) {
  auto viewer = LoggedIn("viewer@test");
  auto page = viewer.Get("/w/neo-cycle/regions?country=PT&level=2");
  ASSERT_EQ(page->status, 200);
  EXPECT_TRUE(Has(page->body, "Alentejo"));
  EXPECT_TRUE(Has(page->body, "EuroGeographics"));
  // Every level is browsable with names; level 0 (the countries) needs no country chosen.
  auto countries = viewer.Get("/w/neo-cycle/regions?level=0");
  EXPECT_TRUE(Has(countries->body, "<p>37 region(s).</p>"));
  EXPECT_TRUE(Has(countries->body, "<td>EL</td><td>Elláda</td>"));
  auto nuts3 = viewer.Get("/w/neo-cycle/regions?country=PT&level=3");
  EXPECT_TRUE(Has(nuts3->body, "<td>PT187</td><td>Alentejo Central</td>"));
  EXPECT_FALSE(Has(viewer.Get("/w/neo-cycle/regions?level=3")->body, "region(s).</p>"));  // 1,514 rows: by country
  EXPECT_EQ(viewer.Post("/w/neo-cycle/regions/interest", {{"codes", "ES41"}})->status, 403);
  auto editor = LoggedIn("editor@test");
  EXPECT_EQ(editor.Post("/w/neo-cycle/regions/interest", {{"codes", "ES41"}}, /*with_csrf=*/false)->status, 403);
  std::string count_sql = "SELECT COUNT(*) FROM workspace_regions WHERE workspace_id = " + std::to_string(neo_cycle_id_);
  int64_t before = Count(count_sql);
  auto bad = editor.Post("/w/neo-cycle/regions/interest", {{"codes", "ES41, XX99"}});
  EXPECT_EQ(bad->status, 400);
  EXPECT_TRUE(Has(bad->body, "regions: XX99 is not a NUTS 2021 code or a region of this workspace"));
  EXPECT_TRUE(Has(bad->body, "ES41, XX99"));  // the input is kept
  EXPECT_EQ(Count(count_sql), before);  // unchanged
  auto ok = editor.Post("/w/neo-cycle/regions/interest", {{"codes", "es41 PT18"}});
  EXPECT_EQ(ok->status, 303);
  EXPECT_EQ(Count(count_sql), 2);
  auto shown = viewer.Get("/w/neo-cycle/regions");
  EXPECT_TRUE(Has(shown->body, "Castilla y León"));
  EXPECT_TRUE(Has(shown->body, "data-map-config=\"regions-map-config\""));
  EXPECT_TRUE(Has(shown->body, "vendor/leaflet.js"));
  // The map's data in a hidden element (decoded by the browser), never a JSON script block.
  EXPECT_TRUE(Has(shown->body, "<div hidden id=\"regions-map-config\">{&quot;attribution&quot;:"));
  EXPECT_FALSE(Has(shown->body, "application/json"));
  // A national name equal to the Latin one is not repeated.
  EXPECT_FALSE(Has(shown->body, "Castilla y León <span class=\"muted\">Castilla y León</span>"));
}

TEST_F(CompositeHttpTest, UserRegionsCreateEditConflictDelete) {
  auto editor = LoggedIn("editor@test");
  auto bad = editor.Post("/w/neo-cycle/regions/user",
                         {{"key", "iberian-corridor"}, {"name", "Iberian corridor"}, {"members", "ES41, XX99"}});
  EXPECT_EQ(bad->status, 400);
  EXPECT_TRUE(Has(bad->body, "members: XX99 is not a NUTS 2021 code"));
  EXPECT_TRUE(Has(bad->body, "value=\"Iberian corridor\""));
  auto made = editor.Post("/w/neo-cycle/regions/user",
                          {{"key", "iberian-corridor"}, {"name", "Iberian corridor"}, {"members", "ES41 ES61 ES43 PT18"}});
  ASSERT_EQ(made->status, 303) << made->body.substr(0, 1500);
  auto dup = editor.Post("/w/neo-cycle/regions/user", {{"key", "iberian-corridor"}, {"name", "Again"}, {"members", "ES41"}});
  EXPECT_EQ(dup->status, 409);
  auto saved = editor.Post("/w/neo-cycle/regions/user/iberian-corridor",
                           {{"name", "Iberian corridor"}, {"members", "ES41 PT18"}, {"version", "1"}});
  EXPECT_EQ(saved->status, 303);
  auto stale = editor.Post("/w/neo-cycle/regions/user/iberian-corridor",
                           {{"name", "Stale"}, {"members", "ES41"}, {"version", "1"}});
  EXPECT_EQ(stale->status, 409);
  EXPECT_TRUE(Has(stale->body, "value=\"Stale\""));
  auto viewer = LoggedIn("viewer@test");
  EXPECT_EQ(viewer.Post("/w/neo-cycle/regions/user/iberian-corridor/delete", {})->status, 403);
  // The map's shapes: the user region drawn as its members.
  auto shapes = viewer.Get("/w/neo-cycle/regions/shapes?codes=iberian-corridor,ES30,XX99");
  ASSERT_EQ(shapes->status, 200);
  EXPECT_TRUE(Has(shapes->get_header_value("Content-Type"), "application/json"));
  EXPECT_EQ(shapes->get_header_value("X-Unknown-Codes"), "XX99");
  EXPECT_TRUE(Has(shapes->body, "\"member\":\"PT18\""));
  EXPECT_TRUE(Has(shapes->body, "\"code\":\"ES30\""));
  EXPECT_EQ(viewer.Get("/w/neo-cycle/regions/shapes?codes=ES41&level=9")->status, 400);
  EXPECT_EQ(editor.Post("/w/neo-cycle/regions/user/iberian-corridor/delete", {})->status, 303);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM user_regions"), 1);  // the I4-GREEN demo's own corridor remains
  // Another workspace's pages are closed to this editor.
  EXPECT_EQ(editor.Get("/w/i4-green/regions")->status, 403);
}

TEST_F(CompositeHttpTest, ImportWizardReportsRowsAndIsAllOrNothing) {
  auto editor = LoggedIn("editor@test");
  std::string csv = std::string(kCsv) + "XX99,a,2020,1\nFR24,a,2020,15\n";
  auto preview = editor.PostMultipart("/w/neo-cycle/indicators/import", {{"file", csv, "hand.csv", "text/csv"}});
  ASSERT_EQ(preview->status, 200) << preview->body.substr(0, 2000);
  EXPECT_TRUE(Has(preview->body, "line 8: region XX99: not a NUTS region code"));
  EXPECT_TRUE(Has(preview->body, "recoded to FRB0"));
  std::string token = Match(preview->body, R"re(name="token" value="([0-9a-f]{64})")re");
  ASSERT_FALSE(token.empty());
  auto refused = editor.Post("/w/neo-cycle/indicators/import",
                             {{"token", token}, {"commit", "1"}, {"name", "Hand"}, {"dir_1", "-1"}});
  EXPECT_EQ(refused->status, 400);
  EXPECT_TRUE(Has(refused->body, "nothing was imported"));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM indicator_values"), 0);
  auto done = editor.Post("/w/neo-cycle/indicators/import", {{"token", token}, {"commit", "1"}, {"name", "Hand"},
                                                             {"dir_1", "-1"}, {"skip_bad_rows", "1"}});
  ASSERT_EQ(done->status, 303) << done->body.substr(0, 2000);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM indicator_values"), 7);
  EXPECT_EQ(Count("SELECT direction FROM indicators WHERE code = 'b'"), -1);
  auto dataset = editor.Get(done->get_header_value("Location"));
  ASSERT_EQ(dataset->status, 200);
  EXPECT_TRUE(Has(dataset->body, "line 8: region XX99"));  // the kept report
  // The token was used up.
  EXPECT_EQ(editor.Post("/w/neo-cycle/indicators/import", {{"token", token}, {"commit", "1"}})->status, 400);
  // Viewers cannot import; uploads above the limit are refused.
  auto viewer = LoggedIn("viewer@test");
  EXPECT_EQ(viewer.PostMultipart("/w/neo-cycle/indicators/import", {{"file", csv, "hand.csv", "text/csv"}})->status, 403);
  std::string big(importers::indicators::kMaxUploadBytes + 1, 'x');
  auto too_big = editor.PostMultipart("/w/neo-cycle/indicators/import", {{"file", big, "big.csv", "text/csv"}});
  EXPECT_EQ(too_big->status, 400);
  EXPECT_TRUE(Has(too_big->body, "larger than 20 MB"));
}

// A Eurostat file with its .json sidecar through the wizard: the label and unit come from the
// sidecar, shown in the preview and stored; a JSON file that is not a sidecar is refused.
TEST_F(CompositeHttpTest, EurostatSidecarGivesLabelAndUnitInTheWizard) {
  auto editor = LoggedIn("editor@test");
  std::string csv =
      "year,region_type,region_year_spec,region_id,region_level,rd_e_gerdreg_total_pc_gdp\n"
      "2020,nuts,2021,ES41,2,1.2\n2020,nuts,2021,ES61,2,1.0\n";
  std::string sidecar =
      R"json({"schema": {"value": {"id": "rd_e_gerdreg_total_pc_gdp", "label": "GERD (All sectors, Percentage of GDP)"}}})json";
  auto preview = editor.PostMultipart("/w/neo-cycle/indicators/import",
                                      {{"file", csv, "rd_e_gerdreg_total_pc_gdp.csv", "text/csv"},
                                       {"sidecar", sidecar, "rd_e_gerdreg_total_pc_gdp.json", "application/json"}});
  ASSERT_EQ(preview->status, 200) << preview->body.substr(0, 2000);
  EXPECT_TRUE(Has(preview->body, "name=\"label_0\" value=\"GERD (All sectors, Percentage of GDP)\""));
  EXPECT_TRUE(Has(preview->body, "name=\"unit_0\" value=\"Percentage of GDP\""));
  std::string token = Match(preview->body, R"re(name="token" value="([0-9a-f]{64})")re");
  ASSERT_FALSE(token.empty());
  // Read again with another choice: the kept upload keeps the sidecar's label.
  auto again = editor.Post("/w/neo-cycle/indicators/import", {{"token", token}, {"layout", "eurostat"}});
  EXPECT_TRUE(Has(again->body, "value=\"GERD (All sectors, Percentage of GDP)\""));
  auto done = editor.Post("/w/neo-cycle/indicators/import",
                          {{"token", token}, {"commit", "1"}, {"name", "GERD"},
                           {"label_0", "GERD (All sectors, Percentage of GDP)"}, {"unit_0", "Percentage of GDP"}});
  ASSERT_EQ(done->status, 303) << done->body.substr(0, 2000);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM indicators WHERE code = 'rd_e_gerdreg_total_pc_gdp' AND unit = 'Percentage of GDP'"), 1);
  auto bad = editor.PostMultipart("/w/neo-cycle/indicators/import",
                                  {{"file", csv, "x.csv", "text/csv"}, {"sidecar", "{\"a\": 1}", "notes.json", "application/json"}});
  EXPECT_EQ(bad->status, 400);
  EXPECT_TRUE(Has(bad->body, "sidecar: notes.json is not a Eurostat metadata file"));
}

TEST_F(CompositeHttpTest, CompositeResultsAndFormulaSafeExports) {
  {
    auto c = db_->Acquire();
    auto f = importers::indicators::ParseFile("hand.csv", kCsv);
    ASSERT_TRUE(f.ok());
    importers::indicators::CommitOptions o;
    o.directions["b"] = -1;
    ASSERT_TRUE(importers::indicators::Commit(*c, neo_cycle_id_, *f, o, storage::Actor{}).ok());
    domain::UserRegion r;
    r.workspace_id = neo_cycle_id_;
    r.key = "formula-region";
    r.name = "=HYPERLINK(\"http://x\")";
    r.members = {"ES41", "ES61"};
    ASSERT_TRUE(storage::RegionStore(*c).CreateUserRegion(r, storage::Actor{}).ok());
  }
  auto viewer = LoggedIn("viewer@test");
  auto form = viewer.Get("/w/neo-cycle/composite");
  ASSERT_EQ(form->status, 200);
  EXPECT_TRUE(Has(form->body, "name=\"mc_runs\""));
  std::string q = "/w/neo-cycle/composite?run=1&regions=list&codes=ES41+ES61+PT18&year=2020&mc_runs=200&seed=3"
                  "&vary_normalise=minmax&vary_normalise=rank";
  auto res = viewer.Get(q);
  ASSERT_EQ(res->status, 200) << res->body.substr(0, 3000);
  EXPECT_TRUE(Has(res->body, "id=\"composite-table\""));
  EXPECT_TRUE(Has(res->body, "87.50"));  // PT18 by hand: (100 + 75) / 2
  EXPECT_TRUE(Has(res->body, "id=\"variance-shares\""));
  EXPECT_TRUE(Has(res->body, "<div hidden id=\"composite-map-config\">{&quot;"));
  EXPECT_FALSE(Has(res->body, "application/json"));
  // A whole level: the map asks for the countries' regions at that level (a short URL).
  auto level = viewer.Get("/w/neo-cycle/composite?run=1&regions=level&level=2&countries=es,PT&year=2020");
  ASSERT_EQ(level->status, 200) << level->body.substr(0, 2000);
  EXPECT_TRUE(Has(level->body, "shapes?codes=es%2CPT&amp;level=2"));
  auto level_shapes = viewer.Get("/w/neo-cycle/regions/shapes?codes=es%2CPT&level=2");
  size_t features = 0;
  for (size_t p = level_shapes->body.find("\"type\":\"Feature\""); p != std::string::npos;
       p = level_shapes->body.find("\"type\":\"Feature\"", p + 1))
    ++features;
  EXPECT_EQ(features, 19u + 7u);  // the NUTS 2 regions of Spain and Portugal
  auto bad = viewer.Get("/w/neo-cycle/composite?run=1&regions=list&codes=ES41%20XX99&normalise=minmax");
  EXPECT_EQ(bad->status, 400);
  EXPECT_TRUE(Has(bad->body, "regions: XX99 is not a NUTS 2021 code or a region of this workspace"));
  EXPECT_TRUE(Has(bad->body, "value=\"ES41 XX99\""));  // kept
  EXPECT_EQ(viewer.Get("/w/neo-cycle/composite?run=1&normalise=log")->status, 400);

  std::string eq = "regions=list&codes=formula-region+PT18&year=2020";
  auto csv = viewer.Get("/w/neo-cycle/composite/export.csv?" + eq);
  ASSERT_EQ(csv->status, 200) << csv->body.substr(0, 1000);
  EXPECT_TRUE(Has(csv->body, "Region code,Region,Index score"));
  EXPECT_TRUE(Has(csv->body, "'=HYPERLINK"));   // guarded
  EXPECT_FALSE(Has(csv->body, ",=HYPERLINK"));
  auto md = viewer.Get("/w/neo-cycle/composite/export.md?" + eq);
  ASSERT_EQ(md->status, 200);
  EXPECT_TRUE(Has(md->body, "| formula-region | '=HYPERLINK"));
  auto html = viewer.Get("/w/neo-cycle/composite/export.html?" + eq + "&mc_runs=100");
  ASSERT_EQ(html->status, 200);
  EXPECT_TRUE(Has(html->body, "<svg"));
  EXPECT_TRUE(Has(html->body, "aria-label=\"Monte Carlo rank bands\""));
  EXPECT_TRUE(Has(html->body, "=HYPERLINK(&quot;http://x&quot;)"));  // escaped
  EXPECT_FALSE(Has(html->body, "HYPERLINK(\"http"));
  auto xlsx = viewer.Get("/w/neo-cycle/composite/export.xlsx?" + eq);
  ASSERT_EQ(xlsx->status, 200);
  EXPECT_EQ(xlsx->body.substr(0, 2), "PK");
  // Not logged in: sent to the login page.
  auto anon = Client();
  EXPECT_NE(anon.Get("/w/neo-cycle/composite/export.csv?" + eq)->status, 200);
}

}  // namespace
}  // namespace corridor::testing
