//! Codes sent by text to a number: six digits, valid ten minutes and five tries, stored as a
//! hash of number, purpose and code. A new code replaces the one before. Requests are limited
//! per number and per address; a request for a number with no account is counted the same way
//! and answered the same way, but nothing is texted, so the answer never tells whether a number
//! is registered.

use sqlx::AnyConnection;

use crate::db::Db;
use crate::services::outbox::{self, Message};
use crate::services::sessions;
use domain::sms::{CodePurpose, SmsTemplate, CODE_DIGITS, CODE_SECS, CODE_TRIES};
use domain::{AppError, AppResult, ErrorKey, Phone};

/// Codes requested for one number within an hour.
pub const PER_PHONE_PER_HOUR: i64 = 3;
/// Codes requested from one address within an hour.
pub const PER_ADDRESS_PER_HOUR: i64 = 10;

fn code_hash(phone: &Phone, purpose: CodePurpose, code: &str) -> String {
    sessions::hash_token(&format!("{}:{}:{}", phone.as_str(), purpose.as_str(), code))
}

/// What became of a request for a code (the caller answers the same in every case).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Requested {
    /// A code is in the outbox.
    Texted,
    /// The number has no account that could use it: nothing texted.
    NoAccount,
    /// Too many requests for this number or from this address: nothing texted.
    Limited,
}

/// Makes a code for `phone` and puts the message in the outbox, in one transaction.
/// `texted_to` is the account the code is for (`None`: no such account, nothing is texted).
/// `limits` off only when abuse limits are switched off.
#[tracing::instrument(skip_all, fields(purpose = purpose.as_str()))]
pub async fn request(
    db: &Db,
    phone: &Phone,
    purpose: CodePurpose,
    account: Option<i64>,
    address: &str,
    limits: bool,
) -> AppResult<Requested> {
    let now = crate::now();
    if limits {
        let (by_phone, by_address): (i64, i64) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM phone_codes WHERE phone = $1 AND created_at > $3),
                    (SELECT COUNT(*) FROM phone_codes WHERE address = $2 AND created_at > $3)",
        )
        .bind(phone.as_str())
        .bind(address)
        .bind(now - 3600)
        .fetch_one(db.reader())
        .await?;
        if by_phone >= PER_PHONE_PER_HOUR || by_address >= PER_ADDRESS_PER_HOUR {
            tracing::info!("code request over its limit; nothing texted");
            return Ok(Requested::Limited);
        }
    }
    let code = sessions::random_digits(CODE_DIGITS);
    let mut tx = db.writer().begin().await?;
    retire(&mut tx, phone, purpose, now).await?;
    sqlx::query(
        "INSERT INTO phone_codes (phone, purpose, code_hash, address, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(phone.as_str())
    .bind(purpose)
    .bind(code_hash(phone, purpose, &code))
    .bind(address)
    .bind(now)
    .bind(now + CODE_SECS)
    .execute(&mut *tx)
    .await?;
    let outcome = match (purpose, account) {
        (CodePurpose::Password, None) => Requested::NoAccount,
        (_, user_id) => {
            outbox::enqueue(
                &mut tx,
                &Message {
                    to: phone.as_str(),
                    user_id,
                    template: SmsTemplate::VerificationCode,
                    params: vec![("code".to_owned(), code)],
                    expires_at: Some(now + CODE_SECS),
                },
                now,
            )
            .await?;
            Requested::Texted
        }
    };
    // Forget codes nobody will use again.
    sqlx::query("DELETE FROM phone_codes WHERE created_at < $1")
        .bind(now - 86_400)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(outcome)
}

/// Ends every live code of the number for `purpose`.
async fn retire(
    conn: &mut AnyConnection,
    phone: &Phone,
    purpose: CodePurpose,
    now: i64,
) -> AppResult<()> {
    sqlx::query(
        "UPDATE phone_codes SET used_at = $1
         WHERE phone = $2 AND purpose = $3 AND used_at IS NULL",
    )
    .bind(now)
    .bind(phone.as_str())
    .bind(purpose)
    .execute(conn)
    .await?;
    Ok(())
}

/// A code that matched, to be used up by [`use_up`] in the caller's transaction.
#[derive(Debug)]
pub struct Matched {
    id: i64,
    field: &'static str,
}

/// Checks `code` against the number's live code. A wrong code costs one of its tries; any
/// failure answers `CodeInvalid` on `field`. Call it before opening the transaction that
/// [`use_up`] joins: it writes on its own.
#[tracing::instrument(skip_all, fields(purpose = purpose.as_str()))]
pub async fn check(
    db: &Db,
    phone: &Phone,
    purpose: CodePurpose,
    code: &str,
    field: &'static str,
) -> AppResult<Matched> {
    let now = crate::now();
    let live: Option<(i64, String)> = sqlx::query_as(
        "SELECT id, code_hash FROM phone_codes
         WHERE phone = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3
           AND tries < $4
         ORDER BY id DESC LIMIT 1",
    )
    .bind(phone.as_str())
    .bind(purpose)
    .bind(now)
    .bind(CODE_TRIES)
    .fetch_optional(db.reader())
    .await?;
    let Some((id, hash)) = live else {
        return Err(AppError::field(ErrorKey::CodeInvalid, field));
    };
    if hash != code_hash(phone, purpose, code.trim()) {
        sqlx::query("UPDATE phone_codes SET tries = tries + 1 WHERE id = $1")
            .bind(id)
            .execute(db.writer())
            .await?;
        return Err(AppError::field(ErrorKey::CodeInvalid, field));
    }
    Ok(Matched { id, field })
}

/// Uses up a matched code inside the caller's transaction; `CodeInvalid` if another request
/// used it first.
pub async fn use_up(conn: &mut AnyConnection, matched: Matched, now: i64) -> AppResult<()> {
    let used = sqlx::query("UPDATE phone_codes SET used_at = $1 WHERE id = $2 AND used_at IS NULL")
        .bind(now)
        .bind(matched.id)
        .execute(conn)
        .await?;
    if used.rows_affected() != 1 {
        return Err(AppError::field(ErrorKey::CodeInvalid, matched.field));
    }
    Ok(())
}
