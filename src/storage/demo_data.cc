#include "storage/demo_data.h"
#include "storage/demo_events.h"
#include "storage/demo_scoreboard.h"
#include "storage/region_demo.h"

#include <cstdio>
#include <map>

#include "core/dates.h"
#include "core/strings.h"
#include "domain/sister_project.h"
#include "domain/workspace.h"
#include "storage/consent_store.h"
#include "storage/registry_store.h"
#include "storage/stakeholder_store.h"
#include "storage/taxonomy_store.h"
#include "storage/workspace_store.h"

namespace corridor::storage {

namespace {

const Actor kDemoActor{0, "demo data"};  // so the audit trail shows where these records came from

// ---- NEO-CYCLE (seeds 000 and 001) ----

// One row of D11.3 Table 2, exactly as printed (typos such as "REEprouce" and "SecREEsts"
// are kept: we cannot be certain of the intended acronym).
struct MappedProject {
  std::string acronym;
  std::vector<std::string> value_chain_links;
  std::string level;      // "Low" | "Medium" | "High" | "Very high"
  std::string topic;
  std::string call;       // "" where the table leaves it blank
  std::string programme;  // as printed; see NormalisedProgramme()
};

const std::vector<MappedProject>& NeoCycleMapping() {
  static const std::vector<MappedProject> rows = {
      {"COMENZE", {"Research"}, "Low", "Research", "HORIZON-MSCA-2023", "Horizon Europe"},
      {"ICARUS", {"Recycling phase"}, "Low", "Upcycling", "Horizon Europe-CL4-2023", "Horizon Europe"},
      {"RISERS", {"Standardisation"}, "High", "Standardisation", "Horizon Europe-CL4-2023", "Horizon Europe"},
      {"HARMONY", {"Collection phase", "Recycling phase", "Standardisation"}, "Very high", "Recycling technology",
       "Horizon Europe-CL4-2023", "Horizon Europe"},
      // A second, different ICARUS: other call, topic and value-chain link.
      {"ICARUS", {"End-user"}, "Low", "Research", "Horizon Europe-CL5-2022", "Horizon Europe"},
      {"MaDiTraCe", {"Standardisation"}, "High", "Traceability", "Horizon Europe-CL4-2022", "Horizon Europe"},
      {"EJP SOIL", {"End-user"}, "Medium", "Standardisation", "H2020-SFS-2018-2020", "H2020"},
      {"SUSMAGPRO", {"Collection phase", "Recycling phase", "End-user"}, "Very high", "Recycling technology",
       "H2020-SC5-2018-2019-2020", "H2020"},
      {"NEOHIRE", {"Recycling phase"}, "High", "Recycling technology", "H2020-NMBP-2016-2017", "H2020"},
      {"FER-PLAY", {"End-user"}, "Medium", "Research", "Horizon Europe-CL6-2021", "Horizon Europe"},
      {"BIORECOVER", {"Recycling phase"}, "High", "Recycling technology", "H2020-SC5-2018-2019-2020", "H2020"},
      {"CLOSER", {"Collection phase"}, "Medium", "Upcycling", "", "I3"},
      {"AUTOMATed", {"Recycling phase", "End-user"}, "High", "Recycling technology", "H2020-ICT-2014", "H2020"},
      {"REMHUB", {"Collection phase", "Recycling phase"}, "High", "Recycling technology", "Horizon Europe-CL4-2024",
       "Horizon Europe"},
      {"SUPREEMO", {"Collection phase", "Recycling phase", "End-user"}, "Very high", "Recycling technology",
       "Horizon Europe-CL4-2023", "Horizon Europe"},
      {"SecREEsts", {"Collection phase", "Recycling phase", "End-user"}, "Medium", "Recycling technology",
       "H2020-SC5-2016-2017", "H2020"},
      {"REEprouce", {"Collection phase", "Recycling phase", "End-user"}, "High", "Recycling technology",
       "Horizon Europe-CL4-2022", "Horizon Europe"},
      {"REECycle", {"Research", "Recycling phase"}, "High", "Recycling technology", "HORIZON-MSCA-2022",
       "Horizon Europe"},
      {"PERMANET", {"Collection phase", "Standardisation", "End-user"}, "Very high", "Standardisation",
       "Horizon Europe-CL4-2024", "Horizon Europe"},
      {"DEMETER", {"Research", "Recycling phase", "End-user"}, "Very high", "Recycling technology",
       "HORIZON-MSCA-ITN-2015", "H2020"},
      {"OCARINA", {"Research", "Recycling phase"}, "High", "Recycling technology", "HORIZON-MSCA-IF-2020", "H2020"},
      {"RAW4RES", {"Standardisation"}, "High", "Standardisation", "", "Interreg Europe"},
      {"EXPSKILLS-REM", {"Standardisation"}, "High", "Traceability", "", "EIT Raw Materials"},
      {"CRUSADE", {"Recycling phase", "End-user"}, "Very high", "Upcycling", "Horizon Europe-CL4-2023",
       "Horizon Europe"},
      {"FIREFLY", {"Recycling phase", "End-user"}, "High", "Catalysis/Electrocatalysis", "Horizon Europe-CL4-2022",
       "Horizon Europe"},
      {"PEAGOC", {"Recycling phase", "End-user"}, "Very high", "Recycling technology", "H2020-SFS-2018-2020", "H2020"},
      {"ALCHEMHY", {"Recycling phase", "End-user"}, "Very high", "Catalysis/Electrocatalysis",
       "Horizon Europe-CL4-2024", "Horizon Europe"},
      {"SUSTAINCELL", {"Recycling phase", "Research"}, "High", "Catalysis/Electrocatalysis",
       "HORIZON-JTI-CLEANH2-2022-1", "Horizon Europe"},
      {"HIGHLANDER", {"End-user"}, "High", "Catalysis/Electrocatalysis", "HORIZON-JTI-CLEANH2-2022-1",
       "Horizon Europe"},
  };
  return rows;
}

// Facts confirmed in shared/data/cordis-horizon-europe-reference (SOURCE.md, topics.csv,
// webLink): only these three sister projects could be linked to a grant there. HIGHLANDER's
// grant is a Clean Hydrogen JU project on fuel-cell MEA components, consistent with Table 2's
// CLEANH2-2022 call and the catalyst workshop it attended.
struct CordisFacts {
  std::string grant_id;
  std::string horizon_topic;
  std::string website;
  std::string topic_note;  // our summary of the CORDIS topic title
};

const std::map<std::string, CordisFacts>& NeoCycleCordisFacts() {
  static const std::map<std::string, CordisFacts> facts = {
      {"HARMONY",
       {"101138767", "HORIZON-CL4-2023-RESILIENCE-01-09", "https://www.harmonyproject.eu/",
        "Funded under the Horizon Europe topic on recyclability and resource efficiency of rare-earth magnets."}},
      {"ALCHEMHY",
       {"101177996", "HORIZON-CL4-2024-TWIN-TRANSITION-01-34", "",
        "Funded under the Processes4Planet topic on renewable hydrogen as a feedstock for new production routes."}},
      {"HIGHLANDER",
       {"101101346", "HORIZON-JTI-CLEANH2-2022-03-02", "https://highlander-fuelcell.eu/",
        "Funded by the Clean Hydrogen JU on membrane-electrode assembly components for heavy-duty fuel-cell "
        "stacks."}},
  };
  return facts;
}

// Documented interactions with NEO-CYCLE (D11.3 Table 4 and section 3.2.3). D11.3 says 10
// prioritised projects have materialised into collaborations through presentations and joint
// events; exactly these 10 are named in such contexts. That meets the interaction filter's
// definition (connected through an established clustering environment), so they are moved
// past it. Whether each is collaboration-ready or an informational reference is a judgement
// D11.3 does not record per project: it is left to the workspace team.
struct Interaction {
  std::string involvement;  // Table 1 "Type of involvement", kept to keywords
  std::string evidence;     // where and when, with the source
};

const std::map<std::string, Interaction>& NeoCycleInteractions() {
  static const std::string kEuraw =
      "Involved in EURAW 2024, the European Raw Materials Clustering Event organised by ISMC in Seville, where "
      "NEO-CYCLE presented (M2; D11.3 Table 4).";
  static const std::string kCatalystsCoOrganiser =
      "Co-organised the Materials4Catalysts cluster workshop (PNO Innovation, Brussels; hybrid side event of Raw "
      "Materials Week 2025) where NEO-CYCLE presented (M13; D11.3 Table 4).";
  static const std::string kCatalystsParticipant =
      "Took part with NEO-CYCLE in the Materials4Catalysts cluster workshop (PNO Innovation, Brussels; hybrid side "
      "event of Raw Materials Week 2025) (M13; D11.3 Table 4).";
  static const std::string kSevillePitch =
      "Gave an elevator pitch at the first NEO-CYCLE stakeholder workshop, a hybrid clustering event in Seville "
      "organised by ISMC and ECOCastulum (D11.3 section 3.2.3).";
  static const std::map<std::string, Interaction> interactions = {
      {"MaDiTraCe", {"clustering event", kEuraw}},
      {"FIREFLY", {"joint workshop; catalysts", kCatalystsCoOrganiser}},
      {"PEAGOC", {"joint workshop; catalysts", kCatalystsCoOrganiser + " Spelled PEACOC there."}},
      {"ALCHEMHY", {"joint workshop; catalysts", kCatalystsParticipant}},
      {"SUSTAINCELL", {"joint workshop; catalysts", kCatalystsParticipant}},
      {"HIGHLANDER", {"joint workshop; catalysts", kCatalystsParticipant}},
      {"RAW4RES", {"speaker; stakeholder workshop", kSevillePitch}},
      {"EXPSKILLS-REM", {"speaker; stakeholder workshop", kSevillePitch + " Named ExpSKILLS there."}},
      {"CRUSADE", {"speaker; stakeholder workshop", kSevillePitch}},
      {"PERMANET", {"speaker; stakeholder workshop", kSevillePitch}},
  };
  return interactions;
}

std::string NormalisedProgramme(const std::string& as_printed) {
  if (as_printed == "H2020") return "Horizon 2020";
  if (as_printed == "EIT Raw Materials") return "EIT RawMaterials";  // the body's own spelling, used elsewhere in D11.3
  return as_printed;
}

// Status is not in Table 2. What is known wins: a project active at a 2024-2025 event with
// NEO-CYCLE is Ongoing (this keeps PEAGOC, printed as H2020, Ongoing). Otherwise by
// programme: Horizon 2020 issued its last calls in 2020 and its grants have run out by the
// D11.3 date (February 2026), so Closed; Horizon Europe (calls 2021-2024 here), Interreg
// Europe 2021-2027, EIT RawMaterials and I3 run now, so Ongoing.
std::string StatusFor(const std::string& programme, bool seen_active) {
  if (seen_active) return "Ongoing";
  return programme == "Horizon 2020" ? "Closed" : "Ongoing";
}

// Table 1 "Industry field": a short indication of the activity area, from the mapped topic.
std::string IndustryFieldFor(const std::string& topic) {
  static const std::map<std::string, std::string> by_topic = {
      {"Recycling technology", "recycling; critical raw materials"},
      {"Upcycling", "upcycling; secondary raw materials"},
      {"Standardisation", "standardisation; policy"},
      {"Traceability", "traceability; data"},
      {"Research", "research"},
      {"Catalysis/Electrocatalysis", "catalysis; chemicals"},
  };
  auto it = by_topic.find(topic);
  return it == by_topic.end() ? strings::ToLower(topic) : it->second;
}

std::vector<std::string> LowerEach(const std::vector<std::string>& items) {
  std::vector<std::string> lower;
  for (const auto& s : items) lower.push_back(strings::ToLower(s));
  return lower;
}

// "a", "a and b", "a, b and c"
std::string EnglishList(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? " and " : ", ";
    out += items[i];
  }
  return out;
}

domain::SisterProject ToSisterProject(const MappedProject& row, int64_t workspace_id, bool acronym_repeats) {
  const auto& cordis = NeoCycleCordisFacts();
  const auto& interactions = NeoCycleInteractions();
  auto cordis_it = cordis.find(row.acronym);
  auto interaction_it = interactions.find(row.acronym);
  const CordisFacts* facts = cordis_it == cordis.end() ? nullptr : &cordis_it->second;
  const Interaction* met = interaction_it == interactions.end() ? nullptr : &interaction_it->second;
  std::string programme = NormalisedProgramme(row.programme);
  // "collection phase, recycling phase and end-user links"
  std::string links = EnglishList(LowerEach(row.value_chain_links)) +
                      (row.value_chain_links.size() > 1 ? " links" : " link");
  std::string topic = strings::ToLower(row.topic);

  domain::SisterProject p;
  p.workspace_id = workspace_id;
  p.value_chain_links = row.value_chain_links;
  p.topic = row.topic;
  // Table 2 gives acronyms only. Two projects share "ICARUS": the call tells them apart.
  std::string name = row.acronym;
  if (acronym_repeats) name += " – " + (row.call.empty() ? programme : row.call);
  p.fields["name"] = name + " " + kDemoToBeCompleted;
  p.fields["acronym"] = row.acronym;
  p.fields["status"] = StatusFor(programme, met != nullptr);
  p.fields["coordinator_name"] = kDemoToBeCompleted;
  p.fields["coordinator_country"] = kDemoUnknownCountry;
  p.fields["partner_count"] = "0";
  p.fields["shared_partner_count"] = "0";
  p.fields["shared_partner_names"] = kDemoToBeCompleted;  // not "none": nobody has checked yet
  p.fields["programme"] = programme;
  p.fields["call"] = row.call;
  p.fields["short_description"] = "Sister project of NEO-CYCLE on " + topic + ", acting on the " + links +
                                  " of NEO-CYCLE's value chain." + (facts ? " " + facts->topic_note : "");
  p.fields["industry_field"] = IndustryFieldFor(row.topic);
  p.fields["objectives"] = std::string(kDemoToBeCompleted) + " The D11.3 mapping records no aim, only the topic (" +
                           topic + ") and the value-chain " + (row.value_chain_links.size() > 1 ? "links." : "link.");
  std::vector<std::string> keywords = {topic};
  for (const auto& link : LowerEach(row.value_chain_links))
    if (link != topic) keywords.push_back(link);  // COMENZE: topic and link are both "research"
  p.fields["keywords"] = strings::Join(keywords, "; ");
  p.fields["relevance_score"] = row.level;  // the registry normalises "Very high" to 4
  p.fields["relevance_comment"] = "Rated " + strings::ToLower(row.level) +
                                  " in NEO-CYCLE's sister-project mapping (D11.3, Table 2)." +
                                  (met ? " " + met->evidence : "");
  if (met) p.fields["involvement_type"] = met->involvement;
  if (facts) {
    p.grant_id = facts->grant_id;
    p.fields["horizon_topic"] = facts->horizon_topic;
    p.fields["cordis_link"] = "https://cordis.europa.eu/project/id/" + facts->grant_id;
    p.fields["website"] = facts->website;
  }
  return p;
}

Status SaveOutcomeToStatus(const std::string& acronym, const SaveOutcome& outcome) {
  if (outcome.ok()) return Status::Ok();
  std::string messages;
  for (const auto& e : outcome.errors) messages += (messages.empty() ? "" : "; ") + e.message;
  // Our own data failing validation is a bug here, not user input.
  return Status::Internal("demo sister project " + acronym + " does not validate: " + messages);
}

Result<int> CreateNeoCycleSisterProjects(Connection& c, int64_t workspace_id) {
  RegistryStore registry(c);
  std::map<std::string, int> occurrences;
  for (const auto& row : NeoCycleMapping()) ++occurrences[row.acronym];
  int created = 0;
  for (const auto& row : NeoCycleMapping()) {
    domain::SisterProject p = ToSisterProject(row, workspace_id, occurrences[row.acronym] > 1);
    auto outcome = registry.Create(p, kDemoActor, ChangeSource::kImport);
    if (!outcome.ok()) return outcome.status();
    CORRIDOR_RETURN_IF_ERROR(SaveOutcomeToStatus(row.acronym, *outcome));
    ++created;
    // D11.3 section 2.1 shortlists the projects of high or very high relevance. (Its text
    // counts 14 of them; Table 2 rates 22 high or very high: the table is what we load.)
    if (p.Relevance() >= 3) {
      CORRIDOR_RETURN_IF_ERROR(registry.MoveStage(
          workspace_id, p.id, domain::Stage::kShortlist,
          "Rated " + strings::ToLower(row.level) +
              " in the D11.3 sister-project mapping (Table 2); D11.3 section 2.1 shortlists the projects of high "
              "or very high relevance.",
          kDemoActor));
    }
    auto met = NeoCycleInteractions().find(row.acronym);
    if (met != NeoCycleInteractions().end()) {
      CORRIDOR_RETURN_IF_ERROR(registry.MoveStage(
          workspace_id, p.id, domain::Stage::kInteractionFiltered,
          met->second.evidence + " Collaboration-ready or informational reference: for the team to decide.",
          kDemoActor));
    }
  }
  return created;
}

domain::Workspace NeoCycleWorkspace() {
  domain::Workspace w;
  w.slug = "neo-cycle";
  w.acronym = "NEO-CYCLE";
  w.name = "Upcycling of NdFeB magnets in the EU for green applications";
  w.kind = "project";
  w.grant_id = "101138058";  // also present in the CORDIS reference data
  // Not printed; derived: D11.3 has month 24 = August 2026 (and M18 = its February 2026 due
  // date), so month 1 is September 2024.
  w.start_date = "2024-09-01";
  w.description =
      "NEO-CYCLE demonstrates at TRL6 the upcycling of spent neodymium-iron-boron (NdFeB) permanent magnets "
      "taken from end-of-life hard disk drives. Rare earth elements are recovered by solid-state chlorination "
      "and selective electrochemical neodymium extraction, and the recovered neodymium, iron and boron are made "
      "into industrial catalysts and other products tested in four case studies: pharmaceuticals, ammonia, "
      "fertilisers and polymers. Related themes: critical raw materials, WEEE and magnet recycling, rare earth "
      "recovery, catalyst validation, LCA and LCC, and digital product passport traceability.";
  // Partners as named in seeds 000 and 001; full names and countries only where a seed gives
  // them (ISMC's from seed 002), CORDIS organisation ids unknown.
  w.partners = {
      {0, "Iberian Sustainable Mining Cluster", "ISMC", "", "ES"},  // Task 11.3 lead, Seville
      {0, "ECOCastulum", "ECO", "", ""},                            // Task 11.3 contributor
      {0, "IDE", "IDE", "", ""},                                    // project coordinator
      {0, "LCI", "LCI", "", ""},                                    // WP11 lead
      // Presented NEO-CYCLE at external events (D11.3 Table 4).
      {0, "WUT", "WUT", "", ""},
      {0, "IKTS", "IKTS", "", ""},
      {0, "UniTO", "UniTO", "", ""},
  };
  return w;
}

// ---- I4-GREEN (seed 002) ----

domain::Workspace I4GreenWorkspace() {
  domain::Workspace w;
  w.slug = "i4-green";
  w.acronym = "I4-GREEN";
  // Seed 002 prints no title page; this is the title its reference list gives with the
  // project's pilot presentation (April 2025).
  w.name = "Interregional Investment for the Sustainable Supply of Raw Materials in the EU Green Energy Transition";
  w.kind = "project";
  w.grant_id = "101084028";  // stated in seed 002's references; absent from the CORDIS reference data
  // Derived: D6.3 is due in month 30 = April 2025, so month 1 is November 2022.
  w.start_date = "2022-11-01";
  w.description =
      "I4-GREEN is an I3 interregional innovation investment project on sustainable raw materials in "
      "Castilla y León, Andalucía, Extremadura and Alentejo. Its benchmarking compares the four regions on "
      "innovation capacity, cluster ecosystem maturity, SME engagement and adoption, circular economy "
      "implementation and alignment with smart specialisation strategies, and feeds a quadruple-helix action "
      "plan for cluster development. Its pilots recover copper, zinc and cobalt by green hydrometallurgy (E-LIX, "
      "Riotinto) and iron ore with rare earth elements from deposits and tailings (Iron Holm Oak, Extremadura), "
      "with replication targeted at 24 sites across the regions.";
  w.partners = {
      {0, "International Center for Advanced Materials and Raw Materials of Castilla y León Foundation", "ICAMCyL",
       "", "ES"},                                                          // coordinator
      {0, "Associação Cluster Portugal Mineral Resources", "ACPMR", "", "PT"},  // D6.3 lead
      {0, "Iberian Sustainable Mining Cluster", "ISMC", "", "ES"},
      {0, "Nanofaber", "Nanofaber", "", ""},
      // Associated partners.
      {0, "Junta de Andalucía", "", "", "ES"},
      {0, "University of Extremadura", "UEx", "", "ES"},
  };
  return w;
}

std::string JsonString(const std::string& s) {
  std::string out = "\"";
  for (char ch : s) {
    unsigned char u = static_cast<unsigned char>(ch);
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += ch;
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

std::string RegionsJson(const std::vector<DemoRegion>& regions) {
  std::string out = "[";
  for (size_t i = 0; i < regions.size(); ++i) {
    if (i) out += ",";
    out += "{\"nuts_code\":" + JsonString(regions[i].nuts_code) + ",\"name\":" + JsonString(regions[i].name) + "}";
  }
  return out + "]";
}

Result<bool> SlugExists(Connection& c, const std::string& slug) {
  auto existing = WorkspaceStore(c).FindBySlug(slug);
  if (!existing.ok()) return existing.status();
  return existing->has_value();
}

// ---- NEO-CYCLE stakeholders (issue 3) ----
// Invented people and organisations (no real person's data), spread over the eight types, the
// sectors and the tiers of seed 001 section 2.2, so that segments, tiers and invitation lists
// have something to work on. Consent: most confirmed "contact", some "newsletter", one withdrawn,
// one registration still awaiting confirmation, two mapped by hand without consent.
struct DemoStakeholder {
  const char *name, *org, *email, *country, *type, *sector, *phase;
  int influence, interest;
  bool actor;
  const char* consent;  // "contact", "contact+newsletter", "withdrawn", "pending", "" (none)
  const char* tags;
};

const std::vector<DemoStakeholder>& NeoCycleStakeholders() {
  static const std::vector<DemoStakeholder> v = {
      {"Elena Marquez", "Regional Circular Economy Office", "e.marquez@example.org", "ES", "policymakers", "weee-recycling", "recycling", 5, 4, false, "contact+newsletter", "policy,weee"},
      {"Jonas Berger", "Federal Raw Materials Agency", "j.berger@example.org", "DE", "policymakers", "upcycling", "upcycling", 5, 3, false, "contact", "crm,policy"},
      {"Claire Dubois", "Ministry for Ecological Transition (demo)", "c.dubois@example.org", "FR", "policymakers", "e-waste-management", "collection", 4, 2, false, "contact", "policy"},
      {"Marco Rossi", "Innovation Fund Lombardia (demo)", "m.rossi@example.org", "IT", "funding-agencies", "other", "", 4, 2, false, "contact", "funding"},
      {"Sofia Andersson", "Nordic Research Funding Council (demo)", "s.andersson@example.org", "SE", "funding-agencies", "", "", 3, 1, false, "", "funding"},
      {"Aoife Byrne", "Circular Futures NGO", "a.byrne@example.org", "IE", "ngos", "e-waste-management", "collection", 2, 4, false, "contact+newsletter", "s-lca,awareness"},
      {"Pieter de Vries", "E-Waste Watch (demo)", "p.devries@example.org", "NL", "ngos", "weee-recycling", "recycling", 2, 5, false, "withdrawn", "awareness"},
      {"Katarzyna Nowak", "European Magnet Recyclers Association (demo)", "k.nowak@example.org", "PL", "professional-associations", "weee-recycling", "recycling", 4, 5, true, "contact+newsletter", "multiplier,weee"},
      {"Luis Fernandes", "Iberian Electronics Cluster (demo)", "l.fernandes@example.org", "PT", "professional-associations", "hdd-electronics-manufacturing", "collection", 3, 4, false, "contact", "cluster"},
      {"Hannah Schmidt", "MagnetCycle GmbH (demo)", "h.schmidt@example.org", "DE", "industrial-actors", "upcycling", "upcycling", 4, 5, true, "contact", "ndfeb,pilot"},
      {"Nikos Papadopoulos", "Hellenic Recycling SA (demo)", "n.papadopoulos@example.org", "EL", "industrial-actors", "weee-recycling", "recycling", 3, 5, true, "contact+newsletter", "weee,logistics"},
      {"Anna Kowalczyk", "DiskDrive Components (demo)", "a.kowalczyk@example.org", "PL", "industrial-actors", "hdd-electronics-manufacturing", "collection", 3, 2, false, "contact", "hdd"},
      {"Thomas Leclerc", "AgriNova Fertilisers (demo)", "t.leclerc@example.org", "FR", "industrial-actors", "fertilisers-agrichemicals", "end-use", 2, 3, false, "contact", "end-user"},
      {"Ingrid Olsen", "GreenAmmonia Nordic (demo)", "i.olsen@example.org", "NO", "industrial-actors", "green-ammonia", "end-use", 3, 4, false, "pending", "end-user,catalysis"},
      {"Paolo Bianchi", "PharmaChem Italia (demo)", "p.bianchi@example.org", "IT", "industrial-actors", "pharmaceuticals", "end-use", 2, 2, false, "contact", "end-user"},
      {"Dr. Miriam Cohen", "Institute for Materials Recovery (demo)", "m.cohen@example.org", "BE", "research-organisations", "upcycling", "upcycling", 3, 5, true, "contact+newsletter", "lca,research"},
      {"Dr. Jan Novak", "Central European Technical University (demo)", "j.novak@example.org", "CZ", "research-organisations", "chemicals", "end-use", 2, 4, false, "contact", "catalysis,research"},
      {"Eva Horvath", "", "e.horvath@example.org", "HU", "general-public", "", "", 1, 3, false, "contact+newsletter", "citizen"},
      {"Mateo Garcia", "", "m.garcia@example.org", "ES", "general-public", "", "", 1, 1, false, "", ""},
      {"Laura Weber", "REMAG-X project (demo)", "l.weber@example.org", "AT", "related-projects", "upcycling", "upcycling", 3, 5, true, "contact", "clustering,sister-project"},
      {"Giulia Romano", "CRM-Link initiative (demo)", "g.romano@example.org", "IT", "related-projects", "weee-recycling", "recycling", 2, 4, false, "contact+newsletter", "clustering"},
  };
  return v;
}

Result<int> CreateNeoCycleStakeholders(Connection& c, const domain::Workspace& ws) {
  CORRIDOR_RETURN_IF_ERROR(TaxonomyStore(c).EnsureDefaults(ws.id));
  ConsentStore consents(c);
  CORRIDOR_ASSIGN_OR_RETURN(auto texts, consents.CurrentTexts(ws.id, ws.acronym));
  auto text_for = [&](const std::string& purpose) -> const domain::ConsentText* {
    for (const auto& t : texts)
      if (t.purpose == purpose) return &t;
    return nullptr;
  };
  StakeholderStore people(c);
  const std::string now = dates::NowIso();  // registered and confirmed when the demo loads
  int n = 0;
  for (const auto& d : NeoCycleStakeholders()) {
    domain::Stakeholder s;
    s.workspace_id = ws.id;
    s.name = d.name;
    s.organisation = d.org;
    s.email = d.email;
    s.country = d.country;
    s.type_key = d.type;
    s.sector_key = d.sector;
    s.phase_key = d.phase;
    s.influence = d.influence;
    s.interest = d.interest;
    s.is_actor = d.actor;
    if (*d.tags) s.tags = {d.tags};
    std::string consent = d.consent;
    s.source = consent.empty() ? "manual" : "registration";
    s.status = consent == "pending" ? domain::StakeholderStatus::kPending : domain::StakeholderStatus::kActive;
    if (s.source == "registration" && consent != "pending") s.confirmed_at = now;
    CORRIDOR_ASSIGN_OR_RETURN(int64_t id, people.Create(s, kDemoActor));
    ++n;
    if (consent.empty()) continue;
    const domain::ConsentText* contact = text_for(domain::kPurposeContact);
    const domain::ConsentText* news = text_for(domain::kPurposeNewsletter);
    std::string confirmed = consent == "pending" ? "" : now;
    if (contact) CORRIDOR_RETURN_IF_ERROR(consents.Give(id, *contact, "registration form (demo)", confirmed).status());
    if (news && consent == "contact+newsletter")
      CORRIDOR_RETURN_IF_ERROR(consents.Give(id, *news, "registration form (demo)", confirmed).status());
    if (consent == "withdrawn")
      CORRIDOR_RETURN_IF_ERROR(consents.Withdraw(ws.id, id, "", "self-service link (demo)", kDemoActor).status());
  }
  return n;
}

}  // namespace

std::string WorkspaceRegionsSettingKey(const std::string& slug) { return "workspace:" + slug + ":regions"; }

std::vector<DemoRegion> I4GreenRegions() {
  // NUTS 2021 level-2 codes, checked against shared/data/nuts2021-geojson.
  return {
      {"ES41", "Castilla y León"},
      {"ES61", "Andalucía"},
      {"ES43", "Extremadura"},
      {"PT18", "Alentejo"},
  };
}

Result<DemoSummary> LoadDemoWorkspaces(Connection& c) {
  Transaction tx(c);
  CORRIDOR_RETURN_IF_ERROR(tx.status());
  DemoSummary summary;
  WorkspaceStore workspaces(c);

  // The existence checks run inside the write transaction, so two servers starting on the
  // same database cannot both load.
  CORRIDOR_ASSIGN_OR_RETURN(bool have_neo_cycle, SlugExists(c, "neo-cycle"));
  if (!have_neo_cycle) {
    CORRIDOR_ASSIGN_OR_RETURN(int64_t id, workspaces.Create(NeoCycleWorkspace(), kDemoActor));
    ++summary.workspaces_created;
    CORRIDOR_ASSIGN_OR_RETURN(int projects, CreateNeoCycleSisterProjects(c, id));
    summary.projects_created += projects;
    domain::Workspace created = NeoCycleWorkspace();
    created.id = id;
    CORRIDOR_ASSIGN_OR_RETURN(int people, CreateNeoCycleStakeholders(c, created));
    (void)people;
  }

  CORRIDOR_ASSIGN_OR_RETURN(bool have_i4_green, SlugExists(c, "i4-green"));
  if (!have_i4_green) {
    domain::Workspace w = I4GreenWorkspace();
    CORRIDOR_ASSIGN_OR_RETURN(int64_t id, workspaces.Create(w, kDemoActor));
    (void)id;
    ++summary.workspaces_created;
    // Upsert: a row left over from an earlier, deleted i4-green must not block the load.
    auto saved = c.Exec("INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                        {WorkspaceRegionsSettingKey(w.slug), RegionsJson(I4GreenRegions())});
    if (!saved.ok()) return saved.status();
  }

  CORRIDOR_RETURN_IF_ERROR(LoadDemoRegions(c));  // issue 5: I4-GREEN regions of interest, a user-defined corridor
  CORRIDOR_RETURN_IF_ERROR(LoadDemoScoreboard(c));  // issue 5: frameworks, rounds, S3P catalogue
  CORRIDOR_RETURN_IF_ERROR(LoadDemoEvents(c));  // issue 4: NEO-CYCLE clustering events (seed 001, 3.2-3.3)
  CORRIDOR_RETURN_IF_ERROR(tx.Commit());
  return summary;
}

}  // namespace corridor::storage
