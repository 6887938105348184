-- Corridor schema v6 (issues 2, 3, 6): text search indexes for the stakeholder list and the
-- sister-projects registry. The PostgreSQL twin is migrations/postgres/0006_search_indexes.sql.
-- FTS5 with the trigram tokenizer answers substring searches ("cycl" finds "NEO-CYCLE"), so it
-- only narrows the rows; the queries keep their LIKE on the narrowed set, so what a search finds
-- is exactly what it found before. External content: the text lives once, in the base table;
-- the triggers below keep the index in step with every insert, update and delete.
CREATE VIRTUAL TABLE stakeholders_fts USING fts5(
  name, organisation, email, interests,
  content = 'stakeholders', content_rowid = 'id', tokenize = 'trigram');
INSERT INTO stakeholders_fts(stakeholders_fts) VALUES ('rebuild');
CREATE TRIGGER stakeholders_fts_insert AFTER INSERT ON stakeholders BEGIN
  INSERT INTO stakeholders_fts(rowid, name, organisation, email, interests)
  VALUES (new.id, new.name, new.organisation, new.email, new.interests);
END;
CREATE TRIGGER stakeholders_fts_delete AFTER DELETE ON stakeholders BEGIN
  INSERT INTO stakeholders_fts(stakeholders_fts, rowid, name, organisation, email, interests)
  VALUES ('delete', old.id, old.name, old.organisation, old.email, old.interests);
END;
CREATE TRIGGER stakeholders_fts_update AFTER UPDATE OF name, organisation, email, interests ON stakeholders BEGIN
  INSERT INTO stakeholders_fts(stakeholders_fts, rowid, name, organisation, email, interests)
  VALUES ('delete', old.id, old.name, old.organisation, old.email, old.interests);
  INSERT INTO stakeholders_fts(rowid, name, organisation, email, interests)
  VALUES (new.id, new.name, new.organisation, new.email, new.interests);
END;

CREATE VIRTUAL TABLE sister_projects_fts USING fts5(
  acronym, name, keywords, coordinator_name,
  content = 'sister_projects', content_rowid = 'id', tokenize = 'trigram');
INSERT INTO sister_projects_fts(sister_projects_fts) VALUES ('rebuild');
CREATE TRIGGER sister_projects_fts_insert AFTER INSERT ON sister_projects BEGIN
  INSERT INTO sister_projects_fts(rowid, acronym, name, keywords, coordinator_name)
  VALUES (new.id, new.acronym, new.name, new.keywords, new.coordinator_name);
END;
CREATE TRIGGER sister_projects_fts_delete AFTER DELETE ON sister_projects BEGIN
  INSERT INTO sister_projects_fts(sister_projects_fts, rowid, acronym, name, keywords, coordinator_name)
  VALUES ('delete', old.id, old.acronym, old.name, old.keywords, old.coordinator_name);
END;
CREATE TRIGGER sister_projects_fts_update AFTER UPDATE OF acronym, name, keywords, coordinator_name ON sister_projects BEGIN
  INSERT INTO sister_projects_fts(sister_projects_fts, rowid, acronym, name, keywords, coordinator_name)
  VALUES ('delete', old.id, old.acronym, old.name, old.keywords, old.coordinator_name);
  INSERT INTO sister_projects_fts(rowid, acronym, name, keywords, coordinator_name)
  VALUES (new.id, new.acronym, new.name, new.keywords, new.coordinator_name);
END;
