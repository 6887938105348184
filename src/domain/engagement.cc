#include "domain/engagement.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "core/strings.h"
#include "domain/consent.h"

namespace corridor::domain {

namespace {

void SortUnique(std::vector<std::string>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

bool IsKeyChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'; }

bool IsKey(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  return std::all_of(s.begin(), s.end(), IsKeyChar);
}

// Type keys whose label contains any of the words (lower-case, accents folded).
std::vector<std::string> TypesMatching(const std::vector<TaxonomyEntry>& taxonomy,
                                       const std::vector<std::string>& words) {
  std::vector<std::string> out;
  for (const auto& e : taxonomy) {
    if (e.kind != TaxonomyKind::kType) continue;
    std::string label = strings::ToLower(strings::FoldAccents(e.label)) + " " + e.key;
    for (const auto& w : words)
      if (label.find(w) != std::string::npos) {
        out.push_back(e.key);
        break;
      }
  }
  return out;
}

}  // namespace

bool SegmentFilter::Empty() const {
  return types.empty() && sectors.empty() && phases.empty() && tiers.empty() && countries.empty() && tags.empty() &&
         consent.empty() && !actor && q.empty();
}

Status AddFilterValue(SegmentFilter& f, std::string_view param, std::string_view raw) {
  std::string v = strings::Trim(raw);
  std::string p(param);
  if (p == "q") {
    if (v.size() > 200) return Status::Invalid("q: at most 200 characters");
    f.q = v;
    return Status::Ok();
  }
  if (v.empty()) return Status::Ok();  // an "any" choice
  if (p == "type" || p == "sector" || p == "phase") {
    v = strings::ToLower(v);
    if (!IsKey(v)) return Status::Invalid(p + ": \"" + v + "\" is not a taxonomy key (lower-case letters, digits, -)");
    (p == "type" ? f.types : p == "sector" ? f.sectors : f.phases).push_back(v);
  } else if (p == "tier") {
    if (!ParseTier(v)) {
      std::vector<std::string> keys;
      for (Tier t : AllTiers()) keys.push_back(TierKey(t));
      return Status::Invalid("tier: \"" + v + "\" is not one of " + strings::Join(keys, ", "));
    }
    f.tiers.push_back(v);
  } else if (p == "country") {
    v = strings::ToUpper(v);
    if (v.size() != 2 || !std::isalpha(static_cast<unsigned char>(v[0])) ||
        !std::isalpha(static_cast<unsigned char>(v[1])))
      return Status::Invalid("country: \"" + v + "\" is not a two-letter code");
    f.countries.push_back(v);
  } else if (p == "tag") {
    v = strings::ToLower(v);
    if (v.size() > 64 || v.find(',') != std::string::npos)
      return Status::Invalid("tag: \"" + v + "\" is too long or holds a comma");
    f.tags.push_back(v);
  } else if (p == "consent") {
    v = strings::ToLower(v);
    if (!IsKey(v)) return Status::Invalid("consent: \"" + v + "\" is not a consent purpose");
    f.consent = v;
  } else if (p == "actor") {
    v = strings::ToLower(v);
    if (v == "yes" || v == "true" || v == "1") f.actor = true;
    else if (v == "no" || v == "false" || v == "0") f.actor = false;
    else return Status::Invalid("actor: \"" + v + "\" must be yes or no");
  } else {
    return Status::Invalid("unknown filter \"" + p + "\"");
  }
  return Status::Ok();
}

void NormaliseFilter(SegmentFilter& f) {
  for (auto* v : {&f.types, &f.sectors, &f.phases, &f.tiers, &f.countries, &f.tags}) SortUnique(*v);
}

std::vector<std::pair<std::string, std::string>> FilterParams(const SegmentFilter& f) {
  std::vector<std::pair<std::string, std::string>> out;
  auto add = [&](const char* k, const std::vector<std::string>& vs) {
    for (const auto& v : vs) out.emplace_back(k, v);
  };
  add("type", f.types);
  add("sector", f.sectors);
  add("phase", f.phases);
  add("tier", f.tiers);
  add("country", f.countries);
  add("tag", f.tags);
  if (!f.consent.empty()) out.emplace_back("consent", f.consent);
  if (f.actor) out.emplace_back("actor", *f.actor ? "yes" : "no");
  if (!f.q.empty()) out.emplace_back("q", f.q);
  return out;
}

std::string DescribeFilter(const SegmentFilter& f) {
  std::vector<std::string> parts;
  auto add = [&](const char* label, const std::vector<std::string>& vs) {
    if (!vs.empty()) parts.push_back(std::string(label) + ": " + strings::Join(vs, ", "));
  };
  add("type", f.types);
  add("sector", f.sectors);
  add("phase", f.phases);
  add("tier", f.tiers);
  add("country", f.countries);
  add("tag", f.tags);
  if (!f.consent.empty()) parts.push_back("with valid consent to " + f.consent);
  if (f.actor) parts.push_back(*f.actor ? "actors only" : "non-actors only");
  if (!f.q.empty()) parts.push_back("text \"" + f.q + "\"");
  return parts.empty() ? "everyone" : strings::Join(parts, " · ");
}

std::vector<PredefinedSegment> PredefinedSegments(const std::vector<TaxonomyEntry>& taxonomy) {
  struct Def {
    const char* name;
    const char* description;
    std::vector<std::string> words;
  };
  // Seed 001 section 2.2.1: the fit-for-purpose participant subsets.
  static const std::vector<Def> defs = {
      {"Policy-facing subgroup", "Regulators, public authorities, standardisation-oriented organisations",
       {"regulat", "policy", "public authorit", "public funding", "funding agenc", "standard"}},
      {"Industrial uptake subgroup", "Manufacturers, recyclers, end-users",
       {"industr", "manufactur", "recycl", "end-user", "end user", "compan", "sme"}},
      {"Evidence-generation subgroup", "Data providers, research organisations, technology developers",
       {"research", "data provider", "technology developer", "universit", "academ"}},
      {"Synergy subgroup", "\"Related projects and initiatives\" for clustering and alignment activities",
       {"related project", "initiative", "sister project"}},
  };
  std::vector<PredefinedSegment> out;
  for (const auto& d : defs) {
    PredefinedSegment s{d.name, d.description, {}};
    s.filter.types = TypesMatching(taxonomy, d.words);
    NormaliseFilter(s.filter);
    out.push_back(std::move(s));
  }
  return out;
}

Exclusion ExclusionFor(const InvitationCandidate& c) {
  if (c.status == StakeholderStatus::kErased) return Exclusion::kErased;
  if (c.status == StakeholderStatus::kMerged) return Exclusion::kMerged;
  if (c.status == StakeholderStatus::kPending) return Exclusion::kPending;
  if (strings::Trim(c.email).empty()) return Exclusion::kNoEmail;
  if (c.has_valid_contact_consent)
    return ConsentExpired(c.consent_at, c.retention_months, c.today) ? Exclusion::kConsentExpired : Exclusion::kNone;
  if (!c.withdrawn_at.empty()) return Exclusion::kConsentWithdrawn;
  return Exclusion::kNoValidConsent;
}

std::string ExclusionKey(Exclusion e) {
  switch (e) {
    case Exclusion::kNone: return "";
    case Exclusion::kErased: return "erased";
    case Exclusion::kMerged: return "merged";
    case Exclusion::kPending: return "pending";
    case Exclusion::kNoEmail: return "no-email";
    case Exclusion::kConsentWithdrawn: return "withdrawn";
    case Exclusion::kNoValidConsent: return "no-consent";
    case Exclusion::kConsentExpired: return "expired";
    case Exclusion::kDuplicate: return "duplicate";
  }
  return "";
}

std::string ExclusionReason(Exclusion e, const InvitationCandidate& c, int64_t duplicate_of) {
  switch (e) {
    case Exclusion::kNone: return "";
    case Exclusion::kErased: return "record erased";
    case Exclusion::kMerged:
      return c.merged_into ? "merged into #" + std::to_string(*c.merged_into) : "merged into another record";
    case Exclusion::kPending: return "e-mail not confirmed (double opt-in pending)";
    case Exclusion::kNoEmail: return "no e-mail address";
    case Exclusion::kConsentWithdrawn:
      return "consent withdrawn" + (c.withdrawn_at.size() >= 10 ? " on " + c.withdrawn_at.substr(0, 10) : "");
    case Exclusion::kNoValidConsent: return "no valid consent to be contacted";
    case Exclusion::kConsentExpired:
      return "consent expired (confirmed " + c.consent_at.substr(0, 10) + "; retention " +
             std::to_string(c.retention_months) + " months)";
    case Exclusion::kDuplicate: return "duplicate e-mail of #" + std::to_string(duplicate_of);
  }
  return "";
}

std::string NormaliseEmailKey(std::string_view email) { return strings::ToLower(strings::Trim(email)); }

std::vector<InvitationDecision> ApplyExclusions(const std::vector<InvitationCandidate>& candidates) {
  std::vector<InvitationDecision> out;
  out.reserve(candidates.size());
  std::map<std::string, int64_t> first_by_email;
  for (const auto& c : candidates) {
    InvitationDecision d{c.stakeholder_id, ExclusionFor(c), ""};
    if (d.exclusion == Exclusion::kNone) {
      auto [it, fresh] = first_by_email.emplace(NormaliseEmailKey(c.email), c.stakeholder_id);
      if (!fresh) {
        d.exclusion = Exclusion::kDuplicate;
        d.reason = ExclusionReason(d.exclusion, c, it->second);
      }
    } else {
      d.reason = ExclusionReason(d.exclusion, c);
    }
    out.push_back(std::move(d));
  }
  return out;
}

bool IsInvitationStatus(std::string_view s) {
  const auto& all = InvitationStatuses();
  return std::find(all.begin(), all.end(), s) != all.end();
}

std::vector<EngagementRow> DefaultEngagementMatrix(const std::vector<TaxonomyEntry>& taxonomy) {
  struct Def {
    const char* group;
    std::vector<std::string> words;
    const char *role, *value, *objectives;
  };
  // Seed 001 Table 3, verbatim.
  static const std::vector<Def> defs = {
      {"Public authorities and policymakers",
       {"regulat", "policy", "public authorit", "public funding", "funding agenc"},
       "Translate technical evidence into implementation and policy contexts; clarify regulatory barriers and "
       "enabling measures; act as multipliers through programmes and initiatives.",
       "Policy-ready evidence, best practices, and clear links between circular solutions and regulatory objectives; "
       "opportunities to test recommendations through dialogue.",
       "Validate regulatory assumptions; identify barriers to WEEE magnet recovery and secondary material uptake; "
       "co-develop policy briefs and workshop outcomes."},
      {"Industrial participants (SMEs to large companies)",
       {"industr", "manufactur", "compan", "sme"},
       "Provide operational feasibility checks; identify constraints in logistics, processing, quality and cost; "
       "explore adoption pathways for recovered materials and data systems.",
       "Access to early insights, networking and potential partnerships; opportunity to influence practical design "
       "choices (data sharing rules, quality requirements, adoption conditions).",
       "Validate feasibility of processes and data flows; identify minimal adoption conditions; explore replication "
       "opportunities and supply chain links."},
      {"Professional associations and clusters",
       {"association", "cluster"},
       "Act as multipliers and trusted intermediaries; distribute results to members; support matchmaking and shared "
       "positions.",
       "Ready-to-use best practices and messaging; opportunities to co-host sessions and increase member value; access "
       "to an EU project network.",
       "Scale dissemination; align best practices; co-create joint sessions; identify member needs; connect SMEs to "
       "adoption routes."},
      {"Research organisations (public and private)",
       {"research", "universit", "academ"},
       "Contribute methods, validation and interpretation; support pre-standardisation; connect to scientific "
       "community and open evidence.",
       "Access to project data narratives and results; collaboration opportunities; joint publications and method "
       "exchange.",
       "Strengthen credibility; validate assumptions; compare methods (LCA/LCC/s-LCA); identify research gaps for "
       "follow-up initiatives."},
      {"NGOs and civil society organisations",
       {"ngo", "civil society", "non-governmental"},
       "Represent societal concerns; support legitimacy and responsible innovation; help raise awareness and connect "
       "to broader sustainability dialogues.",
       "Transparent explanation of circular impacts; opportunities to influence responsible design choices; "
       "participation in events and public-facing materials.",
       "Identify social concerns and acceptance conditions; improve communication clarity; contribute to s-LCA "
       "dialogue where relevant."},
      {"General public",
       {"general public", "citizen"},
       "Indirect stakeholder group; supports awareness and societal acceptance of circular approaches; contributes to "
       "communication reach.",
       "Accessible information, quizzes and public updates; opportunities to attend public webinars and final events.",
       "Raise awareness; improve transparency; gather broad perceptions when relevant."},
  };
  std::vector<EngagementRow> out;
  int pos = 0;
  for (const auto& d : defs) {
    EngagementRow r;
    r.group_label = d.group;
    r.type_keys = TypesMatching(taxonomy, d.words);
    r.expected_role = d.role;
    r.value_proposition = d.value;
    r.objectives = d.objectives;
    r.position = ++pos;
    out.push_back(std::move(r));
  }
  return out;
}

Status ValidateEngagementRow(const EngagementRow& r) {
  if (strings::Trim(r.group_label).empty()) return Status::Invalid("group: required");
  if (r.group_label.size() > 200) return Status::Invalid("group: at most 200 characters");
  const std::pair<const char*, const std::string*> texts[] = {
      {"expected role", &r.expected_role}, {"value proposition", &r.value_proposition}, {"objectives", &r.objectives}};
  for (auto& [name, t] : texts)
    if (t->size() > 4000) return Status::Invalid(std::string(name) + ": at most 4000 characters");
  for (const auto& k : r.type_keys)
    if (!IsKey(k)) return Status::Invalid("types: \"" + k + "\" is not a taxonomy key");
  return Status::Ok();
}

}  // namespace corridor::domain
