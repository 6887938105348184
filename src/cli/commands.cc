// The command table: every sub-command with its usage, in one place.
#include <cstdio>

#include "cli/commands.h"

namespace corridor::cli {

const std::vector<Command>& Commands() {
  static const std::vector<Command> table = {
      {"serve", "[--listen 127.0.0.1:8080] [--no-demo] [--threads N]",
       "start the web workbench (creates the database, loads the demo workspaces on first start)",
       {"no-demo", "secure-cookies"}, RunServe},
      {"migrate", "", "create or upgrade the database schema", {}, RunMigrate},
      {"demo load", "", "load the demo workspaces (NEO-CYCLE, I4-GREEN) if absent", {}, RunDemoLoad},
      {"user add", "EMAIL [--name NAME] [--admin] [--password-stdin]",
       "create a user; prints a one-time password unless given on stdin", {"admin", "password-stdin"}, RunUserAdd},
      {"user passwd", "EMAIL [--password-stdin]", "set a user's password (a generated one by default)",
       {"password-stdin"}, RunUserPassword},
      {"user list", "", "list users", {}, RunUserList},
      {"user role", "EMAIL WORKSPACE viewer|editor|admin|none", "set a user's role in a workspace", {}, RunUserRole},
      {"workspace list", "", "list workspaces", {}, RunWorkspaceList},
      {"workspace create", "SLUG --acronym A --name N [--grant ID] [--start YYYY-MM-DD]", "create a workspace", {},
       RunWorkspaceCreate},
      {"import cordis", "PATH... [--quiet] [--verbose]",
       "import CORDIS bulk exports (project/organization CSV or JSON, side tables, xlsx, zips) into the corpus",
       {"quiet", "verbose"}, RunImportCordis},
      {"cordis fetch", "[--dir DIR] [--url URL]... [--import]",
       "download the CORDIS bulk zips (Horizon Europe, Horizon 2020), optionally importing them", {"import", "quiet"},
       RunCordisFetch},
      {"cordis status", "", "corpus size and the last imports", {}, RunCordisStatus},
      {"discover", "WORKSPACE [--limit 20] [--programme P] [--status S] [--from-year Y] [--to-year Y] [--topic PREFIX] "
                   "[--country CC] [--no-expand] [--json]",
       "rank the corpus against the workspace's focal project", {"no-expand", "json"}, RunDiscover},
      {"registry list", "WORKSPACE [--stage S] [--search TEXT]", "list the sister projects", {}, RunRegistryList},
      {"registry add", "WORKSPACE GRANT_ID|ACRONYM [--relevance 1-4] [--industry TEXT] [--comment TEXT] [--set FIELD=VALUE]...",
       "add a sister project filled from the CORDIS corpus, with partner overlap", {}, RunRegistryAdd},
      {"registry stage", "WORKSPACE ACRONYM|ID STAGE --why TEXT", "move a sister project through the pipeline", {},
       RunRegistryStage},
      {"registry history", "WORKSPACE ACRONYM|ID", "show a record's change history", {}, RunRegistryHistory},
      {"registry stats", "WORKSPACE [--by value_chain_link|topic|programme|relevance|stage] [--svg FILE]",
       "counts of the registry (CSV to stdout)", {}, RunRegistryStats},
      {"export registry", "WORKSPACE --out FILE.xlsx|FILE.csv", "export the registry in the Table 1 layout", {},
       RunRegistryExport},
      {"import registry", "WORKSPACE FILE.xlsx|FILE.csv [--map HEADER=field]... [--commit] [--skip-errors]",
       "import sister projects: previews with per-row errors, writes only with --commit", {"commit", "skip-errors"},
       RunRegistryImport},
  };
  return table;
}

}  // namespace corridor::cli
