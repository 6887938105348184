#include "storage/mail_outbox.h"

#include "core/dates.h"

namespace corridor::storage {

namespace {
OutgoingMail ToMail(const Row& r) {
  OutgoingMail m;
  m.id = r.Int("id");
  m.workspace_id = r.Int("workspace_id");
  m.to = r.Text("to_addr");
  m.subject = r.Text("subject");
  m.body = r.Text("body_text");
  m.headers = r.Text("headers");
  m.created_at = r.Text("created_at");
  m.sent_at = r.Text("sent_at");
  m.attempts = static_cast<int>(r.Int("attempts"));
  m.last_error = r.Text("last_error");
  return m;
}
}  // namespace

Result<int64_t> MailOutbox::Enqueue(int64_t ws, const std::string& to, const std::string& subject,
                                    const std::string& body, const std::string& headers) {
  auto r = c_.Query(
      "INSERT INTO mail_outbox(workspace_id, to_addr, subject, body_text, headers, created_at) VALUES (?,?,?,?,?,?) "
      "RETURNING id",
      {ws ? Value(ws) : Value(), to, subject, body, headers, dates::NowIso()});
  if (!r.ok()) return r.status();
  return (*r)[0].Int(0);
}

Result<std::vector<OutgoingMail>> MailOutbox::Pending(int limit, int max_attempts) {
  auto rows = c_.Query("SELECT * FROM mail_outbox WHERE sent_at IS NULL AND attempts < ? ORDER BY id LIMIT ?",
                       {int64_t{max_attempts}, int64_t{limit}});
  if (!rows.ok()) return rows.status();
  std::vector<OutgoingMail> out;
  for (const Row& r : *rows) out.push_back(ToMail(r));
  return out;
}

Result<bool> MailOutbox::Claim(const OutgoingMail& m) {
  auto r = c_.Exec("UPDATE mail_outbox SET attempts = attempts + 1 WHERE id = ? AND attempts = ? AND sent_at IS NULL",
                   {m.id, int64_t{m.attempts}});
  if (!r.ok()) return r.status();
  return *r == 1;
}

Status MailOutbox::MarkSent(int64_t id) {
  auto r = c_.Exec("UPDATE mail_outbox SET sent_at = ?, last_error = '' WHERE id = ?", {dates::NowIso(), id});
  return r.ok() ? Status::Ok() : r.status();
}

Status MailOutbox::MarkFailed(int64_t id, const std::string& error) {
  auto r = c_.Exec("UPDATE mail_outbox SET last_error = ? WHERE id = ?", {error.substr(0, 1000), id});
  return r.ok() ? Status::Ok() : r.status();
}

Result<std::vector<OutgoingMail>> MailOutbox::To(const std::string& address) {
  auto rows = c_.Query("SELECT * FROM mail_outbox WHERE to_addr = ? ORDER BY id DESC", {address});
  if (!rows.ok()) return rows.status();
  std::vector<OutgoingMail> out;
  for (const Row& r : *rows) out.push_back(ToMail(r));
  return out;
}

}  // namespace corridor::storage
