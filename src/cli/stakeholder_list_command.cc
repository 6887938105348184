// corridor stakeholder list | segment list | invitations build|export | import stakeholders |
// export stakeholders: the list, segment and invitation side of the stakeholder registry.
// Filters are the web list's: --type --sector --phase --tier --country --tag (repeatable),
// --consent PURPOSE, --actor yes|no, --search TEXT.
#include <cstdio>

#include "cli/commands.h"
#include "core/strings.h"
#include "importers/stakeholder_import.h"
#include "reports/csv_writer.h"
#include "reports/stakeholder_export.h"
#include "reports/xlsx_writer.h"
#include "storage/invitation_store.h"
#include "storage/segment_store.h"
#include "storage/stakeholder_query.h"

namespace corridor::cli {

namespace {

namespace imp = importers::stakeholders;

std::string Fit(const std::string& s, size_t n) {
  std::string out = s.size() > n ? s.substr(0, n - 1) + "~" : s;
  return out + std::string(n - std::min(n, out.size()), ' ');
}

Result<domain::SegmentFilter> FilterFromArgs(const Args& a) {
  domain::SegmentFilter f;
  for (const char* p : {"type", "sector", "phase", "tier", "country", "tag", "consent", "actor"})
    for (const auto& v : a.GetAll(p)) CORRIDOR_RETURN_IF_ERROR(domain::AddFilterValue(f, p, v).WithContext("--"));
  if (a.Has("search")) CORRIDOR_RETURN_IF_ERROR(domain::AddFilterValue(f, "q", a.Get("search")));
  domain::NormaliseFilter(f);
  return f;
}

}  // namespace

int RunStakeholderList(const Args& a) {
  if (a.positional.size() != 1)
    return Fail(Status::Invalid("usage: corridor stakeholder list WORKSPACE [--segment NAME] [--type K]... [--tier T]... "
                                "[--country CC]... [--tag T]... [--consent PURPOSE] [--actor yes|no] [--search TEXT]"));
  auto f = FilterFromArgs(a);
  if (!f.ok()) return Fail(f.status());
  auto w = OpenWorkspace(a, a.positional[0]);
  if (!w) return 1;
  storage::StakeholderListQuery q;
  q.filter = *f;
  if (a.Has("segment")) {
    {
      storage::Transaction tx(w->c());
      auto made = storage::SegmentStore(w->c()).EnsurePredefined(w->ws.id, storage::Actor{});
      if (!made.ok()) return Fail(made.status());
      if (Status s = tx.Commit(); !s.ok()) return Fail(s);
    }
    auto seg = storage::SegmentStore(w->c()).FindByName(w->ws.id, a.Get("segment"));
    if (!seg.ok()) return Fail(seg.status());
    if (!*seg) return Fail(Status::NotFound("--segment: no segment \"" + a.Get("segment") + "\" in " + w->ws.acronym));
    q.filter = (*seg)->filter;
    // Flags given beside a segment narrow it further.
    if (!f->types.empty()) q.filter.types = f->types;
    if (!f->tiers.empty()) q.filter.tiers = f->tiers;
    if (!f->countries.empty()) q.filter.countries = f->countries;
    if (!f->consent.empty()) q.filter.consent = f->consent;
    if (f->actor) q.filter.actor = f->actor;
    if (!f->q.empty()) q.filter.q = f->q;
  }
  if (a.Has("sort")) q.sort = a.Get("sort");
  storage::StakeholderQuery query(w->c());
  std::printf("%-6s %s %s %s %-3s %s %s\n", "ID", Fit("NAME", 24).c_str(), Fit("ORGANISATION", 24).c_str(),
              Fit("E-MAIL", 28).c_str(), "CC", Fit("TYPE", 20).c_str(), "TIER");
  q.limit = 1000;
  int64_t total = 0;
  for (q.offset = 0;; q.offset += q.limit) {
    auto page = query.List(w->ws.id, q);
    if (!page.ok()) return Fail(page.status());
    total = page->total;
    for (const auto& it : page->items)
      std::printf("%-6lld %s %s %s %-3s %s %s\n", static_cast<long long>(it.s.id), Fit(it.s.name, 24).c_str(),
                  Fit(it.s.organisation, 24).c_str(), Fit(it.s.email, 28).c_str(), it.s.country.c_str(),
                  Fit(it.s.type_key, 20).c_str(), it.tier.empty() ? "unscored" : it.tier.c_str());
    if (page->items.size() < static_cast<size_t>(q.limit)) break;
  }
  std::printf("%lld stakeholder%s (%s)\n", static_cast<long long>(total), total == 1 ? "" : "s",
              domain::DescribeFilter(q.filter).c_str());
  return 0;
}

int RunSegmentList(const Args& a) {
  if (a.positional.size() != 1) return Fail(Status::Invalid("usage: corridor segment list WORKSPACE"));
  auto w = OpenWorkspace(a, a.positional[0]);
  if (!w) return 1;
  storage::SegmentStore store(w->c());
  {
    storage::Transaction tx(w->c());
    auto made = store.EnsurePredefined(w->ws.id, storage::Actor{});
    if (!made.ok()) return Fail(made.status());
    if (Status s = tx.Commit(); !s.ok()) return Fail(s);
  }
  auto list = store.List(w->ws.id);
  if (!list.ok()) return Fail(list.status());
  storage::StakeholderQuery query(w->c());
  for (const auto& s : *list) {
    auto counts = query.Counts(w->ws.id, s.filter);
    if (!counts.ok()) return Fail(counts.status());
    std::printf("%-4lld %s %6lld  %s%s\n", static_cast<long long>(s.id), Fit(s.name, 32).c_str(),
                static_cast<long long>(counts->total), domain::DescribeFilter(s.filter).c_str(),
                s.predefined ? " [predefined]" : "");
  }
  return 0;
}

int RunInvitationsBuild(const Args& a) {
  if (a.positional.size() != 1)
    return Fail(Status::Invalid("usage: corridor invitations build WORKSPACE --name N --why TEXT [--segment NAME]... "
                                "[filters] [--event-title T] [--event-start ISO] [--event-end ISO] [--place P] "
                                "[--preview]"));
  auto f = FilterFromArgs(a);
  if (!f.ok()) return Fail(f.status());
  auto w = OpenWorkspace(a, a.positional[0]);
  if (!w) return 1;
  storage::InvitationList list;
  list.workspace_id = w->ws.id;
  list.name = a.Get("name");
  list.justification = a.Get("why");
  list.purpose = a.Get("purpose");
  list.event_title = a.Get("event-title");
  list.event_start = a.Get("event-start");
  list.event_end = a.Get("event-end");
  list.event_place = a.Get("place");
  list.criteria.extra = *f;
  {
    storage::Transaction tx(w->c());
    auto made = storage::SegmentStore(w->c()).EnsurePredefined(w->ws.id, storage::Actor{});
    if (!made.ok()) return Fail(made.status());
    if (Status s = tx.Commit(); !s.ok()) return Fail(s);
  }
  for (const auto& name : a.GetAll("segment")) {
    auto seg = storage::SegmentStore(w->c()).FindByName(w->ws.id, name);
    if (!seg.ok()) return Fail(seg.status());
    if (!*seg) return Fail(Status::NotFound("--segment: no segment \"" + name + "\" in " + w->ws.acronym));
    list.criteria.segment_ids.push_back((*seg)->id);
  }
  if (list.criteria.segment_ids.empty() && list.criteria.extra.Empty())
    return Fail(Status::Invalid("choose at least one --segment or filter"));
  auto pv = storage::InvitationStore(w->c()).Preview(w->ws.id, list.criteria);
  if (!pv.ok()) return Fail(pv.status());
  std::printf("%zu included, %zu excluded\n", pv->included.size(), pv->excluded.size());
  for (const auto& e : pv->included)
    std::printf("  + %-6lld %s %s\n", static_cast<long long>(e.item.s.id), Fit(e.item.s.name, 28).c_str(),
                e.item.s.email.c_str());
  for (const auto& e : pv->excluded)
    std::printf("  - %-6lld %s %s\n", static_cast<long long>(e.item.s.id), Fit(e.item.s.name, 28).c_str(),
                e.reason.c_str());
  if (a.Has("preview")) return 0;
  storage::Transaction tx(w->c());
  auto id = storage::InvitationStore(w->c()).Create(list, storage::Actor{});
  if (!id.ok()) return Fail(id.status());
  if (Status s = tx.Commit(); !s.ok()) return Fail(s);
  std::printf("invitation list %lld saved\n", static_cast<long long>(*id));
  return 0;
}

int RunInvitationsExport(const Args& a) {
  if (a.positional.size() != 2 || !a.Has("out"))
    return Fail(Status::Invalid("usage: corridor invitations export WORKSPACE LIST_ID --out FILE.csv|FILE.ics"));
  auto id = strings::ParseInt(a.positional[1]);
  if (!id) return Fail(Status::Invalid("LIST_ID: \"" + a.positional[1] + "\" is not a number"));
  auto w = OpenWorkspace(a, a.positional[0]);
  if (!w) return 1;
  std::string out = a.Get("out");
  std::string bytes;
  if (strings::EndsWith(strings::ToLower(out), ".ics")) {
    auto ics = reports::InvitationIcs(w->c(), w->ws.id, w->ws.slug, *id);
    if (!ics.ok()) return Fail(ics.status());
    bytes = *ics;
  } else if (strings::EndsWith(strings::ToLower(out), ".csv")) {
    auto t = reports::MailMergeTable(w->c(), w->ws.id, *id);
    if (!t.ok()) return Fail(t.status());
    bytes = reports::WriteCsv(*t);
  } else {
    return Fail(Status::Invalid("--out: name a .csv (mail merge) or .ics (invitation) file"));
  }
  if (Status s = WriteFileBytes(out, bytes); !s.ok()) return Fail(s);
  std::printf("wrote %s\n", out.c_str());
  return 0;
}

int RunStakeholderExport(const Args& a) {
  if (a.positional.size() != 1 || !a.Has("out"))
    return Fail(Status::Invalid("usage: corridor export stakeholders WORKSPACE --out FILE.xlsx|FILE.csv [filters]"));
  auto f = FilterFromArgs(a);
  if (!f.ok()) return Fail(f.status());
  auto w = OpenWorkspace(a, a.positional[0]);
  if (!w) return 1;
  auto t = reports::ContactsTable(w->c(), w->ws.id, *f);
  if (!t.ok()) return Fail(t.status());
  std::string out = a.Get("out");
  std::string bytes;
  if (strings::EndsWith(strings::ToLower(out), ".xlsx")) {
    auto x = reports::WriteXlsx(*t);
    if (!x.ok()) return Fail(x.status());
    bytes = *x;
  } else if (strings::EndsWith(strings::ToLower(out), ".csv")) {
    bytes = reports::WriteCsv(*t);
  } else {
    return Fail(Status::Invalid("--out: name a .xlsx or .csv file"));
  }
  if (Status s = WriteFileBytes(out, bytes); !s.ok()) return Fail(s);
  std::printf("wrote %zu stakeholders to %s\n", t->rows.size(), out.c_str());
  return 0;
}

int RunStakeholderImport(const Args& a) {
  if (a.positional.size() != 2)
    return Fail(Status::Invalid("usage: corridor import stakeholders WORKSPACE FILE.xlsx|FILE.csv "
                                "[--map \"Header=field\"]... [--commit] [--skip-errors]"));
  const std::string& path = a.positional[1];
  auto bytes = ReadFileBytes(path);
  if (!bytes.ok()) return Fail(bytes.status());
  auto w = OpenWorkspace(a, a.positional[0]);
  if (!w) return 1;
  std::string name = path.substr(path.find_last_of('/') == std::string::npos ? 0 : path.find_last_of('/') + 1);
  auto sheet = imp::ReadFile(name, std::move(*bytes));
  if (!sheet.ok()) return Fail(sheet.status().WithContext(path + ": "));
  auto mapping = imp::AutoMap(sheet->headers);
  for (const auto& m : a.GetAll("map")) {
    auto eq = m.rfind('=');
    if (eq == std::string::npos) return Fail(Status::Invalid("--map \"" + m + "\": write it as \"Header=field\""));
    Status s = imp::ApplyOverride(mapping, m.substr(0, eq), m.substr(eq + 1));
    if (!s.ok()) return Fail(s);
  }
  auto pv = imp::BuildPreview(w->c(), w->ws, *sheet, mapping);
  if (!pv.ok()) return Fail(pv.status());
  for (const auto& m : pv->mapping)
    std::printf("  %-32s -> %s\n", ("\"" + m.header + "\"").c_str(), m.target.empty() ? "(not imported)" : m.target.c_str());
  for (const auto& e : pv->mapping_errors) std::printf("mapping error: %s\n", e.c_str());
  std::printf("%d new, %d to update, %d unchanged, %d rows with errors\n", pv->creates, pv->updates, pv->unchanged,
              pv->error_rows);
  for (const auto& r : pv->rows)
    for (const auto& e : r.errors) std::printf("  %s\n", e.c_str());
  if (!pv->mapping_errors.empty()) return Fail(Status::Invalid("the column mapping has errors; nothing was imported"));
  if (!a.Has("commit")) {
    std::printf("Preview only: nothing was written. Add --commit to import.\n");
    return pv->error_rows > 0 ? 1 : 0;
  }
  auto done = imp::Commit(w->c(), w->ws, *pv, storage::Actor{}, a.Has("skip-errors"));
  if (!done.ok()) return Fail(done.status());
  std::printf("imported: %d created, %d updated, %d unchanged, %d consent(s) recorded, %zu error(s) skipped\n",
              done->created, done->updated, done->unchanged, done->consents, done->skipped.size());
  return 0;
}

}  // namespace corridor::cli
