-- Corridor schema v6 (issues 2, 3, 6): text search indexes for the stakeholder list and the
-- sister-projects registry. The SQLite twin is migrations/sqlite/0006_search_indexes.sql.
-- pg_trgm's GIN indexes answer ILIKE '%text%' (the queries stay as they are), per column so
-- that a match is still a match within one column. The extension lives in one fixed schema
-- (public), shared by every Corridor schema of the database, and its operator class is named
-- with that schema, whatever the search_path. Creating an extension needs privileges (pg_trgm
-- is trusted: the database owner may); without them, or without the contrib package, the
-- searches stay correct but unindexed: a warning says so and the migration goes on.
DO $migration$
DECLARE
  ext_schema text;
BEGIN
  -- Schemas migrating at once (tests, several instances) would race to create the extension.
  PERFORM pg_advisory_xact_lock(hashtext('corridor-extension:pg_trgm'));
  SELECT n.nspname INTO ext_schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
   WHERE e.extname = 'pg_trgm';
  IF ext_schema IS NULL THEN
    BEGIN
      CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
      ext_schema := 'public';
    EXCEPTION WHEN OTHERS THEN
      RAISE WARNING 'corridor: text search without indexes: the pg_trgm extension could not be created (%)', SQLERRM;
    END;
  END IF;
  -- A small pending list: inserts (an import) queue there until it is merged into the index, and
  -- every search scans it in full; at 256 kB (default 4 MB) searches stay fast during and after
  -- a bulk load without waiting for a vacuum, and inserts still go in batches.
  IF ext_schema IS NOT NULL THEN
    EXECUTE format('CREATE INDEX stakeholders_name_trgm ON stakeholders USING gin (name %I.gin_trgm_ops) WITH (gin_pending_list_limit = 256)', ext_schema);
    EXECUTE format('CREATE INDEX stakeholders_organisation_trgm ON stakeholders USING gin (organisation %I.gin_trgm_ops) WITH (gin_pending_list_limit = 256)', ext_schema);
    EXECUTE format('CREATE INDEX stakeholders_email_trgm ON stakeholders USING gin (email %I.gin_trgm_ops) WITH (gin_pending_list_limit = 256)', ext_schema);
    EXECUTE format('CREATE INDEX stakeholders_interests_trgm ON stakeholders USING gin (interests %I.gin_trgm_ops) WITH (gin_pending_list_limit = 256)', ext_schema);
    EXECUTE format('CREATE INDEX sister_projects_acronym_trgm ON sister_projects USING gin (acronym %I.gin_trgm_ops) WITH (gin_pending_list_limit = 256)', ext_schema);
    EXECUTE format('CREATE INDEX sister_projects_name_trgm ON sister_projects USING gin (name %I.gin_trgm_ops) WITH (gin_pending_list_limit = 256)', ext_schema);
    EXECUTE format('CREATE INDEX sister_projects_keywords_trgm ON sister_projects USING gin (keywords %I.gin_trgm_ops) WITH (gin_pending_list_limit = 256)', ext_schema);
    EXECUTE format('CREATE INDEX sister_projects_coordinator_trgm ON sister_projects USING gin (coordinator_name %I.gin_trgm_ops) WITH (gin_pending_list_limit = 256)', ext_schema);
  END IF;
END
$migration$;
