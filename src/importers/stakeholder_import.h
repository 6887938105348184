// Contact import (.xlsx or .csv) into the stakeholder registry, in two steps like the registry
// import (importers/registry_import.h, whose file reader it reuses):
//   ReadFile + AutoMap  the header row and each column's target (name, organisation, e-mail, ...)
//   BuildPreview        each row normalised (domain::NormaliseStakeholder), taxonomy values matched
//                       by key or label, matched to an existing record by e-mail (update) or new
//                       (create); every problem reported with its row number; an e-mail repeated
//                       in the file is an error on the later rows
//   Commit              one transaction, all or nothing, or skipping the rows with errors when
//                       asked (they are reported). Audited through StakeholderStore.
// Consent: a "consent to contact" / "consent to newsletter" column that says yes records a
// consent to the workspace's current text for that purpose, with source "import: FILE"; without
// such a column the imported people have no valid consent (and invitation lists exclude them).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/stakeholder.h"
#include "domain/workspace.h"
#include "importers/registry_import.h"
#include "storage/audit_store.h"
#include "storage/database.h"

namespace corridor::importers::stakeholders {

using registry::ColumnMap;
using registry::Sheet;

struct Target {
  std::string key, label;
};
// name, organisation, email, country, type, sector, phase, interests, tags, influence, interest,
// actor, notes, consent_contact, consent_newsletter
const std::vector<Target>& Targets();
std::string TargetLabel(std::string_view key);  // "" when unknown

// Reads the file (formats and limits as the registry import); row 1 (the first non-blank) is the header.
Result<Sheet> ReadFile(std::string_view filename, std::string bytes);
std::vector<ColumnMap> AutoMap(const std::vector<std::string>& headers);
// The user's choice for the column `header` (exact or normalised) or "#N" (1-based); "" / "-" ignores.
Status ApplyOverride(std::vector<ColumnMap>& mapping, std::string_view header, std::string_view target);

enum class Action { kCreate, kUpdate, kUnchanged, kError };
std::string ActionName(Action a);

struct PreviewRow {
  int64_t row = 0;
  Action action = Action::kError;
  domain::Stakeholder s;        // normalised; s.id set for updates
  std::vector<std::string> changed;  // fields an update changes
  bool consent_contact = false, consent_newsletter = false;
  std::vector<std::string> errors;   // "row 4: email: not a valid address"
  // A new record that resembles existing ones (similar name and organisation): imported, and
  // flagged for the duplicates page. "possible duplicate of #12 Jane Doe (Acme)"
  std::vector<std::string> warnings;
};

struct Preview {
  std::string filename;
  std::vector<ColumnMap> mapping;
  std::vector<std::string> mapping_errors, notes;
  std::vector<PreviewRow> rows;
  int creates = 0, updates = 0, unchanged = 0, error_rows = 0;
  bool CanCommit(bool skip_errors) const;
};

Result<Preview> BuildPreview(storage::Connection& c, const domain::Workspace& ws, const Sheet& sheet,
                             std::vector<ColumnMap> mapping);

struct CommitResult {
  int created = 0, updated = 0, unchanged = 0, consents = 0;
  int flagged = 0;  // created records flagged as possible duplicates
  std::vector<std::string> skipped;  // the errors of the skipped rows
};
// Caller owns no transaction: Commit opens one.
Result<CommitResult> Commit(storage::Connection& c, const domain::Workspace& ws, const Preview& preview,
                            const storage::Actor& who, bool skip_errors);

}  // namespace corridor::importers::stakeholders
