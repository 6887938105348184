// `corridor stakeholder list | segment list | invitations build|export | import|export stakeholders`
// run as a black box against a demo database (on the engine of the pass).
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "cli_fixture.h"

namespace corridor::testing {
namespace {

class StakeholderListCliTest : public CliTest {};

TEST_F(StakeholderListCliTest, ListsBySegmentAndFilters) {
  CommandResult r = Corridor({"stakeholder", "list", "neo-cycle", "--type", "industrial-actors"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("Paolo Bianchi"), std::string::npos);
  EXPECT_EQ(r.out.find("Pieter de Vries"), std::string::npos);
  r = Corridor({"stakeholder", "list", "neo-cycle", "--segment", "synergy subgroup"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("type: related-projects"), std::string::npos) << r.out;
  r = Corridor({"stakeholder", "list", "neo-cycle", "--tier", "urgent"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("tier: \"urgent\""), std::string::npos) << r.err;
  r = Corridor({"segment", "list", "neo-cycle"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("Policy-facing subgroup"), std::string::npos);
}

TEST_F(StakeholderListCliTest, BuildsAnInvitationListAndExportsIt) {
  CommandResult r = Corridor({"invitations", "build", "neo-cycle", "--segment", "Industrial uptake subgroup", "--name",
                              "Workshop", "--why", "feasibility checks", "--event-start", "2026-05-04"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("e-mail not confirmed (double opt-in pending)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("invitation list 1 saved"), std::string::npos) << r.out;
  r = Corridor({"invitations", "export", "neo-cycle", "1", "--out", dir_.File("w.ics")});
  ASSERT_EQ(r.code, 0) << r.err;
  std::string ics = ReadFile(dir_.File("w.ics"));
  EXPECT_NE(ics.find("DTSTART;VALUE=DATE:20260504\r\n"), std::string::npos);
  EXPECT_NE(ics.find("DTEND;VALUE=DATE:20260505\r\n"), std::string::npos);  // exclusive end of an all-day event
  r = Corridor({"invitations", "export", "neo-cycle", "1", "--out", dir_.File("w.csv")});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(ReadFile(dir_.File("w.csv")).find("Email,Name"), std::string::npos);
  r = Corridor({"invitations", "build", "neo-cycle", "--segment", "Industrial uptake subgroup", "--name", "W2"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("justification"), std::string::npos);
}

TEST_F(StakeholderListCliTest, ImportPreviewsThenCommitsAndExportRoundTrips) {
  WriteFile(dir_.File("c.csv"),
            "Name,E-mail,Country,Consent to contact\nJo Doe,jo@doe.eu,ie,yes\nNo Mail,,fr,no\n");
  CommandResult r = Corridor({"import", "stakeholders", "neo-cycle", dir_.File("c.csv")});
  EXPECT_EQ(r.code, 1);  // a row has errors: preview only
  EXPECT_NE(r.out.find("row 3: "), std::string::npos) << r.out;
  r = Corridor({"import", "stakeholders", "neo-cycle", dir_.File("c.csv"), "--commit"});
  EXPECT_EQ(r.code, 1);
  r = Corridor({"import", "stakeholders", "neo-cycle", dir_.File("c.csv"), "--commit", "--skip-errors"});
  ASSERT_EQ(r.code, 0) << r.err << r.out;
  EXPECT_NE(r.out.find("1 created"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1 consent(s)"), std::string::npos) << r.out;
  r = Corridor({"export", "stakeholders", "neo-cycle", "--out", dir_.File("all.csv"), "--country", "IE"});
  ASSERT_EQ(r.code, 0) << r.err;
  std::string csv = ReadFile(dir_.File("all.csv"));
  EXPECT_NE(csv.find("jo@doe.eu"), std::string::npos);
  EXPECT_NE(csv.find(",yes,"), std::string::npos);
  // Re-importing the export changes nothing.
  r = Corridor({"import", "stakeholders", "neo-cycle", dir_.File("all.csv")});
  ASSERT_EQ(r.code, 0) << r.err << r.out;
  EXPECT_NE(r.out.find("0 new, 0 to update, "), std::string::npos) << r.out;
}

}  // namespace
}  // namespace corridor::testing
