#include "reports/ics_writer.h"

namespace corridor::reports {

namespace {

// "2025-03-01" -> "20250301"; "2025-03-01T09:30" -> "20250301T093000"; "...Z" kept UTC.
std::string IcsTime(const std::string& iso) {
  std::string out;
  for (char c : iso)
    if (c != '-' && c != ':') out += c;
  if (iso.size() == 16) out += "00";  // HH:MM -> HHMMSS
  return out;
}

bool IsDate(const std::string& iso) { return iso.size() == 10; }

// A parameter value (CN) cannot hold '"'; quoted because names hold ',' and ';'.
std::string ParamValue(std::string_view v) {
  std::string out = "\"";
  for (char c : v)
    if (c != '"' && c != '\r' && c != '\n') out += c;
  return out + "\"";
}

}  // namespace

std::string IcsEscape(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\\' || c == ';' || c == ',') {
      out += '\\';
      out += c;
    } else if (c == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
      out += "\\n";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string IcsFold(std::string_view line) {
  std::string out;
  size_t width = 0;
  for (size_t i = 0; i < line.size();) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    if (width + len > 75) {
      out += "\r\n ";
      width = 1;
    }
    out.append(line.substr(i, len));
    width += len;
    i += len;
  }
  return out;
}

std::string WriteIcs(const IcsEvent& e) {
  std::vector<std::string> lines = {"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Corridor//Invitation lists//EN",
                                    "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "BEGIN:VEVENT", "UID:" + e.uid,
                                    "DTSTAMP:" + IcsTime(e.stamp)};
  if (!e.start.empty())
    lines.push_back(IsDate(e.start) ? "DTSTART;VALUE=DATE:" + IcsTime(e.start) : "DTSTART:" + IcsTime(e.start));
  if (!e.end.empty())
    lines.push_back(IsDate(e.end) ? "DTEND;VALUE=DATE:" + IcsTime(e.end) : "DTEND:" + IcsTime(e.end));
  lines.push_back("SUMMARY:" + IcsEscape(e.title));
  if (!e.description.empty()) lines.push_back("DESCRIPTION:" + IcsEscape(e.description));
  if (!e.location.empty()) lines.push_back("LOCATION:" + IcsEscape(e.location));
  for (const auto& a : e.attendees) {
    std::string mail;
    for (char c : a.email)
      if (c != '\r' && c != '\n' && c != ' ') mail += c;
    lines.push_back("ATTENDEE;CN=" + ParamValue(a.name) + ";ROLE=REQ-PARTICIPANT;PARTSTAT=" + a.partstat +
                    ";RSVP=TRUE:mailto:" + mail);
  }
  lines.push_back("END:VEVENT");
  lines.push_back("END:VCALENDAR");
  std::string out;
  for (const auto& l : lines) out += IcsFold(l) + "\r\n";
  return out;
}

}  // namespace corridor::reports
