#include "storage/demo_events.h"

#include <optional>
#include <string>
#include <vector>

#include "domain/event.h"
#include "storage/event_evidence_store.h"
#include "storage/event_store.h"
#include "storage/stakeholder_store.h"

namespace corridor::storage {

namespace {

const Actor kDemoActor{0, "demo data"};  // as demo_data.cc: the audit trail shows where records came from

using domain::EventKind;
using domain::EventMode;
using domain::EventPurpose;
using domain::EventStatus;

constexpr const char* kStart = "2024-09-01";  // the NEO-CYCLE workspace start (M1)

// The seed dates events by project month only: they are recorded on the month's first day and
// the description says so.
std::string Month(int m) { return domain::ProjectMonthStart(kStart, m); }

Result<std::vector<int64_t>> ProjectIds(Connection& c, int64_t ws, const std::vector<std::string>& acronyms) {
  std::vector<int64_t> out;
  for (const auto& a : acronyms) {
    auto r = c.Query("SELECT id FROM sister_projects WHERE workspace_id = ? AND acronym = ? ORDER BY id LIMIT 1", {ws, a});
    if (!r.ok()) return r.status();
    if (!r->empty()) out.push_back((*r)[0].Int(0));  // a user may have removed it: link what is there
  }
  return out;
}

struct DemoEvent {
  const char* title;
  EventKind kind;
  EventPurpose purpose;
  int month;
  int days;  // duration in days (1 = one day)
  const char* place;
  EventMode mode;
  const char* organiser;
  EventStatus status;
  const char* milestone;
  const char* description;
  const char* expected_outputs;
  const char* actual_outputs;
  std::vector<std::string> projects;
};

const std::vector<DemoEvent>& DemoEvents() {
  static const std::vector<DemoEvent> v = {
      // Table 4: external events with NEO-CYCLE technical presentations.
      {"European Raw Materials Clustering Event (EURAW 2024)", EventKind::kExternal, EventPurpose::kBenchmarking, 2, 1,
       "Seville, Spain", EventMode::kInPerson, "ISMC", EventStatus::kHeld, "",
       "A clustering platform for EU-funded raw-materials projects and their ecosystem, organised in thematic "
       "sessions with matchmaking. NEO-CYCLE presented its approach and compared it with neighbouring projects "
       "(among them MaDiTraCe, S34I and TERRAVISION), with policy representatives (DG GROW) in the room. Dated to "
       "its project month (M2); the exact day is not recorded.",
       "", "NEO-CYCLE technical presentation; complementarities identified beyond direct thematic overlap.",
       {"MaDiTraCe"}},
      {"Materials4Catalysts Cluster Workshop", EventKind::kExternal, EventPurpose::kCooperationActivation, 13, 1,
       "Brussels, Belgium", EventMode::kHybrid, "PNO Innovation", EventStatus::kHeld, "",
       "A hybrid side event of Raw Materials Week 2025 on the recycling, recovery and production of efficient "
       "catalysts. Six EU-funded projects compared technology routes and feedstocks and mapped exploitation routes "
       "and collaboration opportunities; FIREFLY and PEACOC co-organised, with NEO-CYCLE, ALCHEMHY, SUSTAINCELL and "
       "HIGHLANDER taking part. Dated to its project month (M13).",
       "", "NEO-CYCLE technical presentation; cross-project collaboration opportunities mapped by application.",
       {"FIREFLY", "PEAGOC", "ALCHEMHY", "SUSTAINCELL", "HIGHLANDER"}},
      {"PROMETIA 12th Scientific Seminar", EventKind::kExternal, EventPurpose::kBenchmarking, 13, 3, "Naples, Italy",
       EventMode::kInPerson, "PROMETIA", EventStatus::kHeld, "",
       "A three-day technical and industrial dialogue on mineral processing and extractive metallurgy for mining "
       "and recycling. NEO-CYCLE contributed the talk \"Up-cycling of NdFeB Magnets in the EU for green "
       "applications\" in the scientific block, next to scale-up and recovery topics. Dated to its project month "
       "(M13).",
       "", "Technical contribution in the scientific programme; links to piloting and scale-up communities.", {}},
      // Section 3.2.2: project-led milestones.
      {"Second NEO-CYCLE clustering event", EventKind::kProjectLed, EventPurpose::kCooperationActivation, 24, 1, "",
       EventMode::kInPerson, "NEO-CYCLE consortium", EventStatus::kPlanned, "Second clustering event",
       "Builds on the first event with the focus on follow-up and implementation: developing and tracking joint "
       "initiatives, aligning evidence needs such as traceability and sustainability reporting, and agreeing "
       "cooperation steps. Place and format to be confirmed.",
       "Joint initiatives tracked; aligned evidence templates; agreed cooperation steps with owners.", "", {}},
      {"NEO-CYCLE final conference", EventKind::kProjectLed, EventPurpose::kCooperationActivation, 47, 1, "",
       EventMode::kHybrid, "NEO-CYCLE consortium", EventStatus::kPlanned, "Final conference",
       "International conference presenting the project results to industry, research and policy makers, with "
       "stakeholders and sister initiatives invited (Task 13.3). Place to be confirmed.",
       "Results presented in a reuse-oriented way; best practices exchanged; common actions for replication.", "", {}},
      // Table 5: the potential external framework, dated to the start of Task 12.3 (M19) until set.
      {"EIT RawMaterials Summit", EventKind::kExternal, EventPurpose::kCooperationActivation, 19, 1, "",
       EventMode::kInPerson, "EIT RawMaterials", EventStatus::kPlanned, "",
       "Annual, high-level and market-facing: identify synergistic projects and exploitation corridors. Dated to "
       "the start of Task 12.3 (M19) until the edition is chosen.",
       "Follow-up actions list; updated sister-project contacts.", "", {}},
      {"Technical/scientific venue on processing and recycling", EventKind::kExternal, EventPurpose::kBenchmarking, 19,
       1, "", EventMode::kInPerson, "", EventStatus::kPlanned, "",
       "Technical benchmarking on process maturity, validation approaches and scale-up constraints. Venue to be "
       "chosen; dated to the start of Task 12.3 (M19).",
       "Abstract/presentation; evidence of participation; contacts; summary of transferable insights.", "", {}},
      {"Raw Materials Week", EventKind::kExternal, EventPurpose::kPolicyStandards, 19, 1, "Brussels, Belgium",
       EventMode::kInPerson, "European Commission", EventStatus::kPlanned, "",
       "Annual and policy-facing: align narratives with EU priorities and meet sister projects and policy and "
       "standards actors. Dated to the start of Task 12.3 (M19) until the edition is chosen.",
       "Cooperation proposals and scalability results; dissemination logs, joint visibility items; updated "
       "replication map.",
       "", {}},
      {"Industry circular economy expo", EventKind::kExternal, EventPurpose::kBenchmarking, 19, 1, "",
       EventMode::kInPerson, "", EventStatus::kPlanned, "",
       "A reality check on markets and deployment with operators and industrial adopters. Expo to be chosen; dated "
       "to the start of Task 12.3 (M19).",
       "Key industry feedback points; new leads for uptake, documented exchanges; agreed follow-up actions.", "", {}},
      {"European Cluster Co-operations conference", EventKind::kExternal, EventPurpose::kCooperationActivation, 19, 1,
       "", EventMode::kInPerson, "", EventStatus::kPlanned, "",
       "Activate cross-cluster cooperation and find collaboration-ready partners, regions, SMEs and cluster "
       "organisations; strengthen alignment on standards, evidence needs and replication conditions. Dated to the "
       "start of Task 12.3 (M19).",
       "Stakeholder lists; dissemination outputs; synergy actions implemented.", "", {}},
  };
  return v;
}

constexpr const char* kFirstEventMinutes = R"(# First NEO-CYCLE clustering event - minutes

Hybrid stakeholder workshop in Seville, organised by ISMC and ECOCastulum.

## Summary

- The opening block set a shared baseline: the technology chain (solid-state chlorination and selective
  electrochemical neodymium extraction), upcycling into industrial catalysts, and the Digital Product Passport
  as the link to traceability evidence.
- The methodology block discussed stakeholder roles, regional innovation alignment and where replication is
  most realistic.
- RAW4RES, ExpSKILLS, CRUSADE and PERMANET gave elevator pitches; intersection points were noted for
  traceability evidence conventions and comparable indicators.

## Interactive session (facilitated by ISMC)

1. **Replication focus** - recovery and upcycling outcomes were seen as the most valuable; traceability as
   the enabling infrastructure.
2. **System integration** - traceability, recovery and skills were framed as one coupled system.
3. **Scaling constraints** - economics, process maturity and governance first; infrastructure next.
4. **Narrative** - recycling is central for Europe's critical materials; demanding but promising.

## Decisions

- Lead follow-up with recovery and upcycling results, with the DPP as the mechanism that makes them comparable.
- Track follow-up in the action list below.
)";

Status LoadFirstEventEvidence(Connection& c, int64_t ws, int64_t event_id) {
  EventEvidenceStore ev(c);
  auto project_of = [&](const std::string& acronym) -> std::optional<int64_t> {
    auto r = ProjectIds(c, ws, {acronym});
    if (!r.ok() || r->empty()) return std::nullopt;
    return (*r)[0];
  };
  struct Item {
    const char* title;
    const char* speaker;
    const char* project;
  };
  const std::vector<Item> agenda = {
      {"Strategic alignment: REE recycling, SSC and SENE extraction, upcycling into industrial catalysts", "NEO-CYCLE", ""},
      {"Digital Product Passport: traceability evidence and interoperability", "NEO-CYCLE", ""},
      {"Techno-economic viability of downstream end products", "NEO-CYCLE", ""},
      {"Impact and engagement methodology: stakeholder roles and engagement logic", "NEO-CYCLE", ""},
      {"Clustering, regional innovation alignment and replication conditions", "NEO-CYCLE", ""},
      {"Elevator pitch: RAW4RES", "RAW4RES", "RAW4RES"},
      {"Elevator pitch: ExpSKILLS", "ExpSKILLS", "EXPSKILLS-REM"},
      {"Elevator pitch: CRUSADE", "CRUSADE", "CRUSADE"},
      {"Elevator pitch: PERMANET", "PERMANET", "PERMANET"},
      {"Interactive session: replication focus, system integration, scaling constraints, narrative", "ISMC", ""},
  };
  for (const Item& it : agenda) {
    domain::AgendaItem a;
    a.event_id = event_id;
    a.title = it.title;
    a.speaker = it.speaker;
    if (*it.project) a.project_id = project_of(it.project);
    CORRIDOR_RETURN_IF_ERROR(ev.AddAgendaItem(ws, a, kDemoActor).status());
  }
  // Participants: demo stakeholders (fictional people), most checked in.
  StakeholderStore people(c);
  const std::vector<std::pair<const char*, bool>> who = {
      {"e.marquez@example.org", true},    {"k.nowak@example.org", true}, {"h.schmidt@example.org", true},
      {"m.cohen@example.org", true},      {"l.weber@example.org", true}, {"g.romano@example.org", false},
      {"n.papadopoulos@example.org", true},
  };
  for (auto [email, checked] : who) {
    CORRIDOR_ASSIGN_OR_RETURN(auto s, people.FindByEmail(ws, email));
    if (!s || s->status == domain::StakeholderStatus::kErased) continue;
    domain::Participant p;
    p.event_id = event_id;
    p.stakeholder_id = s->id;
    p.source = domain::ParticipantSource::kWalkIn;
    CORRIDOR_ASSIGN_OR_RETURN(int64_t pid, ev.AddParticipant(ws, p, kDemoActor));
    if (checked) CORRIDOR_RETURN_IF_ERROR(ev.CheckIn(ws, event_id, pid, true, kDemoActor));
  }
  domain::Participant walk_in;
  walk_in.event_id = event_id;
  walk_in.name = "Remote participant (unregistered)";
  walk_in.source = domain::ParticipantSource::kWalkIn;
  CORRIDOR_RETURN_IF_ERROR(ev.AddParticipant(ws, walk_in, kDemoActor).status());

  CORRIDOR_RETURN_IF_ERROR(ev.SaveMinutes(ws, event_id, kFirstEventMinutes, 0, kDemoActor));

  struct Todo {
    const char* what;
    const char* responsible;  // a demo stakeholder's e-mail
    std::string due;
    bool done;
    const char* project;
  };
  const std::vector<Todo> todos = {
      {"Circulate the minutes and the interactive-session results to all participants", "m.cohen@example.org",
       "2025-10-20", true, ""},
      {"Propose a shared convention for traceability evidence to the pitching projects", "l.weber@example.org",
       "2025-10-31", false, "RAW4RES"},
      {"Prepare the follow-up agenda for the second clustering event", "k.nowak@example.org", Month(22), false, ""},
  };
  for (const Todo& t : todos) {
    CORRIDOR_ASSIGN_OR_RETURN(auto s, people.FindByEmail(ws, t.responsible));
    if (!s) continue;
    domain::Action a;
    a.event_id = event_id;
    a.description = t.what;
    a.responsible_stakeholder_id = s->id;
    a.due_date = t.due;
    if (*t.project) a.project_id = project_of(t.project);
    CORRIDOR_ASSIGN_OR_RETURN(int64_t aid, ev.AddAction(ws, a, kDemoActor));
    if (t.done) {
      CORRIDOR_RETURN_IF_ERROR(ev.CloseAction(ws, event_id, aid, domain::ActionStatus::kDone, kDemoActor));
      // Closed before its due date, as the demo story has it (the audit keeps the load time).
      CORRIDOR_RETURN_IF_ERROR(
          c.Exec("UPDATE event_actions SET closed_at = '2025-10-17T16:00:00Z' WHERE id = ?", {aid}).status());
    }
  }
  return Status::Ok();
}

}  // namespace

Status LoadDemoEvents(Connection& c) {
  auto ws_row = c.Query("SELECT id FROM workspaces WHERE slug = 'neo-cycle'");
  if (!ws_row.ok()) return ws_row.status();
  if (ws_row->empty()) return Status::Ok();
  int64_t ws = (*ws_row)[0].Int(0);
  auto marker = c.Scalar("SELECT value FROM settings WHERE key = ?", {std::string(kDemoEventsSettingKey)});
  if (!marker.ok()) return marker.status();
  if (*marker) return Status::Ok();
  auto any = c.Query("SELECT id FROM events WHERE workspace_id = ? LIMIT 1", {ws});
  if (!any.ok()) return any.status();
  if (!any->empty()) return Status::Ok();

  EventStore events(c);
  for (const DemoEvent& d : DemoEvents()) {
    domain::Event e;
    e.workspace_id = ws;
    e.title = d.title;
    e.kind = d.kind;
    e.purpose = d.purpose;
    e.start_date = Month(d.month);
    if (d.days > 1) {
      auto start = domain::ProjectMonthStart(kStart, d.month);
      e.end_date = start.substr(0, 8) + (d.days < 10 ? "0" : "") + std::to_string(d.days);
    }
    e.place = d.place;
    e.mode = d.mode;
    e.organiser = d.organiser;
    e.status = d.status;
    e.milestone = d.milestone;
    e.description = d.description;
    e.expected_outputs = d.expected_outputs;
    e.actual_outputs = d.actual_outputs;
    CORRIDOR_ASSIGN_OR_RETURN(e.project_ids, ProjectIds(c, ws, d.projects));
    CORRIDOR_RETURN_IF_ERROR(events.Create(e, kDemoActor).status());
  }

  // The first NEO-CYCLE clustering event (section 3.2.3), held and fully documented.
  domain::Event first;
  first.workspace_id = ws;
  first.title = "First NEO-CYCLE clustering event (stakeholder workshop)";
  first.kind = EventKind::kProjectLed;
  first.purpose = EventPurpose::kCooperationActivation;
  first.start_date = Month(14);
  first.place = "Seville, Spain";
  first.mode = EventMode::kHybrid;
  first.organiser = "ISMC, ECOCastulum";
  first.status = EventStatus::kHeld;
  first.milestone = "First clustering event";
  first.description =
      "The introductory and alignment milestone: present NEO-CYCLE's transferable evidence packages, find synergies "
      "with other EU initiatives and move from alignment to cooperation. Invitations crossed the stakeholder list "
      "with the sister-project shortlist, mixing funding schemes and programmes; hybrid so that remote contributors "
      "could join. Dated to its project month (M14).";
  first.expected_outputs = "A collaboration-ready portfolio; prioritised follow-up actions with responsible persons.";
  first.actual_outputs =
      "Priorities on replication focus, system integration, scaling constraints and narrative; follow-up actions.";
  CORRIDOR_ASSIGN_OR_RETURN(first.project_ids, ProjectIds(c, ws, {"RAW4RES", "EXPSKILLS-REM", "CRUSADE", "PERMANET"}));
  CORRIDOR_ASSIGN_OR_RETURN(int64_t first_id, events.Create(first, kDemoActor));
  CORRIDOR_RETURN_IF_ERROR(LoadFirstEventEvidence(c, ws, first_id));

  return c.Exec("INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                {std::string(kDemoEventsSettingKey), std::string("loaded")})
      .status();
}

}  // namespace corridor::storage
