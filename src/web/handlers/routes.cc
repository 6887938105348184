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
  return r;
}

}  // namespace corridor::web
