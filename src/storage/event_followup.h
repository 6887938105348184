// Follow-up across the events of a workspace (issue 4, points 3 and 4): evidence completeness per
// event and the held events missing any of the four minimum items; open actions across events by
// responsible person, overdue first; the registry link (a documented joint event moves each linked
// sister project from shortlist to interaction_filtered, once, justified by a link to the event);
// and a bulk seeding helper for benchmarks and tests.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/event.h"
#include "storage/audit_store.h"
#include "storage/database.h"
#include "storage/event_store.h"

namespace corridor::storage {

struct IncompleteEvent {
  EventSummary summary;
  std::vector<std::string> missing;  // EvidenceCompleteness::Missing(), e.g. {"minutes", "action list"}
};

struct OpenAction {
  domain::Action action;  // responsible_name filled
  int64_t event_id = 0;
  std::string event_title, event_date;  // event start date
  bool overdue = false;
};

struct OpenActionGroup {
  std::string responsible_name;
  std::optional<int64_t> user_id, stakeholder_id;  // who (exactly one set)
  int overdue = 0;                                 // how many of the group's actions are overdue
  std::vector<OpenAction> actions;                 // overdue first, then due date ascending (no date last)
};

class EventFollowup {
 public:
  explicit EventFollowup(Connection& c) : c_(c) {}

  // The four minimum items of one event (an attachment labelled "agenda" / "minutes" counts).
  Result<domain::EvidenceCompleteness> Completeness(int64_t workspace_id, int64_t event_id);
  // Held events missing any item, oldest (start date) first.
  Result<std::vector<IncompleteEvent>> IncompleteHeldEvents(int64_t workspace_id);
  // Open (not done/dropped) actions of every event in the workspace, flat: overdue first, then due
  // date ascending (no date last), then event date and id. `today` ISO (tests pass a fixed day).
  Result<std::vector<OpenAction>> OpenActions(int64_t workspace_id, const std::string& today);
  // The same grouped by responsible person: groups with overdue actions first (most overdue
  // first), then by earliest due date, then by name.
  Result<std::vector<OpenActionGroup>> OpenActionsByPerson(int64_t workspace_id, const std::string& today);

  // Point 4. When the event is held and its evidence complete, each linked sister project at stage
  // shortlist that this event has not moved before is moved to interaction_filtered through
  // RegistryStore::MoveStage with the justification
  //   "Joint event documented: <title> (<start date>) /w/<slug>/events/<id>"
  // and the move is recorded (event_registry_moves), so it never happens twice. Projects at other
  // stages are left and reported with the reason. Caller owns the transaction; the event writes
  // call it themselves, so it is rarely needed directly.
  Result<RegistryLinkReport> ApplyRegistryLink(int64_t workspace_id, int64_t event_id, const Actor& who);
  // The same report without moving anything (for the event page).
  Result<RegistryLinkReport> RegistryLinkStatus(int64_t workspace_id, int64_t event_id);
  // The events that moved a project (for the registry record), newest first.
  struct ProjectEventMove {
    int64_t event_id = 0;
    std::string event_title, event_date, moved_at;
  };
  Result<std::vector<ProjectEventMove>> MovesForProject(int64_t workspace_id, int64_t project_id);

  // Benchmarks and tests: one event (`e`, inserted as given, status kept) with n_participants
  // participants (every third checked in, every fifth linked to no e-mail), n_agenda agenda items
  // and n_actions actions (responsible: the workspace member `responsible_user_id`; due dates
  // spread before and after 2025-06-01; one in four done) written with prepared statements in
  // the caller's transaction. Audited once ("seed"). Returns the event id.
  Result<int64_t> SeedBulkEvent(int64_t workspace_id, domain::Event e, int n_participants, int n_agenda,
                                int n_actions, int64_t responsible_user_id, const Actor& who);

 private:
  Connection& c_;
};

// Completeness from counts, the one rule shared by lists and the event page.
domain::EvidenceCompleteness CompletenessFrom(int64_t agenda_items, int64_t agenda_attachments,
                                              int64_t participants, const std::string& minutes_md,
                                              int64_t minutes_attachments, int64_t actions);

}  // namespace corridor::storage
