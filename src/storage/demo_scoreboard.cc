#include "storage/demo_scoreboard.h"

#include <map>
#include <set>

#include "domain/scoreboard.h"
#include "storage/assessment_store.h"
#include "storage/framework_store.h"
#include "storage/region_store.h"
#include "storage/s3p_store.h"

namespace corridor::storage {

namespace {

const Actor kDemo{0, "demo data"};
constexpr const char* kD63 = "I4-GREEN D6.3 \"Benchmarking and clustering\" (2025), Table 1";
constexpr const char* kD114 = "NEO-CYCLE D11.4 \"Benchmarking and RMIS\" (2026), Table 1";

struct DemoScore {
  const char* region;
  const char* dimension;
  int value;
  const char* evidence;
};

// Seed 002 Table 1 (the four I4-GREEN regions), scored on the 1-5 scale; notes in our words.
const std::vector<DemoScore>& I4GreenScores() {
  static const std::vector<DemoScore> rows = {
      {"ES41", "innovation-capacity", 4, "Strong innovation ecosystem anchored by ICAMCyL.\nRegular EU project participation and circular mining pilots."},
      {"ES61", "innovation-capacity", 3, "Capacity growing, led by the E-LIX pilot at Riotinto.\nEU engagement increasing."},
      {"ES43", "innovation-capacity", 2, "Innovation emerging with the Iron Holm Oak (IHO) pilot.\nLimited private R&D absorption."},
      {"PT18", "innovation-capacity", 2, "Emerging region with replication potential (Neves-Corvo, Aljustrel).\nAligned with EREI2030."},
      {"ES41", "cluster-maturity", 4, "High maturity: strong governance and coordination between clusters."},
      {"ES61", "cluster-maturity", 3, "Ecosystem maturing; circular mining still needs structured cluster governance."},
      {"ES43", "cluster-maturity", 2, "Early stage with few formal clusters; growing through I4-GREEN involvement."},
      {"PT18", "cluster-maturity", 2, "Developing ecosystem led by ACPMR, active in EU platforms."},
      {"ES41", "sme-engagement", 4, "Robust SME engagement backed by regional funding and innovation tools."},
      {"ES61", "sme-engagement", 4, "High SME engagement through I4-GREEN and EU matchmaking platforms."},
      {"ES43", "sme-engagement", 2, "SME engagement emerging, driven by cascade funding and pilot roles."},
      {"PT18", "sme-engagement", 2, "SME participation still limited, improving through EU and national instruments."},
      {"ES41", "circular-economy", 4, "Advanced circular practices; regional policy aligned with EU goals."},
      {"ES61", "circular-economy", 3, "Circular economy operational via E-LIX; industry-wide adoption still under way."},
      {"ES43", "circular-economy", 2, "Circular practice minimal but progressing through the IHO pilot and policy frameworks."},
      {"PT18", "circular-economy", 2, "A strategic priority under EREI2030, building on replicated circular mining models."},
      {"ES41", "s3-alignment", 5, "Directly supports RIS3 2025-2027 priorities on decarbonisation and circularity."},
      {"ES61", "s3-alignment", 4, "RIS3 prioritises sustainable mining and interregional cooperation."},
      {"ES43", "s3-alignment", 4, "RIS3 2027 places raw materials within the circular economy and green transition."},
      {"PT18", "s3-alignment", 4, "EREI2030 treats mineral resources in a cross-sectoral sustainability model."},
  };
  return rows;
}

Result<bool> HasFrameworks(Connection& c, int64_t ws) {
  auto n = c.Scalar("SELECT COUNT(*) FROM scoreboard_frameworks WHERE workspace_id = ?", {ws});
  if (!n.ok()) return n.status();
  return *n && Row(nullptr, {**n}).Int(0) > 0;
}

Result<std::optional<int64_t>> WorkspaceId(Connection& c, const std::string& slug) {
  auto id = c.Scalar("SELECT id FROM workspaces WHERE slug = ?", {slug});
  if (!id.ok()) return id.status();
  if (!*id) return std::optional<int64_t>();
  return std::optional<int64_t>(Row(nullptr, {**id}).Int(0));
}

Status EnsureRegions(Connection& c, int64_t ws, const std::vector<std::string>& codes) {
  RegionStore regions(c);
  CORRIDOR_ASSIGN_OR_RETURN(auto have, regions.WorkspaceRegionCodes(ws));
  if (!have.empty()) return Status::Ok();
  return regions.SetWorkspaceRegions(ws, codes, kDemo);
}

Status LoadI4Green(Connection& c, int64_t ws) {
  CORRIDOR_RETURN_IF_ERROR(EnsureRegions(c, ws, {"ES41", "ES61", "ES43", "PT18"}));
  FrameworkStore frameworks(c);
  CORRIDOR_RETURN_IF_ERROR(frameworks.EnsureBuiltins(ws, kDemo).status());
  CORRIDOR_ASSIGN_OR_RETURN(auto fw, frameworks.Find(ws, domain::kI4GreenFrameworkKey));
  if (!fw) return Status::Internal("demo: the I4-GREEN framework is missing");
  AssessmentStore rounds(c);
  domain::Round r1;
  r1.workspace_id = ws;
  r1.framework_id = fw->id;
  r1.title = "D6.3 regional benchmarking";
  r1.date = "2025-04-29";
  r1.trigger = domain::RoundTrigger::kEvent;
  r1.event_title = "Clustering in European Innovation for Sustainable Practices (Seville, 2024-10-14)";
  CORRIDOR_ASSIGN_OR_RETURN(int64_t id1, rounds.CreateRound(r1, kDemo));
  for (const DemoScore& d : I4GreenScores()) {
    domain::Score s;
    s.region_code = d.region;
    s.dimension_key = d.dimension;
    s.value = d.value;
    s.evidence = d.evidence;
    s.sources = {kD63};
    CORRIDOR_RETURN_IF_ERROR(rounds.SetScore(ws, id1, s, kDemo).status());
  }
  CORRIDOR_RETURN_IF_ERROR(rounds.CloseRound(ws, id1, kDemo));
  domain::Round r2;
  r2.title = "Six-monthly update 2025-H2";
  r2.date = "2025-10-29";
  r2.trigger = domain::RoundTrigger::kSixMonthly;
  return rounds.CopyForward(ws, id1, r2, kDemo).status();
}

Status LoadNeoCycle(Connection& c, int64_t ws) {
  S3pStore s3p(c);
  CORRIDOR_RETURN_IF_ERROR(s3p.SeedCatalogue(ws, kDemo).status());
  CORRIDOR_ASSIGN_OR_RETURN(auto catalogue, s3p.List(ws));
  std::vector<std::string> codes;
  std::set<std::string> seen;
  for (const auto& p : catalogue)
    for (const auto& code : p.region_codes)
      if (seen.insert(code).second) codes.push_back(code);
  CORRIDOR_RETURN_IF_ERROR(EnsureRegions(c, ws, codes));
  FrameworkStore frameworks(c);
  CORRIDOR_RETURN_IF_ERROR(frameworks.EnsureBuiltins(ws, kDemo).status());
  CORRIDOR_ASSIGN_OR_RETURN(auto fw, frameworks.Find(ws, domain::kNeoCycleFrameworkKey));
  if (!fw) return Status::Internal("demo: the NEO-CYCLE framework is missing");
  AssessmentStore rounds(c);
  domain::Round r;
  r.workspace_id = ws;
  r.framework_id = fw->id;
  r.title = "S3P screening (D11.4)";
  r.date = "2026-02-27";
  r.trigger = domain::RoundTrigger::kSixMonthly;
  CORRIDOR_ASSIGN_OR_RETURN(int64_t id, rounds.CreateRound(r, kDemo));
  // Strategic leverage from the partnerships each region leads (Table 1): the selection filter
  // step. Operational maturity is left for the regional dialogues to score.
  for (const auto& rp : domain::OrderBySelectionFilter(codes, catalogue)) {
    if (!rp.top) continue;
    domain::Score s;
    s.region_code = rp.code;
    s.dimension_key = "strategic-leverage";
    s.value = static_cast<double>(static_cast<int>(*rp.top));
    std::string list;
    for (size_t i = 0; i < rp.partnerships.size() && i < 3; ++i) list += (i ? ", " : "") + rp.partnerships[i];
    s.evidence = "Leading region of the S3P partnership(s) " + list + ".";
    s.sources = {kD114, "https://s3platform.jrc.ec.europa.eu/"};
    CORRIDOR_RETURN_IF_ERROR(rounds.SetScore(ws, id, s, kDemo).status());
  }
  return Status::Ok();
}

}  // namespace

Status LoadDemoScoreboard(Connection& c) {
  CORRIDOR_ASSIGN_OR_RETURN(auto i4, WorkspaceId(c, "i4-green"));
  if (i4) {
    CORRIDOR_ASSIGN_OR_RETURN(bool done, HasFrameworks(c, *i4));
    if (!done) CORRIDOR_RETURN_IF_ERROR(LoadI4Green(c, *i4));
  }
  CORRIDOR_ASSIGN_OR_RETURN(auto neo, WorkspaceId(c, "neo-cycle"));
  if (neo) {
    CORRIDOR_ASSIGN_OR_RETURN(bool done, HasFrameworks(c, *neo));
    if (!done) CORRIDOR_RETURN_IF_ERROR(LoadNeoCycle(c, *neo));
  }
  return Status::Ok();
}

}  // namespace corridor::storage
