#include "web/mail_delivery.h"

#include <curl/curl.h>

#include <chrono>
#include <cstring>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <filesystem>
#include <fstream>
#include <thread>

#include "core/strings.h"

namespace corridor::web {

namespace {

std::string Env(const char* name, const std::string& def) {
  const char* v = std::getenv(name);
  return v && *v ? std::string(v) : def;
}

bool IsAscii(const std::string& s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

std::string Base64(const std::string& in) {
  static const char* t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t n = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8) | uint8_t(in[i + 2]);
    out += {t[n >> 18], t[(n >> 12) & 63], t[(n >> 6) & 63], t[n & 63]};
  }
  if (i + 1 == in.size()) {
    uint32_t n = uint8_t(in[i]) << 16;
    out += {t[n >> 18], t[(n >> 12) & 63], '=', '='};
  } else if (i + 2 == in.size()) {
    uint32_t n = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8);
    out += {t[n >> 18], t[(n >> 12) & 63], t[(n >> 6) & 63], '='};
  }
  return out;
}

// Header values never carry line breaks (header injection).
std::string OneLine(std::string s) {
  for (char& c : s)
    if (c == '\r' || c == '\n') c = ' ';
  return s;
}

std::string EncodedWord(const std::string& s) { return IsAscii(s) ? OneLine(s) : "=?UTF-8?B?" + Base64(s) + "?="; }

std::string RfcDate() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf;
}

std::string AddrSpec(const std::string& from) {  // "Name <a@b>" -> "<a@b>"
  auto lt = from.find('<');
  return lt == std::string::npos ? "<" + from + ">" : from.substr(lt);
}

std::string Domain(const std::string& from) {
  std::string a = AddrSpec(from);
  auto at = a.find('@');
  return at == std::string::npos ? "localhost" : a.substr(at + 1, a.size() - at - 2);
}

struct Upload {
  std::string data;
  size_t pos = 0;
};

size_t ReadUpload(char* buf, size_t size, size_t n, void* user) {
  auto* u = static_cast<Upload*>(user);
  size_t len = std::min(size * n, u->data.size() - u->pos);
  std::memcpy(buf, u->data.data() + u->pos, len);
  u->pos += len;
  return len;
}

Status SendSmtp(const MailSettings& s, const storage::OutgoingMail& m, const std::string& eml) {
  CURL* curl = curl_easy_init();
  if (!curl) return Status::Io("smtp: cannot start libcurl");
  Upload up{eml};
  struct curl_slist* rcpt = curl_slist_append(nullptr, ("<" + m.to + ">").c_str());
  curl_easy_setopt(curl, CURLOPT_URL, s.smtp_url.c_str());
  if (!s.smtp_user.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, s.smtp_user.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, s.smtp_password.c_str());
  }
  // smtp:// upgrades with STARTTLS when the server offers it; smtps:// is TLS from the start.
  curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, AddrSpec(s.from).c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadUpload);
  curl_easy_setopt(curl, CURLOPT_READDATA, &up);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
  CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(rcpt);
  curl_easy_cleanup(curl);
  if (rc != CURLE_OK) return Status::Io(std::string("smtp: ") + curl_easy_strerror(rc));
  return Status::Ok();
}

Status WriteFile(const MailSettings& s, const storage::OutgoingMail& m, const std::string& eml) {
  std::error_code ec;
  std::filesystem::create_directories(s.outbox_dir, ec);
  if (ec) return Status::Io("mail outbox " + s.outbox_dir + ": " + ec.message());
  // Written under a temporary name, then renamed: a reader never sees half a mail.
  std::string name = "mail-" + std::to_string(m.id) + ".eml";
  auto final_path = std::filesystem::path(s.outbox_dir) / name;
  auto tmp = std::filesystem::path(s.outbox_dir) / ("." + name + ".tmp");
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f << eml;
    if (!f) return Status::Io("cannot write " + tmp.string());
  }
  std::filesystem::rename(tmp, final_path, ec);
  if (ec) return Status::Io("cannot write " + final_path.string() + ": " + ec.message());
  return Status::Ok();
}

}  // namespace

std::string MailSettings::Describe() const {
  if (!smtp_url.empty()) return "SMTP " + smtp_url + (smtp_user.empty() ? "" : " as " + smtp_user);
  return "file outbox " + outbox_dir;
}

MailSettings MailSettingsFromEnv(MailSettings d) {
  d.outbox_dir = Env("CORRIDOR_MAIL_DIR", d.outbox_dir);
  d.smtp_url = Env("CORRIDOR_SMTP_URL", d.smtp_url);
  d.smtp_user = Env("CORRIDOR_SMTP_USER", d.smtp_user);
  d.smtp_password = Env("CORRIDOR_SMTP_PASSWORD", d.smtp_password);
  d.from = Env("CORRIDOR_MAIL_FROM", d.from);
  return d;
}

std::string ToEml(const storage::OutgoingMail& m, const std::string& from) {
  std::string h;
  h += "Date: " + RfcDate() + "\r\n";
  h += "From: " + OneLine(from) + "\r\n";
  h += "To: <" + OneLine(m.to) + ">\r\n";
  h += "Subject: " + EncodedWord(m.subject) + "\r\n";
  h += "Message-ID: <corridor-" + std::to_string(m.id) + "-" + strings::RandomToken(6) + "@" + Domain(from) + ">\r\n";
  h += "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n";
  for (auto& line : strings::Split(m.headers, '\n'))
    if (!strings::Trim(line).empty()) h += OneLine(line) + "\r\n";
  std::string body;
  for (char c : m.body) {
    if (c == '\r') continue;
    if (c == '\n') body += "\r\n";
    else body += c;
  }
  return h + "\r\n" + body + "\r\n";
}

Result<DeliveryReport> DeliverPending(storage::Database& db, const MailSettings& s, int limit) {
  DeliveryReport rep;
  auto conn = db.Acquire();
  storage::MailOutbox box(*conn);
  auto pending = box.Pending(limit);
  if (!pending.ok()) return pending.status();
  for (const auto& m : *pending) {
    auto won = box.Claim(m);
    if (!won.ok()) return won.status();
    if (!*won) continue;  // another process took it
    std::string eml = ToEml(m, s.from);
    Status st = s.smtp_url.empty() ? WriteFile(s, m, eml) : SendSmtp(s, m, eml);
    if (st.ok()) {
      CORRIDOR_RETURN_IF_ERROR(box.MarkSent(m.id));
      ++rep.sent;
    } else {
      CORRIDOR_RETURN_IF_ERROR(box.MarkFailed(m.id, st.message()));
      ++rep.failed;
      rep.last_error = st.message();
    }
  }
  return rep;
}

void RunDeliveryLoop(storage::Database& db, const MailSettings& s, const std::atomic<bool>& stop, int interval_ms) {
  while (!stop.load()) {
    // A database that is restarting makes Acquire throw: this thread has no caller to catch it,
    // and the server must outlive the restart, so report it and try again next round.
    try {
      auto r = DeliverPending(db, s);
      if (!r.ok()) std::fprintf(stderr, "corridor: mail delivery: %s\n", r.status().message().c_str());
      else if (r->failed) std::fprintf(stderr, "corridor: mail delivery: %d failed (%s)\n", r->failed, r->last_error.c_str());
    } catch (const std::exception& e) {
      std::fprintf(stderr, "corridor: mail delivery: %s\n", e.what());
    }
    for (int waited = 0; waited < interval_ms && !stop.load(); waited += 100)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

}  // namespace corridor::web
