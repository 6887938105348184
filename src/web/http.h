// Corridor's own request/response types, kept apart from the HTTP library
// (only web/http_server.cc includes it).
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace corridor::web {

struct UploadedFile {
  std::string field, filename, content_type, content;
};

struct Request {
  std::string method;  // GET, POST
  std::string path;    // without query string
  std::multimap<std::string, std::string> query;
  std::multimap<std::string, std::string> form;  // urlencoded or multipart text fields
  std::vector<UploadedFile> files;
  std::map<std::string, std::string> headers;    // lower-case names
  std::map<std::string, std::string> cookies;
  std::map<std::string, std::string> params;     // from the route pattern (":slug")
  std::string body;
  std::string remote_addr;

  // First value or "" (query string first for GET, form for POST).
  std::string Query(const std::string& key) const;
  std::string Form(const std::string& key) const;
  std::vector<std::string> FormAll(const std::string& key) const;
  std::vector<std::string> QueryAll(const std::string& key) const;
  std::string Param(const std::string& key) const;
  std::string Header(const std::string& lower_name) const;
  const UploadedFile* File(const std::string& field) const;
};

struct Response {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  static Response Html(std::string body, int status = 200);
  static Response Text(std::string body, int status = 200);
  static Response Json(std::string body, int status = 200);
  static Response Redirect(const std::string& location);  // 303 See Other
  static Response Download(std::string body, const std::string& content_type, const std::string& filename);
  void SetCookie(const std::string& name, const std::string& value, int max_age_s, bool http_only = true);
};

}  // namespace corridor::web
