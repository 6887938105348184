// The sister-projects registry of a workspace: listing with filters and paging,
// validated create/update with optimistic locking and a field-level audit trail,
// the pipeline (longlist -> shortlist -> interaction-filtered -> collaboration-ready /
// informational reference), each step dated and justified.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/sister_project.h"
#include "storage/audit_store.h"
#include "storage/database.h"

namespace corridor::storage {

struct RegistryQuery {
  std::string search;            // matches acronym, name, keywords, coordinator, objectives
  std::string stage;             // stage key or ""
  std::string programme;
  std::string status;            // Ongoing | Closed
  std::string value_chain_link;
  std::string topic;
  int min_relevance = 0;
  std::string sort = "acronym";  // any field key, or "stage", "updated_at", "topic"
  bool descending = false;
  int limit = 50;                // capped at 500
  int offset = 0;
};

struct RegistryPage {
  std::vector<domain::SisterProject> items;
  int64_t total = 0;
};

struct PipelineStep {
  int64_t id = 0;
  std::string from_stage, to_stage, at, user_name, justification;
};

// Where a change comes from: a user's edit marks fields as user-edited; a CORDIS
// refresh never overwrites a user-edited field.
enum class ChangeSource { kUser, kCordis, kImport };

// Thrown-free validation failure: all field errors at once.
struct SaveOutcome {
  int64_t id = 0;
  std::vector<domain::FieldError> errors;  // non-empty = nothing was written
  bool ok() const { return errors.empty(); }
};

class RegistryStore {
 public:
  explicit RegistryStore(Connection& c) : c_(c) {}

  Result<RegistryPage> List(int64_t workspace_id, const RegistryQuery& q);
  Result<std::vector<domain::SisterProject>> All(int64_t workspace_id);
  Result<std::optional<domain::SisterProject>> Get(int64_t workspace_id, int64_t id);
  Result<std::optional<domain::SisterProject>> FindByGrant(int64_t workspace_id, const std::string& grant_id);
  Result<std::optional<domain::SisterProject>> FindByAcronym(int64_t workspace_id, const std::string& acronym);

  // Validates and inserts. p.workspace_id must be set. Caller owns the transaction.
  Result<SaveOutcome> Create(domain::SisterProject& p, const Actor& who, ChangeSource source);
  // Validates and updates; refused with kConflict when the stored version differs from
  // p.version (someone else saved since): the message names who changed which fields.
  Result<SaveOutcome> Update(domain::SisterProject& p, const Actor& who, ChangeSource source);
  Status Delete(int64_t workspace_id, int64_t id, const Actor& who);

  Status MoveStage(int64_t workspace_id, int64_t id, domain::Stage to, const std::string& justification,
                   const Actor& who);
  Result<std::vector<PipelineStep>> Steps(int64_t id);

  // Counts for charts: dimension is "value_chain_link", "topic", "programme", "relevance", "stage".
  Result<std::map<std::string, int64_t>> CountBy(int64_t workspace_id, const std::string& dimension);

 private:
  Connection& c_;
};

}  // namespace corridor::storage
