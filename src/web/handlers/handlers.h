// One registration function per capability; routes.cc calls them all.
#pragma once

#include "web/router.h"

namespace corridor::web {

void RegisterAuthRoutes(Router& r);        // handlers/auth.cc: login, logout, password, users
void RegisterWorkspaceRoutes(Router& r);   // handlers/workspace.cc: home, settings, members, history
void RegisterRegistryRoutes(Router& r);    // handlers/registry.cc: list, record, edit, pipeline
void RegisterCordisRoutes(Router& r);      // handlers/cordis.cc: add from CORDIS, refresh with diff
void RegisterDiscoveryRoutes(Router& r);   // handlers/discovery.cc
void RegisterChartsRoutes(Router& r);      // handlers/charts.cc: counts and charts, SVG/CSV
void RegisterExchangeRoutes(Router& r);    // handlers/exchange.cc: xlsx/csv export, import wizard

Router BuildRouter();

}  // namespace corridor::web
