// English text analysis for ranking: UTF-8 -> folded tokens -> stopword removal -> Snowball
// stems. One TextAnalyzer per thread: the Snowball stemmer and the stem cache are not
// thread-safe. No I/O.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace corridor::analytics {

struct TextAnalyzerOptions {
  bool stem = true;
  bool remove_stopwords = true;           // English function words + project-speak
  size_t min_token_chars = 2;             // shorter tokens carry no signal ("a", "x")
  size_t max_token_bytes = 64;            // longer ones are URLs, sequences, garbage
  size_t max_number_digits = 4;           // years and small numbers stay; grant ids go
  size_t max_cache_entries = 500000;      // the stem cache is cleared beyond this (bounded memory);
                                          // clamped to 20M, and max_token_bytes to 1024

  bool operator==(const TextAnalyzerOptions&) const = default;
};

struct AnalyzedToken {
  std::string stem;     // what is indexed and matched
  std::string surface;  // the folded, lower-case word as written ("recycling")
};

class TextAnalyzer {
 public:
  explicit TextAnalyzer(TextAnalyzerOptions options = {});
  ~TextAnalyzer();
  TextAnalyzer(TextAnalyzer&&) noexcept;
  TextAnalyzer& operator=(TextAnalyzer&&) noexcept;
  TextAnalyzer(const TextAnalyzer&) = delete;
  TextAnalyzer& operator=(const TextAnalyzer&) = delete;

  // Stems of the kept tokens, in text order (duplicates kept: callers count them).
  std::vector<std::string> Analyze(std::string_view text);
  std::vector<AnalyzedToken> AnalyzeWithSurface(std::string_view text);
  // No per-token allocation. The views are valid only during the call.
  using TokenFn = std::function<void(std::string_view stem, std::string_view surface)>;
  void ForEachToken(std::string_view text, const TokenFn& fn);

  // As ForEachToken, plus a dense id of the surface word in this analyzer's cache, stable
  // while cache_epoch() is unchanged (the cache is cleared beyond max_cache_entries).
  // Lets the index builder keep per-word state in arrays instead of a second hash map.
  using TokenIdFn = std::function<void(uint32_t token_id, std::string_view stem, std::string_view surface)>;
  void ForEachTokenId(std::string_view text, const TokenIdFn& fn);
  uint64_t cache_epoch() const;

  // Stem of one already-folded word; stopwords are not filtered here.
  std::string Stem(std::string_view folded_word);

  const TextAnalyzerOptions& options() const { return options_; }

  // The built-in stopword list (folded, lower case), exposed for tests and the UI.
  static bool IsStopword(std::string_view folded_word);

 private:
  struct Impl;
  TextAnalyzerOptions options_;
  std::unique_ptr<Impl> impl_;
};

// Keeps, per stem, the most frequent surface word so results can show human words
// ("recycling") instead of stems ("recycl"). Ties go to the shorter, then smaller word.
class SurfaceForms {
 public:
  void Add(std::string_view stem, std::string_view surface, uint32_t count = 1);
  void AddText(TextAnalyzer& analyzer, std::string_view text);
  // The most frequent surface form, or the stem itself when the stem was never seen.
  std::string Best(std::string_view stem) const;
  bool empty() const { return forms_.empty(); }

 private:
  std::unordered_map<std::string, std::unordered_map<std::string, uint32_t>> forms_;
};

// Splits already-folded text (strings::FoldAccents) into maximal runs of letters and digits,
// with no length, number or stopword filtering. Non-ASCII letters (Greek, Cyrillic) count as
// letters; punctuation, symbols and invalid bytes separate words. Views into `folded`.
std::vector<std::string_view> SplitWords(std::string_view folded);

// Picks the best of (surface, count) candidates with the SurfaceForms tie rule.
bool BetterSurface(std::string_view a, uint32_t a_count, std::string_view b, uint32_t b_count);

}  // namespace corridor::analytics
