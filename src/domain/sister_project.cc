#include "domain/sister_project.h"

#include <algorithm>
#include <regex>

#include "core/dates.h"
#include "core/strings.h"

namespace corridor::domain {

namespace {
constexpr const char* kIdent = "Project identification";
constexpr const char* kBasic = "Project basic data";
constexpr const char* kContent = "Project content";
constexpr const char* kRelevance = "Relevance to {focal}";
}  // namespace

const std::vector<std::string>& Sections() {
  static const std::vector<std::string> s = {kIdent, kBasic, kContent, kRelevance};
  return s;
}

const std::vector<FieldSpec>& SisterProjectFields() {
  using T = FieldType;
  static const std::vector<FieldSpec> f = {
      {"name", "Project name", kIdent, true, T::kText, "Full name of the project", 500},
      {"acronym", "Project acronym", kIdent, true, T::kText, "Main identifier, as in CORDIS", 60},
      {"cordis_link", "CORDIS link", kIdent, false, T::kUrl, "Not needed for non-Horizon projects", 500},
      {"website", "Project website", kIdent, false, T::kUrl, "Else the coordinator's site", 500},
      {"contact_email", "Contact e-mail", kIdent, false, T::kEmail, "Project, coordinator or clustering contact", 254},
      {"status", "Status", kBasic, true, T::kStatus, "Ongoing or Closed; include closed ones only if highly relevant", 10},
      {"start_date", "Start date", kBasic, false, T::kDate, "dd/mm/yyyy", 10},
      {"end_date", "End date", kBasic, false, T::kDate, "dd/mm/yyyy", 10},
      {"budget_eur", "Budget total amount (EUR)", kBasic, false, T::kEuros, "Total cost in euros", 20},
      {"coordinator_name", "Coordinator name", kBasic, true, T::kText, "Organisation name", 300},
      {"coordinator_country", "Coordinator country", kBasic, true, T::kCountry, "Two-letter code", 2},
      {"partner_count", "Number of partners", kBasic, true, T::kCount,
       "Include affiliated entities and associated partners; not observers", 6},
      {"shared_partner_count", "Number of {focal} partners", kBasic, true, T::kCount,
       "Partners also in the focal consortium", 6},
      {"shared_partner_names", "{focal} partner name(s)", kBasic, true, T::kText,
       "Acronyms of the shared partners; \"none\" when there are none", 1000},
      {"programme", "Programme", kBasic, true, T::kText, "Horizon Europe, Horizon 2020, Interreg Europe, ...", 100},
      {"call", "Call", kBasic, false, T::kText, "Call identifier", 200},
      {"horizon_topic", "Horizon topic", kBasic, false, T::kText, "Topic identifier", 200},
      {"short_description", "Short description", kContent, true, T::kLongText, "Short and focused", 2000},
      {"industry_field", "Industry field", kContent, true, T::kText, "e.g. recycling, magnets", 300},
      {"objectives", "Objective(s)", kContent, true, T::kLongText, "A short paragraph on the aim", 8000},
      {"keywords", "Keywords", kContent, true, T::kText, "The most relevant ones, separated by ;", 1000},
      {"challenges", "Challenges", kContent, false, T::kLongText, "What the project wants to solve", 2000},
      {"results", "Results / outputs", kContent, false, T::kLongText, "Results, publications, products", 2000},
      {"topic_fields", "Topic / fields", kContent, false, T::kText, "Fields of the focal project it aligns with", 500},
      {"issues", "Issues", kRelevance, false, T::kLongText, "Elements that address the focal challenges", 2000},
      {"partners_of_interest", "Partners", kRelevance, false, T::kLongText,
       "Partners with an interesting role (speaker, multiplier, market uptake)", 2000},
      {"involvement_type", "Type of involvement", kRelevance, false, T::kText,
       "speaker, training, policy, industry, scientific", 300},
      {"relevance_score", "Relevance score", kRelevance, true, T::kRelevance,
       "1 low, 2 medium, 3 high, 4 very high", 1},
      {"relevance_comment", "Relevance comment", kRelevance, true, T::kLongText,
       "Why the project matters for the focal clustering activity", 2000},
  };
  return f;
}

const FieldSpec* FindField(std::string_view key) {
  for (const FieldSpec& f : SisterProjectFields())
    if (key == f.key) return &f;
  return nullptr;
}

std::string FieldLabel(const FieldSpec& f, std::string_view focal) {
  return strings::ReplaceAll(f.label, "{focal}", focal.empty() ? "focal project" : focal);
}

const std::vector<std::string>& DefaultValueChainLinks() {
  static const std::vector<std::string> v = {"Research", "Collection phase", "Recycling phase", "Standardisation",
                                             "End-user"};
  return v;
}

const std::vector<std::string>& DefaultTopics() {
  static const std::vector<std::string> v = {"Recycling technology", "Upcycling", "Standardisation",
                                             "Traceability", "Research", "Catalysis/Electrocatalysis"};
  return v;
}

std::string RelevanceLabel(int score) {
  switch (score) {
    case 1: return "low";
    case 2: return "medium";
    case 3: return "high";
    case 4: return "very high";
    default: return "";
  }
}

std::optional<int> ParseRelevance(std::string_view text) {
  std::string t = strings::ToLower(strings::Trim(text));
  if (t == "1" || t == "low" || t == "1.0") return 1;
  if (t == "2" || t == "medium" || t == "2.0") return 2;
  if (t == "3" || t == "high" || t == "3.0") return 3;
  if (t == "4" || t == "very high" || t == "veryhigh" || t == "very-high" || t == "4.0") return 4;
  return std::nullopt;
}

std::string StageKey(Stage s) {
  switch (s) {
    case Stage::kLonglist: return "longlist";
    case Stage::kShortlist: return "shortlist";
    case Stage::kInteractionFiltered: return "interaction_filtered";
    case Stage::kCollaborationReady: return "collaboration_ready";
    case Stage::kInformationalReference: return "informational_reference";
  }
  return "longlist";
}

std::string StageLabel(Stage s) {
  switch (s) {
    case Stage::kLonglist: return "Longlist";
    case Stage::kShortlist: return "Shortlist";
    case Stage::kInteractionFiltered: return "Interaction-filtered";
    case Stage::kCollaborationReady: return "Collaboration-ready";
    case Stage::kInformationalReference: return "Informational reference";
  }
  return "Longlist";
}

const std::vector<Stage>& AllStages() {
  static const std::vector<Stage> v = {Stage::kLonglist, Stage::kShortlist, Stage::kInteractionFiltered,
                                       Stage::kCollaborationReady, Stage::kInformationalReference};
  return v;
}

std::optional<Stage> ParseStage(std::string_view key) {
  for (Stage s : AllStages())
    if (key == StageKey(s)) return s;
  return std::nullopt;
}

Status CheckTransition(Stage from, Stage to, int relevance) {
  if (from == to) return Status::Invalid("the project is already on the " + StageLabel(to));
  if (to == Stage::kLonglist) return Status::Ok();  // demotion is always possible, with a justification
  switch (to) {
    case Stage::kShortlist:
      if (relevance < 3)
        return Status::Invalid("the shortlist takes projects of high or very high relevance; this one is " +
                               (relevance ? RelevanceLabel(relevance) : std::string("unscored")));
      if (from != Stage::kLonglist && from != Stage::kInteractionFiltered)
        return Status::Invalid("only longlisted projects can be shortlisted");
      return Status::Ok();
    case Stage::kInteractionFiltered:
      if (from != Stage::kShortlist && from != Stage::kCollaborationReady && from != Stage::kInformationalReference)
        return Status::Invalid("the interaction filter applies to shortlisted projects");
      return Status::Ok();
    case Stage::kCollaborationReady:
    case Stage::kInformationalReference:
      if (from != Stage::kInteractionFiltered && from != Stage::kCollaborationReady &&
          from != Stage::kInformationalReference)
        return Status::Invalid("a project is classed collaboration-ready or informational after the interaction filter");
      return Status::Ok();
    default:
      return Status::Ok();
  }
}

const std::string& SisterProject::Get(const std::string& key) const {
  static const std::string kEmpty;
  auto it = fields.find(key);
  return it == fields.end() ? kEmpty : it->second;
}

int SisterProject::Relevance() const {
  auto r = ParseRelevance(Get("relevance_score"));
  return r ? *r : 0;
}

namespace {
bool IsUrl(const std::string& v) {
  static const std::regex re(R"(^https?://[A-Za-z0-9.-]+(:[0-9]+)?(/[^\s]*)?$)", std::regex::icase);
  return std::regex_match(v, re);
}
bool IsEmail(const std::string& v) {
  static const std::regex re(R"(^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$)");
  return std::regex_match(v, re);
}
}  // namespace

Result<std::string> NormalizeField(const FieldSpec& spec, std::string_view raw) {
  std::string v = strings::Trim(raw);
  std::string label = spec.label;
  if (v.empty()) return v;
  if (!strings::IsValidUtf8(v)) return Status::Invalid(label + ": not valid UTF-8 text");
  bool free_text = spec.type == FieldType::kText || spec.type == FieldType::kLongText ||
                   spec.type == FieldType::kUrl || spec.type == FieldType::kEmail;
  if (free_text && v.size() > spec.max_length)
    return Status::Invalid(label + ": too long (" + std::to_string(v.size()) + " bytes, at most " +
                           std::to_string(spec.max_length) + ")");
  switch (spec.type) {
    case FieldType::kText:
    case FieldType::kLongText:
      return v;
    case FieldType::kUrl:
      if (v.find("://") == std::string::npos && v.find('.') != std::string::npos && v.find(' ') == std::string::npos)
        v = "https://" + v;  // "www.example.eu" is what people type
      if (!IsUrl(v)) return Status::Invalid(label + ": \"" + v + "\" is not an http(s) URL");
      return v;
    case FieldType::kEmail:
      if (strings::StartsWith(strings::ToLower(v), "mailto:")) v = v.substr(7);
      if (!IsEmail(v)) return Status::Invalid(label + ": \"" + v + "\" is not an e-mail address");
      return v;
    case FieldType::kStatus: {
      std::string l = strings::ToLower(v);
      if (l == "ongoing" || l == "signed" || l == "ong" || l == "active") return std::string("Ongoing");
      if (l == "closed" || l == "terminated" || l == "completed" || l == "clo") return std::string("Closed");
      return Status::Invalid(label + ": \"" + v + "\" must be Ongoing or Closed");
    }
    case FieldType::kDate: {
      auto d = dates::Parse(v);
      if (!d) return Status::Invalid(label + ": \"" + v + "\" is not a date (dd/mm/yyyy)");
      return dates::ToIso(*d);
    }
    case FieldType::kEuros: {
      std::string t;
      for (char c : v)
        if (c != ' ' && c != ',' && c != '\'') t += c;  // thousands separators
      t = strings::ReplaceAll(t, "€", "");
      t = strings::ReplaceAll(t, "EUR", "");
      t = strings::ReplaceAll(t, "\xC2\xA0", "");
      auto n = strings::ParseDouble(t);
      if (!n || *n < 0 || *n > 1e12) return Status::Invalid(label + ": \"" + v + "\" is not an amount in euros");
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.2f", *n);
      std::string s = buf;
      if (strings::EndsWith(s, ".00")) s.resize(s.size() - 3);
      return s;
    }
    case FieldType::kCountry: {
      std::string u = strings::ToUpper(v);
      if (u == "GR") u = "EL";  // the EU convention CORDIS uses
      if (u == "GB") u = "UK";
      if (u.size() != 2 || !std::isalpha(static_cast<unsigned char>(u[0])) ||
          !std::isalpha(static_cast<unsigned char>(u[1])))
        return Status::Invalid(label + ": \"" + v + "\" is not a two-letter country code");
      return u;
    }
    case FieldType::kCount: {
      auto n = strings::ParseInt(v);
      if (!n) {
        auto d = strings::ParseDouble(v);
        if (d && *d == static_cast<double>(static_cast<int64_t>(*d))) n = static_cast<int64_t>(*d);
      }
      if (!n || *n < 0 || *n > 100000) return Status::Invalid(label + ": \"" + v + "\" is not a whole number >= 0");
      return std::to_string(*n);
    }
    case FieldType::kRelevance: {
      auto r = ParseRelevance(v);
      if (!r) return Status::Invalid(label + ": \"" + v + "\" must be 1-4 (low, medium, high, very high)");
      return std::to_string(*r);
    }
  }
  return v;
}

std::vector<FieldError> ValidateProject(SisterProject& p) {
  std::vector<FieldError> errors;
  for (const FieldSpec& f : SisterProjectFields()) {
    auto it = p.fields.find(f.key);
    std::string raw = it == p.fields.end() ? "" : it->second;
    auto norm = NormalizeField(f, raw);
    if (!norm.ok()) {
      errors.push_back({f.key, norm.status().message()});
      continue;
    }
    p.fields[f.key] = *norm;
    if (f.mandatory && norm->empty()) errors.push_back({f.key, std::string(f.label) + " is mandatory"});
  }
  const std::string& s = p.Get("start_date");
  const std::string& e = p.Get("end_date");
  if (!s.empty() && !e.empty() && e < s) errors.push_back({"end_date", "End date is before the start date"});
  for (const std::string& l : p.value_chain_links)
    if (l.size() > 100) errors.push_back({"value_chain_links", "Value-chain link too long"});
  if (p.topic.size() > 200) errors.push_back({"topic", "Topic too long"});
  return errors;
}

}  // namespace corridor::domain
