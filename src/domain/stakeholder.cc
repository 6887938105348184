#include "domain/stakeholder.h"

#include <algorithm>
#include <cctype>

#include "core/strings.h"

namespace corridor::domain {

std::string StakeholderStatusKey(StakeholderStatus s) {
  switch (s) {
    case StakeholderStatus::kPending: return "pending";
    case StakeholderStatus::kActive: return "active";
    case StakeholderStatus::kErased: return "erased";
    case StakeholderStatus::kMerged: return "merged";
  }
  return "active";
}

std::optional<StakeholderStatus> ParseStakeholderStatus(std::string_view key) {
  for (auto s : {StakeholderStatus::kPending, StakeholderStatus::kActive, StakeholderStatus::kErased,
                 StakeholderStatus::kMerged})
    if (StakeholderStatusKey(s) == key) return s;
  return std::nullopt;
}

std::string TaxonomyKindKey(TaxonomyKind k) {
  switch (k) {
    case TaxonomyKind::kType: return "type";
    case TaxonomyKind::kSector: return "sector";
    case TaxonomyKind::kPhase: return "phase";
  }
  return "type";
}

const std::vector<TaxonomyEntry>& DefaultTaxonomy() {
  // Seed 001 section 2.2.1: the eight stakeholder types, the sectors (value-chain position and
  // end-use context) and the value-chain phases they name.
  static const std::vector<TaxonomyEntry> t = {
      {TaxonomyKind::kType, "policymakers", "Regulatory bodies and policymakers"},
      {TaxonomyKind::kType, "funding-agencies", "Public funding agencies"},
      {TaxonomyKind::kType, "ngos", "NGOs"},
      {TaxonomyKind::kType, "professional-associations", "Professional associations"},
      {TaxonomyKind::kType, "industrial-actors", "Industrial actors"},
      {TaxonomyKind::kType, "research-organisations", "Public and private research organisations"},
      {TaxonomyKind::kType, "general-public", "General public"},
      {TaxonomyKind::kType, "related-projects", "Related projects and initiatives"},
      {TaxonomyKind::kSector, "e-waste-management", "Recycling and e-waste management"},
      {TaxonomyKind::kSector, "hdd-electronics-manufacturing", "Manufacturers of HDDs and electronic devices"},
      {TaxonomyKind::kSector, "weee-recycling", "WEEE recycling"},
      {TaxonomyKind::kSector, "upcycling", "Upcycling (Fe, B, Nd recovery)"},
      {TaxonomyKind::kSector, "fertilisers-agrichemicals", "Fertilisers / agrichemicals"},
      {TaxonomyKind::kSector, "green-ammonia", "Green ammonia"},
      {TaxonomyKind::kSector, "pharmaceuticals", "Pharmaceuticals"},
      {TaxonomyKind::kSector, "chemicals", "Chemicals"},
      {TaxonomyKind::kSector, "other", "Other"},
      {TaxonomyKind::kPhase, "collection", "Collection"},
      {TaxonomyKind::kPhase, "recycling", "Recycling"},
      {TaxonomyKind::kPhase, "upcycling", "Upcycling"},
      {TaxonomyKind::kPhase, "end-use", "Downstream end use"},
  };
  return t;
}

std::string TierKey(Tier t) {
  switch (t) {
    case Tier::kManageClosely: return "manage-closely";
    case Tier::kKeepSatisfied: return "keep-satisfied";
    case Tier::kKeepInformed: return "keep-informed";
    case Tier::kMonitor: return "monitor";
  }
  return "monitor";
}

std::string TierLabel(Tier t) {
  switch (t) {
    case Tier::kManageClosely: return "Manage closely";
    case Tier::kKeepSatisfied: return "Keep satisfied";
    case Tier::kKeepInformed: return "Keep informed";
    case Tier::kMonitor: return "Monitor";
  }
  return "Monitor";
}

const std::vector<Tier>& AllTiers() {
  static const std::vector<Tier> t = {Tier::kManageClosely, Tier::kKeepSatisfied, Tier::kKeepInformed, Tier::kMonitor};
  return t;
}

std::optional<Tier> ParseTier(std::string_view key) {
  for (Tier t : AllTiers())
    if (TierKey(t) == key) return t;
  return std::nullopt;
}

std::optional<Tier> TierFor(std::optional<int> influence, std::optional<int> interest) {
  if (!influence || !interest) return std::nullopt;
  bool high_influence = *influence >= 3, high_interest = *interest >= 3;
  if (high_influence && high_interest) return Tier::kManageClosely;
  if (high_influence) return Tier::kKeepSatisfied;
  if (high_interest) return Tier::kKeepInformed;
  return Tier::kMonitor;
}

namespace {

// Counts code points, so that a limit means what a person sees, not bytes.
size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

bool HasControl(std::string_view s, bool allow_newlines) {
  for (unsigned char c : s) {
    if (allow_newlines && (c == '\n' || c == '\r' || c == '\t')) continue;
    if (c < 0x20 || c == 0x7F) return true;
  }
  return false;
}

Status CheckText(const char* field, std::string& v, size_t max, bool multiline) {
  v = strings::Trim(v);
  if (!strings::IsValidUtf8(v)) return Status::Invalid(std::string(field) + ": not valid UTF-8 text");
  if (HasControl(v, multiline)) return Status::Invalid(std::string(field) + ": contains control characters");
  if (Utf8Length(v) > max)
    return Status::Invalid(std::string(field) + ": at most " + std::to_string(max) + " characters (got " +
                           std::to_string(Utf8Length(v)) + ")");
  return Status::Ok();
}

Status CheckKey(const char* field, std::string& v) {
  v = strings::ToLower(strings::Trim(v));
  if (v.size() > 64) return Status::Invalid(std::string(field) + ": unknown value");
  for (char c : v)
    if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '-'))
      return Status::Invalid(std::string(field) + ": unknown value \"" + v + "\"");
  return Status::Ok();
}

}  // namespace

bool IsValidEmail(std::string_view e) {
  if (e.empty() || e.size() > 254) return false;
  auto at = e.find('@');
  if (at == std::string_view::npos || at == 0 || at != e.rfind('@') || at > 64) return false;
  std::string_view local = e.substr(0, at), domain = e.substr(at + 1);
  if (domain.size() < 3 || domain.find('.') == std::string_view::npos || domain.front() == '.' ||
      domain.back() == '.' || domain.find("..") != std::string_view::npos)
    return false;
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) return false;
  for (unsigned char c : local)
    if (!(std::isalnum(c) || std::string_view("!#$%&'*+/=?^_`{|}~.-").find(static_cast<char>(c)) != std::string_view::npos))
      return false;
  for (unsigned char c : domain)
    if (!(std::isalnum(c) || c == '-' || c == '.')) return false;
  return true;
}

Status NormaliseStakeholder(Stakeholder& s) {
  bool erased = s.status == StakeholderStatus::kErased;
  CORRIDOR_RETURN_IF_ERROR(CheckText("name", s.name, 200, false));
  if (s.name.empty() && !erased) return Status::Invalid("name: required");
  CORRIDOR_RETURN_IF_ERROR(CheckText("organisation", s.organisation, 200, false));
  CORRIDOR_RETURN_IF_ERROR(CheckText("email", s.email, 254, false));
  s.email = strings::ToLower(s.email);
  if (!s.email.empty() && !IsValidEmail(s.email))
    return Status::Invalid("email: not a valid address (expected name@example.org)");
  s.country = strings::ToUpper(strings::Trim(s.country));
  if (!s.country.empty() &&
      (s.country.size() != 2 || !std::isalpha(static_cast<unsigned char>(s.country[0])) ||
       !std::isalpha(static_cast<unsigned char>(s.country[1]))))
    return Status::Invalid("country: two letters expected (ISO 3166, e.g. DE, EL)");
  CORRIDOR_RETURN_IF_ERROR(CheckKey("type", s.type_key));
  CORRIDOR_RETURN_IF_ERROR(CheckKey("sector", s.sector_key));
  CORRIDOR_RETURN_IF_ERROR(CheckKey("phase", s.phase_key));
  CORRIDOR_RETURN_IF_ERROR(CheckText("interests", s.interests, 2000, true));
  CORRIDOR_RETURN_IF_ERROR(CheckText("notes", s.notes, 4000, true));
  std::vector<std::string> tags;
  for (std::string t : s.tags) {
    for (std::string& piece : strings::Split(t, ',')) {
      CORRIDOR_RETURN_IF_ERROR(CheckText("tags", piece, 50, false));
      piece = strings::ToLower(piece);
      if (!piece.empty() && std::find(tags.begin(), tags.end(), piece) == tags.end()) tags.push_back(piece);
    }
  }
  if (tags.size() > 30) return Status::Invalid("tags: at most 30 tags");
  s.tags = tags;
  if (s.influence && (*s.influence < 1 || *s.influence > 5)) return Status::Invalid("influence: a score from 1 to 5");
  if (s.interest && (*s.interest < 1 || *s.interest > 5)) return Status::Invalid("interest: a score from 1 to 5");
  if (s.source != "registration" && s.source != "import" && s.source != "manual")
    return Status::Invalid("source: registration, import or manual");
  return Status::Ok();
}

}  // namespace corridor::domain
