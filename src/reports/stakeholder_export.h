// Exports of the stakeholder registry shared by the web pages and the CLI: the contacts table
// (the import's columns, so an export re-imports), an invitation list as a mail-merge CSV table
// and as an ICS invitation (reports/ics_writer.h). Text cells are formula-guarded by WriteCsv;
// XLSX cells are strings, never formulas.
#pragma once

#include <cstdint>
#include <string>

#include "domain/engagement.h"
#include "reports/table.h"
#include "storage/database.h"

namespace corridor::reports {

// Active and pending records the filter selects, ordered by id.
Result<Table> ContactsTable(storage::Connection& c, int64_t workspace_id, const domain::SegmentFilter& filter);
// One row per invitee: Email, Name, Organisation, Country, Stakeholder type, Sector, Tier, Status, Event...
Result<Table> MailMergeTable(storage::Connection& c, int64_t workspace_id, int64_t list_id);
// The list's event with one ATTENDEE per invitee who has not declined; kInvalidArgument without an event start.
Result<std::string> InvitationIcs(storage::Connection& c, int64_t workspace_id, const std::string& workspace_slug,
                                  int64_t list_id);
// A file-name stem from a free title ("Workshop Seville" -> "Workshop-Seville").
std::string FileStem(const std::string& title);

}  // namespace corridor::reports
