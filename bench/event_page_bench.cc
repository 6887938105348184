// Event page latency (issue 4, point 8): one clustering event with 500 participants, 20 agenda
// items and 200 actions (seeded with EventFollowup::SeedBulkEvent), fetched over HTTP from a real
// server on loopback: the event page (every participant with its check-in form, every action,
// minutes rendered) and, for comparison, the evidence pack. Prints p50/p95/p99 (target: the
// event page's p99 under 100 ms).
// Usage: event_page_bench [--db URL] [--participants N] [--actions M] [--requests R]
// URL: sqlite:PATH or postgresql://... (default: a SQLite file in /tmp/corridor-event-bench).
#include <httplib.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bench_support.h"
#include "storage/event_evidence_store.h"
#include "storage/event_followup.h"
#include "storage/user_store.h"
#include "storage/workspace_store.h"

using namespace corridor;  // a benchmark's main, not a header

namespace {

bool Time(httplib::Client& cli, const httplib::Headers& h, const std::string& label, const std::string& url,
          int requests, size_t* bytes) {
  std::vector<double> ms;
  for (int i = 0; i < requests; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    auto r = cli.Get(url.c_str(), h);
    double d = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    if (!r || r->status != 200) {
      std::fprintf(stderr, "GET %s failed (%d)\n", url.c_str(), r ? r->status : -1);
      return false;
    }
    *bytes = r->body.size();
    ms.push_back(d);
  }
  std::printf("%-11s p50=%.1f ms p95=%.1f ms p99=%.1f ms (%d requests, %zu KB)\n", label.c_str(),
              bench::Pct(ms, 0.5), bench::Pct(ms, 0.95), bench::Pct(ms, 0.99), requests, *bytes / 1024);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  int participants = 500, actions = 200, requests = 200;
  std::string url;
  if (!bench::ParseOptions(argc, argv, &url,
                           {{"--participants", &participants}, {"--actions", &actions}, {"--requests", &requests}}))
    return 2;
  if (participants < 1 || actions < 1 || requests < 4) {
    std::fprintf(stderr, "usage: %s [--db URL] [--participants N] [--actions M] [--requests R>=4]\n", argv[0]);
    return 2;
  }
  auto db = bench::OpenFreshDatabase(url, "/tmp/corridor-event-bench", "event_bench");
  if (!db.ok()) {
    std::fprintf(stderr, "%s\n", db.status().message().c_str());
    return 1;
  }
  int64_t event_id = 0;
  auto seed_start = std::chrono::steady_clock::now();
  {
    auto c = (*db)->Acquire();
    storage::Transaction tx(*c);
    domain::Workspace w{0, "bench", "Benchmark workspace", "BENCH", "project", "", "2024-09-01", "", {}};
    auto ws = storage::WorkspaceStore(*c).Create(w, {});
    auto user = storage::UserStore(*c).Create("bench@local", "Bench", "benchmark-password", true);
    if (!ws.ok() || !user.ok()) {
      std::fprintf(stderr, "seeding: %s\n", (ws.ok() ? user.status() : ws.status()).message().c_str());
      return 1;
    }
    if (Status s = storage::UserStore(*c).SetRole(*ws, *user, domain::Role::kEditor); !s.ok()) {
      std::fprintf(stderr, "role: %s\n", s.message().c_str());
      return 1;
    }
    domain::Event e;
    e.title = "First clustering event (benchmark)";
    e.kind = domain::EventKind::kProjectLed;
    e.purpose = domain::EventPurpose::kCooperationActivation;
    e.mode = domain::EventMode::kHybrid;
    e.status = domain::EventStatus::kHeld;
    e.start_date = "2025-10-14";
    e.place = "Seville, Spain";
    e.organiser = "ISMC, ECOCastulum";
    e.minutes_md = "# Minutes\n\n- **Replication focus**: components participants value most\n- *System integration*\n";
    auto id = storage::EventFollowup(*c).SeedBulkEvent(*ws, e, participants, 20, actions, *user, storage::Actor{*user, "Bench"});
    if (!id.ok()) {
      std::fprintf(stderr, "seeding: %s\n", id.status().message().c_str());
      return 1;
    }
    event_id = *id;
    if (Status s = tx.Commit(); !s.ok()) {
      std::fprintf(stderr, "seeding: %s\n", s.message().c_str());
      return 1;
    }
  }
  if (Status s = bench::AnalyzeAfterBulkLoad(**db); !s.ok()) {
    std::fprintf(stderr, "%s\n", s.message().c_str());
    return 1;
  }
  std::printf("event page: 1 event, %d participants, %d actions seeded in %.1f s into %s\n", participants, actions,
              std::chrono::duration<double>(std::chrono::steady_clock::now() - seed_start).count(),
              (*db)->Describe().c_str());
  bench::LoopbackApp served(**db, "bench@local", "benchmark-password");
  httplib::Client& cli = served.client();
  const httplib::Headers& h = served.headers();
  std::string base = "/w/bench/events/" + std::to_string(event_id);
  size_t bytes = 0;
  bool ok = Time(cli, h, "warm-up", base, 4, &bytes) && Time(cli, h, "event page", base, requests, &bytes) &&
            Time(cli, h, "filtered", base + "?pq=participant+1&pshow=in", requests / 2, &bytes) &&
            Time(cli, h, "pack", base + "/pack", requests / 2, &bytes) &&
            Time(cli, h, "follow-up", "/w/bench/events/follow-up", requests / 4, &bytes);
  return ok ? 0 : 1;
}
