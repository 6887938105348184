// Discovery latency over an imported corpus: builds the index, then ranks the corpus
// against 200 focal texts taken from the corpus itself (each excluded from its own
// results), with and without feedback expansion. Prints build time, p50/p99.
// Usage: discovery_bench DB_PATH | --db URL  [--queries N] [--top-out FILE]
//        discovery_bench --overlap FILE_A FILE_B
// URL is any database URL (sqlite:PATH, postgresql://...). --top-out writes each focal
// text's top 20 (one line per query and mode); --overlap compares two such files, e.g. the
// same corpus on two engines, and prints the mean and minimum top-20 overlap.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
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

// "mode<TAB>focal grant" -> the top-20 grant IDs in rank order.
bool ReadTop(const std::string& path, std::map<std::string, std::vector<std::string>>& out) {
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    return false;
  }
  std::string line;
  int lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    std::istringstream f(line);
    std::string mode, focal, grant;
    if (!(f >> mode >> focal)) {
      std::fprintf(stderr, "%s:%d: expected MODE FOCAL GRANT...\n", path.c_str(), lineno);
      return false;
    }
    auto& v = out[mode + "\t" + focal];
    while (f >> grant) v.push_back(grant);
  }
  return true;
}

int Overlap(const std::string& a_path, const std::string& b_path) {
  std::map<std::string, std::vector<std::string>> a, b;
  if (!ReadTop(a_path, a) || !ReadTop(b_path, b)) return 1;
  std::map<std::string, std::vector<double>> by_mode;  // overlap fraction per query
  std::map<std::string, size_t> same_order;
  size_t missing = 0;
  for (auto& [key, top_a] : a) {
    auto it = b.find(key);
    if (it == b.end()) {
      ++missing;
      continue;
    }
    const auto& top_b = it->second;
    std::set<std::string> in_b(top_b.begin(), top_b.end());
    size_t common = 0;
    for (auto& g : top_a) common += in_b.count(g);
    size_t denom = std::max(top_a.size(), top_b.size());
    std::string mode = key.substr(0, key.find('\t'));
    by_mode[mode].push_back(denom ? static_cast<double>(common) / static_cast<double>(denom) : 1.0);
    same_order[mode] += top_a == top_b;
  }
  if (missing || a.size() != b.size()) {
    std::fprintf(stderr, "the two files rank different focal texts (%zu of %zu missing)\n", missing, a.size());
    return 1;
  }
  for (auto& [mode, v] : by_mode) {
    double sum = 0, min = 1;
    for (double x : v) {
      sum += x;
      min = std::min(min, x);
    }
    std::printf("top-20 overlap %-17s queries=%zu mean=%.1f%% min=%.1f%% identical ranking=%zu/%zu\n",
                mode == "expansion" ? "with expansion" : "without expansion", v.size(), 100 * sum / v.size(),
                100 * min, same_order[mode], v.size());
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string url, top_out;
  int n = 200;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--overlap" && i + 2 < argc) return Overlap(argv[i + 1], argv[i + 2]);
    if (a == "--db" && i + 1 < argc) url = argv[++i];
    else if (a == "--queries" && i + 1 < argc) n = std::atoi(argv[++i]);
    else if (a == "--top-out" && i + 1 < argc) top_out = argv[++i];
    else if (url.empty() && a.rfind("--", 0) != 0) url = a;  // the old positional DB_PATH
    else {
      url.clear();
      break;
    }
  }
  if (url.empty() || n <= 0) {
    std::fprintf(stderr,
                 "usage: %s DB_PATH | --db URL [--queries N] [--top-out FILE]\n"
                 "       %s --overlap FILE_A FILE_B\n",
                 argv[0], argv[0]);
    return 2;
  }
  auto db = storage::Database::Open({url});
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
  std::printf("index (%s): %zu documents built in %.2f s\n", (*db)->Describe().c_str(), svc.IndexedDocuments(),
              build_s);
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
  std::ofstream top;
  if (!top_out.empty()) {
    top.open(top_out);
    if (!top) {
      std::fprintf(stderr, "cannot write %s\n", top_out.c_str());
      return 1;
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
      if (top.is_open()) {
        top << (expand ? "expansion" : "plain") << '\t' << q.exclude_grants[0];
        for (auto& h : r->hits) top << '\t' << h.grant_id;
        top << '\n';
      }
    }
    std::printf("discovery %-17s queries=%zu p50=%.1f ms p99=%.1f ms max=%.1f ms (focal leaked into results: %zu)\n",
                expand ? "with expansion" : "without expansion", ms.size(), Pct(ms, 0.5), Pct(ms, 0.99),
                Pct(ms, 1.0), self_hits);
  }
  return 0;
}
