#include <cstdio>
#include <fstream>
#include <sstream>

#include "cli/commands.h"
#include "core/files.h"
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

Result<std::string> ReadFileBytes(const std::string& path) { return ReadWholeFile(path); }

Status WriteFileBytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return out ? Status::Ok() : Status::Io("cannot write " + path);
}

std::optional<OpenedWorkspace> OpenWorkspace(const Args& a, const std::string& ref) {
  OpenedWorkspace o;
  o.db = OpenDatabase(a);
  if (!o.db) return std::nullopt;  // OpenDatabase printed why
  o.conn.emplace(o.db->Acquire());
  auto ws = FindWorkspace(o.c(), ref);
  if (!ws.ok()) {
    Fail(ws.status());
    return std::nullopt;
  }
  o.ws = std::move(*ws);
  return o;
}

}  // namespace corridor::cli
