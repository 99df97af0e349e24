-- Yes/no columns as INTEGER 0 or 1, read the same way as PostgreSQL's BOOLEAN.
--
-- sqlx's Any driver refuses a column SQLite declares BOOLEAN, so every query that read a flag
-- had to be written twice (CAST(x AS INTEGER) here, plain x on PostgreSQL). Declared INTEGER
-- with a CHECK, a flag reads as a number here and a boolean there, and `domain::sql::Flag`
-- takes either: one query text for both. The schema-drift test counts an INTEGER column with
-- `CHECK (x IN (0, 1))` as a flag. PostgreSQL keeps its BOOLEAN columns: nothing to do there.
--
-- Each column is added anew, filled, and swapped in for the old one (SQLite drops a column
-- only when no index uses it: threads_circle is rebuilt around the swap).

DROP INDEX threads_circle;

ALTER TABLE activities ADD COLUMN requires_approval_flag INTEGER NOT NULL DEFAULT 0 CHECK (requires_approval_flag IN (0, 1));
UPDATE activities SET requires_approval_flag = CASE WHEN requires_approval THEN 1 ELSE 0 END;
ALTER TABLE activities DROP COLUMN requires_approval;
ALTER TABLE activities RENAME COLUMN requires_approval_flag TO requires_approval;

ALTER TABLE activities ADD COLUMN area_only_flag INTEGER NOT NULL DEFAULT 0 CHECK (area_only_flag IN (0, 1));
UPDATE activities SET area_only_flag = CASE WHEN area_only THEN 1 ELSE 0 END;
ALTER TABLE activities DROP COLUMN area_only;
ALTER TABLE activities RENAME COLUMN area_only_flag TO area_only;

ALTER TABLE aid_groups ADD COLUMN open_to_join_flag INTEGER NOT NULL DEFAULT 1 CHECK (open_to_join_flag IN (0, 1));
UPDATE aid_groups SET open_to_join_flag = CASE WHEN open_to_join THEN 1 ELSE 0 END;
ALTER TABLE aid_groups DROP COLUMN open_to_join;
ALTER TABLE aid_groups RENAME COLUMN open_to_join_flag TO open_to_join;

ALTER TABLE circles ADD COLUMN hold_first_posts_flag INTEGER NOT NULL DEFAULT 0 CHECK (hold_first_posts_flag IN (0, 1));
UPDATE circles SET hold_first_posts_flag = CASE WHEN hold_first_posts THEN 1 ELSE 0 END;
ALTER TABLE circles DROP COLUMN hold_first_posts;
ALTER TABLE circles RENAME COLUMN hold_first_posts_flag TO hold_first_posts;

ALTER TABLE threads ADD COLUMN pinned_flag INTEGER NOT NULL DEFAULT 0 CHECK (pinned_flag IN (0, 1));
UPDATE threads SET pinned_flag = CASE WHEN pinned THEN 1 ELSE 0 END;
ALTER TABLE threads DROP COLUMN pinned;
ALTER TABLE threads RENAME COLUMN pinned_flag TO pinned;

ALTER TABLE threads ADD COLUMN locked_flag INTEGER NOT NULL DEFAULT 0 CHECK (locked_flag IN (0, 1));
UPDATE threads SET locked_flag = CASE WHEN locked THEN 1 ELSE 0 END;
ALTER TABLE threads DROP COLUMN locked;
ALTER TABLE threads RENAME COLUMN locked_flag TO locked;

ALTER TABLE posts ADD COLUMN anonymous_flag INTEGER NOT NULL DEFAULT 0 CHECK (anonymous_flag IN (0, 1));
UPDATE posts SET anonymous_flag = CASE WHEN anonymous THEN 1 ELSE 0 END;
ALTER TABLE posts DROP COLUMN anonymous;
ALTER TABLE posts RENAME COLUMN anonymous_flag TO anonymous;

CREATE INDEX threads_circle ON threads (circle_id, pinned, last_activity_at, id);
