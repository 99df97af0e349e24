-- Help requests (issue 14 §2): a woman asks for help (or a volunteer or organizer asks for
-- her, with her agreement); the organizers of her area, and the volunteer they assign, follow
-- it up; each change is an event; hand-overs to a department are referrals. Twin of
-- migrations/postgres/0018_help_requests.sql. (0017 is the care ledger's.)

-- One request. `village_id` is where she lived when she asked: the request stays with that
-- area even if she moves. `escalated_at` is set when nobody acknowledged it in time
-- (TONGXIN_HELP_ACKNOWLEDGE_HOURS) and the county's organizers were told.
CREATE TABLE help_requests (
    id               INTEGER PRIMARY KEY,
    user_id          INTEGER NOT NULL REFERENCES users (id),
    filed_by         INTEGER NOT NULL REFERENCES users (id),
    -- When a helper filed it for her: when she agreed (NULL when she filed it herself).
    agreed_at        INTEGER,
    village_id       INTEGER NOT NULL REFERENCES regions (id),
    kind             TEXT    NOT NULL
                             CHECK (kind IN ('legal', 'assistance', 'health', 'work', 'care',
                                             'family', 'safety', 'other')),
    description      TEXT    NOT NULL,
    contact          TEXT    NOT NULL CHECK (contact IN ('call', 'visit', 'app')),
    urgency          TEXT    NOT NULL CHECK (urgency IN ('normal', 'urgent')),
    state            TEXT    NOT NULL DEFAULT 'new'
                             CHECK (state IN ('new', 'acknowledged', 'in_progress', 'referred',
                                              'resolved', 'closed', 'withdrawn')),
    assignee_id      INTEGER REFERENCES users (id),
    created_at       INTEGER NOT NULL,
    acknowledged_at  INTEGER,
    resolved_at      INTEGER,
    escalated_at     INTEGER,
    updated_at       INTEGER NOT NULL
);
-- The queue of an area: its villages' open requests, oldest first.
CREATE INDEX help_requests_queue ON help_requests (village_id, state, created_at);
-- The escalation job: requests still new, by age.
CREATE INDEX help_requests_waiting ON help_requests (state, created_at);
CREATE INDEX help_requests_user ON help_requests (user_id);
CREATE INDEX help_requests_filed_by ON help_requests (filed_by);
CREATE INDEX help_requests_assignee ON help_requests (assignee_id);

-- Each state change or note: who (and her role then: she sees the role, never the name),
-- when, the state after it, and whether it is internal
-- (never shown to her). `changed` marks a change of state (a note alone leaves it 0).
CREATE TABLE help_events (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES help_requests (id),
    actor_id    INTEGER REFERENCES users (id),
    actor_role  TEXT    CHECK (actor_role IN ('member', 'volunteer', 'organizer', 'admin')),
    state       TEXT    NOT NULL
                        CHECK (state IN ('new', 'acknowledged', 'in_progress', 'referred',
                                         'resolved', 'closed', 'withdrawn')),
    changed     INTEGER NOT NULL DEFAULT 1 CHECK (changed IN (0, 1)),
    note        TEXT    NOT NULL DEFAULT '',
    internal    INTEGER NOT NULL DEFAULT 0 CHECK (internal IN (0, 1)),
    at          INTEGER NOT NULL
);
CREATE INDEX help_events_request ON help_events (request_id, id);
CREATE INDEX help_events_actor ON help_events (actor_id);

-- A hand-over to a department: which, on what day, whom to ask there, and the outcome when
-- it comes back (who wrote it down, and when).
CREATE TABLE help_referrals (
    id           INTEGER PRIMARY KEY,
    request_id   INTEGER NOT NULL REFERENCES help_requests (id),
    department   TEXT    NOT NULL
                         CHECK (department IN ('civil_affairs', 'legal_aid', 'health',
                                               'human_resources', 'public_security',
                                               'womens_rights')),
    referred_on  INTEGER NOT NULL,
    contact      TEXT    NOT NULL DEFAULT '',
    recorded_by  INTEGER NOT NULL REFERENCES users (id),
    created_at   INTEGER NOT NULL,
    outcome      TEXT,
    outcome_at   INTEGER,
    outcome_by   INTEGER REFERENCES users (id)
);
CREATE INDEX help_referrals_request ON help_referrals (request_id, id);
CREATE INDEX help_referrals_recorded_by ON help_referrals (recorded_by);
CREATE INDEX help_referrals_outcome_by ON help_referrals (outcome_by);

-- A notification about a help request (hers, or one an organizer or volunteer handles).
ALTER TABLE notifications ADD COLUMN help_request_id INTEGER REFERENCES help_requests (id);
CREATE INDEX notifications_help_request ON notifications (help_request_id);
