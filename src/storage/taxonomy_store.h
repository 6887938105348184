// A workspace's stakeholder taxonomy (types, sectors, value-chain phases): seeded from
// domain::DefaultTaxonomy() on first use, editable (relabel, add, retire; keys never change,
// so old records still read).
#pragma once

#include <string>
#include <vector>

#include "domain/stakeholder.h"
#include "storage/audit_store.h"
#include "storage/database.h"

namespace corridor::storage {

struct TaxonomyRow {
  domain::TaxonomyEntry entry;
  int position = 0;
  bool retired = false;
};

class TaxonomyStore {
 public:
  explicit TaxonomyStore(Connection& c) : c_(c) {}
  // Inserts the defaults when the workspace has no taxonomy yet (idempotent, race-safe).
  Status EnsureDefaults(int64_t workspace_id);
  // Seeds if needed, then lists by kind and position.
  Result<std::vector<TaxonomyRow>> List(int64_t workspace_id, bool include_retired = false);
  // Adds an entry or changes its label / retired flag, audited (entity "taxonomy").
  Status Save(int64_t workspace_id, domain::TaxonomyKind kind, const std::string& key, const std::string& label,
              bool retired, const Actor& who);
  // The label of a key ("" when unknown).
  static std::string LabelOf(const std::vector<TaxonomyRow>& rows, domain::TaxonomyKind kind, const std::string& key);
  static bool Has(const std::vector<TaxonomyRow>& rows, domain::TaxonomyKind kind, const std::string& key);

 private:
  Connection& c_;
};

}  // namespace corridor::storage
