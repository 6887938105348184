-- Corridor schema v10 (issue 5): the regional ecosystem scoreboard. The PostgreSQL twin is
-- migrations/postgres/0010_scoreboard.sql (keep them in step).

-- Frameworks: dimensions and scale per workspace (the built-ins I4-GREEN and NEO-CYCLE are
-- created in each workspace on first use). dimensions_json: [{"key","name","description","layer"}];
-- scale_json: {"levels":[{"value","label","meaning"}]} or {"min","max"}.
CREATE TABLE scoreboard_frameworks (
  id              INTEGER PRIMARY KEY,
  workspace_id    INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  key             TEXT NOT NULL,
  name            TEXT NOT NULL,
  description     TEXT NOT NULL DEFAULT '',
  builtin         INTEGER NOT NULL DEFAULT 0,
  dimensions_json TEXT NOT NULL,
  scale_json      TEXT NOT NULL,
  version         INTEGER NOT NULL DEFAULT 1,
  created_at      TEXT NOT NULL,
  UNIQUE (workspace_id, key)
);

-- Assessment rounds: a dated re-assessment, six-monthly or after a named event (event_id: an
-- event of the events table when linked; no foreign key so that deleting an event keeps the
-- round's own record of it in event_title).
CREATE TABLE scoreboard_rounds (
  id            INTEGER PRIMARY KEY,
  workspace_id  INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  framework_id  INTEGER NOT NULL REFERENCES scoreboard_frameworks(id),
  title         TEXT NOT NULL,
  round_date    TEXT NOT NULL,
  trigger_kind  TEXT NOT NULL CHECK (trigger_kind IN ('six-monthly', 'event')),
  event_title   TEXT NOT NULL DEFAULT '',
  event_id      INTEGER,
  status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  closed_at     TEXT NOT NULL DEFAULT '',
  closed_by     TEXT NOT NULL DEFAULT '',
  copied_from   INTEGER REFERENCES scoreboard_rounds(id),
  created_at    TEXT NOT NULL,
  created_by    TEXT NOT NULL DEFAULT '',
  UNIQUE (workspace_id, title)
);
CREATE INDEX scoreboard_rounds_ws ON scoreboard_rounds(workspace_id, round_date);

-- One score per round, region and dimension, with its evidence note and sources (JSON list).
CREATE TABLE scoreboard_scores (
  id             INTEGER PRIMARY KEY,
  round_id       INTEGER NOT NULL REFERENCES scoreboard_rounds(id),
  region_code    TEXT NOT NULL,
  dimension_key  TEXT NOT NULL,
  value          REAL NOT NULL,
  evidence       TEXT NOT NULL CHECK (evidence <> ''),
  sources_json   TEXT NOT NULL CHECK (sources_json <> '[]'),
  updated_at     TEXT NOT NULL,
  updated_by     TEXT NOT NULL DEFAULT '',
  UNIQUE (round_id, region_code, dimension_key)
);

-- A closed round is immutable: the stores refuse first with a readable message; these triggers
-- make sure no other path (a script, a bug) changes it. Deleting is refused by the store only:
-- `corridor migrate --from/--to --force` must be able to empty a target database.
CREATE TRIGGER scoreboard_rounds_closed_update BEFORE UPDATE ON scoreboard_rounds
WHEN OLD.status = 'closed'
BEGIN SELECT RAISE(ABORT, 'assessment round is closed: it cannot change'); END;

-- An insert into a closed round is allowed only for a score last changed before the round
-- closed: that is a copy of the round (corridor migrate --from/--to, restore), never a new write.
CREATE TRIGGER scoreboard_scores_closed_insert BEFORE INSERT ON scoreboard_scores
WHEN EXISTS (SELECT 1 FROM scoreboard_rounds WHERE id = NEW.round_id AND status = 'closed'
             AND NEW.updated_at > closed_at)
BEGIN SELECT RAISE(ABORT, 'assessment round is closed: its scores cannot change'); END;

CREATE TRIGGER scoreboard_scores_closed_update BEFORE UPDATE ON scoreboard_scores
WHEN (SELECT status FROM scoreboard_rounds WHERE id = OLD.round_id) = 'closed'
  OR (SELECT status FROM scoreboard_rounds WHERE id = NEW.round_id) = 'closed'
BEGIN SELECT RAISE(ABORT, 'assessment round is closed: its scores cannot change'); END;

-- The S3P partnerships catalogue (seed 000 Tables 1 and 2) per workspace; region_codes is a
-- comma-separated list of NUTS 2021 codes, benchmark_json a JSON list of points.
CREATE TABLE s3p_partnerships (
  id                INTEGER PRIMARY KEY,
  workspace_id      INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  platform          TEXT NOT NULL,
  partnership       TEXT NOT NULL,
  leading_regions   TEXT NOT NULL DEFAULT '',
  region_codes      TEXT NOT NULL DEFAULT '',
  priority          INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 4),
  synergies         TEXT NOT NULL DEFAULT '',
  interaction_focus TEXT NOT NULL DEFAULT '',
  benchmark_json    TEXT NOT NULL DEFAULT '[]',
  position          INTEGER NOT NULL DEFAULT 0,
  UNIQUE (workspace_id, partnership)
);
