// Registry list page latency with 10,000 sister projects: a real server on loopback and a
// real HTTP client fetching list pages (paging, sorting, filtering, searching).
// Prints p50/p99 per kind and overall.
// Usage: registry_list_bench [--db URL] [--records N] [--requests M] [--users K]
// URL: sqlite:PATH or postgresql://... (default: a SQLite file in /tmp/corridor-registry-bench).
// A PostgreSQL database gets a schema of its own (schema=registry_bench unless the URL names
// one), dropped and created afresh. The seeded database is left in place, so real `corridor
// serve` processes can be started on it (bench/engine_bench.sh does): workspace "bench", the
// instance administrator bench@local and K more (load1@local ... loadK@local), all with the
// password "benchmark-password".
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
#include "storage/registry_store.h"
#include "storage/user_store.h"
#include "storage/workspace_store.h"

using namespace corridor;  // a benchmark's main, not a header

int main(int argc, char** argv) {
  int records = 10000, requests = 400, users = 0;
  std::string url;
  if (!bench::ParseOptions(argc, argv, &url,
                           {{"--records", &records}, {"--requests", &requests}, {"--users", &users}}))
    return 2;
  if (records < 50 || requests < 4 || users < 0) {
    std::fprintf(stderr, "usage: %s [--db URL] [--records N>=50] [--requests M>=4] [--users K]\n", argv[0]);
    return 2;
  }
  auto db = bench::OpenFreshDatabase(url, "/tmp/corridor-registry-bench", "registry_bench");
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
    storage::RegistryStore reg(*c);
    const char* links[] = {"Research", "Collection phase", "Recycling phase", "Standardisation", "End-user"};
    for (int i = 0; i < records; ++i) {
      domain::SisterProject p;
      p.workspace_id = *ws;
      p.fields = {{"name", "Project number " + std::to_string(i) + " on magnet recycling"},
                  {"acronym", "PRJ" + std::to_string(i)}, {"status", i % 3 ? "Ongoing" : "Closed"},
                  {"coordinator_name", "Organisation " + std::to_string(i % 700)},
                  {"coordinator_country", i % 2 ? "DE" : "ES"}, {"partner_count", std::to_string(5 + i % 30)},
                  {"shared_partner_count", std::to_string(i % 3)}, {"shared_partner_names", "none"},
                  {"programme", i % 4 ? "Horizon Europe" : "Horizon 2020"},
                  {"short_description", "A sister project used for the benchmark"}, {"industry_field", "recycling"},
                  {"objectives", std::string(600, 'o')}, {"keywords", "magnets; recycling; rare earths"},
                  {"relevance_score", std::to_string(1 + i % 4)}, {"relevance_comment", "benchmark"},
                  {"budget_eur", std::to_string(100000 + i * 37)}};
      p.value_chain_links = {links[i % 5], links[(i / 5) % 5]};
      p.topic = i % 2 ? "Recycling technology" : "Upcycling";
      auto r = reg.Create(p, {}, storage::ChangeSource::kImport);
      if (!r.ok() || !r->ok()) {
        std::fprintf(stderr, "seeding failed at record %d: %s\n", i, r.ok() ? "invalid record" : r.status().message().c_str());
        return 1;
      }
    }
    storage::UserStore(*c).Create("bench@local", "Bench", "benchmark-password", true);
    for (int u = 1; u <= users; ++u)
      storage::UserStore(*c).Create("load" + std::to_string(u) + "@local", "Load", "benchmark-password", true);
    if (Status s = tx.Commit(); !s.ok()) {
      std::fprintf(stderr, "seeding: %s\n", s.message().c_str());
      return 1;
    }
  }
  if (Status s = bench::AnalyzeAfterBulkLoad(**db); !s.ok()) {
    std::fprintf(stderr, "%s\n", s.message().c_str());
    return 1;
  }
  std::printf("registry list: %d records seeded in %.1f s into %s\n", records,
              std::chrono::duration<double>(std::chrono::steady_clock::now() - seed_start).count(),
              (*db)->Describe().c_str());
  bench::LoopbackApp served(**db, "bench@local", "benchmark-password");
  httplib::Client& cli = served.client();
  const httplib::Headers& h = served.headers();
  std::vector<std::pair<std::string, std::string>> kinds = {
      {"page", "/w/bench/registry?page="},
      {"sort", "/w/bench/registry?sort=budget_eur&dir=desc&page="},
      {"filter", "/w/bench/registry?stage=longlist&min_relevance=3&value_chain_link=Recycling+phase&page="},
      {"search", "/w/bench/registry?q=PRJ12&page="}};
  bool answered = bench::TimePages(cli, h, "registry list", kinds, requests, records);
  return answered ? 0 : 1;
}
