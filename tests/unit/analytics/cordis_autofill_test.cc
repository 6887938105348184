#include "analytics/cordis_autofill.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace corridor::analytics {
namespace {

const dates::Date kToday{2025, 6, 15};

storage::CorpusProject Harmony() {
  storage::CorpusProject p;
  p.grant_id = "101138767";
  p.framework = "HORIZON";
  p.acronym = "HARMONY";
  p.title = "Recyclability and resource efficiency of rare-earth permanent magnets";
  p.status = "SIGNED";
  p.start_date = "2024-01-01";
  p.end_date = "2027-12-31";
  p.total_cost = "7499875.5";
  p.master_call = "HORIZON-CL4-2023-RESILIENCE-01";
  p.sub_call = "HORIZON-CL4-2023-RESILIENCE-01-09";
  p.topic = "HORIZON-CL4-2023-RESILIENCE-01-09";
  p.objective =
      "HARMONY develops recycling routes for NdFeB magnets from end-of-life products. The recovered rare earths, "
      "e.g. neodymium, go back into new magnets.\nA third sentence that is not part of the short description.";
  p.keywords = "magnet recycling; rare earth elements; Magnet Recycling";
  p.website = "https://www.harmonyproject.eu/";
  p.scivoc_titles = {"rare earth elements", "permanent magnets"};
  return p;
}

storage::CorpusOrganization Org(const std::string& id, const std::string& role, const std::string& name,
                                const std::string& short_name, const std::string& country, int64_t order) {
  storage::CorpusOrganization o;
  o.grant_id = "101138767";
  o.org_id = id;
  o.role = role;
  o.name = name;
  o.short_name = short_name;
  o.country = country;
  o.order = order;
  return o;
}

std::vector<storage::CorpusOrganization> HarmonyOrgs() {
  return {
      Org("999001", "coordinator", "FUNDACION TECNALIA RESEARCH & INNOVATION", "TECNALIA", "ES", 1),
      Org("999002", "participant", "ISMC ASOCIACION IBERIAN SUSTAINABLE MINING CLUSTER", "ISMC", "ES", 2),
      Org("999003", "participant", "UNIVERSITA DEGLI STUDI DI TORINO", "UNITO", "IT", 3),
      Org("999004", "thirdParty", "TECNALIA SERBIA", "", "RS", 4),
      Org("999005", "associatedPartner", "MAGNET MAKERS LTD", "MM", "UK", 5),
      Org("999006", "partner", "ACME GMBH", "", "DE", 6),
      // The same organisation twice (two roles) counts once.
      Org("999002", "thirdParty", "ISMC ASOCIACION IBERIAN SUSTAINABLE MINING CLUSTER", "ISMC", "ES", 7),
      // Observers are not partners.
      Org("999007", "observer", "WATCHING AGENCY", "WA", "BE", 8),
  };
}

domain::Workspace Focal() {
  domain::Workspace w;
  w.id = 7;
  w.slug = "neo-cycle";
  w.acronym = "NEO-CYCLE";
  w.partners = {
      {0, "Iberian Sustainable Mining Cluster", "ISMC", "999002", "ES"},  // matched by organisation ID
      {0, "Università degli Studi di Torino", "UniTO", "", "IT"},         // matched by normalised name
      {0, "Observer Friend", "WA", "999007", "BE"},                       // only an observer there: not shared
      {0, "Nobody Else", "NE", "", ""},
  };
  return w;
}

TEST(CordisAutofillTest, FillsEveryFieldCordisHolds) {
  AutoFill f = AutoFillFromCordis(Harmony(), HarmonyOrgs(), Focal(), kToday);
  const domain::SisterProject& p = f.project;
  EXPECT_EQ(p.grant_id, "101138767");
  EXPECT_EQ(p.Get("name"), "Recyclability and resource efficiency of rare-earth permanent magnets");
  EXPECT_EQ(p.Get("acronym"), "HARMONY");
  EXPECT_EQ(p.Get("cordis_link"), "https://cordis.europa.eu/project/id/101138767");
  EXPECT_EQ(p.Get("website"), "https://www.harmonyproject.eu/");
  EXPECT_EQ(p.Get("status"), "Ongoing");
  EXPECT_EQ(p.Get("start_date"), "2024-01-01");
  EXPECT_EQ(p.Get("end_date"), "2027-12-31");
  EXPECT_EQ(p.Get("budget_eur"), "7499875.50");
  EXPECT_EQ(p.Get("coordinator_name"), "FUNDACION TECNALIA RESEARCH & INNOVATION");
  EXPECT_EQ(p.Get("coordinator_country"), "ES");
  EXPECT_EQ(p.Get("programme"), "Horizon Europe");
  EXPECT_EQ(p.Get("call"), "HORIZON-CL4-2023-RESILIENCE-01");  // masterCall first
  EXPECT_EQ(p.Get("horizon_topic"), "HORIZON-CL4-2023-RESILIENCE-01-09");
  EXPECT_EQ(p.Get("objectives"), Harmony().objective);
  // First two sentences ("e.g." is not a sentence end), newlines folded.
  EXPECT_EQ(p.Get("short_description"),
            "HARMONY develops recycling routes for NdFeB magnets from end-of-life products. The recovered rare "
            "earths, e.g. neodymium, go back into new magnets.");
  // CORDIS keywords then euroSciVoc titles, each once (case-insensitively).
  EXPECT_EQ(p.Get("keywords"), "magnet recycling; rare earth elements; permanent magnets");
  // Fields CORDIS cannot know stay empty: the user gives them.
  EXPECT_EQ(p.Get("industry_field"), "");
  EXPECT_EQ(p.Get("relevance_score"), "");
  EXPECT_EQ(p.Get("relevance_comment"), "");
  // With the user's three fields, the record validates.
  domain::SisterProject q = p;
  q.fields["industry_field"] = "recycling; magnets";
  q.fields["relevance_score"] = "4";
  q.fields["relevance_comment"] = "Same value chain.";
  EXPECT_TRUE(domain::ValidateProject(q).empty());
}

TEST(CordisAutofillTest, CallFallsBackToSubCallAndProgrammesAreNamed) {
  storage::CorpusProject p = Harmony();
  p.master_call = "";
  p.framework = "H2020";
  AutoFill f = AutoFillFromCordis(p, {}, Focal(), kToday);
  EXPECT_EQ(f.project.Get("call"), "HORIZON-CL4-2023-RESILIENCE-01-09");
  EXPECT_EQ(f.project.Get("programme"), "Horizon 2020");
  EXPECT_EQ(ProgrammeName("FP7"), "FP7");
  EXPECT_EQ(ProgrammeName("HORIZON"), "Horizon Europe");
  // Without organisations nothing is guessed: counts stay empty for the user.
  EXPECT_EQ(f.project.Get("partner_count"), "");
  EXPECT_EQ(f.project.Get("shared_partner_count"), "");
  EXPECT_EQ(f.project.Get("coordinator_name"), "");
}

TEST(CordisAutofillTest, StatusesMapped) {
  EXPECT_EQ(MapCordisStatus("SIGNED", "2020-01-01", kToday), "Ongoing");  // CORDIS says signed
  EXPECT_EQ(MapCordisStatus("CLOSED", "2030-01-01", kToday), "Closed");
  EXPECT_EQ(MapCordisStatus("TERMINATED", "", kToday), "Closed");
  EXPECT_EQ(MapCordisStatus("closed", "", kToday), "Closed");
  // Otherwise the end date decides.
  EXPECT_EQ(MapCordisStatus("ONG", "2024-12-31", kToday), "Closed");
  EXPECT_EQ(MapCordisStatus("", "2025-06-15", kToday), "Ongoing");
  EXPECT_EQ(MapCordisStatus("", "2026-01-01", kToday), "Ongoing");
  EXPECT_EQ(MapCordisStatus("", "", kToday), "Ongoing");
  storage::CorpusProject p = Harmony();
  p.status = "ONG";
  p.end_date = "2023-12-31";
  AutoFill f = AutoFillFromCordis(p, HarmonyOrgs(), Focal(), kToday);
  EXPECT_EQ(f.project.Get("status"), "Closed");
}

TEST(CordisAutofillTest, PartnersCountedWithoutObservers) {
  AutoFill f = AutoFillFromCordis(Harmony(), HarmonyOrgs(), Focal(), kToday);
  // coordinator, 2 participants, thirdParty, associatedPartner, partner; ISMC's second role and
  // the observer not counted.
  EXPECT_EQ(f.partner_count, 6);
  EXPECT_EQ(f.project.Get("partner_count"), "6");
  EXPECT_TRUE(IsCountedPartnerRole("thirdParty"));
  EXPECT_TRUE(IsCountedPartnerRole("associatedPartner"));
  EXPECT_FALSE(IsCountedPartnerRole("observer"));
  bool noted = false;
  for (const auto& n : f.notes) noted |= n.find("observer") != std::string::npos;
  EXPECT_TRUE(noted) << "the note says which roles were left out";
}

TEST(CordisAutofillTest, OverlapByOrganisationIdThenNormalisedNameWithRule) {
  AutoFill f = AutoFillFromCordis(Harmony(), HarmonyOrgs(), Focal(), kToday);
  const PartnerOverlap& o = f.overlap;
  ASSERT_EQ(o.count(), 2u);
  EXPECT_EQ(o.matches[0].focal_short_name, "ISMC");
  EXPECT_EQ(o.matches[0].cordis_org_id, "999002");
  EXPECT_EQ(o.matches[0].rule, "organisation ID");
  EXPECT_EQ(o.matches[0].cordis_role, "participant");
  EXPECT_EQ(o.matches[1].focal_short_name, "UniTO");
  EXPECT_EQ(o.matches[1].cordis_name, "UNIVERSITA DEGLI STUDI DI TORINO");
  EXPECT_EQ(o.matches[1].rule, "normalised name");
  EXPECT_EQ(f.project.Get("shared_partner_count"), "2");
  EXPECT_EQ(f.project.Get("shared_partner_names"), "ISMC; UniTO");
  std::string json = o.ToJson();
  EXPECT_NE(json.find("\"rule\":\"organisation ID\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"rule\":\"normalised name\""), std::string::npos) << json;
  EXPECT_EQ(json.front(), '[');
  EXPECT_EQ(json.back(), ']');
}

TEST(CordisAutofillTest, NoSharedPartnersSaysNone) {
  domain::Workspace w = Focal();
  w.partners = {{0, "Somebody", "SB", "1", "FR"}};
  AutoFill f = AutoFillFromCordis(Harmony(), HarmonyOrgs(), w, kToday);
  EXPECT_EQ(f.project.Get("shared_partner_count"), "0");
  EXPECT_EQ(f.project.Get("shared_partner_names"), "none");
  EXPECT_EQ(f.overlap.ToJson(), "[]");
}

TEST(CordisAutofillTest, InvalidCordisValuesAreLeftOutWithANote) {
  storage::CorpusProject p = Harmony();
  p.website = "not a url at all";
  p.total_cost = "";
  AutoFill f = AutoFillFromCordis(p, HarmonyOrgs(), Focal(), kToday);
  EXPECT_EQ(f.project.Get("website"), "");
  EXPECT_EQ(f.project.Get("budget_eur"), "");
  bool noted = false;
  for (const auto& n : f.notes) noted |= n.find("website") != std::string::npos;
  EXPECT_TRUE(noted);
}

TEST(CordisAutofillTest, LongTitleAndObjectiveAreCutToFit) {
  storage::CorpusProject p = Harmony();
  p.title = std::string(600, 'x');
  p.objective = std::string(3000, 'y') + ". Second.";
  AutoFill f = AutoFillFromCordis(p, HarmonyOrgs(), Focal(), kToday);
  EXPECT_LE(f.project.Get("name").size(), 500u);
  EXPECT_LE(f.project.Get("short_description").size(), 2000u);
  EXPECT_FALSE(f.project.Get("short_description").empty());
}

TEST(CordisAutofillTest, FirstSentences) {
  EXPECT_EQ(FirstSentences("One. Two. Three."), "One. Two.");
  std::string long_first = "This first sentence is long enough on its own to stand as a short description of the "
                           "project without needing any more words after it, since it already says what the project does.";
  EXPECT_EQ(FirstSentences(long_first + " Second sentence."), long_first);
  EXPECT_EQ(FirstSentences("Work by J. Smith et al. on magnets. Next one."), "Work by J. Smith et al. on magnets. Next one.");
  EXPECT_EQ(FirstSentences("No full stop at all"), "No full stop at all");
  EXPECT_EQ(FirstSentences(""), "");
}

TEST(CordisAutofillTest, DiffMarksUserEditedFieldsAsKept) {
  AutoFill f = AutoFillFromCordis(Harmony(), HarmonyOrgs(), Focal(), kToday);
  domain::SisterProject current = f.project;
  current.fields["name"] = "HARMONY (our own title)";
  current.user_edited.insert("name");
  current.fields["end_date"] = "2027-06-30";  // changed in CORDIS since; nobody edited it here
  current.fields["website"] = "https://old.example.eu/";
  current.user_edited.insert("website");
  auto diffs = DiffWithCordis(current, f.project);
  ASSERT_EQ(diffs.size(), CordisFieldKeys().size());
  auto find = [&](const std::string& k) {
    for (const auto& d : diffs)
      if (d.key == k) return d;
    return FieldDiff{};
  };
  FieldDiff name = find("name");
  EXPECT_FALSE(name.will_update);
  EXPECT_TRUE(name.user_edited);
  EXPECT_EQ(name.reason, "kept: edited by a user");
  EXPECT_EQ(name.cordis, "Recyclability and resource efficiency of rare-earth permanent magnets");
  FieldDiff end = find("end_date");
  EXPECT_TRUE(end.will_update);
  EXPECT_EQ(end.current, "2027-06-30");
  EXPECT_EQ(end.cordis, "2027-12-31");
  EXPECT_FALSE(find("website").will_update);
  FieldDiff acronym = find("acronym");
  EXPECT_FALSE(acronym.will_update);
  EXPECT_EQ(acronym.reason, "unchanged");
  // CORDIS without a value never blanks a stored one.
  domain::SisterProject cordis = f.project;
  cordis.fields["budget_eur"] = "";
  FieldDiff budget;
  for (const auto& d : DiffWithCordis(current, cordis))
    if (d.key == "budget_eur") budget = d;
  EXPECT_FALSE(budget.will_update);
  EXPECT_EQ(budget.reason, "kept: CORDIS has no value");
}

}  // namespace
}  // namespace corridor::analytics
