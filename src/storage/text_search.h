// Substring search shared by the stakeholder list and the registry: a LIKE pattern that takes
// the user's text literally, and the phrase that asks SQLite's trigram index (migration 0006)
// for the rows that may hold it. The index only narrows; the LIKE decides, so both engines and
// both paths (with and without the index) find the same rows.
#pragma once

#include <cstddef>
#include <string>

#include "core/strings.h"

namespace corridor::storage {

// A trigram index cannot answer a text shorter than this (in characters).
inline constexpr size_t kMinTrigramChars = 3;

inline size_t Utf8Length(const std::string& s) {
  size_t n = 0;
  for (unsigned char ch : s) n += (ch & 0xC0) != 0x80;  // continuation bytes do not count
  return n;
}

// "%text%" with the LIKE wildcards and the escape character escaped: use with ESCAPE '\'.
inline std::string LikeContains(const std::string& text) {
  std::string t = strings::ReplaceAll(text, "\\", "\\\\");
  t = strings::ReplaceAll(t, "%", "\\%");
  t = strings::ReplaceAll(t, "_", "\\_");
  return "%" + t + "%";
}

// An FTS5 string literal: the text as one phrase, nothing in it read as query syntax.
inline std::string Fts5Phrase(const std::string& text) {
  return "\"" + strings::ReplaceAll(text, "\"", "\"\"") + "\"";
}

}  // namespace corridor::storage
