// Helpers shared by the GoogleTest suites.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace corridor::testing {

// A fresh directory under /tmp removed at destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// ../shared/data/<sub> beside the checkout, or nullopt when absent (CI has it; users do not).
std::optional<std::filesystem::path> SharedData(const std::string& sub);
std::string SourceDir();  // the checkout root
std::string ReadFile(const std::string& path);
void WriteFile(const std::string& path, const std::string& content);

}  // namespace corridor::testing

// Skips the test, saying so, when ../shared/data is absent.
#define CORRIDOR_REQUIRE_SHARED(var, sub)                                           \
  auto var##_opt = ::corridor::testing::SharedData(sub);                            \
  if (!var##_opt) GTEST_SKIP() << "../shared/data/" << (sub) << " absent: skipped"; \
  const std::filesystem::path var = *var##_opt
