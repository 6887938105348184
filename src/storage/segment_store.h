// Saved segments: named stakeholder filters of a workspace (seed 001 section 2.2.1), the four
// predefined subgroups among them. filter_json holds the domain::SegmentFilter (format in
// migrations/*/0003_stakeholders.sql). Every write is audited (entity "segment").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/engagement.h"
#include "storage/audit_store.h"
#include "storage/database.h"

namespace corridor::storage {

struct Segment {
  int64_t id = 0;
  int64_t workspace_id = 0;
  std::string name, description;
  domain::SegmentFilter filter;
  bool predefined = false;
  std::string created_by, created_at;
};

// {"types":[...],"sectors":[...],"phases":[...],"tiers":[...],"countries":[...],"consent":"",
//  "tags":[...],"actor":true|false|null,"q":""}
std::string FilterToJson(const domain::SegmentFilter& f);
// Refuses malformed JSON or a value AddFilterValue refuses, naming it; unknown keys are ignored.
Result<domain::SegmentFilter> FilterFromJson(const std::string& json);

// The workspace's stakeholder types (stakeholder_taxonomy, retired left out), or the defaults
// when the workspace has no taxonomy yet.
Result<std::vector<domain::TaxonomyEntry>> WorkspaceTaxonomy(Connection& c, int64_t workspace_id);

class SegmentStore {
 public:
  explicit SegmentStore(Connection& c) : c_(c) {}

  // Creates the four predefined subgroups when the workspace has none yet (first use); returns
  // how many were created. Caller owns the transaction.
  Result<int> EnsurePredefined(int64_t workspace_id, const Actor& who);
  Result<std::vector<Segment>> List(int64_t workspace_id);
  Result<std::optional<Segment>> Get(int64_t workspace_id, int64_t id);
  // By name, case-insensitively.
  Result<std::optional<Segment>> FindByName(int64_t workspace_id, const std::string& name);
  // Name 1-120 characters, unique in the workspace (kConflict naming it). Returns the id.
  Result<int64_t> Create(int64_t workspace_id, const std::string& name, const std::string& description,
                         const domain::SegmentFilter& filter, const Actor& who);
  Status Update(int64_t workspace_id, int64_t id, const std::string& name, const std::string& description,
                const domain::SegmentFilter& filter, const Actor& who);
  Status Delete(int64_t workspace_id, int64_t id, const Actor& who);

 private:
  Connection& c_;
};

}  // namespace corridor::storage
