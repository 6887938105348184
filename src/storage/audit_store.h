// The audit trail: who changed which field of which record, when, from what to what.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "storage/database.h"

namespace corridor::storage {

struct Actor {  // who is acting; user_id 0 = the system (CLI, importer)
  int64_t user_id = 0;
  std::string name = "system";
};

struct AuditEntry {
  int64_t id = 0;
  std::string at, user_name, entity, action, field, old_value, new_value;
  int64_t user_id = 0, workspace_id = 0, entity_id = 0, entity_version = 0;
};

class AuditStore {
 public:
  explicit AuditStore(Connection& c) : c_(c) {}
  Status Record(const Actor& who, int64_t workspace_id, const std::string& entity, int64_t entity_id,
                const std::string& action, const std::string& field = "", const std::string& old_value = "",
                const std::string& new_value = "", int64_t entity_version = 0);
  Result<std::vector<AuditEntry>> ForEntity(const std::string& entity, int64_t entity_id, int limit = 500);
  // Changes recorded after the record had `version` (for conflict messages).
  Result<std::vector<AuditEntry>> SinceVersion(const std::string& entity, int64_t entity_id, int64_t version);
  Result<std::vector<AuditEntry>> ForWorkspace(int64_t workspace_id, int limit = 200);

 private:
  Connection& c_;
};

}  // namespace corridor::storage
