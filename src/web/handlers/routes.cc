#include "web/handlers/handlers.h"

namespace corridor::web {

Router BuildRouter() {
  Router r;
  RegisterAuthRoutes(r);
  RegisterWorkspaceRoutes(r);
  RegisterRegistryRoutes(r);
  RegisterCordisRoutes(r);
  RegisterDiscoveryRoutes(r);
  RegisterChartsRoutes(r);
  RegisterExchangeRoutes(r);
  RegisterRegistrationRoutes(r);
  RegisterStakeholderRightsRoutes(r);
  RegisterStakeholderRoutes(r);
  RegisterStakeholderListRoutes(r);
  RegisterSegmentRoutes(r);
  RegisterInvitationRoutes(r);
  RegisterEngagementRoutes(r);
  RegisterDuplicateRoutes(r);
  RegisterStakeholderExchangeRoutes(r);
  RegisterEventRoutes(r);
  RegisterEventEvidenceRoutes(r);
  RegisterEventFollowupRoutes(r);
  RegisterScoreboardRoutes(r);
  RegisterRegionRoutes(r);
  RegisterIndicatorRoutes(r);
  RegisterCompositeRoutes(r);
  return r;
}

}  // namespace corridor::web
