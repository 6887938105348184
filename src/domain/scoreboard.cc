#include "domain/scoreboard.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "core/dates.h"
#include "core/strings.h"

namespace corridor::domain {

namespace {

std::string Upper(std::string_view s) { return strings::ToUpper(s); }

// Level labels compared loosely: "very-high", "Very_High" and "VERY HIGH" are one label.
std::string LabelKey(std::string_view s) {
  std::string out;
  for (char ch : strings::Trim(s)) {
    char c = (ch == '-' || ch == '_') ? ' ' : ch;
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace

double Scale::Min() const {
  if (levels.empty()) return min;
  double m = levels.front().value;
  for (const auto& l : levels) m = std::min(m, static_cast<double>(l.value));
  return m;
}

double Scale::Max() const {
  if (levels.empty()) return max;
  double m = levels.front().value;
  for (const auto& l : levels) m = std::max(m, static_cast<double>(l.value));
  return m;
}

Framework I4GreenFramework() {
  Framework f;
  f.key = kI4GreenFrameworkKey;
  f.name = "I4-GREEN regional benchmarking";
  f.description =
      "The five dimensions of the I4-GREEN benchmarking framework (D6.3 section 2.1), inspired by the ECCP and "
      "Smart Specialisation, scored 1-5 per region with an evidence note and sources.";
  f.builtin = true;
  f.dimensions = {
      {"innovation-capacity", "Innovation capacity",
       "Collaboration in R&D, participation in EU projects, innovation maturity.", ""},
      {"cluster-maturity", "Cluster ecosystem maturity",
       "Strength of cluster governance, support infrastructures, inter-regional coordination.", ""},
      {"sme-engagement", "SME engagement and adoption",
       "Involvement of SMEs in sustainable innovation, access to support mechanisms.", ""},
      {"circular-economy", "Circular economy implementation",
       "Integration of circular practices, policy support for resource efficiency.", ""},
      {"s3-alignment", "Smart-specialisation alignment",
       "How far the regional activity is rooted in, and supports, the regional S3/RIS3 priorities.", ""},
  };
  // Five steps match the graded wording of D6.3's comparison table (minimal/limited, emerging,
  // growing/maturing, strong/high/advanced, reference for others) without forcing a midpoint
  // to mean "average".
  f.scale.levels = {
      {1, "Nascent", "Little identifiable activity yet; isolated initiatives, no structures to build on."},
      {2, "Emerging", "First initiatives or pilots under way; limited reach and capacity, dependent on external support."},
      {3, "Developing", "Structures and programmes in place and growing; clear gaps in governance, reach or uptake remain."},
      {4, "Advanced", "Established, effective and broadly used; strong governance and participation."},
      {5, "Leading", "A reference for other regions: mature, well governed practice that others can transfer."},
  };
  return f;
}

Framework NeoCycleFramework() {
  Framework f;
  f.key = kNeoCycleFrameworkKey;
  f.name = "NEO-CYCLE regional ecosystems scoreboard";
  f.description =
      "The two layers of the NEO-CYCLE scorecard (D11.4 section 2.1) on its maturity scale: strategic relevance is "
      "checked against operational readiness.";
  f.builtin = true;
  f.dimensions = {
      {"strategic-leverage", "Strategic leverage",
       "S3P / cluster positioning: connection to EU-level multiplier channels (S3P partnerships, active cluster "
       "organisations, conversion formats such as Clusters Meet Regions).",
       "Strategic leverage"},
      {"operational-maturity", "Operational maturity",
       "Regional readiness: how strong and mobilisable the corridor conditions are.", "Operational maturity"},
  };
  f.scale.levels = {
      {1, "MEDIUM",
       "Relevant as a secondary corridor or for downstream deployment narratives; needs targeted use cases to be "
       "productive."},
      {2, "HIGH",
       "Strong corridor for adoption discipline, scale-up readiness or traceability/sustainability evidence; high "
       "conversion potential for specific outputs."},
      {3, "VERY HIGH",
       "High-value benchmark for circular materials governance and uptake logic; transferable frameworks for quality, "
       "due diligence and evidence packaging."},
      {4, "CRITICAL", "Strong intermediation: corridor conditions are in place; the ecosystem can mobilise implementation actors."},
  };
  return f;
}

std::vector<Framework> BuiltinFrameworks() { return {I4GreenFramework(), NeoCycleFramework()}; }

bool IsValidKey(std::string_view key) {
  if (key.empty() || key.size() > 60) return false;
  if (key.front() == '-' || key.back() == '-') return false;
  for (char c : key)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

Status ValidateFramework(const Framework& f) {
  if (!IsValidKey(f.key)) return Status::Invalid("key: \"" + f.key + "\" must be 1-60 lower-case letters, digits and -");
  if (strings::Trim(f.name).empty()) return Status::Invalid("name: required");
  if (f.name.size() > 200) return Status::Invalid("name: at most 200 characters");
  if (f.description.size() > 4000) return Status::Invalid("description: at most 4000 characters");
  if (f.dimensions.empty()) return Status::Invalid("dimensions: at least one dimension is required");
  if (f.dimensions.size() > 30) return Status::Invalid("dimensions: at most 30");
  std::set<std::string> keys, names;
  for (size_t i = 0; i < f.dimensions.size(); ++i) {
    const Dimension& d = f.dimensions[i];
    std::string at = "dimensions[" + std::to_string(i + 1) + "]";
    if (!IsValidKey(d.key))
      return Status::Invalid(at + ".key: \"" + d.key + "\" must be 1-60 lower-case letters, digits and -");
    if (!keys.insert(d.key).second) return Status::Invalid(at + ".key: \"" + d.key + "\" is used twice");
    if (strings::Trim(d.name).empty()) return Status::Invalid(at + ".name: required");
    if (d.name.size() > 200) return Status::Invalid(at + ".name: at most 200 characters");
    if (!names.insert(strings::ToLower(strings::Trim(d.name))).second)
      return Status::Invalid(at + ".name: \"" + d.name + "\" is used twice");
    if (d.description.size() > 2000) return Status::Invalid(at + ".description: at most 2000 characters");
    if (d.layer.size() > 200) return Status::Invalid(at + ".layer: at most 200 characters");
  }
  if (f.scale.Numeric()) {
    if (!std::isfinite(f.scale.min) || !std::isfinite(f.scale.max) || !(f.scale.min < f.scale.max))
      return Status::Invalid("scale: a numeric scale needs min < max");
  } else {
    if (f.scale.levels.size() < 2 || f.scale.levels.size() > 10)
      return Status::Invalid("scale: an ordinal scale has 2-10 levels");
    std::set<int> values;
    std::set<std::string> labels;
    for (size_t i = 0; i < f.scale.levels.size(); ++i) {
      const ScaleLevel& l = f.scale.levels[i];
      std::string at = "scale.levels[" + std::to_string(i + 1) + "]";
      if (!values.insert(l.value).second) return Status::Invalid(at + ".value: " + std::to_string(l.value) + " is used twice");
      if (strings::Trim(l.label).empty()) return Status::Invalid(at + ".label: required");
      if (l.label.size() > 60) return Status::Invalid(at + ".label: at most 60 characters");
      if (!labels.insert(LabelKey(l.label)).second) return Status::Invalid(at + ".label: \"" + l.label + "\" is used twice");
      if (l.meaning.size() > 2000) return Status::Invalid(at + ".meaning: at most 2000 characters");
      if (i > 0 && l.value <= f.scale.levels[i - 1].value)
        return Status::Invalid(at + ".value: levels must be in ascending order of value");
    }
  }
  return Status::Ok();
}

const Dimension* FindDimension(const Framework& f, std::string_view key) {
  for (const auto& d : f.dimensions)
    if (d.key == key) return &d;
  return nullptr;
}

const ScaleLevel* FindLevel(const Scale& s, double value) {
  for (const auto& l : s.levels)
    if (static_cast<double>(l.value) == value) return &l;
  return nullptr;
}

std::string FormatValue(double v) {
  if (std::isnan(v)) return "";
  if (v == std::floor(v) && std::fabs(v) < 1e15) return std::to_string(static_cast<int64_t>(v));
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

std::string ValueLabel(const Scale& s, double value) {
  if (s.Numeric()) return FormatValue(value);
  if (const ScaleLevel* l = FindLevel(s, value)) return l->label + " (" + std::to_string(l->value) + ")";
  return FormatValue(value);
}

std::optional<double> ParseScaleValue(const Scale& s, std::string_view text) {
  std::string t = strings::Trim(text);
  if (t.empty()) return std::nullopt;
  if (auto d = strings::ParseDouble(t)) return *d;
  std::string k = LabelKey(t);
  for (const auto& l : s.levels)
    if (LabelKey(l.label) == k) return static_cast<double>(l.value);
  return std::nullopt;
}

Status ValidateSource(std::string_view raw) {
  std::string s = strings::Trim(raw);
  if (s.empty()) return Status::Invalid("empty source");
  if (s.size() > kMaxSourceChars) return Status::Invalid("a source is at most " + std::to_string(kMaxSourceChars) + " characters");
  if (s.find('\n') != std::string::npos || s.find('\r') != std::string::npos)
    return Status::Invalid("one source per line");
  std::string lower = strings::ToLower(s);
  if (strings::StartsWith(lower, "http://") || strings::StartsWith(lower, "https://")) {
    std::string rest = s.substr(lower.find("//") + 2);
    std::string host = rest.substr(0, rest.find_first_of("/?#"));
    if (host.empty() || host.find('.') == std::string::npos || host.front() == '.')
      return Status::Invalid("\"" + s + "\" is not a complete URL (no host)");
    if (s.find_first_of(" \t<>\"") != std::string::npos)
      return Status::Invalid("\"" + s + "\" is not a valid URL (spaces or quotes in it)");
    return Status::Ok();
  }
  // Another scheme ("javascript:", "file:", "ftp:") is neither a web link nor a reference.
  size_t colon = s.find(':');
  if (colon != std::string::npos && colon > 0 && s.find(' ') > colon) {
    std::string scheme = lower.substr(0, colon);
    bool schemey = std::all_of(scheme.begin(), scheme.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '+' || c == '.' || c == '-'; });
    if (schemey && colon + 1 < s.size() && s[colon + 1] != ' ')
      return Status::Invalid("\"" + s + "\": only http(s) links or document references are accepted");
  }
  if (s.size() < 3) return Status::Invalid("\"" + s + "\" is too short for a document reference");
  return Status::Ok();
}

std::vector<std::string> SplitSources(std::string_view text) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const std::string& line : strings::Split(strings::ReplaceAll(std::string(text), "\r", "\n"), '\n')) {
    std::string t = strings::Trim(line);
    if (t.empty() || !seen.insert(t).second) continue;
    out.push_back(t);
  }
  return out;
}

std::string NormaliseEvidence(std::string_view text) {
  std::vector<std::string> lines;
  for (const std::string& line : strings::Split(strings::ReplaceAll(std::string(text), "\r\n", "\n"), '\n')) {
    std::string t = strings::Trim(strings::ReplaceAll(line, "\r", ""));
    if (!t.empty()) lines.push_back(t);
  }
  return strings::Join(lines, "\n");
}

Status ValidateScore(const Framework& f, const Score& s) {
  std::string at = s.region_code + " / " + s.dimension_key + ": ";
  if (s.region_code.empty()) return Status::Invalid("region: required");
  if (!FindDimension(f, s.dimension_key))
    return Status::Invalid(at + "dimension: \"" + s.dimension_key + "\" is not a dimension of " + f.name);
  if (!std::isfinite(s.value)) return Status::Invalid(at + "value: not a number");
  if (f.scale.Numeric()) {
    if (s.value < f.scale.min || s.value > f.scale.max)
      return Status::Invalid(at + "value: " + FormatValue(s.value) + " is outside the scale " + FormatValue(f.scale.min) +
                             ".." + FormatValue(f.scale.max));
  } else if (!FindLevel(f.scale, s.value)) {
    std::vector<std::string> allowed;
    for (const auto& l : f.scale.levels) allowed.push_back(std::to_string(l.value) + " " + l.label);
    return Status::Invalid(at + "value: " + FormatValue(s.value) + " is not on the scale (" + strings::Join(allowed, ", ") + ")");
  }
  std::string ev = NormaliseEvidence(s.evidence);
  if (ev.empty()) return Status::Invalid(at + "evidence: an evidence note (1-3 lines) is required");
  int lines = 1 + static_cast<int>(std::count(ev.begin(), ev.end(), '\n'));
  if (lines > kMaxEvidenceLines)
    return Status::Invalid(at + "evidence: at most " + std::to_string(kMaxEvidenceLines) + " lines (" + std::to_string(lines) +
                           " given)");
  if (ev.size() > kMaxEvidenceChars)
    return Status::Invalid(at + "evidence: at most " + std::to_string(kMaxEvidenceChars) + " characters (" +
                           std::to_string(ev.size()) + " given)");
  if (s.sources.empty()) return Status::Invalid(at + "sources: at least one source (a URL or a document reference) is required");
  if (s.sources.size() > kMaxSources) return Status::Invalid(at + "sources: at most " + std::to_string(kMaxSources));
  for (size_t i = 0; i < s.sources.size(); ++i) {
    Status v = ValidateSource(s.sources[i]);
    if (!v.ok()) return Status::Invalid(at + "sources: line " + std::to_string(i + 1) + ": " + v.message());
  }
  return Status::Ok();
}

std::string RoundTriggerKey(RoundTrigger t) { return t == RoundTrigger::kEvent ? "event" : "six-monthly"; }
std::string RoundTriggerLabel(RoundTrigger t) {
  return t == RoundTrigger::kEvent ? "After an event" : "Six-monthly update";
}
std::optional<RoundTrigger> ParseRoundTrigger(std::string_view s) {
  std::string k = strings::ToLower(strings::Trim(s));
  if (k == "six-monthly" || k == "sixmonthly" || k == "six monthly" || k == "periodic") return RoundTrigger::kSixMonthly;
  if (k == "event" || k == "after-event" || k == "after an event") return RoundTrigger::kEvent;
  return std::nullopt;
}

std::string RoundStatusKey(RoundStatus s) { return s == RoundStatus::kClosed ? "closed" : "open"; }

Status ValidateRound(const Round& r) {
  std::string title = strings::Trim(r.title);
  if (title.empty()) return Status::Invalid("title: required");
  if (title.size() > 200) return Status::Invalid("title: at most 200 characters");
  auto d = dates::Parse(r.date);
  if (r.date.size() != 10 || !d) return Status::Invalid("date: \"" + r.date + "\" is not a date (YYYY-MM-DD)");
  if (r.trigger == RoundTrigger::kEvent && strings::Trim(r.event_title).empty() && !r.event_id)
    return Status::Invalid("event: a round after an event names the event");
  if (r.event_title.size() > 300) return Status::Invalid("event: at most 300 characters");
  return Status::Ok();
}

std::string AddMonths(std::string_view iso, int months) {
  auto d = dates::Parse(iso);
  if (!d) return "";
  int total = d->year * 12 + (d->month - 1) + months;
  dates::Date out{total / 12, total % 12 + 1, d->day};
  while (out.day > 28 && !dates::IsValid(out)) --out.day;
  return dates::ToIso(out);
}

bool OlderThanSixMonths(std::string_view round_date, std::string_view today) {
  std::string limit = AddMonths(round_date, 6);
  if (limit.empty()) return false;
  return std::string(today) > limit;
}

std::string S3pPriorityLabel(S3pPriority p) {
  switch (p) {
    case S3pPriority::kCritical: return "CRITICAL";
    case S3pPriority::kVeryHigh: return "VERY HIGH";
    case S3pPriority::kHigh: return "HIGH";
    case S3pPriority::kMedium: break;
  }
  return "MEDIUM";
}

std::optional<S3pPriority> ParseS3pPriority(std::string_view s) {
  std::string k = LabelKey(s);
  if (k == "CRITICAL") return S3pPriority::kCritical;
  if (k == "VERY HIGH" || k == "VERYHIGH") return S3pPriority::kVeryHigh;
  if (k == "HIGH") return S3pPriority::kHigh;
  if (k == "MEDIUM") return S3pPriority::kMedium;
  return std::nullopt;
}

Status ValidateS3pPartnership(const S3pPartnership& p) {
  if (strings::Trim(p.partnership).empty()) return Status::Invalid("partnership: required");
  if (p.partnership.size() > 200) return Status::Invalid("partnership: at most 200 characters");
  if (strings::Trim(p.platform).empty()) return Status::Invalid("platform: required");
  if (p.platform.size() > 200) return Status::Invalid("platform: at most 200 characters");
  if (p.leading_regions.size() > 1000) return Status::Invalid("leading_regions: at most 1000 characters");
  for (const auto& c : p.region_codes)
    if (!IsNutsCodeSyntax(c)) return Status::Invalid("region_codes: \"" + c + "\" is not a NUTS code");
  if (p.synergies.size() > 4000) return Status::Invalid("synergies: at most 4000 characters");
  if (p.interaction_focus.size() > 4000) return Status::Invalid("interaction_focus: at most 4000 characters");
  if (p.benchmark_points.size() > 30) return Status::Invalid("benchmark_points: at most 30");
  for (const auto& b : p.benchmark_points)
    if (b.size() > 1000) return Status::Invalid("benchmark_points: each at most 1000 characters");
  return Status::Ok();
}

const std::vector<NamedRegion>& S3pNamedRegions() {
  static const std::vector<NamedRegion> table = {
      {"Lapland (FI)", {"FI1D7"}, "Lappi, a level-3 region of FI1D"},
      {"North Karelia (FI)", {"FI1D3"}, "Pohjois-Karjala, a level-3 region of FI1D"},
      {"Andalusia (ES)", {"ES61"}, ""},
      {"Castile & Leon (ES)", {"ES41"}, ""},
      {"West Slovenia (SI)", {"SI04"}, "Zahodna Slovenija"},
      {"Lombardy (IT)", {"ITC4"}, ""},
      {"Catalonia (ES)", {"ES51"}, ""},
      {"Emilia Romagna (IT)", {"ITH5"}, ""},
      {"Limburg (NL)", {"NL42"}, ""},
      {"Slovenia (SI)", {"SI"}, "the whole country"},
      {"Tuscany (IT)", {"ITI1"}, ""},
      {"Aragon (ES)", {"ES24"}, ""},
      {"Auvergne-Rhône-Alpes (FR)", {"FRK"}, "a level-1 region in NUTS 2021"},
      {"Normandie (FR)", {"FRD"}, "a level-1 region in NUTS 2021"},
      {"Northern Netherlands (NL)", {"NL1"}, "Noord-Nederland, level 1"},
      {"North Great Plain/Észak-Alföld (HU)", {"HU32"}, ""},
      // NUTS 2021 has no "North West Croatia": the old Sjeverozapadna Hrvatska is now Grad
      // Zagreb plus Sjeverna Hrvatska.
      {"North West Croatia (HR)", {"HR05", "HR06"}, "the former North West Croatia = Grad Zagreb + Sjeverna Hrvatska"},
  };
  return table;
}

namespace {

std::vector<std::string> CodesOf(const std::vector<std::string>& names) {
  std::vector<std::string> out;
  for (const auto& n : names)
    for (const auto& r : S3pNamedRegions())
      if (r.name == n) out.insert(out.end(), r.codes.begin(), r.codes.end());
  return out;
}

}  // namespace

std::vector<S3pPartnership> SeedS3pCatalogue() {
  const std::string industry = "Industrial Modernisation (S3P-Industry)";
  struct Row {
    std::string platform, partnership;
    std::vector<std::string> regions;
    S3pPriority priority;
    std::string synergies, focus;
    std::vector<std::string> points;
  };
  // Facts from seed 000 Tables 1 and 2, re-worded.
  const std::vector<Row> rows = {
      {industry, "Mining", {"Lapland (FI)", "North Karelia (FI)", "Andalusia (ES)"}, S3pPriority::kCritical,
       "Direct policy and territorial corridor for critical-raw-material resilience and deployment conditions; overlaps "
       "with regional raw-materials governance and investment framing, including mining-region innovation ecosystems.",
       "The best corridor for territorial feasibility: feedstock governance, permitting and regional enabling "
       "instruments, also for circular value chains.",
       {"Design of circular CRM corridors linking collection, pre-processing, recovery and markets across territories",
        "Sustainability and traceability expectations of regions and authorities in CRM ecosystems",
        "Cluster organisations and agencies able to mobilise actors quickly",
        "Regulatory readiness: waste status, shipment constraints, permitting",
        "Feedstock security and social licence: evidence for local acceptance"}},
      {industry, "Advanced Materials for Batteries", {"Andalusia (ES)", "Castile & Leon (ES)", "West Slovenia (SI)"},
       S3pPriority::kVeryHigh,
       "A high-value benchmark for circular materials governance (quality stability, due diligence, evidence "
       "packaging) transferable to magnet circularity; supports comparability and uptake logic.",
       "A strong benchmarking reference: mature governance of secondary materials and a transferable evidence model.",
       {"Comparability and uncertainty handling for circular materials",
        "Traceability and due-diligence logic: selective sharing, interoperability constraints",
        "Communicating the maturity and bankability of secondary routes",
        "Strong regional ecosystems for deploying circular materials"}},
      {industry, "Efficient & Sustainable Manufacturing", {"Lombardy (IT)", "Catalonia (ES)"}, S3pPriority::kHigh,
       "A corridor for process maturity, industrialisation logic and repeatability evidence: scale-up credibility and "
       "quality assurance across variable feedstocks.",
       "Strengthens process maturity and the credibility of industrialisation: evidence of repeatability and readiness.",
       {"Process maturity and scale-up readiness criteria", "Quality management and repeatability across variable feedstocks",
        "Industrial conventions and critical control points of manufacturers",
        "Manufacturing intermediaries and technical centres supporting industrialisation"}},
      {"Agri-Food (S3P Agri-Food)", "Traceability & Big Data", {"Andalusia (ES)", "Emilia Romagna (IT)"},
       S3pPriority::kHigh,
       "The methodological frame for Digital Product Passports: certifying the green status of recycled NdFeB and "
       "catalysts by transferring agri-food traceability practice (recycled content, responsible sourcing).",
       "The strongest governance benchmark for DPP interoperability: validates feasibility and the trust architecture.",
       {"Interoperability and data governance across heterogeneous sources",
        "Cybersecurity-aware exchange patterns and trusted data intermediaries",
        "Selective data sharing that protects commercial confidentiality",
        "Trust architecture: responsible sourcing, recycled content, certification"}},
      {industry, "Chemicals", {"Lombardy (IT)", "Limburg (NL)"}, S3pPriority::kHigh,
       "Directly relevant to NEO-CYCLE's outputs (catalysts for ammonia and polymers); connects with chemical-industry "
       "end users that need rare-earth sources.",
       "The corridor where adoption discipline is strongest: turns a technical result into an industrial product with "
       "clear requirements and risk logic.",
       {"End-user requirements and validation pathways for circular catalysts", "Traceability as procurement infrastructure",
        "Bankability: evidence that lowers the risk of adoption and investment"}},
      {industry, "SME Integration to Industry 4.0", {"Slovenia (SI)", "Tuscany (IT)"}, S3pPriority::kHigh,
       "Supports digitalising recycling plants (digital twins) and helps regional SMEs adopt the technologies for WEEE "
       "processing.",
       "Ensures feasibility: digital evidence and DPPs only scale if SMEs can implement them with reasonable effort.",
       {"Feasibility of traceability and data sharing in SMEs", "Interoperability constraints and realistic data governance",
        "Selective sharing and confidentiality in real settings"}},
      {industry, "Hydrogen Valleys",
       {"Aragon (ES)", "Auvergne-Rhône-Alpes (FR)", "Normandie (FR)", "Northern Netherlands (NL)"}, S3pPriority::kMedium,
       "Linked through the ammonia use case (green hydrogen to ammonia); a possible niche for rare-earth catalysts in "
       "electrolysers or hydrogen storage.",
       "Useful for deployment logic: how sustainability and traceability claims weigh on procurement and investment.",
       {"Deployment requirements and procurement logic for catalysts and process technologies",
        "Evidence needed for market readiness (sustainability, traceability)",
        "Bankability and investment pathways beyond pilots", "Links with process industries, clusters and policy intermediaries"}},
      {"Energy (S3P Energy)", "Sustainable Buildings",
       {"Andalusia (ES)", "North Great Plain/Észak-Alföld (HU)", "North West Croatia (HR)"}, S3pPriority::kMedium,
       "Peripheral to magnets; a benchmark for structured regional deployment and quadruple-helix engagement, as a "
       "secondary corridor rather than a feedstock stream.",
       "A secondary benchmark for how regions organise deployment: strengthens engagement design and continuity.",
       {"Regional deployment pathways: milestones and actor roles", "Multi-helix engagement that lasts beyond events",
        "How sustainability evidence enters procurement and public support schemes"}},
  };
  std::vector<S3pPartnership> out;
  int pos = 0;
  for (const Row& r : rows) {
    S3pPartnership p;
    p.platform = r.platform;
    p.partnership = r.partnership;
    p.leading_regions = strings::Join(r.regions, ", ");
    p.region_codes = CodesOf(r.regions);
    p.priority = r.priority;
    p.synergies = r.synergies;
    p.interaction_focus = r.focus;
    p.benchmark_points = r.points;
    p.position = ++pos;
    out.push_back(std::move(p));
  }
  return out;
}

namespace {

// NUTS codes nest by prefix: FI1D7 lies in FI1D, FI1 and FI.
bool Overlaps(const std::string& a, const std::string& b) {
  return strings::StartsWith(a, b) || strings::StartsWith(b, a);
}

}  // namespace

std::vector<RegionPriority> OrderBySelectionFilter(const std::vector<std::string>& codes,
                                                   const std::vector<S3pPartnership>& catalogue) {
  std::vector<RegionPriority> out;
  for (const auto& code : codes) {
    RegionPriority rp;
    rp.code = code;
    std::vector<const S3pPartnership*> tied;
    for (const auto& p : catalogue)
      for (const auto& c : p.region_codes)
        if (Overlaps(code, c)) {
          tied.push_back(&p);
          break;
        }
    std::stable_sort(tied.begin(), tied.end(), [](auto* a, auto* b) { return a->priority > b->priority; });
    for (auto* p : tied) {
      if (!rp.top || p->priority > *rp.top) rp.top = p->priority;
      rp.partnerships.push_back(p->partnership + " (" + S3pPriorityLabel(p->priority) + ")");
    }
    out.push_back(std::move(rp));
  }
  std::stable_sort(out.begin(), out.end(), [](const RegionPriority& a, const RegionPriority& b) {
    int pa = a.top ? static_cast<int>(*a.top) : 0, pb = b.top ? static_cast<int>(*b.top) : 0;
    if (pa != pb) return pa > pb;
    return a.partnerships.size() > b.partnerships.size();
  });
  return out;
}

}  // namespace corridor::domain
