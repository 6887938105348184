#include "storage/stakeholder_store.h"

#include <cctype>
#include <ctime>
#include <map>
#include <set>

#include "core/dates.h"
#include "core/strings.h"
#include "storage/event_evidence_store.h"

namespace corridor::storage {

using domain::Stakeholder;

namespace {

std::string IsoIn(int64_t seconds) {
  std::time_t t = std::time(nullptr) + seconds;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Value OptInt(const std::optional<int>& v) { return v ? Value(int64_t{*v}) : Value(); }
std::string OptText(const std::optional<int>& v) { return v ? std::to_string(*v) : ""; }

// The editable fields with their stored text form, for the field-level audit.
std::vector<std::pair<std::string, std::string>> Fields(const Stakeholder& s) {
  return {{"name", s.name},
          {"organisation", s.organisation},
          {"email", s.email},
          {"country", s.country},
          {"type_key", s.type_key},
          {"sector_key", s.sector_key},
          {"phase_key", s.phase_key},
          {"interests", s.interests},
          {"tags", strings::Join(s.tags, ",")},
          {"influence", OptText(s.influence)},
          {"interest", OptText(s.interest)},
          {"is_actor", s.is_actor ? "1" : "0"},
          {"notes", s.notes}};
}

Value FieldValue(const Stakeholder& s, const std::string& key) {
  if (key == "email") return TextOrNull(s.email);
  if (key == "influence") return OptInt(s.influence);
  if (key == "interest") return OptInt(s.interest);
  if (key == "is_actor") return int64_t{s.is_actor};
  for (auto& [k, v] : Fields(s))
    if (k == key) return v;
  return std::string();
}

Status StaleVersion(Connection& c, int64_t id, int64_t version) {
  auto since = AuditStore(c).SinceVersion(kStakeholderEntity, id, version);
  std::string who_what;
  if (since.ok()) {
    std::map<std::string, std::set<std::string>> by_user;
    for (const auto& e : *since) by_user[e.user_name + " at " + e.at].insert(e.field.empty() ? e.action : e.field);
    for (auto& [u, fs] : by_user)
      who_what += (who_what.empty() ? "" : "; ") + u + " changed " +
                  strings::Join(std::vector<std::string>(fs.begin(), fs.end()), ", ");
  }
  return Status::Conflict("this record was changed after you opened it (" +
                          (who_what.empty() ? std::string("by another user") : who_what) +
                          "); your input is kept below: review the current values and save again");
}

}  // namespace

Stakeholder ToStakeholder(const Row& r) {
  Stakeholder s;
  s.id = r.Int("id");
  s.workspace_id = r.Int("workspace_id");
  s.name = r.Text("name");
  s.organisation = r.Text("organisation");
  s.email = r.Text("email");
  s.country = r.Text("country");
  s.type_key = r.Text("type_key");
  s.sector_key = r.Text("sector_key");
  s.phase_key = r.Text("phase_key");
  s.interests = r.Text("interests");
  for (auto& t : strings::Split(r.Text("tags"), ',')) {
    std::string tag = strings::Trim(t);
    if (!tag.empty()) s.tags.push_back(tag);
  }
  if (!r.IsNull("influence")) s.influence = static_cast<int>(r.Int("influence"));
  if (!r.IsNull("interest")) s.interest = static_cast<int>(r.Int("interest"));
  s.is_actor = r.Int("is_actor") != 0;
  s.notes = r.Text("notes");
  s.source = r.Text("source");
  s.status = domain::ParseStakeholderStatus(r.Text("status")).value_or(domain::StakeholderStatus::kActive);
  if (!r.IsNull("merged_into")) s.merged_into = r.Int("merged_into");
  s.created_at = r.Text("created_at");
  s.updated_at = r.Text("updated_at");
  s.confirmed_at = r.Text("confirmed_at");
  s.erased_at = r.Text("erased_at");
  s.version = r.Int("version");
  return s;
}

std::string NormalisedOrgKey(const std::string& s) {
  static const std::set<std::string> kLegal = {"gmbh", "ag", "sa", "srl", "sl", "spa", "bv", "nv", "ltd", "limited",
                                               "plc", "inc", "llc", "oy", "ab", "as", "sas", "sarl", "the", "of"};
  std::string folded = strings::FoldAccents(s), word, out;
  auto flush = [&] {
    if (!word.empty() && !kLegal.count(word)) out += (out.empty() ? "" : " ") + word;
    word.clear();
  };
  for (char c : folded) {
    if (std::isalnum(static_cast<unsigned char>(c))) word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    else if (c != '.' && c != '\'') flush();  // "S.A." reads as "sa"
  }
  flush();
  return out;
}

Result<std::optional<Stakeholder>> StakeholderStore::Get(int64_t ws, int64_t id) {
  auto rows = c_.Query("SELECT * FROM stakeholders WHERE workspace_id = ? AND id = ?", {ws, id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<Stakeholder>();
  return std::optional<Stakeholder>(ToStakeholder((*rows)[0]));
}

Result<std::optional<Stakeholder>> StakeholderStore::FindByEmail(int64_t ws, const std::string& email) {
  auto rows = c_.Query("SELECT * FROM stakeholders WHERE workspace_id = ? AND email = ?",
                       {ws, strings::ToLower(strings::Trim(email))});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<Stakeholder>();
  return std::optional<Stakeholder>(ToStakeholder((*rows)[0]));
}

Result<int64_t> StakeholderStore::Count(int64_t ws) {
  auto n = c_.Scalar("SELECT COUNT(*) FROM stakeholders WHERE workspace_id = ?", {ws});
  if (!n.ok()) return n.status();
  return std::get<int64_t>(**n);
}

Result<int64_t> StakeholderStore::Create(Stakeholder& s, const Actor& who) {
  CORRIDOR_RETURN_IF_ERROR(domain::NormaliseStakeholder(s));
  std::string now = dates::NowIso();
  auto rows = c_.Query(
      "INSERT INTO stakeholders(workspace_id, name, organisation, email, country, type_key, sector_key, phase_key, "
      "interests, tags, influence, interest, is_actor, notes, source, status, created_at, updated_at, confirmed_at, "
      "version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1) RETURNING id",
      {s.workspace_id, s.name, s.organisation, TextOrNull(s.email), s.country, s.type_key, s.sector_key, s.phase_key,
       s.interests, strings::Join(s.tags, ","), OptInt(s.influence), OptInt(s.interest), int64_t{s.is_actor}, s.notes,
       s.source, domain::StakeholderStatusKey(s.status), now, now, TextOrNull(s.confirmed_at)});
  if (!rows.ok()) {
    if (rows.status().code() == ErrorCode::kConflict)
      return Status::Conflict("email: " + s.email + " is already registered in this workspace");
    return rows.status();
  }
  s.id = (*rows)[0].Int(0);
  s.version = 1;
  s.created_at = s.updated_at = now;
  CORRIDOR_RETURN_IF_ERROR(AuditStore(c_).Record(who, s.workspace_id, kStakeholderEntity, s.id,
                                                 s.source == "registration" ? "register" : "create", "", "", s.name, 1));
  return s.id;
}

Status StakeholderStore::Update(Stakeholder& s, const Actor& who) {
  CORRIDOR_RETURN_IF_ERROR(domain::NormaliseStakeholder(s));
  auto cur_opt = Get(s.workspace_id, s.id);
  if (!cur_opt.ok()) return cur_opt.status();
  if (!*cur_opt) return Status::NotFound("no stakeholder " + std::to_string(s.id) + " in this workspace");
  const Stakeholder& cur = **cur_opt;
  if (cur.status == domain::StakeholderStatus::kErased) return Status::Invalid("this record was erased; it cannot be edited");
  if (cur.version != s.version) return StaleVersion(c_, s.id, s.version);
  std::string sets;
  Params params;
  std::vector<std::tuple<std::string, std::string, std::string>> changes;
  auto before = Fields(cur), after = Fields(s);
  for (size_t i = 0; i < before.size(); ++i) {
    if (before[i].second == after[i].second) continue;
    sets += (sets.empty() ? "" : ", ") + before[i].first + " = ?";
    params.push_back(FieldValue(s, before[i].first));
    changes.emplace_back(before[i].first, before[i].second, after[i].second);
  }
  if (changes.empty()) {
    s = cur;
    return Status::Ok();
  }
  int64_t next = cur.version + 1;
  std::string now = dates::NowIso();
  sets += ", version = ?, updated_at = ?";
  params.insert(params.end(), {next, now, s.id, s.workspace_id, cur.version});
  auto r = c_.Exec("UPDATE stakeholders SET " + sets + " WHERE id = ? AND workspace_id = ? AND version = ?", params);
  if (!r.ok()) {
    if (r.status().code() == ErrorCode::kConflict)
      return Status::Conflict("email: " + s.email + " is already used by another record in this workspace");
    return r.status();
  }
  if (*r != 1) return StaleVersion(c_, s.id, s.version);
  AuditStore audit(c_);
  for (auto& [field, old_v, new_v] : changes)
    CORRIDOR_RETURN_IF_ERROR(audit.Record(who, s.workspace_id, kStakeholderEntity, s.id, "update", field, old_v, new_v, next));
  s.version = next;
  s.updated_at = now;
  s.status = cur.status;
  s.created_at = cur.created_at;
  s.confirmed_at = cur.confirmed_at;
  return Status::Ok();
}

Status StakeholderStore::Confirm(int64_t ws, int64_t id, const Actor& who) {
  std::string now = dates::NowIso();
  auto r = c_.Query(
      "UPDATE stakeholders SET status = 'active', confirmed_at = ?, updated_at = ?, version = version + 1 "
      "WHERE id = ? AND workspace_id = ? AND status = 'pending' RETURNING version",
      {now, now, id, ws});
  if (!r.ok()) return r.status();
  if (r->empty()) return Status::Ok();  // already active: confirming twice is harmless
  return AuditStore(c_).Record(who, ws, kStakeholderEntity, id, "confirm", "status", "pending", "active",
                               (*r)[0].Int(0));
}

Status StakeholderStore::Erase(int64_t ws, int64_t id, const Actor& who, const std::string& why) {
  auto cur = Get(ws, id);
  if (!cur.ok()) return cur.status();
  if (!*cur) return Status::NotFound("no stakeholder " + std::to_string(id) + " in this workspace");
  if ((*cur)->status == domain::StakeholderStatus::kErased) return Status::Ok();
  std::string now = dates::NowIso();
  const std::string email = (*cur)->email;
  auto r = c_.Exec(
      "UPDATE stakeholders SET name = '', organisation = '', email = NULL, country = '', interests = '', tags = '', "
      "notes = '', status = 'erased', erased_at = ?, updated_at = ?, version = version + 1 WHERE id = ? AND workspace_id = ?",
      {now, now, id, ws});
  if (!r.ok()) return r.status();
  auto withdrawn = c_.Exec(
      "UPDATE consents SET withdrawn_at = ?, withdrawn_via = 'erasure' WHERE stakeholder_id = ? AND withdrawn_at IS NULL",
      {now, id});
  if (!withdrawn.ok()) return withdrawn.status();
  auto tokens = c_.Exec("DELETE FROM stakeholder_tokens WHERE stakeholder_id = ?", {id});
  if (!tokens.ok()) return tokens.status();
  // Held re-registrations carry personal values too.
  auto held = c_.Exec("DELETE FROM stakeholder_pending_changes WHERE stakeholder_id = ?", {id});
  if (!held.ok()) return held.status();
  // Event participant lists copied the name and e-mail.
  auto participants = AnonymiseEventParticipants(c_, ws, id);
  if (!participants.ok()) return participants.status();
  // Earlier field-level entries held the person's values; the trail keeps who changed what, when.
  auto scrub = c_.Exec(
      "UPDATE audit_log SET old_value = CASE WHEN old_value = '' THEN '' ELSE '(erased)' END, "
      "new_value = CASE WHEN new_value = '' THEN '' ELSE '(erased)' END WHERE entity = ? AND entity_id = ?",
      {std::string(kStakeholderEntity), id});
  if (!scrub.ok()) return scrub.status();
  if (!email.empty()) {
    auto x = c_.Exec("DELETE FROM mail_outbox WHERE to_addr = ?", {email});
    if (!x.ok()) return x.status();
  }
  if (c_.engine() == Engine::kSqlite) {
    // The FTS5 search index (migration 0006) only marks the old trigrams deleted until its
    // segments merge, and Debian's SQLite predates FTS5's secure-delete: merge them now so no
    // trace of the erased values stays in the file.
    auto merged = c_.Exec("INSERT INTO stakeholders_fts(stakeholders_fts) VALUES ('optimize')");
    if (!merged.ok()) return merged.status();
  }
  return AuditStore(c_).Record(who, ws, kStakeholderEntity, id, "erase", "", "", strings::Trim(why),
                               (*cur)->version + 1);
}

Result<std::vector<Stakeholder>> StakeholderStore::PossibleDuplicates(int64_t ws, const std::string& name,
                                                                      const std::string& organisation,
                                                                      int64_t exclude_id) {
  std::vector<Stakeholder> out;
  std::string name_key = NormalisedOrgKey(name), org_key = NormalisedOrgKey(organisation);
  if (name_key.empty()) return out;
  // Narrow by the case-folded name in SQL, then compare the normalised forms here.
  auto rows = c_.Query(
      "SELECT * FROM stakeholders WHERE workspace_id = ? AND id <> ? AND status IN ('pending', 'active') "
      "AND LOWER(name) = LOWER(?) ORDER BY id LIMIT 50",
      {ws, exclude_id, strings::Trim(name)});
  if (!rows.ok()) return rows.status();
  for (const Row& r : *rows) {
    Stakeholder s = ToStakeholder(r);
    if (NormalisedOrgKey(s.name) == name_key && NormalisedOrgKey(s.organisation) == org_key) out.push_back(std::move(s));
  }
  return out;
}

Status StakeholderStore::HoldChanges(const Stakeholder& p, const std::string& token) {
  auto r = c_.Exec(
      "INSERT INTO stakeholder_pending_changes(stakeholder_id, token_hash, name, organisation, country, type_key, "
      "sector_key, phase_key, interests, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
      {p.id, strings::Sha256Hex(token), p.name, p.organisation, p.country, p.type_key, p.sector_key, p.phase_key,
       p.interests, dates::NowIso()});
  return r.ok() ? Status::Ok() : r.status();
}

Result<bool> StakeholderStore::ApplyHeldChanges(int64_t ws, int64_t id, const std::string& token, const Actor& who) {
  auto rows = c_.Query("SELECT * FROM stakeholder_pending_changes WHERE token_hash = ? AND stakeholder_id = ?",
                       {strings::Sha256Hex(token), id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return false;
  const Row& h = (*rows)[0];
  CORRIDOR_ASSIGN_OR_RETURN(auto cur, Get(ws, id));
  bool applied = false;
  if (cur && cur->status != domain::StakeholderStatus::kErased && cur->status != domain::StakeholderStatus::kMerged) {
    Stakeholder upd = *cur;  // the admin-only fields (tags, tier, notes, actor) stay as they are
    upd.name = h.Text("name");
    upd.organisation = h.Text("organisation");
    upd.country = h.Text("country");
    upd.type_key = h.Text("type_key");
    upd.sector_key = h.Text("sector_key");
    upd.phase_key = h.Text("phase_key");
    upd.interests = h.Text("interests");
    CORRIDOR_RETURN_IF_ERROR(Update(upd, who));
    applied = true;
  }
  auto del = c_.Exec("DELETE FROM stakeholder_pending_changes WHERE id = ?", {h.Int("id")});
  if (!del.ok()) return del.status();
  return applied;
}

Result<std::vector<Stakeholder>> StakeholderStore::FlagPossibleDuplicates(const Stakeholder& s,
                                                                          const std::string& source) {
  CORRIDOR_ASSIGN_OR_RETURN(auto similar, PossibleDuplicates(s.workspace_id, s.name, s.organisation, s.id));
  std::string now = dates::NowIso();
  for (const auto& o : similar) {
    auto r = c_.Exec(
        "INSERT INTO stakeholder_duplicate_flags(workspace_id, stakeholder_id, other_id, reason, source, flagged_at) "
        "VALUES (?,?,?,?,?,?) ON CONFLICT(stakeholder_id, other_id) DO NOTHING",
        {s.workspace_id, s.id, o.id, std::string("similar name and organisation"), source, now});
    if (!r.ok()) return r.status();
  }
  return similar;
}

Result<std::vector<StakeholderStore::DuplicateFlag>> StakeholderStore::DuplicateFlags(int64_t ws, int64_t id) {
  std::string sql =
      "SELECT f.stakeholder_id, f.other_id, f.reason, f.source, f.flagged_at FROM stakeholder_duplicate_flags f "
      "JOIN stakeholders a ON a.id = f.stakeholder_id JOIN stakeholders b ON b.id = f.other_id "
      "WHERE f.workspace_id = ? AND a.status IN ('pending', 'active') AND b.status IN ('pending', 'active')";
  Params params{ws};
  if (id != 0) {
    sql += " AND (f.stakeholder_id = ? OR f.other_id = ?)";
    params.insert(params.end(), {id, id});
  }
  auto rows = c_.Query(sql + " ORDER BY f.id LIMIT 1000", params);
  if (!rows.ok()) return rows.status();
  std::vector<DuplicateFlag> out;
  for (const Row& r : *rows) out.push_back({r.Int(0), r.Int(1), r.Text(2), r.Text(3), r.Text(4)});
  return out;
}

Result<std::string> StakeholderStore::CreateToken(int64_t id, const std::string& purpose, int ttl_hours) {
  std::string raw = strings::RandomToken(32);
  auto r = c_.Exec(
      "INSERT INTO stakeholder_tokens(token_hash, stakeholder_id, purpose, created_at, expires_at) VALUES (?,?,?,?,?)",
      {strings::Sha256Hex(raw), id, purpose, dates::NowIso(), IsoIn(int64_t{ttl_hours} * 3600)});
  if (!r.ok()) return r.status();
  return raw;
}

Result<std::optional<int64_t>> StakeholderStore::FindToken(const std::string& raw, const std::string& purpose) {
  if (raw.size() != 64) return std::optional<int64_t>();
  auto rows = c_.Query(
      "SELECT stakeholder_id, used_at FROM stakeholder_tokens WHERE token_hash = ? AND purpose = ? AND expires_at > ?",
      {strings::Sha256Hex(raw), purpose, dates::NowIso()});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<int64_t>();
  if (purpose == kTokenConfirm && !(*rows)[0].IsNull(1)) return std::optional<int64_t>();
  return std::optional<int64_t>((*rows)[0].Int(0));
}

Status StakeholderStore::UseToken(const std::string& raw) {
  auto r = c_.Exec("UPDATE stakeholder_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL",
                   {dates::NowIso(), strings::Sha256Hex(raw)});
  return r.ok() ? Status::Ok() : r.status();
}

}  // namespace corridor::storage
