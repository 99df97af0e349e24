//! Her data export: everything Tongxin keeps about her, as JSON, one section per kind of
//! record. [`SECTIONS`] is the list; [`COVERED`] names, for every column of the schema that
//! points at an account, the section that exports it. A test reads the live schema and fails
//! when a table refers to accounts without a section here, so a new table cannot be
//! forgotten.
//!
//! What is left out, on purpose: secrets (password and token hashes), and who revealed an
//! anonymous post's author (she is told that it happened, when and why, not by whom).

use serde_json::{json, Map, Value};
use sqlx::any::AnyRow;
use sqlx::{Column, Row};

use crate::db::Db;
use crate::services::account;
use crate::services::audit::{self, AuditAction};
use domain::AppResult;

/// (section, query). Each query takes her id as `$1` and selects readable columns: names of
/// circles, activities and groups rather than bare ids, never another woman's phone number.
pub const SECTIONS: &[(&str, &str)] = &[
    (
        "account",
        "SELECT created_at, role, birth_year, lang, consent_version AS privacy_notice_version,
                consented_at
         FROM users WHERE id = $1",
    ),
    (
        "sessions",
        "SELECT created_at, last_seen_at, expires_at, user_agent FROM sessions
         WHERE user_id = $1 ORDER BY id",
    ),
    (
        "devices",
        "SELECT first_seen_at FROM user_devices WHERE user_id = $1 ORDER BY first_seen_at",
    ),
    (
        "signups",
        "SELECT s.activity_id, a.title AS activity, s.status, s.companions, s.checked_in_at,
                s.no_show_at, s.created_at, h.display_name AS signed_up_by, s.agreed_at,
                s.removed_at, s.removal_reason
         FROM signups s
         JOIN activities a ON a.id = s.activity_id
         LEFT JOIN users h ON h.id = s.signed_up_by
         WHERE s.user_id = $1 ORDER BY s.id",
    ),
    (
        "signups_made_for_others",
        "SELECT s.activity_id, a.title AS activity, w.display_name AS for_whom, s.status,
                s.created_at
         FROM signups s
         JOIN activities a ON a.id = s.activity_id
         JOIN users w ON w.id = s.user_id
         WHERE s.signed_up_by = $1 AND s.user_id <> $1 ORDER BY s.id",
    ),
    (
        "removals_made",
        "SELECT s.activity_id, a.title AS activity, w.display_name AS whom, s.removal_reason,
                s.removed_at
         FROM signups s
         JOIN activities a ON a.id = s.activity_id
         JOIN users w ON w.id = s.user_id
         WHERE s.removed_by = $1 ORDER BY s.id",
    ),
    (
        "consents",
        "SELECT c.purpose, c.notice_version, c.given_at, h.display_name AS told_to
         FROM purpose_consents c LEFT JOIN users h ON h.id = c.recorded_by
         WHERE c.user_id = $1 ORDER BY c.id",
    ),
    (
        "consents_recorded_for_others",
        "SELECT c.purpose, w.display_name AS for_whom, c.given_at FROM purpose_consents c
         JOIN users w ON w.id = c.user_id
         WHERE c.recorded_by = $1 AND c.user_id <> $1 ORDER BY c.id",
    ),
    (
        "notifications",
        "SELECT kind, activity_id, thread_id, group_id, detail, created_at, read_at FROM notifications
         WHERE user_id = $1 ORDER BY id",
    ),
    (
        "calendar_feed",
        "SELECT created_at FROM calendar_feeds WHERE user_id = $1",
    ),
    (
        "threads",
        "SELECT t.id, c.name AS circle, t.title, t.created_at FROM threads t
         JOIN circles c ON c.id = t.circle_id
         WHERE t.author_id = $1 ORDER BY t.id",
    ),
    (
        "posts",
        "SELECT p.id, t.title AS thread,
                CASE WHEN p.anonymous THEN 'anonymous' ELSE 'named' END AS shown_as,
                p.body, p.status, p.created_at
         FROM posts p JOIN threads t ON t.id = p.thread_id
         WHERE p.author_id = $1 ORDER BY p.id",
    ),
    // When and why the author of one of her anonymous posts was revealed; never by whom.
    (
        "author_reveals",
        "SELECT r.post_id, t.title AS thread, r.reason, r.revealed_at FROM author_reveals r
         JOIN posts p ON p.id = r.post_id JOIN threads t ON t.id = p.thread_id
         WHERE r.author_id = $1 ORDER BY r.id",
    ),
    (
        "reveals_made",
        "SELECT post_id, reason, revealed_at FROM author_reveals
         WHERE revealed_by = $1 ORDER BY id",
    ),
    (
        "helpful_marks",
        "SELECT h.post_id, t.title AS thread FROM helpful_marks h
         JOIN posts p ON p.id = h.post_id JOIN threads t ON t.id = p.thread_id
         WHERE h.user_id = $1 ORDER BY h.post_id",
    ),
    (
        "reports",
        "SELECT r.post_id, t.title AS thread, r.reason, r.created_at, r.resolved_at
         FROM reports r JOIN posts p ON p.id = r.post_id JOIN threads t ON t.id = p.thread_id
         WHERE r.reporter_id = $1 ORDER BY r.id",
    ),
    (
        "circle_mutes",
        "SELECT c.name AS circle, m.reason, m.muted_at, m.muted_until FROM circle_mutes m
         JOIN circles c ON c.id = m.circle_id
         WHERE m.user_id = $1 ORDER BY m.circle_id",
    ),
    (
        "group_memberships",
        "SELECT g.name AS group_name, m.status, m.joined_at FROM group_members m
         JOIN aid_groups g ON g.id = m.group_id
         WHERE m.user_id = $1 ORDER BY m.joined_at",
    ),
    (
        "group_posts",
        "SELECT g.name AS group_name, p.body, p.created_at, p.deleted_at FROM group_posts p
         JOIN aid_groups g ON g.id = p.group_id
         WHERE p.author_id = $1 ORDER BY p.id",
    ),
    (
        "groups_started",
        "SELECT name, purpose, need, created_at FROM aid_groups
         WHERE created_by = $1 ORDER BY id",
    ),
    (
        "volunteer_appointment",
        "SELECT r.name AS reach, v.appointed_at FROM volunteers v
         JOIN regions r ON r.id = v.region_id
         WHERE v.user_id = $1",
    ),
    (
        "moderating",
        "SELECT c.name AS circle, g.name AS group_name, m.assigned_at FROM moderators m
         LEFT JOIN circles c ON c.id = m.circle_id
         LEFT JOIN aid_groups g ON g.id = m.group_id
         WHERE m.user_id = $1 ORDER BY m.id",
    ),
    (
        "group_starting",
        "SELECT f.name AS federation, g.allowed_at FROM group_creators g
         JOIN federations f ON f.id = g.federation_id
         WHERE g.user_id = $1",
    ),
    (
        "invitations_redeemed",
        "SELECT f.name AS federation, i.used_at FROM invitations i
         JOIN federations f ON f.id = i.federation_id
         WHERE i.used_by = $1",
    ),
    (
        "invitations_created",
        "SELECT f.name AS federation, i.created_at, i.expires_at, i.used_at FROM invitations i
         JOIN federations f ON f.id = i.federation_id
         WHERE i.created_by = $1 ORDER BY i.id",
    ),
    (
        "activities_created",
        "SELECT id, title, status, starts_at, created_at FROM activities
         WHERE created_by = $1 ORDER BY id",
    ),
    (
        "series_created",
        "SELECT id, frequency, occurrences, created_at FROM activity_series
         WHERE created_by = $1 ORDER BY id",
    ),
    (
        "volunteers_appointed",
        "SELECT u.display_name AS volunteer, v.appointed_at FROM volunteers v
         JOIN users u ON u.id = v.user_id
         WHERE v.appointed_by = $1 ORDER BY v.appointed_at",
    ),
    (
        "moderators_assigned",
        "SELECT u.display_name AS volunteer, c.name AS circle, g.name AS group_name,
                m.assigned_at
         FROM moderators m JOIN users u ON u.id = m.user_id
         LEFT JOIN circles c ON c.id = m.circle_id
         LEFT JOIN aid_groups g ON g.id = m.group_id
         WHERE m.assigned_by = $1 ORDER BY m.id",
    ),
    (
        "group_starters_allowed",
        "SELECT u.display_name AS volunteer, g.allowed_at FROM group_creators g
         JOIN users u ON u.id = g.user_id
         WHERE g.allowed_by = $1 ORDER BY g.allowed_at",
    ),
    (
        "moderation_actions",
        "SELECT action, reason, post_id, thread_id, at FROM moderation_log
         WHERE actor_id = $1 ORDER BY id",
    ),
    // Entries about her account, and those she caused; never who acted on her.
    (
        "audit_log",
        "SELECT action, detail, at FROM audit_log
         WHERE actor_id = $1 OR (subject_type = 'user' AND subject_id = $1) ORDER BY id",
    ),
];

/// Every column that points at an account, `(table, column)`, with the section that exports
/// the rows it marks as hers. Compared with the live schema by the tests.
pub const COVERED: &[(&str, &str, &str)] = &[
    ("sessions", "user_id", "sessions"),
    ("user_devices", "user_id", "devices"),
    ("signups", "user_id", "signups"),
    ("signups", "signed_up_by", "signups_made_for_others"),
    ("signups", "removed_by", "removals_made"),
    ("purpose_consents", "user_id", "consents"),
    (
        "purpose_consents",
        "recorded_by",
        "consents_recorded_for_others",
    ),
    ("notifications", "user_id", "notifications"),
    ("calendar_feeds", "user_id", "calendar_feed"),
    ("threads", "author_id", "threads"),
    ("posts", "author_id", "posts"),
    ("author_reveals", "author_id", "author_reveals"),
    ("author_reveals", "revealed_by", "reveals_made"),
    ("helpful_marks", "user_id", "helpful_marks"),
    ("reports", "reporter_id", "reports"),
    ("circle_mutes", "user_id", "circle_mutes"),
    // The mutes she gave are lines of her moderation actions.
    ("circle_mutes", "muted_by", "moderation_actions"),
    ("group_members", "user_id", "group_memberships"),
    ("group_posts", "author_id", "group_posts"),
    ("aid_groups", "created_by", "groups_started"),
    ("volunteers", "user_id", "volunteer_appointment"),
    ("volunteers", "appointed_by", "volunteers_appointed"),
    ("moderators", "user_id", "moderating"),
    ("moderators", "assigned_by", "moderators_assigned"),
    ("group_creators", "user_id", "group_starting"),
    ("group_creators", "allowed_by", "group_starters_allowed"),
    ("invitations", "used_by", "invitations_redeemed"),
    ("invitations", "created_by", "invitations_created"),
    ("activities", "created_by", "activities_created"),
    ("activity_series", "created_by", "series_created"),
    ("moderation_log", "actor_id", "moderation_actions"),
    ("audit_log", "actor_id", "audit_log"),
];

/// Everything Tongxin holds about her, as JSON: her profile and one array per section. The
/// export itself is audited.
#[tracing::instrument(skip_all, fields(user_id))]
pub async fn export(db: &Db, user_id: i64) -> AppResult<Value> {
    let mut out = Map::new();
    out.insert("exported_at".into(), json!(crate::now()));
    out.insert(
        "profile".into(),
        serde_json::to_value(account::profile(db, user_id).await?)
            .map_err(|e| crate::failed("exporting a profile", e))?,
    );
    for (section, sql) in SECTIONS {
        let rows: Vec<AnyRow> = sqlx::query(sql)
            .bind(user_id)
            .fetch_all(db.reader())
            .await?;
        out.insert(
            (*section).to_owned(),
            Value::Array(rows.iter().map(row_to_json).collect()),
        );
    }
    let mut tx = db.writer().begin().await?;
    audit::record_own(&mut tx, user_id, AuditAction::DataExported).await?;
    tx.commit().await?;
    Ok(Value::Object(out))
}

/// A row as a JSON object by column name. The `Any` driver knows each value's kind; numbers,
/// text and yes/no come out as themselves, NULL as null.
fn row_to_json(row: &AnyRow) -> Value {
    let mut object = Map::new();
    for column in row.columns() {
        let i = column.ordinal();
        let value = if let Ok(v) = row.try_get::<Option<i64>, _>(i) {
            json!(v)
        } else if let Ok(v) = row.try_get::<Option<String>, _>(i) {
            json!(v)
        } else if let Ok(v) = row.try_get::<Option<bool>, _>(i) {
            json!(v)
        } else if let Ok(v) = row.try_get::<Option<f64>, _>(i) {
            json!(v)
        } else {
            Value::Null
        };
        object.insert(column.name().to_owned(), value);
    }
    Value::Object(object)
}
