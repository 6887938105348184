// Participant list upload (.csv or .xlsx) for a clustering event: the file is read like the other
// imports (importers/registry_import.h: format checked by extension and content, limits), the
// header row mapped to name / organisation / email / country / type (a label, key or a common
// variant: "Full name", "E-mail", "Affiliation", "Stakeholder type", ...), and each data row kept
// with its line number in the file. Validation, matching to stakeholders by e-mail and the write
// are EventEvidenceStore::ImportParticipants (all or nothing unless bad rows are skipped).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "storage/audit_store.h"
#include "storage/database.h"
#include "storage/event_evidence_store.h"

namespace corridor::importers::participants {

struct ParsedFile {
  std::vector<storage::ParticipantRow> rows;
  std::vector<std::string> mapping;  // "Full name -> name", for the preview/CLI
  std::vector<std::string> notes;    // e.g. cells converted from Windows-1252
};

// Targets: name, organisation, email, country, type. kInvalidArgument when no column maps to
// name ('header: no column for "name" (found: ...)'); kCorrupt / kTooLarge from the reader.
Result<ParsedFile> ParseFile(std::string_view filename, std::string bytes);

// ParseFile then EventEvidenceStore::ImportParticipants in one transaction of its own.
Result<storage::ParticipantImportOutcome> Import(storage::Connection& c, int64_t workspace_id, int64_t event_id,
                                                 std::string_view filename, std::string bytes, bool skip_bad_rows,
                                                 const storage::Actor& who);

}  // namespace corridor::importers::participants
