// `corridor registry list|stage|history|stats`: the registry from a terminal or a script.
#include <algorithm>
#include <cstdio>
#include <fstream>

#include "cli/commands.h"
#include "core/dates.h"
#include "core/strings.h"
#include "reports/csv_writer.h"
#include "reports/svg_chart.h"
#include "storage/audit_store.h"
#include "storage/registry_store.h"
#include "storage/workspace_store.h"

namespace corridor::cli {

namespace {

const storage::Actor kCli{0, "cli"};

// A record by id, else by acronym; an acronym two records share (ICARUS) needs the id.
Result<domain::SisterProject> FindRecord(storage::Connection& c, int64_t ws, const std::string& ref) {
  storage::RegistryStore store(c);
  if (auto id = strings::ParseInt(ref)) {
    auto p = store.Get(ws, *id);
    if (!p.ok()) return p.status();
    if (*p) return **p;
  }
  auto all = store.All(ws);
  if (!all.ok()) return all.status();
  std::vector<domain::SisterProject> hits;
  for (auto& p : *all)
    if (strings::IEquals(p.Get("acronym"), ref)) hits.push_back(p);
  if (hits.empty()) return Status::NotFound("no sister project " + ref + " (see `corridor registry list`)");
  if (hits.size() > 1) {
    std::string ids;
    for (auto& p : hits) ids += (ids.empty() ? "" : ", ") + std::to_string(p.id);
    return Status::Invalid(std::to_string(hits.size()) + " sister projects are called " + ref + " (ids " + ids +
                           "); give the id instead");
  }
  return hits[0];
}

// "Shortlist", "interaction-filtered" and "interaction_filtered" all name a stage.
std::optional<domain::Stage> ParseStageArg(const std::string& s) {
  std::string k = strings::ToLower(strings::Trim(s));
  std::replace(k.begin(), k.end(), '-', '_');
  std::replace(k.begin(), k.end(), ' ', '_');
  return domain::ParseStage(k);
}

Status UnknownStage(const std::string& s) {
  std::string keys;
  for (auto st : domain::AllStages()) keys += (keys.empty() ? "" : ", ") + domain::StageKey(st);
  return Status::Invalid("unknown stage \"" + s + "\"; use one of " + keys);
}

// Cut or pad to `width` characters (not bytes: names carry accents).
std::string Fit(const std::string& s, size_t width) {
  std::string out;
  size_t chars = 0, i = 0;
  while (i < s.size() && chars < width) {
    size_t len = 1;
    unsigned char b = static_cast<unsigned char>(s[i]);
    if (b >= 0xF0) len = 4;
    else if (b >= 0xE0) len = 3;
    else if (b >= 0xC0) len = 2;
    if (chars + 1 == width && i + len < s.size()) {
      out += "…";
      ++chars;
      i = s.size();
      break;
    }
    out += s.substr(i, len);
    i += len;
    ++chars;
  }
  return out + std::string(width - chars, ' ');
}

std::string When(const std::string& at) {
  auto d = dates::Parse(at.substr(0, 10));
  if (!d) return at;
  return dates::ToDmy(*d) + (at.size() >= 16 ? " " + at.substr(11, 5) : "");
}

std::string StageName(const std::string& key) {
  auto s = domain::ParseStage(key);
  return s ? domain::StageLabel(*s) : key;
}

}  // namespace

int RunRegistryList(const Args& a) {
  if (a.positional.size() != 1)
    return Fail(Status::Invalid("usage: corridor registry list WORKSPACE [--stage S] [--search TEXT]"));
  storage::RegistryQuery q;
  q.search = a.Get("search");
  if (a.Has("stage")) {
    auto st = ParseStageArg(a.Get("stage"));
    if (!st) return Fail(UnknownStage(a.Get("stage")));
    q.stage = domain::StageKey(*st);
  }
  auto w = OpenWorkspace(a, a.positional[0]);
  if (!w) return 1;
  storage::RegistryStore store(w->c());
  std::printf("%-5s %-16s %-24s %-10s %-16s %-8s %s\n", "ID", "ACRONYM", "STAGE", "RELEVANCE", "PROGRAMME", "STATUS",
              "NAME");
  q.limit = 500;
  int64_t total = 0;
  for (q.offset = 0;; q.offset += q.limit) {  // pages, so a 10,000-row registry streams
    auto page = store.List(w->ws.id, q);
    if (!page.ok()) return Fail(page.status());
    total = page->total;
    for (const auto& p : page->items)
      std::printf("%-5lld %s %s %s %s %s %s\n", static_cast<long long>(p.id), Fit(p.Get("acronym"), 16).c_str(),
                  Fit(domain::StageLabel(p.stage), 24).c_str(), Fit(domain::RelevanceLabel(p.Relevance()), 10).c_str(),
                  Fit(p.Get("programme"), 16).c_str(), Fit(p.Get("status"), 8).c_str(), p.Get("name").c_str());
    if (page->items.size() < static_cast<size_t>(q.limit)) break;
  }
  std::printf("%lld sister project%s\n", static_cast<long long>(total), total == 1 ? "" : "s");
  return 0;
}

int RunRegistryStage(const Args& a) {
  if (a.positional.size() != 3)
    return Fail(Status::Invalid("usage: corridor registry stage WORKSPACE ACRONYM|ID STAGE --why TEXT"));
  auto to = ParseStageArg(a.positional[2]);
  if (!to) return Fail(UnknownStage(a.positional[2]));
  std::string why = strings::Trim(a.Get("why"));
  if (why.empty()) return Fail(Status::Invalid("--why: every pipeline step needs a justification"));
  auto w = OpenWorkspace(a, a.positional[0]);
  if (!w) return 1;
  auto p = FindRecord(w->c(), w->ws.id, a.positional[1]);
  if (!p.ok()) return Fail(p.status());
  storage::Transaction tx(w->c());
  if (Status s = storage::RegistryStore(w->c()).MoveStage(w->ws.id, p->id, *to, why, kCli); !s.ok())
    return Fail(s.WithContext(p->Get("acronym") + ": "));
  if (Status s = tx.Commit(); !s.ok()) return Fail(s);
  std::printf("%s: %s -> %s\n", p->Get("acronym").c_str(), domain::StageLabel(p->stage).c_str(),
              domain::StageLabel(*to).c_str());
  return 0;
}

int RunRegistryHistory(const Args& a) {
  if (a.positional.size() != 2) return Fail(Status::Invalid("usage: corridor registry history WORKSPACE ACRONYM|ID"));
  auto w = OpenWorkspace(a, a.positional[0]);
  if (!w) return 1;
  auto p = FindRecord(w->c(), w->ws.id, a.positional[1]);
  if (!p.ok()) return Fail(p.status());
  auto steps = storage::RegistryStore(w->c()).Steps(p->id);
  if (!steps.ok()) return Fail(steps.status());
  auto changes = storage::AuditStore(w->c()).ForEntity("sister_project", p->id, 100000);
  if (!changes.ok()) return Fail(changes.status());
  std::printf("%s (id %lld), %s, stage %s, version %lld\n", p->Get("acronym").c_str(), static_cast<long long>(p->id),
              p->Get("name").c_str(), domain::StageLabel(p->stage).c_str(), static_cast<long long>(p->version));
  std::printf("\nPipeline steps:\n");
  if (steps->empty()) std::printf("  none (on the longlist since it was added)\n");
  for (const auto& s : *steps)
    std::printf("  %s  %s  %s -> %s: %s\n", When(s.at).c_str(), s.user_name.c_str(), StageName(s.from_stage).c_str(),
                StageName(s.to_stage).c_str(), s.justification.c_str());
  std::printf("\nChanges (oldest first):\n");
  std::reverse(changes->begin(), changes->end());  // the store gives newest first
  for (const auto& e : *changes) {
    if (e.field.empty()) {
      std::printf("  %s  %s  %s %s\n", When(e.at).c_str(), e.user_name.c_str(), e.action.c_str(),
                  (e.new_value.empty() ? e.old_value : e.new_value).c_str());
      continue;
    }
    if (e.field == "stage") {  // the justification is listed with the pipeline steps above
      std::string to = e.new_value.substr(0, e.new_value.find(':'));
      std::printf("  %s  %s  Pipeline stage: %s -> %s\n", When(e.at).c_str(), e.user_name.c_str(),
                  StageName(e.old_value).c_str(), StageName(to).c_str());
      continue;
    }
    const domain::FieldSpec* f = domain::FindField(e.field);
    std::string label = f ? domain::FieldLabel(*f, w->ws.acronym) : e.field;
    std::printf("  %s  %s  %s: \"%s\" -> \"%s\"\n", When(e.at).c_str(), e.user_name.c_str(), label.c_str(),
                e.old_value.c_str(), e.new_value.c_str());
  }
  return 0;
}

int RunRegistryStats(const Args& a) {
  if (a.positional.size() != 1)
    return Fail(Status::Invalid("usage: corridor registry stats WORKSPACE [--by DIMENSION] [--svg FILE]"));
  std::string by = a.Get("by", "value_chain_link");
  auto w = OpenWorkspace(a, a.positional[0]);
  if (!w) return 1;
  auto counts = storage::RegistryStore(w->c()).CountBy(w->ws.id, by);
  if (!counts.ok())
    return Fail(counts.status().WithContext("--by: use value_chain_link, topic, programme, relevance or stage; "));
  // Ordered dimensions keep their order (and show empty classes); the others go largest first.
  std::vector<std::pair<std::string, int64_t>> rows;
  if (by == "stage" || by == "relevance") {
    std::vector<std::string> order;
    if (by == "stage")
      for (auto s : domain::AllStages()) order.push_back(domain::StageKey(s));
    else
      order = {"low", "medium", "high", "very high"};
    for (auto& k : order) rows.emplace_back(k, counts->count(k) ? counts->at(k) : 0);
    for (auto& [k, n] : *counts)
      if (std::find(order.begin(), order.end(), k) == order.end()) rows.emplace_back(k, n);
  } else {
    rows.assign(counts->begin(), counts->end());
    std::stable_sort(rows.begin(), rows.end(), [](auto& x, auto& y) { return x.second > y.second; });
  }
  reports::Table t;
  t.columns = {{"value", "value", reports::ColumnKind::kText, ""},
               {"count", "count", reports::ColumnKind::kNumber, ""}};
  for (auto& [k, n] : rows) t.rows.push_back({k, std::to_string(n)});
  reports::CsvOptions csv;
  csv.bom = false;  // stdout goes to pipes and scripts, not to Excel
  std::fputs(reports::WriteCsv(t, csv).c_str(), stdout);
  if (a.Has("svg")) {
    std::vector<reports::BarItem> bars;
    for (auto& [k, n] : rows) bars.push_back({by == "stage" ? StageName(k) : k, static_cast<double>(n)});
    reports::BarChartOptions o;
    o.title = w->ws.acronym + " sister projects by " + strings::ReplaceAll(by, "_", "-");
    std::string path = a.Get("svg");
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << reports::HorizontalBarChartSvg(bars, o);
    out.close();
    if (!out) return Fail(Status::Io("cannot write " + path));
    std::fprintf(stderr, "chart written to %s\n", path.c_str());
  }
  return 0;
}

}  // namespace corridor::cli
