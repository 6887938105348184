// Calendar dates without time zones; ISO "YYYY-MM-DD" is the storage form.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace corridor::dates {

struct Date {
  int year = 0, month = 0, day = 0;
  bool operator==(const Date&) const = default;
  auto operator<=>(const Date&) const = default;
};

// Accepts YYYY-MM-DD, YYYY-MM-DD hh:mm:ss (time dropped), DD/MM/YYYY, and Excel serial numbers.
std::optional<Date> Parse(std::string_view s);
bool IsValid(const Date& d);
std::string ToIso(const Date& d);     // 2024-01-31
std::string ToDmy(const Date& d);     // 31/01/2024 (the registry's display form)
int64_t DaysSinceEpoch(const Date& d);
Date FromDaysSinceEpoch(int64_t days);
Date Today();                         // UTC
std::string NowIso();                 // 2024-01-31T12:00:00Z (UTC)

}  // namespace corridor::dates
