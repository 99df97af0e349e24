-- Specific consent for a sensitive purpose (PIPL art. 29), separate from the consent to the
-- privacy notice given at registration: the first time she signs up for a health screening
-- or for legal aid, she (or the helper she told, `recorded_by`) says yes to that purpose.
-- Twin of migrations/postgres/0012_purpose_consents.sql.
CREATE TABLE purpose_consents (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users (id),
    -- The activity category it is for: 'health_screening' or 'legal_aid'.
    purpose         TEXT    NOT NULL CHECK (purpose IN ('health_screening', 'legal_aid')),
    notice_version  TEXT    NOT NULL,
    given_at        INTEGER NOT NULL,
    -- The volunteer or organizer she agreed to, when signed up on her behalf.
    recorded_by     INTEGER REFERENCES users (id),
    UNIQUE (user_id, purpose)
);
