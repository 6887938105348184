#include "importers/cordis_fetch.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>

#include "core/strings.h"

namespace corridor::importers {

namespace fs = std::filesystem;

std::vector<std::string> DefaultCordisUrls() {
  return {"https://cordis.europa.eu/data/cordis-HORIZONprojects-csv.zip",
          "https://cordis.europa.eu/data/cordis-h2020projects-csv.zip"};
}

namespace {

void EnsureCurlInitialised() {
  // curl_global_init is not thread-safe; the web server may fetch from a worker thread.
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// Last path segment of the URL, restricted to a safe character set (the name comes from the
// network side, so it must never climb out of target_dir).
std::string FileNameFromUrl(const std::string& url) {
  std::string path = url;
  size_t scheme = path.find("://");
  if (scheme != std::string::npos) path = path.substr(scheme + 3);
  path = path.substr(0, path.find_first_of("?#"));
  size_t slash = path.find('/');
  path = slash == std::string::npos ? "" : path.substr(slash);
  std::string name = path.substr(path.rfind('/') + 1);
  for (char& c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_')) c = '_';
  if (name.empty() || name == "." || name == "..") name = "download";
  return name;
}

struct Transfer {
  CURL* curl = nullptr;
  int fd = -1;
  uint64_t bytes = 0;
  uint64_t total = 0;
  uint64_t max_bytes = 0;
  std::string url;
  Status error;  // set when the callback aborts the transfer
  FetchProgress progress;
  const FetchProgressFn* progress_fn = nullptr;
  std::chrono::steady_clock::time_point last_report{};
};

void Report(Transfer* t, bool done) {
  if (t->progress_fn == nullptr || !*t->progress_fn) return;
  t->progress.bytes = t->bytes;
  t->progress.total = t->total;
  t->progress.done = done;
  (*t->progress_fn)(t->progress);
}

size_t OnData(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t n = size * count;
  if (t->total == 0) {
    curl_off_t length = -1;
    if (curl_easy_getinfo(t->curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length) == CURLE_OK && length > 0)
      t->total = static_cast<uint64_t>(length);
    if (t->total > t->max_bytes) {
      t->error = Status::TooLarge(t->url + " announces " + std::to_string(t->total) +
                                  " bytes, more than the limit of " + std::to_string(t->max_bytes));
      return 0;
    }
  }
  if (t->bytes + n > t->max_bytes) {
    t->error = Status::TooLarge(t->url + " sends more than the limit of " + std::to_string(t->max_bytes) + " bytes");
    return 0;
  }
  size_t written = 0;
  while (written < n) {
    ssize_t w = ::write(t->fd, data + written, n - written);
    if (w < 0) {
      if (errno == EINTR) continue;
      t->error = Status::Io("cannot write the download of " + t->url + ": " + std::strerror(errno));
      return 0;
    }
    written += static_cast<size_t>(w);
  }
  t->bytes += n;
  auto now = std::chrono::steady_clock::now();
  if (now - t->last_report >= std::chrono::milliseconds(200)) {
    t->last_report = now;
    Report(t, false);
  }
  return n;
}

Status CurlFailure(CURLcode rc, CURL* curl, const Transfer& t, const char* errbuf) {
  long code = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
  std::string detail = errbuf[0] ? errbuf : curl_easy_strerror(rc);
  switch (rc) {
    case CURLE_HTTP_RETURNED_ERROR:
      if (code == 404 || code == 410) return Status::NotFound("HTTP " + std::to_string(code) + " from " + t.url);
      return Status::Io("HTTP " + std::to_string(code) + " from " + t.url);
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
      return Status::Io("download of " + t.url + " was interrupted after " + std::to_string(t.bytes) +
                        (t.total ? " of " + std::to_string(t.total) : std::string()) + " bytes: " + detail);
    case CURLE_OPERATION_TIMEDOUT:
      return Status::Io("download of " + t.url + " timed out after " + std::to_string(t.bytes) + " bytes: " + detail);
    case CURLE_FILESIZE_EXCEEDED:
      return Status::TooLarge(t.url + " is larger than the limit of " + std::to_string(t.max_bytes) + " bytes");
    default: return Status::Io("cannot download " + t.url + ": " + detail);
  }
}

// The .part file, removed unless released after the rename.
class PartFile {
 public:
  explicit PartFile(std::string path) : path_(std::move(path)) {}
  ~PartFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!kept_) ::unlink(path_.c_str());
  }
  Status Open() {
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0) return Status::Io("cannot create " + path_ + ": " + std::strerror(errno));
    return Status::Ok();
  }
  Status SyncAndClose() {
    if (::fsync(fd_) != 0) return Status::Io("cannot sync " + path_ + ": " + std::strerror(errno));
    int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) return Status::Io("cannot close " + path_ + ": " + std::strerror(errno));
    return Status::Ok();
  }
  std::string Head(size_t n) const {
    std::string head(n, '\0');
    int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return "";
    ssize_t r = ::read(fd, head.data(), n);
    ::close(fd);
    head.resize(r > 0 ? static_cast<size_t>(r) : 0);
    return head;
  }
  int fd() const { return fd_; }
  const std::string& path() const { return path_; }
  void Keep() { kept_ = true; }

 private:
  std::string path_;
  int fd_ = -1;
  bool kept_ = false;
};

void SyncDirectory(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)::fsync(fd);  // best effort: makes the rename durable
  ::close(fd);
}

Result<FetchedFile> Fetch(const std::string& url, const FetchOptions& options, const FetchProgressFn& progress,
                          int index, int count) {
  if (!strings::StartsWith(strings::ToLower(url), "http://") && !strings::StartsWith(strings::ToLower(url), "https://"))
    return Status::Invalid("not an http(s) URL: " + url);
  if (options.target_dir.empty()) return Status::Invalid("no target directory for the download");
  std::error_code ec;
  fs::create_directories(options.target_dir, ec);
  if (ec) return Status::Io("cannot create " + options.target_dir + ": " + ec.message());

  const std::string name = FileNameFromUrl(url);
  const std::string final_path = (fs::path(options.target_dir) / name).string();
  PartFile part(final_path + ".part");
  CORRIDOR_RETURN_IF_ERROR(part.Open());

  EnsureCurlInitialised();
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
  if (!curl) return Status::Internal("curl_easy_init failed");
  char errbuf[CURL_ERROR_SIZE] = {0};
  Transfer t;
  t.curl = curl.get();
  t.fd = part.fd();
  t.max_bytes = options.max_bytes;
  t.url = url;
  t.progress.url = url;
  t.progress.file = name;
  t.progress.file_index = index;
  t.progress.files_total = count;
  t.progress_fn = &progress;

  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_FAILONERROR, 1L);
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_USERAGENT, options.user_agent.c_str());
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, options.connect_timeout_s);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, options.low_speed_bytes);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, options.low_speed_time_s);
  if (options.total_timeout_s > 0) curl_easy_setopt(c, CURLOPT_TIMEOUT, options.total_timeout_s);
  curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options.max_bytes));
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &OnData);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);

  CURLcode rc = curl_easy_perform(c);
  if (!t.error.ok()) return t.error;
  if (rc != CURLE_OK) return CurlFailure(rc, c, t, errbuf);
  long code = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
  if (code < 200 || code >= 300) return Status::Io("HTTP " + std::to_string(code) + " from " + url + " (expected 200)");
  if (t.total && t.bytes != t.total)
    return Status::Io("download of " + url + " was interrupted after " + std::to_string(t.bytes) + " of " +
                      std::to_string(t.total) + " bytes");
  CORRIDOR_RETURN_IF_ERROR(part.SyncAndClose());
  if (options.require_zip && strings::EndsWith(strings::ToLower(name), ".zip")) {
    std::string head = part.Head(4);
    if (head != std::string("PK\x03\x04", 4) && head != std::string("PK\x05\x06", 4)) {
      std::string shown = part.Head(40);
      for (char& ch : shown)
        if (static_cast<unsigned char>(ch) < 0x20) ch = ' ';
      return Status::Corrupt(url + " did not deliver a zip file (it starts with \"" + shown + "\")");
    }
  }
  if (::rename(part.path().c_str(), final_path.c_str()) != 0)
    return Status::Io("cannot rename " + part.path() + " to " + final_path + ": " + std::strerror(errno));
  part.Keep();  // renamed: nothing left to remove
  SyncDirectory(options.target_dir);
  Report(&t, true);
  return FetchedFile{url, final_path, t.bytes};
}

}  // namespace

Result<FetchedFile> FetchFile(const std::string& url, const FetchOptions& options, const FetchProgressFn& progress) {
  return Fetch(url, options, progress, 1, 1);
}

Result<std::vector<FetchedFile>> FetchCordis(const FetchOptions& options, const FetchProgressFn& progress) {
  const std::vector<std::string> urls = options.urls.empty() ? DefaultCordisUrls() : options.urls;
  std::vector<FetchedFile> out;
  for (size_t i = 0; i < urls.size(); ++i) {
    auto f = Fetch(urls[i], options, progress, static_cast<int>(i + 1), static_cast<int>(urls.size()));
    if (!f.ok()) return f.status();
    out.push_back(std::move(*f));
  }
  return out;
}

}  // namespace corridor::importers
