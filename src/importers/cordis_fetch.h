// `corridor cordis fetch`: downloads the official CORDIS bulk zips (libcurl). Each file is
// written to NAME.part and renamed to NAME only when complete and checked, so a killed or
// failed download never leaves a complete-looking file. Fetching does not import: the CLI
// chains FetchCordis and ImportCordis when asked.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/status.h"

namespace corridor::importers {

// The CORDIS "EU research projects" CSV bulk exports (Horizon Europe, Horizon 2020).
std::vector<std::string> DefaultCordisUrls();

struct FetchOptions {
  std::vector<std::string> urls;  // empty: DefaultCordisUrls()
  std::string target_dir;         // created when missing
  long connect_timeout_s = 30;
  // A stalled transfer (below low_speed_bytes per second for low_speed_time_s) is aborted;
  // there is no overall timeout since the H2020 zip is large and links can be slow.
  long low_speed_bytes = 1024;
  long low_speed_time_s = 60;
  long total_timeout_s = 0;                // 0: none
  uint64_t max_bytes = uint64_t{4} << 30;  // per file; also checked against Content-Length up front
  bool require_zip = true;                 // a ".zip" URL must deliver a zip (not an HTML error page with 200)
  std::string user_agent = "Corridor/0.1 (CORDIS bulk fetch)";
};

struct FetchProgress {
  std::string url;
  std::string file;    // final file name (without .part)
  uint64_t bytes = 0;  // received so far
  uint64_t total = 0;  // from Content-Length; 0 when unknown
  int file_index = 0;  // 1-based among files_total
  int files_total = 0;
  bool done = false;
};
using FetchProgressFn = std::function<void(const FetchProgress&)>;

struct FetchedFile {
  std::string url;
  std::string path;  // final path in target_dir
  uint64_t bytes = 0;
};

// Downloads every URL in order; stops at the first failure (files already completed stay).
Result<std::vector<FetchedFile>> FetchCordis(const FetchOptions& options, const FetchProgressFn& progress = nullptr);

// One URL into options.target_dir, named after the last path segment of the URL.
Result<FetchedFile> FetchFile(const std::string& url, const FetchOptions& options,
                              const FetchProgressFn& progress = nullptr);

}  // namespace corridor::importers
