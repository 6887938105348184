#include "storage/assessment_store.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "core/dates.h"
#include "core/strings.h"
#include "storage/framework_store.h"
#include "storage/region_store.h"

namespace corridor::storage {

using domain::Round;
using domain::Score;
using nlohmann::json;

namespace {

constexpr const char* kRoundSelect =
    "SELECT r.*, f.key AS framework_key, f.name AS framework_name, "
    "(SELECT COUNT(*) FROM scoreboard_scores s WHERE s.round_id = r.id) AS score_count, "
    "(SELECT COUNT(DISTINCT s.region_code) FROM scoreboard_scores s WHERE s.round_id = r.id) AS region_count "
    "FROM scoreboard_rounds r JOIN scoreboard_frameworks f ON f.id = r.framework_id ";

RoundInfo ToRoundInfo(const Row& r) {
  RoundInfo info;
  Round& x = info.round;
  x.id = r.Int("id");
  x.workspace_id = r.Int("workspace_id");
  x.framework_id = r.Int("framework_id");
  x.title = r.Text("title");
  x.date = r.Text("round_date");
  x.trigger = domain::ParseRoundTrigger(r.Text("trigger_kind")).value_or(domain::RoundTrigger::kSixMonthly);
  x.event_title = r.Text("event_title");
  if (!r.IsNull("event_id")) x.event_id = r.Int("event_id");
  x.status = r.Text("status") == "closed" ? domain::RoundStatus::kClosed : domain::RoundStatus::kOpen;
  x.closed_at = r.Text("closed_at");
  x.closed_by = r.Text("closed_by");
  if (!r.IsNull("copied_from")) x.copied_from = r.Int("copied_from");
  x.created_at = r.Text("created_at");
  x.created_by = r.Text("created_by");
  info.framework_key = r.Text("framework_key");
  info.framework_name = r.Text("framework_name");
  info.scores = r.Int("score_count");
  info.regions = r.Int("region_count");
  return info;
}

std::vector<std::string> SourcesFromJson(const std::string& text) {
  std::vector<std::string> out;
  json j = json::parse(text, nullptr, false);
  if (j.is_array())
    for (const auto& s : j)
      if (s.is_string()) out.push_back(s.get<std::string>());
  return out;
}

Score ToScore(const Row& r) {
  Score s;
  s.id = r.Int("id");
  s.round_id = r.Int("round_id");
  s.region_code = r.Text("region_code");
  s.dimension_key = r.Text("dimension_key");
  s.value = r.Real("value");
  s.evidence = r.Text("evidence");
  s.sources = SourcesFromJson(r.Text("sources_json"));
  s.updated_at = r.Text("updated_at");
  s.updated_by = r.Text("updated_by");
  return s;
}

// How a score reads in the audit log: "4 | evidence | source; source".
std::string AuditForm(const Score& s) {
  return domain::FormatValue(s.value) + " | " + s.evidence + " | " + strings::Join(s.sources, "; ");
}

Result<domain::Framework> FrameworkOf(Connection& c, int64_t ws, int64_t id) {
  auto f = FrameworkStore(c).Get(ws, id);
  if (!f.ok()) return f.status();
  if (!*f) return Status::NotFound("no framework " + std::to_string(id));
  return **f;
}

}  // namespace

std::string ScoreChangeKindKey(ScoreChange::Kind k) {
  switch (k) {
    case ScoreChange::Kind::kChanged: return "changed";
    case ScoreChange::Kind::kEvidenceOnly: return "evidence";
    case ScoreChange::Kind::kAdded: return "added";
    case ScoreChange::Kind::kRemoved: return "removed";
    case ScoreChange::Kind::kUnchanged: break;
  }
  return "unchanged";
}

Status AssessmentStore::ClosedError(const Round& r) {
  std::string on = r.closed_at.substr(0, 10);
  return Status::Conflict("round \"" + r.title + "\" was closed on " + on + " by " +
                          (r.closed_by.empty() ? std::string("someone") : r.closed_by) + "; open a new round");
}

Result<int64_t> AssessmentStore::CreateRound(Round r, const Actor& who) {
  r.title = strings::Trim(r.title);
  r.event_title = strings::Trim(r.event_title);
  CORRIDOR_RETURN_IF_ERROR(domain::ValidateRound(r));
  if (r.trigger != domain::RoundTrigger::kEvent) {
    r.event_title.clear();
    r.event_id.reset();
  }
  auto fw = FrameworkStore(c_).Get(r.workspace_id, r.framework_id);
  if (!fw.ok()) return fw.status();
  if (!*fw) return Status::Invalid("framework: no framework " + std::to_string(r.framework_id) + " in this workspace");
  if (r.event_id) {
    auto ev = c_.Query("SELECT title FROM events WHERE workspace_id = ? AND id = ?", {r.workspace_id, *r.event_id});
    if (!ev.ok()) return ev.status();
    if (ev->empty()) return Status::Invalid("event: no event " + std::to_string(*r.event_id) + " in this workspace");
    if (r.event_title.empty()) r.event_title = (*ev)[0].Text(0);
  }
  auto same = c_.Scalar("SELECT id FROM scoreboard_rounds WHERE workspace_id = ? AND LOWER(title) = LOWER(?)",
                        {r.workspace_id, r.title});
  if (!same.ok()) return same.status();
  if (*same) return Status::Conflict("title: a round called \"" + r.title + "\" already exists");
  std::string date = dates::ToIso(*dates::Parse(r.date));
  auto rows = c_.Query(
      "INSERT INTO scoreboard_rounds(workspace_id, framework_id, title, round_date, trigger_kind, event_title, event_id, "
      "status, copied_from, created_at, created_by) VALUES (?,?,?,?,?,?,?,'open',?,?,?) RETURNING id",
      {r.workspace_id, r.framework_id, r.title, date, domain::RoundTriggerKey(r.trigger), r.event_title,
       r.event_id ? Value(*r.event_id) : Value(), r.copied_from ? Value(*r.copied_from) : Value(), dates::NowIso(),
       who.name});
  if (!rows.ok()) return rows.status();
  int64_t id = (*rows)[0].Int(0);
  AuditStore audit(c_);
  CORRIDOR_RETURN_IF_ERROR(audit.Record(who, r.workspace_id, kRoundEntity, id, "create", "title", "", r.title));
  CORRIDOR_RETURN_IF_ERROR(audit.Record(who, r.workspace_id, kRoundEntity, id, "create", "round",
                                        "", (*fw)->name + ", " + date + ", " + domain::RoundTriggerLabel(r.trigger) +
                                                (r.event_title.empty() ? "" : ": " + r.event_title)));
  return id;
}

Result<std::vector<RoundInfo>> AssessmentStore::ListRounds(int64_t ws) {
  auto rows = c_.Query(std::string(kRoundSelect) + "WHERE r.workspace_id = ? ORDER BY r.round_date DESC, r.id DESC", {ws});
  if (!rows.ok()) return rows.status();
  std::vector<RoundInfo> out;
  for (const Row& r : *rows) out.push_back(ToRoundInfo(r));
  return out;
}

Result<std::optional<RoundInfo>> AssessmentStore::GetRound(int64_t ws, int64_t id) {
  auto rows = c_.Query(std::string(kRoundSelect) + "WHERE r.workspace_id = ? AND r.id = ?", {ws, id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<RoundInfo>();
  return std::optional<RoundInfo>(ToRoundInfo((*rows)[0]));
}

Result<std::optional<RoundInfo>> AssessmentStore::FindRound(int64_t ws, const std::string& ref) {
  std::string t = strings::Trim(ref);
  if (auto id = strings::ParseInt(t)) {
    auto r = GetRound(ws, *id);
    if (!r.ok() || *r) return r;
  }
  auto rows = c_.Query(std::string(kRoundSelect) + "WHERE r.workspace_id = ? AND LOWER(r.title) = LOWER(?)", {ws, t});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<RoundInfo>();
  return std::optional<RoundInfo>(ToRoundInfo((*rows)[0]));
}

Result<std::optional<RoundInfo>> AssessmentStore::PreviousRound(int64_t ws, int64_t id) {
  auto cur = GetRound(ws, id);
  if (!cur.ok()) return cur.status();
  if (!*cur) return Status::NotFound("no round " + std::to_string(id));
  const Round& r = (*cur)->round;
  auto rows = c_.Query(std::string(kRoundSelect) +
                           "WHERE r.workspace_id = ? AND r.framework_id = ? AND r.id <> ? AND r.status = 'closed' "
                           "AND (r.round_date < ? OR (r.round_date = ? AND r.id < ?)) "
                           "ORDER BY r.round_date DESC, r.id DESC LIMIT 1",
                       {ws, r.framework_id, r.id, r.date, r.date, r.id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<RoundInfo>();
  return std::optional<RoundInfo>(ToRoundInfo((*rows)[0]));
}

Result<RoundInfo> AssessmentStore::OpenRoundForWrite(int64_t ws, int64_t round_id) {
  auto cur = GetRound(ws, round_id);
  if (!cur.ok()) return cur.status();
  if (!*cur) return Status::NotFound("no round " + std::to_string(round_id) + " in this workspace");
  if ((*cur)->round.status == domain::RoundStatus::kClosed) return ClosedError((*cur)->round);
  return **cur;
}

Status AssessmentStore::DeleteRound(int64_t ws, int64_t id, const Actor& who) {
  CORRIDOR_ASSIGN_OR_RETURN(RoundInfo info, OpenRoundForWrite(ws, id));
  CORRIDOR_RETURN_IF_ERROR(c_.Exec("DELETE FROM scoreboard_scores WHERE round_id = ?", {id}).status());
  CORRIDOR_RETURN_IF_ERROR(c_.Exec("UPDATE scoreboard_rounds SET copied_from = NULL WHERE copied_from = ? AND status = 'open'", {id}).status());
  CORRIDOR_RETURN_IF_ERROR(c_.Exec("DELETE FROM scoreboard_rounds WHERE workspace_id = ? AND id = ?", {ws, id}).status());
  return AuditStore(c_).Record(who, ws, kRoundEntity, id, "delete", "title", info.round.title, "");
}

Result<Score> AssessmentStore::SetScore(int64_t ws, int64_t round_id, Score s, const Actor& who) {
  CORRIDOR_ASSIGN_OR_RETURN(RoundInfo info, OpenRoundForWrite(ws, round_id));
  CORRIDOR_ASSIGN_OR_RETURN(domain::Framework fw, FrameworkOf(c_, ws, info.round.framework_id));
  s.region_code = strings::Trim(s.region_code);
  s.dimension_key = strings::Trim(s.dimension_key);
  if (s.region_code.empty()) return Status::Invalid("region: required");
  auto region = RegionStore(c_).Lookup(ws, s.region_code);
  if (!region.ok()) return region.status();
  if (!*region)
    return Status::Invalid(s.region_code + " / " + s.dimension_key + ": region: \"" + s.region_code +
                           "\" is not a NUTS 2021 code or a region of this workspace");
  s.region_code = (*region)->code;
  s.evidence = domain::NormaliseEvidence(s.evidence);
  std::vector<std::string> sources;
  for (const auto& src : s.sources) {
    std::string t = strings::Trim(src);
    if (!t.empty() && std::find(sources.begin(), sources.end(), t) == sources.end()) sources.push_back(t);
  }
  s.sources = sources;
  CORRIDOR_RETURN_IF_ERROR(domain::ValidateScore(fw, s));
  auto old = c_.Query("SELECT * FROM scoreboard_scores WHERE round_id = ? AND region_code = ? AND dimension_key = ?",
                      {round_id, s.region_code, s.dimension_key});
  if (!old.ok()) return old.status();
  s.round_id = round_id;
  s.updated_at = dates::NowIso();
  s.updated_by = who.name;
  std::string sources_json = json(s.sources).dump();
  auto rows = c_.Query(
      "INSERT INTO scoreboard_scores(round_id, region_code, dimension_key, value, evidence, sources_json, updated_at, "
      "updated_by) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (round_id, region_code, dimension_key) DO UPDATE SET "
      "value = excluded.value, evidence = excluded.evidence, sources_json = excluded.sources_json, "
      "updated_at = excluded.updated_at, updated_by = excluded.updated_by RETURNING id",
      {round_id, s.region_code, s.dimension_key, s.value, s.evidence, sources_json, s.updated_at, s.updated_by});
  if (!rows.ok()) return rows.status();
  s.id = (*rows)[0].Int(0);
  std::string before = old->empty() ? "" : AuditForm(ToScore((*old)[0]));
  std::string after = AuditForm(s);
  if (before != after)
    CORRIDOR_RETURN_IF_ERROR(AuditStore(c_).Record(who, ws, kRoundEntity, round_id, old->empty() ? "score" : "rescore",
                                                   "score " + s.region_code + "/" + s.dimension_key, before, after));
  return s;
}

Status AssessmentStore::DeleteScore(int64_t ws, int64_t round_id, const std::string& region, const std::string& dim,
                                    const Actor& who) {
  CORRIDOR_ASSIGN_OR_RETURN(RoundInfo info, OpenRoundForWrite(ws, round_id));
  (void)info;
  auto old = c_.Query("SELECT * FROM scoreboard_scores WHERE round_id = ? AND region_code = ? AND dimension_key = ?",
                      {round_id, region, dim});
  if (!old.ok()) return old.status();
  if (old->empty()) return Status::NotFound("no score for " + region + " / " + dim + " in this round");
  CORRIDOR_RETURN_IF_ERROR(c_.Exec("DELETE FROM scoreboard_scores WHERE round_id = ? AND region_code = ? AND dimension_key = ?",
                                   {round_id, region, dim})
                               .status());
  return AuditStore(c_).Record(who, ws, kRoundEntity, round_id, "unscore", "score " + region + "/" + dim,
                               AuditForm(ToScore((*old)[0])), "");
}

Result<std::vector<Score>> AssessmentStore::Scores(int64_t ws, int64_t round_id) {
  auto rows = c_.Query(
      "SELECT s.* FROM scoreboard_scores s JOIN scoreboard_rounds r ON r.id = s.round_id "
      "WHERE r.workspace_id = ? AND s.round_id = ? ORDER BY s.region_code, s.dimension_key",
      {ws, round_id});
  if (!rows.ok()) return rows.status();
  std::vector<Score> out;
  for (const Row& r : *rows) out.push_back(ToScore(r));
  return out;
}

Result<std::vector<std::string>> AssessmentStore::RoundRegions(int64_t ws, int64_t round_id) {
  CORRIDOR_ASSIGN_OR_RETURN(auto codes, RegionStore(c_).WorkspaceRegionCodes(ws));
  auto rows = c_.Query("SELECT DISTINCT region_code FROM scoreboard_scores WHERE round_id = ? ORDER BY region_code", {round_id});
  if (!rows.ok()) return rows.status();
  std::set<std::string> have(codes.begin(), codes.end());
  for (const Row& r : *rows)
    if (have.insert(r.Text(0)).second) codes.push_back(r.Text(0));
  return codes;
}

Status AssessmentStore::CloseRound(int64_t ws, int64_t id, const Actor& who) {
  CORRIDOR_ASSIGN_OR_RETURN(RoundInfo info, OpenRoundForWrite(ws, id));
  if (info.scores == 0) return Status::Invalid("round \"" + info.round.title + "\" holds no scores yet; nothing to close");
  std::string now = dates::NowIso();
  auto n = c_.Exec("UPDATE scoreboard_rounds SET status = 'closed', closed_at = ?, closed_by = ? "
                   "WHERE workspace_id = ? AND id = ? AND status = 'open'",
                   {now, who.name, ws, id});
  if (!n.ok()) return n.status();
  if (*n != 1) return Status::Conflict("round \"" + info.round.title + "\" was closed by someone else meanwhile");
  return AuditStore(c_).Record(who, ws, kRoundEntity, id, "close", "status", "open", "closed");
}

Result<int64_t> AssessmentStore::CopyForward(int64_t ws, int64_t from_id, Round r, const Actor& who) {
  auto src = GetRound(ws, from_id);
  if (!src.ok()) return src.status();
  if (!*src) return Status::NotFound("no round " + std::to_string(from_id) + " in this workspace");
  if ((*src)->round.status != domain::RoundStatus::kClosed)
    return Status::Invalid("round \"" + (*src)->round.title + "\" is still open: close it before carrying it forward");
  r.workspace_id = ws;
  r.framework_id = (*src)->round.framework_id;
  r.copied_from = from_id;
  CORRIDOR_ASSIGN_OR_RETURN(int64_t id, CreateRound(r, who));
  CORRIDOR_ASSIGN_OR_RETURN(auto scores, Scores(ws, from_id));
  std::string now = dates::NowIso();
  for (const Score& s : scores)
    CORRIDOR_RETURN_IF_ERROR(c_.Exec("INSERT INTO scoreboard_scores(round_id, region_code, dimension_key, value, evidence, "
                                     "sources_json, updated_at, updated_by) VALUES (?,?,?,?,?,?,?,?)",
                                     {id, s.region_code, s.dimension_key, s.value, s.evidence, json(s.sources).dump(), now,
                                      who.name})
                                 .status());
  CORRIDOR_RETURN_IF_ERROR(AuditStore(c_).Record(who, ws, kRoundEntity, id, "copy-forward", "copied_from", "",
                                                 (*src)->round.title + " (" + std::to_string(scores.size()) + " scores)"));
  return id;
}

Result<RoundComparison> AssessmentStore::Compare(int64_t ws, int64_t from_id, int64_t to_id) {
  RoundComparison cmp;
  for (auto [id, slot] : {std::pair{from_id, &cmp.from}, {to_id, &cmp.to}}) {
    auto r = GetRound(ws, id);
    if (!r.ok()) return r.status();
    if (!*r) return Status::NotFound("no round " + std::to_string(id) + " in this workspace");
    *slot = **r;
  }
  if (cmp.from.round.framework_id != cmp.to.round.framework_id)
    return Status::Invalid("rounds \"" + cmp.from.round.title + "\" and \"" + cmp.to.round.title +
                           "\" use different frameworks and cannot be compared");
  CORRIDOR_ASSIGN_OR_RETURN(domain::Framework fw, FrameworkOf(c_, ws, cmp.to.round.framework_id));
  CORRIDOR_ASSIGN_OR_RETURN(auto a, Scores(ws, from_id));
  CORRIDOR_ASSIGN_OR_RETURN(auto b, Scores(ws, to_id));
  std::map<std::pair<std::string, std::string>, Score> before, after;
  for (auto& s : a) before[{s.region_code, s.dimension_key}] = s;
  for (auto& s : b) after[{s.region_code, s.dimension_key}] = s;
  CORRIDOR_ASSIGN_OR_RETURN(auto regions, RoundRegions(ws, to_id));
  std::set<std::string> seen(regions.begin(), regions.end());
  for (auto& s : a)
    if (seen.insert(s.region_code).second) regions.push_back(s.region_code);
  std::vector<std::string> dims;
  for (const auto& d : fw.dimensions) dims.push_back(d.key);
  for (const auto& region : regions)
    for (const auto& dim : dims) {
      auto ia = before.find({region, dim});
      auto ib = after.find({region, dim});
      if (ia == before.end() && ib == after.end()) continue;
      ScoreChange ch;
      ch.region_code = region;
      ch.dimension_key = dim;
      if (ia != before.end()) ch.before = ia->second;
      if (ib != after.end()) ch.after = ib->second;
      if (!ch.before) {
        ch.kind = ScoreChange::Kind::kAdded;
        ++cmp.added;
      } else if (!ch.after) {
        ch.kind = ScoreChange::Kind::kRemoved;
        ++cmp.removed;
      } else if (ch.before->value != ch.after->value) {
        ch.kind = ScoreChange::Kind::kChanged;
        ++cmp.changed;
      } else if (ch.before->evidence != ch.after->evidence || ch.before->sources != ch.after->sources) {
        ch.kind = ScoreChange::Kind::kEvidenceOnly;
        ++cmp.evidence_only;
      } else {
        ++cmp.unchanged;
      }
      cmp.changes.push_back(std::move(ch));
    }
  return cmp;
}

Result<Staleness> AssessmentStore::CheckStaleness(int64_t ws, const std::string& today) {
  Staleness st;
  auto rows = c_.Query(std::string(kRoundSelect) + "WHERE r.workspace_id = ? ORDER BY r.round_date DESC, r.id DESC LIMIT 1", {ws});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) {
    st.reasons.push_back("no assessment round yet");
    return st;
  }
  st.newest = ToRoundInfo((*rows)[0]).round;
  const Round& r = *st.newest;
  if (domain::OlderThanSixMonths(r.date, today))
    st.reasons.push_back("the last round, \"" + r.title + "\" (" + r.date + "), is older than six months");
  // The events table comes with migration 0008 (issue 4); without it there is nothing to check.
  auto has_events = c_.Scalar("SELECT COUNT(*) FROM schema_migrations WHERE version = 8");
  if (!has_events.ok()) return has_events.status();
  if (*has_events && Row(nullptr, {**has_events}).Int(0) > 0) {
    auto held = c_.Query(
        "SELECT id, title, start_date FROM events WHERE workspace_id = ? AND status = 'held' AND start_date > ? "
        "AND start_date <= ? ORDER BY start_date, id",
        {ws, r.date, today});
    if (!held.ok()) return held.status();
    for (const Row& e : *held)
      st.reasons.push_back("the event \"" + e.Text(1) + "\" was held on " + e.Text(2) + ", after the last round (" + r.date + ")");
  }
  return st;
}

}  // namespace corridor::storage
