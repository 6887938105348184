// The regional ecosystem scoreboard (seed 000 section 2, seed 002 sections 2-3): frameworks of
// dimensions on a scale, assessment rounds holding one evidence-backed score per region and
// dimension, and the S3P partnerships catalogue used as the selection filter. Plain structs and
// rules; no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "domain/region.h"  // IsNutsCodeSyntax

namespace corridor::domain {

// ---- frameworks ----

// One step of an ordinal scale: the stored value, the label people read, what it means.
struct ScaleLevel {
  int value = 0;
  std::string label;    // "VERY HIGH"
  std::string meaning;  // the written meaning shown beside the score
};

// Either ordinal (levels, ascending by value) or numeric (min..max, any number in between).
struct Scale {
  std::vector<ScaleLevel> levels;
  double min = 0, max = 0;  // used when levels is empty
  bool Numeric() const { return levels.empty(); }
  double Min() const;  // lowest level value, or min
  double Max() const;
};

struct Dimension {
  std::string key;          // stable: "innovation-capacity" (lower-case letters, digits, '-')
  std::string name;         // "Innovation capacity"
  std::string description;  // what is assessed
  std::string layer;        // optional grouping ("Strategic leverage"); "" = none
};

struct Framework {
  int64_t id = 0;
  int64_t workspace_id = 0;
  std::string key;  // "i4-green", "neo-cycle", or a custom key; unique per workspace
  std::string name;
  std::string description;
  bool builtin = false;
  std::vector<Dimension> dimensions;
  Scale scale;
  int64_t version = 0;
};

inline constexpr const char* kI4GreenFrameworkKey = "i4-green";
inline constexpr const char* kNeoCycleFrameworkKey = "neo-cycle";

// I4-GREEN (seed 002 section 2.1): the five dimensions on a 1-5 ordinal scale
// (1 Nascent, 2 Emerging, 3 Developing, 4 Advanced, 5 Leading), each with a written meaning.
Framework I4GreenFramework();
// NEO-CYCLE (seed 000 section 2.1): two layers, strategic leverage and operational maturity, on
// the maturity scale MEDIUM=1 / HIGH=2 / VERY HIGH=3 / CRITICAL=4 with the seed's meanings.
Framework NeoCycleFramework();
std::vector<Framework> BuiltinFrameworks();

// Key and name required; 1-30 dimensions with unique valid keys and names; an ordinal scale of
// 2-10 levels with unique values and labels, or a numeric scale with min < max. Messages name
// the field: "dimensions[2].key: \"Innovation Capacity\" must be lower-case letters, digits and -".
Status ValidateFramework(const Framework& f);
bool IsValidKey(std::string_view key);
const Dimension* FindDimension(const Framework& f, std::string_view key);
// The level of an ordinal scale holding exactly this value, or null.
const ScaleLevel* FindLevel(const Scale& s, double value);
// "VERY HIGH (3)" on an ordinal scale, "3.5" on a numeric one.
std::string ValueLabel(const Scale& s, double value);
// Reads a value typed by a person: a number, or a level label ("very high"), any case.
std::optional<double> ParseScaleValue(const Scale& s, std::string_view text);
// Numbers without a trailing ".0": 3 -> "3", 3.25 -> "3.25".
std::string FormatValue(double v);

// ---- scores ----

inline constexpr int kMaxEvidenceLines = 3;
inline constexpr size_t kMaxEvidenceChars = 600;
inline constexpr size_t kMaxSourceChars = 500;
inline constexpr size_t kMaxSources = 10;

struct Score {
  int64_t id = 0;
  int64_t round_id = 0;
  std::string region_code;    // NUTS 2021 code or a user-defined region key
  std::string dimension_key;
  double value = 0;
  std::string evidence;       // 1-3 lines
  std::vector<std::string> sources;  // each an http(s) URL or a document reference
  std::string updated_at, updated_by;
};

// A source is an http(s) URL (host required, no spaces) or a document reference: 3-500
// characters of text that is not a URL of another scheme ("I4-GREEN D6.3, Table 1").
Status ValidateSource(std::string_view source);
// Sources typed one per line: trimmed, blank lines dropped, duplicates dropped.
std::vector<std::string> SplitSources(std::string_view text);
// Evidence trimmed, CRLF -> LF, blank lines dropped (so "3 lines" means 3 lines of text).
std::string NormaliseEvidence(std::string_view text);
// Dimension known to the framework; value on the scale; evidence 1-3 lines and at most
// kMaxEvidenceChars; 1-kMaxSources sources each valid. The message names region, dimension and
// field: "ES41 / innovation-capacity: evidence: at most 3 lines (4 given)".
Status ValidateScore(const Framework& f, const Score& s);

// ---- rounds ----

enum class RoundTrigger { kSixMonthly, kEvent };
std::string RoundTriggerKey(RoundTrigger t);    // "six-monthly" | "event"
std::string RoundTriggerLabel(RoundTrigger t);  // "Six-monthly update" | "After an event"
std::optional<RoundTrigger> ParseRoundTrigger(std::string_view s);

enum class RoundStatus { kOpen, kClosed };
std::string RoundStatusKey(RoundStatus s);  // "open" | "closed"

struct Round {
  int64_t id = 0;
  int64_t workspace_id = 0;
  int64_t framework_id = 0;
  std::string title;
  std::string date;         // ISO: when the assessment refers to
  RoundTrigger trigger = RoundTrigger::kSixMonthly;
  std::string event_title;  // the named event (trigger kEvent)
  std::optional<int64_t> event_id;  // an event of the workspace's events table, when linked
  RoundStatus status = RoundStatus::kOpen;
  std::string closed_at, closed_by;
  std::optional<int64_t> copied_from;  // the round it was carried forward from
  std::string created_at, created_by;
};

// Title 1-200 characters; valid ISO date; an event trigger names the event (title or id).
Status ValidateRound(const Round& r);

// ---- staleness ----

// The same day `months` calendar months later (clamped to the month's end: 2025-08-31 + 6 =
// 2026-02-28). "" for an invalid date.
std::string AddMonths(std::string_view iso_date, int months);
// True when today is after date + 6 calendar months.
bool OlderThanSixMonths(std::string_view round_date, std::string_view today);

// ---- S3P partnerships (seed 000 Tables 1 and 2) ----

enum class S3pPriority { kMedium = 1, kHigh = 2, kVeryHigh = 3, kCritical = 4 };
std::string S3pPriorityLabel(S3pPriority p);  // "MEDIUM" | "HIGH" | "VERY HIGH" | "CRITICAL"
std::optional<S3pPriority> ParseS3pPriority(std::string_view s);  // label or key, any case, '-'/'_' as space

struct S3pPartnership {
  int64_t id = 0;
  int64_t workspace_id = 0;
  std::string platform;         // "Industrial Modernisation (S3P-Industry)"
  std::string partnership;      // "Mining"
  std::string leading_regions;  // as the source names them: "Lapland (FI), North Karelia (FI), ..."
  std::vector<std::string> region_codes;  // the NUTS 2021 codes they resolve to
  S3pPriority priority = S3pPriority::kMedium;
  std::string synergies;
  std::string interaction_focus;
  std::vector<std::string> benchmark_points;
  int position = 0;
};

// Partnership and platform required (at most 200 characters), region codes of NUTS syntax,
// text bounded. Messages name the field.
Status ValidateS3pPartnership(const S3pPartnership& p);

// A named leading region of Table 1 and the NUTS 2021 code(s) it resolves to.
struct NamedRegion {
  std::string name;                // "Lapland (FI)"
  std::vector<std::string> codes;  // {"FI1D7"}
  std::string note;                // why, when the match is not one-to-one
};
// The hand-written table for the regions Table 1 names (checked against the NUTS 2021 list).
const std::vector<NamedRegion>& S3pNamedRegions();
// Table 1 rows with Table 2's interaction focus and points, regions resolved.
std::vector<S3pPartnership> SeedS3pCatalogue();

// The selection filter: regions ordered by the highest priority of the partnerships they are
// tied to (CRITICAL, VERY HIGH first), then by how many, then by the given order.
struct RegionPriority {
  std::string code;
  std::optional<S3pPriority> top;  // nullopt: tied to no partnership
  std::vector<std::string> partnerships;  // "Mining (CRITICAL)", highest first
  bool Selected() const { return top && *top >= S3pPriority::kVeryHigh; }
};
std::vector<RegionPriority> OrderBySelectionFilter(const std::vector<std::string>& region_codes,
                                                   const std::vector<S3pPartnership>& catalogue);

}  // namespace corridor::domain
