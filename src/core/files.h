// Whole-file reads for commands and handlers that take a file as one value.
#pragma once

#include <string>

#include "core/status.h"

namespace corridor {

// The file's bytes; an error naming the path ("cannot read PATH") when it cannot be opened.
Result<std::string> ReadWholeFile(const std::string& path);

}  // namespace corridor
