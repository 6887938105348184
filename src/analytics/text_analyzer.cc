#include "analytics/text_analyzer.h"

#include <libstemmer.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <iterator>
#include <unordered_set>

#include "core/strings.h"

namespace corridor::analytics {

namespace {

// Function words, then project-speak that every CORDIS abstract uses and that therefore
// ranks nothing. Kept modest: rare generic words are already damped by idf.
constexpr std::string_view kStopwords[] = {
    // English function words (folded; contraction stems such as "don" come from "don't").
    "about", "above", "across", "after", "again", "against", "all", "along", "also", "although",
    "am", "among", "amongst", "an", "and", "any", "are", "aren", "around", "as", "at", "be",
    "because", "been", "before", "being", "below", "beside", "besides", "between", "beyond",
    "both", "but", "by", "can", "cannot", "could", "couldn", "did", "didn", "do", "does",
    "doesn", "doing", "don", "down", "during", "each", "eg", "either", "etc", "even", "ever",
    "every", "few", "for", "from", "further", "furthermore", "had", "hadn", "has", "hasn",
    "have", "haven", "having", "he", "hence", "her", "here", "hers", "herself", "him",
    "himself", "his", "how", "however", "ie", "if", "in", "into", "is", "isn", "it", "its",
    "itself", "just", "let", "ll", "may", "me", "might", "more", "moreover", "most", "much",
    "must", "mustn", "my", "myself", "neither", "no", "nor", "not", "now", "of", "off", "on",
    "once", "only", "onto", "or", "other", "others", "ought", "our", "ours", "ourselves",
    "out", "over", "own", "per", "re", "same", "shall", "shan", "she", "should", "shouldn",
    "since", "so", "some", "such", "than", "that", "the", "their", "theirs", "them",
    "themselves", "then", "there", "therefore", "these", "they", "this", "those", "though",
    "through", "thus", "to", "too", "toward", "towards", "under", "unless", "until", "up",
    "upon", "us", "ve", "very", "via", "was", "wasn", "we", "were", "weren", "what",
    "whatever", "when", "where", "whereas", "whether", "which", "while", "who", "whom",
    "whose", "why", "with", "within", "without", "won", "would", "wouldn", "yet", "you",
    "your", "yours", "yourself", "yourselves",
    // Project-speak: generic in every proposal, no topical signal.
    "aim", "aimed", "aiming", "aims", "approach", "approaches", "based", "develop",
    "developed", "developing", "development", "developments", "develops", "eu", "european",
    "innovative", "key", "main", "new", "novel", "objective", "objectives", "overall",
    "project", "projects", "proposal", "proposed", "provide", "provided", "provides",
    "providing", "use", "used", "uses", "using", "well", "will", "wp"};

const std::unordered_set<std::string_view>& StopwordSet() {
  static const auto* set = new std::unordered_set<std::string_view>(std::begin(kStopwords), std::end(kStopwords));
  return *set;
}

// Code point at s[i] (already known to be a non-ASCII lead byte); 0 and width 1 when invalid.
uint32_t DecodeAt(std::string_view s, size_t i, size_t* width) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t n = 0;
  uint32_t cp = 0;
  if ((c & 0xE0) == 0xC0) { n = 1; cp = c & 0x1F; }
  else if ((c & 0xF0) == 0xE0) { n = 2; cp = c & 0x0F; }
  else if ((c & 0xF8) == 0xF0) { n = 3; cp = c & 0x07; }
  else { *width = 1; return 0; }
  if (i + n >= s.size()) { *width = 1; return 0; }
  for (size_t k = 1; k <= n; ++k) {
    unsigned char cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) { *width = 1; return 0; }
    cp = (cp << 6) | (cc & 0x3F);
  }
  *width = n + 1;
  return cp;
}

// Non-ASCII code points that separate words: Latin-1 symbols, general punctuation,
// super/subscripts, currency, arrows, maths, CJK punctuation, BOM, replacement char.
bool IsSeparatorCodePoint(uint32_t cp) {
  return cp == 0 || cp < 0xC0 || cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp <= 0x2BFF) ||
         (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF ||
         cp == 0xFFFD;
}

// ASCII character classes without locale lookups (this loop sees every byte of the corpus).
constexpr uint8_t kDigit = 1, kAlpha = 2;
constexpr std::array<uint8_t, 128> MakeAsciiClass() {
  std::array<uint8_t, 128> t{};
  for (int c = '0'; c <= '9'; ++c) t[c] = kDigit;
  for (int c = 'a'; c <= 'z'; ++c) t[c] = kAlpha;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = kAlpha;
  return t;
}
constexpr std::array<uint8_t, 128> kAsciiClass = MakeAsciiClass();

// strings::FoldAccents, with a table-driven fast path for pure-ASCII text (most CORDIS
// fields) where folding is only lower-casing.
std::string Fold(std::string_view text) {
  for (char ch : text)
    if (static_cast<unsigned char>(ch) >= 0x80) return strings::FoldAccents(text);
  std::string out(text);
  for (char& ch : out)
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  return out;
}

}  // namespace

// Surface word -> stem cache. Stemming costs ~10x a lookup and vocabularies are Zipfian, so
// nearly every token is a cache hit. The table is open-addressed and each slot carries the
// whole entry, so a hit costs one slot load plus one compare against the character arena:
// node-based maps (three dependent cache misses per token) dominated build profiles.
struct TextAnalyzer::Impl {
  struct Slot {
    uint32_t tag = 0;  // upper hash bits, to skip most string compares
    uint32_t id = 0;   // token id + 1; 0 = empty
    uint32_t surface_off = 0, stem_off = 0;
    uint16_t surface_len = 0, stem_len = 0;
    bool stop = false;
  };
  sb_stemmer* stemmer = nullptr;
  std::string arena;
  std::vector<Slot> slots = std::vector<Slot>(1024);
  size_t size = 0;
  uint64_t epoch = 0;

  ~Impl() {
    if (stemmer) sb_stemmer_delete(stemmer);
  }

  std::string StemWord(std::string_view w) {
    if (!stemmer) return std::string(w);
    const sb_symbol* out = sb_stemmer_stem(stemmer, reinterpret_cast<const sb_symbol*>(w.data()),
                                           static_cast<int>(w.size()));
    if (!out) return std::string(w);  // out of memory: index the word unstemmed
    return std::string(reinterpret_cast<const char*>(out), static_cast<size_t>(sb_stemmer_length(stemmer)));
  }

  std::string_view Surface(const Slot& e) const { return std::string_view(arena).substr(e.surface_off, e.surface_len); }
  std::string_view StemOf(const Slot& e) const { return std::string_view(arena).substr(e.stem_off, e.stem_len); }

  void Clear() {
    arena.clear();
    std::fill(slots.begin(), slots.end(), Slot{});
    size = 0;
    ++epoch;
  }

  void Grow() {
    std::vector<Slot> bigger(slots.size() * 2);
    const size_t mask = bigger.size() - 1;
    for (const Slot& sl : slots) {
      if (!sl.id) continue;
      size_t i = std::hash<std::string_view>{}(Surface(sl)) & mask;
      while (bigger[i].id) i = (i + 1) & mask;
      bigger[i] = sl;
    }
    slots.swap(bigger);
  }

  // The slot of `word`, inserted via `make` (-> {stem, stop}) when absent. Valid until the
  // next call.
  template <typename Make>
  const Slot& FindOrInsert(std::string_view word, size_t max_entries, Make make) {
    size_t h = std::hash<std::string_view>{}(word);
    uint32_t tag = static_cast<uint32_t>(h >> 32);
    size_t mask = slots.size() - 1;
    size_t i = h & mask;
    while (slots[i].id) {
      if (slots[i].tag == tag && Surface(slots[i]) == word) return slots[i];
      i = (i + 1) & mask;
    }
    if (size >= max_entries) {
      Clear();
      i = h & mask;  // the table is empty again
    } else if ((size + 1) * 4 > slots.size() * 3) {  // keep load under 75%
      Grow();
      mask = slots.size() - 1;
      i = h & mask;
      while (slots[i].id) i = (i + 1) & mask;
    }
    auto [stem, stop] = make();
    Slot e;
    e.tag = tag;
    e.id = static_cast<uint32_t>(++size);
    e.surface_off = static_cast<uint32_t>(arena.size());
    e.surface_len = static_cast<uint16_t>(word.size());
    arena.append(word);
    if (stem == word) {
      e.stem_off = e.surface_off;  // unstemmed words share their surface bytes
    } else {
      e.stem_off = static_cast<uint32_t>(arena.size());
      arena.append(stem);
    }
    e.stem_len = static_cast<uint16_t>(stem.size());
    e.stop = stop;
    slots[i] = e;
    return slots[i];
  }
};

TextAnalyzer::TextAnalyzer(TextAnalyzerOptions options)
    : options_(options), impl_(std::make_unique<Impl>()) {
  if (options_.stem) impl_->stemmer = sb_stemmer_new("english", nullptr);  // nullptr = UTF-8
  // Offsets are 32-bit and lengths 16-bit: keep the arena well inside both.
  options_.max_cache_entries = std::clamp<size_t>(options_.max_cache_entries, 1, 20'000'000);
  options_.max_token_bytes = std::min<size_t>(options_.max_token_bytes, 1024);
}

TextAnalyzer::~TextAnalyzer() = default;
TextAnalyzer::TextAnalyzer(TextAnalyzer&&) noexcept = default;
TextAnalyzer& TextAnalyzer::operator=(TextAnalyzer&&) noexcept = default;

bool TextAnalyzer::IsStopword(std::string_view folded_word) {
  return StopwordSet().count(folded_word) > 0;
}

std::string TextAnalyzer::Stem(std::string_view folded_word) { return impl_->StemWord(folded_word); }

uint64_t TextAnalyzer::cache_epoch() const { return impl_->epoch; }

void TextAnalyzer::ForEachToken(std::string_view text, const TokenFn& fn) {
  ForEachTokenId(text, [&](uint32_t, std::string_view stem, std::string_view surface) { fn(stem, surface); });
}

void TextAnalyzer::ForEachTokenId(std::string_view text, const TokenIdFn& fn) {
  const std::string folded = Fold(text);
  const std::string_view s = folded;
  Impl& impl = *impl_;
  size_t i = 0;
  while (i < s.size()) {
    // Skip separators.
    size_t width = 1;
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (!kAsciiClass[c]) { ++i; continue; }
    } else if (IsSeparatorCodePoint(DecodeAt(s, i, &width))) {
      i += width;
      continue;
    }
    // Read one word.
    size_t start = i, chars = 0;
    uint8_t classes = 0;
    bool non_ascii = false;
    while (i < s.size()) {
      c = static_cast<unsigned char>(s[i]);
      if (c < 0x80) {
        uint8_t k = kAsciiClass[c];
        if (!k) break;
        classes |= k;
        ++i;
      } else {
        if (IsSeparatorCodePoint(DecodeAt(s, i, &width))) break;
        non_ascii = true;
        i += width;
      }
      ++chars;
    }
    std::string_view word = s.substr(start, i - start);
    if (chars < options_.min_token_chars || word.size() > options_.max_token_bytes) continue;
    const bool has_digit = classes & kDigit;
    const bool pure_number = classes == kDigit && !non_ascii;
    if (pure_number && word.size() > options_.max_number_digits) continue;

    const Impl::Slot& e = impl.FindOrInsert(word, options_.max_cache_entries, [&] {
      bool stop = options_.remove_stopwords && IsStopword(word);
      // Words with digits ("h2020", "co2") are codes: stemming would only mangle them.
      std::string stem = (has_digit || !options_.stem) ? std::string(word) : impl.StemWord(word);
      return std::make_pair(std::move(stem), stop);
    });
    if (e.stop || e.stem_len == 0) continue;
    fn(e.id - 1, impl.StemOf(e), impl.Surface(e));
  }
}

std::vector<std::string> TextAnalyzer::Analyze(std::string_view text) {
  std::vector<std::string> out;
  ForEachToken(text, [&](std::string_view stem, std::string_view) { out.emplace_back(stem); });
  return out;
}

std::vector<AnalyzedToken> TextAnalyzer::AnalyzeWithSurface(std::string_view text) {
  std::vector<AnalyzedToken> out;
  ForEachToken(text, [&](std::string_view stem, std::string_view surface) {
    out.push_back({std::string(stem), std::string(surface)});
  });
  return out;
}

std::vector<std::string_view> SplitWords(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0, start = std::string_view::npos;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t width = 1;
    bool word = c < 0x80 ? std::isalnum(c) != 0 : !IsSeparatorCodePoint(DecodeAt(s, i, &width));
    if (word && start == std::string_view::npos) start = i;
    if (!word && start != std::string_view::npos) {
      out.push_back(s.substr(start, i - start));
      start = std::string_view::npos;
    }
    i += width;
  }
  if (start != std::string_view::npos) out.push_back(s.substr(start));
  return out;
}

bool BetterSurface(std::string_view a, uint32_t a_count, std::string_view b, uint32_t b_count) {
  if (a_count != b_count) return a_count > b_count;
  if (a.size() != b.size()) return a.size() < b.size();
  return a < b;
}

void SurfaceForms::Add(std::string_view stem, std::string_view surface, uint32_t count) {
  forms_[std::string(stem)][std::string(surface)] += count;
}

void SurfaceForms::AddText(TextAnalyzer& analyzer, std::string_view text) {
  analyzer.ForEachToken(text, [&](std::string_view stem, std::string_view surface) { Add(stem, surface); });
}

std::string SurfaceForms::Best(std::string_view stem) const {
  auto it = forms_.find(std::string(stem));
  if (it == forms_.end() || it->second.empty()) return std::string(stem);
  const std::string* best = nullptr;
  uint32_t best_count = 0;
  for (const auto& [surface, count] : it->second) {
    if (!best || BetterSurface(surface, count, *best, best_count)) {
      best = &surface;
      best_count = count;
    }
  }
  return *best;
}

}  // namespace corridor::analytics
