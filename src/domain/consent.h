// Consent (seed 001 section 2.2: consent-based traceability). A consent is given to one
// versioned text for one purpose; it counts only once confirmed (double opt-in) and until
// withdrawn. Contact and newsletter are separate purposes. No I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace corridor::domain {

inline constexpr const char* kPurposeContact = "contact";        // being contacted, invited to activities
inline constexpr const char* kPurposeNewsletter = "newsletter";  // the project newsletter

struct ConsentText {
  int64_t id = 0;
  int64_t workspace_id = 0;
  std::string purpose;
  int64_t version = 0;
  std::string text;
  bool required = false;  // the registration form cannot be sent without it
  std::string created_at, created_by;
};

struct Consent {
  int64_t id = 0;
  int64_t stakeholder_id = 0;
  int64_t consent_text_id = 0;
  int64_t text_version = 0;  // joined from consent_texts
  std::string text;          // joined from consent_texts
  std::string purpose, given_at, source, confirmed_at, withdrawn_at, withdrawn_via;
  // Valid: confirmed by the person and not withdrawn.
  bool Valid() const { return !confirmed_at.empty() && withdrawn_at.empty(); }
};

// Purpose keys: lower-case letters, digits and hyphens, 2-40 chars.
Status ValidatePurpose(std::string_view purpose);
// A consent text: 10 to 4000 characters.
Status ValidateConsentText(std::string_view text);

// The retention rule: a consent confirmed (or given) at `at` (ISO date or date-time) is expired
// on `today` when more than `months` calendar months have passed. months <= 0 = never.
bool ConsentExpired(const std::string& at, int months, const std::string& today_iso);
// The ISO date `months` calendar months before `today_iso` (day clamped to the month's end).
std::string MonthsBefore(const std::string& today_iso, int months);

}  // namespace corridor::domain
