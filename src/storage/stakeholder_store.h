// The stakeholders of a workspace (issue 3): validated create/update with optimistic locking and
// a field-level audit trail (entity "stakeholder"), lookup by e-mail, possible duplicates by
// similar name and organisation, anonymising erasure, and the signed-link tokens (only their
// SHA-256 is stored) used for double opt-in and the data-subject self-service page.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/stakeholder.h"
#include "storage/audit_store.h"
#include "storage/database.h"

namespace corridor::storage {

inline constexpr const char* kStakeholderEntity = "stakeholder";
inline constexpr const char* kTokenConfirm = "confirm";
inline constexpr const char* kTokenSelfService = "self-service";

class StakeholderStore {
 public:
  explicit StakeholderStore(Connection& c) : c_(c) {}

  Result<std::optional<domain::Stakeholder>> Get(int64_t workspace_id, int64_t id);
  // Lower-cases and trims the e-mail first.
  Result<std::optional<domain::Stakeholder>> FindByEmail(int64_t workspace_id, const std::string& email);
  Result<int64_t> Count(int64_t workspace_id);

  // Normalises and inserts (s.workspace_id set). kInvalidArgument names the field; kConflict
  // when the e-mail is already in the workspace. Caller owns the transaction.
  Result<int64_t> Create(domain::Stakeholder& s, const Actor& who);
  // Normalises and updates the editable fields; refused with kConflict when the stored version
  // differs from s.version, naming who changed which fields since. No change = no new version.
  Status Update(domain::Stakeholder& s, const Actor& who);
  // Pending -> active (double opt-in confirmed).
  Status Confirm(int64_t workspace_id, int64_t id, const Actor& who);
  // Anonymises: personal fields blanked, e-mail NULL, status erased, consents withdrawn, tokens and
  // queued mail to the address deleted, personal values scrubbed from earlier audit entries; one
  // audit entry "erase" (who, when, why) remains.
  Status Erase(int64_t workspace_id, int64_t id, const Actor& who, const std::string& why);

  // Records in the workspace (not erased/merged, not `exclude_id`) whose normalised name and
  // organisation equal those given (accents, case, punctuation and legal-form words ignored).
  Result<std::vector<domain::Stakeholder>> PossibleDuplicates(int64_t workspace_id, const std::string& name,
                                                              const std::string& organisation, int64_t exclude_id = 0);

  // Re-registration with a known e-mail (issue 3): the submitted name, organisation, country,
  // type/sector/phase and interests wait in stakeholder_pending_changes, tied to the confirm token
  // mailed to the address, so that knowing someone's address is not enough to change their record.
  Status HoldChanges(const domain::Stakeholder& proposed, const std::string& confirm_token);
  // Applies the changes held for this confirm token to the record (audited as `who`) and drops
  // them; false when none were held. Caller owns the transaction.
  Result<bool> ApplyHeldChanges(int64_t workspace_id, int64_t id, const std::string& confirm_token, const Actor& who);

  // Flags the active or pending records that resemble `s` (PossibleDuplicates) as possible
  // duplicates of it, for the record and the duplicates page; returns the records flagged.
  // `source`: "registration" | "import". Caller owns the transaction.
  Result<std::vector<domain::Stakeholder>> FlagPossibleDuplicates(const domain::Stakeholder& s,
                                                                  const std::string& source);
  struct DuplicateFlag {
    int64_t stakeholder_id = 0, other_id = 0;  // the newcomer, the record it resembles
    std::string reason, source, flagged_at;
  };
  // Flags where `id` is either side (id = 0: the whole workspace), both records still active or pending.
  Result<std::vector<DuplicateFlag>> DuplicateFlags(int64_t workspace_id, int64_t id = 0);

  // A new random token for a signed link; only its hash is stored.
  Result<std::string> CreateToken(int64_t stakeholder_id, const std::string& purpose, int ttl_hours);
  // The stakeholder a token belongs to, if it exists for this purpose, has not expired and (for
  // confirm tokens) has not been used.
  Result<std::optional<int64_t>> FindToken(const std::string& raw, const std::string& purpose);
  Status UseToken(const std::string& raw);

 private:
  Connection& c_;
};

domain::Stakeholder ToStakeholder(const Row& r);
// "acme gmbh" and "ACME, GmbH." compare equal: folded, lower-case, letters and digits only,
// common legal-form words dropped.
std::string NormalisedOrgKey(const std::string& s);

}  // namespace corridor::storage
