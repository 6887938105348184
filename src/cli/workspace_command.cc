// `corridor workspace ...`, `corridor demo load`, `corridor migrate`.
#include <cstdio>

#include "cli/commands.h"
#include "storage/database_transfer.h"
#include "storage/demo_data.h"
#include "storage/workspace_store.h"

namespace corridor::cli {

int RunMigrate(const Args& a) {
  if (a.Has("from") || a.Has("to")) return RunTransfer(a);
  auto db = storage::Database::Open({DatabaseUrl(a)});
  if (!db.ok()) return Fail(db.status());
  auto n = (*db)->Migrate();
  if (!n.ok()) return Fail(n.status());
  std::printf("%s: %d migration(s) applied\n", (*db)->Describe().c_str(), *n);
  Status complete = storage::CheckTransferComplete(*(*db)->Acquire());
  if (!complete.ok()) return Fail(complete.WithContext((*db)->Describe() + ": "));
  return 0;
}

int RunDemoLoad(const Args& a) {
  auto db = OpenDatabase(a);
  if (!db) return 1;
  auto c = db->Acquire();
  auto r = storage::LoadDemoWorkspaces(*c);
  if (!r.ok()) return Fail(r.status());
  std::printf("demo workspaces: %d created, %d sister projects created\n", r->workspaces_created, r->projects_created);
  return 0;
}

int RunWorkspaceList(const Args& a) {
  auto db = OpenDatabase(a);
  if (!db) return 1;
  auto c = db->Acquire();
  auto list = storage::WorkspaceStore(*c).List();
  if (!list.ok()) return Fail(list.status());
  for (auto& w : *list) std::printf("%-16s %-14s %s\n", w.slug.c_str(), w.acronym.c_str(), w.name.c_str());
  return 0;
}

int RunWorkspaceCreate(const Args& a) {
  if (a.positional.size() != 1) return Fail(Status::Invalid("usage: corridor workspace create SLUG --acronym A --name N"));
  domain::Workspace w;
  w.slug = a.positional[0];
  w.acronym = a.Get("acronym");
  w.name = a.Get("name");
  w.grant_id = a.Get("grant");
  w.start_date = a.Get("start");
  w.kind = a.Get("kind", "project");
  auto db = OpenDatabase(a);
  if (!db) return 1;
  auto c = db->Acquire();
  auto id = storage::WorkspaceStore(*c).Create(w, storage::Actor{0, "cli"});
  if (!id.ok()) return Fail(id.status());
  std::printf("created workspace %s\n", w.slug.c_str());
  return 0;
}

}  // namespace corridor::cli
