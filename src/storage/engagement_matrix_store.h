// The engagement matrix of a workspace (seed 001 Table 3): per stakeholder group, its expected
// role, the value offered and the engagement objectives, and which taxonomy types it covers.
// Seeded with the six groups of Table 3 on first use; every write audited (entity "engagement").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/engagement.h"
#include "storage/audit_store.h"
#include "storage/database.h"

namespace corridor::storage {

class EngagementMatrixStore {
 public:
  explicit EngagementMatrixStore(Connection& c) : c_(c) {}

  // Inserts the Table 3 defaults when the workspace has no row yet; returns how many. Caller
  // owns the transaction.
  Result<int> EnsureDefaults(int64_t workspace_id, const Actor& who);
  // Rows in position order (empty before EnsureDefaults).
  Result<std::vector<domain::EngagementRow>> List(int64_t workspace_id);
  // The row covering a stakeholder type, if any (the record page shows it).
  Result<std::optional<domain::EngagementRow>> ForType(int64_t workspace_id, const std::string& type_key);
  // Validates (the error names the field) and saves: id 0 inserts at the end. Field-level audit.
  Result<int64_t> Save(int64_t workspace_id, domain::EngagementRow row, const Actor& who);
  Status Delete(int64_t workspace_id, int64_t id, const Actor& who);

 private:
  Connection& c_;
};

}  // namespace corridor::storage
