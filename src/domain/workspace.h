// A workspace is one focal project or cluster organisation with its consortium.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace corridor::domain {

enum class Role { kViewer = 1, kEditor = 2, kAdmin = 3 };
std::string RoleKey(Role r);  // "viewer" | "editor" | "admin"
std::optional<Role> ParseRole(std::string_view s);

struct ConsortiumPartner {
  int64_t id = 0;
  std::string name;
  std::string short_name;
  std::string org_id;   // CORDIS organisation ID (PIC-like), may be empty
  std::string country;  // two-letter
};

struct Workspace {
  int64_t id = 0;
  std::string slug;     // URL key, e.g. "neo-cycle"
  std::string name;     // "Upcycling of NdFeB magnets in the EU for green applications"
  std::string acronym;  // "NEO-CYCLE"
  std::string kind;     // "project" | "cluster"
  std::string grant_id; // CORDIS grant id of the focal project, if any
  std::string start_date;  // ISO
  std::string description;  // the focal text used by discovery (objective, keywords)
  std::vector<ConsortiumPartner> partners;
};

// Slug: lower-case letters, digits and hyphens, 2-40 chars.
Status ValidateSlug(std::string_view slug);
Status ValidateWorkspace(const Workspace& w);

}  // namespace corridor::domain
