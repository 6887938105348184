// The charts page and its SVG/CSV downloads, checked against Table 2 of D11.3 (the demo
// workspace holds its 29 sister projects).
#include <map>
#include <regex>

#include "http_fixture.h"
#include "storage/registry_store.h"

namespace corridor::testing {
namespace {

using Counts = std::map<std::string, int64_t>;

class ChartsHttpTest : public WebTest {
 protected:
  // The numbers table of one chart on the page: row label -> count.
  static Counts TableOf(const std::string& page, const std::string& dim) {
    Counts out;
    size_t start = page.find("id=\"chart-" + dim + "\"");
    if (start == std::string::npos) return out;
    size_t end = page.find("</section>", start);
    std::string box = page.substr(start, end - start);
    static const std::regex row(R"re(<tr><th scope="row">([^<]*)</th><td class="num">([0-9]+)</td></tr>)re");
    for (auto it = std::sregex_iterator(box.begin(), box.end(), row); it != std::sregex_iterator(); ++it)
      out[(*it)[1]] = std::stoll((*it)[2]);
    return out;
  }
};

// Table 2 of seed 001, counted by hand: 29 projects.
const Counts kByLink = {{"Research", 5},
                        {"Collection phase", 8},
                        {"Recycling phase", 18},
                        {"Standardisation", 6},
                        {"End-user", 15}};
const Counts kByTopic = {{"Recycling technology", 13}, {"Standardisation", 4}, {"Catalysis/Electrocatalysis", 4},
                         {"Research", 3},              {"Upcycling", 3},       {"Traceability", 2}};
// H2020 is spelt "Horizon 2020" and "EIT Raw Materials" "EIT RawMaterials" in the registry.
const Counts kByProgramme = {
    {"Horizon Europe", 17}, {"Horizon 2020", 9}, {"Interreg Europe", 1}, {"EIT RawMaterials", 1}, {"I3", 1}};
const Counts kByLevel = {{"Low", 3}, {"Medium", 4}, {"High", 14}, {"Very high", 8}};

TEST_F(ChartsHttpTest, PageCountsMatchTable2) {
  WebClient viewer = LoggedIn("viewer@test");
  auto r = viewer.Get("/w/neo-cycle/charts");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  const std::string& page = r->body;
  EXPECT_EQ(TableOf(page, "value_chain_link"), kByLink);
  EXPECT_EQ(TableOf(page, "topic"), kByTopic);
  EXPECT_EQ(TableOf(page, "programme"), kByProgramme);
  EXPECT_EQ(TableOf(page, "relevance"), kByLevel);
  // Pipeline stages as the registry has them.
  auto c = db_->Acquire();
  auto stages = storage::RegistryStore(*c).CountBy(neo_cycle_id_, "stage");
  ASSERT_TRUE(stages.ok());
  Counts by_stage = TableOf(page, "stage");
  EXPECT_EQ(by_stage.size(), 5u);
  int64_t total = 0;
  for (auto& [label, n] : by_stage) total += n;
  EXPECT_EQ(total, 29);
  EXPECT_EQ(by_stage["Shortlist"] + by_stage["Interaction-filtered"], 22);  // high + very high are shortlisted
  EXPECT_EQ(by_stage["Longlist"], (*stages)["longlist"]);
  // The stacked topic x value-chain link table: HARMONY and co. under Recycling technology.
  size_t cross = page.find("id=\"chart-topic_by_link\"");
  ASSERT_NE(cross, std::string::npos);
  std::string box = page.substr(cross, page.find("</section>", cross) - cross);
  EXPECT_NE(box.find("<th scope=\"col\" class=\"num\">Recycling phase</th>"), std::string::npos);
  // Recycling technology: 13 projects naming 4+13+1+... links; its total is the sum of its row.
  std::regex row(R"re(<tr><th scope="row">Recycling technology</th>((?:<td class="num">[0-9]+</td>)+)</tr>)re");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(box, m, row));
  std::vector<int64_t> cells;
  std::string cells_html = m[1];
  std::regex num(R"(>([0-9]+)<)");
  for (auto it = std::sregex_iterator(cells_html.begin(), cells_html.end(), num); it != std::sregex_iterator(); ++it)
    cells.push_back(std::stoll((*it)[1]));
  ASSERT_EQ(cells.size(), 6u);  // five links + total
  int64_t sum = 0;
  for (size_t i = 0; i + 1 < cells.size(); ++i) sum += cells[i];
  EXPECT_EQ(cells.back(), sum);
  EXPECT_EQ(cells[2], 13);  // every recycling-technology project names the recycling phase

  // Chart.js from the vendored copy, data in attributes, no inline script.
  EXPECT_NE(page.find("/static/vendor/chart.umd.js?v="), std::string::npos);
  EXPECT_NE(page.find("/static/charts.js?v="), std::string::npos);
  EXPECT_NE(page.find("<canvas data-chart=\"{&quot;"), std::string::npos);  // JSON, HTML-escaped
  EXPECT_NE(page.find("&quot;datasets&quot;:[{&quot;data&quot;:[5,8,18,6,15]"), std::string::npos);
  EXPECT_EQ(page.find("<script>"), std::string::npos);
  EXPECT_NE(page.find("/w/neo-cycle/charts/topic.svg"), std::string::npos);
  EXPECT_NE(page.find("/w/neo-cycle/charts/programme.csv"), std::string::npos);
  auto js = viewer.Get("/static/charts.js");
  ASSERT_TRUE(js);
  EXPECT_EQ(js->status, 200);
  auto lib = viewer.Get("/static/vendor/chart.umd.js");
  ASSERT_TRUE(lib);
  EXPECT_EQ(lib->status, 200);
}

TEST_F(ChartsHttpTest, SvgAndCsvDownloads) {
  WebClient viewer = LoggedIn("viewer@test");
  auto svg = viewer.Get("/w/neo-cycle/charts/value_chain_link.svg");
  ASSERT_TRUE(svg);
  ASSERT_EQ(svg->status, 200);
  EXPECT_EQ(svg->get_header_value("Content-Type"), "image/svg+xml");
  EXPECT_NE(svg->get_header_value("Content-Disposition").find("neo-cycle-value_chain_link.svg"), std::string::npos);
  EXPECT_NE(svg->body.find("<svg"), std::string::npos);
  EXPECT_NE(svg->body.find("Sister projects across the NEO-CYCLE value chain"), std::string::npos);
  size_t bars = 0;
  for (size_t i = svg->body.find("class=\"bar\""); i != std::string::npos; i = svg->body.find("class=\"bar\"", i + 1))
    ++bars;
  EXPECT_EQ(bars, 5u);

  auto csv = viewer.Get("/w/neo-cycle/charts/value_chain_link.csv");
  ASSERT_TRUE(csv);
  ASSERT_EQ(csv->status, 200);
  EXPECT_EQ(csv->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(csv->body,
            "\xEF\xBB\xBFValue-chain link,Projects\r\nResearch,5\r\nCollection phase,8\r\nRecycling phase,18\r\n"
            "Standardisation,6\r\nEnd-user,15\r\n");
  auto level = viewer.Get("/w/neo-cycle/charts/relevance.csv");
  EXPECT_EQ(level->body, "\xEF\xBB\xBFLevel,Projects\r\nLow,3\r\nMedium,4\r\nHigh,14\r\nVery high,8\r\n");

  auto stacked = viewer.Get("/w/neo-cycle/charts/topic_by_link.svg");
  ASSERT_TRUE(stacked);
  EXPECT_EQ(stacked->status, 200);
  EXPECT_NE(stacked->body.find("class=\"swatch\""), std::string::npos);
  auto cross = viewer.Get("/w/neo-cycle/charts/topic_by_link.csv");
  ASSERT_TRUE(cross);
  EXPECT_NE(cross->body.find("Topic,Research,Collection phase,Recycling phase,Standardisation,End-user,Total\r\n"),
            std::string::npos);
  for (const auto& dim : {"topic", "programme", "stage"}) {
    auto s = viewer.Get(std::string("/w/neo-cycle/charts/") + dim + ".svg");
    ASSERT_TRUE(s);
    EXPECT_EQ(s->status, 200) << dim;
  }
  auto bad = viewer.Get("/w/neo-cycle/charts/colour.svg");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 404);
  bad = viewer.Get("/w/neo-cycle/charts/topic.png");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 404);
}

TEST_F(ChartsHttpTest, NeedsMembership) {
  WebClient anon = Client();
  auto r = anon.Get("/w/neo-cycle/charts");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 303);
  WebClient editor = LoggedIn("editor@test");  // editor of neo-cycle only
  auto other = editor.Get("/w/i4-green/charts/topic.csv");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 403);
}

}  // namespace
}  // namespace corridor::testing
