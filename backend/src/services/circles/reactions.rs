//! "Helpful" marks: one per member and post; the post keeps the count.

use super::post_place;
use crate::db::Db;
use crate::identity::SessionUser;
use domain::AppResult;

/// Marks a post helpful (again: unmarks it). Answers the new count.
#[tracing::instrument(skip_all, fields(user_id = user.user_id, post))]
pub async fn toggle_helpful(db: &Db, user: &SessionUser, post: i64) -> AppResult<i64> {
    post_place(db, user, post).await?;
    let mut tx = db.writer().begin().await?;
    let removed = sqlx::query("DELETE FROM helpful_marks WHERE post_id = $1 AND user_id = $2")
        .bind(post)
        .bind(user.user_id)
        .execute(&mut *tx)
        .await?;
    if removed.rows_affected() == 0 {
        sqlx::query("INSERT INTO helpful_marks (post_id, user_id) VALUES ($1, $2)")
            .bind(post)
            .bind(user.user_id)
            .execute(&mut *tx)
            .await?;
    }
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM helpful_marks WHERE post_id = $1")
        .bind(post)
        .fetch_one(&mut *tx)
        .await?;
    sqlx::query("UPDATE posts SET helpful = $1 WHERE id = $2")
        .bind(count)
        .bind(post)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(count)
}
