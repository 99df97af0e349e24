//! The audit log: who did what to whom, and when. Written inside the transaction of the
//! change it records, so a change is never without its entry.

use sqlx::{AnyConnection, Row};

use crate::db::Db;
use domain::AppResult;

pub use domain::audit::AuditAction;

pub async fn record(
    conn: &mut AnyConnection,
    actor_id: Option<i64>,
    action: AuditAction,
    subject: Option<(&str, i64)>,
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

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Entry {
    pub id: i64,
    pub actor_id: Option<i64>,
    pub actor_name: Option<String>,
    pub action: String,
    pub subject_type: Option<String>,
    pub subject_id: Option<i64>,
    pub detail: String,
    pub at: i64,
}

/// The newest entries first, before `before_id` when paging.
pub async fn list(
    db: &Db,
    before_id: Option<i64>,
    action: Option<AuditAction>,
    limit: i64,
) -> AppResult<Vec<Entry>> {
    let rows = sqlx::query(
        "SELECT l.id, l.actor_id, u.display_name, l.action, l.subject_type, l.subject_id, l.detail, l.at
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
    Ok(rows
        .iter()
        .map(|r| Entry {
            id: r.get(0),
            actor_id: r.get(1),
            actor_name: r.get(2),
            action: r.get(3),
            subject_type: r.get(4),
            subject_id: r.get(5),
            detail: r.get(6),
            at: r.get(7),
        })
        .collect())
}
