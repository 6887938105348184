// The S3P partnerships catalogue of a workspace (seed 000 Tables 1 and 2: platform, partnership,
// leading regions resolved to NUTS 2021 codes, priority, synergies, interaction focus, points to
// benchmark), editable, and the selection filter over the workspace's regions: those tied to
// CRITICAL and VERY HIGH partnerships first. Every write is audited (entity "s3p_partnership").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/scoreboard.h"
#include "storage/audit_store.h"
#include "storage/database.h"

namespace corridor::storage {

inline constexpr const char* kS3pEntity = "s3p_partnership";

class S3pStore {
 public:
  explicit S3pStore(Connection& c) : c_(c) {}

  // Loads the seed catalogue into a workspace that has none; returns how many rows were added.
  // Caller owns the transaction.
  Result<int> SeedCatalogue(int64_t workspace_id, const Actor& who);
  // By priority (CRITICAL first), then position.
  Result<std::vector<domain::S3pPartnership>> List(int64_t workspace_id);
  Result<std::optional<domain::S3pPartnership>> Get(int64_t workspace_id, int64_t id);
  // Validated; region codes must be NUTS 2021 codes (RegionStore::CheckNutsCodes); the
  // partnership name is unique in the workspace (kConflict). Caller owns the transaction.
  Result<int64_t> Create(domain::S3pPartnership p, const Actor& who);
  Status Update(domain::S3pPartnership p, const Actor& who);
  Status Delete(int64_t workspace_id, int64_t id, const Actor& who);

  // The selection filter over `codes` (or, when empty, the workspace's regions of interest
  // plus every region the catalogue names).
  Result<std::vector<domain::RegionPriority>> SelectionFilter(int64_t workspace_id,
                                                              const std::vector<std::string>& codes = {});

 private:
  Status Check(domain::S3pPartnership& p);
  Connection& c_;
};

}  // namespace corridor::storage
