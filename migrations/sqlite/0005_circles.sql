-- The mutual-exchange platform: mutual-aid groups and family-education circles, with the
-- moderation that keeps them safe. Twin of migrations/postgres/0005_circles.sql.

-- Mutual-aid groups: small groups by place or need, with a board for members only.
CREATE TABLE aid_groups (
    id             INTEGER PRIMARY KEY,
    federation_id  INTEGER NOT NULL REFERENCES federations (id),
    region_id      INTEGER NOT NULL REFERENCES regions (id),
    name           TEXT    NOT NULL,
    purpose        TEXT    NOT NULL DEFAULT '',
    need           TEXT    NOT NULL CHECK (need IN ('childcare', 'elderly_care', 'farming', 'training', 'other')),
    open_to_join   BOOLEAN NOT NULL DEFAULT TRUE,
    member_limit   INTEGER NOT NULL CHECK (member_limit BETWEEN 2 AND 500),
    created_by     INTEGER REFERENCES users (id),
    created_at     INTEGER NOT NULL
);
CREATE INDEX aid_groups_region ON aid_groups (region_id);

CREATE TABLE group_members (
    group_id   INTEGER NOT NULL REFERENCES aid_groups (id),
    user_id    INTEGER NOT NULL REFERENCES users (id),
    status     TEXT    NOT NULL CHECK (status IN ('member', 'pending')),
    joined_at  INTEGER NOT NULL,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_user ON group_members (user_id);

CREATE TABLE group_posts (
    id          INTEGER PRIMARY KEY,
    group_id    INTEGER NOT NULL REFERENCES aid_groups (id),
    author_id   INTEGER NOT NULL REFERENCES users (id),
    body        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    deleted_at  INTEGER
);
CREATE INDEX group_posts_board ON group_posts (group_id, id);

-- Topic circles on family education.
CREATE TABLE circles (
    id                INTEGER PRIMARY KEY,
    federation_id     INTEGER NOT NULL REFERENCES federations (id),
    name              TEXT    NOT NULL,
    description       TEXT    NOT NULL DEFAULT '',
    -- Seconds a member waits between two posts in this circle (0: no slow mode).
    slow_mode_secs    INTEGER NOT NULL DEFAULT 0,
    -- New members' first two posts wait for a moderator.
    hold_first_posts  BOOLEAN NOT NULL DEFAULT FALSE,
    created_at        INTEGER NOT NULL
);

-- Volunteers assigned to moderate a circle or a group.
CREATE TABLE moderators (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    circle_id  INTEGER REFERENCES circles (id),
    group_id   INTEGER REFERENCES aid_groups (id),
    assigned_by INTEGER REFERENCES users (id),
    assigned_at INTEGER NOT NULL,
    CHECK ((circle_id IS NULL) <> (group_id IS NULL))
);
CREATE UNIQUE INDEX moderators_circle ON moderators (circle_id, user_id);
CREATE UNIQUE INDEX moderators_group ON moderators (group_id, user_id);
CREATE INDEX moderators_user ON moderators (user_id);

CREATE TABLE threads (
    id                INTEGER PRIMARY KEY,
    circle_id         INTEGER NOT NULL REFERENCES circles (id),
    title             TEXT    NOT NULL,
    author_id         INTEGER NOT NULL REFERENCES users (id),
    -- A pinned guide written by an organizer.
    pinned            BOOLEAN NOT NULL DEFAULT FALSE,
    locked            BOOLEAN NOT NULL DEFAULT FALSE,
    last_activity_at  INTEGER NOT NULL,
    created_at        INTEGER NOT NULL
);
CREATE INDEX threads_circle ON threads (circle_id, pinned, last_activity_at, id);

-- Posts of a thread; the first is the thread's opening post. author_id is kept for
-- anonymous posts too (moderators can act on the author); members never receive it.
CREATE TABLE posts (
    id           INTEGER PRIMARY KEY,
    thread_id    INTEGER NOT NULL REFERENCES threads (id),
    author_id    INTEGER NOT NULL REFERENCES users (id),
    anonymous    BOOLEAN NOT NULL DEFAULT FALSE,
    -- Within a thread each anonymous author has one number: "匿名妈妈 2".
    anon_number  INTEGER,
    body         TEXT    NOT NULL,
    status       TEXT    NOT NULL DEFAULT 'visible'
                         CHECK (status IN ('visible', 'held', 'hidden', 'deleted')),
    -- Why it is not visible: 'reports', 'word_list', 'new_member', 'moderator'.
    status_reason TEXT,
    helpful      INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL
);
CREATE INDEX posts_thread ON posts (thread_id, id);
CREATE INDEX posts_author ON posts (author_id, created_at);

CREATE TABLE helpful_marks (
    post_id  INTEGER NOT NULL REFERENCES posts (id),
    user_id  INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (post_id, user_id)
);

CREATE TABLE reports (
    id           INTEGER PRIMARY KEY,
    post_id      INTEGER NOT NULL REFERENCES posts (id),
    reporter_id  INTEGER NOT NULL REFERENCES users (id),
    reason       TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    resolved_at  INTEGER,
    UNIQUE (post_id, reporter_id)
);
CREATE INDEX reports_open ON reports (resolved_at, post_id);

-- A member muted in a circle can read but not post until `muted_until`.
CREATE TABLE circle_mutes (
    circle_id  INTEGER NOT NULL REFERENCES circles (id),
    user_id    INTEGER NOT NULL REFERENCES users (id),
    muted_until INTEGER NOT NULL,
    PRIMARY KEY (circle_id, user_id)
);

-- Every moderation action: who, what, why, when.
CREATE TABLE moderation_log (
    id         INTEGER PRIMARY KEY,
    circle_id  INTEGER REFERENCES circles (id),
    group_id   INTEGER REFERENCES aid_groups (id),
    thread_id  INTEGER REFERENCES threads (id),
    post_id    INTEGER REFERENCES posts (id),
    actor_id   INTEGER REFERENCES users (id),
    action     TEXT    NOT NULL,
    reason     TEXT    NOT NULL DEFAULT '',
    at         INTEGER NOT NULL
);
CREATE INDEX moderation_log_circle ON moderation_log (circle_id, id);

-- Words refused outright ('block') or sent to review first ('hold').
CREATE TABLE word_rules (
    word    TEXT PRIMARY KEY,
    action  TEXT NOT NULL CHECK (action IN ('block', 'hold'))
);

ALTER TABLE notifications ADD COLUMN thread_id INTEGER REFERENCES threads (id);
ALTER TABLE notifications ADD COLUMN group_id INTEGER REFERENCES aid_groups (id);

-- A starter list for Chinese; admins adjust it for their installation. 'block' is for scams
-- and gambling; 'hold' sends to review what often precedes fraud (moving the talk to private
-- chat, money transfers).
INSERT INTO word_rules (word, action) VALUES
    ('赌博', 'block'), ('博彩', 'block'), ('裸聊', 'block'), ('代开发票', 'block'),
    ('刷单', 'block'), ('贷款秒批', 'block'), ('套现', 'block'),
    ('加微信', 'hold'), ('微信号', 'hold'), ('加我qq', 'hold'), ('转账', 'hold'),
    ('汇款', 'hold'), ('借钱', 'hold'), ('投资回报', 'hold'), ('银行卡号', 'hold');
