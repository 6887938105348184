// Numeric regional indicators of a workspace (issue 5): datasets (one imported file each, with
// its import report), the indicators they hold (code, label, unit, direction) and the values
// by (NUTS 2021 region code or user region key, indicator, year). Writes are audited (entities
// "indicator_dataset" and "indicator"); values themselves are bulk data, counted in the audit
// entry of their import rather than logged one by one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/audit_store.h"
#include "storage/database.h"

namespace corridor::storage {

inline constexpr const char* kIndicatorDatasetEntity = "indicator_dataset";
inline constexpr const char* kIndicatorEntity = "indicator";

struct Indicator {
  int64_t id = 0, workspace_id = 0, dataset_id = 0;
  std::string code;   // as in the file: "rd_e_gerdreg_total_pc_gdp"
  std::string label;  // "GERD, all sectors, % of GDP"
  std::string unit;   // "% of GDP"
  int direction = 1;  // +1: higher is better; -1: lower is better
  // Read-only summary (filled by the list calls).
  int64_t value_count = 0, region_count = 0;
  int min_year = 0, max_year = 0;
};

struct IndicatorDataset {
  int64_t id = 0, workspace_id = 0;
  std::string name, source, format, file_name;
  std::string report;  // the import report, JSON
  int64_t value_count = 0;
  std::string imported_by, imported_at;
  std::vector<Indicator> indicators;  // filled by ListDatasets / GetDataset
};

struct IndicatorValue {
  int64_t indicator_id = 0;
  std::string region_code;    // NUTS 2021 (mapped at import) or a user region key
  int year = 0;
  double value = 0;
  std::string original_code;  // as the file wrote it, when it was an older code
};

class IndicatorStore {
 public:
  explicit IndicatorStore(Connection& c) : c_(c) {}

  // Name required (1-200 chars), unique in the workspace (kConflict names it). Caller owns the transaction.
  Result<int64_t> CreateDataset(IndicatorDataset& d, const Actor& who);
  // Code required (1-100 chars), unique in the workspace: kConflict "indicator X is already in
  // dataset Y" (delete that dataset, or import with replace). Direction must be +1 or -1.
  Result<int64_t> CreateIndicator(Indicator& i, const Actor& who);
  // Bulk insert through one prepared statement. Caller owns the transaction.
  Status InsertValues(const std::vector<IndicatorValue>& values);
  Status SetDatasetValueCount(int64_t dataset_id, int64_t count);
  // Deletes the dataset, its indicators and values. kNotFound when absent.
  Status DeleteDataset(int64_t workspace_id, int64_t dataset_id, const Actor& who);
  // Deletes one indicator and its values (replace on re-import). Caller owns the transaction.
  Status DeleteIndicator(int64_t workspace_id, int64_t indicator_id, const Actor& who);
  // Label, unit and direction (the code is fixed); audited field by field.
  Status UpdateIndicator(const Indicator& i, const Actor& who);

  Result<std::vector<IndicatorDataset>> ListDatasets(int64_t workspace_id);
  Result<std::optional<IndicatorDataset>> GetDataset(int64_t workspace_id, int64_t dataset_id);
  // Every indicator of the workspace with its summary, ordered by code.
  Result<std::vector<Indicator>> ListIndicators(int64_t workspace_id);
  Result<std::optional<Indicator>> FindIndicator(int64_t workspace_id, const std::string& code);

  // Values of these indicators (all of the workspace's when empty) for these regions (all when
  // empty) with year_from <= year <= year_to; ordered by indicator, region, year.
  Result<std::vector<IndicatorValue>> Values(int64_t workspace_id, const std::vector<int64_t>& indicator_ids,
                                             const std::vector<std::string>& region_codes, int year_from,
                                             int year_to);
  // The years with at least one value, ascending.
  Result<std::vector<int>> Years(int64_t workspace_id);

 private:
  Connection& c_;
};

}  // namespace corridor::storage
