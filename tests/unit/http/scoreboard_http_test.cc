// Issue 5 (scoreboard) through the real server: viewers read, editors score and close; a score
// without evidence or with an unknown region is refused naming region/dimension/field with the
// input kept; a closed round refuses writes; compare, map, radar data, outputs and the S3P page.
#include <regex>

#include "http_fixture.h"
#include "storage/assessment_store.h"

namespace corridor::testing {
namespace {

class ScoreboardHttpTest : public WebTest {
 protected:
  // The id of a round of a workspace by title.
  int64_t RoundId(const std::string& slug, const std::string& title) {
    auto c = db_->Acquire();
    auto v = c->Scalar("SELECT r.id FROM scoreboard_rounds r JOIN workspaces w ON w.id = r.workspace_id "
                       "WHERE w.slug = ? AND r.title = ?",
                       {slug, title});
    EXPECT_TRUE(v.ok() && v->has_value()) << title;
    return v.ok() && v->has_value() ? std::get<int64_t>(**v) : 0;
  }
  int64_t Count(const std::string& sql) {
    auto c = db_->Acquire();
    auto v = c->Scalar(sql);
    return v.ok() && v->has_value() ? std::get<int64_t>(**v) : -1;
  }
};

TEST_F(ScoreboardHttpTest, ViewersReadEditorsWrite) {
  int64_t round = RoundId("neo-cycle", "S3P screening (D11.4)");
  std::string url = "/w/neo-cycle/scoreboard/rounds/" + std::to_string(round);
  auto viewer = LoggedIn("viewer@test");
  auto list = viewer.Get("/w/neo-cycle/scoreboard");
  ASSERT_EQ(list->status, 200);
  EXPECT_NE(list->body.find("S3P screening (D11.4)"), std::string::npos);
  EXPECT_EQ(list->body.find("id=\"new-round\""), std::string::npos);  // no form for viewers
  auto page = viewer.Get(url);
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("Strategic leverage"), std::string::npos);
  EXPECT_NE(page->body.find("CRITICAL"), std::string::npos);
  EXPECT_NE(page->body.find("<details>"), std::string::npos);  // evidence on demand
  EXPECT_NE(page->body.find("data-radar=\""), std::string::npos);
  EXPECT_EQ(page->body.find("id=\"score-form\""), std::string::npos);
  auto denied = viewer.Post(url + "/scores", {{"region", "ES61"}, {"dimension", "operational-maturity"}, {"value", "2"},
                                              {"evidence", "x"}, {"sources", "ref"}});
  EXPECT_EQ(denied->status, 403);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM scoreboard_scores WHERE dimension_key = 'operational-maturity'"), 0);

  auto editor = LoggedIn("editor@test");
  auto form = editor.Get(url);
  EXPECT_NE(form->body.find("id=\"score-form\""), std::string::npos);
  auto no_csrf = editor.Post(url + "/scores", {{"region", "ES61"}, {"dimension", "operational-maturity"}, {"value", "3"},
                                               {"evidence", "Seville workshop mobilised actors."}, {"sources", "D11.4"}},
                             false);
  EXPECT_EQ(no_csrf->status, 403);
  auto ok = editor.Post(url + "/scores", {{"region", "ES61"}, {"dimension", "operational-maturity"}, {"value", "VERY HIGH"},
                                          {"evidence", "The first clustering workshop in Seville mobilised actors."},
                                          {"sources", "NEO-CYCLE D11.4, section 3.2\nhttps://example.org/seville"}});
  ASSERT_EQ(ok->status, 303);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM scoreboard_scores WHERE dimension_key = 'operational-maturity' AND value = 3"), 1);
  auto after = editor.Get(url);
  EXPECT_NE(after->body.find("The first clustering workshop in Seville mobilised actors."), std::string::npos);
  EXPECT_NE(after->body.find("href=\"https://example.org/seville\""), std::string::npos);
}

// The scoreboard's audit entries read like the others on the workspace history: dimensions and
// scales by name, scores by region and dimension, no stored JSON.
TEST_F(ScoreboardHttpTest, WorkspaceHistoryShowsScoreboardChangesAsText) {
  auto admin = LoggedIn("admin@test");
  auto h = admin.Get("/w/i4-green/history");
  ASSERT_EQ(h->status, 200);
  EXPECT_NE(h->body.find("Innovation capacity; Cluster ecosystem maturity; SME engagement and adoption"), std::string::npos);
  EXPECT_NE(h->body.find("1 = Nascent, 2 = Emerging, 3 = Developing, 4 = Advanced, 5 = Leading"), std::string::npos);
  EXPECT_NE(h->body.find("<td>Score ES41 / innovation-capacity</td>"), std::string::npos) << h->body.substr(0, 4000);
  EXPECT_NE(h->body.find("<td>Carried forward from</td>"), std::string::npos);
  EXPECT_NE(h->body.find("I4-GREEN regional benchmarking, 2025-04-29, After an event: Clustering"), std::string::npos);
  EXPECT_FALSE(std::regex_search(h->body, std::regex(R"((\[\{|&quot;\w+&quot;:))"))) << "raw JSON in the history";
  // Records are named as people know them, a round linked to its page.
  EXPECT_TRUE(std::regex_search(h->body, std::regex(R"re(<a href="/w/i4-green/scoreboard/rounds/\d+">Assessment round #\d+</a>)re")))
      << h->body.substr(0, 4000);
  EXPECT_EQ(h->body.find(">assessment_round<"), std::string::npos);
  auto neo = admin.Get("/w/neo-cycle/history");
  ASSERT_EQ(neo->status, 200);
  EXPECT_NE(neo->body.find("<td class=\"val\">Strategic leverage; Operational maturity</td>"), std::string::npos);
  EXPECT_FALSE(std::regex_search(neo->body, std::regex(R"((\[\{|&quot;\w+&quot;:))"))) << "raw JSON in the history";
}

TEST_F(ScoreboardHttpTest, RefusedScoresNameTheFieldAndKeepTheInput) {
  int64_t round = RoundId("neo-cycle", "S3P screening (D11.4)");
  std::string url = "/w/neo-cycle/scoreboard/rounds/" + std::to_string(round);
  auto editor = LoggedIn("editor@test");
  editor.RefreshCsrf(url);
  auto no_evidence = editor.Post(url + "/scores", {{"region", "ES61"}, {"dimension", "operational-maturity"},
                                                   {"value", "2"}, {"evidence", " "}, {"sources", "Kept source <b>"}});
  ASSERT_EQ(no_evidence->status, 400);
  EXPECT_NE(no_evidence->body.find("ES61 / operational-maturity: evidence: an evidence note (1-3 lines) is required"),
            std::string::npos);
  EXPECT_NE(no_evidence->body.find("Kept source &lt;b&gt;"), std::string::npos);  // kept, escaped
  auto four_lines = editor.Post(url + "/scores", {{"region", "ES61"}, {"dimension", "operational-maturity"},
                                                  {"value", "2"}, {"evidence", "a\nb\nc\nd"}, {"sources", "ref doc"}});
  ASSERT_EQ(four_lines->status, 400);
  EXPECT_NE(four_lines->body.find("evidence: at most 3 lines (4 given)"), std::string::npos);
  auto unknown = editor.Post(url + "/scores", {{"region", "ES61"}, {"region_other", "ZZ99"},
                                               {"dimension", "operational-maturity"}, {"value", "2"},
                                               {"evidence", "Note kept here"}, {"sources", "ref doc"}});
  ASSERT_EQ(unknown->status, 400);
  EXPECT_NE(unknown->body.find("ZZ99 / operational-maturity: region: &quot;ZZ99&quot; is not a NUTS 2021 code"),
            std::string::npos)
      << unknown->body.substr(0, 3000);
  EXPECT_NE(unknown->body.find("Note kept here"), std::string::npos);
  EXPECT_NE(unknown->body.find("value=\"ZZ99\""), std::string::npos);
  auto off_scale = editor.Post(url + "/scores", {{"region", "ES61"}, {"dimension", "operational-maturity"},
                                                 {"value", "huge"}, {"evidence", "x"}, {"sources", "ref doc"}});
  ASSERT_EQ(off_scale->status, 400);
  EXPECT_NE(off_scale->body.find("value: &quot;huge&quot; is not a number or a level of the scale"), std::string::npos);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM scoreboard_scores WHERE dimension_key = 'operational-maturity'"), 0);
}

TEST_F(ScoreboardHttpTest, ClosedRoundRefusesWritesAndCanBeCarriedForwardAndCompared) {
  int64_t round = RoundId("neo-cycle", "S3P screening (D11.4)");
  std::string url = "/w/neo-cycle/scoreboard/rounds/" + std::to_string(round);
  auto editor = LoggedIn("editor@test");
  editor.RefreshCsrf(url);
  auto closed = editor.Post(url + "/close", {});
  ASSERT_EQ(closed->status, 303);
  auto page = editor.Get(url);
  EXPECT_NE(page->body.find("id=\"closed-badge\""), std::string::npos);
  EXPECT_EQ(page->body.find("id=\"score-form\""), std::string::npos);
  int64_t before = Count("SELECT COUNT(*) FROM scoreboard_scores");
  auto refused = editor.Post(url + "/scores", {{"region", "ES61"}, {"dimension", "strategic-leverage"}, {"value", "1"},
                                               {"evidence", "Changed my mind."}, {"sources", "ref doc"}});
  ASSERT_EQ(refused->status, 409);
  EXPECT_NE(refused->body.find("round &quot;S3P screening (D11.4)&quot; was closed on "), std::string::npos);
  EXPECT_NE(refused->body.find("by Eddie Editor; open a new round"), std::string::npos);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM scoreboard_scores"), before);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM scoreboard_scores WHERE round_id = " + std::to_string(round) +
                  " AND region_code = 'ES61' AND dimension_key = 'strategic-leverage' AND value = 4"),
            1);

  editor.RefreshCsrf("/w/neo-cycle/scoreboard");
  auto dup = editor.Post("/w/neo-cycle/scoreboard/rounds",
                         {{"title", "S3P screening (D11.4)"}, {"date", "2026-08-27"}, {"trigger", "six-monthly"},
                          {"copy_from", std::to_string(round)}});
  EXPECT_EQ(dup->status, 409);
  EXPECT_NE(dup->body.find("value=\"2026-08-27\""), std::string::npos);  // kept
  auto next = editor.Post("/w/neo-cycle/scoreboard/rounds",
                          {{"title", "After Clusters Meet Regions"}, {"date", "2026-08-27"}, {"trigger", "event"},
                           {"event_title", "Clusters Meet Regions, Seville"}, {"copy_from", std::to_string(round)}});
  ASSERT_EQ(next->status, 303);
  int64_t round2 = RoundId("neo-cycle", "After Clusters Meet Regions");
  std::string url2 = "/w/neo-cycle/scoreboard/rounds/" + std::to_string(round2);
  editor.RefreshCsrf(url2);
  ASSERT_EQ(editor.Post(url2 + "/scores", {{"region", "ES41"}, {"dimension", "strategic-leverage"}, {"value", "4"},
                                           {"evidence", "Now leads the Mining partnership too."}, {"sources", "ref doc"}})
                ->status,
            303);
  auto cmp = editor.Get("/w/neo-cycle/scoreboard/compare?from=" + std::to_string(round) + "&to=" + std::to_string(round2));
  ASSERT_EQ(cmp->status, 200);
  EXPECT_NE(cmp->body.find("1 changed, 0 with new evidence only, 0 added, 0 removed"), std::string::npos);
  EXPECT_NE(cmp->body.find("Now leads the Mining partnership too."), std::string::npos);
  EXPECT_NE(cmp->body.find("VERY HIGH (3)"), std::string::npos);
  EXPECT_NE(cmp->body.find("CRITICAL (4)"), std::string::npos);
}

TEST_F(ScoreboardHttpTest, OutputsMapAndS3pCatalogue) {
  int64_t round = RoundId("i4-green", "D6.3 regional benchmarking");
  std::string url = "/w/i4-green/scoreboard/rounds/" + std::to_string(round);
  auto admin = LoggedIn("admin@test");
  auto page = admin.Get(url);
  ASSERT_EQ(page->status, 200);
  for (const char* region : {"Castilla y León", "Andalucía", "Extremadura", "Alentejo"})
    EXPECT_NE(page->body.find(region), std::string::npos) << region;
  auto xlsx = admin.Get(url + "/export?format=xlsx");
  ASSERT_EQ(xlsx->status, 200);
  EXPECT_EQ(xlsx->body.substr(0, 2), "PK");
  auto csv = admin.Get(url + "/export?format=csv");
  ASSERT_EQ(csv->status, 200);
  EXPECT_NE(csv->body.find("ES41,Castilla y León,innovation-capacity"), std::string::npos);
  EXPECT_NE(csv->get_header_value("Content-Disposition").find("i4-green-scoreboard-d6-3-regional-benchmarking.csv"),
            std::string::npos);
  auto html = admin.Get(url + "/export?format=html");
  EXPECT_NE(html->body.find("<svg"), std::string::npos);
  EXPECT_NE(html->body.find("class=\"radar\""), std::string::npos);
  auto note = admin.Get(url + "/export?format=md&region=PT18");
  ASSERT_EQ(note->status, 200);
  EXPECT_NE(note->body.find("# Sector note: Alentejo (PT18)"), std::string::npos);
  EXPECT_NE(note->body.find("**Strengths:** Smart-specialisation alignment"), std::string::npos);
  EXPECT_NE(note->body.find("data:image/svg+xml;base64,"), std::string::npos);
  EXPECT_EQ(admin.Get(url + "/export?format=md&region=ES99")->status, 404);
  EXPECT_EQ(admin.Get(url + "/export?format=exe")->status, 400);

  auto map = admin.Get(url + "/map?dimension=innovation-capacity");
  ASSERT_EQ(map->status, 200);
  EXPECT_NE(map->body.find("id=\"scoreboard-map\""), std::string::npos);
  EXPECT_NE(map->body.find("Andalucía (ES61): 3"), std::string::npos);
  EXPECT_EQ(admin.Get(url + "/map?dimension=nope")->status, 400);

  auto s3p = admin.Get("/w/neo-cycle/s3p");
  ASSERT_EQ(s3p->status, 200);
  std::smatch m;
  std::string body = s3p->body;
  ASSERT_TRUE(std::regex_search(body, m, std::regex("<tr class=\"selected\"><td class=\"num\">1</td><td>([^<]*) <span")));
  EXPECT_EQ(m[1].str(), "Andalucía");
  auto bad = admin.Post("/w/neo-cycle/s3p", {{"partnership", "Textiles"}, {"platform", "Industrial Modernisation"},
                                             {"region_codes", "ES61, XX99"}, {"priority", "HIGH"},
                                             {"synergies", "Kept synergy text"}});
  ASSERT_EQ(bad->status, 400);
  EXPECT_NE(bad->body.find("XX99"), std::string::npos);
  EXPECT_NE(bad->body.find("Kept synergy text"), std::string::npos);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM s3p_partnerships WHERE partnership = 'Textiles'"), 0);
}

TEST_F(ScoreboardHttpTest, CustomFrameworkUntilAClosedRoundUsesIt) {
  auto editor = LoggedIn("editor@test");
  auto list = editor.Get("/w/neo-cycle/scoreboard/frameworks");
  ASSERT_EQ(list->status, 200);
  EXPECT_NE(list->body.find("VERY HIGH"), std::string::npos);
  editor.RefreshCsrf("/w/neo-cycle/scoreboard/frameworks/new");
  auto bad = editor.Post("/w/neo-cycle/scoreboard/frameworks",
                         {{"key", "digital"}, {"name", "Digital readiness"}, {"dimensions", "Data Sharing | Data sharing"},
                          {"scale_kind", "numeric"}, {"min", "0"}, {"max", "100"}});
  ASSERT_EQ(bad->status, 400);
  EXPECT_NE(bad->body.find("dimensions[1].key"), std::string::npos);
  EXPECT_NE(bad->body.find("Digital readiness"), std::string::npos);
  auto ok = editor.Post("/w/neo-cycle/scoreboard/frameworks",
                        {{"key", "digital"}, {"name", "Digital readiness"},
                         {"dimensions", "data | Data sharing | How data flows\nskills | Digital skills"},
                         {"scale_kind", "numeric"}, {"min", "0"}, {"max", "100"}});
  ASSERT_EQ(ok->status, 303);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM scoreboard_frameworks WHERE key = 'digital'"), 1);
  int64_t id = Count("SELECT id FROM scoreboard_frameworks WHERE key = 'digital'");
  std::string edit = "/w/neo-cycle/scoreboard/frameworks/" + std::to_string(id);
  httplib::Params changed = {{"name", "Digital readiness 2"}, {"dimensions", "data | Data sharing"},
                             {"scale_kind", "levels"}, {"levels", "1 | Low | little\n2 | High | much"}, {"version", "1"}};
  auto saved = editor.Post(edit, changed);
  ASSERT_EQ(saved->status, 303);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM scoreboard_frameworks WHERE name = 'Digital readiness 2' AND version = 2"), 1);
  auto stale = editor.Post(edit, changed);  // still version 1: someone saved meanwhile
  EXPECT_EQ(stale->status, 409);
  EXPECT_NE(stale->body.find("was changed by someone else"), std::string::npos);
  auto viewer = LoggedIn("viewer@test");
  EXPECT_EQ(viewer.Get("/w/neo-cycle/scoreboard/frameworks/new")->status, 403);
}

}  // namespace
}  // namespace corridor::testing
