// Consent texts (versioned per purpose; a new wording is a new version, old ones stay because
// consents point at the exact text shown) and the consents people give, confirm and withdraw.
// Also the workspace's retention setting: records whose consent is older than N months are flagged.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/consent.h"
#include "domain/stakeholder.h"
#include "storage/audit_store.h"
#include "storage/database.h"

namespace corridor::storage {

struct FlaggedRecord {
  int64_t stakeholder_id = 0;
  std::string name, organisation, last_consent_at;  // "" = never had a valid consent
};

class ConsentStore {
 public:
  explicit ConsentStore(Connection& c) : c_(c) {}

  // Version 1 of "contact" (required) and "newsletter" when the workspace has no texts yet.
  Status EnsureDefaults(int64_t workspace_id, const std::string& project_acronym);
  // The latest version per purpose (seeding the defaults first), "contact" first.
  Result<std::vector<domain::ConsentText>> CurrentTexts(int64_t workspace_id, const std::string& project_acronym);
  Result<std::optional<domain::ConsentText>> Text(int64_t workspace_id, int64_t text_id);
  // Adds a new version of `purpose` (version 1 for a new purpose), audited.
  Result<domain::ConsentText> AddVersion(int64_t workspace_id, const std::string& purpose, const std::string& text,
                                         bool required, const Actor& who);

  // Records a consent given to one text version. confirmed_at "" = awaits double opt-in.
  Result<int64_t> Give(int64_t stakeholder_id, const domain::ConsentText& text, const std::string& source,
                       const std::string& confirmed_at = "");
  // Confirms every unconfirmed, unwithdrawn consent of the person; returns how many.
  Result<int64_t> ConfirmPending(int64_t stakeholder_id);
  // Withdraws the open consents for `purpose` ("" = all purposes); returns how many; audited.
  Result<int64_t> Withdraw(int64_t workspace_id, int64_t stakeholder_id, const std::string& purpose,
                           const std::string& via, const Actor& who);
  // Every consent of the person with its text version, newest first.
  Result<std::vector<domain::Consent>> ForStakeholder(int64_t stakeholder_id);
  Result<bool> HasValid(int64_t stakeholder_id, const std::string& purpose);

  // Retention in months (0 = not set); settings key "workspace:<id>:consent_retention_months".
  Result<int> RetentionMonths(int64_t workspace_id);
  Status SetRetentionMonths(int64_t workspace_id, int months, const Actor& who);
  // Active or pending records whose newest valid consent was confirmed more than `months` ago,
  // or that have none; empty when months <= 0.
  Result<std::vector<FlaggedRecord>> Flagged(int64_t workspace_id, int months, const std::string& today_iso);

 private:
  Connection& c_;
};

}  // namespace corridor::storage
