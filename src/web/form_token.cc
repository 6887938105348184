#include "web/form_token.h"

#include <sodium.h>

#include <ctime>

#include "core/strings.h"

namespace corridor::web {

namespace {

constexpr const char* kSecretKey = "instance:form_token_secret";

std::string Hmac(const std::string& secret, const std::string& message) {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(message.data()), message.size());
  crypto_auth_hmacsha256_final(&st, mac);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char b : mac) {
    out += hex[b >> 4];
    out += hex[b & 15];
  }
  return out;
}

}  // namespace

int64_t UnixNow() { return static_cast<int64_t>(std::time(nullptr)); }

Result<std::string> InstanceSecret(storage::Connection& c) {
  auto v = c.Scalar("SELECT value FROM settings WHERE key = ?", {std::string(kSecretKey)});
  if (!v.ok()) return v.status();
  if (v->has_value()) return std::get<std::string>(**v);
  // Two processes may race here: DO NOTHING keeps the first, and both read it back.
  auto ins = c.Exec("INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO NOTHING",
                    {std::string(kSecretKey), strings::RandomToken(32)});
  if (!ins.ok()) return ins.status();
  auto again = c.Scalar("SELECT value FROM settings WHERE key = ?", {std::string(kSecretKey)});
  if (!again.ok()) return again.status();
  if (!again->has_value()) return Status::Internal("form token secret missing");
  return std::get<std::string>(**again);
}

std::string IssueFormToken(const std::string& secret, const std::string& slug, int64_t now_s) {
  std::string t = std::to_string(now_s);
  return t + "." + Hmac(secret, "register:" + slug + ":" + t);
}

Status CheckFormToken(const std::string& secret, const std::string& slug, const std::string& token, int64_t now_s,
                      int64_t max_age_s) {
  auto dot = token.find('.');
  const Status forged = Status::Denied("the form's security token is not valid; reload the form and send it again");
  if (token.empty() || dot == std::string::npos || token.size() > 100) return forged;
  auto t = strings::ParseInt(token.substr(0, dot));
  if (!t) return forged;
  std::string expected = Hmac(secret, "register:" + slug + ":" + token.substr(0, dot));
  std::string sent = token.substr(dot + 1);
  if (sent.size() != expected.size() || sodium_memcmp(sent.data(), expected.data(), sent.size()) != 0) return forged;
  if (*t > now_s + 300) return forged;  // issued in the future: not ours
  if (now_s - *t > max_age_s)
    return Status::Denied("the form has expired (it was loaded more than " + std::to_string(max_age_s / 3600) +
                          " hours ago); reload the form and send it again");
  return Status::Ok();
}

}  // namespace corridor::web
