// Self-timing micro benchmark of the discovery BM25 index on a deterministic synthetic corpus
// shaped like CORDIS: 60,000 documents of ~250 words (Zipf background vocabulary of 50,000
// words, a share of topical words, English stopwords), queried with 200 focal texts of ~300
// words. Prints build time, memory and p50/p99 latency with and without expansion.
//
//   bm25_micro_bench [--docs N] [--queries Q] [--threads T]
#include <malloc.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "analytics/bm25_index.h"

namespace {

using corridor::analytics::Bm25Index;
using corridor::analytics::Bm25IndexBuilder;
using corridor::analytics::DocumentMeta;
using corridor::analytics::SearchRequest;

constexpr int kVocabulary = 50000;
constexpr int kTopics = 200;
constexpr int kWordsPerTopic = 40;
constexpr double kTopicalShare = 0.20;
constexpr double kStopwordShare = 0.25;

// Pronounceable, distinct pseudo-words ("kalemo"): the stemmer sees word-like input.
std::string PseudoWord(int n, const char* lead) {
  static const char* kCons = "bcdfghklmnprstvz";
  static const char* kVow = "aeiou";
  std::string w = lead;
  do {
    w += kCons[n % 16];
    n /= 16;
    w += kVow[n % 5];
    n /= 5;
  } while (n > 0);
  return w;
}

class Corpus {
 public:
  explicit Corpus(uint64_t seed) : rng_(seed) {
    for (int i = 0; i < kVocabulary; ++i) background_.push_back(PseudoWord(i, i % 2 ? "r" : "m"));
    for (int t = 0; t < kTopics; ++t)
      for (int k = 0; k < kWordsPerTopic; ++k) topical_.push_back(PseudoWord(t * kWordsPerTopic + k, "qu"));
    // Zipf (s = 1) cumulative distribution over background ranks.
    double h = 0;
    for (int r = 1; r <= kVocabulary; ++r) cdf_.push_back(h += 1.0 / r);
    for (double& c : cdf_) c /= h;
  }

  std::string Text(int words, int topic) {
    static const char* kStop[] = {"the", "of", "and", "to", "in", "for", "with", "on", "will", "project", "new", "by"};
    static const char* kSuffix[] = {"", "", "", "s", "ing", "ed"};
    std::string s;
    for (int i = 0; i < words; ++i) {
      double u = uni_(rng_);
      if (u < kStopwordShare) {
        s += kStop[rng_() % 12];
      } else if (u < kStopwordShare + kTopicalShare) {
        s += topical_[topic * kWordsPerTopic + rng_() % kWordsPerTopic];
      } else {
        size_t r = std::lower_bound(cdf_.begin(), cdf_.end(), uni_(rng_)) - cdf_.begin();
        s += background_[std::min<size_t>(r, kVocabulary - 1)];
        s += kSuffix[rng_() % 6];
      }
      s += i % 17 == 16 ? ". " : " ";
    }
    return s;
  }

  int Topic() { return static_cast<int>(rng_() % kTopics); }
  uint64_t Next() { return rng_(); }

 private:
  std::mt19937_64 rng_;
  std::uniform_real_distribution<double> uni_{0.0, 1.0};
  std::vector<std::string> background_, topical_;
  std::vector<double> cdf_;
};

struct Doc {
  std::string title, objective, keywords, topic_title;
  DocumentMeta meta;
};

long StatusKb(const char* key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(key, 0) == 0) return std::atol(line.c_str() + std::strlen(key));
  return -1;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(std::ceil(p * static_cast<double>(v.size()))) - 1;
  return v[std::min(i, v.size() - 1)];
}

double Ms(std::chrono::steady_clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// CPU time of the calling thread: on a shared machine wall time also measures the neighbours.
double ThreadCpuMs() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
  int n_docs = 60000, n_queries = 200, threads = 2;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--docs")) n_docs = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--queries")) n_queries = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--threads")) threads = std::atoi(argv[i + 1]);
  }

  Corpus gen(20240601);
  static const char* kProg[] = {"HORIZON", "H2020", "FP7"};
  static const char* kStatus[] = {"SIGNED", "CLOSED", "TERMINATED"};
  static const char* kCountries[] = {"DE", "FR", "IT", "ES", "NL", "BE", "EL", "PT", "SE", "PL", "AT", "FI"};
  std::vector<Doc> docs(static_cast<size_t>(n_docs));
  auto t0 = std::chrono::steady_clock::now();
  for (auto& d : docs) {
    int topic = gen.Topic();
    d.title = gen.Text(12, topic);
    d.objective = gen.Text(220, topic);
    d.keywords = gen.Text(8, topic);
    d.topic_title = gen.Text(10, topic);
    int p = static_cast<int>(gen.Next() % 3);
    d.meta.programme = kProg[p];
    d.meta.status = kStatus[gen.Next() % 3];
    d.meta.start_year = (p == 0 ? 2021 : p == 1 ? 2014 : 2007) + static_cast<int>(gen.Next() % 7);
    d.meta.topic_code = std::string(kProg[p]) + "-CL" + std::to_string(gen.Next() % 6 + 1) + "-" +
                        std::to_string(topic);
    for (int c = 0, n = static_cast<int>(gen.Next() % 6 + 1); c < n; ++c)
      d.meta.countries.push_back(kCountries[gen.Next() % 12]);
  }
  std::vector<SearchRequest> queries(static_cast<size_t>(n_queries));
  for (size_t i = 0; i < queries.size(); ++i) {
    int topic = gen.Topic();
    queries[i].title = gen.Text(12, topic);
    queries[i].objective = gen.Text(280, topic);
    queries[i].keywords = gen.Text(8, topic);
    queries[i].exclude_doc_ids = {static_cast<int64_t>(gen.Next() % n_docs)};
    queries[i].limit = 50;
  }
  size_t text_bytes = 0;
  for (const auto& d : docs) text_bytes += d.title.size() + d.objective.size() + d.keywords.size() + d.topic_title.size();
  std::printf("corpus: %d docs, %.1f MB of text (generated in %.0f ms), %d queries of ~300 words\n", n_docs,
              text_bytes / 1e6, Ms(std::chrono::steady_clock::now() - t0), n_queries);

  malloc_trim(0);
  long rss_before = StatusKb("VmRSS:");
  t0 = std::chrono::steady_clock::now();
  double cpu0 = ThreadCpuMs();
  Bm25IndexBuilder builder;
  for (size_t i = 0; i < docs.size(); ++i) {
    const Doc& d = docs[i];
    auto st = builder.Add(static_cast<int64_t>(i), {d.title, d.objective, d.keywords, d.topic_title}, d.meta);
    if (!st.ok()) {
      std::fprintf(stderr, "add failed: %s\n", st.message().c_str());
      return 1;
    }
  }
  auto t_add = std::chrono::steady_clock::now();
  Bm25Index index = builder.Build();
  auto t_built = std::chrono::steady_clock::now();
  double build_cpu = ThreadCpuMs() - cpu0;
  malloc_trim(0);
  long rss_after = StatusKb("VmRSS:");
  std::printf("build: %.0f ms wall, %.0f ms CPU (add %.0f ms + freeze %.0f ms wall); %zu terms, avgdl %.1f\n",
              Ms(t_built - t0), build_cpu, Ms(t_add - t0), Ms(t_built - t_add), index.term_count(),
              index.avg_doc_length());
  std::printf("memory: index owns %.1f MB; RSS +%.1f MB after build (trimmed); build peak +%.1f MB over the"
              " %.1f MB held before it (corpus text)\n",
              index.MemoryBytes() / 1e6, (rss_after - rss_before) / 1024.0,
              (StatusKb("VmHWM:") - rss_before) / 1024.0, rss_before / 1024.0);

  auto run = [&](bool expansion, std::vector<double>* lat, std::vector<double>* cpu, size_t* hits,
                 size_t* exp_terms, size_t* qterms) {
    for (auto q : queries) {
      q.expansion = expansion;
      auto s = std::chrono::steady_clock::now();
      double c = ThreadCpuMs();
      auto r = index.Search(q);
      cpu->push_back(ThreadCpuMs() - c);
      lat->push_back(Ms(std::chrono::steady_clock::now() - s));
      if (!r.ok()) {
        std::fprintf(stderr, "search failed: %s\n", r.status().message().c_str());
        std::exit(1);
      }
      *hits += r->hits.size();
      *exp_terms += r->expansion_terms.size();
      *qterms += r->query_terms;
    }
  };
  for (int i = 0; i < 3; ++i) (void)index.Search(queries[0]);  // thread-local scratch and stem cache
  for (bool expansion : {false, true}) {
    std::vector<double> lat, cpu;
    size_t hits = 0, exp_terms = 0, qterms = 0;
    run(expansion, &lat, &cpu, &hits, &exp_terms, &qterms);
    std::printf("1 thread,  expansion %-3s: wall p50 %6.2f ms  p99 %6.2f ms | CPU p50 %6.2f ms  p99 %6.2f ms"
                "  (avg %.0f query terms, %.1f expansion terms, %.0f hits)\n",
                expansion ? "on" : "off", Percentile(lat, 0.5), Percentile(lat, 0.99), Percentile(cpu, 0.5),
                Percentile(cpu, 0.99), double(qterms) / queries.size(), double(exp_terms) / queries.size(),
                double(hits) / queries.size());
  }
  if (threads > 1) {
    for (bool expansion : {false, true}) {
      std::vector<std::vector<double>> lat(static_cast<size_t>(threads)), cpu(static_cast<size_t>(threads));
      std::vector<std::thread> pool;
      auto s = std::chrono::steady_clock::now();
      for (int t = 0; t < threads; ++t)
        pool.emplace_back([&, t] {
          size_t a = 0, b = 0, c = 0;
          run(expansion, &lat[static_cast<size_t>(t)], &cpu[static_cast<size_t>(t)], &a, &b, &c);
        });
      for (auto& th : pool) th.join();
      double wall = Ms(std::chrono::steady_clock::now() - s);
      std::vector<double> all, all_cpu;
      for (auto& l : lat) all.insert(all.end(), l.begin(), l.end());
      for (auto& l : cpu) all_cpu.insert(all_cpu.end(), l.begin(), l.end());
      std::printf("%d threads, expansion %-3s: wall p50 %6.2f ms  p99 %6.2f ms | CPU p50 %6.2f ms  p99 %6.2f ms"
                  "  (%.0f queries/s)\n",
                  threads, expansion ? "on" : "off", Percentile(all, 0.5), Percentile(all, 0.99),
                  Percentile(all_cpu, 0.5), Percentile(all_cpu, 0.99), all.size() / (wall / 1000));
    }
  }
  return 0;
}
