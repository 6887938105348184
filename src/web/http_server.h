// The HTTP listener (cpp-httplib behind this seam): converts to/from web::Request/Response,
// serves embedded static files, sets security headers and limits.
#pragma once

#include <memory>
#include <string>

#include "core/status.h"
#include "web/app_context.h"
#include "web/router.h"

namespace corridor::web {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;         // 0 = any free port
  int threads = 32;
  int keep_alive_max = 200;
  int keep_alive_timeout_s = 3;
};

class HttpServer {
 public:
  HttpServer(AppContext& app, const Router& router, ServerOptions options);
  ~HttpServer();
  // Binds; returns the bound port.
  Result<int> Bind();
  // Serves until Stop() (blocking).
  void Listen();
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace corridor::web
