#include "storage/invitation_store.h"

#include <algorithm>
#include <map>
#include <set>

#include <nlohmann/json.hpp>  // header-only

#include "core/dates.h"
#include "domain/consent.h"
#include "core/strings.h"
#include "storage/consent_store.h"
#include "storage/segment_store.h"

namespace corridor::storage {

using domain::Exclusion;
using nlohmann::json;

namespace {

constexpr const char* kEntity = "invitation_list";

std::vector<std::string> AllStatuses() { return {"active", "pending", "erased", "merged"}; }

InvitationList ToList(const Row& r) {
  InvitationList l;
  l.id = r.Int("id");
  l.workspace_id = r.Int("workspace_id");
  l.name = r.Text("name");
  l.purpose = r.Text("purpose");
  l.justification = r.Text("justification");
  auto c = CriteriaFromJson(r.Text("criteria_json"));
  if (c.ok()) l.criteria = *c;
  l.event_title = r.Text("event_title");
  l.event_start = r.Text("event_start");
  l.event_end = r.Text("event_end");
  l.event_place = r.Text("event_place");
  l.created_by = r.Text("created_by");
  l.created_at = r.Text("created_at");
  l.invited = r.Int("invited");
  l.excluded = r.Int("excluded_n");
  return l;
}

constexpr const char* kListSelect =
    "SELECT l.*, (SELECT COUNT(*) FROM invitations i WHERE i.list_id = l.id) AS invited, "
    "(SELECT COUNT(*) FROM invitation_exclusions x WHERE x.list_id = l.id) AS excluded_n FROM invitation_lists l";

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::string CriteriaToJson(const InvitationCriteria& c) {
  json j = {{"segments", c.segment_ids}, {"extra", json::parse(FilterToJson(c.extra))}};
  return j.dump();
}

Result<InvitationCriteria> CriteriaFromJson(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Status::Invalid("criteria: not a JSON object");
  InvitationCriteria c;
  if (j.contains("segments") && j["segments"].is_array())
    for (auto& v : j["segments"])
      if (v.is_number_integer()) c.segment_ids.push_back(v.get<int64_t>());
  if (j.contains("extra") && j["extra"].is_object()) {
    CORRIDOR_ASSIGN_OR_RETURN(c.extra, FilterFromJson(j["extra"].dump()));
  }
  return c;
}

Result<std::string> CanonicalEventTime(const std::string& raw) {
  std::string v = strings::Trim(raw);
  if (v.empty()) return std::string();
  std::string date = v.substr(0, 10);
  auto d = dates::Parse(date);
  if (v.size() < 10 || !d || dates::ToIso(*d) != date)
    return Status::Invalid("\"" + v + "\" is not a date (YYYY-MM-DD) or date-time (YYYY-MM-DD HH:MM)");
  if (v.size() == 10) return date;
  std::string t = v.substr(11);
  if ((v[10] != 'T' && v[10] != ' ') || (t.size() != 5 && t.size() != 8) || t[2] != ':' ||
      !AllDigits(t.substr(0, 2)) || !AllDigits(t.substr(3, 2)) || std::stoi(t.substr(0, 2)) > 23 ||
      std::stoi(t.substr(3, 2)) > 59 || (t.size() == 8 && (t[5] != ':' || !AllDigits(t.substr(6, 2)))))
    return Status::Invalid("\"" + v + "\" is not a date-time (YYYY-MM-DD HH:MM)");
  return date + "T" + t.substr(0, 5);
}

Result<InvitationPreview> InvitationStore::Preview(int64_t ws, const InvitationCriteria& criteria) {
  StakeholderQuery q(c_);
  domain::SegmentFilter extra = criteria.extra;
  extra.consent.clear();  // judged by the exclusion rules instead (see InvitationCriteria)
  std::set<int64_t> ids;
  if (criteria.segment_ids.empty()) {
    CORRIDOR_ASSIGN_OR_RETURN(auto all, q.Ids(ws, extra, AllStatuses()));
    ids.insert(all.begin(), all.end());
  } else {
    SegmentStore segments(c_);
    std::set<int64_t> narrow;
    if (!extra.Empty()) {
      CORRIDOR_ASSIGN_OR_RETURN(auto e, q.Ids(ws, extra, AllStatuses()));
      narrow.insert(e.begin(), e.end());
    }
    for (int64_t sid : criteria.segment_ids) {
      CORRIDOR_ASSIGN_OR_RETURN(auto seg, segments.Get(ws, sid));
      if (!seg) return Status::NotFound("segments: no segment " + std::to_string(sid) + " in this workspace");
      domain::SegmentFilter f = seg->filter;
      f.consent.clear();
      CORRIDOR_ASSIGN_OR_RETURN(auto got, q.Ids(ws, f, AllStatuses()));
      for (int64_t id : got)
        if (extra.Empty() || narrow.count(id)) ids.insert(id);
    }
  }
  std::vector<int64_t> ordered(ids.begin(), ids.end());  // by id: the older record of a duplicate stays
  CORRIDOR_ASSIGN_OR_RETURN(auto items, q.Load(ws, ordered));
  // The latest withdrawal of a contact consent per person, for the reason text, and the newest
  // valid one's confirmation, for the retention setting.
  std::map<int64_t, std::string> withdrawn, confirmed;
  CORRIDOR_ASSIGN_OR_RETURN(int retention, ConsentStore(c_).RetentionMonths(ws));
  const std::string today = dates::NowIso();
  for (size_t start = 0; start < ordered.size(); start += 500) {
    size_t end = std::min(ordered.size(), start + 500);
    std::string marks;
    Params params{std::string(domain::kPurposeContact)};
    for (size_t i = start; i < end; ++i) {
      marks += marks.empty() ? "?" : ",?";
      params.push_back(ordered[i]);
    }
    auto rows = c_.Query(
        "SELECT stakeholder_id, MAX(withdrawn_at) FROM consents WHERE purpose = ? AND withdrawn_at IS NOT NULL "
        "AND stakeholder_id IN (" + marks + ") GROUP BY stakeholder_id",
        params);
    if (!rows.ok()) return rows.status();
    for (const Row& r : *rows) withdrawn[r.Int(0)] = r.Text(1);
    if (retention <= 0) continue;
    params[0] = std::string(domain::kPurposeContact);
    auto valid = c_.Query(
        "SELECT stakeholder_id, MAX(confirmed_at) FROM consents WHERE purpose = ? AND confirmed_at IS NOT NULL "
        "AND withdrawn_at IS NULL AND stakeholder_id IN (" + marks + ") GROUP BY stakeholder_id",
        params);
    if (!valid.ok()) return valid.status();
    for (const Row& r : *valid) confirmed[r.Int(0)] = r.Text(1);
  }
  std::vector<domain::InvitationCandidate> candidates;
  for (const auto& it : items) {
    domain::InvitationCandidate c;
    c.stakeholder_id = it.s.id;
    c.status = it.s.status;
    c.merged_into = it.s.merged_into;
    c.email = it.s.email;
    c.has_valid_contact_consent = it.contact_consent;
    if (auto w = withdrawn.find(it.s.id); w != withdrawn.end()) c.withdrawn_at = w->second;
    if (auto v = confirmed.find(it.s.id); v != confirmed.end()) c.consent_at = v->second;
    c.retention_months = retention;
    c.today = today;
    candidates.push_back(std::move(c));
  }
  auto decisions = domain::ApplyExclusions(candidates);
  InvitationPreview out;
  for (size_t i = 0; i < items.size(); ++i) {
    PreviewEntry e{std::move(items[i]), decisions[i].exclusion, decisions[i].reason};
    (e.exclusion == Exclusion::kNone ? out.included : out.excluded).push_back(std::move(e));
  }
  return out;
}

Result<int64_t> InvitationStore::Create(InvitationList list, const Actor& who) {
  list.name = strings::Trim(list.name);
  list.justification = strings::Trim(list.justification);
  list.purpose = strings::Trim(list.purpose);
  list.event_title = strings::Trim(list.event_title);
  list.event_place = strings::Trim(list.event_place);
  if (list.name.empty()) return Status::Invalid("name: required");
  if (list.name.size() > 200) return Status::Invalid("name: at most 200 characters");
  if (list.justification.empty())
    return Status::Invalid("justification: required (why these people, on which objective criteria)");
  if (list.justification.size() > 4000 || list.purpose.size() > 4000)
    return Status::Invalid("justification: at most 4000 characters");
  if (list.event_title.size() > 300 || list.event_place.size() > 300)
    return Status::Invalid("event: title and place at most 300 characters");
  auto start = CanonicalEventTime(list.event_start);
  if (!start.ok()) return Status::Invalid("event start: " + start.status().message());
  auto end = CanonicalEventTime(list.event_end);
  if (!end.ok()) return Status::Invalid("event end: " + end.status().message());
  if (start->empty() && !end->empty()) return Status::Invalid("event start: required when an end is given");
  if (!end->empty() && *end < *start) return Status::Invalid("event end: before the start");
  list.event_start = *start;
  list.event_end = *end;
  CORRIDOR_ASSIGN_OR_RETURN(auto preview, Preview(list.workspace_id, list.criteria));
  std::string now = dates::NowIso();
  auto id_rows = c_.Query(
      "INSERT INTO invitation_lists(workspace_id, name, purpose, criteria_json, justification, event_title, "
      "event_start, event_end, event_place, created_by, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
      {list.workspace_id, list.name, list.purpose, CriteriaToJson(list.criteria), list.justification, list.event_title,
       list.event_start, list.event_end, list.event_place, who.name, now});
  if (!id_rows.ok()) return id_rows.status();
  int64_t id = (*id_rows)[0].Int(0);
  CORRIDOR_ASSIGN_OR_RETURN(auto ins, c_.Prepare("INSERT INTO invitations(list_id, stakeholder_id, status, status_at) "
                                                  "VALUES (?, ?, 'invited', ?)"));
  for (const auto& e : preview.included) CORRIDOR_RETURN_IF_ERROR(ins->Run({id, e.item.s.id, now}));
  CORRIDOR_ASSIGN_OR_RETURN(auto exc, c_.Prepare("INSERT INTO invitation_exclusions(list_id, stakeholder_id, reason) "
                                                  "VALUES (?, ?, ?)"));
  for (const auto& e : preview.excluded) CORRIDOR_RETURN_IF_ERROR(exc->Run({id, e.item.s.id, e.reason}));
  AuditStore audit(c_);
  CORRIDOR_RETURN_IF_ERROR(audit.Record(who, list.workspace_id, kEntity, id, "create", "name", "", list.name));
  CORRIDOR_RETURN_IF_ERROR(
      audit.Record(who, list.workspace_id, kEntity, id, "create", "justification", "", list.justification));
  CORRIDOR_RETURN_IF_ERROR(audit.Record(who, list.workspace_id, kEntity, id, "create", "invited", "",
                                        std::to_string(preview.included.size()) + " invited, " +
                                            std::to_string(preview.excluded.size()) + " excluded"));
  return id;
}

Result<std::vector<InvitationList>> InvitationStore::Lists(int64_t ws) {
  auto rows = c_.Query(std::string(kListSelect) + " WHERE l.workspace_id = ? ORDER BY l.created_at DESC, l.id DESC",
                       {ws});
  if (!rows.ok()) return rows.status();
  std::vector<InvitationList> out;
  for (const Row& r : *rows) out.push_back(ToList(r));
  return out;
}

Result<std::optional<InvitationList>> InvitationStore::Get(int64_t ws, int64_t id) {
  auto rows = c_.Query(std::string(kListSelect) + " WHERE l.workspace_id = ? AND l.id = ?", {ws, id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<InvitationList>();
  return std::optional<InvitationList>(ToList((*rows)[0]));
}

Result<std::vector<Invitee>> InvitationStore::Invitees(int64_t list_id) {
  auto rows = c_.Query("SELECT s.id, s.name, s.organisation, s.email, s.country, s.type_key, s.sector_key, " +
                           TierSql() +
                           " AS tier, i.status, i.status_at FROM invitations i JOIN stakeholders s ON s.id = "
                           "i.stakeholder_id WHERE i.list_id = ? ORDER BY LOWER(s.name), s.id",
                       {list_id});
  if (!rows.ok()) return rows.status();
  std::vector<Invitee> out;
  for (const Row& r : *rows)
    out.push_back({r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.Text(6), r.Text(7), r.Text(8),
                   r.Text(9)});
  return out;
}

Result<std::vector<ListExclusion>> InvitationStore::Exclusions(int64_t list_id) {
  auto rows = c_.Query(
      "SELECT s.id, s.name, s.organisation, x.reason FROM invitation_exclusions x JOIN stakeholders s ON s.id = "
      "x.stakeholder_id WHERE x.list_id = ? ORDER BY x.reason, LOWER(s.name), s.id",
      {list_id});
  if (!rows.ok()) return rows.status();
  std::vector<ListExclusion> out;
  for (const Row& r : *rows) out.push_back({r.Int(0), r.Text(1), r.Text(2), r.Text(3)});
  return out;
}

Status InvitationStore::SetStatus(int64_t ws, int64_t list_id, int64_t sid, const std::string& status,
                                  const Actor& who) {
  if (!domain::IsInvitationStatus(status))
    return Status::Invalid("status: \"" + status + "\" is not one of invited, accepted, declined, attended");
  auto list = Get(ws, list_id);
  if (!list.ok()) return list.status();
  if (!*list) return Status::NotFound("no invitation list " + std::to_string(list_id) + " in this workspace");
  auto cur = c_.Query("SELECT status FROM invitations WHERE list_id = ? AND stakeholder_id = ?", {list_id, sid});
  if (!cur.ok()) return cur.status();
  if (cur->empty()) return Status::NotFound("stakeholder #" + std::to_string(sid) + " is not invited on this list");
  std::string before = (*cur)[0].Text(0);
  if (before == status) return Status::Ok();
  CORRIDOR_RETURN_IF_ERROR(c_.Exec("UPDATE invitations SET status = ?, status_at = ? WHERE list_id = ? AND "
                                   "stakeholder_id = ?",
                                   {status, dates::NowIso(), list_id, sid})
                               .status());
  return AuditStore(c_).Record(who, ws, kEntity, list_id, "status", "status #" + std::to_string(sid), before, status);
}

}  // namespace corridor::storage
