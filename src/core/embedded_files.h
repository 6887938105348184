// Files compiled into the binary: SQL migrations, templates, static assets.
// Paths are relative to the source root, e.g. "assets/templates/layout.html",
// "src/storage/migrations/sqlite/0001_init.sql", "assets/static/vendor/chart.umd.js".
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace corridor::embedded {

struct File {
  std::string path;
  std::string_view data;
};

const std::vector<File>& All();
// Empty view when absent.
std::string_view Get(std::string_view path);

}  // namespace corridor::embedded
