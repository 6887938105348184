// SMTP delivery through libcurl against a small SMTP sink on loopback that speaks the protocol
// (greeting, EHLO, MAIL FROM, RCPT TO, DATA with dot-stuffing, QUIT) and records what it got,
// or refuses the recipient to show that a refused mail stays queued with the server's reason.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "storage/database.h"
#include "storage/mail_outbox.h"
#include "test_support.h"
#include "web/mail_delivery.h"

namespace corridor {
namespace {

class SmtpSink {
 public:
  explicit SmtpSink(bool refuse_recipient) : refuse_(refuse_recipient) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t n = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &n);
    port_ = ntohs(a.sin_port);
    ::listen(fd_, 4);
    thread_ = std::thread([this] { Serve(); });
  }
  ~SmtpSink() {
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    if (thread_.joinable()) thread_.join();
  }
  int port() const { return port_; }
  std::vector<std::string> commands;  // every command line received, in order
  std::string data;                   // the DATA payload of the last message, un-dot-stuffed

 private:
  void Serve() {
    int c = ::accept(fd_, nullptr, nullptr);
    if (c < 0) return;
    Send(c, "220 sink ESMTP\r\n");
    std::string buf, line;
    bool in_data = false;
    while (ReadLine(c, buf, line)) {
      if (in_data) {
        if (line == ".") {
          in_data = false;
          Send(c, "250 queued\r\n");
        } else {
          data += (line.rfind("..", 0) == 0 ? line.substr(1) : line) + "\n";
        }
        continue;
      }
      commands.push_back(line);
      std::string verb = line.substr(0, 4);
      if (verb == "EHLO" || verb == "HELO") Send(c, "250 sink\r\n");
      else if (verb == "MAIL") Send(c, "250 ok\r\n");
      else if (verb == "RCPT") Send(c, refuse_ ? "550 no such mailbox here\r\n" : "250 ok\r\n");
      else if (verb == "DATA") { Send(c, "354 go ahead\r\n"); in_data = true; }
      else if (verb == "QUIT") { Send(c, "221 bye\r\n"); break; }
      else Send(c, "250 ok\r\n");  // RSET, NOOP
    }
    ::close(c);
  }
  static void Send(int c, const std::string& s) { (void)!::write(c, s.data(), s.size()); }
  static bool ReadLine(int c, std::string& buf, std::string& line) {
    for (;;) {
      auto at = buf.find("\r\n");
      if (at != std::string::npos) {
        line = buf.substr(0, at);
        buf.erase(0, at + 2);
        return true;
      }
      char tmp[4096];
      ssize_t n = ::read(c, tmp, sizeof tmp);
      if (n <= 0) return false;
      buf.append(tmp, static_cast<size_t>(n));
    }
  }
  bool refuse_;
  int fd_ = -1;
  int port_ = 0;
  std::thread thread_;
};

class MailSmtpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    test_db_ = testing::DefaultTestDatabase(dir_);
    auto db = storage::Database::Open({test_db_.url, false, 10000, test_db_.pg_schema});
    ASSERT_TRUE(db.ok()) << db.status().message();
    db_ = std::move(*db);
    ASSERT_TRUE(db_->Migrate().ok());
    auto c = db_->Acquire();
    auto id = storage::MailOutbox(*c).Enqueue(0, "ada@example.org", "Please confirm",
                                              "Hello Ada,\n.a line that starts with a dot\nBye",
                                              "List-Unsubscribe: <https://corridor.example/u/1>");
    ASSERT_TRUE(id.ok()) << id.status().message();
  }
  void TearDown() override {
    if (db_) testing::DropTestSchema(*db_, test_db_);
  }
  web::MailSettings Smtp(int port) {
    web::MailSettings s;
    s.smtp_url = "smtp://127.0.0.1:" + std::to_string(port);
    s.from = "Corridor <noreply@corridor.example>";
    return s;
  }
  std::vector<storage::OutgoingMail> Queued() {
    auto c = db_->Acquire();
    auto m = storage::MailOutbox(*c).To("ada@example.org");
    EXPECT_TRUE(m.ok());
    return m.ok() ? *m : std::vector<storage::OutgoingMail>{};
  }
  testing::TempDir dir_;
  testing::TestDatabase test_db_;
  std::unique_ptr<storage::Database> db_;
};

TEST_F(MailSmtpTest, DeliversOverSmtpAndMarksTheMailSent) {
  SmtpSink sink(/*refuse_recipient=*/false);
  auto r = web::DeliverPending(*db_, Smtp(sink.port()));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->sent, 1);
  EXPECT_EQ(r->failed, 0);
  bool from = false, rcpt = false;
  for (auto& c : sink.commands) {
    from |= c.find("MAIL FROM:<noreply@corridor.example>") == 0;
    rcpt |= c.find("RCPT TO:<ada@example.org>") == 0;
  }
  EXPECT_TRUE(from && rcpt) << "envelope sender and recipient";
  EXPECT_NE(sink.data.find("Subject: Please confirm"), std::string::npos) << sink.data;
  EXPECT_NE(sink.data.find("List-Unsubscribe: <https://corridor.example/u/1>"), std::string::npos) << sink.data;
  EXPECT_NE(sink.data.find("\n.a line that starts with a dot\n"), std::string::npos)
      << "a body line starting with a dot arrives intact (dot-stuffed on the wire): " << sink.data;
  auto q = Queued();
  ASSERT_EQ(q.size(), 1u);
  EXPECT_FALSE(q[0].sent_at.empty()) << "marked sent";
  auto again = web::DeliverPending(*db_, Smtp(sink.port()));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->sent, 0) << "a sent mail is never sent twice";
}

TEST_F(MailSmtpTest, ARefusedRecipientLeavesTheMailQueuedWithTheReason) {
  SmtpSink sink(/*refuse_recipient=*/true);
  auto r = web::DeliverPending(*db_, Smtp(sink.port()));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->sent, 0);
  EXPECT_EQ(r->failed, 1);
  auto q = Queued();
  ASSERT_EQ(q.size(), 1u);
  EXPECT_TRUE(q[0].sent_at.empty()) << "still unsent: it will be retried";
  EXPECT_FALSE(q[0].last_error.empty());
  EXPECT_EQ(q[0].attempts, 1);
}

}  // namespace
}  // namespace corridor
