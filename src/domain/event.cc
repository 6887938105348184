#include "domain/event.h"

#include <algorithm>
#include <cctype>

#include "core/dates.h"
#include "core/strings.h"
#include "domain/stakeholder.h"

namespace corridor::domain {

namespace {

template <typename E>
std::optional<E> ParseBy(std::string_view s, const std::vector<E>& all, std::string (*key)(E),
                         std::string (*label)(E)) {
  std::string t = strings::Trim(s);
  for (E e : all)
    if (strings::IEquals(t, key(e)) || strings::IEquals(t, label(e))) return e;
  // Accept the key's words with spaces or underscores ("project led", "in_person").
  std::string norm;
  for (char c : t) norm += (c == ' ' || c == '_') ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (E e : all)
    if (norm == key(e)) return e;
  return std::nullopt;
}

bool ValidIsoDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  auto d = dates::Parse(s);
  return d && dates::IsValid(*d) && dates::ToIso(*d) == s;
}

bool ValidTime(std::string_view s) {
  if (s.size() != 5 || s[2] != ':') return false;
  for (size_t i : {0, 1, 3, 4})
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
  return h < 24 && m < 60;
}

Status CheckLength(const char* field, const std::string& v, size_t max) {
  if (v.size() > max) return Status::Invalid(std::string(field) + ": at most " + std::to_string(max) + " characters");
  if (!strings::IsValidUtf8(v)) return Status::Invalid(std::string(field) + ": not valid UTF-8 text");
  return Status::Ok();
}

}  // namespace

std::string EventKindKey(EventKind k) {
  switch (k) {
    case EventKind::kExternal: return "external";
    case EventKind::kProjectLed: return "project-led";
    case EventKind::kOnline: return "online";
  }
  return "project-led";
}
std::string EventKindLabel(EventKind k) {
  switch (k) {
    case EventKind::kExternal: return "External";
    case EventKind::kProjectLed: return "Project-led";
    case EventKind::kOnline: return "Online";
  }
  return "Project-led";
}
const std::vector<EventKind>& AllEventKinds() {
  static const std::vector<EventKind> v = {EventKind::kExternal, EventKind::kProjectLed, EventKind::kOnline};
  return v;
}
std::optional<EventKind> ParseEventKind(std::string_view s) {
  return ParseBy(s, AllEventKinds(), EventKindKey, EventKindLabel);
}

std::string EventPurposeKey(EventPurpose p) {
  switch (p) {
    case EventPurpose::kBenchmarking: return "benchmarking";
    case EventPurpose::kPolicyStandards: return "policy-standards";
    case EventPurpose::kCooperationActivation: return "cooperation-activation";
  }
  return "cooperation-activation";
}
std::string EventPurposeLabel(EventPurpose p) {
  switch (p) {
    case EventPurpose::kBenchmarking: return "Benchmarking";
    case EventPurpose::kPolicyStandards: return "Policy and standards alignment";
    case EventPurpose::kCooperationActivation: return "Cooperation activation";
  }
  return "Cooperation activation";
}
const std::vector<EventPurpose>& AllEventPurposes() {
  static const std::vector<EventPurpose> v = {EventPurpose::kBenchmarking, EventPurpose::kPolicyStandards,
                                              EventPurpose::kCooperationActivation};
  return v;
}
std::optional<EventPurpose> ParseEventPurpose(std::string_view s) {
  return ParseBy(s, AllEventPurposes(), EventPurposeKey, EventPurposeLabel);
}

std::string EventModeKey(EventMode m) {
  switch (m) {
    case EventMode::kInPerson: return "in-person";
    case EventMode::kOnline: return "online";
    case EventMode::kHybrid: return "hybrid";
  }
  return "in-person";
}
std::string EventModeLabel(EventMode m) {
  switch (m) {
    case EventMode::kInPerson: return "In person";
    case EventMode::kOnline: return "Online";
    case EventMode::kHybrid: return "Hybrid";
  }
  return "In person";
}
const std::vector<EventMode>& AllEventModes() {
  static const std::vector<EventMode> v = {EventMode::kInPerson, EventMode::kOnline, EventMode::kHybrid};
  return v;
}
std::optional<EventMode> ParseEventMode(std::string_view s) {
  return ParseBy(s, AllEventModes(), EventModeKey, EventModeLabel);
}

std::string EventStatusKey(EventStatus s) {
  switch (s) {
    case EventStatus::kPlanned: return "planned";
    case EventStatus::kHeld: return "held";
    case EventStatus::kCancelled: return "cancelled";
  }
  return "planned";
}
std::string EventStatusLabel(EventStatus s) {
  switch (s) {
    case EventStatus::kPlanned: return "Planned";
    case EventStatus::kHeld: return "Held";
    case EventStatus::kCancelled: return "Cancelled";
  }
  return "Planned";
}
const std::vector<EventStatus>& AllEventStatuses() {
  static const std::vector<EventStatus> v = {EventStatus::kPlanned, EventStatus::kHeld, EventStatus::kCancelled};
  return v;
}
std::optional<EventStatus> ParseEventStatus(std::string_view s) {
  return ParseBy(s, AllEventStatuses(), EventStatusKey, EventStatusLabel);
}

int ProjectMonth(std::string_view start, std::string_view date) {
  if (!ValidIsoDate(start) || !ValidIsoDate(date)) return 0;
  auto s = dates::Parse(start);
  auto d = dates::Parse(date);
  if (*d < *s) return 0;
  return (d->year - s->year) * 12 + (d->month - s->month) + 1;
}

std::string ProjectMonthLabel(int month) { return month > 0 ? "M" + std::to_string(month) : ""; }

std::string ProjectMonthStart(std::string_view start, int month) {
  if (month < 1 || !ValidIsoDate(start)) return "";
  auto s = dates::Parse(start);
  int m0 = s->month - 1 + (month - 1);
  dates::Date d{s->year + m0 / 12, m0 % 12 + 1, 1};
  return dates::ToIso(d);
}

Status ValidateEvent(const Event& e) {
  std::string title = strings::Trim(e.title);
  if (title.empty()) return Status::Invalid("title: required");
  CORRIDOR_RETURN_IF_ERROR(CheckLength("title", e.title, 300));
  if (e.start_date.empty()) return Status::Invalid("start_date: required (YYYY-MM-DD)");
  if (!ValidIsoDate(e.start_date))
    return Status::Invalid("start_date: \"" + e.start_date + "\" is not a date (YYYY-MM-DD)");
  if (!e.end_date.empty()) {
    if (!ValidIsoDate(e.end_date)) return Status::Invalid("end_date: \"" + e.end_date + "\" is not a date (YYYY-MM-DD)");
    if (e.end_date < e.start_date)
      return Status::Invalid("end_date: " + e.end_date + " is before the start date " + e.start_date);
  }
  if (!e.start_time.empty() && !ValidTime(e.start_time))
    return Status::Invalid("start_time: \"" + e.start_time + "\" is not a time (HH:MM)");
  if (!e.end_time.empty() && !ValidTime(e.end_time))
    return Status::Invalid("end_time: \"" + e.end_time + "\" is not a time (HH:MM)");
  bool same_day = e.end_date.empty() || e.end_date == e.start_date;
  if (same_day && !e.start_time.empty() && !e.end_time.empty() && e.end_time < e.start_time)
    return Status::Invalid("end_time: " + e.end_time + " is before the start time " + e.start_time);
  if (!e.url.empty()) {
    std::string lower = strings::ToLower(e.url);
    if (!(strings::StartsWith(lower, "http://") || strings::StartsWith(lower, "https://")) || e.url.size() < 10 ||
        e.url.find_first_of(" \t\r\n\"<>") != std::string::npos)
      return Status::Invalid("url: an http(s) address expected (https://...)");
    CORRIDOR_RETURN_IF_ERROR(CheckLength("url", e.url, 2000));
  }
  CORRIDOR_RETURN_IF_ERROR(CheckLength("place", e.place, 300));
  CORRIDOR_RETURN_IF_ERROR(CheckLength("organiser", e.organiser, 300));
  CORRIDOR_RETURN_IF_ERROR(CheckLength("milestone", e.milestone, 200));
  CORRIDOR_RETURN_IF_ERROR(CheckLength("description", e.description, 8000));
  CORRIDOR_RETURN_IF_ERROR(CheckLength("expected_outputs", e.expected_outputs, 8000));
  CORRIDOR_RETURN_IF_ERROR(CheckLength("actual_outputs", e.actual_outputs, 8000));
  CORRIDOR_RETURN_IF_ERROR(CheckLength("minutes_md", e.minutes_md, 200000));
  return Status::Ok();
}

Status ValidateAgendaItem(const AgendaItem& a) {
  if (strings::Trim(a.title).empty()) return Status::Invalid("title: required");
  CORRIDOR_RETURN_IF_ERROR(CheckLength("title", a.title, 300));
  CORRIDOR_RETURN_IF_ERROR(CheckLength("speaker", a.speaker, 300));
  if (!a.start_time.empty() && !ValidTime(a.start_time))
    return Status::Invalid("start_time: \"" + a.start_time + "\" is not a time (HH:MM)");
  if (!a.end_time.empty() && !ValidTime(a.end_time))
    return Status::Invalid("end_time: \"" + a.end_time + "\" is not a time (HH:MM)");
  if (!a.start_time.empty() && !a.end_time.empty() && a.end_time < a.start_time)
    return Status::Invalid("end_time: " + a.end_time + " is before the start time " + a.start_time);
  return Status::Ok();
}

std::string ParticipantSourceKey(ParticipantSource s) {
  switch (s) {
    case ParticipantSource::kInvitation: return "invitation";
    case ParticipantSource::kWalkIn: return "walk-in";
    case ParticipantSource::kUpload: return "upload";
  }
  return "walk-in";
}
std::optional<ParticipantSource> ParseParticipantSource(std::string_view s) {
  std::string t = strings::ToLower(strings::Trim(s));
  if (t == "invitation") return ParticipantSource::kInvitation;
  if (t == "walk-in" || t == "walkin" || t == "walk in") return ParticipantSource::kWalkIn;
  if (t == "upload") return ParticipantSource::kUpload;
  return std::nullopt;
}

Status ValidateParticipant(const Participant& p) {
  if (strings::Trim(p.name).empty()) return Status::Invalid("name: required");
  CORRIDOR_RETURN_IF_ERROR(CheckLength("name", p.name, 200));
  CORRIDOR_RETURN_IF_ERROR(CheckLength("organisation", p.organisation, 300));
  if (!p.email.empty() && !IsValidEmail(p.email))
    return Status::Invalid("email: \"" + p.email + "\" is not a valid address (expected name@example.org)");
  if (!p.country.empty() && (p.country.size() != 2 || !std::isupper(static_cast<unsigned char>(p.country[0])) ||
                             !std::isupper(static_cast<unsigned char>(p.country[1]))))
    return Status::Invalid("country: \"" + p.country + "\" is not two letters (ISO 3166, e.g. DE, EL)");
  CORRIDOR_RETURN_IF_ERROR(CheckLength("stakeholder_type", p.stakeholder_type, 100));
  return Status::Ok();
}

const std::vector<std::string>& AllowedAttachmentTypes() {
  static const std::vector<std::string> v = {
      "application/pdf",
      "image/png",
      "image/jpeg",
      "text/plain",
      "text/csv",
      "text/markdown",
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "application/vnd.openxmlformats-officedocument.presentationml.presentation",
      "application/vnd.oasis.opendocument.text",
  };
  return v;
}

const std::vector<std::string>& AttachmentLabels() {
  static const std::vector<std::string> v = {"agenda", "participant list", "minutes", "slides", "photo", "other"};
  return v;
}

Result<std::string> SniffAttachmentType(std::string_view filename, std::string_view content) {
  std::string name(filename);
  auto dot = name.rfind('.');
  std::string ext = dot == std::string::npos ? "" : strings::ToLower(name.substr(dot + 1));
  auto refuse = [&](const std::string& why) -> Status {
    return Status::Invalid("file: " + name + " " + why);
  };
  if (content.empty()) return refuse("is empty");
  auto starts = [&](std::string_view magic) { return content.substr(0, magic.size()) == magic; };
  bool is_pdf = starts("%PDF-");
  bool is_png = starts("\x89PNG\r\n\x1a\n");
  bool is_jpeg = starts("\xFF\xD8\xFF");
  bool is_zip = starts("PK\x03\x04");
  // Text: the first 8 KB (cut back to a character boundary) are UTF-8 without NUL bytes.
  size_t cut = std::min<size_t>(content.size(), 8192);
  if (cut < content.size())
    while (cut > 0 && (static_cast<unsigned char>(content[cut]) & 0xC0) == 0x80) --cut;
  std::string_view head = content.substr(0, cut);
  bool is_text = strings::IsValidUtf8(head) && head.find('\0') == std::string_view::npos;
  // A ZIP container: the OOXML/ODF type is told by the entries named in its first bytes.
  auto zip_has = [&](std::string_view entry) { return content.substr(0, 65536).find(entry) != std::string_view::npos; };

  static const std::vector<std::pair<std::string, std::string>> kByExt = {
      {"pdf", "application/pdf"},
      {"png", "image/png"},
      {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},
      {"txt", "text/plain"},
      {"csv", "text/csv"},
      {"md", "text/markdown"},
      {"markdown", "text/markdown"},
      {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
      {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
      {"pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
      {"odt", "application/vnd.oasis.opendocument.text"},
  };
  std::string type;
  for (auto& [e, t] : kByExt)
    if (e == ext) type = t;
  if (type.empty())
    return refuse(ext.empty() ? "has no extension; allowed: PDF, PNG, JPEG, TXT, CSV, MD, DOCX, XLSX, PPTX, ODT"
                              : "has type ." + ext + ", which is not allowed; allowed: PDF, PNG, JPEG, TXT, CSV, MD, "
                                                    "DOCX, XLSX, PPTX, ODT");
  bool ok = false;
  if (ext == "pdf") ok = is_pdf;
  else if (ext == "png") ok = is_png;
  else if (ext == "jpg" || ext == "jpeg") ok = is_jpeg;
  else if (ext == "txt" || ext == "csv" || ext == "md" || ext == "markdown") ok = is_text && !is_pdf && !is_zip;
  else if (ext == "docx") ok = is_zip && zip_has("word/");
  else if (ext == "xlsx") ok = is_zip && zip_has("xl/");
  else if (ext == "pptx") ok = is_zip && zip_has("ppt/");
  else if (ext == "odt") ok = is_zip && zip_has("application/vnd.oasis.opendocument.text");
  if (!ok) return refuse("is not a ." + ext + " file (its content does not match its name)");
  return type;
}

std::string ActionStatusKey(ActionStatus s) {
  switch (s) {
    case ActionStatus::kOpen: return "open";
    case ActionStatus::kInProgress: return "in-progress";
    case ActionStatus::kDone: return "done";
    case ActionStatus::kDropped: return "dropped";
  }
  return "open";
}
std::string ActionStatusLabel(ActionStatus s) {
  switch (s) {
    case ActionStatus::kOpen: return "Open";
    case ActionStatus::kInProgress: return "In progress";
    case ActionStatus::kDone: return "Done";
    case ActionStatus::kDropped: return "Dropped";
  }
  return "Open";
}
std::optional<ActionStatus> ParseActionStatus(std::string_view s) {
  static const std::vector<ActionStatus> all = {ActionStatus::kOpen, ActionStatus::kInProgress, ActionStatus::kDone,
                                                ActionStatus::kDropped};
  return ParseBy(s, all, ActionStatusKey, ActionStatusLabel);
}
bool IsClosed(ActionStatus s) { return s == ActionStatus::kDone || s == ActionStatus::kDropped; }

Status ValidateAction(const Action& a) {
  if (strings::Trim(a.description).empty()) return Status::Invalid("description: required");
  CORRIDOR_RETURN_IF_ERROR(CheckLength("description", a.description, 2000));
  if (a.responsible_user_id.has_value() == a.responsible_stakeholder_id.has_value())
    return Status::Invalid(a.responsible_user_id ? "responsible: one person only (a member or a stakeholder)"
                                                 : "responsible: required (a workspace member or a stakeholder)");
  if (!a.due_date.empty() && !ValidIsoDate(a.due_date))
    return Status::Invalid("due_date: \"" + a.due_date + "\" is not a date (YYYY-MM-DD)");
  return Status::Ok();
}

bool IsOverdue(const Action& a, std::string_view today) {
  return !IsClosed(a.status) && !a.due_date.empty() && a.due_date < today;
}

bool ClosedOnTime(const Action& a) {
  if (a.status != ActionStatus::kDone) return false;
  if (a.due_date.empty()) return true;
  return !a.closed_at.empty() && a.closed_at.substr(0, 10) <= a.due_date;
}

std::vector<std::string> EvidenceCompleteness::Missing() const {
  std::vector<std::string> out;
  if (!agenda) out.push_back("agenda");
  if (!participants) out.push_back("participant list");
  if (!minutes) out.push_back("minutes");
  if (!actions) out.push_back("action list");
  return out;
}

}  // namespace corridor::domain
