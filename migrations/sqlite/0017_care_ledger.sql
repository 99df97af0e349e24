-- The care ledger (留守妇女信息台账, issue 14 §1): a record per woman in difficulty, kept by the
-- volunteers an organizer made keepers of a village and by the organizers above it, with her
-- separate consent, every look logged, and her requests about it. Twin of
-- migrations/postgres/0017_care_ledger.sql.

-- A volunteer an organizer made a keeper of the ledger of one village (the one she lives in
-- when appointed; it does not follow her profile).
CREATE TABLE ledger_keepers (
    user_id       INTEGER PRIMARY KEY REFERENCES users (id),
    village_id    INTEGER NOT NULL REFERENCES regions (id),
    appointed_by  INTEGER REFERENCES users (id),
    appointed_at  INTEGER NOT NULL
);

-- One record per woman, with or without an account. Closed records keep their contents until
-- the retention period ends, unless closed by a withdrawal or a granted deletion request: then
-- everything but that it existed, who made it and when is erased at once (`erased_at`).
CREATE TABLE ledger_records (
    id                  INTEGER PRIMARY KEY,
    village_id          INTEGER NOT NULL REFERENCES regions (id),
    member_id           INTEGER REFERENCES users (id),
    name                TEXT    NOT NULL,
    phone               TEXT,
    birth_year          INTEGER,
    left_behind_since   TEXT,
    husband_works       TEXT    CHECK (husband_works IN ('same_province', 'other_province', 'abroad')),
    children_under_16   INTEGER CHECK (children_under_16 >= 0),
    elderly_dependants  INTEGER CHECK (elderly_dependants >= 0),
    disability_grade    INTEGER CHECK (disability_grade BETWEEN 1 AND 4),
    skills              TEXT    NOT NULL DEFAULT '',
    work_wanted         TEXT    NOT NULL DEFAULT '',
    notes               TEXT    NOT NULL DEFAULT '',
    next_visit_due      INTEGER,
    closed_at           INTEGER,
    closed_reason       TEXT    CHECK (closed_reason IN ('no_longer_needed', 'consent_withdrawn',
                                                         'deleted_on_request')),
    erased_at           INTEGER,
    created_by          INTEGER REFERENCES users (id),
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL
);
CREATE INDEX ledger_records_village ON ledger_records (village_id, next_visit_due);
CREATE INDEX ledger_records_closed ON ledger_records (closed_at);
-- One open record per account.
CREATE UNIQUE INDEX ledger_records_member ON ledger_records (member_id)
    WHERE member_id IS NOT NULL AND closed_at IS NULL;

CREATE TABLE ledger_difficulties (
    record_id   INTEGER NOT NULL REFERENCES ledger_records (id),
    difficulty  TEXT    NOT NULL
                        CHECK (difficulty IN ('living_hardship', 'disability', 'serious_illness',
                                              'no_income', 'safety_risk', 'needs_legal_help',
                                              'needs_care', 'wants_work')),
    PRIMARY KEY (record_id, difficulty)
);

CREATE TABLE ledger_assistance (
    record_id  INTEGER NOT NULL REFERENCES ledger_records (id),
    kind       TEXT    NOT NULL
                       CHECK (kind IN ('dibao', 'temporary_assistance', 'disability_allowance',
                                       'other')),
    PRIMARY KEY (record_id, kind)
);

-- Her separate consent (PIPL arts. 28-31) and its withdrawal: how she agreed, before whom,
-- to which version of the ledger notice, recorded by whom and when.
CREATE TABLE ledger_consents (
    id              INTEGER PRIMARY KEY,
    record_id       INTEGER NOT NULL REFERENCES ledger_records (id),
    event           TEXT    NOT NULL CHECK (event IN ('given', 'withdrawn')),
    method          TEXT    NOT NULL CHECK (method IN ('written', 'oral')),
    witness         TEXT,
    notice_version  TEXT    NOT NULL,
    recorded_by     INTEGER REFERENCES users (id),
    recorded_at     INTEGER NOT NULL
);
CREATE INDEX ledger_consents_record ON ledger_consents (record_id);

CREATE TABLE ledger_visits (
    id          INTEGER PRIMARY KEY,
    record_id   INTEGER NOT NULL REFERENCES ledger_records (id),
    visited_on  INTEGER NOT NULL,
    visitor_id  INTEGER REFERENCES users (id),
    found       TEXT    NOT NULL,
    agreed      TEXT    NOT NULL DEFAULT '',
    next_due    INTEGER,
    created_at  INTEGER NOT NULL
);
CREATE INDEX ledger_visits_record ON ledger_visits (record_id, visited_on);

-- Every read of a record: who, in which role, when, which sensitive fields were opened and why.
CREATE TABLE ledger_access (
    id             INTEGER PRIMARY KEY,
    record_id      INTEGER NOT NULL REFERENCES ledger_records (id),
    viewer_id      INTEGER REFERENCES users (id),
    viewer_role    TEXT    NOT NULL CHECK (viewer_role IN ('member', 'volunteer', 'organizer', 'admin')),
    fields_opened  TEXT    NOT NULL DEFAULT '',
    reason         TEXT,
    at             INTEGER NOT NULL
);
CREATE INDEX ledger_access_record ON ledger_access (record_id, at);

-- Her requests to correct or delete her record (PIPL arts. 45-47), and the organizer's answer.
CREATE TABLE ledger_requests (
    id           INTEGER PRIMARY KEY,
    record_id    INTEGER NOT NULL REFERENCES ledger_records (id),
    kind         TEXT    NOT NULL CHECK (kind IN ('correction', 'deletion')),
    body         TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    outcome      TEXT    CHECK (outcome IN ('done', 'declined')),
    answer       TEXT,
    answered_by  INTEGER REFERENCES users (id),
    answered_at  INTEGER
);
CREATE INDEX ledger_requests_record ON ledger_requests (record_id);
