// The clustering events of the NEO-CYCLE demo workspace (issue 4), from seed 001 sections
// 3.2-3.3: the external events of Table 4 (held), the first NEO-CYCLE clustering event (held,
// with its agenda, participants, minutes and actions), the second clustering event and the final
// conference (planned milestones) and the Table 5 framework as planned external events with
// their expected outputs. Only facts come from the seed (names, places, organisers, project
// months, purposes, agenda blocks); descriptions, minutes and actions are written here.
#pragma once

#include "core/status.h"
#include "storage/database.h"

namespace corridor::storage {

// The settings key recording that the demo events were loaded into a workspace.
inline constexpr const char* kDemoEventsSettingKey = "workspace:neo-cycle:demo-events";

// Loads into the "neo-cycle" workspace when it exists, has no events and has not had them
// loaded before (a user who deletes them does not get them back); safe on every start. Runs
// inside the caller's transaction.
Status LoadDemoEvents(Connection& c);

}  // namespace corridor::storage
