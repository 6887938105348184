#include "importers/stakeholder_import.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/dates.h"
#include "core/strings.h"
#include "domain/consent.h"
#include "storage/consent_store.h"
#include "storage/segment_store.h"
#include "storage/stakeholder_merge.h"
#include "storage/stakeholder_store.h"

namespace corridor::importers::stakeholders {

using domain::Stakeholder;

namespace {

// Letters and digits only, lower-case, accents folded: "E-mail address" -> "emailaddress".
std::string Norm(std::string_view s) {
  std::string f = strings::ToLower(strings::FoldAccents(strings::Trim(s)));
  std::string out;
  for (char c : f)
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += c;
  return out;
}

const std::map<std::string, std::string>& Synonyms() {
  static const std::map<std::string, std::string> m = {
      {"name", "name"},           {"fullname", "name"},          {"contactname", "name"},  {"person", "name"},
      {"organisation", "organisation"}, {"organization", "organisation"}, {"company", "organisation"},
      {"institution", "organisation"}, {"email", "email"},       {"emailaddress", "email"}, {"mail", "email"},
      {"country", "country"},     {"countrycode", "country"},    {"type", "type"},          {"stakeholdertype", "type"},
      {"sector", "sector"},       {"phase", "phase"},            {"valuechainphase", "phase"},
      {"interests", "interests"}, {"interest", "interest"},      {"tags", "tags"},          {"influence", "influence"},
      {"actor", "actor"},         {"isactor", "actor"},          {"notes", "notes"},        {"comments", "notes"},
      {"consenttocontact", "consent_contact"}, {"consentcontact", "consent_contact"},
      {"contactconsent", "consent_contact"},   {"consenttonewsletter", "consent_newsletter"},
      {"consentnewsletter", "consent_newsletter"}, {"newsletterconsent", "consent_newsletter"},
      {"newsletter", "consent_newsletter"},
  };
  return m;
}

std::optional<bool> YesNo(const std::string& raw) {
  std::string v = strings::ToLower(strings::Trim(raw));
  if (v.empty() || v == "no" || v == "n" || v == "false" || v == "0") return false;
  if (v == "yes" || v == "y" || v == "true" || v == "1" || v == "x") return true;
  return std::nullopt;
}

}  // namespace

const std::vector<Target>& Targets() {
  static const std::vector<Target> t = {
      {"name", "Name"},         {"organisation", "Organisation"}, {"email", "E-mail"},
      {"country", "Country"},   {"type", "Stakeholder type"},     {"sector", "Sector"},
      {"phase", "Value-chain phase"}, {"interests", "Interests"}, {"tags", "Tags"},
      {"influence", "Influence (1-5)"}, {"interest", "Interest (1-5)"}, {"actor", "Actor (yes/no)"},
      {"notes", "Notes"},       {"consent_contact", "Consent to be contacted (yes/no)"},
      {"consent_newsletter", "Consent to the newsletter (yes/no)"},
  };
  return t;
}

std::string TargetLabel(std::string_view key) {
  for (auto& t : Targets())
    if (t.key == key) return t.label;
  return "";
}

Result<Sheet> ReadFile(std::string_view filename, std::string bytes) {
  // The registry's reader looks for its own header labels and otherwise takes the first row.
  CORRIDOR_ASSIGN_OR_RETURN(Sheet sheet, registry::ReadFile(filename, std::move(bytes), ""));
  std::vector<std::string> notes;
  for (auto& n : sheet.notes)
    if (!strings::StartsWith(n, "No column header was recognised")) notes.push_back(n);
  sheet.notes = notes;
  return sheet;
}

std::vector<ColumnMap> AutoMap(const std::vector<std::string>& headers) {
  std::vector<ColumnMap> out;
  std::set<std::string> used;
  for (size_t i = 0; i < headers.size(); ++i) {
    ColumnMap m{i, headers[i], "", false};
    std::string n = Norm(headers[i]);
    std::string target;
    if (auto it = Synonyms().find(n); it != Synonyms().end()) target = it->second;
    for (auto& t : Targets())
      if (target.empty() && (Norm(t.label) == n || Norm(t.key) == n)) target = t.key;
    if (!target.empty() && !used.count(target)) {
      m.target = target;
      m.automatic = true;
      used.insert(target);
    }
    out.push_back(m);
  }
  return out;
}

Status ApplyOverride(std::vector<ColumnMap>& mapping, std::string_view header, std::string_view target_raw) {
  std::string target = strings::Trim(target_raw);
  if (target == "-" || target == "ignore") target.clear();
  if (!target.empty() && TargetLabel(target).empty())
    return Status::Invalid("map: \"" + target + "\" is not a field (" + [] {
      std::vector<std::string> k;
      for (auto& t : Targets()) k.push_back(t.key);
      return strings::Join(k, ", ");
    }() + ")");
  ColumnMap* col = nullptr;
  if (!header.empty() && header[0] == '#') {
    auto n = strings::ParseInt(header.substr(1));
    if (n && *n >= 1 && static_cast<size_t>(*n) <= mapping.size()) col = &mapping[*n - 1];
  } else {
    for (auto& m : mapping)
      if (m.header == header) col = &m;
    if (!col)
      for (auto& m : mapping)
        if (Norm(m.header) == Norm(header)) col = &m;
  }
  if (!col) return Status::Invalid("map: no column \"" + std::string(header) + "\" in the file");
  if (!target.empty())
    for (auto& m : mapping)
      if (m.target == target) m.target.clear();  // one column per field
  col->target = target;
  col->automatic = false;
  return Status::Ok();
}

std::string ActionName(Action a) {
  switch (a) {
    case Action::kCreate: return "create";
    case Action::kUpdate: return "update";
    case Action::kUnchanged: return "unchanged";
    case Action::kError: return "error";
  }
  return "";
}

bool Preview::CanCommit(bool skip_errors) const {
  return mapping_errors.empty() && (skip_errors || error_rows == 0);
}

Result<Preview> BuildPreview(storage::Connection& c, const domain::Workspace& ws, const Sheet& sheet,
                             std::vector<ColumnMap> mapping) {
  Preview p;
  p.filename = sheet.filename;
  p.notes = sheet.notes;
  p.mapping = mapping;
  std::map<std::string, size_t> col;
  for (auto& m : mapping)
    if (!m.target.empty()) col[m.target] = m.column;
  if (!col.count("email")) p.mapping_errors.push_back("E-mail: no column is mapped to it (records are matched by e-mail)");
  if (!col.count("name")) p.mapping_errors.push_back("Name: no column is mapped to it");
  CORRIDOR_ASSIGN_OR_RETURN(auto taxonomy, storage::WorkspaceTaxonomy(c, ws.id));
  // Taxonomy values by key or by label, case and punctuation ignored.
  std::map<std::pair<domain::TaxonomyKind, std::string>, std::string> tax;
  for (auto& e : taxonomy) {
    tax[{e.kind, Norm(e.key)}] = e.key;
    tax[{e.kind, Norm(e.label)}] = e.key;
  }
  storage::StakeholderStore store(c);
  std::map<std::string, int64_t> seen_email;  // e-mail -> first row
  for (const auto& r : sheet.rows) {
    PreviewRow pr;
    pr.row = r.row;
    auto cell = [&](const char* key) -> std::string {
      auto it = col.find(key);
      if (it == col.end() || it->second >= r.cells.size()) return "";
      return r.cells[it->second];
    };
    auto err = [&](const std::string& field, const std::string& msg) {
      pr.errors.push_back("row " + std::to_string(r.row) + ": " + (field.empty() ? "" : field + ": ") + msg);
    };
    Stakeholder s;
    s.workspace_id = ws.id;
    s.source = "import";
    s.name = cell("name");
    s.organisation = cell("organisation");
    s.email = cell("email");
    s.country = cell("country");
    s.interests = cell("interests");
    s.notes = cell("notes");
    for (auto& t : strings::Split(cell("tags"), ','))
      if (!strings::Trim(t).empty()) s.tags.push_back(strings::Trim(t));
    const std::tuple<const char*, domain::TaxonomyKind, std::string*> kinds[] = {
        {"type", domain::TaxonomyKind::kType, &s.type_key},
        {"sector", domain::TaxonomyKind::kSector, &s.sector_key},
        {"phase", domain::TaxonomyKind::kPhase, &s.phase_key}};
    for (auto& [key, kind, dest] : kinds) {
      std::string v = strings::Trim(cell(key));
      if (v.empty()) continue;
      auto it = tax.find({kind, Norm(v)});
      if (it == tax.end()) err(key, "\"" + v + "\" is not in this workspace's taxonomy");
      else *dest = it->second;
    }
    for (auto [key, dest] : {std::pair<const char*, std::optional<int>*>{"influence", &s.influence},
                             std::pair<const char*, std::optional<int>*>{"interest", &s.interest}}) {
      std::string v = strings::Trim(cell(key));
      if (v.empty()) continue;
      auto n = strings::ParseInt(v);
      if (!n || *n < 1 || *n > 5) err(key, "\"" + v + "\" is not a score from 1 to 5");
      else *dest = static_cast<int>(*n);
    }
    auto actor = YesNo(cell("actor"));
    if (!actor) err("actor", "\"" + cell("actor") + "\" must be yes or no");
    else s.is_actor = *actor;
    for (auto [key, dest] : {std::pair<const char*, bool*>{"consent_contact", &pr.consent_contact},
                             std::pair<const char*, bool*>{"consent_newsletter", &pr.consent_newsletter}}) {
      auto v = YesNo(cell(key));
      if (!v) err(key, "\"" + cell(key) + "\" must be yes or no");
      else *dest = *v;
    }
    Status norm = domain::NormaliseStakeholder(s);
    if (!norm.ok()) err("", norm.message());
    if (norm.ok() && s.email.empty()) err("email", "required (imported records are matched by e-mail)");
    if (norm.ok() && !s.email.empty()) {
      auto [it, fresh] = seen_email.emplace(s.email, r.row);
      if (!fresh) err("email", s.email + " is already on row " + std::to_string(it->second) + " of this file");
    }
    if (pr.errors.empty() && p.mapping_errors.empty()) {
      CORRIDOR_ASSIGN_OR_RETURN(auto existing, store.FindByEmail(ws.id, s.email));
      if (!existing) {
        pr.action = Action::kCreate;
        CORRIDOR_ASSIGN_OR_RETURN(auto similar, store.PossibleDuplicates(ws.id, s.name, s.organisation));
        for (const auto& o : similar)
          pr.warnings.push_back("possible duplicate of #" + std::to_string(o.id) + " " + o.name +
                                (o.organisation.empty() ? "" : " (" + o.organisation + ")"));
      } else {
        // Only the mapped columns overwrite: an unmapped field keeps its stored value.
        Stakeholder merged = *existing;
        for (auto& [target, column] : col) {
          if (target == "name") merged.name = s.name;
          else if (target == "organisation") merged.organisation = s.organisation;
          else if (target == "country") merged.country = s.country;
          else if (target == "type") merged.type_key = s.type_key;
          else if (target == "sector") merged.sector_key = s.sector_key;
          else if (target == "phase") merged.phase_key = s.phase_key;
          else if (target == "interests") merged.interests = s.interests;
          else if (target == "tags") merged.tags = s.tags;
          else if (target == "influence") merged.influence = s.influence;
          else if (target == "interest") merged.interest = s.interest;
          else if (target == "actor") merged.is_actor = s.is_actor;
          else if (target == "notes") merged.notes = s.notes;
        }
        for (auto& f : storage::MergeFields())
          if (storage::MergeFieldText(merged, f) != storage::MergeFieldText(*existing, f)) pr.changed.push_back(f);
        if (existing->status == domain::StakeholderStatus::kErased ||
            existing->status == domain::StakeholderStatus::kMerged)
          err("email", "belongs to a record that is " + domain::StakeholderStatusKey(existing->status));
        s = merged;
        pr.action = pr.changed.empty() ? Action::kUnchanged : Action::kUpdate;
      }
    }
    if (!pr.errors.empty()) pr.action = Action::kError;
    pr.s = std::move(s);
    switch (pr.action) {
      case Action::kCreate: ++p.creates; break;
      case Action::kUpdate: ++p.updates; break;
      case Action::kUnchanged: ++p.unchanged; break;
      case Action::kError: ++p.error_rows; break;
    }
    p.rows.push_back(std::move(pr));
  }
  return p;
}

Result<CommitResult> Commit(storage::Connection& c, const domain::Workspace& ws, const Preview& preview,
                            const storage::Actor& who, bool skip_errors) {
  if (!preview.mapping_errors.empty()) return Status::Invalid("the column mapping has errors: " +
                                                              strings::Join(preview.mapping_errors, "; "));
  if (!skip_errors && preview.error_rows > 0)
    return Status::Invalid(std::to_string(preview.error_rows) +
                           " row(s) have errors: nothing was imported (fix them, or skip those rows)");
  CommitResult out;
  storage::Transaction tx(c);
  CORRIDOR_RETURN_IF_ERROR(tx.status());
  storage::StakeholderStore store(c);
  storage::ConsentStore consents(c);
  CORRIDOR_ASSIGN_OR_RETURN(auto texts, consents.CurrentTexts(ws.id, ws.acronym));
  std::string now = dates::NowIso();
  std::string source = "import: " + preview.filename;
  for (const auto& r : preview.rows) {
    if (r.action == Action::kError) {
      out.skipped.insert(out.skipped.end(), r.errors.begin(), r.errors.end());
      continue;
    }
    Stakeholder s = r.s;
    if (r.action == Action::kCreate) {
      auto id = store.Create(s, who);
      if (!id.ok()) return Status::Error(id.status().code(), "row " + std::to_string(r.row) + ": " + id.status().message());
      s.id = *id;
      ++out.created;
      CORRIDOR_ASSIGN_OR_RETURN(auto similar, store.FlagPossibleDuplicates(s, "import"));
      if (!similar.empty()) ++out.flagged;
    } else if (r.action == Action::kUpdate) {
      Status st = store.Update(s, who);
      if (!st.ok()) return Status::Error(st.code(), "row " + std::to_string(r.row) + ": " + st.message());
      ++out.updated;
    } else {
      ++out.unchanged;
    }
    for (auto wanted_purpose : {std::pair<const char*, bool>{domain::kPurposeContact, r.consent_contact},
                                std::pair<const char*, bool>{domain::kPurposeNewsletter, r.consent_newsletter}}) {
      // A plain variable, not a structured binding: clang 14 cannot capture those in the lambda below.
      const char* purpose = wanted_purpose.first;
      if (!wanted_purpose.second) continue;
      CORRIDOR_ASSIGN_OR_RETURN(bool has, consents.HasValid(s.id, purpose));
      if (has) continue;
      auto text = std::find_if(texts.begin(), texts.end(), [&](auto& t) { return t.purpose == purpose; });
      if (text == texts.end())
        return Status::Invalid("row " + std::to_string(r.row) + ": no consent text for \"" + purpose + "\"");
      // The file asserts a consent obtained elsewhere: recorded as confirmed, with its source.
      CORRIDOR_RETURN_IF_ERROR(consents.Give(s.id, *text, source, now).status());
      ++out.consents;
    }
  }
  CORRIDOR_RETURN_IF_ERROR(tx.Commit());
  return out;
}

}  // namespace corridor::importers::stakeholders
