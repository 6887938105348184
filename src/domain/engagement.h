// Engagement rules on top of the stakeholder registry (seed 001 section 2.2): the segment filter
// (a saved selection over type, sector, phase, tier, country, consent, tags, actor flag and text),
// the four predefined subgroups of section 2.2.1, the invitation exclusion rules with the reason
// people read, and the default engagement matrix of Table 3. No I/O; JSON lives in storage.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "domain/stakeholder.h"

namespace corridor::domain {

// Within one dimension the values are alternatives (OR); dimensions combine with AND.
// An empty dimension does not filter.
struct SegmentFilter {
  std::vector<std::string> types, sectors, phases;  // taxonomy keys
  std::vector<std::string> tiers;                   // TierKey values
  std::vector<std::string> countries;               // two letters, upper-case
  std::vector<std::string> tags;                    // lower-case
  std::string consent;                              // purpose that must have a valid consent, "" = any
  std::optional<bool> actor;                        // nullopt = both
  std::string q;                                    // text in name, organisation, e-mail, interests

  bool Empty() const;
  bool operator==(const SegmentFilter&) const = default;
};

// The parameter names shared by the list page's query string, the CLI flags and the filter JSON
// arrays: type, sector, phase, tier, country, tag (repeatable), consent, actor (yes|no|""), q.
// Adds one value (normalised: trimmed, tags lower-case, countries upper-case); an invalid value
// is refused with a message naming the parameter ("tier: "x" is not one of manage-closely, ...").
Status AddFilterValue(SegmentFilter& f, std::string_view param, std::string_view value);
// Sorts and de-duplicates every list so that equal selections compare equal.
void NormaliseFilter(SegmentFilter& f);
// The filter as (param, value) pairs in a stable order: for URLs and "what this segment selects".
std::vector<std::pair<std::string, std::string>> FilterParams(const SegmentFilter& f);
// "type: policymakers, ngos · tier: manage-closely · with valid consent to contact"
std::string DescribeFilter(const SegmentFilter& f);

// ---- the four subgroups of seed 001 section 2.2.1 ----
struct PredefinedSegment {
  std::string name;         // "Policy-facing subgroup"
  std::string description;  // from the seed
  SegmentFilter filter;     // types chosen by their labels from the workspace's taxonomy
};
// Chooses each subgroup's type keys by matching words of the type labels ("regulatory",
// "policy", "public authorit", ... for policy-facing), so the subgroups follow a renamed or
// extended taxonomy too. Pass the workspace's type entries (kind kType; others are ignored).
std::vector<PredefinedSegment> PredefinedSegments(const std::vector<TaxonomyEntry>& taxonomy);

// ---- invitation exclusion rules ----
enum class Exclusion {
  kNone, kErased, kMerged, kPending, kNoEmail, kConsentWithdrawn, kNoValidConsent, kConsentExpired, kDuplicate
};

// What the invitation builder knows about one candidate.
struct InvitationCandidate {
  int64_t stakeholder_id = 0;
  StakeholderStatus status = StakeholderStatus::kActive;
  std::optional<int64_t> merged_into;
  std::string email;
  bool has_valid_contact_consent = false;  // given, confirmed, not withdrawn, purpose "contact"
  std::string withdrawn_at;                // latest withdrawal of a contact consent, "" if none
  std::string consent_at;                  // newest valid contact consent's confirmation, "" if none
  // The workspace's retention setting: a valid consent confirmed more than retention_months
  // before `today` (ISO) has expired. 0 = no retention limit.
  int retention_months = 0;
  std::string today;
};

// The first rule that applies, in this order: erased, merged, pending (not confirmed), no
// e-mail, consent withdrawn (only when no valid consent remains), no valid consent, consent
// expired under the retention setting. Duplicates are decided over the whole list (ApplyExclusions).
Exclusion ExclusionFor(const InvitationCandidate& c);
// "consent withdrawn on 2025-03-01", "no valid consent to be contacted", "duplicate e-mail of #12",
// "record erased", "merged into #7", "e-mail not confirmed (double opt-in pending)", "no e-mail address",
// "consent expired (confirmed 2023-01-05; retention 24 months)".
std::string ExclusionReason(Exclusion e, const InvitationCandidate& c, int64_t duplicate_of = 0);
// "erased", "merged", "pending", "no-email", "withdrawn", "no-consent", "expired", "duplicate"
std::string ExclusionKey(Exclusion e);

// Same e-mail across case and surrounding whitespace.
std::string NormaliseEmailKey(std::string_view email);

struct InvitationDecision {
  int64_t stakeholder_id = 0;
  Exclusion exclusion = Exclusion::kNone;
  std::string reason;  // "" when included
};
// Decides every candidate (in the given order): the per-record rules first, then, among those
// still included, a repeated e-mail keeps the first (lowest position) and excludes the others
// as duplicates of it.
std::vector<InvitationDecision> ApplyExclusions(const std::vector<InvitationCandidate>& candidates);

// ---- invitation statuses ----
inline const std::vector<std::string>& InvitationStatuses() {
  static const std::vector<std::string> s = {"invited", "accepted", "declined", "attended"};
  return s;
}
bool IsInvitationStatus(std::string_view s);

// ---- the engagement matrix of seed 001 Table 3 ----
struct EngagementRow {
  int64_t id = 0;
  std::string group_label;
  std::vector<std::string> type_keys;  // which taxonomy types the group covers
  std::string expected_role, value_proposition, objectives;
  int position = 0;
};
// The six groups of Table 3, their type keys chosen from the taxonomy by label like the subgroups.
std::vector<EngagementRow> DefaultEngagementMatrix(const std::vector<TaxonomyEntry>& taxonomy);
// Validates one row (group label required; each text at most 4000 characters): the error names the field.
Status ValidateEngagementRow(const EngagementRow& r);

}  // namespace corridor::domain
