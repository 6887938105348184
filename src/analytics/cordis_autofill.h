// CORDIS auto-fill: turns a corpus project (and its organisations) into the fields of a
// sister-project record, computes the partners it shares with the workspace's consortium
// (and which rule matched each), and compares a stored record with what CORDIS says now.
//
// The pure part (AutoFillFromCordis, ComputePartnerOverlap, DiffWithCordis) does no I/O.
// The use cases at the end (LoadCordisFill, AddFromCordis, ApplyCordisRefresh) read the corpus
// and write the registry; the web pages and the CLI share them so that "add from CORDIS",
// "add from discovery" and `corridor registry add` create records the same way.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/dates.h"
#include "core/status.h"
#include "domain/sister_project.h"
#include "domain/workspace.h"
#include "storage/audit_store.h"
#include "storage/corpus_store.h"
#include "storage/database.h"

namespace corridor::analytics {

// One consortium partner of the focal project found among the CORDIS organisations.
struct SharedPartner {
  std::string focal_name;        // as in the workspace settings
  std::string focal_short_name;
  std::string cordis_name;       // the CORDIS organisation it matched
  std::string cordis_short_name;
  std::string cordis_org_id;
  std::string cordis_role;       // coordinator, participant, ...
  std::string rule;              // "organisation ID" | "normalised name" | "short name"
};

struct PartnerOverlap {
  std::vector<std::string> names;      // short name of each shared focal partner (else its name)
  std::vector<SharedPartner> matches;  // same order as names
  size_t count() const { return matches.size(); }
  // "ISMC; IDE", or "none" when nothing is shared (the registry's convention).
  std::string NamesField() const;
  // [{"focal":"...","focal_short":"...","cordis":"...","cordis_org_id":"...","role":"...","rule":"..."}]
  // stored in sister_projects.partner_match_rules.
  std::string ToJson() const;
};

// The CORDIS roles counted as partners of a project (see cordis_autofill.cc): coordinator,
// participant, partner, associatedPartner, thirdParty (affiliated entities). Observers and any
// other role are not counted.
bool IsCountedPartnerRole(const std::string& role);
const std::vector<std::string>& CountedPartnerRoles();

// Partners shared between the consortium and the project's counted organisations: by
// organisation ID, else by normalised name, else by short name (MatchPartners).
PartnerOverlap ComputePartnerOverlap(const std::vector<storage::CorpusOrganization>& orgs,
                                     const std::vector<domain::ConsortiumPartner>& consortium);

struct AutoFill {
  domain::SisterProject project;  // fields CORDIS knows, canonical (NormalizeField); grant_id set
  PartnerOverlap overlap;
  int partner_count = 0;
  std::vector<std::string> notes;  // how values were derived or why one was left empty
};

// Status from the CORDIS status code: SIGNED -> Ongoing, CLOSED/TERMINATED -> Closed,
// otherwise by the end date against today (no end date: Ongoing).
std::string MapCordisStatus(const std::string& cordis_status, const std::string& end_date, const dates::Date& today);
// HORIZON -> "Horizon Europe", H2020 -> "Horizon 2020", FP7 -> "FP7"; others unchanged.
std::string ProgrammeName(const std::string& framework);
// The first sentence of a text, or the first two when the first is short; at most max_bytes.
std::string FirstSentences(const std::string& text, size_t max_bytes = 600);

// The 19 field keys auto-fill owns (the ones a refresh compares).
const std::vector<std::string>& CordisFieldKeys();
// Fields CORDIS cannot know: always asked from the user.
const std::vector<std::string>& UserFieldKeys();  // industry_field, relevance_score, relevance_comment

AutoFill AutoFillFromCordis(const storage::CorpusProject& project,
                            const std::vector<storage::CorpusOrganization>& orgs, const domain::Workspace& workspace,
                            const dates::Date& today);

struct FieldDiff {
  std::string key;
  std::string current;
  std::string cordis;
  bool user_edited = false;
  bool will_update = false;  // differs, CORDIS has a value and no user edited the field
  std::string reason;        // "unchanged", "will update", "kept: edited by a user", "kept: CORDIS has no value"
};

// One entry per CordisFieldKeys() key, in that order.
std::vector<FieldDiff> DiffWithCordis(const domain::SisterProject& current, const domain::SisterProject& cordis);

// ---- use cases (read the corpus, write the registry) ----

// The auto-filled record for a grant, or nullopt when the grant is not in the corpus.
Result<std::optional<AutoFill>> LoadCordisFill(storage::Connection& c, const domain::Workspace& workspace,
                                               const std::string& grant_id, const dates::Date& today);

struct AddOutcome {
  int64_t id = 0;                                   // the new record
  std::vector<domain::FieldError> errors;           // validation: nothing written
  std::optional<domain::SisterProject> existing;    // the grant is already in the registry: nothing written
  std::optional<AutoFill> fill;                     // what CORDIS gave (for re-rendering a form)
  bool not_in_corpus = false;
  bool ok() const { return id != 0; }
};

// Creates a longlist record from the corpus: CORDIS fields, the partner overlap (names and
// the JSON of rules, in the same transaction), and user_fields on top (industry field,
// relevance, comment, and any mandatory field CORDIS left empty; those are marked user-edited).
Result<AddOutcome> AddFromCordis(storage::Connection& c, const domain::Workspace& workspace,
                                 const std::string& grant_id, const std::map<std::string, std::string>& user_fields,
                                 const storage::Actor& who, const dates::Date& today);

struct RefreshOutcome {
  std::vector<FieldDiff> applied;  // fields written
  std::vector<domain::FieldError> errors;
  bool ok() const { return errors.empty(); }
};

// Applies a refresh from CORDIS to record `id` if it still has `expected_version` (else
// kConflict naming who changed what). User-edited fields are never overwritten.
Result<RefreshOutcome> ApplyCordisRefresh(storage::Connection& c, const domain::Workspace& workspace, int64_t id,
                                          int64_t expected_version, const storage::Actor& who,
                                          const dates::Date& today);

}  // namespace corridor::analytics
