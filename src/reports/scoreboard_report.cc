#include "reports/scoreboard_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "core/strings.h"
#include "reports/csv_writer.h"
#include "reports/svg_chart.h"
#include "storage/framework_store.h"
#include "storage/region_store.h"
#include "storage/s3p_store.h"

namespace corridor::reports {

using domain::Score;

namespace {

std::string Esc(std::string_view s) { return strings::HtmlEscape(s); }

// Markdown table cells: pipes and line breaks would break the row; angle brackets are escaped so
// that a note cannot inject markup into a rendered file. Quotes, apostrophes and ampersands stay as
// typed (they cannot open a tag), so the file also reads well as plain text.
std::string MdCell(std::string_view s) {
  std::string out = strings::ReplaceAll(strings::ReplaceAll(std::string(s), "<", "&lt;"), ">", "&gt;");
  out = strings::ReplaceAll(out, "|", "\\|");
  out = strings::ReplaceAll(out, "\r", "");
  out = strings::ReplaceAll(out, "\n", "<br>");
  return out;
}

std::string Base64(std::string_view in) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t n = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8) | uint8_t(in[i + 2]);
    for (int k = 3; k >= 0; --k) out.push_back(kAlphabet[(n >> (6 * k)) & 63]);
  }
  if (i + 1 == in.size()) {
    uint32_t n = uint8_t(in[i]) << 16;
    out += {kAlphabet[(n >> 18) & 63], kAlphabet[(n >> 12) & 63], '=', '='};
  } else if (i + 2 == in.size()) {
    uint32_t n = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8);
    out += {kAlphabet[(n >> 18) & 63], kAlphabet[(n >> 12) & 63], kAlphabet[(n >> 6) & 63], '='};
  }
  return out;
}

std::string Num(double v, int decimals = 1) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

const ScoreboardRegion* RegionOf(const ScoreboardReport& r, const std::string& code) {
  for (const auto& x : r.regions)
    if (x.code == code) return &x;
  return nullptr;
}

std::string RegionLabel(const ScoreboardReport& r, const std::string& code) {
  const ScoreboardRegion* x = RegionOf(r, code);
  return x && !x->name.empty() ? x->name + " (" + code + ")" : code;
}

std::string DimensionName(const ScoreboardReport& r, const std::string& key) {
  const domain::Dimension* d = domain::FindDimension(r.framework, key);
  return d ? d->name : key;
}

std::string Slug(std::string_view s) {
  std::string out;
  for (char c : strings::FoldAccents(s)) {
    char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if ((l >= 'a' && l <= 'z') || (l >= '0' && l <= '9')) out.push_back(l);
    else if (!out.empty() && out.back() != '-') out.push_back('-');
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "round" : out.substr(0, 60);
}

std::string RoundLine(const ScoreboardReport& r) {
  const domain::Round& x = r.round.round;
  std::string s = x.date + " · " + domain::RoundTriggerLabel(x.trigger);
  if (!x.event_title.empty()) s += ": " + x.event_title;
  s += x.status == domain::RoundStatus::kClosed ? " · closed on " + x.closed_at.substr(0, 10) + " by " + x.closed_by
                                                : " · open (scores may still change)";
  return s;
}

const char* kHtmlStyle =
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}"
    "table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #bbb;padding:.35rem .5rem;vertical-align:top;"
    "text-align:left}th{background:#f2f2f2}.warn{background:#fff4e0;border-left:4px solid #E69F00;padding:.5rem 1rem}"
    ".muted{color:#666}.radars{display:flex;flex-wrap:wrap;gap:1rem}.radars figure{margin:0;width:18rem}"
    "figcaption{text-align:center;font-weight:600}";

std::string HtmlTable(const Table& t) {
  std::string out = "<table>\n<thead><tr>";
  for (const auto& c : t.columns) out += "<th scope=\"col\">" + Esc(c.label) + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& row : t.rows) {
    out += "<tr>";
    for (size_t i = 0; i < t.columns.size(); ++i) {
      std::string cell = i < row.size() ? Esc(row[i]) : "";
      cell = strings::ReplaceAll(cell, "\n", "<br>");
      out += i == 0 ? "<th scope=\"row\">" + cell + "</th>" : "<td>" + cell + "</td>";
    }
    out += "</tr>\n";
  }
  return out + "</tbody>\n</table>\n";
}

std::string MdTable(const Table& t) {
  std::string out = "|";
  for (const auto& c : t.columns) {
    out += ' ';
    out += MdCell(c.label);
    out += " |";
  }
  out += "\n|";
  for (size_t i = 0; i < t.columns.size(); ++i) out += " --- |";
  out += "\n";
  for (const auto& row : t.rows) {
    out += "|";
    for (size_t i = 0; i < t.columns.size(); ++i) {
      out += ' ';
      out += MdCell(i < row.size() ? row[i] : std::string());
      out += " |";
    }
    out += "\n";
  }
  return out;
}

std::string MdImage(const std::string& svg, const std::string& alt) {
  return "![" + MdCell(alt) + "](data:image/svg+xml;base64," + Base64(svg) + ")";
}

}  // namespace

Result<ScoreboardReport> LoadScoreboardReport(storage::Connection& c, int64_t ws, const std::string& acronym,
                                              int64_t round_id, const std::string& today) {
  ScoreboardReport r;
  r.workspace_acronym = acronym;
  r.generated_on = today;
  storage::AssessmentStore store(c);
  auto round = store.GetRound(ws, round_id);
  if (!round.ok()) return round.status();
  if (!*round) return Status::NotFound("no round " + std::to_string(round_id) + " in " + acronym);
  r.round = **round;
  auto fw = storage::FrameworkStore(c).Get(ws, r.round.round.framework_id);
  if (!fw.ok()) return fw.status();
  if (!*fw) return Status::NotFound("the round's framework is missing");
  r.framework = **fw;
  CORRIDOR_ASSIGN_OR_RETURN(auto codes, store.RoundRegions(ws, round_id));
  storage::RegionStore regions(c);
  for (const auto& code : codes) {
    auto info = regions.Lookup(ws, code);
    if (!info.ok()) return info.status();
    r.regions.push_back({code, *info ? (*info)->name : std::string()});
  }
  CORRIDOR_ASSIGN_OR_RETURN(r.scores, store.Scores(ws, round_id));
  IndexScores(r);
  auto prev = store.PreviousRound(ws, round_id);
  if (!prev.ok()) return prev.status();
  if (*prev) {
    auto cmp = store.Compare(ws, (*prev)->round.id, round_id);
    if (!cmp.ok()) return cmp.status();
    r.changes = std::move(*cmp);
  }
  CORRIDOR_ASSIGN_OR_RETURN(r.staleness, store.CheckStaleness(ws, today));
  CORRIDOR_ASSIGN_OR_RETURN(r.catalogue, storage::S3pStore(c).List(ws));
  return r;
}

void IndexScores(ScoreboardReport& r) {
  r.score_index.clear();
  for (size_t i = 0; i < r.scores.size(); ++i)
    r.score_index[r.scores[i].region_code + '\x1f' + r.scores[i].dimension_key] = i;
}

const Score* FindScore(const ScoreboardReport& r, const std::string& region, const std::string& dim) {
  if (!r.score_index.empty()) {
    auto it = r.score_index.find(region + '\x1f' + dim);
    return it == r.score_index.end() || it->second >= r.scores.size() ? nullptr : &r.scores[it->second];
  }
  for (const auto& s : r.scores)
    if (s.region_code == region && s.dimension_key == dim) return &s;
  return nullptr;
}

Table ComparisonTable(const ScoreboardReport& r) {
  Table t;
  t.title = "Comparison";
  t.columns.push_back({"dimension", "Dimension", ColumnKind::kText, ""});
  for (const auto& region : r.regions) t.columns.push_back({region.code, RegionLabel(r, region.code), ColumnKind::kText, ""});
  for (const auto& d : r.framework.dimensions) {
    std::vector<std::string> row = {d.name};
    for (const auto& region : r.regions) {
      const Score* s = FindScore(r, region.code, d.key);
      row.push_back(s ? domain::ValueLabel(r.framework.scale, s->value) : "");
    }
    t.rows.push_back(std::move(row));
  }
  return t;
}

Table ScoresTable(const ScoreboardReport& r, const std::string& only) {
  Table t;
  t.title = only.empty() ? "Scores" : "Scores " + only;
  t.columns = {{"region", "Region", ColumnKind::kText, ""},
               {"region_name", "Region name", ColumnKind::kText, ""},
               {"dimension", "Dimension", ColumnKind::kText, ""},
               {"dimension_name", "Dimension name", ColumnKind::kText, ""},
               {"value", "Value", ColumnKind::kNumber, ""},
               {"level", "Level", ColumnKind::kText, ""},
               {"evidence", "Evidence note", ColumnKind::kText, ""},
               {"sources", "Sources", ColumnKind::kText, ""},
               {"updated_at", "Updated", ColumnKind::kText, ""},
               {"updated_by", "By", ColumnKind::kText, ""}};
  for (const auto& region : r.regions) {
    if (!only.empty() && region.code != only) continue;
    for (const auto& d : r.framework.dimensions) {
      const Score* s = FindScore(r, region.code, d.key);
      if (!s) continue;
      const domain::ScaleLevel* l = domain::FindLevel(r.framework.scale, s->value);
      t.rows.push_back({region.code, region.name, d.key, d.name, domain::FormatValue(s->value), l ? l->label : "",
                        s->evidence, strings::Join(s->sources, "\n"), s->updated_at, s->updated_by});
    }
  }
  return t;
}

Table ChangesTable(const ScoreboardReport& r) {
  Table t;
  t.title = "Changes";
  t.columns = {{"region", "Region", ColumnKind::kText, ""},       {"dimension", "Dimension", ColumnKind::kText, ""},
               {"change", "Change", ColumnKind::kText, ""},       {"before", "Before", ColumnKind::kText, ""},
               {"after", "After", ColumnKind::kText, ""},         {"why", "Evidence now (why)", ColumnKind::kText, ""},
               {"evidence_before", "Evidence before", ColumnKind::kText, ""}, {"sources", "Sources now", ColumnKind::kText, ""}};
  if (!r.changes) return t;
  for (const auto& ch : r.changes->changes) {
    if (ch.kind == storage::ScoreChange::Kind::kUnchanged) continue;
    auto label = [&](const std::optional<Score>& s) {
      return s ? domain::ValueLabel(r.framework.scale, s->value) : std::string("-");
    };
    t.rows.push_back({RegionLabel(r, ch.region_code), DimensionName(r, ch.dimension_key),
                      storage::ScoreChangeKindKey(ch.kind), label(ch.before), label(ch.after),
                      ch.after ? ch.after->evidence : "", ch.before ? ch.before->evidence : "",
                      ch.after ? strings::Join(ch.after->sources, "\n") : ""});
  }
  return t;
}

Table PartnershipsTable(const ScoreboardReport& r, const std::string& region) {
  Table t;
  t.title = "S3P partnerships";
  t.columns = {{"partnership", "Partnership", ColumnKind::kText, ""}, {"platform", "Platform", ColumnKind::kText, ""},
               {"priority", "Priority", ColumnKind::kText, ""},       {"leading", "Leading regions", ColumnKind::kText, ""},
               {"focus", "Interaction focus", ColumnKind::kText, ""}, {"points", "Points to benchmark", ColumnKind::kText, ""}};
  for (const auto& p : r.catalogue) {
    // The same nesting rule as the selection filter: FI1D is tied through FI1D7.
    if (domain::OrderBySelectionFilter({region}, {p})[0].partnerships.empty()) continue;
    t.rows.push_back({p.partnership, p.platform, domain::S3pPriorityLabel(p.priority), p.leading_regions,
                      p.interaction_focus, strings::Join(p.benchmark_points, "\n")});
  }
  return t;
}

std::string RadarSvg(const std::vector<std::string>& axes, const std::vector<double>& values, double min, double max,
                     const std::string& title) {
  const double cx = 200, cy = 170, radius = 110;
  const size_t n = axes.size();
  std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 400 340\" role=\"img\" aria-label=\"" +
                    Esc(title) + "\" class=\"radar\">\n<title>" + Esc(title) + "</title>\n";
  if (n < 3 || !(max > min)) return out + "<text x=\"200\" y=\"170\" text-anchor=\"middle\">Not enough dimensions for a radar</text>\n</svg>\n";
  auto point = [&](size_t i, double frac) {
    double a = -M_PI / 2 + 2 * M_PI * static_cast<double>(i) / static_cast<double>(n);
    return std::make_pair(cx + radius * frac * std::cos(a), cy + radius * frac * std::sin(a));
  };
  // Rings at each whole step of the scale (at most 10), then the axes.
  int steps = std::clamp(static_cast<int>(std::round(max - min)), 1, 10);
  for (int k = 1; k <= steps; ++k) {
    std::string pts;
    for (size_t i = 0; i < n; ++i) {
      auto [x, y] = point(i, static_cast<double>(k) / steps);
      pts += Num(x) + "," + Num(y) + " ";
    }
    out += "<polygon class=\"ring\" points=\"" + pts + "\" fill=\"none\" stroke=\"#ccc\" stroke-width=\"1\"/>\n";
  }
  for (size_t i = 0; i < n; ++i) {
    auto [x, y] = point(i, 1.0);
    out += "<line x1=\"" + Num(cx) + "\" y1=\"" + Num(cy) + "\" x2=\"" + Num(x) + "\" y2=\"" + Num(y) +
           "\" stroke=\"#bbb\" stroke-width=\"1\"/>\n";
    auto [lx, ly] = point(i, 1.18);
    const char* anchor = lx < cx - 5 ? "end" : lx > cx + 5 ? "start" : "middle";
    std::string label = axes[i].size() > 28 ? axes[i].substr(0, 27) + "…" : axes[i];
    out += "<text x=\"" + Num(lx) + "\" y=\"" + Num(ly + 4) + "\" text-anchor=\"" + anchor +
           "\" font-size=\"12\" font-family=\"sans-serif\">" + Esc(label) + "<title>" + Esc(axes[i]) + "</title></text>\n";
  }
  std::string pts;
  std::string dots;
  for (size_t i = 0; i < n; ++i) {
    double v = i < values.size() && std::isfinite(values[i]) ? values[i] : min;
    double frac = std::clamp((v - min) / (max - min), 0.0, 1.0);
    auto [x, y] = point(i, frac);
    pts += Num(x) + "," + Num(y) + " ";
    dots += "<circle class=\"value\" cx=\"" + Num(x) + "\" cy=\"" + Num(y) + "\" r=\"3\" fill=\"#0072B2\"><title>" +
            Esc(axes[i]) + ": " + (i < values.size() && std::isfinite(values[i]) ? domain::FormatValue(values[i]) : "not scored") +
            "</title></circle>\n";
  }
  out += "<polygon class=\"area\" points=\"" + pts + "\" fill=\"#0072B2\" fill-opacity=\"0.25\" stroke=\"#0072B2\" stroke-width=\"2\"/>\n";
  out += dots;
  return out + "</svg>\n";
}

std::string RegionRadarSvg(const ScoreboardReport& r, const std::string& region) {
  std::vector<std::string> axes;
  std::vector<double> values;
  for (const auto& d : r.framework.dimensions) {
    axes.push_back(d.name);
    const Score* s = FindScore(r, region, d.key);
    values.push_back(s ? s->value : std::nan(""));
  }
  double lo = r.framework.scale.Min();
  // An ordinal scale starting at 1 draws 1 on the first ring, not at the centre.
  if (!r.framework.scale.Numeric()) lo -= 1;
  return RadarSvg(axes, values, lo, r.framework.scale.Max(), RegionLabel(r, region));
}

std::pair<std::vector<std::string>, std::vector<std::string>> StrengthsAndGaps(const ScoreboardReport& r,
                                                                                const std::string& region) {
  std::vector<std::pair<double, std::string>> scored;
  for (const auto& d : r.framework.dimensions)
    if (const Score* s = FindScore(r, region, d.key)) scored.emplace_back(s->value, d.name);
  if (scored.empty()) return {};
  double hi = scored[0].first, lo = scored[0].first;
  for (auto& [v, n] : scored) hi = std::max(hi, v), lo = std::min(lo, v);
  if (hi == lo) return {};
  std::vector<std::string> strengths, gaps;
  for (auto& [v, n] : scored) {
    if (v == hi) strengths.push_back(n);
    if (v == lo) gaps.push_back(n);
  }
  return {strengths, gaps};
}

// ---- the scoreboard update ----

std::string ScoreboardUpdateCsv(const ScoreboardReport& r) { return WriteCsv(ScoresTable(r)); }

Result<std::string> ScoreboardUpdateXlsx(const ScoreboardReport& r, const XlsxOptions& options) {
  std::vector<Table> sheets = {ComparisonTable(r), ScoresTable(r)};
  if (r.changes) sheets.push_back(ChangesTable(r));
  return WriteXlsxWorkbook(sheets, options);
}

std::string ScoreboardUpdateMarkdown(const ScoreboardReport& r) {
  std::string out = "# " + MdCell(r.workspace_acronym) + " scoreboard update: " + MdCell(r.round.round.title) + "\n\n";
  out += MdCell(r.framework.name) + " · " + MdCell(RoundLine(r)) + " · generated " + r.generated_on + "\n\n";
  for (const auto& w : r.staleness.reasons) out += "> **Update due:** " + MdCell(w) + "\n";
  if (r.staleness.Stale()) out += "\n";
  out += "## Comparison\n\n" + MdTable(ComparisonTable(r)) + "\n";
  out += "## Changes since the previous round\n\n";
  if (!r.changes) {
    out += "No earlier closed round of this framework.\n\n";
  } else {
    out += "Against \"" + MdCell(r.changes->from.round.title) + "\" (" + r.changes->from.round.date + "): " +
           std::to_string(r.changes->changed) + " changed, " + std::to_string(r.changes->evidence_only) +
           " with new evidence only, " + std::to_string(r.changes->added) + " added, " +
           std::to_string(r.changes->removed) + " removed, " + std::to_string(r.changes->unchanged) + " unchanged.\n\n";
    Table ch = ChangesTable(r);
    if (!ch.rows.empty()) out += MdTable(ch) + "\n";
  }
  out += "## Evidence\n\n" + MdTable(ScoresTable(r)) + "\n## Radar per region\n\n";
  for (const auto& region : r.regions) out += MdImage(RegionRadarSvg(r, region.code), RegionLabel(r, region.code)) + "\n\n";
  out += "## Scale\n\n";
  for (const auto& l : r.framework.scale.levels)
    out += "- **" + MdCell(l.label) + " (" + std::to_string(l.value) + ")**: " + MdCell(l.meaning) + "\n";
  return out;
}

std::string ScoreboardUpdateHtml(const ScoreboardReport& r) {
  std::string title = r.workspace_acronym + " scoreboard update: " + r.round.round.title;
  std::string out = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + Esc(title) +
                    "</title><style>" + kHtmlStyle + "</style></head><body>\n<h1>" + Esc(title) + "</h1>\n<p class=\"muted\">" +
                    Esc(r.framework.name) + " · " + Esc(RoundLine(r)) + " · generated " + Esc(r.generated_on) + "</p>\n";
  for (const auto& w : r.staleness.reasons) out += "<p class=\"warn\"><strong>Update due:</strong> " + Esc(w) + "</p>\n";
  out += "<h2>Comparison</h2>\n" + HtmlTable(ComparisonTable(r));
  out += "<h2>Changes since the previous round</h2>\n";
  if (!r.changes) {
    out += "<p>No earlier closed round of this framework.</p>\n";
  } else {
    out += "<p>Against \"" + Esc(r.changes->from.round.title) + "\" (" + Esc(r.changes->from.round.date) + "): " +
           std::to_string(r.changes->changed) + " changed, " + std::to_string(r.changes->evidence_only) +
           " with new evidence only, " + std::to_string(r.changes->added) + " added, " +
           std::to_string(r.changes->removed) + " removed, " + std::to_string(r.changes->unchanged) + " unchanged.</p>\n";
    Table ch = ChangesTable(r);
    if (!ch.rows.empty()) out += HtmlTable(ch);
  }
  out += "<h2>Radar per region</h2>\n<div class=\"radars\">\n";
  for (const auto& region : r.regions)
    out += "<figure>" + RegionRadarSvg(r, region.code) + "<figcaption>" + Esc(RegionLabel(r, region.code)) + "</figcaption></figure>\n";
  out += "</div>\n<h2>Evidence</h2>\n" + HtmlTable(ScoresTable(r));
  out += "<h2>Scale</h2>\n<dl>\n";
  for (const auto& l : r.framework.scale.levels)
    out += "<dt>" + Esc(l.label) + " (" + std::to_string(l.value) + ")</dt><dd>" + Esc(l.meaning) + "</dd>\n";
  return out + "</dl>\n</body></html>\n";
}

// ---- the sector note ----

namespace {

Status CheckRegion(const ScoreboardReport& r, const std::string& region) {
  if (RegionOf(r, region)) return Status::Ok();
  return Status::NotFound("region " + region + " is not in round \"" + r.round.round.title + "\"");
}

}  // namespace

Result<std::string> SectorNoteCsv(const ScoreboardReport& r, const std::string& region) {
  CORRIDOR_RETURN_IF_ERROR(CheckRegion(r, region));
  return WriteCsv(ScoresTable(r, region));
}

Result<std::string> SectorNoteXlsx(const ScoreboardReport& r, const std::string& region, const XlsxOptions& options) {
  CORRIDOR_RETURN_IF_ERROR(CheckRegion(r, region));
  return WriteXlsxWorkbook({ScoresTable(r, region), PartnershipsTable(r, region)}, options);
}

Result<std::string> SectorNoteMarkdown(const ScoreboardReport& r, const std::string& region) {
  CORRIDOR_RETURN_IF_ERROR(CheckRegion(r, region));
  std::string name = RegionLabel(r, region);
  std::string out = "# Sector note: " + MdCell(name) + "\n\n" + MdCell(r.workspace_acronym) + " · " +
                    MdCell(r.framework.name) + " · round \"" + MdCell(r.round.round.title) + "\" (" + MdCell(RoundLine(r)) +
                    ")\n\n";
  auto [strengths, gaps] = StrengthsAndGaps(r, region);
  out += "**Strengths:** " + (strengths.empty() ? std::string("none stands out") : MdCell(strings::Join(strengths, ", "))) + "  \n";
  out += "**Gaps:** " + (gaps.empty() ? std::string("none stands out") : MdCell(strings::Join(gaps, ", "))) + "\n\n";
  out += MdImage(RegionRadarSvg(r, region), name) + "\n\n## Scores and evidence\n\n";
  for (const auto& d : r.framework.dimensions) {
    const Score* s = FindScore(r, region, d.key);
    out += "### " + MdCell(d.name) + ": " + (s ? MdCell(domain::ValueLabel(r.framework.scale, s->value)) : "not scored") + "\n\n";
    if (!s) continue;
    for (const auto& line : strings::Split(s->evidence, '\n')) out += MdCell(line) + "  \n";
    out += "\nSources:\n";
    for (const auto& src : s->sources) out += "- " + MdCell(src) + "\n";
    out += "\n";
  }
  Table p = PartnershipsTable(r, region);
  out += "## S3P partnerships\n\n" + (p.rows.empty() ? std::string("Tied to no partnership of the catalogue.\n") : MdTable(p));
  return out;
}

Result<std::string> SectorNoteHtml(const ScoreboardReport& r, const std::string& region) {
  CORRIDOR_RETURN_IF_ERROR(CheckRegion(r, region));
  std::string name = RegionLabel(r, region);
  std::string title = "Sector note: " + name;
  std::string out = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + Esc(title) +
                    "</title><style>" + kHtmlStyle + "</style></head><body>\n<h1>" + Esc(title) + "</h1>\n<p class=\"muted\">" +
                    Esc(r.workspace_acronym) + " · " + Esc(r.framework.name) + " · round \"" + Esc(r.round.round.title) +
                    "\" (" + Esc(RoundLine(r)) + ")</p>\n";
  auto [strengths, gaps] = StrengthsAndGaps(r, region);
  out += "<p><strong>Strengths:</strong> " + Esc(strengths.empty() ? "none stands out" : strings::Join(strengths, ", ")) +
         "<br><strong>Gaps:</strong> " + Esc(gaps.empty() ? "none stands out" : strings::Join(gaps, ", ")) + "</p>\n";
  out += "<figure>" + RegionRadarSvg(r, region) + "</figure>\n<h2>Scores and evidence</h2>\n";
  for (const auto& d : r.framework.dimensions) {
    const Score* s = FindScore(r, region, d.key);
    out += "<h3>" + Esc(d.name) + ": " + Esc(s ? domain::ValueLabel(r.framework.scale, s->value) : "not scored") + "</h3>\n";
    if (!s) continue;
    out += "<p>" + strings::ReplaceAll(Esc(s->evidence), "\n", "<br>") + "</p>\n<ul>";
    for (const auto& src : s->sources) {
      std::string lower = strings::ToLower(src);
      bool link = strings::StartsWith(lower, "http://") || strings::StartsWith(lower, "https://");
      out += link ? "<li><a href=\"" + Esc(src) + "\">" + Esc(src) + "</a></li>" : "<li>" + Esc(src) + "</li>";
    }
    out += "</ul>\n";
  }
  Table p = PartnershipsTable(r, region);
  out += "<h2>S3P partnerships</h2>\n" + (p.rows.empty() ? std::string("<p>Tied to no partnership of the catalogue.</p>\n") : HtmlTable(p));
  return out + "</body></html>\n";
}

std::string ScoreboardFileName(const ScoreboardReport& r, const std::string& region, const std::string& ext) {
  std::string base = Slug(r.workspace_acronym) + "-";
  base += region.empty() ? "scoreboard-" + Slug(r.round.round.title) : "sector-note-" + Slug(region) + "-" + Slug(r.round.round.title);
  return base + "." + ext;
}

}  // namespace corridor::reports
