// Issue 3, list side, through the real server: list filters, segments, invitation lists
// (preview, save, mail-merge CSV and ICS), contacts import/export, the engagement matrix and the
// public transparency page, duplicates, and role checks.
#include <regex>

#include "http_fixture.h"
#include "reports/xlsx_writer.h"
#include "storage/consent_store.h"
#include "storage/stakeholder_store.h"

namespace corridor::testing {
namespace {

class StakeholderListHttpTest : public WebTest {
 protected:
  int64_t IdOfEmail(const std::string& email) {
    auto c = db_->Acquire();
    auto s = storage::StakeholderStore(*c).FindByEmail(neo_cycle_id_, email);
    EXPECT_TRUE(s.ok() && s->has_value()) << email;
    return s.ok() && *s ? (*s)->id : 0;
  }
  int64_t Count(const std::string& sql) {
    auto c = db_->Acquire();
    auto v = c->Scalar(sql);
    return v.ok() && *v ? std::get<int64_t>(**v) : -1;
  }
  static std::string Location(const httplib::Result& r) { return r->get_header_value("Location"); }
};

TEST_F(StakeholderListHttpTest, ListFiltersByTypeTierAndTextAndRefusesBadValues) {
  auto viewer = LoggedIn("viewer@test");
  auto all = viewer.Get("/w/neo-cycle/stakeholders");
  ASSERT_EQ(all->status, 200);
  EXPECT_NE(all->body.find("Paolo Bianchi"), std::string::npos);
  EXPECT_NE(all->body.find("data-matrix="), std::string::npos);
  EXPECT_EQ(all->body.find("Save as segment"), std::string::npos);  // viewers do not write
  auto ind = viewer.Get("/w/neo-cycle/stakeholders?type=industrial-actors");
  ASSERT_EQ(ind->status, 200);
  EXPECT_NE(ind->body.find("Paolo Bianchi"), std::string::npos);
  EXPECT_EQ(ind->body.find("Pieter de Vries"), std::string::npos);
  auto tier = viewer.Get("/w/neo-cycle/stakeholders?tier=keep-satisfied&q=nordic");
  EXPECT_NE(tier->body.find("Sofia Andersson"), std::string::npos);
  EXPECT_EQ(tier->body.find("Paolo Bianchi"), std::string::npos);
  auto bad = viewer.Get("/w/neo-cycle/stakeholders?tier=%3Cscript%3E");
  EXPECT_EQ(bad->status, 400);
  EXPECT_NE(bad->body.find("tier: &quot;&lt;script&gt;&quot;"), std::string::npos);
  EXPECT_EQ(bad->body.find("<script>"), std::string::npos);
  auto anon = Client().Get("/w/neo-cycle/stakeholders");
  EXPECT_EQ(anon->status, 303);  // to the login page
}

TEST_F(StakeholderListHttpTest, SegmentsArePredefinedAndSavedByEditorsOnly) {
  auto editor = LoggedIn("editor@test");
  auto page = editor.Get("/w/neo-cycle/segments");
  ASSERT_EQ(page->status, 200);
  for (const char* name : {"Policy-facing subgroup", "Industrial uptake subgroup", "Evidence-generation subgroup",
                           "Synergy subgroup"})
    EXPECT_NE(page->body.find(name), std::string::npos) << name;
  auto saved = editor.Post("/w/neo-cycle/segments",
                           {{"name", "NGOs <b>bold</b>"}, {"type", "ngos"}, {"consent", "contact"}});
  ASSERT_EQ(saved->status, 303);
  auto again = editor.Post("/w/neo-cycle/segments", {{"name", "ngos <B>BOLD</B>"}, {"type", "ngos"}});
  EXPECT_EQ(again->status, 409);
  page = editor.Get("/w/neo-cycle/segments");
  EXPECT_NE(page->body.find("NGOs &lt;b&gt;bold&lt;/b&gt;"), std::string::npos);
  auto forged = editor.Post("/w/neo-cycle/segments", {{"name", "x"}, {"_csrf", std::string(64, 'a')}}, false);
  EXPECT_EQ(forged->status, 403);
  auto viewer = LoggedIn("viewer@test");
  auto denied = viewer.Post("/w/neo-cycle/segments", {{"name", "mine"}, {"type", "ngos"}});
  EXPECT_EQ(denied->status, 403);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM segments WHERE name = 'mine'"), 0);
}

TEST_F(StakeholderListHttpTest, SegmentEditChangesNameDescriptionAndFilter) {
  auto editor = LoggedIn("editor@test");
  ASSERT_EQ(editor.Get("/w/neo-cycle/segments")->status, 200);  // seeds the predefined subgroups
  int64_t id = Count("SELECT id FROM segments WHERE name = 'Policy-facing subgroup'");
  ASSERT_GT(id, 0);
  std::string url = "/w/neo-cycle/segments/" + std::to_string(id);
  auto form = editor.Get(url + "/edit");
  ASSERT_EQ(form->status, 200) << form->body.substr(0, 2000);
  EXPECT_NE(form->body.find("value=\"Policy-facing subgroup\""), std::string::npos);
  EXPECT_NE(form->body.find("action=\"" + url + "\""), std::string::npos);
  auto saved = editor.Post(url, {{"name", "Policy makers <i>DE</i>"},
                                 {"description", "German ministries"},
                                 {"type", "policymakers"},
                                 {"country", "DE"},
                                 {"consent", "contact"}});
  ASSERT_EQ(saved->status, 303) << saved->body.substr(0, 1500);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM segments WHERE id = " + std::to_string(id) +
                  " AND name = 'Policy makers <i>DE</i>' AND description = 'German ministries' AND filter_json LIKE "
                  "'%\"DE\"%' AND filter_json LIKE '%policymakers%' AND filter_json LIKE '%contact%'"),
            1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE entity = 'segment' AND entity_id = " + std::to_string(id) +
                  " AND action = 'update'"),
            3) << "name, description and filter";
  auto page = editor.Get("/w/neo-cycle/segments");
  EXPECT_NE(page->body.find("Policy makers &lt;i&gt;DE&lt;/i&gt;"), std::string::npos);
  // Refusals keep the values sent and name the field.
  auto empty = editor.Post(url, {{"name", " "}, {"description", "kept"}});
  EXPECT_EQ(empty->status, 400);
  EXPECT_NE(empty->body.find("name: required"), std::string::npos);
  EXPECT_NE(empty->body.find(">kept</textarea>"), std::string::npos);
  auto clash = editor.Post(url, {{"name", "synergy SUBGROUP"}});
  EXPECT_EQ(clash->status, 409);
  auto bad = editor.Post(url, {{"name", "x"}, {"tier", "very-important"}});
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(editor.Get("/w/neo-cycle/segments/999999/edit")->status, 404);
  auto viewer = LoggedIn("viewer@test");
  EXPECT_EQ(viewer.Get(url + "/edit")->status, 403);
  EXPECT_EQ(viewer.Post(url, {{"name", "mine"}})->status, 403);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM segments WHERE name = 'mine'"), 0);
}

TEST_F(StakeholderListHttpTest, InvitationListPreviewSaveExportAndStatus) {
  int64_t paolo = IdOfEmail("p.bianchi@example.org");
  {  // Paolo withdraws; his name carries a formula the exports must neutralise.
    auto c = db_->Acquire();
    storage::Transaction tx(*c);
    ASSERT_TRUE(storage::ConsentStore(*c).Withdraw(neo_cycle_id_, paolo, "contact", "test", storage::Actor{}).ok());
    ASSERT_TRUE(tx.Commit().ok());
    ASSERT_TRUE(c->Exec("UPDATE stakeholders SET name = '=HYPERLINK(\"http://x\")' WHERE email = "
                        "'h.schmidt@example.org'").ok());
  }
  auto editor = LoggedIn("editor@test");
  ASSERT_EQ(editor.Get("/w/neo-cycle/segments")->status, 200);  // seeds the subgroups
  auto seg = Count("SELECT id FROM segments WHERE name = 'Industrial uptake subgroup'");
  std::string q = "/w/neo-cycle/invitations/new?segment=" + std::to_string(seg);
  auto preview = editor.Get(q);
  ASSERT_EQ(preview->status, 200);
  auto excluded = preview->body.substr(preview->body.find("id=\"excluded\""));
  EXPECT_NE(excluded.find("Paolo Bianchi"), std::string::npos);
  EXPECT_NE(excluded.find("consent withdrawn on"), std::string::npos);
  EXPECT_NE(excluded.find("e-mail not confirmed"), std::string::npos);
  auto included = preview->body.substr(preview->body.find("id=\"included\""));
  included = included.substr(0, included.find("id=\"excluded\""));
  EXPECT_EQ(included.find("Paolo Bianchi"), std::string::npos);

  auto no_why = editor.Post("/w/neo-cycle/invitations", {{"segment", std::to_string(seg)}, {"name", "Workshop"}});
  EXPECT_EQ(no_why->status, 400);
  EXPECT_NE(no_why->body.find("justification"), std::string::npos);
  auto everyone = editor.Post("/w/neo-cycle/invitations", {{"name", "All"}, {"justification", "x"}});
  EXPECT_EQ(everyone->status, 400);
  auto saved = editor.Post("/w/neo-cycle/invitations",
                           {{"segment", std::to_string(seg)},
                            {"name", "Catalyst validation, Seville"},
                            {"justification", "Industrial uptake subgroup (seed 2.2.1): feasibility checks"},
                            {"event_title", "Catalyst validation; workshop"},
                            {"event_start", "2026-03-10 09:30"},
                            {"event_end", "2026-03-10 17:00"},
                            {"event_place", "Seville, ES"}});
  ASSERT_EQ(saved->status, 303) << saved->body.substr(0, 2000);
  std::string url = Location(saved).substr(0, Location(saved).find('?'));
  auto show = editor.Get(url);
  ASSERT_EQ(show->status, 200);
  EXPECT_NE(show->body.find("Industrial uptake subgroup (seed 2.2.1)"), std::string::npos);

  auto csv = editor.Get(url + "/mailmerge.csv");
  ASSERT_EQ(csv->status, 200);
  EXPECT_NE(csv->get_header_value("Content-Type").find("text/csv"), std::string::npos);
  EXPECT_NE(csv->body.find("Email,Name,Organisation"), std::string::npos);
  EXPECT_NE(csv->body.find("'=HYPERLINK"), std::string::npos);  // formula guard
  EXPECT_EQ(csv->body.find("p.bianchi@example.org"), std::string::npos);
  auto ics = editor.Get(url + "/invitation.ics");
  ASSERT_EQ(ics->status, 200);
  EXPECT_NE(ics->body.find("BEGIN:VEVENT\r\n"), std::string::npos);
  EXPECT_NE(ics->body.find("DTSTART:20260310T093000\r\n"), std::string::npos);
  EXPECT_NE(ics->body.find("SUMMARY:Catalyst validation\\; workshop\r\n"), std::string::npos);
  EXPECT_NE(ics->body.find("mailto:t.leclerc@example.org"), std::string::npos);
  EXPECT_EQ(ics->body.find("p.bianchi@example.org"), std::string::npos);

  int64_t thomas = IdOfEmail("t.leclerc@example.org");
  auto viewer = LoggedIn("viewer@test");
  EXPECT_EQ(viewer.Post(url + "/status", {{"stakeholder", std::to_string(thomas)}, {"status", "declined"}})->status,
            403);
  auto st = editor.Post(url + "/status", {{"stakeholder", std::to_string(thomas)}, {"status", "declined"}});
  EXPECT_EQ(st->status, 303);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM invitations WHERE status = 'declined'"), 1);
  ics = editor.Get(url + "/invitation.ics");
  EXPECT_EQ(ics->body.find("t.leclerc@example.org"), std::string::npos);  // declined: no ATTENDEE
}

TEST_F(StakeholderListHttpTest, ContactImportPreviewsRowErrorsAndIsAllOrNothing) {
  auto editor = LoggedIn("editor@test");
  editor.RefreshCsrf("/w/neo-cycle/contacts");
  std::string csv =
      "Name,Organisation,E-mail,Country,Stakeholder type,Influence,Interest,Consent to contact\r\n"
      "Lena Vogel,Magnet GmbH,lena@magnet.de,de,Industrial actors,4,5,yes\r\n"
      "Bad Row,X,not-an-email,FR,ngos,9,1,yes\r\n"
      "Omar <script>alert(1)</script>,Y,omar@y.eu,ES,unknown-type,,,no\r\n";
  auto pv = editor.PostMultipart("/w/neo-cycle/contacts/import", {{"file", csv, "contacts.csv", "text/csv"}});
  ASSERT_EQ(pv->status, 200);
  EXPECT_NE(pv->body.find("row 3: influence"), std::string::npos);
  EXPECT_NE(pv->body.find("row 3: email"), std::string::npos) << pv->body.substr(pv->body.find("Errors"), 800);
  EXPECT_NE(pv->body.find("row 4: type"), std::string::npos);
  EXPECT_EQ(pv->body.find("<script>alert"), std::string::npos);
  std::smatch m;
  std::regex re(R"re(name="token" value="([0-9a-f]{64})")re");
  ASSERT_TRUE(std::regex_search(pv->body, m, re));
  std::string token = m[1];
  httplib::Params mapping = {{"token", token}, {"commit", "1"}};
  const char* targets[] = {"name", "organisation", "email", "country", "type", "influence", "interest", "consent_contact"};
  for (int i = 0; i < 8; ++i) mapping.emplace("map_" + std::to_string(i), targets[i]);
  auto refused = editor.Post("/w/neo-cycle/contacts/import", mapping);
  EXPECT_EQ(refused->status, 400);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM stakeholders WHERE email = 'lena@magnet.de'"), 0);  // nothing written
  mapping.emplace("skip_errors", "1");
  auto done = editor.Post("/w/neo-cycle/contacts/import", mapping);
  ASSERT_EQ(done->status, 303) << done->body.substr(0, 1500);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM stakeholders WHERE email = 'lena@magnet.de' AND source = 'import'"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM consents c JOIN stakeholders s ON s.id = c.stakeholder_id WHERE s.email = "
                  "'lena@magnet.de' AND c.source = 'import: contacts.csv' AND c.confirmed_at IS NOT NULL"),
            1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM stakeholders WHERE email = 'omar@y.eu'"), 0);

  auto viewer = LoggedIn("viewer@test");
  viewer.RefreshCsrf("/w/neo-cycle/contacts");
  EXPECT_EQ(viewer.PostMultipart("/w/neo-cycle/contacts/import", {{"file", csv, "c.csv", "text/csv"}})->status, 403);
  auto exported = viewer.Get("/w/neo-cycle/contacts/export.csv?type=industrial-actors");
  ASSERT_EQ(exported->status, 200);
  EXPECT_NE(exported->body.find("lena@magnet.de"), std::string::npos);
  EXPECT_EQ(exported->body.find("p.devries@example.org"), std::string::npos);
  auto xlsx = viewer.Get("/w/neo-cycle/contacts/export.xlsx");
  ASSERT_EQ(xlsx->status, 200);
  EXPECT_EQ(xlsx->body.substr(0, 2), "PK");
}

TEST_F(StakeholderListHttpTest, EngagementMatrixEditedByEditorsAndShownPublicly) {
  auto pub = Client().Get("/w/neo-cycle/transparency");
  ASSERT_EQ(pub->status, 200);
  EXPECT_NE(pub->body.find("Public authorities and policymakers"), std::string::npos);
  EXPECT_NE(pub->get_header_value("Content-Security-Policy").find("script-src 'none'"), std::string::npos);
  auto editor = LoggedIn("editor@test");
  auto page = editor.Get("/w/neo-cycle/engagement");
  ASSERT_EQ(page->status, 200);
  auto id = Count("SELECT MIN(id) FROM engagement_matrix");
  auto saved = editor.Post("/w/neo-cycle/engagement/" + std::to_string(id),
                           {{"group", "Regulators <script>x</script>"}, {"type", "policymakers"},
                            {"role", "Translate evidence"}, {"value", "Evidence"}, {"objectives", "Validate"}});
  EXPECT_EQ(saved->status, 303);
  pub = Client().Get("/w/neo-cycle/transparency");
  EXPECT_NE(pub->body.find("Regulators &lt;script&gt;x&lt;/script&gt;"), std::string::npos);
  auto empty = editor.Post("/w/neo-cycle/engagement/" + std::to_string(id), {{"group", ""}});
  EXPECT_EQ(empty->status, 400);
  auto viewer = LoggedIn("viewer@test");
  EXPECT_EQ(viewer.Post("/w/neo-cycle/engagement/" + std::to_string(id), {{"group", "mine"}})->status, 403);
}

TEST_F(StakeholderListHttpTest, XlsxContactImportFlagsPossibleDuplicates) {
  // A workbook as a spreadsheet program writes it; Paolo Bianchi of the demo data comes back
  // under another address.
  reports::Table t;
  t.title = "Contacts";
  for (const char* h : {"Name", "Organisation", "E-mail", "Country", "Consent to contact"})
    t.columns.push_back({h, h, reports::ColumnKind::kText, ""});
  t.rows = {{"Paolo Bianchi", "PharmaChem Italia (demo)", "paolo@pharmachem.it", "it", "yes"},
            {"Ines Duarte", "Lisbon Metals", "ines@lisbon-metals.pt", "PT", "no"}};
  auto bytes = reports::WriteXlsx(t);
  ASSERT_TRUE(bytes.ok()) << bytes.status().message();
  auto editor = LoggedIn("editor@test");
  editor.RefreshCsrf("/w/neo-cycle/contacts");
  auto pv = editor.PostMultipart("/w/neo-cycle/contacts/import",
                                 {{"file", *bytes, "contacts.xlsx",
                                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}});
  ASSERT_EQ(pv->status, 200) << pv->body.substr(0, 1500);
  int64_t demo = IdOfEmail("p.bianchi@example.org");
  EXPECT_NE(pv->body.find("<strong>2</strong> to create"), std::string::npos) << pv->body.substr(0, 3000);
  EXPECT_NE(pv->body.find("possible duplicate of #" + std::to_string(demo) + " Paolo Bianchi"), std::string::npos);
  std::smatch m;
  std::regex re(R"re(name="token" value="([0-9a-f]{64})")re");
  ASSERT_TRUE(std::regex_search(pv->body, m, re));
  httplib::Params mapping = {{"token", m[1]}, {"commit", "1"}};
  const char* targets[] = {"name", "organisation", "email", "country", "consent_contact"};
  for (int i = 0; i < 5; ++i) mapping.emplace("map_" + std::to_string(i), targets[i]);
  auto done = editor.Post("/w/neo-cycle/contacts/import", mapping);
  ASSERT_EQ(done->status, 303) << done->body.substr(0, 1500);
  auto notice = editor.Get(Location(done));
  ASSERT_EQ(notice->status, 200);
  EXPECT_NE(notice->body.find("1 flagged as possible duplicate"), std::string::npos) << Location(done);
  int64_t paolo = IdOfEmail("paolo@pharmachem.it");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM stakeholders WHERE email = 'ines@lisbon-metals.pt' AND country = 'PT' AND "
                  "source = 'import'"),
            1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM consents WHERE stakeholder_id = " + std::to_string(paolo) +
                  " AND source = 'import: contacts.xlsx' AND confirmed_at IS NOT NULL"),
            1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM stakeholder_duplicate_flags WHERE stakeholder_id = " + std::to_string(paolo) +
                  " AND other_id = " + std::to_string(demo) + " AND source = 'import'"),
            1);
  auto page = editor.Get("/w/neo-cycle/duplicates");
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("flagged at import"), std::string::npos);
}

TEST_F(StakeholderListHttpTest, DuplicatesAreMergedFieldByField) {
  {
    auto c = db_->Acquire();
    storage::Transaction tx(*c);
    domain::Stakeholder s;
    s.workspace_id = neo_cycle_id_;
    s.name = "Paolo Bianchi";
    s.organisation = "PharmaChem Italia (demo)";
    s.email = "paolo@pharmachem.it";
    s.country = "IT";
    ASSERT_TRUE(storage::StakeholderStore(*c).Create(s, storage::Actor{}).ok());
    ASSERT_TRUE(tx.Commit().ok());
  }
  int64_t a = IdOfEmail("p.bianchi@example.org"), b = IdOfEmail("paolo@pharmachem.it");
  auto editor = LoggedIn("editor@test");
  auto page = editor.Get("/w/neo-cycle/duplicates");
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("similar name and organisation"), std::string::npos);
  auto merge = editor.Get("/w/neo-cycle/duplicates/merge?a=" + std::to_string(a) + "&b=" + std::to_string(b));
  ASSERT_EQ(merge->status, 200);
  auto done = editor.Post("/w/neo-cycle/duplicates/merge",
                          {{"a", std::to_string(a)}, {"b", std::to_string(b)}, {"keep", "a"}, {"f_email", "b"}});
  ASSERT_EQ(done->status, 303) << done->body.substr(0, 1000);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM stakeholders WHERE id = " + std::to_string(a) +
                  " AND email = 'paolo@pharmachem.it'"),
            1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM stakeholders WHERE id = " + std::to_string(b) + " AND status = 'merged'"), 1);
  auto viewer = LoggedIn("viewer@test");
  EXPECT_EQ(viewer.Get("/w/neo-cycle/duplicates")->status, 403);
}

}  // namespace
}  // namespace corridor::testing
