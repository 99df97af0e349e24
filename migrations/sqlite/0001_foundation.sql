-- Tongxin's foundation: where people live, who they are, and what federations offer.
-- Times are UTC seconds since the epoch (INTEGER here, BIGINT in PostgreSQL); the app shows
-- them in China time. migrations/postgres/0001_foundation.sql describes the same schema, and
-- a test fails if the two drift apart.

-- Regions form a tree: county → township (or street) → village.
CREATE TABLE regions (
    id          INTEGER PRIMARY KEY,
    parent_id   INTEGER REFERENCES regions (id),
    level       TEXT    NOT NULL CHECK (level IN ('county', 'township', 'village')),
    name        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX regions_parent ON regions (parent_id);
CREATE UNIQUE INDEX regions_unique_name ON regions (COALESCE(parent_id, 0), name);

-- A women's federation serves one region and everything below it.
CREATE TABLE federations (
    id          INTEGER PRIMARY KEY,
    region_id   INTEGER NOT NULL UNIQUE REFERENCES regions (id),
    name        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);

-- Everyone who logs in. The phone number is sensitive personal information: it is shown
-- masked to everyone but its owner, and erased (set to NULL) when the account is deleted.
CREATE TABLE users (
    id              INTEGER PRIMARY KEY,
    phone           TEXT    UNIQUE,
    password_hash   TEXT,
    display_name    TEXT    NOT NULL,
    role            TEXT    NOT NULL DEFAULT 'member'
                            CHECK (role IN ('member', 'volunteer', 'organizer', 'admin')),
    village_id      INTEGER REFERENCES regions (id),
    -- Organizers act for one federation; NULL for everyone else.
    federation_id   INTEGER REFERENCES federations (id),
    birth_year      INTEGER,
    lang            TEXT    NOT NULL DEFAULT 'zh-CN',
    -- Which version of the privacy notice she agreed to, and when.
    consent_version TEXT,
    consented_at    INTEGER,
    created_at      INTEGER NOT NULL,
    deleted_at      INTEGER
);
CREATE INDEX users_village ON users (village_id);
CREATE INDEX users_federation ON users (federation_id);

-- Login sessions. Only a hash of the token is stored, so a copy of the database does not let
-- anyone log in; every app node reads the same table.
CREATE TABLE sessions (
    id            INTEGER PRIMARY KEY,
    token_hash    TEXT    NOT NULL UNIQUE,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at    INTEGER NOT NULL,
    last_seen_at  INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    user_agent    TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Activities posted by a federation for women in its area.
CREATE TABLE activities (
    id                 INTEGER PRIMARY KEY,
    federation_id      INTEGER NOT NULL REFERENCES federations (id),
    -- The village or township the venue is in.
    region_id          INTEGER NOT NULL REFERENCES regions (id),
    title              TEXT    NOT NULL,
    description        TEXT    NOT NULL DEFAULT '',
    category           TEXT    NOT NULL CHECK (category IN ('culture_sports', 'skills_training',
                               'entrepreneurship', 'health_screening', 'legal_aid',
                               'family_education', 'governance', 'care_visit')),
    venue              TEXT    NOT NULL,
    starts_at          INTEGER NOT NULL,
    ends_at            INTEGER NOT NULL,
    capacity           INTEGER NOT NULL CHECK (capacity > 0),
    -- Confirmed seats, kept beside capacity so that taking one is a single conditional UPDATE.
    seats_taken        INTEGER NOT NULL DEFAULT 0 CHECK (seats_taken >= 0 AND seats_taken <= capacity),
    companions_allowed INTEGER NOT NULL DEFAULT 0,
    signup_deadline    INTEGER,
    cancel_cutoff      INTEGER,
    requires_approval  BOOLEAN NOT NULL DEFAULT FALSE,
    min_age            INTEGER,
    max_age            INTEGER,
    status             TEXT    NOT NULL DEFAULT 'published'
                               CHECK (status IN ('draft', 'published', 'cancelled')),
    created_by         INTEGER REFERENCES users (id),
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    CHECK (ends_at >= starts_at)
);
CREATE INDEX activities_upcoming ON activities (status, starts_at);
CREATE INDEX activities_category ON activities (category, starts_at);
CREATE INDEX activities_region ON activities (region_id, starts_at);
CREATE INDEX activities_federation ON activities (federation_id);

-- Small facts about the installation itself (e.g. that the demo data is in).
CREATE TABLE app_meta (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
