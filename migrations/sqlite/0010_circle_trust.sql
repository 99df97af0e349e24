-- Trust in the circles: reports that fresh accounts cannot multiply, and anonymous authors
-- revealed only on the record. Twin of migrations/postgres/0010_circle_trust.sql.

-- Where a report came from, for the auto-hide count: a hash of the request's address (never
-- the address itself), and whether the reporter's account was younger than a week. Reports
-- from new accounts count as one, and so do reports from one address.
ALTER TABLE reports ADD COLUMN address_hash TEXT;
ALTER TABLE reports ADD COLUMN new_account INTEGER NOT NULL DEFAULT 0 CHECK (new_account IN (0, 1));

-- An organizer of the circle's area looked at who wrote an anonymous post, one post at a time,
-- with a reason. The author sees when and why (never who); the audit log keeps who.
CREATE TABLE author_reveals (
    id           INTEGER PRIMARY KEY,
    post_id      INTEGER NOT NULL REFERENCES posts (id),
    author_id    INTEGER NOT NULL REFERENCES users (id),
    revealed_by  INTEGER NOT NULL REFERENCES users (id),
    reason       TEXT    NOT NULL,
    revealed_at  INTEGER NOT NULL
);
CREATE INDEX author_reveals_author ON author_reveals (author_id, id);
CREATE INDEX author_reveals_post ON author_reveals (post_id, revealed_by);
