// Runs programs as child processes for the multi-process tests: `corridor serve` instances (the
// built binary, as an operator starts it) and helpers such as nginx. Header-only: every test
// binary compiles tests/test_support.cc, and only the suites that start servers include this.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>

#include "test_support.h"

namespace corridor::testing {

// The corridor binary under test: $CORRIDOR_BIN (set by ctest), else the one built beside the tests.
inline std::string CorridorBinary() {
  const char* bin = std::getenv("CORRIDOR_BIN");
  if (bin && *bin) return bin;
#ifdef CORRIDOR_BIN_DEFAULT
  return CORRIDOR_BIN_DEFAULT;
#else
  return "corridor";
#endif
}

// A child process whose stdout and stderr go to files (no pipe to fill up and block it).
// The destructor SIGKILLs it if it still runs: a failed test never leaves servers behind.
class ChildProcess {
 public:
  ChildProcess() = default;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ~ChildProcess() { Kill(SIGKILL); }

  // Starts `program args...` (no shell). Returns false, with the reason in error(), if fork fails.
  bool Spawn(const std::string& program, const std::vector<std::string>& args, const std::string& out_file,
             const std::string& err_file) {
    out_file_ = out_file;
    err_file_ = err_file;
    std::vector<std::string> argv_s = {program};
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& s : argv_s) argv.push_back(s.data());
    argv.push_back(nullptr);
    pid_t pid = fork();
    if (pid < 0) {
      error_ = std::string("fork: ") + std::strerror(errno);
      return false;
    }
    if (pid == 0) {
      // Child: only async-signal-safe calls until exec.
      int out = open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      int err = open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (out >= 0) dup2(out, 1);
      if (err >= 0) dup2(err, 2);
      int devnull = open("/dev/null", O_RDONLY);
      if (devnull >= 0) dup2(devnull, 0);
      execv(program.c_str(), argv.data());
      _exit(127);
    }
    pid_ = pid;
    return true;
  }

  pid_t pid() const { return pid_; }
  bool running() {
    if (pid_ <= 0) return false;
    int status = 0;
    pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == 0) return true;
    if (r == pid_) Reaped(status);
    return false;
  }
  // Sends `sig` and waits for the process to end; returns how it ended (see ExitDescription).
  int Kill(int sig) {
    if (pid_ <= 0) return status_;
    kill(pid_, sig);
    int status = 0;
    if (waitpid(pid_, &status, 0) == pid_) Reaped(status);
    else pid_ = -1;
    return status_;
  }
  // SIGTERM, and SIGKILL if it has not ended within `grace`; returns how it ended.
  int Stop(std::chrono::milliseconds grace = std::chrono::seconds(10)) {
    if (pid_ <= 0) return status_;
    kill(pid_, SIGTERM);
    if (!WaitExit(grace)) Kill(SIGKILL);
    return status_;
  }
  // Waits up to `timeout` for the process to end by itself; false if it still runs.
  bool WaitExit(std::chrono::milliseconds timeout) {
    auto until = std::chrono::steady_clock::now() + timeout;
    while (running()) {
      if (std::chrono::steady_clock::now() > until) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
  }
  int exit_status() const { return status_; }  // the raw waitpid status, -1 while running
  std::string Stdout() const { return ReadFile(out_file_); }
  std::string Stderr() const { return ReadFile(err_file_); }
  const std::string& error() const { return error_; }

 protected:
  void Reaped(int status) {
    status_ = status;
    pid_ = -1;
  }
  pid_t pid_ = -1;
  int status_ = -1;
  std::string out_file_, err_file_, error_;
};

// `corridor serve --listen 127.0.0.1:0 --db URL --data DIR [extra...]`: the server binds a free
// port and prints "Corridor is running at http://127.0.0.1:PORT/"; Start waits for that line and
// then for the server to answer.
class ServerProcess : public ChildProcess {
 public:
  // `name` tells the logs apart (DIR/<name>.out, .err); `dir` is also the server's --data.
  bool Start(const std::string& db_url, const std::string& dir, const std::string& name,
             const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = {"serve", "--listen", "127.0.0.1:0", "--db", db_url, "--data", dir};
    args.insert(args.end(), extra.begin(), extra.end());
    name_ = name;
    if (!Spawn(CorridorBinary(), args, dir + "/" + name + ".out", dir + "/" + name + ".err")) return false;
    return WaitReady(std::chrono::seconds(30));
  }

  int port() const { return port_; }
  const std::string& name() const { return name_; }
  // The one-time administrator password printed at first start, or "".
  std::string FirstPassword() const {
    static const std::regex re("one-time password +([A-Za-z0-9-]+)");
    std::smatch m;
    std::string out = Stdout();
    return std::regex_search(out, m, re) ? std::string(m[1]) : "";
  }
  // Why Start failed (or what the server said), for test messages.
  std::string Describe() const {
    return name_ + ": " + (error_.empty() ? "" : error_ + "; ") + "stdout: " + Stdout() + " stderr: " + Stderr();
  }

 private:
  bool WaitReady(std::chrono::seconds timeout) {
    static const std::regex re(R"(Corridor is running at http://[0-9.]+:([0-9]+)/)");
    auto until = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < until) {
      std::smatch m;
      std::string out = Stdout();
      if (std::regex_search(out, m, re)) {
        port_ = std::stoi(m[1]);
        break;
      }
      if (!running()) {
        error_ = "the server exited before it was ready (status " + std::to_string(status_) + ")";
        return false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (port_ == 0) {
      error_ = "the server did not report its address in time";
      return false;
    }
    // It has bound the port; wait until a request is answered.
    while (std::chrono::steady_clock::now() < until) {
      httplib::Client c("127.0.0.1", port_);
      c.set_connection_timeout(1, 0);
      if (auto r = c.Get("/login"); r && r->status == 200) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    error_ = "the server did not answer on port " + std::to_string(port_);
    return false;
  }

  std::string name_;
  int port_ = 0;
};

// A loopback TCP port free at the time of the call (for programs that cannot bind port 0 and
// report it, e.g. nginx). Another process may take it before it is used: callers retry.
inline int FreeLoopbackPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  int port = 0;
  socklen_t len = sizeof a;
  if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0)
    port = ntohs(a.sin_port);
  close(fd);
  return port;
}

}  // namespace corridor::testing
