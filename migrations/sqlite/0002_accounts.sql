-- Accounts: abuse limits, the devices people log in from, organizer invitations and the
-- audit log. See migrations/postgres/0002_accounts.sql for the twin.

-- Failed logins and registrations, counted per phone number and per client address over a
-- sliding window. In the database, so the limits hold across app nodes.
CREATE TABLE attempts (
    id      INTEGER PRIMARY KEY,
    kind    TEXT    NOT NULL CHECK (kind IN ('login_failed', 'register')),
    -- 'phone:138…' or 'ip:…'
    subject TEXT    NOT NULL,
    at      INTEGER NOT NULL
);
CREATE INDEX attempts_lookup ON attempts (kind, subject, at);

-- Browsers a person has logged in from (a hash of a long-lived random cookie), so a login
-- from a new device can be recorded in the audit log.
CREATE TABLE user_devices (
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    device_hash   TEXT    NOT NULL,
    first_seen_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, device_hash)
);

-- Single-use invitations that make the person who redeems them an organizer of a federation.
CREATE TABLE invitations (
    id            INTEGER PRIMARY KEY,
    code_hash     TEXT    NOT NULL UNIQUE,
    federation_id INTEGER NOT NULL REFERENCES federations (id),
    created_by    INTEGER REFERENCES users (id),
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    used_by       INTEGER REFERENCES users (id),
    used_at       INTEGER
);

-- Who did what to whom, when: role changes, invitations, new-device logins, exports,
-- deletions, views of sensitive records. Admins read it; nobody edits it.
CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY,
    actor_id     INTEGER REFERENCES users (id),
    action       TEXT    NOT NULL,
    subject_type TEXT,
    subject_id   INTEGER,
    detail       TEXT    NOT NULL DEFAULT '',
    at           INTEGER NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_subject ON audit_log (subject_type, subject_id);
