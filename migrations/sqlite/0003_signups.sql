-- Sign-ups and the in-app notification centre.

-- One row per woman per activity. Seats taken = 1 + companions. The waitlist is the
-- 'waitlisted' rows in id order: first come, first served.
CREATE TABLE signups (
    id               INTEGER PRIMARY KEY,
    activity_id      INTEGER NOT NULL REFERENCES activities (id),
    user_id          INTEGER NOT NULL REFERENCES users (id),
    companions       INTEGER NOT NULL DEFAULT 0 CHECK (companions >= 0),
    status           TEXT    NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'pending', 'cancelled', 'declined')),
    -- A volunteer or organizer who signed her up on her behalf (with her agreement).
    signed_up_by     INTEGER REFERENCES users (id),
    -- Short code she shows at the door.
    checkin_code     TEXT    NOT NULL,
    checked_in_at    INTEGER,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    UNIQUE (activity_id, user_id)
);
CREATE INDEX signups_queue ON signups (activity_id, status, id);
CREATE INDEX signups_user ON signups (user_id, status);

-- What the notification centre shows her.
CREATE TABLE notifications (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    kind         TEXT    NOT NULL,
    activity_id  INTEGER REFERENCES activities (id),
    created_at   INTEGER NOT NULL,
    read_at      INTEGER
);
CREATE INDEX notifications_user ON notifications (user_id, read_at, id);
