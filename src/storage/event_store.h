// Clustering events of a workspace (issue 4, seed 001 sections 3.2-3.3): validated create/update
// with optimistic locking and a field-level audit trail (entity "event"), the linked sister
// projects and stakeholders, filtered lists and the timeline with project months. The evidence
// (agenda, participants, minutes, attachments, actions) is in event_evidence_store.h; completeness,
// follow-up and the registry link in event_followup.h.
//
// Every query is scoped by workspace_id: an id from another workspace is "not found". Caller owns
// the transaction for every write (storage::Transaction), so a handler can group several writes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/event.h"
#include "storage/audit_store.h"
#include "storage/database.h"

namespace corridor::storage {

inline constexpr const char* kEventEntity = "event";
inline constexpr const char* kEventAgendaEntity = "event_agenda";
inline constexpr const char* kEventParticipantEntity = "event_participant";
inline constexpr const char* kEventAttachmentEntity = "event_attachment";
inline constexpr const char* kEventActionEntity = "event_action";

struct EventQuery {
  std::string status;   // status key or ""
  std::string kind;     // kind key or ""
  std::string purpose;  // purpose key or ""
  std::string from;     // ISO date: events ending on or after it; "" = no bound
  std::string to;       // ISO date: events starting on or before it; "" = no bound
  std::string text;     // case-insensitive match in title, place, organiser, milestone, description
  bool descending = false;  // sorted by start date (then id); newest first when true
  int limit = 500;          // capped at 5000
  int offset = 0;
};

// One event in a list or on the timeline, with its evidence counts.
struct EventSummary {
  domain::Event event;  // minutes_md is left empty in lists (it can be large); links are filled
  int project_month = 0;  // of the start date, from the workspace start date (0 = before/unknown)
  int64_t agenda_items = 0, participants = 0, checked_in = 0, attachments = 0;
  int64_t actions = 0, open_actions = 0;
  domain::EvidenceCompleteness completeness;
};

// Why a registry move did or did not happen for one linked sister project (point 4).
struct RegistryLinkEntry {
  int64_t project_id = 0;
  std::string acronym;
  std::string stage;     // stage key before (moved) or now (not moved)
  bool moved = false;    // moved shortlist -> interaction_filtered by this event (now or before)
  std::string reason;    // "moved", "already moved by this event", "at stage longlist: not shortlisted", ...
};
struct RegistryLinkReport {
  bool applies = false;  // the event is held and its evidence complete
  std::vector<RegistryLinkEntry> entries;
  std::vector<int64_t> moved_now;  // project ids moved by the write that produced this report
};

class EventStore {
 public:
  explicit EventStore(Connection& c) : c_(c) {}

  // Full record (minutes and links included), or nullopt when absent or in another workspace.
  Result<std::optional<domain::Event>> Get(int64_t workspace_id, int64_t id);
  Result<std::vector<EventSummary>> List(int64_t workspace_id, const EventQuery& q);
  Result<int64_t> Count(int64_t workspace_id, const EventQuery& q);
  // Every event of the workspace (planned milestones, held and cancelled), by start date, with
  // its project month: the timeline of point 1.
  Result<std::vector<EventSummary>> Timeline(int64_t workspace_id);
  // One event's summary (counts, completeness, project month); nullopt when not found.
  Result<std::optional<EventSummary>> Summary(int64_t workspace_id, int64_t id);

  // Validates (domain::ValidateEvent; kInvalidArgument naming the field), checks that the linked
  // projects/stakeholders and the invitation list belong to the workspace ("project_ids: no sister
  // project #7 in this workspace"), inserts with version 1 and audits "create". Sets e.id,
  // e.version, created_at/updated_at. e.workspace_id must be set. e.minutes_md is stored as given.
  Result<int64_t> Create(domain::Event& e, const Actor& who);
  // Validates and updates every field and the links; refused with kConflict when the stored
  // version differs from e.version (the message names who changed which fields since; the
  // caller keeps the input). Audits each changed field (old -> new). No change = no new version.
  // A status change to held runs the registry link (event_followup.h) in the same transaction;
  // its report is in last_registry_link().
  Status Update(domain::Event& e, const Actor& who);
  // Just the status (CLI `event status`), without a version check; audited; runs the link.
  Status SetStatus(int64_t workspace_id, int64_t id, domain::EventStatus status, const Actor& who);
  // Replaces the linked projects and stakeholders (each validated), bumps the version, audits
  // field "project_ids"/"stakeholder_ids" old -> new (acronyms / names).
  Status SetLinks(int64_t workspace_id, int64_t id, const std::vector<int64_t>& project_ids,
                  const std::vector<int64_t>& stakeholder_ids, const Actor& who);
  // Deletes the event and all its evidence (ON DELETE CASCADE); audited "delete" with the title.
  Status Delete(int64_t workspace_id, int64_t id, const Actor& who);

  // The project month of `date` in this workspace (0 when before the start or no start date).
  Result<int> ProjectMonthOf(int64_t workspace_id, const std::string& date);

  // What the last write that could complete the event did to the registry (empty otherwise).
  const RegistryLinkReport& last_registry_link() const { return last_link_; }

 private:
  Connection& c_;
  RegistryLinkReport last_link_;
};

// Row -> Event (links not loaded). Shared by the evidence and follow-up stores.
domain::Event ToEvent(const Row& r);

}  // namespace corridor::storage
