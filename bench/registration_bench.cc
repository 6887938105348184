// Public registration throughput: a real server on loopback with durable commits (SQLite WAL with
// synchronous=FULL; PostgreSQL as configured) and K client threads posting the registration form
// (each a new e-mail, so each is a new pending record + consents + token + queued mail in one
// transaction). Prints registrations per second and p50/p99 latency.
// Usage: registration_bench [--db URL] [--requests N] [--clients K] [--group-commit on|off]
// --group-commit: registrations share commits (on) or each commits on its own (off); by default
// as `corridor serve` does: on for SQLite, off for PostgreSQL (storage::GroupCommitPays).
// URL: sqlite:PATH or postgresql://... (default: a fresh SQLite file in /tmp/corridor-registration-bench).
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "core/strings.h"
#include "storage/demo_data.h"
#include "storage/group_commit.h"
#include "web/handlers/handlers.h"
#include "web/http_server.h"

using namespace corridor;  // a benchmark's main, not a header

namespace {
double Pct(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[std::min(v.size() - 1, static_cast<size_t>(p * (v.size() - 1) + 0.5))];
}
}  // namespace

int main(int argc, char** argv) {
  std::string url, pg_schema;
  int requests = 5000, clients = 8;
  std::string group = "auto";
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--db") url = argv[i + 1];
    else if (a == "--requests") requests = std::atoi(argv[i + 1]);
    else if (a == "--clients") clients = std::atoi(argv[i + 1]);
    else if (a == "--group-commit") group = argv[i + 1];
  }
  if (url.empty()) {
    std::filesystem::path dir = "/tmp/corridor-registration-bench";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    url = "sqlite:" + (dir / "bench.db").string();
  } else if (strings::StartsWith(url, "postgresql://") && url.find("schema=") == std::string::npos) {
    pg_schema = "registration_bench";
  }
  storage::DatabaseOptions o{url};
  o.pg_schema = pg_schema;
  auto db = storage::Database::Open(o);
  if (!db.ok()) return std::fprintf(stderr, "%s\n", db.status().message().c_str()), 1;
  if (!pg_schema.empty()) {
    (void)(*db)->Acquire()->ExecScript("DROP SCHEMA IF EXISTS " + pg_schema + " CASCADE; CREATE SCHEMA " + pg_schema);
  }
  if (auto m = (*db)->Migrate(); !m.ok()) return std::fprintf(stderr, "%s\n", m.status().message().c_str()), 1;
  {
    auto c = (*db)->Acquire();
    if (auto d = storage::LoadDemoWorkspaces(*c); !d.ok()) return std::fprintf(stderr, "%s\n", d.status().message().c_str()), 1;
  }
  std::unique_ptr<storage::GroupCommit> writer;
  if (group == "on" || (group == "auto" && storage::GroupCommitPays((*db)->engine())))
    writer = std::make_unique<storage::GroupCommit>(**db);
  web::AppContext app{**db, web::AppConfig{}, nullptr, writer.get()};
  app.config.trusted_proxies = {"127.0.0.1"};  // each client request names its own address
  web::Router router = web::BuildRouter();
  web::ServerOptions opts;
  opts.port = 0;
  opts.threads = std::max(8, clients * 2);
  web::HttpServer server(app, router, opts);
  auto port = server.Bind();
  if (!port.ok()) return std::fprintf(stderr, "%s\n", port.status().message().c_str()), 1;
  std::thread listener([&] { server.Listen(); });

  std::atomic<int> next{0}, errors{0};
  std::vector<std::vector<double>> lat(clients);
  auto t0 = std::chrono::steady_clock::now();
  std::vector<std::thread> ts;
  for (int k = 0; k < clients; ++k)
    ts.emplace_back([&, k] {
      httplib::Client c("127.0.0.1", *port);
      c.set_keep_alive(true);
      c.set_tcp_nodelay(true);  // else the body waits for a delayed ACK (40 ms per POST)
      auto form = c.Get("/w/neo-cycle/register");
      std::smatch m;
      static const std::regex re(R"re(name="_form" value="([^"]+)")re");
      if (!form || !std::regex_search(form->body, m, re)) {
        ++errors;
        return;
      }
      std::string token = m[1];
      for (int i = next++; i < requests; i = next++) {
        std::string email = "bench" + std::to_string(i) + "@example.org";
        httplib::Headers h = {{"X-Forwarded-For", "10." + std::to_string(i / 65536 % 256) + "." +
                                                       std::to_string(i / 256 % 256) + "." + std::to_string(i % 256)}};
        httplib::Params p = {{"_form", token},          {"name", "Bench Person " + std::to_string(i)},
                             {"organisation", "Bench Org"}, {"email", email},
                             {"country", "DE"},          {"type", "industrial-actors"},
                             {"consent", "contact"},     {"consent", "newsletter"}};
        auto s = std::chrono::steady_clock::now();
        auto r = c.Post("/w/neo-cycle/register", h, p);
        lat[k].push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - s).count());
        if (!r || r->status != 303) {
          if (errors++ == 0)  // the first failure says why
            std::fprintf(stderr, "registration %d failed: %s\n", i,
                         r ? (std::to_string(r->status) + " " + r->body.substr(0, 400)).c_str() : "no response");
        }
      }
    });
  for (auto& t : ts) t.join();
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  server.Stop();
  listener.join();
  std::vector<double> all;
  for (auto& v : lat) all.insert(all.end(), v.begin(), v.end());
  std::printf("registration_bench: %s, %d clients, group commit %s\n", (*db)->Describe().c_str(), clients,
              writer ? "on" : "off");
  if (writer)
    std::printf("  %llu transactions for %llu registrations\n", static_cast<unsigned long long>(writer->batches()),
                static_cast<unsigned long long>(writer->committed()));
  std::printf("  %zu registrations in %.2f s: %.0f per second (target >= 500), errors %d\n", all.size(), secs,
              all.size() / secs, errors.load());
  std::printf("  latency p50 %.2f ms, p99 %.2f ms\n", Pct(all, 0.5), Pct(all, 0.99));
  return errors.load() ? 1 : 0;
}
