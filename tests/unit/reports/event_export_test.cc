// The events table (seed 001 Tables 4 and 5), its CSV/Markdown forms, ICS and the evidence pack.
#include "reports/event_export.h"

#include <gtest/gtest.h>

#include "reports/csv_writer.h"
#include "reports/xlsx_writer.h"

namespace corridor::reports {
namespace {

bool Has(const std::string& s, const std::string& x) { return s.find(x) != std::string::npos; }

storage::EventSummary Summary(int64_t id, const std::string& title, int month) {
  storage::EventSummary s;
  s.event.id = id;
  s.event.title = title;
  s.event.kind = domain::EventKind::kExternal;
  s.event.purpose = domain::EventPurpose::kBenchmarking;
  s.event.mode = domain::EventMode::kInPerson;
  s.event.status = domain::EventStatus::kHeld;
  s.event.start_date = "2024-10-23";
  s.event.end_date = "2024-10-24";
  s.event.place = "Seville, Spain";
  s.event.organiser = "ISMC";
  s.event.description = "Structured clustering platform";
  s.event.expected_outputs = "Follow-up actions list";
  s.event.actual_outputs = "Contacts | updated";
  s.project_month = month;
  return s;
}

TEST(EventExport, TablesFourAndFiveShape) {
  Table t = EventsTable({Summary(1, "EURAW 2024", 2), Summary(2, "=HYPERLINK(\"http://x\")", 13)});
  ASSERT_TRUE(ValidateTable(t).ok());
  std::vector<std::string> keys;
  for (const auto& c : t.columns) keys.push_back(c.key);
  EXPECT_EQ(keys, (std::vector<std::string>{"period", "event", "organisation", "purpose", "type", "mode", "place",
                                            "start_date", "end_date", "status", "milestone", "description",
                                            "expected_outputs", "actual_outputs"}));
  EXPECT_EQ(t.rows[0][0], "M2");
  EXPECT_EQ(t.rows[0][3], "Benchmarking");
  EXPECT_EQ(t.rows[0][4], "External");
  EXPECT_EQ(t.rows[1][0], "M13");

  std::string csv = WriteCsv(t);
  EXPECT_TRUE(Has(csv, "Period,Event,Organisation,Purpose,Type,Mode,Place,Start date,End date,Status,Milestone,"
                       "Description,Expected outputs (auditable),Actual outputs\r\n"));
  EXPECT_TRUE(Has(csv, "M2,EURAW 2024,ISMC,Benchmarking,External"));
  EXPECT_TRUE(Has(csv, "\"'=HYPERLINK(\"\"http://x\"\")\""));  // formula guarded
  EXPECT_FALSE(Has(csv, ",=HYPERLINK"));

  std::string md = MarkdownTable(t);
  EXPECT_TRUE(Has(md, "| Period | Event | Organisation | Purpose |"));
  EXPECT_TRUE(Has(md, "| M2 | EURAW 2024 | ISMC |"));
  EXPECT_TRUE(Has(md, "Contacts \\| updated"));  // a pipe cannot break the table
  EXPECT_TRUE(Has(md, "'=HYPERLINK"));

  auto xlsx = WriteXlsx(t);
  ASSERT_TRUE(xlsx.ok());
  EXPECT_EQ(xlsx->substr(0, 2), "PK");
}

TEST(EventExport, IcsHasOneEventPerRecordWithStableUids) {
  auto a = Summary(7, "First clustering event, Seville; hybrid", 14).event;
  a.start_time = "09:30";
  a.end_time = "17:00";
  a.end_date = "";
  auto b = Summary(8, "Cancelled one", 20).event;
  b.status = domain::EventStatus::kCancelled;
  std::string ics = EventsIcs({a, b}, "neo-cycle", "2025-01-01T00:00:00Z");
  EXPECT_EQ(ics.substr(0, 17), "BEGIN:VCALENDAR\r\n");
  EXPECT_TRUE(Has(ics, "UID:event-7-neo-cycle@corridor\r\n"));
  EXPECT_TRUE(Has(ics, "DTSTART:20241023T093000\r\n"));
  EXPECT_TRUE(Has(ics, "DTEND:20241023T170000\r\n"));
  EXPECT_TRUE(Has(ics, "SUMMARY:First clustering event\\, Seville\\; hybrid\r\n"));
  // All-day: DTEND is the day after the last day.
  EXPECT_TRUE(Has(ics, "DTSTART;VALUE=DATE:20241023\r\nDTEND;VALUE=DATE:20241025\r\n"));
  EXPECT_TRUE(Has(ics, "STATUS:CANCELLED"));
  size_t begins = 0;
  for (size_t i = ics.find("BEGIN:VEVENT"); i != std::string::npos; i = ics.find("BEGIN:VEVENT", i + 1)) ++begins;
  EXPECT_EQ(begins, 2u);
  // Every line ends in CRLF and none is longer than 75 octets.
  size_t start = 0;
  while (start < ics.size()) {
    size_t end = ics.find("\r\n", start);
    ASSERT_NE(end, std::string::npos);
    EXPECT_LE(end - start, 75u);
    start = end + 2;
  }
}

TEST(EventExport, EvidencePackIsSelfContainedAndInert) {
  EvidencePack p;
  p.workspace_name = "NEO-CYCLE";
  p.workspace_acronym = "NEO-CYCLE";
  p.summary = Summary(3, "Workshop <b>bold</b>", 14);
  p.summary.event.minutes_md = "# Decisions\n<script>alert(1)</script>\n\n[x](javascript:alert(1))";
  p.summary.completeness.agenda = true;
  p.summary.completeness.minutes = true;
  domain::Participant x;
  x.name = "Ana <img src=x onerror=alert(1)>";
  x.checked_in_at = "2024-10-23T09:00:00Z";
  p.participants.push_back(x);
  domain::Action a;
  a.description = "Send slides";
  a.responsible_name = "Eddie";
  a.due_date = "2024-11-01";
  p.actions.push_back(a);
  domain::Attachment f;
  f.filename = "agenda.pdf";
  f.size = 2048;
  f.sha256 = std::string(64, 'a');
  p.attachments.push_back(f);
  p.today = "2025-01-01";
  p.generated_at = "2025-01-01T00:00:00Z";
  std::string html = EvidencePackHtml(p);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("href=\"javascript"), std::string::npos);
  EXPECT_TRUE(Has(html, "Workshop &lt;b&gt;bold&lt;/b&gt;"));
  EXPECT_TRUE(Has(html, "<h3>Decisions</h3>"));
  EXPECT_TRUE(Has(html, "Incomplete</span> missing: participant list, action list."));
  EXPECT_TRUE(Has(html, "1 listed, 1 checked in."));
  EXPECT_TRUE(Has(html, "Open (overdue)"));
  EXPECT_TRUE(Has(html, std::string(64, 'a')));
  EXPECT_TRUE(Has(html, "2.0 KB"));
  EXPECT_TRUE(Has(html, "@media print"));
  EXPECT_FALSE(Has(html, "<link"));  // no external resources
  EXPECT_TRUE(Has(html, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"));
}

TEST(EventExport, FileStem) {
  EXPECT_EQ(EventFileStem("First clustering event (M14), Seville"), "First-clustering-event-M14-Seville");
  EXPECT_EQ(EventFileStem("../../etc"), "etc");
  EXPECT_EQ(EventFileStem("***"), "event");
}

}  // namespace
}  // namespace corridor::reports
