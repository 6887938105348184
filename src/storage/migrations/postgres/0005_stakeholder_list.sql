-- Corridor schema v5 (issue 3, stakeholder list): indexes for the stakeholder list at 100k
-- records (sorted by name case-insensitively, filtered by type/country/tier) and for building
-- invitation lists. The SQLite twin is migrations/sqlite/0005_stakeholder_list.sql.
CREATE INDEX stakeholders_ws_lname ON stakeholders(workspace_id, LOWER(name), id);
CREATE INDEX stakeholders_ws_lorg ON stakeholders(workspace_id, LOWER(organisation), id);
-- Covering index of the counts (tier matrix, types) and of the type/country/tier filters: the
-- counts group by its columns in its order, so no row is read and no sort is needed.
CREATE INDEX stakeholders_ws_counts ON stakeholders(workspace_id, status, type_key, country, influence, interest);
CREATE INDEX stakeholders_ws_country ON stakeholders(workspace_id, country);
CREATE INDEX stakeholders_ws_tags ON stakeholders(workspace_id, tags);
CREATE INDEX invitations_stakeholder ON invitations(stakeholder_id);
CREATE INDEX invitation_exclusions_list ON invitation_exclusions(list_id);
