// Clustering events and their auditable evidence (seed 001 section 3.2-3.3, Tables 4 and 5):
// every interaction is one record labelled by what it is for, and is documented by the four
// minimum items (agenda, participant list, minutes, action list). Plain structs and rules; no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace corridor::domain {

// ---- labels ----
enum class EventKind { kExternal, kProjectLed, kOnline };
enum class EventPurpose { kBenchmarking, kPolicyStandards, kCooperationActivation };
enum class EventMode { kInPerson, kOnline, kHybrid };
enum class EventStatus { kPlanned, kHeld, kCancelled };

// Keys are stable (stored, used in URLs, CSV and the CLI); labels are what people read.
std::string EventKindKey(EventKind k);          // "external" | "project-led" | "online"
std::string EventKindLabel(EventKind k);        // "External" | "Project-led" | "Online"
std::optional<EventKind> ParseEventKind(std::string_view s);  // key or label, any case
const std::vector<EventKind>& AllEventKinds();

std::string EventPurposeKey(EventPurpose p);    // "benchmarking" | "policy-standards" | "cooperation-activation"
std::string EventPurposeLabel(EventPurpose p);  // "Benchmarking" | "Policy and standards alignment" | "Cooperation activation"
std::optional<EventPurpose> ParseEventPurpose(std::string_view s);
const std::vector<EventPurpose>& AllEventPurposes();

std::string EventModeKey(EventMode m);          // "in-person" | "online" | "hybrid"
std::string EventModeLabel(EventMode m);        // "In person" | "Online" | "Hybrid"
std::optional<EventMode> ParseEventMode(std::string_view s);
const std::vector<EventMode>& AllEventModes();

std::string EventStatusKey(EventStatus s);      // "planned" | "held" | "cancelled"
std::string EventStatusLabel(EventStatus s);    // "Planned" | "Held" | "Cancelled"
std::optional<EventStatus> ParseEventStatus(std::string_view s);
const std::vector<EventStatus>& AllEventStatuses();

// ---- the event record ----
struct Event {
  int64_t id = 0;
  int64_t workspace_id = 0;
  std::string title;
  EventKind kind = EventKind::kProjectLed;
  EventPurpose purpose = EventPurpose::kCooperationActivation;
  std::string start_date;  // ISO yyyy-mm-dd, required
  std::string end_date;    // ISO, "" = same day; never before start_date
  std::string start_time;  // "HH:MM" local time at the place, "" = all day
  std::string end_time;    // "HH:MM", "" = unknown
  std::string place;       // "Seville, Spain"; may be "" for online events
  std::string url;         // event page or online meeting link, http(s) only
  EventMode mode = EventMode::kInPerson;
  std::string organiser;   // organisation(s) running it: "ISMC, ECOCastulum"
  EventStatus status = EventStatus::kPlanned;
  std::string milestone;   // planned milestone label ("First clustering event"), "" = none
  std::string description;
  std::string expected_outputs;  // Table 5 "Expected outputs (auditable)"
  std::string actual_outputs;    // what it produced, filled in once held
  std::string minutes_md;        // minutes in Markdown (rendered safely, never as raw HTML)
  std::optional<int64_t> invitation_list_id;  // the list participants were drawn from, if any
  std::vector<int64_t> project_ids;      // linked sister projects (registry ids)
  std::vector<int64_t> stakeholder_ids;  // linked stakeholders (beyond participants)
  int64_t version = 0;                   // optimistic lock
  std::string created_at, updated_at;
};

// Project month of a date: M1 is the month of the workspace start date, M2 the next, ...
// 0 when the date is before the start or either date is not a valid ISO date.
int ProjectMonth(std::string_view workspace_start_date, std::string_view date);
// "M14", or "" for 0.
std::string ProjectMonthLabel(int month);
// The first day of project month `month` (>= 1): ProjectMonthStart("2024-09-01", 14) = "2025-10-01".
std::string ProjectMonthStart(std::string_view workspace_start_date, int month);

// Title required (at most 300 characters); dates valid ISO and end not before start; times
// HH:MM and, on the same day, end not before start; URL http(s) or empty; text fields bounded
// (description, outputs 8000; minutes 200000). The message names the field:
// "end_date: 2025-03-01 is before the start date 2025-03-04".
Status ValidateEvent(const Event& e);

// ---- evidence ----
struct AgendaItem {
  int64_t id = 0;
  int64_t event_id = 0;
  std::string start_time;  // "HH:MM" or ""
  std::string end_time;    // "HH:MM" or ""
  std::string title;       // required
  std::string speaker;
  std::optional<int64_t> project_id;  // linked sister project
  int position = 0;
};
Status ValidateAgendaItem(const AgendaItem& a);

enum class ParticipantSource { kInvitation, kWalkIn, kUpload };
std::string ParticipantSourceKey(ParticipantSource s);  // "invitation" | "walk-in" | "upload"
std::optional<ParticipantSource> ParseParticipantSource(std::string_view s);

struct Participant {
  int64_t id = 0;
  int64_t event_id = 0;
  std::optional<int64_t> stakeholder_id;  // the registry record, when known
  std::optional<int64_t> invitation_id;   // the invitation it came from
  std::string name;                       // required
  std::string organisation;
  std::string email;
  std::string country;          // two letters, upper-case, or ""
  std::string stakeholder_type; // taxonomy key, or ""
  ParticipantSource source = ParticipantSource::kWalkIn;
  std::string checked_in_at;    // ISO timestamp, "" = not checked in
};
Status ValidateParticipant(const Participant& p);

struct Attachment {
  int64_t id = 0;
  int64_t event_id = 0;
  std::string filename;      // as uploaded, sanitised (no path)
  std::string content_type;  // sniffed, one of AllowedAttachmentTypes()
  int64_t size = 0;
  std::string sha256;        // hex of the content
  std::string label;         // "agenda", "participant list", "minutes", "slides", "photo", "other"
  std::string uploaded_at, uploaded_by;
};
// The types an attachment may have (PDF, PNG, JPEG, plain text, CSV, Markdown, DOCX, XLSX, PPTX, ODT).
const std::vector<std::string>& AllowedAttachmentTypes();
inline constexpr int64_t kMaxAttachmentBytes = 10 * 1024 * 1024;
// The labels an attachment may carry, in form order: "agenda", "participant list", "minutes",
// "slides", "photo", "other" (added by E1; storage refuses any other).
const std::vector<std::string>& AttachmentLabels();
// Decides the type from the content's first bytes and the file name's extension together: a
// mismatch ("report.pdf" that is not a PDF) or an unlisted type is refused naming the file.
Result<std::string> SniffAttachmentType(std::string_view filename, std::string_view content);

enum class ActionStatus { kOpen, kInProgress, kDone, kDropped };
std::string ActionStatusKey(ActionStatus s);    // "open" | "in-progress" | "done" | "dropped"
std::string ActionStatusLabel(ActionStatus s);
std::optional<ActionStatus> ParseActionStatus(std::string_view s);
bool IsClosed(ActionStatus s);                  // done or dropped

struct Action {
  int64_t id = 0;
  int64_t event_id = 0;
  std::string description;  // required
  // The responsible person is a known person: a member of the workspace or a stakeholder.
  std::optional<int64_t> responsible_user_id;
  std::optional<int64_t> responsible_stakeholder_id;
  std::string responsible_name;  // display name, filled by storage from the referenced record
  std::string due_date;          // ISO or ""
  ActionStatus status = ActionStatus::kOpen;
  std::string closed_at;         // ISO timestamp set when the status becomes done/dropped
  std::optional<int64_t> project_id;      // linked sister project
  std::optional<int64_t> stakeholder_id;  // linked stakeholder
  int64_t version = 0;
};
// Description required; exactly one responsible person; due date valid ISO or empty.
Status ValidateAction(const Action& a);
// Open (not closed) and due before today.
bool IsOverdue(const Action& a, std::string_view today);
// Closed as done on or before its due date (no due date counts as on time).
bool ClosedOnTime(const Action& a);

// ---- completeness: the four minimum items of seed 001 section 3.3 ----
struct EvidenceCompleteness {
  bool agenda = false;        // at least one agenda item (or an attachment labelled "agenda")
  bool participants = false;  // at least one participant
  bool minutes = false;       // minutes not blank (or an attachment labelled "minutes")
  bool actions = false;       // at least one action
  bool Complete() const { return agenda && participants && minutes && actions; }
  std::vector<std::string> Missing() const;  // {"agenda", "participant list", "minutes", "action list"} subset
};

}  // namespace corridor::domain
