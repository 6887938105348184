#include "domain/region.h"

#include <algorithm>
#include <cctype>

namespace corridor::domain {

namespace {
bool IsUpperAlpha(char c) { return c >= 'A' && c <= 'Z'; }
bool IsUpperAlnum(char c) { return IsUpperAlpha(c) || (c >= '0' && c <= '9'); }

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}
}  // namespace

bool IsNutsCodeSyntax(std::string_view code) {
  if (code.size() < 2 || code.size() > 5) return false;
  if (!IsUpperAlpha(code[0]) || !IsUpperAlpha(code[1])) return false;
  return std::all_of(code.begin() + 2, code.end(), IsUpperAlnum);
}

int NutsLevelOfCode(std::string_view code) {
  return IsNutsCodeSyntax(code) ? static_cast<int>(code.size()) - 2 : -1;
}

std::string NormaliseNutsCode(std::string_view code) {
  std::string s = Trim(code);
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

Status ValidateUserRegionKey(std::string_view key) {
  if (key.size() < 3 || key.size() > 40)
    return Status::Invalid("key: use 3-40 characters (lower-case letters, digits, hyphens)");
  if (!(key[0] >= 'a' && key[0] <= 'z')) return Status::Invalid("key: must start with a lower-case letter");
  for (char c : key)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
      return Status::Invalid("key: only lower-case letters, digits and hyphens are allowed");
  if (IsNutsCodeSyntax(NormaliseNutsCode(key)))
    return Status::Invalid("key: \"" + std::string(key) +
                           "\" looks like a NUTS code; use a longer name such as \"iberian-corridor\"");
  return Status::Ok();
}

std::vector<std::string> SplitRegionCodes(std::string_view list) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    std::string t = Trim(cur);
    if (!t.empty()) out.push_back(t);
    cur.clear();
  };
  for (char c : list) {
    if (c == ',' || c == ';' || c == '+' || std::isspace(static_cast<unsigned char>(c))) flush();
    else cur += c;
  }
  flush();
  return out;
}

Status NormaliseUserRegion(UserRegion& r) {
  r.key = Trim(r.key);
  r.name = Trim(r.name);
  r.description = Trim(r.description);
  CORRIDOR_RETURN_IF_ERROR(ValidateUserRegionKey(r.key));
  if (r.name.empty()) return Status::Invalid("name: required");
  if (r.name.size() > 200) return Status::Invalid("name: at most 200 characters");
  if (r.description.size() > 2000) return Status::Invalid("description: at most 2000 characters");
  std::vector<std::string> members;
  for (const std::string& m : r.members) {
    std::string code = NormaliseNutsCode(m);
    if (code.empty()) continue;
    if (!IsNutsCodeSyntax(code)) return Status::Invalid("members: " + code + " is not a NUTS code");
    if (std::find(members.begin(), members.end(), code) == members.end()) members.push_back(code);
  }
  if (members.empty()) return Status::Invalid("members: name at least one NUTS 2021 region");
  if (members.size() > 200) return Status::Invalid("members: at most 200 regions");
  r.members = std::move(members);
  return Status::Ok();
}

}  // namespace corridor::domain
