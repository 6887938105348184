// Entry points of the sub-commands (one file each), tabled in commands.cc.
#pragma once

#include <memory>
#include <optional>

#include "cli/command.h"
#include "core/status.h"
#include "domain/workspace.h"
#include "storage/database.h"
#include "web/mail_delivery.h"

namespace corridor::cli {

int RunServe(const Args& a);           // serve_command.cc
int RunUserAdd(const Args& a);         // user_command.cc
int RunUserPassword(const Args& a);
int RunUserList(const Args& a);
int RunUserRole(const Args& a);
int RunWorkspaceList(const Args& a);   // workspace_command.cc
int RunWorkspaceCreate(const Args& a);
int RunDemoLoad(const Args& a);
int RunMigrate(const Args& a);          // with --from/--to: RunTransfer
int RunBackup(const Args& a);           // backup_command.cc
int RunRestore(const Args& a);
int RunTransfer(const Args& a);
int RunImportCordis(const Args& a);    // cordis_command.cc
int RunCordisFetch(const Args& a);
int RunCordisStatus(const Args& a);
int RunDiscover(const Args& a);        // discover_command.cc
int RunRegistryExport(const Args& a);  // registry_command.cc
int RunRegistryImport(const Args& a);
int RunRegistryAdd(const Args& a);
int RunRegistryList(const Args& a);
int RunRegistryStage(const Args& a);
int RunRegistryHistory(const Args& a);
int RunRegistryStats(const Args& a);
int RunStakeholderAdd(const Args& a);    // stakeholder_command.cc
int RunStakeholderShow(const Args& a);
int RunStakeholderErase(const Args& a);
int RunMailSend(const Args& a);
int RunStakeholderList(const Args& a);   // stakeholder_list_command.cc
int RunSegmentList(const Args& a);
int RunInvitationsBuild(const Args& a);
int RunInvitationsExport(const Args& a);
int RunStakeholderImport(const Args& a);
int RunStakeholderExport(const Args& a);
int RunScoreboardFrameworks(const Args& a);  // scoreboard_command.cc
int RunScoreboardRoundNew(const Args& a);
int RunScoreboardRoundList(const Args& a);
int RunScoreboardRoundClose(const Args& a);
int RunScoreboardRoundShow(const Args& a);
int RunScoreboardScore(const Args& a);
int RunScoreboardCompare(const Args& a);
int RunScoreboardExport(const Args& a);
int RunS3pList(const Args& a);
int RunEventAdd(const Args& a);  // event_command.cc (issue 4: clustering events)
int RunEventList(const Args& a);
int RunEventShow(const Args& a);
int RunEventStatus(const Args& a);
int RunEventAgendaAdd(const Args& a);
int RunEventParticipantsAdd(const Args& a);
int RunEventParticipantsImport(const Args& a);
int RunEventParticipantsList(const Args& a);
int RunEventCheckin(const Args& a);
int RunEventMinutes(const Args& a);
int RunEventAttach(const Args& a);
int RunEventActionAdd(const Args& a);
int RunEventActionClose(const Args& a);
int RunEventActionSet(const Args& a);
int RunEventAgendaSet(const Args& a);
int RunEventAgendaMove(const Args& a);
int RunEventActionList(const Args& a);
int RunActions(const Args& a);
int RunEventsIncomplete(const Args& a);
int RunRegionsList(const Args& a);  // region_command.cc (issue 5)
int RunRegionsDefine(const Args& a);
int RunRegionsDelete(const Args& a);
int RunRegionsInterest(const Args& a);
int RunRegionsLoad(const Args& a);
int RunIndicatorsImport(const Args& a);  // indicator_command.cc
int RunIndicatorsList(const Args& a);
int RunIndexCompute(const Args& a);
int RunEventsExport(const Args& a);  // event_export_command.cc (issue 4: exports and KPIs)
int RunEventPack(const Args& a);
int RunEventIcs(const Args& a);
int RunKpisEvents(const Args& a);

// Opens the database named by the arguments and applies pending migrations; refuses a database
// marked as an unfinished copy (corridor migrate --from/--to). Prints the error and returns
// null on failure.
std::unique_ptr<storage::Database> OpenDatabase(const Args& a);
// The workspace by slug, else by acronym (people type what they see: "NEO-CYCLE").
Result<domain::Workspace> FindWorkspace(storage::Connection& c, const std::string& ref);
// What a workspace sub-command starts from: the open database, one connection of it and the
// workspace (members in this order: the connection returns to the pool before the database closes).
struct OpenedWorkspace {
  std::unique_ptr<storage::Database> db;
  std::optional<storage::PooledConnection> conn;
  domain::Workspace ws;
  storage::Connection& c() { return **conn; }
};
// OpenDatabase, a connection and FindWorkspace(ref); on failure prints why and returns nothing.
std::optional<OpenedWorkspace> OpenWorkspace(const Args& a, const std::string& ref);
// The mail delivery settings: <data>/outbox, the CORRIDOR_* environment (web/mail_delivery.h),
// then --mail-dir, --smtp-url, --smtp-user, --mail-from (stakeholder_command.cc).
web::MailSettings MailSettingsFor(const Args& a);
// A file's bytes ("cannot read PATH" when it cannot be opened).
Result<std::string> ReadFileBytes(const std::string& path);
// Writes the bytes over the file ("cannot write PATH" when that fails).
Status WriteFileBytes(const std::string& path, const std::string& bytes);
// Prints "corridor: <message>" to stderr and returns exit code 1.
int Fail(const Status& s);

}  // namespace corridor::cli
