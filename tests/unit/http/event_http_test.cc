// Clustering event pages (issue 4): roles and CSRF, the form's refusals keeping the input, the
// evidence forms (agenda, participants, minutes, attachments, actions), safe minutes, the
// incomplete-evidence and follow-up pages. Runs on the engine of the pass (both in make test).
#include <string>

#include "core/strings.h"
#include "domain/event.h"
#include "http_fixture.h"
#include "web/handlers/event_common.h"

namespace corridor::testing {
namespace {

std::string Location(const httplib::Result& r) { return r ? r->get_header_value("Location") : ""; }
bool Has(const std::string& body, const std::string& s) { return body.find(s) != std::string::npos; }

class EventHttpTest : public WebTest {
 protected:
  httplib::Params EventForm(const std::string& title, const std::string& start, const std::string& end,
                            const std::string& status = "held") {
    return {{"title", title},       {"kind", "project-led"},       {"purpose", "cooperation-activation"},
            {"mode", "hybrid"},     {"status", status},            {"start_date", start},
            {"end_date", end},      {"place", "Seville, Spain"},   {"organiser", "ISMC, ECOCastulum"},
            {"expected_outputs", "Follow-up actions list"}};
  }
  // Creates an event as `c` and returns its page URL ("/w/neo-cycle/events/7").
  std::string Create(WebClient& c, const httplib::Params& form) {
    auto r = c.Post("/w/neo-cycle/events", form);
    EXPECT_TRUE(r && r->status == 303) << (r ? r->body.substr(0, 1500) : "no response");
    std::string loc = Location(r);
    return loc.substr(0, loc.find('?'));
  }
  int64_t Count(const std::string& sql) {
    auto c = db_->Acquire();
    auto v = c->Scalar(sql);
    if (!v.ok() || !v->has_value()) return -1;
    const auto& x = **v;
    if (std::holds_alternative<int64_t>(x)) return std::get<int64_t>(x);
    if (std::holds_alternative<std::string>(x)) return std::stoll(std::get<std::string>(x));
    return -1;
  }
};

TEST_F(EventHttpTest, ListTimelineAndRoles) {
  auto viewer = LoggedIn("viewer@test");
  auto list = viewer.Get("/w/neo-cycle/events");
  ASSERT_EQ(list->status, 200) << list->body.substr(0, 2000);
  EXPECT_TRUE(Has(list->body, "Timeline"));
  EXPECT_TRUE(Has(list->body, "href=\"/w/neo-cycle/events\">Events</a>"));  // the nav link
  // Viewers read but never write: the form and every POST are refused.
  EXPECT_EQ(viewer.Get("/w/neo-cycle/events/new")->status, 403);
  auto refused = viewer.Post("/w/neo-cycle/events", EventForm("Viewer event", "2031-05-04", ""));
  EXPECT_EQ(refused->status, 403);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM events WHERE title = 'Viewer event'"), 0);
  // Not logged in: to the login page.
  auto anon = Client().Get("/w/neo-cycle/events");
  EXPECT_TRUE(anon->status == 303 || anon->status == 401 || anon->status == 403);

  auto editor = LoggedIn("editor@test");
  // CSRF: a POST without the token is refused and writes nothing.
  auto no_csrf = editor.Post("/w/neo-cycle/events", EventForm("No token", "2031-05-04", ""), false);
  EXPECT_EQ(no_csrf->status, 403);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM events WHERE title = 'No token'"), 0);

  std::string url = Create(editor, EventForm("Third clustering event", "2031-05-04", "2031-05-05", "planned"));
  ASSERT_FALSE(url.empty());
  auto page = viewer.Get(url);
  ASSERT_EQ(page->status, 200);
  EXPECT_TRUE(Has(page->body, "Third clustering event"));
  EXPECT_TRUE(Has(page->body, "Evidence missing: agenda, participant list, minutes, action list"));
  EXPECT_FALSE(Has(page->body, "id=\"agenda-form\""));  // no edit forms for a viewer
  // Filters: by status and text; a bad filter value is named.
  auto filtered = viewer.Get("/w/neo-cycle/events?status=planned&q=Third");
  EXPECT_TRUE(Has(filtered->body, "Third clustering event"));
  auto held = viewer.Get("/w/neo-cycle/events?status=held&q=Third");
  EXPECT_FALSE(Has(held->body.substr(held->body.find("id=\"events\"")), "Third clustering event"));
  auto bad = viewer.Get("/w/neo-cycle/events?from=2031-13-40");
  EXPECT_EQ(bad->status, 400);
  EXPECT_TRUE(Has(bad->body, "from: "));
}

TEST_F(EventHttpTest, DatesOutOfOrderAreRefusedWithTheInputKept) {
  auto editor = LoggedIn("editor@test");
  auto r = editor.Post("/w/neo-cycle/events", EventForm("Backwards <workshop>", "2031-03-04", "2031-03-01"));
  ASSERT_EQ(r->status, 400);
  EXPECT_TRUE(Has(r->body, "end_date: 2031-03-01 is before the start date 2031-03-04")) << r->body.substr(0, 3000);
  EXPECT_TRUE(Has(r->body, "value=\"Backwards &lt;workshop&gt;\""));  // kept, escaped
  EXPECT_TRUE(Has(r->body, "value=\"ISMC, ECOCastulum\""));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM events WHERE title LIKE 'Backwards%'"), 0);
  // An unknown stakeholder e-mail is named, nothing saved.
  auto form = EventForm("Unknown person", "2031-03-04", "");
  form.emplace("stakeholder_emails", "nobody@nowhere.example");
  auto u = editor.Post("/w/neo-cycle/events", form);
  ASSERT_EQ(u->status, 400);
  EXPECT_TRUE(Has(u->body, "nobody@nowhere.example"));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM events WHERE title = 'Unknown person'"), 0);

  // Editing with a stale version: 409 naming the change, input kept.
  std::string url = Create(editor, EventForm("Versioned", "2031-03-04", ""));
  auto f1 = EventForm("Versioned v2", "2031-03-04", "");
  f1.emplace("version", "1");
  ASSERT_EQ(editor.Post(url, f1)->status, 303);
  auto f2 = EventForm("Versioned stale", "2031-03-04", "");
  f2.emplace("version", "1");
  auto stale = editor.Post(url, f2);
  EXPECT_EQ(stale->status, 409);
  EXPECT_TRUE(Has(stale->body, "value=\"Versioned stale\""));
}

TEST_F(EventHttpTest, EvidenceMakesTheEventCompleteAndScriptStaysInert) {
  auto editor = LoggedIn("editor@test");
  std::string url = Create(editor, EventForm("Evidence event", "2031-06-10", ""));
  ASSERT_FALSE(url.empty());
  editor.RefreshCsrf(url);
  // Agenda: a bad time is refused beside the form with the input kept.
  auto bad_agenda = editor.Post(url + "/agenda", {{"title", "Opening"}, {"start_time", "25:99"}});
  EXPECT_EQ(bad_agenda->status, 400);
  EXPECT_TRUE(Has(bad_agenda->body, "value=\"Opening\""));
  ASSERT_EQ(editor.Post(url + "/agenda", {{"title", "Strategic alignment"}, {"start_time", "09:30"}, {"speaker", "ISMC"}})->status, 303);
  // Participants: a walk-in, checked in.
  ASSERT_EQ(editor.Post(url + "/participants", {{"name", "Walk In"}, {"organisation", "ACME"}, {"country", "es"}, {"checked_in", "1"}})->status, 303);
  auto dup = editor.Post(url + "/participants", {{"name", "Nameless"}, {"email", "bad-address"}});
  EXPECT_EQ(dup->status, 400);
  EXPECT_TRUE(Has(dup->body, "email"));
  EXPECT_TRUE(Has(dup->body, "value=\"Nameless\""));
  // Minutes with hostile content.
  auto page = editor.Get(url);
  std::smatch m;
  std::regex ver(R"re(name="version" value="(\d+)")re");
  ASSERT_TRUE(std::regex_search(page->body, m, ver));
  std::string hostile = "# Notes\n<script>alert('x')</script>\n\n[click](javascript:alert(1)) <img src=x onerror=alert(2)>\n\n- **agreed** next steps";
  ASSERT_EQ(editor.Post(url + "/minutes", {{"minutes", hostile}, {"version", m[1]}})->status, 303);
  // A stale version is refused and the typed minutes are kept.
  auto stale = editor.Post(url + "/minutes", {{"minutes", "lost?"}, {"version", m[1]}});
  EXPECT_EQ(stale->status, 409);
  EXPECT_TRUE(Has(stale->body, ">lost?</textarea>"));
  // Actions: an unknown responsible person is refused, input kept; a member is accepted.
  auto unknown = editor.Post(url + "/actions", {{"description", "Send the summary"}, {"responsible", "Nobody Known"}, {"due_date", "2031-07-01"}});
  EXPECT_EQ(unknown->status, 400);
  EXPECT_TRUE(Has(unknown->body, "responsible: no workspace member or stakeholder matches"));
  EXPECT_TRUE(Has(unknown->body, "value=\"Send the summary\""));
  ASSERT_EQ(editor.Post(url + "/actions", {{"description", "Send the summary"}, {"responsible", "editor@test"}, {"due_date", "2031-07-01"}})->status, 303);

  page = editor.Get(url);
  ASSERT_EQ(page->status, 200);
  const std::string& b = page->body;
  EXPECT_TRUE(Has(b, "Evidence complete"));
  EXPECT_TRUE(Has(b, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
  EXPECT_FALSE(Has(b, "<script>alert"));
  EXPECT_FALSE(Has(b, "<img src=x"));
  EXPECT_FALSE(Has(b, "href=\"javascript:"));
  EXPECT_TRUE(Has(b, "<strong>agreed</strong>"));
  EXPECT_TRUE(Has(b, "Eddie Editor"));
  EXPECT_TRUE(Has(b, "<strong id=\"checked-in-count\">1</strong>"));

  // The evidence pack: inert too, with a policy that forbids scripts.
  auto pack = editor.Get(url + "/pack");
  ASSERT_EQ(pack->status, 200);
  EXPECT_TRUE(Has(pack->get_header_value("Content-Security-Policy"), "script-src 'none'"));
  EXPECT_FALSE(Has(pack->body, "<script"));
  EXPECT_TRUE(Has(pack->body, "&lt;script&gt;"));
  EXPECT_TRUE(Has(pack->body, "Complete</span> all four minimum items"));
  EXPECT_TRUE(Has(pack->body, "Strategic alignment"));
  EXPECT_TRUE(Has(pack->body, "Walk In"));
  EXPECT_TRUE(Has(pack->body, "Send the summary"));
  EXPECT_TRUE(Has(pack->body, "@media print"));
  auto dl = editor.Get(url + "/pack?download=1");
  EXPECT_TRUE(Has(dl->get_header_value("Content-Disposition"), "attachment"));

  // Close the action: closed_at recorded; reopen clears it.
  auto aid = Count("SELECT id FROM event_actions WHERE description = 'Send the summary'");
  ASSERT_GT(aid, 0);
  ASSERT_EQ(editor.Post(url + "/actions/" + std::to_string(aid) + "/close", {{"status", "done"}})->status, 303);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM event_actions WHERE id = " + std::to_string(aid) + " AND status = 'done' AND closed_at <> ''"), 1);
  ASSERT_EQ(editor.Post(url + "/actions/" + std::to_string(aid) + "/reopen", {})->status, 303);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM event_actions WHERE id = " + std::to_string(aid) + " AND status = 'open' AND closed_at = ''"), 1);
  // Follow-up lists it under the person and closes it from there.
  auto follow = editor.Get("/w/neo-cycle/events/follow-up");
  ASSERT_EQ(follow->status, 200);
  EXPECT_TRUE(Has(follow->body, "Send the summary"));
  auto closed = editor.Post(url + "/actions/" + std::to_string(aid) + "/close", {{"status", "done"}, {"back", "followup"}});
  EXPECT_EQ(closed->status, 303);
  EXPECT_TRUE(Has(Location(closed), "/events/follow-up"));
  EXPECT_FALSE(Has(editor.Get("/w/neo-cycle/events/follow-up")->body, "Send the summary"));
  // Every write is audited.
  EXPECT_GE(Count("SELECT COUNT(*) FROM audit_log WHERE entity LIKE 'event%'"), 6);
}

TEST_F(EventHttpTest, IncompleteHeldEventsOldestFirst) {
  auto editor = LoggedIn("editor@test");
  Create(editor, EventForm("Newer incomplete", "2031-09-01", ""));
  Create(editor, EventForm("Older incomplete", "2031-01-01", ""));
  Create(editor, EventForm("Planned, not listed", "2031-02-01", "", "planned"));
  auto r = editor.Get("/w/neo-cycle/events/incomplete");
  ASSERT_EQ(r->status, 200);
  size_t older = r->body.find("Older incomplete"), newer = r->body.find("Newer incomplete");
  ASSERT_NE(older, std::string::npos);
  ASSERT_NE(newer, std::string::npos);
  EXPECT_LT(older, newer);
  EXPECT_FALSE(Has(r->body, "Planned, not listed"));
  EXPECT_TRUE(Has(r->body, "agenda, participant list, minutes, action list"));
}

TEST_F(EventHttpTest, AttachmentsAreLimitedTypedAndDownloadedSafely) {
  auto editor = LoggedIn("editor@test");
  std::string url = Create(editor, EventForm("Files", "2031-06-10", ""));
  editor.RefreshCsrf(url);
  std::string big(static_cast<size_t>(domain::kMaxAttachmentBytes) + 1, 'a');
  auto too_big = editor.PostMultipart(url + "/attachments", {{"file", big, "minutes.txt", "text/plain"}, {"label", "minutes", "", ""}});
  EXPECT_EQ(too_big->status, 413);
  EXPECT_TRUE(Has(too_big->body, "minutes.txt"));
  EXPECT_TRUE(Has(too_big->body, "10 MB"));
  auto mistyped = editor.PostMultipart(url + "/attachments", {{"file", "not a pdf at all", "report.pdf", "application/pdf"}, {"label", "other", "", ""}});
  EXPECT_EQ(mistyped->status, 400);
  EXPECT_TRUE(Has(mistyped->body, "report.pdf"));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM event_attachments"), 0);
  // An HTML file is not an allowed type: it could run in the site's origin.
  auto html = editor.PostMultipart(url + "/attachments", {{"file", "<script>alert(1)</script>", "x.html", "text/html"}, {"label", "other", "", ""}});
  EXPECT_EQ(html->status, 400);
  auto ok = editor.PostMultipart(url + "/attachments", {{"file", "Minutes of the meeting\n", "minutes.txt", "text/plain"}, {"label", "minutes", "", ""}});
  ASSERT_EQ(ok->status, 303) << ok->body.substr(0, 2000);
  auto aid = Count("SELECT id FROM event_attachments WHERE filename = 'minutes.txt'");
  ASSERT_GT(aid, 0);
  auto viewer = LoggedIn("viewer@test");
  auto dl = viewer.Get(url + "/attachments/" + std::to_string(aid));
  ASSERT_EQ(dl->status, 200);
  EXPECT_EQ(dl->body, "Minutes of the meeting\n");
  EXPECT_TRUE(Has(dl->get_header_value("Content-Disposition"), "attachment; filename=\"minutes.txt\""));
  EXPECT_EQ(dl->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_TRUE(Has(dl->get_header_value("Content-Type"), "text/plain"));
  auto page = viewer.Get(url);
  // SHA-256 of the content is shown; an attachment labelled minutes counts as minutes.
  EXPECT_TRUE(Has(page->body, "<code class=\"hash\">" + strings::Sha256Hex("Minutes of the meeting\n") + "</code>"));
  EXPECT_TRUE(Has(page->body, "✓ Minutes"));
}

TEST_F(EventHttpTest, ParticipantUploadPreviewsBadRowsAndWritesNothingUntilConfirmed) {
  auto editor = LoggedIn("editor@test");
  std::string url = Create(editor, EventForm("Upload", "2031-06-10", ""));
  editor.RefreshCsrf(url);
  std::string csv = "Full name,E-mail,Affiliation,Country\nAna Lopez,ana@example.org,UniSev,ES\n,nobody@example.org,X,FR\nBen Ode,not-an-email,Y,DE\n";
  auto preview = editor.PostMultipart(url + "/participants/upload", {{"file", csv, "people.csv", "text/csv"}});
  ASSERT_EQ(preview->status, 400) << preview->body.substr(0, 2000);
  EXPECT_TRUE(Has(preview->body, "line 3"));
  EXPECT_TRUE(Has(preview->body, "line 4"));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM event_participants p JOIN events e ON e.id = p.event_id WHERE e.title = 'Upload'"), 0);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(preview->body, m, std::regex(R"re(name="content_b64" value="([^"]*)")re")));
  // Confirm without skipping: still refused, nothing written.
  auto again = editor.Post(url + "/participants/upload", {{"filename", "people.csv"}, {"content_b64", m[1]}, {"confirm", "1"}});
  EXPECT_EQ(again->status, 400);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM event_participants p JOIN events e ON e.id = p.event_id WHERE e.title = 'Upload'"), 0);
  auto done = editor.Post(url + "/participants/upload",
                          {{"filename", "people.csv"}, {"content_b64", m[1]}, {"confirm", "1"}, {"skip_bad_rows", "1"}});
  ASSERT_EQ(done->status, 303) << done->body.substr(0, 2000);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM event_participants p JOIN events e ON e.id = p.event_id WHERE e.title = 'Upload'"), 1);
  // A file that is not CSV/.xlsx is refused by name.
  auto wrong = editor.PostMultipart(url + "/participants/upload", {{"file", "%PDF-1.4 xx", "people.pdf", "application/pdf"}});
  EXPECT_EQ(wrong->status, 400);
}

TEST_F(EventHttpTest, CreateFromAnInvitationListAndCheckIn) {
  auto editor = LoggedIn("editor@test");
  ASSERT_EQ(editor.Get("/w/neo-cycle/segments")->status, 200);  // seeds the subgroups
  auto seg = Count("SELECT id FROM segments WHERE name = 'Industrial uptake subgroup'");
  ASSERT_GT(seg, 0);
  editor.RefreshCsrf("/w/neo-cycle/invitations/new");
  auto saved = editor.Post("/w/neo-cycle/invitations", {{"segment", std::to_string(seg)},
                                                         {"name", "Workshop list"},
                                                         {"justification", "Industrial uptake subgroup"},
                                                         {"event_title", "Catalyst workshop"},
                                                         {"event_start", "2031-03-10 09:30"},
                                                         {"event_end", "2031-03-10 17:00"},
                                                         {"event_place", "Seville, ES"}});
  ASSERT_EQ(saved->status, 303);
  auto list_id = Count("SELECT id FROM invitation_lists WHERE name = 'Workshop list'");
  auto invited = Count("SELECT COUNT(*) FROM invitations WHERE list_id = " + std::to_string(list_id));
  ASSERT_GT(invited, 0);
  auto form = editor.Get("/w/neo-cycle/events/new?list=" + std::to_string(list_id));
  ASSERT_EQ(form->status, 200);
  EXPECT_TRUE(Has(form->body, "value=\"Catalyst workshop\""));
  EXPECT_TRUE(Has(form->body, "value=\"2031-03-10\""));
  EXPECT_TRUE(Has(form->body, "value=\"09:30\""));
  auto f = EventForm("Catalyst workshop", "2031-03-10", "", "held");
  f.emplace("invitation_list", std::to_string(list_id));
  std::string url = Create(editor, f);
  ASSERT_FALSE(url.empty());
  auto event_id = url.substr(url.rfind('/') + 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM event_participants WHERE event_id = " + event_id), invited);
  auto pid = Count("SELECT MIN(id) FROM event_participants WHERE event_id = " + event_id);
  editor.RefreshCsrf(url);
  ASSERT_EQ(editor.Post(url + "/participants/" + std::to_string(pid) + "/checkin", {{"checked_in", "1"}})->status, 303);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM event_participants WHERE checked_in_at <> '' AND id = " + std::to_string(pid)), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM invitations i JOIN event_participants p ON p.invitation_id = i.id WHERE p.id = " +
                  std::to_string(pid) + " AND i.status = 'attended'"),
            1);
  ASSERT_EQ(editor.Post(url + "/participants/" + std::to_string(pid) + "/checkin", {{"checked_in", "0"}})->status, 303);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM event_participants WHERE checked_in_at <> '' AND id = " + std::to_string(pid)), 0);
  // Undo puts the invitation back to what it was before the check-in ("invited"), not "accepted".
  EXPECT_EQ(Count("SELECT COUNT(*) FROM invitations i JOIN event_participants p ON p.invitation_id = i.id WHERE p.id = " +
                  std::to_string(pid) + " AND i.status = 'invited'"),
            1);
  // Checking in from a filtered table comes back to the same filter.
  auto back = editor.Post(url + "/participants/" + std::to_string(pid) + "/checkin?pq=Smith&pshow=out", {{"checked_in", "1"}});
  ASSERT_EQ(back->status, 303);
  EXPECT_TRUE(Has(Location(back), "&pq=Smith&pshow=out#participant-" + std::to_string(pid))) << Location(back);
  // The participant filter narrows the table but the counts cover everyone.
  auto filtered = editor.Get(url + "?pq=zzzz-nobody");
  EXPECT_TRUE(Has(filtered->body, "<strong>" + std::to_string(invited) + "</strong> listed"));
  EXPECT_TRUE(Has(filtered->body, "Nobody matches"));
}

TEST_F(EventHttpTest, AgendaItemsAndActionsAreEditedAndReordered) {
  auto editor = LoggedIn("editor@test");
  std::string url = Create(editor, EventForm("Editing event", "2031-07-01", ""));
  ASSERT_FALSE(url.empty());
  auto event_id = url.substr(url.rfind('/') + 1);
  editor.RefreshCsrf(url);
  for (const char* t : {"Opening", "Panel", "Closing"})
    ASSERT_EQ(editor.Post(url + "/agenda", {{"title", t}, {"start_time", "09:00"}})->status, 303);
  auto item = [&](const std::string& title) {
    return std::to_string(Count("SELECT id FROM event_agenda_items WHERE event_id = " + event_id + " AND title = '" + title + "'"));
  };
  // The edit form opens with the stored values.
  auto form = editor.Get(url + "?edit_agenda=" + item("Panel"));
  ASSERT_EQ(form->status, 200);
  EXPECT_TRUE(Has(form->body, "id=\"agenda-edit-form\""));
  EXPECT_TRUE(Has(form->body, "value=\"Panel\""));
  // A bad time is refused naming the field, the form stays open with the input kept.
  auto bad = editor.Post(url + "/agenda/" + item("Panel"), {{"title", "Panel <b>renamed</b>"}, {"start_time", "9h"}});
  ASSERT_EQ(bad->status, 400);
  EXPECT_TRUE(Has(bad->body, "start_time")) << bad->body.substr(0, 2000);
  EXPECT_TRUE(Has(bad->body, "id=\"agenda-edit-form\""));
  EXPECT_TRUE(Has(bad->body, "value=\"Panel &lt;b&gt;renamed&lt;/b&gt;\""));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM event_agenda_items WHERE title LIKE 'Panel %'"), 0);
  ASSERT_EQ(editor.Post(url + "/agenda/" + item("Panel"),
                        {{"title", "Panel discussion"}, {"start_time", "10:15"}, {"speaker", "ECOCastulum"}})
                ->status,
            303);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM event_agenda_items WHERE title = 'Panel discussion' AND start_time = '10:15'"
                  " AND speaker = 'ECOCastulum'"),
            1);
  // Reorder: "Closing" up twice comes first; moving the first up changes nothing.
  ASSERT_EQ(editor.Post(url + "/agenda/" + item("Closing") + "/move", {{"dir", "up"}})->status, 303);
  ASSERT_EQ(editor.Post(url + "/agenda/" + item("Closing") + "/move", {{"dir", "up"}})->status, 303);
  ASSERT_EQ(editor.Post(url + "/agenda/" + item("Closing") + "/move", {{"dir", "up"}})->status, 303);
  auto page = editor.Get(url);
  auto at = [&](const std::string& t) { return page->body.find("<td>" + t + "</td>"); };
  EXPECT_LT(at("Closing"), at("Opening"));
  EXPECT_LT(at("Opening"), at("Panel discussion"));
  EXPECT_EQ(editor.Post(url + "/agenda/" + item("Closing") + "/move", {{"dir", "sideways"}})->status, 400);
  auto viewer = LoggedIn("viewer@test");
  viewer.RefreshCsrf(url);
  EXPECT_EQ(viewer.Post(url + "/agenda/" + item("Closing") + "/move", {{"dir", "down"}})->status, 403);

  // Actions: edit every field; "in progress" is a status; errors name the field, input kept.
  ASSERT_EQ(editor.Post(url + "/actions", {{"description", "Draft the report"}, {"responsible", "editor@test"}})->status, 303);
  auto aid = std::to_string(Count("SELECT id FROM event_actions WHERE description = 'Draft the report'"));
  auto edit = editor.Get(url + "?edit_action=" + aid);
  EXPECT_TRUE(Has(edit->body, "id=\"action-edit-form\""));
  EXPECT_TRUE(Has(edit->body, "value=\"in-progress\""));
  httplib::Params f = {{"description", "Draft the joint report"}, {"responsible", "nobody-here"},
                       {"due_date", "2031-08-01"}, {"status", "in-progress"}, {"version", "1"}};
  auto who = editor.Post(url + "/actions/" + aid, f);
  ASSERT_EQ(who->status, 400);
  EXPECT_TRUE(Has(who->body, "responsible: no workspace member or stakeholder matches"));
  EXPECT_TRUE(Has(who->body, "value=\"Draft the joint report\""));
  EXPECT_TRUE(Has(who->body, "id=\"action-edit-form\""));
  f.erase("responsible");
  f.emplace("responsible", "viewer@test");
  f.erase("due_date");
  f.emplace("due_date", "2031-02-30");
  auto due = editor.Post(url + "/actions/" + aid, f);
  ASSERT_EQ(due->status, 400);
  EXPECT_TRUE(Has(due->body, "due_date"));
  f.erase("due_date");
  f.emplace("due_date", "2031-08-01");
  f.emplace("stakeholder", "unknown@nowhere.example");
  auto sh = editor.Post(url + "/actions/" + aid, f);
  ASSERT_EQ(sh->status, 400);
  EXPECT_TRUE(Has(sh->body, "stakeholder: no stakeholder of this workspace has the e-mail")) << sh->body.substr(sh->body.find("action-edit-form"), 1500);
  f.erase("stakeholder");
  ASSERT_EQ(editor.Post(url + "/actions/" + aid, f)->status, 303);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM event_actions a JOIN users u ON u.id = a.responsible_user_id WHERE a.id = " + aid +
                  " AND a.status = 'in-progress' AND a.due_date = '2031-08-01' AND u.email = 'viewer@test'"
                  " AND a.description = 'Draft the joint report' AND a.version = 2"),
            1);
  // The same version again is stale: 409, input kept.
  f.erase("description");
  f.emplace("description", "Stale edit");
  auto stale = editor.Post(url + "/actions/" + aid, f);
  EXPECT_EQ(stale->status, 409);
  EXPECT_TRUE(Has(stale->body, "value=\"Stale edit\""));
  // One-click status (the follow-up page's "In progress" / "Back to open").
  ASSERT_EQ(editor.Post(url + "/actions/" + aid + "/status", {{"status", "open"}, {"back", "followup"}})->status, 303);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM event_actions WHERE status = 'open' AND id = " + aid), 1);
  auto follow = editor.Get("/w/neo-cycle/events/follow-up");
  EXPECT_TRUE(Has(follow->body, "Mark action " + aid + " in progress"));
  ASSERT_EQ(editor.Post(url + "/actions/" + aid + "/status", {{"status", "in-progress"}})->status, 303);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM event_actions WHERE status = 'in-progress' AND closed_at = '' AND id = " + aid), 1);
  EXPECT_EQ(editor.Post(url + "/actions/" + aid + "/status", {{"status", "finished"}})->status, 400);
}

TEST_F(EventHttpTest, ExportsAndKpis) {
  auto editor = LoggedIn("editor@test");
  std::string url = Create(editor, EventForm("=cmd|' /C calc'!A0", "2031-02-02", ""));
  ASSERT_FALSE(url.empty());
  auto viewer = LoggedIn("viewer@test");
  auto csv = viewer.Get("/w/neo-cycle/events/export?format=csv");
  ASSERT_EQ(csv->status, 200);
  EXPECT_TRUE(Has(csv->get_header_value("Content-Type"), "text/csv"));
  EXPECT_TRUE(Has(csv->get_header_value("Content-Disposition"), "attachment; filename=\"neo-cycle-events.csv\""));
  EXPECT_TRUE(Has(csv->body, "Period,Event,Organisation,Purpose,Type,Mode,Place,Start date,End date,Status,Milestone,"
                              "Description,Expected outputs (auditable),Actual outputs\r\n"));
  EXPECT_TRUE(Has(csv->body, "'=cmd|' /C calc'!A0"));  // formula guarded
  EXPECT_FALSE(Has(csv->body, ",=cmd"));
  auto md = viewer.Get("/w/neo-cycle/events/export?format=md&status=held");
  ASSERT_EQ(md->status, 200);
  EXPECT_TRUE(Has(md->body, "| Period | Event | Organisation | Purpose |"));
  EXPECT_TRUE(Has(md->body, "'=cmd\\|' /C calc'!A0"));
  auto xlsx = viewer.Get("/w/neo-cycle/events/export?format=xlsx");
  ASSERT_EQ(xlsx->status, 200);
  EXPECT_EQ(xlsx->body.substr(0, 2), "PK");
  EXPECT_EQ(viewer.Get("/w/neo-cycle/events/export?format=pdf")->status, 400);
  auto ics = viewer.Get("/w/neo-cycle/events/calendar.ics");
  ASSERT_EQ(ics->status, 200);
  EXPECT_TRUE(Has(ics->get_header_value("Content-Type"), "text/calendar"));
  EXPECT_EQ(ics->body.substr(0, 17), "BEGIN:VCALENDAR\r\n");
  std::string id = url.substr(url.rfind('/') + 1);
  EXPECT_TRUE(Has(ics->body, "UID:event-" + id + "-neo-cycle@corridor\r\n"));
  auto one = viewer.Get(url + "/event.ics");
  ASSERT_EQ(one->status, 200);
  EXPECT_TRUE(Has(one->body, "DTSTART;VALUE=DATE:20310202\r\nDTEND;VALUE=DATE:20310203\r\n"));

  // KPIs from the data: one held event in 2031 with one checked-in participant from Spain.
  editor.RefreshCsrf(url);
  ASSERT_EQ(editor.Post(url + "/participants", {{"name", "Ana"}, {"country", "ES"}, {"checked_in", "1"}})->status, 303);
  auto page = viewer.Get("/w/neo-cycle/events/kpis?from=2031-01-01");
  ASSERT_EQ(page->status, 200);
  EXPECT_TRUE(Has(page->body, "data-chart=\""));
  EXPECT_FALSE(Has(page->body, "<script>"));  // charts are drawn by a static file
  // Every KPI of point 6 has its section: purpose, kind, type, country, sister projects, actions.
  for (const char* section : {"kpi-purpose", "kpi-kind", "kpi-type", "kpi-country", "kpi-projects", "kpi-actions"})
    EXPECT_TRUE(Has(page->body, std::string("id=\"") + section + "\"")) << section;
  EXPECT_TRUE(Has(page->body, "Closed on time"));
  auto k = viewer.Get("/w/neo-cycle/events/kpis/export?format=csv&from=2031-01-01");
  ASSERT_EQ(k->status, 200);
  EXPECT_TRUE(Has(k->body, "Events,1,"));
  EXPECT_TRUE(Has(k->body, "Events held,1,"));
  EXPECT_TRUE(Has(k->body, "Participants checked in,1,"));
  EXPECT_TRUE(Has(k->body, "ES,ES,1\r\n"));
  EXPECT_TRUE(Has(k->body, "Key,Sister project,Held events engaging it\r\n"));
  EXPECT_TRUE(Has(k->body, "State,Actions\r\n"));
  EXPECT_TRUE(Has(k->body, "Overdue,0\r\n"));
  auto kx = viewer.Get("/w/neo-cycle/events/kpis/export?format=xlsx");
  ASSERT_EQ(kx->status, 200);
  EXPECT_EQ(kx->body.substr(0, 2), "PK");
  auto bad = viewer.Get("/w/neo-cycle/events/kpis?from=2031-05-01&to=2031-01-01");
  EXPECT_EQ(bad->status, 400);
  EXPECT_TRUE(Has(bad->body, "to: 2031-01-01 is before from 2031-05-01"));
}

TEST(EventLinkInTest, FindsTheEventOfThisWorkspaceInAJustification) {
  using web::events::EventLinkIn;
  const std::string prefix = "/w/neo-cycle/events/";
  EXPECT_EQ(EventLinkIn(prefix, "Joint event documented: Day (2025-10-01) /w/neo-cycle/events/12"), "/w/neo-cycle/events/12");
  EXPECT_EQ(EventLinkIn(prefix, "see /w/neo-cycle/events/7 and more"), "/w/neo-cycle/events/7");
  EXPECT_EQ(EventLinkIn(prefix, "/w/other/events/7"), "");            // another workspace
  EXPECT_EQ(EventLinkIn(prefix, "/w/neo-cycle/events/"), "");         // no id
  EXPECT_EQ(EventLinkIn(prefix, "/w/neo-cycle/events/new"), "");
  EXPECT_EQ(EventLinkIn(prefix, "Moved after the kick-off call"), "");
}

TEST_F(EventHttpTest, DocumentedJointEventMovesAShortlistedProjectOnce) {
  int64_t project = Count("SELECT MIN(id) FROM sister_projects WHERE workspace_id = " + std::to_string(neo_cycle_id_) +
                          " AND stage = 'shortlist'");
  if (project <= 0) {
    auto c = db_->Acquire();
    project = Count("SELECT MIN(id) FROM sister_projects WHERE workspace_id = " + std::to_string(neo_cycle_id_));
    ASSERT_TRUE(c->Exec("UPDATE sister_projects SET stage = 'shortlist' WHERE id = ?", {project}).ok());
  }
  auto editor = LoggedIn("editor@test");
  auto form = EventForm("Joint event", "2031-06-10", "");
  form.emplace("projects", std::to_string(project));
  std::string url = Create(editor, form);
  ASSERT_FALSE(url.empty());
  editor.RefreshCsrf(url);
  ASSERT_EQ(editor.Post(url + "/agenda", {{"title", "Pitches"}})->status, 303);
  ASSERT_EQ(editor.Post(url + "/participants", {{"name", "Walk In"}})->status, 303);
  auto page = editor.Get(url);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(page->body, m, std::regex(R"re(name="version" value="(\d+)")re")));
  ASSERT_EQ(editor.Post(url + "/minutes", {{"minutes", "Agreed."}, {"version", m[1]}})->status, 303);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM sister_projects WHERE id = " + std::to_string(project) + " AND stage = 'shortlist'"), 1);
  auto last = editor.Post(url + "/actions", {{"description", "Follow up"}, {"responsible", "editor@test"}});
  ASSERT_EQ(last->status, 303);
  EXPECT_TRUE(Has(Location(last), "interaction-filtered")) << Location(last);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM sister_projects WHERE id = " + std::to_string(project) +
                  " AND stage = 'interaction_filtered'"),
            1);
  std::string id = url.substr(url.rfind('/') + 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM pipeline_steps WHERE project_id = " + std::to_string(project) +
                  " AND justification LIKE '%/w/neo-cycle/events/" + id + "'"),
            1);
  // The registry record links its justification to the event.
  auto record = editor.Get("/w/neo-cycle/registry/" + std::to_string(project));
  ASSERT_EQ(record->status, 200);
  EXPECT_TRUE(Has(record->body, "<a href=\"/w/neo-cycle/events/" + id + "\">Open the event</a>")) << record->body;
  // A further evidence write does not move it again.
  auto again = editor.Post(url + "/actions", {{"description", "Second"}, {"responsible", "editor@test"}});
  EXPECT_FALSE(Has(Location(again), "moved"));
}

}  // namespace
}  // namespace corridor::testing
