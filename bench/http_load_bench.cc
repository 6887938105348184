// Requests per second through real `corridor serve` processes: N keep-alive connections, each
// logs in once (login form, CSRF token, session cookie), then sends a fixed mix of registry list
// pages (paging, sorting, filtering, searching) and record pages for D seconds. Connection i
// talks to port i mod P, so several instances share the load round-robin (as a load balancer
// would). Prints requests per second, p50/p99 latency and errors (a non-200 answer or a failed
// request), overall and per port.
// Usage: http_load_bench --ports P1[,P2...] [--host 127.0.0.1] [--connections 8] [--seconds 10]
//                        [--workspace bench] [--email load{i}@local] [--password benchmark-password]
// `{i}` in the e-mail is replaced by the connection number (1..N): one account per connection,
// so the per-account login throttle (10 per 5 minutes) is not what is measured.
// The database is seeded by registry_list_bench (workspace "bench", 10k records, load users).
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <regex>
#include <string>
#include <thread>
#include <vector>

namespace {

double Pct(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * (v.size() - 1) + 0.5))];
}

struct Options {
  std::string host = "127.0.0.1";
  std::vector<int> ports;
  int connections = 8;
  double seconds = 10;
  std::string workspace = "bench";
  std::string email = "load{i}@local";
  std::string password = "benchmark-password";
};

struct ConnResult {
  int port = 0;
  std::vector<double> ms;
  size_t errors = 0;
  std::string setup_error;  // non-empty: the connection never got to the measured phase
};

// One client: a keep-alive connection, the session cookie and the CSRF token of the last form.
class Session {
 public:
  Session(const std::string& host, int port) : http_(host, port) {
    http_.set_keep_alive(true);
    http_.set_read_timeout(30, 0);
  }

  httplib::Result Get(const std::string& path) {
    auto r = http_.Get(path.c_str(), Headers());
    Remember(r);
    return r;
  }
  httplib::Result Post(const std::string& path, httplib::Params form) {
    form.emplace("_csrf", csrf_);
    auto r = http_.Post(path.c_str(), Headers(), form);
    Remember(r);
    return r;
  }

 private:
  httplib::Headers Headers() const {
    std::string c;
    for (auto& [k, v] : cookies_) c += (c.empty() ? "" : "; ") + k + "=" + v;
    httplib::Headers h;
    if (!c.empty()) h.emplace("Cookie", c);
    return h;
  }
  void Remember(const httplib::Result& r) {
    if (!r) return;
    for (auto& [k, v] : r->headers) {
      if (k != "Set-Cookie") continue;
      auto eq = v.find('=');
      auto semi = v.find(';');
      if (eq == std::string::npos) continue;
      cookies_[v.substr(0, eq)] = v.substr(eq + 1, semi == std::string::npos ? std::string::npos : semi - eq - 1);
    }
    static const std::regex re(R"re(name="_csrf" value="([0-9a-f]{64})")re");
    std::smatch m;
    if (std::regex_search(r->body, m, re)) csrf_ = m[1];
  }

  httplib::Client http_;
  std::map<std::string, std::string> cookies_;
  std::string csrf_;
};

std::string Replace(std::string s, const std::string& what, const std::string& with) {
  auto at = s.find(what);
  if (at != std::string::npos) s.replace(at, what.size(), with);
  return s;
}

void RunConnection(const Options& o, int index, const std::chrono::steady_clock::time_point* start,
                   std::atomic<int>* ready, const std::atomic<bool>* go, ConnResult* out) {
  out->port = o.ports[static_cast<size_t>(index) % o.ports.size()];
  Session s(o.host, out->port);
  const std::string base = "/w/" + o.workspace + "/registry";
  auto fail = [&](std::string why) {
    out->setup_error = "connection " + std::to_string(index + 1) + " (port " + std::to_string(out->port) + "): " + why;
    ready->fetch_add(1);
  };
  auto page = s.Get("/login");
  if (!page || page->status != 200) return fail("GET /login failed");
  auto login = s.Post("/login", {{"email", Replace(o.email, "{i}", std::to_string(index + 1))}, {"password", o.password}});
  if (!login || login->status != 303)
    return fail("login refused (" + std::to_string(login ? login->status : -1) + ")");
  // Record IDs from a few list pages (not measured).
  std::vector<std::string> ids;
  static const std::regex id_re("href=\"" + base + "/([0-9]+)\"");
  for (int p : {1, 7, 40, 120}) {
    auto r = s.Get(base + "?page=" + std::to_string(p));
    if (!r || r->status != 200) return fail("GET " + base + " failed (" + std::to_string(r ? r->status : -1) + ")");
    for (std::sregex_iterator it(r->body.begin(), r->body.end(), id_re), end; it != end; ++it) ids.push_back((*it)[1]);
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  if (ids.empty()) return fail("no record links on the registry list pages");
  ready->fetch_add(1);
  while (!go->load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  const auto deadline = *start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                     std::chrono::duration<double>(o.seconds));
  // The mix, in a fixed order: of every 10 requests, 3 plain list pages, 1 sorted, 1 filtered,
  // 1 searched list and 4 record pages.
  for (uint64_t k = static_cast<uint64_t>(index) * 7919; std::chrono::steady_clock::now() < deadline; ++k) {
    std::string path;
    switch (k % 10) {
      case 0:
      case 3:
      case 6: path = base + "?page=" + std::to_string(1 + (k * 37) % 200); break;
      case 1: path = base + "?sort=budget_eur&dir=desc&page=" + std::to_string(1 + (k * 13) % 200); break;
      case 4:
        path = base + "?stage=longlist&min_relevance=3&value_chain_link=Recycling+phase&page=" +
               std::to_string(1 + k % 10);
        break;
      case 7: path = base + "?q=PRJ" + std::to_string(k % 1000); break;
      default: path = base + "/" + ids[(k * 31) % ids.size()]; break;
    }
    auto t0 = std::chrono::steady_clock::now();
    auto r = s.Get(path);
    double d = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    if (!r || r->status != 200) ++out->errors;
    else out->ms.push_back(d);
  }
}

std::vector<int> ParsePorts(const std::string& s) {
  std::vector<int> out;
  size_t i = 0;
  while (i <= s.size()) {
    size_t j = s.find(',', i);
    if (j == std::string::npos) j = s.size();
    int p = std::atoi(s.substr(i, j - i).c_str());
    if (p <= 0 || p > 65535) return {};
    out.push_back(p);
    i = j + 1;
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i], v = argv[i + 1];
    if (a == "--ports") o.ports = ParsePorts(v);
    else if (a == "--host") o.host = v;
    else if (a == "--connections") o.connections = std::atoi(v.c_str());
    else if (a == "--seconds") o.seconds = std::atof(v.c_str());
    else if (a == "--workspace") o.workspace = v;
    else if (a == "--email") o.email = v;
    else if (a == "--password") o.password = v;
    else {
      std::fprintf(stderr, "unknown option %s\n", a.c_str());
      return 2;
    }
  }
  if (o.ports.empty() || o.connections < 1 || o.seconds <= 0) {
    std::fprintf(stderr,
                 "usage: %s --ports P1[,P2...] [--host H] [--connections N] [--seconds D] [--workspace SLUG] "
                 "[--email load{i}@local] [--password PW]\n",
                 argv[0]);
    return 2;
  }
  std::vector<ConnResult> results(static_cast<size_t>(o.connections));
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  std::chrono::steady_clock::time_point start;
  std::vector<std::thread> threads;
  // Every connection logs in first; the clock starts once all are ready (or have failed).
  for (int i = 0; i < o.connections; ++i)
    threads.emplace_back(RunConnection, std::cref(o), i, &start, &ready, &go, &results[static_cast<size_t>(i)]);
  while (ready.load() < o.connections) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  start = std::chrono::steady_clock::now();
  go.store(true);
  for (auto& t : threads) t.join();
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  std::vector<double> all;
  size_t errors = 0;
  std::map<int, std::pair<size_t, size_t>> per_port;  // requests, errors
  for (auto& r : results) {
    if (!r.setup_error.empty()) {
      std::fprintf(stderr, "%s\n", r.setup_error.c_str());
      return 1;
    }
    all.insert(all.end(), r.ms.begin(), r.ms.end());
    errors += r.errors;
    per_port[r.port].first += r.ms.size() + r.errors;
    per_port[r.port].second += r.errors;
  }
  std::string ports, spread;
  for (auto& [p, n] : per_port) {
    ports += (ports.empty() ? "" : ",") + std::to_string(p);
    spread += " " + std::to_string(p) + ":" + std::to_string(n.first);
  }
  std::printf("http load: instances=%zu connections=%d seconds=%.1f requests=%zu req/s=%.0f p50=%.1f ms p99=%.1f ms "
              "errors=%zu (per port:%s)\n",
              per_port.size(), o.connections, elapsed, all.size() + errors,
              static_cast<double>(all.size() + errors) / elapsed, Pct(all, 0.5), Pct(all, 0.99), errors,
              spread.c_str());
  return errors ? 1 : 0;
}
