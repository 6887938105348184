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

void RegisterRegistrationRoutes(Router& r);      // handlers/registration.cc: public registration form, confirmation
void RegisterStakeholderRightsRoutes(Router& r); // handlers/stakeholder_rights.cc: self-service data, withdraw, erase
void RegisterStakeholderRoutes(Router& r);       // handlers/stakeholders.cc: record, form, erasure, settings

void RegisterStakeholderListRoutes(Router& r);     // handlers/stakeholder_list.cc: list, filters, tier matrix
void RegisterSegmentRoutes(Router& r);             // handlers/segments.cc: saved filters, predefined subgroups
void RegisterInvitationRoutes(Router& r);          // handlers/invitations.cc: build, preview, CSV/ICS, statuses
void RegisterEngagementRoutes(Router& r);          // handlers/engagement.cc: Table 3 editor, public transparency page
void RegisterDuplicateRoutes(Router& r);           // handlers/duplicates.cc: duplicate pairs, field-by-field merge
void RegisterStakeholderExchangeRoutes(Router& r); // handlers/stakeholder_exchange.cc: contacts import/export

void RegisterEventRoutes(Router& r);          // handlers/events.cc: list, timeline, form, event page, exports
void RegisterEventEvidenceRoutes(Router& r);  // handlers/event_evidence.cc: agenda, participants, minutes, files, actions
void RegisterEventFollowupRoutes(Router& r);  // handlers/event_followup.cc: incomplete evidence, follow-up, KPIs
void RegisterScoreboardRoutes(Router& r);     // handlers/scoreboard.cc (+ scoreboard_setup.cc): rounds, scores, compare, map, outputs, frameworks, S3P

void RegisterRegionRoutes(Router& r);     // handlers/regions.cc: regions of interest, user-defined regions, NUTS list, shapes
void RegisterIndicatorRoutes(Router& r);  // handlers/indicators.cc: indicator import wizard, datasets
void RegisterCompositeRoutes(Router& r);  // handlers/composite.cc: composite index form, results, exports
Router BuildRouter();

}  // namespace corridor::web
