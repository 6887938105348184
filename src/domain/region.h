// Regions (issue 5): NUTS 2021 regions at levels 0-3 and user-defined regions of a workspace
// (a cross-border corridor made of NUTS regions, e.g. "iberian-corridor" = ES41+ES61+ES43+PT18).
// Plain structs and syntax rules; whether a code exists in NUTS 2021 is answered by
// storage/nuts_reference.h (the embedded reference list). No I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace corridor::domain {

// ---- NUTS codes ----

// A NUTS code: a two-letter country code (A-Z; Greece is EL, the UK is UK) followed by 0-3
// letters or digits; its level is the number of characters after the country (0-3). Syntax
// only: "FR24" is well formed but is a 2013 code, not a NUTS 2021 one.
bool IsNutsCodeSyntax(std::string_view code);
// Level 0-3 from the code's length, or -1 when the syntax is wrong.
int NutsLevelOfCode(std::string_view code);
// Trimmed and upper-cased ("  es41 " -> "ES41"); the form every NUTS code is stored in.
std::string NormaliseNutsCode(std::string_view code);

// One NUTS 2021 region as published by GISCO (NUTS_LB_2021): code, level, country, names and
// the label point (WGS 84 lon/lat) used to place a marker or a tooltip.
struct NutsRegion {
  std::string code;           // "ES41"
  int level = 0;              // 0-3
  std::string country;        // "ES" (CNTR_CODE)
  std::string name_latin;     // "Castilla y León" (NAME_LATN)
  std::string name_national;  // NUTS_NAME, in the national script
  double label_lon = 0, label_lat = 0;
};

// ---- user-defined regions ----

// Key of a user-defined region: lower-case letters, digits and hyphens, 3-40 characters,
// starting with a letter, and not shaped like a NUTS code (so "es41" is refused: a key and a
// NUTS code can never be confused in a region list).
Status ValidateUserRegionKey(std::string_view key);

struct UserRegion {
  int64_t id = 0;
  int64_t workspace_id = 0;
  std::string key;                   // "iberian-corridor"
  std::string name;                  // "Iberian raw-materials corridor"
  std::string description;
  std::vector<std::string> members;  // NUTS 2021 codes, any level, in the order given
  int64_t version = 0;
  std::string created_at, updated_at;
};

// Trims the name and description, normalises the members (NormaliseNutsCode, duplicates
// dropped keeping the first) and checks syntax: key, name (1-200 characters), 1-200 members
// each well formed ("members: X-1 is not a NUTS code"). Whether the members exist in NUTS 2021
// is checked by the store against the reference.
Status NormaliseUserRegion(UserRegion& r);

// "ES41,ES61" or "ES41 ES61" or one per line -> {"ES41", "ES61"} (not validated).
std::vector<std::string> SplitRegionCodes(std::string_view list);

// ---- a region as the rest of the product sees it ----

// What a region code of a workspace resolves to: a NUTS 2021 region or one of the workspace's
// user-defined regions. The scoreboard, the composite index and the map all key by `code`.
struct RegionInfo {
  std::string code;     // NUTS code ("ES41") or user region key ("iberian-corridor")
  std::string name;     // Latin name, or the user region's name
  std::string name_national;  // NUTS only
  int level = -1;       // 0-3 for NUTS; -1 for a user-defined region
  std::string country;  // NUTS: its country; user region: its members' countries joined by "+" ("ES+PT")
  bool user_defined = false;
  std::vector<std::string> members;  // user-defined: member NUTS codes; NUTS: empty
  double label_lon = 0, label_lat = 0;  // NUTS only
};

}  // namespace corridor::domain
