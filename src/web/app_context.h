// Everything a request handler may use, passed explicitly (no global singletons).
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "storage/database.h"

namespace corridor::analytics {
class DiscoveryService;
}

namespace corridor::web {

struct AppConfig {
  std::string data_dir = "data";
  bool secure_cookies = false;              // set when served behind HTTPS
  size_t max_body_bytes = 64u << 20;        // uploads (xlsx/csv) included
  int session_hours = 12;
};

struct AppContext {
  storage::Database& db;
  AppConfig config;
  analytics::DiscoveryService* discovery = nullptr;  // corpus index; may be null in tests
};

}  // namespace corridor::web
