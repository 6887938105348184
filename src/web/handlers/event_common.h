// Shared by the clustering-event pages (events.cc, event_evidence.cc, event_followup.cc):
// loading the event named in the URL, the choices of the forms, and an event as template data.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "domain/event.h"
#include "storage/event_store.h"
#include "web/router.h"

namespace corridor::web::events {

// The numeric :id of the URL, or kNotFound.
Result<int64_t> EventIdParam(const RequestContext& ctx, const std::string& name = "id");
// "/w/<slug>/events/<id>" (+ rest).
std::string EventUrl(const RequestContext& ctx, int64_t id, const std::string& rest = "");
// Redirect to the event page with a notice, landing on a section ("participants").
Response BackToEvent(const RequestContext& ctx, int64_t id, const std::string& notice, const std::string& section,
                     const std::string& extra_query = "");

// [{value,label,selected}] for each enum.
nlohmann::json KindChoices(domain::EventKind selected);
nlohmann::json PurposeChoices(domain::EventPurpose selected);
nlohmann::json ModeChoices(domain::EventMode selected);
nlohmann::json StatusChoices(domain::EventStatus selected);
nlohmann::json ActionStatusChoices(domain::ActionStatus selected);

// Sister projects of the workspace: id -> acronym.
Result<std::map<int64_t, std::string>> ProjectAcronyms(storage::Connection& c, int64_t workspace_id);
// [{value,label,selected}] of the projects, with an empty first choice when `with_none`.
nlohmann::json ProjectChoices(const std::map<int64_t, std::string>& projects, const std::vector<int64_t>& selected,
                              bool with_none);

// Completeness as template data: {complete, items: [{name, ok}], missing_text}.
nlohmann::json CompletenessJson(const domain::EvidenceCompleteness& c);
// One event of a list: title, url, dates, period, labels, counts, completeness.
nlohmann::json SummaryJson(const RequestContext& ctx, const storage::EventSummary& s);
// "2025-10-14 09:30 to 2025-10-15" as people read it.
std::string DatesText(const domain::Event& e);

// What a refused form on the event page keeps: the error and the values typed, per form
// ("agenda", "walkin", "upload", "minutes", "attachment", "action"), shown in place.
struct PageState {
  std::string form;           // which form was refused
  std::vector<std::string> errors;
  nlohmann::json kept = nlohmann::json::object();  // that form's input, by field name
};
// The event page (events.cc) with its four evidence sections; `status` 200, 400, 409, 413...
Response EventPage(RequestContext& ctx, int64_t event_id, const PageState& state, int status = 200);

// The event a registry justification points at ("Joint event documented: T (D) /w/<slug>/events/7"):
// "/w/<slug>/events/7" when the text names an event under `events_prefix` (ctx.WsUrl("/events/")),
// else "". For the registry record page, so the justification links to the event.
std::string EventLinkIn(const std::string& events_prefix, const std::string& justification);

// The field a validation message names ("end_date: ..." -> "end_date"), "" if none.
std::string FieldOf(const std::string& message);

}  // namespace corridor::web::events
