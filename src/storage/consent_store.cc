#include "storage/consent_store.h"

#include "core/dates.h"
#include "core/strings.h"
#include "storage/stakeholder_store.h"

namespace corridor::storage {

using domain::Consent;
using domain::ConsentText;

namespace {

ConsentText ToText(const Row& r) {
  ConsentText t;
  t.id = r.Int("id");
  t.workspace_id = r.Int("workspace_id");
  t.purpose = r.Text("purpose");
  t.version = r.Int("version");
  t.text = r.Text("text");
  t.required = r.Int("required") != 0;
  t.created_at = r.Text("created_at");
  t.created_by = r.Text("created_by");
  return t;
}

std::string RetentionKey(int64_t ws) { return "workspace:" + std::to_string(ws) + ":consent_retention_months"; }

}  // namespace

Status ConsentStore::EnsureDefaults(int64_t ws, const std::string& acronym) {
  auto n = c_.Scalar("SELECT COUNT(*) FROM consent_texts WHERE workspace_id = ?", {ws});
  if (!n.ok()) return n.status();
  if (std::get<int64_t>(**n) > 0) return Status::Ok();
  const std::string p = acronym.empty() ? "the project" : acronym;
  const std::pair<const char*, std::string> defaults[] = {
      {domain::kPurposeContact,
       "I agree that " + p + " stores the information in this form and may contact me by e-mail to consult me "
       "and to invite me to its workshops, webinars and clustering events. I can withdraw this consent at any time "
       "with the link in every message."},
      {domain::kPurposeNewsletter,
       "I would like to receive the " + p + " newsletter by e-mail (optional; withdraw at any time)."},
  };
  std::string now = dates::NowIso();
  for (auto& [purpose, text] : defaults) {
    auto r = c_.Exec(
        "INSERT INTO consent_texts(workspace_id, purpose, version, text, required, created_at, created_by) "
        "VALUES (?,?,1,?,?,?,'system') ON CONFLICT(workspace_id, purpose, version) DO NOTHING",
        {ws, std::string(purpose), text, int64_t{std::string(purpose) == domain::kPurposeContact}, now});
    if (!r.ok()) return r.status();
  }
  return Status::Ok();
}

Result<std::vector<ConsentText>> ConsentStore::CurrentTexts(int64_t ws, const std::string& acronym) {
  CORRIDOR_RETURN_IF_ERROR(EnsureDefaults(ws, acronym));
  auto rows = c_.Query(
      "SELECT t.* FROM consent_texts t WHERE t.workspace_id = ? AND t.version = "
      "(SELECT MAX(v.version) FROM consent_texts v WHERE v.workspace_id = t.workspace_id AND v.purpose = t.purpose) "
      "ORDER BY CASE WHEN t.purpose = 'contact' THEN 0 ELSE 1 END, t.purpose",
      {ws});
  if (!rows.ok()) return rows.status();
  std::vector<ConsentText> out;
  for (const Row& r : *rows) out.push_back(ToText(r));
  return out;
}

Result<std::optional<ConsentText>> ConsentStore::Text(int64_t ws, int64_t id) {
  auto rows = c_.Query("SELECT * FROM consent_texts WHERE workspace_id = ? AND id = ?", {ws, id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<ConsentText>();
  return std::optional<ConsentText>(ToText((*rows)[0]));
}

Result<ConsentText> ConsentStore::AddVersion(int64_t ws, const std::string& purpose_in, const std::string& text_in,
                                             bool required, const Actor& who) {
  std::string purpose = strings::ToLower(strings::Trim(purpose_in)), text = strings::Trim(text_in);
  CORRIDOR_RETURN_IF_ERROR(domain::ValidatePurpose(purpose));
  CORRIDOR_RETURN_IF_ERROR(domain::ValidateConsentText(text));
  // Seed first, so that a first edit makes version 2 of the default, not a lone version 1.
  auto acronym = c_.Scalar("SELECT acronym FROM workspaces WHERE id = ?", {ws});
  if (!acronym.ok()) return acronym.status();
  CORRIDOR_RETURN_IF_ERROR(
      EnsureDefaults(ws, acronym->has_value() ? std::get<std::string>(**acronym) : std::string()));
  auto v = c_.Scalar("SELECT COALESCE(MAX(version), 0) + 1 FROM consent_texts WHERE workspace_id = ? AND purpose = ?",
                     {ws, purpose});
  if (!v.ok()) return v.status();
  ConsentText t;
  t.workspace_id = ws;
  t.purpose = purpose;
  t.version = std::get<int64_t>(**v);
  t.text = text;
  t.required = required;
  t.created_at = dates::NowIso();
  t.created_by = who.name;
  auto r = c_.Query(
      "INSERT INTO consent_texts(workspace_id, purpose, version, text, required, created_at, created_by) "
      "VALUES (?,?,?,?,?,?,?) RETURNING id",
      {ws, purpose, t.version, text, int64_t{required}, t.created_at, who.name});
  if (!r.ok()) {
    if (r.status().code() == ErrorCode::kConflict) return Status::Conflict("text: someone saved a new version at the same time; reload");
    return r.status();
  }
  t.id = (*r)[0].Int(0);
  CORRIDOR_RETURN_IF_ERROR(AuditStore(c_).Record(who, ws, "consent_text", t.id, "version", purpose,
                                                 std::to_string(t.version - 1), text, t.version));
  return t;
}

Result<int64_t> ConsentStore::Give(int64_t sh, const ConsentText& text, const std::string& source,
                                   const std::string& confirmed_at) {
  auto r = c_.Query(
      "INSERT INTO consents(stakeholder_id, consent_text_id, purpose, given_at, source, confirmed_at) "
      "VALUES (?,?,?,?,?,?) RETURNING id",
      {sh, text.id, text.purpose, dates::NowIso(), source, TextOrNull(confirmed_at)});
  if (!r.ok()) return r.status();
  return (*r)[0].Int(0);
}

Result<int64_t> ConsentStore::ConfirmPending(int64_t sh) {
  return c_.Exec("UPDATE consents SET confirmed_at = ? WHERE stakeholder_id = ? AND confirmed_at IS NULL AND withdrawn_at IS NULL",
                 {dates::NowIso(), sh});
}

Result<int64_t> ConsentStore::Withdraw(int64_t ws, int64_t sh, const std::string& purpose, const std::string& via,
                                       const Actor& who) {
  std::string sql = "UPDATE consents SET withdrawn_at = ?, withdrawn_via = ? WHERE stakeholder_id = ? AND withdrawn_at IS NULL";
  Params params{dates::NowIso(), via, sh};
  if (!purpose.empty()) {
    sql += " AND purpose = ?";
    params.push_back(purpose);
  }
  auto n = c_.Exec(sql, params);
  if (!n.ok()) return n.status();
  if (*n > 0)
    CORRIDOR_RETURN_IF_ERROR(AuditStore(c_).Record(who, ws, kStakeholderEntity, sh, "withdraw-consent", "consent",
                                                   purpose.empty() ? "all" : purpose, "withdrawn via " + via));
  return *n;
}

Result<std::vector<Consent>> ConsentStore::ForStakeholder(int64_t sh) {
  auto rows = c_.Query(
      "SELECT c.*, t.version AS text_version, t.text AS text FROM consents c JOIN consent_texts t ON t.id = c.consent_text_id "
      "WHERE c.stakeholder_id = ? ORDER BY c.id DESC",
      {sh});
  if (!rows.ok()) return rows.status();
  std::vector<Consent> out;
  for (const Row& r : *rows) {
    Consent c;
    c.id = r.Int("id");
    c.stakeholder_id = r.Int("stakeholder_id");
    c.consent_text_id = r.Int("consent_text_id");
    c.text_version = r.Int("text_version");
    c.text = r.Text("text");
    c.purpose = r.Text("purpose");
    c.given_at = r.Text("given_at");
    c.source = r.Text("source");
    c.confirmed_at = r.Text("confirmed_at");
    c.withdrawn_at = r.Text("withdrawn_at");
    c.withdrawn_via = r.Text("withdrawn_via");
    out.push_back(std::move(c));
  }
  return out;
}

Result<bool> ConsentStore::HasValid(int64_t sh, const std::string& purpose) {
  auto n = c_.Scalar(
      "SELECT COUNT(*) FROM consents WHERE stakeholder_id = ? AND purpose = ? AND confirmed_at IS NOT NULL "
      "AND withdrawn_at IS NULL",
      {sh, purpose});
  if (!n.ok()) return n.status();
  return std::get<int64_t>(**n) > 0;
}

Result<int> ConsentStore::RetentionMonths(int64_t ws) {
  auto v = c_.Scalar("SELECT value FROM settings WHERE key = ?", {RetentionKey(ws)});
  if (!v.ok()) return v.status();
  if (!v->has_value()) return 0;
  return static_cast<int>(strings::ParseInt(std::get<std::string>(**v)).value_or(0));
}

Status ConsentStore::SetRetentionMonths(int64_t ws, int months, const Actor& who) {
  if (months < 0 || months > 240) return Status::Invalid("retention: 0 (off) to 240 months");
  auto old = RetentionMonths(ws);
  if (!old.ok()) return old.status();
  auto r = c_.Exec("INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                   {RetentionKey(ws), std::to_string(months)});
  if (!r.ok()) return r.status();
  if (*old == months) return Status::Ok();
  return AuditStore(c_).Record(who, ws, "workspace", ws, "update", "consent_retention_months", std::to_string(*old),
                               std::to_string(months));
}

Result<std::vector<FlaggedRecord>> ConsentStore::Flagged(int64_t ws, int months, const std::string& today) {
  std::vector<FlaggedRecord> out;
  if (months <= 0) return out;
  std::string cutoff = domain::MonthsBefore(today, months);
  // Each record's newest valid consent; ISO text compares in time order.
  auto rows = c_.Query(
      "SELECT s.id, s.name, s.organisation, MAX(c.confirmed_at) AS last_at FROM stakeholders s "
      "LEFT JOIN consents c ON c.stakeholder_id = s.id AND c.confirmed_at IS NOT NULL AND c.withdrawn_at IS NULL "
      "WHERE s.workspace_id = ? AND s.status IN ('pending', 'active') GROUP BY s.id, s.name, s.organisation "
      "HAVING MAX(c.confirmed_at) IS NULL OR MAX(c.confirmed_at) < ? ORDER BY s.name, s.id LIMIT 5000",
      {ws, cutoff});
  if (!rows.ok()) return rows.status();
  for (const Row& r : *rows) out.push_back({r.Int(0), r.Text(1), r.Text(2), r.Text(3)});
  return out;
}

}  // namespace corridor::storage
