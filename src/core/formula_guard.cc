#include "core/formula_guard.h"

namespace corridor::formula_guard {

namespace {
bool IsTrigger(char c) { return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r'; }
size_t SkipApostrophes(std::string_view v) {
  size_t i = 0;
  while (i < v.size() && v[i] == '\'') ++i;
  return i;
}
}  // namespace

bool Needed(std::string_view value) {
  size_t i = SkipApostrophes(value);
  return i < value.size() && IsTrigger(value[i]);
}

std::string Guard(std::string_view value) {
  if (!Needed(value)) return std::string(value);
  return "'" + std::string(value);
}

std::string Unescape(std::string_view value) {
  size_t i = SkipApostrophes(value);
  if (i >= 1 && i < value.size() && IsTrigger(value[i])) return std::string(value.substr(1));
  return std::string(value);
}

}  // namespace corridor::formula_guard
