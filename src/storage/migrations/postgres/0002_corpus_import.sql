-- Corpus v2 for PostgreSQL: mirrors migrations/sqlite/0002_corpus_import.sql (CORDIS columns
-- that v1 did not keep, so an import loses nothing a user may need).

-- The CORDIS "keywords" column as exported; corpus_projects.keywords is derived from it plus
-- the project's euroSciVoc titles (importers/cordis_importer), so both survive re-imports.
ALTER TABLE corpus_projects ADD COLUMN cordis_keywords TEXT NOT NULL DEFAULT '';
ALTER TABLE corpus_projects ADD COLUMN grant_doi TEXT NOT NULL DEFAULT '';
ALTER TABLE corpus_projects ADD COLUMN ec_signature_date TEXT NOT NULL DEFAULT '';
ALTER TABLE corpus_projects ADD COLUMN nature TEXT NOT NULL DEFAULT '';
CREATE INDEX corpus_projects_framework ON corpus_projects(framework);

ALTER TABLE corpus_organizations ADD COLUMN vat_number TEXT NOT NULL DEFAULT '';
ALTER TABLE corpus_organizations ADD COLUMN street TEXT NOT NULL DEFAULT '';
ALTER TABLE corpus_organizations ADD COLUMN post_code TEXT NOT NULL DEFAULT '';        -- text: "0840" and "840" differ
ALTER TABLE corpus_organizations ADD COLUMN geolocation TEXT NOT NULL DEFAULT '';      -- "lat,lon" as CORDIS gives it
ALTER TABLE corpus_organizations ADD COLUMN contact_form TEXT NOT NULL DEFAULT '';
ALTER TABLE corpus_organizations ADD COLUMN net_ec_contribution TEXT NOT NULL DEFAULT '';
ALTER TABLE corpus_organizations ADD COLUMN total_cost TEXT NOT NULL DEFAULT '';
ALTER TABLE corpus_organizations ADD COLUMN end_of_participation TEXT NOT NULL DEFAULT '';
ALTER TABLE corpus_organizations ADD COLUMN active TEXT NOT NULL DEFAULT '';
ALTER TABLE corpus_organizations ADD COLUMN rcn TEXT NOT NULL DEFAULT '';
ALTER TABLE corpus_organizations ADD COLUMN content_update_date TEXT NOT NULL DEFAULT '';

ALTER TABLE corpus_weblinks ADD COLUMN link_source TEXT NOT NULL DEFAULT '';           -- CORDIS "source": corda | editorial | rtd
