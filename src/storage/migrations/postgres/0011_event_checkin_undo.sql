-- Corridor schema v11 (issue 4 follow-up). The SQLite twin is migrations/sqlite/0011_event_checkin_undo.sql (keep them in step).

-- Undoing a check-in puts the invitation back to the status it had before the check-in
-- ('' = not recorded: the participant came checked in, or has no invitation; undo then says "accepted").
ALTER TABLE event_participants ADD COLUMN invitation_status_before TEXT NOT NULL DEFAULT '';

-- The event page lists participants by LOWER(name), id: served from this index, no sort.
CREATE INDEX event_participants_sorted ON event_participants(event_id, LOWER(name), id);
