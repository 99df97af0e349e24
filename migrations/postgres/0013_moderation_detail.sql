-- Moderation a volunteer can explain and undo (issue 13). Twin of
-- migrations/sqlite/0013_moderation_detail.sql.

-- The word of the word lists that held a post, shown to its moderators.
ALTER TABLE posts ADD COLUMN held_word TEXT;

-- A mute says why, who gave it, when, and for which post (so that the list of mutes can name
-- the post without naming an anonymous author).
ALTER TABLE circle_mutes ADD COLUMN reason TEXT NOT NULL DEFAULT '';
ALTER TABLE circle_mutes ADD COLUMN muted_by BIGINT REFERENCES users (id);
ALTER TABLE circle_mutes ADD COLUMN muted_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE circle_mutes ADD COLUMN post_id BIGINT REFERENCES posts (id);
-- Mutes given before: their details from the moderation log's last mute of that author there.
UPDATE circle_mutes SET
    post_id = (SELECT l.post_id FROM moderation_log l JOIN posts p ON p.id = l.post_id
               WHERE l.action = 'mute' AND l.circle_id = circle_mutes.circle_id
                 AND p.author_id = circle_mutes.user_id
               ORDER BY l.id DESC LIMIT 1),
    muted_by = (SELECT l.actor_id FROM moderation_log l JOIN posts p ON p.id = l.post_id
                WHERE l.action = 'mute' AND l.circle_id = circle_mutes.circle_id
                  AND p.author_id = circle_mutes.user_id
                ORDER BY l.id DESC LIMIT 1),
    muted_at = COALESCE((SELECT l.at FROM moderation_log l JOIN posts p ON p.id = l.post_id
                         WHERE l.action = 'mute' AND l.circle_id = circle_mutes.circle_id
                           AND p.author_id = circle_mutes.user_id
                         ORDER BY l.id DESC LIMIT 1), 0);

-- What a notice says beyond its kind: a moderator's reason for a mute.
ALTER TABLE notifications ADD COLUMN detail TEXT;

-- Report reasons were stored as the words of the form; they are codes now
-- (domain::circle::ReportReason), shown in the reader's language.
UPDATE reports SET reason = CASE reason
    WHEN '广告或骗局' THEN 'scam'
    WHEN 'Advertising or a scam' THEN 'scam'
    WHEN '人身攻击' THEN 'abuse'
    WHEN 'Personal attack' THEN 'abuse'
    WHEN '泄露他人隐私' THEN 'privacy'
    WHEN 'Shares someone''s private information' THEN 'privacy'
    WHEN '不实信息' THEN 'false_info'
    WHEN 'False information' THEN 'false_info'
    ELSE 'other'
END;
