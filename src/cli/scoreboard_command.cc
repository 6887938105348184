// `corridor scoreboard ...` (frameworks, rounds, scores, compare, export) and `corridor s3p list`.
#include <cstdio>
#include <fstream>

#include "cli/commands.h"
#include "core/dates.h"
#include "core/strings.h"
#include "domain/scoreboard.h"
#include "reports/scoreboard_report.h"
#include "storage/assessment_store.h"
#include "storage/framework_store.h"
#include "storage/s3p_store.h"

namespace corridor::cli {

namespace {

const storage::Actor kCli{0, "cli"};

std::string Today() { return dates::ToIso(dates::Today()); }

// Opens the database and finds the workspace of positional[0]; prints and returns nullopt on failure.
std::optional<OpenedWorkspace> Open(const Args& a, size_t positionals, const std::string& usage) {
  if (a.positional.size() != positionals) {
    Fail(Status::Invalid("usage: corridor " + usage));
    return std::nullopt;
  }
  auto s = OpenWorkspace(a, a.positional[0]);
  if (!s) return std::nullopt;
  storage::Connection& c = s->c();
  // The built-in frameworks exist in every workspace that uses the scoreboard.
  storage::Transaction tx(c);
  auto n = storage::FrameworkStore(c).EnsureBuiltins(s->ws.id, kCli);
  if (!n.ok() || (*n > 0 && !tx.Commit().ok())) {
    Fail(n.ok() ? Status::Db("could not create the built-in frameworks") : n.status());
    return std::nullopt;
  }
  return s;
}

Result<storage::RoundInfo> FindRound(storage::Connection& c, int64_t ws, const std::string& ref) {
  auto r = storage::AssessmentStore(c).FindRound(ws, ref);
  if (!r.ok()) return r.status();
  if (!*r) return Status::NotFound("no round " + ref + " (see `corridor scoreboard round list`)");
  return **r;
}

}  // namespace

int RunScoreboardFrameworks(const Args& a) {
  auto s = Open(a, 1, "scoreboard frameworks WORKSPACE");
  if (!s) return 1;
  auto list = storage::FrameworkStore(s->c()).List(s->ws.id);
  if (!list.ok()) return Fail(list.status());
  for (const auto& f : *list) {
    std::printf("%s\t%s%s\n", f.key.c_str(), f.name.c_str(), f.builtin ? " (built in)" : "");
    for (const auto& d : f.dimensions)
      std::printf("  %-22s %s%s\n", d.key.c_str(), d.name.c_str(), d.layer.empty() ? "" : (" [" + d.layer + "]").c_str());
    if (f.scale.Numeric()) {
      std::printf("  scale: %s..%s\n", domain::FormatValue(f.scale.min).c_str(), domain::FormatValue(f.scale.max).c_str());
    } else {
      for (const auto& l : f.scale.levels) std::printf("  %d %-10s %s\n", l.value, l.label.c_str(), l.meaning.c_str());
    }
  }
  return 0;
}

int RunScoreboardRoundNew(const Args& a) {
  auto s = Open(a, 1, "scoreboard round new WORKSPACE --title T [--date YYYY-MM-DD] [--framework KEY] "
                      "[--trigger six-monthly|event --event TITLE] [--copy-from ROUND]");
  if (!s) return 1;
  domain::Round r;
  r.workspace_id = s->ws.id;
  r.title = a.Get("title");
  r.date = a.Get("date", Today());
  auto trigger = domain::ParseRoundTrigger(a.Get("trigger", a.Has("event") ? "event" : "six-monthly"));
  if (!trigger) return Fail(Status::Invalid("--trigger: six-monthly or event"));
  r.trigger = *trigger;
  r.event_title = a.Get("event");
  storage::Transaction tx(s->c());
  storage::AssessmentStore store(s->c());
  Result<int64_t> id = Status::Internal("unset");
  if (a.Has("copy-from")) {
    auto from = FindRound(s->c(), s->ws.id, a.Get("copy-from"));
    if (!from.ok()) return Fail(from.status());
    id = store.CopyForward(s->ws.id, from->round.id, r, kCli);
  } else {
    std::string key = a.Get("framework", s->ws.slug == "neo-cycle" ? "neo-cycle" : "i4-green");
    auto fw = storage::FrameworkStore(s->c()).Find(s->ws.id, key);
    if (!fw.ok()) return Fail(fw.status());
    if (!*fw) return Fail(Status::NotFound("--framework: no framework " + key + " (see `corridor scoreboard frameworks`)"));
    r.framework_id = (*fw)->id;
    id = store.CreateRound(r, kCli);
  }
  if (!id.ok()) return Fail(id.status());
  if (Status st = tx.Commit(); !st.ok()) return Fail(st);
  std::printf("round %lld \"%s\" opened\n", static_cast<long long>(*id), strings::Trim(r.title).c_str());
  return 0;
}

int RunScoreboardRoundList(const Args& a) {
  auto s = Open(a, 1, "scoreboard round list WORKSPACE");
  if (!s) return 1;
  storage::AssessmentStore store(s->c());
  auto rounds = store.ListRounds(s->ws.id);
  if (!rounds.ok()) return Fail(rounds.status());
  for (const auto& r : *rounds)
    std::printf("%lld\t%s\t%s\t%s\t%s\t%lld scores\t%s\n", static_cast<long long>(r.round.id), r.round.date.c_str(),
                r.round.status == domain::RoundStatus::kClosed ? "closed" : "open", r.framework_key.c_str(),
                r.round.title.c_str(), static_cast<long long>(r.scores),
                (domain::RoundTriggerLabel(r.round.trigger) + (r.round.event_title.empty() ? "" : ": " + r.round.event_title)).c_str());
  auto st = store.CheckStaleness(s->ws.id, Today());
  if (!st.ok()) return Fail(st.status());
  for (const auto& w : st->reasons) std::printf("warning: update due: %s\n", w.c_str());
  return 0;
}

int RunScoreboardRoundClose(const Args& a) {
  auto s = Open(a, 2, "scoreboard round close WORKSPACE ROUND");
  if (!s) return 1;
  auto r = FindRound(s->c(), s->ws.id, a.positional[1]);
  if (!r.ok()) return Fail(r.status());
  storage::Transaction tx(s->c());
  Status st = storage::AssessmentStore(s->c()).CloseRound(s->ws.id, r->round.id, kCli);
  if (st.ok()) st = tx.Commit();
  if (!st.ok()) return Fail(st);
  std::printf("round \"%s\" closed\n", r->round.title.c_str());
  return 0;
}

int RunScoreboardRoundShow(const Args& a) {
  auto s = Open(a, 2, "scoreboard round show WORKSPACE ROUND");
  if (!s) return 1;
  auto r = FindRound(s->c(), s->ws.id, a.positional[1]);
  if (!r.ok()) return Fail(r.status());
  auto report = reports::LoadScoreboardReport(s->c(), s->ws.id, s->ws.acronym, r->round.id, Today());
  if (!report.ok()) return Fail(report.status());
  std::fputs(reports::ScoreboardUpdateCsv(*report).c_str(), stdout);
  return 0;
}

int RunScoreboardScore(const Args& a) {
  auto s = Open(a, 1, "scoreboard score WORKSPACE --round R --region CODE --dimension KEY --value V --evidence TEXT "
                      "--source URL|REF [--source ...]");
  if (!s) return 1;
  auto r = FindRound(s->c(), s->ws.id, a.Get("round"));
  if (!r.ok()) return Fail(r.status());
  auto fw = storage::FrameworkStore(s->c()).Get(s->ws.id, r->round.framework_id);
  if (!fw.ok() || !*fw) return Fail(fw.ok() ? Status::NotFound("the round's framework is missing") : fw.status());
  domain::Score sc;
  sc.region_code = a.Get("region");
  sc.dimension_key = a.Get("dimension");
  auto v = domain::ParseScaleValue((*fw)->scale, a.Get("value"));
  if (!v)
    return Fail(Status::Invalid(sc.region_code + " / " + sc.dimension_key + ": value: \"" + a.Get("value") +
                                "\" is not a number or a level of the scale"));
  sc.value = *v;
  // "\n" typed in a shell argument separates lines of the note.
  sc.evidence = strings::ReplaceAll(a.Get("evidence"), "\\n", "\n");
  sc.sources = a.GetAll("source");
  storage::Transaction tx(s->c());
  auto saved = storage::AssessmentStore(s->c()).SetScore(s->ws.id, r->round.id, sc, kCli);
  if (!saved.ok()) return Fail(saved.status());
  if (Status st = tx.Commit(); !st.ok()) return Fail(st);
  std::printf("%s / %s = %s in \"%s\"\n", saved->region_code.c_str(), saved->dimension_key.c_str(),
              domain::ValueLabel((*fw)->scale, saved->value).c_str(), r->round.title.c_str());
  return 0;
}

int RunScoreboardCompare(const Args& a) {
  auto s = Open(a, 3, "scoreboard compare WORKSPACE ROUND1 ROUND2");
  if (!s) return 1;
  auto r1 = FindRound(s->c(), s->ws.id, a.positional[1]);
  if (!r1.ok()) return Fail(r1.status());
  auto r2 = FindRound(s->c(), s->ws.id, a.positional[2]);
  if (!r2.ok()) return Fail(r2.status());
  auto cmp = storage::AssessmentStore(s->c()).Compare(s->ws.id, r1->round.id, r2->round.id);
  if (!cmp.ok()) return Fail(cmp.status());
  auto fw = storage::FrameworkStore(s->c()).Get(s->ws.id, r2->round.framework_id);
  if (!fw.ok() || !*fw) return Fail(fw.ok() ? Status::NotFound("framework missing") : fw.status());
  std::printf("%d changed, %d evidence only, %d added, %d removed, %d unchanged\n", cmp->changed, cmp->evidence_only,
              cmp->added, cmp->removed, cmp->unchanged);
  for (const auto& ch : cmp->changes) {
    if (ch.kind == storage::ScoreChange::Kind::kUnchanged) continue;
    auto text = [&](const std::optional<domain::Score>& x) {
      return x ? domain::ValueLabel((*fw)->scale, x->value) : std::string("-");
    };
    std::printf("%s\t%s\t%s\t%s -> %s\twhy: %s\n", ch.region_code.c_str(), ch.dimension_key.c_str(),
                storage::ScoreChangeKindKey(ch.kind).c_str(), text(ch.before).c_str(), text(ch.after).c_str(),
                strings::ReplaceAll(ch.after ? ch.after->evidence : "(removed)", "\n", " / ").c_str());
  }
  return 0;
}

int RunScoreboardExport(const Args& a) {
  auto s = Open(a, 1, "scoreboard export WORKSPACE --round R --format xlsx|csv|md|html [--region CODE] --out FILE");
  if (!s) return 1;
  std::string format = a.Get("format"), out = a.Get("out"), region = strings::Trim(a.Get("region"));
  if (format.empty() && !out.empty()) format = out.substr(out.rfind('.') + 1);
  if (format != "xlsx" && format != "csv" && format != "md" && format != "html")
    return Fail(Status::Invalid("--format: xlsx, csv, md or html"));
  if (out.empty()) return Fail(Status::Invalid("--out: required"));
  auto r = FindRound(s->c(), s->ws.id, a.Get("round"));
  if (!r.ok()) return Fail(r.status());
  auto report = reports::LoadScoreboardReport(s->c(), s->ws.id, s->ws.acronym, r->round.id, Today());
  if (!report.ok()) return Fail(report.status());
  Result<std::string> body = Status::Internal("unset");
  if (region.empty()) {
    if (format == "xlsx") body = reports::ScoreboardUpdateXlsx(*report);
    else if (format == "csv") body = reports::ScoreboardUpdateCsv(*report);
    else if (format == "md") body = reports::ScoreboardUpdateMarkdown(*report);
    else body = reports::ScoreboardUpdateHtml(*report);
  } else {
    region = strings::ToUpper(region);
    if (format == "xlsx") body = reports::SectorNoteXlsx(*report, region);
    else if (format == "csv") body = reports::SectorNoteCsv(*report, region);
    else if (format == "md") body = reports::SectorNoteMarkdown(*report, region);
    else body = reports::SectorNoteHtml(*report, region);
  }
  if (!body.ok()) return Fail(body.status());
  std::ofstream f(out, std::ios::binary | std::ios::trunc);
  f.write(body->data(), static_cast<std::streamsize>(body->size()));
  if (!f) return Fail(Status::Io("cannot write " + out));
  std::printf("%s written (%zu bytes)\n", out.c_str(), body->size());
  return 0;
}

int RunS3pList(const Args& a) {
  auto s = Open(a, 1, "s3p list WORKSPACE [--regions]");
  if (!s) return 1;
  storage::S3pStore store(s->c());
  auto list = store.List(s->ws.id);
  if (!list.ok()) return Fail(list.status());
  for (const auto& p : *list)
    std::printf("%s\t%s\t%s\t%s\n", domain::S3pPriorityLabel(p.priority).c_str(), p.partnership.c_str(),
                strings::Join(p.region_codes, ",").c_str(), p.platform.c_str());
  if (a.Has("regions")) {
    auto order = store.SelectionFilter(s->ws.id);
    if (!order.ok()) return Fail(order.status());
    std::printf("\nselection filter (assess first):\n");
    for (const auto& o : *order)
      std::printf("%s\t%s\t%s\n", o.code.c_str(), o.top ? domain::S3pPriorityLabel(*o.top).c_str() : "-",
                  strings::Join(o.partnerships, ", ").c_str());
  }
  return 0;
}

}  // namespace corridor::cli
