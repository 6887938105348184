// Exports of clustering events from the command line (issue 4, points 5 and 6):
//   corridor export events WORKSPACE --out FILE.xlsx|.csv|.md [--format F] [--status S] [--kind K]
//                                    [--purpose P] [--from D] [--to D] [--search T]
//   corridor event pack WORKSPACE EVENT_ID --out FILE.html [--pdf]
//   corridor event ics WORKSPACE [EVENT_ID] [--out FILE.ics]
//   corridor kpis events WORKSPACE [--from D] [--to D] [--today D] [--format csv|md|xlsx] [--out FILE]
// --pdf prints the evidence pack with Debian's headless Chromium when it is installed; otherwise
// the HTML's print stylesheet makes a clean PDF from any browser's "Print / Save as PDF".
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "analytics/event_kpis.h"
#include "cli/commands.h"
#include "core/strings.h"
#include "reports/csv_writer.h"
#include "reports/event_export.h"
#include "reports/xlsx_writer.h"
#include "storage/event_store.h"
#include "web/event_kpi_tables.h"

namespace corridor::cli {

namespace {

Status WriteOut(const std::string& path, const std::string& content) {
  if (path.empty() || path == "-") {
    std::cout << content;
    return std::cout ? Status::Ok() : Status::Io("stdout: write failed");
  }
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (!f) return Status::Io("out: cannot write " + path);
  f << content;
  f.close();
  if (!f) return Status::Io("out: cannot write " + path);
  return Status::Ok();
}

std::string Extension(const std::string& path) {
  auto ext = std::filesystem::path(path).extension().string();
  return strings::ToLower(ext.empty() ? "" : ext.substr(1));
}

Result<OpenedWorkspace> OpenWs(const Args& a, size_t min_pos, size_t max_pos, const std::string& usage) {
  if (a.positional.size() < min_pos || a.positional.size() > max_pos) return Status::Invalid("usage: corridor " + usage);
  auto o = OpenWorkspace(a, a.positional[0]);
  if (!o) return Status::Io("");  // OpenWorkspace printed why
  return std::move(*o);
}

int Report(const Status& s) { return s.message().empty() ? 1 : Fail(s); }

Result<int64_t> EventIdArg(const std::string& v) {
  auto id = strings::ParseInt(v);
  if (!id || *id <= 0) return Status::Invalid("event: \"" + v + "\" is not an event id (see `corridor event list`)");
  return *id;
}

// The first Chromium on PATH (Debian names it "chromium").
std::string FindChromium() {
  const char* path = std::getenv("PATH");
  for (const auto& dir : strings::Split(path ? path : "/usr/bin", ':'))
    for (const char* name : {"chromium", "chromium-browser", "google-chrome"}) {
      auto p = std::filesystem::path(dir) / name;
      if (::access(p.c_str(), X_OK) == 0) return p.string();
    }
  return "";
}

// Prints the HTML file to PDF with headless Chromium (no shell: arguments passed as they are).
Status PrintPdf(const std::string& chromium, const std::string& html_path, const std::string& pdf_path) {
  std::string url = "file://" + std::filesystem::absolute(html_path).string();
  std::string out = "--print-to-pdf=" + std::filesystem::absolute(pdf_path).string();
  pid_t pid = ::fork();
  if (pid < 0) return Status::Io("pdf: cannot start " + chromium);
  if (pid == 0) {
    FILE* devnull = std::fopen("/dev/null", "w");
    if (devnull) {
      ::dup2(fileno(devnull), 1);
      ::dup2(fileno(devnull), 2);
    }
    ::execl(chromium.c_str(), chromium.c_str(), "--headless", "--disable-gpu", "--no-sandbox",
            "--no-pdf-header-footer", out.c_str(), url.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  if (::waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
      !std::filesystem::exists(pdf_path))
    return Status::Io("pdf: " + chromium + " could not print " + html_path +
                      "; open the HTML in a browser and use Print / Save as PDF");
  return Status::Ok();
}

}  // namespace

int RunEventsExport(const Args& a) {
  const std::string usage = "export events WORKSPACE --out FILE.xlsx|FILE.csv|FILE.md [--format xlsx|csv|md] [filters]";
  auto o = OpenWs(a, 1, 1, usage);
  if (!o.ok()) return Report(o.status());
  std::string out = a.Get("out");
  std::string format = strings::ToLower(a.Get("format", Extension(out)));
  if (out.empty() && !a.Has("format")) return Fail(Status::Invalid("out: give --out FILE (or --format F for stdout)"));
  if (format != "xlsx" && format != "csv" && format != "md")
    return Fail(Status::Invalid("format: \"" + format + "\" is not xlsx, csv or md"));
  storage::EventQuery q;
  q.status = a.Get("status");
  q.kind = a.Get("kind");
  q.purpose = a.Get("purpose");
  q.from = a.Get("from");
  q.to = a.Get("to");
  q.text = a.Get("search");
  if (!q.status.empty()) {
    auto s = domain::ParseEventStatus(q.status);
    if (!s) return Fail(Status::Invalid("status: \"" + q.status + "\" is not planned, held or cancelled"));
    q.status = domain::EventStatusKey(*s);
  }
  if (!q.kind.empty()) {
    auto k = domain::ParseEventKind(q.kind);
    if (!k) return Fail(Status::Invalid("kind: \"" + q.kind + "\" is not external, project-led or online"));
    q.kind = domain::EventKindKey(*k);
  }
  if (!q.purpose.empty()) {
    auto p = domain::ParseEventPurpose(q.purpose);
    if (!p) return Fail(Status::Invalid("purpose: \"" + q.purpose + "\" is not benchmarking, policy-standards or cooperation-activation"));
    q.purpose = domain::EventPurposeKey(*p);
  }
  auto table = reports::EventsTable(o->c(), o->ws.id, q);
  if (!table.ok()) return Fail(table.status());
  std::string content;
  if (format == "csv") {
    content = reports::WriteCsv(*table);
  } else if (format == "md") {
    content = "# " + o->ws.acronym + " clustering events\n\n" + reports::MarkdownTable(*table);
  } else {
    if (out.empty() || out == "-") return Fail(Status::Invalid("out: an .xlsx workbook needs --out FILE"));
    auto x = reports::WriteXlsx(*table);
    if (!x.ok()) return Fail(x.status());
    content = std::move(*x);
  }
  if (Status s = WriteOut(out, content); !s.ok()) return Fail(s);
  if (!out.empty() && out != "-") std::cerr << table->rows.size() << " events written to " << out << "\n";
  return 0;
}

int RunEventPack(const Args& a) {
  const std::string usage = "event pack WORKSPACE EVENT_ID --out FILE.html [--pdf]";
  auto o = OpenWs(a, 2, 2, usage);
  if (!o.ok()) return Report(o.status());
  auto id = EventIdArg(a.positional[1]);
  if (!id.ok()) return Fail(id.status());
  std::string out = a.Get("out");
  if (a.Has("pdf") && (out.empty() || out == "-")) return Fail(Status::Invalid("out: --pdf needs --out FILE.html"));
  auto pack = reports::LoadEvidencePack(o->c(), o->ws.id, *id);
  if (!pack.ok()) return Fail(pack.status());
  if (Status s = WriteOut(out, reports::EvidencePackHtml(*pack)); !s.ok()) return Fail(s);
  if (out.empty() || out == "-") return 0;
  std::cerr << "evidence pack of \"" << pack->summary.event.title << "\" written to " << out << "\n";
  if (a.Has("pdf")) {
    std::string chromium = FindChromium();
    if (chromium.empty())
      return Fail(Status::Io("pdf: no chromium on PATH; open " + out +
                             " in a browser and use Print / Save as PDF (the page has a print stylesheet)"));
    std::string pdf = std::filesystem::path(out).replace_extension(".pdf").string();
    if (Status s = PrintPdf(chromium, out, pdf); !s.ok()) return Fail(s);
    std::cerr << "PDF written to " << pdf << "\n";
  }
  return 0;
}

int RunEventIcs(const Args& a) {
  const std::string usage = "event ics WORKSPACE [EVENT_ID] [--out FILE.ics]";
  auto o = OpenWs(a, 1, 2, usage);
  if (!o.ok()) return Report(o.status());
  storage::EventStore store(o->c());
  std::vector<domain::Event> events;
  if (a.positional.size() == 2) {
    auto id = EventIdArg(a.positional[1]);
    if (!id.ok()) return Fail(id.status());
    auto e = store.Get(o->ws.id, *id);
    if (!e.ok()) return Fail(e.status());
    if (!*e) return Fail(Status::NotFound("event: no event #" + a.positional[1] + " in " + o->ws.acronym));
    events.push_back(**e);
  } else {
    storage::EventQuery q;
    q.limit = 5000;
    auto list = store.List(o->ws.id, q);
    if (!list.ok()) return Fail(list.status());
    for (const auto& s : *list) events.push_back(s.event);
  }
  if (Status s = WriteOut(a.Get("out"), reports::EventsIcs(events, o->ws.slug)); !s.ok()) return Fail(s);
  return 0;
}

int RunKpisEvents(const Args& a) {
  const std::string usage = "kpis events WORKSPACE [--from D] [--to D] [--today D] [--format csv|md|xlsx] [--out FILE]";
  auto o = OpenWs(a, 1, 1, usage);
  if (!o.ok()) return Report(o.status());
  std::string out = a.Get("out");
  std::string format = strings::ToLower(a.Get("format", out.empty() || out == "-" ? "md" : Extension(out)));
  if (format != "csv" && format != "md" && format != "xlsx")
    return Fail(Status::Invalid("format: \"" + format + "\" is not csv, md or xlsx"));
  analytics::KpiRange range{a.Get("from"), a.Get("to"), a.Get("today")};
  auto k = analytics::ComputeEventKpis(o->c(), o->ws.id, range);
  if (!k.ok()) return Fail(k.status());
  std::string content;
  if (format == "csv") {
    content = web::KpiCsv(*k);
  } else if (format == "md") {
    content = web::KpiMarkdown(*k, o->ws.acronym + " event KPIs");
  } else {
    if (out.empty() || out == "-") return Fail(Status::Invalid("out: an .xlsx workbook needs --out FILE"));
    auto x = reports::WriteXlsxWorkbook(web::KpiTables(*k));
    if (!x.ok()) return Fail(x.status());
    content = std::move(*x);
  }
  if (Status s = WriteOut(out, content); !s.ok()) return Fail(s);
  return 0;
}

}  // namespace corridor::cli
