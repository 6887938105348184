// `corridor event ...`, `corridor actions` and `corridor events incomplete` run as a black box.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "cli_fixture.h"

namespace corridor::testing {
namespace {

class EventCliTest : public CliTest {};

TEST_F(EventCliTest, DocumentAnEventEndToEnd) {
  CommandResult r = Corridor({"event", "add", "NEO-CYCLE", "--title", "Bad dates", "--date", "2025-03-04", "--end",
                              "2025-03-01"});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(Has(r.err, "end_date: 2025-03-01 is before the start date 2025-03-04")) << r.err;
  r = Corridor({"event", "add", "neo-cycle", "--title", "X", "--date", "2025-03-04", "--purpose", "fun"});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(Has(r.err, "purpose: \"fun\"")) << r.err;

  r = Corridor({"event", "add", "neo-cycle", "--title", "Online follow-up session", "--date", "2025-11-20", "--kind",
                "online", "--mode", "online", "--purpose", "policy-standards", "--project", "RAW4RES"});
  ASSERT_EQ(r.code, 0) << r.err;
  std::string id = Id(r);
  r = Corridor({"event", "list", "neo-cycle", "--kind", "online"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "Online follow-up session")) << r.out;
  EXPECT_TRUE(Has(r.out, "M15")) << r.out;

  r = Corridor({"event", "agenda", "add", "neo-cycle", id, "--title", "Traceability evidence", "--start", "10:00"});
  ASSERT_EQ(r.code, 0) << r.err;
  std::string csv = dir_.File("people.csv");
  WriteFile(csv, "Name,E-mail,Country\nAna Ruiz,ana@example.org,ES\nBad Row,nope,ES\n");
  r = Corridor({"event", "participants", "import", "neo-cycle", id, csv});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(Has(r.err, "people.csv: line 3: email:")) << r.err;
  EXPECT_TRUE(Has(r.err, "nothing imported")) << r.err;
  r = Corridor({"event", "participants", "import", "neo-cycle", id, csv, "--skip-errors"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "1 added")) << r.out;
  r = Corridor({"event", "participants", "checkin", "neo-cycle", id, "ana@example.org"});
  ASSERT_EQ(r.code, 0) << r.err;
  r = Corridor({"event", "participants", "list", "neo-cycle", id});
  EXPECT_TRUE(Has(r.out, "Ana Ruiz")) << r.out;

  std::string md = dir_.File("minutes.md");
  WriteFile(md, "# Minutes\n\n<script>alert(1)</script>\n");
  r = Corridor({"event", "minutes", "neo-cycle", id, "--file", md});
  ASSERT_EQ(r.code, 0) << r.err;

  std::string fake = dir_.File("agenda.pdf");
  WriteFile(fake, "<html>not a pdf</html>");
  r = Corridor({"event", "attach", "neo-cycle", id, fake, "--label", "agenda"});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(Has(r.err, "agenda.pdf")) << r.err;
  std::string txt = dir_.File("notes.txt");
  WriteFile(txt, "Notes taken at the door.");
  r = Corridor({"event", "attach", "neo-cycle", id, txt, "--label", "other"});
  ASSERT_EQ(r.code, 0) << r.err;

  r = Corridor({"event", "action", "add", "neo-cycle", id, "--what", "Send slides", "--responsible", "Nobody Known"});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(Has(r.err, "responsible: no workspace member or stakeholder matches \"Nobody Known\"")) << r.err;
  r = Corridor({"event", "action", "add", "neo-cycle", id, "--what", "Send slides", "--responsible",
                "k.nowak@example.org", "--due", "2025-12-01"});
  ASSERT_EQ(r.code, 0) << r.err;
  std::string action = Id(r);

  r = Corridor({"event", "status", "neo-cycle", id, "held"});
  ASSERT_EQ(r.code, 0) << r.err;
  r = Corridor({"event", "show", "neo-cycle", id});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "evidence: complete")) << r.out;
  EXPECT_TRUE(Has(r.out, "participants: 1 (1 checked in)")) << r.out;

  r = Corridor({"actions", "neo-cycle", "--today", "2026-01-15"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "Katarzyna Nowak")) << r.out;
  EXPECT_TRUE(Has(r.out, "OVERDUE due 2025-12-01\t#" + action + " Send slides")) << r.out;
  r = Corridor({"event", "action", "close", "neo-cycle", id, action});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "done at ")) << r.out;
  r = Corridor({"event", "action", "list", "neo-cycle", id});
  EXPECT_TRUE(Has(r.out, "done")) << r.out;
  r = Corridor({"event", "show", "neo-cycle", "999999"});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(Has(r.err, "no event #999999")) << r.err;
}

TEST_F(EventCliTest, EditAgendaItemsAndActions) {
  CommandResult r = Corridor({"event", "add", "neo-cycle", "--title", "Editing session", "--date", "2025-12-01"});
  ASSERT_EQ(r.code, 0) << r.err;
  std::string id = Id(r);
  r = Corridor({"event", "agenda", "add", "neo-cycle", id, "--title", "Opening"});
  ASSERT_EQ(r.code, 0) << r.err;
  std::string first = Id(r);
  r = Corridor({"event", "agenda", "add", "neo-cycle", id, "--title", "Closing"});
  ASSERT_EQ(r.code, 0) << r.err;
  std::string second = Id(r);
  r = Corridor({"event", "agenda", "set", "neo-cycle", id, first, "--start", "9:99"});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(Has(r.err, "start_time")) << r.err;
  r = Corridor({"event", "agenda", "set", "neo-cycle", id, first, "--title", "Welcome", "--start", "09:30",
                "--project", "RAW4RES"});
  ASSERT_EQ(r.code, 0) << r.err;
  r = Corridor({"event", "agenda", "move", "neo-cycle", id, second, "up"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "1\t" + second + "\t\tClosing\n2\t" + first + "\t09:30\tWelcome\n")) << r.out;
  r = Corridor({"event", "show", "neo-cycle", id});
  EXPECT_TRUE(Has(r.out, "agenda #" + second + ": Closing\nagenda #" + first + ": 09:30 Welcome\n")) << r.out;  // ids to edit
  r = Corridor({"event", "agenda", "move", "neo-cycle", id, second, "sideways"});
  EXPECT_EQ(r.code, 1);

  r = Corridor({"event", "action", "add", "neo-cycle", id, "--what", "Send the slides", "--responsible",
                "k.nowak@example.org"});
  ASSERT_EQ(r.code, 0) << r.err;
  std::string aid = Id(r);
  r = Corridor({"event", "action", "set", "neo-cycle", id, aid, "--status", "in-progress", "--due", "2026-01-15"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "action " + aid + ": in-progress")) << r.out;
  r = Corridor({"event", "action", "set", "neo-cycle", id, aid, "--status", "finished"});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(Has(r.err, "status: \"finished\"")) << r.err;
  r = Corridor({"event", "action", "set", "neo-cycle", id, aid, "--due", "2026-02-30"});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(Has(r.err, "due_date")) << r.err;
  r = Corridor({"event", "action", "list", "neo-cycle", id, "--today", "2026-01-01"});
  EXPECT_TRUE(Has(r.out, aid + "\tin-progress\t2026-01-15\t")) << r.out;
  r = Corridor({"event", "action", "set", "neo-cycle", id, aid, "--status", "done"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "action " + aid + ": done at ")) << r.out;
}

TEST_F(EventCliTest, ParticipantsFromAnInvitationListAndCheckInMarksAttended) {
  CommandResult r = Corridor({"invitations", "build", "neo-cycle", "--name", "Workshop", "--why", "first event",
                              "--type", "policymakers"});
  ASSERT_EQ(r.code, 0) << r.err;
  ASSERT_TRUE(Has(r.out, "invitation list 1 saved")) << r.out;
  r = Corridor({"event", "add", "neo-cycle", "--title", "Policy roundtable", "--date", "2025-11-05", "--invitation-list",
                "1", "--user", "nobody@example.org"});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(Has(r.err, "user: no user nobody@example.org")) << r.err;
  r = Corridor({"event", "add", "neo-cycle", "--title", "Policy roundtable", "--date", "2025-11-05"});
  ASSERT_EQ(r.code, 0) << r.err;
  std::string id = Id(r);
  r = Corridor({"event", "participants", "add", "neo-cycle", id, "--list", "1"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "3 added, 0 already present")) << r.out;
  r = Corridor({"event", "participants", "add", "neo-cycle", id, "--list", "1"});
  EXPECT_TRUE(Has(r.out, "0 added, 3 already present")) << r.out;
  r = Corridor({"event", "participants", "checkin", "neo-cycle", id, "e.marquez@example.org"});
  ASSERT_EQ(r.code, 0) << r.err;
  r = Corridor({"event", "participants", "checkin", "neo-cycle", id, "stranger@example.org"});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(Has(r.err, "no participant \"stranger@example.org\"")) << r.err;
  std::string out = dir_.File("inv.csv");
  r = Corridor({"invitations", "export", "neo-cycle", "1", "--out", out});
  ASSERT_EQ(r.code, 0) << r.err;
  std::string csv = ReadFile(out);
  auto line = csv.substr(csv.find("e.marquez@example.org"));
  line = line.substr(0, line.find('\n'));
  EXPECT_TRUE(Has(line, "attended")) << line;
}

TEST_F(EventCliTest, IncompleteHeldEventsOldestFirst) {
  CommandResult r = Corridor({"events", "incomplete", "neo-cycle"});
  ASSERT_EQ(r.code, 0) << r.err;
  // The demo's Table 4 external events are held without evidence; EURAW 2024 (M2) comes first.
  auto first = r.out.find("EURAW 2024");
  auto later = r.out.find("PROMETIA");
  ASSERT_NE(first, std::string::npos) << r.out;
  ASSERT_NE(later, std::string::npos) << r.out;
  EXPECT_LT(first, later);
  EXPECT_TRUE(Has(r.out, "missing: agenda, participant list, minutes, action list")) << r.out;
  EXPECT_FALSE(Has(r.out, "First NEO-CYCLE clustering event")) << "the documented event is complete";
}

}  // namespace
}  // namespace corridor::testing
