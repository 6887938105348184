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
      // Regional ecosystem scoreboard (issue 5).
      {"scoreboard frameworks", "WORKSPACE", "list the scoreboard frameworks with their dimensions and scale", {},
       RunScoreboardFrameworks},
      {"scoreboard round new", "WORKSPACE --title T [--date YYYY-MM-DD] [--framework KEY] [--trigger six-monthly|event] "
                               "[--event TITLE] [--copy-from ROUND]",
       "open an assessment round (--copy-from carries a closed round's scores forward)", {}, RunScoreboardRoundNew},
      {"scoreboard round list", "WORKSPACE", "list the rounds, newest first, with the staleness warning", {},
       RunScoreboardRoundList},
      {"scoreboard round close", "WORKSPACE ROUND", "close a round: its scores can no longer change", {},
       RunScoreboardRoundClose},
      {"scoreboard round show", "WORKSPACE ROUND", "a round's scores with evidence and sources (CSV)", {},
       RunScoreboardRoundShow},
      {"scoreboard score", "WORKSPACE --round R --region CODE --dimension KEY --value V --evidence TEXT --source URL|REF "
                           "[--source ...]",
       "score a region on a dimension of an open round (evidence 1-3 lines, at least one source)", {},
       RunScoreboardScore},
      {"scoreboard compare", "WORKSPACE ROUND1 ROUND2", "what changed between two rounds, and why", {},
       RunScoreboardCompare},
      {"scoreboard export", "WORKSPACE --round R --format xlsx|csv|md|html [--region CODE] --out FILE",
       "the scoreboard update, or with --region the sector note of one region", {}, RunScoreboardExport},
      {"s3p list", "WORKSPACE [--regions]", "the S3P partnerships catalogue; --regions adds the selection filter",
       {"regions"}, RunS3pList},
      // Clustering events (issue 4); every write accepts --user EMAIL to audit as that user.
      {"event add", "WORKSPACE --title T --date YYYY-MM-DD [--end D] [--start-time HH:MM] [--end-time HH:MM] "
                    "[--kind external|project-led|online] [--purpose benchmarking|policy-standards|cooperation-activation] "
                    "[--mode in-person|online|hybrid] [--place P] [--organiser O] [--status planned|held|cancelled] "
                    "[--milestone M] [--url U] [--description T] [--expected T] [--outputs T] [--project ACRONYM]... "
                    "[--stakeholder ID|EMAIL]... [--invitation-list ID]",
       "add a clustering event (prints its id)", {}, RunEventAdd},
      {"event list", "WORKSPACE [--status S] [--kind K] [--purpose P] [--from D] [--to D] [--search T]",
       "list events by date with project month and evidence (A=agenda P=participants M=minutes X=actions)", {},
       RunEventList},
      {"event show", "WORKSPACE EVENT_ID", "show an event, its evidence counts, agenda and registry link", {},
       RunEventShow},
      {"event status", "WORKSPACE EVENT_ID planned|held|cancelled",
       "set an event's status (held + complete evidence moves shortlisted linked projects)", {}, RunEventStatus},
      {"event agenda add", "WORKSPACE EVENT_ID --title T [--start HH:MM] [--end HH:MM] [--speaker S] [--project A]",
       "add an agenda item", {}, RunEventAgendaAdd},
      {"event participants add", "WORKSPACE EVENT_ID (--name N [--email E] [--org O] [--country CC] [--type T] | "
                                 "--stakeholder ID|EMAIL | --list INVITATION_LIST_ID)",
       "add a walk-in, a stakeholder, or the included invitees of an invitation list", {}, RunEventParticipantsAdd},
      {"event participants import", "WORKSPACE EVENT_ID FILE.csv|FILE.xlsx [--skip-errors]",
       "import a participant list (name, organisation, email, country, type); all or nothing unless --skip-errors",
       {"skip-errors"}, RunEventParticipantsImport},
      {"event participants list", "WORKSPACE EVENT_ID", "list an event's participants", {}, RunEventParticipantsList},
      {"event participants checkin", "WORKSPACE EVENT_ID PARTICIPANT_ID|EMAIL [--undo]",
       "check a participant in (an invitee's invitation becomes \"attended\")", {"undo"}, RunEventCheckin},
      {"event minutes", "WORKSPACE EVENT_ID --file FILE.md|-", "save an event's minutes (Markdown)", {},
       RunEventMinutes},
      {"event attach", "WORKSPACE EVENT_ID FILE [--label agenda|participant list|minutes|slides|photo|other]",
       "attach a file (PDF, images, text, office documents; at most 10 MB; checksummed)", {}, RunEventAttach},
      {"event action add", "WORKSPACE EVENT_ID --what TEXT --responsible EMAIL|NAME [--due YYYY-MM-DD] "
                           "[--project ACRONYM] [--stakeholder ID|EMAIL]",
       "add an action; the responsible person is a workspace member or a stakeholder", {}, RunEventActionAdd},
      {"event action close", "WORKSPACE EVENT_ID ACTION_ID [--dropped] [--reopen]",
       "close an action as done (or dropped), recording when; --reopen opens it again", {"dropped", "reopen"},
       RunEventActionClose},
      {"event action set", "WORKSPACE EVENT_ID ACTION_ID [--status open|in-progress|done|dropped] [--what T] "
                           "[--responsible EMAIL|NAME] [--due D|none] [--project A|none] [--stakeholder ID|EMAIL|none]",
       "edit an action (any field; closing records when)", {}, RunEventActionSet},
      {"event agenda set", "WORKSPACE EVENT_ID ITEM_ID [--title T] [--start HH:MM] [--end HH:MM] [--speaker S] "
                           "[--project A|none]",
       "edit an agenda item", {}, RunEventAgendaSet},
      {"event agenda move", "WORKSPACE EVENT_ID ITEM_ID up|down", "move an agenda item one place up or down", {},
       RunEventAgendaMove},
      {"event action list", "WORKSPACE EVENT_ID [--today YYYY-MM-DD]", "list an event's actions", {},
       RunEventActionList},
      {"actions", "WORKSPACE [--today YYYY-MM-DD]", "open actions across events by person, overdue first", {},
       RunActions},
      {"events incomplete", "WORKSPACE", "held events missing agenda, participants, minutes or actions, oldest first",
       {}, RunEventsIncomplete},
      {"export events", "WORKSPACE --out FILE.xlsx|FILE.csv|FILE.md [--format xlsx|csv|md] [--status S] [--kind K] "
                        "[--purpose P] [--from D] [--to D] [--search T]",
       "export the events table in the shape of Tables 4 and 5 of the clustering plan", {}, RunEventsExport},
      {"event pack", "WORKSPACE EVENT_ID --out FILE.html [--pdf]",
       "one event's evidence pack as a single HTML page (--pdf: also FILE.pdf via headless Chromium)", {"pdf"},
       RunEventPack},
      {"event ics", "WORKSPACE [EVENT_ID] [--out FILE.ics]", "iCalendar of one event or all events", {}, RunEventIcs},
      {"kpis events", "WORKSPACE [--from D] [--to D] [--today D] [--format md|csv|xlsx] [--out FILE]",
       "event KPIs computed from the data (events, participants, sister projects, actions)", {}, RunKpisEvents},
      // Regions, indicators and the composite index (issue 5).
      {"regions list", "[WORKSPACE] [--level N] [--country XX]",
       "NUTS 2021 regions (code, level, country, names); with a workspace, its regions first", {}, RunRegionsList},
      {"regions define", "WORKSPACE KEY --name N --members A,B [--description D]",
       "create or update a user-defined region made of NUTS 2021 regions", {}, RunRegionsDefine},
      {"regions delete", "WORKSPACE KEY", "delete a user-defined region", {}, RunRegionsDelete},
      {"regions interest", "WORKSPACE CODE...", "set the workspace's regions of interest, in order", {},
       RunRegionsInterest},
      {"regions load", "--geojson FILE", "load finer NUTS 2021 boundaries from a GISCO GeoJSON download", {},
       RunRegionsLoad},
      {"indicators import", "WORKSPACE FILE [--format auto|tidy|wide|eurostat] [--year Y] [--name N] [--source S] "
                            "[--lower-better CODE,...] [--skip-bad-rows] [--replace] [--preview]",
       "import indicator values (CSV/.xlsx); old NUTS codes mapped, the rest listed; all or nothing unless "
       "--skip-bad-rows", {"skip-bad-rows", "replace", "preview"}, RunIndicatorsImport},
      {"indicators list", "WORKSPACE", "the workspace's indicators with their datasets, years and regions", {},
       RunIndicatorsList},
      {"index compute", "WORKSPACE [--year Y] [--window N] [--level N [--countries ES,PT] | --regions CODES] "
                        "[--indicators a,b] [--impute none|mean|median] [--winsorise] "
                        "[--normalise minmax|zscore|rank|distance] [--aggregate arithmetic|geometric] "
                        "[--weights a=2,b=1] [--mc-runs N --seed S] [--vary-normalise L] [--vary-aggregate L] "
                        "[--vary-impute L] [--format csv|md|html|xlsx] [--out F]",
       "compute a composite index with performance groups and Monte Carlo rank bands", {"winsorise"}, RunIndexCompute},
  };
  return table;
}

}  // namespace corridor::cli
