#include "web/handlers/engagement_common.h"

#include <algorithm>

#include "core/strings.h"

namespace corridor::web::engagement {

using domain::SegmentFilter;
using nlohmann::json;

SegmentFilter ReadFilter(const Request& req, std::vector<std::string>* errors) {
  SegmentFilter f;
  bool post = req.method == "POST";
  for (const char* p : {"type", "sector", "phase", "tier", "country", "tag", "consent", "actor", "q"}) {
    for (const auto& v : post ? req.FormAll(p) : req.QueryAll(p)) {
      Status s = domain::AddFilterValue(f, p, v);
      if (!s.ok() && errors) errors->push_back(s.message());
    }
  }
  domain::NormaliseFilter(f);
  return f;
}

std::string FilterQuery(const SegmentFilter& f) {
  std::string qs;
  for (auto& [k, v] : domain::FilterParams(f)) qs += (qs.empty() ? "" : "&") + k + "=" + strings::UrlEncode(v);
  return qs;
}

namespace {

bool Has(const std::vector<std::string>& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); }

json Options(const std::vector<storage::TaxonomyRow>& rows, domain::TaxonomyKind kind,
             const std::vector<std::string>& selected) {
  json out = json::array();
  for (const auto& r : rows)
    if (r.entry.kind == kind)
      out.push_back({{"value", r.entry.key}, {"label", r.entry.label}, {"selected", Has(selected, r.entry.key)}});
  return out;
}

json Plain(const std::vector<std::string>& values, const std::vector<std::string>& selected) {
  json out = json::array();
  for (const auto& v : values) out.push_back({{"value", v}, {"label", v}, {"selected", Has(selected, v)}});
  return out;
}

}  // namespace

json FilterForm(const SegmentFilter& f, const std::vector<storage::TaxonomyRow>& taxonomy,
                const std::vector<std::string>& countries, const std::vector<std::string>& tags) {
  json tiers = json::array();
  for (domain::Tier t : domain::AllTiers())
    tiers.push_back({{"value", domain::TierKey(t)}, {"label", domain::TierLabel(t)}, {"selected", Has(f.tiers, domain::TierKey(t))}});
  std::vector<std::string> all_countries = countries, all_tags = tags;
  for (auto& c : f.countries)
    if (!Has(all_countries, c)) all_countries.push_back(c);
  for (auto& t : f.tags)
    if (!Has(all_tags, t)) all_tags.push_back(t);
  json consents = json::array();
  for (auto [v, l] : {std::pair<const char*, const char*>{"contact", "valid consent to be contacted"},
                      std::pair<const char*, const char*>{"newsletter", "valid consent to the newsletter"}})
    consents.push_back({{"value", v}, {"label", l}, {"selected", f.consent == v}});
  return {{"q", f.q},
          {"types", Options(taxonomy, domain::TaxonomyKind::kType, f.types)},
          {"sectors", Options(taxonomy, domain::TaxonomyKind::kSector, f.sectors)},
          {"phases", Options(taxonomy, domain::TaxonomyKind::kPhase, f.phases)},
          {"tiers", tiers},
          {"countries", Plain(all_countries, f.countries)},
          {"tags", Plain(all_tags, f.tags)},
          {"consents", consents},
          {"actor_yes", f.actor && *f.actor},
          {"actor_no", f.actor && !*f.actor}};
}

std::string Describe(const SegmentFilter& f, const std::vector<storage::TaxonomyRow>& taxonomy) {
  SegmentFilter shown = f;
  auto relabel = [&](std::vector<std::string>& v, domain::TaxonomyKind kind) {
    for (auto& k : v) {
      std::string l = storage::TaxonomyStore::LabelOf(taxonomy, kind, k);
      if (!l.empty()) k = l;
    }
  };
  relabel(shown.types, domain::TaxonomyKind::kType);
  relabel(shown.sectors, domain::TaxonomyKind::kSector);
  relabel(shown.phases, domain::TaxonomyKind::kPhase);
  for (auto& t : shown.tiers)
    if (auto tier = domain::ParseTier(t)) t = domain::TierLabel(*tier);
  return domain::DescribeFilter(shown);
}

std::string TierText(const std::string& key) {
  auto t = domain::ParseTier(key);
  return t ? domain::TierLabel(*t) : "unscored";
}

Result<std::vector<storage::TaxonomyRow>> Taxonomy(storage::Connection& c, int64_t ws) {
  return storage::TaxonomyStore(c).List(ws);
}

}  // namespace corridor::web::engagement
