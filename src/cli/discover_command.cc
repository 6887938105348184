// `corridor discover WORKSPACE`: ranks the CORDIS corpus against the workspace's focal project,
// like the web page: the focal project and the registry's projects are left out; each hit with
// its score, matched terms (expansion terms marked +) and the partners shared with the consortium.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "analytics/cordis_autofill.h"
#include "analytics/discovery_service.h"
#include "cli/commands.h"
#include "core/dates.h"
#include "core/strings.h"
#include "storage/corpus_store.h"
#include "storage/workspace_store.h"

namespace corridor::cli {

namespace {

// Cuts to at most n bytes on a UTF-8 boundary, with "..." when cut.
std::string CutText(const std::string& s, size_t n) {
  if (s.size() <= n) return s;
  size_t cut = n > 3 ? n - 3 : 0;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut) + "...";
}

// Display width of UTF-8 text (code points), for column padding.
size_t Width(const std::string& s) {
  size_t w = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++w;
  return w;
}

std::string Pad(const std::string& s, size_t width) {
  size_t w = Width(s);
  return w >= width ? s : s + std::string(width - w, ' ');
}

}  // namespace

int RunDiscover(const Args& a) {
  if (a.positional.size() != 1)
    return Fail(Status::Invalid("usage: corridor discover WORKSPACE [--limit 20] [--programme P] [--status S] "
                                "[--from-year Y] [--to-year Y] [--topic PREFIX] [--country CC] [--no-expand] [--json]"));
  analytics::DiscoveryQuery q;
  auto limit = strings::ParseInt(a.Get("limit", "20"));
  if (!limit || *limit < 1 || *limit > 1000) return Fail(Status::Invalid("--limit: a number from 1 to 1000"));
  q.limit = static_cast<size_t>(*limit);
  for (const auto& p : a.GetAll("programme")) {
    std::string u = strings::ToUpper(strings::Trim(p));
    if (u == "HORIZON EUROPE" || u == "HE") u = "HORIZON";
    if (u == "HORIZON 2020") u = "H2020";
    if (u != "HORIZON" && u != "H2020" && u != "FP7")
      return Fail(Status::Invalid("--programme: HORIZON, H2020 or FP7, not \"" + p + "\""));
    q.programmes.push_back(u);
  }
  for (const auto& s : a.GetAll("status")) {
    std::string u = strings::ToUpper(strings::Trim(s));
    if (u == "ONGOING") q.statuses.insert(q.statuses.end(), {"SIGNED", "ONG"});
    else if (u == "CLOSED") q.statuses.insert(q.statuses.end(), {"CLOSED", "TERMINATED", "CLO"});
    else if (!u.empty()) q.statuses.push_back(u);  // a CORDIS code: SIGNED, TERMINATED, ...
  }
  auto year = [&](const char* flag, int& out) -> Status {
    if (!a.Has(flag)) return Status::Ok();
    auto y = strings::ParseInt(a.Get(flag));
    if (!y || *y < 1980 || *y > 2100) return Status::Invalid(std::string("--") + flag + ": not a year");
    out = static_cast<int>(*y);
    return Status::Ok();
  };
  if (Status s = year("from-year", q.from_year); !s.ok()) return Fail(s);
  if (Status s = year("to-year", q.to_year); !s.ok()) return Fail(s);
  if (q.from_year && q.to_year && q.from_year > q.to_year)
    return Fail(Status::Invalid("--from-year is after --to-year"));
  q.topic_prefix = strings::ToUpper(strings::Trim(a.Get("topic")));
  q.country = strings::ToUpper(strings::Trim(a.Get("country")));
  if (q.country == "GR") q.country = "EL";
  if (q.country == "GB") q.country = "UK";
  if (!q.country.empty() && q.country.size() != 2) return Fail(Status::Invalid("--country: a two-letter code"));
  q.expansion = !a.Has("no-expand");
  bool json = a.Has("json");

  auto db = OpenDatabase(a);
  if (!db) return 1;
  auto c = db->Acquire();
  auto ws = storage::WorkspaceStore(*c).FindBySlug(a.positional[0]);
  if (!ws.ok()) return Fail(ws.status());
  if (!*ws) return Fail(Status::NotFound("no workspace " + a.positional[0] + " (corridor workspace list)"));
  const domain::Workspace& w = **ws;
  storage::CorpusStore corpus(*c);
  auto n = corpus.CountProjects();
  if (!n.ok()) return Fail(n.status());
  if (*n == 0)
    return Fail(Status::NotFound("the CORDIS corpus is empty; import it first: corridor cordis fetch --import, or "
                                 "corridor import cordis PATH"));

  // The focal text: name and description; without a description, the focal grant's CORDIS record.
  q.title = w.name;
  q.objective = w.description;
  std::string source = "workspace name and description";
  if (strings::Trim(w.description).empty() && !w.grant_id.empty()) {
    auto p = corpus.FindByGrant(w.grant_id);
    if (!p.ok()) return Fail(p.status());
    if (*p) {
      if (!(*p)->title.empty()) q.title = (*p)->title;
      q.objective = (*p)->objective;
      q.keywords = (*p)->keywords;
      for (const auto& t : (*p)->scivoc_titles) q.keywords += "; " + t;
      source = "CORDIS record of grant " + w.grant_id;
    }
  }
  if (strings::Trim(q.objective).empty() && strings::Trim(q.keywords).empty())
    return Fail(Status::Invalid(w.acronym + " has no focal description: set one in the workspace settings"));
  if (!w.grant_id.empty()) q.exclude_grants.push_back(w.grant_id);
  auto listed = c->Query("SELECT grant_id FROM sister_projects WHERE workspace_id = ? AND grant_id <> ''", {w.id});
  if (!listed.ok()) return Fail(listed.status());
  for (const auto& r : *listed) q.exclude_grants.push_back(r.Text(0));

  analytics::DiscoveryService discovery(*db);
  auto res = discovery.Discover(q);
  if (!res.ok()) return Fail(res.status());
  float top = res->hits.empty() ? 0.f : res->hits[0].score;
  dates::Date today = dates::Today();

  nlohmann::json out_hits = nlohmann::json::array();
  if (!json)
    std::printf("%zu matches in a corpus of %zu (%zu excluded: focal project and registry); focal text: %s\n",
                res->total_matches, res->corpus_size, q.exclude_grants.size(), source.c_str());
  if (!json && !res->expansion_terms.empty())
    std::printf("expansion terms (+): %s\n", strings::Join(res->expansion_terms, ", ").c_str());
  if (!json && !res->hits.empty())
    std::printf("%4s %7s  %-10s %-14s %-5s  %-50s  %-20s  %s\n", "rank", "score", "grant", "acronym", "start",
                "title", "shared partners", "matched terms");
  for (size_t i = 0; i < res->hits.size(); ++i) {
    const auto& h = res->hits[i];
    auto fill = analytics::LoadCordisFill(*c, w, h.grant_id, today);
    if (!fill.ok()) return Fail(fill.status());
    analytics::PartnerOverlap overlap;
    if (*fill) overlap = (*fill)->overlap;
    int suggested = analytics::DiscoveryService::SuggestRelevance(h.score, top, static_cast<int>(overlap.count()));
    std::string year = h.start_date.substr(0, std::min<size_t>(4, h.start_date.size()));
    if (json) {
      nlohmann::json terms = nlohmann::json::array();
      for (const auto& t : h.matched_terms)
        terms.push_back({{"term", t.term}, {"expansion", t.from_expansion}, {"contribution", t.contribution}});
      nlohmann::json matches = nlohmann::json::array();
      for (const auto& m : overlap.matches)
        matches.push_back({{"focal", m.focal_name}, {"focal_short", m.focal_short_name}, {"cordis", m.cordis_name},
                           {"cordis_org_id", m.cordis_org_id}, {"role", m.cordis_role}, {"rule", m.rule}});
      out_hits.push_back({{"rank", i + 1},
                          {"score", h.score},
                          {"grant_id", h.grant_id},
                          {"acronym", h.acronym},
                          {"title", h.title},
                          {"framework", h.framework},
                          {"status", h.status},
                          {"start_date", h.start_date},
                          {"topic", h.topic},
                          {"matched_terms", terms},
                          {"shared_partners", {{"count", overlap.count()}, {"names", overlap.names}, {"matches", matches}}},
                          {"suggested_relevance", suggested}});
      continue;
    }
    std::vector<std::string> terms;
    for (const auto& t : h.matched_terms) terms.push_back(t.term + (t.from_expansion ? "+" : ""));
    std::string shared;
    for (const auto& m : overlap.matches)
      shared += (shared.empty() ? "" : ", ") + (m.focal_short_name.empty() ? m.focal_name : m.focal_short_name) +
                " (" + m.rule + ")";
    if (shared.empty()) shared = "-";
    char score[32];
    std::snprintf(score, sizeof score, "%.2f", h.score);
    std::printf("%4zu %7s  %-10s %s %-5s  %s  %s  %s\n", i + 1, score, h.grant_id.c_str(),
                Pad(CutText(h.acronym, 14), 14).c_str(), year.c_str(), Pad(CutText(h.title, 50), 50).c_str(),
                Pad(shared, 20).c_str(), strings::Join(terms, ", ").c_str());
  }
  if (json) {
    nlohmann::json doc = {{"workspace", w.slug},
                          {"focal_text", source},
                          {"total_matches", res->total_matches},
                          {"corpus_size", res->corpus_size},
                          {"excluded", q.exclude_grants},
                          {"expansion_terms", res->expansion_terms},
                          {"hits", out_hits}};
    std::printf("%s\n", doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  } else if (res->hits.empty()) {
    std::printf("No project matches with these filters.\n");
  }
  return 0;
}

}  // namespace corridor::cli
