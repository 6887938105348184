// The sister-project record: the 29 fields of the "list of synergistic projects"
// (4 sections, 15 mandatory), the analytical fields (value-chain links, topic, level)
// and the pipeline stage. Fields are addressed by key through one metadata table so that
// forms, validation, audit, import and export all agree. No I/O.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace corridor::domain {

enum class FieldType {
  kText,      // one line
  kLongText,  // paragraph
  kUrl,       // http(s) URL
  kEmail,
  kStatus,    // "Ongoing" | "Closed"
  kDate,      // stored ISO YYYY-MM-DD, shown dd/mm/yyyy
  kEuros,     // stored as plain decimal "1234567.89"
  kCountry,   // two-letter code, upper case (EU style: EL, UK accepted)
  kCount,     // non-negative integer
  kRelevance, // 1..4 = low, medium, high, very high
};

struct FieldSpec {
  const char* key;       // column name and form/export key
  const char* label;     // "{focal}" is replaced by the workspace acronym
  const char* section;   // one of Sections()
  bool mandatory;
  FieldType type;
  const char* help;      // short guidance shown next to the input
  size_t max_length;     // bytes, after trimming
};

// The four sections in Table-1 order.
const std::vector<std::string>& Sections();
// The 29 fields in Table-1 order.
const std::vector<FieldSpec>& SisterProjectFields();
const FieldSpec* FindField(std::string_view key);
std::string FieldLabel(const FieldSpec& f, std::string_view focal_acronym);

// Analytical categories of Table 2 (defaults; a workspace may extend them).
const std::vector<std::string>& DefaultValueChainLinks();  // Research, Collection phase, ...
const std::vector<std::string>& DefaultTopics();           // Recycling technology, Upcycling, ...

std::string RelevanceLabel(int score);                     // 1 -> "low" ... 4 -> "very high"
std::optional<int> ParseRelevance(std::string_view text);  // "3", "high", "Very high" -> 3

enum class Stage {
  kLonglist,
  kShortlist,
  kInteractionFiltered,
  kCollaborationReady,
  kInformationalReference,
};
std::string StageKey(Stage s);    // "longlist", "shortlist", "interaction_filtered", ...
std::string StageLabel(Stage s);  // "Longlist", "Shortlist", "Interaction-filtered", ...
std::optional<Stage> ParseStage(std::string_view key);
const std::vector<Stage>& AllStages();
// Whether a move is allowed; on refusal the Status says why (e.g. shortlist needs
// relevance high or very high). Moving back to the longlist is always allowed.
Status CheckTransition(Stage from, Stage to, int relevance_score);

struct SisterProject {
  int64_t id = 0;
  int64_t workspace_id = 0;
  std::map<std::string, std::string> fields;  // key -> canonical value ("" = empty)
  std::vector<std::string> value_chain_links;
  std::string topic;                  // analytical topic category (Table 2 "TOPIC")
  std::string grant_id;               // CORDIS grant id when linked to the corpus
  Stage stage = Stage::kLonglist;
  std::set<std::string> user_edited;  // keys a user changed: a CORDIS refresh never overwrites them
  int64_t version = 0;                // optimistic lock: bumped on every save
  std::string created_at, updated_at;

  const std::string& Get(const std::string& key) const;
  int Relevance() const;  // 0 when unset
};

struct FieldError {
  std::string field;    // key
  std::string message;  // names the field by label
};

// Trims, checks and normalises one value to its canonical stored form.
// Empty input is accepted here (mandatoriness is checked by ValidateProject).
Result<std::string> NormalizeField(const FieldSpec& spec, std::string_view raw);
// Normalises every field in place and enforces the 15 mandatory ones; returns all errors.
std::vector<FieldError> ValidateProject(SisterProject& p);

}  // namespace corridor::domain
