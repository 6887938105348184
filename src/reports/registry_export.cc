#include "reports/registry_export.h"

#include <algorithm>
#include <map>

#include "core/strings.h"

namespace corridor::reports {

using domain::FieldSpec;
using domain::FieldType;
using domain::SisterProject;

namespace {

constexpr const char* kNone = "(none)";
constexpr const char* kUnscored = "Unscored";

ColumnKind KindFor(FieldType t) {
  switch (t) {
    case FieldType::kUrl: return ColumnKind::kUrl;
    case FieldType::kDate: return ColumnKind::kDate;
    case FieldType::kEuros:
    case FieldType::kCount:
    case FieldType::kRelevance: return ColumnKind::kNumber;
    default: return ColumnKind::kText;
  }
}

std::string Focal(std::string_view focal) { return focal.empty() ? std::string("focal project") : std::string(focal); }

// Counts in `counts`, ordered: `preferred` first (those present, or all of them when
// `keep_all_preferred`), then the rest by count (descending) and name, kNone last.
std::vector<CountItem> Ordered(const std::map<std::string, int64_t>& counts, const std::vector<std::string>& preferred,
                               bool keep_all_preferred) {
  std::vector<CountItem> out;
  std::vector<std::string> used;
  for (const auto& p : preferred) {
    auto it = counts.find(p);
    if (it != counts.end() || keep_all_preferred) {
      out.push_back({p, it == counts.end() ? 0 : it->second});
      used.push_back(p);
    }
  }
  std::vector<CountItem> rest;
  for (const auto& [k, n] : counts)
    if (k != kNone && std::find(used.begin(), used.end(), k) == used.end()) rest.push_back({k, n});
  std::stable_sort(rest.begin(), rest.end(), [](const CountItem& a, const CountItem& b) {
    if (a.count != b.count) return a.count > b.count;
    return strings::ToLower(a.label) < strings::ToLower(b.label);
  });
  out.insert(out.end(), rest.begin(), rest.end());
  if (auto it = counts.find(kNone); it != counts.end()) out.push_back({kNone, it->second});
  return out;
}

bool UsesAnyDefaultLink(const std::map<std::string, int64_t>& counts) {
  for (const auto& l : domain::DefaultValueChainLinks())
    if (counts.count(l)) return true;
  return false;
}

}  // namespace

std::string LevelLabel(int score) {
  std::string l = domain::RelevanceLabel(score);
  if (!l.empty()) l[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(l[0])));
  return l;
}

Table RegistryTable(const std::vector<SisterProject>& projects, std::string_view focal_acronym) {
  const std::string focal = Focal(focal_acronym);
  Table t;
  t.title = std::string(focal_acronym.empty() ? "Sister projects" : std::string(focal_acronym) + " sister projects");
  for (const auto& section : domain::Sections()) {
    size_t span = 0;
    for (const FieldSpec& f : domain::SisterProjectFields())
      if (section == f.section) ++span;
    t.groups.push_back({strings::ReplaceAll(section, "{focal}", focal), span});
  }
  for (const FieldSpec& f : domain::SisterProjectFields())
    t.columns.push_back({f.key, domain::FieldLabel(f, focal_acronym), KindFor(f.type), ""});
  t.groups.push_back({kAnalysisSection, 5});
  t.columns.push_back({kValueChainLinksKey, "Value-chain links", ColumnKind::kText, ""});
  t.columns.push_back({kTopicKey, "Topic", ColumnKind::kText, ""});
  t.columns.push_back({kLevelKey, "Level", ColumnKind::kText, ""});
  t.columns.push_back({kStageKey, "Stage", ColumnKind::kText, ""});
  t.columns.push_back({kGrantIdKey, "CORDIS grant ID", ColumnKind::kText, ""});
  for (const auto& f : domain::SisterProjectFields())
    if (f.type == FieldType::kEuros) {
      auto idx = ColumnIndex(t, f.key);
      if (idx) t.columns[*idx].number_format = "#,##0.00";
    }
  t.rows.reserve(projects.size());
  for (const SisterProject& p : projects) {
    std::vector<std::string> row;
    row.reserve(t.columns.size());
    for (const FieldSpec& f : domain::SisterProjectFields()) row.push_back(p.Get(f.key));
    row.push_back(strings::Join(p.value_chain_links, kLinkSeparator));
    row.push_back(p.topic);
    row.push_back(LevelLabel(p.Relevance()));
    row.push_back(domain::StageLabel(p.stage));
    row.push_back(p.grant_id);
    t.rows.push_back(std::move(row));
  }
  return t;
}

Result<std::string> RegistryXlsx(const std::vector<SisterProject>& projects, std::string_view focal_acronym,
                                 const XlsxOptions& options) {
  return WriteXlsx(RegistryTable(projects, focal_acronym), options);
}

std::string RegistryCsv(const std::vector<SisterProject>& projects, std::string_view focal_acronym,
                        const CsvOptions& options) {
  return WriteCsv(RegistryTable(projects, focal_acronym), options);
}

const std::vector<std::string>& CountDimensions() {
  static const std::vector<std::string> d = {"value_chain_link", "topic",         "programme",
                                             "relevance",        "topic_by_link", "stage"};
  return d;
}

bool IsCountDimension(std::string_view dimension) {
  const auto& d = CountDimensions();
  return std::find(d.begin(), d.end(), dimension) != d.end();
}

std::string CountTitle(std::string_view dimension, std::string_view focal_acronym) {
  std::string focal = Focal(focal_acronym);
  if (dimension == "value_chain_link") return "Sister projects across the " + focal + " value chain";
  if (dimension == "topic") return "Sister projects by topic";
  if (dimension == "programme") return "Funding programmes of the sister projects";
  if (dimension == "relevance") return "Sister projects by relevance level";
  if (dimension == "stage") return "Sister projects by pipeline stage";
  if (dimension == "topic_by_link") return "Project topics in the " + focal + " value chain";
  return std::string(dimension);
}

std::string CountCategoryLabel(std::string_view dimension) {
  if (dimension == "value_chain_link") return "Value-chain link";
  if (dimension == "topic" || dimension == "topic_by_link") return "Topic";
  if (dimension == "programme") return "Programme";
  if (dimension == "relevance") return "Level";
  if (dimension == "stage") return "Stage";
  return "Category";
}

Result<std::vector<CountItem>> CountBy(const std::vector<SisterProject>& projects, std::string_view dimension) {
  std::map<std::string, int64_t> counts;
  if (dimension == "value_chain_link") {
    for (const auto& p : projects) {
      if (p.value_chain_links.empty()) ++counts[kNone];
      for (const auto& l : p.value_chain_links) ++counts[l];
    }
    return Ordered(counts, domain::DefaultValueChainLinks(), UsesAnyDefaultLink(counts));
  }
  if (dimension == "topic" || dimension == "programme") {
    for (const auto& p : projects) {
      std::string v = dimension == "topic" ? p.topic : p.Get("programme");
      ++counts[v.empty() ? std::string(kNone) : v];
    }
    return Ordered(counts, {}, false);
  }
  if (dimension == "relevance") {
    int64_t unscored = 0;
    for (const auto& p : projects) {
      int r = p.Relevance();
      if (r == 0) ++unscored;
      else ++counts[LevelLabel(r)];
    }
    std::vector<CountItem> out;
    for (int r = 1; r <= 4; ++r) out.push_back({LevelLabel(r), counts[LevelLabel(r)]});
    if (unscored) out.push_back({kUnscored, unscored});
    return out;
  }
  if (dimension == "stage") {
    std::map<domain::Stage, int64_t> by;
    for (const auto& p : projects) ++by[p.stage];
    std::vector<CountItem> out;
    for (domain::Stage s : domain::AllStages()) out.push_back({domain::StageLabel(s), by[s]});
    return out;
  }
  return Status::NotFound("no count dimension \"" + std::string(dimension) +
                          "\"; use one of: " + strings::Join(CountDimensions(), ", "));
}

SeriesChartData TopicByLink(const std::vector<SisterProject>& projects) {
  SeriesChartData d;
  auto topics = CountBy(projects, "topic");
  auto links = CountBy(projects, "value_chain_link");
  for (const auto& t : *topics) d.categories.push_back(t.label);
  for (const auto& l : *links)
    if (l.label != kNone || l.count > 0) d.series.push_back(l.label);
  d.values.assign(d.categories.size(), std::vector<double>(d.series.size(), 0));
  auto index = [](const std::vector<std::string>& v, const std::string& x) {
    return static_cast<size_t>(std::find(v.begin(), v.end(), x) - v.begin());
  };
  for (const auto& p : projects) {
    size_t c = index(d.categories, p.topic.empty() ? std::string(kNone) : p.topic);
    if (c >= d.categories.size()) continue;
    std::vector<std::string> ls = p.value_chain_links;
    if (ls.empty()) ls.push_back(kNone);
    for (const auto& l : ls) {
      size_t s = index(d.series, l);
      if (s < d.series.size()) d.values[c][s] += 1;
    }
  }
  return d;
}

Result<Table> CountsTable(const std::vector<SisterProject>& projects, std::string_view dimension,
                          std::string_view focal_acronym) {
  Table t;
  t.title = CountTitle(dimension, focal_acronym);
  if (dimension == "topic_by_link") {
    SeriesChartData d = TopicByLink(projects);
    t.columns.push_back({"topic", "Topic", ColumnKind::kText, ""});
    for (const auto& s : d.series) t.columns.push_back({s, s, ColumnKind::kNumber, ""});
    t.columns.push_back({"total", "Total", ColumnKind::kNumber, ""});
    for (size_t c = 0; c < d.categories.size(); ++c) {
      std::vector<std::string> row{d.categories[c]};
      int64_t total = 0;
      for (double v : d.values[c]) {
        row.push_back(std::to_string(static_cast<int64_t>(v)));
        total += static_cast<int64_t>(v);
      }
      row.push_back(std::to_string(total));
      t.rows.push_back(std::move(row));
    }
    return t;
  }
  CORRIDOR_ASSIGN_OR_RETURN(std::vector<CountItem> items, CountBy(projects, dimension));
  t.columns.push_back({std::string(dimension), CountCategoryLabel(dimension), ColumnKind::kText, ""});
  t.columns.push_back({"projects", "Projects", ColumnKind::kNumber, ""});
  for (const auto& i : items) t.rows.push_back({i.label, std::to_string(i.count)});
  return t;
}

Result<std::string> CountsCsv(const std::vector<SisterProject>& projects, std::string_view dimension,
                              std::string_view focal_acronym) {
  CORRIDOR_ASSIGN_OR_RETURN(Table t, CountsTable(projects, dimension, focal_acronym));
  return WriteCsv(t);
}

Result<std::string> CountsSvg(const std::vector<SisterProject>& projects, std::string_view dimension,
                              std::string_view focal_acronym) {
  if (dimension == "topic_by_link") {
    SeriesChartOptions o;
    o.title = CountTitle(dimension, focal_acronym);
    o.mode = BarMode::kStacked;
    return SeriesBarChartSvg(TopicByLink(projects), o);
  }
  CORRIDOR_ASSIGN_OR_RETURN(std::vector<CountItem> items, CountBy(projects, dimension));
  std::vector<BarItem> bars;
  for (const auto& i : items) bars.push_back({i.label, static_cast<double>(i.count)});
  BarChartOptions o;
  o.title = CountTitle(dimension, focal_acronym);
  return HorizontalBarChartSvg(bars, o);
}

}  // namespace corridor::reports
