// Duplicates of the stakeholder registry (issue 3 point 7): pairs of records with the same
// e-mail (across case and surrounding whitespace) or a similar name and organisation, and the
// field-by-field merge of two records: the survivor takes the chosen values, the other's
// consents, invitations and links move to it, the other is marked merged (merged_into) and the
// whole story stays in the audit log (entity "stakeholder", actions "merge" / "merged-into").
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "domain/stakeholder.h"
#include "storage/audit_store.h"
#include "storage/database.h"

namespace corridor::storage {

struct DuplicatePair {
  domain::Stakeholder a, b;  // a.id < b.id
  std::string reason;        // "same e-mail" | "similar name and organisation"
};

// The fields a merge chooses between, in display order: name, organisation, email, country,
// type_key, sector_key, phase_key, interests, tags, influence, interest, is_actor, notes.
const std::vector<std::string>& MergeFields();
// The field's stored text form ("" for none), as the merge page shows it.
std::string MergeFieldText(const domain::Stakeholder& s, const std::string& field);

class StakeholderMerge {
 public:
  explicit StakeholderMerge(Connection& c) : c_(c) {}

  // Active and pending records only; at most `limit` pairs, oldest first.
  Result<std::vector<DuplicatePair>> FindDuplicates(int64_t workspace_id, int limit = 200);
  // Merges `other_id` into `survivor_id`. `take_other` lists the fields whose value comes from
  // the other record (the rest keep the survivor's). Caller owns the transaction. Refused when
  // either is missing, erased or merged, or they are the same record.
  Status Merge(int64_t workspace_id, int64_t survivor_id, int64_t other_id, const std::vector<std::string>& take_other,
               const Actor& who);

 private:
  Connection& c_;
};

}  // namespace corridor::storage
