// `corridor export events`, `event pack`, `event ics` and `kpis events` as a black box, on the demo
// workspace's events (seed 001 Tables 4 and 5).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "cli_fixture.h"

namespace corridor::testing {
namespace {

class EventExportCliTest : public CliTest {
 protected:
  // An event id of the demo workspace, from the calendar.
  std::string FirstEventId() {
    CommandResult r = Corridor({"event", "ics", "neo-cycle"});
    std::smatch m;
    if (r.code != 0 || !std::regex_search(r.out, m, std::regex("UID:event-(\\d+)-neo-cycle@corridor"))) return "";
    return m[1];
  }
};

TEST_F(EventExportCliTest, EventsTableAsCsvMarkdownAndXlsx) {
  std::string csv = dir_.File("events.csv");
  CommandResult r = Corridor({"export", "events", "NEO-CYCLE", "--out", csv});
  ASSERT_EQ(r.code, 0) << r.err;
  std::string body = ReadFile(csv);
  EXPECT_TRUE(Has(body, "Period,Event,Organisation,Purpose,Type,Mode,Place,Start date,End date,Status")) << body.substr(0, 300);
  EXPECT_TRUE(Has(body, "\r\nM2,")) << body.substr(0, 600);  // EURAW 2024 at M2 (Table 4)
  EXPECT_TRUE(Has(body, "Expected outputs (auditable)"));

  r = Corridor({"export", "events", "neo-cycle", "--format", "md", "--status", "held"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "| Period | Event | Organisation | Purpose |"));
  EXPECT_FALSE(Has(r.out, "| Planned |"));

  std::string xlsx = dir_.File("events.xlsx");
  r = Corridor({"export", "events", "neo-cycle", "--out", xlsx});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(ReadFile(xlsx).substr(0, 2), "PK");

  r = Corridor({"export", "events", "neo-cycle", "--out", dir_.File("events.pdf")});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(Has(r.err, "format: \"pdf\" is not xlsx, csv or md")) << r.err;
  r = Corridor({"export", "events", "neo-cycle", "--format", "csv", "--status", "someday"});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(Has(r.err, "status:")) << r.err;
}

TEST_F(EventExportCliTest, EvidencePackAndCalendar) {
  std::string id = FirstEventId();
  ASSERT_FALSE(id.empty());
  std::string html = dir_.File("pack.html");
  CommandResult r = Corridor({"event", "pack", "neo-cycle", id, "--out", html});
  ASSERT_EQ(r.code, 0) << r.err;
  std::string body = ReadFile(html);
  EXPECT_TRUE(Has(body, "clustering event evidence pack"));
  EXPECT_TRUE(Has(body, "Minimum evidence"));
  EXPECT_FALSE(Has(body, "<script"));

  // --pdf: printed by headless Chromium when there is one, else a clear pointer to the browser.
  r = Corridor({"event", "pack", "neo-cycle", id, "--out", html, "--pdf"});
  if (std::filesystem::exists("/usr/bin/chromium")) {
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(ReadFile(dir_.File("pack.pdf")).substr(0, 5), "%PDF-");
  } else {
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(Has(r.err, "Print / Save as PDF")) << r.err;
  }
  r = Corridor({"event", "pack", "neo-cycle", "999999", "--out", html});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(Has(r.err, "not found")) << r.err;
  r = Corridor({"event", "pack", "neo-cycle", "abc", "--out", html});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(Has(r.err, "event: \"abc\" is not an event id")) << r.err;

  r = Corridor({"event", "ics", "neo-cycle", id});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "BEGIN:VCALENDAR\r\n"));
  EXPECT_TRUE(Has(r.out, "UID:event-" + id + "-neo-cycle@corridor\r\n"));
  size_t events = 0;
  for (size_t i = r.out.find("BEGIN:VEVENT"); i != std::string::npos; i = r.out.find("BEGIN:VEVENT", i + 1)) ++events;
  EXPECT_EQ(events, 1u);
}

TEST_F(EventExportCliTest, KpisFromTheData) {
  CommandResult r = Corridor({"kpis", "events", "neo-cycle", "--format", "csv", "--today", "2026-01-01"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "Indicator,Value,Note"));
  EXPECT_TRUE(Has(r.out, "Events held,"));
  EXPECT_TRUE(Has(r.out, "Sister projects engaged,"));
  EXPECT_TRUE(Has(r.out, "Events by purpose"));
  r = Corridor({"kpis", "events", "neo-cycle"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "## Events by kind"));
  EXPECT_TRUE(Has(r.out, "| Actions overdue |"));
  r = Corridor({"kpis", "events", "neo-cycle", "--from", "2026-05-01", "--to", "2025-01-01"});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(Has(r.err, "to: 2025-01-01 is before from 2026-05-01")) << r.err;
}

}  // namespace
}  // namespace corridor::testing
