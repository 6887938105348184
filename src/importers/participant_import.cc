#include "importers/participant_import.h"

#include <cctype>
#include <map>
#include <set>

#include "core/strings.h"
#include "importers/registry_import.h"

namespace corridor::importers::participants {

namespace {

// Letters and digits only, lower-case, accents folded: "E-mail address" -> "emailaddress".
std::string Norm(std::string_view s) {
  std::string out;
  for (unsigned char c : strings::FoldAccents(s))
    if (std::isalnum(c)) out += static_cast<char>(std::tolower(c));
  return out;
}

const std::map<std::string, std::string>& Synonyms() {
  static const std::map<std::string, std::string> m = {
      {"name", "name"},
      {"fullname", "name"},
      {"participant", "name"},
      {"participantname", "name"},
      {"person", "name"},
      {"contactname", "name"},
      {"nameandsurname", "name"},
      {"organisation", "organisation"},
      {"organization", "organisation"},
      {"affiliation", "organisation"},
      {"institution", "organisation"},
      {"company", "organisation"},
      {"entity", "organisation"},
      {"email", "email"},
      {"emailaddress", "email"},
      {"mail", "email"},
      {"country", "country"},
      {"countrycode", "country"},
      {"type", "type"},
      {"stakeholdertype", "type"},
      {"stakeholdergroup", "type"},
      {"category", "type"},
  };
  return m;
}

}  // namespace

Result<ParsedFile> ParseFile(std::string_view filename, std::string bytes) {
  CORRIDOR_ASSIGN_OR_RETURN(registry::Sheet sheet, registry::ReadFile(filename, std::move(bytes), ""));
  ParsedFile out;
  for (auto& n : sheet.notes)
    if (!strings::StartsWith(n, "No column header was recognised")) out.notes.push_back(n);
  std::map<std::string, size_t> col;  // target -> column (the first that names it)
  for (size_t i = 0; i < sheet.headers.size(); ++i) {
    auto it = Synonyms().find(Norm(sheet.headers[i]));
    if (it == Synonyms().end() || col.count(it->second)) continue;
    col[it->second] = i;
    out.mapping.push_back(strings::Trim(sheet.headers[i]) + " -> " + it->second);
  }
  if (!col.count("name")) {
    std::vector<std::string> found;
    for (auto& h : sheet.headers)
      if (!strings::Trim(h).empty()) found.push_back("\"" + strings::Trim(h) + "\"");
    return Status::Invalid("header: no column for \"name\" (found: " +
                           (found.empty() ? std::string("no headers") : strings::Join(found, ", ")) +
                           "); expected columns name, organisation, email, country, type");
  }
  auto cell = [&](const registry::Row& r, const char* target) -> std::string {
    auto it = col.find(target);
    if (it == col.end() || it->second >= r.cells.size()) return "";
    return strings::Trim(r.cells[it->second]);
  };
  for (const registry::Row& r : sheet.rows) {
    storage::ParticipantRow p;
    p.line = r.line > 0 ? r.line : r.row;
    p.name = cell(r, "name");
    p.organisation = cell(r, "organisation");
    p.email = cell(r, "email");
    p.country = cell(r, "country");
    p.type = cell(r, "type");
    if (p.name.empty() && p.organisation.empty() && p.email.empty() && p.country.empty() && p.type.empty()) continue;
    out.rows.push_back(std::move(p));
  }
  return out;
}

Result<storage::ParticipantImportOutcome> Import(storage::Connection& c, int64_t workspace_id, int64_t event_id,
                                                 std::string_view filename, std::string bytes, bool skip_bad_rows,
                                                 const storage::Actor& who) {
  std::string name(filename);
  CORRIDOR_ASSIGN_OR_RETURN(ParsedFile parsed, ParseFile(filename, std::move(bytes)));
  storage::Transaction tx(c);
  CORRIDOR_RETURN_IF_ERROR(tx.status());
  CORRIDOR_ASSIGN_OR_RETURN(auto outcome, storage::EventEvidenceStore(c).ImportParticipants(
                                              workspace_id, event_id, parsed.rows, skip_bad_rows, who));
  if (outcome.committed) CORRIDOR_RETURN_IF_ERROR(tx.Commit());
  for (auto& e : outcome.errors) e = name + ": " + e;
  return outcome;
}

}  // namespace corridor::importers::participants
