// `corridor stakeholder add|show|erase` and `corridor mail send`.
#include <cstdio>
#include <filesystem>

#include "cli/commands.h"
#include "core/strings.h"
#include "storage/consent_store.h"
#include "storage/stakeholder_store.h"
#include "storage/taxonomy_store.h"
#include "web/mail_delivery.h"

namespace corridor::cli {

namespace {

const storage::Actor kCli{0, "cli"};

// A record by numeric id or by e-mail.
Result<domain::Stakeholder> FindStakeholder(storage::Connection& c, int64_t ws, const std::string& ref) {
  storage::StakeholderStore store(c);
  auto id = strings::ParseInt(ref);
  auto r = id ? store.Get(ws, *id) : store.FindByEmail(ws, ref);
  if (!r.ok()) return r.status();
  if (!*r) return Status::NotFound("no stakeholder " + ref);
  return **r;
}

std::optional<int> Score(const Args& a, const std::string& flag) {
  if (!a.Has(flag)) return std::nullopt;
  auto n = strings::ParseInt(a.Get(flag));
  return n ? std::optional<int>(static_cast<int>(*n)) : std::optional<int>(0);  // 0 fails validation, naming the field
}

}  // namespace

web::MailSettings MailSettingsFor(const Args& a) {
  web::MailSettings m;
  m.outbox_dir = (std::filesystem::path(a.Get("data", "data")) / "outbox").string();
  m = web::MailSettingsFromEnv(m);
  if (a.Has("mail-dir")) m.outbox_dir = a.Get("mail-dir");
  if (a.Has("smtp-url")) m.smtp_url = a.Get("smtp-url");
  if (a.Has("smtp-user")) m.smtp_user = a.Get("smtp-user");
  if (a.Has("mail-from")) m.from = a.Get("mail-from");
  return m;
}

int RunStakeholderAdd(const Args& a) {
  if (a.positional.size() != 1) return Fail(Status::Invalid("usage: corridor stakeholder add WORKSPACE --name N [--email E] ..."));
  auto w = OpenWorkspace(a, a.positional[0]);
  if (!w) return 1;
  domain::Stakeholder s;
  s.workspace_id = w->ws.id;
  s.name = a.Get("name");
  s.organisation = a.Get("org");
  s.email = a.Get("email");
  s.country = a.Get("country");
  s.type_key = a.Get("type");
  s.sector_key = a.Get("sector");
  s.phase_key = a.Get("phase");
  s.interests = a.Get("interests");
  s.notes = a.Get("notes");
  if (a.Has("tags")) s.tags = {a.Get("tags")};
  s.influence = Score(a, "influence");
  s.interest = Score(a, "interest");
  s.is_actor = a.Has("actor");
  s.source = "manual";
  storage::Transaction tx(w->c());
  if (!tx.status().ok()) return Fail(tx.status());
  auto tax = storage::TaxonomyStore(w->c()).List(w->ws.id, true);
  if (!tax.ok()) return Fail(tax.status());
  for (auto [kind, key] : {std::pair{domain::TaxonomyKind::kType, s.type_key}, {domain::TaxonomyKind::kSector, s.sector_key},
                           {domain::TaxonomyKind::kPhase, s.phase_key}})
    if (!key.empty() && storage::TaxonomyStore::LabelOf(*tax, kind, key).empty())
      return Fail(Status::Invalid(domain::TaxonomyKindKey(kind) + ": \"" + key + "\" is not in the taxonomy of " +
                                  w->ws.acronym));
  auto id = storage::StakeholderStore(w->c()).Create(s, kCli);
  if (!id.ok()) return Fail(id.status());
  if (Status st = tx.Commit(); !st.ok()) return Fail(st);
  std::printf("%lld\n", static_cast<long long>(*id));
  return 0;
}

int RunStakeholderShow(const Args& a) {
  if (a.positional.size() != 2) return Fail(Status::Invalid("usage: corridor stakeholder show WORKSPACE ID|EMAIL"));
  auto w = OpenWorkspace(a, a.positional[0]);
  if (!w) return 1;
  auto s = FindStakeholder(w->c(), w->ws.id, a.positional[1]);
  if (!s.ok()) return Fail(s.status());
  auto tier = domain::TierFor(s->influence, s->interest);
  std::printf("id: %lld\nstatus: %s\nname: %s\norganisation: %s\nemail: %s\ncountry: %s\ntype: %s\nsector: %s\n"
              "phase: %s\ninterests: %s\ntags: %s\ninfluence: %s\ninterest: %s\ntier: %s\nactor: %s\nsource: %s\n"
              "created: %s\nconfirmed: %s\nversion: %lld\n",
              static_cast<long long>(s->id), domain::StakeholderStatusKey(s->status).c_str(), s->name.c_str(),
              s->organisation.c_str(), s->email.c_str(), s->country.c_str(), s->type_key.c_str(),
              s->sector_key.c_str(), s->phase_key.c_str(), s->interests.c_str(), strings::Join(s->tags, ",").c_str(),
              s->influence ? std::to_string(*s->influence).c_str() : "", s->interest ? std::to_string(*s->interest).c_str() : "",
              tier ? domain::TierKey(*tier).c_str() : "", s->is_actor ? "yes" : "no", s->source.c_str(),
              s->created_at.c_str(), s->confirmed_at.c_str(), static_cast<long long>(s->version));
  auto consents = storage::ConsentStore(w->c()).ForStakeholder(s->id);
  if (!consents.ok()) return Fail(consents.status());
  for (const auto& k : *consents)
    std::printf("consent: %s v%lld given %s via %s; %s\n", k.purpose.c_str(), static_cast<long long>(k.text_version),
                k.given_at.c_str(), k.source.c_str(),
                !k.withdrawn_at.empty() ? ("withdrawn " + k.withdrawn_at).c_str()
                : k.confirmed_at.empty() ? "awaiting confirmation"
                                         : ("confirmed " + k.confirmed_at).c_str());
  return 0;
}

int RunStakeholderErase(const Args& a) {
  if (a.positional.size() != 2 || strings::Trim(a.Get("why")).empty())
    return Fail(Status::Invalid("usage: corridor stakeholder erase WORKSPACE ID|EMAIL --why TEXT"));
  auto w = OpenWorkspace(a, a.positional[0]);
  if (!w) return 1;
  auto s = FindStakeholder(w->c(), w->ws.id, a.positional[1]);
  if (!s.ok()) return Fail(s.status());
  storage::Transaction tx(w->c());
  if (!tx.status().ok()) return Fail(tx.status());
  if (Status st = storage::StakeholderStore(w->c()).Erase(w->ws.id, s->id, kCli, a.Get("why")); !st.ok()) return Fail(st);
  if (Status st = tx.Commit(); !st.ok()) return Fail(st);
  std::printf("stakeholder %lld erased (anonymised)\n", static_cast<long long>(s->id));
  return 0;
}

int RunMailSend(const Args& a) {
  auto db = OpenDatabase(a);
  if (!db) return 1;
  web::MailSettings m = MailSettingsFor(a);
  int total = 0, failed = 0;
  for (;;) {  // until the queue is empty (or only failing mails are left)
    auto r = web::DeliverPending(*db, m);
    if (!r.ok()) return Fail(r.status());
    total += r->sent;
    failed += r->failed;
    if (r->failed) std::fprintf(stderr, "corridor: %s\n", r->last_error.c_str());
    if (r->sent + r->failed == 0 || r->sent == 0) break;
  }
  std::printf("%d mail(s) sent via %s; %d failed\n", total, m.Describe().c_str(), failed);
  return failed ? 1 : 0;
}

}  // namespace corridor::cli
