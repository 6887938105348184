// The scoreboard part of the demo workspaces (issue 5): I4-GREEN gets its framework, its four
// regions and a closed first round derived from seed 002 Table 1 (evidence re-worded, sources
// citing "I4-GREEN D6.3, Table 1") carried forward into an open second round; NEO-CYCLE gets its
// two-layer framework, the S3P catalogue of seed 000 and one open round over the regions of the
// Table 1 partnerships.
#pragma once

#include "core/status.h"
#include "storage/database.h"

namespace corridor::storage {

// Loads into each demo workspace ("i4-green", "neo-cycle") that exists and has no scoreboard
// framework yet; others are left untouched (safe on every start). Runs inside the caller's
// transaction.
Status LoadDemoScoreboard(Connection& c);

}  // namespace corridor::storage
