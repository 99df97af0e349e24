-- What a plain form (no JavaScript) sends back to its page, kept here instead of in the
-- address: what she typed when the form was refused, or a code shown once (an invitation, a
-- calendar address). Keyed by the hash of a random token in a short-lived cookie, read once
-- (the row is deleted when read) and gone after ten minutes in any case, so nothing private
-- reaches the browser's history or a shared phone's address bar.
-- Twin of migrations/postgres/0011_form_flashes.sql.
CREATE TABLE form_flashes (
    token_hash  TEXT    PRIMARY KEY,
    data        TEXT    NOT NULL,
    expires_at  INTEGER NOT NULL
);
CREATE INDEX form_flashes_expiry ON form_flashes (expires_at);
