#include "storage/registration.h"

#include <algorithm>
#include <ctime>
#include <optional>
#include <random>

#include "core/dates.h"
#include "core/strings.h"
#include "domain/consent.h"
#include "storage/consent_store.h"
#include "storage/group_commit.h"
#include "storage/mail_outbox.h"
#include "storage/stakeholder_store.h"
#include "storage/taxonomy_store.h"

namespace corridor::storage {

namespace {

constexpr int kConfirmHours = 7 * 24;
constexpr int kSelfServiceHours = 400 * 24;  // the link in a mail stays usable for over a year

std::string IsoAgo(int seconds) {
  std::time_t t = std::time(nullptr) - seconds;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

const Actor kPublic{0, "registration form"};

// Counts and records one attempt for `key` inside the caller's transaction; false = over the limit.
Result<bool> Attempt(Connection& c, const std::string& key, int max, int window_s) {
  if (c.engine() == Engine::kPostgres) {
    // Serialises concurrent registrations for the same key (the count and insert, the upsert).
    auto locked = c.Query("SELECT pg_advisory_xact_lock(hashtext(?))", {"corridor-register:" + key});
    if (!locked.ok()) return locked.status();
  }
  auto n = c.Scalar("SELECT COUNT(*) FROM registration_attempts WHERE key = ? AND at > ?", {key, IsoAgo(window_s)});
  if (!n.ok()) return n.status();
  if (std::get<int64_t>(**n) >= max) return false;
  auto ins = c.Exec("INSERT INTO registration_attempts(key, at) VALUES (?, ?)", {key, dates::NowIso()});
  if (!ins.ok()) return ins.status();
  return true;
}

Status CheckTaxonomy(Connection& c, const domain::Stakeholder& p) {
  auto tax = TaxonomyStore(c).List(p.workspace_id);
  if (!tax.ok()) return tax.status();
  const std::pair<domain::TaxonomyKind, const std::string*> keys[] = {{domain::TaxonomyKind::kType, &p.type_key},
                                                               {domain::TaxonomyKind::kSector, &p.sector_key},
                                                               {domain::TaxonomyKind::kPhase, &p.phase_key}};
  for (auto& [kind, key] : keys)
    if (!key->empty() && !TaxonomyStore::Has(*tax, kind, *key))
      return Status::Invalid(domain::TaxonomyKindKey(kind) + ": not one of the listed choices");
  return Status::Ok();
}

}  // namespace

std::string SelfServiceUrl(const std::string& base, const std::string& slug, const std::string& token) {
  return base + "/w/" + slug + "/me/" + token;
}
std::string ConfirmUrl(const std::string& base, const std::string& slug, const std::string& token) {
  return base + "/w/" + slug + "/register/confirm/" + token;
}

Status QueueStakeholderMail(Connection& c, const domain::Workspace& ws, int64_t sh, const std::string& to,
                            const std::string& subject, const std::string& body, const std::string& base,
                            std::string* self_token) {
  auto token = StakeholderStore(c).CreateToken(sh, kTokenSelfService, kSelfServiceHours);
  if (!token.ok()) return token.status();
  std::string me = SelfServiceUrl(base, ws.slug, *token);
  std::string full = body +
                     "\n\n-- \nSee your data, download it, withdraw your consent or ask for erasure:\n" + me +
                     "\nWithdraw all consent in one click: " + me + "/withdraw\n";
  std::string headers = "List-Unsubscribe: <" + me + "/withdraw>\nList-Unsubscribe-Post: List-Unsubscribe=One-Click";
  auto id = MailOutbox(c).Enqueue(ws.id, to, subject, full, headers);
  if (!id.ok()) return id.status();
  if (self_token) *self_token = *token;
  return Status::Ok();
}

namespace {

// Checks and normalises the input (before any transaction).
Status Prepare(const domain::Workspace& ws, RegistrationInput& in) {
  domain::Stakeholder& p = in.person;
  p.workspace_id = ws.id;
  p.source = "registration";
  p.status = domain::StakeholderStatus::kPending;
  p.tags.clear();
  p.influence.reset();
  p.interest.reset();
  p.is_actor = false;
  p.notes.clear();
  CORRIDOR_RETURN_IF_ERROR(domain::NormaliseStakeholder(p));
  if (p.email.empty()) return Status::Invalid("email: required");
  return Status::Ok();
}

// The registration's writes, inside the caller's transaction. Sets `out` from scratch (a group
// commit may run it twice). Rate limited: returns Ok with out.rate_limited, and the caller must
// roll back (a refused attempt writes nothing).
Status RegisterIn(Connection& c, const domain::Workspace& ws, const RegistrationInput& in,
                  const RegistrationOptions& opt, RegistrationOutcome& out) {
  out = RegistrationOutcome{};
  const domain::Stakeholder& p = in.person;
  // Address first, then e-mail: every registration takes the locks in the same order.
  CORRIDOR_ASSIGN_OR_RETURN(bool addr_ok, Attempt(c, "addr:" + in.address, opt.max_per_address, opt.window_s));
  CORRIDOR_ASSIGN_OR_RETURN(bool mail_ok, Attempt(c, "email:" + std::to_string(ws.id) + ":" + p.email,
                                                  opt.max_per_email, opt.window_s));
  if (!addr_ok || !mail_ok) {
    out.rate_limited = true;
    return Status::Ok();
  }
  CORRIDOR_RETURN_IF_ERROR(CheckTaxonomy(c, p));
  ConsentStore consents(c);
  CORRIDOR_ASSIGN_OR_RETURN(auto texts, consents.CurrentTexts(ws.id, ws.acronym));
  std::vector<domain::ConsentText> given;
  for (const auto& t : texts) {
    bool ticked = std::find(in.purposes.begin(), in.purposes.end(), t.purpose) != in.purposes.end();
    if (t.required && !ticked)
      return Status::Invalid("consent_" + t.purpose + ": this consent is needed to register");
    if (ticked) given.push_back(t);
  }

  StakeholderStore people(c);
  CORRIDOR_ASSIGN_OR_RETURN(auto existing, people.FindByEmail(ws.id, p.email));
  if (existing && existing->status == domain::StakeholderStatus::kMerged && existing->merged_into) {
    auto survivor = people.Get(ws.id, *existing->merged_into);
    if (!survivor.ok()) return survivor.status();
    if (*survivor) existing = *survivor;
  }
  std::optional<domain::Stakeholder> held;  // f3: changes to a known record, applied on confirmation
  if (existing && existing->status != domain::StakeholderStatus::kErased) {
    // Registering again proposes an update; the admin-only fields stay as they are.
    domain::Stakeholder upd = *existing;
    upd.name = p.name;
    upd.organisation = p.organisation;
    upd.country = p.country;
    upd.type_key = p.type_key;
    upd.sector_key = p.sector_key;
    upd.phase_key = p.phase_key;
    upd.interests = p.interests;
    // f3: not applied now (anyone may know the address): held until the mailed link is confirmed.
    held = upd;
    out.stakeholder_id = upd.id;
    out.updated = true;
  } else {
    domain::Stakeholder fresh = p;  // Create fills in the id; `in` stays as given for a rerun
    CORRIDOR_ASSIGN_OR_RETURN(out.stakeholder_id, people.Create(fresh, kPublic));
    // f3: similar name and organisation as a record already there: flag it for the duplicates page.
    CORRIDOR_RETURN_IF_ERROR(people.FlagPossibleDuplicates(fresh, "registration").status());
  }
  for (const auto& t : given) {
    auto id = consents.Give(out.stakeholder_id, t, opt.source + " (" + in.address + ")");
    if (!id.ok()) return id.status();
  }
  CORRIDOR_ASSIGN_OR_RETURN(out.confirm_token, people.CreateToken(out.stakeholder_id, kTokenConfirm, kConfirmHours));
  if (held) CORRIDOR_RETURN_IF_ERROR(people.HoldChanges(*held, out.confirm_token));  // f3
  std::string body = "Hello " + p.name + ",\n\n" +
                     (out.updated ? "we received changes to your registration with " + ws.acronym + "; they apply once you confirm."
                                  : "thank you for registering with " + ws.acronym + ".") +
                     " Please confirm your e-mail address and your consent by opening this link:\n\n" +
                     ConfirmUrl(opt.base_url, ws.slug, out.confirm_token) +
                     "\n\nThe link is valid for 7 days. If you did not register, ignore this message: nothing "
                     "changes until the link is opened.\n\nConsents you gave:\n";
  for (const auto& t : given) body += "- " + t.purpose + " (text version " + std::to_string(t.version) + "): " + t.text + "\n";
  CORRIDOR_RETURN_IF_ERROR(QueueStakeholderMail(c, ws, out.stakeholder_id, p.email,
                                                ws.acronym + ": please confirm your registration", body, opt.base_url,
                                                &out.self_token));
  // Now and then, drop attempts older than a day (the table only serves the limit).
  static thread_local std::minstd_rand rng(std::random_device{}());
  if (rng() % 64 == 0) {
    auto old = c.Exec("DELETE FROM registration_attempts WHERE at < ?", {IsoAgo(86400)});
    if (!old.ok()) return old.status();
  }
  return Status::Ok();
}

}  // namespace

Result<RegistrationOutcome> Register(Connection& c, const domain::Workspace& ws, RegistrationInput in,
                                     const RegistrationOptions& opt) {
  CORRIDOR_RETURN_IF_ERROR(Prepare(ws, in));
  RegistrationOutcome out;
  Transaction tx(c);
  CORRIDOR_RETURN_IF_ERROR(tx.status());
  CORRIDOR_RETURN_IF_ERROR(RegisterIn(c, ws, in, opt, out));
  if (out.rate_limited) return out;  // rolled back by tx
  CORRIDOR_RETURN_IF_ERROR(tx.Commit());
  return out;
}

Result<RegistrationOutcome> Register(GroupCommit& writer, const domain::Workspace& ws, RegistrationInput in,
                                     const RegistrationOptions& opt) {
  CORRIDOR_RETURN_IF_ERROR(Prepare(ws, in));
  RegistrationOutcome out;
  // A refused attempt must leave nothing behind: a failing unit is rolled back to its savepoint,
  // so it fails with this marker, told apart below by out.rate_limited.
  Status s = writer.Run([&](Connection& c) -> Status {
    CORRIDOR_RETURN_IF_ERROR(RegisterIn(c, ws, in, opt, out));
    return out.rate_limited ? Status::Conflict("registration: rate limited") : Status::Ok();
  });
  if (out.rate_limited) return out;
  if (!s.ok()) return s;
  return out;
}

Result<ConfirmOutcome> ConfirmRegistration(Connection& c, int64_t ws, const std::string& raw) {
  ConfirmOutcome out;
  Transaction tx(c);
  CORRIDOR_RETURN_IF_ERROR(tx.status());
  StakeholderStore people(c);
  CORRIDOR_ASSIGN_OR_RETURN(auto sh, people.FindToken(raw, kTokenConfirm));
  if (!sh) return out;
  CORRIDOR_ASSIGN_OR_RETURN(auto rec, people.Get(ws, *sh));
  if (!rec || rec->status == domain::StakeholderStatus::kErased) return out;
  out.found = true;
  out.stakeholder_id = *sh;
  const Actor person{0, "data subject"};
  CORRIDOR_RETURN_IF_ERROR(people.UseToken(raw));
  CORRIDOR_RETURN_IF_ERROR(people.Confirm(ws, *sh, person));
  // f3: a re-registration's changes wait for this link (StakeholderStore::HoldChanges).
  CORRIDOR_RETURN_IF_ERROR(people.ApplyHeldChanges(ws, *sh, raw, person).status());
  auto n = ConsentStore(c).ConfirmPending(*sh);
  if (!n.ok()) return n.status();
  CORRIDOR_ASSIGN_OR_RETURN(out.self_token, people.CreateToken(*sh, kTokenSelfService, kSelfServiceHours));
  CORRIDOR_RETURN_IF_ERROR(tx.Commit());
  return out;
}

}  // namespace corridor::storage
