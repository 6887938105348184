#include "analytics/org_name_matcher.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace corridor::analytics {
namespace {

TEST(NormalizeOrgNameTest, FraunhoferSpellings) {
  const std::string key = "fraunhofer gesellschaft zur forderung der angewandten forschung";
  EXPECT_EQ(NormalizeOrgName("Fraunhofer-Gesellschaft zur Förderung der angewandten Forschung e.V."), key);
  // CORDIS drops the umlaut and the dots.
  EXPECT_EQ(NormalizeOrgName("FRAUNHOFER GESELLSCHAFT ZUR FORDERUNG DER ANGEWANDTEN FORSCHUNG EV"), key);
  // Umlaut written as a digraph.
  EXPECT_EQ(NormalizeOrgName("Fraunhofer Gesellschaft zur Foerderung der Angewandten Forschung e. V."), key);
}

TEST(NormalizeOrgNameTest, GermanDigraphsAndAccents) {
  EXPECT_EQ(NormalizeOrgName("Technische Universität München"),
            NormalizeOrgName("TECHNISCHE UNIVERSITAET MUENCHEN"));
  EXPECT_EQ(NormalizeOrgName("Forschungszentrum Jülich GmbH"), "forschungszentrum julich");
  EXPECT_EQ(NormalizeOrgName("Universidad Politécnica de Madrid"), "universidad politecnica de madrid");
  EXPECT_EQ(NormalizeOrgName("UEA"), "uea");  // acronyms keep their letters
}

TEST(NormalizeOrgNameTest, LegalFormsRemovedAsWholeWords) {
  EXPECT_EQ(NormalizeOrgName("Siemens AG"), "siemens");
  EXPECT_EQ(NormalizeOrgName("SIEMENS AKTIENGESELLSCHAFT"), "siemens");
  EXPECT_EQ(NormalizeOrgName("Eni S.p.A."), "eni");
  EXPECT_EQ(NormalizeOrgName("ENI SPA"), "eni");
  EXPECT_EQ(NormalizeOrgName("Acme Sp. z o.o."), "acme");
  EXPECT_EQ(NormalizeOrgName("ACME SPOLKA Z OGRANICZONA ODPOWIEDZIALNOSCIA"), "acme");
  EXPECT_EQ(NormalizeOrgName("Volvo Car Corporation AB (publ)"), "volvo car corporation");
  EXPECT_EQ(NormalizeOrgName("AB Volvo"), "volvo");
  EXPECT_EQ(NormalizeOrgName("Umicore NV/SA"), "umicore");
  EXPECT_EQ(NormalizeOrgName("Müller GmbH & Co. KG"), "muller");
  EXPECT_EQ(NormalizeOrgName("Tecnalia Research & Innovation S.L.U."), "tecnalia research innovation");
  EXPECT_EQ(NormalizeOrgName("SINTEF AS"), "sintef");
  EXPECT_EQ(NormalizeOrgName("Stiftelsen SINTEF"), "stiftelsen sintef");
  EXPECT_EQ(NormalizeOrgName("Magyar Kft."), "magyar");
  EXPECT_EQ(NormalizeOrgName("Example Company Limited"), "example");
}

TEST(NormalizeOrgNameTest, AmbiguousShortFormsOnlyAtTheEnd) {
  EXPECT_EQ(NormalizeOrgName("Co-operative Bank"), "co operative bank");
  EXPECT_EQ(NormalizeOrgName("Such As Systems"), "such as systems");
  EXPECT_EQ(NormalizeOrgName("Hydro AS"), "hydro");
}

TEST(NormalizeOrgNameTest, ArticlesPunctuationAndSpaces) {
  EXPECT_EQ(NormalizeOrgName("The University of Manchester"), "university of manchester");
  EXPECT_EQ(NormalizeOrgName("  UNIVERSITY   OF\tMANCHESTER, THE "), "university of manchester");
  EXPECT_EQ(NormalizeOrgName("Katholieke Universiteit Leuven"), "katholieke universiteit leuven");
  EXPECT_EQ(NormalizeOrgName(""), "");
  EXPECT_EQ(NormalizeOrgName("GmbH"), "gmbh");  // nothing but a legal form: keep it, not ""
}

TEST(MatchRuleNameTest, Labels) {
  EXPECT_EQ(MatchRuleName(MatchRule::kOrganisationId), "organisation ID");
  EXPECT_EQ(MatchRuleName(MatchRule::kNormalisedName), "normalised name");
  EXPECT_EQ(MatchRuleName(MatchRule::kShortName), "short name");
}

TEST(MatchPartnersTest, RulesInPrecedenceOrder) {
  std::vector<PartnerRef> focal = {
      {"999984059", "Fraunhofer-Gesellschaft zur Förderung der angewandten Forschung e.V.", "Fraunhofer"},
      {"", "Technische Universität München", "TUM"},
      {"", "Some Start-up Ltd", "MAGTEC"},
      {"", "Unmatched Org", "UO"},
  };
  std::vector<PartnerRef> candidates = {
      {"", "TECHNISCHE UNIVERSITAET MUENCHEN", ""},
      {"999984059", "FRAUNHOFER INSTITUTE FOR SOMETHING", "FHG"},  // id wins despite the name
      {"", "FRAUNHOFER GESELLSCHAFT ZUR FORDERUNG DER ANGEWANDTEN FORSCHUNG EV", ""},
      {"123", "MAGTEC SOLUTIONS SL", "magtec"},
      {"", "UO AB", "UO"},  // "UO" is too short for the short-name rule
  };
  auto m = MatchPartners(focal, candidates);
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[0].focal_index, 0u);
  EXPECT_EQ(m[0].candidate_index, 1u);
  EXPECT_EQ(m[0].rule, MatchRule::kOrganisationId);
  EXPECT_EQ(m[1].focal_index, 1u);
  EXPECT_EQ(m[1].candidate_index, 0u);
  EXPECT_EQ(m[1].rule, MatchRule::kNormalisedName);
  EXPECT_EQ(m[2].focal_index, 2u);
  EXPECT_EQ(m[2].candidate_index, 3u);
  EXPECT_EQ(m[2].rule, MatchRule::kShortName);
}

TEST(MatchPartnersTest, NameMatchWhenIdsDiffer) {
  // Different (or missing) ids do not block a name match: ids in focal data are often wrong.
  std::vector<PartnerRef> focal = {{"111", "SINTEF AS", ""}};
  std::vector<PartnerRef> candidates = {{"222", "Sintef", ""}};
  auto m = MatchPartners(focal, candidates);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].rule, MatchRule::kNormalisedName);
}

TEST(MatchPartnersTest, EachFocalPartnerCountedOnce) {
  std::vector<PartnerRef> focal = {{"", "Eni S.p.A.", "ENI"}};
  std::vector<PartnerRef> candidates = {{"", "ENI SPA", "ENI"}, {"", "Eni", "ENI"}, {"", "Other", "ENI"}};
  auto m = MatchPartners(focal, candidates);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].candidate_index, 0u);  // the first candidate under the strongest rule
  EXPECT_EQ(m[0].rule, MatchRule::kNormalisedName);
}

TEST(MatchPartnersTest, EmptyIdsAndNamesNeverMatch) {
  std::vector<PartnerRef> focal = {{"", "", ""}, {" ", "Alpha", ""}};
  std::vector<PartnerRef> candidates = {{"", "", ""}, {" ", "Beta", ""}};
  EXPECT_TRUE(MatchPartners(focal, candidates).empty());
  EXPECT_TRUE(MatchPartners({}, candidates).empty());
  EXPECT_TRUE(MatchPartners(focal, {}).empty());
}

}  // namespace
}  // namespace corridor::analytics
