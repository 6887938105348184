#include "domain/event.h"

#include <gtest/gtest.h>

namespace corridor::domain {
namespace {

Event Valid() {
  Event e;
  e.title = "First NEO-CYCLE clustering event";
  e.start_date = "2025-10-15";
  return e;
}

TEST(EventLabels, KeysAndLabelsRoundTrip) {
  for (EventKind k : AllEventKinds()) {
    EXPECT_EQ(ParseEventKind(EventKindKey(k)), k);
    EXPECT_EQ(ParseEventKind(EventKindLabel(k)), k);
  }
  for (EventPurpose p : AllEventPurposes()) EXPECT_EQ(ParseEventPurpose(EventPurposeLabel(p)), p);
  for (EventMode m : AllEventModes()) EXPECT_EQ(ParseEventMode(EventModeKey(m)), m);
  for (EventStatus s : AllEventStatuses()) EXPECT_EQ(ParseEventStatus(EventStatusLabel(s)), s);
  EXPECT_EQ(ParseEventKind("project led"), EventKind::kProjectLed);
  EXPECT_EQ(ParseEventMode("IN PERSON"), EventMode::kInPerson);
  EXPECT_EQ(ParseEventPurpose("policy and standards alignment"), EventPurpose::kPolicyStandards);
  EXPECT_FALSE(ParseEventStatus("done").has_value());
  EXPECT_EQ(ParseActionStatus("In progress"), ActionStatus::kInProgress);
  EXPECT_EQ(ParseParticipantSource("walk-in"), ParticipantSource::kWalkIn);
}

TEST(ProjectMonth, CountsFromTheWorkspaceStart) {
  EXPECT_EQ(ProjectMonth("2024-09-01", "2024-09-30"), 1);
  EXPECT_EQ(ProjectMonth("2024-09-01", "2024-10-01"), 2);
  EXPECT_EQ(ProjectMonth("2024-09-01", "2025-10-15"), 14);
  EXPECT_EQ(ProjectMonth("2024-09-15", "2024-10-01"), 2);  // calendar months, as the seed counts them
  EXPECT_EQ(ProjectMonth("2024-09-01", "2024-08-31"), 0);
  EXPECT_EQ(ProjectMonth("", "2024-10-01"), 0);
  EXPECT_EQ(ProjectMonth("2024-09-01", "soon"), 0);
  EXPECT_EQ(ProjectMonthLabel(14), "M14");
  EXPECT_EQ(ProjectMonthLabel(0), "");
  EXPECT_EQ(ProjectMonthStart("2024-09-01", 14), "2025-10-01");
  EXPECT_EQ(ProjectMonthStart("2024-09-01", 47), "2028-07-01");
  EXPECT_EQ(ProjectMonthStart("2024-09-01", 0), "");
}

TEST(ValidateEvent, NamesTheField) {
  EXPECT_TRUE(ValidateEvent(Valid()).ok());
  Event e = Valid();
  e.title = "  ";
  EXPECT_EQ(ValidateEvent(e).message(), "title: required");
  e = Valid();
  e.start_date = "2025-03-04";
  e.end_date = "2025-03-01";
  EXPECT_EQ(ValidateEvent(e).message(), "end_date: 2025-03-01 is before the start date 2025-03-04");
  e = Valid();
  e.start_date = "2025-02-30";
  EXPECT_EQ(ValidateEvent(e).message().rfind("start_date:", 0), 0u);
  e = Valid();
  e.start_time = "14:00";
  e.end_time = "09:00";
  EXPECT_EQ(ValidateEvent(e).message().rfind("end_time:", 0), 0u);
  e.end_date = "2025-10-16";  // ends the next day: fine
  EXPECT_TRUE(ValidateEvent(e).ok());
  e = Valid();
  e.url = "javascript:alert(1)";
  EXPECT_EQ(ValidateEvent(e).message().rfind("url:", 0), 0u);
  e = Valid();
  e.minutes_md = std::string(200001, 'x');
  EXPECT_EQ(ValidateEvent(e).message().rfind("minutes_md:", 0), 0u);
  e = Valid();
  e.title = std::string(301, 't');
  EXPECT_EQ(ValidateEvent(e).message().rfind("title:", 0), 0u);
}

TEST(Evidence, AgendaParticipantAndActionRules) {
  AgendaItem a;
  EXPECT_EQ(ValidateAgendaItem(a).message(), "title: required");
  a.title = "Elevator pitches";
  a.start_time = "11:00";
  a.end_time = "10:30";
  EXPECT_EQ(ValidateAgendaItem(a).message().rfind("end_time:", 0), 0u);

  Participant p;
  p.name = "Ana";
  p.email = "not-an-address";
  EXPECT_EQ(ValidateParticipant(p).message().rfind("email:", 0), 0u);
  p.email = "ana@example.org";
  p.country = "Spain";
  EXPECT_EQ(ValidateParticipant(p).message().rfind("country:", 0), 0u);
  p.country = "ES";
  EXPECT_TRUE(ValidateParticipant(p).ok());

  Action x;
  x.description = "Send the minutes";
  EXPECT_EQ(ValidateAction(x).message().rfind("responsible:", 0), 0u);
  x.responsible_user_id = 1;
  x.responsible_stakeholder_id = 2;
  EXPECT_EQ(ValidateAction(x).message().rfind("responsible:", 0), 0u);
  x.responsible_stakeholder_id.reset();
  x.due_date = "31/12/2025";
  EXPECT_EQ(ValidateAction(x).message().rfind("due_date:", 0), 0u);
  x.due_date = "2025-12-31";
  EXPECT_TRUE(ValidateAction(x).ok());

  EXPECT_TRUE(IsOverdue(x, "2026-01-01"));
  EXPECT_FALSE(IsOverdue(x, "2025-12-31"));
  x.status = ActionStatus::kDone;
  EXPECT_FALSE(IsOverdue(x, "2026-01-01"));
  x.closed_at = "2025-12-31T18:00:00Z";
  EXPECT_TRUE(ClosedOnTime(x));
  x.closed_at = "2026-01-02T09:00:00Z";
  EXPECT_FALSE(ClosedOnTime(x));
  x.status = ActionStatus::kDropped;
  EXPECT_FALSE(ClosedOnTime(x));
  x.status = ActionStatus::kDone;
  x.due_date.clear();
  EXPECT_TRUE(ClosedOnTime(x));
}

TEST(Attachments, TypeIsSniffedFromContentAndName) {
  EXPECT_EQ(*SniffAttachmentType("agenda.pdf", "%PDF-1.7\n..."), "application/pdf");
  EXPECT_EQ(*SniffAttachmentType("photo.JPG", std::string("\xFF\xD8\xFF\xE0", 4) + "JFIF"), "image/jpeg");
  EXPECT_EQ(*SniffAttachmentType("minutes.md", "# Minutes\n\n- one"), "text/markdown");
  EXPECT_EQ(*SniffAttachmentType("list.xlsx", std::string("PK\x03\x04", 4) + "....xl/workbook.xml"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  auto fake = SniffAttachmentType("report.pdf", "<html>not a pdf</html>");
  ASSERT_FALSE(fake.ok());
  EXPECT_NE(fake.status().message().find("report.pdf"), std::string::npos);
  auto exe = SniffAttachmentType("setup.exe", "MZ\x90");
  ASSERT_FALSE(exe.ok());
  EXPECT_NE(exe.status().message().find("not allowed"), std::string::npos);
  EXPECT_FALSE(SniffAttachmentType("notes.txt", std::string("a\0b", 3)).ok());
  EXPECT_FALSE(SniffAttachmentType("empty.txt", "").ok());
  EXPECT_FALSE(SniffAttachmentType("deck.pptx", std::string("PK\x03\x04", 4) + "word/document.xml").ok());
}

TEST(Completeness, ListsTheMissingItems) {
  EvidenceCompleteness c;
  EXPECT_FALSE(c.Complete());
  EXPECT_EQ(c.Missing(), (std::vector<std::string>{"agenda", "participant list", "minutes", "action list"}));
  c.agenda = c.participants = c.minutes = true;
  EXPECT_EQ(c.Missing(), std::vector<std::string>{"action list"});
  c.actions = true;
  EXPECT_TRUE(c.Complete());
}

}  // namespace
}  // namespace corridor::domain
