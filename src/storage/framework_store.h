// Scoreboard frameworks per workspace (issue 5): the built-ins (I4-GREEN, NEO-CYCLE) created on
// first use, and custom frameworks with their own dimensions and scale. A framework is editable
// while no closed round uses it (a closed round's scores must keep meaning what they meant).
// Every write is audited (entity "scoreboard_framework").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/scoreboard.h"
#include "storage/audit_store.h"
#include "storage/database.h"

namespace corridor::storage {

inline constexpr const char* kFrameworkEntity = "scoreboard_framework";

// JSON forms stored in dimensions_json / scale_json (also the CLI's and the form's exchange).
std::string DimensionsToJson(const std::vector<domain::Dimension>& dims);
std::string ScaleToJson(const domain::Scale& scale);
Result<std::vector<domain::Dimension>> DimensionsFromJson(const std::string& json);
Result<domain::Scale> ScaleFromJson(const std::string& json);

class FrameworkStore {
 public:
  explicit FrameworkStore(Connection& c) : c_(c) {}

  // Creates the built-in frameworks missing from the workspace; returns how many. Caller owns
  // the transaction.
  Result<int> EnsureBuiltins(int64_t workspace_id, const Actor& who);
  Result<std::vector<domain::Framework>> List(int64_t workspace_id);
  Result<std::optional<domain::Framework>> Get(int64_t workspace_id, int64_t id);
  // By key ("i4-green") or, failing that, by name (case-insensitive).
  Result<std::optional<domain::Framework>> Find(int64_t workspace_id, const std::string& key_or_name);
  // Validates; kConflict when the key exists. Returns the id. Caller owns the transaction.
  Result<int64_t> Create(domain::Framework f, const Actor& who);
  // Name, description, dimensions and scale; refused (kConflict) when a closed round uses the
  // framework, or when f.version is stale. Caller owns the transaction.
  Status Update(const domain::Framework& f, const Actor& who);
  // Refused while any round uses it. Caller owns the transaction.
  Status Delete(int64_t workspace_id, int64_t id, const Actor& who);
  // Rounds using the framework: (all, closed).
  Result<std::pair<int64_t, int64_t>> RoundCounts(int64_t workspace_id, int64_t id);

 private:
  Connection& c_;
};

}  // namespace corridor::storage
