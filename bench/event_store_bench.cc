// Event storage latency (issue 4): the store reads behind one event page (summary, record,
// agenda, participants, attachments, actions, registry-link status) for an event with 500
// participants, 20 agenda items and 200 actions, and the cross-event queries (open actions by
// person, incomplete held events, timeline) over a workspace with 40 such events (8,000 actions).
// Prints p50/p99 per query. Usage: event_store_bench [--db URL] [--events N] [--runs R]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "bench_support.h"
#include "storage/event_evidence_store.h"
#include "storage/event_followup.h"
#include "storage/event_store.h"
#include "storage/user_store.h"
#include "storage/workspace_store.h"

using namespace corridor;  // a benchmark's main, not a header

namespace {

void Time(const char* label, int runs, const std::function<Status()>& fn) {
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    Status st = fn();
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    if (!st.ok()) {
      std::fprintf(stderr, "%s: %s\n", label, st.message().c_str());
      std::exit(1);
    }
  }
  std::printf("%-34s p50=%.2f ms p99=%.2f ms (%d runs)\n", label, bench::Pct(ms, 0.5), bench::Pct(ms, 0.99), runs);
}

}  // namespace

int main(int argc, char** argv) {
  int events = 40, runs = 200;
  std::string url;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--db") url = argv[i + 1];
    else if (a == "--events") events = std::atoi(argv[i + 1]);
    else if (a == "--runs") runs = std::atoi(argv[i + 1]);
  }
  auto db = bench::OpenFreshDatabase(url, "/tmp/corridor-event-store-bench", "event_store_bench");
  if (!db.ok()) {
    std::fprintf(stderr, "%s\n", db.status().message().c_str());
    return 1;
  }
  auto c = (*db)->Acquire();
  domain::Workspace w{0, "neo-cycle", "NEO-CYCLE", "NEO-CYCLE", "project", "", "2024-09-01", "", {}};
  auto ws = storage::WorkspaceStore(*c).Create(w, storage::Actor{});
  auto user = storage::UserStore(*c).Create("bench@example.org", "Bench User", "correct-horse-battery", false);
  if (!ws.ok() || !user.ok() || !storage::UserStore(*c).SetRole(*ws, *user, domain::Role::kEditor).ok()) {
    std::fprintf(stderr, "setup failed\n");
    return 1;
  }
  auto t0 = std::chrono::steady_clock::now();
  int64_t page_event = 0;
  {
    storage::Transaction tx(*c);
    for (int i = 0; i < events; ++i) {
      domain::Event e;
      e.title = "Clustering event " + std::to_string(i + 1);
      e.start_date = domain::ProjectMonthStart("2024-09-01", 2 + i % 46);
      e.status = domain::EventStatus::kHeld;
      auto id = storage::EventFollowup(*c).SeedBulkEvent(*ws, e, 500, 20, 200, *user, storage::Actor{});
      if (!id.ok()) {
        std::fprintf(stderr, "seed: %s\n", id.status().message().c_str());
        return 1;
      }
      if (i == 0) page_event = *id;
    }
    if (!tx.Commit().ok()) return 1;
  }
  if (!bench::AnalyzeAfterBulkLoad(**db).ok()) return 1;
  double seed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("engine: %s; %d events x (500 participants, 20 agenda items, 200 actions) seeded in %.1f s\n",
              (*db)->engine() == storage::Engine::kPostgres ? "postgres" : "sqlite", events, seed_s);

  storage::EventStore store(*c);
  storage::EventEvidenceStore ev(*c);
  storage::EventFollowup f(*c);
  Time("event page reads (500 p / 200 a)", runs, [&]() -> Status {
    CORRIDOR_RETURN_IF_ERROR(store.Summary(*ws, page_event).status());
    CORRIDOR_RETURN_IF_ERROR(store.Get(*ws, page_event).status());
    CORRIDOR_RETURN_IF_ERROR(ev.Agenda(*ws, page_event).status());
    CORRIDOR_RETURN_IF_ERROR(ev.Participants(*ws, page_event).status());
    CORRIDOR_RETURN_IF_ERROR(ev.Attachments(*ws, page_event).status());
    CORRIDOR_RETURN_IF_ERROR(ev.Actions(*ws, page_event).status());
    return f.RegistryLinkStatus(*ws, page_event).status();
  });
  Time("open actions by person (all events)", std::max(1, runs / 10),
       [&] { return f.OpenActionsByPerson(*ws, "2026-01-01").status(); });
  Time("incomplete held events", std::max(1, runs / 10), [&] { return f.IncompleteHeldEvents(*ws).status(); });
  Time("timeline", std::max(1, runs / 10), [&] { return store.Timeline(*ws).status(); });
  return 0;
}
