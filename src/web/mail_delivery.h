// Delivers the mail_outbox (storage/mail_outbox.h): to a file outbox (one RFC 5322 .eml file per
// mail in a directory: development and tests) or by SMTP through libcurl (smtp:// with STARTTLS
// when offered, or smtps://). Configured by `corridor serve` flags or the environment:
//   CORRIDOR_MAIL_DIR       file outbox directory (default <data>/outbox when no SMTP URL)
//   CORRIDOR_SMTP_URL       smtp://host:587 or smtps://host:465
//   CORRIDOR_SMTP_USER, CORRIDOR_SMTP_PASSWORD (environment only: never on the command line)
//   CORRIDOR_MAIL_FROM      "Corridor <noreply@example.org>"
#pragma once

#include <atomic>
#include <string>

#include "core/status.h"
#include "storage/database.h"
#include "storage/mail_outbox.h"

namespace corridor::web {

struct MailSettings {
  std::string outbox_dir;  // used when smtp_url is empty
  std::string smtp_url, smtp_user, smtp_password;
  std::string from = "Corridor <noreply@localhost>";
  std::string Describe() const;  // for logs, never the password
};

// Reads the CORRIDOR_* variables above over `defaults`.
MailSettings MailSettingsFromEnv(MailSettings defaults);

// The message as sent: headers (Date, From, To, Subject RFC 2047-encoded when not ASCII,
// Message-ID, MIME, the row's extra headers), CRLF line ends, UTF-8 8bit body.
std::string ToEml(const storage::OutgoingMail& m, const std::string& from);

struct DeliveryReport {
  int sent = 0, failed = 0;
  std::string last_error;
};
// Claims and delivers up to `limit` pending mails once.
Result<DeliveryReport> DeliverPending(storage::Database& db, const MailSettings& settings, int limit = 100);
// Loops until `stop` is set: delivers, then sleeps about `interval_ms`.
void RunDeliveryLoop(storage::Database& db, const MailSettings& settings, const std::atomic<bool>& stop,
                     int interval_ms = 2000);

}  // namespace corridor::web
