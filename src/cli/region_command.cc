// `corridor regions list|define|delete|interest|load` (issue 5): the NUTS 2021 reference, a
// workspace's user-defined regions and regions of interest, finer boundaries from a GISCO file.
#include <cstdio>

#include "cli/commands.h"
#include "core/strings.h"
#include "importers/nuts_boundaries.h"
#include "storage/nuts_reference.h"
#include "storage/region_store.h"

namespace corridor::cli {

namespace {

const storage::Actor kCli{0, "cli"};

}  // namespace

// regions list [WORKSPACE] [--level N] [--country XX]: the NUTS 2021 regions (tab-separated:
// code, level, country, name, national name); with a workspace, its regions of interest and
// user-defined regions first.
int RunRegionsList(const Args& a) {
  int level = -1;
  if (a.Has("level")) {
    auto l = strings::ParseInt(a.Get("level"));
    if (!l || *l < 0 || *l > 3) return Fail(Status::Invalid("--level: 0, 1, 2 or 3"));
    level = static_cast<int>(*l);
  }
  std::string country = strings::ToUpper(strings::Trim(a.Get("country")));
  const auto& ref = storage::NutsReference::Builtin();
  if (!country.empty() && (country.size() != 2 || !ref.Contains(country)))
    return Fail(Status::Invalid("--country: " + country + " is not a NUTS 2021 country code (Greece is EL, the UK is UK)"));
  if (!a.positional.empty()) {
    auto w = OpenWorkspace(a, a.positional[0]);
    if (!w) return 1;
    storage::RegionStore store(w->c());
    auto interest = store.WorkspaceRegions(w->ws.id);
    if (!interest.ok()) return Fail(interest.status());
    std::printf("# regions of interest of %s\n", w->ws.acronym.c_str());
    for (const auto& r : *interest)
      std::printf("%s\t%s\t%s\t%s\n", r.code.c_str(), r.user_defined ? "user" : std::to_string(r.level).c_str(),
                  r.country.c_str(), r.name.c_str());
    auto users = store.ListUserRegions(w->ws.id);
    if (!users.ok()) return Fail(users.status());
    std::printf("# user-defined regions\n");
    for (const auto& u : *users)
      std::printf("%s\t%s\t%s\n", u.key.c_str(), u.name.c_str(), strings::Join(u.members, "+").c_str());
    if (level < 0 && country.empty()) return 0;
    std::printf("# NUTS 2021\n");
  }
  for (const auto* r : ref.List(level, country))
    std::printf("%s\t%d\t%s\t%s\t%s\n", r->code.c_str(), r->level, r->country.c_str(), r->name_latin.c_str(),
                r->name_national.c_str());
  return 0;
}

// regions define WORKSPACE KEY --name N --members A,B [--description D]: creates or updates.
int RunRegionsDefine(const Args& a) {
  if (a.positional.size() != 2)
    return Fail(Status::Invalid("usage: corridor regions define WORKSPACE KEY --name N --members A,B [--description D]"));
  auto w = OpenWorkspace(a, a.positional[0]);
  if (!w) return 1;
  storage::RegionStore store(w->c());
  storage::Transaction tx(w->c());
  if (!tx.status().ok()) return Fail(tx.status());
  auto existing = store.GetUserRegion(w->ws.id, a.positional[1]);
  if (!existing.ok()) return Fail(existing.status());
  domain::UserRegion r = existing->value_or(domain::UserRegion{});
  r.workspace_id = w->ws.id;
  r.key = a.positional[1];
  if (a.Has("name") || !*existing) r.name = a.Get("name");
  if (a.Has("description")) r.description = a.Get("description");
  if (a.Has("members") || !*existing) r.members = domain::SplitRegionCodes(a.Get("members"));
  Status s = *existing ? store.UpdateUserRegion(r, kCli) : store.CreateUserRegion(r, kCli).status();
  if (s.ok()) s = tx.Commit();
  if (!s.ok()) return Fail(s);
  std::printf("%s %s = %s\n", *existing ? "updated" : "created", r.key.c_str(), strings::Join(r.members, "+").c_str());
  return 0;
}

int RunRegionsDelete(const Args& a) {
  if (a.positional.size() != 2) return Fail(Status::Invalid("usage: corridor regions delete WORKSPACE KEY"));
  auto w = OpenWorkspace(a, a.positional[0]);
  if (!w) return 1;
  storage::Transaction tx(w->c());
  if (!tx.status().ok()) return Fail(tx.status());
  Status s = storage::RegionStore(w->c()).DeleteUserRegion(w->ws.id, a.positional[1], kCli);
  if (s.ok()) s = tx.Commit();
  if (!s.ok()) return Fail(s);
  std::printf("deleted %s\n", a.positional[1].c_str());
  return 0;
}

// regions interest WORKSPACE CODE...: replaces the regions of interest (in this order).
int RunRegionsInterest(const Args& a) {
  if (a.positional.size() < 2) return Fail(Status::Invalid("usage: corridor regions interest WORKSPACE CODE..."));
  auto w = OpenWorkspace(a, a.positional[0]);
  if (!w) return 1;
  std::vector<std::string> codes;
  for (size_t i = 1; i < a.positional.size(); ++i)
    for (auto& code : domain::SplitRegionCodes(a.positional[i])) codes.push_back(code);
  storage::Transaction tx(w->c());
  if (!tx.status().ok()) return Fail(tx.status());
  Status s = storage::RegionStore(w->c()).SetWorkspaceRegions(w->ws.id, codes, kCli);
  if (s.ok()) s = tx.Commit();
  if (!s.ok()) return Fail(s);
  std::printf("%zu region(s) of interest\n", codes.size());
  return 0;
}

// regions load --geojson FILE: finer boundaries from a GISCO NUTS 2021 GeoJSON download.
int RunRegionsLoad(const Args& a) {
  std::string path = a.Get("geojson");
  if (path.empty()) return Fail(Status::Invalid("usage: corridor regions load --geojson FILE"));
  auto bytes = ReadFileBytes(path);
  if (!bytes.ok()) return Fail(bytes.status());
  size_t skipped = 0;
  auto records = importers::ReadNutsGeoJson(*bytes, &skipped);
  if (!records.ok()) return Fail(records.status().WithContext(path + ": "));
  auto db = OpenDatabase(a);
  if (!db) return 1;
  auto c = db->Acquire();
  storage::Transaction tx(*c);
  if (!tx.status().ok()) return Fail(tx.status());
  std::string name = path.substr(path.find_last_of('/') == std::string::npos ? 0 : path.find_last_of('/') + 1);
  auto summary = storage::RegionStore(*c).LoadBoundaries(*records, name, kCli);
  if (!summary.ok()) return Fail(summary.status());
  if (Status s = tx.Commit(); !s.ok()) return Fail(s);
  std::printf("%zu boundaries stored", summary->stored);
  if (!summary->unknown.empty())
    std::printf("; %zu not NUTS 2021 codes, skipped (%s%s)", summary->unknown.size(),
                strings::Join(std::vector<std::string>(summary->unknown.begin(),
                                                       summary->unknown.begin() + std::min<size_t>(10, summary->unknown.size())),
                              ", ")
                    .c_str(),
                summary->unknown.size() > 10 ? ", ..." : "");
  if (skipped) std::printf("; %zu feature(s) without a NUTS code or polygon skipped", skipped);
  std::printf("\n");
  return 0;
}

}  // namespace corridor::cli
