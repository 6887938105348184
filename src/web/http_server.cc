// The only file that includes the HTTP library.
#include "web/http_server.h"

#include <httplib.h>

#include "core/embedded_files.h"
#include "core/strings.h"

namespace corridor::web {

namespace {

std::map<std::string, std::string> ParseCookies(const std::string& header) {
  std::map<std::string, std::string> out;
  for (auto& part : strings::Split(header, ';')) {
    std::string p = strings::Trim(part);
    auto eq = p.find('=');
    if (eq != std::string::npos) out[p.substr(0, eq)] = p.substr(eq + 1);
  }
  return out;
}

std::string ContentTypeFor(const std::string& path) {
  if (strings::EndsWith(path, ".css")) return "text/css; charset=utf-8";
  if (strings::EndsWith(path, ".js")) return "text/javascript; charset=utf-8";
  if (strings::EndsWith(path, ".svg")) return "image/svg+xml";
  if (strings::EndsWith(path, ".png")) return "image/png";
  if (strings::EndsWith(path, ".ico")) return "image/x-icon";
  return "application/octet-stream";
}

void SecurityHeaders(httplib::Response& res) {
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Referrer-Policy", "same-origin");
  // A handler that sets its own policy (the embeddable registration form) decides framing
  // through its frame-ancestors; every other page is never framed.
  if (!res.has_header("X-Frame-Options") && !res.has_header("Content-Security-Policy"))
    res.set_header("X-Frame-Options", "DENY");
  if (!res.has_header("Content-Security-Policy"))
    res.set_header("Content-Security-Policy",
                   "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                   "frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
}

}  // namespace

struct HttpServer::Impl {
  AppContext& app;
  const Router& router;
  ServerOptions options;
  httplib::Server server;
  Impl(AppContext& a, const Router& r, ServerOptions o) : app(a), router(r), options(std::move(o)) {}

  void Handle(const httplib::Request& hreq, httplib::Response& hres) {
    Request req;
    req.method = hreq.method;
    req.path = hreq.path;
    req.body = hreq.body;
    req.remote_addr = hreq.remote_addr;
    for (auto& [k, v] : hreq.params) req.query.emplace(k, v);
    for (auto& [k, v] : hreq.headers) req.headers[strings::ToLower(k)] = v;
    req.cookies = ParseCookies(hreq.get_header_value("Cookie"));
    if (hreq.is_multipart_form_data()) {
      for (auto& [k, f] : hreq.files) {
        if (f.filename.empty()) req.form.emplace(k, f.content);
        else req.files.push_back({k, f.filename, f.content_type, f.content});
      }
    } else if (hreq.method == "POST") {
      std::string ct = hreq.get_header_value("Content-Type");
      if (ct.find("application/x-www-form-urlencoded") != std::string::npos) {
        httplib::Params form;
        httplib::detail::parse_query_text(hreq.body, form);
        for (auto& [k, v] : form) req.form.emplace(k, v);
      }
    }
    if (req.method == "POST") {
      // Query-string values never stand in for form fields on a POST.
      for (auto& [k, v] : req.query)
        if (!req.form.count(k) && k != "_csrf") req.form.emplace(k, v);
    }
    Response res = router.Dispatch(app, req);
    hres.status = res.status;
    for (auto& [k, v] : res.headers) hres.set_header(k, v);
    hres.set_content(std::move(res.body), res.content_type);
    SecurityHeaders(hres);
  }

  void ServeStatic(const httplib::Request& hreq, httplib::Response& hres) {
    std::string name = hreq.matches[1];
    std::string_view data = embedded::Get("assets/static/" + name);
    if (data.empty() || name.find("..") != std::string::npos) {
      hres.status = 404;
      hres.set_content("not found", "text/plain");
      return;
    }
    hres.set_content(std::string(data), ContentTypeFor(name));
    hres.set_header("Cache-Control", hreq.has_param("v") ? "public, max-age=31536000, immutable" : "no-cache");
    SecurityHeaders(hres);
  }
};

HttpServer::HttpServer(AppContext& app, const Router& router, ServerOptions options)
    : impl_(std::make_unique<Impl>(app, router, std::move(options))) {
  auto& s = impl_->server;
  s.set_tcp_nodelay(true);
  s.set_keep_alive_max_count(impl_->options.keep_alive_max);
  s.set_keep_alive_timeout(impl_->options.keep_alive_timeout_s);
  s.set_payload_max_length(app.config.max_body_bytes);
  s.set_read_timeout(30, 0);
  int threads = impl_->options.threads;
  s.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  Impl* impl = impl_.get();
  s.Get(R"(/static/([A-Za-z0-9_./-]+))", [impl](const httplib::Request& q, httplib::Response& r) { impl->ServeStatic(q, r); });
  auto handle = [impl](const httplib::Request& q, httplib::Response& r) { impl->Handle(q, r); };
  s.Get(R"(/.*)", handle);
  s.Post(R"(/.*)", handle);
  s.set_exception_handler([](const httplib::Request&, httplib::Response& r, std::exception_ptr ep) {
    std::string what = "unknown error";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    std::fprintf(stderr, "corridor: unhandled error: %s\n", what.c_str());
    r.status = 500;
    r.set_content("Internal error", "text/plain");
  });
  s.set_error_handler([](const httplib::Request&, httplib::Response& r) {
    if (r.status == 413 && r.body.empty()) r.set_content("The upload is larger than this server accepts.", "text/plain");
  });
}

HttpServer::~HttpServer() { Stop(); }

Result<int> HttpServer::Bind() {
  auto& s = impl_->server;
  int port = impl_->options.port;
  if (port == 0) {
    port = s.bind_to_any_port(impl_->options.host);
    if (port <= 0) return Status::Io("cannot bind " + impl_->options.host);
  } else if (!s.bind_to_port(impl_->options.host, port)) {
    return Status::Io("cannot listen on " + impl_->options.host + ":" + std::to_string(port) +
                      " (is another server running there?)");
  }
  return port;
}

void HttpServer::Listen() { impl_->server.listen_after_bind(); }

void HttpServer::Stop() {
  if (impl_ && impl_->server.is_running()) impl_->server.stop();
}

}  // namespace corridor::web
