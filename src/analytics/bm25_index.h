// In-memory BM25 index for "discovery": ranks a corpus of CORDIS projects against a focal
// project's whole description (a long query of a few hundred terms). Built from rows the
// storage layer loaded; knows nothing about databases. An index is immutable once built and
// Search() is safe to call concurrently from many threads on one const index.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analytics/text_analyzer.h"
#include "core/status.h"

namespace corridor::analytics {

// Per-field multipliers applied to term frequencies (documents and focal text alike):
// a word in a title says more about the topic than one in the objective.
struct FieldWeights {
  float title = 3.0f;
  float keywords = 2.0f;
  float objective = 1.0f;
  float topic_title = 1.0f;  // documents only: the focal text has no call topic title
};

// Query shaping for long focal texts.
struct QueryOptions {
  float max_df_ratio = 0.40f;    // terms in more than this share of documents are dropped
  size_t max_query_terms = 200;  // keep only the highest-weight terms of a long focal text
  float qtf_k3 = 1.5f;           // saturation of query term frequency: (k3+1)qtf/(k3+qtf)
  // Pseudo-relevance feedback (Rocchio-style): centroid of the top documents of pass one.
  size_t feedback_docs = 10;
  size_t expansion_terms = 20;
  float expansion_weight = 0.3f;       // relative to an original term with the same idf
  size_t min_feedback_doc_freq = 2;    // an expansion term must occur in this many feedback docs
  size_t matched_terms_per_hit = 8;
};

struct Bm25Options {
  float k1 = 1.2f;
  float b = 0.75f;
  FieldWeights weights;
  QueryOptions query;
  TextAnalyzerOptions analyzer;
};

// The text of one corpus document. Views: the builder copies what it keeps.
struct DocumentText {
  std::string_view title;
  std::string_view objective;
  std::string_view keywords;
  std::string_view topic_title;
};

// Filterable metadata of one corpus document. Matching is case-insensitive (stored upper case).
struct DocumentMeta {
  std::string programme;   // framework programme: "HORIZON", "H2020", "FP7"
  std::string status;      // "SIGNED", "CLOSED", "TERMINATED", ...
  int start_year = 0;      // 0 = unknown (never passes a year filter)
  std::string topic_code;  // "HORIZON-CL4-2021-RESILIENCE-01-08"
  std::vector<std::string> countries;  // participant country codes ("DE", "EL", "UK")
};

struct SearchFilters {
  std::vector<std::string> programmes;  // any of; empty = no filter
  std::vector<std::string> statuses;    // any of; empty = no filter
  std::optional<int> start_year_min;    // inclusive
  std::optional<int> start_year_max;    // inclusive
  std::string topic_prefix;             // e.g. "HORIZON-CL4"; empty = no filter
  std::vector<std::string> countries;   // at least one participant from any of; empty = no filter
};

struct SearchRequest {
  // The focal project's description.
  std::string title;
  std::string objective;
  std::string keywords;
  std::vector<int64_t> exclude_doc_ids;  // the focal project itself, already-listed projects
  SearchFilters filters;
  size_t limit = 20;
  size_t offset = 0;
  bool expansion = true;  // pseudo-relevance feedback second pass
};

struct MatchedTerm {
  std::string term;       // readable surface form ("recycling")
  std::string stem;       // indexed form ("recycl")
  float contribution = 0; // this term's share of the hit's score
  bool from_expansion = false;
};

struct SearchHit {
  int64_t doc_id = 0;
  float score = 0;
  std::vector<MatchedTerm> matched_terms;  // strongest first
};

struct SearchResponse {
  std::vector<SearchHit> hits;          // ranked, after offset/limit
  size_t total_matches = 0;             // documents with a positive score passing the filters
  size_t query_terms = 0;               // original terms used after df cut and cap
  std::vector<std::string> expansion_terms;  // surface forms added by feedback, strongest first
};

class Bm25Index {
 public:
  Bm25Index();  // empty: every search returns no hits
  ~Bm25Index();
  Bm25Index(Bm25Index&&) noexcept;
  Bm25Index& operator=(Bm25Index&&) noexcept;
  Bm25Index(const Bm25Index&) = delete;
  Bm25Index& operator=(const Bm25Index&) = delete;

  // Thread-safe. Invalid argument on limit 0 or an empty year range.
  Result<SearchResponse> Search(const SearchRequest& request) const;

  size_t doc_count() const;
  size_t term_count() const;
  double avg_doc_length() const;  // field-weighted tokens
  bool Contains(int64_t doc_id) const;
  // Statistics of an already-analysed stem (0 when absent), for tests and diagnostics.
  uint32_t DocFrequency(std::string_view stem) const;
  double Idf(std::string_view stem) const;  // ln(1 + (N - df + 0.5) / (df + 0.5))
  std::string SurfaceForm(std::string_view stem) const;  // most frequent word in the corpus
  // Heap bytes owned by the index (arrays and string tables).
  size_t MemoryBytes() const;
  const Bm25Options& options() const;

 private:
  friend class Bm25IndexBuilder;
  struct Data;
  explicit Bm25Index(std::unique_ptr<Data> data);
  std::unique_ptr<Data> data_;
};

class Bm25IndexBuilder {
 public:
  explicit Bm25IndexBuilder(Bm25Options options = {});
  ~Bm25IndexBuilder();
  Bm25IndexBuilder(Bm25IndexBuilder&&) noexcept;
  Bm25IndexBuilder& operator=(Bm25IndexBuilder&&) noexcept;

  // Analyses and adds one document. Invalid argument on a duplicate doc_id.
  Status Add(int64_t doc_id, const DocumentText& text, const DocumentMeta& meta = {});
  size_t size() const;
  // Freezes the collected documents into an index; the builder is left empty.
  Bm25Index Build();

 private:
  struct State;
  Bm25Options options_;
  std::unique_ptr<State> state_;
};

}  // namespace corridor::analytics
