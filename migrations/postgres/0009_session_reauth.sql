-- When she last typed her password again on this session (the "请再输入一次密码" page).
-- Viewing full phone numbers, her data export and the moderation queue needs a password typed
-- within 15 minutes: at login (`created_at`) or here. NULL: never since login.
ALTER TABLE sessions ADD COLUMN reauth_at BIGINT;
