// Everything a request handler may use, passed explicitly (no global singletons).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "storage/database.h"

namespace corridor::storage {
class GroupCommit;
}

namespace corridor::analytics {
class DiscoveryService;
}

namespace corridor::web {

struct AppConfig {
  std::string data_dir = "data";
  bool secure_cookies = false;              // set when served behind HTTPS
  size_t max_body_bytes = 64u << 20;        // uploads (xlsx/csv) included
  int session_hours = 12;
  // Reverse proxies (load balancers) whose X-Forwarded-For is believed: behind one, every
  // request comes from its address, so the per-address login limit needs the client's.
  std::vector<std::string> trusted_proxies;
  // The address people reach this instance at ("https://corridor.example.org"), for links in
  // mails (registration confirmation, self-service). Never taken from the request's Host header,
  // which a sender controls; empty = http://localhost.
  std::string public_url;
};

struct AppContext {
  storage::Database& db;
  AppConfig config;
  analytics::DiscoveryService* discovery = nullptr;  // corpus index; may be null in tests
  // Public registrations share durable commits through it (storage/group_commit.h); null: each
  // registration commits on its own.
  storage::GroupCommit* registrations = nullptr;
};

}  // namespace corridor::web
