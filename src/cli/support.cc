#include <cstdio>

#include "cli/commands.h"

namespace corridor::cli {

int Fail(const Status& s) {
  std::fprintf(stderr, "corridor: %s\n", s.message().c_str());
  return 1;
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
  return std::move(*db);
}

}  // namespace corridor::cli
