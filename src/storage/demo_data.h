// The demo workspaces loaded on first start: NEO-CYCLE with the 29 sister projects of its
// D11.3 mapping (shared/seeds/001, Table 2), and I4-GREEN with its four benchmarked regions
// (shared/seeds/002). Only facts are taken from the source documents (names, acronyms, calls,
// levels, value-chain links, partners, regions); every description is written here.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "storage/database.h"

namespace corridor::storage {

// Markers for mandatory registry facts the source documents do not give. The registry
// enforces its 15 mandatory fields, so an unknown fact cannot stay empty; these values pass
// validation, are obviously placeholders, and are easy to search for and replace:
//   text fields (coordinator name, shared-partner names, ...) -> kDemoToBeCompleted
//   coordinator country                                       -> kDemoUnknownCountry ("XX"
//     is reserved for user assignment in ISO 3166, so it never names a real country)
//   partner counts                                            -> "0" (read as "not counted
//     yet" while the coordinator is still kDemoToBeCompleted)
inline constexpr const char* kDemoToBeCompleted = "(to be completed)";
inline constexpr const char* kDemoUnknownCountry = "XX";

// A NUTS 2021 region a workspace works with (e.g. the I4-GREEN benchmarking regions).
struct DemoRegion {
  std::string nuts_code;  // e.g. "ES41"
  std::string name;       // Latin-script NUTS name, e.g. "Castilla y León"
};

struct DemoSummary {
  int workspaces_created = 0;
  int projects_created = 0;  // sister projects, all workspaces together
};

// The settings key under which a workspace's regions are stored, as a JSON array of
// {"nuts_code": ..., "name": ...}: "workspace:<slug>:regions". There is no regions table
// yet; the regional scoreboard will read (and may migrate) this row.
std::string WorkspaceRegionsSettingKey(const std::string& slug);

// The four I4-GREEN regions in the order of seed 002's comparison table, with their
// NUTS 2021 level-2 codes.
std::vector<DemoRegion> I4GreenRegions();

// Creates the "neo-cycle" and "i4-green" workspaces with their partners, sister projects,
// pipeline steps and regions, in one transaction. Idempotent: a workspace whose slug
// already exists is left untouched (a user may have edited or recreated it), so calling
// this on every start is safe.
Result<DemoSummary> LoadDemoWorkspaces(Connection& c);

}  // namespace corridor::storage
