// `corridor indicators import|list|delete` and `corridor index compute` (issue 5): numeric
// regional indicators and the composite index with its Monte Carlo rank uncertainty.
#include <cstdio>
#include <filesystem>

#include "analytics/composite_run.h"
#include "cli/commands.h"
#include "core/strings.h"
#include "importers/indicator_import.h"
#include "reports/csv_writer.h"
#include "reports/xlsx_writer.h"
#include "storage/indicator_store.h"
#include "web/composite_output.h"

namespace corridor::cli {

namespace {

namespace fs = std::filesystem;
namespace imp = importers::indicators;
namespace an = analytics;
const storage::Actor kCli{0, "cli"};

void PrintReport(const imp::ParsedFile& f, size_t max_errors) {
  std::printf("%s: layout %s, %lld data rows, %zu values, %lld empty, %lld rows recoded to NUTS 2021, %lld rows of "
              "listed codes left out\n",
              f.filename.c_str(), std::string(imp::LayoutKey(f.layout)).c_str(), static_cast<long long>(f.rows_read),
              f.values.size(), static_cast<long long>(f.empty_values), static_cast<long long>(f.recoded_rows()),
              static_cast<long long>(f.excluded_rows));
  for (const auto& m : f.mapping)
    std::printf("  %-10s %-16s %-6s %lld row(s): %s\n", m.original.c_str(), std::string(importers::CodeStatusKey(m.status)).c_str(),
                m.code_2021.c_str(), static_cast<long long>(m.rows), m.reason.c_str());
  for (const auto& n : f.notes) std::printf("  note: %s\n", n.c_str());
  for (size_t i = 0; i < f.errors.size() && i < max_errors; ++i) std::fprintf(stderr, "%s\n", f.errors[i].message.c_str());
  if (f.errors.size() > max_errors) std::fprintf(stderr, "... and %zu more\n", f.errors.size() - max_errors);
}

}  // namespace

// indicators import WORKSPACE FILE [--format auto|tidy|wide|eurostat] [--year Y] [--name N]
//   [--source S] [--lower-better CODE,...] [--skip-bad-rows] [--replace] [--preview]
int RunIndicatorsImport(const Args& a) {
  if (a.positional.size() != 2)
    return Fail(Status::Invalid("usage: corridor indicators import WORKSPACE FILE [--format tidy|wide|eurostat] [--skip-bad-rows]"));
  const std::string& path = a.positional[1];
  auto bytes = ReadFileBytes(path);
  if (!bytes.ok()) return Fail(bytes.status());
  imp::ParseOptions po;
  auto layout = imp::ParseLayout(a.Get("format", "auto"));
  if (!layout) return Fail(Status::Invalid("--format: auto, tidy, wide or eurostat"));
  po.layout = *layout;
  if (a.Has("year")) {
    auto y = strings::ParseInt(a.Get("year"));
    if (!y || *y < 1900 || *y > 2100) return Fail(Status::Invalid("--year: a year between 1900 and 2100"));
    po.year = static_cast<int>(*y);
  }
  std::string name = fs::path(path).filename().string();
  auto parsed = imp::ParseFile(name, std::move(*bytes), po);
  if (!parsed.ok()) return Fail(parsed.status().WithContext(path + ": "));
  PrintReport(*parsed, 50);
  if (a.Has("preview")) return parsed->errors.empty() ? 0 : 1;
  imp::CommitOptions co;
  co.dataset_name = a.Get("name");
  co.source = a.Get("source");
  co.skip_bad_rows = a.Has("skip-bad-rows");
  co.replace = a.Has("replace");
  for (const auto& code : strings::Split(a.Get("lower-better"), ','))
    if (!strings::Trim(code).empty()) co.directions[strings::Trim(code)] = -1;
  // A Eurostat/EURITO file's metadata sidecar (X.json beside X.csv) gives the label and unit.
  fs::path sidecar = fs::path(path).replace_extension(".json");
  if (parsed->layout == imp::Layout::kEurostat && fs::exists(sidecar)) {
    auto json = ReadFileBytes(sidecar.string());
    if (json.ok() && !parsed->indicators.empty()) co.meta[parsed->indicators[0].code] = imp::ReadEurostatSidecar(*json);
  }
  auto w = OpenWorkspace(a, a.positional[0]);
  if (!w) return 1;
  auto done = imp::Commit(w->c(), w->ws.id, *parsed, co, kCli);
  if (!done.ok()) return Fail(done.status());
  std::printf("imported %lld value(s) of %lld indicator(s) into dataset #%lld%s\n", static_cast<long long>(done->values),
              static_cast<long long>(done->indicators), static_cast<long long>(done->dataset_id),
              done->skipped_rows ? (", " + std::to_string(done->skipped_rows) + " row error(s) skipped").c_str() : "");
  return 0;
}

// indicators list WORKSPACE: one line per indicator (code, dataset, direction, values, regions, years, label).
int RunIndicatorsList(const Args& a) {
  if (a.positional.size() != 1) return Fail(Status::Invalid("usage: corridor indicators list WORKSPACE"));
  auto w = OpenWorkspace(a, a.positional[0]);
  if (!w) return 1;
  auto datasets = storage::IndicatorStore(w->c()).ListDatasets(w->ws.id);
  if (!datasets.ok()) return Fail(datasets.status());
  std::printf("code\tdataset\tdirection\tvalues\tregions\tyears\tlabel\n");
  for (const auto& d : *datasets)
    for (const auto& i : d.indicators)
      std::printf("%s\t%s\t%+d\t%lld\t%lld\t%d-%d\t%s\n", i.code.c_str(), d.name.c_str(), i.direction,
                  static_cast<long long>(i.value_count), static_cast<long long>(i.region_count), i.min_year, i.max_year,
                  i.label.c_str());
  return 0;
}

// index compute WORKSPACE [--year Y] [--window N] [--level N [--countries ES,PT] | --regions CODES]
//   [--indicators a,b] [--impute none|mean|median] [--winsorise] [--normalise minmax|zscore|rank|distance]
//   [--aggregate arithmetic|geometric] [--weights a=2,b=1] [--mc-runs N --seed S]
//   [--vary-normalise L] [--vary-aggregate L] [--vary-impute L] [--format csv|md|html|xlsx --out F]
int RunIndexCompute(const Args& a) {
  if (a.positional.size() != 1) return Fail(Status::Invalid("usage: corridor index compute WORKSPACE [--year Y] [--level 2] ..."));
  // The same words as the web form.
  auto get = [&a](const std::string& key) -> std::vector<std::string> {
    static const std::map<std::string, std::string> flag = {
        {"mc_runs", "mc-runs"}, {"vary_impute", "vary-impute"}, {"vary_normalise", "vary-normalise"},
        {"vary_aggregate", "vary-aggregate"}};
    auto it = flag.find(key);
    std::string name = it == flag.end() ? key : it->second;
    if (key == "regions") {
      if (a.Has("regions")) return {"list"};
      if (a.Has("level")) return {"level"};
      return {"workspace"};
    }
    if (key == "codes") return a.GetAll("regions");
    if (key == "winsorise") return a.Has("winsorise") ? std::vector<std::string>{"1"} : std::vector<std::string>{};
    return a.GetAll(name);
  };
  auto request = web::ReadCompositeRequest(get);
  if (!request.ok()) return Fail(request.status());
  std::string format = a.Get("format", "csv");
  if (format != "csv" && format != "md" && format != "xlsx" && format != "html")
    return Fail(Status::Invalid("--format: csv, md, html or xlsx"));
  if (format == "xlsx" && !a.Has("out")) return Fail(Status::Invalid("--out: an .xlsx file needs a file name"));
  auto w = OpenWorkspace(a, a.positional[0]);
  if (!w) return 1;
  auto run = an::RunComposite(w->c(), w->ws.id, *request);
  if (!run.ok()) return Fail(run.status());
  std::string title = w->ws.acronym + " composite index " + std::to_string(run->matrix.year);
  std::string out;
  if (format == "md") {
    out = web::CompositeMarkdown(*run, title);
  } else if (format == "html") {
    out = web::CompositeHtml(*run, title);
  } else if (format == "csv") {
    reports::CsvOptions o;
    o.bom = a.Has("out");  // a BOM for Excel in files, not on a terminal or in a pipe
    out = reports::WriteCsv(web::CompositeTables(*run, title)[0], o);
  } else {
    auto bytes = reports::WriteXlsxWorkbook(web::CompositeTables(*run, title));
    if (!bytes.ok()) return Fail(bytes.status());
    out = std::move(*bytes);
  }
  for (const auto& n : run->matrix.notes) std::fprintf(stderr, "note: %s\n", n.c_str());
  if (!a.Has("out")) {
    std::fwrite(out.data(), 1, out.size(), stdout);
    return 0;
  }
  if (Status s = WriteFileBytes(a.Get("out"), out); !s.ok()) return Fail(s);
  std::fprintf(stderr, "wrote %s (%zu regions, %zu indicators)\n", a.Get("out").c_str(), run->matrix.data.units.size(),
               run->matrix.data.indicators.size());
  return 0;
}

}  // namespace corridor::cli
