-- Women added by a volunteer or organizer (no smartphone; a girl under 14 with her guardian),
-- and the one-time codes a helper gives a woman in person to set her password (issue 15 §2,
-- §3; issue 12 point 14). Twin of migrations/postgres/0015_helped_accounts.sql.

-- The helper who added her, with her consent given in person; and when she first set a
-- password of her own (until then she has none and cannot log in: the roster says to call).
ALTER TABLE users ADD COLUMN added_by INTEGER REFERENCES users (id);
ALTER TABLE users ADD COLUMN claimed_at INTEGER;

-- A girl under 14 may have an account only with her guardian's consent, given in person to
-- the helper who adds her (PIPL art. 31).
CREATE TABLE guardian_consents (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL UNIQUE REFERENCES users (id),
    guardian_name   TEXT    NOT NULL,
    relation        TEXT    NOT NULL
                            CHECK (relation IN ('mother', 'father', 'grandparent', 'other')),
    notice_version  TEXT    NOT NULL,
    given_at        INTEGER NOT NULL,
    recorded_by     INTEGER NOT NULL REFERENCES users (id)
);

-- A one-time code, shown once to the helper, with which the woman standing in front of her
-- sets a password: to claim an account added for her, or when she forgot hers. Only a hash
-- is kept; it lasts 30 minutes and a few tries.
CREATE TABLE access_codes (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    code_hash   TEXT    NOT NULL UNIQUE,
    given_by    INTEGER NOT NULL REFERENCES users (id),
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER
);
CREATE INDEX access_codes_user ON access_codes (user_id);
