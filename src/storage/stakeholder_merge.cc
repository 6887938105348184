#include "storage/stakeholder_merge.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/dates.h"
#include "core/strings.h"
#include "domain/engagement.h"
#include "storage/event_evidence_store.h"
#include "storage/stakeholder_store.h"

namespace corridor::storage {

using domain::Stakeholder;
using domain::StakeholderStatus;

const std::vector<std::string>& MergeFields() {
  static const std::vector<std::string> f = {"name",      "organisation", "email",     "country",  "type_key",
                                             "sector_key", "phase_key",   "interests", "tags",     "influence",
                                             "interest",   "is_actor",    "notes"};
  return f;
}

std::string MergeFieldText(const Stakeholder& s, const std::string& f) {
  if (f == "name") return s.name;
  if (f == "organisation") return s.organisation;
  if (f == "email") return s.email;
  if (f == "country") return s.country;
  if (f == "type_key") return s.type_key;
  if (f == "sector_key") return s.sector_key;
  if (f == "phase_key") return s.phase_key;
  if (f == "interests") return s.interests;
  if (f == "tags") return strings::Join(s.tags, ",");
  if (f == "influence") return s.influence ? std::to_string(*s.influence) : "";
  if (f == "interest") return s.interest ? std::to_string(*s.interest) : "";
  if (f == "is_actor") return s.is_actor ? "yes" : "no";
  if (f == "notes") return s.notes;
  return "";
}

namespace {

void Take(Stakeholder& to, const Stakeholder& from, const std::string& f) {
  if (f == "name") to.name = from.name;
  else if (f == "organisation") to.organisation = from.organisation;
  else if (f == "email") to.email = from.email;
  else if (f == "country") to.country = from.country;
  else if (f == "type_key") to.type_key = from.type_key;
  else if (f == "sector_key") to.sector_key = from.sector_key;
  else if (f == "phase_key") to.phase_key = from.phase_key;
  else if (f == "interests") to.interests = from.interests;
  else if (f == "tags") to.tags = from.tags;
  else if (f == "influence") to.influence = from.influence;
  else if (f == "interest") to.interest = from.interest;
  else if (f == "is_actor") to.is_actor = from.is_actor;
  else if (f == "notes") to.notes = from.notes;
}

}  // namespace

Result<std::vector<DuplicatePair>> StakeholderMerge::FindDuplicates(int64_t ws, int limit) {
  auto rows = c_.Query(
      "SELECT id, name, organisation, email FROM stakeholders WHERE workspace_id = ? AND status IN ('active', "
      "'pending') ORDER BY id",
      {ws});
  if (!rows.ok()) return rows.status();
  // Bucket by key instead of comparing every pair: linear in the registry's size.
  std::map<std::string, std::vector<int64_t>> by_email, by_name_org;
  for (const Row& r : *rows) {
    std::string email = domain::NormaliseEmailKey(r.Text(3));
    if (!email.empty()) by_email[email].push_back(r.Int(0));
    std::string name = NormalisedOrgKey(r.Text(1));
    if (!name.empty()) by_name_org[name + "|" + NormalisedOrgKey(r.Text(2))].push_back(r.Int(0));
  }
  std::map<std::pair<int64_t, int64_t>, std::string> pairs;
  auto add = [&](const std::map<std::string, std::vector<int64_t>>& buckets, const char* reason) {
    for (auto& [k, ids] : buckets)
      for (size_t i = 0; i < ids.size(); ++i)
        for (size_t j = i + 1; j < ids.size(); ++j) pairs.emplace(std::make_pair(ids[i], ids[j]), reason);
  };
  add(by_email, "same e-mail");
  add(by_name_org, "similar name and organisation");
  std::vector<DuplicatePair> out;
  StakeholderStore store(c_);
  for (auto& [ids, reason] : pairs) {
    if (static_cast<int>(out.size()) >= limit) break;
    auto a = store.Get(ws, ids.first);
    auto b = store.Get(ws, ids.second);
    if (!a.ok()) return a.status();
    if (!b.ok()) return b.status();
    if (*a && *b) out.push_back({**a, **b, reason});
  }
  return out;
}

Status StakeholderMerge::Merge(int64_t ws, int64_t survivor_id, int64_t other_id,
                               const std::vector<std::string>& take_other, const Actor& who) {
  if (survivor_id == other_id) return Status::Invalid("merge: a record cannot be merged into itself");
  for (const auto& f : take_other)
    if (std::find(MergeFields().begin(), MergeFields().end(), f) == MergeFields().end())
      return Status::Invalid("merge: unknown field \"" + f + "\"");
  StakeholderStore store(c_);
  CORRIDOR_ASSIGN_OR_RETURN(auto survivor_opt, store.Get(ws, survivor_id));
  CORRIDOR_ASSIGN_OR_RETURN(auto other_opt, store.Get(ws, other_id));
  if (!survivor_opt) return Status::NotFound("merge: no stakeholder #" + std::to_string(survivor_id));
  if (!other_opt) return Status::NotFound("merge: no stakeholder #" + std::to_string(other_id));
  Stakeholder survivor = *survivor_opt;
  const Stakeholder other = *other_opt;
  for (const Stakeholder* s : {static_cast<const Stakeholder*>(&survivor), &other})
    if (s->status == StakeholderStatus::kErased || s->status == StakeholderStatus::kMerged)
      return Status::Invalid("merge: #" + std::to_string(s->id) + " is " + domain::StakeholderStatusKey(s->status));
  AuditStore audit(c_);
  std::string now = dates::NowIso();
  // The other record first gives up its e-mail, so the survivor may take it (UNIQUE per workspace).
  CORRIDOR_RETURN_IF_ERROR(c_.Exec("UPDATE stakeholders SET status = 'merged', merged_into = ?, email = NULL, "
                                   "updated_at = ?, version = version + 1 WHERE workspace_id = ? AND id = ?",
                                   {survivor_id, now, ws, other_id})
                               .status());
  int64_t other_version = other.version + 1;
  CORRIDOR_RETURN_IF_ERROR(audit.Record(who, ws, kStakeholderEntity, other_id, "merged-into", "status",
                                        domain::StakeholderStatusKey(other.status), "merged into #" +
                                                                                         std::to_string(survivor_id),
                                        other_version));
  if (!other.email.empty())
    CORRIDOR_RETURN_IF_ERROR(
        audit.Record(who, ws, kStakeholderEntity, other_id, "merged-into", "email", other.email, "", other_version));
  for (const auto& f : take_other) Take(survivor, other, f);
  // A pending survivor merged with a confirmed record is as confirmed as the other was.
  CORRIDOR_RETURN_IF_ERROR(store.Update(survivor, who));
  if (survivor.status == StakeholderStatus::kPending && other.status == StakeholderStatus::kActive)
    CORRIDOR_RETURN_IF_ERROR(store.Confirm(ws, survivor_id, who));
  // Consents, links and invitations follow the person.
  CORRIDOR_ASSIGN_OR_RETURN(int64_t consents, c_.Exec("UPDATE consents SET stakeholder_id = ? WHERE stakeholder_id = ?",
                                                       {survivor_id, other_id}));
  CORRIDOR_RETURN_IF_ERROR(
      c_.Exec("UPDATE stakeholder_tokens SET stakeholder_id = ? WHERE stakeholder_id = ?", {survivor_id, other_id})
          .status());
  // Held re-registrations follow their confirm links; flags between the two are settled by the merge.
  CORRIDOR_RETURN_IF_ERROR(c_.Exec("UPDATE stakeholder_pending_changes SET stakeholder_id = ? WHERE stakeholder_id = ?",
                                   {survivor_id, other_id})
                               .status());
  CORRIDOR_RETURN_IF_ERROR(
      c_.Exec("DELETE FROM stakeholder_duplicate_flags WHERE stakeholder_id = ? OR other_id = ?", {other_id, other_id})
          .status());
  CORRIDOR_RETURN_IF_ERROR(c_.Exec("DELETE FROM invitations WHERE stakeholder_id = ? AND list_id IN (SELECT list_id "
                                   "FROM invitations WHERE stakeholder_id = ?)",
                                   {other_id, survivor_id})
                               .status());
  CORRIDOR_ASSIGN_OR_RETURN(int64_t invitations, c_.Exec("UPDATE invitations SET stakeholder_id = ? WHERE "
                                                         "stakeholder_id = ?",
                                                         {survivor_id, other_id}));
  CORRIDOR_RETURN_IF_ERROR(RepointEventStakeholder(c_, other_id, survivor_id));
  CORRIDOR_RETURN_IF_ERROR(audit.Record(who, ws, kStakeholderEntity, survivor_id, "merge", "merged",
                                        "#" + std::to_string(other_id),
                                        std::to_string(consents) + " consent(s) and " + std::to_string(invitations) +
                                            " invitation(s) moved; fields taken: " +
                                            (take_other.empty() ? std::string("none") : strings::Join(take_other, ", ")),
                                        survivor.version));
  return Status::Ok();
}

}  // namespace corridor::storage
