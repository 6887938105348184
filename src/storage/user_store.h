// Users, sessions (kept in the database so several server processes share them),
// login rate limiting and workspace memberships.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/workspace.h"
#include "storage/database.h"

namespace corridor::storage {

struct User {
  int64_t id = 0;
  std::string email, display_name, password_hash, created_at;
  bool is_site_admin = false;
  bool must_change_password = false;
};

struct Session {
  int64_t user_id = 0;
  std::string csrf_token, expires_at;
};

class UserStore {
 public:
  explicit UserStore(Connection& c) : c_(c) {}
  // Hashes the password (Argon2id). Email is lower-cased and must be unique.
  Result<int64_t> Create(const std::string& email, const std::string& display_name, const std::string& password,
                         bool site_admin, bool must_change_password = false);
  Result<std::optional<User>> FindByEmail(const std::string& email);
  Result<std::optional<User>> FindById(int64_t id);
  Result<std::vector<User>> List();
  Status SetPassword(int64_t user_id, const std::string& password, bool must_change = false);
  Result<int64_t> Count();

  // Returns the raw token for the cookie; only its SHA-256 is stored.
  Result<std::string> CreateSession(int64_t user_id, int ttl_hours = 12);
  Result<std::optional<Session>> FindSession(const std::string& raw_token);
  Status DeleteSession(const std::string& raw_token);

  // Login throttling: at most `max` attempts per key in `window_s` seconds.
  Result<bool> AllowAttempt(const std::string& key, int max = 10, int window_s = 300);

  Status SetRole(int64_t workspace_id, int64_t user_id, domain::Role role);
  Status RemoveMember(int64_t workspace_id, int64_t user_id);
  // nullopt = not a member.
  Result<std::optional<domain::Role>> RoleIn(int64_t workspace_id, int64_t user_id);

 private:
  Connection& c_;
};

}  // namespace corridor::storage
