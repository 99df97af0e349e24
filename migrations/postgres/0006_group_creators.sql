-- Volunteers an organizer allows to start mutual-aid groups, for her federation, in the
-- volunteer's own township. Twin of migrations/sqlite/0006_group_creators.sql.
CREATE TABLE group_creators (
    user_id        BIGINT PRIMARY KEY REFERENCES users (id),
    federation_id  BIGINT NOT NULL REFERENCES federations (id),
    allowed_by     BIGINT REFERENCES users (id),
    allowed_at     BIGINT NOT NULL
);
