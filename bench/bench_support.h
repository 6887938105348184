// What the page benchmarks share: a fresh database for any engine, statistics after the bulk
// seeding, an in-process server, a logged-in client and a timed run over kinds of page.
// Header-only: CMake builds each bench/*_bench.cc as its own program.
#pragma once

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <regex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "analytics/discovery_service.h"
#include "core/status.h"
#include "core/strings.h"
#include "storage/database.h"
#include "web/handlers/handlers.h"
#include "web/http_server.h"

namespace corridor::bench {

// Reads "--name value" pairs: --db into `url`, the others into the named integers. False (after
// saying which) on an option it does not know.
inline bool ParseOptions(int argc, char** argv, std::string* url,
                         const std::vector<std::pair<std::string, int*>>& ints) {
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    auto named = std::find_if(ints.begin(), ints.end(), [&](const auto& o) { return o.first == a; });
    if (a == "--db") {
      *url = argv[i + 1];
    } else if (named != ints.end()) {
      *named->second = std::atoi(argv[i + 1]);
    } else {
      std::fprintf(stderr, "unknown option %s\n", argv[i]);
      return false;
    }
  }
  return true;
}

inline double Pct(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * (v.size() - 1) + 0.5))];
}

// An empty, migrated database. No URL: a new SQLite file under `default_dir`. A PostgreSQL URL:
// its `schema=` (or `default_schema`), dropped and made anew. A SQLite path: the file replaced.
inline Result<std::unique_ptr<storage::Database>> OpenFreshDatabase(std::string url, const std::string& default_dir,
                                                                    const std::string& default_schema) {
  std::string schema;
  if (url.empty()) {
    std::filesystem::remove_all(default_dir);
    std::filesystem::create_directories(default_dir);
    url = "sqlite:" + default_dir + "/bench.db";
  } else if (strings::StartsWith(url, "postgres")) {
    auto at = url.find("schema=");
    if (at == std::string::npos) {
      schema = default_schema;
      url += (url.find('?') == std::string::npos ? "?" : "&") + ("schema=" + schema);
    } else {
      auto end = url.find('&', at);
      schema = url.substr(at + 7, end == std::string::npos ? std::string::npos : end - at - 7);
    }
  } else {
    std::string path = strings::StartsWith(url, "sqlite:") ? url.substr(7) : url;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  }
  auto db = storage::Database::Open({url});
  if (!db.ok()) return db.status();
  if (!schema.empty()) {  // a fresh schema: the name was validated by Open
    auto c = (*db)->Acquire();
    CORRIDOR_RETURN_IF_ERROR(
        c->ExecScript("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE; CREATE SCHEMA \"" + schema + "\""));
  }
  if (Status s = (*db)->Migrate().status(); !s.ok()) return s.WithContext("migrate: ");
  return std::move(*db);
}

// A bulk load ends with ANALYZE on PostgreSQL, as after an import: the planner needs the new
// statistics (autovacuum would gather them too, but only later), or it plans for empty tables.
inline Status AnalyzeAfterBulkLoad(storage::Database& db) {
  if (db.engine() != storage::Engine::kPostgres) return Status::Ok();
  auto c = db.Acquire();
  return c->ExecScript("ANALYZE").WithContext("analyze: ");
}

// Logs in through the real form (CSRF included) and returns the headers carrying the session.
inline httplib::Headers LogIn(httplib::Client& cli, const std::string& email, const std::string& password) {
  std::string cookies;
  auto remember = [&](const httplib::Result& r) {
    if (!r) return;
    for (auto& [k, v] : r->headers)
      if (k == "Set-Cookie") cookies += (cookies.empty() ? "" : "; ") + v.substr(0, v.find(';'));
  };
  auto page = cli.Get("/login");
  remember(page);
  std::smatch m;
  static const std::regex re(R"re(name="_csrf" value="([0-9a-f]{64})")re");
  std::string body = page ? page->body : "";
  std::regex_search(body, m, re);
  auto login = cli.Post("/login", {{"Cookie", cookies}},
                        httplib::Params{{"email", email}, {"password", password}, {"_csrf", m.size() > 1 ? m[1].str() : ""}});
  remember(login);
  return httplib::Headers{{"Cookie", cookies}};
}

// The application served by a real server on a loopback port (picked by the system) in a thread of
// its own, and a client logged in through the form. Stops the server when it goes out of scope.
class LoopbackApp {
 public:
  LoopbackApp(storage::Database& db, const std::string& email, const std::string& password)
      : discovery_(db), app_{db, web::AppConfig{}, &discovery_}, router_(web::BuildRouter()),
        server_(app_, router_, AnyPort()) {
    int port = *server_.Bind();
    thread_ = std::thread([this] { server_.Listen(); });
    client_ = std::make_unique<httplib::Client>("127.0.0.1", port);
    headers_ = LogIn(*client_, email, password);
  }
  ~LoopbackApp() {
    server_.Stop();
    thread_.join();
  }
  LoopbackApp(const LoopbackApp&) = delete;
  LoopbackApp& operator=(const LoopbackApp&) = delete;

  httplib::Client& client() { return *client_; }
  const httplib::Headers& headers() const { return headers_; }

 private:
  static web::ServerOptions AnyPort() {
    web::ServerOptions opts;
    opts.port = 0;
    return opts;
  }
  analytics::DiscoveryService discovery_;
  web::AppContext app_;
  web::Router router_;
  web::HttpServer server_;
  std::thread thread_;
  std::unique_ptr<httplib::Client> client_;
  httplib::Headers headers_;
};

// GETs `requests / kinds` pages of each kind (URL prefix + a page number), printing p50/p99 per
// kind and overall under `label`. False (after saying which) when a page does not answer 200.
inline bool TimePages(httplib::Client& cli, const httplib::Headers& h, const std::string& label,
                      const std::vector<std::pair<std::string, std::string>>& kinds, int requests, int records) {
  std::vector<double> all;
  for (auto& [kind, prefix] : kinds) {
    std::vector<double> ms;
    for (int i = 0; i < requests / static_cast<int>(kinds.size()); ++i) {
      std::string u = prefix + std::to_string(1 + (i * 37) % 40);
      auto t0 = std::chrono::steady_clock::now();
      auto r = cli.Get(u.c_str(), h);
      double d = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      if (!r || r->status != 200) {
        std::fprintf(stderr, "GET %s failed (%d)\n", u.c_str(), r ? r->status : -1);
        return false;
      }
      ms.push_back(d);
      all.push_back(d);
    }
    std::printf("%s %-7s p50=%.1f ms p99=%.1f ms (%zu requests)\n", label.c_str(), kind.c_str(), Pct(ms, 0.5),
                Pct(ms, 0.99), ms.size());
  }
  std::printf("%s (%d records) overall p50=%.1f ms p99=%.1f ms\n", label.c_str(), records, Pct(all, 0.5),
              Pct(all, 0.99));
  return true;
}

}  // namespace corridor::bench
