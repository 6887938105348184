// Demo regions (issue 5): the I4-GREEN workspace's four regions of interest (ES41, ES61, ES43,
// PT18) and a user-defined region made of them, "iberian-corridor". Loaded once per database
// (a settings marker), so regions a user removes later stay removed.
#pragma once

#include "core/status.h"
#include "storage/database.h"

namespace corridor::storage {

// Inside the caller's transaction; does nothing when the i4-green workspace does not exist or
// the demo regions were loaded before.
Status LoadDemoRegions(Connection& c);

}  // namespace corridor::storage
