// Small string helpers shared by every module. No I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::strings {

std::string Trim(std::string_view s);  // also strips U+00A0 (CORDIS/GISCO quirk)
std::string ToLower(std::string_view s);  // ASCII only
std::string ToUpper(std::string_view s);  // ASCII only
std::vector<std::string> Split(std::string_view s, char sep);
std::string Join(const std::vector<std::string>& parts, std::string_view sep);
bool StartsWith(std::string_view s, std::string_view prefix);
bool EndsWith(std::string_view s, std::string_view suffix);
bool IEquals(std::string_view a, std::string_view b);  // ASCII case-insensitive
std::string ReplaceAll(std::string s, std::string_view from, std::string_view to);

bool IsValidUtf8(std::string_view s);
// Converts Windows-1252 (a superset of Latin-1 for printable chars) to UTF-8.
std::string Cp1252ToUtf8(std::string_view s);
// Returns s if valid UTF-8, else its Windows-1252 reading converted to UTF-8.
std::string EnsureUtf8(std::string_view s);
// Folds accents of common Latin letters to ASCII and lowercases ("Société" -> "societe").
std::string FoldAccents(std::string_view utf8);

std::optional<int64_t> ParseInt(std::string_view s);
// Accepts "1234.5", "1.732084396E7", "1 234,50" is rejected (ambiguous) unless comma_decimal.
std::optional<double> ParseDouble(std::string_view s, bool comma_decimal = false);

// Escapes &<>"' for HTML text and attribute values.
std::string HtmlEscape(std::string_view s);
std::string UrlEncode(std::string_view s);
std::string RandomToken(size_t bytes = 32);  // hex, from a CSPRNG
std::string Sha256Hex(std::string_view data);

}  // namespace corridor::strings
