// Temporary: commands whose implementation is landing.
#include "cli/commands.h"

namespace corridor::cli {
#define PENDING(fn) int fn(const Args&) { return Fail(Status::Internal(#fn " is not built yet")); }
}  // namespace corridor::cli
