// Stateless signed tokens for the public registration form. An embedded form cannot rely on the
// app's cookies (browsers block third-party cookies), so instead of the cookie CSRF token the form
// carries "<issued unix time>.<HMAC-SHA256(secret, workspace slug + time)>". The secret is made
// once per instance and kept in the `settings` table, so every server process accepts the tokens
// the others issued.
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"
#include "storage/database.h"

namespace corridor::web {

inline constexpr int64_t kFormTokenMaxAgeS = 6 * 3600;

// The instance secret (hex), created on first use.
Result<std::string> InstanceSecret(storage::Connection& c);
std::string IssueFormToken(const std::string& secret, const std::string& slug, int64_t now_s);
// kPermissionDenied with a message a person can act on when forged, for another workspace or
// older than max_age_s.
Status CheckFormToken(const std::string& secret, const std::string& slug, const std::string& token, int64_t now_s,
                      int64_t max_age_s = kFormTokenMaxAgeS);
int64_t UnixNow();

}  // namespace corridor::web
