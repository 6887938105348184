#include "core/dates.h"

#include <chrono>
#include <cstdio>
#include <ctime>

#include "core/strings.h"

namespace corridor::dates {

namespace {
bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int DaysInMonth(int y, int m) {
  static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : d[m - 1];
}
bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}
int ToInt(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}
}  // namespace

bool IsValid(const Date& d) {
  return d.year >= 1900 && d.year <= 2200 && d.month >= 1 && d.month <= 12 && d.day >= 1 &&
         d.day <= DaysInMonth(d.year, d.month);
}

// Howard Hinnant's days_from_civil.
int64_t DaysSinceEpoch(const Date& d) {
  int y = d.year - (d.month <= 2);
  int era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = static_cast<unsigned>(y - era * 400);
  unsigned doy = (153 * (d.month + (d.month > 2 ? -3 : 9)) + 2) / 5 + d.day - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<int64_t>(era) * 146097 + static_cast<int64_t>(doe) - 719468;
}

Date FromDaysSinceEpoch(int64_t z) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = static_cast<unsigned>(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = static_cast<int64_t>(yoe) + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  unsigned d = doy - (153 * mp + 2) / 5 + 1;
  unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return Date{static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

std::optional<Date> Parse(std::string_view raw) {
  std::string s = strings::Trim(raw);
  if (s.size() >= 10 && s[4] == '-' && s[7] == '-') {
    std::string_view v(s);
    if (!AllDigits(v.substr(0, 4)) || !AllDigits(v.substr(5, 2)) || !AllDigits(v.substr(8, 2))) return std::nullopt;
    if (s.size() > 10 && s[10] != ' ' && s[10] != 'T') return std::nullopt;
    Date d{ToInt(v.substr(0, 4)), ToInt(v.substr(5, 2)), ToInt(v.substr(8, 2))};
    if (!IsValid(d)) return std::nullopt;
    return d;
  }
  if (s.size() == 10 && (s[2] == '/' || s[2] == '.') && s[5] == s[2]) {
    std::string_view v(s);
    if (!AllDigits(v.substr(0, 2)) || !AllDigits(v.substr(3, 2)) || !AllDigits(v.substr(6, 4))) return std::nullopt;
    Date d{ToInt(v.substr(6, 4)), ToInt(v.substr(3, 2)), ToInt(v.substr(0, 2))};
    if (!IsValid(d)) return std::nullopt;
    return d;
  }
  // Excel serial date (days since 1899-12-30), as found in .xlsx cells.
  if (auto n = strings::ParseDouble(s); n && *n > 0 && *n < 120000 && AllDigits(s.substr(0, s.find('.')))) {
    Date d = FromDaysSinceEpoch(static_cast<int64_t>(*n) - 25569);
    if (IsValid(d)) return d;
  }
  return std::nullopt;
}

std::string ToIso(const Date& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

std::string ToDmy(const Date& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", d.day, d.month, d.year);
  return buf;
}

Date Today() {
  auto now = std::chrono::system_clock::now();
  auto days = std::chrono::duration_cast<std::chrono::hours>(now.time_since_epoch()).count() / 24;
  return FromDaysSinceEpoch(days);
}

std::string NowIso() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace corridor::dates
