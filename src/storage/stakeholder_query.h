// Read side of the stakeholder registry: the filtered, sorted, paged list (tier computed in SQL
// from influence and interest), counts per tier, per type and per influence/interest cell for
// the charts, and the ids a segment selects. Writes live in StakeholderStore (helper A) and, for
// merges, in StakeholderMerge.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "domain/engagement.h"
#include "domain/stakeholder.h"
#include "storage/database.h"

namespace corridor::storage {

// The SQL expression of the tier of a row of `stakeholders` aliased `s` ('' when unscored).
std::string TierSql();

// WHERE clause (starting " WHERE ") over `stakeholders s` for one workspace, a segment filter
// and the statuses to include (empty = active and pending). Values are bound, never spliced.
struct SqlWhere {
  std::string sql;
  Params params;
};
SqlWhere FilterWhere(Engine engine, int64_t workspace_id, const domain::SegmentFilter& f,
                     const std::vector<std::string>& statuses = {});

struct StakeholderListQuery {
  domain::SegmentFilter filter;
  std::vector<std::string> statuses;  // "active", "pending", "erased", "merged"; empty = active + pending
  std::string sort = "name";          // name | organisation | email | country | type | sector | phase | tier |
                                      // influence | interest | created_at | updated_at
  bool descending = false;
  int limit = 50;                     // capped at 1000
  int offset = 0;
  bool with_total = true;             // false: total stays 0 (the caller has it from Counts)
};

struct StakeholderListItem {
  domain::Stakeholder s;
  std::string tier;                 // TierKey or ""
  bool contact_consent = false;     // a valid consent to be contacted
  bool newsletter_consent = false;
};

struct StakeholderPage {
  std::vector<StakeholderListItem> items;
  int64_t total = 0;
};

struct StakeholderCounts {
  std::map<std::string, int64_t> by_tier;  // TierKey or "" (unscored)
  std::map<std::string, int64_t> by_type;  // type key or ""
  // cells[influence-1][interest-1]: how many records sit in that cell of the matrix.
  std::array<std::array<int64_t, 5>, 5> cells{};
  int64_t total = 0;
};

// The list page's two reads in one: the page and the counts of the same filtered set.
struct StakeholderListAndCounts {
  StakeholderPage page;  // page.total = counts.total
  StakeholderCounts counts;
};

class StakeholderQuery {
 public:
  explicit StakeholderQuery(Connection& c) : c_(c) {}

  Result<StakeholderPage> List(int64_t workspace_id, const StakeholderListQuery& q);
  // List (q.with_total ignored) and the counts over q.statuses. With a filter, it is evaluated
  // once, into a materialised set that both the counts and the page are read from.
  Result<StakeholderListAndCounts> ListWithCounts(int64_t workspace_id, const StakeholderListQuery& q);
  // Counts of the records the filter selects among `statuses` (empty = active and pending).
  Result<StakeholderCounts> Counts(int64_t workspace_id, const domain::SegmentFilter& f,
                                   const std::vector<std::string>& statuses = {});
  // Every record the filter selects, ordered by id (invitation lists, exports). `statuses` as above.
  Result<std::vector<int64_t>> Ids(int64_t workspace_id, const domain::SegmentFilter& f,
                                   const std::vector<std::string>& statuses = {});
  // Full records by id, in the order given; unknown ids are skipped.
  Result<std::vector<StakeholderListItem>> Load(int64_t workspace_id, const std::vector<int64_t>& ids);
  // Distinct values in use (countries, tags; any status) for the filter menus.
  Result<std::vector<std::string>> Countries(int64_t workspace_id);
  Result<std::vector<std::string>> Tags(int64_t workspace_id);

 private:
  Connection& c_;
};

}  // namespace corridor::storage
