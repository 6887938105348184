#include "domain/consent.h"

#include <cctype>
#include <cstdio>

#include "core/dates.h"

namespace corridor::domain {

Status ValidatePurpose(std::string_view p) {
  if (p.size() < 2 || p.size() > 40) return Status::Invalid("purpose: 2 to 40 characters");
  for (char c : p)
    if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '-'))
      return Status::Invalid("purpose: lower-case letters, digits and hyphens only");
  return Status::Ok();
}

Status ValidateConsentText(std::string_view t) {
  if (t.size() < 10) return Status::Invalid("text: at least 10 characters");
  if (t.size() > 4000) return Status::Invalid("text: at most 4000 characters");
  return Status::Ok();
}

std::string MonthsBefore(const std::string& today_iso, int months) {
  auto d = dates::Parse(today_iso.substr(0, 10));
  if (!d) return "";
  int total = d->year * 12 + (d->month - 1) - months;
  dates::Date out{total / 12, total % 12 + 1, d->day};
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int last = kDays[out.month - 1];
  if (out.month == 2 && ((out.year % 4 == 0 && out.year % 100 != 0) || out.year % 400 == 0)) last = 29;
  if (out.day > last) out.day = last;
  return dates::ToIso(out);
}

bool ConsentExpired(const std::string& at, int months, const std::string& today_iso) {
  if (months <= 0 || at.size() < 10) return false;
  return at.substr(0, 10) < MonthsBefore(today_iso, months);
}

}  // namespace corridor::domain
