// The CLI: one Command per sub-command, declared in one table (commands.cc).
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace corridor::cli {

// Parsed arguments: positionals and --flags (--name value | --name=value | --switch).
struct Args {
  std::vector<std::string> positional;
  std::multimap<std::string, std::string> flags;
  bool Has(const std::string& f) const { return flags.count(f) > 0; }
  std::string Get(const std::string& f, const std::string& def = "") const {
    auto it = flags.find(f);
    return it == flags.end() ? def : it->second;
  }
  std::vector<std::string> GetAll(const std::string& f) const;
};

struct Command {
  std::string name;   // "import cordis" (words matched in order)
  std::string usage;  // arguments after the name
  std::string summary;
  std::vector<std::string> switches;  // flags that take no value
  std::function<int(const Args&)> run;
};

const std::vector<Command>& Commands();
Args ParseArgs(const std::vector<std::string>& words, const std::vector<std::string>& switches);

// Shared: the database URL from --db, else $CORRIDOR_DB, else <--data dir>/corridor.db.
std::string DatabaseUrl(const Args& a);

}  // namespace corridor::cli
