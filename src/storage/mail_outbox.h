// Outgoing mail, queued in the same transaction as the change that causes it and delivered later
// (web/mail_delivery: SMTP or a file outbox), so an acknowledged change never loses its mail.
// Several server processes may deliver: a row is claimed by bumping its attempt count.
#pragma once

#include <string>
#include <vector>

#include "storage/database.h"

namespace corridor::storage {

struct OutgoingMail {
  int64_t id = 0;
  int64_t workspace_id = 0;
  std::string to, subject, body, headers;  // headers: "Name: value" lines, LF-separated
  std::string created_at, sent_at, last_error;
  int attempts = 0;
};

class MailOutbox {
 public:
  explicit MailOutbox(Connection& c) : c_(c) {}
  Result<int64_t> Enqueue(int64_t workspace_id, const std::string& to, const std::string& subject,
                          const std::string& body, const std::string& headers = "");
  // Unsent rows with fewer than `max_attempts` attempts, oldest first.
  Result<std::vector<OutgoingMail>> Pending(int limit = 100, int max_attempts = 5);
  // True when this process won the row (attempts still as read).
  Result<bool> Claim(const OutgoingMail& m);
  Status MarkSent(int64_t id);
  Status MarkFailed(int64_t id, const std::string& error);
  Result<std::vector<OutgoingMail>> To(const std::string& address);  // newest first (tests, admin)

 private:
  Connection& c_;
};

}  // namespace corridor::storage
