#include "reports/event_export.h"

#include <cctype>
#include <cstdio>
#include <string>
#include <vector>

#include "core/dates.h"
#include "core/formula_guard.h"
#include "core/strings.h"
#include "reports/ics_writer.h"
#include "reports/markdown.h"
#include "storage/event_evidence_store.h"
#include "storage/event_followup.h"
#include "storage/taxonomy_store.h"
#include "storage/workspace_store.h"

namespace corridor::reports {

namespace {

using strings::HtmlEscape;

std::string H(const std::string& s) { return HtmlEscape(s); }

std::string Dates(const domain::Event& e) {
  std::string out = e.start_date;
  if (!e.start_time.empty()) out += " " + e.start_time;
  if (!e.end_date.empty() && e.end_date != e.start_date) out += " to " + e.end_date;
  if (!e.end_time.empty()) out += (e.end_date.empty() || e.end_date == e.start_date ? "-" : " ") + e.end_time;
  return out;
}

std::string SizeText(int64_t bytes) {
  char buf[32];
  if (bytes >= 1024 * 1024)
    std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  else if (bytes >= 1024)
    std::snprintf(buf, sizeof buf, "%.1f KB", static_cast<double>(bytes) / 1024.0);
  else
    std::snprintf(buf, sizeof buf, "%lld bytes", static_cast<long long>(bytes));
  return buf;
}

std::string Lookup(const std::map<int64_t, std::string>& m, const std::optional<int64_t>& id) {
  if (!id) return "";
  auto it = m.find(*id);
  return it == m.end() ? "#" + std::to_string(*id) : it->second;
}

const char* kPackCss = R"css(
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1b1f24;margin:2rem auto;max-width:60rem;padding:0 1rem;line-height:1.45}
h1{font-size:1.6rem;margin:0 0 .25rem} h2{font-size:1.2rem;border-bottom:2px solid #1d4f91;padding-bottom:.2rem;margin-top:2rem}
.sub{color:#555;margin:0 0 1rem} dl.facts{display:grid;grid-template-columns:12rem 1fr;gap:.2rem 1rem;margin:0}
dl.facts dt{font-weight:600;color:#333} dl.facts dd{margin:0;white-space:pre-wrap}
table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:.92rem} th,td{border:1px solid #c8ced6;padding:.3rem .45rem;text-align:left;vertical-align:top}
th{background:#eef2f7} .ok{color:#1a6b2f;font-weight:600} .missing{color:#a4161a;font-weight:600}
.badge{display:inline-block;padding:.1rem .5rem;border-radius:.8rem;font-size:.85rem;border:1px solid currentColor}
ul.items{list-style:none;padding:0;display:flex;gap:1rem;flex-wrap:wrap} .minutes{border-left:3px solid #c8ced6;padding-left:1rem}
.minutes pre{background:#f4f6f8;padding:.5rem;overflow-x:auto} code{font-family:ui-monospace,Consolas,monospace;font-size:.9em}
.mono{font-family:ui-monospace,Consolas,monospace;font-size:.8rem;word-break:break-all} .overdue{color:#a4161a}
footer{margin-top:2rem;color:#666;font-size:.85rem;border-top:1px solid #ddd;padding-top:.5rem}
@media print{body{margin:0;max-width:none;font-size:10.5pt} h2{break-after:avoid} tr,li{break-inside:avoid} a{color:inherit;text-decoration:none}
 thead{display:table-header-group} @page{size:A4;margin:15mm}}
)css";

std::string Fact(const std::string& label, const std::string& value) {
  if (value.empty()) return "";
  return "<dt>" + H(label) + "</dt><dd>" + H(value) + "</dd>\n";
}

}  // namespace

std::string EventFileStem(const std::string& title) {
  std::string out;
  for (char c : title) {
    bool keep = std::isalnum(static_cast<unsigned char>(c)) != 0;
    if (keep)
      out += c;
    else if (!out.empty() && out.back() != '-')
      out += '-';
    if (out.size() >= 60) break;
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "event" : out;
}

Table EventsTable(const std::vector<storage::EventSummary>& events) {
  Table t;
  t.title = "Clustering events";
  t.groups = {{"Event", 5}, {"When and where", 6}, {"Evidence", 3}};
  t.columns = {{"period", "Period", ColumnKind::kText, ""},
               {"event", "Event", ColumnKind::kText, ""},
               {"organisation", "Organisation", ColumnKind::kText, ""},
               {"purpose", "Purpose", ColumnKind::kText, ""},
               {"type", "Type", ColumnKind::kText, ""},
               {"mode", "Mode", ColumnKind::kText, ""},
               {"place", "Place", ColumnKind::kText, ""},
               {"start_date", "Start date", ColumnKind::kDate, ""},
               {"end_date", "End date", ColumnKind::kDate, ""},
               {"status", "Status", ColumnKind::kText, ""},
               {"milestone", "Milestone", ColumnKind::kText, ""},
               {"description", "Description", ColumnKind::kText, ""},
               {"expected_outputs", "Expected outputs (auditable)", ColumnKind::kText, ""},
               {"actual_outputs", "Actual outputs", ColumnKind::kText, ""}};
  for (const auto& s : events) {
    const auto& e = s.event;
    t.rows.push_back({domain::ProjectMonthLabel(s.project_month), e.title, e.organiser,
                      domain::EventPurposeLabel(e.purpose), domain::EventKindLabel(e.kind),
                      domain::EventModeLabel(e.mode), e.place, e.start_date,
                      e.end_date.empty() ? e.start_date : e.end_date, domain::EventStatusLabel(e.status), e.milestone,
                      e.description, e.expected_outputs, e.actual_outputs});
  }
  return t;
}

Result<Table> EventsTable(storage::Connection& c, int64_t workspace_id, const storage::EventQuery& q) {
  storage::EventStore store(c);
  storage::EventQuery all = q;
  all.limit = 5000;
  CORRIDOR_ASSIGN_OR_RETURN(auto events, store.List(workspace_id, all));
  return EventsTable(events);
}

std::string MarkdownTable(const Table& table) {
  auto cell = [](const std::string& v) {
    std::string g = formula_guard::Guard(v);
    std::string out;
    for (char c : g) {
      if (c == '|' || c == '\\') {
        out += '\\';
        out += c;
      } else if (c == '\r') {
      } else if (c == '\n') {
        out += ' ';
      } else {
        out += c;
      }
    }
    return out;
  };
  std::string out = "|";
  for (const auto& col : table.columns) out += " " + cell(col.label) + " |";
  out += "\n|";
  for (size_t i = 0; i < table.columns.size(); ++i) out += " --- |";
  out += "\n";
  for (const auto& row : table.rows) {
    out += "|";
    for (size_t i = 0; i < table.columns.size(); ++i) {
      std::string v = i < row.size() ? row[i] : "";
      // Numbers in number columns stay as they are ("-5" is a number, not a formula).
      out += " " + (table.columns[i].kind == ColumnKind::kNumber && IsCanonicalNumber(v) ? v : cell(v)) + " |";
    }
    out += "\n";
  }
  return out;
}

Result<EvidencePack> LoadEvidencePack(storage::Connection& c, int64_t workspace_id, int64_t event_id) {
  EvidencePack p;
  storage::WorkspaceStore ws(c);
  CORRIDOR_ASSIGN_OR_RETURN(auto w, ws.FindById(workspace_id));
  if (!w) return Status::NotFound("workspace not found");
  p.workspace_name = w->name;
  p.workspace_acronym = w->acronym;
  p.workspace_slug = w->slug;
  storage::EventStore events(c);
  CORRIDOR_ASSIGN_OR_RETURN(auto full, events.Get(workspace_id, event_id));
  if (!full) return Status::NotFound("event #" + std::to_string(event_id) + " not found");
  p.summary.event = *full;  // with the minutes
  storage::EventEvidenceStore ev(c);
  CORRIDOR_ASSIGN_OR_RETURN(p.agenda, ev.Agenda(workspace_id, event_id));
  CORRIDOR_ASSIGN_OR_RETURN(p.participants, ev.Participants(workspace_id, event_id));
  CORRIDOR_ASSIGN_OR_RETURN(p.attachments, ev.Attachments(workspace_id, event_id));
  CORRIDOR_ASSIGN_OR_RETURN(p.actions, ev.Actions(workspace_id, event_id));
  // The counts and completeness come from the lists just read (not EventStore::Summary, which
  // would count them again in SQL): fewer queries on the event page, same rule.
  auto& sum = p.summary;
  sum.project_month = domain::ProjectMonth(w->start_date, full->start_date);
  sum.agenda_items = static_cast<int64_t>(p.agenda.size());
  sum.participants = static_cast<int64_t>(p.participants.size());
  for (const auto& x : p.participants) sum.checked_in += x.checked_in_at.empty() ? 0 : 1;
  sum.attachments = static_cast<int64_t>(p.attachments.size());
  int64_t agenda_files = 0, minutes_files = 0;
  for (const auto& a : p.attachments) {
    agenda_files += a.label == "agenda" ? 1 : 0;
    minutes_files += a.label == "minutes" ? 1 : 0;
  }
  sum.actions = static_cast<int64_t>(p.actions.size());
  for (const auto& a : p.actions) sum.open_actions += domain::IsClosed(a.status) ? 0 : 1;
  sum.completeness = storage::CompletenessFrom(sum.agenda_items, agenda_files, sum.participants,
                                               full->minutes_md, minutes_files,
                                               sum.actions);
  CORRIDOR_ASSIGN_OR_RETURN(auto projects, c.Query("SELECT id, acronym FROM sister_projects WHERE workspace_id = ?",
                                                   {workspace_id}));
  for (const auto& r : projects) p.project_acronyms[r.Int(0)] = r.Text(1);
  if (!full->stakeholder_ids.empty()) {
    CORRIDOR_ASSIGN_OR_RETURN(
        auto people, c.Query("SELECT s.id, s.name, s.organisation FROM stakeholders s JOIN event_stakeholders es"
                             " ON es.stakeholder_id = s.id WHERE es.event_id = ? AND s.workspace_id = ?",
                             {event_id, workspace_id}));
    for (const auto& r : people)
      p.stakeholder_names[r.Int(0)] = r.Text(1) + (r.Text(2).empty() ? "" : " (" + r.Text(2) + ")");
  }
  storage::TaxonomyStore tax(c);
  CORRIDOR_ASSIGN_OR_RETURN(auto rows, tax.List(workspace_id, true));
  for (const auto& r : rows)
    if (r.entry.kind == domain::TaxonomyKind::kType) p.type_labels[r.entry.key] = r.entry.label;
  p.generated_at = dates::NowIso();
  p.today = dates::ToIso(dates::Today());
  return p;
}

std::string EvidencePackHtml(const EvidencePack& p) {
  const auto& e = p.summary.event;
  const auto& done = p.summary.completeness;
  std::string o;
  o.reserve(16384 + p.participants.size() * 200 + p.actions.size() * 200 + e.minutes_md.size() * 2);
  o += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  o += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  // The file travels (mail, archive, PDF printing): no script may run in it wherever it is opened.
  o += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
       "img-src data:\">\n";
  o += "<title>Evidence pack: " + H(e.title) + "</title>\n<style>" + std::string(kPackCss) + "</style>\n</head>\n<body>\n";
  o += "<header>\n<p class=\"sub\">" + H(p.workspace_acronym.empty() ? p.workspace_name : p.workspace_acronym) +
       " &middot; clustering event evidence pack</p>\n";
  o += "<h1>" + H(e.title) + "</h1>\n";
  std::string period = domain::ProjectMonthLabel(p.summary.project_month);
  o += "<p class=\"sub\">" + H((period.empty() ? "" : period + " · ") + Dates(e) + (e.place.empty() ? "" : " · " + e.place)) +
       "</p>\n</header>\n";

  o += "<section id=\"facts\">\n<h2>Event</h2>\n<dl class=\"facts\">\n";
  o += Fact("Period", period);
  o += Fact("Type", domain::EventKindLabel(e.kind));
  o += Fact("Purpose", domain::EventPurposeLabel(e.purpose));
  o += Fact("Mode", domain::EventModeLabel(e.mode));
  o += Fact("Status", domain::EventStatusLabel(e.status));
  o += Fact("Dates", Dates(e));
  o += Fact("Place", e.place);
  o += Fact("Organiser", e.organiser);
  o += Fact("Milestone", e.milestone);
  o += Fact("Web page", e.url);
  std::string projects;
  for (auto id : e.project_ids) projects += (projects.empty() ? "" : ", ") + Lookup(p.project_acronyms, id);
  o += Fact("Sister projects", projects);
  std::string people;
  for (auto id : e.stakeholder_ids) people += (people.empty() ? "" : ", ") + Lookup(p.stakeholder_names, id);
  o += Fact("Stakeholders", people);
  o += Fact("Description", e.description);
  o += Fact("Expected outputs", e.expected_outputs);
  o += Fact("Actual outputs", e.actual_outputs);
  o += "</dl>\n</section>\n";

  // The four minimum items of seed 001 section 3.3.
  o += "<section id=\"completeness\">\n<h2>Minimum evidence</h2>\n<ul class=\"items\">\n";
  auto item = [&](const char* name, bool have) {
    o += std::string("<li class=\"") + (have ? "ok" : "missing") + "\">" + (have ? "&#10003; " : "&#10007; ") + name +
         "</li>\n";
  };
  item("Agenda", done.agenda);
  item("Participant list", done.participants);
  item("Minutes", done.minutes);
  item("Action list", done.actions);
  o += "</ul>\n<p class=\"completeness\">";
  if (done.Complete()) {
    o += "<span class=\"badge ok\">Complete</span> all four minimum items are documented.";
  } else {
    std::string missing;
    for (const auto& m : done.Missing()) missing += (missing.empty() ? "" : ", ") + m;
    o += "<span class=\"badge missing\">Incomplete</span> missing: " + H(missing) + ".";
  }
  o += "</p>\n</section>\n";

  o += "<section id=\"agenda\">\n<h2>Agenda</h2>\n";
  if (p.agenda.empty()) {
    o += "<p>No agenda items.</p>\n";
  } else {
    o += "<table>\n<thead><tr><th>Time</th><th>Item</th><th>Speaker</th><th>Project</th></tr></thead>\n<tbody>\n";
    for (const auto& a : p.agenda) {
      std::string time = a.start_time + (a.end_time.empty() ? "" : "-" + a.end_time);
      o += "<tr><td>" + H(time) + "</td><td>" + H(a.title) + "</td><td>" + H(a.speaker) + "</td><td>" +
           H(Lookup(p.project_acronyms, a.project_id)) + "</td></tr>\n";
    }
    o += "</tbody>\n</table>\n";
  }
  o += "</section>\n";

  size_t checked = 0;
  for (const auto& x : p.participants) checked += x.checked_in_at.empty() ? 0 : 1;
  o += "<section id=\"participants\">\n<h2>Participant list</h2>\n";
  o += "<p>" + std::to_string(p.participants.size()) + " listed, " + std::to_string(checked) + " checked in.</p>\n";
  if (!p.participants.empty()) {
    o += "<table>\n<thead><tr><th>#</th><th>Name</th><th>Organisation</th><th>Country</th><th>Type</th>"
         "<th>Source</th><th>Checked in</th></tr></thead>\n<tbody>\n";
    int n = 0;
    for (const auto& x : p.participants) {
      auto tl = p.type_labels.find(x.stakeholder_type);
      o += "<tr><td>" + std::to_string(++n) + "</td><td>" + H(x.name) + "</td><td>" + H(x.organisation) + "</td><td>" +
           H(x.country) + "</td><td>" + H(tl == p.type_labels.end() ? x.stakeholder_type : tl->second) + "</td><td>" +
           H(domain::ParticipantSourceKey(x.source)) + "</td><td>" +
           (x.checked_in_at.empty() ? std::string("no") : "yes, " + H(x.checked_in_at)) + "</td></tr>\n";
    }
    o += "</tbody>\n</table>\n";
  }
  o += "</section>\n";

  o += "<section id=\"minutes\">\n<h2>Minutes</h2>\n";
  bool blank = e.minutes_md.find_first_not_of(" \t\r\n") == std::string::npos;
  if (blank) {
    o += "<p>No minutes written.</p>\n";
  } else {
    MarkdownOptions mo;
    mo.heading_offset = 2;
    o += "<div class=\"minutes\">\n" + RenderMarkdown(e.minutes_md, mo) + "</div>\n";
  }
  o += "</section>\n";

  o += "<section id=\"actions\">\n<h2>Action list</h2>\n";
  if (p.actions.empty()) {
    o += "<p>No actions.</p>\n";
  } else {
    o += "<table>\n<thead><tr><th>#</th><th>Action</th><th>Responsible</th><th>Due</th><th>Status</th>"
         "<th>Closed</th><th>Linked to</th></tr></thead>\n<tbody>\n";
    int n = 0;
    for (const auto& a : p.actions) {
      bool overdue = domain::IsOverdue(a, p.today);
      std::string linked = Lookup(p.project_acronyms, a.project_id);
      if (a.stakeholder_id) {
        auto it = p.stakeholder_names.find(*a.stakeholder_id);
        linked += (linked.empty() ? "" : ", ") +
                  (it == p.stakeholder_names.end() ? "stakeholder #" + std::to_string(*a.stakeholder_id) : it->second);
      }
      o += std::string("<tr") + (overdue ? " class=\"overdue\"" : "") + "><td>" + std::to_string(++n) + "</td><td>" +
           H(a.description) + "</td><td>" + H(a.responsible_name) + "</td><td>" + H(a.due_date) + "</td><td>" +
           H(domain::ActionStatusLabel(a.status)) + (overdue ? " (overdue)" : "") + "</td><td>" + H(a.closed_at) +
           "</td><td>" + H(linked) + "</td></tr>\n";
    }
    o += "</tbody>\n</table>\n";
  }
  o += "</section>\n";

  o += "<section id=\"attachments\">\n<h2>Attachments</h2>\n";
  if (p.attachments.empty()) {
    o += "<p>No attachments.</p>\n";
  } else {
    o += "<table>\n<thead><tr><th>File</th><th>Label</th><th>Type</th><th>Size</th><th>SHA-256</th>"
         "<th>Uploaded</th></tr></thead>\n<tbody>\n";
    for (const auto& a : p.attachments)
      o += "<tr><td>" + H(a.filename) + "</td><td>" + H(a.label) + "</td><td>" + H(a.content_type) + "</td><td>" +
           H(SizeText(a.size)) + "</td><td class=\"mono\">" + H(a.sha256) + "</td><td>" +
           H(a.uploaded_at + (a.uploaded_by.empty() ? "" : " by " + a.uploaded_by)) + "</td></tr>\n";
    o += "</tbody>\n</table>\n";
  }
  o += "</section>\n";

  o += "<footer>Generated by Corridor on " + H(p.generated_at) + " from event #" + std::to_string(e.id) +
       " (version " + std::to_string(e.version) + ") of " + H(p.workspace_name) +
       ". To make a PDF, use the browser's Print / Save as PDF.</footer>\n</body>\n</html>\n";
  return o;
}

std::string EventsIcs(const std::vector<domain::Event>& events, const std::string& workspace_slug,
                      const std::string& stamp_in) {
  std::string stamp = stamp_in.empty() ? dates::NowIso() : stamp_in;
  std::string st;
  for (char c : stamp)
    if (c != '-' && c != ':') st += c;
  auto ics_date = [](const std::string& d) {
    std::string out;
    for (char c : d)
      if (c != '-') out += c;
    return out;
  };
  auto next_day = [](const std::string& d) {
    auto p = dates::Parse(d);
    return p ? dates::ToIso(dates::FromDaysSinceEpoch(dates::DaysSinceEpoch(*p) + 1)) : d;
  };
  std::vector<std::string> lines = {"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Corridor//Clustering events//EN",
                                    "CALSCALE:GREGORIAN", "METHOD:PUBLISH"};
  for (const auto& e : events) {
    lines.push_back("BEGIN:VEVENT");
    lines.push_back("UID:event-" + std::to_string(e.id) + "-" + workspace_slug + "@corridor");
    lines.push_back("DTSTAMP:" + st);
    std::string end_date = e.end_date.empty() ? e.start_date : e.end_date;
    if (e.start_time.empty()) {
      // All-day: DTEND is exclusive, the day after the last day.
      lines.push_back("DTSTART;VALUE=DATE:" + ics_date(e.start_date));
      lines.push_back("DTEND;VALUE=DATE:" + ics_date(next_day(end_date)));
    } else {
      lines.push_back("DTSTART:" + ics_date(e.start_date) + "T" + e.start_time.substr(0, 2) + e.start_time.substr(3, 2) +
                      "00");
      if (!e.end_time.empty())
        lines.push_back("DTEND:" + ics_date(end_date) + "T" + e.end_time.substr(0, 2) + e.end_time.substr(3, 2) + "00");
    }
    lines.push_back("SUMMARY:" + IcsEscape(e.title));
    std::string desc = domain::EventPurposeLabel(e.purpose) + " - " + domain::EventKindLabel(e.kind) + " (" +
                       domain::EventModeLabel(e.mode) + ")";
    if (!e.organiser.empty()) desc += "\nOrganiser: " + e.organiser;
    if (!e.description.empty()) desc += "\n\n" + e.description;
    lines.push_back("DESCRIPTION:" + IcsEscape(desc));
    if (!e.place.empty()) lines.push_back("LOCATION:" + IcsEscape(e.place));
    if (!e.url.empty() && e.url.find_first_of("\r\n") == std::string::npos) lines.push_back("URL:" + e.url);
    lines.push_back("CATEGORIES:" + IcsEscape(domain::EventPurposeLabel(e.purpose)));
    lines.push_back(std::string("STATUS:") + (e.status == domain::EventStatus::kCancelled ? "CANCELLED" : "CONFIRMED"));
    lines.push_back("END:VEVENT");
  }
  lines.push_back("END:VCALENDAR");
  std::string out;
  for (const auto& l : lines) out += IcsFold(l) + "\r\n";
  return out;
}

}  // namespace corridor::reports
