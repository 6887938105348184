#include "importers/nuts_correspondence.h"

#include <algorithm>
#include <map>

#include "core/strings.h"
#include "storage/nuts_reference.h"

namespace corridor::importers {

namespace {

struct Listed {
  CodeStatus status;
  std::vector<std::string> successors;
  const char* why;
};

// Old codes that cannot be mapped one-to-one, with what happened to them.
const std::map<std::string, Listed>& ListedChanges() {
  static const std::map<std::string, Listed> m = {
      {"HU10", {CodeStatus::kSplit, {"HU11", "HU12"}, "Közép-Magyarország was split in NUTS 2021"}},
      {"PL12", {CodeStatus::kSplit, {"PL91", "PL92"}, "Mazowieckie was split in NUTS 2016"}},
      {"PL1", {CodeStatus::kBoundaryChange, {"PL7", "PL9"}, "Region Centralny was regrouped in NUTS 2016"}},
      {"PL3", {CodeStatus::kBoundaryChange, {"PL7", "PL8"}, "Region Wschodni was regrouped in NUTS 2016"}},
      {"LT00", {CodeStatus::kSplit, {"LT01", "LT02"}, "Lietuva (one NUTS 2 region) was split in NUTS 2016"}},
      {"HR04", {CodeStatus::kSplit, {"HR02", "HR05", "HR06"}, "Kontinentalna Hrvatska was split in NUTS 2021"}},
      {"IE01", {CodeStatus::kBoundaryChange, {"IE04", "IE05", "IE06"}, "Irish NUTS 2 regions were redrawn in NUTS 2016"}},
      {"IE02", {CodeStatus::kBoundaryChange, {"IE04", "IE05", "IE06"}, "Irish NUTS 2 regions were redrawn in NUTS 2016"}},
      {"EL1", {CodeStatus::kBoundaryChange, {"EL5", "EL6"}, "Greek NUTS 1 regions were regrouped in NUTS 2013"}},
      {"EL2", {CodeStatus::kBoundaryChange, {"EL5", "EL6"}, "Greek NUTS 1 regions were regrouped in NUTS 2013"}},
      {"FR2", {CodeStatus::kBoundaryChange, {}, "French NUTS 1 regions were redrawn in NUTS 2016"}},
      {"FR3", {CodeStatus::kBoundaryChange, {"FRE"}, "French NUTS 1 regions were redrawn in NUTS 2016"}},
      {"FR4", {CodeStatus::kBoundaryChange, {}, "French NUTS 1 regions were redrawn in NUTS 2016"}},
      {"FR5", {CodeStatus::kBoundaryChange, {}, "French NUTS 1 regions were redrawn in NUTS 2016"}},
      {"FR6", {CodeStatus::kBoundaryChange, {}, "French NUTS 1 regions were redrawn in NUTS 2016"}},
      {"FR7", {CodeStatus::kBoundaryChange, {}, "French NUTS 1 regions were redrawn in NUTS 2016"}},
      {"FR8", {CodeStatus::kBoundaryChange, {}, "French NUTS 1 regions were redrawn in NUTS 2016"}},
      {"FR9", {CodeStatus::kBoundaryChange, {"FRY"}, "the overseas departments without Mayotte (NUTS 2010); FRY includes Mayotte"}},
      {"SI01", {CodeStatus::kBoundaryChange, {"SI03"}, "recoded in NUTS 2016 with a boundary change between the two Slovenian regions"}},
      {"SI02", {CodeStatus::kBoundaryChange, {"SI04"}, "recoded in NUTS 2016 with a boundary change between the two Slovenian regions"}},
      {"NO01", {CodeStatus::kBoundaryChange, {"NO08"}, "Norwegian regions were merged in NUTS 2021"}},
      {"NO03", {CodeStatus::kBoundaryChange, {"NO08", "NO09"}, "Norwegian regions were merged in NUTS 2021"}},
      {"NO04", {CodeStatus::kBoundaryChange, {"NO09", "NO0A"}, "Norwegian regions were merged in NUTS 2021"}},
      {"NO05", {CodeStatus::kBoundaryChange, {"NO0A"}, "Norwegian regions were merged in NUTS 2021"}},
      {"UKI1", {CodeStatus::kSplit, {"UKI3", "UKI4"}, "Inner London was split in NUTS 2013"}},
      {"UKI2", {CodeStatus::kSplit, {"UKI5", "UKI6", "UKI7"}, "Outer London was split in NUTS 2013"}},
      {"UKM2", {CodeStatus::kBoundaryChange, {}, "Scottish NUTS 2 regions were redrawn in NUTS 2016"}},
      {"UKM3", {CodeStatus::kBoundaryChange, {}, "Scottish NUTS 2 regions were redrawn in NUTS 2016"}},
      {"EL300", {CodeStatus::kSplit, {}, "Attiki (one NUTS 3 region) was split in NUTS 2013"}},
  };
  return m;
}

bool IsAggregate(const std::string& c) {
  static const char* const kAggregates[] = {"EU", "EU15", "EU25", "EU27", "EU27_2007", "EU27_2020", "EU28",
                                            "EA", "EA11", "EA12", "EA17", "EA18", "EA19", "EA20", "EFTA", "EEA",
                                            "EEA28", "EEA30"};
  for (const char* a : kAggregates)
    if (c == a) return true;
  return strings::StartsWith(c, "EU") && c.find('_') != std::string::npos;
}

}  // namespace

std::string_view CodeStatusKey(CodeStatus s) {
  switch (s) {
    case CodeStatus::kCurrent: return "current";
    case CodeStatus::kRecoded: return "recoded";
    case CodeStatus::kSplit: return "split";
    case CodeStatus::kBoundaryChange: return "boundary-change";
    case CodeStatus::kAggregate: return "aggregate";
    case CodeStatus::kExtraRegio: return "extra-regio";
    case CodeStatus::kNotNuts: return "not-nuts";
    case CodeStatus::kUnknown: return "unknown";
  }
  return "unknown";
}

const std::vector<NutsRecode>& KnownRecodes() {
  static const std::vector<NutsRecode> v = [] {
    std::vector<NutsRecode> r = {
        // Greece, NUTS 2013: NUTS 2 regions recoded (EL1x/EL2x -> EL5x/EL6x), territories unchanged.
        {"EL11", "EL51", "2013", "Anatoliki Makedonia, Thraki"},
        {"EL12", "EL52", "2013", "Kentriki Makedonia"},
        {"EL13", "EL53", "2013", "Dytiki Makedonia"},
        {"EL14", "EL61", "2013", "Thessalia"},
        {"EL21", "EL54", "2013", "Ipeiros"},
        {"EL22", "EL62", "2013", "Ionia Nisia"},
        {"EL23", "EL63", "2013", "Dytiki Elláda"},
        {"EL24", "EL64", "2013", "Sterea Elláda"},
        {"EL25", "EL65", "2013", "Peloponnisos"},
        // France, NUTS 2016: the former regions became NUTS 2 regions of the new ones.
        {"FR21", "FRF2", "2016", "Champagne-Ardenne"},
        {"FR22", "FRE2", "2016", "Picardie"},
        {"FR23", "FRD2", "2016", "Haute-Normandie"},
        {"FR24", "FRB0", "2016", "Centre - Val de Loire"},
        {"FR25", "FRD1", "2016", "Basse-Normandie"},
        {"FR26", "FRC1", "2016", "Bourgogne"},
        {"FR30", "FRE1", "2016", "Nord-Pas de Calais"},
        {"FR41", "FRF3", "2016", "Lorraine"},
        {"FR42", "FRF1", "2016", "Alsace"},
        {"FR43", "FRC2", "2016", "Franche-Comté"},
        {"FR51", "FRG0", "2016", "Pays de la Loire"},
        {"FR52", "FRH0", "2016", "Bretagne"},
        {"FR53", "FRI3", "2016", "Poitou-Charentes"},
        {"FR61", "FRI1", "2016", "Aquitaine"},
        {"FR62", "FRJ2", "2016", "Midi-Pyrénées"},
        {"FR63", "FRI2", "2016", "Limousin"},
        {"FR71", "FRK2", "2016", "Rhône-Alpes"},
        {"FR72", "FRK1", "2016", "Auvergne"},
        {"FR81", "FRJ1", "2016", "Languedoc-Roussillon"},
        {"FR82", "FRL0", "2016", "Provence-Alpes-Côte d'Azur"},
        {"FR83", "FRM0", "2016", "Corse"},
        // French overseas departments: FR9x (2010) -> FRAx (2013) -> FRYx (2016).
        {"FR91", "FRY1", "2016", "Guadeloupe"},
        {"FR92", "FRY2", "2016", "Martinique"},
        {"FR93", "FRY3", "2016", "Guyane"},
        {"FR94", "FRY4", "2016", "La Réunion"},
        {"FR910", "FRY10", "2016", "Guadeloupe"},
        {"FR920", "FRY20", "2016", "Martinique"},
        {"FR930", "FRY30", "2016", "Guyane"},
        {"FR940", "FRY40", "2016", "La Réunion"},
        {"FRA", "FRY", "2016", "RUP FR - Régions ultrapériphériques françaises"},
        {"FRA1", "FRY1", "2016", "Guadeloupe"},
        {"FRA2", "FRY2", "2016", "Martinique"},
        {"FRA3", "FRY3", "2016", "Guyane"},
        {"FRA4", "FRY4", "2016", "La Réunion"},
        {"FRA5", "FRY5", "2016", "Mayotte"},
        {"FRA10", "FRY10", "2016", "Guadeloupe"},
        {"FRA20", "FRY20", "2016", "Martinique"},
        {"FRA30", "FRY30", "2016", "Guyane"},
        {"FRA40", "FRY40", "2016", "La Réunion"},
        {"FRA50", "FRY50", "2016", "Mayotte"},
        // Poland, NUTS 2016: voivodeships outside Mazowieckie recoded into the new macroregions.
        {"PL11", "PL71", "2016", "Łódzkie"},
        {"PL33", "PL72", "2016", "Świętokrzyskie"},
        {"PL31", "PL81", "2016", "Lubelskie"},
        {"PL32", "PL82", "2016", "Podkarpackie"},
        {"PL34", "PL84", "2016", "Podlaskie"},
        {"PL127", "PL911", "2016", "Miasto Warszawa"},
        // Hungary, NUTS 2021: Budapest and Pest became NUTS 2 regions; their NUTS 3 recoded.
        {"HU101", "HU110", "2021", "Budapest"},
        {"HU102", "HU120", "2021", "Pest"},
        // Lithuania, NUTS 2016: the counties recoded under the two new NUTS 2 regions.
        {"LT00A", "LT011", "2016", "Vilniaus apskritis"},
        {"LT001", "LT021", "2016", "Alytaus apskritis"},
        {"LT002", "LT022", "2016", "Kauno apskritis"},
        {"LT003", "LT023", "2016", "Klaipėdos apskritis"},
        {"LT004", "LT024", "2016", "Marijampolės apskritis"},
        {"LT005", "LT025", "2016", "Panevėžio apskritis"},
        {"LT006", "LT026", "2016", "Šiaulių apskritis"},
        {"LT007", "LT027", "2016", "Tauragės apskritis"},
        {"LT008", "LT028", "2016", "Telšių apskritis"},
        {"LT009", "LT029", "2016", "Utenos apskritis"},
        // Croatia, NUTS 2021: the City of Zagreb became its own NUTS 2 region.
        {"HR041", "HR050", "2021", "Grad Zagreb"},
    };
    std::sort(r.begin(), r.end(), [](const NutsRecode& a, const NutsRecode& b) { return std::string_view(a.from) < b.from; });
    return r;
  }();
  return v;
}

CodeResolution ResolveNutsCode(std::string_view raw) {
  CodeResolution out;
  out.input = strings::ToUpper(strings::Trim(raw));
  const std::string& c = out.input;
  const storage::NutsReference& ref = storage::NutsReference::Builtin();
  if (c.empty()) {
    out.reason = "no region code";
    return out;
  }
  if (ref.Contains(c)) {
    out.status = CodeStatus::kCurrent;
    out.code_2021 = c;
    return out;
  }
  const auto& recodes = KnownRecodes();
  auto it = std::lower_bound(recodes.begin(), recodes.end(), c,
                             [](const NutsRecode& r, const std::string& key) { return std::string_view(r.from) < key; });
  if (it != recodes.end() && c == it->from) {
    out.status = CodeStatus::kRecoded;
    out.code_2021 = it->to;
    out.reason = "recoded to " + std::string(it->to) + " in NUTS " + it->since + " (" + it->name + ")";
    return out;
  }
  auto listed = ListedChanges().find(c);
  if (listed != ListedChanges().end()) {
    out.status = listed->second.status;
    out.successors = listed->second.successors;
    out.reason = listed->second.why;
    if (!out.successors.empty()) out.reason += " (now " + strings::Join(out.successors, " + ") + ")";
    out.reason += "; not mapped";
    return out;
  }
  if (IsAggregate(c)) {
    out.status = CodeStatus::kAggregate;
    out.reason = "a statistical aggregate of countries, not a region";
    return out;
  }
  bool nuts_shape = c.size() >= 2 && c.size() <= 5 &&
                    std::all_of(c.begin(), c.end(), [](char ch) { return (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'); });
  bool known_country = c.size() >= 2 && ref.Contains(c.substr(0, 2));
  if (nuts_shape && known_country && c.size() >= 3 && c.back() == 'Z' &&
      (c.size() == 3 || c.substr(2).find_first_not_of('Z') == std::string::npos)) {
    out.status = CodeStatus::kExtraRegio;
    out.reason = "Extra-Regio (territory outside any region), not mapped";
    return out;
  }
  if (nuts_shape && known_country) {
    out.status = CodeStatus::kUnknown;
    out.reason = "not a NUTS 2021 code and not a recode Corridor knows (an older NUTS version with a changed "
                 "territory, or a typo); not mapped";
    return out;
  }
  if ((c.size() == 2 && nuts_shape) || c.find('_') != std::string::npos) {
    out.status = CodeStatus::kNotNuts;
    out.reason = "a country or territory outside NUTS 2021; not mapped";
    return out;
  }
  out.reason = "not a NUTS region code";
  return out;
}

}  // namespace corridor::importers
