// A stakeholder of a workspace (seed 001 section 2.2): who they are, how they are classified
// (type, sector, value-chain phase: a per-workspace taxonomy), their influence and interest
// (which give the tier), and whether they are an actor. Consents live beside it (consent.h).
// No I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace corridor::domain {

enum class StakeholderStatus { kPending, kActive, kErased, kMerged };
std::string StakeholderStatusKey(StakeholderStatus s);  // "pending" | "active" | "erased" | "merged"
std::optional<StakeholderStatus> ParseStakeholderStatus(std::string_view key);

struct Stakeholder {
  int64_t id = 0;
  int64_t workspace_id = 0;
  std::string name;
  std::string organisation;
  std::string email;          // lower-case; "" once erased
  std::string country;        // two letters
  std::string type_key;       // taxonomy keys ("" = not given)
  std::string sector_key;
  std::string phase_key;
  std::string interests;
  std::vector<std::string> tags;  // lower-case, trimmed, unique
  std::optional<int> influence;   // 1..5
  std::optional<int> interest;    // 1..5
  bool is_actor = false;
  std::string notes;
  std::string source = "manual";  // "registration" | "import" | "manual"
  StakeholderStatus status = StakeholderStatus::kActive;
  std::optional<int64_t> merged_into;
  std::string created_at, updated_at, confirmed_at, erased_at;
  int64_t version = 0;
};

// ---- taxonomy ----
enum class TaxonomyKind { kType, kSector, kPhase };
std::string TaxonomyKindKey(TaxonomyKind k);  // "type" | "sector" | "phase"
struct TaxonomyEntry {
  TaxonomyKind kind;
  std::string key;    // stable, lower-case, [a-z0-9-]
  std::string label;  // as shown
};
// The defaults a new workspace starts with: the eight stakeholder types of seed 001 section
// 2.2.1, its sectors (value-chain / end-use contexts) and phases.
const std::vector<TaxonomyEntry>& DefaultTaxonomy();

// ---- tiers (influence-interest matrix) ----
// Influence and interest are 1..5; a score of 3 or more counts as high.
enum class Tier { kManageClosely, kKeepSatisfied, kKeepInformed, kMonitor };
std::string TierKey(Tier t);    // "manage-closely" | "keep-satisfied" | "keep-informed" | "monitor"
std::string TierLabel(Tier t);  // "Manage closely" | ...
std::optional<Tier> ParseTier(std::string_view key);
const std::vector<Tier>& AllTiers();
// nullopt when either score is missing.
std::optional<Tier> TierFor(std::optional<int> influence, std::optional<int> interest);

// A plain e-mail address check (one @, a dotted domain, no spaces or quotes); at most 254 chars.
bool IsValidEmail(std::string_view email);

// Normalises (trims, lower-cases the e-mail and tags, upper-cases the country) and validates
// one record; the error names the field ("email: not a valid address").
Status NormaliseStakeholder(Stakeholder& s);

}  // namespace corridor::domain
