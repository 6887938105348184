// The evidence of a clustering event (seed 001 section 3.3): agenda items, the participant list
// with check-in, minutes (Markdown), attachments (base64 TEXT with a SHA-256) and the action list
// with responsible persons. Every write is audited in the caller's transaction (entities
// "event_agenda", "event_participant", "event", "event_attachment", "event_action"; entity_id is
// the item's id, except minutes which are a field of the event) and, when the event is held, runs
// the registry link (event_followup.h): its report is in last_registry_link().
//
// Every call names the workspace and the event; an id from another workspace or another event is
// "not found" (kNotFound). Caller owns the transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/event.h"
#include "storage/audit_store.h"
#include "storage/database.h"
#include "storage/event_store.h"

namespace corridor::storage {

// A participant row from a file or a form, before it is matched (importers/participant_import).
struct ParticipantRow {
  int64_t line = 0;  // row number in the file (0 = a form)
  std::string name, organisation, email, country, type;  // type: taxonomy key or label, or ""
};

struct ParticipantImportOutcome {
  int added = 0;
  int already_present = 0;  // same stakeholder or e-mail already on the list: skipped
  int matched = 0;          // of the added, linked to an existing stakeholder by e-mail
  std::vector<std::string> errors;  // "line 4: email: not a valid address" (each bad row)
  bool committed = false;   // false: errors and not skipping, nothing written
};

struct AddFromListOutcome {
  int added = 0;
  int already_present = 0;
  int declined = 0;  // invitees who declined: not added
};

// The responsible person of an action, resolved from what a user typed.
struct ResponsiblePerson {
  std::optional<int64_t> user_id;         // a member of the workspace
  std::optional<int64_t> stakeholder_id;  // or a stakeholder of the workspace
  std::string name;                       // display name
};

class EventEvidenceStore {
 public:
  explicit EventEvidenceStore(Connection& c) : c_(c) {}

  // ---- agenda ----
  Result<std::vector<domain::AgendaItem>> Agenda(int64_t workspace_id, int64_t event_id);
  // Validates (domain::ValidateAgendaItem; project_id in the workspace), appends at the end
  // (position = last + 1). Sets a.id and a.position.
  Result<int64_t> AddAgendaItem(int64_t workspace_id, domain::AgendaItem& a, const Actor& who);
  Status UpdateAgendaItem(int64_t workspace_id, const domain::AgendaItem& a, const Actor& who);
  Status DeleteAgendaItem(int64_t workspace_id, int64_t event_id, int64_t item_id, const Actor& who);
  // `item_ids` is the full new order (each item of the event exactly once, else kInvalidArgument).
  Status ReorderAgenda(int64_t workspace_id, int64_t event_id, const std::vector<int64_t>& item_ids,
                       const Actor& who);

  // ---- participants ----
  // By name (case-insensitive), then id.
  Result<std::vector<domain::Participant>> Participants(int64_t workspace_id, int64_t event_id);
  Result<std::optional<domain::Participant>> GetParticipant(int64_t workspace_id, int64_t event_id,
                                                            int64_t participant_id);
  // A walk-in or an uploaded row: validated (ValidateParticipant); when stakeholder_id is unset
  // and the e-mail matches a stakeholder of the workspace, it is linked; a linked stakeholder's
  // country and type fill empty fields. kConflict when the same stakeholder or e-mail is already
  // on the list ("email: x@y is already a participant"). Sets p.id.
  Result<int64_t> AddParticipant(int64_t workspace_id, domain::Participant& p, const Actor& who);
  // The included invitees of an invitation list of the workspace (source "invitation", linked to
  // the invitation and the stakeholder; country and type copied); those already present are
  // skipped and counted, those who declined are skipped and counted, those whose invitation
  // says "attended" come checked in. Sets the event's invitation_list_id when it has none.
  Result<AddFromListOutcome> AddFromInvitationList(int64_t workspace_id, int64_t event_id, int64_t list_id,
                                                   const Actor& who);
  // Rows from a file: every bad row reported with its line (name required, e-mail valid, country
  // two letters, type a known taxonomy key or label, e-mail repeated in the file); all or nothing
  // unless skip_bad_rows (then the good rows are added and the bad ones reported). Rows already
  // present are skipped and counted, not errors. Source "upload".
  Result<ParticipantImportOutcome> ImportParticipants(int64_t workspace_id, int64_t event_id,
                                                      const std::vector<ParticipantRow>& rows, bool skip_bad_rows,
                                                      const Actor& who);
  // The stakeholder of the workspace with this e-mail (trimmed, case-insensitive), if any.
  Result<std::optional<int64_t>> MatchStakeholderByEmail(int64_t workspace_id, const std::string& email);
  // Check-in (now) or undo. Checking in a participant who came from an invitation sets that
  // invitation's status to "attended" (InvitationStore::SetStatus); undo puts back the status it had
  // before the check-in (kept on the row; "accepted" when unknown, e.g. it came checked in).
  Status CheckIn(int64_t workspace_id, int64_t event_id, int64_t participant_id, bool checked_in,
                 const Actor& who);
  Status RemoveParticipant(int64_t workspace_id, int64_t event_id, int64_t participant_id, const Actor& who);

  // ---- minutes ----
  // Saves the Markdown (bounded like ValidateEvent; stored as text, rendered safely by the web
  // layer). Refused with kConflict when the event's version differs from expected_version (0 =
  // no check, for the CLI). Bumps the event version; audited field "minutes_md".
  Status SaveMinutes(int64_t workspace_id, int64_t event_id, const std::string& markdown, int64_t expected_version,
                     const Actor& who);

  // ---- attachments ----
  // Without content, newest first.
  Result<std::vector<domain::Attachment>> Attachments(int64_t workspace_id, int64_t event_id);
  // Size limit (kTooLarge "file: report.pdf is 12.3 MB; the limit is 10 MB"), empty file refused,
  // type sniffed (SniffAttachmentType; kInvalidArgument), file name sanitised (no path, no control
  // characters, at most 200 characters), SHA-256 hex computed, content stored as base64 TEXT.
  // label: one of "agenda", "participant list", "minutes", "slides", "photo", "other" ("" = other).
  Result<int64_t> AddAttachment(int64_t workspace_id, int64_t event_id, const std::string& filename,
                                const std::string& content, const std::string& label, const Actor& who);
  struct AttachmentContent {
    domain::Attachment meta;
    std::string content;  // the bytes, decoded
  };
  Result<std::optional<AttachmentContent>> FetchAttachment(int64_t workspace_id, int64_t event_id,
                                                           int64_t attachment_id);
  Status DeleteAttachment(int64_t workspace_id, int64_t event_id, int64_t attachment_id, const Actor& who);

  // ---- actions ----
  // In order of creation, with responsible_name filled.
  Result<std::vector<domain::Action>> Actions(int64_t workspace_id, int64_t event_id);
  Result<std::optional<domain::Action>> GetAction(int64_t workspace_id, int64_t event_id, int64_t action_id);
  // What a user typed -> a known person: a workspace member by e-mail or display name, else a
  // stakeholder of the workspace (active or pending) by e-mail or name; case-insensitive, exact.
  // kInvalidArgument 'responsible: no workspace member or stakeholder matches "X"', or
  // 'responsible: "X" matches several people; use the e-mail' when ambiguous.
  Result<ResponsiblePerson> ResolveResponsible(int64_t workspace_id, const std::string& text);
  // Validates (ValidateAction; the referenced user must be a member of the workspace, the
  // stakeholder/project in it). A closed status given here sets closed_at. Sets a.id, a.version,
  // a.responsible_name.
  Result<int64_t> AddAction(int64_t workspace_id, domain::Action& a, const Actor& who);
  // Optimistic version as events (kConflict naming who changed what). Field-level audit. A change
  // to a closed status records closed_at (now); reopening clears it.
  Status UpdateAction(int64_t workspace_id, domain::Action& a, const Actor& who);
  // done or dropped (kInvalidArgument otherwise); records closed_at = now. No version check.
  Status CloseAction(int64_t workspace_id, int64_t event_id, int64_t action_id, domain::ActionStatus status,
                     const Actor& who);
  // Back to open; closed_at cleared.
  Status ReopenAction(int64_t workspace_id, int64_t event_id, int64_t action_id, const Actor& who);
  Status DeleteAction(int64_t workspace_id, int64_t event_id, int64_t action_id, const Actor& who);

  const RegistryLinkReport& last_registry_link() const { return last_link_; }

 private:
  // Runs the registry link after an evidence write on a held event.
  Status AfterEvidenceWrite(int64_t workspace_id, int64_t event_id, const Actor& who);
  Status BumpEvent(int64_t workspace_id, int64_t event_id);
  Connection& c_;
  RegistryLinkReport last_link_;
};

// For StakeholderStore::Erase (data-subject erasure): the event participant rows of that person
// keep no personal data (name "(erased)", organisation and e-mail blanked; country and type stay
// for the KPIs). Caller owns the transaction; returns the rows changed.
Result<int64_t> AnonymiseEventParticipants(Connection& c, int64_t workspace_id, int64_t stakeholder_id);
// For stakeholder merges: participants, links and actions of `from` point at `to`.
Status RepointEventStakeholder(Connection& c, int64_t from, int64_t to);
// An action from a row of event_actions with its responsible_name (the follow-up lists read it too).
domain::Action ActionFromRow(const Row& r);

}  // namespace corridor::storage
