-- What organizers need to run activities: series, audience and eligibility, reminders,
-- attendance, sign-ups made on a woman's behalf, and personal calendar feeds.
-- Twin of migrations/postgres/0004_organizing.sql.

-- Weekly or monthly repetition: each occurrence is its own activity with its own roster.
CREATE TABLE activity_series (
    id             INTEGER PRIMARY KEY,
    federation_id  INTEGER NOT NULL REFERENCES federations (id),
    frequency      TEXT    NOT NULL CHECK (frequency IN ('weekly', 'monthly')),
    occurrences    INTEGER NOT NULL CHECK (occurrences BETWEEN 2 AND 52),
    created_by     INTEGER REFERENCES users (id),
    created_at     INTEGER NOT NULL
);

ALTER TABLE activities ADD COLUMN series_id INTEGER REFERENCES activity_series (id);
-- The area the activity is for (NULL: the federation's whole area). With area_only, only
-- women whose village lies in it may sign up.
ALTER TABLE activities ADD COLUMN audience_region_id INTEGER REFERENCES regions (id);
ALTER TABLE activities ADD COLUMN area_only BOOLEAN NOT NULL DEFAULT FALSE;
-- Set by whichever app node sends the day-before reminder first; the others skip it.
ALTER TABLE activities ADD COLUMN reminder_sent_at INTEGER;
CREATE INDEX activities_reminder ON activities (status, reminder_sent_at, starts_at);
CREATE INDEX activities_series ON activities (series_id);

-- Signed up on her behalf: when she said yes (the helper ticks that she agreed).
ALTER TABLE signups ADD COLUMN agreed_at INTEGER;
-- Marked after the activity: she held a seat and did not come.
ALTER TABLE signups ADD COLUMN no_show_at INTEGER;
CREATE INDEX signups_code ON signups (activity_id, checkin_code);

-- A secret address for her calendar app. Only a hash is kept; a new address ends the old.
CREATE TABLE calendar_feeds (
    user_id     INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    token_hash  TEXT    NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL
);

CREATE INDEX notifications_activity ON notifications (activity_id);
