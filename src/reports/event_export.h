// Exports of clustering events shared by the web pages and the CLI (issue 4, point 5):
//  - the events table in the shape of seed 001 Tables 4 and 5 (Period = project month, Event,
//    Organisation, Purpose, Type, ...) as a report Table, hence .xlsx (reports/xlsx_writer) and
//    CSV (reports/csv_writer, formula-guarded), and as a Markdown pipe table;
//  - one event's evidence pack: a single self-contained HTML page (inline CSS, no scripts, print
//    CSS so a browser's "Print / Save as PDF" makes a clean PDF) with the four minimum items,
//    minutes rendered by reports/markdown (never raw HTML);
//  - iCalendar for one event or all (RFC 5545 via reports/ics_writer's escaping and folding).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/status.h"
#include "domain/event.h"
#include "reports/table.h"
#include "storage/database.h"
#include "storage/event_store.h"

namespace corridor::reports {

// Tables 4/5 columns: period, event, organisation, purpose, type, mode, place, start, end,
// status, milestone, description, expected_outputs, actual_outputs.
Table EventsTable(const std::vector<storage::EventSummary>& events);
// The workspace's events matching the query, by start date.
Result<Table> EventsTable(storage::Connection& c, int64_t workspace_id, const storage::EventQuery& q);
// A Markdown pipe table of any report Table: '|' and '\' escaped, newlines as <br> text would be
// HTML, so they become spaces; cells that would start a formula are guarded as in CSV.
std::string MarkdownTable(const Table& table);

// Everything the evidence pack shows, loaded in one go.
struct EvidencePack {
  std::string workspace_name, workspace_acronym, workspace_slug;
  storage::EventSummary summary;  // event (with minutes), counts, completeness, project month
  std::vector<domain::AgendaItem> agenda;
  std::vector<domain::Participant> participants;
  std::vector<domain::Attachment> attachments;
  std::vector<domain::Action> actions;
  std::map<int64_t, std::string> project_acronyms;  // registry id -> acronym (agenda, actions, links)
  std::map<int64_t, std::string> stakeholder_names;  // linked stakeholders
  std::map<std::string, std::string> type_labels;    // taxonomy type key -> label
  std::string generated_at;  // ISO timestamp printed in the footer
  std::string today;         // ISO date: overdue actions are marked against it
};
// kNotFound when the event is not in the workspace.
Result<EvidencePack> LoadEvidencePack(storage::Connection& c, int64_t workspace_id, int64_t event_id);
std::string EvidencePackHtml(const EvidencePack& pack);

// One VCALENDAR with one VEVENT per event (cancelled ones carry STATUS:CANCELLED). UIDs are
// stable per event: "event-<id>-<slug>@corridor". `stamp` is the DTSTAMP (UTC, "...Z"), "" = now.
std::string EventsIcs(const std::vector<domain::Event>& events, const std::string& workspace_slug,
                      const std::string& stamp = "");

// "Event title" -> "Event-title" (file names of downloads).
std::string EventFileStem(const std::string& title);

}  // namespace corridor::reports
