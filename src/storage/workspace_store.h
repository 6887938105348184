// Workspaces (focal project or cluster) and their consortium partners.
#pragma once

#include <optional>
#include <vector>

#include "domain/workspace.h"
#include "storage/audit_store.h"
#include "storage/database.h"

namespace corridor::storage {

class WorkspaceStore {
 public:
  explicit WorkspaceStore(Connection& c) : c_(c) {}
  Result<int64_t> Create(const domain::Workspace& w, const Actor& who);
  // Updates the scalar fields and replaces the partner list, auditing each change.
  Status Update(const domain::Workspace& w, const Actor& who);
  Result<std::optional<domain::Workspace>> FindBySlug(const std::string& slug);
  Result<std::optional<domain::Workspace>> FindById(int64_t id);
  Result<std::vector<domain::Workspace>> List();  // without partners
  Result<std::vector<domain::Workspace>> ListForUser(int64_t user_id, bool site_admin);

 private:
  Status LoadPartners(domain::Workspace& w);
  Connection& c_;
};

}  // namespace corridor::storage
