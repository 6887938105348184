#include <cstdio>

#include "cli/commands.h"
#include "core/strings.h"
#include "storage/database_transfer.h"
#include "storage/workspace_store.h"

namespace corridor::cli {

int Fail(const Status& s) {
  std::fprintf(stderr, "corridor: %s\n", s.message().c_str());
  return 1;
}

Result<domain::Workspace> FindWorkspace(storage::Connection& c, const std::string& ref) {
  storage::WorkspaceStore store(c);
  auto w = store.FindBySlug(ref);
  if (!w.ok()) return w.status();
  if (*w) return **w;
  auto all = store.List();
  if (!all.ok()) return all.status();
  for (auto& x : *all)
    if (strings::IEquals(x.acronym, ref)) return x;
  return Status::NotFound("no workspace " + ref + " (see `corridor workspace list`)");
}

std::unique_ptr<storage::Database> OpenDatabase(const Args& a) {
  auto db = storage::Database::Open({DatabaseUrl(a)});
  if (!db.ok()) {
    Fail(db.status());
    return nullptr;
  }
  auto m = (*db)->Migrate();
  if (!m.ok()) {
    Fail(m.status());
    return nullptr;
  }
  // A copy that never finished must not pass for a database (corridor migrate --from/--to).
  Status complete = storage::CheckTransferComplete(*(*db)->Acquire());
  if (!complete.ok()) {
    Fail(complete.WithContext((*db)->Describe() + ": "));
    return nullptr;
  }
  return std::move(*db);
}

}  // namespace corridor::cli
