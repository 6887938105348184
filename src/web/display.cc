#include "web/display.h"

#include "core/dates.h"
#include "core/strings.h"

namespace corridor::web::display {

using domain::FieldSpec;
using domain::FieldType;
using nlohmann::json;

std::string When(const std::string& at) {
  auto d = dates::Parse(at.substr(0, 10));
  if (!d) return at;
  return dates::ToDmy(*d) + (at.size() >= 16 ? " " + at.substr(11, 5) : "");
}

std::string Dmy(const std::string& iso) {
  auto d = dates::Parse(iso);
  return d ? dates::ToDmy(*d) : iso;
}

std::string Thousands(int64_t n) {
  std::string s = std::to_string(n < 0 ? -n : n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ",");
  return n < 0 ? "-" + s : s;
}

std::string Euros(const std::string& v) {
  auto dot = v.find('.');
  auto whole = strings::ParseInt(v.substr(0, dot));
  if (!whole) return v;
  return "€" + Thousands(*whole) + (dot == std::string::npos ? "" : v.substr(dot));
}

std::string RelevanceText(const std::string& v) {
  auto r = domain::ParseRelevance(v);
  return r ? std::to_string(*r) + " (" + domain::RelevanceLabel(*r) + ")" : v;
}

std::string StageText(const std::string& key) {
  auto s = domain::ParseStage(key);
  return s ? domain::StageLabel(*s) : key;
}

std::string Value(const FieldSpec& f, const std::string& v) {
  if (v.empty()) return v;
  switch (f.type) {
    case FieldType::kDate: return Dmy(v);
    case FieldType::kEuros: return Euros(v);
    case FieldType::kRelevance: return RelevanceText(v);
    case FieldType::kCount: {
      auto n = strings::ParseInt(v);
      return n ? Thousands(*n) : v;
    }
    default: return v;
  }
}

std::string PartnerMatchesText(const std::string& text) {
  if (text.empty()) return text;
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_array()) return text;
  if (j.empty()) return "none";
  std::string out;
  for (const auto& m : j) {
    auto get = [&](const char* k) {
      return m.is_object() && m.contains(k) && m[k].is_string() ? m[k].get<std::string>() : std::string();
    };
    auto named = [&](const char* name, const char* short_name) {
      return get(name) + (get(short_name).empty() ? "" : " (" + get(short_name) + ")");
    };
    out += (out.empty() ? "" : "; ") + named("focal", "focal_short") + " = " + named("cordis", "cordis_short") +
           (get("rule").empty() ? "" : ", matched by " + get("rule"));
  }
  return out;
}

json HistoryRows(const std::vector<storage::AuditEntry>& entries, const std::string& focal) {
  json out = json::array();
  for (const auto& e : entries) {
    std::string what, before = e.old_value, after = e.new_value;
    if (const FieldSpec* f = domain::FindField(e.field)) {
      what = domain::FieldLabel(*f, focal);
      before = Value(*f, before);
      after = Value(*f, after);
    } else if (e.field == "stage") {
      what = "Pipeline stage";
      before = StageText(before);
      auto colon = after.find(": ");  // stored as "<to>: <justification>"
      after = colon == std::string::npos ? StageText(after) : StageText(after.substr(0, colon)) + after.substr(colon);
    } else if (e.field == "value_chain_links") {
      what = "Value-chain links";
      before = strings::ReplaceAll(before, "|", ", ");
      after = strings::ReplaceAll(after, "|", ", ");
    } else if (e.field == "topic") {
      what = "Topic";
    } else if (e.field == "grant_id") {
      what = "CORDIS grant ID";
    } else if (e.field == "partner_match_rules") {
      what = "Shared-partner matches";
      before = PartnerMatchesText(before);
      after = PartnerMatchesText(after);
    } else if (e.field == "partners") {
      what = "Consortium partners";
    } else if (e.field.rfind("score ", 0) == 0) {  // scoreboard: "score ES41/innovation-capacity"
      what = "Score " + strings::ReplaceAll(e.field.substr(6), "/", " / ");
    } else if (e.field == "copied_from") {
      what = "Carried forward from";
    } else if (e.field == "dimensions" || e.field == "scale") {
      what = e.field == "scale" ? "Scale" : "Dimensions";
    } else {
      what = e.action == "create" ? "Record created"
             : e.action == "import" ? "Record imported"
             : e.action == "create-from-cordis" ? "Record created from CORDIS"
             : e.action == "delete" ? "Record deleted"
                                    : e.action + (e.field.empty() ? "" : " " + e.field);
    }
    std::string action = e.action == "update" ? "edit"
                         : e.action == "refresh" ? "refresh from CORDIS"
                         : e.action == "stage" ? "pipeline step"
                         : e.action == "create-from-cordis" ? "created from CORDIS"
                                                            : e.action;
    out.push_back({{"at", When(e.at)}, {"who", e.user_name}, {"what", what}, {"old", before}, {"new", after},
                   {"refresh", e.action == "refresh"}, {"action", action}});
  }
  return out;
}

}  // namespace corridor::web::display
