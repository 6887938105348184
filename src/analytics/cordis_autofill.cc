#include "analytics/cordis_autofill.h"

#include <algorithm>
#include <cctype>
#include <unordered_set>

#include "analytics/org_name_matcher.h"
#include "core/strings.h"
#include "storage/registry_store.h"

namespace corridor::analytics {

using domain::FieldSpec;
using domain::FieldType;

namespace {

constexpr const char* kEntity = "sister_project";

std::string JsonString(const std::string& s) {
  std::string out = "\"";
  for (char ch : s) {
    unsigned char u = static_cast<unsigned char>(ch);
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += ch;
    } else if (ch == '\n') {
      out += "\\n";
    } else if (u < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", u);
      out += buf;
    } else {
      out += ch;  // UTF-8 passes through
    }
  }
  return out + "\"";
}

// Cuts s to at most max_bytes on a UTF-8 boundary, preferring a word boundary, with "…".
std::string Cut(const std::string& s, size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  static const std::string kEllipsis = "\xE2\x80\xA6";
  size_t limit = max_bytes > kEllipsis.size() ? max_bytes - kEllipsis.size() : 0;
  size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
  size_t space = s.rfind(' ', cut);
  if (space != std::string::npos && space > limit / 2) cut = space;
  std::string out = s.substr(0, cut);
  while (!out.empty() && (out.back() == ' ' || out.back() == ',' || out.back() == ';')) out.pop_back();
  return out + kEllipsis;
}

std::string CollapseSpaces(const std::string& s) {
  std::string out;
  bool space = false;
  for (char ch : s) {
    if (ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += ch;
  }
  return out;
}

// The key under which an organisation is counted once, however many roles it has.
std::string OrgKey(const storage::CorpusOrganization& o) {
  std::string id = strings::Trim(o.org_id);
  if (!id.empty()) return "id:" + id;
  return "name:" + NormalizeOrgName(o.name);
}

bool IsAbbreviation(const std::string& word) {
  static const std::set<std::string> kAbbrev = {"e.g", "i.e", "etc", "al", "approx", "vs", "incl", "cf", "dr",
                                                "prof", "no", "fig", "ca", "resp", "esp", "viz", "st", "mr",
                                                "ms", "co", "ltd", "inc", "eq", "ref", "vol"};
  std::string w = strings::ToLower(word);
  while (!w.empty() && (w.front() == '(' || w.front() == '"' || w.front() == '\'')) w.erase(w.begin());
  if (w.size() == 1 && std::isalpha(static_cast<unsigned char>(w[0]))) return true;  // an initial: "J. Smith"
  return kAbbrev.count(w) > 0;
}

// End offsets (exclusive) of the sentences of already-collapsed text.
std::vector<size_t> SentenceEnds(const std::string& t) {
  std::vector<size_t> ends;
  for (size_t i = 0; i < t.size(); ++i) {
    char ch = t[i];
    if (ch != '.' && ch != '!' && ch != '?') continue;
    size_t j = i + 1;
    while (j < t.size() && (t[j] == '"' || t[j] == '\'' || t[j] == ')')) ++j;
    if (j < t.size() && t[j] != ' ') continue;  // "3.5", "www.x.eu"
    if (j + 1 < t.size()) {
      unsigned char next = static_cast<unsigned char>(t[j + 1]);
      if (std::islower(next)) continue;  // "approx. ten", not a new sentence
    }
    if (ch == '.') {
      size_t start = t.rfind(' ', i);
      std::string word = t.substr(start == std::string::npos ? 0 : start + 1, i - (start == std::string::npos ? 0 : start + 1));
      if (IsAbbreviation(word)) continue;
    }
    ends.push_back(j);
  }
  return ends;
}

std::vector<std::string> SplitKeywords(const std::string& raw) {
  char sep = raw.find(';') != std::string::npos ? ';' : ',';
  std::vector<std::string> out;
  for (auto& k : strings::Split(raw, sep)) {
    std::string t = strings::Trim(k);
    if (!t.empty()) out.push_back(t);
  }
  return out;
}

// Validation messages name fields by label; "{focal}" in a label is the workspace's acronym.
std::vector<domain::FieldError> WithFocal(std::vector<domain::FieldError> errors, const std::string& acronym) {
  for (auto& e : errors) e.message = strings::ReplaceAll(e.message, "{focal}", acronym.empty() ? "focal project" : acronym);
  return errors;
}

std::string FrameworkFromCodes(const storage::CorpusProject& p) {
  for (const std::string* code : {&p.legal_basis, &p.topic, &p.master_call, &p.sub_call}) {
    std::string u = strings::ToUpper(*code);
    if (strings::StartsWith(u, "HORIZON.") || strings::StartsWith(u, "HORIZON-")) return "HORIZON";
    if (strings::StartsWith(u, "H2020")) return "H2020";
    if (strings::StartsWith(u, "FP7")) return "FP7";
  }
  return "";
}

}  // namespace

// ---- partner overlap ----

std::string PartnerOverlap::NamesField() const {
  if (names.empty()) return "none";
  return strings::Join(names, "; ");
}

std::string PartnerOverlap::ToJson() const {
  std::string out = "[";
  for (size_t i = 0; i < matches.size(); ++i) {
    const SharedPartner& m = matches[i];
    if (i) out += ",";
    out += "{\"focal\":" + JsonString(m.focal_name) + ",\"focal_short\":" + JsonString(m.focal_short_name) +
           ",\"cordis\":" + JsonString(m.cordis_name) + ",\"cordis_short\":" + JsonString(m.cordis_short_name) +
           ",\"cordis_org_id\":" + JsonString(m.cordis_org_id) + ",\"role\":" + JsonString(m.cordis_role) +
           ",\"rule\":" + JsonString(m.rule) + "}";
  }
  return out + "]";
}

// Partners of a project, as Table 1 asks ("include affiliated entities and associated partners;
// not observers"). Counted CORDIS roles:
//   coordinator, participant (beneficiaries), partner (e.g. MSCA partner organisations),
//   associatedPartner, thirdParty (affiliated entities; also spelled affiliated/affiliatedEntity).
// Not counted: observer and any role not listed here (e.g. internationalPartner).
const std::vector<std::string>& CountedPartnerRoles() {
  static const std::vector<std::string> roles = {"coordinator", "participant", "partner", "associatedPartner",
                                                 "thirdParty"};
  return roles;
}

bool IsCountedPartnerRole(const std::string& role) {
  std::string r = strings::ToLower(strings::Trim(role));
  return r == "coordinator" || r == "participant" || r == "partner" || r == "associatedpartner" ||
         r == "thirdparty" || r == "affiliated" || r == "affiliatedentity";
}

PartnerOverlap ComputePartnerOverlap(const std::vector<storage::CorpusOrganization>& orgs,
                                     const std::vector<domain::ConsortiumPartner>& consortium) {
  PartnerOverlap out;
  // Counted organisations, each once (the first row: organisations come in CORDIS order, the
  // coordinator first).
  std::vector<const storage::CorpusOrganization*> cands;
  std::unordered_set<std::string> seen;
  for (const auto& o : orgs)
    if (IsCountedPartnerRole(o.role) && seen.insert(OrgKey(o)).second) cands.push_back(&o);
  std::vector<PartnerRef> focal, candidates;
  for (const auto& p : consortium) focal.push_back({p.org_id, p.name, p.short_name});
  for (const auto* o : cands) candidates.push_back({o->org_id, o->name, o->short_name});
  for (const PartnerMatch& m : MatchPartners(focal, candidates)) {
    const domain::ConsortiumPartner& f = consortium[m.focal_index];
    const storage::CorpusOrganization& o = *cands[m.candidate_index];
    SharedPartner s;
    s.focal_name = f.name;
    s.focal_short_name = f.short_name;
    s.cordis_name = o.name;
    s.cordis_short_name = o.short_name;
    s.cordis_org_id = o.org_id;
    s.cordis_role = o.role;
    s.rule = std::string(MatchRuleName(m.rule));
    out.names.push_back(strings::Trim(f.short_name).empty() ? f.name : f.short_name);
    out.matches.push_back(std::move(s));
  }
  return out;
}

// ---- field mapping ----

std::string MapCordisStatus(const std::string& cordis_status, const std::string& end_date, const dates::Date& today) {
  std::string s = strings::ToUpper(strings::Trim(cordis_status));
  if (s == "SIGNED") return "Ongoing";
  if (s == "CLOSED" || s == "TERMINATED") return "Closed";
  if (auto end = dates::Parse(end_date)) return *end < today ? "Closed" : "Ongoing";
  if (s == "CLO") return "Closed";  // older CORDIS codes, used only when there is no end date
  return "Ongoing";
}

std::string ProgrammeName(const std::string& framework) {
  std::string f = strings::ToUpper(strings::Trim(framework));
  if (f == "HORIZON") return "Horizon Europe";
  if (f == "H2020") return "Horizon 2020";
  if (f == "FP7") return "FP7";
  return strings::Trim(framework);
}

std::string FirstSentences(const std::string& text, size_t max_bytes) {
  std::string t = CollapseSpaces(strings::Trim(text));
  if (t.empty()) return t;
  std::vector<size_t> ends = SentenceEnds(t);
  std::string out;
  if (ends.empty()) {
    out = t;
  } else {
    out = t.substr(0, ends[0]);
    // A short first sentence ("The project has three aims.") says little: add the second.
    if (out.size() < 160 && ends.size() > 1 && ends[1] <= max_bytes) out = t.substr(0, ends[1]);
  }
  return Cut(strings::Trim(out), max_bytes);
}

const std::vector<std::string>& CordisFieldKeys() {
  static const std::vector<std::string> keys = {
      "name",         "acronym",          "cordis_link",         "website",       "status",
      "start_date",   "end_date",         "budget_eur",          "coordinator_name", "coordinator_country",
      "partner_count", "shared_partner_count", "shared_partner_names", "programme", "call",
      "horizon_topic", "short_description", "objectives",        "keywords"};
  return keys;
}

const std::vector<std::string>& UserFieldKeys() {
  static const std::vector<std::string> keys = {"industry_field", "relevance_score", "relevance_comment"};
  return keys;
}

AutoFill AutoFillFromCordis(const storage::CorpusProject& p, const std::vector<storage::CorpusOrganization>& orgs,
                            const domain::Workspace& ws, const dates::Date& today) {
  AutoFill out;
  domain::SisterProject& r = out.project;
  r.workspace_id = ws.id;
  r.grant_id = strings::Trim(p.grant_id);
  r.stage = domain::Stage::kLonglist;
  for (const auto& k : CordisFieldKeys()) r.fields[k] = "";

  // Sets one field to its canonical form; a value the registry would refuse is left empty, with a note.
  auto set = [&](const std::string& key, const std::string& raw) {
    const FieldSpec* spec = domain::FindField(key);
    std::string v = strings::Trim(raw);
    if (!spec || v.empty()) return;
    if ((spec->type == FieldType::kText || spec->type == FieldType::kLongText) && v.size() > spec->max_length)
      v = Cut(v, spec->max_length);
    auto n = domain::NormalizeField(*spec, v);
    if (!n.ok()) {
      out.notes.push_back(std::string(spec->label) + ": the CORDIS value was left out (" + n.status().message() + ")");
      return;
    }
    r.fields[key] = *n;
  };

  set("name", CollapseSpaces(p.title));
  set("acronym", p.acronym);
  if (!r.grant_id.empty()) set("cordis_link", "https://cordis.europa.eu/project/id/" + r.grant_id);
  set("website", p.website);
  r.fields["status"] = MapCordisStatus(p.status, p.end_date, today);
  {
    std::string s = strings::ToUpper(strings::Trim(p.status));
    if (s != "SIGNED" && s != "CLOSED" && s != "TERMINATED")
      out.notes.push_back("Status: CORDIS says \"" + p.status + "\"; " + r.fields["status"] +
                          (dates::Parse(p.end_date) ? " from the end date" : " (no end date)"));
  }
  set("start_date", p.start_date);
  set("end_date", p.end_date);
  set("budget_eur", p.total_cost);

  // Coordinator: the organisation with the role coordinator (the first one, in CORDIS order).
  const storage::CorpusOrganization* coordinator = nullptr;
  for (const auto& o : orgs)
    if (strings::IEquals(strings::Trim(o.role), "coordinator")) {
      coordinator = &o;
      break;
    }
  if (coordinator) {
    set("coordinator_name", coordinator->name);
    set("coordinator_country", coordinator->country);
  } else {
    out.notes.push_back("No coordinator among the CORDIS organisations of this grant");
  }

  if (orgs.empty()) {
    out.notes.push_back("No organisations of this grant in the corpus: the number of partners and the shared "
                        "partners are to be filled by hand");
  } else {
    // Counted roles: see CountedPartnerRoles(); observers are not partners.
    std::unordered_set<std::string> counted, other;
    std::set<std::string> other_roles;
    for (const auto& o : orgs) {
      if (IsCountedPartnerRole(o.role)) counted.insert(OrgKey(o));
      else {
        other.insert(OrgKey(o));
        other_roles.insert(o.role.empty() ? "(no role)" : o.role);
      }
    }
    out.partner_count = static_cast<int>(counted.size());
    r.fields["partner_count"] = std::to_string(out.partner_count);
    std::string note = "Number of partners: " + std::to_string(out.partner_count) +
                       " distinct organisations with the roles coordinator, participant, partner, associatedPartner "
                       "or thirdParty";
    size_t not_counted = 0;
    for (const auto& k : other)
      if (!counted.count(k)) ++not_counted;
    if (not_counted)
      note += "; " + std::to_string(not_counted) + " not counted (" +
              strings::Join(std::vector<std::string>(other_roles.begin(), other_roles.end()), ", ") + ")";
    out.notes.push_back(note);
    out.overlap = ComputePartnerOverlap(orgs, ws.partners);
    r.fields["shared_partner_count"] = std::to_string(out.overlap.count());
    set("shared_partner_names", out.overlap.NamesField());
  }

  std::string framework = p.framework.empty() ? FrameworkFromCodes(p) : p.framework;
  set("programme", ProgrammeName(framework));
  set("call", strings::Trim(p.master_call).empty() ? p.sub_call : p.master_call);
  set("horizon_topic", p.topic);
  std::string objective = strings::Trim(strings::ReplaceAll(p.objective, "\r\n", "\n"));
  set("objectives", objective);
  set("short_description", FirstSentences(objective));

  // Keywords: the CORDIS keywords (the corpus column also carries the euroSciVoc titles),
  // then the euroSciVoc titles, each once, as many as fit.
  std::vector<std::string> kw;
  std::unordered_set<std::string> seen;
  auto add = [&](const std::string& k) {
    std::string t = CollapseSpaces(strings::Trim(k));
    if (!t.empty() && seen.insert(strings::ToLower(t)).second) kw.push_back(t);
  };
  for (const auto& k : SplitKeywords(p.keywords)) add(k);
  for (const auto& k : p.scivoc_titles) add(k);
  std::string joined;
  size_t max_kw = domain::FindField("keywords")->max_length;
  for (const auto& k : kw) {
    std::string next = joined.empty() ? k : joined + "; " + k;
    if (next.size() > max_kw) break;
    joined = std::move(next);
  }
  set("keywords", joined);
  if (joined.empty()) out.notes.push_back("Keywords: CORDIS has none for this grant (no keywords, no euroSciVoc)");
  return out;
}

std::vector<FieldDiff> DiffWithCordis(const domain::SisterProject& current, const domain::SisterProject& cordis) {
  std::vector<FieldDiff> out;
  for (const auto& key : CordisFieldKeys()) {
    FieldDiff d;
    d.key = key;
    d.current = current.Get(key);
    d.cordis = cordis.Get(key);
    d.user_edited = current.user_edited.count(key) > 0;
    if (d.current == d.cordis) d.reason = "unchanged";
    else if (d.cordis.empty()) d.reason = "kept: CORDIS has no value";
    else if (d.user_edited) d.reason = "kept: edited by a user";
    else {
      d.will_update = true;
      d.reason = "will update";
    }
    out.push_back(std::move(d));
  }
  return out;
}

// ---- use cases ----

Result<std::optional<AutoFill>> LoadCordisFill(storage::Connection& c, const domain::Workspace& ws,
                                               const std::string& grant_id, const dates::Date& today) {
  storage::CorpusStore corpus(c);
  auto p = corpus.FindByGrant(strings::Trim(grant_id));
  if (!p.ok()) return p.status();
  if (!*p) return std::optional<AutoFill>();
  auto orgs = corpus.Organizations((*p)->grant_id);
  if (!orgs.ok()) return orgs.status();
  return std::optional<AutoFill>(AutoFillFromCordis(**p, *orgs, ws, today));
}

Result<AddOutcome> AddFromCordis(storage::Connection& c, const domain::Workspace& ws, const std::string& grant_id,
                                 const std::map<std::string, std::string>& user_fields, const storage::Actor& who,
                                 const dates::Date& today) {
  AddOutcome out;
  std::string grant = strings::Trim(grant_id);
  if (grant.empty()) return Status::Invalid("grant: give a CORDIS grant ID");
  storage::Transaction tx(c);
  if (!tx.status().ok()) return tx.status();
  storage::RegistryStore registry(c);
  auto existing = registry.FindByGrant(ws.id, grant);
  if (!existing.ok()) return existing.status();
  if (*existing) {
    out.existing = **existing;
    return out;
  }
  auto fill = LoadCordisFill(c, ws, grant, today);
  if (!fill.ok()) return fill.status();
  if (!*fill) {
    out.not_in_corpus = true;
    return out;
  }
  out.fill = **fill;
  domain::SisterProject p = (*fill)->project;
  p.workspace_id = ws.id;
  for (const auto& [key, value] : user_fields) {
    if (!domain::FindField(key)) continue;
    std::string v = strings::Trim(value);
    if (v.empty() && !p.Get(key).empty()) continue;  // an empty input never blanks what CORDIS gave
    if (v == p.Get(key)) continue;
    p.fields[key] = v;
    p.user_edited.insert(key);  // a later refresh from CORDIS keeps what the user wrote
  }
  auto saved = registry.Create(p, who, storage::ChangeSource::kCordis);
  if (!saved.ok()) return saved.status();
  if (!saved->ok()) {
    out.errors = WithFocal(saved->errors, ws.acronym);
    return out;
  }
  if (!(*fill)->project.Get("partner_count").empty()) {
    std::string rules = (*fill)->overlap.ToJson();
    auto u = c.Exec("UPDATE sister_projects SET partner_match_rules = ? WHERE id = ? AND workspace_id = ?",
                    {rules, p.id, ws.id});
    if (!u.ok()) return u.status();
    CORRIDOR_RETURN_IF_ERROR(storage::AuditStore(c).Record(who, ws.id, kEntity, p.id, "create-from-cordis",
                                                           "partner_match_rules", "", rules, p.version));
  }
  CORRIDOR_RETURN_IF_ERROR(tx.Commit());
  out.id = p.id;
  return out;
}

Result<RefreshOutcome> ApplyCordisRefresh(storage::Connection& c, const domain::Workspace& ws, int64_t id,
                                          int64_t expected_version, const storage::Actor& who,
                                          const dates::Date& today) {
  RefreshOutcome out;
  storage::Transaction tx(c);
  if (!tx.status().ok()) return tx.status();
  storage::RegistryStore registry(c);
  auto cur = registry.Get(ws.id, id);
  if (!cur.ok()) return cur.status();
  if (!*cur) return Status::NotFound("no sister project " + std::to_string(id) + " in " + ws.acronym);
  const domain::SisterProject& current = **cur;
  if (current.grant_id.empty())
    return Status::Invalid("this record is not linked to a CORDIS grant: there is nothing to refresh");
  auto fill = LoadCordisFill(c, ws, current.grant_id, today);
  if (!fill.ok()) return fill.status();
  if (!*fill)
    return Status::NotFound("grant " + current.grant_id +
                            " is not in the CORDIS corpus; import it first (corridor import cordis PATH)");
  domain::SisterProject p = current;
  p.version = expected_version;
  for (const FieldDiff& d : DiffWithCordis(current, (*fill)->project)) {
    if (!d.will_update) continue;
    p.fields[d.key] = d.cordis;
    out.applied.push_back(d);
  }
  auto saved = registry.Update(p, who, storage::ChangeSource::kCordis);
  if (!saved.ok()) return saved.status();
  if (!saved->ok()) {
    out.errors = WithFocal(saved->errors, ws.acronym);
    return out;
  }
  // The match rules follow the shared partners, unless a user wrote those by hand.
  if (!current.user_edited.count("shared_partner_names") && !(*fill)->project.Get("partner_count").empty()) {
    auto stored = c.Scalar("SELECT partner_match_rules FROM sister_projects WHERE id = ?", {id});
    if (!stored.ok()) return stored.status();
    std::string before = stored->has_value() && std::holds_alternative<std::string>(**stored)
                             ? std::get<std::string>(**stored)
                             : "";
    std::string rules = (*fill)->overlap.ToJson();
    if (rules != before) {
      auto u = c.Exec("UPDATE sister_projects SET partner_match_rules = ? WHERE id = ?", {rules, id});
      if (!u.ok()) return u.status();
      CORRIDOR_RETURN_IF_ERROR(storage::AuditStore(c).Record(who, ws.id, kEntity, id, "refresh",
                                                             "partner_match_rules", before, rules, p.version));
    }
  }
  CORRIDOR_RETURN_IF_ERROR(tx.Commit());
  return out;
}

}  // namespace corridor::analytics
