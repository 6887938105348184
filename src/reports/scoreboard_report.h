// Scoreboard outputs (issue 5): the scoreboard update of a round (the region x dimension table,
// the changes since the previous round with both evidence notes, the staleness warning, a radar
// per region) and the sector note of one region (its scores with evidence and sources, the S3P
// partnerships it is tied to, strengths and gaps), as .xlsx, CSV, Markdown and HTML. The HTML
// and Markdown carry the radars as SVG (inline in HTML; a data: image in Markdown). Text is
// escaped in HTML and Markdown; CSV and .xlsx go through the formula guard of the writers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/status.h"
#include "domain/scoreboard.h"
#include "reports/table.h"
#include "reports/xlsx_writer.h"
#include "storage/assessment_store.h"
#include "storage/database.h"

namespace corridor::reports {

struct ScoreboardRegion {
  std::string code, name;
};

// Everything an output needs, read once.
struct ScoreboardReport {
  std::string workspace_acronym;
  domain::Framework framework;
  storage::RoundInfo round;
  std::vector<ScoreboardRegion> regions;  // the table's columns, in order
  std::vector<domain::Score> scores;
  std::optional<storage::RoundComparison> changes;  // against the previous closed round
  storage::Staleness staleness;
  std::vector<domain::S3pPartnership> catalogue;
  std::string generated_on;  // ISO date
  // region + '\x1f' + dimension -> index into scores; filled by IndexScores (FindScore falls back
  // to a scan when it is empty, e.g. for a report built by hand).
  std::unordered_map<std::string, size_t> score_index;
};

// Builds score_index (LoadScoreboardReport does it; call again after changing scores).
void IndexScores(ScoreboardReport& r);

// Reads the round, its framework, regions (with names), scores, the previous round's changes,
// staleness (as of `today`) and the S3P catalogue.
Result<ScoreboardReport> LoadScoreboardReport(storage::Connection& c, int64_t workspace_id,
                                              const std::string& workspace_acronym, int64_t round_id,
                                              const std::string& today);

// The score of (region, dimension), if any.
const domain::Score* FindScore(const ScoreboardReport& r, const std::string& region, const std::string& dimension);

// Tables shared by the writers: the comparison matrix (rows = dimensions, one column per
// region: "label (value)"), the tidy scores (region, name, dimension, value, level, evidence,
// sources), the changes, and a region's S3P ties.
Table ComparisonTable(const ScoreboardReport& r);
Table ScoresTable(const ScoreboardReport& r, const std::string& only_region = "");
Table ChangesTable(const ScoreboardReport& r);
Table PartnershipsTable(const ScoreboardReport& r, const std::string& region);

// A radar (spider) chart: one axis per label, values on 0..max (min is the centre).
std::string RadarSvg(const std::vector<std::string>& axes, const std::vector<double>& values, double min, double max,
                     const std::string& title);
std::string RegionRadarSvg(const ScoreboardReport& r, const std::string& region);

// Strengths (highest-scored dimensions) and gaps (lowest) of a region: names, best/worst first.
// A region whose scores are all equal has no strengths or gaps.
std::pair<std::vector<std::string>, std::vector<std::string>> StrengthsAndGaps(const ScoreboardReport& r,
                                                                                const std::string& region);

// ---- the scoreboard update ----
std::string ScoreboardUpdateCsv(const ScoreboardReport& r);  // the tidy scores
Result<std::string> ScoreboardUpdateXlsx(const ScoreboardReport& r, const XlsxOptions& options = {});
std::string ScoreboardUpdateMarkdown(const ScoreboardReport& r);
std::string ScoreboardUpdateHtml(const ScoreboardReport& r);

// ---- the sector note of one region (kNotFound when the region is not in the round's table) ----
Result<std::string> SectorNoteCsv(const ScoreboardReport& r, const std::string& region);
Result<std::string> SectorNoteXlsx(const ScoreboardReport& r, const std::string& region, const XlsxOptions& options = {});
Result<std::string> SectorNoteMarkdown(const ScoreboardReport& r, const std::string& region);
Result<std::string> SectorNoteHtml(const ScoreboardReport& r, const std::string& region);

// A file name for a download: "i4-green-scoreboard-<round>.xlsx", "...-sector-note-ES41.md".
std::string ScoreboardFileName(const ScoreboardReport& r, const std::string& region, const std::string& ext);

}  // namespace corridor::reports
