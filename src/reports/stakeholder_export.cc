#include "reports/stakeholder_export.h"

#include <cctype>

#include "core/dates.h"
#include "core/strings.h"
#include "reports/ics_writer.h"
#include "storage/invitation_store.h"
#include "storage/stakeholder_query.h"
#include "storage/taxonomy_store.h"

namespace corridor::reports {

namespace {

constexpr size_t kMaxExportRows = 200000;

// The import's targets, in the same order (importers/stakeholder_import.h), plus tier and status.
const std::vector<std::pair<const char*, const char*>>& ContactColumns() {
  static const std::vector<std::pair<const char*, const char*>> c = {
      {"name", "Name"}, {"organisation", "Organisation"}, {"email", "E-mail"}, {"country", "Country"},
      {"type", "Stakeholder type"}, {"sector", "Sector"}, {"phase", "Value-chain phase"}, {"interests", "Interests"},
      {"tags", "Tags"}, {"influence", "Influence (1-5)"}, {"interest", "Interest (1-5)"}, {"actor", "Actor (yes/no)"},
      {"notes", "Notes"}, {"consent_contact", "Consent to be contacted (yes/no)"},
      {"consent_newsletter", "Consent to the newsletter (yes/no)"}, {"tier", "Tier"}, {"status", "Status"}};
  return c;
}

std::string TierText(const std::string& key) {
  auto t = domain::ParseTier(key);
  return t ? domain::TierLabel(*t) : "";
}

}  // namespace

std::string FileStem(const std::string& title) {
  std::string out;
  for (char c : title) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
  return out.empty() ? "export" : out.substr(0, 60);
}

Result<Table> ContactsTable(storage::Connection& c, int64_t ws, const domain::SegmentFilter& f) {
  storage::StakeholderQuery q(c);
  CORRIDOR_ASSIGN_OR_RETURN(auto ids, q.Ids(ws, f));
  if (ids.size() > kMaxExportRows) return Status::TooLarge("more than 200,000 records: narrow the filters");
  CORRIDOR_ASSIGN_OR_RETURN(auto items, q.Load(ws, ids));
  Table t;
  t.title = "Stakeholders";
  for (auto& [k, label] : ContactColumns())
    t.columns.push_back({k, label,
                         std::string(k) == "influence" || std::string(k) == "interest" ? ColumnKind::kNumber
                                                                                       : ColumnKind::kText,
                         ""});
  for (const auto& it : items) {
    const auto& s = it.s;
    t.rows.push_back({s.name, s.organisation, s.email, s.country, s.type_key, s.sector_key, s.phase_key, s.interests,
                      strings::Join(s.tags, ","), s.influence ? std::to_string(*s.influence) : "",
                      s.interest ? std::to_string(*s.interest) : "", s.is_actor ? "yes" : "no", s.notes,
                      it.contact_consent ? "yes" : "no", it.newsletter_consent ? "yes" : "no", TierText(it.tier),
                      domain::StakeholderStatusKey(s.status)});
  }
  return t;
}

Result<Table> MailMergeTable(storage::Connection& c, int64_t ws, int64_t list_id) {
  storage::InvitationStore store(c);
  CORRIDOR_ASSIGN_OR_RETURN(auto list, store.Get(ws, list_id));
  if (!list) return Status::NotFound("no invitation list " + std::to_string(list_id) + " in this workspace");
  CORRIDOR_ASSIGN_OR_RETURN(auto invitees, store.Invitees(list_id));
  CORRIDOR_ASSIGN_OR_RETURN(auto taxonomy, storage::TaxonomyStore(c).List(ws));
  Table t;
  t.title = list->name;
  for (auto [k, label] : std::vector<std::pair<const char*, const char*>>{
           {"email", "Email"}, {"name", "Name"}, {"organisation", "Organisation"}, {"country", "Country"},
           {"type", "Stakeholder type"}, {"sector", "Sector"}, {"tier", "Tier"}, {"status", "Status"},
           {"event", "Event"}, {"start", "Event start"}, {"end", "Event end"}, {"place", "Event place"}})
    t.columns.push_back({k, label, ColumnKind::kText, ""});
  for (const auto& i : invitees)
    t.rows.push_back({i.email, i.name, i.organisation, i.country,
                      storage::TaxonomyStore::LabelOf(taxonomy, domain::TaxonomyKind::kType, i.type_key),
                      storage::TaxonomyStore::LabelOf(taxonomy, domain::TaxonomyKind::kSector, i.sector_key),
                      TierText(i.tier), i.status, list->event_title, list->event_start, list->event_end,
                      list->event_place});
  return t;
}

Result<std::string> InvitationIcs(storage::Connection& c, int64_t ws, const std::string& slug, int64_t list_id) {
  storage::InvitationStore store(c);
  CORRIDOR_ASSIGN_OR_RETURN(auto list, store.Get(ws, list_id));
  if (!list) return Status::NotFound("no invitation list " + std::to_string(list_id) + " in this workspace");
  if (list->event_start.empty())
    return Status::Invalid("this list has no event date: an ICS invitation needs the event start");
  CORRIDOR_ASSIGN_OR_RETURN(auto invitees, store.Invitees(list_id));
  IcsEvent ev;
  ev.uid = "invitation-list-" + std::to_string(list_id) + "-" + slug + "@corridor";
  ev.title = list->event_title.empty() ? list->name : list->event_title;
  ev.description = list->purpose;
  ev.location = list->event_place;
  ev.start = list->event_start;
  // All-day events: DTEND is exclusive in RFC 5545, so the last day + 1.
  std::string end = list->event_end.empty() ? list->event_start : list->event_end;
  if (end.size() == 10)
    if (auto d = dates::Parse(end)) end = dates::ToIso(dates::FromDaysSinceEpoch(dates::DaysSinceEpoch(*d) + 1));
  ev.end = end;
  ev.stamp = list->created_at;
  for (const auto& i : invitees) {
    if (i.status == "declined" || i.email.empty()) continue;
    ev.attendees.push_back({i.name, i.email, i.status == "invited" ? "NEEDS-ACTION" : "ACCEPTED"});
  }
  return WriteIcs(ev);
}

}  // namespace corridor::reports
