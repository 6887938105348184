-- Corridor schema v3: the stakeholder registry (issue 3). Portable SQL; the PostgreSQL twin is
-- migrations/postgres/0003_stakeholders.sql (keep them in step). Dates are ISO 8601 TEXT (UTC).

-- Per-workspace taxonomy: stakeholder types, sectors, value-chain phases (defaults from the seed,
-- editable). A retired entry keeps its key so old records still read.
CREATE TABLE stakeholder_taxonomy (
  id           INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  kind         TEXT NOT NULL CHECK (kind IN ('type', 'sector', 'phase')),
  key          TEXT NOT NULL,                 -- stable, lower-case: 'policymakers', 'weee-recycling'
  label        TEXT NOT NULL,
  position     INTEGER NOT NULL DEFAULT 0,
  retired      INTEGER NOT NULL DEFAULT 0,
  UNIQUE (workspace_id, kind, key)
);

CREATE TABLE stakeholders (
  id            INTEGER PRIMARY KEY,
  workspace_id  INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name          TEXT NOT NULL,                -- person's name ('' once erased)
  organisation  TEXT NOT NULL DEFAULT '',
  email         TEXT,                         -- lower-cased; NULL once erased
  country       TEXT NOT NULL DEFAULT '',     -- two letters (EL, UK accepted)
  type_key      TEXT NOT NULL DEFAULT '',     -- stakeholder_taxonomy kind 'type'
  sector_key    TEXT NOT NULL DEFAULT '',     -- kind 'sector'
  phase_key     TEXT NOT NULL DEFAULT '',     -- kind 'phase'
  interests     TEXT NOT NULL DEFAULT '',
  tags          TEXT NOT NULL DEFAULT '',     -- comma-separated, lower-case
  influence     INTEGER CHECK (influence BETWEEN 1 AND 5),
  interest      INTEGER CHECK (interest BETWEEN 1 AND 5),
  is_actor      INTEGER NOT NULL DEFAULT 0,   -- actor: hands-on collaborator (seed 001 section 3)
  notes         TEXT NOT NULL DEFAULT '',
  source        TEXT NOT NULL DEFAULT 'manual', -- 'registration' | 'import' | 'manual'
  status        TEXT NOT NULL DEFAULT 'active'
                CHECK (status IN ('pending', 'active', 'erased', 'merged')),
                -- pending: registered, e-mail not yet confirmed (double opt-in)
  merged_into   INTEGER REFERENCES stakeholders(id),
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  confirmed_at  TEXT,
  erased_at     TEXT,
  version       INTEGER NOT NULL DEFAULT 1,   -- optimistic lock, as sister_projects
  UNIQUE (workspace_id, email)
);
CREATE INDEX stakeholders_ws_status ON stakeholders(workspace_id, status);
CREATE INDEX stakeholders_ws_name ON stakeholders(workspace_id, name);

-- Versioned consent statements per purpose ('contact', 'newsletter', ...). A new wording is a new
-- version; old versions stay, because consents point at the exact text that was shown.
CREATE TABLE consent_texts (
  id           INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  purpose      TEXT NOT NULL,
  version      INTEGER NOT NULL,
  text         TEXT NOT NULL,
  required     INTEGER NOT NULL DEFAULT 0,    -- the form cannot be sent without it
  created_at   TEXT NOT NULL,
  created_by   TEXT NOT NULL DEFAULT '',
  UNIQUE (workspace_id, purpose, version)
);

-- One row per consent given; withdrawal closes it (a new consent is a new row).
CREATE TABLE consents (
  id              INTEGER PRIMARY KEY,
  stakeholder_id  INTEGER NOT NULL REFERENCES stakeholders(id) ON DELETE CASCADE,
  consent_text_id INTEGER NOT NULL REFERENCES consent_texts(id),
  purpose         TEXT NOT NULL,              -- copied from the text, for filtering
  given_at        TEXT NOT NULL,
  source          TEXT NOT NULL,              -- 'registration form', 'import: file.xlsx', 'admin: who'
  confirmed_at    TEXT,                       -- double opt-in confirmation
  withdrawn_at    TEXT,
  withdrawn_via   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX consents_stakeholder ON consents(stakeholder_id, purpose);

-- Single-use or long-lived signed-link tokens (only their SHA-256 is stored).
CREATE TABLE stakeholder_tokens (
  token_hash     TEXT PRIMARY KEY,
  stakeholder_id INTEGER NOT NULL REFERENCES stakeholders(id) ON DELETE CASCADE,
  purpose        TEXT NOT NULL,               -- 'confirm' | 'self-service'
  created_at     TEXT NOT NULL,
  expires_at     TEXT NOT NULL,
  used_at        TEXT
);
CREATE INDEX stakeholder_tokens_sh ON stakeholder_tokens(stakeholder_id);

-- Outgoing mail, written in the same transaction as the change that causes it, delivered later
-- (SMTP, or a file outbox for development and tests), so no acknowledged mail is lost.
CREATE TABLE mail_outbox (
  id           INTEGER PRIMARY KEY,
  workspace_id INTEGER REFERENCES workspaces(id) ON DELETE SET NULL,
  to_addr      TEXT NOT NULL,
  subject      TEXT NOT NULL,
  body_text    TEXT NOT NULL,
  headers      TEXT NOT NULL DEFAULT '',      -- extra headers, e.g. List-Unsubscribe
  created_at   TEXT NOT NULL,
  sent_at      TEXT,
  attempts     INTEGER NOT NULL DEFAULT 0,
  last_error   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX mail_outbox_pending ON mail_outbox(sent_at, id);

-- Registration attempts per address and per e-mail (spam limit), like login_attempts.
CREATE TABLE registration_attempts (
  key TEXT NOT NULL,
  at  TEXT NOT NULL
);
CREATE INDEX registration_attempts_key ON registration_attempts(key, at);

-- The engagement matrix (seed 001 Table 3): per stakeholder group, its role, the value offered
-- and the engagement objectives. Shown on records and on the public transparency page.
CREATE TABLE engagement_matrix (
  id                INTEGER PRIMARY KEY,
  workspace_id      INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  group_label       TEXT NOT NULL,
  type_keys         TEXT NOT NULL DEFAULT '', -- comma-separated taxonomy type keys it covers
  expected_role     TEXT NOT NULL DEFAULT '',
  value_proposition TEXT NOT NULL DEFAULT '',
  objectives        TEXT NOT NULL DEFAULT '',
  position          INTEGER NOT NULL DEFAULT 0
);

-- Saved filters. filter_json: {"types":[...],"sectors":[...],"phases":[...],"tiers":[...],
-- "countries":[...],"consent":"contact"|"newsletter"|"",...,"tags":[...],"actor":true|false|null,"q":""}
CREATE TABLE segments (
  id           INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  description  TEXT NOT NULL DEFAULT '',
  filter_json  TEXT NOT NULL,
  predefined   INTEGER NOT NULL DEFAULT 0,    -- the four subgroups of seed 001 section 2.2.1
  created_by   TEXT NOT NULL DEFAULT '',
  created_at   TEXT NOT NULL,
  UNIQUE (workspace_id, name)
);

-- Database-to-invitation: a list built from segments and criteria, with its justification.
-- The events issue links events to lists.
CREATE TABLE invitation_lists (
  id            INTEGER PRIMARY KEY,
  workspace_id  INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name          TEXT NOT NULL,
  purpose       TEXT NOT NULL DEFAULT '',
  criteria_json TEXT NOT NULL DEFAULT '{}',   -- segment ids and extra criteria used
  justification TEXT NOT NULL DEFAULT '',
  event_title   TEXT NOT NULL DEFAULT '',
  event_start   TEXT NOT NULL DEFAULT '',     -- ISO date-time, for the ICS invitation
  event_end     TEXT NOT NULL DEFAULT '',
  event_place   TEXT NOT NULL DEFAULT '',
  created_by    TEXT NOT NULL DEFAULT '',
  created_at    TEXT NOT NULL
);

CREATE TABLE invitations (
  id             INTEGER PRIMARY KEY,
  list_id        INTEGER NOT NULL REFERENCES invitation_lists(id) ON DELETE CASCADE,
  stakeholder_id INTEGER NOT NULL REFERENCES stakeholders(id),
  status         TEXT NOT NULL DEFAULT 'invited'
                 CHECK (status IN ('invited', 'accepted', 'declined', 'attended')),
  status_at      TEXT NOT NULL,
  UNIQUE (list_id, stakeholder_id)
);

-- Who was left out of a list and why ('no valid consent', 'consent withdrawn', 'duplicate', ...).
CREATE TABLE invitation_exclusions (
  id             INTEGER PRIMARY KEY,
  list_id        INTEGER NOT NULL REFERENCES invitation_lists(id) ON DELETE CASCADE,
  stakeholder_id INTEGER NOT NULL REFERENCES stakeholders(id),
  reason         TEXT NOT NULL
);
