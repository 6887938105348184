// Shared by the cluster suites: users, the registry form as a browser posts it, PostgreSQL URLs.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <cstdlib>
#include <regex>
#include <string>

#include "domain/sister_project.h"
#include "storage/database.h"
#include "storage/registry_store.h"
#include "storage/user_store.h"
#include "storage/workspace_store.h"

namespace corridor::testing {

inline constexpr const char* kClusterPassword = "correct-horse-battery";

// True when this run is the pass of scripts/run-tests.sh for the other engine
// (CORRIDOR_TEST_ENGINE names the pass; unset, as by hand, every test runs).
inline bool OtherEnginesPass(const std::string& engine) {
  const char* pass = std::getenv("CORRIDOR_TEST_ENGINE");
  return pass && *pass && engine != pass;
}

// Adds Corridor's schema parameter to a PostgreSQL URL.
inline std::string WithSchema(const std::string& url, const std::string& schema) {
  return url + (url.find('?') == std::string::npos ? "?" : "&") + "schema=" + schema;
}

inline int64_t WorkspaceId(storage::Database& db, const std::string& slug) {
  auto c = db.Acquire();
  auto w = storage::WorkspaceStore(*c).FindBySlug(slug);
  EXPECT_TRUE(w.ok() && w->has_value()) << slug;
  return w.ok() && *w ? (*w)->id : 0;
}

// A user with kClusterPassword (no forced change); an editor of `ws` unless "".
inline void AddUser(storage::Database& db, const std::string& email, const std::string& name, bool site_admin,
                    const std::string& ws = "") {
  int64_t wid = ws.empty() ? 0 : WorkspaceId(db, ws);
  auto c = db.Acquire();
  storage::UserStore users(*c);
  auto id = users.Create(email, name, kClusterPassword, site_admin);
  ASSERT_TRUE(id.ok()) << id.status().message();
  if (!ws.empty()) {
    ASSERT_TRUE(users.SetRole(wid, *id, domain::Role::kEditor).ok());
  }
}

inline domain::SisterProject Stored(storage::Database& db, int64_t ws, const std::string& acronym) {
  auto c = db.Acquire();
  auto p = storage::RegistryStore(*c).FindByAcronym(ws, acronym);
  EXPECT_TRUE(p.ok() && p->has_value()) << acronym;
  return p.ok() && *p ? **p : domain::SisterProject{};
}

// The edit form as a browser posts it, from a record as loaded.
inline httplib::Params FormOf(const domain::SisterProject& p) {
  httplib::Params f;
  for (const auto& spec : domain::SisterProjectFields()) f.emplace(spec.key, p.Get(spec.key));
  for (const auto& l : p.value_chain_links) f.emplace("value_chain_links", l);
  f.emplace("topic", p.topic);
  f.emplace("version", std::to_string(p.version));
  return f;
}

inline void SetField(httplib::Params& f, const std::string& key, const std::string& value) {
  f.erase(key);
  f.emplace(key, value);
}

// A valid new registry record (the "Add manually" form).
inline httplib::Params NewRecordForm(const std::string& acronym) {
  return {{"name", "Durable write " + acronym},
          {"acronym", acronym},
          {"website", "https://example.eu/pilot"},
          {"contact_email", "info@example.eu"},
          {"status", "Ongoing"},
          {"start_date", "2024-09-01"},
          {"end_date", "2027-08-31"},
          {"budget_eur", "1234567.89"},
          {"coordinator_name", "Fraunhofer"},
          {"coordinator_country", "de"},
          {"partner_count", "12"},
          {"shared_partner_count", "1"},
          {"shared_partner_names", "IDE"},
          {"programme", "Horizon Europe"},
          {"short_description", "A record written by the cluster tests."},
          {"industry_field", "recycling; magnets"},
          {"objectives", "Survive crashes."},
          {"keywords", "durability"},
          {"relevance_score", "3"},
          {"relevance_comment", "Written under load."},
          {"value_chain_links", "Collection phase"},
          {"value_chain_links", "Recycling phase"},
          {"topic", "Recycling technology"}};
}

inline bool Contains(const std::string& body, const std::string& needle) {
  return body.find(needle) != std::string::npos;
}

}  // namespace corridor::testing
