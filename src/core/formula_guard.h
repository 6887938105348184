// Spreadsheet formula-injection guard (OWASP "CSV injection") and its inverse.
// The CSV export guards text cells; the spreadsheet import undoes exactly that, so an
// exported file re-imports unchanged: Unescape(Guard(v)) == v for every v.
#pragma once

#include <string>
#include <string_view>

namespace corridor::formula_guard {

// True when a spreadsheet would read the value as a formula: it begins (after any
// apostrophes) with = + - @ TAB or CR.
bool Needed(std::string_view value);
// Prefixes one "'" when Needed(value); otherwise returns value unchanged.
std::string Guard(std::string_view value);
// Drops exactly one leading "'" when what follows the apostrophes is a formula trigger.
std::string Unescape(std::string_view value);

}  // namespace corridor::formula_guard
