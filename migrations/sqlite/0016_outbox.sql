-- Text messages (issue 15 §1, §2): the outbox every message leaves through, the codes sent to
-- a number, and her choice to receive none. Twin of migrations/postgres/0016_outbox.sql.

-- One row per message, written in the transaction of the change it tells about. A worker
-- claims due rows (`state` 'sending' until `claimed_until`), hands them to the provider and
-- records the outcome. The number is kept for the per-number daily limit and is erased with
-- the row after 30 days; a code's parameters are blanked once it has gone.
CREATE TABLE outbox (
    id               INTEGER PRIMARY KEY,
    to_phone         TEXT    NOT NULL,
    user_id          INTEGER REFERENCES users (id),
    template         TEXT    NOT NULL
                             CHECK (template IN ('reminder', 'moved_up', 'activity_changed',
                                                 'activity_cancelled', 'help_request_updated',
                                                 'verification_code')),
    params           TEXT    NOT NULL,
    state            TEXT    NOT NULL DEFAULT 'pending'
                             CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'skipped')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    claimed_until    INTEGER,
    expires_at       INTEGER,
    last_error       TEXT,
    provider_id      TEXT,
    created_at       INTEGER NOT NULL,
    sent_at          INTEGER
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
CREATE INDEX outbox_number ON outbox (to_phone, sent_at);
CREATE INDEX outbox_user ON outbox (user_id);

-- A code sent by text to a number: to set a password (a forgotten one, or to claim an account
-- added for her) or to prove the number before registering. Only a hash of number and code is
-- kept; it lasts 10 minutes and 5 tries, and a new one replaces the old. A request for a
-- number with no account makes a row too (nothing is texted), so the limits per number and
-- per address (`address`, as the abuse limits write it) count every request alike.
CREATE TABLE phone_codes (
    id          INTEGER PRIMARY KEY,
    phone       TEXT    NOT NULL,
    purpose     TEXT    NOT NULL CHECK (purpose IN ('password', 'registration')),
    code_hash   TEXT    NOT NULL,
    address     TEXT    NOT NULL,
    tries       INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER
);
CREATE INDEX phone_codes_phone ON phone_codes (phone, purpose);
CREATE INDEX phone_codes_address ON phone_codes (address, created_at);

-- She turned text messages off (codes she asks for still come).
ALTER TABLE users ADD COLUMN texts_off INTEGER NOT NULL DEFAULT 0 CHECK (texts_off IN (0, 1));
