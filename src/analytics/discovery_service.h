// Discovery: ranks the CORDIS corpus against a focal project. Holds the in-memory BM25
// index built from the corpus tables; rebuilds it when the corpus changes (checked at
// most every few seconds, so every server process sees imports made by any other).
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <thread>
#include <string>
#include <unordered_map>
#include <vector>

#include "analytics/bm25_index.h"
#include "storage/database.h"

namespace corridor::analytics {

struct DiscoveryQuery {
  std::string title, objective, keywords;  // the focal text
  std::vector<std::string> exclude_grants; // the focal project, projects already in the registry
  std::vector<std::string> programmes;     // HORIZON, H2020, FP7
  std::vector<std::string> statuses;       // SIGNED, CLOSED, TERMINATED
  int from_year = 0, to_year = 0;          // 0 = open
  std::string topic_prefix;
  std::string country;
  size_t limit = 20, offset = 0;
  bool expansion = true;
};

struct DiscoveryHit {
  std::string grant_id, acronym, title, framework, status, start_date, topic;
  float score = 0;
  std::vector<MatchedTerm> matched_terms;
};

struct DiscoveryResult {
  std::vector<DiscoveryHit> hits;
  size_t total_matches = 0;
  size_t corpus_size = 0;
  std::vector<std::string> expansion_terms;
  double elapsed_ms = 0;
};

class DiscoveryService {
 public:
  explicit DiscoveryService(storage::Database& db);
  ~DiscoveryService();
  Result<DiscoveryResult> Discover(const DiscoveryQuery& q);
  void WarmUpAsync();       // builds the index on a background thread
  Status Rebuild();         // builds now (blocking)
  size_t IndexedDocuments() const;

  // Suggests a relevance score (1-4) from the hit's score relative to the best hit,
  // raised by one when partners are shared with the focal consortium.
  static int SuggestRelevance(float score, float top_score, int shared_partners);

 private:
  struct Snapshot {
    Bm25Index index;
    std::vector<DiscoveryHit> docs;  // doc id = position; carries the display fields
    std::unordered_map<std::string, int64_t> doc_by_grant;  // for excluding grants
    std::string signature;           // corpus signature it was built from
  };
  Result<std::string> CorpusSignature();
  Result<std::shared_ptr<const Snapshot>> Current();

  storage::Database& db_;
  mutable std::mutex mu_;
  std::mutex build_mu_;
  std::shared_ptr<const Snapshot> snapshot_;
  std::chrono::steady_clock::time_point last_check_{};
  std::atomic<bool> stopping_{false};
  std::unique_ptr<std::thread> warmup_;
};

}  // namespace corridor::analytics
