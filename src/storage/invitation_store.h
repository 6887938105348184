// Database-to-invitation (seed 001 section 2.2): an invitation list is built from segments and
// criteria; the preview shows who is included and who is excluded and why (domain exclusion
// rules: erased, merged, pending confirmation, no e-mail, consent withdrawn, no valid consent to
// be contacted, duplicate e-mail); saving records the justification, the invitees and the
// exclusions. Each invitee's status (invited, accepted, declined, attended) is tracked with its
// time. Reused by the events issue. Every write audited (entity "invitation_list").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/engagement.h"
#include "storage/audit_store.h"
#include "storage/database.h"
#include "storage/stakeholder_query.h"

namespace corridor::storage {

// Who is a candidate: the union of the segments' selections, narrowed by `extra` when it is not
// empty (with no segment, `extra` alone selects). A consent criterion in a segment or in `extra`
// does not narrow the candidates: consent is always judged by the exclusion rules, so that
// people without it are listed as excluded, with the reason, rather than silently absent.
struct InvitationCriteria {
  std::vector<int64_t> segment_ids;
  domain::SegmentFilter extra;
};
std::string CriteriaToJson(const InvitationCriteria& c);
Result<InvitationCriteria> CriteriaFromJson(const std::string& json);

struct PreviewEntry {
  StakeholderListItem item;
  domain::Exclusion exclusion = domain::Exclusion::kNone;
  std::string reason;
};

struct InvitationPreview {
  std::vector<PreviewEntry> included, excluded;
};

struct InvitationList {
  int64_t id = 0;
  int64_t workspace_id = 0;
  std::string name, purpose, justification;
  InvitationCriteria criteria;
  std::string event_title, event_start, event_end, event_place;  // ISO date or date-time
  std::string created_by, created_at;
  int64_t invited = 0, excluded = 0;  // counts (List/Get)
};

struct Invitee {
  int64_t stakeholder_id = 0;
  std::string name, organisation, email, country, type_key, sector_key, tier;
  std::string status, status_at;
};

struct ListExclusion {
  int64_t stakeholder_id = 0;
  std::string name, organisation, reason;
};

class InvitationStore {
 public:
  explicit InvitationStore(Connection& c) : c_(c) {}

  Result<InvitationPreview> Preview(int64_t workspace_id, const InvitationCriteria& criteria);
  // Validates (name and justification required; event start/end ISO dates or date-times, end not
  // before start; the error names the field), builds the preview in the caller's transaction and
  // writes the list, its invitees (status "invited") and its exclusions with their reasons.
  Result<int64_t> Create(InvitationList list, const Actor& who);
  Result<std::vector<InvitationList>> Lists(int64_t workspace_id);
  Result<std::optional<InvitationList>> Get(int64_t workspace_id, int64_t list_id);
  Result<std::vector<Invitee>> Invitees(int64_t list_id);
  Result<std::vector<ListExclusion>> Exclusions(int64_t list_id);
  // invited | accepted | declined | attended, with the time; audited (field "status #ID").
  Status SetStatus(int64_t workspace_id, int64_t list_id, int64_t stakeholder_id, const std::string& status,
                   const Actor& who);

 private:
  Connection& c_;
};

// Checks an event date-time as the list stores it: "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM[:SS]" (a
// space is accepted for the T). Returns it canonical ("2025-03-01T09:30"), or an error.
Result<std::string> CanonicalEventTime(const std::string& value);

}  // namespace corridor::storage
