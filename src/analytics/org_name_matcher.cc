#include "analytics/org_name_matcher.h"

#include <algorithm>
#include <cctype>
#include <unordered_map>
#include <unordered_set>

#include "analytics/text_analyzer.h"
#include "core/strings.h"

namespace corridor::analytics {

namespace {

// Legal forms removed wherever they stand as whole words (after single letters were joined,
// so "S.p.A." is "spa" and "e.V." is "ev").
const std::unordered_set<std::string_view>& LegalAnywhere() {
  static const auto* set = new std::unordered_set<std::string_view>{
      "gmbh", "mbh", "ggmbh", "ag", "aktiengesellschaft", "kg", "kgaa", "ohg", "gbr", "ev",
      "sa", "sas", "sasu", "sarl", "eurl", "sca", "scs", "scrl", "sprl", "bvba", "cvba",
      "sl", "slu", "sll", "srl", "srls", "spa", "sapa", "scarl", "bv", "nv", "vof", "ltd",
      "ltda", "lda", "limited", "plc", "llc", "llp", "inc", "incorporated", "corp", "oy",
      "oyj", "ab", "publ", "aps", "asa", "asbl", "vzw", "zrt", "nyrt", "kft", "doo",
      "sro", "spol", "spzoo", "uab", "sia", "ehf", "ltdc"};
  return *set;
}

// Short forms that are also ordinary words or initials: removed only at the end of a name.
const std::unordered_set<std::string_view>& LegalTrailing() {
  static const auto* set = new std::unordered_set<std::string_view>{
      "as", "co", "ad", "dd", "ae", "ou", "ky", "ike", "se", "cia", "bt", "ead", "ood", "eood", "sp"};
  return *set;
}

// Multi-word legal forms, matched as whole token sequences (longest listed first).
const std::vector<std::vector<std::string_view>>& LegalSequences() {
  static const auto* seqs = new std::vector<std::vector<std::string_view>>{
      {"spolka", "z", "ograniczona", "odpowiedzialnoscia"},
      {"gesellschaft", "mit", "beschrankter", "haftung"},
      {"societa", "a", "responsabilita", "limitata"},
      {"sociedad", "de", "responsabilidad", "limitada"},
      {"societe", "a", "responsabilite", "limitee"},
      {"public", "limited", "company"},
      {"private", "limited", "company"},
      {"societa", "per", "azioni"},
      {"sp", "z", "oo"},
      {"spolka", "akcyjna"},
      {"societe", "anonyme"},
      {"sociedad", "anonima"},
      {"sociedad", "limitada"},
      {"eingetragener", "verein"},
      {"besloten", "vennootschap"},
      {"naamloze", "vennootschap"},
      {"limited", "company"},
      {"company", "limited"},
      {"sp", "zoo"},
      {"sp", "k"},
  };
  return *seqs;
}

bool IsSingleLetter(std::string_view t) {
  return t.size() == 1 && std::isalpha(static_cast<unsigned char>(t[0]));
}

// "universitaet" -> "universitat": CORDIS and many forms write umlauts as digraphs, while
// FoldAccents turns "ä" into "a". Short words are left alone: they are acronyms ("UEA").
std::string CollapseDigraphs(std::string_view w) {
  std::string out(w);
  if (w.size() < 5) return out;
  std::string r;
  r.reserve(out.size());
  for (size_t i = 0; i < out.size(); ++i) {
    r += out[i];
    if ((out[i] == 'a' || out[i] == 'o' || out[i] == 'u') && i + 1 < out.size() && out[i + 1] == 'e') ++i;
  }
  return r;
}

std::vector<std::string> KeyTokens(std::string_view name) {
  const std::string folded = strings::FoldAccents(name);
  std::vector<std::string> tokens;
  std::vector<std::string_view> words = SplitWords(folded);
  for (size_t i = 0; i < words.size();) {
    if (IsSingleLetter(words[i])) {  // join "s p a" -> "spa", "e v" -> "ev"
      size_t j = i;
      std::string joined;
      while (j < words.size() && IsSingleLetter(words[j])) joined += words[j++];
      tokens.push_back(std::move(joined));
      i = j;
    } else {
      tokens.push_back(CollapseDigraphs(words[i++]));
    }
  }
  tokens.erase(std::remove(tokens.begin(), tokens.end(), "the"), tokens.end());
  return tokens;
}

std::vector<std::string> StripLegalForms(const std::vector<std::string>& in) {
  std::vector<std::string> out;
  for (size_t i = 0; i < in.size();) {
    size_t skip = 0;
    for (const auto& seq : LegalSequences()) {
      if (i + seq.size() > in.size()) continue;
      if (std::equal(seq.begin(), seq.end(), in.begin() + static_cast<std::ptrdiff_t>(i))) {
        skip = seq.size();
        break;
      }
    }
    if (skip == 0 && LegalAnywhere().count(in[i])) skip = 1;
    if (skip) {
      i += skip;
      continue;
    }
    out.push_back(in[i++]);
  }
  while (!out.empty() && (LegalTrailing().count(out.back()) || LegalAnywhere().count(out.back())))
    out.pop_back();
  return out;
}

}  // namespace

std::string NormalizeOrgName(std::string_view name) {
  std::vector<std::string> tokens = KeyTokens(name);
  std::vector<std::string> stripped = StripLegalForms(tokens);
  return strings::Join(stripped.empty() ? tokens : stripped, " ");
}

std::string_view MatchRuleName(MatchRule rule) {
  switch (rule) {
    case MatchRule::kOrganisationId: return "organisation ID";
    case MatchRule::kNormalisedName: return "normalised name";
    case MatchRule::kShortName: return "short name";
  }
  return "";
}

std::vector<PartnerMatch> MatchPartners(const std::vector<PartnerRef>& focal,
                                        const std::vector<PartnerRef>& candidates) {
  constexpr size_t kMinShortName = 3;
  // First candidate per key: lookups stay linear in the total number of partners.
  std::unordered_map<std::string, size_t> by_id, by_name, by_short;
  for (size_t i = 0; i < candidates.size(); ++i) {
    const PartnerRef& c = candidates[i];
    std::string id = strings::Trim(c.org_id);
    if (!id.empty()) by_id.emplace(std::move(id), i);
    std::string n = NormalizeOrgName(c.name);
    if (!n.empty()) by_name.emplace(std::move(n), i);
    std::string s = NormalizeOrgName(c.short_name);
    if (s.size() >= kMinShortName) by_short.emplace(std::move(s), i);
  }
  std::vector<PartnerMatch> out;
  for (size_t f = 0; f < focal.size(); ++f) {
    const PartnerRef& p = focal[f];
    std::string id = strings::Trim(p.org_id);
    if (!id.empty()) {
      if (auto it = by_id.find(id); it != by_id.end()) {
        out.push_back({f, it->second, MatchRule::kOrganisationId});
        continue;
      }
    }
    std::string n = NormalizeOrgName(p.name);
    if (!n.empty()) {
      if (auto it = by_name.find(n); it != by_name.end()) {
        out.push_back({f, it->second, MatchRule::kNormalisedName});
        continue;
      }
    }
    std::string s = NormalizeOrgName(p.short_name);
    if (s.size() >= kMinShortName) {
      if (auto it = by_short.find(s); it != by_short.end()) out.push_back({f, it->second, MatchRule::kShortName});
    }
  }
  return out;
}

}  // namespace corridor::analytics
