// Assessment rounds of the scoreboard (issue 5): a dated round (six-monthly or after a named
// event) of one framework holds one score per region and dimension, each with its evidence note
// and sources. Scores are written only while the round is open; closing freezes it (the store
// refuses, and database triggers back that up: migrations/*/0010_scoreboard.sql). A closed round
// can be carried forward into a new open one, and two rounds compared ("what changed, why").
// Every write is audited (entity "assessment_round", the score named in the field).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/scoreboard.h"
#include "storage/audit_store.h"
#include "storage/database.h"

namespace corridor::storage {

inline constexpr const char* kRoundEntity = "assessment_round";

struct RoundInfo {
  domain::Round round;
  std::string framework_key, framework_name;
  int64_t scores = 0;
  int64_t regions = 0;
};

// One cell of a comparison: old -> new with both evidence notes and sources.
struct ScoreChange {
  enum class Kind { kChanged, kEvidenceOnly, kUnchanged, kAdded, kRemoved };
  std::string region_code, dimension_key;
  Kind kind = Kind::kUnchanged;
  std::optional<domain::Score> before, after;
};
std::string ScoreChangeKindKey(ScoreChange::Kind k);  // "changed" | "evidence" | "unchanged" | "added" | "removed"

struct RoundComparison {
  RoundInfo from, to;
  std::vector<ScoreChange> changes;  // by region (in to's order), then dimension order
  int changed = 0, added = 0, removed = 0, unchanged = 0, evidence_only = 0;
};

// Why the workspace should run a new round; empty reasons = up to date.
struct Staleness {
  std::optional<domain::Round> newest;  // by date
  std::vector<std::string> reasons;     // "the last round (2025-04-29) is older than six months"
  bool Stale() const { return !reasons.empty(); }
};

class AssessmentStore {
 public:
  explicit AssessmentStore(Connection& c) : c_(c) {}

  // Validates (domain::ValidateRound; the framework exists in the workspace; a linked event
  // exists in it); the title is unique in the workspace (kConflict). Caller owns the transaction.
  Result<int64_t> CreateRound(domain::Round r, const Actor& who);
  // Newest first (date, then id).
  Result<std::vector<RoundInfo>> ListRounds(int64_t workspace_id);
  Result<std::optional<RoundInfo>> GetRound(int64_t workspace_id, int64_t id);
  // By id or by title (case-insensitive).
  Result<std::optional<RoundInfo>> FindRound(int64_t workspace_id, const std::string& ref);
  // The round closed just before this one (by date) with the same framework, if any.
  Result<std::optional<RoundInfo>> PreviousRound(int64_t workspace_id, int64_t id);
  // Deletes an open round and its scores; a closed one is refused. Caller owns the transaction.
  Status DeleteRound(int64_t workspace_id, int64_t id, const Actor& who);

  // Creates or replaces the score of (region, dimension): the region must be a NUTS 2021 code or
  // a user region of the workspace (RegionStore::Lookup; stored in canonical form), the score
  // valid for the round's framework (domain::ValidateScore), the round open. Caller owns the
  // transaction. A closed round: kConflict "round "<title>" was closed on <date> by <who>; open a new round".
  Result<domain::Score> SetScore(int64_t workspace_id, int64_t round_id, domain::Score s, const Actor& who);
  Status DeleteScore(int64_t workspace_id, int64_t round_id, const std::string& region_code,
                     const std::string& dimension_key, const Actor& who);
  Result<std::vector<domain::Score>> Scores(int64_t workspace_id, int64_t round_id);
  // Regions of a round's table: the workspace's regions of interest in their order, then any
  // other region holding a score (by code).
  Result<std::vector<std::string>> RoundRegions(int64_t workspace_id, int64_t round_id);

  // Closes an open round that holds at least one score (kInvalidArgument otherwise).
  Status CloseRound(int64_t workspace_id, int64_t id, const Actor& who);
  // A new open round (r: title, date, trigger, event) holding copies of a closed round's scores,
  // to be reviewed and updated. Returns the new id.
  Result<int64_t> CopyForward(int64_t workspace_id, int64_t from_round_id, domain::Round r, const Actor& who);

  // Both rounds must use the same framework.
  Result<RoundComparison> Compare(int64_t workspace_id, int64_t from_round_id, int64_t to_round_id);

  // The workspace warns when the newest round (by date) is older than six calendar months, or an
  // event of the workspace was held after its date (the events table, issue 4), naming the event;
  // and when there is no round at all. today: ISO date.
  Result<Staleness> CheckStaleness(int64_t workspace_id, const std::string& today);

  // The refusal message for writes to a closed round.
  static Status ClosedError(const domain::Round& r);

 private:
  Result<RoundInfo> OpenRoundForWrite(int64_t workspace_id, int64_t round_id);
  Connection& c_;
};

}  // namespace corridor::storage
