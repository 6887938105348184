// `corridor export registry` and `corridor import registry`: the Excel round-trip of the
// registry from a terminal. The import previews (mapping, counts, every error by row) and
// writes only with --commit, in one transaction.
#include <cstdio>
#include <fstream>
#include <sstream>

#include "cli/commands.h"
#include "core/strings.h"
#include "importers/registry_import.h"
#include "reports/registry_export.h"
#include "storage/registry_store.h"
#include "storage/workspace_store.h"

namespace corridor::cli {

namespace {

namespace imp = importers::registry;

const storage::Actor kCliActor{0, "cli"};

Result<std::string> ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Io("cannot open " + path);
  in.seekg(0, std::ios::end);
  auto size = static_cast<uint64_t>(in.tellg());
  if (size > imp::kMaxUploadBytes)
    return Status::TooLarge(path + " is " + std::to_string(size >> 20) + " MB; at most 20 MB can be imported");
  in.seekg(0);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// --skip-errors is a switch; when the command table does not list it, the parser may have
// taken the next word as its value: give that word back.
Args Normalised(const Args& a) {
  Args out = a;
  auto range = out.flags.equal_range("skip-errors");
  std::vector<std::string> taken;
  for (auto it = range.first; it != range.second; ++it)
    if (it->second != "1" && it->second != "true" && it->second != "yes") taken.push_back(it->second);
  if (!taken.empty() || range.first != range.second) {
    out.flags.erase("skip-errors");
    out.flags.emplace("skip-errors", "1");
  }
  for (const auto& w : taken) {
    if (strings::StartsWith(w, "--")) {
      std::string name = w.substr(2);
      auto eq = name.find('=');
      if (eq != std::string::npos) out.flags.emplace(name.substr(0, eq), name.substr(eq + 1));
      else out.flags.emplace(name, "1");
    } else {
      out.positional.push_back(w);
    }
  }
  return out;
}

}  // namespace

int RunRegistryExport(const Args& a) {
  std::string out = a.Get("out");
  if (a.positional.size() != 1 || out.empty() || out == "1")
    return Fail(Status::Invalid("usage: corridor export registry WORKSPACE --out FILE.xlsx|FILE.csv"));
  std::string lower = strings::ToLower(out);
  bool xlsx = strings::EndsWith(lower, ".xlsx");
  if (!xlsx && !strings::EndsWith(lower, ".csv"))
    return Fail(Status::Invalid("--out: the file name must end in .xlsx or .csv"));
  auto w = OpenWorkspace(a, a.positional[0]);
  if (!w) return 1;
  auto projects = storage::RegistryStore(w->c()).All(w->ws.id);
  if (!projects.ok()) return Fail(projects.status());
  std::string bytes;
  if (xlsx) {
    auto x = reports::RegistryXlsx(*projects, w->ws.acronym);
    if (!x.ok()) return Fail(x.status());
    bytes = std::move(*x);
  } else {
    bytes = reports::RegistryCsv(*projects, w->ws.acronym);
  }
  std::string tmp = out + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!f) return Fail(Status::Io("cannot write " + tmp));
  }
  if (std::rename(tmp.c_str(), out.c_str()) != 0) return Fail(Status::Io("cannot write " + out));
  std::printf("%s: %zu sister projects of %s\n", out.c_str(), projects->size(), w->ws.acronym.c_str());
  return 0;
}

int RunRegistryImport(const Args& raw) {
  Args a = Normalised(raw);
  if (a.positional.size() != 2)
    return Fail(Status::Invalid("usage: corridor import registry WORKSPACE FILE.xlsx|FILE.csv "
                                "[--map \"Header=field_key\"]... [--commit] [--skip-errors]"));
  const std::string& path = a.positional[1];
  auto bytes = ReadAll(path);
  if (!bytes.ok()) return Fail(bytes.status());
  auto w = OpenWorkspace(a, a.positional[0]);
  if (!w) return 1;
  std::string name = path.substr(path.find_last_of('/') == std::string::npos ? 0 : path.find_last_of('/') + 1);
  auto sheet = imp::ReadFile(name, std::move(*bytes), w->ws.acronym);
  if (!sheet.ok()) return Fail(sheet.status().WithContext(path + ": "));
  auto mapping = imp::AutoMap(sheet->headers, w->ws.acronym);
  for (const auto& m : a.GetAll("map")) {
    auto eq = m.rfind('=');
    if (eq == std::string::npos)
      return Fail(Status::Invalid("--map \"" + m + "\": write it as \"Header in the file=field_key\""));
    Status s = imp::ApplyOverride(mapping, m.substr(0, eq), m.substr(eq + 1), w->ws.acronym);
    if (!s.ok()) return Fail(s.WithContext("--map \"" + m + "\": "));
  }
  auto pv = imp::BuildPreview(w->c(), w->ws, *sheet, mapping);
  if (!pv.ok()) return Fail(pv.status());

  std::printf("%s: %s, %sheader on row %lld, %zu data rows\n", path.c_str(), imp::FormatName(pv->format).c_str(),
              pv->sheet_name.empty() ? "" : ("sheet \"" + pv->sheet_name + "\", ").c_str(),
              static_cast<long long>(pv->header_row), pv->rows.size());
  std::printf("\nColumns:\n");
  for (const auto& m : pv->mapping) {
    std::string target = m.target.empty() ? "(not imported)" : m.target + " (" + imp::TargetLabel(m.target, w->ws.acronym) + ")";
    std::string note = imp::TargetNote(m.target);
    std::printf("  %-3s %-40s -> %s%s%s\n", imp::ColumnLetter(m.column).c_str(),
                ("\"" + m.header + "\"").c_str(), target.c_str(), m.automatic || m.target.empty() ? "" : " [--map]",
                note.empty() ? "" : ("; " + note).c_str());
  }
  for (const auto& n : pv->notes) std::printf("note: %s\n", n.c_str());
  for (const auto& e : pv->mapping_errors) std::printf("mapping error: %s\n", e.c_str());
  std::printf("\n%d new, %d to update, %d unchanged, %d rows with errors\n", pv->creates, pv->updates,
              pv->unchanged, pv->error_rows);
  for (const auto& r : pv->rows) {
    if (r.action == imp::Action::kCreate)
      std::printf("  create row %lld: %s\n", static_cast<long long>(r.row), r.project.Get("acronym").c_str());
    if (r.action == imp::Action::kUpdate) {
      std::vector<std::string> fields;
      for (const auto& ch : r.changes) fields.push_back(ch.label);
      std::printf("  update row %lld: %s (%s)\n", static_cast<long long>(r.row), r.project.Get("acronym").c_str(),
                  strings::Join(fields, ", ").c_str());
    }
  }
  if (!pv->errors.empty()) std::printf("\nErrors:\n");
  for (const auto& e : pv->errors) std::printf("  %s\n", e.ToString().c_str());

  if (!pv->mapping_errors.empty()) return Fail(Status::Invalid("the column mapping has errors; nothing was imported"));
  bool skip = a.Has("skip-errors");
  if (!a.Has("commit")) {
    std::printf("\nPreview only: nothing was written. Add --commit to import%s.\n",
                pv->error_rows > 0 ? " (and --skip-errors to skip the rows with errors)" : "");
    return pv->error_rows > 0 ? 1 : 0;
  }
  if (pv->error_rows > 0 && !skip)
    return Fail(Status::Invalid(std::to_string(pv->error_rows) +
                                " row(s) have errors, so nothing was imported: correct them, or add --skip-errors to "
                                "import the valid rows and skip those"));
  auto result = imp::Commit(w->c(), w->ws, *pv, kCliActor, skip);
  if (!result.ok()) return Fail(result.status());
  std::printf("\nImported: %d created, %d updated, %d unchanged, %zu rows skipped\n", result->created,
              result->updated, result->unchanged, result->skipped_rows.size());
  for (const auto& e : result->skipped_errors) std::printf("  skipped %s\n", e.ToString().c_str());
  return 0;
}

}  // namespace corridor::cli
