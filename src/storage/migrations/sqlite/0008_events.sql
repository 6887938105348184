-- Corridor schema v8 (issue 4): clustering events and their auditable evidence (seed 001 sections
-- 3.2-3.3, Tables 4 and 5). The PostgreSQL twin is migrations/postgres/0008_events.sql (keep them in
-- step). Keys of kind/purpose/mode/status are stored as text so KPIs can GROUP BY them directly.
CREATE TABLE events (
  id                 INTEGER PRIMARY KEY,
  workspace_id       INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  title              TEXT NOT NULL,
  kind               TEXT NOT NULL CHECK (kind IN ('external', 'project-led', 'online')),
  purpose            TEXT NOT NULL CHECK (purpose IN ('benchmarking', 'policy-standards', 'cooperation-activation')),
  start_date         TEXT NOT NULL,               -- ISO yyyy-mm-dd
  end_date           TEXT NOT NULL DEFAULT '',    -- '' = same day
  start_time         TEXT NOT NULL DEFAULT '',    -- HH:MM
  end_time           TEXT NOT NULL DEFAULT '',
  place              TEXT NOT NULL DEFAULT '',
  url                TEXT NOT NULL DEFAULT '',
  mode               TEXT NOT NULL CHECK (mode IN ('in-person', 'online', 'hybrid')),
  organiser          TEXT NOT NULL DEFAULT '',
  status             TEXT NOT NULL CHECK (status IN ('planned', 'held', 'cancelled')),
  milestone          TEXT NOT NULL DEFAULT '',    -- planned milestone label, '' = none
  description        TEXT NOT NULL DEFAULT '',
  expected_outputs   TEXT NOT NULL DEFAULT '',
  actual_outputs     TEXT NOT NULL DEFAULT '',
  minutes_md         TEXT NOT NULL DEFAULT '',
  invitation_list_id INTEGER REFERENCES invitation_lists(id) ON DELETE SET NULL,
  version            INTEGER NOT NULL DEFAULT 1,  -- optimistic lock
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL
);
CREATE INDEX events_ws_date ON events(workspace_id, start_date, id);
CREATE INDEX events_ws_status ON events(workspace_id, status, start_date);

CREATE TABLE event_projects (
  event_id   INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  project_id INTEGER NOT NULL REFERENCES sister_projects(id) ON DELETE CASCADE,
  PRIMARY KEY (event_id, project_id)
);
CREATE INDEX event_projects_project ON event_projects(project_id);

CREATE TABLE event_stakeholders (
  event_id       INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  stakeholder_id INTEGER NOT NULL REFERENCES stakeholders(id) ON DELETE CASCADE,
  PRIMARY KEY (event_id, stakeholder_id)
);
CREATE INDEX event_stakeholders_stakeholder ON event_stakeholders(stakeholder_id);

CREATE TABLE event_agenda_items (
  id         INTEGER PRIMARY KEY,
  event_id   INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  position   INTEGER NOT NULL DEFAULT 0,
  start_time TEXT NOT NULL DEFAULT '',
  end_time   TEXT NOT NULL DEFAULT '',
  title      TEXT NOT NULL,
  speaker    TEXT NOT NULL DEFAULT '',
  project_id INTEGER REFERENCES sister_projects(id) ON DELETE SET NULL
);
CREATE INDEX event_agenda_event ON event_agenda_items(event_id, position, id);

-- country and stakeholder_type are copied from the linked stakeholder when known, so KPIs count
-- participants by type and country without a join (and keep walk-ins and uploads countable).
CREATE TABLE event_participants (
  id               INTEGER PRIMARY KEY,
  event_id         INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  stakeholder_id   INTEGER REFERENCES stakeholders(id) ON DELETE SET NULL,
  invitation_id    INTEGER REFERENCES invitations(id) ON DELETE SET NULL,
  name             TEXT NOT NULL,
  organisation     TEXT NOT NULL DEFAULT '',
  email            TEXT NOT NULL DEFAULT '',      -- lower-cased, '' = none
  country          TEXT NOT NULL DEFAULT '',
  stakeholder_type TEXT NOT NULL DEFAULT '',
  source           TEXT NOT NULL CHECK (source IN ('invitation', 'walk-in', 'upload')),
  checked_in_at    TEXT NOT NULL DEFAULT '',      -- ISO timestamp, '' = not checked in
  created_at       TEXT NOT NULL
);
CREATE INDEX event_participants_event ON event_participants(event_id, name, id);
CREATE INDEX event_participants_email ON event_participants(event_id, email);
CREATE INDEX event_participants_stakeholder ON event_participants(stakeholder_id);

-- Content as base64 TEXT (the storage seam has no BLOB type; it survives backup and migrate).
CREATE TABLE event_attachments (
  id           INTEGER PRIMARY KEY,
  event_id     INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  filename     TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size         INTEGER NOT NULL,
  sha256       TEXT NOT NULL,
  label        TEXT NOT NULL DEFAULT 'other',
  content_b64  TEXT NOT NULL,
  uploaded_at  TEXT NOT NULL,
  uploaded_by  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX event_attachments_event ON event_attachments(event_id, id);

-- workspace_id is copied from the event so the cross-event open-actions list is one index range.
CREATE TABLE event_actions (
  id                         INTEGER PRIMARY KEY,
  event_id                   INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  workspace_id               INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  description                TEXT NOT NULL,
  responsible_user_id        INTEGER REFERENCES users(id),
  responsible_stakeholder_id INTEGER REFERENCES stakeholders(id),
  due_date                   TEXT NOT NULL DEFAULT '',
  status                     TEXT NOT NULL CHECK (status IN ('open', 'in-progress', 'done', 'dropped')),
  closed_at                  TEXT NOT NULL DEFAULT '',
  project_id                 INTEGER REFERENCES sister_projects(id) ON DELETE SET NULL,
  stakeholder_id             INTEGER REFERENCES stakeholders(id) ON DELETE SET NULL,
  version                    INTEGER NOT NULL DEFAULT 1,
  created_at                 TEXT NOT NULL,
  updated_at                 TEXT NOT NULL,
  CHECK ((responsible_user_id IS NULL) <> (responsible_stakeholder_id IS NULL))
);
CREATE INDEX event_actions_event ON event_actions(event_id, id);
CREATE INDEX event_actions_ws_status ON event_actions(workspace_id, status, due_date);

-- Point 4: the registry moves an event made (shortlist -> interaction_filtered), so it never
-- moves the same project twice.
CREATE TABLE event_registry_moves (
  event_id   INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  project_id INTEGER NOT NULL REFERENCES sister_projects(id) ON DELETE CASCADE,
  moved_at   TEXT NOT NULL,
  PRIMARY KEY (event_id, project_id)
);
CREATE INDEX event_registry_moves_project ON event_registry_moves(project_id);
