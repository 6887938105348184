-- Corridor schema v1: users, workspaces, audit, sister-project registry, CORDIS corpus.
-- Portable SQL (also the basis of the PostgreSQL migration): TEXT dates in ISO 8601.

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  email         TEXT NOT NULL UNIQUE,
  display_name  TEXT NOT NULL,
  password_hash TEXT NOT NULL,            -- Argon2id (libsodium crypto_pwhash_str)
  is_site_admin INTEGER NOT NULL DEFAULT 0,
  must_change_password INTEGER NOT NULL DEFAULT 0,
  created_at    TEXT NOT NULL
);

CREATE TABLE sessions (
  token_hash  TEXT PRIMARY KEY,           -- SHA-256 of the cookie value; the raw token is never stored
  user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  expires_at  TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE login_attempts (             -- rate limiting, shared by every server process
  key        TEXT NOT NULL,
  at         TEXT NOT NULL
);
CREATE INDEX login_attempts_key ON login_attempts(key, at);

CREATE TABLE workspaces (
  id          INTEGER PRIMARY KEY,
  slug        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  acronym     TEXT NOT NULL,
  kind        TEXT NOT NULL DEFAULT 'project',
  grant_id    TEXT,
  start_date  TEXT,
  description TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL
);

CREATE TABLE memberships (
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role         TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
  PRIMARY KEY (workspace_id, user_id)
);

CREATE TABLE consortium_partners (
  id           INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  short_name   TEXT NOT NULL DEFAULT '',
  org_id       TEXT NOT NULL DEFAULT '',
  country      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX consortium_partners_ws ON consortium_partners(workspace_id);

-- Who changed what: one row per changed field (entity 'sister_project', 'workspace', ...).
CREATE TABLE audit_log (
  id           INTEGER PRIMARY KEY,
  at           TEXT NOT NULL,
  user_id      INTEGER,
  user_name    TEXT NOT NULL DEFAULT '',
  workspace_id INTEGER,
  entity       TEXT NOT NULL,
  entity_id    INTEGER NOT NULL,
  action       TEXT NOT NULL,              -- create | update | delete | stage | import | refresh
  field        TEXT NOT NULL DEFAULT '',
  old_value    TEXT,
  new_value    TEXT,
  entity_version INTEGER                   -- the record's version after this change
);
CREATE INDEX audit_entity ON audit_log(entity, entity_id, id);
CREATE INDEX audit_ws ON audit_log(workspace_id, id);

-- The registry: one row per sister project of a workspace; columns follow Table 1.
CREATE TABLE sister_projects (
  id                   INTEGER PRIMARY KEY,
  workspace_id         INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name                 TEXT NOT NULL DEFAULT '',
  acronym              TEXT NOT NULL DEFAULT '',
  cordis_link          TEXT NOT NULL DEFAULT '',
  website              TEXT NOT NULL DEFAULT '',
  contact_email        TEXT NOT NULL DEFAULT '',
  status               TEXT NOT NULL DEFAULT '',
  start_date           TEXT NOT NULL DEFAULT '',
  end_date             TEXT NOT NULL DEFAULT '',
  budget_eur           TEXT NOT NULL DEFAULT '',
  coordinator_name     TEXT NOT NULL DEFAULT '',
  coordinator_country  TEXT NOT NULL DEFAULT '',
  partner_count        TEXT NOT NULL DEFAULT '',
  shared_partner_count TEXT NOT NULL DEFAULT '',
  shared_partner_names TEXT NOT NULL DEFAULT '',
  programme            TEXT NOT NULL DEFAULT '',
  call                 TEXT NOT NULL DEFAULT '',
  horizon_topic        TEXT NOT NULL DEFAULT '',
  short_description    TEXT NOT NULL DEFAULT '',
  industry_field       TEXT NOT NULL DEFAULT '',
  objectives           TEXT NOT NULL DEFAULT '',
  keywords             TEXT NOT NULL DEFAULT '',
  challenges           TEXT NOT NULL DEFAULT '',
  results              TEXT NOT NULL DEFAULT '',
  topic_fields         TEXT NOT NULL DEFAULT '',
  issues               TEXT NOT NULL DEFAULT '',
  partners_of_interest TEXT NOT NULL DEFAULT '',
  involvement_type     TEXT NOT NULL DEFAULT '',
  relevance_score      TEXT NOT NULL DEFAULT '',
  relevance_comment    TEXT NOT NULL DEFAULT '',
  -- analytical fields (Table 2)
  topic                TEXT NOT NULL DEFAULT '',
  value_chain_links    TEXT NOT NULL DEFAULT '',  -- '|'-separated, from the workspace's list
  -- linkage and pipeline
  grant_id             TEXT NOT NULL DEFAULT '',
  stage                TEXT NOT NULL DEFAULT 'longlist',
  user_edited          TEXT NOT NULL DEFAULT '',  -- '|'-separated field keys a user changed
  partner_match_rules  TEXT NOT NULL DEFAULT '',  -- how shared partners were matched (JSON)
  version              INTEGER NOT NULL DEFAULT 1,
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL
);
CREATE INDEX sister_projects_ws ON sister_projects(workspace_id, acronym);
CREATE UNIQUE INDEX sister_projects_grant ON sister_projects(workspace_id, grant_id) WHERE grant_id <> '';

-- Each pipeline step, dated and justified.
CREATE TABLE pipeline_steps (
  id             INTEGER PRIMARY KEY,
  project_id     INTEGER NOT NULL REFERENCES sister_projects(id) ON DELETE CASCADE,
  from_stage     TEXT NOT NULL,
  to_stage       TEXT NOT NULL,
  at             TEXT NOT NULL,
  user_id        INTEGER,
  user_name      TEXT NOT NULL DEFAULT '',
  justification  TEXT NOT NULL
);
CREATE INDEX pipeline_steps_project ON pipeline_steps(project_id, id);

-- ---- The reference corpus: CORDIS bulk exports, separate from any workspace ----
CREATE TABLE corpus_projects (
  grant_id            TEXT PRIMARY KEY,
  framework           TEXT NOT NULL DEFAULT '',   -- HORIZON | H2020 | FP7
  acronym             TEXT NOT NULL DEFAULT '',
  title               TEXT NOT NULL DEFAULT '',
  status              TEXT NOT NULL DEFAULT '',
  start_date          TEXT NOT NULL DEFAULT '',
  end_date            TEXT NOT NULL DEFAULT '',
  total_cost          TEXT NOT NULL DEFAULT '',
  ec_max_contribution TEXT NOT NULL DEFAULT '',
  legal_basis         TEXT NOT NULL DEFAULT '',
  master_call         TEXT NOT NULL DEFAULT '',
  sub_call            TEXT NOT NULL DEFAULT '',
  topic               TEXT NOT NULL DEFAULT '',
  funding_scheme      TEXT NOT NULL DEFAULT '',
  objective           TEXT NOT NULL DEFAULT '',
  keywords            TEXT NOT NULL DEFAULT '',
  rcn                 TEXT NOT NULL DEFAULT '',
  content_update_date TEXT NOT NULL DEFAULT '',
  source              TEXT NOT NULL DEFAULT '',   -- file it came from
  imported_at         TEXT NOT NULL
);
CREATE INDEX corpus_projects_acronym ON corpus_projects(acronym COLLATE NOCASE);

CREATE TABLE corpus_organizations (
  grant_id        TEXT NOT NULL,
  org_id          TEXT NOT NULL,
  role            TEXT NOT NULL DEFAULT '',        -- coordinator | participant | partner | thirdParty | associatedPartner
  name            TEXT NOT NULL DEFAULT '',
  short_name      TEXT NOT NULL DEFAULT '',
  country         TEXT NOT NULL DEFAULT '',
  city            TEXT NOT NULL DEFAULT '',
  activity_type   TEXT NOT NULL DEFAULT '',
  sme             TEXT NOT NULL DEFAULT '',
  ec_contribution TEXT NOT NULL DEFAULT '',
  nuts_code       TEXT NOT NULL DEFAULT '',
  url             TEXT NOT NULL DEFAULT '',
  ord             INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (grant_id, org_id, role)
);
CREATE INDEX corpus_organizations_org ON corpus_organizations(org_id);

CREATE TABLE corpus_topics (
  grant_id TEXT NOT NULL,
  code     TEXT NOT NULL,
  title    TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (grant_id, code)
);

CREATE TABLE corpus_legal_basis (
  grant_id TEXT NOT NULL,
  code     TEXT NOT NULL,
  title    TEXT NOT NULL DEFAULT '',
  is_main  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (grant_id, code)
);

CREATE TABLE corpus_euroscivoc (
  grant_id    TEXT NOT NULL,
  code        TEXT NOT NULL,
  path        TEXT NOT NULL DEFAULT '',
  title       TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (grant_id, code)
);

CREATE TABLE corpus_weblinks (
  grant_id   TEXT NOT NULL,
  url        TEXT NOT NULL,
  type       TEXT NOT NULL DEFAULT '',
  represents TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (grant_id, url)
);

CREATE TABLE import_runs (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL,                -- cordis | registry
  started_at  TEXT NOT NULL,
  finished_at TEXT,
  user_name   TEXT NOT NULL DEFAULT '',
  files       TEXT NOT NULL DEFAULT '',
  read_rows   INTEGER NOT NULL DEFAULT 0,
  imported    INTEGER NOT NULL DEFAULT 0,
  rejected    INTEGER NOT NULL DEFAULT 0,
  report      TEXT NOT NULL DEFAULT ''
);

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
