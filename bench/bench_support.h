// What the page benchmarks share: a fresh database for any engine, statistics after the bulk
// seeding, an in-process server, a logged-in client and a timed run over kinds of page.
// Header-only: CMake builds each bench/*_bench.cc as its own program.
#pragma once

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "core/strings.h"
#include "storage/database.h"

namespace corridor::bench {

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
