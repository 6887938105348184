// Mapping region codes of older NUTS vintages (2010, 2013, 2016) to NUTS 2021, never guessing.
// A code is mapped only when the change was a pure recode (same territory, new code), e.g.
// FR24 (Centre, NUTS 2010/2013) -> FRB0 (Centre - Val de Loire, 2016 onwards). Everything else
// is listed with the reason it cannot be mapped: regions split or merged (HU10 -> HU11 + HU12,
// PL12 -> PL91 + PL92), boundary changes, statistical aggregates (EU27_2020, EA19), Extra-Regio
// codes (ESZZ) and territories outside NUTS (CN_X_HK, US).
//
// The recode table is KnownRecodes() (documented in docs/INDICATORS.md), taken from Eurostat's
// NUTS history (the amendments of 2013, 2016 and 2021). NUTS 3 recodes are included only where
// the one-to-one correspondence is certain; other old NUTS 3 codes are listed, not mapped.
// A code that exists in NUTS 2021 is taken as a 2021 code, even if a file of an older vintage
// used it for a slightly different territory (NUTS keeps a code only for unchanged or nearly
// unchanged regions).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace corridor::importers {

enum class CodeStatus {
  kCurrent,         // already a NUTS 2021 code
  kRecoded,         // an older code of the same territory: mapped to code_2021
  kSplit,           // the old region is now divided among several 2021 regions (successors)
  kBoundaryChange,  // merged, regrouped or with a changed boundary: no one-to-one successor
  kAggregate,       // EU27_2020, EU28, EA19, ...: not a region
  kExtraRegio,      // xxZ / xxZZ: Extra-Regio (not a territory)
  kNotNuts,         // a country or territory outside NUTS 2021 (US, JP, CN_X_HK, BA)
  kUnknown,         // none of the above: not a NUTS 2021 code, no known correspondence
};
std::string_view CodeStatusKey(CodeStatus s);  // "current", "recoded", "split", "boundary-change", ...

struct CodeResolution {
  std::string input;       // as normalised (trimmed, upper-case)
  CodeStatus status = CodeStatus::kUnknown;
  std::string code_2021;   // set for kCurrent and kRecoded
  std::vector<std::string> successors;  // kSplit / kBoundaryChange when known
  std::string reason;      // one line for people: "split in NUTS 2021 into HU11 + HU12 (2021)"
  bool mapped() const { return status == CodeStatus::kCurrent || status == CodeStatus::kRecoded; }
};

CodeResolution ResolveNutsCode(std::string_view code);

struct NutsRecode {
  const char* from;
  const char* to;
  const char* since;  // the NUTS version that introduced the new code
  const char* name;   // the region
};
// The pure recodes Corridor knows (from -> to), in code order of `from`.
const std::vector<NutsRecode>& KnownRecodes();

}  // namespace corridor::importers
