#include "web/http.h"

#include "core/strings.h"

namespace corridor::web {

namespace {
std::string First(const std::multimap<std::string, std::string>& m, const std::string& k) {
  auto it = m.find(k);
  return it == m.end() ? "" : it->second;
}
std::vector<std::string> All(const std::multimap<std::string, std::string>& m, const std::string& k) {
  std::vector<std::string> out;
  auto [b, e] = m.equal_range(k);
  for (auto it = b; it != e; ++it) out.push_back(it->second);
  return out;
}
}  // namespace

std::string Request::Query(const std::string& k) const { return First(query, k); }
std::string Request::Form(const std::string& k) const { return First(form, k); }
std::vector<std::string> Request::FormAll(const std::string& k) const { return All(form, k); }
std::vector<std::string> Request::QueryAll(const std::string& k) const { return All(query, k); }
std::string Request::Param(const std::string& k) const {
  auto it = params.find(k);
  return it == params.end() ? "" : it->second;
}
std::string Request::Header(const std::string& k) const {
  auto it = headers.find(k);
  return it == headers.end() ? "" : it->second;
}
const UploadedFile* Request::File(const std::string& field) const {
  for (const auto& f : files)
    if (f.field == field && !f.content.empty()) return &f;
  return nullptr;
}

Response Response::Html(std::string body, int status) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}
Response Response::Text(std::string body, int status) {
  Response r;
  r.status = status;
  r.content_type = "text/plain; charset=utf-8";
  r.body = std::move(body);
  return r;
}
Response Response::Json(std::string body, int status) {
  Response r;
  r.status = status;
  r.content_type = "application/json";
  r.body = std::move(body);
  return r;
}
Response Response::Redirect(const std::string& location) {
  Response r;
  r.status = 303;
  r.headers.emplace_back("Location", location);
  return r;
}
Response Response::Download(std::string body, const std::string& type, const std::string& filename) {
  Response r;
  r.content_type = type;
  r.body = std::move(body);
  std::string safe;
  for (char c : filename) safe += (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_') ? c : '_';
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + safe + "\"");
  return r;
}
void Response::SetCookie(const std::string& name, const std::string& value, int max_age_s, bool http_only) {
  std::string c = name + "=" + value + "; Path=/; SameSite=Lax; Max-Age=" + std::to_string(max_age_s);
  if (http_only) c += "; HttpOnly";
  headers.emplace_back("Set-Cookie", c);
}

}  // namespace corridor::web
