// Shared by the scoreboard pages (handlers/scoreboard.cc: rounds, scores, compare, map, outputs;
// handlers/scoreboard_setup.cc: frameworks and the S3P catalogue).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/status.h"
#include "storage/database.h"
#include "web/router.h"

namespace corridor::web::scoreboard {

// Creates the built-in frameworks of the workspace on first visit (own transaction).
Status EnsureBuiltins(RequestContext& ctx, storage::Connection& c);
// Region names by code ("ES41" -> "Castilla y León"); unknown codes map to "".
Result<std::map<std::string, std::string>> RegionNames(storage::Connection& c, int64_t workspace_id,
                                                       const std::vector<std::string>& codes);
// The workspace home's one line: "Scoreboard update due: <reasons>" when the workspace has
// rounds and the newest is stale; "" otherwise (a workspace that never scores is not nagged).
std::string DueNote(storage::Connection& c, int64_t workspace_id);
// Today's date (UTC, ISO).
std::string Today();

void RegisterSetupRoutes(Router& r);  // scoreboard_setup.cc

}  // namespace corridor::web::scoreboard
