#include "storage/nuts_reference.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>

#include "core/embedded_files.h"

namespace corridor::storage {

namespace {

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t tab = line.find('\t', start);
    if (tab == std::string_view::npos) {
      out.push_back(line.substr(start));
      return out;
    }
    out.push_back(line.substr(start, tab - start));
    start = tab + 1;
  }
}

// Calls fn(line) for every non-empty, non-comment line.
template <typename Fn>
void ForEachLine(std::string_view data, Fn fn) {
  size_t pos = 0;
  while (pos < data.size()) {
    size_t nl = data.find('\n', pos);
    if (nl == std::string_view::npos) nl = data.size();
    std::string_view line = data.substr(pos, nl - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty() && line[0] != '#') fn(line);
    pos = nl + 1;
  }
}

}  // namespace

const NutsReference& NutsReference::Builtin() {
  static const NutsReference* ref = [] {
    auto* r = new NutsReference();
    ForEachLine(embedded::Get("assets/reference/nuts2021_regions.tsv"), [&](std::string_view line) {
      auto f = SplitTabs(line);
      if (f.size() < 7) return;
      domain::NutsRegion n;
      n.code = std::string(f[0]);
      n.level = std::atoi(std::string(f[1]).c_str());
      n.country = std::string(f[2]);
      n.name_latin = std::string(f[3]);
      n.name_national = std::string(f[4]);
      n.label_lon = std::strtod(std::string(f[5]).c_str(), nullptr);
      n.label_lat = std::strtod(std::string(f[6]).c_str(), nullptr);
      r->regions_.push_back(std::move(n));
    });
    std::sort(r->regions_.begin(), r->regions_.end(),
              [](const auto& a, const auto& b) { return a.code < b.code; });
    for (size_t i = 0; i < r->regions_.size(); ++i) r->by_code_[r->regions_[i].code] = i;
    ForEachLine(embedded::Get("assets/reference/nuts2021_boundaries.tsv"), [&](std::string_view line) {
      size_t tab = line.find('\t');
      if (tab == std::string_view::npos) return;
      r->boundaries_[std::string(line.substr(0, tab))] = line.substr(tab + 1);
    });
    return r;
  }();
  return *ref;
}

const domain::NutsRegion* NutsReference::Find(std::string_view code) const {
  auto it = by_code_.find(domain::NormaliseNutsCode(code));
  return it == by_code_.end() ? nullptr : &regions_[it->second];
}

std::vector<const domain::NutsRegion*> NutsReference::List(int level, std::string_view country) const {
  std::string c = domain::NormaliseNutsCode(country);
  std::vector<const domain::NutsRegion*> out;
  for (const auto& r : regions_)
    if ((level < 0 || r.level == level) && (c.empty() || r.country == c)) out.push_back(&r);
  return out;
}

size_t NutsReference::CountAtLevel(int level) const {
  return static_cast<size_t>(
      std::count_if(regions_.begin(), regions_.end(), [&](const auto& r) { return r.level == level; }));
}

std::string_view NutsReference::Boundary(std::string_view code) const {
  auto it = boundaries_.find(domain::NormaliseNutsCode(code));
  return it == boundaries_.end() ? std::string_view{} : it->second;
}

}  // namespace corridor::storage
