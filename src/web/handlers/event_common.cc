#include "web/handlers/event_common.h"

#include <algorithm>
#include <cctype>

#include "core/strings.h"

namespace corridor::web::events {

using nlohmann::json;

Result<int64_t> EventIdParam(const RequestContext& ctx, const std::string& name) {
  auto id = strings::ParseInt(ctx.req.Param(name));
  if (!id || *id <= 0) return Status::NotFound("no event " + ctx.req.Param(name));
  return *id;
}

std::string EventUrl(const RequestContext& ctx, int64_t id, const std::string& rest) {
  return ctx.WsUrl("/events/" + std::to_string(id) + rest);
}

Response BackToEvent(const RequestContext& ctx, int64_t id, const std::string& notice, const std::string& section,
                     const std::string& extra_query) {
  std::string url = EventUrl(ctx, id) + "?notice=" + strings::UrlEncode(notice) + extra_query;
  if (!section.empty()) url += "#" + section;
  return Response::Redirect(url);
}

namespace {
template <typename E>
json Choices(const std::vector<E>& all, E selected, std::string (*key)(E), std::string (*label)(E)) {
  json out = json::array();
  for (E e : all) out.push_back({{"value", key(e)}, {"label", label(e)}, {"selected", e == selected}});
  return out;
}
}  // namespace

json KindChoices(domain::EventKind s) {
  return Choices(domain::AllEventKinds(), s, domain::EventKindKey, domain::EventKindLabel);
}
json PurposeChoices(domain::EventPurpose s) {
  return Choices(domain::AllEventPurposes(), s, domain::EventPurposeKey, domain::EventPurposeLabel);
}
json ModeChoices(domain::EventMode s) {
  return Choices(domain::AllEventModes(), s, domain::EventModeKey, domain::EventModeLabel);
}
json StatusChoices(domain::EventStatus s) {
  return Choices(domain::AllEventStatuses(), s, domain::EventStatusKey, domain::EventStatusLabel);
}
json ActionStatusChoices(domain::ActionStatus s) {
  static const std::vector<domain::ActionStatus> all = {domain::ActionStatus::kOpen, domain::ActionStatus::kInProgress,
                                                        domain::ActionStatus::kDone, domain::ActionStatus::kDropped};
  return Choices(all, s, domain::ActionStatusKey, domain::ActionStatusLabel);
}

Result<std::map<int64_t, std::string>> ProjectAcronyms(storage::Connection& c, int64_t ws) {
  CORRIDOR_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT id, acronym FROM sister_projects WHERE workspace_id = ?", {ws}));
  std::map<int64_t, std::string> out;
  for (const auto& r : rows) out[r.Int(0)] = r.Text(1).empty() ? "#" + r.Text(0) : r.Text(1);
  return out;
}

json ProjectChoices(const std::map<int64_t, std::string>& projects, const std::vector<int64_t>& selected,
                    bool with_none) {
  std::vector<std::pair<std::string, int64_t>> sorted;
  for (const auto& [id, acr] : projects) sorted.emplace_back(acr, id);
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
    std::string x = strings::ToLower(a.first), y = strings::ToLower(b.first);
    return x != y ? x < y : a.second < b.second;
  });
  json out = json::array();
  if (with_none) out.push_back({{"value", ""}, {"label", "—"}, {"selected", selected.empty()}});
  for (const auto& [acr, id] : sorted)
    out.push_back({{"value", std::to_string(id)},
                   {"label", acr},
                   {"selected", std::find(selected.begin(), selected.end(), id) != selected.end()}});
  return out;
}

json CompletenessJson(const domain::EvidenceCompleteness& c) {
  json items = json::array({{{"name", "Agenda"}, {"ok", c.agenda}, {"anchor", "agenda"}},
                            {{"name", "Participant list"}, {"ok", c.participants}, {"anchor", "participants"}},
                            {{"name", "Minutes"}, {"ok", c.minutes}, {"anchor", "minutes"}},
                            {{"name", "Action list"}, {"ok", c.actions}, {"anchor", "actions"}}});
  return {{"complete", c.Complete()}, {"items", items}, {"missing_text", strings::Join(c.Missing(), ", ")}};
}

std::string DatesText(const domain::Event& e) {
  std::string out = e.start_date;
  if (!e.start_time.empty()) out += " " + e.start_time;
  if (!e.end_date.empty() && e.end_date != e.start_date) out += " to " + e.end_date;
  if (!e.end_time.empty()) out += (e.end_date.empty() || e.end_date == e.start_date ? "–" : " ") + e.end_time;
  return out;
}

json SummaryJson(const RequestContext& ctx, const storage::EventSummary& s) {
  const auto& e = s.event;
  return {{"id", e.id},
          {"url", EventUrl(ctx, e.id)},
          {"title", e.title},
          {"dates", DatesText(e)},
          {"start_date", e.start_date},
          {"period", domain::ProjectMonthLabel(s.project_month)},
          {"kind", domain::EventKindLabel(e.kind)},
          {"purpose", domain::EventPurposeLabel(e.purpose)},
          {"mode", domain::EventModeLabel(e.mode)},
          {"status", domain::EventStatusLabel(e.status)},
          {"status_key", domain::EventStatusKey(e.status)},
          {"held", e.status == domain::EventStatus::kHeld},
          {"place", e.place},
          {"organiser", e.organiser},
          {"milestone", e.milestone},
          {"participants", s.participants},
          {"checked_in", s.checked_in},
          {"actions", s.actions},
          {"open_actions", s.open_actions},
          {"completeness", CompletenessJson(s.completeness)}};
}

std::string EventLinkIn(const std::string& prefix, const std::string& text) {
  if (prefix.empty()) return "";
  size_t at = text.find(prefix);
  if (at == std::string::npos) return "";
  size_t b = at + prefix.size(), e = b;
  while (e < text.size() && std::isdigit(static_cast<unsigned char>(text[e]))) ++e;
  if (e == b || e - b > 18) return "";
  return text.substr(at, e - at);
}

std::string FieldOf(const std::string& message) {
  size_t colon = message.find(':');
  if (colon == std::string::npos || colon > 40) return "";
  std::string f = message.substr(0, colon);
  for (char c : f)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return "";
  return f;
}

}  // namespace corridor::web::events
