-- Volunteers an organizer allows to start mutual-aid groups, for her federation, in the
-- volunteer's own township. Twin of migrations/postgres/0006_group_creators.sql.
CREATE TABLE group_creators (
    user_id        INTEGER PRIMARY KEY REFERENCES users (id),
    federation_id  INTEGER NOT NULL REFERENCES federations (id),
    allowed_by     INTEGER REFERENCES users (id),
    allowed_at     INTEGER NOT NULL
);
