-- A volunteer's reach, fixed when she is appointed: the appointing organizer's area
-- intersected with the volunteer's township. It never follows a village she later edits on
-- her profile (a volunteer who moves loses the role until re-appointed). One row per
-- volunteer; removing her removes the row. Twin of migrations/sqlite/0008_appointments.sql.
CREATE TABLE volunteers (
    user_id       BIGINT PRIMARY KEY REFERENCES users (id),
    region_id     BIGINT NOT NULL REFERENCES regions (id),
    appointed_by  BIGINT REFERENCES users (id),
    appointed_at  BIGINT NOT NULL
);
CREATE INDEX volunteers_region ON volunteers (region_id);

-- Volunteers appointed before reaches were stored keep the reach they had: their township.
INSERT INTO volunteers (user_id, region_id, appointed_by, appointed_at)
SELECT u.id, COALESCE(v.parent_id, v.id), NULL, u.created_at
FROM users u JOIN regions v ON v.id = u.village_id
WHERE u.role = 'volunteer';
