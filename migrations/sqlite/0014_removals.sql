-- An organizer's removal of a woman from a roster says why, and can be taken back for a short
-- while (issue 13). Twin of migrations/postgres/0014_removals.sql.

-- Set when an organizer took her off (her own cancel leaves them empty): when, by whom, why
-- (domain::roster::RemovalReason), and the status she held, which an undo gives back.
ALTER TABLE signups ADD COLUMN removed_at INTEGER;
ALTER TABLE signups ADD COLUMN removed_by INTEGER REFERENCES users (id);
ALTER TABLE signups ADD COLUMN removal_reason TEXT;
ALTER TABLE signups ADD COLUMN removed_from TEXT
    CHECK (removed_from IN ('confirmed', 'waitlisted', 'pending'));
