//! The audit log: who did what to whom, and when. Written inside the transaction of the
//! change it records, so a change is never without its entry.

use sqlx::AnyConnection;

use crate::db::Db;
use domain::audit::AuditEntry;
use domain::AppResult;

pub use domain::audit::{AuditAction, AuditSubject};

/// Records `action` by `actor_id` on `subject` (what kind of row, and its id).
#[tracing::instrument(skip_all, fields(actor_id, ?action))]
pub async fn record(
    conn: &mut AnyConnection,
    actor_id: Option<i64>,
    action: AuditAction,
    subject: Option<(AuditSubject, i64)>,
    detail: &str,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO audit_log (actor_id, action, subject_type, subject_id, detail, at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(actor_id)
    .bind(action)
    .bind(subject.map(|s| s.0))
    .bind(subject.map(|s| s.1))
    .bind(detail)
    .bind(crate::now())
    .execute(conn)
    .await?;
    Ok(())
}

/// Records `action` by a woman on her own account (registering, exporting, deleting…).
pub async fn record_own(
    conn: &mut AnyConnection,
    user_id: i64,
    action: AuditAction,
) -> AppResult<()> {
    record(
        conn,
        Some(user_id),
        action,
        Some((AuditSubject::User, user_id)),
        "",
    )
    .await
}

#[derive(sqlx::FromRow)]
struct EntryRow {
    id: i64,
    actor_name: Option<String>,
    action: AuditAction,
    subject_type: Option<AuditSubject>,
    subject_id: Option<i64>,
    detail: String,
    at: i64,
}

impl From<EntryRow> for AuditEntry {
    fn from(row: EntryRow) -> AuditEntry {
        AuditEntry {
            id: row.id,
            actor_name: row.actor_name,
            action: row.action,
            subject: match (row.subject_type, row.subject_id) {
                (Some(kind), Some(id)) => format!("{} {id}", kind.as_str()),
                _ => String::new(),
            },
            detail: row.detail,
            at: row.at,
        }
    }
}

/// The newest entries first, before `before_id` when paging.
#[tracing::instrument(skip_all, fields(before_id, ?action))]
pub async fn list(
    db: &Db,
    before_id: Option<i64>,
    action: Option<AuditAction>,
    limit: i64,
) -> AppResult<Vec<AuditEntry>> {
    let rows: Vec<EntryRow> = sqlx::query_as(
        "SELECT l.id, u.display_name AS actor_name, l.action, l.subject_type, l.subject_id,
                l.detail, l.at
         FROM audit_log l
         LEFT JOIN users u ON u.id = l.actor_id
         WHERE ($1 IS NULL OR l.id < $1)
           AND ($3 IS NULL OR l.action = $3)
         ORDER BY l.id DESC
         LIMIT $2",
    )
    .bind(before_id)
    .bind(limit.clamp(1, 200))
    .bind(action)
    .fetch_all(db.reader())
    .await?;
    Ok(rows.into_iter().map(AuditEntry::from).collect())
}
