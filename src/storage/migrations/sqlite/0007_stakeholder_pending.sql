-- Corridor schema v7 (issue 3): held re-registrations and flagged duplicates. The PostgreSQL twin
-- is migrations/postgres/0007_stakeholder_pending.sql (keep them in step).

-- Registering again with a known e-mail changes nothing at once: the submitted values wait here,
-- tied to the confirmation link mailed to that address, and apply only when it is confirmed.
CREATE TABLE stakeholder_pending_changes (
  id             INTEGER PRIMARY KEY,
  stakeholder_id INTEGER NOT NULL REFERENCES stakeholders(id) ON DELETE CASCADE,
  token_hash     TEXT NOT NULL UNIQUE,         -- SHA-256 of the confirm token in the mail
  name           TEXT NOT NULL,
  organisation   TEXT NOT NULL DEFAULT '',
  country        TEXT NOT NULL DEFAULT '',
  type_key       TEXT NOT NULL DEFAULT '',
  sector_key     TEXT NOT NULL DEFAULT '',
  phase_key      TEXT NOT NULL DEFAULT '',
  interests      TEXT NOT NULL DEFAULT '',
  created_at     TEXT NOT NULL
);
CREATE INDEX stakeholder_pending_changes_sh ON stakeholder_pending_changes(stakeholder_id);

-- Possible duplicates noticed when a record arrived (registration form or import): similar name
-- and organisation as an existing record. Shown on the record and on the duplicates page.
CREATE TABLE stakeholder_duplicate_flags (
  id             INTEGER PRIMARY KEY,
  workspace_id   INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  stakeholder_id INTEGER NOT NULL REFERENCES stakeholders(id) ON DELETE CASCADE,  -- the newcomer
  other_id       INTEGER NOT NULL REFERENCES stakeholders(id) ON DELETE CASCADE,  -- the record it resembles
  reason         TEXT NOT NULL,
  source         TEXT NOT NULL,               -- 'registration' | 'import'
  flagged_at     TEXT NOT NULL,
  UNIQUE (stakeholder_id, other_id)
);
CREATE INDEX stakeholder_duplicate_flags_ws ON stakeholder_duplicate_flags(workspace_id);
CREATE INDEX stakeholder_duplicate_flags_other ON stakeholder_duplicate_flags(other_id);
