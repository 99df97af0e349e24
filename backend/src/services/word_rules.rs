//! The installation's word lists: words that refuse a post outright (`block`) or send it to
//! the review queue first (`hold`). A starter list for Chinese comes with the migrations;
//! admins keep it up to date.

use crate::db::Db;
use crate::identity::SessionUser;
use crate::services::audit::{self, AuditAction};
use domain::{AppError, AppResult, ErrorKey};

/// Every rule, `(word, action)`, by word.
pub async fn list(db: &Db, user: &SessionUser) -> AppResult<Vec<(String, String)>> {
    crate::policy::require_admin(user)?;
    sqlx::query_as("SELECT word, action FROM word_rules ORDER BY action, word")
        .fetch_all(db.reader())
        .await
        .map_err(AppError::from)
}

/// Adds a word, or changes what it does.
pub async fn set(db: &Db, user: &SessionUser, word: &str, action: &str) -> AppResult<()> {
    crate::policy::require_admin(user)?;
    let word = domain::circle::clean_text(word).to_lowercase();
    if word.is_empty() || word.chars().count() > 30 || word.contains('\n') {
        return Err(AppError::field(ErrorKey::Invalid, "word"));
    }
    if !matches!(action, "block" | "hold") {
        return Err(AppError::field(ErrorKey::Invalid, "action"));
    }
    let mut tx = db.writer().begin().await?;
    sqlx::query("DELETE FROM word_rules WHERE word = $1")
        .bind(&word)
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO word_rules (word, action) VALUES ($1, $2)")
        .bind(&word)
        .bind(action)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        Some(user.user_id),
        AuditAction::WordListChanged,
        None,
        &format!("{action}: {word}"),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Takes a word off the lists.
pub async fn remove(db: &Db, user: &SessionUser, word: &str) -> AppResult<()> {
    crate::policy::require_admin(user)?;
    let mut tx = db.writer().begin().await?;
    let gone = sqlx::query("DELETE FROM word_rules WHERE word = $1")
        .bind(word)
        .execute(&mut *tx)
        .await?;
    if gone.rows_affected() > 0 {
        audit::record(
            &mut tx,
            Some(user.user_id),
            AuditAction::WordListChanged,
            None,
            &format!("removed: {word}"),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
