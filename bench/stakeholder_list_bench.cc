// Stakeholder list page latency with 100,000 stakeholders (issue 3): a real server on loopback
// and a real HTTP client fetching /w/bench/stakeholders pages (paging, sorting, filters by
// type/tier/country/consent, text search), each page also computing the tier and type counts
// and the influence-interest matrix. Prints p50/p99 per kind and overall (target p99 < 150 ms).
// Usage: stakeholder_list_bench [--db URL] [--records N] [--requests M]
// URL: sqlite:PATH or postgresql://... (default: a SQLite file in /tmp/corridor-stakeholder-bench).
// A PostgreSQL database gets a schema of its own (schema=stakeholder_bench unless the URL names
// one), dropped and created afresh.
#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "bench_support.h"
#include "core/strings.h"
#include "storage/consent_store.h"
#include "storage/user_store.h"
#include "storage/workspace_store.h"

using namespace corridor;  // a benchmark's main, not a header

int main(int argc, char** argv) {
  int records = 100000, requests = 400;
  std::string url;
  if (!bench::ParseOptions(argc, argv, &url, {{"--records", &records}, {"--requests", &requests}})) return 2;
  if (records < 50 || requests < 4) {
    std::fprintf(stderr, "usage: %s [--db URL] [--records N>=50] [--requests M>=4]\n", argv[0]);
    return 2;
  }
  auto db = bench::OpenFreshDatabase(url, "/tmp/corridor-stakeholder-bench", "stakeholder_bench");
  if (!db.ok()) {
    std::fprintf(stderr, "%s\n", db.status().message().c_str());
    return 1;
  }
  auto seed_start = std::chrono::steady_clock::now();
  {
    auto c = (*db)->Acquire();
    storage::Transaction tx(*c);
    domain::Workspace w{0, "bench", "Benchmark workspace", "BENCH", "project", "", "2024-01-01", "", {}};
    auto ws = storage::WorkspaceStore(*c).Create(w, {});
    if (!ws.ok()) {
      std::fprintf(stderr, "workspace: %s\n", ws.status().message().c_str());
      return 1;
    }
    auto texts = storage::ConsentStore(*c).CurrentTexts(*ws, "BENCH");
    if (!texts.ok() || texts->empty()) {
      std::fprintf(stderr, "consent texts missing\n");
      return 1;
    }
    int64_t contact_text = (*texts)[0].id;
    // Bulk rows through prepared statements: the list's speed is measured, not the seeding's.
    auto ins = c->Prepare(
        "INSERT INTO stakeholders(workspace_id, name, organisation, email, country, type_key, sector_key, phase_key, "
        "interests, tags, influence, interest, is_actor, source, status, created_at, updated_at) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,'import','active','2025-01-01T00:00:00Z','2025-01-01T00:00:00Z') "
        "RETURNING id");
    auto consent = c->Prepare(
        "INSERT INTO consents(stakeholder_id, consent_text_id, purpose, given_at, source, confirmed_at) "
        "VALUES (?, ?, 'contact', '2025-01-01T00:00:00Z', 'bench', '2025-01-01T00:00:00Z')");
    if (!ins.ok() || !consent.ok()) {
      std::fprintf(stderr, "prepare failed\n");
      return 1;
    }
    const char* types[] = {"policymakers", "funding-agencies", "ngos", "professional-associations",
                           "industrial-actors", "research-organisations", "general-public", "related-projects"};
    const char* sectors[] = {"e-waste-management", "weee-recycling", "upcycling", "chemicals", "green-ammonia"};
    const char* countries[] = {"DE", "ES", "FR", "IT", "NL", "EL", "PL", "SE", "BE", "PT"};
    const char* first[] = {"Anna", "Ben", "Carla", "David", "Elena", "Farid", "Greta", "Hugo", "Ines", "Jan"};
    for (int i = 0; i < records; ++i) {
      std::string n = std::to_string(i);
      auto rows = (*ins)->Query({*ws, std::string(first[i % 10]) + " Person" + n, "Organisation " + std::to_string(i % 3000),
                                 "person" + n + "@example.org", std::string(countries[(i / 7) % 10]),
                                 std::string(types[i % 8]), std::string(sectors[(i / 3) % 5]), std::string("recycling"),
                                 std::string("magnet recovery, policy"), std::string(i % 5 ? "" : "workshop"),
                                 int64_t{1 + i % 5}, int64_t{1 + (i / 5) % 5}, int64_t{i % 9 == 0}});
      if (!rows.ok()) {
        std::fprintf(stderr, "seeding failed at record %d: %s\n", i, rows.status().message().c_str());
        return 1;
      }
      if (i % 3 != 0)
        if (Status s = (*consent)->Run({(*rows)[0].Int(0), contact_text}); !s.ok()) {
          std::fprintf(stderr, "consent: %s\n", s.message().c_str());
          return 1;
        }
    }
    storage::UserStore(*c).Create("bench@local", "Bench", "benchmark-password", true);
    if (Status s = tx.Commit(); !s.ok()) {
      std::fprintf(stderr, "seeding: %s\n", s.message().c_str());
      return 1;
    }
  }
  if (Status s = bench::AnalyzeAfterBulkLoad(**db); !s.ok()) {
    std::fprintf(stderr, "%s\n", s.message().c_str());
    return 1;
  }
  std::printf("stakeholder list: %d records seeded in %.1f s into %s\n", records,
              std::chrono::duration<double>(std::chrono::steady_clock::now() - seed_start).count(),
              (*db)->Describe().c_str());
  bench::LoopbackApp served(**db, "bench@local", "benchmark-password");
  httplib::Client& cli = served.client();
  const httplib::Headers& h = served.headers();
  std::vector<std::pair<std::string, std::string>> kinds = {
      {"page", "/w/bench/stakeholders?page="},
      {"sort", "/w/bench/stakeholders?sort=organisation&dir=desc&page="},
      {"filter", "/w/bench/stakeholders?type=industrial-actors&type=research-organisations&tier=manage-closely"
                 "&country=DE&country=ES&consent=contact&page="},
      {"search", "/w/bench/stakeholders?q=Person12&page="}};
  bool answered = bench::TimePages(cli, h, "stakeholder list", kinds, requests, records);
  return answered ? 0 : 1;
}
