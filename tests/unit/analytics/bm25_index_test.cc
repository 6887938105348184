#include "analytics/bm25_index.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace corridor::analytics {
namespace {

struct Doc {
  int64_t id;
  std::string title;
  std::string objective;
  std::string keywords = "";
  std::string topic_title = "";
  DocumentMeta meta = {};
};

Bm25Index BuildIndex(const std::vector<Doc>& docs, const Bm25Options& options = {}) {
  Bm25IndexBuilder b(options);
  for (const auto& d : docs) {
    Status st = b.Add(d.id, {d.title, d.objective, d.keywords, d.topic_title}, d.meta);
    EXPECT_TRUE(st.ok()) << st.message();
  }
  return b.Build();
}

Bm25Options NoDfCut() {
  Bm25Options o;
  o.query.max_df_ratio = 1.0f;  // tiny corpora: every term is in a large share of documents
  return o;
}

SearchResponse RunSearch(const Bm25Index& index, SearchRequest req) {
  auto r = index.Search(req);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? std::move(r).value() : SearchResponse{};
}

std::vector<int64_t> Ids(const SearchResponse& r) {
  std::vector<int64_t> ids;
  for (const auto& h : r.hits) ids.push_back(h.doc_id);
  return ids;
}

std::set<int64_t> IdSet(const SearchResponse& r) {
  auto v = Ids(r);
  return {v.begin(), v.end()};
}

SearchRequest Query(std::string objective, bool expansion = false) {
  SearchRequest q;
  q.objective = std::move(objective);
  q.expansion = expansion;
  q.limit = 100;
  return q;
}

// ---- scoring -------------------------------------------------------------------------------

// Three documents, objective field only (weight 1): lengths 3, 2, 4; avgdl = 3.
std::vector<Doc> ThreeDocs() {
  return {{1, "", "magnet magnet alloy"}, {2, "", "alloy steel"}, {3, "", "steel furnace furnace furnace"}};
}

TEST(Bm25IndexTest, ScoreMatchesHandComputedBm25) {
  Bm25Index index = BuildIndex(ThreeDocs(), NoDfCut());
  ASSERT_EQ(index.doc_count(), 3u);
  EXPECT_DOUBLE_EQ(index.avg_doc_length(), 3.0);

  // "magnet": df 1 of N 3 -> idf = ln(1 + 2.5/1.5). Doc 1: tf 2, dl 3 = avgdl, k1 1.2, b 0.75:
  // idf * 2.2 * 2 / (2 + 1.2 * (0.25 + 0.75 * 3/3)) = idf * 4.4 / 3.2.
  const double idf_magnet = std::log(1.0 + 2.5 / 1.5);
  EXPECT_NEAR(index.Idf("magnet"), idf_magnet, 1e-6);
  SearchResponse r = RunSearch(index, Query("magnet"));
  ASSERT_EQ(r.hits.size(), 1u);
  EXPECT_EQ(r.hits[0].doc_id, 1);
  EXPECT_NEAR(r.hits[0].score, idf_magnet * 4.4 / 3.2, 1e-5);  // 1.348641

  // "alloy steel": both df 2 -> idf = ln(1 + 1.5/2.5). Doc 2: tf 1 each, dl 2:
  // norm = 1.2 * (0.25 + 0.75 * 2/3) = 0.9; each term idf * 2.2 / 1.9.
  const double idf2 = std::log(1.0 + 1.5 / 2.5);
  r = RunSearch(index, Query("alloy steel"));
  ASSERT_EQ(r.hits.size(), 3u);
  EXPECT_EQ(r.hits[0].doc_id, 2);
  EXPECT_NEAR(r.hits[0].score, 2 * idf2 * 2.2 / 1.9, 1e-5);  // 1.088421
  // Doc 1: alloy tf 1, dl 3 -> idf * 2.2 / 2.2. Doc 3: steel tf 1, dl 4 -> norm 1.2*(0.25+1) = 1.5.
  EXPECT_EQ(r.hits[1].doc_id, 1);
  EXPECT_NEAR(r.hits[1].score, idf2 * 2.2 / 2.2, 1e-5);
  EXPECT_EQ(r.hits[2].doc_id, 3);
  EXPECT_NEAR(r.hits[2].score, idf2 * 2.2 / 2.5, 1e-5);
  EXPECT_EQ(r.total_matches, 3u);

  // Matched-term contributions add up to the score.
  float sum = 0;
  for (const auto& m : r.hits[0].matched_terms) sum += m.contribution;
  EXPECT_NEAR(sum, r.hits[0].score, 1e-5);
}

TEST(Bm25IndexTest, QueryTermFrequencyIsSaturated) {
  Bm25Index index = BuildIndex(ThreeDocs(), NoDfCut());
  double once = RunSearch(index, Query("magnet")).hits[0].score;
  double thrice = RunSearch(index, Query("magnet magnet magnet")).hits[0].score;
  // (k3 + 1) * 3 / (k3 + 3) with k3 = 1.5 -> 2.5 * 3 / 4.5 = 1.6667x, not 3x.
  EXPECT_NEAR(thrice / once, 2.5 * 3 / 4.5, 1e-4);
}

TEST(Bm25IndexTest, IdfOrdersRareAboveCommon) {
  std::vector<Doc> docs = {{1, "", "cobalt nickel"}, {2, "", "nickel alpha"}, {3, "", "nickel beta"},
                           {4, "", "gamma delta"}};
  Bm25Index index = BuildIndex(docs, NoDfCut());
  EXPECT_EQ(index.DocFrequency("cobalt"), 1u);
  EXPECT_EQ(index.DocFrequency("nickel"), 3u);
  EXPECT_EQ(index.DocFrequency("absent"), 0u);
  EXPECT_GT(index.Idf("cobalt"), index.Idf("nickel"));
  EXPECT_GT(index.Idf("nickel"), 0.0);
  // Doc 1 matches both terms, doc 2 and 3 only the common one.
  SearchResponse r = RunSearch(index, Query("cobalt nickel"));
  ASSERT_EQ(r.hits.size(), 3u);
  EXPECT_EQ(r.hits[0].doc_id, 1);
  ASSERT_GE(r.hits[0].matched_terms.size(), 2u);
  EXPECT_EQ(r.hits[0].matched_terms[0].term, "cobalt");  // the rarer term contributes most
}

TEST(Bm25IndexTest, TitleWeighsMoreThanObjective) {
  std::vector<Doc> docs = {{1, "", "magnet alpha beta gamma"}, {2, "magnet", "alpha beta gamma"},
                           {3, "", "delta epsilon"}};
  Bm25Index index = BuildIndex(docs, NoDfCut());
  SearchResponse r = RunSearch(index, Query("magnet"));
  ASSERT_EQ(r.hits.size(), 2u);
  EXPECT_EQ(r.hits[0].doc_id, 2);
}

TEST(Bm25IndexTest, DropsUbiquitousTermsAndCapsQueryLength) {
  std::vector<Doc> docs;
  for (int i = 0; i < 10; ++i) docs.push_back({i + 1, "", "magnet word" + std::string(1, char('a' + i))});
  Bm25Index index = BuildIndex(docs);  // default: terms in > 40% of documents are dropped
  SearchResponse r = RunSearch(index, Query("magnet"));
  EXPECT_EQ(r.query_terms, 0u);
  EXPECT_TRUE(r.hits.empty());

  Bm25Options o;
  o.query.max_query_terms = 2;
  Bm25Index capped = BuildIndex(docs, o);
  r = RunSearch(capped, Query("magnet worda wordb wordc wordd"));
  EXPECT_EQ(r.query_terms, 2u);
  EXPECT_EQ(r.hits.size(), 2u);
}

// ---- ranking on a realistic miniature corpus ------------------------------------------------

const char* kFocalTitle = "MAGREC: recycling of permanent magnets";
const char* kFocalObjective =
    "MAGREC will recover rare earth elements from end-of-life NdFeB permanent magnets in electric "
    "motors and wind turbines. Magnet recycling by hydrogen decrepitation keeps neodymium in the "
    "loop and reduces dependence on primary rare earth mining.";
const char* kFocalKeywords = "magnet recycling; rare earths; NdFeB; circular economy";

std::vector<Doc> MagnetCorpus() {
  auto meta = [](std::string prog, std::string status, int year, std::string topic,
                 std::vector<std::string> countries) {
    return DocumentMeta{std::move(prog), std::move(status), year, std::move(topic), std::move(countries)};
  };
  return {
      {1, "NdFeB magnet recycling from rare earth scrap",
       "Recovery of rare earth elements from NdFeB magnet scrap through hydrogen processing; recycled "
       "magnets are re-sintered into new permanent magnets.",
       "rare earth; magnets; recycling", "Raw materials for the green transition",
       meta("HORIZON", "SIGNED", 2022, "HORIZON-CL4-2021-RESILIENCE-01-08", {"DE", "FR"})},
      {2, "Offshore wind foundations", "Monopile foundations for offshore wind farms in deep water, steel fatigue.",
       "offshore wind; steel", "", meta("H2020", "CLOSED", 2018, "LC-SC3-RES-2018", {"DK", "NL"})},
      {3, "Lithium-ion battery recycling", "Hydrometallurgical recovery of lithium, cobalt and nickel from spent cells.",
       "batteries; hydrometallurgy", "", meta("HORIZON", "SIGNED", 2023, "HORIZON-CL5-2023-D2-01", {"BE", "ES"})},
      {4, "Circular plastic packaging", "Chemical recycling of multilayer plastic packaging waste.",
       "plastics; packaging", "", meta("H2020", "CLOSED", 2019, "CE-SC5-2019", {"IT"})},
      {5, "Marine biodiversity observatory", "Monitoring of seagrass meadows and fish stocks with sensors.",
       "ocean; biodiversity", "", meta("FP7", "CLOSED", 2012, "FP7-ENV-2012", {"EL", "PT"})},
      {6, "Quantum sensing with diamond", "Nitrogen-vacancy centres in diamond for magnetometry at room temperature.",
       "quantum; sensing", "", meta("HORIZON", "SIGNED", 2022, "HORIZON-CL4-2022-DIGITAL-01", {"NL"})},
      {7, "Rare earth free motors", "Electric motor designs that reduce dysprosium and neodymium content.",
       "motors; electric vehicles", "", meta("H2020", "TERMINATED", 2017, "GV-2017", {"FR", "SE"})},
      {8, "Urban mobility data platform", "Open data for public transport planning in cities.", "mobility", "",
       meta("H2020", "CLOSED", 2017, "MG-2017", {"ES"})},
      {9, "Drought resilient wheat", "Breeding wheat varieties tolerant to heat and drought.", "crops", "",
       meta("HORIZON", "SIGNED", 2023, "HORIZON-CL6-2023", {"HU"})},
      {10, "Hydrogen storage in salt caverns", "Underground storage of hydrogen for seasonal balancing.", "hydrogen",
       "", meta("HORIZON", "SIGNED", 2022, "HORIZON-CL5-2022-D3", {"DE"})},
      {11, "Textile waste sorting", "Automated sorting of post-consumer textiles by fibre.", "textiles", "",
       meta("HORIZON", "SIGNED", 2023, "HORIZON-CL6-2023-CIRCBIO", {"SE"})},
      {12, "Digitising cultural heritage", "3D scanning of museum collections and archives.", "heritage", "",
       meta("H2020", "CLOSED", 2016, "CULT-COOP-2016", {"IT", "EL"})},
      // The focal project itself is in the corpus too.
      {100, kFocalTitle, kFocalObjective, kFocalKeywords, "",
       meta("HORIZON", "SIGNED", 2023, "HORIZON-CL4-2023-RESILIENCE-01", {"BE"})},
  };
}

SearchRequest FocalRequest(bool expansion) {
  SearchRequest q;
  q.title = kFocalTitle;
  q.objective = kFocalObjective;
  q.keywords = kFocalKeywords;
  q.exclude_doc_ids = {100};
  q.expansion = expansion;
  q.limit = 20;
  return q;
}

TEST(Bm25IndexTest, MagnetRecyclingDocRanksFirstAndFocalIsExcluded) {
  Bm25Index index = BuildIndex(MagnetCorpus());
  for (bool expansion : {false, true}) {
    SCOPED_TRACE(expansion ? "with expansion" : "without expansion");
    SearchResponse r = RunSearch(index, FocalRequest(expansion));
    ASSERT_FALSE(r.hits.empty());
    EXPECT_EQ(r.hits[0].doc_id, 1);
    auto ids = Ids(r);
    EXPECT_EQ(std::count(ids.begin(), ids.end(), 100), 0);
    // The other rare-earth project beats every unrelated one that matched at all.
    auto pos = [&](int64_t id) { return std::find(ids.begin(), ids.end(), id) - ids.begin(); };
    for (int64_t unrelated : {2, 5, 6, 8, 9, 11, 12}) EXPECT_LT(pos(7), pos(unrelated)) << unrelated;
    for (size_t i = 1; i < r.hits.size(); ++i) EXPECT_GE(r.hits[i - 1].score, r.hits[i].score);
  }
  // Without the exclusion, the focal project finds itself first.
  SearchRequest self = FocalRequest(false);
  self.exclude_doc_ids.clear();
  EXPECT_EQ(RunSearch(index, self).hits[0].doc_id, 100);
}

TEST(Bm25IndexTest, MatchedTermsUseFocalWordsStrongestFirst) {
  Bm25Index index = BuildIndex(MagnetCorpus());
  SearchResponse r = RunSearch(index, FocalRequest(false));
  ASSERT_FALSE(r.hits.empty());
  const SearchHit& top = r.hits[0];
  ASSERT_FALSE(top.matched_terms.empty());
  EXPECT_LE(top.matched_terms.size(), 8u);
  std::set<std::string> terms;
  for (size_t i = 0; i < top.matched_terms.size(); ++i) {
    const MatchedTerm& m = top.matched_terms[i];
    terms.insert(m.term);
    EXPECT_FALSE(m.from_expansion);
    EXPECT_GT(m.contribution, 0);
    if (i) {
      EXPECT_GE(top.matched_terms[i - 1].contribution, m.contribution);
    }
  }
  EXPECT_TRUE(terms.count("recycling")) << "readable form, not the stem 'recycl'";
  EXPECT_TRUE(terms.count("ndfeb"));
  EXPECT_TRUE(terms.count("magnets") || terms.count("magnet"));
  EXPECT_FALSE(terms.count("recycl"));
  EXPECT_EQ(index.SurfaceForm("recycl"), "recycling");
}

TEST(Bm25IndexTest, PaginationIsConsistentWithFullRanking) {
  Bm25Index index = BuildIndex(MagnetCorpus());
  SearchResponse all = RunSearch(index, FocalRequest(true));
  ASSERT_GE(all.hits.size(), 4u);
  SearchRequest page = FocalRequest(true);
  page.offset = 1;
  page.limit = 2;
  SearchResponse p = RunSearch(index, page);
  ASSERT_EQ(p.hits.size(), 2u);
  EXPECT_EQ(p.hits[0].doc_id, all.hits[1].doc_id);
  EXPECT_EQ(p.hits[1].doc_id, all.hits[2].doc_id);
  EXPECT_EQ(p.total_matches, all.total_matches);
  page.offset = 1000;
  EXPECT_TRUE(RunSearch(index, page).hits.empty());
}

// ---- filters ---------------------------------------------------------------------------------

std::vector<Doc> FilterCorpus() {
  auto doc = [](int64_t id, std::string prog, std::string status, int year, std::string topic,
                std::vector<std::string> countries) {
    return Doc{id, "", "magnet material", "", "",
               DocumentMeta{std::move(prog), std::move(status), year, std::move(topic), std::move(countries)}};
  };
  return {
      doc(1, "HORIZON", "SIGNED", 2022, "HORIZON-CL4-2021-RESILIENCE-01-08", {"DE", "FR"}),
      doc(2, "H2020", "CLOSED", 2018, "H2020-SC5-2018", {"IT"}),
      doc(3, "FP7", "CLOSED", 2011, "FP7-NMP-2011", {"de"}),
      doc(4, "horizon", "SIGNED", 2023, "HORIZON-CL5-2023-D3-01", {"EL", "ES"}),
      doc(5, "H2020", "TERMINATED", 2016, "H2020-NMBP-2016", {"FR"}),
      doc(6, "HORIZON", "SIGNED", 0, "HORIZON-CL4-2022-DIGITAL-01", {}),
  };
}

// Designated initializers would trip -Wmissing-field-initializers; a setter lambda does not.
template <typename Fn>
SearchFilters F(Fn set) {
  SearchFilters f;
  set(f);
  return f;
}

class FilterTest : public ::testing::Test {
 protected:
  FilterTest() : index_(BuildIndex(FilterCorpus(), NoDfCut())) {}
  std::set<int64_t> With(SearchFilters f, std::vector<int64_t> exclude = {}) {
    SearchRequest q = Query("magnet");
    q.filters = std::move(f);
    q.exclude_doc_ids = std::move(exclude);
    return IdSet(RunSearch(index_, q));
  }
  Bm25Index index_;
};

TEST_F(FilterTest, NoFilterReturnsAll) { EXPECT_EQ(With({}), (std::set<int64_t>{1, 2, 3, 4, 5, 6})); }

TEST_F(FilterTest, Programme) {
  EXPECT_EQ(With(F([](SearchFilters& f) { f.programmes = {"Horizon"}; })), (std::set<int64_t>{1, 4, 6}));
  EXPECT_EQ(With(F([](SearchFilters& f) { f.programmes = {"H2020", "FP7"}; })), (std::set<int64_t>{2, 3, 5}));
  EXPECT_EQ(With(F([](SearchFilters& f) { f.programmes = {"FP6"}; })), (std::set<int64_t>{}));
  // A blank choice ("Any" in a form) is no filter, not a filter matching nothing.
  EXPECT_EQ(With(F([](SearchFilters& f) { f.programmes = {"", " "}; })), (std::set<int64_t>{1, 2, 3, 4, 5, 6}));
}

TEST_F(FilterTest, Status) {
  EXPECT_EQ(With(F([](SearchFilters& f) { f.statuses = {"CLOSED"}; })), (std::set<int64_t>{2, 3}));
  EXPECT_EQ(With(F([](SearchFilters& f) { f.statuses = {"signed", "terminated"}; })), (std::set<int64_t>{1, 4, 5, 6}));
}

TEST_F(FilterTest, StartYearRangeExcludesUnknownYears) {
  EXPECT_EQ(With(F([](SearchFilters& f) { f.start_year_min = 2016; f.start_year_max = 2018; })),
            (std::set<int64_t>{2, 5}));
  EXPECT_EQ(With(F([](SearchFilters& f) { f.start_year_min = 2022; })), (std::set<int64_t>{1, 4}));
  EXPECT_EQ(With(F([](SearchFilters& f) { f.start_year_max = 2011; })), (std::set<int64_t>{3}));
}

TEST_F(FilterTest, TopicPrefix) {
  EXPECT_EQ(With(F([](SearchFilters& f) { f.topic_prefix = "HORIZON-CL4"; })), (std::set<int64_t>{1, 6}));
  EXPECT_EQ(With(F([](SearchFilters& f) { f.topic_prefix = "h2020-"; })), (std::set<int64_t>{2, 5}));
  EXPECT_EQ(With(F([](SearchFilters& f) { f.topic_prefix = "HORIZON-CL9"; })), (std::set<int64_t>{}));
}

TEST_F(FilterTest, Country) {
  EXPECT_EQ(With(F([](SearchFilters& f) { f.countries = {"DE"}; })), (std::set<int64_t>{1, 3}));
  EXPECT_EQ(With(F([](SearchFilters& f) { f.countries = {"fr", "EL"}; })), (std::set<int64_t>{1, 4, 5}));
}

TEST_F(FilterTest, FiltersCombineAndExclusionsApply) {
  EXPECT_EQ(With(F([](SearchFilters& f) {
              f.programmes = {"HORIZON"};
              f.countries = {"FR"};
            })),
            (std::set<int64_t>{1}));
  EXPECT_EQ(With(F([](SearchFilters& f) { f.programmes = {"HORIZON"}; }), {1, 999}), (std::set<int64_t>{4, 6}));
  EXPECT_EQ(With({}, {2, 3}), (std::set<int64_t>{1, 4, 5, 6}));
}

TEST_F(FilterTest, InvalidRequestsAreRejected) {
  SearchRequest q = Query("magnet");
  q.limit = 0;
  auto r = index_.Search(q);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
  q = Query("magnet");
  q.filters.start_year_min = 2020;
  q.filters.start_year_max = 2019;
  EXPECT_FALSE(index_.Search(q).ok());
}

// ---- expansion -------------------------------------------------------------------------------

std::vector<Doc> ExpansionCorpus() {
  return {
      {1, "", "magnet recycling dysprosium"},
      {2, "", "magnet recycling dysprosium terbium"},
      {3, "", "magnet recycling dysprosium alloy"},
      {4, "", "dysprosium supply chain"},  // shares no word with the focal text
      {5, "", "wheat farming"},
      {6, "", "ocean currents"},
      {7, "", "museum archives"},
      {8, "", "urban transport"},
      {9, "", "quantum sensing"},
      {10, "", "seagrass meadows"},
      {11, "", "steel bridges"},
      {12, "", "solar cells"},
  };
}

TEST(Bm25ExpansionTest, FeedbackTermsPromoteDocWithoutOriginalTerms) {
  Bm25Index index = BuildIndex(ExpansionCorpus());
  SearchResponse plain = RunSearch(index, Query("magnet recycling", false));
  EXPECT_EQ(IdSet(plain), (std::set<int64_t>{1, 2, 3}));
  EXPECT_TRUE(plain.expansion_terms.empty());

  SearchResponse expanded = RunSearch(index, Query("magnet recycling", true));
  EXPECT_EQ(expanded.expansion_terms, std::vector<std::string>{"dysprosium"});  // terbium: 1 doc only
  auto ids = Ids(expanded);
  ASSERT_EQ(ids.size(), 4u);
  EXPECT_EQ(ids.back(), 4);  // promoted, below the documents matching the focal words
  const SearchHit& promoted = expanded.hits.back();
  ASSERT_EQ(promoted.matched_terms.size(), 1u);
  EXPECT_EQ(promoted.matched_terms[0].term, "dysprosium");
  EXPECT_TRUE(promoted.matched_terms[0].from_expansion);
  // Original hits gain the expansion term on top of their original score.
  for (size_t i = 0; i < 3; ++i) {
    const SearchHit& h = expanded.hits[i];
    auto it = std::find_if(plain.hits.begin(), plain.hits.end(), [&](const SearchHit& p) { return p.doc_id == h.doc_id; });
    ASSERT_NE(it, plain.hits.end());
    EXPECT_GT(h.score, it->score);
    bool has_original = false, has_expansion = false;
    for (const auto& m : h.matched_terms) (m.from_expansion ? has_expansion : has_original) = true;
    EXPECT_TRUE(has_original);
    EXPECT_TRUE(has_expansion);
  }
}

TEST(Bm25ExpansionTest, ExpansionIsOnByDefaultAndRespectsFilters) {
  EXPECT_TRUE(SearchRequest{}.expansion);
  std::vector<Doc> docs = ExpansionCorpus();
  docs[0].meta.programme = "FP7";  // only doc 1 passes: one feedback doc is too few for a term
  Bm25Index index = BuildIndex(docs);
  SearchRequest q = Query("magnet recycling", true);
  q.filters.programmes = {"FP7"};
  SearchResponse r = RunSearch(index, q);
  EXPECT_EQ(Ids(r), std::vector<int64_t>{1});
  EXPECT_TRUE(r.expansion_terms.empty());
}

// ---- concurrency -----------------------------------------------------------------------------

TEST(Bm25IndexTest, ConcurrentSearchesGiveIdenticalResults) {
  std::mt19937 rng(42);
  std::vector<std::string> vocab;
  for (int i = 0; i < 400; ++i) vocab.push_back("term" + std::to_string(i) + "x");
  auto text = [&](int words) {
    std::string s;
    for (int i = 0; i < words; ++i) s += vocab[rng() % vocab.size()] + " ";
    return s;
  };
  Bm25IndexBuilder builder;
  for (int i = 0; i < 2000; ++i)
    ASSERT_TRUE(builder.Add(i + 1, {text(6), text(80), text(4), ""}, {}).ok());
  Bm25Index index = builder.Build();
  EXPECT_EQ(builder.size(), 0u);

  std::vector<SearchRequest> queries;
  for (int i = 0; i < 16; ++i) {
    SearchRequest q;
    q.title = text(5);
    q.objective = text(60);
    q.exclude_doc_ids = {static_cast<int64_t>(i + 1)};
    q.expansion = i % 2 == 0;
    queries.push_back(q);
  }
  std::vector<SearchResponse> expected;
  for (const auto& q : queries) expected.push_back(RunSearch(index, q));

  auto same = [](const SearchResponse& a, const SearchResponse& b) {
    if (a.hits.size() != b.hits.size() || a.expansion_terms != b.expansion_terms) return false;
    for (size_t i = 0; i < a.hits.size(); ++i) {
      if (a.hits[i].doc_id != b.hits[i].doc_id || a.hits[i].score != b.hits[i].score) return false;
      if (a.hits[i].matched_terms.size() != b.hits[i].matched_terms.size()) return false;
      for (size_t k = 0; k < a.hits[i].matched_terms.size(); ++k)
        if (a.hits[i].matched_terms[k].term != b.hits[i].matched_terms[k].term) return false;
    }
    return true;
  };
  std::vector<int> mismatches(6, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 10; ++round)
        for (size_t i = 0; i < queries.size(); ++i) {
          size_t qi = (i + t) % queries.size();  // threads interleave different queries
          auto r = index.Search(queries[qi]);
          if (!r.ok() || !same(*r, expected[qi])) ++mismatches[t];
        }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < 6; ++t) EXPECT_EQ(mismatches[t], 0) << "thread " << t;
  EXPECT_FALSE(expected[0].hits.empty());
}

// ---- builder ---------------------------------------------------------------------------------

TEST(Bm25IndexBuilderTest, RejectsDuplicateIds) {
  Bm25IndexBuilder b;
  EXPECT_TRUE(b.Add(7, {"magnet", "", "", ""}).ok());
  Status st = b.Add(7, {"other", "", "", ""});
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(st.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(b.size(), 1u);
}

TEST(Bm25IndexBuilderTest, EmptyIndexAndEmptyQueryReturnNothing) {
  Bm25Index empty;
  EXPECT_TRUE(RunSearch(empty, Query("magnet")).hits.empty());
  Bm25Index built = Bm25IndexBuilder().Build();
  EXPECT_EQ(built.doc_count(), 0u);
  EXPECT_TRUE(RunSearch(built, Query("magnet")).hits.empty());
  Bm25Index index = BuildIndex(ThreeDocs(), NoDfCut());
  EXPECT_TRUE(RunSearch(index, Query("the and of")).hits.empty());
  EXPECT_TRUE(RunSearch(index, Query("")).hits.empty());
  EXPECT_TRUE(index.Contains(2));
  EXPECT_FALSE(index.Contains(4));
  EXPECT_GT(index.MemoryBytes(), 0u);
  EXPECT_EQ(index.term_count(), 4u);  // magnet alloy steel furnac
}

TEST(Bm25IndexBuilderTest, DocumentsWithoutTermsKeepPostingsAligned) {
  std::vector<Doc> docs = {{1, "", ""}, {2, "", "magnet cobalt"}, {3, "", "the and of"},
                           {4, "", ""}, {5, "", "alloy magnet magnet"}, {6, "", ""}};
  Bm25Index index = BuildIndex(docs, NoDfCut());
  EXPECT_EQ(index.doc_count(), 6u);
  SearchResponse r = RunSearch(index, Query("magnet alloy cobalt"));
  ASSERT_EQ(r.hits.size(), 2u);
  std::set<std::string> terms2, terms5;
  for (const auto& h : r.hits)
    for (const auto& m : h.matched_terms) (h.doc_id == 2 ? terms2 : terms5).insert(m.term);
  EXPECT_EQ(terms2, (std::set<std::string>{"magnet", "cobalt"}));
  EXPECT_EQ(terms5, (std::set<std::string>{"magnet", "alloy"}));
  EXPECT_EQ(index.DocFrequency("magnet"), 2u);
}

TEST(Bm25IndexBuilderTest, IndexIsMovable) {
  Bm25Index a = BuildIndex(ThreeDocs(), NoDfCut());
  Bm25Index b = std::move(a);
  EXPECT_EQ(RunSearch(b, Query("magnet")).hits.size(), 1u);
}

}  // namespace
}  // namespace corridor::analytics
