// `corridor event ...`, `corridor actions` and `corridor events incomplete`: clustering events with
// their evidence (agenda, participants, minutes, attachments, actions) from the command line.
// Every write runs in one transaction and is audited as the CLI (or as --user EMAIL).
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "core/dates.h"
#include "core/strings.h"
#include "importers/participant_import.h"
#include "storage/event_evidence_store.h"
#include "storage/event_followup.h"
#include "storage/event_store.h"
#include "storage/registry_store.h"
#include "storage/stakeholder_store.h"
#include "storage/user_store.h"

namespace corridor::cli {

namespace {

// Everything a sub-command needs: the open database, one connection, the workspace, the actor.
struct Ctx : OpenedWorkspace {
  storage::Actor who{0, "cli"};
  int64_t event = 0;  // OpenEvent: the event of positional 1
};

// Opens the database and the workspace (positional 0); --user EMAIL audits as that user.
Result<Ctx> Open(const Args& a, size_t positionals, const std::string& usage) {
  if (a.positional.size() != positionals) return Status::Invalid("usage: corridor " + usage);
  auto opened = OpenWorkspace(a, a.positional[0]);
  if (!opened) return Status::Io("");  // OpenWorkspace printed why
  Ctx x{std::move(*opened)};
  if (a.Has("user")) {
    auto u = storage::UserStore(x.c()).FindByEmail(a.Get("user"));
    if (!u.ok()) return u.status();
    if (!*u) return Status::NotFound("user: no user " + a.Get("user"));
    x.who = storage::Actor{(*u)->id, (*u)->display_name.empty() ? (*u)->email : (*u)->display_name};
  }
  return x;
}

int Report(const Status& s) { return s.message().empty() ? 1 : Fail(s); }

Result<int64_t> EventId(Ctx& x, const std::string& ref) {
  auto id = strings::ParseInt(ref);
  if (!id) return Status::Invalid("event: \"" + ref + "\" is not an event id (see `corridor event list`)");
  auto e = storage::EventStore(x.c()).Get(x.ws.id, *id);
  if (!e.ok()) return e.status();
  if (!*e) return Status::NotFound("event: no event #" + ref + " in " + x.ws.acronym);
  return *id;
}

// Open() for a sub-command on one event (positional 1, checked to be of the workspace).
Result<Ctx> OpenEvent(const Args& a, size_t positionals, const std::string& usage) {
  CORRIDOR_ASSIGN_OR_RETURN(Ctx x, Open(a, positionals, usage));
  CORRIDOR_ASSIGN_OR_RETURN(x.event, EventId(x, a.positional[1]));
  return x;
}

// A sister project by id or acronym.
Result<int64_t> ProjectRef(Ctx& x, const std::string& ref) {
  storage::RegistryStore reg(x.c());
  if (auto id = strings::ParseInt(ref)) {
    auto p = reg.Get(x.ws.id, *id);
    if (!p.ok()) return p.status();
    if (*p) return *id;
  }
  auto p = reg.FindByAcronym(x.ws.id, ref);
  if (!p.ok()) return p.status();
  if (!*p) return Status::Invalid("project: no sister project \"" + ref + "\" in " + x.ws.acronym);
  return (*p)->id;
}

// A stakeholder by id or e-mail.
Result<int64_t> StakeholderRef(Ctx& x, const std::string& ref) {
  storage::StakeholderStore store(x.c());
  auto id = strings::ParseInt(ref);
  auto s = id ? store.Get(x.ws.id, *id) : store.FindByEmail(x.ws.id, ref);
  if (!s.ok()) return s.status();
  if (!*s) return Status::Invalid("stakeholder: no stakeholder \"" + ref + "\" in " + x.ws.acronym);
  return (*s)->id;
}

std::string ReadAll(const std::string& path, Status& st) {
  if (path == "-") {
    std::stringstream ss;
    ss << std::cin.rdbuf();
    return ss.str();
  }
  auto bytes = ReadFileBytes(path);
  if (!bytes.ok()) {
    st = Status::Io("file: " + bytes.status().message());
    return "";
  }
  return *bytes;
}

// Runs `fn` in one transaction; prints the error and returns 1 on failure.
int InTx(Ctx& x, const std::function<Status()>& fn) {
  storage::Transaction tx(x.c());
  if (!tx.status().ok()) return Fail(tx.status());
  if (Status st = fn(); !st.ok()) return Fail(st);
  if (Status st = tx.Commit(); !st.ok()) return Fail(st);
  return 0;
}

void PrintRegistryLink(const storage::RegistryLinkReport& rep) {
  for (const auto& en : rep.entries)
    if (std::find(rep.moved_now.begin(), rep.moved_now.end(), en.project_id) != rep.moved_now.end())
      std::printf("registry: %s moved to interaction_filtered (joint event documented)\n", en.acronym.c_str());
}

std::string Marks(const domain::EvidenceCompleteness& c) {
  std::string s;
  s += c.agenda ? "A" : "-";
  s += c.participants ? "P" : "-";
  s += c.minutes ? "M" : "-";
  s += c.actions ? "X" : "-";
  return s;
}

// Fills the event fields given as flags (add: all; status/kind/...: parsed with a clear error).
Status FillEvent(Ctx& x, const Args& a, domain::Event& e) {
  if (a.Has("title")) e.title = a.Get("title");
  if (a.Has("date")) e.start_date = a.Get("date");
  if (a.Has("end")) e.end_date = a.Get("end");
  if (a.Has("start-time")) e.start_time = a.Get("start-time");
  if (a.Has("end-time")) e.end_time = a.Get("end-time");
  if (a.Has("place")) e.place = a.Get("place");
  if (a.Has("url")) e.url = a.Get("url");
  if (a.Has("organiser")) e.organiser = a.Get("organiser");
  if (a.Has("milestone")) e.milestone = a.Get("milestone");
  if (a.Has("description")) e.description = a.Get("description");
  if (a.Has("expected")) e.expected_outputs = a.Get("expected");
  if (a.Has("outputs")) e.actual_outputs = a.Get("outputs");
  if (a.Has("kind")) {
    auto k = domain::ParseEventKind(a.Get("kind"));
    if (!k) return Status::Invalid("kind: \"" + a.Get("kind") + "\" is not one of external, project-led, online");
    e.kind = *k;
  }
  if (a.Has("purpose")) {
    auto p = domain::ParseEventPurpose(a.Get("purpose"));
    if (!p)
      return Status::Invalid("purpose: \"" + a.Get("purpose") +
                             "\" is not one of benchmarking, policy-standards, cooperation-activation");
    e.purpose = *p;
  }
  if (a.Has("mode")) {
    auto m = domain::ParseEventMode(a.Get("mode"));
    if (!m) return Status::Invalid("mode: \"" + a.Get("mode") + "\" is not one of in-person, online, hybrid");
    e.mode = *m;
  }
  if (a.Has("status")) {
    auto s = domain::ParseEventStatus(a.Get("status"));
    if (!s) return Status::Invalid("status: \"" + a.Get("status") + "\" is not one of planned, held, cancelled");
    e.status = *s;
  }
  for (const auto& p : a.GetAll("project")) {
    CORRIDOR_ASSIGN_OR_RETURN(int64_t id, ProjectRef(x, p));
    e.project_ids.push_back(id);
  }
  for (const auto& s : a.GetAll("stakeholder")) {
    CORRIDOR_ASSIGN_OR_RETURN(int64_t id, StakeholderRef(x, s));
    e.stakeholder_ids.push_back(id);
  }
  if (a.Has("invitation-list")) {
    auto id = strings::ParseInt(a.Get("invitation-list"));
    if (!id) return Status::Invalid("invitation-list: a list id expected");
    e.invitation_list_id = *id;
  }
  return Status::Ok();
}

}  // namespace

int RunEventAdd(const Args& a) {
  auto x = Open(a, 1, "event add WORKSPACE --title T --date YYYY-MM-DD [...]");
  if (!x.ok()) return Report(x.status());
  domain::Event e;
  e.workspace_id = x->ws.id;
  if (Status st = FillEvent(*x, a, e); !st.ok()) return Fail(st);
  int64_t id = 0;
  int rc = InTx(*x, [&]() -> Status {
    auto r = storage::EventStore(x->c()).Create(e, x->who);
    if (!r.ok()) return r.status();
    id = *r;
    return Status::Ok();
  });
  if (rc) return rc;
  std::printf("%lld\n", static_cast<long long>(id));
  return 0;
}

int RunEventList(const Args& a) {
  auto x = Open(a, 1, "event list WORKSPACE [--status S] [--kind K] [--purpose P] [--from D] [--to D] [--search T]");
  if (!x.ok()) return Report(x.status());
  storage::EventQuery q;
  q.status = a.Get("status");
  q.kind = a.Get("kind");
  q.purpose = a.Get("purpose");
  // Keys or labels are accepted; the query wants keys.
  if (!q.status.empty()) {
    auto s = domain::ParseEventStatus(q.status);
    if (!s) return Fail(Status::Invalid("status: \"" + q.status + "\" is not one of planned, held, cancelled"));
    q.status = domain::EventStatusKey(*s);
  }
  if (!q.kind.empty()) {
    auto k = domain::ParseEventKind(q.kind);
    if (!k) return Fail(Status::Invalid("kind: \"" + q.kind + "\" is not one of external, project-led, online"));
    q.kind = domain::EventKindKey(*k);
  }
  if (!q.purpose.empty()) {
    auto p = domain::ParseEventPurpose(q.purpose);
    if (!p)
      return Fail(Status::Invalid("purpose: \"" + q.purpose +
                                  "\" is not one of benchmarking, policy-standards, cooperation-activation"));
    q.purpose = domain::EventPurposeKey(*p);
  }
  q.from = a.Get("from");
  q.to = a.Get("to");
  q.text = a.Get("search");
  q.limit = 5000;
  auto list = storage::EventStore(x->c()).List(x->ws.id, q);
  if (!list.ok()) return Fail(list.status());
  std::printf("id\tdate\tmonth\tstatus\tkind\tpurpose\tevidence\ttitle\n");
  for (const auto& s : *list)
    std::printf("%lld\t%s\t%s\t%s\t%s\t%s\t%s\t%s%s\n", static_cast<long long>(s.event.id), s.event.start_date.c_str(),
                domain::ProjectMonthLabel(s.project_month).c_str(), domain::EventStatusKey(s.event.status).c_str(),
                domain::EventKindKey(s.event.kind).c_str(), domain::EventPurposeKey(s.event.purpose).c_str(),
                Marks(s.completeness).c_str(), s.event.title.c_str(),
                s.event.milestone.empty() ? "" : (" [" + s.event.milestone + "]").c_str());
  return 0;
}

int RunEventShow(const Args& a) {
  auto x = OpenEvent(a, 2, "event show WORKSPACE EVENT_ID");
  if (!x.ok()) return Report(x.status());
  auto sum = storage::EventStore(x->c()).Summary(x->ws.id, x->event);
  auto full = storage::EventStore(x->c()).Get(x->ws.id, x->event);
  if (!sum.ok() || !full.ok()) return Fail(!sum.ok() ? sum.status() : full.status());
  const domain::Event& e = **full;
  const storage::EventSummary& s = **sum;
  std::printf("id: %lld\ntitle: %s\nkind: %s\npurpose: %s\ndate: %s%s\nmonth: %s\nplace: %s\nmode: %s\norganiser: %s\n"
              "status: %s\nmilestone: %s\nexpected outputs: %s\nactual outputs: %s\nversion: %lld\n",
              static_cast<long long>(e.id), e.title.c_str(), domain::EventKindLabel(e.kind).c_str(),
              domain::EventPurposeLabel(e.purpose).c_str(), e.start_date.c_str(),
              e.end_date.empty() ? "" : (" to " + e.end_date).c_str(), domain::ProjectMonthLabel(s.project_month).c_str(),
              e.place.c_str(), domain::EventModeLabel(e.mode).c_str(), e.organiser.c_str(),
              domain::EventStatusLabel(e.status).c_str(), e.milestone.c_str(), e.expected_outputs.c_str(),
              e.actual_outputs.c_str(), static_cast<long long>(e.version));
  auto missing = s.completeness.Missing();
  std::printf("evidence: %s\n", missing.empty() ? "complete" : ("missing " + strings::Join(missing, ", ")).c_str());
  std::printf("agenda items: %lld\nparticipants: %lld (%lld checked in)\nattachments: %lld\nactions: %lld (%lld open)\n",
              static_cast<long long>(s.agenda_items), static_cast<long long>(s.participants),
              static_cast<long long>(s.checked_in), static_cast<long long>(s.attachments),
              static_cast<long long>(s.actions), static_cast<long long>(s.open_actions));
  storage::EventEvidenceStore ev(x->c());
  auto agenda = ev.Agenda(x->ws.id, x->event);
  if (!agenda.ok()) return Fail(agenda.status());
  for (const auto& it : *agenda)
    std::printf("agenda #%lld: %s%s%s\n", static_cast<long long>(it.id),
                it.start_time.empty() ? "" : (it.start_time + " ").c_str(), it.title.c_str(),
                it.speaker.empty() ? "" : (" (" + it.speaker + ")").c_str());
  auto link = storage::EventFollowup(x->c()).RegistryLinkStatus(x->ws.id, x->event);
  if (!link.ok()) return Fail(link.status());
  for (const auto& en : link->entries)
    std::printf("project: %s (%s): %s\n", en.acronym.c_str(), en.stage.c_str(), en.reason.c_str());
  return 0;
}

int RunEventStatus(const Args& a) {
  auto x = OpenEvent(a, 3, "event status WORKSPACE EVENT_ID planned|held|cancelled");
  if (!x.ok()) return Report(x.status());
  auto s = domain::ParseEventStatus(a.positional[2]);
  if (!s) return Fail(Status::Invalid("status: \"" + a.positional[2] + "\" is not one of planned, held, cancelled"));
  storage::EventStore store(x->c());
  int rc = InTx(*x, [&] { return store.SetStatus(x->ws.id, x->event, *s, x->who); });
  if (rc) return rc;
  std::printf("event %lld: %s\n", static_cast<long long>(x->event), domain::EventStatusKey(*s).c_str());
  PrintRegistryLink(store.last_registry_link());
  return 0;
}

int RunEventAgendaAdd(const Args& a) {
  auto x = OpenEvent(a, 2, "event agenda add WORKSPACE EVENT_ID --title T [--start HH:MM] [--end HH:MM] [--speaker S] "
                           "[--project ACRONYM]");
  if (!x.ok()) return Report(x.status());
  domain::AgendaItem it;
  it.event_id = x->event;
  it.title = a.Get("title");
  it.start_time = a.Get("start");
  it.end_time = a.Get("end");
  it.speaker = a.Get("speaker");
  if (a.Has("project")) {
    auto p = ProjectRef(*x, a.Get("project"));
    if (!p.ok()) return Fail(p.status());
    it.project_id = *p;
  }
  storage::EventEvidenceStore ev(x->c());
  int rc = InTx(*x, [&] { return ev.AddAgendaItem(x->ws.id, it, x->who).status(); });
  if (rc) return rc;
  std::printf("%lld\n", static_cast<long long>(it.id));
  PrintRegistryLink(ev.last_registry_link());
  return 0;
}

// Changes the given fields of an agenda item; the others stay.
int RunEventAgendaSet(const Args& a) {
  auto x = OpenEvent(a, 3, "event agenda set WORKSPACE EVENT_ID ITEM_ID [--title T] [--start HH:MM] [--end HH:MM] "
                           "[--speaker S] [--project ACRONYM|none]");
  if (!x.ok()) return Report(x.status());
  auto item = strings::ParseInt(a.positional[2]);
  if (!item) return Fail(Status::Invalid("item: \"" + a.positional[2] + "\" is not an agenda item id"));
  storage::EventEvidenceStore ev(x->c());
  auto items = ev.Agenda(x->ws.id, x->event);
  if (!items.ok()) return Fail(items.status());
  auto it = std::find_if(items->begin(), items->end(), [&](const domain::AgendaItem& i) { return i.id == *item; });
  if (it == items->end()) return Fail(Status::NotFound("no agenda item #" + a.positional[2] + " in this event"));
  domain::AgendaItem ai = *it;
  if (a.Has("title")) ai.title = a.Get("title");
  if (a.Has("start")) ai.start_time = a.Get("start");
  if (a.Has("end")) ai.end_time = a.Get("end");
  if (a.Has("speaker")) ai.speaker = a.Get("speaker");
  if (a.Has("project")) {
    if (a.Get("project") == "none" || a.Get("project").empty()) {
      ai.project_id.reset();
    } else {
      auto p = ProjectRef(*x, a.Get("project"));
      if (!p.ok()) return Fail(p.status());
      ai.project_id = *p;
    }
  }
  int rc = InTx(*x, [&] { return ev.UpdateAgendaItem(x->ws.id, ai, x->who); });
  if (rc) return rc;
  std::printf("agenda item %lld saved\n", static_cast<long long>(ai.id));
  PrintRegistryLink(ev.last_registry_link());
  return 0;
}

// Moves an agenda item one place up or down.
int RunEventAgendaMove(const Args& a) {
  auto x = OpenEvent(a, 4, "event agenda move WORKSPACE EVENT_ID ITEM_ID up|down");
  if (!x.ok()) return Report(x.status());
  auto item = strings::ParseInt(a.positional[2]);
  const std::string& dir = a.positional[3];
  if (!item) return Fail(Status::Invalid("item: \"" + a.positional[2] + "\" is not an agenda item id"));
  if (dir != "up" && dir != "down") return Fail(Status::Invalid("direction: \"" + dir + "\" is not up or down"));
  storage::EventEvidenceStore ev(x->c());
  int rc = InTx(*x, [&]() -> Status {
    CORRIDOR_ASSIGN_OR_RETURN(auto items, ev.Agenda(x->ws.id, x->event));
    std::vector<int64_t> order;
    for (const auto& i : items) order.push_back(i.id);
    auto pos = std::find(order.begin(), order.end(), *item);
    if (pos == order.end()) return Status::NotFound("no agenda item #" + std::to_string(*item) + " in this event");
    if (dir == "up" && pos != order.begin()) std::iter_swap(pos, pos - 1);
    if (dir == "down" && pos + 1 != order.end()) std::iter_swap(pos, pos + 1);
    return ev.ReorderAgenda(x->ws.id, x->event, order, x->who);
  });
  if (rc) return rc;
  auto items = ev.Agenda(x->ws.id, x->event);
  if (items.ok())
    for (const auto& i : *items)
      std::printf("%d\t%lld\t%s\t%s\n", i.position, static_cast<long long>(i.id), i.start_time.c_str(), i.title.c_str());
  return 0;
}

int RunEventParticipantsAdd(const Args& a) {
  auto x = OpenEvent(a, 2, "event participants add WORKSPACE EVENT_ID (--name N [--email E] [--org O] [--country CC] "
                           "[--type T] | --stakeholder ID|EMAIL | --list INVITATION_LIST_ID)");
  if (!x.ok()) return Report(x.status());
  storage::EventEvidenceStore ev(x->c());
  if (a.Has("list")) {
    auto list = strings::ParseInt(a.Get("list"));
    if (!list) return Fail(Status::Invalid("list: an invitation list id expected"));
    storage::AddFromListOutcome out;
    int rc = InTx(*x, [&]() -> Status {
      auto r = ev.AddFromInvitationList(x->ws.id, x->event, *list, x->who);
      if (!r.ok()) return r.status();
      out = *r;
      return Status::Ok();
    });
    if (rc) return rc;
    std::printf("%d added, %d already present, %d declined (not added)\n", out.added, out.already_present, out.declined);
    PrintRegistryLink(ev.last_registry_link());
    return 0;
  }
  domain::Participant p;
  p.event_id = x->event;
  p.name = a.Get("name");
  p.email = a.Get("email");
  p.organisation = a.Get("org");
  p.country = a.Get("country");
  p.stakeholder_type = a.Get("type");
  p.source = domain::ParticipantSource::kWalkIn;
  if (a.Has("stakeholder")) {
    auto s = StakeholderRef(*x, a.Get("stakeholder"));
    if (!s.ok()) return Fail(s.status());
    p.stakeholder_id = *s;
  }
  int rc = InTx(*x, [&] { return ev.AddParticipant(x->ws.id, p, x->who).status(); });
  if (rc) return rc;
  std::printf("%lld\n", static_cast<long long>(p.id));
  PrintRegistryLink(ev.last_registry_link());
  return 0;
}

int RunEventParticipantsImport(const Args& a) {
  if (a.positional.size() != 3)
    return Fail(Status::Invalid("usage: corridor event participants import WORKSPACE EVENT_ID FILE.csv|FILE.xlsx [--skip-errors]"));
  Args head = a;
  head.positional.pop_back();
  auto x = OpenEvent(head, 2, "");
  if (!x.ok()) return Report(x.status());
  Status read;
  std::string bytes = ReadAll(a.positional[2], read);
  if (!read.ok()) return Fail(read);
  std::string name = std::filesystem::path(a.positional[2]).filename().string();
  auto out = importers::participants::Import(x->c(), x->ws.id, x->event, name, std::move(bytes), a.Has("skip-errors"), x->who);
  if (!out.ok()) return Fail(out.status());
  for (const auto& e : out->errors) std::fprintf(stderr, "%s\n", e.c_str());
  if (!out->committed) {
    std::fprintf(stderr, "corridor: %zu bad rows: nothing imported (fix them, or pass --skip-errors)\n",
                 out->errors.size());
    return 1;
  }
  std::printf("%d added (%d matched to stakeholders), %d already present, %zu rows skipped\n", out->added, out->matched,
              out->already_present, out->errors.size());
  return 0;
}

int RunEventParticipantsList(const Args& a) {
  auto x = OpenEvent(a, 2, "event participants list WORKSPACE EVENT_ID");
  if (!x.ok()) return Report(x.status());
  auto list = storage::EventEvidenceStore(x->c()).Participants(x->ws.id, x->event);
  if (!list.ok()) return Fail(list.status());
  std::printf("id\tname\torganisation\temail\tcountry\ttype\tsource\tchecked_in\n");
  for (const auto& p : *list)
    std::printf("%lld\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", static_cast<long long>(p.id), p.name.c_str(),
                p.organisation.c_str(), p.email.c_str(), p.country.c_str(), p.stakeholder_type.c_str(),
                domain::ParticipantSourceKey(p.source).c_str(), p.checked_in_at.c_str());
  return 0;
}

int RunEventCheckin(const Args& a) {
  auto x = OpenEvent(a, 3, "event participants checkin WORKSPACE EVENT_ID PARTICIPANT_ID|EMAIL [--undo]");
  if (!x.ok()) return Report(x.status());
  storage::EventEvidenceStore ev(x->c());
  std::string ref = a.positional[2];
  std::optional<int64_t> pid = strings::ParseInt(ref);
  if (!pid) {
    auto list = ev.Participants(x->ws.id, x->event);
    if (!list.ok()) return Fail(list.status());
    for (const auto& p : *list)
      if (!p.email.empty() && strings::IEquals(p.email, strings::Trim(ref))) pid = p.id;
    if (!pid) return Fail(Status::NotFound("participant: no participant \"" + ref + "\" in this event"));
  }
  bool undo = a.Has("undo");
  int rc = InTx(*x, [&] { return ev.CheckIn(x->ws.id, x->event, *pid, !undo, x->who); });
  if (rc) return rc;
  std::printf("participant %lld %s\n", static_cast<long long>(*pid), undo ? "not checked in" : "checked in");
  return 0;
}

int RunEventMinutes(const Args& a) {
  auto x = OpenEvent(a, 2, "event minutes WORKSPACE EVENT_ID --file FILE.md|-");
  if (!x.ok()) return Report(x.status());
  if (!a.Has("file")) return Fail(Status::Invalid("file: --file FILE.md (or - for standard input) is required"));
  Status read;
  std::string md = ReadAll(a.Get("file"), read);
  if (!read.ok()) return Fail(read);
  storage::EventEvidenceStore ev(x->c());
  int rc = InTx(*x, [&] { return ev.SaveMinutes(x->ws.id, x->event, md, 0, x->who); });
  if (rc) return rc;
  std::printf("minutes saved (%zu bytes)\n", md.size());
  PrintRegistryLink(ev.last_registry_link());
  return 0;
}

int RunEventAttach(const Args& a) {
  auto x = OpenEvent(a, 3, "event attach WORKSPACE EVENT_ID FILE [--label agenda|participant list|minutes|slides|photo|other]");
  if (!x.ok()) return Report(x.status());
  const std::string& path = a.positional[2];
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) return Fail(Status::Io("file: cannot read " + path));
  if (static_cast<int64_t>(size) > domain::kMaxAttachmentBytes)  // refuse before reading it all
    return Fail(Status::TooLarge("file: " + std::filesystem::path(path).filename().string() + " is " +
                                 std::to_string(size / (1024 * 1024)) + " MB; the limit is 10 MB"));
  Status read;
  std::string bytes = ReadAll(path, read);
  if (!read.ok()) return Fail(read);
  storage::EventEvidenceStore ev(x->c());
  int64_t aid = 0;
  int rc = InTx(*x, [&]() -> Status {
    auto r = ev.AddAttachment(x->ws.id, x->event, std::filesystem::path(path).filename().string(), bytes, a.Get("label"), x->who);
    if (!r.ok()) return r.status();
    aid = *r;
    return Status::Ok();
  });
  if (rc) return rc;
  std::printf("%lld\n", static_cast<long long>(aid));
  PrintRegistryLink(ev.last_registry_link());
  return 0;
}

int RunEventActionAdd(const Args& a) {
  auto x = OpenEvent(a, 2, "event action add WORKSPACE EVENT_ID --what TEXT --responsible EMAIL|NAME [--due YYYY-MM-DD] "
                           "[--project ACRONYM] [--stakeholder ID|EMAIL]");
  if (!x.ok()) return Report(x.status());
  storage::EventEvidenceStore ev(x->c());
  auto who = ev.ResolveResponsible(x->ws.id, a.Get("responsible"));
  if (!who.ok()) return Fail(who.status());
  domain::Action act;
  act.event_id = x->event;
  act.description = a.Get("what");
  act.responsible_user_id = who->user_id;
  act.responsible_stakeholder_id = who->stakeholder_id;
  act.due_date = a.Get("due");
  if (a.Has("project")) {
    auto p = ProjectRef(*x, a.Get("project"));
    if (!p.ok()) return Fail(p.status());
    act.project_id = *p;
  }
  if (a.Has("stakeholder")) {
    auto s = StakeholderRef(*x, a.Get("stakeholder"));
    if (!s.ok()) return Fail(s.status());
    act.stakeholder_id = *s;
  }
  int rc = InTx(*x, [&] { return ev.AddAction(x->ws.id, act, x->who).status(); });
  if (rc) return rc;
  std::printf("%lld\n", static_cast<long long>(act.id));
  PrintRegistryLink(ev.last_registry_link());
  return 0;
}

int RunEventActionClose(const Args& a) {
  auto x = OpenEvent(a, 3, "event action close WORKSPACE EVENT_ID ACTION_ID [--dropped] [--reopen]");
  if (!x.ok()) return Report(x.status());
  auto aid = strings::ParseInt(a.positional[2]);
  if (!aid) return Fail(Status::Invalid("action: \"" + a.positional[2] + "\" is not an action id"));
  storage::EventEvidenceStore ev(x->c());
  int rc = InTx(*x, [&] {
    if (a.Has("reopen")) return ev.ReopenAction(x->ws.id, x->event, *aid, x->who);
    return ev.CloseAction(x->ws.id, x->event, *aid,
                          a.Has("dropped") ? domain::ActionStatus::kDropped : domain::ActionStatus::kDone, x->who);
  });
  if (rc) return rc;
  auto now = ev.GetAction(x->ws.id, x->event, *aid);
  if (now.ok() && *now)
    std::printf("action %lld: %s%s\n", static_cast<long long>(*aid), domain::ActionStatusKey((*now)->status).c_str(),
                (*now)->closed_at.empty() ? "" : (" at " + (*now)->closed_at).c_str());
  return 0;
}

// Changes the given fields of an action (status "in-progress" included); the others stay.
int RunEventActionSet(const Args& a) {
  auto x = OpenEvent(a, 3, "event action set WORKSPACE EVENT_ID ACTION_ID [--status open|in-progress|done|dropped] "
                           "[--what TEXT] [--responsible EMAIL|NAME] [--due YYYY-MM-DD|none] [--project ACRONYM|none] "
                           "[--stakeholder ID|EMAIL|none]");
  if (!x.ok()) return Report(x.status());
  auto aid = strings::ParseInt(a.positional[2]);
  if (!aid) return Fail(Status::Invalid("action: \"" + a.positional[2] + "\" is not an action id"));
  storage::EventEvidenceStore ev(x->c());
  auto cur = ev.GetAction(x->ws.id, x->event, *aid);
  if (!cur.ok()) return Fail(cur.status());
  if (!*cur) return Fail(Status::NotFound("no action #" + a.positional[2] + " in this event"));
  domain::Action act = **cur;
  if (a.Has("status")) {
    auto st = domain::ParseActionStatus(a.Get("status"));
    if (!st) return Fail(Status::Invalid("status: \"" + a.Get("status") + "\" is not open, in-progress, done or dropped"));
    act.status = *st;
  }
  if (a.Has("what")) act.description = a.Get("what");
  if (a.Has("due")) act.due_date = a.Get("due") == "none" ? "" : a.Get("due");
  if (a.Has("responsible")) {
    auto who = ev.ResolveResponsible(x->ws.id, a.Get("responsible"));
    if (!who.ok()) return Fail(who.status());
    act.responsible_user_id = who->user_id;
    act.responsible_stakeholder_id = who->stakeholder_id;
  }
  if (a.Has("project")) {
    if (a.Get("project") == "none" || a.Get("project").empty()) {
      act.project_id.reset();
    } else {
      auto p = ProjectRef(*x, a.Get("project"));
      if (!p.ok()) return Fail(p.status());
      act.project_id = *p;
    }
  }
  if (a.Has("stakeholder")) {
    if (a.Get("stakeholder") == "none" || a.Get("stakeholder").empty()) {
      act.stakeholder_id.reset();
    } else {
      auto sh = StakeholderRef(*x, a.Get("stakeholder"));
      if (!sh.ok()) return Fail(sh.status());
      act.stakeholder_id = *sh;
    }
  }
  int rc = InTx(*x, [&] { return ev.UpdateAction(x->ws.id, act, x->who); });
  if (rc) return rc;
  std::printf("action %lld: %s%s\n", static_cast<long long>(act.id), domain::ActionStatusKey(act.status).c_str(),
              act.closed_at.empty() ? "" : (" at " + act.closed_at).c_str());
  PrintRegistryLink(ev.last_registry_link());
  return 0;
}

int RunEventActionList(const Args& a) {
  auto x = OpenEvent(a, 2, "event action list WORKSPACE EVENT_ID");
  if (!x.ok()) return Report(x.status());
  auto list = storage::EventEvidenceStore(x->c()).Actions(x->ws.id, x->event);
  if (!list.ok()) return Fail(list.status());
  std::string today = a.Get("today", dates::ToIso(dates::Today()));
  std::printf("id\tstatus\tdue\tresponsible\taction\n");
  for (const auto& act : *list)
    std::printf("%lld\t%s%s\t%s\t%s\t%s\n", static_cast<long long>(act.id), domain::ActionStatusKey(act.status).c_str(),
                domain::IsOverdue(act, today) ? " (overdue)" : "", act.due_date.c_str(), act.responsible_name.c_str(),
                act.description.c_str());
  return 0;
}

int RunActions(const Args& a) {
  auto x = Open(a, 1, "actions WORKSPACE [--today YYYY-MM-DD]");
  if (!x.ok()) return Report(x.status());
  std::string today = a.Get("today", dates::ToIso(dates::Today()));
  auto groups = storage::EventFollowup(x->c()).OpenActionsByPerson(x->ws.id, today);
  if (!groups.ok()) return Fail(groups.status());
  if (groups->empty()) std::printf("no open actions\n");
  for (const auto& g : *groups) {
    std::printf("%s (%zu open, %d overdue)\n", g.responsible_name.c_str(), g.actions.size(), g.overdue);
    for (const auto& oa : g.actions)
      std::printf("  %s%s\t#%lld %s\t[event #%lld %s, %s]\n", oa.overdue ? "OVERDUE " : "",
                  oa.action.due_date.empty() ? "no due date" : ("due " + oa.action.due_date).c_str(),
                  static_cast<long long>(oa.action.id), oa.action.description.c_str(),
                  static_cast<long long>(oa.event_id), oa.event_title.c_str(), oa.event_date.c_str());
  }
  return 0;
}

int RunEventsIncomplete(const Args& a) {
  auto x = Open(a, 1, "events incomplete WORKSPACE");
  if (!x.ok()) return Report(x.status());
  auto list = storage::EventFollowup(x->c()).IncompleteHeldEvents(x->ws.id);
  if (!list.ok()) return Fail(list.status());
  if (list->empty()) std::printf("every held event has its agenda, participant list, minutes and action list\n");
  for (const auto& ie : *list)
    std::printf("%lld\t%s\t%s\t%s\tmissing: %s\n", static_cast<long long>(ie.summary.event.id),
                ie.summary.event.start_date.c_str(), domain::ProjectMonthLabel(ie.summary.project_month).c_str(),
                ie.summary.event.title.c_str(), strings::Join(ie.missing, ", ").c_str());
  return 0;
}

}  // namespace corridor::cli
