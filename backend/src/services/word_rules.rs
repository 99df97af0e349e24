//! The installation's word lists: words that refuse a post outright (`block`) or send it to
//! the review queue first (`hold`). A starter list for Chinese comes with the migrations;
//! admins keep it up to date. Below `circles` and `groups`, whose posts pass [`screen`].

use sqlx::AnyConnection;

use crate::db::Db;
use crate::identity::SessionUser;
use crate::services::audit::{self, AuditAction};
use domain::moderation::WordAction;
use domain::{AppError, AppResult, ErrorKey};

/// What the word lists make of a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Screened {
    Clean,
    /// A `hold` word (the first found): a moderator should look first.
    Held(String),
}

/// Passes a text (title and body) through the word lists: Err(`post_blocked`) for a `block`
/// word, [`Screened::Held`] for a `hold` word.
pub async fn screen(conn: &mut AnyConnection, texts: &[&str]) -> AppResult<Screened> {
    let rules: Vec<(String, WordAction)> = sqlx::query_as("SELECT word, action FROM word_rules")
        .fetch_all(&mut *conn)
        .await?;
    let text = texts.join("\n").to_lowercase();
    let mut screened = Screened::Clean;
    for (word, action) in rules {
        if !word.is_empty() && text.contains(&word.to_lowercase()) {
            match action {
                WordAction::Block => return Err(AppError::field(ErrorKey::PostBlocked, "body")),
                WordAction::Hold => {
                    if screened == Screened::Clean {
                        screened = Screened::Held(word);
                    }
                }
            }
        }
    }
    Ok(screened)
}

/// Every rule, `(word, action)`, by word.
#[tracing::instrument(skip_all, fields(user_id = user.user_id))]
pub async fn list(db: &Db, user: &SessionUser) -> AppResult<Vec<(String, String)>> {
    crate::policy::require_admin(user)?;
    let rules: Vec<(String, WordAction)> =
        sqlx::query_as("SELECT word, action FROM word_rules ORDER BY action, word")
            .fetch_all(db.reader())
            .await?;
    Ok(rules
        .into_iter()
        .map(|(word, action)| (word, action.as_str().to_owned()))
        .collect())
}

/// Adds a word, or changes what it does (`action`: `block` or `hold`).
#[tracing::instrument(skip_all, fields(user_id = user.user_id))]
pub async fn set(db: &Db, user: &SessionUser, word: &str, action: &str) -> AppResult<()> {
    crate::policy::require_admin(user)?;
    let word = domain::circle::clean_text(word).to_lowercase();
    if word.is_empty() || word.chars().count() > 30 || word.contains('\n') {
        return Err(AppError::field(ErrorKey::Invalid, "word"));
    }
    let action: WordAction = action
        .parse()
        .map_err(|_| AppError::field(ErrorKey::Invalid, "action"))?;
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
        &format!("{}: {word}", action.as_str()),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Takes a word off the lists.
#[tracing::instrument(skip_all, fields(user_id = user.user_id))]
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
