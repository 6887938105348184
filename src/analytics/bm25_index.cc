#include "analytics/bm25_index.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "core/strings.h"

namespace corridor::analytics {

namespace {

struct SvHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <typename V>
using StringMap = std::unordered_map<std::string, V, SvHash, std::equal_to<>>;

std::string MetaKey(std::string_view s) { return strings::ToUpper(strings::Trim(s)); }

// A table of distinct metadata strings; id 0 is always "" (unknown).
struct Interner {
  std::vector<std::string> values{""};
  StringMap<uint32_t> ids{{"", 0}};
  uint32_t Intern(std::string_view raw) {
    std::string key = MetaKey(raw);
    auto it = ids.find(key);
    if (it != ids.end()) return it->second;
    uint32_t id = static_cast<uint32_t>(values.size());
    values.push_back(key);
    ids.emplace(std::move(key), id);
    return id;
  }
};

template <typename T>
size_t VecBytes(const std::vector<T>& v) { return v.capacity() * sizeof(T); }
size_t StringsBytes(const std::vector<std::string>& v) {
  size_t n = VecBytes(v);
  for (const auto& s : v) n += s.capacity() > 15 ? s.capacity() + 1 : 0;  // SSO strings own no heap
  return n;
}

float QtfSaturation(float qtf, float k3) { return (k3 + 1.0f) * qtf / (k3 + qtf); }

}  // namespace

// ---------------------------------------------------------------------------------------------
// Index data: flat arrays only (CSR postings and forward lists), so memory is predictable and
// the scoring loop touches contiguous memory.

struct Bm25Index::Data {
  Bm25Options options;
  uint32_t n_docs = 0;
  double avgdl = 0;

  // Terms, sorted by stem so a lookup is a binary search (no hash table overhead).
  std::string term_chars;
  std::vector<uint32_t> term_offsets{0};  // T+1
  std::string surface_chars;
  std::vector<uint32_t> surface_offsets{0};  // T+1
  std::vector<float> idf;                    // T

  // Inverted index: term -> (doc index, weighted tf), doc indexes ascending.
  std::vector<uint64_t> post_offsets{0};  // T+1
  std::vector<uint32_t> post_docs;
  std::vector<uint16_t> post_tfs;

  // Forward index: doc -> (term, weighted tf), term ids ascending. Feeds expansion and
  // the per-hit matched terms without re-reading any text.
  std::vector<uint64_t> fwd_offsets{0};  // N+1
  std::vector<uint32_t> fwd_terms;
  std::vector<uint16_t> fwd_tfs;

  // Per document.
  std::vector<int64_t> doc_ids;
  std::vector<uint32_t> id_order;  // doc indexes sorted by doc id
  std::vector<float> norm;         // k1 * (1 - b + b * dl / avgdl), precomputed for scoring
  std::vector<uint16_t> programme;
  std::vector<uint16_t> status;
  std::vector<uint32_t> topic;
  std::vector<int16_t> start_year;
  std::vector<uint32_t> country_offsets{0};  // N+1
  std::vector<uint16_t> countries;

  std::vector<std::string> programme_values, status_values, topic_values, country_values;

  size_t term_count() const { return term_offsets.size() - 1; }
  std::string_view TermAt(uint32_t t) const {
    return std::string_view(term_chars).substr(term_offsets[t], term_offsets[t + 1] - term_offsets[t]);
  }
  std::string_view SurfaceAt(uint32_t t) const {
    return std::string_view(surface_chars)
        .substr(surface_offsets[t], surface_offsets[t + 1] - surface_offsets[t]);
  }
  uint32_t Df(uint32_t t) const { return static_cast<uint32_t>(post_offsets[t + 1] - post_offsets[t]); }
  std::optional<uint32_t> FindTerm(std::string_view stem) const {
    size_t lo = 0, hi = term_count();
    while (lo < hi) {
      size_t mid = (lo + hi) / 2;
      if (TermAt(static_cast<uint32_t>(mid)) < stem) lo = mid + 1;
      else hi = mid;
    }
    if (lo < term_count() && TermAt(static_cast<uint32_t>(lo)) == stem) return static_cast<uint32_t>(lo);
    return std::nullopt;
  }
  std::optional<uint32_t> FindDoc(int64_t doc_id) const {
    auto it = std::lower_bound(id_order.begin(), id_order.end(), doc_id,
                               [&](uint32_t d, int64_t id) { return doc_ids[d] < id; });
    if (it != id_order.end() && doc_ids[*it] == doc_id) return *it;
    return std::nullopt;
  }
};

// ---------------------------------------------------------------------------------------------
// Builder

namespace {
// Append-only (term, tf) log of every document in insertion order, in fixed-size chunks: no
// per-term vectors (malloc churn, growth slack) and no 2x copy when a huge vector grows.
// Build() counting-sorts it into the CSR postings, so the build peak is about log + index.
class PostingLog {
 public:
  static constexpr size_t kChunk = size_t{1} << 20;
  void Append(uint32_t term, uint16_t tf) {
    if (chunks_.empty() || chunks_.back().terms.size() == kChunk) {
      chunks_.emplace_back();
      chunks_.back().terms.reserve(kChunk);
      chunks_.back().tfs.reserve(kChunk);
    }
    chunks_.back().terms.push_back(term);
    chunks_.back().tfs.push_back(tf);
    ++size_;
  }
  size_t size() const { return size_; }
  // Calls fn(term, tf) in insertion order, releasing each chunk once read.
  template <typename Fn>
  void Drain(Fn fn) {
    for (auto& c : chunks_) {
      for (size_t i = 0; i < c.terms.size(); ++i) fn(c.terms[i], c.tfs[i]);
      std::vector<uint32_t>().swap(c.terms);
      std::vector<uint16_t>().swap(c.tfs);
    }
    chunks_.clear();
    size_ = 0;
  }

 private:
  struct Chunk {
    std::vector<uint32_t> terms;
    std::vector<uint16_t> tfs;
  };
  std::vector<Chunk> chunks_;
  size_t size_ = 0;
};
struct SurfaceCount {
  uint32_t term;
  uint32_t count;
};
constexpr uint32_t kNoTerm = std::numeric_limits<uint32_t>::max();
// Builder state per analyzer token (distinct surface word): its term and occurrence count.
struct TokenState {
  uint32_t term = kNoTerm;
  uint32_t count = 0;
};
}  // namespace

struct Bm25IndexBuilder::State {
  explicit State(const TextAnalyzerOptions& o) : analyzer(BuilderAnalyzerOptions(o)) {}
  static TextAnalyzerOptions BuilderAnalyzerOptions(TextAnalyzerOptions o) {
    // The corpus vocabulary is what it is: clearing the cache mid-build only costs time.
    o.max_cache_entries = 20'000'000;
    return o;
  }
  TextAnalyzer analyzer;
  StringMap<uint32_t> term_ids;
  std::vector<std::string> terms;  // provisional id -> stem
  PostingLog log;              // (provisional term, tf) per document, documents in order
  std::vector<uint32_t> df;    // provisional term id -> document frequency
  // Per analyzer token id: the analyzer's own cache lookup is the only hash probe per token.
  std::vector<TokenState> tokens;
  std::vector<std::string> token_surface;
  uint64_t epoch = 0;
  // Surface word -> term and count, filled from `tokens` when the analyzer cache is reset.
  StringMap<SurfaceCount> surfaces;

  void FlushTokens() {
    for (size_t i = 0; i < tokens.size(); ++i) {
      if (tokens[i].term == kNoTerm) continue;
      auto [it, fresh] = surfaces.try_emplace(token_surface[i], SurfaceCount{tokens[i].term, 0});
      it->second.count += tokens[i].count;
    }
    tokens.clear();
    token_surface.clear();
  }

  std::vector<int64_t> doc_ids;
  std::unordered_set<int64_t> seen_ids;
  std::vector<double> doc_len;
  std::vector<uint32_t> unique_terms;  // per doc: its run length in `log`
  std::vector<uint16_t> programme, status;
  std::vector<uint32_t> topic;
  std::vector<int16_t> start_year;
  std::vector<uint32_t> country_offsets{0};
  std::vector<uint16_t> countries;
  Interner programmes, statuses, topics, country_table;

  std::vector<float> tf_scratch;  // provisional term id -> weighted tf of the current doc
  std::vector<uint32_t> touched;
};

Bm25IndexBuilder::Bm25IndexBuilder(Bm25Options options)
    : options_(std::move(options)), state_(std::make_unique<State>(options_.analyzer)) {}
Bm25IndexBuilder::~Bm25IndexBuilder() = default;
Bm25IndexBuilder::Bm25IndexBuilder(Bm25IndexBuilder&&) noexcept = default;
Bm25IndexBuilder& Bm25IndexBuilder::operator=(Bm25IndexBuilder&&) noexcept = default;

size_t Bm25IndexBuilder::size() const { return state_->doc_ids.size(); }

Status Bm25IndexBuilder::Add(int64_t doc_id, const DocumentText& text, const DocumentMeta& meta) {
  State& s = *state_;
  if (s.doc_ids.size() >= std::numeric_limits<uint32_t>::max() - 1)
    return Status::TooLarge("bm25 index: too many documents");
  // Metadata ids are 16-bit; checked before anything is added so a refusal leaves no trace.
  constexpr size_t kMaxValues = 65535 - 16;
  if (s.programmes.values.size() > kMaxValues || s.statuses.values.size() > kMaxValues ||
      s.country_table.values.size() + meta.countries.size() > kMaxValues)
    return Status::TooLarge("bm25 index: too many distinct programme, status or country values");
  if (!s.seen_ids.insert(doc_id).second)
    return Status::Invalid("bm25 index: duplicate document id " + std::to_string(doc_id));

  double len = 0;
  auto add_field = [&](std::string_view field, float weight) {
    if (field.empty() || weight <= 0) return;
    s.analyzer.ForEachTokenId(field, [&](uint32_t token, std::string_view stem, std::string_view surface) {
      if (s.analyzer.cache_epoch() != s.epoch) {  // token ids were reassigned
        s.FlushTokens();
        s.epoch = s.analyzer.cache_epoch();
      }
      if (token >= s.tokens.size()) {
        s.tokens.resize(std::max<size_t>(token + 1, s.tokens.size() * 2));
        s.token_surface.resize(s.tokens.size());
      }
      TokenState& ts = s.tokens[token];
      if (ts.term == kNoTerm) {
        auto tit = s.term_ids.find(stem);
        if (tit == s.term_ids.end()) {
          ts.term = static_cast<uint32_t>(s.terms.size());
          s.terms.emplace_back(stem);
          s.df.push_back(0);
          s.tf_scratch.push_back(0);
          s.term_ids.emplace(std::string(stem), ts.term);
        } else {
          ts.term = tit->second;
        }
        s.token_surface[token] = std::string(surface);
      }
      ++ts.count;
      const uint32_t term = ts.term;
      if (s.tf_scratch[term] == 0) s.touched.push_back(term);
      s.tf_scratch[term] += weight;
      len += weight;
    });
  };
  add_field(text.title, options_.weights.title);
  add_field(text.keywords, options_.weights.keywords);
  add_field(text.objective, options_.weights.objective);
  add_field(text.topic_title, options_.weights.topic_title);

  for (uint32_t term : s.touched) {
    // Weighted tf rounded to an integer: exact for the default integer field weights.
    float w = std::round(s.tf_scratch[term]);
    uint16_t tf = static_cast<uint16_t>(std::clamp(w, 1.0f, 65535.0f));
    s.log.Append(term, tf);
    ++s.df[term];
    s.tf_scratch[term] = 0;
  }
  s.unique_terms.push_back(static_cast<uint32_t>(s.touched.size()));
  s.touched.clear();

  s.doc_ids.push_back(doc_id);
  s.doc_len.push_back(len);
  s.programme.push_back(static_cast<uint16_t>(s.programmes.Intern(meta.programme)));
  s.status.push_back(static_cast<uint16_t>(s.statuses.Intern(meta.status)));
  s.topic.push_back(s.topics.Intern(meta.topic_code));
  s.start_year.push_back(static_cast<int16_t>(
      meta.start_year > 0 && meta.start_year < std::numeric_limits<int16_t>::max() ? meta.start_year : 0));
  std::vector<uint16_t> cs;
  for (const auto& c : meta.countries) {
    uint32_t id = s.country_table.Intern(c);
    if (id != 0 && std::find(cs.begin(), cs.end(), id) == cs.end()) cs.push_back(static_cast<uint16_t>(id));
  }
  s.countries.insert(s.countries.end(), cs.begin(), cs.end());
  s.country_offsets.push_back(static_cast<uint32_t>(s.countries.size()));
  return Status::Ok();
}

Bm25Index Bm25IndexBuilder::Build() {
  std::unique_ptr<State> s = std::move(state_);
  state_ = std::make_unique<State>(options_.analyzer);
  auto d = std::make_unique<Bm25Index::Data>();
  d->options = options_;
  d->n_docs = static_cast<uint32_t>(s->doc_ids.size());
  const size_t T = s->terms.size();
  const uint32_t N = d->n_docs;

  // Renumber terms in stem order.
  std::vector<uint32_t> by_stem(T);
  for (uint32_t i = 0; i < T; ++i) by_stem[i] = i;
  std::sort(by_stem.begin(), by_stem.end(), [&](uint32_t a, uint32_t b) { return s->terms[a] < s->terms[b]; });

  // Best surface form per term. Token state is read directly unless the analyzer cache was
  // ever reset (then counts of one word may be split across both and must be merged first).
  if (!s->surfaces.empty()) s->FlushTokens();
  std::vector<const std::string*> best_surface(T, nullptr);
  std::vector<uint32_t> best_count(T, 0);
  auto consider = [&](const std::string& surface, uint32_t term, uint32_t count) {
    if (!best_surface[term] || BetterSurface(surface, count, *best_surface[term], best_count[term])) {
      best_surface[term] = &surface;
      best_count[term] = count;
    }
  };
  for (const auto& [surface, sc] : s->surfaces) consider(surface, sc.term, sc.count);
  for (size_t i = 0; i < s->tokens.size(); ++i)
    if (s->tokens[i].term != kNoTerm) consider(s->token_surface[i], s->tokens[i].term, s->tokens[i].count);

  // Term tables, idf and postings offsets in stem order.
  const size_t total_postings = s->log.size();
  std::vector<uint32_t> remap(T);
  d->term_offsets.reserve(T + 1);
  d->surface_offsets.reserve(T + 1);
  d->post_offsets.reserve(T + 1);
  d->idf.reserve(T);
  for (uint32_t i = 0; i < T; ++i) {
    uint32_t old = by_stem[i];
    remap[old] = i;
    d->term_chars += s->terms[old];
    d->term_offsets.push_back(static_cast<uint32_t>(d->term_chars.size()));
    d->surface_chars += best_surface[old] ? *best_surface[old] : s->terms[old];
    d->surface_offsets.push_back(static_cast<uint32_t>(d->surface_chars.size()));
    double df = s->df[old];
    d->idf.push_back(static_cast<float>(std::log(1.0 + (N - df + 0.5) / (df + 0.5))));
    d->post_offsets.push_back(d->post_offsets.back() + s->df[old]);
  }
  d->term_chars.shrink_to_fit();
  d->surface_chars.shrink_to_fit();

  // Counting sort of the log into postings: documents arrive in order, so every postings
  // list comes out sorted by document.
  d->post_docs.resize(total_postings);
  d->post_tfs.resize(total_postings);
  {
    std::vector<uint64_t> cursor(d->post_offsets.begin(), d->post_offsets.end() - 1);
    uint32_t doc = 0, left = N ? s->unique_terms[0] : 0;
    s->log.Drain([&](uint32_t old_term, uint16_t tf) {
      while (left == 0) left = s->unique_terms[++doc];
      uint64_t c = cursor[remap[old_term]]++;
      d->post_docs[c] = doc;
      d->post_tfs[c] = tf;
      --left;
    });
  }

  // Forward lists by transposing the postings: walking terms in id order appends each
  // doc's terms already sorted, with no per-document sort.
  d->fwd_offsets.resize(N + 1);
  d->fwd_offsets[0] = 0;
  for (uint32_t doc = 0; doc < N; ++doc) d->fwd_offsets[doc + 1] = d->fwd_offsets[doc] + s->unique_terms[doc];
  d->fwd_terms.resize(total_postings);
  d->fwd_tfs.resize(total_postings);
  {
    std::vector<uint64_t> cursor(d->fwd_offsets.begin(), d->fwd_offsets.end() - 1);
    for (uint32_t t = 0; t < T; ++t) {
      for (uint64_t k = d->post_offsets[t]; k < d->post_offsets[t + 1]; ++k) {
        uint64_t& c = cursor[d->post_docs[k]];
        d->fwd_terms[c] = t;
        d->fwd_tfs[c] = d->post_tfs[k];
        ++c;
      }
    }
  }

  double total_len = 0;
  for (double l : s->doc_len) total_len += l;
  d->avgdl = N ? total_len / N : 0;
  const double k1 = options_.k1, b = options_.b;
  d->norm.resize(N);
  for (uint32_t doc = 0; doc < N; ++doc) {
    double rel = d->avgdl > 0 ? s->doc_len[doc] / d->avgdl : 1.0;
    d->norm[doc] = static_cast<float>(k1 * (1.0 - b + b * rel));
  }

  d->doc_ids = std::move(s->doc_ids);
  d->id_order.resize(N);
  for (uint32_t i = 0; i < N; ++i) d->id_order[i] = i;
  std::sort(d->id_order.begin(), d->id_order.end(),
            [&](uint32_t a, uint32_t c) { return d->doc_ids[a] < d->doc_ids[c]; });
  d->programme = std::move(s->programme);
  d->status = std::move(s->status);
  d->topic = std::move(s->topic);
  d->start_year = std::move(s->start_year);
  d->country_offsets = std::move(s->country_offsets);
  d->countries = std::move(s->countries);
  d->programme_values = std::move(s->programmes.values);
  d->status_values = std::move(s->statuses.values);
  d->topic_values = std::move(s->topics.values);
  d->country_values = std::move(s->country_table.values);
  return Bm25Index(std::move(d));
}

// ---------------------------------------------------------------------------------------------
// Index

Bm25Index::Bm25Index() : data_(std::make_unique<Data>()) {}
Bm25Index::Bm25Index(std::unique_ptr<Data> data) : data_(std::move(data)) {}
Bm25Index::~Bm25Index() = default;
Bm25Index::Bm25Index(Bm25Index&&) noexcept = default;
Bm25Index& Bm25Index::operator=(Bm25Index&&) noexcept = default;

size_t Bm25Index::doc_count() const { return data_ ? data_->n_docs : 0; }
size_t Bm25Index::term_count() const { return data_ ? data_->term_count() : 0; }
double Bm25Index::avg_doc_length() const { return data_ ? data_->avgdl : 0; }
const Bm25Options& Bm25Index::options() const {
  static const Bm25Options kDefault;
  return data_ ? data_->options : kDefault;
}
bool Bm25Index::Contains(int64_t doc_id) const { return data_ && data_->FindDoc(doc_id).has_value(); }

uint32_t Bm25Index::DocFrequency(std::string_view stem) const {
  if (!data_) return 0;
  auto t = data_->FindTerm(stem);
  return t ? data_->Df(*t) : 0;
}

double Bm25Index::Idf(std::string_view stem) const {
  if (!data_) return 0;
  auto t = data_->FindTerm(stem);
  return t ? data_->idf[*t] : 0;
}

std::string Bm25Index::SurfaceForm(std::string_view stem) const {
  if (!data_) return std::string(stem);
  auto t = data_->FindTerm(stem);
  return t ? std::string(data_->SurfaceAt(*t)) : std::string(stem);
}

size_t Bm25Index::MemoryBytes() const {
  if (!data_) return 0;
  const Data& d = *data_;
  return sizeof(Data) + d.term_chars.capacity() + d.surface_chars.capacity() + VecBytes(d.term_offsets) +
         VecBytes(d.surface_offsets) + VecBytes(d.idf) + VecBytes(d.post_offsets) + VecBytes(d.post_docs) +
         VecBytes(d.post_tfs) + VecBytes(d.fwd_offsets) + VecBytes(d.fwd_terms) + VecBytes(d.fwd_tfs) +
         VecBytes(d.doc_ids) + VecBytes(d.id_order) + VecBytes(d.norm) + VecBytes(d.programme) +
         VecBytes(d.status) + VecBytes(d.topic) + VecBytes(d.start_year) + VecBytes(d.country_offsets) +
         VecBytes(d.countries) + StringsBytes(d.programme_values) + StringsBytes(d.status_values) +
         StringsBytes(d.topic_values) + StringsBytes(d.country_values);
}

namespace {

// Per-thread buffers reused across searches (and across indexes: they are resized per call).
// The analyzer lives here because Snowball stemmers are not thread-safe.
struct Scratch {
  std::vector<float> acc;
  std::vector<uint8_t> allowed;
  std::vector<std::pair<float, uint32_t>> candidates;
  std::unique_ptr<TextAnalyzer> analyzer;
  TextAnalyzerOptions analyzer_options;  // as requested (the analyzer clamps its own copy)
};

Scratch& LocalScratch() {
  thread_local Scratch scratch;
  return scratch;
}

TextAnalyzer& ScratchAnalyzer(Scratch& s, const TextAnalyzerOptions& o) {
  if (!s.analyzer || !(s.analyzer_options == o)) {
    s.analyzer = std::make_unique<TextAnalyzer>(o);
    s.analyzer_options = o;
  }
  return *s.analyzer;
}

struct QueryTerm {
  uint32_t term;
  float weight;
  bool expansion;
};

// Blank entries ("Any" in a form) do not make a filter.
bool HasValues(const std::vector<std::string>& v) {
  return std::any_of(v.begin(), v.end(), [](const std::string& s) { return !MetaKey(s).empty(); });
}

// Table values allowed by a filter list (already upper-cased in the table).
std::vector<uint8_t> AllowedValues(const std::vector<std::string>& table, const std::vector<std::string>& wanted) {
  std::vector<uint8_t> allowed(table.size(), 0);
  for (const auto& w : wanted) {
    std::string key = MetaKey(w);
    if (key.empty()) continue;
    for (size_t i = 1; i < table.size(); ++i)
      if (table[i] == key) allowed[i] = 1;
  }
  return allowed;
}

}  // namespace

Result<SearchResponse> Bm25Index::Search(const SearchRequest& req) const {
  if (req.limit == 0) return Status::Invalid("limit must be at least 1");
  const SearchFilters& f = req.filters;
  if (f.start_year_min && f.start_year_max && *f.start_year_min > *f.start_year_max)
    return Status::Invalid("start year range is empty (from > to)");
  SearchResponse resp;
  if (!data_ || data_->n_docs == 0) return resp;
  const Data& d = *data_;
  const Bm25Options& o = d.options;
  const QueryOptions& qo = o.query;
  const uint32_t N = d.n_docs;
  const float k1p1 = o.k1 + 1.0f;
  Scratch& sc = LocalScratch();

  // 1. Focal text -> field-weighted query term frequencies and the focal words as written.
  TextAnalyzer& analyzer = ScratchAnalyzer(sc, o.analyzer);
  std::map<std::string, float, std::less<>> qtf;
  SurfaceForms focal_forms;
  auto add_field = [&](std::string_view text, float weight) {
    if (text.empty() || weight <= 0) return;
    analyzer.ForEachToken(text, [&](std::string_view stem, std::string_view surface) {
      auto it = qtf.find(stem);
      if (it == qtf.end()) it = qtf.emplace(std::string(stem), 0.0f).first;
      it->second += weight;
      focal_forms.Add(stem, surface);
    });
  };
  add_field(req.title, o.weights.title);
  add_field(req.keywords, o.weights.keywords);
  add_field(req.objective, o.weights.objective);

  // 2. Weight = saturated qtf x idf; drop near-ubiquitous terms; keep the strongest ones.
  const double max_df = static_cast<double>(qo.max_df_ratio) * N;
  std::vector<uint32_t> focal_terms;  // every focal term known to the index (sorted later)
  std::vector<QueryTerm> query;
  for (const auto& [stem, tf] : qtf) {
    auto t = d.FindTerm(stem);
    if (!t) continue;
    focal_terms.push_back(*t);
    if (d.Df(*t) > max_df) continue;
    query.push_back({*t, d.idf[*t] * QtfSaturation(tf, qo.qtf_k3), false});
  }
  std::sort(focal_terms.begin(), focal_terms.end());
  std::sort(query.begin(), query.end(), [](const QueryTerm& a, const QueryTerm& b) {
    return a.weight != b.weight ? a.weight > b.weight : a.term < b.term;
  });
  if (query.size() > qo.max_query_terms) query.resize(qo.max_query_terms);
  resp.query_terms = query.size();
  if (query.empty()) return resp;

  // 3. Term-at-a-time accumulation into a dense per-thread array.
  std::vector<float>& acc = sc.acc;
  acc.assign(N, 0.0f);
  const float* norm = d.norm.data();
  auto accumulate = [&](const QueryTerm& q) {
    const float wk = q.weight * k1p1;
    const uint32_t* docs = d.post_docs.data();
    const uint16_t* tfs = d.post_tfs.data();
    float* a = acc.data();
    for (uint64_t i = d.post_offsets[q.term], e = d.post_offsets[q.term + 1]; i < e; ++i) {
      const float tf = tfs[i];
      const uint32_t doc = docs[i];
      a[doc] += wk * tf / (tf + norm[doc]);
    }
  };
  for (const auto& q : query) accumulate(q);

  // 4. Filters and exclusions resolved once into a per-doc mask.
  const bool any_filter = HasValues(f.programmes) || HasValues(f.statuses) || f.start_year_min ||
                          f.start_year_max || !MetaKey(f.topic_prefix).empty() || HasValues(f.countries);
  const bool use_mask = any_filter || !req.exclude_doc_ids.empty();
  if (use_mask) {
    std::vector<uint8_t>& allowed = sc.allowed;
    allowed.assign(N, 1);
    if (any_filter) {
      std::vector<uint8_t> prog_ok, status_ok, topic_ok, country_ok;
      if (HasValues(f.programmes)) prog_ok = AllowedValues(d.programme_values, f.programmes);
      if (HasValues(f.statuses)) status_ok = AllowedValues(d.status_values, f.statuses);
      if (HasValues(f.countries)) country_ok = AllowedValues(d.country_values, f.countries);
      std::string prefix = MetaKey(f.topic_prefix);
      if (!prefix.empty()) {
        topic_ok.assign(d.topic_values.size(), 0);
        for (size_t i = 1; i < d.topic_values.size(); ++i)
          topic_ok[i] = strings::StartsWith(d.topic_values[i], prefix) ? 1 : 0;
      }
      const int ymin = f.start_year_min.value_or(std::numeric_limits<int>::min());
      const int ymax = f.start_year_max.value_or(std::numeric_limits<int>::max());
      const bool year_filter = f.start_year_min || f.start_year_max;
      for (uint32_t doc = 0; doc < N; ++doc) {
        bool ok = (prog_ok.empty() || prog_ok[d.programme[doc]]) &&
                  (status_ok.empty() || status_ok[d.status[doc]]) &&
                  (topic_ok.empty() || topic_ok[d.topic[doc]]);
        if (ok && year_filter) {
          int y = d.start_year[doc];
          ok = y != 0 && y >= ymin && y <= ymax;
        }
        if (ok && !country_ok.empty()) {
          ok = false;
          for (uint32_t k = d.country_offsets[doc]; k < d.country_offsets[doc + 1] && !ok; ++k)
            ok = country_ok[d.countries[k]] != 0;
        }
        allowed[doc] = ok ? 1 : 0;
      }
    }
    for (int64_t id : req.exclude_doc_ids)
      if (auto doc = d.FindDoc(id)) allowed[*doc] = 0;
  }

  std::vector<std::pair<float, uint32_t>>& cand = sc.candidates;
  auto collect = [&] {
    cand.clear();
    const uint8_t* allowed = use_mask ? sc.allowed.data() : nullptr;
    for (uint32_t doc = 0; doc < N; ++doc)
      if (acc[doc] > 0 && (!allowed || allowed[doc])) cand.emplace_back(acc[doc], doc);
  };
  // Score descending, then doc id ascending: a total order, so results are reproducible.
  auto better = [&](const std::pair<float, uint32_t>& a, const std::pair<float, uint32_t>& b) {
    return a.first != b.first ? a.first > b.first : d.doc_ids[a.second] < d.doc_ids[b.second];
  };
  collect();

  // 5. Pseudo-relevance feedback: the Rocchio centroid of the top documents (BM25 term
  // weights) suggests terms the focal text did not use; they are added with a lower weight.
  // Original weights are unchanged, so the second pass only adds the new terms' postings.
  if (req.expansion && qo.expansion_terms > 0 && qo.feedback_docs > 0 && !cand.empty()) {
    size_t fb = std::min(qo.feedback_docs, cand.size());
    std::partial_sort(cand.begin(), cand.begin() + fb, cand.end(), better);
    std::vector<std::pair<uint32_t, float>> contrib;
    for (size_t i = 0; i < fb; ++i) {
      uint32_t doc = cand[i].second;
      for (uint64_t k = d.fwd_offsets[doc]; k < d.fwd_offsets[doc + 1]; ++k) {
        uint32_t t = d.fwd_terms[k];
        if (d.Df(t) > max_df || std::binary_search(focal_terms.begin(), focal_terms.end(), t)) continue;
        float tf = d.fwd_tfs[k];
        contrib.emplace_back(t, d.idf[t] * k1p1 * tf / (tf + norm[doc]));
      }
    }
    std::sort(contrib.begin(), contrib.end());
    struct Candidate {
      uint32_t term;
      float sum;
    };
    std::vector<Candidate> pool;
    for (size_t i = 0; i < contrib.size();) {
      size_t j = i;
      float sum = 0;
      while (j < contrib.size() && contrib[j].first == contrib[i].first) sum += contrib[j++].second;
      if (j - i >= qo.min_feedback_doc_freq) pool.push_back({contrib[i].first, sum});
      i = j;
    }
    std::sort(pool.begin(), pool.end(), [](const Candidate& a, const Candidate& b) {
      return a.sum != b.sum ? a.sum > b.sum : a.term < b.term;
    });
    if (pool.size() > qo.expansion_terms) pool.resize(qo.expansion_terms);
    for (const auto& c : pool) {
      QueryTerm q{c.term, qo.expansion_weight * c.sum / static_cast<float>(fb), true};
      query.push_back(q);
      accumulate(q);
      resp.expansion_terms.emplace_back(d.SurfaceAt(c.term));
    }
    if (!pool.empty()) collect();
  }

  // 6. Top-k of the requested page.
  resp.total_matches = cand.size();
  if (req.offset >= cand.size()) return resp;
  size_t end = req.offset + std::min(req.limit, cand.size() - req.offset);  // no overflow
  std::partial_sort(cand.begin(), cand.begin() + end, cand.end(), better);

  // 7. Matched terms: merge each hit's forward list with the query sorted by term id.
  std::vector<QueryTerm> by_term = query;
  std::sort(by_term.begin(), by_term.end(), [](const QueryTerm& a, const QueryTerm& b) { return a.term < b.term; });
  std::vector<std::pair<float, size_t>> parts;
  for (size_t r = req.offset; r < end; ++r) {
    uint32_t doc = cand[r].second;
    SearchHit hit;
    hit.doc_id = d.doc_ids[doc];
    hit.score = cand[r].first;
    parts.clear();
    uint64_t k = d.fwd_offsets[doc], ke = d.fwd_offsets[doc + 1];
    size_t q = 0;
    while (k < ke && q < by_term.size()) {
      if (d.fwd_terms[k] < by_term[q].term) ++k;
      else if (d.fwd_terms[k] > by_term[q].term) ++q;
      else {
        float tf = d.fwd_tfs[k];
        parts.emplace_back(by_term[q].weight * k1p1 * tf / (tf + norm[doc]), q);
        ++k;
        ++q;
      }
    }
    size_t n = std::min(parts.size(), qo.matched_terms_per_hit);
    std::partial_sort(parts.begin(), parts.begin() + n, parts.end(), [&](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : by_term[a.second].term < by_term[b.second].term;
    });
    for (size_t i = 0; i < n; ++i) {
      const QueryTerm& qt = by_term[parts[i].second];
      MatchedTerm m;
      m.stem = std::string(d.TermAt(qt.term));
      // Original terms read as the focal text wrote them; expansion terms as the corpus does.
      m.term = qt.expansion || focal_forms.empty() ? std::string(d.SurfaceAt(qt.term)) : focal_forms.Best(m.stem);
      m.contribution = parts[i].first;
      m.from_expansion = qt.expansion;
      hit.matched_terms.push_back(std::move(m));
    }
    resp.hits.push_back(std::move(hit));
  }
  return resp;
}

}  // namespace corridor::analytics
