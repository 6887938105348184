// The command table: every sub-command with its usage, in one place.
#include <cstdio>

#include "cli/commands.h"

namespace corridor::cli {

const std::vector<Command>& Commands() {
  static const std::vector<Command> table = {
      {"serve", "[--listen 127.0.0.1:8080] [--no-demo] [--threads N] [--trusted-proxy ADDR,...] [--public-url URL] "
                "[--mail-dir DIR | --smtp-url smtp://HOST:587 [--smtp-user U]] [--mail-from ADDR] [--no-mail]",
       "start the web workbench (creates the database, loads the demo workspaces on first start)",
       {"no-demo", "secure-cookies", "no-mail"}, RunServe},
      {"migrate", "[--from URL --to URL [--force] [--batch ROWS]]",
       "create or upgrade the database schema; with --from/--to, copy a whole database to another (any engines), "
       "verified by row counts and checksums",
       {"force"}, RunMigrate},
      {"backup", "--out FILE [--force]",
       "consistent online backup (SQLite backup API; pg_dump for PostgreSQL) while the server runs", {"force"},
       RunBackup},
      {"restore", "FILE [--force]", "restore a backup into the database (--force replaces one that holds data)",
       {"force"}, RunRestore},
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
      {"stakeholder add", "WORKSPACE --name N [--email E] [--org O] [--country CC] [--type KEY] [--sector KEY] "
                          "[--phase KEY] [--influence 1-5] [--interest 1-5] [--tags a,b] [--actor] [--notes TEXT]",
       "add a stakeholder by hand (no consent: not invitable until the person registers)", {"actor"},
       RunStakeholderAdd},
      {"stakeholder show", "WORKSPACE ID|EMAIL", "show a stakeholder with its consents", {}, RunStakeholderShow},
      {"stakeholder erase", "WORKSPACE ID|EMAIL --why TEXT",
       "anonymise a stakeholder (data-subject erasure); an audit entry remains", {}, RunStakeholderErase},
      {"mail send", "[--mail-dir DIR] [--smtp-url smtp://HOST:587] [--smtp-user U] [--mail-from ADDR]",
       "deliver the queued mail once (SMTP password: $CORRIDOR_SMTP_PASSWORD; default: file outbox DATA/outbox)", {},
       RunMailSend},
      {"stakeholder list", "WORKSPACE [--segment NAME] [--type K]... [--sector K]... [--phase K]... [--tier T]... "
                           "[--country CC]... [--tag T]... [--consent PURPOSE] [--actor yes|no] [--search TEXT] [--sort F]",
       "list stakeholders by segment and filters, with their tier", {}, RunStakeholderList},
      {"segment list", "WORKSPACE", "list the segments (the four predefined subgroups first) with their sizes", {},
       RunSegmentList},
      {"invitations build", "WORKSPACE --name N --why TEXT [--segment NAME]... [filters] [--event-title T] "
                            "[--event-start YYYY-MM-DD[ HH:MM]] [--event-end ...] [--place P] [--preview]",
       "build an invitation list: who is included, who is excluded and why; saved unless --preview", {"preview"},
       RunInvitationsBuild},
      {"invitations export", "WORKSPACE LIST_ID --out FILE.csv|FILE.ics",
       "export an invitation list as a mail-merge CSV or an ICS invitation", {}, RunInvitationsExport},
      {"import stakeholders", "WORKSPACE FILE.xlsx|FILE.csv [--map \"Header=field\"]... [--commit] [--skip-errors]",
       "import contacts: previews with per-row errors, writes only with --commit", {"commit", "skip-errors"},
       RunStakeholderImport},
      {"export stakeholders", "WORKSPACE --out FILE.xlsx|FILE.csv [filters]",
       "export contacts (formula-safe), re-importable", {}, RunStakeholderExport},
  };
  return table;
}

}  // namespace corridor::cli
