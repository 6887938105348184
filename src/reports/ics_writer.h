// iCalendar (RFC 5545) invitation for an invitation list: one VCALENDAR with one VEVENT that
// carries one ATTENDEE line per invitee (METHOD:PUBLISH, so calendar programs import it without
// an organiser's mailbox; mail merge sends the personal messages). Lines end in CRLF, are folded
// at 75 octets (never inside a UTF-8 sequence), text values escaped (\\ \; \, \n).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace corridor::reports {

struct IcsAttendee {
  std::string name, email, partstat = "NEEDS-ACTION";  // ACCEPTED | DECLINED | NEEDS-ACTION
};

struct IcsEvent {
  std::string uid;          // stable: the same list exports the same UID
  std::string title, description, location;
  std::string start, end;   // "YYYY-MM-DD" (all-day) or "YYYY-MM-DDTHH:MM" (floating local time)
  std::string stamp;        // "YYYY-MM-DDTHH:MM:SSZ" (DTSTAMP, UTC)
  std::vector<IcsAttendee> attendees;
};

std::string WriteIcs(const IcsEvent& event);
// Escapes a TEXT value (RFC 5545 3.3.11).
std::string IcsEscape(std::string_view text);
// Folds one content line (without its CRLF) at 75 octets.
std::string IcsFold(std::string_view line);

}  // namespace corridor::reports
