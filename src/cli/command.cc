#include "cli/command.h"

#include <algorithm>
#include <cstdlib>

namespace corridor::cli {

std::vector<std::string> Args::GetAll(const std::string& f) const {
  std::vector<std::string> out;
  auto [b, e] = flags.equal_range(f);
  for (auto it = b; it != e; ++it) out.push_back(it->second);
  return out;
}

Args ParseArgs(const std::vector<std::string>& words, const std::vector<std::string>& switches) {
  Args a;
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (w.size() > 2 && w.rfind("--", 0) == 0) {
      std::string name = w.substr(2);
      auto eq = name.find('=');
      if (eq != std::string::npos) {
        a.flags.emplace(name.substr(0, eq), name.substr(eq + 1));
      } else if (std::find(switches.begin(), switches.end(), name) != switches.end() || i + 1 >= words.size()) {
        a.flags.emplace(name, "1");
      } else {
        a.flags.emplace(name, words[++i]);
      }
    } else {
      a.positional.push_back(w);
    }
  }
  return a;
}

std::string DatabaseUrl(const Args& a) {
  if (a.Has("db")) return a.Get("db");
  if (const char* env = std::getenv("CORRIDOR_DB"); env && *env) return env;
  return a.Get("data", "data") + "/corridor.db";
}

}  // namespace corridor::cli
