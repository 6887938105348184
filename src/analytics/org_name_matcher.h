// Organisation name matching between a focal consortium and CORDIS participants, which spell
// the same legal entity differently ("Technische Universität München" vs "TECHNISCHE
// UNIVERSITAET MUENCHEN", "Eni S.p.A." vs "ENI SPA"). No I/O.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::analytics {

// A matching key, not a display name: accents folded, lower case, punctuation removed, German
// digraphs collapsed in words of 5+ letters ("muenchen" -> "munchen", the form CORDIS gets
// when it drops umlauts), runs of single letters joined ("e.V." -> "ev", "S.p.A." -> "spa"),
// "the" and legal forms (GmbH, S.A., Ltd, sp. z o.o., ...) removed as whole words, spaces
// collapsed. Ambiguous short forms ("as", "co", "ad") are removed only at the end. If nothing
// but legal forms remains, the name without "the" is kept rather than an empty key.
std::string NormalizeOrgName(std::string_view name);

struct PartnerRef {
  std::string org_id;  // CORDIS organisation id (PIC); may be empty
  std::string name;
  std::string short_name;
};

enum class MatchRule {
  kOrganisationId,  // identical non-empty org_id
  kNormalisedName,  // identical NormalizeOrgName(name)
  kShortName,       // identical normalised short names, both at least 3 characters
};
std::string_view MatchRuleName(MatchRule rule);  // "organisation ID", "normalised name", "short name"

struct PartnerMatch {
  size_t focal_index;      // into the focal list
  size_t candidate_index;  // into the candidate list (the first one matching by the best rule)
  MatchRule rule;
};

// At most one match per focal partner, in focal order; the strongest rule wins (organisation
// ID, then normalised name, then short name).
std::vector<PartnerMatch> MatchPartners(const std::vector<PartnerRef>& focal,
                                        const std::vector<PartnerRef>& candidates);

}  // namespace corridor::analytics
