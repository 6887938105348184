-- Corridor schema v9 (issue 5, part 1): regions and indicators. The PostgreSQL twin is
-- migrations/postgres/0009_regions_indicators.sql (keep them in step).
-- NUTS 2021 names and default boundaries are not stored: they ship embedded in the binary
-- (storage/nuts_reference.h). Only what users add lives here.

-- Finer boundaries loaded from a user's own GISCO download (`corridor regions load --geojson`);
-- instance-wide, they take precedence over the embedded ones.
CREATE TABLE region_boundaries (
  code      TEXT PRIMARY KEY,               -- NUTS 2021 code
  level     INTEGER NOT NULL,
  geometry  TEXT NOT NULL,                  -- GeoJSON geometry object
  source    TEXT NOT NULL DEFAULT '',       -- file name
  loaded_at TEXT NOT NULL
);

-- User-defined regions of a workspace, e.g. a cross-border corridor made of NUTS regions.
CREATE TABLE user_regions (
  id           INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  key          TEXT NOT NULL,               -- lower-case, never shaped like a NUTS code
  name         TEXT NOT NULL,
  description  TEXT NOT NULL DEFAULT '',
  members      TEXT NOT NULL,               -- NUTS 2021 codes, comma-separated, in order
  version      INTEGER NOT NULL DEFAULT 1,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  UNIQUE (workspace_id, key)
);

-- The workspace's regions of interest, in order: NUTS codes or user region keys.
CREATE TABLE workspace_regions (
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  code         TEXT NOT NULL,
  position     INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, code)
);

-- Regions of interest kept until now in the settings row 'workspace:<slug>:regions' (a JSON
-- array of {"nuts_code", "name"}; the I4-GREEN demo) move into the table.
INSERT INTO workspace_regions (workspace_id, code, position)
SELECT w.id, UPPER(TRIM(json_extract(j.value, '$.nuts_code'))), CAST(j.key AS INTEGER)
  FROM settings s
  JOIN workspaces w ON s.key = 'workspace:' || w.slug || ':regions'
  JOIN json_each(CASE WHEN json_valid(s.value) THEN s.value ELSE '[]' END) j
 WHERE json_extract(j.value, '$.nuts_code') IS NOT NULL
ON CONFLICT DO NOTHING;

-- An imported file: one dataset holds one or more indicators; the import report (mapping of
-- old NUTS codes, rows skipped) is kept as text for the dataset page.
CREATE TABLE indicator_datasets (
  id           INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  source       TEXT NOT NULL DEFAULT '',    -- publisher / URL / file name
  format       TEXT NOT NULL DEFAULT '',    -- tidy | wide | eurostat
  file_name    TEXT NOT NULL DEFAULT '',
  report       TEXT NOT NULL DEFAULT '',    -- the import report (JSON)
  value_count  INTEGER NOT NULL DEFAULT 0,
  imported_by  TEXT NOT NULL DEFAULT '',
  imported_at  TEXT NOT NULL,
  UNIQUE (workspace_id, name)
);

CREATE TABLE indicators (
  id           INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  dataset_id   INTEGER NOT NULL REFERENCES indicator_datasets(id) ON DELETE CASCADE,
  code         TEXT NOT NULL,               -- as in the file's header: 'rd_e_gerdreg_total_pc_gdp'
  label        TEXT NOT NULL DEFAULT '',
  unit         TEXT NOT NULL DEFAULT '',
  direction    INTEGER NOT NULL DEFAULT 1 CHECK (direction IN (-1, 1)),  -- +1: higher is better
  UNIQUE (workspace_id, code)
);

-- Values by NUTS 2021 code (old codes mapped at import; original_code keeps what the file said).
CREATE TABLE indicator_values (
  indicator_id  INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
  region_code   TEXT NOT NULL,
  year          INTEGER NOT NULL,
  value         REAL NOT NULL,
  original_code TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (indicator_id, region_code, year)
);
CREATE INDEX indicator_values_region ON indicator_values(region_code, year);
