#include "importers/cordis_fetch.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "test_support.h"
#include "zip_builder.h"

namespace corridor::importers {
namespace {

namespace fs = std::filesystem;

// A minimal HTTP/1.1 server on 127.0.0.1 and a free port, one connection at a time. Raw
// sockets rather than cpp-httplib: Debian's cpp-httplib is a compiled library that only the web
// module links, and raw sockets let a test drop a connection at an exact byte.
class LocalServer {
 public:
  LocalServer() {
    zip_ = testing::BuildZip({{"topics.csv", "\"projectID\";\"topic\";\"title\"\n\"900001\";\"T\";\"t\"\n"},
                              {"padding.txt", std::string(300000, 'p'), /*store=*/true}});
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;  // any free port
    socklen_t len = sizeof addr;
    if (listen_fd_ < 0 || ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(listen_fd_, 16) != 0 || ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
      throw std::runtime_error("cannot start the test HTTP server");
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Loop(); });
  }
  ~LocalServer() {
    stop_ = true;
    thread_.join();
    ::close(listen_fd_);
  }
  std::string Url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
  const std::string& zip() const { return zip_; }

 private:
  static bool Send(int fd, const std::string& data) {
    size_t sent = 0;
    while (sent < data.size()) {
      ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;  // the client gave up (e.g. over its size cap)
      sent += static_cast<size_t>(n);
    }
    return true;
  }
  static std::string Head(int status, const std::string& type, std::optional<size_t> length,
                          const std::string& extra = "") {
    std::string reason = status == 200 ? "OK" : status == 302 ? "Found" : status == 404 ? "Not Found" : "Error";
    std::string h = "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\nContent-Type: " + type +
                    "\r\nConnection: close\r\n" + extra;
    if (length) h += "Content-Length: " + std::to_string(*length) + "\r\n";
    return h + "\r\n";
  }

  void Serve(int fd, const std::string& path) {
    if (path == "/data/cordis-test.zip") {
      Send(fd, Head(200, "application/zip", zip_.size()) + zip_);
    } else if (path == "/data/redirect.zip") {
      Send(fd, Head(302, "text/plain", 0, "Location: /data/cordis-test.zip\r\n"));
    } else if (path == "/data/error.zip") {
      Send(fd, Head(503, "text/plain", 4) + "busy");
    } else if (path == "/data/page.zip") {  // the "200 with an HTML error page" failure
      std::string page = "<!DOCTYPE html><html>maintenance</html>";
      Send(fd, Head(200, "text/html", page.size()) + page);
    } else if (path == "/data/cut.zip") {  // announces 1 MB, sends 64 KB, hangs up
      std::string part = std::string("PK\x03\x04", 4) + std::string(65532, 'x');
      Send(fd, Head(200, "application/zip", 1000000) + part);
    } else if (path == "/data/endless.zip") {  // no Content-Length: the body ends when the server closes
      if (Send(fd, Head(200, "application/zip", std::nullopt) + "PK"))
        for (int i = 0; i < 128 && Send(fd, std::string(65536, 'z')); ++i) {
        }
    } else {
      Send(fd, Head(404, "text/plain", 8) + "not here");
    }
  }

  void Loop() {
    while (!stop_) {
      pollfd p{listen_fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;
      std::string request;
      char buf[4096];
      while (request.find("\r\n\r\n") == std::string::npos && request.size() < 65536) {
        ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) break;
        request.append(buf, static_cast<size_t>(n));
      }
      // "GET /path?query HTTP/1.1"
      size_t a = request.find(' '), b = request.find(' ', a + 1);
      std::string path = a == std::string::npos || b == std::string::npos ? "" : request.substr(a + 1, b - a - 1);
      Serve(fd, path.substr(0, path.find('?')));
      ::shutdown(fd, SHUT_RDWR);
      ::close(fd);
    }
  }

  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::string zip_;
};

class CordisFetchTest : public ::testing::Test {
 protected:
  FetchOptions Options(std::vector<std::string> urls) {
    FetchOptions o;
    o.urls = std::move(urls);
    o.target_dir = dir_.File("downloads");
    o.connect_timeout_s = 5;
    o.low_speed_time_s = 5;
    return o;
  }
  std::vector<std::string> Files() {
    std::vector<std::string> names;
    if (!fs::exists(dir_.File("downloads"))) return names;
    for (const auto& e : fs::directory_iterator(dir_.File("downloads"))) names.push_back(e.path().filename());
    std::sort(names.begin(), names.end());
    return names;
  }
  testing::TempDir dir_;
  LocalServer server_;
};

TEST_F(CordisFetchTest, DownloadsAndRenamesWhenComplete) {
  std::vector<FetchProgress> seen;
  auto r = FetchCordis(Options({server_.Url("/data/cordis-test.zip"), server_.Url("/data/redirect.zip?x=1")}),
                       [&](const FetchProgress& p) { seen.push_back(p); });
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].path, dir_.File("downloads/cordis-test.zip"));
  EXPECT_EQ((*r)[0].bytes, server_.zip().size());
  EXPECT_EQ(testing::ReadFile((*r)[0].path), server_.zip());
  EXPECT_EQ(testing::ReadFile((*r)[1].path), server_.zip());  // followed the redirect; query dropped from the name
  EXPECT_EQ(Files(), (std::vector<std::string>{"cordis-test.zip", "redirect.zip"}));  // no .part left
  ASSERT_FALSE(seen.empty());
  EXPECT_TRUE(seen.back().done);
  EXPECT_EQ(seen.back().bytes, server_.zip().size());
  EXPECT_EQ(seen.back().total, server_.zip().size());  // from Content-Length
  EXPECT_EQ(seen.back().file_index, 2);
  EXPECT_EQ(seen.back().files_total, 2);
}

TEST_F(CordisFetchTest, NotFoundIsAClearError) {
  auto r = FetchCordis(Options({server_.Url("/data/missing.zip")}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kNotFound);
  EXPECT_NE(r.status().message().find("HTTP 404"), std::string::npos) << r.status().message();
  EXPECT_TRUE(Files().empty());

  auto e = FetchFile(server_.Url("/data/error.zip"), Options({}));
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), ErrorCode::kIo);
  EXPECT_NE(e.status().message().find("HTTP 503"), std::string::npos) << e.status().message();
  EXPECT_TRUE(Files().empty());
}

TEST_F(CordisFetchTest, InterruptedDownloadLeavesNoFile) {
  auto r = FetchFile(server_.Url("/data/cut.zip"), Options({}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kIo);
  EXPECT_NE(r.status().message().find("interrupted"), std::string::npos) << r.status().message();
  EXPECT_TRUE(Files().empty());  // neither cut.zip nor cut.zip.part
}

TEST_F(CordisFetchTest, InterruptedDownloadKeepsThePreviousCompleteFile) {
  ASSERT_TRUE(FetchFile(server_.Url("/data/cordis-test.zip"), Options({})).ok());
  // Same target name, from a server that drops the connection: the old file must survive intact.
  fs::rename(dir_.File("downloads/cordis-test.zip"), dir_.File("downloads/cut.zip"));
  ASSERT_FALSE(FetchFile(server_.Url("/data/cut.zip"), Options({})).ok());
  EXPECT_EQ(testing::ReadFile(dir_.File("downloads/cut.zip")), server_.zip());
  EXPECT_EQ(Files(), std::vector<std::string>{"cut.zip"});
}

TEST_F(CordisFetchTest, SizeCapAndNonZipBodies) {
  FetchOptions small = Options({});
  small.max_bytes = 100000;
  auto big = FetchFile(server_.Url("/data/cordis-test.zip"), small);  // Content-Length above the cap
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.status().code(), ErrorCode::kTooLarge) << big.status().message();
  auto endless = FetchFile(server_.Url("/data/endless.zip"), small);  // no Content-Length
  ASSERT_FALSE(endless.ok());
  EXPECT_EQ(endless.status().code(), ErrorCode::kTooLarge) << endless.status().message();

  auto page = FetchFile(server_.Url("/data/page.zip"), Options({}));
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.status().code(), ErrorCode::kCorrupt);
  EXPECT_NE(page.status().message().find("<!DOCTYPE html>"), std::string::npos) << page.status().message();
  EXPECT_TRUE(Files().empty());
}

TEST_F(CordisFetchTest, RejectsNonHttpUrls) {
  auto r = FetchFile("file:///etc/passwd", Options({}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
  auto c = FetchFile("http://127.0.0.1:1/data/refused.zip", Options({}));  // nothing listens on port 1
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), ErrorCode::kIo);
  EXPECT_TRUE(Files().empty());
}

TEST(CordisFetchDefaults, OfficialUrls) {
  auto urls = DefaultCordisUrls();
  ASSERT_EQ(urls.size(), 2u);
  EXPECT_EQ(urls[0], "https://cordis.europa.eu/data/cordis-HORIZONprojects-csv.zip");
  EXPECT_EQ(urls[1], "https://cordis.europa.eu/data/cordis-h2020projects-csv.zip");
}

}  // namespace
}  // namespace corridor::importers
