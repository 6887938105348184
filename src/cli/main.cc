// corridor: the one binary. Sub-commands are declared in commands.cc.
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "cli/command.h"

namespace {

void PrintUsage() {
  std::printf("Corridor: clustering, stakeholder engagement and benchmarking workbench\n\nUsage:\n");
  for (const auto& c : corridor::cli::Commands())
    std::printf("  corridor %-18s %-44s %s\n", c.name.c_str(), c.usage.c_str(), c.summary.c_str());
  std::printf("\nCommon options: --data DIR (default ./data), --db sqlite:PATH (or $CORRIDOR_DB)\n");
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> words(argv + 1, argv + argc);
  if (words.empty() || words[0] == "help" || words[0] == "--help" || words[0] == "-h") {
    PrintUsage();
    return words.empty() ? 2 : 0;
  }
  // Longest matching command name wins ("import cordis" before "import").
  const corridor::cli::Command* best = nullptr;
  size_t best_len = 0;
  for (const auto& c : corridor::cli::Commands()) {
    std::vector<std::string> parts;
    size_t start = 0;
    for (size_t i = 0; i <= c.name.size(); ++i)
      if (i == c.name.size() || c.name[i] == ' ') {
        parts.push_back(c.name.substr(start, i - start));
        start = i + 1;
      }
    if (parts.size() > words.size()) continue;
    bool match = true;
    for (size_t i = 0; i < parts.size(); ++i) match &= parts[i] == words[i];
    if (match && parts.size() > best_len) {
      best = &c;
      best_len = parts.size();
    }
  }
  if (!best) {
    std::fprintf(stderr, "corridor: unknown command \"%s\"\n\n", words[0].c_str());
    PrintUsage();
    return 2;
  }
  std::vector<std::string> rest(words.begin() + static_cast<long>(best_len), words.end());
  for (const auto& w : rest)
    if (w == "--help" || w == "-h") {
      std::printf("Usage: corridor %s %s\n  %s\n", best->name.c_str(), best->usage.c_str(), best->summary.c_str());
      return 0;
    }
  try {
    return best->run(corridor::cli::ParseArgs(rest, best->switches));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "corridor: %s\n", e.what());
    return 1;
  }
}
