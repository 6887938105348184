#include "storage/user_store.h"

#include <chrono>
#include <ctime>

#include "core/dates.h"
#include "core/password.h"
#include "core/strings.h"

namespace corridor::storage {

namespace {
std::string IsoIn(int64_t seconds) {
  std::time_t t = std::time(nullptr) + seconds;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

User ToUser(const Row& r) {
  User u;
  u.id = r.Int("id");
  u.email = r.Text("email");
  u.display_name = r.Text("display_name");
  u.password_hash = r.Text("password_hash");
  u.is_site_admin = r.Int("is_site_admin") != 0;
  u.must_change_password = r.Int("must_change_password") != 0;
  u.created_at = r.Text("created_at");
  return u;
}
}  // namespace

Result<int64_t> UserStore::Create(const std::string& email, const std::string& name, const std::string& pw,
                                  bool admin, bool must_change) {
  std::string e = strings::ToLower(strings::Trim(email));
  if (e.find('@') == std::string::npos || e.size() > 254) return Status::Invalid("email: not an e-mail address");
  CORRIDOR_RETURN_IF_ERROR(password::CheckStrength(pw));
  auto h = password::Hash(pw);
  if (!h.ok()) return h.status();
  auto rows = c_.Query(
      "INSERT INTO users(email, display_name, password_hash, is_site_admin, must_change_password, created_at) "
      "VALUES (?,?,?,?,?,?) RETURNING id",
      {e, name.empty() ? e : name, *h, int64_t{admin}, int64_t{must_change}, dates::NowIso()});
  if (!rows.ok()) {
    if (rows.status().code() == ErrorCode::kConflict) return Status::Conflict("a user with e-mail " + e + " exists");
    return rows.status();
  }
  return (*rows)[0].Int(0);
}

Result<std::optional<User>> UserStore::FindByEmail(const std::string& email) {
  auto rows = c_.Query("SELECT * FROM users WHERE email = ?", {strings::ToLower(strings::Trim(email))});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<User>();
  return std::optional<User>(ToUser((*rows)[0]));
}

Result<std::optional<User>> UserStore::FindById(int64_t id) {
  auto rows = c_.Query("SELECT * FROM users WHERE id = ?", {id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<User>();
  return std::optional<User>(ToUser((*rows)[0]));
}

Result<std::vector<User>> UserStore::List() {
  auto rows = c_.Query("SELECT * FROM users ORDER BY email");
  if (!rows.ok()) return rows.status();
  std::vector<User> out;
  for (const Row& r : *rows) out.push_back(ToUser(r));
  return out;
}

Result<int64_t> UserStore::Count() {
  auto v = c_.Scalar("SELECT COUNT(*) FROM users");
  if (!v.ok()) return v.status();
  return std::get<int64_t>(**v);
}

Status UserStore::SetPassword(int64_t id, const std::string& pw, bool must_change) {
  CORRIDOR_RETURN_IF_ERROR(password::CheckStrength(pw));
  auto h = password::Hash(pw);
  if (!h.ok()) return h.status();
  auto r = c_.Exec("UPDATE users SET password_hash = ?, must_change_password = ? WHERE id = ?",
                   {*h, int64_t{must_change}, id});
  if (!r.ok()) return r.status();
  if (*r == 0) return Status::NotFound("no such user");
  // A new password ends every other session.
  auto d = c_.Exec("DELETE FROM sessions WHERE user_id = ?", {id});
  return d.ok() ? Status::Ok() : d.status();
}

Result<std::string> UserStore::CreateSession(int64_t user_id, int ttl_hours) {
  std::string token = strings::RandomToken(32);
  auto r = c_.Exec("INSERT INTO sessions(token_hash, user_id, csrf_token, created_at, expires_at) VALUES (?,?,?,?,?)",
                   {strings::Sha256Hex(token), user_id, strings::RandomToken(32), dates::NowIso(),
                    IsoIn(int64_t{ttl_hours} * 3600)});
  if (!r.ok()) return r.status();
  return token;
}

Result<std::optional<Session>> UserStore::FindSession(const std::string& raw) {
  if (raw.size() != 64) return std::optional<Session>();
  auto rows = c_.Query("SELECT user_id, csrf_token, expires_at FROM sessions WHERE token_hash = ? AND expires_at > ?",
                       {strings::Sha256Hex(raw), dates::NowIso()});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<Session>();
  const Row& r = (*rows)[0];
  return std::optional<Session>(Session{r.Int(0), r.Text(1), r.Text(2)});
}

Status UserStore::DeleteSession(const std::string& raw) {
  auto r = c_.Exec("DELETE FROM sessions WHERE token_hash = ?", {strings::Sha256Hex(raw)});
  return r.ok() ? Status::Ok() : r.status();
}

Result<bool> UserStore::AllowAttempt(const std::string& key, int max, int window_s) {
  // The count and the insert share one write transaction, so that concurrent attempts through
  // several server processes cannot all take the last free slot: SQLite's BEGIN IMMEDIATE
  // serialises writers; on PostgreSQL a transaction-level advisory lock per key does.
  Transaction tx(c_);
  CORRIDOR_RETURN_IF_ERROR(tx.status());
  if (c_.engine() == Engine::kPostgres) {
    auto locked = c_.Query("SELECT pg_advisory_xact_lock(hashtext(?))", {"corridor-login:" + key});
    if (!locked.ok()) return locked.status();
  }
  std::string since = IsoIn(-window_s);
  auto n = c_.Scalar("SELECT COUNT(*) FROM login_attempts WHERE key = ? AND at > ?", {key, since});
  if (!n.ok()) return n.status();
  if (std::get<int64_t>(**n) >= max) return false;
  auto ins = c_.Exec("INSERT INTO login_attempts(key, at) VALUES (?, ?)", {key, dates::NowIso()});
  if (!ins.ok()) return ins.status();
  auto old = c_.Exec("DELETE FROM login_attempts WHERE at < ?", {IsoIn(-86400)});
  if (!old.ok()) return old.status();
  CORRIDOR_RETURN_IF_ERROR(tx.Commit());
  return true;
}

Status UserStore::SetRole(int64_t ws, int64_t user, domain::Role role) {
  auto r = c_.Exec(
      "INSERT INTO memberships(workspace_id, user_id, role) VALUES (?,?,?) "
      "ON CONFLICT(workspace_id, user_id) DO UPDATE SET role = excluded.role",
      {ws, user, domain::RoleKey(role)});
  return r.ok() ? Status::Ok() : r.status();
}

Status UserStore::RemoveMember(int64_t ws, int64_t user) {
  auto r = c_.Exec("DELETE FROM memberships WHERE workspace_id = ? AND user_id = ?", {ws, user});
  return r.ok() ? Status::Ok() : r.status();
}

Result<std::optional<domain::Role>> UserStore::RoleIn(int64_t ws, int64_t user) {
  auto rows = c_.Query("SELECT role FROM memberships WHERE workspace_id = ? AND user_id = ?", {ws, user});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<domain::Role>();
  return domain::ParseRole((*rows)[0].Text(0));
}

}  // namespace corridor::storage
