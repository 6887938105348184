#include "domain/workspace.h"

#include "core/dates.h"

namespace corridor::domain {

std::string RoleKey(Role r) {
  switch (r) {
    case Role::kAdmin: return "admin";
    case Role::kEditor: return "editor";
    case Role::kViewer: return "viewer";
  }
  return "viewer";
}

std::optional<Role> ParseRole(std::string_view s) {
  if (s == "admin") return Role::kAdmin;
  if (s == "editor") return Role::kEditor;
  if (s == "viewer") return Role::kViewer;
  return std::nullopt;
}

Status ValidateSlug(std::string_view slug) {
  if (slug.size() < 2 || slug.size() > 40) return Status::Invalid("slug: 2 to 40 characters");
  for (char c : slug)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
      return Status::Invalid("slug: only lower-case letters, digits and hyphens");
  return Status::Ok();
}

Status ValidateWorkspace(const Workspace& w) {
  CORRIDOR_RETURN_IF_ERROR(ValidateSlug(w.slug));
  if (w.name.empty()) return Status::Invalid("name is mandatory");
  if (w.acronym.empty()) return Status::Invalid("acronym is mandatory");
  if (!w.start_date.empty() && !dates::Parse(w.start_date)) return Status::Invalid("start date: not a date");
  for (const auto& p : w.partners)
    if (p.name.empty()) return Status::Invalid("partner name is mandatory");
  return Status::Ok();
}

}  // namespace corridor::domain
