// Scoreboard at scale: one round of 300 regions x 30 dimensions (9,000 evidence-backed scores):
// time to enter them (one transaction per score, as the form does), to close the round and
// carry it forward, to compare the two rounds, and to build each output of the scoreboard
// update (the round page's data, .xlsx, CSV, Markdown, HTML with 300 radars).
//   build/scoreboard_bench [--db URL]
#include <chrono>
#include <cstdio>

#include "bench_support.h"
#include "reports/scoreboard_report.h"
#include "storage/assessment_store.h"
#include "storage/framework_store.h"
#include "storage/nuts_reference.h"
#include "storage/region_store.h"
#include "storage/workspace_store.h"

using namespace corridor;

namespace {

double Ms(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  std::string url = argc > 2 && std::string(argv[1]) == "--db" ? argv[2] : "";
  auto db = bench::OpenFreshDatabase(url, "/tmp/corridor-scoreboard-bench", "scoreboard_bench");
  if (!db.ok()) return std::fprintf(stderr, "%s\n", db.status().message().c_str()), 1;
  auto c = (*db)->Acquire();
  storage::Actor who{0, "bench"};
  domain::Workspace w{0, "bench", "Scoreboard bench", "BENCH", "project", "", "2024-01-01", "", {}};
  auto ws = storage::WorkspaceStore(*c).Create(w, who);
  if (!ws.ok()) return std::fprintf(stderr, "%s\n", ws.status().message().c_str()), 1;
  std::vector<std::string> codes;
  for (const auto* r : storage::NutsReference::Builtin().List(2))
    if (codes.size() < 300) codes.push_back(r->code);
  domain::Framework f = domain::I4GreenFramework();
  f.workspace_id = *ws;
  f.key = "wide";
  f.name = "Thirty dimensions";
  f.builtin = false;
  f.dimensions.clear();
  for (int i = 1; i <= 30; ++i)
    f.dimensions.push_back({"dim-" + std::to_string(i), "Dimension " + std::to_string(i), "", ""});
  int64_t round = 0;
  {
    storage::Transaction tx(*c);
    if (!storage::RegionStore(*c).SetWorkspaceRegions(*ws, codes, who).ok()) return 1;
    auto fid = storage::FrameworkStore(*c).Create(f, who);
    if (!fid.ok()) return std::fprintf(stderr, "%s\n", fid.status().message().c_str()), 1;
    domain::Round r;
    r.workspace_id = *ws;
    r.framework_id = *fid;
    r.title = "Round 1";
    r.date = "2025-04-29";
    auto id = storage::AssessmentStore(*c).CreateRound(r, who);
    if (!id.ok() || !tx.Commit().ok()) return 1;
    round = *id;
  }
  storage::AssessmentStore store(*c);
  auto t0 = std::chrono::steady_clock::now();
  int n = 0;
  for (size_t i = 0; i < codes.size(); ++i)
    for (int d = 1; d <= 30; ++d) {
      domain::Score s;
      s.region_code = codes[i];
      s.dimension_key = "dim-" + std::to_string(d);
      s.value = 1 + (i * 7 + d) % 5;
      s.evidence = "Evidence for " + codes[i] + " on dimension " + std::to_string(d) + ".\nSecond line.";
      s.sources = {"https://example.org/" + codes[i], "Regional strategy, p. " + std::to_string(d)};
      storage::Transaction tx(*c);
      if (!store.SetScore(*ws, round, s, who).ok() || !tx.Commit().ok()) return 1;
      ++n;
    }
  double enter = Ms(t0);
  std::printf("scores entered: %d in %.0f ms (%.2f ms per score, one transaction each)\n", n, enter, enter / n);
  t0 = std::chrono::steady_clock::now();
  int64_t round2 = 0;
  {
    storage::Transaction tx(*c);
    if (!store.CloseRound(*ws, round, who).ok()) return 1;
    domain::Round r;
    r.title = "Round 2";
    r.date = "2025-10-29";
    auto id = store.CopyForward(*ws, round, r, who);
    if (!id.ok() || !tx.Commit().ok()) return 1;
    round2 = *id;
  }
  std::printf("close + carry forward (9,000 scores copied): %.0f ms\n", Ms(t0));
  t0 = std::chrono::steady_clock::now();
  auto cmp = store.Compare(*ws, round, round2);
  if (!cmp.ok()) return 1;
  std::printf("compare: %.0f ms (%zu cells)\n", Ms(t0), cmp->changes.size());
  t0 = std::chrono::steady_clock::now();
  auto report = reports::LoadScoreboardReport(*c, *ws, "BENCH", round2, "2025-11-01");
  if (!report.ok()) return std::fprintf(stderr, "%s\n", report.status().message().c_str()), 1;
  std::printf("load the round (table, changes, staleness): %.0f ms\n", Ms(t0));
  for (const char* fmt : {"xlsx", "csv", "md", "html"}) {
    t0 = std::chrono::steady_clock::now();
    size_t bytes = 0;
    if (std::string(fmt) == "xlsx") bytes = reports::ScoreboardUpdateXlsx(*report)->size();
    else if (std::string(fmt) == "csv") bytes = reports::ScoreboardUpdateCsv(*report).size();
    else if (std::string(fmt) == "md") bytes = reports::ScoreboardUpdateMarkdown(*report).size();
    else bytes = reports::ScoreboardUpdateHtml(*report).size();
    std::printf("scoreboard update .%s: %.0f ms, %zu bytes\n", fmt, Ms(t0), bytes);
  }
  return 0;
}
