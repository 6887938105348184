// Discovery latency over an imported corpus: builds the index, then ranks the corpus
// against 200 focal texts taken from the corpus itself (each excluded from its own
// results), with and without feedback expansion. Prints build time, p50/p99.
// Usage: discovery_bench DB_PATH [--queries N]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "analytics/discovery_service.h"
#include "storage/database.h"

using namespace corridor;  // a benchmark's main, not a header

namespace {
double Pct(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(p * (v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DB_PATH [--queries N]\n", argv[0]);
    return 2;
  }
  int n = argc > 3 ? std::atoi(argv[3]) : 200;
  auto db = storage::Database::Open({argv[1]});
  if (!db.ok()) {
    std::fprintf(stderr, "%s\n", db.status().message().c_str());
    return 1;
  }
  analytics::DiscoveryService svc(**db);
  auto t0 = std::chrono::steady_clock::now();
  if (Status s = svc.Rebuild(); !s.ok()) {
    std::fprintf(stderr, "%s\n", s.message().c_str());
    return 1;
  }
  double build_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("index: %zu documents built in %.2f s\n", svc.IndexedDocuments(), build_s);
  std::vector<analytics::DiscoveryQuery> queries;
  {
    auto c = (*db)->Acquire();
    auto rows = c->Query("SELECT grant_id, title, objective FROM corpus_projects ORDER BY grant_id");
    if (!rows.ok() || rows->empty()) {
      std::fprintf(stderr, "empty corpus\n");
      return 1;
    }
    size_t step = std::max<size_t>(1, rows->size() / static_cast<size_t>(n));
    for (size_t i = 0; i < rows->size() && queries.size() < static_cast<size_t>(n); i += step) {
      analytics::DiscoveryQuery q;
      q.title = (*rows)[i].Text(1);
      q.objective = (*rows)[i].Text(2);
      q.exclude_grants = {(*rows)[i].Text(0)};
      queries.push_back(q);
    }
  }
  for (bool expand : {true, false}) {
    std::vector<double> ms;
    size_t self_hits = 0;
    for (auto q : queries) {
      q.expansion = expand;
      auto t = std::chrono::steady_clock::now();
      auto r = svc.Discover(q);
      ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count());
      if (!r.ok()) {
        std::fprintf(stderr, "%s\n", r.status().message().c_str());
        return 1;
      }
      for (auto& h : r->hits) self_hits += h.grant_id == q.exclude_grants[0];
    }
    std::printf("discovery %-17s queries=%zu p50=%.1f ms p99=%.1f ms max=%.1f ms (focal leaked into results: %zu)\n",
                expand ? "with expansion" : "without expansion", ms.size(), Pct(ms, 0.5), Pct(ms, 0.99),
                Pct(ms, 1.0), self_hits);
  }
  return 0;
}
